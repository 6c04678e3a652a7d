import { describe, expect, it } from 'vitest';
import type { Decided } from '../../src/domain/decided.js';
import { doneDelivery, gateDelivery, type Press } from '../../src/domain/delivery.js';
import { decideGateEvent, waitsForJointFunds, type GateEvent } from '../../src/domain/gates.js';
import { reportDone } from '../../src/domain/report-done.js';

function summary<R>(d: Decided<R, string>): string {
  if (d.kind === 'recorded') return 'recorded';
  if (d.kind === 'conflict') return `conflict:${d.conflict.differs.join(',')}`;
  return d.reason;
}

const at = '2026-05-04T08:00:00.000Z';
const submitBG0: GateEvent = { kind: 'submit', gate: 'BG0', at, by: 'aldre-jonkoping', document: { title: 'Projektdirektiv', url: 'https://exempel.se/bg0.docx' } };
const approveBG0: GateEvent = { kind: 'approve', gate: 'BG0', at, by: 'anna-lindqvist' };
const sendBackBG0: GateEvent = { kind: 'sendBack', gate: 'BG0', at, by: 'anna-lindqvist', reason: 'Komplettera' };

describe('decideGateEvent', () => {
  const proposalId = 'P-2026-001';
  const decide = (history: GateEvent[], event: GateEvent, press: Press = { activityId: 'g9' }) => decideGateEvent({ proposalId, history, event, press });
  const earlierApprove = { activityId: 'g2', earlier: gateDelivery({ proposalId, ...approveBG0 }) };

  const table: [string, GateEvent[], GateEvent, Press, string][] = [
    ['a submit of the first gate', [], submitBG0, { activityId: 'g1' }, 'recorded'],
    ['an approval of the waiting gate', [submitBG0], approveBG0, { activityId: 'g2' }, 'recorded'],
    ['an approval of a gate not waiting', [], approveBG0, { activityId: 'g2' }, 'notPending'],
    ['a re-delivered approval', [submitBG0, approveBG0], approveBG0, earlierApprove, 'duplicate'],
    ['the same id with a send-back', [submitBG0, approveBG0], sendBackBG0, earlierApprove, 'conflict:verb,reason'],
    ['a second approval, a new press', [submitBG0, approveBG0], approveBG0, { activityId: 'g3' }, 'notPending'],
    ['a cancelled project', [{ kind: 'cancel', at, by: 'anna-lindqvist', reason: 'Ingen finansiering' }], submitBG0, { activityId: 'g4' }, 'cancelled'],
  ];
  it.each(table)('%s', (_name, history, event, press, expected) => {
    expect(summary(decide(history, event, press))).toBe(expected);
  });

  it('two decisions on one gate at once: the second is judged against the first', () => {
    expect(summary(decide([submitBG0], approveBG0, { activityId: 'g2' }))).toBe('recorded');
    expect(summary(decide([submitBG0, approveBG0], sendBackBG0, { activityId: 'g3' }))).toBe('notPending');
  });
});

describe('reportDone ("Klart")', () => {
  const now = new Date('2026-04-20T07:00:00Z');
  const base = { key: 'q1-report:2026', party: 'member:eksjo', person: { id: 'chief-eksjo' }, now };
  const earlier = { activityId: 'd1', earlier: doneDelivery({ key: 'q1-report:2026', party: 'member:eksjo', personId: 'chief-eksjo' }) };

  it('recorded: who reported it, when, under which activity', () => {
    expect(reportDone({ ...base, done: [], press: { activityId: 'd1' } })).toEqual({
      kind: 'recorded',
      record: { key: 'q1-report:2026', party: 'member:eksjo', personId: 'chief-eksjo', at: now.toISOString(), activityId: 'd1' },
    });
  });

  const table: [string, Partial<Parameters<typeof reportDone>[0]>, string][] = [
    ['another party already reported', { done: [{ party: 'member:habo' }], press: { activityId: 'd2' } }, 'recorded'],
    ['already reported, by anyone', { done: [{ party: 'member:eksjo' }], person: { id: 'deputy-eksjo' }, press: { activityId: 'd2' } }, 'already'],
    ['re-delivered', { done: [{ party: 'member:eksjo' }], press: earlier }, 'duplicate'],
    ['same id, another party', { done: [{ party: 'member:eksjo' }], party: 'network:ifo', press: earlier }, 'conflict:party'],
    ['same id, another person', { done: [{ party: 'member:eksjo' }], person: { id: 'deputy-eksjo' }, press: earlier }, 'conflict:person'],
  ];
  it.each(table)('%s', (_name, over, expected) => {
    expect(summary(reportDone({ ...base, done: [], press: {}, ...over }))).toBe(expected);
  });
});

describe('joint funds block the plan (rules 2 and 8)', () => {
  it.each([
    ['BG2 with funds pending', 'BG2', 'pending', true],
    ['BG2 with funds granted', 'BG2', 'granted', false],
    ['BG2 without joint funds', 'BG2', 'none', false],
    ['BG1 with funds pending', 'BG1', 'pending', false],
    ['BG3 with funds pending', 'BG3', 'pending', false],
  ] as const)('%s', (_name, gate, funds, waits) => {
    expect(waitsForJointFunds(gate, funds)).toBe(waits);
  });
});

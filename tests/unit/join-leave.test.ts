import { beforeAll, describe, expect, it } from 'vitest';
import { municipalities, type Member } from '../../src/config/partnership.js';
import { costPeriods } from '../../src/domain/cost-periods.js';
import type { Decided } from '../../src/domain/decided.js';
import { participationDelivery, type Press } from '../../src/domain/delivery.js';
import { decideGateEvent, type GateEvent } from '../../src/domain/gates.js';
import { decideParticipationChange, leaveDateRefusal, pendingLeaves, startOfLocalDay, type ProjectStanding } from '../../src/domain/join-leave.js';
import { couldStart, evaluateProposal, participantsNow, participantsOn, type ParticipationRecord, type ProposalStatus } from '../../src/domain/participation.js';
import { projectStatus } from '../../src/domain/project-life.js';
import { loadRealPartnership } from './_support.js';
import { emptyStore, StoreDataSchema } from '../../src/store/schema.js';

const P = 'P-2026-010';
const DEADLINE = '2026-12-20';
/** 21 December 2026 00:00 in Stockholm (CET), the first instant after the deadline day. */
const CLOSED = '2026-12-20T23:00:00.000Z';

let seq = 0;
const answer = (memberId: string, a: 'participates' | 'declines', at = '2026-12-01T09:00:00.000Z'): ParticipationRecord => ({
  proposalId: P, memberId, answer: a, personId: `chief-${memberId}`, aadObjectId: 'aad', capacity: 'socialChief', at, activityId: `a${++seq}`,
});
/** A join or leave taking effect on `from` (Stockholm), recorded at `at`. */
const change = (memberId: string, kind: 'join' | 'leave', from: string, at: string, reason?: string): ParticipationRecord => ({
  ...answer(memberId, kind === 'join' ? 'participates' : 'declines', at),
  kind,
  effectiveFrom: from,
  effectiveAt: startOfLocalDay(from).toISOString(),
  ...(reason ? { reason } : {}),
});

function summary<R>(d: Decided<R, string>): string {
  if (d.kind === 'recorded') return 'recorded';
  if (d.kind === 'conflict') return `conflict:${d.conflict.differs.join(',')}`;
  return d.reason;
}

describe('participantsNow: who takes part at an instant', () => {
  const history = [
    answer('eksjo', 'participates'),
    answer('jonkoping', 'participates'),
    answer('habo', 'participates'),
    answer('habo', 'declines'),
    change('aneby', 'join', '2027-01-11', '2027-01-11T09:00:00.000Z'),
    change('eksjo', 'leave', '2027-02-01', '2027-01-12T09:00:00.000Z', 'Budget'),
    change('habo', 'join', '2027-01-15', '2027-01-15T09:00:00.000Z'),
  ];
  const table: [string, string, string[]][] = [
    ['before any change', '2027-01-10T12:00:00Z', ['eksjo', 'jonkoping']],
    ['the first instant of the join day (Stockholm)', '2027-01-10T23:00:00Z', ['eksjo', 'jonkoping', 'aneby']],
    ['a leave dated ahead still counts the member in', '2027-01-20T12:00:00Z', ['eksjo', 'jonkoping', 'aneby', 'habo']],
    ['the last instant before the leave day', '2027-01-31T22:59:59.999Z', ['eksjo', 'jonkoping', 'aneby', 'habo']],
    ['from the leave day on', '2027-01-31T23:00:00Z', ['jonkoping', 'aneby', 'habo']],
  ];
  it.each(table)('%s (%s)', (_name, at, expected) => {
    expect(participantsNow(history, at).sort()).toEqual([...expected].sort());
    expect(participantsNow(history, new Date(at)).sort()).toEqual([...expected].sort());
  });

  const days: [string, string[]][] = [
    ['2027-01-10', ['eksjo', 'jonkoping']],
    ['2027-01-11', ['eksjo', 'jonkoping', 'aneby']],
    ['2027-01-31', ['eksjo', 'jonkoping', 'aneby', 'habo']],
    ['2027-02-01', ['jonkoping', 'aneby', 'habo']],
  ];
  it.each(days)('participantsOn %s', (day, expected) => {
    expect(participantsOn(history, day).sort()).toEqual([...expected].sort());
  });

  it('pendingLeaves: a leave not yet in force, per member', () => {
    expect([...pendingLeaves(history, new Date('2027-01-20T12:00:00Z')).keys()]).toEqual(['eksjo']);
    expect(pendingLeaves(history, new Date('2027-02-01T12:00:00Z')).size).toBe(0);
  });
});

describe('decideParticipationChange (rule 8: join and leave after the deadline)', () => {
  const now = new Date('2027-01-11T09:00:00.000Z');
  const today = '2027-01-11';
  const running: ProjectStanding = { status: 'running', answersOpen: false };
  const base = [answer('eksjo', 'participates'), answer('jonkoping', 'participates'), answer('habo', 'declines')];
  const decide = (o: { standing?: ProjectStanding; history?: ParticipationRecord[]; change: 'join' | 'leave'; member: string; from?: string; reason?: string; press?: Press }) =>
    decideParticipationChange({
      proposal: { id: P },
      standing: o.standing ?? running,
      history: o.history ?? base,
      change: o.change,
      memberId: o.member,
      person: { id: `chief-${o.member}`, aadObjectId: 'aad' },
      capacity: 'socialChief',
      from: o.from,
      reason: o.reason,
      today,
      press: o.press ?? { activityId: 'x1' },
      now,
    });

  const table: [string, Parameters<typeof decide>[0], string][] = [
    ['a municipality not taking part joins a running project', { change: 'join', member: 'habo' }, 'recorded'],
    ['one that never answered joins a project that can start', { standing: { status: 'canStart', answersOpen: false }, change: 'join', member: 'aneby' }, 'recorded'],
    ['a participant leaves from today', { change: 'leave', member: 'eksjo', from: today, reason: 'Omprioritering' }, 'recorded'],
    ['a participant leaves from a day ahead', { change: 'leave', member: 'eksjo', from: '2027-03-01', reason: 'Budget' }, 'recorded'],
    ['a leave a year and a day ahead (the last day allowed)', { change: 'leave', member: 'eksjo', from: '2028-01-12', reason: 'Budget' }, 'recorded'],
    ['a finished project', { standing: { status: 'finished', answersOpen: false }, change: 'join', member: 'habo' }, 'ended'],
    ['a cancelled project', { standing: { status: 'cancelled', answersOpen: false }, change: 'leave', member: 'eksjo', from: today, reason: 'x' }, 'ended'],
    ['a project that is not feasible', { standing: { status: 'notFeasible', answersOpen: false }, change: 'join', member: 'habo' }, 'notFeasible'],
    ['before the answer deadline', { standing: { status: 'canStart', answersOpen: true }, change: 'join', member: 'habo' }, 'answersOpen'],
    ['past the deadline, cannot start (no regional value)', { standing: { status: 'open', answersOpen: false }, change: 'join', member: 'habo' }, 'notStarted'],
    ['joining while taking part', { change: 'join', member: 'eksjo' }, 'alreadyParticipating'],
    ['leaving while not taking part', { change: 'leave', member: 'habo', from: today, reason: 'x' }, 'notParticipating'],
    ['leaving without ever answering', { change: 'leave', member: 'gnosjo', from: today, reason: 'x' }, 'notParticipating'],
    ['a blank reason', { change: 'leave', member: 'eksjo', from: today, reason: ' \u200b\n ' }, 'reasonRequired'],
    ['no reason', { change: 'leave', member: 'eksjo', from: today }, 'reasonRequired'],
    ['a reason over 1000 characters', { change: 'leave', member: 'eksjo', from: today, reason: 'x'.repeat(1001) }, 'reasonTooLong'],
    ['a date that does not exist', { change: 'leave', member: 'eksjo', from: '2027-02-30', reason: 'x' }, 'badDate'],
    ['a date in another format', { change: 'leave', member: 'eksjo', from: '1/3/2027', reason: 'x' }, 'badDate'],
    ['no date', { change: 'leave', member: 'eksjo', reason: 'x' }, 'badDate'],
    ['yesterday', { change: 'leave', member: 'eksjo', from: '2027-01-10', reason: 'x' }, 'pastDate'],
    ['more than a year ahead', { change: 'leave', member: 'eksjo', from: '2028-01-13', reason: 'x' }, 'tooFarAhead'],
    ['a second leave while one is pending', { history: [...base, change('eksjo', 'leave', '2027-03-01', '2027-01-10T09:00:00.000Z', 'x')], change: 'leave', member: 'eksjo', from: '2027-04-01', reason: 'y' }, 'alreadyLeaving'],
    ['a join while a leave is pending', { history: [...base, change('eksjo', 'leave', '2027-03-01', '2027-01-10T09:00:00.000Z', 'x')], change: 'join', member: 'eksjo' }, 'leaving'],
    ['a join after a leave took effect', { history: [...base, change('eksjo', 'leave', '2027-01-05', '2027-01-04T09:00:00.000Z', 'x')], change: 'join', member: 'eksjo' }, 'recorded'],
    ['a leave the day of one’s own join', { history: [...base, change('habo', 'join', today, '2027-01-11T08:00:00.000Z')], change: 'leave', member: 'habo', from: today, reason: 'Fel knapp' }, 'recorded'],
  ];
  it.each(table)('%s → %s', (_name, input, expected) => {
    expect(summary(decide(input))).toBe(expected);
  });

  it('records who, when and what: a join from today, a leave with its date and reason', () => {
    const join = decide({ change: 'join', member: 'habo', press: { activityId: 'j1' } });
    expect(join).toEqual({
      kind: 'recorded',
      record: {
        proposalId: P, memberId: 'habo', answer: 'participates', personId: 'chief-habo', aadObjectId: 'aad', capacity: 'socialChief',
        at: now.toISOString(), activityId: 'j1', kind: 'join', effectiveFrom: today, effectiveAt: '2027-01-10T23:00:00.000Z',
      },
    });
    const leave = decide({ change: 'leave', member: 'eksjo', from: '2027-06-01', reason: '  Budget  ', press: { activityId: 'l1' } });
    expect(leave).toMatchObject({ kind: 'recorded', record: { answer: 'declines', kind: 'leave', reason: 'Budget', effectiveFrom: '2027-06-01', effectiveAt: '2027-05-31T22:00:00.000Z' } });
  });

  it('a re-delivered press counts once; the same id with other content is a conflict', () => {
    const first = decide({ change: 'leave', member: 'eksjo', from: '2027-03-01', reason: 'Budget', press: { activityId: 'l1' } });
    if (first.kind !== 'recorded') throw new Error('not recorded');
    const earlier = { activityId: 'l1', earlier: participationDelivery(first.record) };
    const history = [...base, first.record];
    expect(summary(decide({ history, change: 'leave', member: 'eksjo', from: '2027-03-01', reason: 'Budget', press: earlier }))).toBe('duplicate');
    expect(summary(decide({ history, change: 'leave', member: 'eksjo', from: '2027-04-01', reason: 'Budget', press: earlier }))).toBe('conflict:from');
    expect(summary(decide({ history, change: 'join', member: 'eksjo', press: earlier }))).toBe('conflict:verb,from,reason');
    // A join pressed again the next day is still the same press (its day is not chosen).
    const join = decide({ change: 'join', member: 'habo', press: { activityId: 'j1' } });
    if (join.kind !== 'recorded') throw new Error('not recorded');
    expect(
      summary(
        decideParticipationChange({
          proposal: { id: P }, standing: running, history: [...base, join.record], change: 'join', memberId: 'habo', person: { id: 'chief-habo', aadObjectId: 'aad' },
          capacity: 'socialChief', today: '2027-01-12', press: { activityId: 'j1', earlier: participationDelivery(join.record) }, now: new Date('2027-01-12T00:00:10Z'),
        }),
      ),
    ).toBe('duplicate');
  });

  it('the leave date: not before the municipality’s own join (a guard for a join dated ahead)', () => {
    expect(leaveDateRefusal('2027-02-01', '2027-01-11', '2027-02-15')).toBe('beforeJoin');
    expect(leaveDateRefusal('2027-02-15', '2027-01-11', '2027-02-15')).toBeUndefined();
  });

  it('an unknown proposal', () => {
    expect(summary(decideParticipationChange({ proposal: undefined, standing: running, history: [], change: 'join', memberId: 'habo', person: { id: 'p', aadObjectId: 'a' }, capacity: 'socialChief', today, press: {}, now }))).toBe('unknownProposal');
  });
});

describe('a project that could start never turns "Ej genomförbart" again', () => {
  let members: Member[];
  beforeAll(async () => {
    members = municipalities(await loadRealPartnership());
  });
  const proposal = { id: P, regionalValue: 'Gemensam metod', answerDeadline: DEADLINE };
  const two = [answer('eksjo', 'participates'), answer('jonkoping', 'participates')];
  const before = '2026-12-10T09:00:00.000Z';
  const after = '2027-01-20T09:00:00.000Z';

  const table: [string, ParticipationRecord[], string, boolean, ProposalStatus, boolean][] = [
    // name, history, now, BG0 approved, status, too few
    ['two at the deadline, nothing changed', two, after, false, 'canStart', false],
    ['one at the deadline', [answer('eksjo', 'participates')], after, false, 'notFeasible', false],
    ['one at the deadline, BG0 approved before it', [answer('eksjo', 'participates')], after, true, 'canStart', true],
    ['BG0 approved, then a decline before the deadline', [...two, answer('jonkoping', 'declines', '2026-12-05T09:00:00.000Z')], before, true, 'canStart', true],
    ['no BG0, a decline before the deadline: still open for answers', [...two, answer('jonkoping', 'declines', '2026-12-05T09:00:00.000Z')], before, false, 'open', false],
    ['two at the deadline, one leaves: too few, not "not feasible"', [...two, change('eksjo', 'leave', '2027-01-15', '2027-01-12T09:00:00.000Z', 'x')], after, false, 'canStart', true],
    ['two at the deadline, both leave', [...two, change('eksjo', 'leave', '2027-01-15', '2027-01-12T09:00:00.000Z', 'x'), change('jonkoping', 'leave', '2027-01-16', '2027-01-12T10:00:00.000Z', 'x')], after, false, 'canStart', true],
    ['a leave dated ahead: still two now', [...two, change('eksjo', 'leave', '2027-03-01', '2027-01-12T09:00:00.000Z', 'x')], after, false, 'canStart', false],
    ['one leaves, another joins: two again', [...two, change('eksjo', 'leave', '2027-01-15', '2027-01-12T09:00:00.000Z', 'x'), change('habo', 'join', '2027-01-18', '2027-01-18T09:00:00.000Z')], after, false, 'canStart', false],
  ];
  it.each(table)('%s → %s', (_name, history, now, bg0, status, tooFew) => {
    const v = evaluateProposal(proposal, history, members, new Date(now), 2, 'Europe/Stockholm', bg0);
    expect(v.status).toBe(status);
    expect(v.tooFew).toBe(tooFew);
    expect(v.couldStart).toBe(status === 'canStart');
  });

  it('couldStart counts only the answers given by the end of the deadline day', () => {
    expect(couldStart(proposal, two, new Date(CLOSED), 2, false)).toBe(true);
    expect(couldStart(proposal, two, new Date('2026-12-20T22:59:59.999Z'), 2, false)).toBe(false);
    expect(couldStart(proposal, [...two, answer('habo', 'participates', CLOSED)], new Date(after), 3, false)).toBe(false);
    expect(couldStart(proposal, [], new Date(before), 2, true)).toBe(true);
  });

  it('with its gates: a running project with too few stays running, until it is cancelled', () => {
    const history = [...two, change('eksjo', 'leave', '2027-01-15', '2027-01-12T09:00:00.000Z', 'x')];
    const v = evaluateProposal(proposal, history, members, new Date(after), 2, 'Europe/Stockholm', true);
    expect(projectStatus(v.status, { passed: ['BG0', 'BG1'], cancelled: false })).toBe('running');
    expect(projectStatus(v.status, { passed: ['BG0'], cancelled: false })).toBe('canStart');
    expect(projectStatus(v.status, { passed: ['BG0'], cancelled: true })).toBe('cancelled');
  });
});

describe('decideGateEvent: a gate is not passed with too few participants', () => {
  const at = '2027-01-20T09:00:00.000Z';
  const submit: GateEvent = { kind: 'submit', gate: 'BG2', at, by: 'chief-eksjo', document: { title: 'Plan', url: 'https://exempel.se/plan' } };
  const approve: GateEvent = { kind: 'approve', gate: 'BG2', at, by: 'aldre-jonkoping' };
  const sendBack: GateEvent = { kind: 'sendBack', gate: 'BG2', at, by: 'aldre-jonkoping', reason: 'Komplettera' };
  const passed: GateEvent[] = [
    { kind: 'submit', gate: 'BG0', at, by: 'c', document: { title: 'D', url: 'https://exempel.se/d' } },
    { kind: 'approve', gate: 'BG0', at, by: 'a' },
    { kind: 'submit', gate: 'BG1', at, by: 'c', document: { title: 'F', url: 'https://exempel.se/f' } },
    { kind: 'approve', gate: 'BG1', at, by: 'a' },
  ];
  const table: [string, GateEvent[], GateEvent, { now: number; min: number } | undefined, string][] = [
    ['approve with one of two', [...passed, submit], approve, { now: 1, min: 2 }, 'tooFewParticipants'],
    ['approve with none', [...passed, submit], approve, { now: 0, min: 2 }, 'tooFewParticipants'],
    ['approve with two', [...passed, submit], approve, { now: 2, min: 2 }, 'recorded'],
    ['approve with two of three', [...passed, submit], approve, { now: 2, min: 3 }, 'tooFewParticipants'],
    ['approve, nothing said about participants', [...passed, submit], approve, undefined, 'recorded'],
    ['submit with one: the document can wait for a decision', passed, submit, { now: 1, min: 2 }, 'recorded'],
    ['send back with one', [...passed, submit], sendBack, { now: 1, min: 2 }, 'recorded'],
  ];
  it.each(table)('%s → %s', (_name, history, event, participants, expected) => {
    expect(summary(decideGateEvent({ proposalId: P, history, event, press: { activityId: 'g1' }, participants }))).toBe(expected);
  });
});

describe('costPeriods: the split made anew for the rest of the project, exact in whole kronor per period', () => {
  // SCB population 31 Dec 2024.
  const members = [
    { id: 'aneby', weight: 6_797 },
    { id: 'eksjo', weight: 17_792 },
    { id: 'habo', weight: 13_456 },
    { id: 'jonkoping', weight: 147_654 },
    { id: 'mullsjo', weight: 7_594 },
  ];
  const start = '2026-12-21';
  const amountsOf = (p: { split: { id: string; amount: number }[] }) => Object.fromEntries(p.split.map((s) => [s.id, s.amount]));

  it('no change: one period for the whole project, as the single split', () => {
    const periods = costPeriods({ total: 300_000, history: [answer('eksjo', 'participates'), answer('jonkoping', 'participates')], members, start });
    expect(periods).toHaveLength(1);
    expect(periods[0]).toMatchObject({ participants: ['eksjo', 'jonkoping'] });
    expect(periods[0]!.from).toBeUndefined();
    expect(periods[0]!.to).toBeUndefined();
    expect(amountsOf(periods[0]!)).toEqual({ eksjo: 32_262, jonkoping: 267_738 });
    expect(32_262 + 267_738).toBe(300_000);
  });

  it('a leave, a join and a leave on one day: a period per change, each summing to the total (by hand)', () => {
    const history = [
      answer('eksjo', 'participates'),
      answer('habo', 'participates'),
      answer('jonkoping', 'participates'),
      change('habo', 'leave', '2027-02-01', '2027-01-11T09:00:00.000Z', 'Budget'),
      change('aneby', 'join', '2027-03-15', '2027-03-15T09:00:00.000Z'),
      change('mullsjo', 'join', '2027-05-01', '2027-05-01T09:00:00.000Z'),
      change('eksjo', 'leave', '2027-05-01', '2027-04-20T09:00:00.000Z', 'Omorganisation'),
    ];
    const periods = costPeriods({ total: 300_000, history, members, start, end: '2027-12-31' });
    expect(periods.map((p) => [p.from, p.to])).toEqual([
      [undefined, '2027-01-31'],
      ['2027-02-01', '2027-03-14'],
      ['2027-03-15', '2027-04-30'],
      ['2027-05-01', '2027-12-31'],
    ]);
    expect(periods.map(amountsOf)).toEqual([
      { eksjo: 29_835, habo: 22_564, jonkoping: 247_601 },
      { eksjo: 32_262, jonkoping: 267_738 },
      { aneby: 11_838, eksjo: 30_989, jonkoping: 257_173 },
      { aneby: 12_584, jonkoping: 273_357, mullsjo: 14_059 },
    ]);
    expect(29_835 + 22_564 + 247_601).toBe(300_000);
    expect(32_262 + 267_738).toBe(300_000);
    expect(11_838 + 30_989 + 257_173).toBe(300_000);
    expect(12_584 + 273_357 + 14_059).toBe(300_000);
  });

  it('odd totals and equal weights: the extra kronor go by the largest remainder, still exact', () => {
    const equal = [{ id: 'a', weight: 1 }, { id: 'b', weight: 1 }, { id: 'c', weight: 1 }];
    const history = ['a', 'b', 'c'].map((m) => ({ ...answer(m, 'participates') }));
    history.push(change('c', 'leave', '2027-01-10', '2027-01-02T09:00:00.000Z', 'x'));
    const periods = costPeriods({ total: 100_001, history, members: equal, start });
    expect(periods.map(amountsOf)).toEqual([{ a: 33_334, b: 33_334, c: 33_333 }, { a: 50_001, b: 50_000 }]);
    expect(33_334 + 33_334 + 33_333).toBe(100_001);
    expect(50_001 + 50_000).toBe(100_001);
  });

  it('everyone left: a period with nobody and no split; a change after the end is not a period', () => {
    const history = [answer('eksjo', 'participates'), change('eksjo', 'leave', '2027-02-01', '2027-01-11T09:00:00.000Z', 'x'), change('habo', 'join', '2027-07-01', '2027-07-01T09:00:00.000Z')];
    const periods = costPeriods({ total: 300_000, history, members, start, end: '2027-06-30' });
    expect(periods.map((p) => [p.from, p.to, p.participants, p.split.length])).toEqual([
      [undefined, '2027-01-31', ['eksjo'], 1],
      ['2027-02-01', '2027-06-30', [], 0],
    ]);
    expect(amountsOf(periods[0]!)).toEqual({ eksjo: 300_000 });
  });
});

describe('the store: additive, an older store reads as it was', () => {
  it('an answer without the new fields, a leave with them, a proposal with and without shortageNotified', () => {
    const proposal = {
      id: P, title: 't', background: 'b', goals: '', regionalValue: 'r', networkId: 'n', contactPersonId: 'c', plannedStart: null, estimatedCostSek: null,
      jointFundsRequested: false, jointFundsSek: null, answerDeadline: DEADLINE, createdBy: 'a', createdByAad: 'x', createdAt: CLOSED, updatedAt: CLOSED, edits: [],
    };
    const leave = change('eksjo', 'leave', '2027-02-01', '2027-01-11T09:00:00.000Z', 'Budget');
    const parsed = StoreDataSchema.parse({
      ...emptyStore(),
      proposals: [proposal, { ...proposal, id: 'P-2026-011', shortageNotified: { at: CLOSED, records: 4 } }],
      participation: [answer('eksjo', 'participates'), leave],
    });
    expect(parsed.participation[0]!.kind).toBeUndefined();
    expect(parsed.participation[1]).toEqual(leave);
    expect(parsed.proposals[0]!.shortageNotified).toBeUndefined();
    expect(parsed.proposals[1]!.shortageNotified).toEqual({ at: CLOSED, records: 4 });
  });
});

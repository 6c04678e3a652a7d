import { describe, expect, it } from 'vitest';
import { applyGateEvent, gateStateOf, GATES, openGates, type Gate, type GateEvent, type GateState } from '../../src/domain/gates.js';

const at = '2026-05-01T08:00:00.000Z';
const doc = { title: 'Dokument', url: 'https://example.se/doc' };
const submit = (gate: Gate): GateEvent => ({ kind: 'submit', gate, at, by: 'contact', document: doc });
const approve = (gate: Gate): GateEvent => ({ kind: 'approve', gate, at, by: 'member' });
const sendBack = (gate: Gate, reason = 'Komplettera budgeten'): GateEvent => ({ kind: 'sendBack', gate, at, by: 'member', reason });
const pass = (...gates: Gate[]): GateEvent[] => gates.flatMap((g) => [submit(g), approve(g)]);
const state = (passed: Gate[], extra: Partial<GateState> = {}): GateState => ({ passed, cancelled: false, ...extra });

describe('projektstegen: which gate may be submitted', () => {
  it.each<[Gate[], Gate[]]>([
    [[], ['BG0']],
    [['BG0'], ['BG1']],
    [['BG0', 'BG1'], ['BG2']],
    [['BG0', 'BG1', 'BG2'], ['BG3', 'BG2.i']],
    [['BG0', 'BG1', 'BG2', 'BG2.i'], ['BG3', 'BG3.i']],
    [['BG0', 'BG1', 'BG2', 'BG3'], ['BG4', 'BG2.i']],
    [['BG0', 'BG1', 'BG2', 'BG3', 'BG4'], []],
  ])('after %j: %j', (passed, open) => {
    expect(openGates(state(passed))).toEqual(open);
  });

  it('offers nothing while a document waits for a decision, or after cancelling', () => {
    expect(openGates(state(['BG0'], { pending: 'BG1' }))).toEqual([]);
    expect(openGates(state(['BG0'], { cancelled: true }))).toEqual([]);
  });
});

describe('projektstegen: every move, allowed and refused', () => {
  // Each gate submitted from every state of the main ladder: allowed exactly when its predecessors passed.
  const ladders: Gate[][] = [[], ['BG0'], ['BG0', 'BG1'], ['BG0', 'BG1', 'BG2'], ['BG0', 'BG1', 'BG2', 'BG2.i'], ['BG0', 'BG1', 'BG2', 'BG3']];
  for (const passed of ladders)
    for (const gate of GATES) {
      const expected = openGates(state(passed)).includes(gate) ? 'ok' : passed.includes(gate) ? 'alreadyPassed' : 'notReady';
      it(`submit ${gate} after [${passed.join(', ')}] → ${expected}`, () => {
        const result = applyGateEvent(state(passed), submit(gate));
        expect(result.ok ? 'ok' : result.reason).toBe(expected);
      });
    }

  it('approves or sends back only the pending gate, and a send-back needs a reason', () => {
    const pending = state(['BG0'], { pending: 'BG1' });
    expect(applyGateEvent(pending, approve('BG2'))).toEqual({ ok: false, reason: 'notPending' });
    expect(applyGateEvent(pending, submit('BG2'))).toEqual({ ok: false, reason: 'pendingOther' });
    expect(applyGateEvent(pending, sendBack('BG1', '  '))).toEqual({ ok: false, reason: 'reasonRequired' });
    expect(applyGateEvent(pending, sendBack('BG1'))).toEqual({ ok: true, state: state(['BG0']) });
    expect(applyGateEvent(pending, approve('BG1'))).toEqual({ ok: true, state: state(['BG0', 'BG1']) });
    expect(applyGateEvent(state(['BG0']), approve('BG1'))).toEqual({ ok: false, reason: 'notPending' });
  });

  it('cancels with a reason before BG4, and then nothing moves', () => {
    expect(applyGateEvent(state(['BG0']), { kind: 'cancel', at, by: 'c', reason: '' })).toEqual({ ok: false, reason: 'reasonRequired' });
    const cancelled = applyGateEvent(state(['BG0']), { kind: 'cancel', at, by: 'c', reason: 'Ingen finansiering' });
    expect(cancelled).toEqual({ ok: true, state: state(['BG0'], { cancelled: true }) });
    if (cancelled.ok) expect(applyGateEvent(cancelled.state, submit('BG1'))).toEqual({ ok: false, reason: 'cancelled' });
    const finished = state(['BG0', 'BG1', 'BG2', 'BG3', 'BG4']);
    expect(applyGateEvent(finished, { kind: 'cancel', at, by: 'c', reason: 'x' })).toEqual({ ok: false, reason: 'finished' });
    expect(applyGateEvent(finished, submit('BG2.i'))).toEqual({ ok: false, reason: 'finished' });
  });

  it('replays a history with a send-back: the gate is passed once, later', () => {
    const history = [...pass('BG0'), submit('BG1'), sendBack('BG1'), ...pass('BG1', 'BG2', 'BG2.i'), approve('BG3'), ...pass('BG3')];
    expect(gateStateOf(history)).toEqual(state(['BG0', 'BG1', 'BG2', 'BG2.i', 'BG3']));
    const frozen = Object.freeze(state(['BG0']));
    applyGateEvent(frozen, submit('BG1'));
    expect(frozen).toEqual(state(['BG0']));
  });
});

import { gateDelivery, judgeActivity, type ReplayConflict } from './replay.js';
import { applyGateEvent, gateStateOf, type GateEvent, type GateRefusal, type GateState } from '../domain/gates.js';
import type { CommittedData } from './schema.js';
import type { Store } from './store.js';

/** A project's gate history, as the pure rule reads it. */
export function gateHistory(data: CommittedData, proposalId: string): GateEvent[] {
  return data.gateEvents.filter((e) => e.proposalId === proposalId).map(({ proposalId: _p, activityId: _a, ...e }) => e as GateEvent);
}

export function gateState(data: CommittedData, proposalId: string): GateState {
  return gateStateOf(gateHistory(data, proposalId));
}

/** Records a gate event if the rule allows it against the state it would change; re-delivered activities count once. */
export async function recordGateEvent(
  store: Store,
  proposalId: string,
  event: GateEvent,
  activityId?: string,
): Promise<{ ok: true } | { ok: false; reason: GateRefusal | 'duplicate' } | { ok: false; reason: 'conflict'; conflict: ReplayConflict }> {
  return store.update((data) => {
    const replay = judgeActivity(data, activityId, gateDelivery({ proposalId, ...event }));
    if (replay === 'replay') return { ok: false, reason: 'duplicate' as const };
    if (replay !== 'new') return { ok: false, reason: 'conflict' as const, conflict: replay };
    const result = applyGateEvent(gateState(data, proposalId), event);
    if (!result.ok) return result;
    data.gateEvents.push({ proposalId, ...event, activityId });
    return { ok: true as const };
  });
}

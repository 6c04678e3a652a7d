import { pressOf } from './replay.js';
import { appendDecided } from './append-decided.js';
import { decideGateEvent, gateStateOf, type GateEvent, type GateState } from '../domain/gates.js';
import type { CommittedData } from './schema.js';
import type { GateOutcome } from './port.js';
import type { SnapshotState } from './commit.js';
import { gateEventsOf } from './indexes.js';

/** A project's gate history, as the pure rule reads it. */
export function gateHistory(data: CommittedData, proposalId: string): GateEvent[] {
  return gateEventsOf(data.gateEvents, proposalId).map(({ proposalId: _p, activityId: _a, ...e }) => e as GateEvent);
}

export function gateState(data: CommittedData, proposalId: string): GateState {
  return gateStateOf(gateHistory(data, proposalId));
}

/** Records a gate event as decideGateEvent decides it against the state it would change; re-delivered activities count once. */
export async function recordGateEvent(
  store: SnapshotState,
  proposalId: string,
  event: GateEvent,
  activityId?: string,
): Promise<GateOutcome> {
  const decided = await appendDecided(
    store,
    (data) => {
      const proposal = data.proposals.find((p) => p.id === proposalId);
      const jointFunds = !proposal?.jointFundsRequested ? 'none' : proposal.jointFundsApproved ? 'granted' : 'pending';
      return decideGateEvent({ proposalId, history: gateHistory(data, proposalId), event, press: pressOf(data, activityId), jointFunds });
    },
    (draft, recorded) => draft.gateEvents.push({ proposalId, ...recorded, activityId }),
  );
  if (decided.kind === 'recorded') return { ok: true };
  return decided.kind === 'conflict' ? { ok: false, reason: 'conflict', conflict: decided.conflict } : { ok: false, reason: decided.reason };
}

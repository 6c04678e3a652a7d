import { pressOf } from './replay.js';
import { answersOf } from './indexes.js';
import { participantsNow } from '../domain/participation.js';
import { appendDecided } from './append-decided.js';
import { enqueuePosts } from './outbox.js';
import { decideGateEvent, gateStateOf, waitsForJointFunds, type GateEvent, type GateState, type JointFunds } from '../domain/gates.js';
import { pendingSubmission, settleGateVote } from '../domain/gate-decision.js';
import type { CommittedData, ProposalRecord, StoreData } from './schema.js';
import type { GateEventOptions, GateOutcome, GateVoteInput, PostRequest } from './port.js';
import type { SnapshotState } from './commit.js';
import { gateEventsOf } from './indexes.js';

/** A project's gate history, as the pure rule reads it. */
export function gateHistory(data: CommittedData, proposalId: string): GateEvent[] {
  return gateEventsOf(data.gateEvents, proposalId).map(({ proposalId: _p, activityId: _a, ...e }) => e as GateEvent);
}

export function gateState(data: CommittedData, proposalId: string): GateState {
  return gateStateOf(gateHistory(data, proposalId));
}

function jointFundsOf(proposal: ProposalRecord | undefined): JointFunds {
  return !proposal?.jointFundsRequested ? 'none' : proposal.jointFundsApproved ? 'granted' : 'pending';
}

/** Whether fewer municipalities than the partnership's minimum take part at `at` (no gate passes then, rule 8). */
function tooFewAt(data: CommittedData | StoreData, proposalId: string, at: Date, minParticipants: number | undefined): boolean {
  return minParticipants !== undefined && participantsNow(answersOf(data.participation, proposalId), at.toISOString()).length < minParticipants;
}

/** The decision the gate's majority vote has come to in this state, if any. */
function settlementOf(data: CommittedData | StoreData, proposalId: string, vote: GateVoteInput): GateEvent | undefined {
  const history = gateHistory(data, proposalId);
  const proposal = data.proposals.find((p) => p.id === proposalId);
  const pending = pendingSubmission(history);
  return settleGateVote({
    history,
    deciders: vote.deciders,
    contactPersonId: proposal?.contactPersonId,
    now: vote.now,
    blocked: !!pending && (waitsForJointFunds(pending.gate, jointFundsOf(proposal)) || tooFewAt(data, proposalId, vote.now, vote.minParticipants)),
  });
}

/** Inside a write: records the decision the vote has come to, if any, with the posts that tell of it. */
function settleInDraft(draft: StoreData, proposalId: string, vote: GateVoteInput): { settled?: GateEvent; postIds: string[] } {
  const settled = settlementOf(draft, proposalId, vote);
  if (!settled) return { postIds: [] };
  draft.gateEvents.push({ proposalId, ...settled });
  return { settled, postIds: vote.posts ? enqueuePosts(draft, vote.posts(settled), vote.now) : [] };
}

/**
 * Records a gate event as decideGateEvent decides it against the state it would change; re-delivered
 * activities count once. With `vote`, a vote that makes a majority records the gate's decision in the
 * same write.
 */
export async function recordGateEvent(
  store: SnapshotState,
  proposalId: string,
  event: GateEvent,
  activityId?: string,
  options: GateEventOptions = {},
): Promise<GateOutcome> {
  let settledBy: { settled?: GateEvent; postIds: string[] } = { postIds: [] };
  let own: string[] = [];
  const decided = await appendDecided(
    store,
    (data) => {
      const proposal = data.proposals.find((p) => p.id === proposalId);
      const participants = options.minParticipants === undefined ? undefined : { now: participantsNow(answersOf(data.participation, proposalId), event.at).length, min: options.minParticipants };
      return decideGateEvent({
        proposalId,
        history: gateHistory(data, proposalId),
        event,
        press: pressOf(data, activityId),
        jointFunds: jointFundsOf(proposal),
        participants,
        contactPersonId: proposal?.contactPersonId,
      });
    },
    (draft, recorded) => {
      draft.gateEvents.push({ proposalId, ...recorded, activityId });
      if (options.posts) own = enqueuePosts(draft, options.posts(recorded), new Date(recorded.at));
      if (options.vote && recorded.kind === 'vote') settledBy = settleInDraft(draft, proposalId, options.vote);
    },
  );
  if (decided.kind === 'recorded') {
    const postIds = [...own, ...settledBy.postIds];
    return { ok: true, ...(settledBy.settled ? { settled: settledBy.settled } : {}), ...(postIds.length ? { postIds } : {}) };
  }
  return decided.kind === 'conflict' ? { ok: false, reason: 'conflict', conflict: decided.conflict } : { ok: false, reason: decided.reason };
}

/** The decision a gate's majority vote has come to (by its closing time, or as who may vote changed), recorded once. */
export async function settleVote(store: SnapshotState, proposalId: string, vote: GateVoteInput): Promise<{ settled?: GateEvent; postIds: string[] }> {
  // Most sweeps find nothing to record: judged on the committed state, without a write.
  type Settled = { settled?: GateEvent; postIds: string[] };
  const nothing = (data: CommittedData): Settled | undefined => (settlementOf(data, proposalId, vote) ? undefined : { postIds: [] });
  return store.updateUnless<Settled>(nothing, (draft) => settleInDraft(draft, proposalId, vote));
}

export function gateRemindersSent(data: CommittedData, proposalId: string, gate: string, submittedAt: string): number[] {
  return data.gateReminders.filter((r) => r.proposalId === proposalId && r.gate === gate && r.submittedAt === submittedAt).map((r) => r.step);
}

/** Marks reminder steps of a gate's vote sent, with the posts in the same write; undefined when none was new. */
export async function markGateRemindersSent(
  store: SnapshotState,
  input: { proposalId: string; gate: string; submittedAt: string; steps: number[]; now: Date; posts?: PostRequest[] },
): Promise<string[] | undefined> {
  return store.update((draft) => {
    const sent = gateRemindersSent(draft, input.proposalId, input.gate, input.submittedAt);
    const fresh = input.steps.filter((s) => !sent.includes(s));
    if (!fresh.length) return undefined;
    const at = input.now.toISOString();
    for (const step of fresh) draft.gateReminders.push({ proposalId: input.proposalId, gate: input.gate, submittedAt: input.submittedAt, step, at });
    return enqueuePosts(draft, input.posts ?? [], input.now);
  });
}

import { authorize, type Who } from './authorization.js';
import { recorded, refused, type Decided } from './decided.js';
import type { Gate, GateEvent, GateMajority } from './gates.js';

/**
 * Four eyes on a gate (rules 4 and 8): the tactical steering group that owns the project decides its
 * gates, never whoever submitted the gate's document nor the project's contact person. How the group
 * decides is the partnership file's (no agreement says it): one approval by a member from a
 * participating municipality (`single`), or a vote of those members that passes the gate when more than
 * half of them approved before it closes (`majority`). The mode and the closing time are fixed when the
 * document is submitted, so a change of the file does not change a vote under way.
 */

/** Why a member of the group may not decide this gate, or why a vote is not taken. */
export type GateDecisionRefusal = 'ownDocument' | 'contactPerson' | 'votingClosed' | 'alreadyVoted';

type Submission = Extract<GateEvent, { kind: 'submit' }>;
type Vote = Extract<GateEvent, { kind: 'vote' }>;

/**
 * The submission that waits for a decision, if any. A history holds only recorded events, each judged
 * valid when it came, so the last submit not followed by a decision or a cancel is the one waiting.
 */
export function pendingSubmission(history: readonly GateEvent[]): Submission | undefined {
  let pending: Submission | undefined;
  for (const e of history) {
    if (e.kind === 'submit') pending = e;
    else if (e.kind === 'approve' || e.kind === 'sendBack' || e.kind === 'cancel') pending = undefined;
  }
  return pending;
}

/** Each person's latest vote on the pending submission (one voice per person; a changed vote replaces the earlier one). */
export function votesOnPending(history: readonly GateEvent[]): Map<string, Vote> {
  const submission = pendingSubmission(history);
  const votes = new Map<string, Vote>();
  if (!submission) return votes;
  for (const e of history.slice(history.lastIndexOf(submission) + 1)) if (e.kind === 'vote' && e.gate === submission.gate) votes.set(e.by, e);
  return votes;
}

/**
 * The people who may decide a project's gates: members of the owning group from a participating
 * municipality (the authorization table's `decideGate`), in the file's order.
 */
export function gateDeciders(people: readonly Who[], owner: string | undefined, participants: readonly string[]): string[] {
  if (!owner) return [];
  return people.filter((p) => authorize(p, 'decideGate', { networkId: owner, participants }).ok).map((p) => p.id);
}

/** Whoever submitted the document and the contact person never decide the gate. */
function fourEyes(by: string, submission: Submission, contactPersonId: string | undefined): GateDecisionRefusal | undefined {
  if (by === submission.by) return 'ownDocument';
  if (contactPersonId && by === contactPersonId) return 'contactPerson';
  return undefined;
}

/**
 * A decision pressed on a gate that waits for it (the ladder's rules already passed it): refused when
 * the presser submitted the document or is the contact person; otherwise recorded with the document it
 * decides on, as the decision itself (`single`) or as the presser's vote (`majority`, while it is open).
 */
export function judgeGateDecision(history: readonly GateEvent[], event: GateEvent, contactPersonId?: string): Decided<GateEvent, GateDecisionRefusal> {
  if (event.kind !== 'approve' && event.kind !== 'sendBack') return recorded(event);
  const submission = pendingSubmission(history);
  if (!submission || submission.gate !== event.gate) return recorded(event);
  const refusal = fourEyes(event.by, submission, contactPersonId);
  if (refusal) return refused(refusal);
  if (submission.decision?.mode !== 'majority') return recorded({ ...event, document: submission.document });
  if (Date.parse(event.at) >= Date.parse(submission.decision.closesAt)) return refused('votingClosed');
  const vote: Vote = {
    kind: 'vote',
    gate: event.gate,
    at: event.at,
    by: event.by,
    position: event.kind,
    ...(event.kind === 'sendBack' ? { reason: event.reason } : {}),
    ...(event.comment ? { comment: event.comment } : {}),
  };
  const latest = votesOnPending(history).get(event.by);
  if (latest && latest.position === vote.position && (latest.reason ?? '') === (vote.reason ?? '') && (latest.comment ?? '') === (vote.comment ?? ''))
    return refused('alreadyVoted');
  return recorded(vote);
}

/** More than half of those who may vote. */
export function majorityOf(eligible: number): number {
  return Math.floor(eligible / 2) + 1;
}

export interface GateTally {
  gate: Gate;
  closesAt: string;
  /** Who may vote: the deciders less the document's submitter and the contact person. */
  eligible: string[];
  approve: string[];
  sendBack: string[];
  /** Eligible people who have not voted. */
  waiting: string[];
  /** Approvals needed to pass: a majority of `eligible`. */
  needed: number;
  /** `passed` / `sentBack`: a majority voted so; `closed`: the closing time came without a majority to pass. */
  outcome: 'open' | 'passed' | 'sentBack' | 'closed';
}

/**
 * The vote on the gate that waits for a majority decision, as it stands at `now`; undefined when no
 * gate waits for one. Votes of people who may no longer vote (their municipality left, the file
 * changed) do not count.
 */
export function tallyGate(input: { history: readonly GateEvent[]; deciders: readonly string[]; contactPersonId?: string; now: Date }): GateTally | undefined {
  const submission = pendingSubmission(input.history);
  if (!submission || submission.decision?.mode !== 'majority') return undefined;
  const eligible = input.deciders.filter((id) => !fourEyes(id, submission, input.contactPersonId));
  const votes = votesOnPending(input.history);
  const approve = eligible.filter((id) => votes.get(id)?.position === 'approve');
  const sendBack = eligible.filter((id) => votes.get(id)?.position === 'sendBack');
  const waiting = eligible.filter((id) => !votes.has(id));
  const needed = majorityOf(eligible.length);
  const closesAt = submission.decision.closesAt;
  const outcome =
    approve.length >= needed ? 'passed' : sendBack.length >= needed ? 'sentBack' : input.now.getTime() >= Date.parse(closesAt) ? 'closed' : 'open';
  return { gate: submission.gate, closesAt, eligible, approve, sendBack, waiting, needed, outcome };
}

/**
 * The decision a majority vote has come to, recorded as the gate's approval or send-back, with the
 * votes it rests on; undefined while it is open (or when nothing waits for a vote). `blocked`: the gate
 * may not pass now (BG2 waiting for the joint-funds decision): a majority to pass then waits, and at
 * closing the document goes back.
 */
export function settleGateVote(input: {
  history: readonly GateEvent[];
  deciders: readonly string[];
  contactPersonId?: string;
  now: Date;
  blocked?: boolean;
}): GateEvent | undefined {
  const tally = tallyGate(input);
  if (!tally || tally.outcome === 'open') return undefined;
  if (tally.outcome === 'passed' && input.blocked && input.now.getTime() < Date.parse(tally.closesAt)) return undefined;
  const submission = pendingSubmission(input.history)!;
  const votes = votesOnPending(input.history);
  const majority: GateMajority = { approve: tally.approve, sendBack: tally.sendBack, eligible: tally.eligible.length };
  const at = input.now.toISOString();
  // The decisive voice: the latest vote of the side that won.
  const decisive = (side: string[]) => side.map((id) => votes.get(id)!).sort((a, b) => a.at.localeCompare(b.at)).at(-1)!.by;
  if (tally.outcome === 'passed' && !input.blocked) return { kind: 'approve', gate: tally.gate, at, by: decisive(tally.approve), document: submission.document, majority };
  if (tally.outcome === 'sentBack') return { kind: 'sendBack', gate: tally.gate, at, by: decisive(tally.sendBack), reason: '', document: submission.document, majority };
  return { kind: 'sendBack', gate: tally.gate, at, by: '', reason: '', document: submission.document, majority: { ...majority, closed: true } };
}

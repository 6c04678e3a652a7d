import type { Position, Tally, VoteCapacity, VoteRecord } from './consensus.js';
import { committeeDelivery, voteDelivery, type Press } from './delivery.js';
import { recorded, refused, type Decided } from './decided.js';
import { decideMemberAnswer, type MemberAnswerRefusal } from './member-answer.js';

/**
 * A municipality's voice in a consensus decision: its social chief's or deputy's vote, or its
 * committee's decision when the chief referred the question. Both are one member's answer to the
 * question (member-answer.ts); who may cast it is authorization.ts's, how the voices count consensus.ts's.
 */

export interface Voter {
  person: { id: string; aadObjectId: string };
  memberId: string;
  capacity: VoteCapacity;
}

export type VoteRefusal = 'unknownDecision' | MemberAnswerRefusal;

/**
 * `open`: whether the decision still takes votes (its tally is open), judged at the moment the vote is
 * judged, as `votes` are the decision's then. A rejection's reason is part of the vote: the same
 * position with another reason is a new vote.
 */
export function castVote(input: {
  decision: { id: string } | undefined;
  votes: readonly VoteRecord[];
  open: boolean;
  voter: Voter;
  choice: { position: Position; reason?: string };
  press: Press;
  now: Date;
}): Decided<VoteRecord, VoteRefusal> {
  if (!input.decision) return refused('unknownDecision');
  const { voter, choice } = input;
  const record: VoteRecord = {
    decisionId: input.decision.id,
    memberId: voter.memberId,
    position: choice.position,
    ...(choice.reason ? { reason: choice.reason } : {}),
    personId: voter.person.id,
    aadObjectId: voter.person.aadObjectId,
    capacity: voter.capacity,
    at: input.now.toISOString(),
    activityId: input.press.activityId,
  };
  return decideMemberAnswer({
    answers: input.votes,
    record,
    delivery: voteDelivery(record),
    press: input.press,
    open: input.open,
    same: (latest, r) => latest.position === r.position && (latest.reason ?? '') === (r.reason ?? ''),
  });
}

export type CommitteeStanding = 'ok' | 'notOpen' | 'notReferred';

/** A committee's decision is taken while the decision is open, and only for a municipality that referred it. */
export function committeeStanding(tally: Pick<Tally, 'status' | 'referred'>, memberId: string): CommitteeStanding {
  if (tally.status !== 'open') return 'notOpen';
  return tally.referred.includes(memberId) ? 'ok' : 'notReferred';
}

export type CommitteeRefusal = 'unknownDecision' | 'duplicate' | 'notOpen' | 'notReferred';

/**
 * A committee's decision recorded as the municipality's voice, by whoever enters it. `standing`: see
 * committeeStanding, judged with `votes` at the moment this is judged. A rejection keeps its
 * reference as its reason. It is recorded even when it says what the last voice said: the committee
 * decided, and its reference and date are news.
 */
export function enterCommitteeDecision(input: {
  decision: { id: string } | undefined;
  votes: readonly VoteRecord[];
  standing: CommitteeStanding;
  memberId: string;
  by: { id: string; aadObjectId: string };
  outcome: { approved: boolean; reference: string; date: string };
  press: Press;
  now: Date;
}): Decided<VoteRecord, CommitteeRefusal> {
  if (!input.decision) return refused('unknownDecision');
  const { approved, reference, date } = input.outcome;
  const record: VoteRecord = {
    decisionId: input.decision.id,
    memberId: input.memberId,
    position: approved ? 'approve' : 'reject',
    ...(approved ? {} : { reason: reference }),
    personId: input.by.id,
    aadObjectId: input.by.aadObjectId,
    capacity: 'committee',
    at: input.now.toISOString(),
    activityId: input.press.activityId,
    committee: { reference, date },
  };
  const decided = decideMemberAnswer({
    answers: input.votes,
    record,
    delivery: committeeDelivery({ ...record, approved, reference, date }),
    press: input.press,
    open: input.standing !== 'notOpen',
  });
  if (decided.kind === 'recorded' && input.standing === 'notReferred') return refused('notReferred');
  if (decided.kind !== 'refused') return decided;
  // Without `same` nothing is unchanged: a refusal here is a re-delivery or a closed decision.
  return refused(decided.reason === 'duplicate' ? 'duplicate' : 'notOpen');
}

/** A change of a decision's closing time: closed now (early) or extended to a later time. */
export interface ClosingChange {
  action: 'closed' | 'extended';
  from: string;
  to: string;
  at: string;
  personId: string;
}

/**
 * Whether a coordinator may close a decision early or extend it (who may is the authorization
 * table's): only while it is open, and an extension only to a later time than it closes now.
 */
export function changeClosingTime(
  decision: { closesAt: string },
  open: boolean,
  input: { action: 'closed' | 'extended'; to: Date; personId: string; now: Date },
): Decided<ClosingChange, 'notOpen' | 'notLater'> {
  if (!open) return refused('notOpen');
  if (input.action === 'extended' && input.to.getTime() <= Date.parse(decision.closesAt)) return refused('notLater');
  return recorded({ action: input.action, from: decision.closesAt, to: input.to.toISOString(), at: input.now.toISOString(), personId: input.personId });
}

import type { Member } from '../config/partnership.js';
import { endOfLocalDay } from './calendar.js';
import type { Capacity } from './access.js';
import type { ParticipationRecord } from './records.js';
import { answerDelivery, type Press } from './delivery.js';
import { refused, type Decided } from './decided.js';
import { decideMemberAnswer, type MemberAnswerRefusal } from './member-answer.js';

export type Answer = ParticipationRecord['answer'];

export type { ParticipationRecord } from './records.js';

export type ProposalStatus = 'open' | 'canStart' | 'notFeasible';
export type Missing = 'participants' | 'regionalValue';

export interface Viability {
  status: ProposalStatus;
  answersOpen: boolean;
  participants: string[];
  declined: string[];
  unanswered: string[];
  missing: Missing[];
  /** How many more participants are needed, 0 when enough. */
  participantsNeeded: number;
}

/** The latest answer per member, from the full history. */
export function currentAnswers(history: readonly ParticipationRecord[], proposalId: string): Map<string, ParticipationRecord> {
  const latest = new Map<string, ParticipationRecord>();
  for (const record of history) if (record.proposalId === proposalId) latest.set(record.memberId, record);
  return latest;
}

export type AnswerRefusal = 'unknownProposal' | MemberAnswerRefusal;

/**
 * A municipality answers whether it takes part. `open`: whether answers are still taken (see
 * answersOpen), judged at the moment the answer is judged, as `answers` are the proposal's then.
 */
export function answerParticipation(input: {
  proposal: { id: string } | undefined;
  answers: readonly ParticipationRecord[];
  open: boolean;
  memberId: string;
  person: { id: string; aadObjectId: string };
  capacity: Capacity;
  answer: Answer;
  press: Press;
  now: Date;
}): Decided<ParticipationRecord, AnswerRefusal> {
  if (!input.proposal) return refused('unknownProposal');
  const record: ParticipationRecord = {
    proposalId: input.proposal.id,
    memberId: input.memberId,
    answer: input.answer,
    personId: input.person.id,
    aadObjectId: input.person.aadObjectId,
    capacity: input.capacity,
    at: input.now.toISOString(),
    activityId: input.press.activityId,
  };
  return decideMemberAnswer({
    answers: input.answers,
    record,
    delivery: answerDelivery(record),
    press: input.press,
    open: input.open,
    same: (latest, r) => latest.answer === r.answer,
  });
}

/** Answers are taken until the end of the deadline day, Swedish time. */
export function answersOpen(answerDeadline: string, now: Date, timeZone?: string): boolean {
  return now.getTime() < endOfLocalDay(answerDeadline, timeZone).getTime();
}

/**
 * Rule 1: a project may start when at least `minParticipants` members take part and its regional
 * value is stated. Past the deadline without enough participants it is not feasible.
 */
export function evaluateProposal(
  proposal: { id: string; regionalValue: string; answerDeadline: string },
  history: readonly ParticipationRecord[],
  members: readonly Member[],
  now: Date,
  minParticipants: number,
  timeZone?: string,
): Viability {
  const latest = currentAnswers(history, proposal.id);
  const participants: string[] = [];
  const declined: string[] = [];
  const unanswered: string[] = [];
  for (const m of members) {
    const a = latest.get(m.id)?.answer;
    (a === 'participates' ? participants : a === 'declines' ? declined : unanswered).push(m.id);
  }
  const open = answersOpen(proposal.answerDeadline, now, timeZone);
  const participantsNeeded = Math.max(0, minParticipants - participants.length);
  const missing: Missing[] = [];
  if (participantsNeeded > 0) missing.push('participants');
  if (!proposal.regionalValue.trim()) missing.push('regionalValue');
  const status: ProposalStatus =
    missing.length === 0 ? 'canStart' : !open && participantsNeeded > 0 ? 'notFeasible' : 'open';
  return { status, answersOpen: open, participants, declined, unanswered, missing, participantsNeeded };
}

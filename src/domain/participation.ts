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
  /**
   * The project could start: it had enough participants when the answer deadline passed, or its BG0
   * was approved. Such a project is never "not feasible" again (rule 8); with too few left it says so.
   */
  couldStart: boolean;
  /** A project that could start, now with fewer participants than it needs: it passes no gate until enough take part again. */
  tooFew: boolean;
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

/** Whether a record is in force at an instant: an answer always (it was given before the deadline), a join or leave from its day. */
function inForce(record: ParticipationRecord, at: number): boolean {
  return !record.effectiveAt || Date.parse(record.effectiveAt) <= at;
}

/**
 * The members taking part in a project at an instant (one project's history, in the order recorded):
 * each member's latest answer, join or leave in force then. A leave dated ahead still counts the
 * member in until its day; the gate decision asks this about "now".
 */
export function participantsNow(history: readonly ParticipationRecord[], at: Date | string): string[] {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  const latest = new Map<string, ParticipationRecord>();
  for (const record of history) if (inForce(record, ms)) latest.set(record.memberId, record);
  return [...latest.values()].filter((r) => r.answer === 'participates').map((r) => r.memberId);
}

/** The same on a Swedish calendar day (YYYY-MM-DD): the members taking part during that day. */
export function participantsOn(history: readonly ParticipationRecord[], date: string): string[] {
  const latest = new Map<string, ParticipationRecord>();
  for (const record of history) if (!record.effectiveFrom || record.effectiveFrom <= date) latest.set(record.memberId, record);
  return [...latest.values()].filter((r) => r.answer === 'participates').map((r) => r.memberId);
}

/**
 * Whether a project could start (rule 1 met once): its BG0 was approved, or at least `minParticipants`
 * members took part when the answer deadline passed. From then on participation changes by joining
 * and leaving, and too few participants block its gates instead of making it "not feasible".
 */
export function couldStart(
  proposal: { answerDeadline: string },
  history: readonly ParticipationRecord[],
  now: Date,
  minParticipants: number,
  /** Whether BG0 was approved; a function is asked only when the answers do not settle it. */
  bg0Approved: boolean | (() => boolean),
  timeZone?: string,
): boolean {
  if (!answersOpen(proposal.answerDeadline, now, timeZone)) {
    const closed = endOfLocalDay(proposal.answerDeadline, timeZone).getTime();
    const answers = history.filter((r) => !r.kind && Date.parse(r.at) < closed);
    if (participantsNow(answers, new Date(closed)).length >= minParticipants) return true;
  }
  return typeof bg0Approved === 'function' ? bg0Approved() : bg0Approved;
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
 * value is stated. Past the deadline without enough participants it is not feasible. A project that
 * could start (see couldStart; `bg0Approved` from its gates) stays "can start" with too few (rule 8).
 */
export function evaluateProposal(
  proposal: { id: string; regionalValue: string; answerDeadline: string },
  history: readonly ParticipationRecord[],
  members: readonly Member[],
  now: Date,
  minParticipants: number,
  timeZone?: string,
  bg0Approved: boolean | (() => boolean) = false,
): Viability {
  const own = history.filter((r) => r.proposalId === proposal.id);
  const latest = new Map<string, ParticipationRecord>();
  for (const record of own) if (inForce(record, now.getTime())) latest.set(record.memberId, record);
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
  const could = couldStart(proposal, own, now, minParticipants, bg0Approved, timeZone);
  const tooFew = could && participantsNeeded > 0;
  const status: ProposalStatus =
    missing.length === 0 || (tooFew && !missing.includes('regionalValue'))
      ? 'canStart'
      : !open && participantsNeeded > 0 && !could
        ? 'notFeasible'
        : 'open';
  return { status, couldStart: could, tooFew, answersOpen: open, participants, declined, unanswered, missing, participantsNeeded };
}

import type { Capacity } from './access.js';
import { addCalendarDays, endOfLocalDay, isCalendarDate } from './calendar.js';
import { recorded, refused, seenBefore, type Decided } from './decided.js';
import { participationDelivery, type Press } from './delivery.js';
import { participantsNow } from './participation.js';
import type { ProjectStatus } from './project-life.js';
import type { ParticipationRecord } from './records.js';
import { isBlank } from './text.js';

/**
 * Rule 8: each municipality decides its own participation, also later. Until the answer deadline it
 * answers (and changes its answer) on the card; afterwards it can join a project that can start or is
 * running, and leave it with a reason and a date. Every change is a record of its own: who, when, what.
 *
 * The leave date: a Swedish calendar day, the first on which the municipality no longer takes part
 * (its cost share moves to the others from that day). It may be today or later, never earlier
 * (shares already reckoned for a period are not rewritten afterwards), not before the municipality's
 * own join, and at most LEAVE_MAX_DAYS_AHEAD days ahead (a year: further is a typing error, not a plan).
 * A join takes effect the day it is pressed.
 */

export type ParticipationChange = 'join' | 'leave';

export const LEAVE_MAX_DAYS_AHEAD = 366;
export const REASON_MAX = 1000;

export type ChangeRefusal =
  | 'unknownProposal'
  /** Finished (BG4) or cancelled. */
  | 'ended'
  | 'notFeasible'
  /** Before the deadline the answer buttons are the way. */
  | 'answersOpen'
  /** Past the deadline but it cannot start (no regional value): nothing to join or leave. */
  | 'notStarted'
  | 'alreadyParticipating'
  /** A leave dated ahead is pending: the municipality still takes part until then. */
  | 'leaving'
  | 'notParticipating'
  | 'alreadyLeaving'
  | 'reasonRequired'
  | 'reasonTooLong'
  | 'badDate'
  | 'pastDate'
  | 'beforeJoin'
  | 'tooFarAhead';

/** Where the project stands when the change is judged (worked out by the caller from its state). */
export interface ProjectStanding {
  status: ProjectStatus;
  answersOpen: boolean;
}


/** The first instant of a calendar day in a time zone. */
export function startOfLocalDay(date: string, timeZone?: string): Date {
  return endOfLocalDay(addCalendarDays(date, -1), timeZone);
}

/** What a standing refuses to any change, if anything. */
function standingRefusal(standing: ProjectStanding): ChangeRefusal | undefined {
  if (standing.status === 'finished' || standing.status === 'cancelled') return 'ended';
  if (standing.status === 'notFeasible') return 'notFeasible';
  if (standing.answersOpen) return 'answersOpen';
  if (standing.status !== 'canStart' && standing.status !== 'running') return 'notStarted';
  return undefined;
}

/** The leave date checked against today and the member's own history; undefined when it is sensible. */
export function leaveDateRefusal(from: string, today: string, lastJoin: string | undefined): ChangeRefusal | undefined {
  if (!isCalendarDate(from)) return 'badDate';
  if (from < today) return 'pastDate';
  if (lastJoin && from < lastJoin) return 'beforeJoin';
  if (from > addCalendarDays(today, LEAVE_MAX_DAYS_AHEAD)) return 'tooFarAhead';
  return undefined;
}

/** Judges a join or a leave against the project's participation history as it stands; a re-delivered press counts once. */
export function decideParticipationChange(input: {
  proposal: { id: string } | undefined;
  standing: ProjectStanding;
  /** The project's participation history, in the order recorded. */
  history: readonly ParticipationRecord[];
  change: ParticipationChange;
  memberId: string;
  person: { id: string; aadObjectId: string };
  capacity: Capacity;
  /** Leave: the first day without the municipality (YYYY-MM-DD). */
  from?: string;
  /** Leave: why. */
  reason?: string;
  /** The Swedish calendar day now. */
  today: string;
  timeZone?: string;
  press: Press;
  now: Date;
}): Decided<ParticipationRecord, ChangeRefusal | 'duplicate'> {
  if (!input.proposal) return refused('unknownProposal');
  const reason = input.change === 'leave' ? (input.reason ?? '').trim() : undefined;
  const effectiveFrom = input.change === 'join' ? input.today : (input.from ?? '').trim();
  const record: ParticipationRecord = {
    proposalId: input.proposal.id,
    memberId: input.memberId,
    answer: input.change === 'join' ? 'participates' : 'declines',
    personId: input.person.id,
    aadObjectId: input.person.aadObjectId,
    capacity: input.capacity,
    at: input.now.toISOString(),
    activityId: input.press.activityId,
    kind: input.change,
    ...(reason !== undefined ? { reason } : {}),
    effectiveFrom,
    effectiveAt: isCalendarDate(effectiveFrom) ? startOfLocalDay(effectiveFrom, input.timeZone).toISOString() : effectiveFrom,
  };
  const seen = seenBefore(input.press, participationDelivery(record));
  if (seen) return seen;

  const standing = standingRefusal(input.standing);
  if (standing) return refused(standing);
  const own = input.history.filter((r) => r.memberId === input.memberId);
  const latest = own.at(-1);
  const pendingLeave = latest?.kind === 'leave' && Date.parse(latest.effectiveAt ?? '') > input.now.getTime();
  const taking = participantsNow(input.history, input.now).includes(input.memberId);

  if (input.change === 'join') {
    if (pendingLeave) return refused('leaving');
    if (taking) return refused('alreadyParticipating');
    return recorded(record);
  }
  if (pendingLeave) return refused('alreadyLeaving');
  if (!taking) return refused('notParticipating');
  if (isBlank(reason ?? '')) return refused('reasonRequired');
  if (reason!.length > REASON_MAX) return refused('reasonTooLong');
  const lastJoin = own.findLast((r) => r.kind === 'join')?.effectiveFrom;
  const dateRefusal = leaveDateRefusal(effectiveFrom, input.today, lastJoin);
  if (dateRefusal) return refused(dateRefusal);
  return recorded(record);
}

/** A leave dated ahead that has not taken effect yet, per member: the day it does. */
export function pendingLeaves(history: readonly ParticipationRecord[], now: Date): Map<string, ParticipationRecord> {
  const latest = new Map<string, ParticipationRecord>();
  for (const r of history) latest.set(r.memberId, r);
  const out = new Map<string, ParticipationRecord>();
  for (const [member, r] of latest) if (r.kind === 'leave' && Date.parse(r.effectiveAt ?? '') > now.getTime()) out.set(member, r);
  return out;
}

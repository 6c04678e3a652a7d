import { OFFICE } from '../../domain/report-ownership.js';
import { owningNetworkOf, portfolioNetworks } from '../../domain/portfolio.js';
import { feeSchedule, municipalities, unconfirmedFeeParts, type Member } from '../../config/partnership.js';
import { localDate, localYear } from '../../domain/calendar.js';
import { feeOfYear, projectInYear, yearBounds, yearOverview, type DecisionFacts, type FeeYear, type ProjectYear, type YearOverview, type YearSetting } from '../../domain/overview.js';
import { answersOpen, currentAnswers } from '../../domain/participation.js';
import { fold } from '../../domain/text.js';
import { occurrences } from '../../domain/report-calendar.js';
import type { DecisionRecord, ProposalRecord } from '../../store/schema.js';
import type { AppContext } from '../context.js';
import { hasEnded } from '../../domain/project-life.js';
import { statusOf } from '../proposals/index.js';
// The decisions feature's tally: the body's own voters (in a samordningsförbund every member), one rule for both.
import { tallyOf } from '../decisions/index.js';
import { consultationsWaitingFor } from '../consultations/index.js';
import { deadlinePassed, memberDeadline, type ConsultationRecord } from '../../domain/consultation.js';

/**
 * The overview's figures read from the repository: each project once, through the indexes (its
 * answers, its gate events), so a ten-year store is read in one pass; the rules in
 * src/domain/overview.ts do the counting.
 */

export function currentYear(ctx: AppContext): number {
  return localYear(ctx.clock.now(), ctx.partnership.timeZone);
}

function setting(ctx: AppContext, year: number): YearSetting {
  const p = ctx.partnership;
  return { year, members: municipalities(p), minParticipants: p.minParticipants, timeZone: p.timeZone, now: ctx.clock.now() };
}

/**
 * Every project that is part of `year`, as it stood then (or stands now); with `takingPart`, only those
 * that municipality may take part in (it said yes at some time: the rest are skipped before their gates
 * are read).
 */
export function projectsOfYear(ctx: AppContext, year: number, takingPart?: string): ProjectYear[] {
  const s = setting(ctx, year);
  const { asOf } = yearBounds(year, s.timeZone, s.now);
  const out: ProjectYear[] = [];
  for (const p of ctx.repo.proposals()) {
    // Proposed after the year: skipped before its records are read.
    if (Date.parse(p.createdAt) > asOf) continue;
    const answers = ctx.repo.answersOf(p.id);
    if (takingPart && !answers.some((a) => a.memberId === takingPart && a.answer === 'participates')) continue;
    // Counted in the portfolio of the group that owns it (a proposal made in another network names it).
    const networkId = owningNetworkOf(p, ctx.partnership.networks) ?? p.networkId;
    const found = projectInYear({ ...p, networkId, answers, gates: ctx.repo.gateHistory(p.id) }, s);
    if (found) out.push(found);
  }
  return out;
}

export function feeYear(ctx: AppContext, year: number): FeeYear | undefined {
  const fee = ctx.partnership.fee;
  return fee && feeOfYear(feeSchedule(fee), municipalities(ctx.partnership), year);
}

/** What the fee of `year` rests on that is not confirmed, or undefined when it is final (or there is none). */
export function preliminaryFee(ctx: AppContext, year: number): { baseYear?: number; indexYears: number[] } | undefined {
  const fee = ctx.partnership.fee;
  if (!fee || year < fee.baseYear) return undefined;
  const parts = unconfirmedFeeParts(fee, year);
  return parts.base || parts.indexYears.length ? { baseYear: parts.base ? fee.baseYear : undefined, indexYears: parts.indexYears } : undefined;
}

function decisionFacts(ctx: AppContext, d: DecisionRecord): DecisionFacts {
  return { ...d, tally: tallyOf(ctx, d) };
}

export function yearFigures(ctx: AppContext, year: number): YearOverview {
  const tz = ctx.partnership.timeZone;
  return yearOverview({
    year,
    timeZone: tz,
    members: municipalities(ctx.partnership),
    groups: portfolioGroups(ctx),
    projects: projectsOfYear(ctx, year),
    // Only the year's decisions are tallied.
    decisions: ctx.repo.decisions().filter((d) => localYear(new Date(d.createdAt), tz) === year).map((d) => decisionFacts(ctx, d)),
    fee: feeYear(ctx, year),
  });
}

/** The groups whose portfolios the overview shows: those that own one, and any other network a project without an owner was made in. */
export function portfolioGroups(ctx: AppContext): string[] {
  const tactical = portfolioNetworks(ctx.partnership.networks).map((n) => n.id);
  const owners = new Set(ctx.repo.proposals().map((p) => owningNetworkOf(p, ctx.partnership.networks) ?? p.networkId));
  return [...tactical, ...ctx.partnership.networks.filter((n) => !tactical.includes(n.id) && owners.has(n.id)).map((n) => n.id)];
}

/** A member by its name (without case or diacritics, "Habo kommun" too), its municipality code or its id. */
export function findMember(ctx: AppContext, typed: string): Member | undefined {
  const wanted = fold(typed).replace(/ kommun$/, '');
  return ctx.partnership.members.find((m) => fold(m.name) === wanted || m.code === wanted || m.id === wanted);
}

/** Proposals still open for answers that this municipality has not answered, by deadline. */
export function proposalsAwaiting(ctx: AppContext, memberId: string): ProposalRecord[] {
  const now = ctx.clock.now();
  const tz = ctx.partnership.timeZone;
  const today = localDate(now, tz);
  return ctx.repo
    .proposals()
    // The deadline compared as text first: most of a long history is long past.
    .filter((p) => p.answerDeadline >= today && answersOpen(p.answerDeadline, now, tz))
    .filter((p) => !currentAnswers(ctx.repo.answersOf(p.id), p.id).has(memberId) && !hasEnded(statusOf(ctx, p)))
    .sort((a, b) => a.answerDeadline.localeCompare(b.answerDeadline) || a.id.localeCompare(b.id));
}

/** Decisions still open that wait for this municipality's voice (not voted, or with its committee). */
export function decisionsAwaiting(ctx: AppContext, memberId: string): { decision: DecisionRecord; referred: boolean }[] {
  const now = ctx.clock.now().getTime();
  return ctx.repo
    .decisions()
    // Closed by time or by a coordinator: not asked; only the few still open are tallied.
    .filter((d) => !d.closedAt && Date.parse(d.closesAt) > now)
    .map((d) => ({ d, tally: tallyOf(ctx, d) }))
    .filter(({ tally }) => tally.status === 'open' && tally.waiting.includes(memberId))
    .map(({ d, tally }) => ({ decision: d, referred: tally.referred.includes(memberId) }))
    .sort((a, b) => a.decision.closesAt.localeCompare(b.decision.closesAt));
}

/** Open consultation rounds still without this member's statement, by the member's own answer date (an extension counts). */
export function roundsAwaiting(ctx: AppContext, memberId: string): { round: ConsultationRecord; date: string; passed: boolean }[] {
  const now = ctx.clock.now();
  const tz = ctx.partnership.timeZone;
  return consultationsWaitingFor(ctx, memberId)
    .map((round) => ({ round, date: memberDeadline(round, memberId), passed: deadlinePassed(round, memberId, now, tz) }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.round.id.localeCompare(b.round.id));
}

/** A report the office sent to the member municipalities: the rule's title, the period, when, and a link if one was given. */
export interface SentReport {
  title: string;
  periodLabel: string;
  at: string;
  url?: string;
}

/**
 * The reports the office marked sent to the member municipalities in `year` and the year before (the
 * annual report of a year is sent in the next): the rules the office owes and the members receive,
 * each occurrence's office "Klart" with its link, if one was given.
 */
export function reportsSent(ctx: AppContext, year: number): SentReport[] {
  const out: SentReport[] = [];
  for (const rule of ctx.partnership.reportReminders.filter((r) => r.owedBy.kind === 'office' && r.receivedBy.kind === 'members')) {
    for (const occurrence of [...occurrences(rule, year - 1), ...occurrences(rule, year)]) {
      const done = ctx.repo.remindersDone(occurrence.key).get(OFFICE);
      if (done) out.push({ title: rule.title, periodLabel: occurrence.periodLabel, at: done.at, ...(done.url ? { url: done.url } : {}) });
    }
  }
  return out.sort((a, b) => b.at.localeCompare(a.at));
}

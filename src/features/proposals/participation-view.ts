import { municipalities } from '../../config/partnership.js';
import { addCalendarDays, formatLocalDateTime, localDate } from '../../domain/calendar.js';
import { costPeriods, type CostPeriod } from '../../domain/cost-periods.js';
import { pendingLeaves } from '../../domain/join-leave.js';
import { currentAnswers, participantsOn, type Viability } from '../../domain/participation.js';
import { isLive, type ProjectStatus } from '../../domain/project-life.js';
import type { GateEvent } from '../../domain/gates.js';
import type { Messages } from '../../i18n/index.js';
import { formatNumber } from '../../i18n/numbers.js';
import type { ProposalRecord } from '../../store/schema.js';
import type { ProposalCardView } from '../../../cards/proposal.js';
import type { Run } from '../../../cards/elements.js';
import type { AppContext } from '../context.js';
import { memberName, personName, today } from '../kit/views.js';
import { texts } from './texts.js';

/** What a project's card shows of its participation after the answer deadline (rule 8): joins, leaves, the split per period. */

/** The last day of a project that ended: the day BG4 was approved or it was cancelled. */
function endDay(ctx: AppContext, history: readonly GateEvent[]): string | undefined {
  const end = history.find((e) => e.kind === 'cancel' || (e.kind === 'approve' && e.gate === 'BG4'));
  return end && localDate(new Date(end.at), ctx.partnership.timeZone);
}

/** A project's cost split per period (undefined without an estimated cost): a new period from each join or leave. */
export function costPeriodsOf(ctx: AppContext, proposal: ProposalRecord): CostPeriod[] | undefined {
  if (proposal.estimatedCostSek === null) return undefined;
  const members = municipalities(ctx.partnership);
  if (members.every((mm) => !mm.population)) return undefined;
  return costPeriods({
    total: proposal.estimatedCostSek,
    history: ctx.repo.answersOf(proposal.id),
    members: members.map((mm) => ({ id: mm.id, weight: mm.population ?? 0 })),
    start: addCalendarDays(proposal.answerDeadline, 1),
    end: endDay(ctx, ctx.repo.gateHistory(proposal.id)),
  });
}

export function periodLabel(m: Messages, period: CostPeriod): string {
  const t = texts(m).periods;
  if (!period.from) return period.to ? t.first(period.to) : t.whole;
  return period.to ? t.between(period.from, period.to) : t.onwards(period.from);
}

const percent = (share: number) => `${formatNumber(share * 100, 'sv-SE', { min: 1, max: 1 })} %`;

function periodsView(ctx: AppContext, m: Messages, proposal: ProposalRecord): ProposalCardView['costPeriods'] {
  const periods = costPeriodsOf(ctx, proposal);
  if (!periods || periods.length < 2) return undefined;
  const t = texts(m).periods;
  return {
    heading: t.heading,
    note: t.note(m.money(proposal.estimatedCostSek!)),
    periods: periods.map((p) => ({
      label: periodLabel(m, p),
      rows: p.split.map((s) => ({ member: memberName(ctx, s.id), percent: percent(s.share), amount: s.amount })),
      empty: t.nobody,
    })),
  };
}

/** The shortage line: too few now, or too few from the first day a pending leave takes effect. */
function shortageLine(ctx: AppContext, m: Messages, proposal: ProposalRecord, viability: Viability, status: ProjectStatus): string | undefined {
  if (!isLive(status) || !viability.couldStart) return undefined;
  const min = ctx.partnership.minParticipants;
  const t = texts(m);
  if (viability.tooFew) return t.shortage(viability.participants.length, min);
  const history = ctx.repo.answersOf(proposal.id);
  const ahead = [...pendingLeaves(history, ctx.clock.now()).values()].map((r) => r.effectiveFrom!).sort();
  for (const day of ahead) {
    const n = participantsOn(history, day).length;
    if (n < min) return t.shortageAhead(day, n, min);
  }
  return undefined;
}

/**
 * The card's participation parts beyond the answers: row labels, shortage, history of changes, periods
 * and the buttons. `viewer`: the municipality of the one the card is drawn for (a press's answer), who
 * gets only the button that applies to it; the shared card offers both.
 */
export function participationView(
  ctx: AppContext,
  m: Messages,
  proposal: ProposalRecord,
  viability: Viability,
  status: ProjectStatus,
  viewer?: string,
): Pick<ProposalCardView, 'shortage' | 'changes' | 'costPeriods' | 'changeActions'> & { labels: Map<string, string> } {
  const t = texts(m);
  const history = ctx.repo.answersOf(proposal.id);
  const now = ctx.clock.now();
  const tz = ctx.partnership.timeZone;
  const labels = new Map<string, string>();
  for (const [member, r] of currentAnswers(history, proposal.id)) {
    if (r.kind === 'join') labels.set(member, t.rows.joined(r.effectiveFrom ?? ''));
    else if (r.kind === 'leave') labels.set(member, Date.parse(r.effectiveAt ?? '') > now.getTime() ? t.rows.leaving(r.effectiveFrom ?? '') : t.rows.left(r.effectiveFrom ?? ''));
  }
  const who = (r: (typeof history)[number]) => `${personName(ctx, r.personId)} (${m.proposal.capacity[r.capacity]})`;
  const lines: Run[][] = history
    .filter((r) => r.kind)
    .map((r) =>
      r.kind === 'join'
        ? [{ text: t.history.join(memberName(ctx, r.memberId), r.effectiveFrom ?? '', who(r), formatLocalDateTime(r.at, tz)) }]
        : [{ text: t.history.leave(memberName(ctx, r.memberId), r.effectiveFrom ?? '', who(r), formatLocalDateTime(r.at, tz)) }, { text: r.reason ?? '' }],
    );
  const taking = viewer !== undefined && viability.participants.includes(viewer);
  const leaving = viewer !== undefined && pendingLeaves(history, now).has(viewer);
  return {
    labels,
    shortage: shortageLine(ctx, m, proposal, viability, status),
    changes: lines.length ? { heading: t.history.heading, lines } : undefined,
    costPeriods: periodsView(ctx, m, proposal),
    changeActions:
      !viability.answersOpen && isLive(status)
        ? {
            join: viewer === undefined || !taking ? t.buttons.join : undefined,
            leave:
              viewer === undefined || (taking && !leaving)
                ? { title: t.buttons.leave, confirm: t.buttons.confirmLeave, dateLabel: t.leaveDate, reasonLabel: t.leaveReason, date: today(ctx) }
                : undefined,
          }
        : undefined,
  };
}

/** The changes as one cell of the export: "2027-01-10 Habo gick med; Eksjö lämnar fr.o.m. 2027-03-01 (skäl: …)". */
export function participationChangesText(ctx: AppContext, m: Messages, proposal: ProposalRecord): string {
  const t = texts(m).export;
  return ctx.repo
    .answersOf(proposal.id)
    .filter((r) => r.kind)
    .map((r) =>
      r.kind === 'join'
        ? `${r.effectiveFrom} ${memberName(ctx, r.memberId)} ${t.joined} (${personName(ctx, r.personId)})`
        : `${memberName(ctx, r.memberId)} ${t.leaves} ${r.effectiveFrom} (${personName(ctx, r.personId)} ${localDate(new Date(r.at), ctx.partnership.timeZone)}; ${t.reason}: ${r.reason ?? ''})`,
    )
    .join('; ');
}

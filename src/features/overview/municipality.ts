import { consensusVoters, type Member } from '../../config/partnership.js';
import { addCalendarDays, formatLocalDateTime, localDate } from '../../domain/calendar.js';
import { municipalityYear, type ProjectYear } from '../../domain/overview.js';
import { safeUrl } from '../../domain/text.js';
import type { Messages } from '../../i18n/index.js';
import { municipalityCard, type MunicipalityCardView } from '../../../cards/overview.js';
import type { AdaptiveCard } from '../../../cards/elements.js';
import type { AppContext } from '../context.js';
import { currentYear, decisionsAwaiting, feeYear, preliminaryFee, projectsOfYear, proposalsAwaiting, reportsSent, roundsAwaiting } from './figures.js';
import { texts, type OverviewTexts } from './texts.js';

/**
 * What a card shows of a list before it says how many more there are, and how much of a long title
 * or question: a card must stay under Teams' size limit (about 28 KB) on a long history. The whole
 * lists are in the yearly overview.
 */
export const TABLE_ROWS = 20;
export const LIST_ROWS = 10;
const CLIP = 140;

/** A long text cut at a word boundary near `CLIP` characters, with "…". */
export function clip(value: string): string {
  const chars = Array.from(value);
  if (chars.length <= CLIP) return value;
  const cut = chars.slice(0, CLIP).join('');
  return `${cut.replace(/\s+\S*$/, '') || cut}…`;
}

export function gateText(t: OverviewTexts, p: Pick<ProjectYear, 'pending' | 'lastPassed'>): string {
  if (p.pending) return t.gate.pending(p.pending);
  return p.lastPassed ? t.gate.passed(p.lastPassed) : t.gate.none;
}

/**
 * `min kommun` / `kommun <namn>`: the member's year as a card. A municipality's has its projects, fee,
 * proposals, decisions, rounds and the office's reports; a member of another kind (region, agency,
 * association) only what waits for its vote (when it votes in the body's decisions) and statement.
 */
export function municipalityView(ctx: AppContext, m: Messages, member: Member): MunicipalityCardView {
  const t = texts(m);
  const tz = ctx.partnership.timeZone;
  const year = currentYear(ctx);
  const fee = feeYear(ctx, year);
  const own = municipalityYear(member.id, year, projectsOfYear(ctx, year, member.id), fee);
  const preliminary = preliminaryFee(ctx, year);
  const money = (n: number) => (preliminary ? m.allocation.preliminaryAmount(m.money(n)) : m.money(n));
  const quarters = own.fee?.quarters;
  const proposals = proposalsAwaiting(ctx, member.id);
  const decisions = decisionsAwaiting(ctx, member.id);
  const rounds = roundsAwaiting(ctx, member.id);
  const reports = reportsSent(ctx, year);
  const decisionLines = {
    heading: t.municipality.decisionsHeading(member.name),
    lines: decisions.slice(0, LIST_ROWS).map(({ decision, referred }) => [
      { text: `${decision.id} ` },
      { text: clip(decision.question) },
      { text: (ctx.partnership.consensusMembers === 'allMembers' ? t.municipality.decisionClosesOfBody : t.municipality.decisionCloses)(formatLocalDateTime(decision.closesAt, tz), referred) },
    ]),
    empty: t.municipality.noDecisions(member.name),
    more: decisions.length > LIST_ROWS ? t.municipality.more(decisions.length - LIST_ROWS) : undefined,
  };
  const roundLines = {
    heading: t.municipality.roundsHeading(member.name),
    lines: rounds.slice(0, LIST_ROWS).map(({ round, date, passed }) => [{ text: `${round.id} ` }, { text: clip(round.subject) }, { text: t.municipality.roundDate(date, passed) }]),
    empty: t.municipality.noRounds(member.name),
    more: rounds.length > LIST_ROWS ? t.municipality.moreRounds(rounds.length - LIST_ROWS) : undefined,
  };
  if (member.kind !== 'municipality') {
    const votes = consensusVoters(ctx.partnership).some((v) => v.id === member.id);
    return {
      heading: t.municipality.heading(member.name),
      intro: t.municipality.memberIntro(formatLocalDateTime(ctx.clock.now(), tz), votes),
      ...(votes ? { decisions: decisionLines } : {}),
      rounds: roundLines,
    };
  }
  return {
    heading: t.municipality.heading(member.name),
    intro: t.municipality.intro(year, formatLocalDateTime(ctx.clock.now(), tz)),
    preliminary: preliminary && m.allocation.preliminary(preliminary.baseYear, preliminary.indexYears),
    fee: own.fee
      ? {
          heading: t.municipality.feeHeading(year),
          facts: [
            [t.municipality.feeYear, money(own.fee.amount)],
            [t.municipality.feeQuarters, quarters!.every((q) => q === quarters![0]) ? money(quarters![0]) : quarters!.map((q, i) => `Q${i + 1} ${m.money(q)}`).join(' · ')],
          ],
        }
      : { heading: t.municipality.feeHeading(year), none: t.municipality.noFee(year) },
    projects: {
      heading: t.municipality.projectsHeading(year),
      columns: [t.municipality.columns.project, t.municipality.columns.status, t.municipality.columns.gate, t.municipality.columns.share(year)],
      rows: own.projects.slice(0, TABLE_ROWS).map(({ project, share, leftFrom }) => [
        `${project.id} ${clip(project.title)}`,
        leftFrom ? `${m.proposal.status[project.status]}, ${t.municipality.leftUntil(addCalendarDays(leftFrom, -1))}` : m.proposal.status[project.status],
        gateText(t, project),
        share === undefined ? t.noShare : m.money(share),
      ]),
      empty: t.municipality.noProjects(year),
      more: own.projects.length > TABLE_ROWS ? t.municipality.more(own.projects.length - TABLE_ROWS) : undefined,
      total: own.projects.length ? t.municipality.sharesTotal(year, m.money(own.projectShares)) : undefined,
      footnote: own.projects.some((p) => p.leftFrom) ? `${t.municipality.sharesFootnote} ${t.municipality.leftFootnote}` : t.municipality.sharesFootnote,
    },
    proposals: {
      heading: t.municipality.proposalsHeading(member.name),
      lines: proposals.slice(0, LIST_ROWS).map((p) => [{ text: `${p.id} ` }, { text: clip(p.title) }, { text: t.municipality.proposalDeadline(p.answerDeadline) }]),
      empty: t.municipality.noProposals(member.name),
      more: proposals.length > LIST_ROWS ? t.municipality.more(proposals.length - LIST_ROWS) : undefined,
    },
    decisions: decisionLines,
    rounds: roundLines,
    reports: {
      heading: t.municipality.reportsHeading,
      lines: reports.slice(0, LIST_ROWS).map((r) => {
        const url = r.url && safeUrl(r.url);
        return [{ text: t.municipality.report(r.title, r.periodLabel), ...(url ? { url } : {}) }, { text: t.municipality.reportSent(localDate(new Date(r.at), tz)) }];
      }),
      empty: t.municipality.noReports,
      more: reports.length > LIST_ROWS ? t.municipality.more(reports.length - LIST_ROWS) : undefined,
    },
  };
}

export function municipalityReply(ctx: AppContext, m: Messages, member: Member): AdaptiveCard {
  return municipalityCard(municipalityView(ctx, m, member));
}

import { consensusVoters } from '../../config/partnership.js';
import { formatLocalDateTime } from '../../domain/calendar.js';
import type { YearOverview } from '../../domain/overview.js';
import type { Messages } from '../../i18n/index.js';
import { formatNumber } from '../../i18n/numbers.js';
import { overviewCard, type ChartSeries, type OverviewCardView } from '../../../cards/overview.js';
import type { AdaptiveCard } from '../../../cards/elements.js';
import type { AppContext } from '../context.js';
import { memberName, networkName } from '../kit/views.js';
import { preliminaryFee, yearFigures } from './figures.js';
import { clip, LIST_ROWS } from './municipality.js';
import { texts } from './texts.js';

/** The charts of a year's figures, each one series for the chart and its fallback table alike. */
export function overviewCharts(ctx: AppContext, m: Messages, f: YearOverview) {
  const t = texts(m).overview;
  const count = (n: number) => formatNumber(n, m.locale);
  const statusCharts = f.portfolio.map((g): ChartSeries | undefined =>
    g.total
      ? {
          title: t.statusChart(networkName(ctx, g.networkId), f.year),
          points: g.byStatus.map(([status, n]) => ({ label: m.proposal.status[status], value: n, text: count(n) })),
        }
      : undefined,
  );
  const gates: ChartSeries = {
    title: t.gatesChart(f.year),
    points: f.gatesByGate.map(([gate, n]) => ({ label: gate, value: n, text: count(n) })),
  };
  const participation: ChartSeries = {
    title: t.participationChart(f.year),
    points: f.participation.map((p) => ({ label: memberName(ctx, p.memberId), value: p.participates, text: count(p.participates) })),
  };
  const decisions: ChartSeries | undefined = f.decisions.length
    ? {
        title: t.decisionsChart(f.year),
        points: f.decisionCounts.map(([status, n]) => ({ label: m.decision.status[status], value: n, text: count(n) })),
      }
    : undefined;
  const money: ChartSeries = {
    title: t.moneyChart(f.year),
    points: f.money.map((x) => ({ label: memberName(ctx, x.memberId), value: x.total, text: m.money(x.total) })),
  };
  return { statusCharts, gates, participation, decisions, money };
}

export function overviewView(ctx: AppContext, m: Messages, year: number): OverviewCardView {
  const t = texts(m).overview;
  const f = yearFigures(ctx, year);
  const charts = overviewCharts(ctx, m, f);
  const preliminary = preliminaryFee(ctx, year);
  // The body's voters: in a samordningsförbund every member.
  const total = consensusVoters(ctx.partnership).length;
  const gateName = (g: string) => (g === 'none' ? t.gateNone : g);
  return {
    heading: t.heading(year),
    intro: t.intro(formatLocalDateTime(ctx.clock.now(), ctx.partnership.timeZone)),
    preliminary: preliminary && m.allocation.preliminary(preliminary.baseYear, preliminary.indexYears),
    portfolio: {
      heading: t.portfolioHeading,
      groups: f.portfolio.map((g, i) => ({
        heading: t.groupHeading(networkName(ctx, g.networkId), g.total),
        chart: charts.statusCharts[i],
        empty: g.total ? undefined : t.groupEmpty,
        gateLine: g.total ? t.gateLine(g.byGate.map(([gate, n]) => `${gateName(gate)}: ${n}`).join(' · ')) : undefined,
      })),
    },
    gates: { heading: t.gatesHeading, chart: charts.gates },
    participation: { heading: t.participationHeading, chart: charts.participation },
    decisions: {
      heading: t.decisionsHeading(year),
      chart: charts.decisions,
      // Newest first: what the chiefs decided last.
      lines: [...f.decisions]
        .reverse()
        .slice(0, LIST_ROWS)
        .map((d) => [{ text: `${d.id} ` }, { text: clip(d.question) }, { text: t.decisionLine(m.decision.status[d.status], d.approved, total) }]),
      empty: t.noDecisions(year),
      more: f.decisions.length > LIST_ROWS ? texts(m).municipality.more(f.decisions.length - LIST_ROWS) : undefined,
    },
    money: { heading: t.moneyHeading, chart: charts.money, footnote: t.moneyFootnote },
    nothingYet: t.nothingYet(year),
    hint: t.yearlyHint(year),
  };
}

export function overviewReply(ctx: AppContext, m: Messages, year: number): AdaptiveCard {
  return overviewCard(overviewView(ctx, m, year));
}

import { banner, card, facts, literal, table, text, type AdaptiveCard, type CardElement, type Run } from './elements.js';

/**
 * A municipality's part (`min kommun`, `kommun <namn>`) and the partnership's year (`översikt`), as
 * Adaptive Cards. Charts (Chart.Donut, Chart.HorizontalBar, Chart.VerticalBar) are drawn by Teams
 * desktop and web; a client that does not draw them (Teams mobile) shows each chart's `fallback`, a
 * list built from the same series, so both always show the same numbers. Every chart has a title
 * that says what it shows (its name for a screen reader) and stands under a heading or a caption.
 */

/** One chart's figures: its title and each point (`text`: the value as the fallback shows it). */
export interface ChartSeries {
  title: string;
  points: { label: string; value: number; text: string }[];
}

/**
 * The fallback: the chart's points as label–value pairs. A FactSet rather than a Table: the same
 * reading on a phone at a tenth of the size, so a card with six charts stays well under Teams' limit
 * for a card (about 28 KB). The chart's title is not in it: the title stands above the chart (Teams
 * does not draw a chart's own title; it reads it out as the chart's name), so both show it once.
 */
export function chartFallback(s: ChartSeries): CardElement {
  return facts(s.points.map((p) => [p.label, p.text]));
}

export function donutChart(s: ChartSeries): CardElement {
  return { type: 'Chart.Donut', title: s.title, data: s.points.map((p) => ({ legend: p.label, value: p.value })), fallback: chartFallback(s) };
}

/** Bars with their values written at their ends (no axis): thirteen municipalities' names fit, and every figure is there to read. */
export function horizontalBarChart(s: ChartSeries): CardElement {
  return { type: 'Chart.HorizontalBar', title: s.title, displayMode: 'AbsoluteNoAxis', data: s.points.map((p) => ({ x: p.label, y: p.value })), fallback: chartFallback(s) };
}

/** Columns, for a few short labels (the gates); thirteen names would be cut to their first letters. */
export function verticalBarChart(s: ChartSeries): CardElement {
  return { type: 'Chart.VerticalBar', title: s.title, showBarValues: true, data: s.points.map((p) => ({ x: p.label, y: p.value })), fallback: chartFallback(s) };
}

/** A chart's title as a line above it, for the eye (a screen reader also hears it as the chart's name). */
const caption = (s: ChartSeries) => text(s.title, { weight: 'Bolder', spacing: 'Medium' });

// Sizes given explicitly: a TextBlock in the heading style is otherwise drawn at the heading's own
// (large) size, and the sections would read smaller than what they hold.
const heading = (value: string) => text(value, { size: 'Large', weight: 'Bolder', style: 'heading', spacing: 'ExtraLarge' });
const subheading = (value: string) => text(value, { size: 'Medium', weight: 'Bolder', style: 'heading', spacing: 'Large' });
const title = (value: string) => text(value, { size: 'ExtraLarge', weight: 'Bolder', style: 'heading' });
const note = (value: string) => text(value, { isSubtle: true, size: 'Small' });

/** A section of lines, each literal (titles and questions are what people wrote), or its "nothing" line. */
export interface LinesView {
  heading: string;
  lines: Run[][];
  empty: string;
  more?: string;
}

function lines(v: LinesView): CardElement[] {
  return [
    heading(v.heading),
    ...(v.lines.length ? v.lines.map((runs) => literal([{ text: '• ' }, ...runs], { spacing: 'Small' })) : [text(v.empty, { isSubtle: true })]),
    ...(v.more ? [note(v.more)] : []),
  ];
}

/** The top of both cards: a warning when figures are not confirmed, the title and a line under it. */
export interface CardTop {
  heading: string;
  intro: string;
  /** What the figures rest on that is not confirmed (the fee, the year's money). */
  preliminary?: string;
}

function top(v: CardTop): (CardElement | undefined)[] {
  return [v.preliminary ? banner(v.preliminary, 'warning') : undefined, title(v.heading), text(v.intro, { isSubtle: true, spacing: 'None' })];
}

/** A section that is one chart: its heading, the chart's title as a caption, the chart. */
function chartSection(value: string, chart: ChartSeries, draw: (s: ChartSeries) => CardElement, nothingYet: string): CardElement[] {
  if (chart.points.every((p) => p.value === 0)) return [heading(value), text(nothingYet, { isSubtle: true })];
  return [heading(value), caption(chart), draw(chart)];
}

/**
 * One member's part. A municipality has every section; a member of another kind (a region, an agency
 * in a samordningsförbund) pays no population-split fee and answers no project, so it has only what
 * waits for its vote (where it votes) and statement.
 */
export interface MunicipalityCardView extends CardTop {
  fee?: { heading: string; facts: [string, string][] } | { heading: string; none: string };
  projects?: { heading: string; columns: string[]; rows: string[][]; empty: string; more?: string; total?: string; footnote: string };
  proposals?: LinesView;
  decisions?: LinesView;
  /** Consultation rounds still without the member's statement. */
  rounds: LinesView;
  reports?: LinesView;
}

/** One member: its projects with status, gate and share, its fee, what waits for its answer, vote or statement, the reports it got. */
export function municipalityCard(v: MunicipalityCardView): AdaptiveCard {
  const p = v.projects;
  return card([
    ...top(v),
    ...(p
      ? [
          heading(p.heading),
          ...(p.rows.length ? [table(p.columns, p.rows, [5, 3, 3, 3])] : [text(p.empty, { isSubtle: true })]),
          ...(p.more ? [note(p.more)] : []),
          ...(p.total ? [text(p.total, { weight: 'Bolder' })] : []),
          note(p.footnote),
        ]
      : []),
    ...(v.fee ? [heading(v.fee.heading), 'facts' in v.fee ? facts(v.fee.facts) : text(v.fee.none, { isSubtle: true })] : []),
    ...(v.proposals ? lines(v.proposals) : []),
    ...(v.decisions ? lines(v.decisions) : []),
    ...lines(v.rounds),
    ...(v.reports ? lines(v.reports) : []),
  ]);
}

export interface OverviewCardView extends CardTop {
  portfolio: { heading: string; groups: { heading: string; chart?: ChartSeries; empty?: string; gateLine?: string }[] };
  gates: { heading: string; chart: ChartSeries };
  participation: { heading: string; chart: ChartSeries };
  decisions: { heading: string; chart?: ChartSeries } & LinesView;
  money: { heading: string; chart: ChartSeries; footnote: string };
  /** Said instead of a chart whose every figure is 0 (early in a year, or a body without a fee). */
  nothingYet: string;
  hint: string;
}

/** The partnership's year: portfolios by status and gate, gates passed, participation, decisions and outcomes, money per municipality. */
export function overviewCard(v: OverviewCardView): AdaptiveCard {
  const d = v.decisions;
  return card([
    ...top(v),
    heading(v.portfolio.heading),
    ...v.portfolio.groups.flatMap((g) => [
      subheading(g.heading),
      ...(g.chart ? [donutChart(g.chart)] : [text(g.empty ?? '', { isSubtle: true })]),
      ...(g.gateLine ? [text(g.gateLine, { size: 'Small' })] : []),
    ]),
    ...chartSection(v.gates.heading, v.gates.chart, verticalBarChart, v.nothingYet),
    ...chartSection(v.participation.heading, v.participation.chart, horizontalBarChart, v.nothingYet),
    ...(d.chart ? [heading(d.heading), donutChart(d.chart), ...lines({ ...d, heading: '' }).slice(1)] : lines(d)),
    ...chartSection(v.money.heading, v.money.chart, horizontalBarChart, v.nothingYet),
    note(v.money.footnote),
    text(v.hint, { spacing: 'Large' }),
  ]);
}

import { consensusVoters } from '../../config/partnership.js';
import { formatLocalDateTime, localDate } from '../../domain/calendar.js';
import { csvField } from '../../domain/csv.js';
import type { YearOverview } from '../../domain/overview.js';
import type { Messages } from '../../i18n/index.js';
import { formatNumber } from '../../i18n/numbers.js';
import type { AppContext } from '../context.js';
import { memberName, networkName } from '../kit/views.js';
import { preliminaryFee, yearFigures } from './figures.js';
import { gateText } from './municipality.js';
import { texts, type OverviewTexts } from './texts.js';

/**
 * `årsöversikt <år>`: the year's figures as a printable page (HTML, no script: headings, tables with
 * header cells, each chart an SVG with a title and a description and its figures also in a table) and
 * as CSV for Swedish Excel (formula-safe). Both are drawn from one YearOverview, so they agree.
 */

export interface YearlyInput {
  figures: YearOverview;
  m: Messages;
  partnership: string;
  generatedAt: string;
  timeZone: string;
  /** The fee rests on unconfirmed values: what the page says about it. */
  preliminary?: string;
  memberName(id: string): string;
  networkName(id: string): string;
  /** How many municipalities vote (for "11 av 13"). */
  voters: number;
}

export interface RenderedYearly {
  html: string;
  csv: string;
  /** Without extension. */
  filename: string;
}

export function renderYearly(ctx: AppContext, m: Messages, year: number): RenderedYearly {
  const preliminary = preliminaryFee(ctx, year);
  const input: YearlyInput = {
    figures: yearFigures(ctx, year),
    m,
    partnership: ctx.partnership.name,
    generatedAt: formatLocalDateTime(ctx.clock.now(), ctx.partnership.timeZone),
    timeZone: ctx.partnership.timeZone,
    preliminary: preliminary && m.allocation.preliminary(preliminary.baseYear, preliminary.indexYears),
    memberName: (id) => memberName(ctx, id),
    networkName: (id) => networkName(ctx, id),
    voters: consensusVoters(ctx.partnership).length,
  };
  return { html: yearlyHtml(input), csv: yearlyCsv(input), filename: `arsoversikt-${year}` };
}

// ---------------------------------------------------------------------------------------------
// The rows both formats show

interface Tables {
  t: OverviewTexts;
  projects: string[][];
  gates: string[][];
  decisions: string[][];
  participation: string[][];
  money: { rows: string[][]; total: string[] };
}

function tables(input: YearlyInput, money: (n: number) => string, count: (n: number) => string): Tables {
  const { figures: f, m } = input;
  const t = texts(m);
  const day = (at: string) => localDate(new Date(at), input.timeZone);
  const sum = (pick: (x: YearOverview['money'][number]) => number) => f.money.reduce((s, x) => s + pick(x), 0);
  const anyFee = f.money.some((x) => x.fee !== null);
  return {
    t,
    projects: [...f.projects]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((p) => [
        p.id,
        p.title,
        input.networkName(p.networkId),
        m.proposal.status[p.status],
        gateText(t, p),
        p.passedInYear.map((g) => g.gate).join(', '),
        p.participants.map(input.memberName).join(', '),
        p.estimatedCostSek === null ? '' : money(p.estimatedCostSek),
      ]),
    gates: f.gatesPassed.map((g) => [day(g.at), `${g.projectId} ${g.title}`, `${g.gate} ${m.gates.names[g.gate]}`]),
    decisions: f.decisions.map((d) => [
      d.id,
      d.question,
      m.decision.kinds[d.kind],
      formatLocalDateTime(d.closesAt, input.timeZone),
      m.decision.status[d.status],
      t.yearly.approvedOf(count(d.approved), count(input.voters)),
    ]),
    participation: f.participation.map((p) => [input.memberName(p.memberId), count(p.participates), count(p.declined)]),
    money: {
      rows: f.money.map((x) => [input.memberName(x.memberId), x.fee === null ? '' : money(x.fee), money(x.projects), money(x.total)]),
      total: [t.yearly.totalRow, anyFee ? money(sum((x) => x.fee ?? 0)) : '', money(sum((x) => x.projects)), money(sum((x) => x.total))],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// HTML

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

interface Point {
  label: string;
  value: number;
  text: string;
}

/** A horizontal bar chart as SVG: a title and a description that carry its figures (role img), bars and labels drawn for the eye. */
export function svgBars(id: string, title: string, desc: string, points: readonly Point[]): string {
  const row = 26;
  const labelWidth = 190;
  const barWidth = 330;
  const width = labelWidth + barWidth + 130;
  const height = Math.max(1, points.length) * row + 8;
  const max = Math.max(1, ...points.map((p) => p.value));
  const bars = points
    .map((p, i) => {
      const y = 4 + i * row;
      const w = Math.round((p.value / max) * barWidth);
      return (
        `<text x="${labelWidth - 8}" y="${y + 17}" text-anchor="end">${escapeHtml(p.label)}</text>` +
        `<rect x="${labelWidth}" y="${y + 4}" width="${Math.max(w, p.value > 0 ? 2 : 0)}" height="${row - 8}" rx="2"></rect>` +
        `<text x="${labelWidth + w + 6}" y="${y + 17}">${escapeHtml(p.text)}</text>`
      );
    })
    .join('');
  return (
    `<svg class="chart" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="${id}-title">${escapeHtml(title)}</title><desc id="${id}-desc">${escapeHtml(desc)}</desc>${bars}</svg>`
  );
}

function htmlTable(caption: string, headers: readonly string[], rows: readonly string[][], options: { numeric?: number[]; rowHeader?: boolean; foot?: string[]; wide?: boolean } = {}): string {
  const numeric = new Set(options.numeric ?? []);
  const cell = (value: string, i: number, tag: 'td' | 'th', scope?: string) =>
    `<${tag}${scope ? ` scope="${scope}"` : ''}${numeric.has(i) ? ' class="num"' : ''}>${escapeHtml(value)}</${tag}>`;
  const line = (r: readonly string[]) => `<tr>${r.map((v, i) => (i === 0 && options.rowHeader ? cell(v, i, 'th', 'row') : cell(v, i, 'td'))).join('')}</tr>`;
  return (
    `<table${options.wide ? ' class="wide"' : ''}><caption>${escapeHtml(caption)}</caption>` +
    `<thead><tr>${headers.map((h, i) => cell(h, i, 'th', 'col')).join('')}</tr></thead>` +
    `<tbody>${rows.map(line).join('')}</tbody>` +
    (options.foot ? `<tfoot><tr>${options.foot.map((v, i) => (i === 0 ? cell(v, i, 'th', 'row') : cell(v, i, 'td'))).join('')}</tr></tfoot>` : '') +
    `</table>`
  );
}

const STYLE = `
body{font-family:"Segoe UI",Arial,sans-serif;color:#1b1b1b;background:#fff;margin:2rem auto;max-width:60rem;padding:0 1rem;line-height:1.45}
h1{font-size:1.8rem;margin:0 0 .25rem}h2{font-size:1.35rem;margin-top:2.25rem;border-bottom:2px solid #2b4f81;padding-bottom:.2rem}h3{font-size:1.1rem;margin-top:1.5rem}
table{border-collapse:collapse;min-width:24rem;max-width:100%;margin:.5rem 0 1rem;font-size:.92rem}table.wide{width:100%}caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border:1px solid #8a8a8a;padding:.3rem .45rem;text-align:left;vertical-align:top}thead th{background:#e8eef6}tfoot th,tfoot td{font-weight:700;background:#f3f3f3}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.note{border-left:4px solid #8a5a00;background:#fff6e0;padding:.5rem .75rem}
.chart{max-width:100%;height:auto;font-size:13px}.chart text{fill:#1b1b1b}.chart rect{fill:#2b4f81}
a{color:#1a4f99}nav ul{columns:2}
@media print{body{margin:0;max-width:none}nav{display:none}h2{break-after:avoid}table,.chart{break-inside:avoid}a{color:inherit;text-decoration:none}}
`;

export function yearlyHtml(input: YearlyInput): string {
  const { figures: f, m } = input;
  const money = (n: number) => formatNumber(n, m.locale);
  const count = (n: number) => formatNumber(n, m.locale);
  const tb = tables(input, money, count);
  const { t } = tb;
  const y = t.yearly;
  const c = y.columns;
  const desc = (points: Point[]) => y.chartDesc(points.map((p) => `${p.label} ${p.text}`).join('; '));
  // A chart whose every figure is 0 says so instead (as the card does); the table below it keeps the figures.
  const chart = (id: string, title: string, points: Point[]) =>
    points.every((p) => p.value === 0) ? `<p>${escapeHtml(t.overview.nothingYet(f.year))}</p>` : svgBars(id, title, desc(points), points);
  const sections: { id: string; heading: string; body: string }[] = [];

  sections.push({
    id: 'portfolj',
    heading: y.sections.portfolio,
    body: f.portfolio
      .map((g, i) => {
        const name = input.networkName(g.networkId);
        const caption = y.groupCaption(name, f.year);
        const points = g.byStatus.map(([status, n]) => ({ label: m.proposal.status[status], value: n, text: count(n) }));
        const gates = t.overview.gateLine(g.byGate.map(([gate, n]) => `${gate === 'none' ? t.overview.gateNone : gate}: ${count(n)}`).join(' · '));
        return (
          `<h3>${escapeHtml(t.overview.groupHeading(name, g.total))}</h3>` +
          (g.total
            ? `${chart(`status-${i}`, caption, points)}${htmlTable(caption, [c.status, c.count], points.map((p) => [p.label, p.text]), { numeric: [1], rowHeader: true })}<p>${escapeHtml(gates)}</p>`
            : `<p>${escapeHtml(t.overview.groupEmpty)}</p>`)
        );
      })
      .join(''),
  });
  sections.push({
    id: 'projekt',
    heading: y.sections.projects,
    body: tb.projects.length
      ? htmlTable(y.sections.projects, [c.id, c.title, c.group, c.status, c.gate, c.passed, c.participants, c.cost], tb.projects, { numeric: [7], rowHeader: true, wide: true })
      : `<p>${escapeHtml(y.noProjects)}</p>`,
  });
  const gatePoints = f.gatesByGate.map(([gate, n]) => ({ label: `${gate} ${m.gates.names[gate]}`, value: n, text: count(n) }));
  sections.push({
    id: 'grindar',
    heading: y.sections.gates,
    body: tb.gates.length
      ? chart('grindar-antal', t.overview.gatesChart(f.year), gatePoints) +
        htmlTable(t.overview.gatesChart(f.year), [c.gatePassed, c.count], gatePoints.map((p) => [p.label, p.text]), { numeric: [1], rowHeader: true }) +
        htmlTable(y.sections.gates, [c.date, c.project, c.gatePassed], tb.gates, { wide: true })
      : `<p>${escapeHtml(y.noGates)}</p>`,
  });
  const decisionPoints = f.decisionCounts.map(([status, n]) => ({ label: m.decision.status[status], value: n, text: count(n) }));
  sections.push({
    id: 'beslut',
    heading: y.sections.decisions,
    body: f.decisions.length
      ? chart('beslut-utfall', t.overview.decisionsChart(f.year), decisionPoints) +
        htmlTable(t.overview.decisionsChart(f.year), [c.outcome, c.count], decisionPoints.map((p) => [p.label, p.text]), { numeric: [1], rowHeader: true }) +
        htmlTable(y.sections.decisions, [c.id, c.question, c.kind, c.closes, c.outcome, c.approved], tb.decisions, { numeric: [5], rowHeader: true, wide: true })
      : `<p>${escapeHtml(y.noDecisions)}</p>`,
  });
  const participationPoints = f.participation.map((p) => ({ label: input.memberName(p.memberId), value: p.participates, text: count(p.participates) }));
  sections.push({
    id: 'deltagande',
    heading: y.sections.participation,
    body:
      chart('deltagande', t.overview.participationChart(f.year), participationPoints) +
      htmlTable(y.sections.participation, [c.member, c.participates, c.declined], tb.participation, { numeric: [1, 2], rowHeader: true }),
  });
  const moneyPoints = f.money.map((x) => ({ label: input.memberName(x.memberId), value: x.total, text: `${money(x.total)} kr` }));
  sections.push({
    id: 'pengar',
    heading: y.sections.money,
    body:
      chart('pengar', t.overview.moneyChart(f.year), moneyPoints) +
      htmlTable(y.sections.money, [c.member, c.fee, c.shares, c.total], tb.money.rows, { numeric: [1, 2, 3], rowHeader: true, foot: tb.money.total }) +
      `<p>${escapeHtml(y.moneyNote)}</p>`,
  });

  const lang = m.locale.slice(0, 2);
  const title = y.title(f.year);
  return (
    `<!DOCTYPE html>\n<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(`${title} – ${input.partnership}`)}</title><style>${STYLE}</style></head><body>` +
    `<header><h1>${escapeHtml(title)}</h1><p>${escapeHtml(y.generated(input.partnership, input.generatedAt))}</p>` +
    (input.preliminary ? `<p class="note"><strong>${escapeHtml(input.preliminary)}</strong></p>` : '') +
    `</header>` +
    `<nav aria-labelledby="innehall"><h2 id="innehall">${escapeHtml(y.contents)}</h2><ul>${sections.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.heading)}</a></li>`).join('')}</ul></nav>` +
    `<main>${sections.map((s) => `<section aria-labelledby="${s.id}"><h2 id="${s.id}">${escapeHtml(s.heading)}</h2>${s.body}</section>`).join('')}</main>` +
    `<footer><p>${escapeHtml(y.generated(input.partnership, input.generatedAt))}</p></footer></body></html>\n`
  );
}

// ---------------------------------------------------------------------------------------------
// CSV

export function yearlyCsv(input: YearlyInput): string {
  // Whole numbers without grouping, so Excel reads them as numbers.
  const tb = tables(input, String, String);
  const { t } = tb;
  const y = t.yearly;
  const c = y.columns;
  const block = (title: string, headers: string[], rows: string[][]) => [[`${title} ${input.figures.year}`], headers, ...rows, []];
  const lines = [
    [y.title(input.figures.year), input.partnership],
    ...(input.preliminary ? [[input.preliminary]] : []),
    [],
    ...block(y.csvSections.projects, [c.id, c.title, c.group, c.status, c.gate, c.passed, c.participants, c.cost], tb.projects),
    ...block(y.csvSections.gates, [c.date, c.project, c.gatePassed], tb.gates),
    ...block(y.csvSections.decisions, [c.id, c.question, c.kind, c.closes, c.outcome, c.approved], tb.decisions),
    ...block(y.csvSections.participation, [c.member, c.participates, c.declined], tb.participation),
    ...block(y.csvSections.money, [c.member, c.fee, c.shares, c.total], [...tb.money.rows, tb.money.total]),
  ];
  return `\ufeff${lines.map((cells) => cells.map((v) => csvField(v)).join(';')).join('\r\n')}\r\n`;
}

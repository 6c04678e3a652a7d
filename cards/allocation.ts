import type { Messages } from '../src/i18n/index.js';
import { banner, card, facts, table, text, type AdaptiveCard } from './elements.js';
import { formatNumber } from '../src/i18n/numbers.js';

export interface AllocationCardView {
  year: number;
  total: number;
  populationDate?: string;
  /** What the fee rests on that is not confirmed: the base year's amount, index years. */
  preliminary?: { baseYear?: number | undefined; indexYears: number[] } | undefined;
  /** `quarters`: the four advance payments, whole kronor (the first may carry the odd kronor). */
  rows: { member: string; population: number; percent: string; amount: number; quarters: [number, number, number, number] }[];
}

/** The yearly fee split by population: a pie for the eye, a table with every krona for the record. */
export function allocationCard(m: Messages, v: AllocationCardView): AdaptiveCard {
  const a = m.allocation;
  const tableEl = table(
    [a.table.member, a.table.population, a.table.share, a.table.amount, a.table.quarter],
    v.rows.map((r) => {
      const quarters = r.quarters.every((q) => q === r.quarters[0]) ? m.money(r.quarters[0]) : r.quarters.map((q) => m.money(q)).join(' / ');
      return [r.member, formatNumber(r.population, 'sv-SE'), r.percent, m.money(r.amount), quarters];
    }),
    [3, 3, 2, 3, 3],
  );
  const p = v.preliminary;
  return card([
    p && banner(a.preliminary(p.baseYear, p.indexYears), 'warning'),
    text(a.heading(v.year), { size: 'Large', weight: 'Bolder' }),
    facts([
      [a.total, p ? a.preliminaryAmount(m.money(v.total)) : m.money(v.total)],
      ...(v.populationDate ? ([[a.populationDate, v.populationDate]] as [string, string][]) : []),
    ]),
    {
      type: 'Chart.Pie',
      title: a.heading(v.year),
      data: v.rows.map((r) => ({ legend: r.member, value: r.amount })),
      fallback: 'drop',
    },
    tableEl,
    text(a.footnote, { isSubtle: true, size: 'Small' }),
  ]);
}

import { feeSchedule, municipalities, unconfirmedFeeParts } from '../../config/partnership.js';
import { localYear } from '../../domain/calendar.js';
import { quarterlyAdvance, splitByWeight, yearlyFee } from '../../domain/allocation.js';
import type { Messages } from '../../i18n/index.js';
import { allocationCard } from '../../../cards/allocation.js';
import type { AdaptiveCard } from '../../../cards/elements.js';
import type { AppContext } from '../context.js';
import { formatNumber } from '../../i18n/numbers.js';

/** `fördelning [år]`: the joint fee of a year split by population, with the quarterly advance. */
export function allocationReply(ctx: AppContext, m: Messages, yearText?: string): AdaptiveCard | string {
  const fee = ctx.partnership.fee;
  if (!fee) return m.allocation.noFee;
  const year = yearText ? Number(yearText) : localYear(ctx.clock.now(), ctx.partnership.timeZone);
  if (!Number.isInteger(year)) return m.allocation.unknownYear(yearText ?? '');
  let total: number;
  try {
    total = yearlyFee(year, feeSchedule(fee));
  } catch {
    return m.allocation.unknownYear(String(year));
  }
  const members = municipalities(ctx.partnership);
  const split = splitByWeight(
    total,
    members.map((mm) => ({ id: mm.id, weight: mm.population ?? 0 })),
  );
  const unconfirmed = unconfirmedFeeParts(fee, year);
  return allocationCard(m, {
    year,
    total,
    // A fee resting on a guessed index must not look like the invoice amount.
    preliminary: unconfirmed.base || unconfirmed.indexYears.length > 0 ? { baseYear: unconfirmed.base ? fee.baseYear : undefined, indexYears: unconfirmed.indexYears } : undefined,
    populationDate: ctx.partnership.populationReferenceDate,
    rows: split.map((s, i) => ({
      member: members[i]!.name,
      population: members[i]!.population ?? 0,
      percent: `${formatNumber(s.share * 100, 'sv-SE', { min: 2, max: 2 })} %`,
      amount: s.amount,
      quarters: quarterlyAdvance(s.amount),
    })),
  });
}

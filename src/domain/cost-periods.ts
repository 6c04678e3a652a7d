import { splitByWeight, type Allocation, type WeightedPart } from './allocation.js';
import { addCalendarDays } from './calendar.js';
import { participantsOn } from './participation.js';
import type { ParticipationRecord } from './records.js';

/**
 * A project's cost split through its life (rules 5 and 8): each time a municipality joins or leaves,
 * the split is made anew among those who take part from that day, for the rest of the project. A
 * period is the stretch of days with one set of participants; its split divides the project's
 * estimated cost by population among them, in whole kronor that add up exactly to the estimated
 * cost (largest remainder). The project has no planned end or time plan, so a period's split says
 * which share of the project's cost each municipality carries during it, not kronor spent in it.
 */
export interface CostPeriod {
  /** The period's first day (YYYY-MM-DD); undefined: from the project's start. */
  from?: string;
  /** Its last day; undefined: it runs on. */
  to?: string;
  /** The municipalities taking part during it, in the order of `members`. */
  participants: string[];
  /** Their shares of the total: empty when nobody (with a weight) takes part. */
  split: Allocation[];
}

export function costPeriods(input: {
  /** Whole kronor. */
  total: number;
  /** One project's participation history, in the order recorded. */
  history: readonly ParticipationRecord[];
  /** The members that can share a cost, in display order, weighted (by population). */
  members: readonly WeightedPart[];
  /** The first day the participation counts (the day after the answer deadline). */
  start: string;
  /** The last day of a project that ended (BG4 passed or cancelled). */
  end?: string;
}): CostPeriod[] {
  const changes = [...new Set(input.history.filter((r) => r.kind && r.effectiveFrom).map((r) => r.effectiveFrom!))]
    .filter((d) => d > input.start && (input.end === undefined || d <= input.end))
    .sort();
  const starts = [input.start, ...changes];
  return starts.map((day, i) => {
    const taking = new Set(participantsOn(input.history, day));
    const parts = input.members.filter((m) => taking.has(m.id));
    const next = starts[i + 1];
    return {
      ...(i > 0 ? { from: day } : {}),
      ...(next ? { to: addCalendarDays(next, -1) } : input.end ? { to: input.end } : {}),
      participants: parts.map((p) => p.id),
      split: parts.some((p) => p.weight > 0) ? splitByWeight(input.total, parts) : [],
    };
  });
}

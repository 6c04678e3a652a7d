import { recorded, refused, seenBefore, type Decided } from './decided.js';
import { doneDelivery, type Press } from './delivery.js';
import type { ReportDone } from './records.js';

export type { ReportDone } from './records.js';

/**
 * Handed in is handed in: the first report counts and a later "Klart" for the same party changes
 * nothing ('already'), whoever presses it; a re-delivered press counts once.
 */
export function reportDone(input: {
  key: string;
  party: string;
  /** The occurrence's reports so far. */
  done: readonly Pick<ReportDone, 'party'>[];
  person: { id: string };
  press: Press;
  now: Date;
  /** The report's link (https, checked by the caller), kept with the record. */
  url?: string;
}): Decided<ReportDone, 'already' | 'duplicate'> {
  const record: ReportDone = {
    key: input.key,
    party: input.party,
    personId: input.person.id,
    at: input.now.toISOString(),
    activityId: input.press.activityId,
    ...(input.url ? { url: input.url } : {}),
  };
  const seen = seenBefore(input.press, doneDelivery(record));
  if (seen) return seen;
  if (input.done.some((d) => d.party === input.party)) return refused('already');
  return recorded(record);
}

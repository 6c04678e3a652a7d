import { TZDate } from '@date-fns/tz';

export const STOCKHOLM = 'Europe/Stockholm';

/** The calendar date (YYYY-MM-DD) at an instant in a time zone. */
export function localDate(at: Date, timeZone = STOCKHOLM): string {
  return localParts(at.getTime(), timeZone).slice(0, 10);
}

/**
 * "yyyy-MM-dd HH:mm" in a time zone, from one cached Intl formatter per zone: formatting is on every
 * card row, and building a zoned date for each was the largest cost of rendering a decision card.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
/** Recent results by zone and minute: a card shows the same few times again and again. */
const formatted = new Map<string, string>();
function localParts(ms: number, timeZone: string): string {
  const key = `${timeZone}|${Math.floor(ms / 60_000)}`;
  const known = formatted.get(key);
  if (known !== undefined) return known;
  if (formatted.size >= 10_000) formatted.clear();
  const text = formatMinute(ms, timeZone);
  formatted.set(key, text);
  return text;
}

function formatMinute(ms: number, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(ms)) p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** The calendar year at an instant in a time zone. */
export function localYear(at: Date, timeZone = STOCKHOLM): number {
  return new TZDate(at.getTime(), timeZone).getFullYear();
}

/** The first instant after a calendar day has ended in a time zone (midnight that follows it). */
const dayEnds = new Map<string, number>();
export function endOfLocalDay(date: string, timeZone = STOCKHOLM): Date {
  const key = `${timeZone}|${date}`;
  let ms = dayEnds.get(key);
  if (ms === undefined) {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    ms = new TZDate(y, m - 1, d + 1, 0, 0, 0, timeZone).getTime();
    if (dayEnds.size >= 10_000) dayEnds.clear();
    dayEnds.set(key, ms);
  }
  return new Date(ms);
}

/** "2026-11-23 14:05" in the zone's wall-clock time, for cards and records. */
export function formatLocalDateTime(at: Date | string, timeZone = STOCKHOLM): string {
  const ms = new Date(at).getTime();
  if (Number.isNaN(ms)) throw new RangeError(`formatLocalDateTime: invalid time ${String(at)}`);
  return localParts(ms, timeZone);
}

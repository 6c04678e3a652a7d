import { TZDate, tzOffset } from '@date-fns/tz';

export const STOCKHOLM = 'Europe/Stockholm';

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether the text is a calendar date (YYYY-MM-DD) that exists (no 31 April, no 29 February 2027). */
export function isCalendarDate(value: string): boolean {
  if (!CALENDAR_DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}

/** The calendar date `days` after (or before, when negative) a calendar date. */
export function addCalendarDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

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

const DAY_MS = 86_400_000;

/**
 * The instant a wall clock in `timeZone` shows `hours:minutes` on a calendar day, or 'skipped' when
 * that time does not exist there (the hour the clocks go forward, e.g. 02:30 on the last Sunday of
 * March in Stockholm). TZDate would move such a time silently; a person who chose it must choose again.
 * A time that happens twice (the hour the clocks go back) is its first occurrence, summer time: a
 * closing time is reached the first time the clock shows it, so nobody is given an hour more than
 * the wall clock promised, and it is what the person saw first.
 */
export function wallClockInstant(date: { year: number; month: number; day: number }, hours: number, minutes: number, timeZone = STOCKHOLM): Date | 'skipped' {
  const wall = Date.UTC(date.year, date.month - 1, date.day, hours, minutes);
  // Every offset in force a day around the wall time: a zone changes its offset at most once a day.
  const offsets = new Set([-DAY_MS, 0, DAY_MS].map((d) => tzOffset(timeZone, new Date(wall + d))));
  const fits = [...offsets].map((offset) => wall - offset * 60_000).filter((at) => tzOffset(timeZone, new Date(at)) * 60_000 === wall - at);
  return fits.length ? new Date(Math.min(...fits)) : 'skipped';
}

import { TZDate, tzOffset } from '@date-fns/tz';
import Holidays from 'date-holidays';
import { STOCKHOLM } from './calendar.js';

/*
 * Swedish working days, for deadlines and reminders. Pure functions on calendar dates ('YYYY-MM-DD');
 * nothing here reads the clock.
 *
 * A day off is a public holiday under lag (1989:253) om allmänna helgdagar (date-holidays type
 * `public`) or one of midsommarafton, julafton and nyårsafton, which the law does not list but which
 * are days off in practice (type `bank`). Everything else date-holidays lists for Sweden
 * (`observance`, `optional`: Mors dag, trettondagsafton, valborgsmässoafton, annandag pingst …)
 * is an ordinary working day when it falls Monday–Friday.
 */

export interface DayOff {
  /** 'YYYY-MM-DD' */
  date: string;
  /** Swedish name, e.g. 'midsommarafton'; two holidays on one date are joined with ' och '. */
  name: string;
}

/** Dates from this year on are supported (the law of 1989 applies from 1990). */
export const FIRST_SUPPORTED_YEAR = 1990;
/** Last year that fits the 'YYYY-MM-DD' format. */
export const LAST_SUPPORTED_YEAR = 9999;

const DAY_MS = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DAY_OFF_TYPES: ReadonlySet<string> = new Set(['public', 'bank']);

interface YearDaysOff {
  list: readonly Readonly<DayOff>[];
  dates: ReadonlySet<string>;
}

let holidays: Holidays | undefined;
const cache = new Map<number, YearDaysOff>();

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR) {
    throw new RangeError(`Year must be an integer from ${FIRST_SUPPORTED_YEAR} to ${LAST_SUPPORTED_YEAR}: ${String(year)}`);
  }
}

/** Days since 1970-01-01 (UTC) for a strictly valid 'YYYY-MM-DD' in the supported years. */
function parseDate(date: string): number {
  const match = typeof date === 'string' ? DATE_PATTERN.exec(date) : null;
  if (!match) throw new RangeError(`Not a date 'YYYY-MM-DD': ${String(date)}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`No such date: ${date}`);
  }
  checkYear(year);
  return ms / DAY_MS;
}

function formatDay(day: number): string {
  const at = new Date(day * DAY_MS);
  checkYear(at.getUTCFullYear());
  return at.toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
function weekday(day: number): number {
  return new Date(day * DAY_MS).getUTCDay();
}

function daysOff(year: number): YearDaysOff {
  checkYear(year);
  const cached = cache.get(year);
  if (cached) return cached;

  holidays ??= new Holidays('SE', { languages: 'sv', timezone: STOCKHOLM });
  const byDate = new Map<string, string[]>();
  for (const holiday of holidays.getHolidays(year)) {
    // Until 2004 the law had annandag pingst as a holiday (nationaldagen replaced it from 2005);
    // date-holidays drops nationaldagen before 2005 but lists annandag pingst only as an observance.
    const dayOff = DAY_OFF_TYPES.has(holiday.type) || (year < 2005 && holiday.name === 'annandag pingst');
    if (!dayOff) continue;
    // `date` is the local (Stockholm) start, 'YYYY-MM-DD hh:mm:ss'.
    const date = holiday.date.slice(0, 10);
    const names = byDate.get(date) ?? [];
    if (!names.includes(holiday.name)) names.push(holiday.name);
    byDate.set(date, names);
  }
  const list = [...byDate]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([date, names]) => Object.freeze({ date, name: names.join(' och ') }));
  const entry: YearDaysOff = { list: Object.freeze(list), dates: new Set(byDate.keys()) };
  cache.set(year, entry);
  return entry;
}

/**
 * The Swedish days off in a year, by date: the public holidays of lag (1989:253) om allmänna
 * helgdagar plus midsommarafton, julafton and nyårsafton. Includes those that fall on a weekend
 * (påskdagen and pingstdagen are always Sundays). One entry per date, sorted.
 */
export function swedishDaysOff(year: number): DayOff[] {
  return daysOff(year).list.map((d) => ({ ...d }));
}

function isWorkingDayNumber(day: number): boolean {
  const wd = weekday(day);
  if (wd === 0 || wd === 6) return false;
  const date = formatDay(day);
  return !daysOff(Number(date.slice(0, 4))).dates.has(date);
}

/** Monday–Friday and not a Swedish day off. */
export function isWorkingDay(date: string): boolean {
  return isWorkingDayNumber(parseDate(date));
}

function stepToWorkingDay(day: number, step: 1 | -1): number {
  let current = day;
  while (!isWorkingDayNumber(current)) current += step;
  return current;
}

/**
 * The date itself when it is a working day, else the nearest earlier working day. For deadlines and
 * reminder days that would fall on a weekend or a day off.
 */
export function previousWorkingDay(date: string): string {
  return formatDay(stepToWorkingDay(parseDate(date), -1));
}

/**
 * The n:th working day after (n > 0) or before (n < 0) the date, not counting the date itself, which
 * need not be a working day. n = 0 gives previousWorkingDay(date).
 */
export function addWorkingDays(date: string, n: number): string {
  const start = parseDate(date);
  if (!Number.isSafeInteger(n)) throw new RangeError(`Working days must be an integer: ${String(n)}`);
  if (n === 0) return formatDay(stepToWorkingDay(start, -1));
  const step = n > 0 ? 1 : -1;
  let current = start;
  for (let left = Math.abs(n); left > 0; left--) current = stepToWorkingDay(current + step, step);
  return formatDay(current);
}

/**
 * The instant when the wall clock in `timeZone` shows `time` ('HH:MM', 24-hour) on `date`. Correct
 * across daylight-saving changes. A time skipped when clocks go forward is read with the offset from
 * before the change (02:30 on the spring-forward day is 03:30 summer time); a time that occurs twice
 * when clocks go back is its first occurrence (summer time). Does not check or move the date: combine
 * with previousWorkingDay / addWorkingDays for that.
 */
export function workingDayAt(date: string, time: string, timeZone: string = STOCKHOLM): Date {
  const start = parseDate(date);
  const match = typeof time === 'string' ? TIME_PATTERN.exec(time) : null;
  if (!match) throw new RangeError(`Not a time 'HH:MM': ${String(time)}`);
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  const wall = start * DAY_MS + (hours * 60 + minutes) * 60_000;
  if (Number.isNaN(tzOffset(timeZone, new Date(wall)))) throw new RangeError(`Unknown time zone: ${String(timeZone)}`);

  const at = new Date(start * DAY_MS);
  const chosen = new TZDate(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate(), hours, minutes, 0, timeZone).getTime();
  if (Number.isNaN(chosen)) throw new RangeError(`Cannot place ${date} ${time} in ${timeZone}`);
  // When the clocks go back the same wall-clock time happens twice; take the earlier instant.
  let earliest = chosen;
  for (const offset of [tzOffset(timeZone, new Date(wall - DAY_MS)), tzOffset(timeZone, new Date(wall + DAY_MS))]) {
    const candidate = wall - offset * 60_000;
    if (candidate < earliest && tzOffset(timeZone, new Date(candidate)) === offset) earliest = candidate;
  }
  return new Date(earliest);
}

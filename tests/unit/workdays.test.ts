import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  isWorkingDay,
  previousWorkingDay,
  swedishDaysOff,
  workingDayAt,
} from '../../src/domain/workdays.js';

/*
 * The days off are written out by hand from lag (1989:253) om allmänna helgdagar (§ 1: nyårsdagen,
 * trettondedag jul, långfredagen, påskdagen, annandag påsk, Kristi himmelsfärdsdag, pingstdagen,
 * nationaldagen, midsommardagen = Saturday 20–26 June, alla helgons dag = Saturday 31 Oct–6 Nov,
 * juldagen, annandag jul; § 2: första maj) plus midsommarafton, julafton and nyårsafton.
 * Easter Sundays are cross-checked below with our own computus, not with date-holidays.
 */

type Expected = readonly (readonly [date: string, name: string])[];

const DAYS_OFF: Record<number, Expected> = {
  2026: [
    ['2026-01-01', 'nyårsdagen'], // Thu
    ['2026-01-06', 'trettondedag jul'], // Tue
    ['2026-04-03', 'långfredagen'],
    ['2026-04-05', 'påskdagen'],
    ['2026-04-06', 'annandag påsk'],
    ['2026-05-01', 'första maj'], // Fri
    ['2026-05-14', 'Kristi himmelsfärdsdag'],
    ['2026-05-24', 'pingstdagen'],
    ['2026-06-06', 'nationaldagen'], // Sat
    ['2026-06-19', 'midsommarafton'],
    ['2026-06-20', 'midsommardagen'],
    ['2026-10-31', 'alla helgons dag'],
    ['2026-12-24', 'julafton'], // Thu
    ['2026-12-25', 'juldagen'], // Fri
    ['2026-12-26', 'annandag jul'], // Sat
    ['2026-12-31', 'nyårsafton'], // Thu
  ],
  2027: [
    ['2027-01-01', 'nyårsdagen'], // Fri
    ['2027-01-06', 'trettondedag jul'], // Wed
    ['2027-03-26', 'långfredagen'],
    ['2027-03-28', 'påskdagen'],
    ['2027-03-29', 'annandag påsk'],
    ['2027-05-01', 'första maj'], // Sat
    ['2027-05-06', 'Kristi himmelsfärdsdag'],
    ['2027-05-16', 'pingstdagen'],
    ['2027-06-06', 'nationaldagen'], // Sun
    ['2027-06-25', 'midsommarafton'],
    ['2027-06-26', 'midsommardagen'],
    ['2027-11-06', 'alla helgons dag'],
    ['2027-12-24', 'julafton'], // Fri
    ['2027-12-25', 'juldagen'], // Sat
    ['2027-12-26', 'annandag jul'], // Sun
    ['2027-12-31', 'nyårsafton'], // Fri
  ],
  2028: [
    ['2028-01-01', 'nyårsdagen'], // Sat
    ['2028-01-06', 'trettondedag jul'], // Thu
    ['2028-04-14', 'långfredagen'],
    ['2028-04-16', 'påskdagen'],
    ['2028-04-17', 'annandag påsk'],
    ['2028-05-01', 'första maj'], // Mon
    ['2028-05-25', 'Kristi himmelsfärdsdag'],
    ['2028-06-04', 'pingstdagen'],
    ['2028-06-06', 'nationaldagen'], // Tue
    ['2028-06-23', 'midsommarafton'],
    ['2028-06-24', 'midsommardagen'],
    ['2028-11-04', 'alla helgons dag'],
    ['2028-12-24', 'julafton'], // Sun
    ['2028-12-25', 'juldagen'], // Mon
    ['2028-12-26', 'annandag jul'], // Tue
    ['2028-12-31', 'nyårsafton'], // Sun
  ],
};

const YEARS = [2026, 2027, 2028] as const;

/** Gregorian Easter Sunday (anonymous/Meeus–Jones–Butcher algorithm), as 'YYYY-MM-DD'. */
function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Test-side date helpers, independent of the module under test. */
const shift = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const weekdayOf = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();
const dateOf = (expected: Expected, name: string): string => {
  const found = expected.find(([, n]) => n === name);
  if (!found) throw new Error(`missing ${name}`);
  return found[0];
};

describe('the hand-written lists agree with the rules of the law', () => {
  it.each([
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2028, '2028-04-16'],
    // Known Easter Sundays, to check the computus itself.
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
  ])('Easter %i is %s', (year, easter) => {
    expect(easterSunday(year)).toBe(easter);
  });

  it.each(YEARS)('%i: movable and Saturday-rule days follow from Easter and the calendar', (year) => {
    const list = DAYS_OFF[year]!;
    const easter = easterSunday(year);
    expect(dateOf(list, 'påskdagen')).toBe(easter);
    expect(dateOf(list, 'långfredagen')).toBe(shift(easter, -2));
    expect(dateOf(list, 'annandag påsk')).toBe(shift(easter, 1));
    expect(dateOf(list, 'Kristi himmelsfärdsdag')).toBe(shift(easter, 39));
    expect(dateOf(list, 'pingstdagen')).toBe(shift(easter, 49));

    const midsommar = dateOf(list, 'midsommardagen');
    expect(weekdayOf(midsommar)).toBe(6);
    expect(midsommar >= `${year}-06-20` && midsommar <= `${year}-06-26`).toBe(true);
    expect(dateOf(list, 'midsommarafton')).toBe(shift(midsommar, -1));

    const allaHelgon = dateOf(list, 'alla helgons dag');
    expect(weekdayOf(allaHelgon)).toBe(6);
    expect(allaHelgon >= `${year}-10-31` && allaHelgon <= `${year}-11-06`).toBe(true);

    expect(list).toHaveLength(16);
  });
});

describe('swedishDaysOff', () => {
  it.each(YEARS)('%i is exactly the days off of the law plus the three eves', (year) => {
    const expected = DAYS_OFF[year]!.map(([date, name]) => ({ date, name }));
    expect(swedishDaysOff(year)).toEqual(expected);
  });

  it.each([
    ['2026-01-05', 'trettondagsafton'],
    ['2026-04-02', 'skärtorsdagen'],
    ['2026-04-04', 'påskafton'],
    ['2026-04-30', 'valborgsmässoafton'],
    ['2026-05-23', 'pingstafton'],
    ['2026-05-25', 'annandag pingst'],
    ['2026-05-31', 'Mors dag'],
    ['2026-10-30', 'allhelgonaafton'],
    ['2026-12-10', 'Nobeldagen'],
  ])('%s (%s) is not a day off', (date, _name) => {
    expect(swedishDaysOff(2026).map((d) => d.date)).not.toContain(date);
  });

  it('gives one entry per date when two holidays coincide (1 May 2008 was also Kristi himmelsfärd)', () => {
    const days = swedishDaysOff(2008);
    expect(days).toHaveLength(15);
    expect(days.find((d) => d.date === '2008-05-01')?.name).toBe('första maj och Kristi himmelsfärdsdag');
  });

  it('follows the law before 2005: annandag pingst was a day off, nationaldagen was not', () => {
    const dates = swedishDaysOff(2004).map((d) => d.date);
    expect(dates).toContain('2004-05-31');
    expect(dates).not.toContain('2004-06-07');
    expect(isWorkingDay('2004-05-31')).toBe(false);
    expect(isWorkingDay('2005-05-16')).toBe(true); // annandag pingst 2005
  });

  it('cannot be changed by the caller (cache)', () => {
    const first = swedishDaysOff(2026);
    first.pop();
    first[0]!.date = '2026-01-02';
    expect(swedishDaysOff(2026)).toHaveLength(16);
    expect(swedishDaysOff(2026)[0]).toEqual({ date: '2026-01-01', name: 'nyårsdagen' });
    expect(isWorkingDay('2026-01-02')).toBe(true);
  });

  it.each([2026.5, Number.NaN, 1989, 10000])('rejects year %s', (year) => {
    expect(() => swedishDaysOff(year)).toThrow(RangeError);
  });
});

describe('isWorkingDay', () => {
  it.each(YEARS)('%i: no day off on the list is a working day', (year) => {
    for (const [date] of DAYS_OFF[year]!) expect(isWorkingDay(date), date).toBe(false);
  });

  it.each([
    // Observances and "optional" days that fall Monday–Friday are ordinary working days.
    ['2026-01-05', 'trettondagsafton, Mon'],
    ['2027-01-05', 'trettondagsafton, Tue'],
    ['2028-01-05', 'trettondagsafton, Wed'],
    ['2026-04-30', 'valborgsmässoafton, Thu'],
    ['2027-04-30', 'valborgsmässoafton, Fri'],
    ['2026-05-25', 'annandag pingst, Mon'],
    ['2027-05-17', 'annandag pingst, Mon'],
    ['2028-06-05', 'annandag pingst, Mon'],
    ['2026-04-02', 'skärtorsdagen, Thu'],
    ['2026-10-30', 'allhelgonaafton, Fri'],
    ['2026-12-23', 'dagen före julafton, Wed'],
    ['2026-12-30', 'dagen före nyårsafton, Wed'],
    ['2028-02-29', 'leap day, Tue'],
    ['2028-12-27', 'Wed after annandag jul'],
  ])('%s (%s) is a working day', (date) => {
    expect(isWorkingDay(date)).toBe(true);
  });

  it.each([
    ['2026-05-31', 'Mors dag, always a Sunday'],
    ['2028-04-30', 'valborgsmässoafton on a Sunday'],
    ['2026-03-07', 'Saturday'],
    ['2026-03-08', 'Sunday'],
  ])('%s (%s) is not a working day', (date) => {
    expect(isWorkingDay(date)).toBe(false);
  });

  // Counted by hand: days − Saturdays − Sundays − days off that fall Monday–Friday.
  it.each([
    [2026, 365 - 104 - 10],
    [2027, 365 - 104 - 8],
    [2028, 366 - 106 - 9],
  ])('%i has %i working days', (year, count) => {
    let n = 0;
    for (let d = `${year}-01-01`; d.startsWith(String(year)); d = shift(d, 1)) if (isWorkingDay(d)) n++;
    expect(n).toBe(count);
    expect(addWorkingDays(`${year - 1}-12-31`, count).startsWith(String(year))).toBe(true);
    expect(addWorkingDays(`${year - 1}-12-31`, count + 1).startsWith(String(year + 1))).toBe(true);
  });
});

describe('previousWorkingDay', () => {
  it.each([
    ['2026-03-08', '2026-03-06', 'ordinary Sunday → Friday'],
    ['2026-03-07', '2026-03-06', 'ordinary Saturday → Friday'],
    ['2026-03-09', '2026-03-09', 'working day → itself'],
    ['2026-06-19', '2026-06-18', 'midsommarafton (Fri) → Thursday'],
    ['2026-06-21', '2026-06-18', 'Sunday after midsommar'],
    ['2026-12-31', '2026-12-30', 'nyårsafton (Thu) → Wednesday'],
    ['2027-01-01', '2026-12-30', 'nyårsdagen (Fri), past nyårsafton'],
    ['2027-01-03', '2026-12-30', 'Sunday after New Year'],
    ['2026-12-27', '2026-12-23', 'Sunday after Christmas'],
    ['2026-04-03', '2026-04-02', 'långfredagen'],
    ['2026-04-05', '2026-04-02', 'påskdagen'],
    ['2026-04-06', '2026-04-02', 'annandag påsk → skärtorsdagen'],
    ['2026-05-14', '2026-05-13', 'Kristi himmelsfärdsdag'],
    ['2026-05-25', '2026-05-25', 'annandag pingst is a working day'],
    ['2027-12-26', '2027-12-23', 'Christmas 2027 (Fri–Sun)'],
    ['2028-01-01', '2027-12-30', 'nyårsdagen 2028 (Sat), nyårsafton Fri'],
    ['2028-12-26', '2028-12-22', 'Christmas 2028 (Sun–Tue)'],
  ])('%s → %s (%s)', (date, expected) => {
    expect(previousWorkingDay(date)).toBe(expected);
  });
});

describe('addWorkingDays', () => {
  it.each([
    // Christmas and New Year 2026: 24, 25 Dec Thu–Fri off, 26–27 weekend, 31 Dec and 1 Jan off,
    // 2–3 Jan weekend, 6 Jan (Wed) off.
    ['2026-12-23', 1, '2026-12-28'],
    ['2026-12-23', 3, '2026-12-30'],
    ['2026-12-23', 4, '2027-01-04'],
    ['2026-12-23', 5, '2027-01-05'],
    ['2026-12-23', 6, '2027-01-07'],
    ['2026-12-24', 1, '2026-12-28'],
    // Counting back from a closing on Thursday 7 January 2027.
    ['2027-01-07', -1, '2027-01-05'],
    ['2027-01-07', -2, '2027-01-04'],
    ['2027-01-07', -3, '2026-12-30'],
    ['2027-01-07', -5, '2026-12-28'],
    ['2027-01-07', -6, '2026-12-23'],
    ['2027-01-06', -1, '2027-01-05'],
    ['2027-01-01', 1, '2027-01-04'],
    ['2026-12-27', -1, '2026-12-23'],
    // Easter 2026: 3 Apr Fri and 6 Apr Mon off.
    ['2026-04-02', 1, '2026-04-07'],
    ['2026-04-03', 1, '2026-04-07'],
    ['2026-04-01', 2, '2026-04-07'],
    ['2026-04-07', -1, '2026-04-02'],
    ['2026-04-09', -5, '2026-03-31'],
    ['2026-04-05', -1, '2026-04-02'],
    // Easter 2027: 26 Mar Fri and 29 Mar Mon off.
    ['2027-03-25', 1, '2027-03-30'],
    ['2027-03-30', -1, '2027-03-25'],
    // Kristi himmelsfärd 2026 (Thu 14 May).
    ['2026-05-13', 1, '2026-05-15'],
    ['2026-05-15', -1, '2026-05-13'],
    // n = 0 is previousWorkingDay.
    ['2026-04-06', 0, '2026-04-02'],
    ['2026-04-07', 0, '2026-04-07'],
    ['2026-03-08', 0, '2026-03-06'],
    // Ordinary weeks.
    ['2026-03-06', 1, '2026-03-09'],
    ['2026-03-09', 5, '2026-03-16'],
    ['2026-03-09', -1, '2026-03-06'],
  ])('%s %+i → %s', (date, n, expected) => {
    expect(addWorkingDays(date, n)).toBe(expected);
  });

  it('going back n working days undoes going forward n, from every working day of 2026', () => {
    for (let d = '2026-01-01'; d < '2027-01-01'; d = shift(d, 1)) {
      if (!isWorkingDay(d)) continue;
      for (const n of [1, 2, 3, 10]) {
        const later = addWorkingDays(d, n);
        expect(isWorkingDay(later)).toBe(true);
        expect(addWorkingDays(later, -n), `${d} +${n}`).toBe(d);
      }
    }
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects n = %s', (n) => {
    expect(() => addWorkingDays('2026-03-09', n)).toThrow(RangeError);
  });
});

describe('workingDayAt', () => {
  it.each([
    ['2026-03-27', '09:00', '2026-03-27T08:00:00.000Z', 'Fri before spring-forward, CET'],
    ['2026-03-29', '09:00', '2026-03-29T07:00:00.000Z', 'spring-forward day, CEST'],
    ['2026-03-30', '09:00', '2026-03-30T07:00:00.000Z', 'Mon after spring-forward, CEST'],
    ['2026-10-23', '09:00', '2026-10-23T07:00:00.000Z', 'Fri before fall-back, CEST'],
    ['2026-10-25', '09:00', '2026-10-25T08:00:00.000Z', 'fall-back day, CET'],
    ['2026-10-26', '09:00', '2026-10-26T08:00:00.000Z', 'Mon after fall-back, CET'],
    ['2026-03-29', '00:00', '2026-03-28T23:00:00.000Z', 'midnight before the change'],
    ['2026-03-29', '23:59', '2026-03-29T21:59:00.000Z', 'end of the short day'],
    ['2026-10-25', '00:00', '2026-10-24T22:00:00.000Z', 'midnight before the change'],
    ['2026-10-25', '23:59', '2026-10-25T22:59:00.000Z', 'end of the long day'],
    ['2026-03-29', '02:30', '2026-03-29T01:30:00.000Z', 'skipped time → 03:30 CEST'],
    ['2026-10-25', '02:30', '2026-10-25T00:30:00.000Z', 'repeated time → first occurrence'],
  ])('%s %s Stockholm = %s (%s)', (date, time, iso) => {
    expect(workingDayAt(date, time).toISOString()).toBe(iso);
    expect(workingDayAt(date, time, 'Europe/Stockholm').toISOString()).toBe(iso);
  });

  it.each([
    ['2026-03-09', '09:00', 'UTC', '2026-03-09T09:00:00.000Z'],
    ['2026-03-09', '09:00', 'America/New_York', '2026-03-09T13:00:00.000Z'],
    ['2026-11-02', '01:30', 'America/New_York', '2026-11-02T06:30:00.000Z'],
    ['2026-11-01', '01:30', 'America/New_York', '2026-11-01T05:30:00.000Z'],
  ])('%s %s %s = %s', (date, time, zone, iso) => {
    expect(workingDayAt(date, time, zone).toISOString()).toBe(iso);
  });

  it.each(['9:00', '24:00', '12:60', '09:00:00', 'noon', ''])('rejects time %j', (time) => {
    expect(() => workingDayAt('2026-03-09', time)).toThrow(RangeError);
  });

  it('rejects an unknown time zone', () => {
    expect(() => workingDayAt('2026-03-09', '09:00', 'Europe/Nowhere')).toThrow(RangeError);
  });
});

describe('strict dates', () => {
  const invalid = [
    '2026-02-30',
    '2027-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-1-5',
    '2026-01-5',
    '26-01-05',
    '20260105',
    ' 2026-01-05',
    '2026-01-05 ',
    '2026-01-05T09:00',
    '2026/01/05',
    'junk',
    '',
    '1989-12-29',
  ];
  it.each(invalid)('%j throws RangeError everywhere', (date) => {
    expect(() => isWorkingDay(date)).toThrow(RangeError);
    expect(() => previousWorkingDay(date)).toThrow(RangeError);
    expect(() => addWorkingDays(date, 1)).toThrow(RangeError);
    expect(() => workingDayAt(date, '09:00')).toThrow(RangeError);
  });

  it('throws RangeError for values that are not strings', () => {
    expect(() => isWorkingDay(undefined as unknown as string)).toThrow(RangeError);
    expect(() => isWorkingDay(20260105 as unknown as string)).toThrow(RangeError);
  });
});

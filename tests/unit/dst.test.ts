import { describe, expect, it } from 'vitest';
import { addCalendarDays, isCalendarDate, wallClockInstant } from '../../src/domain/calendar.js';
import { checkDecisionForm } from '../../src/domain/decision-form.js';

const day = (date: string) => {
  const [year, month, d] = date.split('-').map(Number) as [number, number, number];
  return { year, month, day: d };
};

describe('a wall-clock time in a time zone is honest about daylight saving', () => {
  const table: [string, string, string, string | 'skipped'][] = [
    ['winter', '2026-12-10', '16:00', '2026-12-10T15:00:00.000Z'],
    ['summer', '2027-07-01', '16:00', '2027-07-01T14:00:00.000Z'],
    ['spring forward: the last minute before the gap', '2027-03-28', '01:59', '2027-03-28T00:59:00.000Z'],
    ['spring forward: 02:00 does not exist', '2027-03-28', '02:00', 'skipped'],
    ['spring forward: 02:30 does not exist', '2027-03-28', '02:30', 'skipped'],
    ['spring forward: 02:59 does not exist', '2027-03-28', '02:59', 'skipped'],
    ['spring forward: 03:00 is summer time', '2027-03-28', '03:00', '2027-03-28T01:00:00.000Z'],
    ['spring forward 2026', '2026-03-29', '02:30', 'skipped'],
    ['02:30 the day before the change exists', '2027-03-27', '02:30', '2027-03-27T01:30:00.000Z'],
    ['fall back: 02:30 happens twice, the first (summer time) counts', '2026-10-25', '02:30', '2026-10-25T00:30:00.000Z'],
    ['fall back: 02:00 happens twice, the first counts', '2027-10-31', '02:00', '2027-10-31T00:00:00.000Z'],
    ['fall back: 01:59 happens once', '2026-10-25', '01:59', '2026-10-24T23:59:00.000Z'],
    ['fall back: 03:00 happens once, winter time', '2026-10-25', '03:00', '2026-10-25T02:00:00.000Z'],
  ];
  it.each(table)('%s: %s %s', (_name, date, time, expected) => {
    const [h, m] = time.split(':').map(Number) as [number, number];
    const at = wallClockInstant(day(date), h, m, 'Europe/Stockholm');
    expect(at === 'skipped' ? at : at.toISOString()).toBe(expected);
  });

  it('works for other zones too', () => {
    expect(wallClockInstant(day('2027-03-14'), 2, 30, 'America/New_York')).toBe('skipped');
    expect(wallClockInstant(day('2026-11-01'), 1, 30, 'America/New_York')).toEqual(new Date('2026-11-01T05:30:00.000Z'));
    expect(wallClockInstant(day('2027-03-28'), 2, 30, 'UTC')).toEqual(new Date('2027-03-28T02:30:00.000Z'));
  });
});

describe('the decision form refuses a closing time that does not exist in Stockholm', () => {
  const form = { question: 'Q', kind: 'other', background: '', amountSek: '' };
  const now = new Date('2026-10-01T09:00:00Z');

  it('the spring-forward hour: an error on the time field, not a silently moved time', () => {
    for (const closesTime of ['02:00', '02:30', '02:59'])
      expect(checkDecisionForm({ ...form, closesDate: '2027-03-28', closesTime }, now, 'Europe/Stockholm')).toEqual({ ok: false, errors: { closesTime: 'skippedTime' } });
    expect(checkDecisionForm({ ...form, closesDate: '2027-03-28', closesTime: '03:00' }, now, 'Europe/Stockholm')).toMatchObject({ ok: true, draft: { closesAt: '2027-03-28T01:00:00.000Z' } });
  });

  it('the fall-back hour: the first 02:30', () => {
    expect(checkDecisionForm({ ...form, closesDate: '2026-10-25', closesTime: '02:30' }, now, 'Europe/Stockholm')).toMatchObject({ ok: true, draft: { closesAt: '2026-10-25T00:30:00.000Z' } });
  });

  it('still refuses a date that does not exist', () => {
    expect(checkDecisionForm({ ...form, closesDate: '2027-02-30', closesTime: '12:00' }, now, 'Europe/Stockholm')).toEqual({ ok: false, errors: { closesDate: 'invalidDate' } });
  });
});

describe('calendar dates, as the forms read them (one helper for proposals, rounds and join/leave)', () => {
  it.each([
    ['2026-04-30', true],
    ['2026-04-31', false],
    ['2028-02-29', true],
    ['2027-02-29', false],
    ['2026-4-30', false],
    ['', false],
  ])('%s is a calendar date: %s', (value, ok) => expect(isCalendarDate(value)).toBe(ok));

  it.each([
    ['2026-03-28', 1, '2026-03-29'],
    ['2026-03-29', 1, '2026-03-30'], // the day Stockholm moves its clocks
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-01-01', 366, '2027-01-02'],
  ])('%s + %i days is %s', (date, days, expected) => expect(addCalendarDays(date, days)).toBe(expected));
});

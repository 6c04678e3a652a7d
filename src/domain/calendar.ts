import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

export const STOCKHOLM = 'Europe/Stockholm';

/** The calendar date (YYYY-MM-DD) at an instant in a time zone. */
export function localDate(at: Date, timeZone = STOCKHOLM): string {
  return format(new TZDate(at.getTime(), timeZone), 'yyyy-MM-dd');
}

/** The calendar year at an instant in a time zone. */
export function localYear(at: Date, timeZone = STOCKHOLM): number {
  return new TZDate(at.getTime(), timeZone).getFullYear();
}

/** The first instant after a calendar day has ended in a time zone (midnight that follows it). */
export function endOfLocalDay(date: string, timeZone = STOCKHOLM): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d + 1, 0, 0, 0, timeZone).getTime());
}

/** "2026-11-23 14:05" in the zone's wall-clock time, for cards and records. */
export function formatLocalDateTime(at: Date | string, timeZone = STOCKHOLM): string {
  return format(new TZDate(new Date(at).getTime(), timeZone), 'yyyy-MM-dd HH:mm');
}

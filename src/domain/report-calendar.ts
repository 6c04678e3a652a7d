import type { Period, ReminderRule } from '../config/reminder-rules.js';
import { addCalendarDays, endOfLocalDay, localYear, STOCKHOLM } from './calendar.js';
import { addWorkingDays, FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR, previousWorkingDay, workingDayAt } from './workdays.js';

/*
 * The report calendar: when each reminder rule's deadlines fall and when to remind, on Swedish working
 * days in Europe/Stockholm. Pure: every function takes the instant it needs; nothing reads the clock.
 */

export interface Reminder {
  /** Working days before the deadline (0 = the deadline day), as in the rule's remind.workingDaysBefore. */
  step: number;
  /** The instant to post it: remind.time (Stockholm) on that working day. */
  due: Date;
}

export interface Occurrence {
  ruleId: string;
  /** Stable across restarts and config reloads, e.g. 'q1-report:2026' or 'fee:2026-Q3'. */
  key: string;
  /** The period reported on or paid for, e.g. '2026 Q1' or '2026'. */
  periodLabel: string;
  /** 'YYYY-MM-DD', always a working day. */
  deadline: string;
  /** Earliest first (largest step first). */
  reminders: Reminder[];
  /**
   * Set on the projects' input to a report (see inputOccurrences): the report occurrence's key, under
   * which the projects' "Klart" is recorded and their cards are posted.
   */
  reportKey?: string;
}

export interface DueReminder {
  occurrence: Occurrence;
  /** The step to send now: the latest one that is due and not sent. */
  step: number;
  due: Date;
  /** Earlier due steps that were never sent (e.g. downtime): mark them as sent without posting them. */
  skipped: number[];
}

export interface DueResult {
  /** Sorted by due instant. */
  due: DueReminder[];
  /**
   * Occurrences whose deadline passed within the lookback with no step ever sent, and no missed notice
   * recorded (see MISSED_STEP); post one 'missed deadline' notice each. Sorted by deadline.
   */
  missed: Occurrence[];
}

/**
 * The step under which to record a 'missed deadline' notice: once `sent(key, MISSED_STEP)` answers
 * true, dueReminders no longer reports the occurrence as missed.
 */
export const MISSED_STEP = -1;

const DAY_MS = 86_400_000;

const QUARTERS = ['Q1', 'Q2', 'Q3', 'Q4'] as const;
type Quarter = (typeof QUARTERS)[number];

/** The period's last day, 'YYYY-MM-DD'. */
function periodEnd(period: Period, year: number): string {
  const monthDay = { Q1: '03-31', Q2: '06-30', Q3: '09-30', Q4: '12-31', year: '12-31' }[period];
  return `${pad(year, 4)}-${monthDay}`;
}

function quarterStart(quarter: Quarter, year: number): string {
  const month = { Q1: '01', Q2: '04', Q3: '07', Q4: '10' }[quarter];
  return `${pad(year, 4)}-${month}-01`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function build(rule: ReminderRule, key: string, periodLabel: string, deadline: string, remind: ReminderRule['remind'] = rule.remind): Occurrence {
  const steps = [...new Set(remind.workingDaysBefore)].sort((a, b) => b - a);
  return {
    ruleId: rule.id,
    key,
    periodLabel,
    deadline,
    reminders: steps.map((step) => ({ step, due: workingDayAt(addWorkingDays(deadline, -step), remind.time, STOCKHOLM) })),
  };
}

/** Which occurrences of a rule a function looks at: the reports (occurrences) or the projects' input to them (inputOccurrences). */
export type OccurrencesOf = (rule: ReminderRule, year: number) => Occurrence[];

/** The suffix of an input occurrence's key: 'q1-report:2026:input' for the report 'q1-report:2026'. */
export const INPUT_SUFFIX = ':input';

/**
 * The projects' input to each report of `year` (none when the rule has no projectInput): due
 * projectInput.workingDaysBefore working days before the report's deadline, reminded on its own steps
 * (the report's when it has none) counted from that earlier deadline. Its key is the report's key
 * with INPUT_SUFFIX, so its steps are recorded apart from the report's.
 */
export function inputOccurrences(rule: ReminderRule, year: number): Occurrence[] {
  const input = rule.projectInput;
  if (!input) return [];
  return occurrences(rule, year).map((report) => ({
    ...build(rule, `${report.key}${INPUT_SUFFIX}`, report.periodLabel, addWorkingDays(report.deadline, -input.workingDaysBefore), input.remind ?? rule.remind),
    reportKey: report.key,
  }));
}

/**
 * The rule's occurrences for the periods in `year`, by deadline. The deadline itself may fall in
 * another year: the report on Q4 or on the whole year is due in year + 1, and the advance payment for
 * Q1 of `year` is due in December of year − 1.
 */
export function occurrences(rule: ReminderRule, year: number): Occurrence[] {
  let byYear = cache.get(rule);
  if (!byYear) cache.set(rule, (byYear = new Map()));
  let list = byYear.get(year);
  if (!list) byYear.set(year, (list = compute(rule, year)));
  return list.map((o) => ({ ...o, reminders: o.reminders.map((r) => ({ step: r.step, due: new Date(r.due.getTime()) })) }));
}

/** Computed occurrences by rule object (parsed rules are not changed after parsing) and year. */
const cache = new WeakMap<ReminderRule, Map<number, Occurrence[]>>();

function compute(rule: ReminderRule, year: number): Occurrence[] {
  const d = rule.deadline;
  switch (d.kind) {
    case 'afterPeriod': {
      const end = periodEnd(d.period, year);
      const deadline = d.workingDays !== undefined ? addWorkingDays(end, d.workingDays) : previousWorkingDay(addCalendarDays(end, d.calendarDays ?? 0));
      const label = d.period === 'year' ? String(year) : `${year} ${d.period}`;
      return [build(rule, `${rule.id}:${year}`, label, deadline)];
    }
    case 'beforeQuarter':
      return QUARTERS.map((q) =>
        build(rule, `${rule.id}:${year}-${q}`, `${year} ${q}`, addWorkingDays(quarterStart(q, year), -d.workingDays)),
      );
    case 'yearly': {
      // 29 February is the 28th in other years.
      const day = d.month === 2 && d.day === 29 && !isLeapYear(year) ? 28 : d.day;
      const deadline = previousWorkingDay(`${pad(year, 4)}-${pad(d.month, 2)}-${pad(day, 2)}`);
      return [build(rule, `${rule.id}:${year}`, String(year), deadline)];
    }
  }
}

function byDeadline(a: Occurrence, b: Occurrence): number {
  if (a.deadline !== b.deadline) return a.deadline < b.deadline ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * All occurrences for periods in the years around [from, until]: enough to hold every occurrence
 * with a reminder or deadline in the window (deadlines fall at most a year and a bit after their
 * period, reminders at most 60 working days before).
 */
function around(rules: readonly ReminderRule[], from: Date, until: Date, of: OccurrencesOf): Occurrence[] {
  const first = Math.max(FIRST_SUPPORTED_YEAR + 1, localYear(from) - 1);
  const last = Math.min(LAST_SUPPORTED_YEAR - 2, localYear(until) + 1);
  const all: Occurrence[] = [];
  for (const rule of rules) for (let year = first; year <= last; year++) all.push(...of(rule, year));
  return all;
}

/** The instant the deadline day begins in Stockholm. */
function deadlineStart(o: Occurrence): Date {
  return workingDayAt(o.deadline, '00:00', STOCKHOLM);
}

/**
 * Occurrences with a reminder due in [from, until) or whose deadline day overlaps it, sorted by
 * deadline (then key).
 */
export function upcoming(rules: readonly ReminderRule[], from: Date, until: Date, of: OccurrencesOf = occurrences): Occurrence[] {
  const [f, u] = [from.getTime(), until.getTime()];
  return around(rules, from, until, of)
    .filter(
      (o) =>
        o.reminders.some((r) => r.due.getTime() >= f && r.due.getTime() < u) ||
        (deadlineStart(o).getTime() < u && endOfLocalDay(o.deadline, STOCKHOLM).getTime() > f),
    )
    .sort(byDeadline);
}

/**
 * What to post at `now`. For each occurrence whose deadline has not passed (the deadline day has not
 * ended in Stockholm): the latest step that is due and not yet sent, with the earlier unsent due
 * steps in `skipped` (after downtime only one reminder goes out, never a burst). Nothing when the
 * latest due step was already sent. `missed`: occurrences whose deadline day ended less than
 * `lookbackDays` days before `now` with no step ever sent and no MISSED_STEP recorded.
 *
 * On a first start, pass a lookback no longer than the time since installation, or every deadline of
 * the last 40 days is reported missed.
 */
export function dueReminders(
  rules: readonly ReminderRule[],
  now: Date,
  sent: (key: string, step: number) => boolean,
  lookbackDays = 40,
  of: OccurrencesOf = occurrences,
): DueResult {
  const t = now.getTime();
  const since = t - lookbackDays * DAY_MS;
  const due: DueReminder[] = [];
  const missed: Occurrence[] = [];
  for (const o of around(rules, new Date(since), now, of)) {
    const end = endOfLocalDay(o.deadline, STOCKHOLM).getTime();
    if (end > t) {
      const dueNow = o.reminders.filter((r) => r.due.getTime() <= t);
      const latest = dueNow.at(-1);
      if (!latest || sent(o.key, latest.step)) continue;
      const skipped = dueNow.slice(0, -1).filter((r) => !sent(o.key, r.step)).map((r) => r.step);
      due.push({ occurrence: o, step: latest.step, due: latest.due, skipped });
    } else if (end > since) {
      if (!o.reminders.some((r) => sent(o.key, r.step)) && !sent(o.key, MISSED_STEP)) missed.push(o);
    }
  }
  due.sort((a, b) => a.due.getTime() - b.due.getTime() || byDeadline(a.occurrence, b.occurrence));
  missed.sort(byDeadline);
  return { due, missed };
}

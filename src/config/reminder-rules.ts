import { z } from 'zod/v4';
import { ConfigError, describeIssues } from './errors.js';

/*
 * Report deadlines and their reminders (domain brief rules 5–6), as data: what to hand in, when the
 * deadline is, on which Swedish working days before it to remind, and where. The calendar itself is
 * computed in src/domain/report-calendar.ts.
 */

const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and hyphens (e.g. "q1-report")');

export const PeriodSchema = z.enum(['Q1', 'Q2', 'Q3', 'Q4', 'year']);

/*
 * Whether a value is settled. Report dates and the fee's index are in no agreement (domain brief), so
 * whatever the file ships is a guess until a coordinator confirms it: a value is confirmed only when
 * the file says `"confirmed": true` and names in `source` where it comes from (the agreement, a
 * steering-group decision, SKR's published index), so that nobody can confirm a guess by accident.
 */
export const confirmationShape = {
  /** false (the default): an assumption, shown as preliminary. */
  confirmed: z.boolean().default(false),
  /** Where the value comes from; required once it is confirmed. */
  source: z.string().trim().min(1).optional(),
};

export const SOURCE_NEEDED = 'a confirmed value needs a "source" saying where it comes from (e.g. "Avtalet § 5" or "Socialchefsnätverket 2026-02-12 § 4")';

/** Days in each month of a leap year; 29 February falls on the 28th in other years. */
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

export const DeadlineSchema = z.discriminatedUnion('kind', [
  /**
   * After a period ends: `calendarDays` after its last day (moved to the previous working day when
   * that is not one), or the `workingDays`:th working day after its last day. Exactly one of the two.
   */
  z
    .strictObject({
      kind: z.literal('afterPeriod'),
      period: PeriodSchema,
      calendarDays: z.number().int().min(0).max(366).optional(),
      workingDays: z.number().int().min(1).max(250).optional(),
      ...confirmationShape,
    })
    .superRefine((d, ctx) => {
      if (d.calendarDays !== undefined && d.workingDays !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['workingDays'], message: 'give either calendarDays or workingDays, not both' });
      } else if (d.calendarDays === undefined && d.workingDays === undefined) {
        ctx.addIssue({ code: 'custom', path: ['calendarDays'], message: 'give calendarDays or workingDays' });
      }
    }),
  /** Each quarter: the N:th working day before the quarter's first day (a fee paid quarterly in advance). */
  z.strictObject({
    kind: z.literal('beforeQuarter'),
    workingDays: z.number().int().min(1).max(60),
    ...confirmationShape,
  }),
  /** A fixed date each year, moved to the previous working day when it is not one. */
  z
    .strictObject({
      kind: z.literal('yearly'),
      month: z.number().int().min(1).max(12),
      day: z.number().int().min(1).max(31),
      ...confirmationShape,
    })
    .superRefine((d, ctx) => {
      const last = DAYS_IN_MONTH[d.month - 1];
      if (last !== undefined && d.day > last)
        ctx.addIssue({ code: 'custom', path: ['day'], message: `month ${d.month} has no day ${d.day}` });
    }),
], { error: 'kind must be "afterPeriod", "beforeQuarter" or "yearly"' });

export const TargetSchema = z.discriminatedUnion('kind', [
  /** The steering group's channel (Socialchefsnätverket). */
  z.strictObject({ kind: z.literal('steeringGroup') }),
  /** One network's channel, by the network id of the partnership config. */
  z.strictObject({ kind: z.literal('network'), network: slug }),
  /** Every network's channel. */
  z.strictObject({ kind: z.literal('allNetworks') }),
], { error: 'kind must be "steeringGroup", "network" or "allNetworks"' });

export const RemindSchema = z
  .strictObject({
    /** Working days before the deadline; 0 = on the deadline day. */
    workingDaysBefore: z.array(z.number().int().min(0).max(60)).min(1),
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM').default('09:00'),
  })
  .superRefine((r, ctx) => {
    const seen = new Set<number>();
    r.workingDaysBefore.forEach((n, i) => {
      if (seen.has(n)) ctx.addIssue({ code: 'custom', path: ['workingDaysBefore', i], message: `duplicate step ${n}` });
      seen.add(n);
    });
  });

export const ReminderRuleSchema = z.strictObject({
  id: slug,
  /** Short name, e.g. "Delårsrapport Q1". */
  title: z.string().trim().min(1),
  /** What to hand in (Swedish). */
  text: z.string().trim().min(1),
  /** When it is due; `confirmed`/`source` say whether the date is settled or an assumption. */
  deadline: DeadlineSchema,
  remind: RemindSchema,
  targets: z.array(TargetSchema).min(1, 'a rule needs at least one target'),
  /** Also remind each active project's contact person, with the project's number. */
  perProject: z.boolean().default(false),
});

export const ReminderRulesSchema = z.array(ReminderRuleSchema).superRefine((rules, ctx) => {
  const seen = new Set<string>();
  rules.forEach((rule, i) => {
    if (seen.has(rule.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate id "${rule.id}"` });
    seen.add(rule.id);
    if (rule.deadline.confirmed && !rule.deadline.source) ctx.addIssue({ code: 'custom', path: [i, 'deadline', 'source'], message: SOURCE_NEEDED });
    const targets = new Set<string>();
    rule.targets.forEach((t, j) => {
      const key = t.kind === 'network' ? `network:${t.network}` : t.kind;
      if (targets.has(key)) ctx.addIssue({ code: 'custom', path: [i, 'targets', j], message: `duplicate target ${key}` });
      targets.add(key);
    });
  });
});

export type Period = z.infer<typeof PeriodSchema>;
export type Deadline = z.infer<typeof DeadlineSchema>;
export type Target = z.infer<typeof TargetSchema>;
export type ReminderRule = z.infer<typeof ReminderRuleSchema>;
/** A rule as written in the JSON file (time and perProject may be left out). */
export type ReminderRuleInput = z.input<typeof ReminderRuleSchema>;

/** Parses and checks the rules; a bad rule throws a ConfigError naming `[index].field`. */
export function parseReminderRules(raw: unknown, file: string): ReminderRule[] {
  const result = ReminderRulesSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(file, describeIssues(result.error.issues));
  return result.data;
}

/**
 * Problems with network targets that the partnership does not have, as 'path: message' lines in the
 * style of describeIssues (empty when all is well). The rules schema cannot know the networks.
 */
export function unknownNetworkTargets(rules: readonly ReminderRule[], networkIds: Iterable<string>): string[] {
  const known = new Set(networkIds);
  const problems: string[] = [];
  rules.forEach((rule, i) => {
    rule.targets.forEach((t, j) => {
      if (t.kind === 'network' && !known.has(t.network))
        problems.push(`[${i}].targets[${j}].network: unknown network "${t.network}"`);
    });
  });
  return problems;
}

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

/**
 * Who owes the report (domain brief rule 6): the partnership's office, i.e. its coordinators (people
 * with the role coordinator), who report to the members; each member municipality (the fee); each
 * network whose channel is a target (the survey). The cards go to the target channels either way.
 */
export const OwedBySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('office') }),
  z.strictObject({ kind: z.literal('eachMember') }),
  z.strictObject({ kind: z.literal('eachNetwork') }),
], { error: 'kind must be "office", "eachMember" or "eachNetwork"' });

/** Who receives it: the member municipalities, the steering group (Socialchefsnätverket), or the office. */
export const ReceivedBySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('members') }),
  z.strictObject({ kind: z.literal('steeringGroup') }),
  z.strictObject({ kind: z.literal('office') }),
], { error: 'kind must be "members", "steeringGroup" or "office"' });

/**
 * Before a report the office owes, each live project's contact person hands the project's part of it
 * to the coordinators: due `workingDaysBefore` working days before the report's deadline, reminded on
 * `remind` (the report's own steps when left out), counted from that earlier deadline.
 */
export const ProjectInputSchema = z.strictObject({
  workingDaysBefore: z.number().int().min(1).max(60),
  remind: RemindSchema.optional(),
  /** What the project hands in (Swedish); a general text when left out. */
  text: z.string().trim().min(1).optional(),
  ...confirmationShape,
});

/** What an older file's `"perProject": true` means: the office owes the report, the projects feed it. */
export const LEGACY_PROJECT_INPUT = { workingDaysBefore: 5, confirmed: false } as const;

export const ReminderRuleSchema = z
  .strictObject({
    id: slug,
    /** Short name, e.g. "Delårsrapport Q1". */
    title: z.string().trim().min(1),
    /** What to hand in (Swedish), said to whoever owes it. */
    text: z.string().trim().min(1),
    /** When it is due; `confirmed`/`source` say whether the date is settled or an assumption. */
    deadline: DeadlineSchema,
    remind: RemindSchema,
    /** Where the cards go: the channels where those who owe it are reached. */
    targets: z.array(TargetSchema).min(1, 'a rule needs at least one target'),
    /** Left out (older files): the office with `perProject`, else each member for a steering-group target, else each network. */
    owedBy: OwedBySchema.optional(),
    /** Left out: the members for an office report, else the office. */
    receivedBy: ReceivedBySchema.optional(),
    projectInput: ProjectInputSchema.optional(),
    /** Older files: also ask each project's contact person. Read as owedBy office with projectInput (LEGACY_PROJECT_INPUT). */
    perProject: z.boolean().optional(),
  })
  .superRefine((rule, ctx) => {
    const owed = owedByOf(rule).kind;
    if (rule.perProject && owed !== 'office')
      ctx.addIssue({ code: 'custom', path: ['perProject'], message: 'perProject fits only a report the office owes; write "projectInput" on an office report instead' });
    if (rule.projectInput && owed !== 'office')
      ctx.addIssue({ code: 'custom', path: ['projectInput'], message: 'only a report the office owes (owedBy office) asks the projects for input' });
    const received = receivedByOf(rule, owed).kind;
    if ((owed === 'office' && received === 'office') || (owed === 'eachMember' && received === 'members'))
      ctx.addIssue({ code: 'custom', path: ['receivedBy'], message: `a party does not receive what it owes itself (owedBy ${owed}, receivedBy ${received})` });
    if (rule.projectInput?.confirmed && !rule.projectInput.source)
      ctx.addIssue({ code: 'custom', path: ['projectInput', 'source'], message: SOURCE_NEEDED });
  })
  .transform(({ perProject, ...rule }) => {
    const owedBy = owedByOf({ ...rule, perProject });
    const projectInput = rule.projectInput ?? (perProject ? { ...LEGACY_PROJECT_INPUT } : undefined);
    return { ...rule, owedBy, receivedBy: receivedByOf(rule, owedBy.kind), ...(projectInput ? { projectInput } : {}) };
  });

type RuleShape = { targets: readonly { kind: string }[]; owedBy?: OwedBy | undefined; receivedBy?: ReceivedBy | undefined; perProject?: boolean | undefined };

function owedByOf(rule: RuleShape): OwedBy {
  if (rule.owedBy) return rule.owedBy;
  if (rule.perProject) return { kind: 'office' };
  return rule.targets.some((t) => t.kind === 'steeringGroup') ? { kind: 'eachMember' } : { kind: 'eachNetwork' };
}

function receivedByOf(rule: RuleShape, owed: OwedBy['kind']): ReceivedBy {
  return rule.receivedBy ?? (owed === 'office' ? { kind: 'members' } : { kind: 'office' });
}

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
export type OwedBy = z.infer<typeof OwedBySchema>;
export type ReceivedBy = z.infer<typeof ReceivedBySchema>;
export type ProjectInput = z.infer<typeof ProjectInputSchema>;
export type ReminderRule = z.infer<typeof ReminderRuleSchema>;
/** A rule as written in the JSON file (time, owedBy, receivedBy and projectInput may be left out). */
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

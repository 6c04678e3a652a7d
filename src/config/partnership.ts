import { readFile } from 'node:fs/promises';
import { z } from 'zod/v4';
import { ConfigError, describeIssues } from './errors.js';
import { confirmationShape, ReminderRulesSchema, SOURCE_NEEDED, unknownNetworkTargets } from './reminder-rules.js';
import type { FeeSchedule } from '../domain/allocation.js';
import { NoticeSettingsSchema } from './notices.js';

const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and hyphens (e.g. "vaggeryd")');
const guid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID');

export const MemberSchema = z.object({
  id: slug,
  name: z.string().min(1),
  /** municipality, region, state agency (Försäkringskassan, Arbetsförmedlingen) or association (e.g. SKR). */
  kind: z.enum(['municipality', 'region', 'agency', 'association']),
  /** SCB kommunkod, four digits; only municipalities have one. */
  code: z.string().regex(/^\d{4}$/).optional(),
  population: z.number().int().nonnegative().optional(),
});

/**
 * How a tactical steering group decides a gate (rule 4). No agreement says it, so the shipped file marks
 * it an assumption (`confirmed: false`, shown "preliminärt"). `single`: one approval by a member of the
 * owning group from a participating municipality; `majority`: those members vote on the card, and the
 * gate passes when more than half of them approved before it closes `closeAfterWorkingDays` Swedish
 * working days after the document was submitted.
 */
export const GateDecisionSchema = z
  .strictObject({
    mode: z.enum(['single', 'majority'], { error: 'mode must be "single" or "majority"' }),
    closeAfterWorkingDays: z.number().int().min(1).max(60).optional(),
    ...confirmationShape,
  })
  .superRefine((g, ctx) => {
    if (g.mode === 'majority' && g.closeAfterWorkingDays === undefined)
      ctx.addIssue({ code: 'custom', path: ['closeAfterWorkingDays'], message: 'a majority vote needs closeAfterWorkingDays (when the vote closes)' });
    if (g.confirmed && !g.source) ctx.addIssue({ code: 'custom', path: ['source'], message: SOURCE_NEEDED });
  });

export const NetworkSchema = z.object({
  id: slug,
  name: z.string().min(1),
  /** steeringGroup: the chiefs' network that decides by consensus (Socialchefsnätverket). */
  kind: z.enum(['steeringGroup', 'tacticalSteeringGroup', 'network']),
  /** Owns a project portfolio (the tactical steering groups): only such a network owns projects and decides their gates. */
  ownsPortfolio: z.boolean().default(false),
  /** This group's way of deciding gates, instead of the partnership's `gateDecision`. */
  gateDecision: GateDecisionSchema.optional(),
});

export interface IndexFactor {
  factor: number;
  confirmed: boolean;
  source?: string | undefined;
}

/**
 * A year's index factor over the year before. The plain number of earlier files is still read, as an
 * unconfirmed factor: a file that never said where its factor came from has not confirmed it.
 */
export const IndexFactorSchema = z.union([
  z.number().positive().transform((factor): IndexFactor => ({ factor, confirmed: false })),
  z.strictObject({ factor: z.number().positive(), ...confirmationShape }),
]);

export const FeeSchema = z
  .object({
    baseYear: z.number().int(),
    baseAmountSek: z.number().int().positive(),
    /** Whether baseYear and baseAmountSek are settled (the agreement's 6.2 MSEK from 2026), and where from. */
    baseConfirmed: confirmationShape.confirmed,
    baseSource: confirmationShape.source,
    index: z.record(z.string().regex(/^\d{4}$/, 'use a four-digit year, e.g. "2027"'), IndexFactorSchema),
  })
  .superRefine((fee, ctx) => {
    if (fee.baseConfirmed && !fee.baseSource) ctx.addIssue({ code: 'custom', path: ['baseSource'], message: SOURCE_NEEDED });
    for (const [year, entry] of Object.entries(fee.index)) {
      if (Number(year) <= fee.baseYear)
        ctx.addIssue({ code: 'custom', path: ['index', year], message: `index years come after the base year ${fee.baseYear}` });
      if (entry.confirmed && !entry.source) ctx.addIssue({ code: 'custom', path: ['index', year, 'source'], message: SOURCE_NEEDED });
    }
  });

/** `representative`: answers consultation rounds for their member (any kind of member), see authorization.ts. */
export const RoleSchema = z.enum(['coordinator', 'socialChief', 'deputyChief', 'representative']);

export const PersonSchema = z.object({
  id: slug,
  aadObjectId: guid,
  name: z.string().min(1),
  email: z.string().email().optional(),
  /** The member (municipality) the person acts for; coordinators at the host have none. */
  member: slug.optional(),
  roles: z.array(RoleSchema).default([]),
  /** Networks the person sits in for their member. */
  networks: z.array(slug).default([]),
  locale: z.enum(['sv', 'en']).optional(),
});

export const PartnershipSchema = z
  .object({
    id: slug,
    name: z.string().min(1),
    host: z.string().min(1),
    locale: z.enum(['sv', 'en']).default('sv'),
    timeZone: z.string().default('Europe/Stockholm'),
    /** Entra tenants whose users are served; empty = any tenant, refused at start with credentials (local mode only). */
    tenants: z.array(guid).default([]),
    populationReferenceDate: z.iso.date().optional(),
    /**
     * Which members vote in the body's consensus decisions: `municipalities` (the partnership's rules 2–3:
     * every member municipality), or `allMembers` (a body whose every member decides in its own
     * organisation, e.g. a samordningsförbund, seed 002). Fee splits by population stay among the
     * municipalities either way.
     */
    consensusMembers: z.enum(['municipalities', 'allMembers'], { error: 'consensusMembers must be "municipalities" or "allMembers"' }).default('municipalities'),
    /** Minimum number of participating members before a project may start (rule 1). */
    minParticipants: z.number().int().min(1).default(2),
    /** Personal reminders to chiefs whose municipality has not voted, N Swedish working days before a decision closes. */
    decisionReminders: z
      .object({
        workingDaysBefore: z.array(z.number().int().min(1).max(20)).default([3, 1]),
        time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM').default('09:00'),
      })
      .default({ workingDaysBefore: [3, 1], time: '09:00' }),
    /** Report deadlines the bot reminds of by itself (Q1, Q2, annual report, fee, survey). */
    reportReminders: ReminderRulesSchema.default([]),
    /** Personal notices: when the reminder before a proposal's answer deadline goes out (an assumption by default). */
    notices: NoticeSettingsSchema,
    /**
     * The yearly joint fee (rule 5): whole kronor in baseYear, then adjusted each later year by that
     * year's index factor over the year before ("2027": { "factor": 1.035 } = +3.5 %), compounding.
     */
    fee: FeeSchema.optional(),
    /** How the portfolio networks decide gates, unless a network says otherwise; absent: one approval, an assumption. */
    gateDecision: GateDecisionSchema.optional(),
    members: z.array(MemberSchema).min(1),
    networks: z.array(NetworkSchema).min(1),
    people: z.array(PersonSchema).default([]),
    /** What in this file is assumed or invented rather than taken from a source (demo people, a host): said, not used. */
    assumptions: z.array(z.string().min(1)).default([]),
  })
  .superRefine((p, ctx) => {
    const unique = (key: 'members' | 'networks' | 'people', field: 'id' | 'aadObjectId') => {
      const seen = new Set<string>();
      p[key].forEach((item: Record<string, unknown>, i: number) => {
        const value = String(item[field]).toLowerCase();
        if (seen.has(value)) ctx.addIssue({ code: 'custom', path: [key, i, field], message: `duplicate ${field} "${value}"` });
        seen.add(value);
      });
    };
    unique('members', 'id');
    unique('networks', 'id');
    unique('people', 'id');
    unique('people', 'aadObjectId');
    const memberIds = new Set(p.members.map((m) => m.id));
    const networkIds = new Set(p.networks.map((n) => n.id));
    p.members.forEach((m, i) => {
      if (m.kind === 'municipality' && !m.code)
        ctx.addIssue({ code: 'custom', path: ['members', i, 'code'], message: 'a municipality needs its kommunkod' });
    });
    p.people.forEach((person, i) => {
      if (person.member && !memberIds.has(person.member))
        ctx.addIssue({ code: 'custom', path: ['people', i, 'member'], message: `unknown member "${person.member}"` });
      person.networks.forEach((n, j) => {
        if (!networkIds.has(n))
          ctx.addIssue({ code: 'custom', path: ['people', i, 'networks', j], message: `unknown network "${n}"` });
      });
      const actsForMember = person.roles.some((r) => r !== 'coordinator') || person.networks.length > 0;
      if (actsForMember && !person.member)
        ctx.addIssue({ code: 'custom', path: ['people', i, 'member'], message: 'a chief, deputy or network member needs a member' });
    });
    for (const line of unknownNetworkTargets(p.reportReminders, networkIds)) {
      const [path, message] = [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)];
      ctx.addIssue({ code: 'custom', path: ['reportReminders', ...path.split(/[.[\]]+/).filter(Boolean).map((x) => (/^\d+$/.test(x) ? Number(x) : x))], message });
    }
    if (p.networks.filter((n) => n.kind === 'steeringGroup').length !== 1)
      ctx.addIssue({ code: 'custom', path: ['networks'], message: 'exactly one network must be the steeringGroup' });
    p.networks.forEach((n, i) => {
      if (n.kind === 'steeringGroup' && n.ownsPortfolio)
        ctx.addIssue({ code: 'custom', path: ['networks', i, 'ownsPortfolio'], message: 'the steering group decides by consensus and owns no project portfolio' });
    });
  });

export type Member = z.infer<typeof MemberSchema>;
export type GateDecision = z.infer<typeof GateDecisionSchema>;
export type Network = z.infer<typeof NetworkSchema>;
export type Person = z.infer<typeof PersonSchema>;
export type Role = z.infer<typeof RoleSchema>;
export type Fee = z.infer<typeof FeeSchema>;
export type Partnership = z.infer<typeof PartnershipSchema>;

/** The fee's amounts as the domain computes with them. */
export function feeSchedule(fee: Fee): FeeSchedule {
  return { baseYear: fee.baseYear, baseAmountSek: fee.baseAmountSek, index: Object.fromEntries(Object.entries(fee.index).map(([year, e]) => [year, e.factor])) };
}

/**
 * What the fee of `year` rests on that is not confirmed: the base amount, and the index years from
 * baseYear + 1 to `year` (each compounds into it). Empty on both counts: the fee is final.
 */
export function unconfirmedFeeParts(fee: Fee, year: number): { base: boolean; indexYears: number[] } {
  const indexYears: number[] = [];
  for (let y = fee.baseYear + 1; y <= year; y++) if (fee.index[String(y)]?.confirmed !== true) indexYears.push(y);
  return { base: !fee.baseConfirmed, indexYears };
}

export function parsePartnership(raw: unknown, file: string): Partnership {
  const result = PartnershipSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(file, describeIssues(result.error.issues));
  return result.data;
}

export async function loadPartnership(file: string): Promise<Partnership> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, [`cannot read the file: ${(err as Error).message}`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(file, [`not valid JSON: ${(err as Error).message}`]);
  }
  return parsePartnership(raw, file);
}

/** The municipalities, in the config's order: those who take part in projects and split the fee by population. */
export function municipalities(p: Partnership): Member[] {
  return p.members.filter((m) => m.kind === 'municipality');
}

/** Every member is a municipality (the Jönköping partnership): the texts may say "kommun" for a member. */
export function onlyMunicipalities(p: Pick<Partnership, 'members'>): boolean {
  return p.members.every((m) => m.kind === 'municipality');
}

/** The members whose voices a consensus decision needs (`consensusMembers`), in the config's order. */
export function consensusVoters(p: Pick<Partnership, 'members' | 'consensusMembers'>): Member[] {
  return p.consensusMembers === 'allMembers' ? [...p.members] : p.members.filter((m) => m.kind === 'municipality');
}

/** How `networkId` decides gates: its own rule, else the partnership's, else one approval (an assumption). */
export function gateDecisionOf(p: Partnership, networkId: string): GateDecision {
  return p.networks.find((n) => n.id === networkId)?.gateDecision ?? p.gateDecision ?? { mode: 'single', confirmed: false };
}

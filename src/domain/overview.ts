import type { Member } from '../config/partnership.js';
import { quarterlyAdvance, splitByWeight, yearlyFee, type FeeSchedule } from './allocation.js';
import { endOfLocalDay, localYear } from './calendar.js';
import type { DecisionKind, DecisionStatus, NoConsensusReason, Tally } from './consensus.js';
import { GATES, gateStateOf, type Gate, type GateEvent } from './gates.js';
import { evaluateProposal, type ParticipationRecord } from './participation.js';
import { projectStatus, type ProjectStatus } from './project-life.js';

/**
 * The partnership's figures for one calendar year, and one municipality's part in them: which projects
 * ran, where they stand on projektstegen, who takes part, what each municipality pays (the joint fee and
 * its shares of the projects), and what the social chiefs decided. Pure: the feature hands in the
 * records (read through the repository's indexes, once per project) and the time.
 */

/** A proposal or project with its own answers and gate events. */
export interface ProjectFacts {
  id: string;
  title: string;
  networkId: string;
  estimatedCostSek: number | null;
  regionalValue: string;
  answerDeadline: string;
  createdAt: string;
  answers: readonly ParticipationRecord[];
  gates: readonly GateEvent[];
}

export interface YearSetting {
  year: number;
  /** The municipalities, in the order the figures list them. */
  members: readonly Member[];
  minParticipants: number;
  timeZone: string;
  now: Date;
}

/** The year's first instant, the first instant after it, and the moment its figures are read at (now, or the year's end when it is over). */
export function yearBounds(year: number, timeZone: string, now: Date): { start: number; end: number; asOf: number } {
  const start = endOfLocalDay(`${String(year - 1).padStart(4, '0')}-12-31`, timeZone).getTime();
  const end = endOfLocalDay(`${String(year).padStart(4, '0')}-12-31`, timeZone).getTime();
  return { start, end, asOf: Math.min(now.getTime(), end - 1) };
}

/** A project as it stood in a year: at its end, or now for the running year. */
export interface ProjectYear {
  id: string;
  title: string;
  networkId: string;
  estimatedCostSek: number | null;
  status: ProjectStatus;
  /** The gate passed last, if any. */
  lastPassed?: Gate;
  /** The gate whose document waits for a decision. */
  pending?: Gate;
  /** Member ids taking part and declining, in the members' order. */
  participants: string[];
  declined: string[];
  /** Gates passed during the year, in order. */
  passedInYear: { gate: Gate; at: string }[];
  /** Member id → whole kronor: each municipality's share of the project in the year (memberSharesInYear). */
  shares: ReadonlyMap<string, number>;
  /** Members that took part during the year and had left it by its end (or now): member id → the first day without them. */
  leftInYear: ReadonlyMap<string, string>;
}

const endingOf = (e: GateEvent) => e.kind === 'cancel' || (e.kind === 'approve' && e.gate === 'BG4');

/**
 * The project as it stood in `year`, or undefined when it is no part of that year: proposed after it,
 * or finished or cancelled before it began. Answers and gate events after the year (or after now) do not count.
 */
export function projectInYear(p: ProjectFacts, s: YearSetting): ProjectYear | undefined {
  const { start, end, asOf } = yearBounds(s.year, s.timeZone, s.now);
  if (Date.parse(p.createdAt) > asOf) return undefined;
  const seen = (at: string) => Date.parse(at) <= asOf;
  const gates = p.gates.filter((e) => seen(e.at));
  const state = gateStateOf(gates);
  if (state.cancelled || state.passed.includes('BG4')) {
    const ended = gates.find(endingOf);
    if (ended && Date.parse(ended.at) < start) return undefined;
  }
  // Participation as it stood then (a join or leave counts from its date); a project whose BG0 was approved could start (rule 8).
  const viability = evaluateProposal(p, p.answers.filter((a) => seen(a.at)), s.members, new Date(asOf), s.minParticipants, s.timeZone, state.passed.includes('BG0'));
  const status = projectStatus(viability.status, state);
  const participants = s.members.filter((m) => viability.participants.includes(m.id));
  return {
    id: p.id,
    title: p.title,
    networkId: p.networkId,
    estimatedCostSek: p.estimatedCostSek,
    status,
    lastPassed: state.passed.at(-1),
    pending: state.pending,
    participants: viability.participants,
    declined: viability.declined,
    passedInYear: gates
      .filter((e): e is Extract<GateEvent, { kind: 'approve' }> => e.kind === 'approve' && Date.parse(e.at) >= start && Date.parse(e.at) < end)
      .filter((e) => state.passed.includes(e.gate))
      .map((e) => ({ gate: e.gate, at: e.at })),
    shares: memberSharesInYear({ project: p, status, participants, year: s.year }),
    leftInYear: leftDuring(p.answers.filter((a) => seen(a.at)), viability.participants, start, asOf),
  };
}

/**
 * Who left the project during the year (a leave that took effect after the year began and by `asOf`)
 * and is still out: they took part in the year, for the days before it. A member that left and joined
 * again is a participant, not listed here.
 */
function leftDuring(history: readonly ParticipationRecord[], participants: readonly string[], start: number, asOf: number): Map<string, string> {
  const left = new Map<string, string>();
  for (const r of history) {
    if (r.kind !== 'leave' || !r.effectiveFrom || !r.effectiveAt || participants.includes(r.memberId)) continue;
    const at = Date.parse(r.effectiveAt);
    if (at > start && at <= asOf) left.set(r.memberId, r.effectiveFrom);
  }
  return left;
}

/**
 * THE one place that says what a municipality pays for a project in a year; everything shown (`min
 * kommun`, `översikt`, the yearly page and CSV) goes through it.
 *
 * The project's estimated cost split by population among the municipalities taking part at the year's
 * end, or now for the running year (a join or leave counts from its date, as on the project's card,
 * rule 5), counted in every year in which the project can start, runs or finishes; nothing for a
 * proposal still open, one that is not feasible, or one that was cancelled. The estimated cost is the
 * whole project's (a proposal records no yearly budget or time plan), so a municipality that left
 * during a year shows no share for it: the card's per-period table has who paid what for which period.
 */
export function memberSharesInYear(input: {
  project: { estimatedCostSek: number | null };
  status: ProjectStatus;
  /** The municipalities taking part, with their population. */
  participants: readonly Pick<Member, 'id' | 'population'>[];
  year: number;
}): Map<string, number> {
  const { project, status, participants } = input;
  const committed = status === 'canStart' || status === 'running' || status === 'finished';
  if (!committed || project.estimatedCostSek === null || participants.every((m) => !m.population)) return new Map();
  const split = splitByWeight(project.estimatedCostSek, participants.map((m) => ({ id: m.id, weight: m.population ?? 0 })));
  return new Map(split.map((s) => [s.id, s.amount]));
}

/** The joint fee of a year split by population, with each municipality's four advance payments. */
export interface FeeYear {
  total: number;
  perMember: ReadonlyMap<string, { amount: number; quarters: [number, number, number, number] }>;
}

/** Undefined when the partnership has no fee for that year (before its base year, or an index missing). */
export function feeOfYear(schedule: FeeSchedule | undefined, members: readonly Member[], year: number): FeeYear | undefined {
  if (!schedule || members.every((m) => !m.population)) return undefined;
  let total: number;
  try {
    total = yearlyFee(year, schedule);
  } catch (err) {
    if (err instanceof RangeError) return undefined;
    throw err;
  }
  const split = splitByWeight(total, members.map((m) => ({ id: m.id, weight: m.population ?? 0 })));
  return { total, perMember: new Map(split.map((s) => [s.id, { amount: s.amount, quarters: quarterlyAdvance(s.amount) }])) };
}

/** The order statuses are listed and charted in: what runs first, what ended last. */
export const STATUS_ORDER: readonly ProjectStatus[] = ['running', 'canStart', 'open', 'finished', 'cancelled', 'notFeasible'];

/** One municipality's year: the projects it takes part in with its share, and its fee. */
export interface MunicipalityYear {
  memberId: string;
  year: number;
  /** `leftFrom`: the member left the project during the year, from that day (no share is counted for it). */
  projects: { project: ProjectYear; share: number | undefined; leftFrom?: string }[];
  /** The sum of its project shares in the year. */
  projectShares: number;
  fee?: { amount: number; quarters: [number, number, number, number] };
}

export function municipalityYear(memberId: string, year: number, projects: readonly ProjectYear[], fee: FeeYear | undefined): MunicipalityYear {
  const own = projects
    .filter((p) => p.participants.includes(memberId) || p.leftInYear.has(memberId))
    .map((project) => {
      const leftFrom = project.leftInYear.get(memberId);
      return leftFrom ? { project, share: undefined, leftFrom } : { project, share: project.shares.get(memberId) };
    })
    .sort((a, b) => STATUS_ORDER.indexOf(a.project.status) - STATUS_ORDER.indexOf(b.project.status) || a.project.id.localeCompare(b.project.id));
  return {
    memberId,
    year,
    projects: own,
    projectShares: own.reduce((sum, p) => sum + (p.share ?? 0), 0),
    fee: fee?.perMember.get(memberId),
  };
}

/** Where a project stands on projektstegen, for counting: the gate passed last, or none yet. */
export type GateStanding = Gate | 'none';
export const GATE_STANDING_ORDER: readonly GateStanding[] = ['none', 'BG0', 'BG1', 'BG2', 'BG2.i', 'BG3', 'BG3.i', 'BG4'];

/** A consensus decision with its outcome (tallyDecision over its votes). */
export interface DecisionFacts {
  id: string;
  kind: DecisionKind;
  question: string;
  createdAt: string;
  closesAt: string;
  closedAt?: string;
  amountSek: number | null;
  tally: Pick<Tally, 'status' | 'reason' | 'settledAt' | 'approved'>;
}

export interface DecisionYear {
  id: string;
  kind: DecisionKind;
  question: string;
  createdAt: string;
  closesAt: string;
  amountSek: number | null;
  status: DecisionStatus;
  reason?: NoConsensusReason;
  settledAt?: string;
  approved: number;
}

export interface YearOverview {
  year: number;
  projects: ProjectYear[];
  /** Per portfolio-owning group: its projects by status and by the gate passed last (only counts above zero, in order). */
  portfolio: { networkId: string; total: number; byStatus: [ProjectStatus, number][]; byGate: [GateStanding, number][] }[];
  /** Per municipality, in the members' order: projects of the year it takes part in, and declined. */
  participation: { memberId: string; participates: number; declined: number }[];
  /** Decisions opened in the year, oldest first, and how many ended each way. */
  decisions: DecisionYear[];
  decisionCounts: [DecisionStatus, number][];
  /** Per municipality: its fee (null: no fee that year), its project shares, and both together. */
  money: { memberId: string; fee: number | null; projects: number; total: number }[];
  fee?: FeeYear;
  /** Every gate passed in the year, oldest first. */
  gatesPassed: { projectId: string; title: string; networkId: string; gate: Gate; at: string }[];
  /** How many times each gate was passed in the year, every gate in ladder order. */
  gatesByGate: [Gate, number][];
}

const DECISION_ORDER: readonly DecisionStatus[] = ['consensus', 'noConsensus', 'open'];

/** The year's figures for the whole partnership. */
export function yearOverview(input: {
  year: number;
  timeZone: string;
  members: readonly Member[];
  /** The groups that own portfolios (the tactical steering groups), in order. */
  groups: readonly string[];
  projects: readonly ProjectYear[];
  decisions: readonly DecisionFacts[];
  fee: FeeYear | undefined;
}): YearOverview {
  const { year, members, projects } = input;
  const counted = <K,>(order: readonly K[], keys: readonly K[]): [K, number][] =>
    order.map((k) => [k, keys.filter((x) => x === k).length] as [K, number]).filter(([, n]) => n > 0);
  const portfolio = input.groups.map((networkId) => {
    const own = projects.filter((p) => p.networkId === networkId);
    return {
      networkId,
      total: own.length,
      byStatus: counted(STATUS_ORDER, own.map((p) => p.status)),
      byGate: counted(GATE_STANDING_ORDER, own.map((p) => p.lastPassed ?? 'none')),
    };
  });
  const decisions: DecisionYear[] = input.decisions
    .filter((d) => localYear(new Date(d.createdAt), input.timeZone) === year)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
    .map((d) => ({
      id: d.id,
      kind: d.kind,
      question: d.question,
      createdAt: d.createdAt,
      closesAt: d.closedAt ?? d.closesAt,
      amountSek: d.amountSek,
      status: d.tally.status,
      reason: d.tally.reason,
      settledAt: d.tally.settledAt,
      approved: d.tally.approved.length,
    }));
  const shareOf = (memberId: string) => projects.reduce((sum, p) => sum + (p.shares.get(memberId) ?? 0), 0);
  const gatesPassed = projects
    .flatMap((p) => p.passedInYear.map((g) => ({ projectId: p.id, title: p.title, networkId: p.networkId, gate: g.gate, at: g.at })))
    .sort((a, b) => a.at.localeCompare(b.at) || a.projectId.localeCompare(b.projectId));
  return {
    year,
    projects: [...projects],
    portfolio,
    participation: members.map((m) => ({
      memberId: m.id,
      participates: projects.filter((p) => p.participants.includes(m.id)).length,
      declined: projects.filter((p) => p.declined.includes(m.id)).length,
    })),
    decisions,
    decisionCounts: counted(DECISION_ORDER, decisions.map((d) => d.status)),
    money: members.map((m) => {
      const fee = input.fee?.perMember.get(m.id)?.amount ?? null;
      const own = shareOf(m.id);
      return { memberId: m.id, fee, projects: own, total: (fee ?? 0) + own };
    }),
    fee: input.fee,
    gatesPassed,
    gatesByGate: GATES.map((gate) => [gate, gatesPassed.filter((g) => g.gate === gate).length]),
  };
}

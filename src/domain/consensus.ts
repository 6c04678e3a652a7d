import type { Member } from '../config/partnership.js';
import { DECISION_ID, formatId } from './ids.js';
import type { VoteRecord } from './records.js';

/** What the social chiefs decide by consensus (rules 2–3). */
export const DECISION_KINDS = ['jointFunds', 'operationalPlan', 'financing', 'other'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

/**
 * Rules 2–3 of the partnership: joint money, the operational plan and financing need consensus.
 * Every member municipality must approve; one municipality is one voice, whoever casts it (its social
 * chief, the chief's deputy, or a recorded committee decision); one rejection stops it; silence is not
 * approval.
 */

export type Position = VoteRecord['position'];
export type Voice = 'approved' | 'rejected' | 'referred' | 'none';
export type VoteCapacity = VoteRecord['capacity'];

export type { VoteRecord } from './records.js';

export type DecisionStatus = 'open' | 'consensus' | 'noConsensus';
export type NoConsensusReason = 'rejected' | 'missingAtClose' | 'closedEarly';

export interface Tally {
  status: DecisionStatus;
  reason?: NoConsensusReason;
  /** When the outcome was settled: the deciding vote, or the close. */
  settledAt?: string;
  voices: { memberId: string; voice: Voice; record?: VoteRecord }[];
  approved: string[];
  rejected: { memberId: string; reason?: string }[];
  referred: string[];
  /** Members without a counting voice: not voted, or referred to a committee that has not decided. */
  waiting: string[];
}

export interface DecisionTiming {
  id: string;
  closesAt: string;
  /** Set when a coordinator closed the decision before its time. */
  closedAt?: string;
}

const voiceOf = (p: Position): Voice => (p === 'approve' ? 'approved' : p === 'reject' ? 'rejected' : 'referred');

/**
 * The outcome, from the votes in the order they were cast. The first moment every member has
 * approved, or a member has rejected, settles it; votes after that, or after the close, do not count.
 */
export function tallyDecision(decision: DecisionTiming, history: readonly VoteRecord[], members: readonly Member[], now: Date): Tally {
  const closesAt = Date.parse(decision.closesAt);
  const closedAt = decision.closedAt === undefined ? Infinity : Date.parse(decision.closedAt);
  // An unreadable time would keep the decision open forever: refuse it loudly instead.
  if (Number.isNaN(closesAt) || Number.isNaN(closedAt)) throw new RangeError(`decision ${decision.id}: invalid closesAt/closedAt`);
  const closeAt = Math.min(closesAt, closedAt);
  const ids = new Set(members.map((m) => m.id));
  const latest = new Map<string, VoteRecord>();
  let settled: { status: DecisionStatus; reason?: NoConsensusReason; at: string } | undefined;

  // Each time parsed once; a stable sort keeps votes of the same instant in the order recorded.
  const nowMs = now.getTime();
  const ordered = history
    .filter((r) => r.decisionId === decision.id && ids.has(r.memberId))
    .map((record) => ({ record, at: Date.parse(record.at) }))
    .filter((e) => e.at <= nowMs)
    .sort((a, b) => a.at - b.at);
  let approvals = 0;
  for (const { record, at } of ordered) {
    if (at >= closeAt) break;
    const before = latest.get(record.memberId)?.position;
    latest.set(record.memberId, record);
    approvals += (record.position === 'approve' ? 1 : 0) - (before === 'approve' ? 1 : 0);
    if (record.position === 'reject') {
      settled = { status: 'noConsensus', reason: 'rejected', at: new Date(record.at).toISOString() };
      break;
    }
    if (approvals === ids.size) {
      settled = { status: 'consensus', at: new Date(record.at).toISOString() };
      break;
    }
  }
  if (!settled && now.getTime() >= closeAt)
    settled = {
      status: 'noConsensus',
      reason: decision.closedAt && Date.parse(decision.closedAt) < Date.parse(decision.closesAt) ? 'closedEarly' : 'missingAtClose',
      at: new Date(closeAt).toISOString(),
    };

  const voices = members.map((m) => {
    const record = latest.get(m.id);
    return { memberId: m.id, voice: record ? voiceOf(record.position) : ('none' as Voice), record };
  });
  return {
    status: settled?.status ?? 'open',
    reason: settled?.reason,
    settledAt: settled?.at,
    voices,
    approved: voices.filter((v) => v.voice === 'approved').map((v) => v.memberId),
    rejected: voices.filter((v) => v.voice === 'rejected').map((v) => ({ memberId: v.memberId, reason: v.record?.reason })),
    referred: voices.filter((v) => v.voice === 'referred').map((v) => v.memberId),
    waiting: voices.filter((v) => v.voice === 'none' || v.voice === 'referred').map((v) => v.memberId),
  };
}

/** Short numbers per calendar year: B-2026-003. */
export function decisionNumber(year: number, sequence: number): string {
  return formatId('decision', year, sequence);
}

export const DECISION_NUMBER = DECISION_ID;

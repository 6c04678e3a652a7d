import { describe, expect, it } from 'vitest';
import { municipalities } from '../../src/config/partnership.js';
import {
  DECISION_NUMBER,
  decisionNumber,
  tallyDecision,
  type DecisionTiming,
  type NoConsensusReason,
  type DecisionStatus,
  type Position,
  type Tally,
  type Voice,
  type VoteRecord,
} from '../../src/domain/consensus.js';
import { loadRealPartnership } from './_support.js';

/*
 * Rules 2–3 (docs/domain.md): every member municipality must approve; one municipality is one voice
 * (chief, deputy or committee); one rejection stops it; silence is not approval. All times are fixed.
 */

const partnership = await loadRealPartnership();
const members = municipalities(partnership);
const ids = members.map((m) => m.id);

const DECISION = 'B-2026-003';
const OTHER_DECISION = 'B-2026-004';
/** Votes are cast one minute apart from Monday 2 March 2026, 09:00 Stockholm (CET, UTC+1). */
const START = Date.parse('2026-03-02T08:00:00.000Z');
const t = (minute: number): string => new Date(START + minute * 60_000).toISOString();
/** Midnight after 31 March 2026 in Stockholm (CEST, UTC+2). */
const CLOSES = '2026-03-31T22:00:00.000Z';
const ms = (iso: string, delta: number): string => new Date(Date.parse(iso) + delta).toISOString();
const ONE_MS_BEFORE_CLOSE = ms(CLOSES, -1);
const BEFORE_CLOSE = new Date('2026-03-20T12:00:00.000Z');
const AFTER_CLOSE = new Date('2026-04-01T06:00:00.000Z');
/** A coordinator closes the decision early, on 10 March at 13:00 Stockholm. */
const CLOSED_EARLY = '2026-03-10T12:00:00.000Z';
const AFTER_EARLY_CLOSE = new Date('2026-03-11T08:00:00.000Z');

const TIMING: DecisionTiming = { id: DECISION, closesAt: CLOSES };
const EARLY: DecisionTiming = { id: DECISION, closesAt: CLOSES, closedAt: CLOSED_EARLY };

const REASON = 'Finansieringen är inte förankrad i vår nämnd.';
const COMMITTEE = { reference: 'SN 2026/41', date: '2026-03-18' };

const except = (...left: string[]): string[] => ids.filter((id) => !left.includes(id));

let seq = 0;
function vote(memberId: string, position: Position, at: string, extra: Partial<VoteRecord> = {}): VoteRecord {
  seq += 1;
  return {
    decisionId: DECISION,
    memberId,
    position,
    personId: `chief-${memberId}`,
    aadObjectId: `00000000-0000-0000-0000-${String(seq).padStart(12, '0')}`,
    capacity: 'socialChief',
    at,
    activityId: `activity-${seq}`,
    ...extra,
  };
}
const deputy = { personId: 'deputy-eksjo', aadObjectId: '00000000-0000-0000-0000-000000000201', capacity: 'deputyChief' } as const;
const committee = { personId: 'anna-lindqvist', aadObjectId: '00000000-0000-0000-0000-000000000100', capacity: 'committee', committee: COMMITTEE } as const;

/** Each member approves, one minute apart, starting at `from`. */
const approvals = (memberIds: readonly string[], from = 0): VoteRecord[] => memberIds.map((id, i) => vote(id, 'approve', t(from + i)));

interface Expected {
  status: DecisionStatus;
  reason?: NoConsensusReason;
  settledAt?: string;
  approved: string[];
  rejected: { memberId: string; reason?: string }[];
  referred: string[];
  waiting: string[];
}

const outcome = (tally: Tally): Expected => ({
  status: tally.status,
  reason: tally.reason,
  settledAt: tally.settledAt,
  approved: tally.approved,
  rejected: tally.rejected,
  referred: tally.referred,
  waiting: tally.waiting,
});

/** What must hold for every tally, whatever the votes. */
function checkInvariants(tally: Tally): void {
  expect(tally.voices.map((v) => v.memberId)).toEqual(ids);
  const rejected = tally.rejected.map((r) => r.memberId);
  const waitingNotReferred = tally.waiting.filter((id) => !tally.referred.includes(id));
  // Every member is in exactly one of approved / rejected / waiting; referred ⊆ waiting.
  expect([...tally.approved, ...rejected, ...tally.waiting].sort()).toEqual([...ids].sort());
  expect(tally.referred.every((id) => tally.waiting.includes(id))).toBe(true);
  for (const v of tally.voices) {
    const expected: Voice = tally.approved.includes(v.memberId)
      ? 'approved'
      : rejected.includes(v.memberId)
        ? 'rejected'
        : tally.referred.includes(v.memberId)
          ? 'referred'
          : 'none';
    expect(v.voice).toBe(expected);
    expect(v.record === undefined).toBe(waitingNotReferred.includes(v.memberId));
    if (v.record) expect(v.record.memberId).toBe(v.memberId);
  }
  expect(tally.status === 'open').toBe(tally.settledAt === undefined);
  expect(tally.status === 'noConsensus').toBe(tally.reason !== undefined);
  if (tally.status === 'consensus') expect(tally.approved).toEqual(ids);
}

interface Case {
  name: string;
  timing?: DecisionTiming;
  history: VoteRecord[];
  now: Date;
  expected: Expected;
}

function runCases(cases: Case[]): void {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const tally = tallyDecision(c.timing ?? TIMING, c.history, members, c.now);
    expect(outcome(tally)).toEqual(c.expected);
    checkInvariants(tally);
  });
}

const LAST = 'varnamo';
const NOT_LAST = except(LAST);

describe('the real config', () => {
  it('has the 13 municipalities of Jönköpings län as voting members', () => {
    expect(ids).toHaveLength(13);
    expect(new Set(ids).size).toBe(13);
    expect(ids).toContain(LAST);
    expect(ids).toContain('eksjo');
    expect(ids).toContain('jonkoping');
  });
});

describe('tallyDecision: every municipality must approve', () => {
  runCases([
    {
      name: '13 approvals → consensus, settled at the 13th vote',
      history: approvals(ids),
      now: BEFORE_CLOSE,
      expected: { status: 'consensus', settledAt: t(12), approved: ids, rejected: [], referred: [], waiting: [] },
    },
    {
      name: '13 approvals stay a consensus after the close',
      history: approvals(ids),
      now: AFTER_CLOSE,
      expected: { status: 'consensus', settledAt: t(12), approved: ids, rejected: [], referred: [], waiting: [] },
    },
    {
      name: '13 approvals in reverse config order → settled at the last one cast',
      history: approvals([...ids].reverse()),
      now: BEFORE_CLOSE,
      expected: { status: 'consensus', settledAt: t(12), approved: ids, rejected: [], referred: [], waiting: [] },
    },
    {
      name: 'no votes → open, everyone waiting (silence is not approval)',
      history: [],
      now: BEFORE_CLOSE,
      expected: { status: 'open', approved: [], rejected: [], referred: [], waiting: ids },
    },
    {
      name: 'no votes at the close → missingAtClose, everyone waiting',
      history: [],
      now: AFTER_CLOSE,
      expected: { status: 'noConsensus', reason: 'missingAtClose', settledAt: CLOSES, approved: [], rejected: [], referred: [], waiting: ids },
    },
    {
      name: 'a consensus is not undone by a later rejection',
      history: [...approvals(ids), vote('jonkoping', 'reject', t(30), { reason: REASON })],
      now: AFTER_CLOSE,
      expected: { status: 'consensus', settledAt: t(12), approved: ids, rejected: [], referred: [], waiting: [] },
    },
  ]);

  it.each(ids.map((id) => [id]))('12 approvals without %s → open, waiting for exactly that one', (missing) => {
    const tally = tallyDecision(TIMING, approvals(except(missing)), members, BEFORE_CLOSE);
    expect(outcome(tally)).toEqual({ status: 'open', approved: except(missing), rejected: [], referred: [], waiting: [missing] });
    expect(tally.voices.find((v) => v.memberId === missing)).toEqual({ memberId: missing, voice: 'none', record: undefined });
    checkInvariants(tally);
  });
});

describe('tallyDecision: one rejection stops it', () => {
  runCases([
    {
      name: '12 approvals + one rejection with reason → rejected, settled at the rejection',
      history: [...approvals(NOT_LAST), vote(LAST, 'reject', t(12), { reason: REASON })],
      now: BEFORE_CLOSE,
      expected: {
        status: 'noConsensus',
        reason: 'rejected',
        settledAt: t(12),
        approved: NOT_LAST,
        rejected: [{ memberId: LAST, reason: REASON }],
        referred: [],
        waiting: [],
      },
    },
    {
      name: 'a rejection first, then approvals by everyone else → still rejected; later votes do not count',
      history: [vote('jonkoping', 'reject', t(0), { reason: REASON }), ...approvals(except('jonkoping'), 1)],
      now: AFTER_CLOSE,
      expected: {
        status: 'noConsensus',
        reason: 'rejected',
        settledAt: t(0),
        approved: [],
        rejected: [{ memberId: 'jonkoping', reason: REASON }],
        referred: [],
        waiting: except('jonkoping'),
      },
    },
    {
      name: 'a rejection in the middle → settled there; only the approvals before it are listed',
      history: [...approvals(ids.slice(0, 6)), vote(ids[6] ?? '', 'reject', t(6), { reason: REASON }), ...approvals(ids.slice(7), 7)],
      now: BEFORE_CLOSE,
      expected: {
        status: 'noConsensus',
        reason: 'rejected',
        settledAt: t(6),
        approved: ids.slice(0, 6),
        rejected: [{ memberId: ids[6] ?? '', reason: REASON }],
        referred: [],
        waiting: ids.slice(7),
      },
    },
    {
      name: 'a rejection cannot be taken back by a later approval from the same member',
      history: [...approvals(NOT_LAST), vote(LAST, 'reject', t(12), { reason: REASON }), vote(LAST, 'approve', t(13))],
      now: BEFORE_CLOSE,
      expected: {
        status: 'noConsensus',
        reason: 'rejected',
        settledAt: t(12),
        approved: NOT_LAST,
        rejected: [{ memberId: LAST, reason: REASON }],
        referred: [],
        waiting: [],
      },
    },
    {
      name: 'a rejection without a reason still rejects',
      history: [vote('habo', 'reject', t(0))],
      now: BEFORE_CLOSE,
      expected: {
        status: 'noConsensus',
        reason: 'rejected',
        settledAt: t(0),
        approved: [],
        rejected: [{ memberId: 'habo', reason: undefined }],
        referred: [],
        waiting: except('habo'),
      },
    },
  ]);
});

describe('tallyDecision: the close', () => {
  runCases([
    {
      name: '12 approvals + one missing at the close → missingAtClose, waiting for that member',
      history: approvals(NOT_LAST),
      now: AFTER_CLOSE,
      expected: { status: 'noConsensus', reason: 'missingAtClose', settledAt: CLOSES, approved: NOT_LAST, rejected: [], referred: [], waiting: [LAST] },
    },
    {
      name: 'at exactly closesAt the decision is closed',
      history: approvals(NOT_LAST),
      now: new Date(CLOSES),
      expected: { status: 'noConsensus', reason: 'missingAtClose', settledAt: CLOSES, approved: NOT_LAST, rejected: [], referred: [], waiting: [LAST] },
    },
    {
      name: 'one millisecond before closesAt the decision is open',
      history: approvals(NOT_LAST),
      now: new Date(ONE_MS_BEFORE_CLOSE),
      expected: { status: 'open', approved: NOT_LAST, rejected: [], referred: [], waiting: [LAST] },
    },
    {
      name: 'the 13th approval one millisecond before closesAt counts',
      history: [...approvals(NOT_LAST), vote(LAST, 'approve', ONE_MS_BEFORE_CLOSE)],
      now: AFTER_CLOSE,
      expected: { status: 'consensus', settledAt: ONE_MS_BEFORE_CLOSE, approved: ids, rejected: [], referred: [], waiting: [] },
    },
    {
      name: 'the 13th approval at exactly closesAt does not count',
      history: [...approvals(NOT_LAST), vote(LAST, 'approve', CLOSES)],
      now: AFTER_CLOSE,
      expected: { status: 'noConsensus', reason: 'missingAtClose', settledAt: CLOSES, approved: NOT_LAST, rejected: [], referred: [], waiting: [LAST] },
    },
    {
      name: 'a 13th approval after closesAt does not count',
      history: [...approvals(NOT_LAST), vote(LAST, 'approve', '2026-04-01T05:00:00.000Z')],
      now: AFTER_CLOSE,
      expected: { status: 'noConsensus', reason: 'missingAtClose', settledAt: CLOSES, approved: NOT_LAST, rejected: [], referred: [], waiting: [LAST] },
    },
    {
      name: 'a rejection after closesAt does not count either',
      history: [...approvals(NOT_LAST), vote(LAST, 'reject', '2026-04-01T05:00:00.000Z', { reason: REASON })],
      now: AFTER_CLOSE,
      expected: { status: 'noConsensus', reason: 'missingAtClose', settledAt: CLOSES, approved: NOT_LAST, rejected: [], referred: [], waiting: [LAST] },
    },
    {
      name: 'closed early by a coordinator → closedEarly, settled at closedAt, a vote after it does not count',
      timing: EARLY,
      history: [...approvals(NOT_LAST), vote(LAST, 'approve', ms(CLOSED_EARLY, 60_000))],
      now: AFTER_EARLY_CLOSE,
      expected: {
        status: 'noConsensus',
        reason: 'closedEarly',
        settledAt: CLOSED_EARLY,
        approved: NOT_LAST,
        rejected: [],
        referred: [],
        waiting: [LAST],
      },
    },
    {
      name: 'closed early: a vote at exactly closedAt does not count',
      timing: EARLY,
      history: [...approvals(NOT_LAST), vote(LAST, 'approve', CLOSED_EARLY)],
      now: AFTER_EARLY_CLOSE,
      expected: {
        status: 'noConsensus',
        reason: 'closedEarly',
        settledAt: CLOSED_EARLY,
        approved: NOT_LAST,
        rejected: [],
        referred: [],
        waiting: [LAST],
      },
    },
    {
      name: 'closed early: a rejection after closedAt does not count',
      timing: EARLY,
      history: [...approvals(NOT_LAST), vote(LAST, 'reject', ms(CLOSED_EARLY, 1), { reason: REASON })],
      now: AFTER_EARLY_CLOSE,
      expected: {
        status: 'noConsensus',
        reason: 'closedEarly',
        settledAt: CLOSED_EARLY,
        approved: NOT_LAST,
        rejected: [],
        referred: [],
        waiting: [LAST],
      },
    },
    {
      name: 'closed early after a consensus → still a consensus',
      timing: EARLY,
      history: approvals(ids),
      now: AFTER_EARLY_CLOSE,
      expected: { status: 'consensus', settledAt: t(12), approved: ids, rejected: [], referred: [], waiting: [] },
    },
    {
      name: 'closed early after a rejection → still rejected',
      timing: EARLY,
      history: [vote('gnosjo', 'reject', t(0), { reason: REASON })],
      now: AFTER_EARLY_CLOSE,
      expected: {
        status: 'noConsensus',
        reason: 'rejected',
        settledAt: t(0),
        approved: [],
        rejected: [{ memberId: 'gnosjo', reason: REASON }],
        referred: [],
        waiting: except('gnosjo'),
      },
    },
    {
      name: 'a closedAt later than closesAt does not extend the decision: missingAtClose at closesAt',
      timing: { id: DECISION, closesAt: CLOSES, closedAt: '2026-04-02T08:00:00.000Z' },
      history: [...approvals(NOT_LAST), vote(LAST, 'approve', '2026-04-01T05:00:00.000Z')],
      now: new Date('2026-04-03T08:00:00.000Z'),
      expected: { status: 'noConsensus', reason: 'missingAtClose', settledAt: CLOSES, approved: NOT_LAST, rejected: [], referred: [], waiting: [LAST] },
    },
  ]);
});

describe('tallyDecision: one municipality, one voice (chief or deputy)', () => {
  const others = except('eksjo');

  runCases([
    {
      name: 'chief approves, deputy rejects later → rejected by the municipality',
      history: [vote('eksjo', 'approve', t(0)), ...approvals(except('eksjo', LAST), 1), vote('eksjo', 'reject', t(20), { ...deputy, reason: REASON })],
      now: BEFORE_CLOSE,
      expected: {
        status: 'noConsensus',
        reason: 'rejected',
        settledAt: t(20),
        approved: except('eksjo', LAST),
        rejected: [{ memberId: 'eksjo', reason: REASON }],
        referred: [],
        waiting: [LAST],
      },
    },
    {
      name: 'deputy approves, then chief approves → one approval; 11 others do not make a consensus',
      history: [vote('eksjo', 'approve', t(0), deputy), vote('eksjo', 'approve', t(1)), ...approvals(except('eksjo', LAST), 2)],
      now: BEFORE_CLOSE,
      expected: { status: 'open', approved: except(LAST), rejected: [], referred: [], waiting: [LAST] },
    },
    {
      name: 'deputy approves, then chief approves, with the 12 others → consensus',
      history: [vote('eksjo', 'approve', t(0), deputy), vote('eksjo', 'approve', t(1)), ...approvals(others, 2)],
      now: BEFORE_CLOSE,
      expected: { status: 'consensus', settledAt: t(13), approved: ids, rejected: [], referred: [], waiting: [] },
    },
    {
      name: 'the deputy approval that completes the consensus is not undone by the chief rejecting later',
      history: [...approvals(others), vote('eksjo', 'approve', t(20), deputy), vote('eksjo', 'reject', t(21), { reason: REASON })],
      now: BEFORE_CLOSE,
      expected: { status: 'consensus', settledAt: t(20), approved: ids, rejected: [], referred: [], waiting: [] },
    },
    {
      name: 'deputy approves, then chief rejects, before the others are done → rejected',
      history: [vote('eksjo', 'approve', t(0), deputy), vote('eksjo', 'reject', t(1), { reason: REASON }), ...approvals(others, 2)],
      now: BEFORE_CLOSE,
      expected: {
        status: 'noConsensus',
        reason: 'rejected',
        settledAt: t(1),
        approved: [],
        rejected: [{ memberId: 'eksjo', reason: REASON }],
        referred: [],
        waiting: others,
      },
    },
  ]);

  it('the counting record is the latest one, whoever cast it', () => {
    const chief = vote('eksjo', 'approve', t(1));
    const tally = tallyDecision(TIMING, [vote('eksjo', 'approve', t(0), deputy), chief], members, BEFORE_CLOSE);
    expect(tally.voices.filter((v) => v.memberId === 'eksjo')).toEqual([{ memberId: 'eksjo', voice: 'approved', record: chief }]);
    expect(tally.approved).toEqual(['eksjo']);
  });
});

describe('tallyDecision: referral to the committee (nämnd)', () => {
  const referral = vote('eksjo', 'refer', t(0));
  const others = except('eksjo');

  runCases([
    {
      name: 'a referral leaves the member waiting, voice referred',
      history: [referral, ...approvals(others, 1)],
      now: BEFORE_CLOSE,
      expected: { status: 'open', approved: others, rejected: [], referred: ['eksjo'], waiting: ['eksjo'] },
    },
    {
      name: 'referral, then the committee approves → counts as approval, consensus at the committee record',
      history: [referral, ...approvals(others, 1), vote('eksjo', 'approve', t(30), committee)],
      now: BEFORE_CLOSE,
      expected: { status: 'consensus', settledAt: t(30), approved: ids, rejected: [], referred: [], waiting: [] },
    },
    {
      name: '12 approvals + one referral at the close → missingAtClose, the referred member waiting',
      history: [referral, ...approvals(others, 1)],
      now: AFTER_CLOSE,
      expected: { status: 'noConsensus', reason: 'missingAtClose', settledAt: CLOSES, approved: others, rejected: [], referred: ['eksjo'], waiting: ['eksjo'] },
    },
    {
      name: 'referral, then the committee rejects → rejected',
      history: [referral, ...approvals(others, 1), vote('eksjo', 'reject', t(30), { ...committee, reason: REASON })],
      now: BEFORE_CLOSE,
      expected: {
        status: 'noConsensus',
        reason: 'rejected',
        settledAt: t(30),
        approved: others,
        rejected: [{ memberId: 'eksjo', reason: REASON }],
        referred: [],
        waiting: [],
      },
    },
    {
      name: 'a committee approval after the close does not count',
      history: [referral, ...approvals(others, 1), vote('eksjo', 'approve', '2026-04-01T05:00:00.000Z', committee)],
      now: AFTER_CLOSE,
      expected: { status: 'noConsensus', reason: 'missingAtClose', settledAt: CLOSES, approved: others, rejected: [], referred: ['eksjo'], waiting: ['eksjo'] },
    },
  ]);

  it('the committee record is kept as the municipality voice', () => {
    const decided = vote('eksjo', 'approve', t(30), committee);
    const tally = tallyDecision(TIMING, [referral, decided], members, BEFORE_CLOSE);
    expect(tally.voices.find((v) => v.memberId === 'eksjo')).toEqual({ memberId: 'eksjo', voice: 'approved', record: decided });
  });
});

describe('tallyDecision: a changed vote before settlement', () => {
  runCases([
    {
      name: 'approve → refer: the earlier approval no longer counts when the others are done',
      history: [vote(LAST, 'approve', t(0)), vote(LAST, 'refer', t(1)), ...approvals(NOT_LAST, 2)],
      now: BEFORE_CLOSE,
      expected: { status: 'open', approved: NOT_LAST, rejected: [], referred: [LAST], waiting: [LAST] },
    },
    {
      name: 'approve → refer → approve: consensus at the second approval',
      history: [vote(LAST, 'approve', t(0)), vote(LAST, 'refer', t(1)), ...approvals(NOT_LAST, 2), vote(LAST, 'approve', t(20))],
      now: BEFORE_CLOSE,
      expected: { status: 'consensus', settledAt: t(20), approved: ids, rejected: [], referred: [], waiting: [] },
    },
    {
      name: 'approve → reject before the others are done: rejected',
      history: [vote(LAST, 'approve', t(0)), ...approvals(ids.slice(0, 5), 1), vote(LAST, 'reject', t(10), { reason: REASON })],
      now: BEFORE_CLOSE,
      expected: {
        status: 'noConsensus',
        reason: 'rejected',
        settledAt: t(10),
        approved: ids.slice(0, 5),
        rejected: [{ memberId: LAST, reason: REASON }],
        referred: [],
        waiting: ids.slice(5, 12),
      },
    },
  ]);
});

describe('tallyDecision: what is ignored, and the order of the history', () => {
  runCases([
    {
      name: 'an approval from a member not in the list does not complete a consensus',
      history: [...approvals(NOT_LAST), vote('region-jonkopings-lan', 'approve', t(12))],
      now: BEFORE_CLOSE,
      expected: { status: 'open', approved: NOT_LAST, rejected: [], referred: [], waiting: [LAST] },
    },
    {
      name: 'a rejection from a member not in the list is ignored',
      history: [vote('forsakringskassan', 'reject', t(0), { reason: REASON }), ...approvals(ids, 1)],
      now: BEFORE_CLOSE,
      expected: { status: 'consensus', settledAt: t(13), approved: ids, rejected: [], referred: [], waiting: [] },
    },
    {
      name: 'an approval for another decision does not count',
      history: [...approvals(NOT_LAST), vote(LAST, 'approve', t(12), { decisionId: OTHER_DECISION })],
      now: BEFORE_CLOSE,
      expected: { status: 'open', approved: NOT_LAST, rejected: [], referred: [], waiting: [LAST] },
    },
    {
      name: 'a rejection for another decision is ignored',
      history: [vote('habo', 'reject', t(0), { decisionId: OTHER_DECISION, reason: REASON }), ...approvals(ids, 1)],
      now: BEFORE_CLOSE,
      expected: { status: 'consensus', settledAt: t(13), approved: ids, rejected: [], referred: [], waiting: [] },
    },
    {
      name: 'history out of order: the earliest rejection settles it even when listed last',
      history: [...approvals(ids, 1).reverse(), vote('habo', 'reject', t(0), { reason: REASON })],
      now: BEFORE_CLOSE,
      expected: {
        status: 'noConsensus',
        reason: 'rejected',
        settledAt: t(0),
        approved: [],
        rejected: [{ memberId: 'habo', reason: REASON }],
        referred: [],
        waiting: except('habo'),
      },
    },
    {
      name: 'history out of order: a later approval listed before an earlier referral still counts',
      history: [vote(LAST, 'approve', t(20)), ...approvals(NOT_LAST, 1).reverse(), vote(LAST, 'refer', t(0))],
      now: BEFORE_CLOSE,
      expected: { status: 'consensus', settledAt: t(20), approved: ids, rejected: [], referred: [], waiting: [] },
    },
    {
      name: 'history out of order: an earlier approval listed after a later referral does not count',
      history: [vote(LAST, 'refer', t(1)), ...approvals(NOT_LAST, 2).reverse(), vote(LAST, 'approve', t(0))],
      now: BEFORE_CLOSE,
      expected: { status: 'open', approved: NOT_LAST, rejected: [], referred: [LAST], waiting: [LAST] },
    },
    {
      name: 'history out of order: the consensus is settled at the last approval in time, not in the list',
      history: [vote('aneby', 'approve', t(40)), ...approvals(except('aneby'))],
      now: BEFORE_CLOSE,
      expected: { status: 'consensus', settledAt: t(40), approved: ids, rejected: [], referred: [], waiting: [] },
    },
    {
      name: 'votes in the same millisecond keep their history order: the one appended last counts',
      history: [...approvals(NOT_LAST, 1), vote(LAST, 'approve', t(0)), vote(LAST, 'refer', t(0))],
      now: BEFORE_CLOSE,
      expected: { status: 'open', approved: NOT_LAST, rejected: [], referred: [LAST], waiting: [LAST] },
    },
  ]);

  it('does not reorder or change the history it is given', () => {
    const history = Object.freeze([...approvals(ids)].reverse().map((r) => Object.freeze(r)));
    const copy = structuredClone(history);
    const tally = tallyDecision(TIMING, history, members, BEFORE_CLOSE);
    expect(tally.status).toBe('consensus');
    expect(history).toEqual(copy);
  });

  it('is the same for the same input (no hidden clock)', () => {
    const history = approvals(NOT_LAST);
    const a = tallyDecision(TIMING, history, members, BEFORE_CLOSE);
    const b = tallyDecision(TIMING, history, members, BEFORE_CLOSE);
    expect(b).toEqual(a);
  });
});

describe('decisionNumber', () => {
  it.each([
    [2026, 3, 'B-2026-003'],
    [2026, 42, 'B-2026-042'],
    [2027, 999, 'B-2027-999'],
    [2026, 1000, 'B-2026-1000'],
  ])('decisionNumber(%i, %i) === %s', (year, sequence, expected) => {
    expect(decisionNumber(year, sequence)).toBe(expected);
    expect(expected).toMatch(DECISION_NUMBER);
  });

  it('DECISION_NUMBER rejects other shapes', () => {
    for (const bad of ['B-2026-03', 'P-2026-003', 'B-26-003', 'B-2026-003x', ' B-2026-003']) expect(bad).not.toMatch(DECISION_NUMBER);
  });
});

describe('tallyDecision: unreadable or future times', () => {
  it('refuses a decision whose closing time cannot be read, instead of staying open forever', () => {
    expect(() => tallyDecision({ id: DECISION, closesAt: CLOSES, closedAt: 'nope' }, [], members, AFTER_CLOSE)).toThrow(RangeError);
    expect(() => tallyDecision({ id: DECISION, closesAt: 'soon' }, [], members, BEFORE_CLOSE)).toThrow(RangeError);
  });

  it('ignores a vote whose time cannot be read or lies after now', () => {
    const history = [...ids.slice(0, 12).map((id, i) => vote(id, 'approve', t(i))), vote(ids[12]!, 'approve', 'garbage')];
    expect(tallyDecision(TIMING, history, members, BEFORE_CLOSE).status).toBe('open');
    const future = [...ids.map((id, i) => vote(id, 'approve', t(i)))];
    expect(tallyDecision(TIMING, future, members, new Date(t(11))).status).toBe('open');
    expect(tallyDecision(TIMING, future, members, new Date(t(12))).status).toBe('consensus');
  });

  it('gives settledAt as an ISO instant whatever offset the vote was stored with', () => {
    const history = ids.map((id, i) => vote(id, 'approve', i === 12 ? '2026-03-10T10:00:00+01:00' : t(i)));
    expect(tallyDecision(TIMING, history, members, BEFORE_CLOSE).settledAt).toBe('2026-03-10T09:00:00.000Z');
  });
});

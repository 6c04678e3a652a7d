import { describe, expect, it } from 'vitest';
import type { VoteRecord } from '../../src/domain/consensus.js';
import type { Decided } from '../../src/domain/decided.js';
import { answerDelivery, ReplayConflict, voteDelivery, type Delivery, type Press } from '../../src/domain/delivery.js';
import { decideMemberAnswer } from '../../src/domain/member-answer.js';
import { answerParticipation, type ParticipationRecord } from '../../src/domain/participation.js';
import { castVote, changeClosingTime, committeeStanding, enterCommitteeDecision, type Voter } from '../../src/domain/voting.js';

const NOW = new Date('2026-11-20T09:30:00Z');
const eksjo = { id: 'chief-eksjo', aadObjectId: 'aad-eksjo' };
const deputyEksjo = { id: 'deputy-eksjo', aadObjectId: 'aad-deputy-eksjo' };
const anna = { id: 'anna-lindqvist', aadObjectId: 'aad-anna' };

/** What a decision came to, short enough for a table. */
function summary<R>(d: Decided<R, string>): string {
  if (d.kind === 'recorded') return 'recorded';
  if (d.kind === 'conflict') return `conflict:${d.conflict.differs.join(',')}`;
  return d.reason;
}

describe('decideMemberAnswer: one member answers a question', () => {
  interface Row {
    memberId: string;
    choice: string;
  }
  const delivery = (r: Row): Delivery => ({ verb: 'ask', target: 'Q-1', person: 'p1', choice: { member: r.memberId, choice: r.choice } });
  const decide = (answers: Row[], record: Row, press: Press = {}, open = true) =>
    decideMemberAnswer({ answers, record, delivery: delivery(record), press, open, same: (latest, r) => latest.choice === r.choice });
  const yes = { memberId: 'eksjo', choice: 'yes' };
  const no = { memberId: 'eksjo', choice: 'no' };

  const table: [string, Row[], Row, Press, boolean, string][] = [
    ['a first answer', [], yes, { activityId: 'a1' }, true, 'recorded'],
    ['without an activity id', [], yes, {}, true, 'recorded'],
    ['the same answer again, new press', [yes], yes, { activityId: 'a2' }, true, 'unchanged'],
    ['a changed answer', [yes], no, { activityId: 'a2' }, true, 'recorded'],
    ['back to an earlier answer: the latest counts', [yes, no], yes, { activityId: 'a3' }, true, 'recorded'],
    ['the latest is the same: earlier ones do not matter', [no, yes], yes, { activityId: 'a3' }, true, 'unchanged'],
    ["another member's answer is not this member's", [{ memberId: 'habo', choice: 'yes' }], yes, { activityId: 'a2' }, true, 'recorded'],
    ['a closed question', [], yes, { activityId: 'a1' }, false, 'closed'],
    ['closed, even for a changed answer', [yes], no, { activityId: 'a2' }, false, 'closed'],
    ['a re-delivery with the same content', [yes], yes, { activityId: 'a1', earlier: delivery(yes) }, true, 'duplicate'],
    // A re-delivery counts once even after the question closed: it gets its first answer again.
    ['a re-delivery after the close', [yes], yes, { activityId: 'a1', earlier: delivery(yes) }, false, 'duplicate'],
    ['the same id with other content', [yes], no, { activityId: 'a1', earlier: delivery(yes) }, true, 'conflict:choice'],
    ['the same id, another kind of press', [], yes, { activityId: 'a1', earlier: { ...delivery(yes), verb: 'vote' } }, true, 'conflict:verb'],
  ];
  it.each(table)('%s', (_name, answers, record, press, open, expected) => {
    expect(summary(decide(answers, record, press, open))).toBe(expected);
  });

  it('recorded: hands back the record as given', () => {
    expect(decide([], yes, { activityId: 'a1' })).toEqual({ kind: 'recorded', record: yes });
  });

  it('a conflict names the press and what differs, never the values', () => {
    const d = decide([yes], no, { activityId: 'a1', earlier: delivery(yes) });
    expect(d.kind === 'conflict' && d.conflict).toEqual(new ReplayConflict('a1', 'ask', 'Q-1', ['choice']));
  });

  it('without `same` every answer is new', () => {
    expect(summary(decideMemberAnswer({ answers: [yes], record: yes, delivery: delivery(yes), press: { activityId: 'a2' }, open: true }))).toBe('recorded');
  });

  it('two presses at once are judged against each other: the second sees the first', () => {
    // Two people of one municipality press the same answer at the same moment.
    const first = decide([], yes, { activityId: 'a1' });
    const second = decide([], yes, { activityId: 'a2' });
    expect([summary(first), summary(second)]).toEqual(['recorded', 'recorded']);
    // In the write queue the second is judged against the state the first left.
    expect(summary(decide(first.kind === 'recorded' ? [first.record] : [], yes, { activityId: 'a2' }))).toBe('unchanged');
    // Two different answers at once: both count, in the order recorded, and the latest is what counts.
    expect(summary(decide([yes], no, { activityId: 'a2' }))).toBe('recorded');
  });
});

describe('answerParticipation', () => {
  const proposal = { id: 'P-2026-001' };
  type Input = Parameters<typeof answerParticipation>[0];
  const base: Omit<Input, 'press'> = { proposal, answers: [], open: true, memberId: 'eksjo', person: eksjo, capacity: 'socialChief', answer: 'participates', now: NOW };
  const given: ParticipationRecord = {
    proposalId: 'P-2026-001',
    memberId: 'eksjo',
    answer: 'participates',
    personId: 'chief-eksjo',
    aadObjectId: 'aad-eksjo',
    capacity: 'socialChief',
    at: '2026-11-19T08:00:00.000Z',
    activityId: 'a1',
  };

  it('recorded: who, when, in which capacity, under which activity', () => {
    expect(answerParticipation({ ...base, press: { activityId: 'a1' } })).toEqual({
      kind: 'recorded',
      record: { ...given, at: NOW.toISOString() },
    });
  });

  const table: [string, Partial<Input>, Press, string][] = [
    ['unknown proposal', { proposal: undefined }, { activityId: 'a2' }, 'unknownProposal'],
    ['unknown proposal, even as a re-delivery', { proposal: undefined }, { activityId: 'a1', earlier: answerDelivery(given) }, 'unknownProposal'],
    ['re-delivered', { answers: [given] }, { activityId: 'a1', earlier: answerDelivery(given) }, 'duplicate'],
    ['same id, another answer', { answers: [given], answer: 'declines' }, { activityId: 'a1', earlier: answerDelivery(given) }, 'conflict:answer'],
    ['same id, another person', { answers: [given], person: deputyEksjo }, { activityId: 'a1', earlier: answerDelivery(given) }, 'conflict:person'],
    ['past the deadline', { open: false }, { activityId: 'a2' }, 'closed'],
    ['the same answer, by another person of the municipality', { answers: [given], person: deputyEksjo, capacity: 'deputyChief' }, { activityId: 'a2' }, 'unchanged'],
    ['a changed answer', { answers: [given], answer: 'declines' }, { activityId: 'a2' }, 'recorded'],
  ];
  it.each(table)('%s', (_name, over, press, expected) => {
    expect(summary(answerParticipation({ ...base, ...over, press }))).toBe(expected);
  });
});

describe('castVote', () => {
  const decision = { id: 'B-2026-002' };
  const voter: Voter = { person: eksjo, memberId: 'eksjo', capacity: 'socialChief' };
  const approve: VoteRecord = {
    decisionId: 'B-2026-002',
    memberId: 'eksjo',
    position: 'approve',
    personId: 'chief-eksjo',
    aadObjectId: 'aad-eksjo',
    capacity: 'socialChief',
    at: '2026-11-19T08:00:00.000Z',
    activityId: 'v1',
  };
  const reject: VoteRecord = { ...approve, position: 'reject', reason: 'För dyrt', activityId: 'v2' };
  const vote = (over: { votes?: VoteRecord[]; open?: boolean; choice?: { position: 'approve' | 'reject' | 'refer'; reason?: string }; press?: Press; decision?: { id: string } }) =>
    castVote({ decision, votes: [], open: true, voter, choice: { position: 'approve' }, press: { activityId: 'v9' }, now: NOW, ...over });

  it('recorded: the vote as it is kept, no empty reason', () => {
    expect(vote({ choice: { position: 'approve', reason: '' } })).toEqual({ kind: 'recorded', record: { ...approve, at: NOW.toISOString(), activityId: 'v9' } });
    const d = vote({ choice: { position: 'reject', reason: 'För dyrt' } });
    expect(d.kind === 'recorded' && d.record).toMatchObject({ position: 'reject', reason: 'För dyrt' });
  });

  const table: [string, Parameters<typeof vote>[0], string][] = [
    ['unknown decision', { decision: undefined }, 'unknownDecision'],
    ['re-delivered', { votes: [approve], press: { activityId: 'v1', earlier: voteDelivery(approve) } }, 'duplicate'],
    ['re-delivered after the close', { votes: [approve], open: false, press: { activityId: 'v1', earlier: voteDelivery(approve) } }, 'duplicate'],
    ['same id, another position', { votes: [approve], choice: { position: 'refer' }, press: { activityId: 'v1', earlier: voteDelivery(approve) } }, 'conflict:position'],
    ['same id, another reason', { votes: [reject], choice: { position: 'reject', reason: 'Annat' }, press: { activityId: 'v2', earlier: voteDelivery(reject) } }, 'conflict:reason'],
    ['closed', { open: false }, 'closed'],
    ['the same position again', { votes: [approve] }, 'unchanged'],
    ['the same rejection with the same reason', { votes: [reject], choice: { position: 'reject', reason: 'För dyrt' } }, 'unchanged'],
    ['the same rejection with another reason', { votes: [reject], choice: { position: 'reject', reason: 'Annat' } }, 'recorded'],
    ['a changed vote', { votes: [approve], choice: { position: 'refer' } }, 'recorded'],
    ['a vote after a committee approved counts as unchanged', { votes: [{ ...approve, capacity: 'committee', committee: { reference: '§ 1', date: '2026-11-18' } }] }, 'unchanged'],
    ["another municipality's vote", { votes: [{ ...approve, memberId: 'habo' }] }, 'recorded'],
  ];
  it.each(table)('%s', (_name, over, expected) => {
    expect(summary(vote(over))).toBe(expected);
  });

  it('two chiefs of one municipality vote at once: the second is judged against the first', () => {
    const first = vote({ press: { activityId: 'v10' } });
    expect(first.kind).toBe('recorded');
    const deputy: Voter = { person: deputyEksjo, memberId: 'eksjo', capacity: 'deputyChief' };
    const second = castVote({ decision, votes: first.kind === 'recorded' ? [first.record] : [], open: true, voter: deputy, choice: { position: 'approve' }, press: { activityId: 'v11' }, now: NOW });
    expect(summary(second)).toBe('unchanged');
  });
});

describe('committee decisions', () => {
  const decision = { id: 'B-2026-002' };
  const referred: VoteRecord = {
    decisionId: 'B-2026-002',
    memberId: 'habo',
    position: 'refer',
    personId: 'chief-habo',
    aadObjectId: 'aad-habo',
    capacity: 'socialChief',
    at: '2026-11-18T08:00:00.000Z',
  };

  it.each([
    ['open, referred', { status: 'open', referred: ['habo'] }, 'ok'],
    ['open, not referred', { status: 'open', referred: ['eksjo'] }, 'notReferred'],
    ['settled', { status: 'consensus', referred: ['habo'] }, 'notOpen'],
    ['no consensus', { status: 'noConsensus', referred: [] }, 'notOpen'],
  ] as const)('committeeStanding: %s', (_name, tally, expected) => {
    expect(committeeStanding({ status: tally.status, referred: [...tally.referred] }, 'habo')).toBe(expected);
  });

  const enter = (over: Partial<Parameters<typeof enterCommitteeDecision>[0]> = {}) =>
    enterCommitteeDecision({
      decision,
      votes: [referred],
      standing: 'ok',
      memberId: 'habo',
      by: anna,
      outcome: { approved: false, reference: '§ 42, SN 2026/123', date: '2026-11-19' },
      press: { activityId: 'c1' },
      now: NOW,
      ...over,
    });

  it('recorded: the outcome as the voice, a rejection with its reference as reason', () => {
    expect(enter()).toEqual({
      kind: 'recorded',
      record: {
        decisionId: 'B-2026-002',
        memberId: 'habo',
        position: 'reject',
        reason: '§ 42, SN 2026/123',
        personId: 'anna-lindqvist',
        aadObjectId: 'aad-anna',
        capacity: 'committee',
        at: NOW.toISOString(),
        activityId: 'c1',
        committee: { reference: '§ 42, SN 2026/123', date: '2026-11-19' },
      },
    });
  });

  const recordedOnce = enter();
  const earlier = recordedOnce.kind === 'recorded' ? recordedOnce.record : referred;
  const delivered = { activityId: 'c1', earlier: { verb: 'committee', target: 'B-2026-002', person: 'anna-lindqvist', choice: { member: 'habo', outcome: 'rejected', reference: '§ 42, SN 2026/123', date: '2026-11-19' } } };
  const table: [string, Partial<Parameters<typeof enterCommitteeDecision>[0]>, string][] = [
    ['unknown decision', { decision: undefined }, 'unknownDecision'],
    ['re-delivered', { votes: [referred, earlier], press: delivered }, 'duplicate'],
    ['re-delivered after the decision settled', { votes: [referred, earlier], standing: 'notOpen', press: delivered }, 'duplicate'],
    ['same id, another outcome', { outcome: { approved: true, reference: '§ 42, SN 2026/123', date: '2026-11-19' }, press: delivered }, 'conflict:outcome'],
    ['not open', { standing: 'notOpen' }, 'notOpen'],
    ['not referred', { standing: 'notReferred' }, 'notReferred'],
    ['the same outcome again, a new press: recorded, a committee decided', { votes: [referred, earlier], press: { activityId: 'c2' } }, 'recorded'],
  ];
  it.each(table)('%s', (_name, over, expected) => {
    expect(summary(enter(over))).toBe(expected);
  });
});

describe('changeClosingTime: closing a decision early or extending it', () => {
  const decision = { closesAt: '2026-12-10T15:00:00.000Z' };
  const now = new Date('2026-12-01T09:00:00Z');
  it.each([
    ['closed while open', true, 'closed', '2026-12-01T09:00:00Z', { kind: 'recorded' }],
    ['extended to a later time', true, 'extended', '2026-12-17T15:00:00Z', { kind: 'recorded' }],
    ['extended to the same time', true, 'extended', '2026-12-10T15:00:00Z', { kind: 'refused', reason: 'notLater' }],
    ['extended to an earlier time', true, 'extended', '2026-12-09T15:00:00Z', { kind: 'refused', reason: 'notLater' }],
    ['closed when already settled', false, 'closed', '2026-12-01T09:00:00Z', { kind: 'refused', reason: 'notOpen' }],
    ['extended when already settled', false, 'extended', '2026-12-17T15:00:00Z', { kind: 'refused', reason: 'notOpen' }],
  ] as const)('%s', (_name, open, action, to, expected) => {
    const decided = changeClosingTime(decision, open, { action, to: new Date(to), personId: 'anna-lindqvist', now });
    expect(decided).toMatchObject(expected);
    if (decided.kind === 'recorded')
      expect(decided.record).toEqual({ action, from: decision.closesAt, to: new Date(to).toISOString(), at: now.toISOString(), personId: 'anna-lindqvist' });
  });
});

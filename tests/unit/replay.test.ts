import { describe, expect, it } from 'vitest';
import {
  answerDelivery,
  committeeDelivery,
  compareDelivery,
  decisionFormDelivery,
  deliveryDifferences,
  doneDelivery,
  gateDelivery,
  judgeActivity,
  proposalFormDelivery,
  recordedDecisionForm,
  recordedProposalForm,
  ReplayConflict,
  voteDelivery,
  type Delivery,
} from '../../src/store/replay.js';
import { emptyStore, type DecisionRecord, type ProposalRecord } from '../../src/store/schema.js';

const answer = { proposalId: 'P-2026-001', personId: 'chief-eksjo', memberId: 'eksjo', answer: 'participates' as const };
const vote = { decisionId: 'B-2026-001', personId: 'chief-habo', memberId: 'habo', position: 'approve' as const, reason: undefined };
const committee = { decisionId: 'B-2026-001', personId: 'anna-lindqvist', memberId: 'habo', approved: true, reference: '§ 12', date: '2026-11-20' };
const approveGate = { proposalId: 'P-2026-001', kind: 'approve' as const, gate: 'BG1' as const, by: 'member-a' };
const done = { key: 'q1:2026', party: 'member:eksjo', personId: 'chief-eksjo' };

describe('replay comparison: the same activity id must carry the same press', () => {
  const table: [string, Delivery, Delivery, string[]][] = [
    ['an answer re-delivered', answerDelivery(answer), answerDelivery(answer), []],
    ['another answer', answerDelivery(answer), answerDelivery({ ...answer, answer: 'declines' }), ['answer']],
    ['another proposal', answerDelivery(answer), answerDelivery({ ...answer, proposalId: 'P-2026-002' }), ['target']],
    ['another person of the same municipality', answerDelivery(answer), answerDelivery({ ...answer, personId: 'deputy-eksjo' }), ['person']],
    ['another person and municipality', answerDelivery(answer), answerDelivery({ ...answer, personId: 'chief-habo', memberId: 'habo' }), ['person', 'member']],
    ['a vote re-delivered', voteDelivery(vote), voteDelivery(vote), []],
    ['another position', voteDelivery(vote), voteDelivery({ ...vote, position: 'reject', reason: 'För dyrt' }), ['position', 'reason']],
    ['another reason', voteDelivery({ ...vote, position: 'reject', reason: 'A' }), voteDelivery({ ...vote, position: 'reject', reason: 'B' }), ['reason']],
    ['no reason and an empty one are the same', voteDelivery(vote), voteDelivery({ ...vote, reason: '' }), []],
    ['another decision', voteDelivery(vote), voteDelivery({ ...vote, decisionId: 'B-2026-002' }), ['target']],
    ['an answer id arriving as a vote', answerDelivery(answer), voteDelivery(vote), ['verb', 'target', 'person', 'member', 'answer', 'position']],
    ['a committee decision re-delivered', committeeDelivery(committee), committeeDelivery(committee), []],
    ['another committee outcome', committeeDelivery(committee), committeeDelivery({ ...committee, approved: false }), ['outcome']],
    ['another committee reference', committeeDelivery(committee), committeeDelivery({ ...committee, reference: '§ 13' }), ['reference']],
    ['a gate approval re-delivered', gateDelivery(approveGate), gateDelivery(approveGate), []],
    ['a send-back under an approval id', gateDelivery(approveGate), gateDelivery({ ...approveGate, kind: 'sendBack', reason: 'Mer underlag' }), ['verb', 'reason']],
    ['another gate', gateDelivery(approveGate), gateDelivery({ ...approveGate, gate: 'BG2' }), ['gate']],
    ['another document', gateDelivery({ ...approveGate, kind: 'submit', document: { title: 'A', url: 'https://x/a' } }), gateDelivery({ ...approveGate, kind: 'submit', document: { title: 'A', url: 'https://x/b' } }), ['url']],
    ['"Klart" re-delivered', doneDelivery(done), doneDelivery(done), []],
    ['"Klart" for another party', doneDelivery(done), doneDelivery({ ...done, party: 'member:habo' }), ['party']],
    ['"Klart" for another occurrence', doneDelivery(done), doneDelivery({ ...done, key: 'q2:2026' }), ['target']],
    ['a decision form with another amount', decisionFormDelivery('f1', 'anna', { kind: 'jointFunds', question: 'Q', background: '', amountSek: 100, closesAt: 'x' }), decisionFormDelivery('f1', 'anna', { kind: 'jointFunds', question: 'Q', background: '', amountSek: 200, closesAt: 'x' }), ['amountSek']],
    ['-0 and 0 kronor are the same amount', decisionFormDelivery('f1', 'anna', { kind: 'other', question: 'Q', background: '', amountSek: 0, closesAt: 'x' }), decisionFormDelivery('f1', 'anna', { kind: 'other', question: 'Q', background: '', amountSek: -0, closesAt: 'x' }), []],
  ];
  it.each(table)('%s', (_name, recorded, incoming, differs) => {
    expect(deliveryDifferences(recorded, incoming)).toEqual(differs);
    const judged = compareDelivery('act-1', recorded, incoming);
    if (differs.length) expect(judged).toEqual(new ReplayConflict('act-1', incoming.verb, incoming.target, differs));
    else expect(judged).toBe('replay');
  });

  it('finds what was recorded under an id in whichever list holds it', () => {
    const data = emptyStore();
    data.participation.push({ ...answer, aadObjectId: 'x', capacity: 'socialChief', at: '2026-11-23T09:00:00.000Z', activityId: 'a1' });
    data.votes.push({ ...vote, aadObjectId: 'y', capacity: 'socialChief', at: '2026-11-23T09:00:00.000Z', activityId: 'v1' });
    data.gateEvents.push({ ...approveGate, at: '2026-11-23T09:00:00.000Z', activityId: 'g1' });
    data.reminderDone.push({ ...done, at: '2026-11-23T09:00:00.000Z', activityId: 'd1' });
    expect(judgeActivity(data, undefined, answerDelivery(answer))).toBe('new');
    expect(judgeActivity(data, 'fresh', answerDelivery(answer))).toBe('new');
    expect(judgeActivity(data, 'a1', answerDelivery(answer))).toBe('replay');
    expect(judgeActivity(data, 'v1', voteDelivery(vote))).toBe('replay');
    expect(judgeActivity(data, 'g1', gateDelivery(approveGate))).toBe('replay');
    expect(judgeActivity(data, 'd1', doneDelivery(done))).toBe('replay');
    expect(judgeActivity(data, 'v1', answerDelivery(answer))).toBeInstanceOf(ReplayConflict);
    expect(judgeActivity(data, 'd1', gateDelivery(approveGate))).toBeInstanceOf(ReplayConflict);
  });

  it('a form: fields edited since are not compared; a decision form is compared with its first closing time', () => {
    const proposal = {
      title: 'Trygg hemgång', background: 'B', goals: '', regionalValue: 'R', networkId: 'aldreomsorg', contactPersonId: 'anna-lindqvist',
      plannedStart: null, estimatedCostSek: 400000, jointFundsRequested: false, jointFundsSek: null, answerDeadline: '2026-12-15',
      createdBy: 'anna-lindqvist', formActivityId: 'form-1', edits: [{ at: 'x', personId: 'anna-lindqvist', fields: ['title'] }],
    } as unknown as ProposalRecord;
    const recorded = recordedProposalForm({ ...proposal, title: 'Ändrad titel' });
    expect(deliveryDifferences(recorded.delivery, proposalFormDelivery('form-1', 'anna-lindqvist', proposal, recorded.edited))).toEqual([]);
    expect(deliveryDifferences(recorded.delivery, proposalFormDelivery('form-1', 'anna-lindqvist', { ...proposal, goals: 'G' }, recorded.edited))).toEqual(['goals']);

    const decision = {
      kind: 'other', question: 'Q', background: '', amountSek: null, closesAt: '2026-12-20T15:00:00.000Z', createdBy: 'anna-lindqvist', formActivityId: 'f',
      changes: [{ at: 'x', personId: 'anna-lindqvist', action: 'extended', from: '2026-12-10T15:00:00.000Z', to: '2026-12-20T15:00:00.000Z' }],
    } as unknown as DecisionRecord;
    const form = { ...decision, closesAt: '2026-12-10T15:00:00.000Z' };
    expect(deliveryDifferences(recordedDecisionForm(decision), decisionFormDelivery('f', 'anna-lindqvist', form))).toEqual([]);
    expect(deliveryDifferences(recordedDecisionForm(decision), decisionFormDelivery('f', 'bertil', form))).toEqual(['person']);
  });
});

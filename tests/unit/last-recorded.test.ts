import { describe, expect, it } from 'vitest';
import { lastRecordedTime } from '../../src/store/last-recorded.js';
import { emptyStore, type StoreData } from '../../src/store/schema.js';

const EARLY = '2026-01-01T00:00:00.000Z';
const LATEST = '2026-11-23T09:00:00.000Z';
const FUTURE = '2030-01-01T00:00:00.000Z';

/** A store whose one latest recorded time sits in `place`; every time ahead by design lies further ahead. */
function storeWith(place: (d: StoreData, at: string) => void): StoreData {
  const d = emptyStore();
  d.proposals.push({
    id: 'P-2026-001', title: 't', background: 'b', goals: '', regionalValue: '', networkId: 'n', contactPersonId: 'c', plannedStart: '2031-01-01',
    estimatedCostSek: null, jointFundsRequested: false, jointFundsSek: null, answerDeadline: '2030-12-31', createdBy: 'a', createdByAad: 'x',
    createdAt: EARLY, updatedAt: EARLY, edits: [],
  });
  d.decisions.push({
    id: 'B-2026-001', kind: 'other', question: 'q', background: '', amountSek: null, closesAt: FUTURE, createdBy: 'a', createdByAad: 'x', createdAt: EARLY,
    changes: [{ at: EARLY, personId: 'a', action: 'extended', from: FUTURE, to: FUTURE }], remindersSent: [],
  });
  d.votes.push({ decisionId: 'B-2026-001', memberId: 'm', position: 'approve', personId: 'p', aadObjectId: 'x', capacity: 'committee', at: EARLY, committee: { reference: 'r', date: '2030-01-01' } });
  place(d, LATEST);
  return d;
}

/** A round whose answer date and extensions lie ahead by design. */
function round(fields: Partial<StoreData['consultations'][number]>): StoreData['consultations'][number] {
  return {
    id: 'R-2026-001', subject: 's', question: 'q', documents: [], asked: ['m'], answerDate: '2030-05-01', recipient: 'PKS', networkId: 'n',
    createdBy: 'a', createdByAad: 'x', createdAt: EARLY, extensions: [], remindersSent: [], ...fields,
  };
}

describe('the last recorded time of a store', () => {
  const places: [string, (d: StoreData, at: string) => void][] = [
    ['a proposal edit', (d, at) => d.proposals[0]!.edits.push({ at, personId: 'a', fields: ['title'] })],
    ['a proposal marked infeasible', (d, at) => (d.proposals[0]!.infeasibleNotifiedAt = at)],
    ['joint funds approved', (d, at) => (d.proposals[0]!.jointFundsApproved = { decisionId: 'B-2026-001', at })],
    ['an answer', (d, at) => d.participation.push({ proposalId: 'P', memberId: 'm', answer: 'participates', personId: 'p', aadObjectId: 'x', capacity: 'socialChief', at })],
    ['too few participants told', (d, at) => (d.proposals[0]!.shortageNotified = { at, records: 3 })],
    [
      'a leave (its day ahead is not recorded)',
      (d, at) =>
        d.participation.push({
          proposalId: 'P', memberId: 'm', answer: 'declines', personId: 'p', aadObjectId: 'x', capacity: 'socialChief', at,
          kind: 'leave', reason: 'r', effectiveFrom: '2030-06-01', effectiveAt: FUTURE,
        }),
    ],
    ['a conversation', (d, at) => d.conversations.push({ id: 'c', type: 'personal', reference: {}, installedAt: EARLY, updatedAt: at })],
    ['a channel link', (d, at) => d.networkChannels.push({ networkId: 'n', conversationId: 'c', linkedBy: 'a', linkedAt: at })],
    ['a posted card', (d, at) => d.postedCards.push({ proposalId: 'P', conversationId: 'c', activityId: 'x', postedAt: at })],
    ['a decision closed early', (d, at) => (d.decisions[0]!.closedAt = at)],
    ['a decision reminder', (d, at) => d.decisions[0]!.remindersSent.push({ step: 3, closesAt: FUTURE, at })],
    ['a vote', (d, at) => d.votes.push({ decisionId: 'B', memberId: 'm', position: 'approve', personId: 'p', aadObjectId: 'x', capacity: 'socialChief', at })],
    ['a report reminder sent', (d, at) => d.reminderSends.push({ key: 'k', ruleId: 'r', step: 1, at })],
    ['a report card', (d, at) => d.reminderCards.push({ key: 'k', scope: 'members', conversationId: 'c', activityId: 'a', postedAt: at })],
    ['"Klart"', (d, at) => d.reminderDone.push({ key: 'k', party: 'member:m', personId: 'p', at })],
    ['a gate event', (d, at) => d.gateEvents.push({ proposalId: 'P', kind: 'approve', gate: 'BG0', at, by: 'p' })],
    ['a gate vote reminder', (d, at) => d.gateReminders.push({ proposalId: 'P', gate: 'BG0', submittedAt: EARLY, step: 1, at })],
    ['remindersSince', (d, at) => (d.remindersSince = at)],
    ['a paused rule', (d, at) => d.pausedRules.push({ ruleId: 'r', personId: 'p', at })],
    ['a consultation round opened', (d, at) => d.consultations.push(round({ createdAt: at }))],
    ['a consultation extension', (d, at) => d.consultations.push(round({ extensions: [{ memberId: 'm', until: '2030-06-01', personId: 'p', at }] }))],
    ['a consultation closed', (d, at) => d.consultations.push(round({ closed: { at, personId: 'p' } }))],
    ['a consultation reminder', (d, at) => d.consultations.push(round({ remindersSent: [{ date: '2030-05-01', step: 3, at }] }))],
    ['a consultation answer', (d, at) => d.consultationAnswers.push({ consultationId: 'R', memberId: 'm', kind: 'statement', position: 'approve', decision: { body: 'SN', date: '2030-01-01' }, personId: 'p', aadObjectId: 'x', capacity: 'socialChief', at })],
    ['a consultation card', (d, at) => d.postedConsultationCards.push({ consultationId: 'R', conversationId: 'c', activityId: 'a', postedAt: at })],
    ['a notice owed', (d, at) => d.notices.push({ eventId: 'e', personId: 'p', kind: 'newProposal', path: 'personal', at })],
    ['a notice preference', (d, at) => d.noticePrefs.push({ personId: 'p', off: ['reportDone'], at })],
    ['an instant spelled with an offset', (d) => d.reminderSends.push({ key: 'k', ruleId: 'r', step: 1, at: '2026-11-23T10:00:00+01:00' })],
  ];
  it.each(places)('is found in %s, and not in closing times, deadlines or committee dates', (_name, place) => {
    expect(lastRecordedTime(storeWith(place))?.toISOString()).toBe(LATEST);
  });

  it('is none for an empty store', () => {
    expect(lastRecordedTime(emptyStore())).toBeUndefined();
  });
});

import type { SnapshotState } from './commit.js';
import { answersOf, votesOf } from './indexes.js';
import { MemoryStore } from './memory.js';
import { dropEntries, enqueue, outboxEntry, recordAttemptFailed, recordPosted } from './outbox.js';
import type { CardOf, PostedCopy, Repository, RepositoryReads } from './port.js';
import {
  createProposal,
  editProposal,
  findProposal,
  forgetConversations,
  linkNetworkChannel,
  markInfeasibleNotified,
  networkChannel,
  personalChatOf,
  recordAnswer,
  recordPostedCard,
  saveConversation,
  setActingAs,
} from './repository.js';
import {
  changeClosing,
  createDecision,
  findDecision,
  markJointFundsApproved,
  markOutcomeNotified,
  markRemindersSent,
  recordCommitteeDecision,
  recordPostedDecisionCard,
  recordVote,
} from './decisions.js';
import { gateHistory, gateRemindersSent, markGateRemindersSent, recordGateEvent, settleVote } from './gates.js';
import { markShortageNotified, recordParticipationChange } from './participation-changes.js';
import {
  answersOfRound,
  closeConsultation,
  createConsultation,
  findConsultation,
  grantExtension,
  markConsultationRemindersSent,
  recordConsultationAnswer,
  recordPostedConsultationCard,
} from './consultations.js';
import { doneParties, isPaused, markDone, markStepsSent, remindersSince, setPaused, stepSent } from './reminders.js';
import { noticeSent, noticesOff, setNoticeKind } from './notices.js';
import type { CommittedData, StoreData } from './schema.js';

/** The port's reads over one state: the committed one (asked anew each time) or a write's draft. */
class SnapshotReads implements RepositoryReads {
  constructor(private readonly state: () => CommittedData) {}

  proposal(id: string) {
    return findProposal(this.state(), id);
  }
  proposals() {
    return this.state().proposals;
  }
  answersOf(proposalId: string) {
    return answersOf(this.state().participation, proposalId);
  }
  gateHistory(proposalId: string) {
    return gateHistory(this.state(), proposalId);
  }
  gateRemindersSent(proposalId: string, gate: string, submittedAt: string) {
    return gateRemindersSent(this.state(), proposalId, gate, submittedAt);
  }
  decision(id: string) {
    return findDecision(this.state(), id);
  }
  decisions() {
    return this.state().decisions;
  }
  votesOf(decisionId: string) {
    return votesOf(this.state().votes, decisionId);
  }
  consultation(id: string) {
    return findConsultation(this.state(), id);
  }
  consultations() {
    return this.state().consultations;
  }
  consultationAnswers(consultationId: string) {
    return answersOfRound(this.state(), consultationId);
  }
  conversation(id: string) {
    return this.state().conversations.find((c) => c.id === id);
  }
  networkChannel(networkId: string) {
    return networkChannel(this.state(), networkId);
  }
  networkOfChannel(conversationId: string) {
    return this.state().networkChannels.find((l) => l.conversationId === conversationId)?.networkId;
  }
  personalChat(aadObjectId: string) {
    return personalChatOf(this.state(), aadObjectId);
  }
  actingAs(aadObjectId: string) {
    const id = aadObjectId.toLowerCase();
    return this.state().actingAs.find((a) => a.aadObjectId.toLowerCase() === id)?.personId;
  }
  postedCopies(of: { reminderKey: string }): readonly (PostedCopy & { scope: string })[];
  postedCopies(of: CardOf): readonly PostedCopy[];
  postedCopies(of: CardOf): readonly PostedCopy[] {
    const data = this.state();
    if ('proposalId' in of) return data.postedCards.filter((c) => c.proposalId === of.proposalId);
    if ('decisionId' in of) return data.postedDecisionCards.filter((c) => c.decisionId === of.decisionId);
    if ('consultationId' in of) return data.postedConsultationCards.filter((c) => c.consultationId === of.consultationId);
    return data.reminderCards.filter((c) => c.key === of.reminderKey);
  }
  outbox() {
    return this.state().outbox;
  }
  outboxEntry(id: string) {
    return outboxEntry(this.state(), id);
  }
  remindersDone(key: string) {
    return doneParties(this.state(), key);
  }
  reminderSteps(key: string) {
    return this.state().reminderSends.filter((s) => s.key === key);
  }
  reminderStepSent(key: string, step: number) {
    return stepSent(this.state(), key, step);
  }
  isPaused(ruleId: string) {
    return isPaused(this.state(), ruleId);
  }
  noticeSent(eventId: string, personId: string) {
    return noticeSent(this.state(), eventId, personId);
  }
  noticesOff(personId: string) {
    return noticesOff(this.state(), personId);
  }
}

/** The reads of a judged write, over the state it would change. */
const readsOf = (data: CommittedData | StoreData): RepositoryReads => new SnapshotReads(() => data);

/**
 * The repository over a snapshot state: the journal store (store.ts) in the bot, the in-memory one in
 * tests. The writes are the store's repository functions, run in its write queue.
 */
export class SnapshotRepository extends SnapshotReads implements Repository {
  constructor(private readonly store: SnapshotState) {
    super(() => store.data);
  }

  createProposal(input: Parameters<Repository['createProposal']>[0]) {
    return createProposal(this.store, input);
  }
  editProposal(input: Parameters<Repository['editProposal']>[0]) {
    return editProposal(this.store, input);
  }
  recordAnswer(input: Parameters<Repository['recordAnswer']>[0]) {
    return recordAnswer(this.store, input);
  }
  markInfeasibleNotified(proposalId: string, now: Date, posts?: Parameters<Repository['markInfeasibleNotified']>[2]) {
    return markInfeasibleNotified(this.store, proposalId, now, posts);
  }
  recordParticipationChange(input: Parameters<Repository['recordParticipationChange']>[0]) {
    return recordParticipationChange(this.store, { ...input, standing: (data, p) => input.standing(readsOf(data), p) });
  }
  markShortageNotified(input: Parameters<Repository['markShortageNotified']>[0]) {
    return markShortageNotified(this.store, input);
  }
  recordGateEvent(...args: Parameters<Repository['recordGateEvent']>) {
    return recordGateEvent(this.store, ...args);
  }
  settleGateVote(...args: Parameters<Repository['settleGateVote']>) {
    return settleVote(this.store, ...args);
  }
  markGateRemindersSent(input: Parameters<Repository['markGateRemindersSent']>[0]) {
    return markGateRemindersSent(this.store, input);
  }

  createDecision<Refusal>(input: Omit<Parameters<Repository['createDecision']>[0], 'refuse'> & { refuse?: (state: RepositoryReads) => Refusal | undefined }) {
    const { refuse } = input;
    return createDecision<Refusal>(this.store, { ...input, refuse: refuse && ((data: CommittedData) => refuse(readsOf(data))) });
  }
  recordVote(input: Parameters<Repository['recordVote']>[0]) {
    return recordVote(this.store, { ...input, stillOpen: (data, d) => input.stillOpen(readsOf(data), d) });
  }
  recordCommitteeDecision(input: Parameters<Repository['recordCommitteeDecision']>[0]) {
    return recordCommitteeDecision(this.store, { ...input, mayRecord: (data, d) => input.mayRecord(readsOf(data), d) });
  }
  changeClosing(input: Parameters<Repository['changeClosing']>[0]) {
    return changeClosing(this.store, { ...input, isOpen: (data, d) => input.isOpen(readsOf(data), d) });
  }
  markOutcomeNotified(...args: Parameters<Repository['markOutcomeNotified']>) {
    return markOutcomeNotified(this.store, ...args);
  }
  markJointFundsApproved(...args: Parameters<Repository['markJointFundsApproved']>) {
    return markJointFundsApproved(this.store, ...args);
  }
  markRemindersSent(...args: Parameters<Repository['markRemindersSent']>) {
    return markRemindersSent(this.store, ...args);
  }

  createConsultation(input: Parameters<Repository['createConsultation']>[0]) {
    return createConsultation(this.store, input);
  }
  recordConsultationAnswer(input: Parameters<Repository['recordConsultationAnswer']>[0]) {
    return recordConsultationAnswer(this.store, input);
  }
  grantExtension(input: Parameters<Repository['grantExtension']>[0]) {
    return grantExtension(this.store, input);
  }
  closeConsultation(input: Parameters<Repository['closeConsultation']>[0]) {
    return closeConsultation(this.store, input);
  }
  markConsultationRemindersSent(input: Parameters<Repository['markConsultationRemindersSent']>[0]) {
    return markConsultationRemindersSent(this.store, input);
  }

  markStepsSent(input: Parameters<Repository['markStepsSent']>[0]) {
    return markStepsSent(this.store, input);
  }
  markDone(input: Parameters<Repository['markDone']>[0]) {
    return markDone(this.store, input);
  }
  setPaused(input: Parameters<Repository['setPaused']>[0]) {
    return setPaused(this.store, input);
  }
  remindersSince(now: Date) {
    return remindersSince(this.store, now);
  }

  saveConversation(...args: Parameters<Repository['saveConversation']>) {
    return saveConversation(this.store, ...args);
  }
  forgetConversations(...args: Parameters<Repository['forgetConversations']>) {
    return forgetConversations(this.store, ...args);
  }
  linkNetworkChannel(input: Parameters<Repository['linkNetworkChannel']>[0]) {
    return linkNetworkChannel(this.store, input);
  }
  setActingAs(aadObjectId: string, personId: string | null) {
    return setActingAs(this.store, aadObjectId, personId);
  }
  recordPostedCopy(...[of, copy, now]: Parameters<Repository['recordPostedCopy']>) {
    if ('consultationId' in of) return recordPostedConsultationCard(this.store, { consultationId: of.consultationId, ...copy }, now);
    return 'proposalId' in of
      ? recordPostedCard(this.store, { proposalId: of.proposalId, ...copy }, now)
      : recordPostedDecisionCard(this.store, { decisionId: of.decisionId, ...copy }, now);
  }

  enqueue(...args: Parameters<Repository['enqueue']>) {
    return enqueue(this.store, ...args);
  }
  recordAttemptFailed(...args: Parameters<Repository['recordAttemptFailed']>) {
    return recordAttemptFailed(this.store, ...args);
  }
  recordPosted(...[id, { copy, activityId, now }]: Parameters<Repository['recordPosted']>) {
    return recordPosted(this.store, id, (draft, entry) => {
      if (!copy) return;
      const at = now.toISOString();
      const { conversationId } = entry;
      if ('proposalId' in copy) draft.postedCards.push({ proposalId: copy.proposalId, conversationId, activityId, postedAt: at });
      else if ('decisionId' in copy) draft.postedDecisionCards.push({ decisionId: copy.decisionId, conversationId, activityId, postedAt: at });
      else if ('consultationId' in copy) draft.postedConsultationCards.push({ consultationId: copy.consultationId, conversationId, activityId, postedAt: at });
      else draft.reminderCards.push({ key: copy.reminderKey, scope: copy.scope, conversationId, activityId, postedAt: at });
    });
  }
  dropEntries(ids: string[]) {
    return dropEntries(this.store, ids);
  }

  setNoticeKind(input: Parameters<Repository['setNoticeKind']>[0]) {
    return setNoticeKind(this.store, input);
  }
}

/** The repository of a store: the journal store in the bot, or any other snapshot state. */
export function repositoryOf(store: SnapshotState): Repository {
  return new SnapshotRepository(store);
}

/** A repository with no disk behind it (unit tests), starting from `initial` or empty. */
export function memoryRepository(initial?: StoreData): Repository {
  return new SnapshotRepository(new MemoryStore(initial));
}

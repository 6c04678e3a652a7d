import { enqueuePosts } from './outbox.js';
import type { CommitteeInput, CommitteeOutcome, CreatedDecision, NewDecision, PostRequest, TimingChange, VoteInput, VoteOutcome } from './port.js';
import { byId, votesOf } from './indexes.js';
import { compareDelivery, decisionFormDelivery, pressOf, recordedDecisionForm, ReplayConflict } from './replay.js';
import { appendDecided, appendMemberAnswer, outcomeOf } from './append-decided.js';
import type { Person } from '../config/partnership.js';
import { formRecordBase } from './form-record.js';
import { castVote, changeClosingTime, enterCommitteeDecision } from '../domain/voting.js';
import type { DecisionRecord, CommittedData } from './schema.js';
import { replaceRecord } from './store.js';
import type { SnapshotState } from './commit.js';

/** Repository functions for consensus decisions and their votes. */

export function findDecision(data: CommittedData, id: string): DecisionRecord | undefined {
  const key = id.toUpperCase();
  return byId(data.decisions, key);
}


/**
 * Opens a decision; a form submitted again (re-delivery, double click) gives the one it opened, and a
 * form submitted again with other content gives a ReplayConflict and changes nothing.
 * `refuse` is asked inside the write queue, against the state the decision would join: what it
 * returns is handed back instead, and nothing is written.
 */
export async function createDecision<Refusal>(
  store: SnapshotState,
  input: NewDecision<Refusal, CommittedData>,
): Promise<CreatedDecision<Refusal>> {
  return store.update((data) => {
    const existing = input.formActivityId && data.decisions.find((d) => d.formActivityId === input.formActivityId);
    if (existing) {
      const judged = compareDelivery(input.formActivityId!, recordedDecisionForm(existing), decisionFormDelivery(input.formActivityId!, input.by.id, input.draft));
      return judged instanceof ReplayConflict ? { conflict: judged } : { decision: existing, created: false, postIds: [] };
    }
    const refused = input.refuse?.(data);
    if (refused !== undefined) return { refused };
    const decision: DecisionRecord = {
      ...formRecordBase(data.counters, 'decision', input),
      ...input.draft,
      changes: [],
      remindersSent: [],
    };
    data.decisions.push(decision);
    const postIds = input.posts ? enqueuePosts(data, input.posts(decision), input.now) : [];
    return { decision, created: true, postIds };
  });
}


/**
 * Records a vote as castVote decides it; `stillOpen` is asked inside the write queue against the
 * state it would change (see appendMemberAnswer).
 */
export async function recordVote(
  store: SnapshotState,
  input: VoteInput<CommittedData>,
): Promise<VoteOutcome> {
  const decided = await appendMemberAnswer(
    store,
    (data) => {
      const decision = byId(data.decisions, input.decisionId);
      return castVote({
        decision,
        votes: decision ? votesOf(data.votes, decision.id) : [],
        open: !!decision && input.stillOpen(data, decision),
        voter: { person: input.person, memberId: input.memberId, capacity: input.capacity },
        choice: { position: input.position, reason: input.reason },
        press: pressOf(data, input.activityId),
        now: input.now,
      });
    },
    (draft, vote) => draft.votes.push(vote),
  );
  return outcomeOf(decided);
}

/** Marks the outcome told, with the posts that tell it in the same write; undefined when it already was. */
export async function markOutcomeNotified(store: SnapshotState, decisionId: string, now: Date, posts: PostRequest[] = []): Promise<string[] | undefined> {
  return store.update((data) => {
    const decision = data.decisions.find((d) => d.id === decisionId);
    if (!decision || decision.outcomeNotifiedAt) return undefined;
    replaceRecord(data.decisions, (d) => d === decision, (d) => (d.outcomeNotifiedAt = now.toISOString()));
    return enqueuePosts(data, posts, now);
  });
}

export async function recordPostedDecisionCard(store: SnapshotState, card: { decisionId: string; conversationId: string; activityId: string }, now: Date): Promise<void> {
  if (store.data.postedDecisionCards.some((c) => c.activityId === card.activityId && c.conversationId === card.conversationId)) return;
  await store.update((data) => {
    data.postedDecisionCards.push({ ...card, postedAt: now.toISOString() });
  });
}


/** Closes a decision now, or moves its closing time later; only while it is open; both are kept. */
export async function changeClosing(
  store: SnapshotState,
  input: { decisionId: string; action: 'closed' | 'extended'; to: Date; by: Person; now: Date; isOpen: (data: CommittedData, d: DecisionRecord) => boolean },
): Promise<TimingChange> {
  if (!byId(store.data.decisions, input.decisionId)) return 'unknownDecision';
  const decided = await appendDecided(
    store,
    (data) => {
      const decision = data.decisions.find((d) => d.id === input.decisionId)!;
      return changeClosingTime(decision, input.isOpen(data, decision), { action: input.action, to: input.to, personId: input.by.id, now: input.now });
    },
    (draft, change) =>
      replaceRecord(draft.decisions, (d) => d.id === input.decisionId, (d) => {
        if (change.action === 'extended') d.closesAt = change.to;
        else d.closedAt = change.to;
        d.changes.push({ at: change.at, personId: change.personId, action: change.action, from: change.from, to: change.to });
      }),
  );
  return decided.kind === 'recorded' ? 'changed' : decided.kind === 'refused' ? decided.reason : 'notOpen';
}

/** Records a committee's decision as the municipality's voice, as enterCommitteeDecision decides it. */
export async function recordCommitteeDecision(
  store: SnapshotState,
  input: CommitteeInput<CommittedData>,
): Promise<CommitteeOutcome> {
  const decided = await appendDecided(
    store,
    (data) => {
      const decision = byId(data.decisions, input.decisionId);
      return enterCommitteeDecision({
        decision,
        votes: decision ? votesOf(data.votes, decision.id) : [],
        standing: decision ? input.mayRecord(data, decision) : 'notOpen',
        memberId: input.memberId,
        by: input.by,
        outcome: { approved: input.approved, reference: input.reference, date: input.date },
        press: pressOf(data, input.activityId),
        now: input.now,
      });
    },
    (draft, vote) => draft.votes.push(vote),
  );
  return outcomeOf(decided);
}

/** Joint funds approved by consensus: the proposal says so, once. */
export async function markJointFundsApproved(store: SnapshotState, proposalId: string, decisionId: string, now: Date): Promise<boolean> {
  return store.update((data) => {
    const proposal = data.proposals.find((p) => p.id === proposalId);
    if (!proposal || proposal.jointFundsApproved) return false;
    replaceRecord(data.proposals, (p) => p === proposal, (p) => (p.jointFundsApproved = { decisionId, at: now.toISOString() }));
    return true;
  });
}

/** Marks reminder steps of a decision as sent, before they are sent; returns false if already marked. */
/** Marks reminder steps sent, with the posts that send them in the same write; undefined when none was new. */
export async function markRemindersSent(store: SnapshotState, decisionId: string, steps: number[], closesAt: string, now: Date, posts: PostRequest[] = []): Promise<string[] | undefined> {
  return store.update((data) => {
    const decision = data.decisions.find((d) => d.id === decisionId);
    if (!decision) return undefined;
    const fresh = steps.filter((step) => !decision.remindersSent.some((r) => r.step === step && r.closesAt === closesAt));
    if (!fresh.length) return undefined;
    replaceRecord(data.decisions, (d) => d === decision, (d) => {
      for (const step of fresh) d.remindersSent.push({ step, closesAt, at: now.toISOString() });
    });
    return enqueuePosts(data, posts, now);
  });
}

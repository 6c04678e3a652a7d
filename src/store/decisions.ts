import { enqueuePosts, type PostRequest } from './outbox.js';
import { byId, votesOf } from './indexes.js';
import { committeeDelivery, compareDelivery, decisionFormDelivery, judgeActivity, recordedDecisionForm, ReplayConflict, voteDelivery } from './replay.js';
import type { Person } from '../config/partnership.js';
import type { Position, VoteCapacity } from '../domain/consensus.js';
import { nextId } from '../domain/ids.js';
import type { DecisionKind, DecisionRecord, CommittedData } from './schema.js';
import { replaceRecord, type Store } from './store.js';

/** Repository functions for consensus decisions and their votes. */

export function findDecision(data: CommittedData, id: string): DecisionRecord | undefined {
  const key = id.toUpperCase();
  return byId(data.decisions, key);
}

export interface DecisionDraft {
  kind: DecisionKind;
  question: string;
  background: string;
  amountSek: number | null;
  closesAt: string;
  proposalId?: string;
  revises?: string;
}

/**
 * Opens a decision; a form submitted again (re-delivery, double click) gives the one it opened, and a
 * form submitted again with other content gives a ReplayConflict and changes nothing.
 * `refuse` is asked inside the write queue, against the state the decision would join: what it
 * returns is handed back instead, and nothing is written.
 */
export async function createDecision<Refusal>(
  store: Store,
  input: {
    draft: DecisionDraft;
    by: Person;
    year: number;
    now: Date;
    formActivityId?: string;
    conversationId?: string;
    refuse?: (data: CommittedData) => Refusal | undefined;
    /** Posts the new decision owes (its card in the chiefs' channel), recorded in the same write. */
    posts?: (decision: DecisionRecord) => PostRequest[];
  },
): Promise<
  | { decision: DecisionRecord; created: boolean; postIds: string[]; refused?: undefined; conflict?: undefined }
  | { refused: Refusal; conflict?: undefined }
  | { refused?: undefined; conflict: ReplayConflict }
> {
  return store.update((data) => {
    const existing = input.formActivityId && data.decisions.find((d) => d.formActivityId === input.formActivityId);
    if (existing) {
      const judged = compareDelivery(input.formActivityId!, recordedDecisionForm(existing), decisionFormDelivery(input.formActivityId!, input.by.id, input.draft));
      return judged instanceof ReplayConflict ? { conflict: judged } : { decision: existing, created: false, postIds: [] };
    }
    const refused = input.refuse?.(data);
    if (refused !== undefined) return { refused };
    const next = nextId(data.counters, 'decision', input.year);
    data.counters[next.counter] = next.sequence;
    const decision: DecisionRecord = {
      id: next.id,
      ...input.draft,
      createdBy: input.by.id,
      createdByAad: input.by.aadObjectId,
      createdAt: input.now.toISOString(),
      formActivityId: input.formActivityId,
      originConversationId: input.conversationId,
      changes: [],
      remindersSent: [],
    };
    data.decisions.push(decision);
    const postIds = input.posts ? enqueuePosts(data, input.posts(decision), input.now) : [];
    return { decision, created: true, postIds };
  });
}

export type VoteOutcome = 'recorded' | 'unchanged' | 'duplicate' | 'closed' | 'unknownDecision' | ReplayConflict;

/** Records a vote; `stillOpen` is asked inside the write queue against the state it would change. */
export async function recordVote(
  store: Store,
  input: {
    decisionId: string;
    memberId: string;
    position: Position;
    reason?: string;
    person: Person;
    capacity: VoteCapacity;
    now: Date;
    activityId?: string;
    stillOpen: (data: CommittedData, decision: DecisionRecord) => boolean;
  },
): Promise<VoteOutcome> {
  const judge = (data: CommittedData): VoteOutcome | undefined => {
    const decision = byId(data.decisions, input.decisionId);
    if (!decision) return 'unknownDecision';
    const replay = judgeActivity(data, input.activityId, voteDelivery({ ...input, personId: input.person.id }));
    if (replay !== 'new') return replay === 'replay' ? 'duplicate' : replay;
    if (!input.stillOpen(data, decision)) return 'closed';
    const latest = votesOf(data.votes, decision.id).filter((v) => v.memberId === input.memberId).at(-1);
    if (latest && latest.position === input.position && (latest.reason ?? '') === (input.reason ?? '')) return 'unchanged';
    return undefined;
  };
  return store.updateUnless(judge, (data) => {
    data.votes.push({
      decisionId: input.decisionId,
      memberId: input.memberId,
      position: input.position,
      ...(input.reason ? { reason: input.reason } : {}),
      personId: input.person.id,
      aadObjectId: input.person.aadObjectId,
      capacity: input.capacity,
      at: input.now.toISOString(),
      activityId: input.activityId,
    });
    return 'recorded';
  });
}

/** Marks the outcome told, with the posts that tell it in the same write; undefined when it already was. */
export async function markOutcomeNotified(store: Store, decisionId: string, now: Date, posts: PostRequest[] = []): Promise<string[] | undefined> {
  return store.update((data) => {
    const decision = data.decisions.find((d) => d.id === decisionId);
    if (!decision || decision.outcomeNotifiedAt) return undefined;
    replaceRecord(data.decisions, (d) => d === decision, (d) => (d.outcomeNotifiedAt = now.toISOString()));
    return enqueuePosts(data, posts, now);
  });
}

export async function recordPostedDecisionCard(store: Store, card: { decisionId: string; conversationId: string; activityId: string }, now: Date): Promise<void> {
  if (store.data.postedDecisionCards.some((c) => c.activityId === card.activityId && c.conversationId === card.conversationId)) return;
  await store.update((data) => {
    data.postedDecisionCards.push({ ...card, postedAt: now.toISOString() });
  });
}

export type TimingChange = 'changed' | 'notOpen' | 'unknownDecision' | 'notLater';

/** Closes a decision now, or moves its closing time later; only while it is open; both are kept. */
export async function changeClosing(
  store: Store,
  input: { decisionId: string; action: 'closed' | 'extended'; to: Date; by: Person; now: Date; isOpen: (data: CommittedData, d: DecisionRecord) => boolean },
): Promise<TimingChange> {
  return store.update((data) => {
    const decision = data.decisions.find((d) => d.id === input.decisionId);
    if (!decision) return 'unknownDecision';
    if (!input.isOpen(data, decision)) return 'notOpen';
    const from = decision.closesAt;
    if (input.action === 'extended' && input.to.getTime() <= Date.parse(from)) return 'notLater';
    replaceRecord(data.decisions, (d) => d === decision, (d) => {
      if (input.action === 'extended') d.closesAt = input.to.toISOString();
      else d.closedAt = input.to.toISOString();
      d.changes.push({ at: input.now.toISOString(), personId: input.by.id, action: input.action, from, to: input.to.toISOString() });
    });
    return 'changed';
  });
}

/** Records a committee's decision as the municipality's voice. */
export async function recordCommitteeDecision(
  store: Store,
  input: {
    decisionId: string;
    memberId: string;
    approved: boolean;
    reference: string;
    date: string;
    by: Person;
    now: Date;
    activityId?: string;
    mayRecord: (data: CommittedData, d: DecisionRecord) => 'ok' | 'notOpen' | 'notReferred';
  },
): Promise<'recorded' | 'duplicate' | 'notOpen' | 'notReferred' | 'unknownDecision' | ReplayConflict> {
  return store.update((data) => {
    const decision = data.decisions.find((d) => d.id === input.decisionId);
    if (!decision) return 'unknownDecision';
    const replay = judgeActivity(data, input.activityId, committeeDelivery({ ...input, personId: input.by.id }));
    if (replay !== 'new') return replay === 'replay' ? 'duplicate' : replay;
    const allowed = input.mayRecord(data, decision);
    if (allowed !== 'ok') return allowed;
    data.votes.push({
      decisionId: decision.id,
      memberId: input.memberId,
      position: input.approved ? 'approve' : 'reject',
      ...(input.approved ? {} : { reason: input.reference }),
      personId: input.by.id,
      aadObjectId: input.by.aadObjectId,
      capacity: 'committee',
      at: input.now.toISOString(),
      activityId: input.activityId,
      committee: { reference: input.reference, date: input.date },
    });
    return 'recorded';
  });
}

/** Joint funds approved by consensus: the proposal says so, once. */
export async function markJointFundsApproved(store: Store, proposalId: string, decisionId: string, now: Date): Promise<boolean> {
  return store.update((data) => {
    const proposal = data.proposals.find((p) => p.id === proposalId);
    if (!proposal || proposal.jointFundsApproved) return false;
    replaceRecord(data.proposals, (p) => p === proposal, (p) => (p.jointFundsApproved = { decisionId, at: now.toISOString() }));
    return true;
  });
}

/** Marks reminder steps of a decision as sent, before they are sent; returns false if already marked. */
/** Marks reminder steps sent, with the posts that send them in the same write; undefined when none was new. */
export async function markRemindersSent(store: Store, decisionId: string, steps: number[], closesAt: string, now: Date, posts: PostRequest[] = []): Promise<string[] | undefined> {
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

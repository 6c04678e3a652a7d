import { enqueuePosts } from './outbox.js';
import type { AnswerInput, AnswerOutcome, NewProposal, PostRequest } from './port.js';
import { answersOf, byId } from './indexes.js';
import { compareDelivery, pressOf, proposalFormDelivery, recordedProposalForm, ReplayConflict } from './replay.js';
import { appendMemberAnswer, outcomeOf } from './append-decided.js';
import type { Person } from '../config/partnership.js';
import { answerParticipation } from '../domain/participation.js';
import { formRecordBase } from './form-record.js';
import type { ProposalDraft } from '../domain/proposal.js';
import type { ConversationRecord, PostedCard, ProposalRecord, CommittedData } from './schema.js';
import { replaceRecord } from './store.js';
import type { SnapshotState } from './commit.js';

/** The functions the app uses to read and change the store; nothing else touches its shape. */

export function findProposal(data: CommittedData, id: string): ProposalRecord | undefined {
  const key = id.toUpperCase();
  return byId(data.proposals, key);
}

/**
 * Creates a proposal from a BG0 form; the same form message submitted again (re-delivery, double
 * click) gives the proposal it made, and with other content also a ReplayConflict: nothing changes.
 */
export async function createProposal(
  store: SnapshotState,
  input: NewProposal,
): Promise<{ proposal: ProposalRecord; created: boolean; postIds: string[]; conflict?: ReplayConflict }> {
  return store.update((data) => {
    const existing = input.formActivityId && data.proposals.find((p) => p.formActivityId === input.formActivityId);
    if (existing) {
      const recorded = recordedProposalForm(existing);
      const judged = compareDelivery(input.formActivityId!, recorded.delivery, proposalFormDelivery(input.formActivityId!, input.by.id, input.draft, recorded.edited));
      // A conflict names the proposal the form made, which stays as it is.
      return { proposal: existing, created: false, postIds: [], ...(judged instanceof ReplayConflict ? { conflict: judged } : {}) };
    }
    const base = formRecordBase(data.counters, 'proposal', input);
    const proposal: ProposalRecord = { ...base, ...input.draft, updatedAt: base.createdAt, edits: [] };
    data.proposals.push(proposal);
    const postIds = input.posts ? enqueuePosts(data, input.posts(proposal), input.now) : [];
    return { proposal, created: true, postIds };
  });
}

export async function editProposal(
  store: SnapshotState,
  input: { id: string; draft: ProposalDraft; by: Person; now: Date },
): Promise<ProposalRecord | undefined> {
  return store.update((data) => {
    const proposal = data.proposals.find((p) => p.id === input.id);
    if (!proposal) return undefined;
    const fields = (Object.keys(input.draft) as (keyof ProposalDraft)[]).filter((k) => proposal[k] !== input.draft[k]);
    if (fields.length === 0) return proposal;
    return replaceRecord(data.proposals, (p) => p === proposal, (p) => {
      Object.assign(p, input.draft, { updatedAt: input.now.toISOString() });
      p.edits.push({ at: input.now.toISOString(), personId: input.by.id, fields });
    });
  });
}


/**
 * Records a member's answer as answerParticipation decides it. `stillOpen` is asked inside the write
 * queue, so an answer that arrives as the deadline passes is judged against the state it would change.
 */
export async function recordAnswer(
  store: SnapshotState,
  input: AnswerInput,
): Promise<AnswerOutcome> {
  const decided = await appendMemberAnswer(
    store,
    (data) => {
      const proposal = byId(data.proposals, input.proposalId);
      return answerParticipation({
        proposal,
        answers: proposal ? answersOf(data.participation, proposal.id) : [],
        open: !!proposal && input.stillOpen(proposal),
        memberId: input.memberId,
        person: input.person,
        capacity: input.capacity,
        answer: input.answer,
        press: pressOf(data, input.activityId),
        now: input.now,
      });
    },
    (draft, answer) => draft.participation.push(answer),
  );
  return outcomeOf(decided);
}

/** Marks the proposal's channel told, with the posts that tell it in the same write; undefined when it already was. */
export async function markInfeasibleNotified(store: SnapshotState, proposalId: string, now: Date, posts: PostRequest[] = []): Promise<string[] | undefined> {
  return store.update((data) => {
    const proposal = data.proposals.find((p) => p.id === proposalId);
    if (!proposal || proposal.infeasibleNotifiedAt) return undefined;
    replaceRecord(data.proposals, (p) => p === proposal, (p) => (p.infeasibleNotifiedAt = now.toISOString()));
    return enqueuePosts(data, posts, now);
  });
}

export async function saveConversation(store: SnapshotState, record: Omit<ConversationRecord, 'installedAt' | 'updatedAt'>, now: Date): Promise<void> {
  const existing = store.data.conversations.find((c) => c.id === record.id);
  if (existing && JSON.stringify(existing.reference) === JSON.stringify(record.reference) && existing.name === record.name) return;
  await store.update((data) => {
    const at = now.toISOString();
    const index = data.conversations.findIndex((c) => c.id === record.id);
    if (index >= 0) data.conversations[index] = { ...data.conversations[index]!, ...record, updatedAt: at };
    else data.conversations.push({ ...record, installedAt: at, updatedAt: at });
  });
}

/** Forgets conversations when the app is removed: their references and their network links. */
export async function forgetConversations(store: SnapshotState, match: (c: ConversationRecord) => boolean): Promise<string[]> {
  if (!store.data.conversations.some(match)) return [];
  return store.update((data) => {
    const gone = data.conversations.filter(match).map((c) => c.id);
    data.conversations = data.conversations.filter((c) => !gone.includes(c.id));
    data.networkChannels = data.networkChannels.filter((l) => !gone.includes(l.conversationId));
    return gone;
  });
}

export async function linkNetworkChannel(store: SnapshotState, input: { networkId: string; conversationId: string; by: Person; now: Date }): Promise<void> {
  await store.update((data) => {
    data.networkChannels = data.networkChannels.filter((l) => l.networkId !== input.networkId);
    data.networkChannels.push({
      networkId: input.networkId,
      conversationId: input.conversationId,
      linkedBy: input.by.id,
      linkedAt: input.now.toISOString(),
    });
  });
}

export function networkChannel(data: CommittedData, networkId: string): ConversationRecord | undefined {
  const link = data.networkChannels.find((l) => l.networkId === networkId);
  return link && data.conversations.find((c) => c.id === link.conversationId);
}

export async function recordPostedCard(store: SnapshotState, card: Omit<PostedCard, 'postedAt'>, now: Date): Promise<void> {
  if (store.data.postedCards.some((c) => c.activityId === card.activityId && c.conversationId === card.conversationId)) return;
  await store.update((data) => {
    data.postedCards.push({ ...card, postedAt: now.toISOString() });
  });
}

export function postedCards(data: CommittedData, proposalId: string): PostedCard[] {
  return data.postedCards.filter((c) => c.proposalId === proposalId);
}

export async function setActingAs(store: SnapshotState, aadObjectId: string, personId: string | null): Promise<void> {
  await store.update((data) => {
    data.actingAs = data.actingAs.filter((a) => a.aadObjectId !== aadObjectId);
    if (personId) data.actingAs.push({ aadObjectId, personId });
  });
}

/** The personal chat the bot keeps with a person, found by their AAD object id. */
export function personalChatOf(data: CommittedData, aadObjectId: string): string | undefined {
  const id = aadObjectId.toLowerCase();
  return data.conversations.find(
    (c) => c.type === 'personal' && String((c.reference.user as { aadObjectId?: string } | undefined)?.aadObjectId ?? '').toLowerCase() === id,
  )?.id;
}

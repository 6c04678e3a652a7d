import type { CommittedData, OutboxEntry, OutboxPost, StoreData } from './schema.js';
import type { PostRequest } from './port.js';
import { replaceRecord } from './store.js';
import type { SnapshotState } from './commit.js';
import { takeNotice } from './notices.js';

/** Repository functions for the outbox: posts owed to conversations, until Teams has taken them. */

export type { PostRequest } from './port.js';

function samePost(a: OutboxPost, b: OutboxPost): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Inside `store.update`, in the same write as the event that owes the posts: adds them to the outbox.
 * A post already waiting for the same conversation is not added twice, nor a notice to a person already
 * told of its event (see takeNotice). Returns the entries' ids.
 */
export function enqueuePosts(draft: StoreData, requests: PostRequest[], now: Date): string[] {
  const ids: string[] = [];
  for (const asked of requests) {
    // A notice takes only the people of its event not yet told (or owed) it.
    const post = asked.post.kind === 'notice' ? takeNotice(draft, asked.post, now) : asked.post;
    if (!post) continue;
    const request = { ...asked, post };
    const waiting = draft.outbox.find((e) => e.conversationId === request.conversationId && samePost(e.post, request.post));
    if (waiting) {
      ids.push(waiting.id);
      continue;
    }
    const sequence = (draft.counters.outbox ?? 0) + 1;
    draft.counters.outbox = sequence;
    const entry: OutboxEntry = { id: `O-${sequence}`, conversationId: request.conversationId, post: request.post, createdAt: now.toISOString(), attempts: 0 };
    draft.outbox.push(entry);
    ids.push(entry.id);
  }
  return ids;
}

/** Adds posts in a write of their own (when no other change owes them). */
export function enqueue(store: SnapshotState, requests: PostRequest[], now: Date): Promise<string[]> {
  if (!requests.length) return Promise.resolve([]);
  return store.update((draft) => enqueuePosts(draft, requests, now));
}

export function outboxEntry(data: CommittedData, id: string): OutboxEntry | undefined {
  return data.outbox.find((e) => e.id === id);
}

/** Posts still owed, by conversation, each conversation's oldest first. */
export function pendingByConversation(data: CommittedData): Map<string, OutboxEntry[]> {
  const out = new Map<string, OutboxEntry[]>();
  for (const entry of data.outbox) {
    const list = out.get(entry.conversationId);
    if (list) list.push(entry);
    else out.set(entry.conversationId, [entry]);
  }
  return out;
}

/** Records a failed attempt; the entry stays. */
export async function recordAttemptFailed(store: SnapshotState, id: string, error: string, now: Date): Promise<OutboxEntry | undefined> {
  return store.update((draft) =>
    replaceRecord(draft.outbox, (e) => e.id === id, (e) => {
      e.attempts += 1;
      e.lastAttemptAt = now.toISOString();
      e.lastError = error.slice(0, 300);
    }),
  );
}

/**
 * Takes a posted entry off the outbox and, in the same write, records what the post made (e.g. the
 * card copy to keep up to date). False when the entry was already gone.
 */
export async function recordPosted(store: SnapshotState, id: string, record: (draft: StoreData, entry: OutboxEntry) => void): Promise<boolean> {
  return store.update((draft) => {
    const entry = draft.outbox.find((e) => e.id === id);
    if (!entry) return false;
    draft.outbox = draft.outbox.filter((e) => e !== entry);
    record(draft, entry);
    return true;
  });
}

/** Drops entries whose post no longer makes sense (e.g. the conversation was forgotten for good). */
export async function dropEntries(store: SnapshotState, ids: string[]): Promise<void> {
  if (!ids.length) return;
  await store.update((draft) => {
    draft.outbox = draft.outbox.filter((e) => !ids.includes(e.id));
  });
}

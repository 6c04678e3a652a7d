import type { NoticeKind } from '../domain/notices.js';
import type { SnapshotState } from './commit.js';
import type { CommittedData, OutboxPost, StoreData } from './schema.js';

/** Repository functions for personal notices: the ledger of who was told of what, and each person's choices. */

type NoticePost = Extract<OutboxPost, { kind: 'notice' }>;

export function noticeSent(data: CommittedData, eventId: string, personId: string): boolean {
  return data.notices.some((n) => n.eventId === eventId && n.personId === personId);
}

/**
 * Inside the write that enqueues a notice: records each of its people in the ledger, keyed by
 * (event, person), and gives the post for those not yet in it (undefined when none is left). So
 * whatever runs again (a re-delivered press, a restart, the next tick of a job), nobody is told of
 * one event twice, and the record of having told them is written with the post that tells them.
 */
export function takeNotice(draft: StoreData, post: NoticePost, now: Date): NoticePost | undefined {
  const people = post.personId !== undefined ? [post.personId] : (post.mentions ?? []);
  const fresh = people.filter((personId, i) => people.indexOf(personId) === i && !noticeSent(draft, post.eventId, personId));
  if (!fresh.length) return undefined;
  const path = post.personId !== undefined ? 'personal' : 'mention';
  const at = now.toISOString();
  for (const personId of fresh) draft.notices.push({ eventId: post.eventId, personId, kind: post.notice, path, at });
  return post.personId !== undefined ? post : { ...post, mentions: fresh };
}

export function noticesOff(data: CommittedData, personId: string): readonly NoticeKind[] {
  return data.noticePrefs.find((p) => p.personId === personId)?.off ?? [];
}

/** Turns one kind of notice on or off for a person; false when it already was so. */
export async function setNoticeKind(store: SnapshotState, input: { personId: string; kind: NoticeKind; on: boolean; now: Date }): Promise<boolean> {
  return store.update((draft) => {
    const off = noticesOff(draft, input.personId);
    if (off.includes(input.kind) === !input.on) return false;
    const next = input.on ? off.filter((k) => k !== input.kind) : [...off, input.kind];
    draft.noticePrefs = [
      ...draft.noticePrefs.filter((p) => p.personId !== input.personId),
      ...(next.length ? [{ personId: input.personId, off: next, at: input.now.toISOString() }] : []),
    ];
    return true;
  });
}

import type { ParticipationRecord, StoreData } from './schema.js';

/**
 * Look-ups by id over the committed state, built once per version of a list. Committed lists are
 * frozen and replaced (never changed) by each write, so an index kept for a frozen list stays true;
 * a draft's list (not frozen, still changing inside `store.update`) is searched without an index.
 */
type VoteRecord = StoreData['votes'][number];
const EMPTY: readonly never[] = Object.freeze([]);

/** Each index's way to move itself from a list to the list that extends it by `pushed` records. */
const carriers: ((prev: readonly object[], next: readonly object[], pushed: readonly object[]) => void)[] = [];

/**
 * A write appended `pushed` to `prev`, giving `next`: indexes built for `prev` move to `next` and take
 * the new records (a press costs its own records, not a rebuild). `prev` loses its index and
 * rebuilds it if it is ever asked again.
 */
export function carryIndexes(prev: readonly object[], next: readonly object[], pushed: readonly object[]): void {
  for (const carry of carriers) carry(prev, next, pushed);
}

function indexBy<T>(key: (t: T) => string): (list: readonly T[], id: string) => readonly T[] {
  const cache = new WeakMap<readonly T[], Map<string, readonly T[]>>();
  carriers.push((prev, next, pushed) => {
    const index = cache.get(prev as readonly T[]);
    if (!index) return;
    cache.delete(prev as readonly T[]);
    // Groups are replaced, never changed: a group handed out earlier stays as it was.
    for (const t of pushed as readonly T[]) index.set(key(t), [...(index.get(key(t)) ?? EMPTY), t]);
    cache.set(next as readonly T[], index);
  });
  return (list, id) => {
    if (!Object.isFrozen(list)) return list.filter((t) => key(t) === id);
    let index = cache.get(list);
    if (!index) {
      const groups = new Map<string, T[]>();
      for (const t of list) {
        const k = key(t);
        const group = groups.get(k);
        if (group) group.push(t);
        else groups.set(k, [t]);
      }
      index = groups;
      cache.set(list, index);
    }
    return index.get(id) ?? EMPTY;
  };
}

/** The votes of one decision, in the order they were recorded. */
export const votesOf: (votes: readonly VoteRecord[], decisionId: string) => readonly VoteRecord[] = indexBy((v) => v.decisionId);

/** The participation answers of one proposal, in the order they were recorded. */
export const answersOf: (answers: readonly ParticipationRecord[], proposalId: string) => readonly ParticipationRecord[] = indexBy((r) => r.proposalId);

/** Whether a record of this Teams activity is in the list (a re-delivery); indexed for a frozen list. */
function activityIndex(): (list: readonly { activityId?: string }[], activityId: string) => boolean {
  const cache = new WeakMap<readonly object[], Set<string>>();
  carriers.push((prev, next, pushed) => {
    const ids = cache.get(prev);
    if (!ids) return;
    cache.delete(prev);
    for (const r of pushed as { activityId?: string }[]) if (r.activityId) ids.add(r.activityId);
    cache.set(next, ids);
  });
  return (list, activityId) => {
    if (!Object.isFrozen(list)) return list.some((r) => r.activityId === activityId);
    let ids = cache.get(list);
    if (!ids) {
      ids = new Set();
      for (const r of list) if (r.activityId) ids.add(r.activityId);
      cache.set(list, ids);
    }
    return ids.has(activityId);
  };
}

export const hasActivity = activityIndex();

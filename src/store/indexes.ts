import type { ParticipationRecord, StoreData } from './schema.js';

/**
 * Look-ups by id over the committed state, built once per version of a list. Committed lists are
 * frozen and replaced (never changed) by each write, so an index kept for a frozen list stays true;
 * a draft's list (not frozen, still changing inside `store.update`) is searched without an index.
 */
type VoteRecord = StoreData['votes'][number];
const EMPTY: readonly never[] = Object.freeze([]);

function indexBy<T>(key: (t: T) => string): (list: readonly T[], id: string) => readonly T[] {
  const cache = new WeakMap<readonly T[], Map<string, T[]>>();
  return (list, id) => {
    if (!Object.isFrozen(list)) return list.filter((t) => key(t) === id);
    let index = cache.get(list);
    if (!index) {
      index = new Map();
      for (const t of list) {
        const k = key(t);
        const group = index.get(k);
        if (group) group.push(t);
        else index.set(k, [t]);
      }
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

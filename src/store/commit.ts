import { cowDraft, deepFreeze, diffState, type Op } from './changes.js';
import { markCommitted } from './committed.js';
import { carryIndexes } from './indexes.js';
import type { CommittedData, StoreData } from './schema.js';

/**
 * The state a repository reads and changes: a committed snapshot that never changes, and changes
 * made on a draft of it. The journal store (store.ts) and the in-memory store (memory.ts) are two of
 * them; the repository functions are written against this, so both run the same judged writes.
 */
export interface SnapshotState {
  readonly data: CommittedData;
  update<T>(change: (draft: StoreData) => T): Promise<T>;
  updateUnless<R>(judge: (data: CommittedData) => R | undefined, change: (draft: StoreData) => R): Promise<R>;
}

/**
 * Runs one change on a draft of `state` and makes what it gave committed: the new records frozen, the
 * changed lists marked committed, with their indexes carried over. `ops` is what to write to a journal;
 * none means nothing changed and `next` is `state`. Throws what `change` throws, and nothing is changed.
 */
export function applyChange<T>(state: StoreData, change: (draft: StoreData) => T): { next: StoreData; ops: Op[]; value: T } {
  const { draft, finish } = cowDraft(state);
  const value = change(draft);
  if (value instanceof Promise) throw new TypeError('a store change must be synchronous');
  const { next, touched } = finish();
  const fresh: unknown[] = [];
  const ops = diffState(state, next, (v) => fresh.push(v), touched);
  if (!ops.length) return { next: state, ops, value };
  for (const v of fresh) deepFreeze(v);
  for (const op of ops) {
    const list = (next as Record<string, unknown>)[op.k];
    if (!Array.isArray(list)) continue;
    markCommitted(list);
    const prevList = (state as Record<string, unknown>)[op.k];
    if (Array.isArray(prevList)) {
      if ('push' in op) carryIndexes(prevList, list, op.push as object[]);
      else if ('set' in op) {
        const positions = Object.keys(op.set).map(Number);
        const replaced = positions.filter((i) => i < prevList.length).map((i) => [i, op.set[i] as object] as const);
        const pushed = positions.filter((i) => i >= prevList.length).sort((a, b) => a - b).map((i) => op.set[i] as object);
        carryIndexes(prevList, list, pushed, replaced);
      }
    }
  }
  Object.freeze(next);
  return { next, ops, value };
}

import { commitState } from './changes.js';
import { applyChange, type SnapshotState } from './commit.js';
import { emptyStore, type CommittedData, type StoreData } from './schema.js';

/**
 * The store without a disk, for unit tests: the same committed snapshots and the same change step as
 * the journal store, applied at once. JavaScript runs one change at a time, so applying it on the
 * spot is the order a queue would have given; nothing survives the process.
 */
export class MemoryStore implements SnapshotState {
  private state: StoreData;

  constructor(initial: StoreData = emptyStore()) {
    const state = structuredClone(initial);
    commitState(state as unknown as Record<string, unknown>);
    this.state = state;
  }

  get data(): CommittedData {
    return this.state;
  }

  update<T>(change: (draft: StoreData) => T): Promise<T> {
    try {
      const { next, value } = applyChange(this.state, change);
      this.state = next;
      return Promise.resolve(value);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  updateUnless<R>(judge: (data: CommittedData) => R | undefined, change: (draft: StoreData) => R): Promise<R> {
    const early = judge(this.state);
    if (early !== undefined) return Promise.resolve(early);
    return this.update(change);
  }
}

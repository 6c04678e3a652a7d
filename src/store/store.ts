import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Low } from 'lowdb';
import { DurableJsonFile } from './durable-file.js';
import { emptyStore, STORE_SCHEMA_VERSION, StoreDataSchema, type StoreData } from './schema.js';
import { describeIssues } from '../config/errors.js';

/** The store file cannot be used; the operator must look at it. It is never overwritten. */
export class StoreOpenError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'StoreOpenError';
  }
}

/** A write did not reach the disk; the store on disk and in memory is the last good one. */
export class StoreWriteError extends Error {
  constructor(
    readonly file: string,
    override readonly cause: unknown,
  ) {
    super(`${file}: write failed: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'StoreWriteError';
  }
}

/**
 * The JSON store. All changes go through `update`, one at a time: the change is made on a copy,
 * written durably, and only then becomes the state others read.
 */
export class Store {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly db: Low<StoreData>,
    readonly file: string,
  ) {}

  static async open(file: string): Promise<Store> {
    const path = resolve(file);
    const adapter = new DurableJsonFile<unknown>(path);
    let raw: unknown;
    try {
      raw = await adapter.read();
    } catch (err) {
      const reason = err instanceof SyntaxError ? `not valid JSON (${err.message})` : `cannot be read (${(err as Error).message})`;
      throw new StoreOpenError(path, `${reason}; the bot will not start and will not touch the file. Restore it from a backup or move it away.`);
    }
    const db = new Low<StoreData>(adapter as DurableJsonFile<StoreData>, emptyStore());
    if (raw === null) {
      await mkdir(dirname(path), { recursive: true });
      db.data = emptyStore();
      try {
        await db.write();
      } catch (err) {
        throw new StoreOpenError(path, `cannot create the store: ${(err as Error).message}`);
      }
      return new Store(db, path);
    }
    const version = (raw as { schemaVersion?: unknown })?.schemaVersion;
    if (typeof version === 'number' && version > STORE_SCHEMA_VERSION)
      throw new StoreOpenError(path, `schema version ${version} is newer than this bot understands (${STORE_SCHEMA_VERSION}); upgrade the bot.`);
    const parsed = StoreDataSchema.safeParse(raw);
    if (!parsed.success)
      throw new StoreOpenError(path, `does not match the store schema (${describeIssues(parsed.error.issues).slice(0, 5).join('; ')}); the bot will not start and will not touch the file.`);
    db.data = parsed.data;
    return new Store(db, path);
  }

  /** The committed state. Treat as read-only: change it only through `update`. */
  get data(): Readonly<StoreData> {
    return this.db.data;
  }

  /**
   * Runs `change` on a copy of the state and commits it once it is on disk. If `change` throws,
   * nothing is written and the error is passed on; if the write fails, a StoreWriteError is thrown
   * and the state stays as it was.
   */
  update<T>(change: (draft: StoreData) => T): Promise<T> {
    const run = async (): Promise<T> => {
      const draft = structuredClone(this.db.data);
      const result = change(draft);
      try {
        await this.db.adapter.write(draft);
      } catch (err) {
        throw new StoreWriteError(this.file, err);
      }
      this.db.data = draft;
      return result;
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Asks `judge` first on the committed state (most repeats change nothing: no write), then again inside
   * the queue against the state the change would apply to; `change` runs only when judge has no answer.
   */
  updateUnless<R>(judge: (data: Readonly<StoreData>) => R | undefined, change: (draft: StoreData) => R): Promise<R> {
    const early = judge(this.db.data);
    if (early !== undefined) return Promise.resolve(early);
    return this.update((draft) => judge(draft) ?? change(draft));
  }

  /** Resolves once every queued change has settled. */
  async flush(): Promise<void> {
    await this.queue;
  }
}

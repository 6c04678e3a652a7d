import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Low } from 'lowdb';
import { applyOps, commitState, type Op } from './changes.js';
import { applyChange, type SnapshotState } from './commit.js';
import { DurableJsonFile, realFileSystem, type StoreFileSystem } from './durable-file.js';
import { Journal, JournalCorruptError, readJournal, type JournalEntry } from './journal.js';
import { backupBeside, migrate } from './migrations.js';
import { lockPathOf, StoreLock, StoreLockedError } from './lock.js';
import { emptyStore, STORE_SCHEMA_VERSION, StoreDataSchema, type CommittedData, type StoreData } from './schema.js';
import { describeIssues } from '../config/errors.js';
import { lastRecordedTime } from './last-recorded.js';
import { StoreWriteError } from './errors.js';

export { StoreWriteError } from './errors.js';

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

/** What the store tells the operator (pino's logger fits). */
export interface StoreLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

const silent: StoreLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

export interface StoreOptions {
  /**
   * A snapshot is written (and the journal emptied) once the journal is this large. Unset: once it is
   * 8 MiB or as large as the snapshot, whichever is more (a snapshot costs about what it holds).
   */
  compactAtBytes?: number;
  log?: StoreLog;
  /**
   * Asked once the store is read, before anything is written (no migration, backup, journal repair or
   * snapshot): a reason not to open it, which stops the open with a StoreOpenError.
   */
  refuse?: (read: { lastRecordedAt: Date | undefined }) => string | undefined;
  /** Where the journal and snapshot files are opened (default: the real file system). */
  fs?: StoreFileSystem;
  /** What migrating an older store needs from the partnership file: its portfolio networks' ids. */
  portfolios?: readonly string[];
}

/** The snapshot file: the store's data and how far into the journal it goes. */
type Snapshot = StoreData & { journalSeq: number };

type Job =
  | {
      kind: 'change';
      /** Asked first, on the committed state the change would apply to: an answer means no change. */
      judge?: (data: CommittedData) => unknown;
      change: (draft: StoreData) => unknown;
      resolve: (value: unknown) => void;
      reject: (err: unknown) => void;
    }
  | { kind: 'compact'; resolve: (value: unknown) => void; reject: (err: unknown) => void };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const DEFAULT_COMPACT_AT = 8 * 1024 * 1024;

export type { StoreFileSystem } from './durable-file.js';

export const journalPathOf = (file: string) => `${file}.journal`;

/**
 * The JSON store: a lowdb snapshot (`store.json`) and an append-only journal beside it
 * (`store.json.journal`). The committed state never changes (frozen records; lists replaced, not
 * changed); a change works on a shallow copy, and what it changed is appended to the journal durably
 * (one write for all changes waiting at that moment) before the change becomes the state others
 * read. At start the journal is applied to the snapshot; once the journal is large a new snapshot is
 * written durably and the journal emptied.
 */
export class Store implements SnapshotState {
  private state: StoreData;
  private pending: Job[] = [];
  private draining = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => undefined;
  private lastWriteError: Error | undefined;
  private nextCompactAt: number;
  private recordedAtOpen: Date | undefined;

  private constructor(
    private readonly db: Low<Snapshot>,
    readonly file: string,
    private readonly journal: Journal,
    private readonly lock: StoreLock,
    state: StoreData,
    private seq: number,
    private snapshotBytes: number,
    private readonly options: { compactAtBytes: number | undefined; log: StoreLog },
  ) {
    this.state = state;
    this.nextCompactAt = this.compactThreshold();
  }

  static async open(file: string, options: StoreOptions = {}): Promise<Store> {
    const opts = { compactAtBytes: options.compactAtBytes, log: options.log ?? silent, fs: options.fs ?? realFileSystem };
    const path = resolve(file);
    const lock = await takeLock(path, opts.log);
    try {
      return await Store.openLocked(path, lock, opts, options.refuse, options.portfolios ?? []);
    } catch (err) {
      await lock.release().catch(() => undefined);
      throw err;
    }
  }

  private static async openLocked(
    path: string,
    lock: StoreLock,
    opts: { compactAtBytes: number | undefined; log: StoreLog; fs: StoreFileSystem },
    refuse: StoreOptions['refuse'],
    portfolios: readonly string[],
  ): Promise<Store> {
    const journalPath = journalPathOf(path);
    const adapter = new DurableJsonFile<Snapshot>(path, opts.fs);
    const db = new Low<Snapshot>(adapter, { ...emptyStore(), journalSeq: 0 });
    const loaded = await loadFromDisk(path, { migrate: true, refuse, portfolios });
    if (loaded.created) {
      db.data = { ...emptyStore(), journalSeq: 0 };
      try {
        loaded.snapshotBytes = await adapter.writeCounted(db.data);
      } catch (err) {
        throw new StoreOpenError(path, `cannot create the store: ${(err as Error).message}`);
      }
    }
    commitState(loaded.state as unknown as Record<string, unknown>);
    let journal: Journal;
    try {
      journal = await Journal.open(journalPath, loaded.journalGoodBytes, opts.fs);
    } catch (err) {
      throw new StoreOpenError(path, `cannot open its journal ${journalPath} for writing: ${(err as Error).message}`);
    }
    if (loaded.journalTornBytes)
      opts.log.warn({ journal: journalPath, bytes: loaded.journalTornBytes }, 'store journal: dropped a last line cut short by a crash (it was never confirmed)');
    const store = new Store(db, path, journal, lock, loaded.state, loaded.seq, loaded.snapshotBytes, opts);
    store.recordedAtOpen = loaded.lastRecordedAt;
    const migrated = loaded.migratedFrom;
    if (migrated) {
      await store.compact().catch((err: unknown) => {
        throw new StoreOpenError(path, `migrated from schema version ${migrated.version} but cannot write it (${(err as Error).message}); the original is kept in ${migrated.backup}`);
      });
      opts.log.warn({ from: migrated.version, to: STORE_SCHEMA_VERSION, backup: migrated.backup }, 'store migrated to a new schema version; the original is kept beside it');
      for (const note of migrated.notes) opts.log.warn({ from: migrated.version }, `store migration: ${note}`);
    } else if (journal.bytes >= store.nextCompactAt) void store.compact().catch(() => undefined);
    return store;
  }

  /**
   * The committed state. It never changes: its records are frozen, and its lists are replaced by a
   * write, never changed in place (they are not frozen only because V8 reads frozen arrays slowly).
   * Change it only through `update`.
   */
  get data(): CommittedData {
    return this.state;
  }

  /** The latest time the store had recorded when it was opened (see lastRecordedTime); none for an empty store. */
  get lastRecordedAt(): Date | undefined {
    return this.recordedAtOpen;
  }

  /**
   * Checks and touches the lock now, as its heartbeat does every few seconds: a lock another process
   * holds by then is lost, and the store writes nothing more. (A test does not wait for the beat.)
   */
  heartbeat(): Promise<void> {
    return this.lock.beat();
  }

  /** False after a write failed, until one succeeds again. */
  get writable(): boolean {
    return !this.lastWriteError && !this.lock.lost;
  }

  /**
   * Runs `change` on a draft of the state (a top-level list is copied when first touched; the records in
   * it are the committed, frozen ones: replace a record with `replaceRecord` rather than changing it) and commits
   * it once it is in the journal on disk. If `change` throws, nothing is written and the error is passed
   * on; if the write fails, a StoreWriteError is thrown and the state stays as it was.
   */
  update<T>(change: (draft: StoreData) => T): Promise<T> {
    return this.enqueue<T>({ kind: 'change', change });
  }

  /**
   * Asks `judge` first on the committed state (most repeats change nothing: no write), then again inside
   * the queue against the state the change would apply to; `change` runs only when judge has no answer.
   */
  updateUnless<R>(judge: (data: CommittedData) => R | undefined, change: (draft: StoreData) => R): Promise<R> {
    const early = judge(this.state);
    if (early !== undefined) return Promise.resolve(early);
    return this.enqueue<R>({ kind: 'change', judge, change });
  }

  /** Writes a snapshot of everything committed and empties the journal (queued behind pending changes). */
  compact(): Promise<void> {
    return this.enqueue<void>({ kind: 'compact' });
  }

  /** Queues a job; it settles when the job has run (a change: once it is on disk). */
  private enqueue<T>(job: DistributiveOmit<Job, 'resolve' | 'reject'>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ ...job, resolve: resolve as (value: unknown) => void, reject } as Job);
      this.drainSoon();
    });
  }

  /** Resolves once every queued change has settled. */
  async flush(): Promise<void> {
    await this.idle;
  }

  /** Settles what is queued and closes the journal. */
  async close(): Promise<void> {
    await this.flush();
    await this.journal.close();
    await this.lock.release();
  }

  private drainSoon(): void {
    if (this.draining) return;
    this.draining = true;
    this.idle = new Promise<void>((resolve) => (this.markIdle = resolve));
    // Changes that arrive in the same tick are written together.
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length) {
        const batch = this.pending.splice(0);
        const changes = batch.filter((job) => job.kind === 'change');
        if (changes.length) await this.commit(changes);
        for (const job of batch) if (job.kind === 'compact') await this.snapshot().then(job.resolve, job.reject);
        if (this.journal.bytes >= this.nextCompactAt)
          await this.snapshot().catch(() => {
            // Logged in snapshot(); the journal keeps everything, so try again after as much more.
            this.nextCompactAt = this.journal.bytes + this.compactThreshold();
          });
      }
    } finally {
      this.draining = false;
      this.markIdle();
    }
  }

  /** Runs each change on the state the previous one left, then writes all their operations at once. */
  private async commit(jobs: Extract<Job, { kind: 'change' }>[]): Promise<void> {
    let state = this.state;
    const ops: Op[] = [];
    const outcomes: { job: (typeof jobs)[number]; ok: boolean; value: unknown }[] = [];
    for (const job of jobs) {
      let applied: ReturnType<typeof applyChange<unknown>>;
      try {
        if (job.judge) {
          const early = job.judge(state);
          if (early !== undefined) {
            outcomes.push({ job, ok: true, value: early });
            continue;
          }
        }
        applied = applyChange(state, job.change);
      } catch (err) {
        outcomes.push({ job, ok: false, value: err });
        continue;
      }
      const { next, ops: jobOps, value } = applied;
      if (jobOps.length) {
        ops.push(...jobOps);
        state = next;
      }
      outcomes.push({ job, ok: true, value });
    }
    if (ops.length) {
      const entry: JournalEntry = { seq: this.seq + 1, v: STORE_SCHEMA_VERSION, ops };
      try {
        // Another process holds the store now: writing would interleave with its journal.
        if (this.lock.lost) throw new Error(this.lock.lost);
        await this.journal.append(entry);
      } catch (err) {
        const failure = new StoreWriteError(this.file, err);
        this.lastWriteError = failure;
        this.options.log.error({ file: this.journal.path, err: (err as Error).message, changes: outcomes.filter((o) => o.ok).length }, 'store write failed: nothing of these changes is recorded');
        for (const o of outcomes) o.job.reject(o.ok ? failure : o.value);
        return;
      }
      this.seq = entry.seq;
      this.state = state;
      this.lastWriteError = undefined;
    }
    for (const o of outcomes) (o.ok ? o.job.resolve : o.job.reject)(o.value);
  }

  /** A durable snapshot of the committed state (temp file, fsync, rename), then an empty journal. */
  private async snapshot(): Promise<void> {
    if (this.lock.lost) throw new StoreWriteError(this.file, new Error(this.lock.lost));
    const seq = this.seq;
    const { schemaVersion, ...rest } = this.state;
    this.db.data = { schemaVersion, journalSeq: seq, ...rest };
    try {
      this.snapshotBytes = await (this.db.adapter as DurableJsonFile<Snapshot>).writeCounted(this.db.data);
    } catch (err) {
      this.options.log.error({ file: this.file, err: (err as Error).message }, 'store snapshot failed; the journal still holds every change');
      throw new StoreWriteError(this.file, err);
    }
    try {
      await this.journal.reset();
    } catch (err) {
      // The snapshot says how far it goes: entries already in it are skipped at the next start.
      this.options.log.warn({ file: this.journal.path, err: (err as Error).message }, 'store journal could not be emptied after a snapshot');
    }
    this.nextCompactAt = this.compactThreshold();
  }

  private compactThreshold(): number {
    return this.options.compactAtBytes ?? Math.max(DEFAULT_COMPACT_AT, this.snapshotBytes);
  }
}

/**
 * Taken before anything reads or creates the store, so that a refused start changes nothing. The
 * directory is created first: the lock lives beside the store.
 */
async function takeLock(path: string, log: StoreLog): Promise<StoreLock> {
  const lockFile = lockPathOf(path);
  try {
    await mkdir(dirname(path), { recursive: true });
    return await StoreLock.acquire(lockFile, { log });
  } catch (err) {
    if (err instanceof StoreLockedError) throw new StoreOpenError(path, err.reason);
    throw new StoreOpenError(path, `cannot take its lock ${lockFile}: ${(err as Error).message}`);
  }
}

/**
 * Inside `store.update`: replaces the first record of `list` that `match` finds with a changed copy
 * (committed records are frozen and shared with readers). Returns the new record, or undefined.
 */
export function replaceRecord<T extends object>(list: T[], match: (record: T) => boolean, change: (copy: T) => void): T | undefined {
  const index = list.findIndex(match);
  if (index < 0) return undefined;
  const copy = structuredClone(list[index]!);
  change(copy);
  list[index] = copy;
  return copy;
}

interface Loaded {
  state: StoreData;
  seq: number;
  snapshotBytes: number;
  journalGoodBytes: number;
  journalTornBytes: number;
  /** No snapshot and no journal: a new store (not yet written). */
  created: boolean;
  lastRecordedAt?: Date;
  migratedFrom?: { version: number; backup: string; notes: string[] };
}

/**
 * Reads the snapshot and applies its journal. Writes nothing, except, when `migrate` is set and the
 * snapshot is from an older schema version, a backup copy of it beside it.
 */
async function loadFromDisk(path: string, options: { migrate: boolean; refuse?: StoreOptions['refuse']; portfolios?: readonly string[] }): Promise<Loaded> {
  const journalPath = journalPathOf(path);
  const refuse = (reason: string): never => {
    throw new StoreOpenError(path, `${reason}; the bot will not start and will not touch the file. Restore it from a backup or move it away.`);
  };
  let raw: Record<string, unknown> | null;
  let snapshotBytes = 0;
  try {
    const read = await new DurableJsonFile<Record<string, unknown>>(path).readText();
    snapshotBytes = read?.bytes ?? 0;
    raw = read ? read.value : null;
  } catch (err) {
    return refuse(err instanceof SyntaxError ? `not valid JSON (${err.message})` : `cannot be read (${(err as Error).message})`);
  }
  if (raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) return refuse('does not hold a store object');

  let journalRead;
  try {
    journalRead = await readJournal(journalPath);
  } catch (err) {
    return refuse(err instanceof JournalCorruptError ? `its journal ${journalPath}, ${err.message}` : `its journal ${journalPath} cannot be read (${(err as Error).message})`);
  }
  const journalBytes = { journalGoodBytes: journalRead.goodBytes, journalTornBytes: journalRead.tornBytes };
  if (raw === null) {
    if (journalRead.entries.length) return refuse(`the snapshot is missing but its journal ${journalPath} holds changes`);
    const refused = options.refuse?.({ lastRecordedAt: undefined });
    if (refused) throw new StoreOpenError(path, refused);
    return { state: emptyStore(), seq: 0, snapshotBytes: 0, created: true, ...journalBytes };
  }

  const version = raw.schemaVersion;
  if (typeof version === 'number' && version > STORE_SCHEMA_VERSION)
    throw new StoreOpenError(path, `schema version ${version} is newer than this bot understands (${STORE_SCHEMA_VERSION}); upgrade the bot.`);
  let migratedFrom: number | undefined;
  const migration = { portfolios: options.portfolios ?? [], notes: [] as string[] };
  if (typeof version === 'number' && Number.isInteger(version) && version >= 1 && version < STORE_SCHEMA_VERSION) {
    // Version 1 had no journal; a version-2 bot left its changes in one, written for its own version:
    // they are applied to its snapshot first, then the whole is migrated.
    if (version < 2 && journalRead.entries.length) return refuse(`a schema-version-${version} snapshot has a journal beside it, which no bot writes`);
    try {
      raw = applyJournal(raw, journalRead.entries, version);
    } catch (err) {
      return refuse(`its journal ${journalPath} does not fit the schema-version-${version} snapshot (${(err as Error).message})`);
    }
    try {
      raw = migrate(raw, version, STORE_SCHEMA_VERSION, migration);
    } catch (err) {
      return refuse(`cannot be migrated from schema version ${version} (${(err as Error).message})`);
    }
    migratedFrom = version;
  }

  // A list added to the schema after the snapshot was written reads as empty (its default), and the
  // running bot journals its first records as appends to it: the snapshot gets the list before the
  // journal is applied, or those appends would not fit it.
  for (const [key, empty] of Object.entries(emptyStore())) if (Array.isArray(empty) && raw[key] === undefined) raw[key] = [];

  const baseSeq = typeof raw.journalSeq === 'number' ? raw.journalSeq : 0;
  let seq = baseSeq;
  try {
    for (const entry of journalRead.entries) {
      if (entry.seq <= baseSeq) continue; // already in the snapshot (a crash between snapshot and emptying the journal)
      if (entry.seq !== seq + 1) throw new Error(`entry ${entry.seq} follows ${seq}: changes are missing`);
      if (entry.v !== STORE_SCHEMA_VERSION) throw new Error(`entry ${entry.seq} is written for schema version ${entry.v}`);
      applyOps(raw, entry.ops);
      seq = entry.seq;
    }
  } catch (err) {
    return refuse(`its journal ${journalPath} does not fit the snapshot (${(err as Error).message})`);
  }

  const parsed = StoreDataSchema.safeParse(raw);
  if (!parsed.success)
    return refuse(`does not match the store schema${migratedFrom ? ` even after migrating it from version ${migratedFrom}` : ''} (${describeIssues(parsed.error.issues).slice(0, 5).join('; ')})`);
  const loaded: Loaded = { state: parsed.data, seq, snapshotBytes, created: false, lastRecordedAt: lastRecordedTime(parsed.data), ...journalBytes };
  const refused = options.refuse?.({ lastRecordedAt: loaded.lastRecordedAt });
  if (refused) throw new StoreOpenError(path, refused);
  // Only a store that migrates cleanly is touched: first a backup of it as it is, beside it.
  if (migratedFrom && options.migrate) {
    try {
      const backup = await backupBeside(path, migratedFrom);
      // The journal it was read with is kept too (the migrated snapshot holds its changes, and it is emptied).
      if (journalRead.entries.length) await backupBeside(journalPath, migratedFrom);
      loaded.migratedFrom = { version: migratedFrom, backup, notes: migration.notes };
    } catch (err) {
      return refuse(`cannot keep a backup before migrating from schema version ${migratedFrom} (${(err as Error).message})`);
    }
  }
  return loaded;
}

/** A snapshot of `version` with its journal (entries written for that version) applied; journalSeq says how far. */
function applyJournal(raw: Record<string, unknown>, entries: readonly JournalEntry[], version: number): Record<string, unknown> {
  if (!entries.length) return raw;
  const out = structuredClone(raw);
  for (const [key, empty] of Object.entries(emptyStore())) if (Array.isArray(empty) && out[key] === undefined) out[key] = [];
  let seq = typeof out.journalSeq === 'number' ? out.journalSeq : 0;
  for (const entry of entries) {
    if (entry.seq <= seq) continue;
    if (entry.seq !== seq + 1) throw new Error(`entry ${entry.seq} follows ${seq}: changes are missing`);
    if (entry.v !== version) throw new Error(`entry ${entry.seq} is written for schema version ${entry.v}`);
    applyOps(out, entry.ops);
    seq = entry.seq;
  }
  out.journalSeq = seq;
  return out;
}

/**
 * What is on disk, read without opening the store for writing: the snapshot with its journal applied
 * (for tests and tools; a running bot may be appending meanwhile).
 */
export async function readStoreFiles(file: string): Promise<StoreData> {
  return (await loadFromDisk(resolve(file), { migrate: false })).state;
}

import { constants } from 'node:fs';
import { readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Op } from './changes.js';
import { realFileSystem, syncDirectory, type StoreFileSystem } from './durable-file.js';

/**
 * The append-only journal beside the store's snapshot: one JSON line per group of changes, each
 * written at the end of the file and made durable before any of its changes is confirmed. A line
 * cut short by a crash was never confirmed and is dropped when the journal is read again.
 *
 * The file is opened with O_DSYNC where the platform has it, so a write returns only once its data
 * (and the size of the file) are on disk: one round trip to the thread pool per group of changes
 * instead of a write and then an fdatasync. Under load each round trip waits for a turn of a busy
 * event loop, so this halves the time a press waits for its line to be durable. Without O_DSYNC
 * (Windows) every write is followed by an fdatasync.
 */
const DSYNC: number = constants.O_DSYNC ?? 0;

export interface JournalEntry {
  /** Consecutive from 1 after each snapshot's `journalSeq`. */
  seq: number;
  /** The store schema version the operations are written against. */
  v: number;
  ops: Op[];
}

export class JournalCorruptError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`line ${line} ${reason}`);
    this.name = 'JournalCorruptError';
  }
}

export interface JournalContents {
  entries: JournalEntry[];
  /** Bytes up to and including the last whole line. */
  goodBytes: number;
  /** Bytes after it: a line a crash cut short (never confirmed). */
  tornBytes: number;
}

/** Reads a journal file; a missing file is an empty journal. Throws JournalCorruptError on a bad whole line. */
export async function readJournal(path: string): Promise<JournalContents> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], goodBytes: 0, tornBytes: 0 };
    throw err;
  }
  const goodBytes = bytes.lastIndexOf(0x0a) + 1;
  const lines = bytes.subarray(0, goodBytes).toString('utf8').split('\n');
  lines.pop(); // after the last newline
  const entries = lines.map((text, i) => parseEntry(text, i + 1));
  return { entries, goodBytes, tornBytes: bytes.length - goodBytes };
}

function parseEntry(text: string, line: number): JournalEntry {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new JournalCorruptError(line, `is not valid JSON (${(err as Error).message})`);
  }
  const entry = value as Partial<JournalEntry> | null;
  if (!entry || typeof entry !== 'object' || !Number.isInteger(entry.seq) || !Number.isInteger(entry.v) || !Array.isArray(entry.ops))
    throw new JournalCorruptError(line, 'is not a journal entry');
  return entry as JournalEntry;
}

export class Journal {
  /** A failed append may have left bytes past `length`: they are cut before the next append. */
  private dirty = false;

  private constructor(
    private readonly handle: FileHandle,
    private length: number,
    readonly path: string,
  ) {}

  /** Opens the journal for appending at `goodBytes`, cutting a torn last line away. */
  static async open(path: string, goodBytes: number, fs: StoreFileSystem = realFileSystem): Promise<Journal> {
    const handle = await fs.open(path, constants.O_RDWR | constants.O_CREAT | DSYNC, 0o600);
    try {
      const { size } = await handle.stat();
      if (size !== goodBytes) {
        await handle.truncate(goodBytes);
        await handle.datasync();
      }
      if (size === 0) await syncDirectory(dirname(path));
    } catch (err) {
      await handle.close();
      throw err;
    }
    return new Journal(handle, goodBytes, path);
  }

  get bytes(): number {
    return this.length;
  }

  /** Appends one entry and makes it durable; on failure the file is cut back to its last good length. */
  async append(entry: JournalEntry): Promise<void> {
    const line = Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8');
    if (this.dirty) {
      await this.handle.truncate(this.length);
      this.dirty = false;
    }
    try {
      let written = 0;
      while (written < line.length) {
        const { bytesWritten } = await this.handle.write(line, written, line.length - written, this.length + written);
        if (bytesWritten <= 0) throw new Error('the journal took no bytes');
        written += bytesWritten;
      }
      if (!DSYNC) await this.handle.datasync();
    } catch (err) {
      this.dirty = true;
      try {
        await this.handle.truncate(this.length);
        this.dirty = false;
      } catch {
        // Cut again before the next append.
      }
      throw err;
    }
    this.length += line.length;
  }

  /** Empties the journal once a snapshot holds everything in it. */
  async reset(): Promise<void> {
    await this.handle.truncate(0);
    await this.handle.datasync();
    this.length = 0;
    this.dirty = false;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

import { open, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';

/**
 * The file-system calls the store's own files (journal, snapshot) are opened through. The real one
 * by default; a test passes its own to make the disk fail the way a full or read-only disk does.
 */
export interface StoreFileSystem {
  open(path: string, flags: string | number, mode?: number): Promise<FileHandle>;
}

export const realFileSystem: StoreFileSystem = { open: (path, flags, mode) => open(path, flags, mode) };

/**
 * A lowdb adapter that makes each write durable before it resolves: temp file, fsync, rename,
 * fsync of the directory. lowdb's own JSONFile (steno) renames without fsync, so a power cut
 * could lose an answer the user was told was recorded.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  private readonly tmp: string;

  constructor(
    readonly file: string,
    private readonly fs: StoreFileSystem = realFileSystem,
  ) {
    this.tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  }

  /** The parsed file, null when it does not exist. Throws SyntaxError on a corrupt file. */
  async read(): Promise<T | null> {
    return (await this.readText())?.value ?? null;
  }

  /** The parsed file and its size in bytes, null when it does not exist. */
  async readText(): Promise<{ value: T; bytes: number } | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const data = JSON.parse(text) as T | null;
    // A file holding `null` is not a missing store: refuse it rather than start afresh over it.
    if (data === null) throw new SyntaxError('the file holds null, not a store');
    return { value: data, bytes: Buffer.byteLength(text) };
  }

  async write(data: T): Promise<void> {
    await this.writeCounted(data);
  }

  /** Writes durably and returns the number of bytes written. */
  async writeCounted(data: T): Promise<number> {
    const text = JSON.stringify(data, null, 1);
    const handle = await this.fs.open(this.tmp, 'w', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } catch (err) {
      await handle.close();
      await unlink(this.tmp).catch(() => undefined);
      throw err;
    }
    await handle.close();
    await rename(this.tmp, this.file);
    await syncDirectory(dirname(this.file));
    return Buffer.byteLength(text);
  }
}

export async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some file systems refuse fsync on a directory; the rename itself is still atomic there.
  }
}

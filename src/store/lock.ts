import { randomBytes } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { readFile, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';

/**
 * Who holds a store: written once into `<store>.lock` when the lock is taken and never rewritten, so
 * that its bytes identify one holding (a takeover compares them). The heartbeat is the file's mtime.
 */
export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
  /** Unique per holding: a process that opens the store twice holds it with two tokens. */
  token: string;
  /** Linux: the kernel's boot id, the pid namespace and the process's start time (in clock ticks after boot). */
  bootId?: string;
  pidNs?: string;
  procStart?: string;
}

/** The lock is held by a process that may be alive; `reason` is for the operator. */
export class StoreLockedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly holder: LockHolder | undefined,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'StoreLockedError';
  }
}

export interface LockLog {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface LockOptions {
  log?: LockLog;
  /** How often the holder touches the lock file (its heartbeat). */
  heartbeatMs?: number;
  /**
   * A holder that cannot be checked by its pid (another host, another pid namespace, another boot) is
   * taken for gone once its heartbeat is this old. Several heartbeats, and longer than the attribute
   * caches of network file systems (NFS caches an mtime up to 60 s by default).
   */
  staleAfterMs?: number;
  now?: () => number;
  /** This process as the lock sees it (tests pretend to be another one). */
  machine?: Machine;
  /** Test seam: runs once this process holds the takeover guard of a stale lock, before it removes it (another process may act here). */
  beforeTakeover?: () => Promise<void>;
}

export const HEARTBEAT_MS = 15_000;
export const STALE_AFTER_MS = 90_000;

/** What identifies this process and lets it check another on the same machine. */
export interface Machine {
  pid: number;
  host: string;
  bootId?: string;
  pidNs?: string;
  /** A process's start time, undefined when it cannot be read (no such process, or no /proc). */
  procStart(pid: number): string | undefined;
  /** Whether a process with this pid exists (kill(pid, 0)). */
  pidExists(pid: number): boolean;
}

const readOr = (read: () => string): string | undefined => {
  try {
    return read().trim();
  } catch {
    return undefined;
  }
};

/** Field 22 of /proc/<pid>/stat; the fields after the command name, which may hold spaces and parentheses. */
function procStartOf(pid: number): string | undefined {
  const stat = readOr(() => readFileSync(`/proc/${pid}/stat`, 'utf8'));
  if (!stat) return undefined;
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

export function thisMachine(): Machine {
  return {
    pid: process.pid,
    host: hostname(),
    bootId: readOr(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8')),
    pidNs: readOr(() => readlinkSync('/proc/self/ns/pid')),
    procStart: procStartOf,
    pidExists: (pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch (err) {
        // EPERM: it exists but belongs to another user.
        return (err as NodeJS.ErrnoException).code !== 'ESRCH';
      }
    },
  };
}

/** Locks held by this process, by lock file: a second open in the same process is refused without asking the disk. */
const heldHere = new Map<string, LockHolder>();

const code = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code;

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder> | null;
    if (value && typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.startedAt === 'string' && typeof value.token === 'string')
      return value as LockHolder;
  } catch {
    // A lock file being written (create and write are two calls) or cut short by a power cut.
  }
  return undefined;
}

type Verdict = { alive: true; why: string } | { alive: false; why: string };

/**
 * Whether the holder of a lock may still run. Only on the same machine, boot and pid namespace does a
 * pid mean anything: there a process that is gone (or whose pid now belongs to a process started
 * later) is proof. Anywhere else only the heartbeat tells, so a holder counts as alive until it is old.
 */
export function judge(holder: LockHolder | undefined, heartbeatAgeMs: number, me: Machine, staleAfterMs: number): Verdict {
  const heartbeat = `its last heartbeat was ${Math.max(0, Math.round(heartbeatAgeMs / 1000))} s ago; it counts as gone ${staleAfterMs / 1000} s after it`;
  if (!holder) return heartbeatAgeMs < staleAfterMs ? { alive: true, why: `the lock file cannot be read (being written?); ${heartbeat}` } : { alive: false, why: 'unreadable and old' };
  const sameMachine = holder.host === me.host && holder.bootId === me.bootId && holder.pidNs === me.pidNs;
  if (!sameMachine) return heartbeatAgeMs < staleAfterMs ? { alive: true, why: heartbeat } : { alive: false, why: 'no heartbeat' };
  if (holder.procStart !== undefined && me.procStart(me.pid) !== undefined) {
    const start = me.procStart(holder.pid);
    return start === holder.procStart ? { alive: true, why: '' } : { alive: false, why: start === undefined ? 'the process is gone' : 'its pid belongs to a later process' };
  }
  if (holder.pid === me.pid) return { alive: false, why: 'left by an earlier process with this pid' };
  return me.pidExists(holder.pid) ? { alive: true, why: '' } : { alive: false, why: 'the process is gone' };
}

export function describeHolder(holder: LockHolder | undefined, lockFile: string, detail: string): string {
  const who = holder ? `in use by process ${holder.pid} on host ${holder.host} since ${holder.startedAt}` : 'in use (locked)';
  return `${who}${detail ? ` (${detail})` : ''}; stop it first (or remove ${lockFile} if that process is gone)`;
}

/**
 * One process per store: `<store>.lock`, created exclusively. A lock whose holder is gone is taken
 * over; processes taking over the same stale lock at once cannot both win: only the holder of the
 * takeover guard removes a lock file, after reading it again under the guard, and then every one of
 * them races for the exclusive create, which exactly one wins.
 */
export class StoreLock {
  private timer: NodeJS.Timeout | undefined;
  private beating: Promise<void> | undefined;
  private released = false;
  /** Set once the lock file is no longer ours: the holder must stop writing. */
  lost: string | undefined;

  private constructor(
    readonly file: string,
    readonly holder: LockHolder,
    private readonly content: string,
    private readonly options: { log?: LockLog; now: () => number; heartbeatMs: number; me: Machine },
  ) {}

  static async acquire(file: string, options: LockOptions = {}): Promise<StoreLock> {
    const me = options.machine ?? thisMachine();
    const now = options.now ?? Date.now;
    const staleAfterMs = options.staleAfterMs ?? STALE_AFTER_MS;
    const here = heldHere.get(file);
    if (here) throw new StoreLockedError(file, here, describeHolder(here, file, 'this process has it open already'));
    const holder: LockHolder = {
      pid: me.pid,
      host: me.host,
      startedAt: new Date(now()).toISOString(),
      token: randomBytes(9).toString('base64url'),
      ...(me.bootId ? { bootId: me.bootId } : {}),
      ...(me.pidNs ? { pidNs: me.pidNs } : {}),
      ...(me.procStart(me.pid) !== undefined ? { procStart: me.procStart(me.pid) } : {}),
    };
    const content = `${JSON.stringify(holder)}\n`;
    // Each round either takes the lock, refuses, or saw the lock change under it; a few rounds settle any race.
    for (let round = 0; round < 5; round++) {
      try {
        await writeFile(file, content, { flag: 'wx', mode: 0o644 });
        const lock = new StoreLock(file, holder, content, { log: options.log, now, heartbeatMs: options.heartbeatMs ?? HEARTBEAT_MS, me });
        heldHere.set(file, holder);
        lock.startHeartbeat();
        return lock;
      } catch (err) {
        if (code(err) !== 'EEXIST') throw err;
      }
      let text: string;
      let mtimeMs: number;
      try {
        ({ text, mtimeMs } = await readSettled(file));
      } catch (err) {
        if (code(err) === 'ENOENT') continue; // released meanwhile
        throw err;
      }
      const other = parseHolder(text);
      const verdict = judge(other, now() - mtimeMs, me, staleAfterMs);
      if (verdict.alive) throw new StoreLockedError(file, other, describeHolder(other, file, verdict.why));
      // Stale: taken over by one process at a time, the one holding the takeover guard. Nobody else
      // ever removes a lock file, so what is removed under the guard is the stale lock it looked at.
      const guard = await takeGuard(file, content, me, now);
      try {
        await options.beforeTakeover?.();
        let again: string;
        try {
          again = await readFile(file, 'utf8');
        } catch (err) {
          if (code(err) === 'ENOENT') continue; // released meanwhile
          throw err;
        }
        if (again !== text) continue; // it changed: judged again in the next round
        await unlink(file);
        options.log?.warn({ lock: file, stale: other ?? text.slice(0, 200), why: verdict.why }, 'store lock: took over a lock left by a process that is gone');
      } finally {
        await guard.release();
      }
    }
    throw new StoreLockedError(file, undefined, describeHolder(undefined, file, 'the lock file kept changing while this process tried to take it'));
  }

  private startHeartbeat(): void {
    this.timer = setInterval(() => void this.beat(), this.options.heartbeatMs);
    this.timer.unref();
  }

  /** One heartbeat (the timer's tick): touch the lock file if it is still ours; otherwise the lock is lost. */
  beat(): Promise<void> {
    if (this.lost || this.released) return Promise.resolve();
    this.beating ??= this.touch().finally(() => (this.beating = undefined));
    return this.beating;
  }

  private async touch(): Promise<void> {
    try {
      let text: string | undefined;
      try {
        text = await readFile(this.file, 'utf8');
      } catch (err) {
        if (code(err) !== 'ENOENT') throw err;
      }
      if (text === undefined) {
        // Removed by hand while we run: take it again unless another process already did.
        try {
          await writeFile(this.file, this.content, { flag: 'wx', mode: 0o644 });
          this.options.log?.warn({ lock: this.file }, 'store lock: the lock file was removed while this process holds the store; it is written again');
          return;
        } catch (err) {
          if (code(err) !== 'EEXIST') throw err;
          text = await readFile(this.file, 'utf8');
        }
      }
      if (text !== this.content) {
        const other = parseHolder(text);
        this.markLost(`the lock file ${this.file} now belongs to ${other ? `process ${other.pid} on host ${other.host}` : 'another process'}`);
        return;
      }
      const t = new Date(this.options.now());
      await utimes(this.file, t, t);
    } catch (err) {
      // A disk that cannot be read or touched: the writes will fail on their own; the lock is still ours.
      this.options.log?.warn({ lock: this.file, err: (err as Error).message }, 'store lock: heartbeat failed');
    }
  }

  private markLost(reason: string): void {
    this.lost = reason;
    this.stopHeartbeat();
    heldHere.delete(this.file);
    this.options.log?.error({ lock: this.file }, `store lock lost: ${reason}; this process writes nothing more`);
  }

  private stopHeartbeat(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Removes the lock file if it is still ours. */
  async release(): Promise<void> {
    this.stopHeartbeat();
    if (this.lost || this.released) return;
    this.released = true;
    // A heartbeat under way could otherwise write the file again after it is removed.
    await this.beating;
    heldHere.delete(this.file);
    try {
      if ((await readFile(this.file, 'utf8')) === this.content) await unlink(this.file);
    } catch (err) {
      if (code(err) !== 'ENOENT') throw err;
    }
  }
}

/** A lock or guard file that cannot be parsed and was written less than this long ago (real time) may be being written. */
const BEING_WRITTEN_MS = 2_000;
/** How long, at most, such a file is read again: a write takes microseconds, a loaded machine a little more. */
const SETTLE_WAIT_MS = 500;

/**
 * A lock or guard file with its mtime. One just created by another process may still be empty (its
 * create and write are two calls): while it is young, read again for up to half a second, so that a
 * refusal names that process instead of saying "in use (locked)". Real time, not the lock's `now`
 * (a test clock): this is the disk's own timing.
 */
async function readSettled(file: string): Promise<{ text: string; mtimeMs: number }> {
  const started = Date.now();
  for (;;) {
    const [text, { mtimeMs }] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
    const now = Date.now();
    if (parseHolder(text) || now - started >= SETTLE_WAIT_MS || now - mtimeMs >= BEING_WRITTEN_MS) return { text, mtimeMs };
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A takeover takes milliseconds: a guard older than this was left by a process that died taking over. */
const GUARD_STALE_MS = 10_000;

/**
 * The takeover guard `<lock>.takeover`, created exclusively: while one process takes a stale lock
 * over, another that also found it stale is refused (exactly one of them starts). A guard left by a
 * process that died mid-takeover is judged like a lock (its pid on this machine, else its age).
 */
async function takeGuard(file: string, content: string, me: Machine, now: () => number): Promise<{ release: () => Promise<void> }> {
  const guardFile = `${file}.takeover`;
  for (let round = 0; round < 3; round++) {
    try {
      await writeFile(guardFile, content, { flag: 'wx', mode: 0o644 });
      return {
        release: async () => {
          try {
            if ((await readFile(guardFile, 'utf8')) === content) await unlink(guardFile);
          } catch (err) {
            if (code(err) !== 'ENOENT') throw err;
          }
        },
      };
    } catch (err) {
      if (code(err) !== 'EEXIST') throw err;
    }
    let text: string;
    let mtimeMs: number;
    try {
      ({ text, mtimeMs } = await readSettled(guardFile));
    } catch (err) {
      if (code(err) === 'ENOENT') continue;
      throw err;
    }
    const other = parseHolder(text);
    const verdict = judge(other, now() - mtimeMs, me, GUARD_STALE_MS);
    if (verdict.alive) throw new StoreLockedError(file, other, describeHolder(other, file, 'it is taking over a lock left by a process that is gone'));
    // Left by a takeover that died: removed if it is still that one.
    if ((await readFile(guardFile, 'utf8').catch(() => undefined)) === text) await unlink(guardFile).catch(() => undefined);
  }
  throw new StoreLockedError(file, undefined, describeHolder(undefined, file, 'its takeover guard kept changing'));
}

export const lockPathOf = (file: string) => `${file}.lock`;

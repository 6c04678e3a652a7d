import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { judge, lockPathOf, StoreLock, StoreLockedError, thisMachine, type LockHolder, type Machine } from '../../src/store/lock.js';
import { journalPathOf, Store, StoreOpenError, StoreWriteError } from '../../src/store/store.js';

let dir: string;
let lockFile: string;
const held: StoreLock[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'samverkan-lock-'));
  lockFile = path.join(dir, 'store.json.lock');
});
afterEach(async () => {
  for (const lock of held.splice(0)) await lock.release();
  await rm(dir, { recursive: true, force: true });
});

const acquire = async (...args: Parameters<typeof StoreLock.acquire>) => {
  const lock = await StoreLock.acquire(...args);
  held.push(lock);
  return lock;
};

async function refusal(promise: Promise<unknown>): Promise<StoreLockedError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StoreLockedError);
  return err as StoreLockedError;
}

const onDisk = (): LockHolder => JSON.parse(readFileSync(lockFile, 'utf8')) as LockHolder;

/** A pid that was just used by a process that has exited (and been reaped). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  expect(child.pid).toBeGreaterThan(0);
  return child.pid!;
}

/** A lock file as another holder would have written it, with its heartbeat `ageMs` ago. */
async function plantLock(holder: Partial<LockHolder>, ageMs = 0): Promise<string> {
  const me = thisMachine();
  const full: LockHolder = {
    pid: me.pid,
    host: me.host,
    startedAt: '2026-11-23T08:00:00.000Z',
    token: 'planted',
    ...(me.bootId ? { bootId: me.bootId } : {}),
    ...(me.pidNs ? { pidNs: me.pidNs } : {}),
    ...holder,
  };
  const text = `${JSON.stringify(full)}\n`;
  await writeFile(lockFile, text);
  // Ages are real: the lock compares the mtime of files it writes itself (its heartbeat, the takeover
  // guard) with the same clock, so planted files are dated from the system clock too, with ages
  // (30 s, 61 s, 200 s against 60 s) that no slow machine moves across the limit.
  const t = new Date(Date.now() - ageMs);
  await utimes(lockFile, t, t);
  return text;
}

/** Like plantLock, 40 ms from now: the lock file as seen between another process's create and its write. */
function plantLockLater(holder: Partial<LockHolder>): Promise<string> {
  return new Promise((resolve, reject) => setTimeout(() => plantLock(holder).then(resolve, reject), 40));
}

function logSpy() {
  const lines: string[] = [];
  return { lines, warn: (_f: object, m: string) => void lines.push(`warn ${m}`), error: (_f: object, m: string) => void lines.push(`error ${m}`) };
}

describe('StoreLock', () => {
  it('creates the lock file with who holds it, and removes it on release', async () => {
    const lock = await StoreLock.acquire(lockFile, { now: () => Date.parse('2026-11-23T09:00:00Z') });
    expect(onDisk()).toMatchObject({ pid: process.pid, host: hostname(), startedAt: '2026-11-23T09:00:00.000Z' });
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a second holder in the same process, naming the process, the host and since when', async () => {
    await acquire(lockFile, { now: () => Date.parse('2026-11-23T09:00:00Z') });
    const err = await refusal(StoreLock.acquire(lockFile));
    expect(err.message).toBe(
      `in use by process ${process.pid} on host ${hostname()} since 2026-11-23T09:00:00.000Z (this process has it open already); stop it first (or remove ${lockFile} if that process is gone)`,
    );
  });

  it('refuses a live process on this machine (the lock file as another process of this host wrote it)', async () => {
    const me = thisMachine();
    // The test runner's parent is alive; its start time is what the lock records.
    const text = await plantLock({ pid: process.ppid, ...(me.procStart(process.ppid) ? { procStart: me.procStart(process.ppid) } : {}) });
    const err = await refusal(StoreLock.acquire(lockFile));
    expect(err.message).toMatch(new RegExp(`^in use by process ${process.ppid} on host ${hostname()} since 2026-11-23T08:00:00.000Z; stop it first`));
    expect(readFileSync(lockFile, 'utf8')).toBe(text);
  });

  it('takes over a lock whose process is gone, and says so', async () => {
    const me = thisMachine();
    const pid = deadPid();
    await plantLock({ pid, ...(me.procStart(me.pid) ? { procStart: '1' } : {}) });
    const log = logSpy();
    await acquire(lockFile, { log });
    expect(onDisk().pid).toBe(process.pid);
    expect(log.lines).toEqual(['warn store lock: took over a lock left by a process that is gone']);
    expect(await readdir(dir)).toEqual(['store.json.lock']);
  });

  it('takes over a lock left with this very pid by an earlier process (a container restarted with pid 1)', async () => {
    const me = thisMachine();
    await plantLock({ pid: process.pid, ...(me.procStart(me.pid) ? { procStart: `${me.procStart(me.pid)}0` } : {}) });
    await acquire(lockFile);
    expect(onDisk().token).not.toBe('planted');
  });

  it('another host, another boot or another pid namespace: alive while its heartbeat is fresh, gone once it is old', async () => {
    for (const other of [{ host: 'other-host' }, { bootId: 'another-boot' }, { pidNs: 'pid:[1]' }]) {
      const text = await plantLock({ pid: deadPid(), ...other }, 30_000);
      const err = await refusal(StoreLock.acquire(lockFile, { staleAfterMs: 60_000 }));
      expect(err.message).toContain('its last heartbeat was 30 s ago; it counts as gone 60 s after it');
      expect(readFileSync(lockFile, 'utf8')).toBe(text);
      await plantLock({ pid: deadPid(), ...other }, 61_000);
      const lock = await StoreLock.acquire(lockFile, { staleAfterMs: 60_000 });
      expect(onDisk().pid).toBe(process.pid);
      await lock.release();
    }
  });

  it('a lock file that cannot be read (a holder between create and write) counts as held until it is old', async () => {
    await writeFile(lockFile, '{"pid":12');
    expect((await refusal(StoreLock.acquire(lockFile))).message).toMatch(/^in use \(locked\) \(the lock file cannot be read/);
    const old = new Date(Date.now() - 200_000);
    await utimes(lockFile, old, old);
    await acquire(lockFile);
    expect(onDisk().pid).toBe(process.pid);
  });

  it('many takeovers of one stale lock at once: exactly one wins, the others are refused, nothing is left lying', async () => {
    await plantLock({ pid: deadPid(), procStart: '1' });
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => StoreLock.acquire(lockFile)));
    const won = results.filter((r): r is PromiseFulfilledResult<StoreLock> => r.status === 'fulfilled').map((r) => r.value);
    held.push(...won);
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(StoreLockedError);
    expect(onDisk().token).toBe(won[0]!.holder.token);
    expect(await readdir(dir)).toEqual(['store.json.lock']);
  });

  it('while one process takes a stale lock over, another that found it stale too is refused and changes nothing', async () => {
    // Two machines' views of one shared disk: each judges the other by its heartbeat only.
    const machine = (host: string): Machine => ({ ...thisMachine(), host });
    await plantLock({ host: 'crashed-host', pid: 1 }, 200_000);
    let second: StoreLockedError | undefined;
    const first = await acquire(lockFile, {
      machine: machine('host-a'),
      // Host a holds the takeover guard; host b arrives now.
      beforeTakeover: async () => void (second = await refusal(StoreLock.acquire(lockFile, { machine: machine('host-b') }))),
    });
    expect(second!.message).toMatch(/^in use by process \d+ on host host-a since .*taking over a lock left by a process that is gone/);
    expect(onDisk().token).toBe(first.holder.token);
    await first.beat();
    expect(first.lost).toBeUndefined();
    expect(await readdir(dir)).toEqual(['store.json.lock']);
  });

  it('a lock file caught between its create and its write is read again, and the refusal names its holder', async () => {
    // Another process has created the file (empty) and writes its holder a moment later.
    await writeFile(lockFile, '');
    const text = plantLockLater({ pid: process.ppid, ...(thisMachine().procStart(process.ppid) ? { procStart: thisMachine().procStart(process.ppid) } : {}) });
    const err = await refusal(StoreLock.acquire(lockFile));
    expect(err.message).toMatch(new RegExp(`^in use by process ${process.ppid} on host ${hostname()} since 2026-11-23T08:00:00.000Z; stop it first`));
    expect(readFileSync(lockFile, 'utf8')).toBe(await text);
  });

  it('a takeover guard caught between its create and its write: the refusal names the process taking over', async () => {
    const dead = deadPid();
    await plantLock({ pid: dead, procStart: '1' });
    const me = thisMachine();
    const guard = `${lockFile}.takeover`;
    await writeFile(guard, '');
    const live = { pid: process.ppid, host: me.host, startedAt: '2026-11-23T08:30:00.000Z', token: 'guard', bootId: me.bootId, pidNs: me.pidNs, procStart: me.procStart(process.ppid) };
    setTimeout(() => void writeFile(guard, JSON.stringify(live)), 40);
    const err = await refusal(StoreLock.acquire(lockFile));
    expect(err.message).toMatch(new RegExp(`^in use by process ${process.ppid} on host ${hostname()} since 2026-11-23T08:30:00.000Z \\(it is taking over a lock left by a process that is gone\\)`));
  });

  it('a takeover guard left by a process that died taking over does not block the next start', async () => {
    const dead = deadPid();
    await plantLock({ pid: dead, procStart: '1' });
    const me = thisMachine();
    await writeFile(`${lockFile}.takeover`, JSON.stringify({ pid: dead, host: me.host, startedAt: 'x', token: 'guard', bootId: me.bootId, pidNs: me.pidNs, procStart: '1' }));
    const lock = await acquire(lockFile);
    expect(onDisk().token).toBe(lock.holder.token);
    expect(await readdir(dir)).toEqual(['store.json.lock']);
  });

  it('the heartbeat touches the lock file; a lock file taken by another process makes the lock lost', async () => {
    let now = Date.parse('2026-11-23T09:00:00Z');
    const log = logSpy();
    const lock = await acquire(lockFile, { now: () => now, log });
    now += 15_000;
    await lock.beat();
    expect(statSync(lockFile).mtimeMs).toBe(now);
    await writeFile(lockFile, JSON.stringify({ pid: 4242, host: 'elsewhere', startedAt: 'x', token: 't' }));
    await lock.beat();
    expect(lock.lost).toBe(`the lock file ${lockFile} now belongs to process 4242 on host elsewhere`);
    expect(log.lines).toEqual([`error store lock lost: ${lock.lost}; this process writes nothing more`]);
    await lock.release();
    // Not ours: release leaves it alone.
    expect(onDisk().pid).toBe(4242);
  });

  it('the heartbeat writes a lock file removed by hand again', async () => {
    const lock = await acquire(lockFile);
    const before = readFileSync(lockFile, 'utf8');
    await rm(lockFile);
    await lock.beat();
    expect(readFileSync(lockFile, 'utf8')).toBe(before);
    expect(lock.lost).toBeUndefined();
  });

  it('judge: a live pid on this machine is alive, whatever its heartbeat age', () => {
    const me = thisMachine();
    const holder: LockHolder = { pid: process.ppid, host: me.host, startedAt: 'x', token: 't', ...(me.bootId ? { bootId: me.bootId } : {}), ...(me.pidNs ? { pidNs: me.pidNs } : {}) };
    expect(judge(holder, 10 * 86_400_000, me, 90_000).alive).toBe(true);
    expect(judge({ ...holder, pid: deadPid() }, 0, me, 90_000).alive).toBe(false);
  });
});

describe('Store.open holds the store for one process', () => {
  const file = () => path.join(dir, 'store.json');

  it('a second Store.open on the same file is refused and changes nothing; after close it opens', async () => {
    const store = await Store.open(file());
    await store.update((d) => void (d.counters.x = 1));
    const bytes = () => [file(), journalPathOf(file()), lockPathOf(file())].map((f) => readFileSync(f, 'utf8'));
    const before = bytes();
    const err = await Store.open(file()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StoreOpenError);
    expect((err as StoreOpenError).message).toMatch(
      new RegExp(`^${file()}: in use by process ${process.pid} on host ${hostname()} since \\S+ \\(this process has it open already\\); stop it first \\(or remove ${file()}\\.lock if that process is gone\\)$`),
    );
    expect(bytes()).toEqual(before);
    await store.close();
    expect(await readdir(dir)).not.toContain('store.json.lock');
    const again = await Store.open(file());
    expect(again.data.counters).toEqual({ x: 1 });
    await again.close();
  });

  it('a store refused for its content releases the lock', async () => {
    await writeFile(file(), '{');
    await expect(Store.open(file())).rejects.toBeInstanceOf(StoreOpenError);
    expect(await readdir(dir)).toEqual(['store.json']);
  });

  it('a store whose lock was lost writes nothing more and is not writable', async () => {
    const store = await Store.open(file());
    await store.update((d) => void (d.counters.x = 1));
    const journalBefore = readFileSync(journalPathOf(file()), 'utf8');
    await writeFile(lockPathOf(file()), JSON.stringify({ pid: 4242, host: 'elsewhere', startedAt: 'x', token: 't' }));
    await store.heartbeat();
    await expect(store.update((d) => void (d.counters.y = 2))).rejects.toBeInstanceOf(StoreWriteError);
    expect(store.writable).toBe(false);
    expect(store.data.counters).toEqual({ x: 1 });
    expect(readFileSync(journalPathOf(file()), 'utf8')).toBe(journalBefore);
    await store.close();
  });
});

import { constants, readFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Store } from '../../src/store/store.js';

/**
 * Durability is only observable when the file system is slow. node:fs/promises is wrapped so that
 * fdatasync, rename and a write to a file opened with O_DSYNC are slow and every step is logged: `update` must not resolve before the
 * journal line is synced, and a snapshot must be synced and renamed before the journal is emptied.
 *
 * Slow without a clock: a slow step first waits for a turn of the event loop (setImmediate), which
 * comes only after every promise callback already queued has run, and, while a test holds them, for
 * the test to let it go. A store that went on without awaiting a slow step would log its next step
 * (or resolve) before that step ends, on any machine, however loaded.
 */
const steps: string[] = [];
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
let held: Promise<void> | undefined;
let onSlowStep: (() => void) | undefined;
const later = async () => {
  onSlowStep?.();
  await turn();
  await held;
};

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof real.open = async (...args: Parameters<typeof real.open>) => {
    const handle = await real.open(...args);
    const name = path.basename(String(args[0]));
    // A file opened with O_DSYNC: each write is durable when it returns, so it is the slow step.
    const dsync = typeof args[1] === 'number' && constants.O_DSYNC !== undefined && (args[1] & constants.O_DSYNC) !== 0;
    const sync = handle.sync.bind(handle);
    const datasync = handle.datasync.bind(handle);
    const write = handle.write.bind(handle) as (...a: unknown[]) => Promise<unknown>;
    const truncate = handle.truncate.bind(handle);
    handle.sync = async () => {
      // Logged when asked: some file systems refuse fsync on a directory, which the store tolerates.
      steps.push(`sync ${name}`);
      await sync();
    };
    handle.datasync = async () => {
      await later();
      await datasync();
      steps.push(`datasync ${name}`);
    };
    (handle as unknown as { write: unknown }).write = async (...a: unknown[]) => {
      if (dsync) await later();
      const result = await write(...a);
      steps.push(`write ${name}${dsync ? ' (O_DSYNC)' : ''}`);
      return result;
    };
    handle.truncate = async (len?: number) => {
      // Logged when asked: emptying the journal must not even start before the snapshot is in place.
      steps.push(`truncate ${name} ${len ?? 0}`);
      await truncate(len);
    };
    return handle;
  };
  const rename: typeof real.rename = async (from, to) => {
    await later();
    await real.rename(from, to);
    steps.push(`rename → ${path.basename(String(to))}`);
  };
  return { ...real, default: { ...real, open, rename }, open, rename };
});

let dir: string;
beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'samverkan-durable-'));
  steps.length = 0;
  held = undefined;
  onSlowStep = undefined;
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

describe('the store is durable before it says so', () => {
  it('update resolves only after its journal line is written durably (O_DSYNC, or a write and an fdatasync)', async () => {
    const file = path.join(dir, 'store.json');
    const store = await Store.open(file);
    steps.length = 0;
    let resolved = false;
    let letGo!: () => void;
    held = new Promise<void>((resolve) => (letGo = resolve));
    const slowStepAsked = new Promise<void>((resolve) => (onSlowStep = resolve));
    const pending = store
      .update((d) => {
        d.counters.x = 1;
      })
      .then(() => {
        resolved = true;
        steps.push('resolved');
      });
    // The journal line's durable write is under way and held; every callback queued so far has run.
    await slowStepAsked;
    await turn();
    expect(resolved).toBe(false);
    expect(steps).toEqual([]);
    letGo();
    await pending;
    expect(steps).toEqual(
      constants.O_DSYNC !== undefined ? ['write store.json.journal (O_DSYNC)', 'resolved'] : ['write store.json.journal', 'datasync store.json.journal', 'resolved'],
    );
    expect(JSON.parse(readFileSync(`${file}.journal`, 'utf8'))).toMatchObject({ seq: 1, ops: [{ k: 'counters', set: { x: 1 } }] });
  });

  it('a snapshot is fsync’ed and renamed over the store (and the directory synced) before the journal is emptied', async () => {
    const file = path.join(dir, 'store.json');
    const store = await Store.open(file);
    await store.update((d) => {
      d.counters.x = 1;
    });
    steps.length = 0;
    await store.compact();
    const dirName = path.basename(dir);
    expect(steps).toEqual([
      expect.stringMatching(/^sync \.store\.json\.\d+\.tmp$/),
      'rename → store.json',
      `sync ${dirName}`,
      'truncate store.json.journal 0',
      'datasync store.json.journal',
    ]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ journalSeq: 1, counters: { x: 1 } });
    expect((await fsp.readdir(dir)).sort()).toEqual(['store.json', 'store.json.journal', 'store.json.lock']);
  });
});

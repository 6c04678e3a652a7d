import { readFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Store } from '../../src/store/store.js';

/**
 * The durable write (temp file, fsync, rename, fsync of the directory) is only observable when the
 * file system is slow. node:fs/promises is wrapped so rename takes a while and every step is logged:
 * `update` must not resolve before the rename (and the syncs) are done.
 */
const steps: string[] = [];
const RENAME_DELAY_MS = 40;

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof real.open = async (...args: Parameters<typeof real.open>) => {
    const handle = await real.open(...args);
    const name = path.basename(String(args[0]));
    const sync = handle.sync.bind(handle);
    handle.sync = async () => {
      // Logged when asked: some file systems refuse fsync on a directory, which the store tolerates.
      steps.push(`sync ${name}`);
      await sync();
    };
    return handle;
  };
  const rename: typeof real.rename = async (from, to) => {
    await new Promise((resolve) => setTimeout(resolve, RENAME_DELAY_MS));
    await real.rename(from, to);
    steps.push(`rename → ${path.basename(String(to))}`);
  };
  return { ...real, default: { ...real, open, rename }, open, rename };
});

let dir: string;
beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'samverkan-durable-'));
  steps.length = 0;
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

describe('Store.update is durable before it resolves', () => {
  it('fsyncs the temp file, renames it over the store and fsyncs the directory, then resolves', async () => {
    const file = path.join(dir, 'store.json');
    const store = await Store.open(file);
    steps.length = 0;

    await store.update((d) => {
      d.counters.x = 1;
    });
    expect(JSON.parse(readFileSync(file, 'utf8')).counters).toEqual({ x: 1 });
    const dirName = path.basename(dir);
    expect(steps).toEqual([expect.stringMatching(/^sync \.store\.json\.\d+\.tmp$/), 'rename → store.json', `sync ${dirName}`]);
    expect(await fsp.readdir(dir)).toEqual(['store.json']);
  });
});

/**
 * Measures the store's own cost at a given size, in a process of its own:
 *   tsx src/tools/bench/store-probe.ts <store.json> [updates]
 * prints one JSON line: open time, and per `store.update` (one vote appended) the total and its parts
 * (structuredClone of the whole state, JSON.stringify of it, write + fsync + rename + dir fsync), and for
 * comparison what appending the same change as one JSON line to a journal (with fdatasync) costs.
 */
import { open, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readStoreFiles, Store } from '../../store/store.js';
import type { StoreData } from '../../store/schema.js';

export interface StoreProbe {
  fileBytes: number;
  openMs: number;
  updates: number;
  updateMs: { p50: number; max: number; mean: number };
  cloneMs: number;
  stringifyMs: number;
  writeFsyncMs: number;
  /** For comparison: appending one vote as a JSON line to a journal file and fsyncing it. */
  journalAppendMs: number;
  rssMb: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const round = (x: number) => Math.round(x * 10) / 10;

async function probe(file: string, updates: number): Promise<StoreProbe> {
  const t0 = performance.now();
  const store = await Store.open(file);
  const openMs = performance.now() - t0;
  const times: number[] = [];
  let lastVote: StoreData['votes'][number] | undefined;
  for (let i = 0; i < updates; i++) {
    const t = performance.now();
    await store.update((data) => {
      const v = data.votes.at(-1)!;
      lastVote = { ...v, at: new Date().toISOString(), activityId: `probe-${i}` };
      data.votes.push(lastVote);
    });
    times.push(performance.now() - t);
  }
  // The parts of one update, measured the same way the store does them.
  const clone: number[] = [];
  const stringify: number[] = [];
  const write: number[] = [];
  const tmp = join(dirname(file), '.probe.tmp');
  // What a whole-file rewrite would write: everything the store holds now, as read from its files.
  const whole = await readStoreFiles(file);
  for (let i = 0; i < Math.max(1, Math.min(updates, 5)); i++) {
    let t = performance.now();
    const copy = structuredClone(whole);
    clone.push(performance.now() - t);
    t = performance.now();
    const text = JSON.stringify(copy, null, 1);
    stringify.push(performance.now() - t);
    t = performance.now();
    const h = await open(tmp, 'w', 0o600);
    await h.writeFile(text, 'utf8');
    await h.sync();
    await h.close();
    await rename(tmp, `${tmp}.done`);
    const d = await open(dirname(file), 'r');
    await d.sync();
    await d.close();
    write.push(performance.now() - t);
  }
  await unlink(`${tmp}.done`).catch(() => undefined);
  const journal = join(dirname(file), '.probe.journal');
  const appends: number[] = [];
  const jh = await open(journal, 'a', 0o600);
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    await jh.appendFile(`${JSON.stringify({ op: 'vote', record: { ...(lastVote ?? whole.votes.at(-1)!), activityId: `journal-${i}` } })}\n`, 'utf8');
    await jh.datasync();
    appends.push(performance.now() - t);
  }
  await jh.close();
  await unlink(journal).catch(() => undefined);
  // Releases the store's lock file, which the caller's clean-up would otherwise leave behind.
  await store.close();
  return {
    fileBytes: (await stat(file)).size,
    openMs: round(openMs),
    updates,
    updateMs: { p50: round(median(times)), max: round(Math.max(...times)), mean: round(times.reduce((a, b) => a + b, 0) / times.length) },
    cloneMs: round(median(clone)),
    stringifyMs: round(median(stringify)),
    writeFsyncMs: round(median(write)),
    journalAppendMs: round(median(appends)),
    rssMb: Math.round(process.memoryUsage().rss / 1048576),
  };
}

if ((process.argv[1] ?? '').endsWith('store-probe.ts')) {
  const [file, n = '10'] = process.argv.slice(2);
  if (!file) {
    console.error('usage: tsx src/tools/bench/store-probe.ts <store.json> [updates]');
    process.exit(2);
  }
  console.log(JSON.stringify(await probe(file, Number(n))));
}

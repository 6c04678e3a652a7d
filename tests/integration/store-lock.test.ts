import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPartnership, type Partnership } from '../../src/config/partnership.js';
import { journalPathOf } from '../../src/store/store.js';
import { lockPathOf, type LockHolder } from '../../src/store/lock.js';
import type { GeneratedStore } from '../../src/tools/bench/generate.js';
import { BenchConnector } from '../../src/tools/bench/connector-stub.js';
import { ChildBot, CLOCK_START, openOnlyStore, PARTNERSHIP_FILE, press, recordedText, ROOT, socialChiefs } from '../fixtures/child-bot.js';

/**
 * Issue #13, point 1: one process per store. The real bot as child processes (`node --import tsx
 * src/main.ts`) on one STORE_FILE, as a second `npm run serve`, a slot swap or a restart while the old
 * process still runs would start it.
 */

const stub = new BenchConnector();
const bots: ChildBot[] = [];
let p: Partnership;
let serviceUrl = '';
let dir = '';
let storeFile = '';
let gen: GeneratedStore;
let pressNo = 0;

beforeAll(async () => {
  p = await loadPartnership(join(ROOT, PARTNERSHIP_FILE));
  serviceUrl = await stub.start();
  dir = await mkdtemp(join(tmpdir(), 'samverkan-lock-it-'));
});

afterAll(async () => {
  for (const bot of bots) await bot.kill();
  await stub.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function freshStore(name: string): Promise<void> {
  storeFile = join(dir, name, 'store.json');
  gen = openOnlyStore(p, new Date(CLOCK_START), serviceUrl);
  pressNo = 0;
  await rm(join(dir, name), { recursive: true, force: true });
  await mkdir(join(dir, name));
  await writeFile(storeFile, JSON.stringify(gen.data, null, 1));
}

const launch = async (): Promise<ChildBot> => {
  const bot = await ChildBot.launch({ storeFile });
  bots.push(bot);
  return bot;
};
const start = async (): Promise<ChildBot> => {
  const bot = await launch();
  await bot.ready();
  return bot;
};

/** A vote that the bot confirms only once it is in the journal on disk (each press changes the vote: the generated one is "refer"). */
async function voteIsRecorded(bot: ChildBot): Promise<void> {
  const decision = gen.openDecisions[0]!;
  const person = socialChiefs(p).find((x) => x.member !== decision.holdout)!;
  const position = pressNo % 2 ? 'refer' : 'approve';
  const reply = await bot.post(press(p, serviceUrl, gen, { id: `lock-press-${storeFile}-${++pressNo}`, kind: 'vote', person, target: decision.id, position }));
  expect(reply.status).toBe(200);
  expect(reply.text).toContain(recordedText(p, 'vote', person.member!, position));
}

/** Names, bytes and mtimes of everything in the store's directory. */
async function dirState(): Promise<Record<string, { bytes: string; mtimeMs: number }>> {
  const d = join(storeFile, '..');
  const out: Record<string, { bytes: string; mtimeMs: number }> = {};
  for (const name of (await readdir(d)).sort()) out[name] = { bytes: await readFile(join(d, name), 'utf8'), mtimeMs: (await stat(join(d, name))).mtimeMs };
  return out;
}

const holderOnDisk = async (): Promise<LockHolder> => JSON.parse(await readFile(lockPathOf(storeFile), 'utf8')) as LockHolder;

describe('one process per store', () => {
  it('a second process on the same store exits with a message naming the store and the first process, changes nothing, and the first keeps serving', { timeout: 180_000 }, async () => {
    await freshStore('two');
    const first = await start();
    await voteIsRecorded(first);
    const before = await dirState();
    expect(Object.keys(before)).toEqual(['store.json', 'store.json.journal', 'store.json.lock']);
    expect(before['store.json.journal']!.bytes).not.toBe('');

    const second = await launch();
    // Fails fast if the second one serves (as it did before the lock).
    expect(await second.ready().then(() => 'serving', () => 'refused')).toBe('refused');
    expect(await second.exitStatus()).toEqual({ code: 1, signal: null });
    const since = (await holderOnDisk()).startedAt;
    expect(second.output).toContain(
      `${storeFile}: in use by process ${first.child.pid} on host ${hostname()} since ${since}; stop it first (or remove ${storeFile}.lock if that process is gone)`,
    );
    expect(await dirState()).toEqual(before);

    expect((await first.health()).status).toBe(200);
    await voteIsRecorded(first);
    expect(await readFile(journalPathOf(storeFile), 'utf8')).not.toBe(before['store.json.journal']!.bytes);
    await first.stop();
    // A clean stop leaves no lock behind.
    expect(await readdir(join(storeFile, '..'))).not.toContain('store.json.lock');
  });

  it('a lock left by a process killed with SIGKILL does not block the next start', { timeout: 180_000 }, async () => {
    await freshStore('killed');
    const dead = await start();
    await dead.kill();
    expect((await holderOnDisk()).pid).toBe(dead.child.pid);
    const next = await start();
    expect((await holderOnDisk()).pid).toBe(next.child.pid);
    await voteIsRecorded(next);
    await next.stop();
  });

  it('two starts at once on a stale lock: exactly one serves, the other exits naming it', { timeout: 180_000 }, async () => {
    await freshStore('race');
    const dead = await start();
    await dead.kill();
    const racers = await Promise.all([launch(), launch()]);
    const outcomes = await Promise.all(racers.map((bot) => bot.ready().then(() => 'serving' as const, () => 'refused' as const)));
    expect([...outcomes].sort()).toEqual(['refused', 'serving']);
    const winner = racers[outcomes.indexOf('serving')]!;
    const loser = racers[outcomes.indexOf('refused')]!;
    expect(loser.exit).toEqual({ code: 1, signal: null });
    expect(loser.output.join('\n')).toContain(`${storeFile}: in use by process ${winner.child.pid} on host ${hostname()}`);
    expect((await holderOnDisk()).pid).toBe(winner.child.pid);
    await voteIsRecorded(winner);
    await winner.stop();
  });
});

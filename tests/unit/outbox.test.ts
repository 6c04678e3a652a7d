import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Activity } from 'botbuilder';
import { Store, StoreWriteError } from '../../src/store/store.js';
import { enqueue } from '../../src/store/outbox.js';
import { Outbox, type SendOutcome } from '../../src/teams/outbox.js';
import { ManualClock } from '../../src/clock.js';
import { createLogger } from '../../src/log.js';

const NOW = new Date('2026-11-23T09:00:00Z');

/** A Teams stand-in: answers each post with what the test queued for its conversation (default: taken). */
class FakeTeams {
  readonly posted: { conversationId: string; text: string; id: string }[] = [];
  readonly answers = new Map<string, SendOutcome[]>();
  private n = 0;
  async sendOnce(conversationId: string, activity: Partial<Activity>): Promise<SendOutcome> {
    const answer = this.answers.get(conversationId)?.shift();
    if (answer && !answer.ok) return answer;
    const id = `m-${++this.n}`;
    this.posted.push({ conversationId, text: String(activity.text), id });
    return { ok: true, id };
  }
  markShown(): void {}
}

/** A timer the test moves by hand, on a monotonic clock it also owns. */
class FakeTimers {
  now = 0;
  private timers: { at: number; run: () => void }[] = [];
  set = (run: () => void, ms: number) => {
    const timer = { at: this.now + ms, run };
    this.timers.push(timer);
    return () => (this.timers = this.timers.filter((t) => t !== timer));
  };
  /** Moves time on and runs what came due. */
  advance(ms: number): void {
    this.now += ms;
    const due = this.timers.filter((t) => t.at <= this.now);
    this.timers = this.timers.filter((t) => t.at > this.now);
    for (const t of due) t.run();
  }
  get next(): number | undefined {
    return this.timers.length ? Math.min(...this.timers.map((t) => t.at)) - this.now : undefined;
  }
}

const fail = (status: number, retryAfterMs?: number): SendOutcome => ({ ok: false, status, reason: `HTTP ${status}`, retryAfterMs });
const text = (t: string) => ({ kind: 'text' as const, text: t });

describe('Outbox', () => {
  let dir: string;
  let store: Store;
  let teams: FakeTeams;
  let timers: FakeTimers;
  const logs: string[] = [];
  const log = createLogger('debug', new Writable({ write: (chunk, _e, done) => (logs.push(String(chunk)), done()) }));
  const outboxOn = (s: Store) =>
    new Outbox({ store: s, notifier: teams, log, clock: new ManualClock(NOW), baseDelayMs: 1000, maxDelayMs: 60_000, now: () => timers.now, setTimer: timers.set, random: () => 0.5 });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'samverkan-outbox-'));
    store = await Store.open(join(dir, 'store.json'));
    teams = new FakeTeams();
    timers = new FakeTimers();
    logs.length = 0;
  });
  afterEach(async () => {
    await store.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it('waits twice as long after each failure, up to the cap, with jitter of at most 20 %', () => {
    const plain = outboxOn(store);
    expect([0, 1, 2, 3, 4, 10].map((n) => plain.delayAfter(n))).toEqual([0, 1000, 2000, 4000, 8000, 60_000]);
    const low = new Outbox({ store, notifier: teams, log, clock: new ManualClock(NOW), baseDelayMs: 1000, random: () => 0 });
    const high = new Outbox({ store, notifier: teams, log, clock: new ManualClock(NOW), baseDelayMs: 1000, random: () => 0.999999 });
    expect(low.delayAfter(3)).toBe(3200);
    expect(high.delayAfter(3)).toBe(4800);
  });

  it('posts each conversation oldest first; one conversation waiting does not hold another', async () => {
    const outbox = outboxOn(store);
    const ids = await enqueue(store, [
      { conversationId: 'a', post: text('a1') },
      { conversationId: 'b', post: text('b1') },
      { conversationId: 'a', post: text('a2') },
    ], NOW);
    teams.answers.set('a', [fail(503)]);
    expect(await outbox.deliver(ids)).toBe('pending');
    await outbox.retryNow().catch(() => undefined);
    expect(teams.posted.map((p) => p.text)).toEqual(['b1', 'a1', 'a2']);
    expect(store.data.outbox).toEqual([]);
  });

  it('a failed post is kept with its attempts, retried after its back-off by the timer, and posted once', async () => {
    const outbox = outboxOn(store);
    const [id] = await enqueue(store, [{ conversationId: 'a', post: text('hej') }], NOW);
    teams.answers.set('a', [fail(500), fail(500)]);
    expect(await outbox.deliver([id!])).toBe('pending');
    expect(store.data.outbox[0]).toMatchObject({ attempts: 1, lastError: 'HTTP 500' });
    expect(timers.next).toBe(1000);
    timers.advance(999);
    expect(store.data.outbox[0]!.attempts).toBe(1);
    timers.advance(1);
    await outbox.idle();
    expect(store.data.outbox[0]?.attempts).toBe(2);
    expect(timers.next).toBe(2000);
    timers.advance(2000);
    await outbox.idle();
    expect(store.data.outbox).toEqual([]);
    expect(teams.posted.map((p) => p.text)).toEqual(['hej']);
  });

  it('honours a longer wait Teams asks for (Retry-After)', async () => {
    const outbox = outboxOn(store);
    const [id] = await enqueue(store, [{ conversationId: 'a', post: text('hej') }], NOW);
    teams.answers.set('a', [fail(429, 30_000)]);
    await outbox.deliver([id!]);
    expect(timers.next).toBe(30_000);
  });

  it('keeps the back-off across a restart, capped at a minute, and never posts twice', async () => {
    const first = outboxOn(store);
    const [id] = await enqueue(store, [{ conversationId: 'a', post: text('hej') }], NOW);
    teams.answers.set('a', [fail(503), fail(503), fail(503), fail(503), fail(503), fail(503), fail(503)]);
    for (let i = 0; i < 7; i++) await first.retryNow();
    expect(store.data.outbox[0]!.attempts).toBe(7);
    expect(teams.answers.get('a')).toEqual([]);
    await first.stop();
    await store.close();

    store = await Store.open(join(dir, 'store.json'));
    expect(store.data.outbox).toEqual([expect.objectContaining({ id, attempts: 7 })]);
    timers = new FakeTimers();
    const second = outboxOn(store);
    second.start();
    // 7 failures would wait 64 s; after a restart at most a minute.
    expect(timers.next).toBe(60_000);
    expect(teams.posted).toEqual([]);
    timers.advance(60_000);
    await second.idle();
    expect(store.data.outbox).toEqual([]);
    expect(teams.posted.map((p) => p.text)).toEqual(['hej']);
    second.start();
    await second.retryNow();
    expect(teams.posted).toHaveLength(1);
  });

  it('a post Teams took but the store could not record is recorded later, never posted again', async () => {
    const outbox = outboxOn(store);
    const [id] = await enqueue(store, [{ conversationId: 'a', post: text('hej') }], NOW);
    const update = store.update.bind(store);
    vi.spyOn(store, 'update').mockImplementationOnce(() => Promise.reject(new StoreWriteError(store.file, new Error('ENOSPC'))));
    expect(await outbox.deliver([id!])).toBe('posted');
    expect(store.data.outbox).toHaveLength(1);
    expect(logs.join('')).toContain('posted, but the store did not take the record');
    vi.mocked(store.update).mockImplementation(update);
    await outbox.retryNow();
    expect(store.data.outbox).toEqual([]);
    expect(teams.posted).toHaveLength(1);
  });

  it('the same post owed twice to one conversation is kept once', async () => {
    const a = await enqueue(store, [{ conversationId: 'a', post: { kind: 'proposalCard', proposalId: 'P-2026-001' } }], NOW);
    const b = await enqueue(store, [{ conversationId: 'a', post: { kind: 'proposalCard', proposalId: 'P-2026-001' } }], NOW);
    expect(b).toEqual(a);
    expect(store.data.outbox).toHaveLength(1);
  });

  it('a post whose subject is gone is dropped, not retried', async () => {
    const outbox = outboxOn(store);
    outbox.register('proposalCard', { render: () => undefined });
    const [id] = await enqueue(store, [{ conversationId: 'a', post: { kind: 'proposalCard', proposalId: 'P-2026-404' } }], NOW);
    expect(await outbox.deliver([id!])).toBe('pending');
    expect(store.data.outbox).toEqual([]);
    expect(teams.posted).toEqual([]);
  });
});

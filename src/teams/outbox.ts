import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { Kind, PostHandler, Posts, PostSender } from '../features/kit/outbox.js';
import type { SnapshotState } from '../store/commit.js';
import type { Repository } from '../store/port.js';
import type { OutboxEntry } from '../store/schema.js';
import { repositoryOf } from '../store/snapshot-repository.js';

export type { SendOutcome } from '../features/kit/outbox.js';


export interface OutboxOptions {
  /** The store whose outbox it sends (read and written through its repository). */
  store: SnapshotState;
  notifier: PostSender;
  log: Logger;
  clock: Clock;
  /** The first retry waits this long, each further one twice as long … */
  baseDelayMs?: number;
  /** … up to this. */
  maxDelayMs?: number;
  /** Monotonic milliseconds and a timer: real time, also under the demo clock (Teams' limits are real). */
  now?: () => number;
  setTimer?: (run: () => void, ms: number) => () => void;
  random?: () => number;
}

const realTimer = (run: () => void, ms: number) => {
  const t = setTimeout(run, ms);
  t.unref();
  return () => clearTimeout(t);
};

/**
 * Sends what the outbox in the store holds. Each conversation's posts go one at a time, oldest
 * first (a reminder's follow-up never overtakes its card, and Teams' per-conversation limit is
 * respected); a failed post waits longer each time (5 s, 10 s, 20 s … 30 min, or what Teams asked),
 * also across restarts, and a conversation waits behind its failed post. An entry leaves the outbox
 * in the same write that records what its post made, so a post is made once. The one window left is
 * a crash between Teams taking a post and that write (milliseconds): the post is then made again.
 */
export class Outbox implements Posts {
  private readonly repo: Repository;
  private readonly handlers = new Map<Kind, PostHandler>();
  /** The running drain of each conversation. */
  private readonly draining = new Map<string, Promise<void>>();
  /** Conversations asked to drain while a drain of theirs ran. */
  private readonly again = new Set<string>();
  /** Entry id → monotonic ms before which it is not tried again. */
  private readonly notBefore = new Map<string, number>();
  /** Posted, but the write that takes it off failed: record it again, never post it again. */
  private readonly postedUnrecorded = new Map<string, string>();
  /** Entry id → those waiting for its next attempt. */
  private readonly waiters = new Map<string, Set<(posted: boolean) => void>>();
  private cancelTimer?: () => void;
  private timerAt = Infinity;
  private stopped = false;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly now: () => number;
  private readonly setTimer: (run: () => void, ms: number) => () => void;
  private readonly random: () => number;

  constructor(private readonly o: OutboxOptions) {
    this.repo = repositoryOf(o.store);
    this.baseDelayMs = o.baseDelayMs ?? 5_000;
    this.maxDelayMs = o.maxDelayMs ?? 30 * 60_000;
    this.now = o.now ?? (() => performance.now());
    this.setTimer = o.setTimer ?? realTimer;
    this.random = o.random ?? Math.random;
    this.register('text', { render: (post) => ({ type: 'message', text: post.text }) });
  }

  register<K extends Kind>(kind: K, handler: PostHandler<K>): void {
    this.handlers.set(kind, handler as unknown as PostHandler);
  }

  /** How long the entry waits after `attempts` failures (with ±20 % jitter, so retries do not bunch). */
  delayAfter(attempts: number): number {
    if (attempts <= 0) return 0;
    const plain = Math.min(this.baseDelayMs * 2 ** Math.min(attempts - 1, 30), this.maxDelayMs);
    return Math.round(plain * (0.8 + 0.4 * this.random()));
  }

  /**
   * Starts sending what the store holds. Entries that failed before a restart keep their back-off
   * (capped at a minute: the restart itself was a wait).
   */
  start(): void {
    const now = this.now();
    for (const entry of this.repo.outbox())
      if (entry.attempts > 0) this.notBefore.set(entry.id, now + Math.min(this.delayAfter(entry.attempts), 60_000));
    if (this.repo.outbox().length) this.o.log.info({ pending: this.repo.outbox().length }, 'outbox: posts still owed from before the start');
    this.kick();
  }

  /** Posts still owed. */
  get pending(): number {
    return this.repo.outbox().length;
  }

  /** Starts the drain of every conversation with a due post (or only of `conversationId`). */
  kick(conversationId?: string): void {
    if (this.stopped) return;
    const ids = conversationId ? [conversationId] : [...new Set(this.repo.outbox().map((e) => e.conversationId))];
    for (const id of ids) void this.drain(id);
  }

  /** The app was added to a conversation again: its posts are tried now, not after their back-off. */
  resume(conversationId: string): void {
    for (const entry of this.repo.outbox()) if (entry.conversationId === conversationId) this.notBefore.delete(entry.id);
    this.kick(conversationId);
  }

  /**
   * Sends the entries now (each as soon as its conversation allows) and resolves 'posted' once all are
   * posted, or 'pending' as soon as one of them failed or `withinMs` passed. A person's press waits
   * on this a short while, so they are told the truth: posted, or recorded and not yet posted.
   */
  async deliver(ids: string[], withinMs = Infinity): Promise<'posted' | 'pending'> {
    const open = ids.filter((id) => this.repo.outboxEntry(id));
    if (!open.length) return 'posted';
    const outcomes = open.map(
      (id) =>
        new Promise<boolean>((resolve) => {
          let set = this.waiters.get(id);
          if (!set) this.waiters.set(id, (set = new Set()));
          set.add(resolve);
        }),
    );
    const conversations = new Set(open.map((id) => this.repo.outboxEntry(id)!.conversationId));
    const drains = [...conversations].map((c) => this.drain(c));
    // A drain that ends without trying an entry (it waits behind an earlier failure) means not posted.
    const allTried = Promise.all(drains).then(() => open.every((id) => !this.repo.outboxEntry(id)));
    const firstFailure = new Promise<boolean>((resolve) => outcomes.forEach((o) => void o.then((posted) => !posted && resolve(false))));
    const races: Promise<boolean>[] = [Promise.all(outcomes).then((all) => all.every(Boolean)), firstFailure, allTried];
    let cancel: (() => void) | undefined;
    if (Number.isFinite(withinMs)) races.push(new Promise<boolean>((resolve) => (cancel = this.setTimer(() => resolve(false), withinMs))));
    const posted = await Promise.race(races);
    cancel?.();
    for (const id of open) this.waiters.delete(id);
    return posted ? 'posted' : 'pending';
  }

  /** Tries every owed post now, whatever its back-off, and resolves when each conversation has drained or failed again. */
  async retryNow(): Promise<void> {
    const conversations = [...new Set(this.repo.outbox().map((e) => e.conversationId))];
    await Promise.all(
      conversations.map(async (c) => {
        // A try under way ends first; then the conversation is tried from its oldest post, back-off or not.
        await this.draining.get(c);
        for (const entry of this.repo.outbox()) if (entry.conversationId === c) this.notBefore.delete(entry.id);
        await this.drain(c);
      }),
    );
  }

  /** Resolves once no conversation is draining, a drain its timer started included (tests wait on this). */
  async idle(): Promise<void> {
    while (this.draining.size) await Promise.allSettled([...this.draining.values()]);
  }

  /** Stops retrying; waits up to `graceMs` for posts under way (a slow Teams does not hold the shutdown). */
  async stop(graceMs = 3_000): Promise<void> {
    this.stopped = true;
    this.cancelTimer?.();
    const running = Promise.allSettled([...this.draining.values()]);
    let cancel: (() => void) | undefined;
    await Promise.race([running, new Promise<void>((resolve) => (cancel = this.setTimer(resolve, graceMs)))]);
    cancel?.();
  }

  /**
   * Drains a conversation, one drain at a time. A request that comes while one runs is remembered and
   * answered by another round once it ends, so a post owed at the very moment a drain finishes still goes.
   */
  private drain(conversationId: string): Promise<void> {
    const running = this.draining.get(conversationId);
    if (running) {
      this.again.add(conversationId);
      return running;
    }
    const run: Promise<void> = this.drainLoop(conversationId).finally(() => {
      this.draining.delete(conversationId);
      if (this.again.delete(conversationId)) void this.drain(conversationId);
    });
    this.draining.set(conversationId, run);
    return run;
  }

  private async drainLoop(conversationId: string): Promise<void> {
    while (!this.stopped) {
      const head = this.repo.outbox().find((e) => e.conversationId === conversationId);
      if (!head) return;
      const wait = (this.notBefore.get(head.id) ?? 0) - this.now();
      if (wait > 0) {
        this.wakeAt(this.now() + wait);
        return;
      }
      if (!(await this.attempt(head))) return;
    }
  }

  /** One try of one entry; true when it left the outbox. */
  private async attempt(entry: OutboxEntry): Promise<boolean> {
    const { log, clock } = this.o;
    const handler = this.handlers.get(entry.post.kind);
    const already = this.postedUnrecorded.get(entry.id);
    if (already) return this.recordSent(entry, handler, already);
    const activity = handler?.render(entry.post as never, entry);
    if (!handler || !activity) {
      log.info({ outboxId: entry.id, kind: entry.post.kind, conversationId: entry.conversationId }, 'outbox: post no longer wanted, dropped');
      await this.repo.dropEntries([entry.id]).catch((err: Error) => log.error({ outboxId: entry.id, err: err.message }, 'outbox: could not drop an entry'));
      this.settle(entry.id, false);
      return !this.repo.outboxEntry(entry.id);
    }
    const outcome = await this.o.notifier.sendOnce(entry.conversationId, activity);
    if (outcome.ok) {
      this.o.notifier.markShown(entry.conversationId, outcome.id, activity);
      return this.recordSent(entry, handler, outcome.id);
    }
    const attempts = entry.attempts + 1;
    const delay = Math.max(this.delayAfter(attempts), outcome.retryAfterMs ?? 0);
    this.notBefore.set(entry.id, this.now() + delay);
    const fields = { outboxId: entry.id, kind: entry.post.kind, conversationId: entry.conversationId, status: outcome.status, attempts, retryInMs: delay, reason: outcome.reason };
    if (attempts === 1 || attempts % 5 === 0) log.error(fields, 'outbox: post not taken by Teams; kept and retried');
    else log.warn(fields, 'outbox: post not taken by Teams; kept and retried');
    await this.repo.recordAttemptFailed(entry.id, outcome.reason, clock.now()).catch((err: Error) =>
      log.error({ outboxId: entry.id, err: err.message }, 'outbox: could not record a failed attempt'),
    );
    this.settle(entry.id, false);
    this.wakeAt(this.now() + delay);
    return false;
  }

  private async recordSent(entry: OutboxEntry, handler: PostHandler | undefined, activityId: string): Promise<boolean> {
    const { log, clock } = this.o;
    try {
      await this.repo.recordPosted(entry.id, { copy: handler?.copy?.(entry.post as never, entry), activityId, now: clock.now() });
    } catch (err) {
      // Teams has it: never post it again; record it once the store takes writes again.
      this.postedUnrecorded.set(entry.id, activityId);
      this.notBefore.set(entry.id, this.now() + this.baseDelayMs);
      this.wakeAt(this.now() + this.baseDelayMs);
      log.error({ outboxId: entry.id, activityId, err: (err as Error).message }, 'outbox: posted, but the store did not take the record; will record it again');
      this.settle(entry.id, true);
      return false;
    }
    this.postedUnrecorded.delete(entry.id);
    this.notBefore.delete(entry.id);
    log.info({ outboxId: entry.id, kind: entry.post.kind, conversationId: entry.conversationId, attempts: entry.attempts + 1 }, 'outbox: posted');
    this.settle(entry.id, true);
    try {
      await handler?.after?.(entry.post as never, entry);
    } catch (err) {
      log.error({ outboxId: entry.id, err: (err as Error).message }, 'outbox: follow-up after a post failed');
    }
    return true;
  }

  private settle(id: string, posted: boolean): void {
    const set = this.waiters.get(id);
    if (!set) return;
    this.waiters.delete(id);
    for (const resolve of set) resolve(posted);
  }

  /** One timer for the earliest retry; when it fires, every conversation with a due post drains. */
  private wakeAt(at: number): void {
    if (this.stopped || at >= this.timerAt) return;
    this.cancelTimer?.();
    this.timerAt = at;
    this.cancelTimer = this.setTimer(() => {
      this.timerAt = Infinity;
      this.cancelTimer = undefined;
      this.kick();
    }, Math.max(0, at - this.now()));
  }
}

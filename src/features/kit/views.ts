import { CardFactory, MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import { localDate } from '../../domain/calendar.js';
import type { Messages } from '../../i18n/index.js';
import type { AdaptiveCard } from '../../../cards/elements.js';
import type { AppContext } from '../context.js';
import { conversationIdOf, conversationTypeOf } from './conversation.js';

export function cardActivity(card: AdaptiveCard, summary?: string): Partial<Activity> {
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
  if (summary) activity.summary = summary;
  return activity;
}

export function today(ctx: AppContext): string {
  return localDate(ctx.clock.now(), ctx.partnership.timeZone);
}

export function personName(ctx: AppContext, personId: string): string {
  return ctx.partnership.people.find((p) => p.id === personId)?.name ?? personId;
}

export function networkName(ctx: AppContext, networkId: string): string {
  return ctx.partnership.networks.find((n) => n.id === networkId)?.name ?? networkId;
}

export function memberName(ctx: AppContext, memberId: string): string {
  return ctx.partnership.members.find((m) => m.id === memberId)?.name ?? memberId;
}

/**
 * Where a card is for everyone to see: the channels holding a copy, then those whose post is still in
 * the outbox. `postingTo` is the conversation the card is being drawn for: it counts as holding it.
 */
export function postedIn(ctx: AppContext, m: Messages, copies: readonly string[], pending: readonly string[], postingTo?: string): string | undefined {
  const conversation = (id: string) => ctx.repo.conversation(id);
  const posted = new Set([...copies, ...(postingTo ? [postingTo] : [])].filter((id) => conversation(id)?.type === 'channel'));
  const places = [
    ...[...posted].map((id) => conversation(id)!.name ?? networkNameOfChannel(ctx, id) ?? id),
    ...pending.filter((id) => !posted.has(id)).map((id) => m.posting.waiting(conversation(id)?.name ?? networkNameOfChannel(ctx, id) ?? m.posting.removedChannel)),
  ];
  return places.length ? places.join(', ') : undefined;
}

function networkNameOfChannel(ctx: AppContext, conversationId: string): string | undefined {
  const networkId = ctx.repo.networkOfChannel(conversationId);
  return networkId && networkName(ctx, networkId);
}

/**
 * In a personal chat the one who pressed is the only reader of the copy they pressed, and the card
 * their press is answered with shows them the newest state. The refresh that follows would show it
 * again a moment later, re-rendering the card and closing a form they may just have opened on it
 * (Action.ShowCard): that copy is left as it is unless something else changes first.
 * `shared` is what the refresh would put on the copy now.
 */
export function answeredInPlace(ctx: AppContext, context: TurnContext, shared: Partial<Activity>): void {
  const { activity } = context;
  if (conversationTypeOf(activity) !== 'personal' || !activity.replyToId) return;
  ctx.notifier.markShown(conversationIdOf(activity), activity.replyToId, shared);
}

const settle = () => undefined;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Monotonic time and waiting, for spacing card refreshes; tests pass one they move by hand. */
export interface RefreshTimer {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realTimer: RefreshTimer = { now: () => performance.now(), sleep };

/**
 * Runs a job on request. Runs never overlap, and requests made before a run has started share it,
 * so each run renders the state at its start and the last run sees the newest state. Runs start at
 * least `spacingMs` apart: a burst of requests becomes one run now and one run a moment later.
 * That later run waits up to half a spacing more, at random, so that the cards pressed in one burst
 * (many decisions in one channel) do not all refresh at the same instant, over and over.
 */
export class CoalescingQueue {
  /** A run that has not started yet: requests share it. */
  private scheduled?: Promise<void>;
  private running?: Promise<void>;
  private lastStart = -Infinity;

  constructor(
    private readonly job: () => Promise<void>,
    private readonly spacingMs: number,
    private readonly now: () => number = () => performance.now(),
    private readonly random: () => number = Math.random,
    private readonly sleep: (ms: number) => Promise<void> = realTimer.sleep,
  ) {}

  request(): Promise<void> {
    if (this.scheduled) return this.scheduled;
    const run: Promise<void> = (this.running ?? Promise.resolve()).then(settle, settle).then(async () => {
      const due = this.lastStart + this.spacingMs;
      const wait = due > this.now() ? due + (this.spacingMs / 2) * this.random() - this.now() : 0;
      if (wait > 0) await this.sleep(wait);
      this.scheduled = undefined;
      this.running = run;
      this.lastStart = this.now();
      try {
        await this.job();
      } finally {
        if (this.running === run) this.running = undefined;
      }
    });
    this.scheduled = run;
    return run;
  }
}

const refreshQueues = new WeakMap<AppContext, Map<string, CoalescingQueue>>();
const refreshTimers = new WeakMap<AppContext, RefreshTimer>();

/**
 * The time the card refreshes of `ctx` are spaced on (default: the real one). Queues made before the
 * call keep theirs, so a test sets it right after the start.
 */
export function useRefreshTimer(ctx: AppContext, timer: RefreshTimer): void {
  refreshTimers.set(ctx, timer);
}

const pendingInBackground = new WeakMap<AppContext, Set<Promise<void>>>();

/**
 * Card copies are brought up to date after the press is answered: the person who pressed gets
 * their card back at once, everyone else's copy follows (in order, coalesced) a moment later.
 * Failures are logged, never thrown at the press.
 */
export function inBackground(ctx: AppContext, work: Promise<void>, what: string): void {
  let pending = pendingInBackground.get(ctx);
  if (!pending) pendingInBackground.set(ctx, (pending = new Set()));
  const set = pending;
  const tracked: Promise<void> = work
    .catch((err: unknown) => ctx.log.error({ err: (err as Error)?.message ?? String(err), what }, 'card refresh failed'))
    .finally(() => set.delete(tracked));
  set.add(tracked);
}

/** Resolves once every card refresh started in the background has finished (shutdown, tests). */
export async function backgroundSettled(ctx: AppContext): Promise<void> {
  const pending = pendingInBackground.get(ctx);
  while (pending && pending.size) await Promise.all([...pending]);
}

/**
 * Runs `job` for `key` so that runs never overlap, requests before a run starts share it, and runs
 * of one key start at least CARD_REFRESH_SPACING_MS apart: each run renders the state at its start,
 * so the last update Teams gets is the newest. Every card that is updated in place for everyone
 * (proposals, decisions, reminders) refreshes through here.
 */
export function refreshInOrder(ctx: AppContext, key: string, job: () => Promise<void>): Promise<void> {
  let queues = refreshQueues.get(ctx);
  if (!queues) refreshQueues.set(ctx, (queues = new Map()));
  let queue = queues.get(key);
  if (!queue) {
    const timer = refreshTimers.get(ctx) ?? realTimer;
    queues.set(key, (queue = new CoalescingQueue(job, ctx.env.CARD_REFRESH_SPACING_MS, () => timer.now(), Math.random, (ms) => timer.sleep(ms))));
  }
  return queue.request();
}

import { createHash } from 'node:crypto';
import type { Activity, CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { Logger } from '../log.js';
import type { SendOutcome } from '../features/kit/outbox.js';
import type { SnapshotState } from '../store/commit.js';
import type { Repository } from '../store/port.js';
import { repositoryOf } from '../store/snapshot-repository.js';

/** The connector client already retries 429 and 5xx a few times with back-off; this is one more round on top. */
const MAX_ATTEMPTS = 2;

function statusOf(err: unknown): number | undefined {
  const e = err as { statusCode?: number; status?: number; response?: { status?: number } };
  return e?.statusCode ?? e?.status ?? e?.response?.status;
}

function retryAfterMs(err: unknown, attempt: number): number {
  const headers = (err as { response?: { headers?: { get?: (k: string) => string | null } | Record<string, string> } })?.response?.headers;
  const raw = headers && (typeof headers.get === 'function' ? headers.get('retry-after') : (headers as Record<string, string>)['retry-after']);
  const seconds = raw ? Number(raw) : NaN;
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 30_000);
  return Math.min(250 * 2 ** attempt, 5_000);
}


/** How many posted copies the notifier remembers the content of (the oldest is forgotten first). */
const SHOWN_LIMIT = 10_000;

function digestOf(activity: Partial<Activity>): string {
  return createHash('sha1').update(JSON.stringify([activity.summary, activity.text, activity.attachments])).digest('base64');
}

/**
 * Proactive posts and updates through the conversation references kept since installation.
 * Throttling (429) and server errors are retried with back-off; other errors are logged and given up.
 *
 * An update that would show a copy exactly what it already shows is not sent: it would cost a call
 * under Teams' per-conversation throttling, and it re-renders the card, closing a form the reader has
 * just opened on it (Action.ShowCard) and dropping what they typed.
 */
export class Notifier {
  /** Posted copy (conversation + activity id) → digest of the content it was last given. */
  private readonly shown = new Map<string, string>();
  private readonly repo: Repository;

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    store: SnapshotState,
    private readonly log: Logger,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.repo = repositoryOf(store);
  }

  private reference(conversationId: string): Partial<ConversationReference> | undefined {
    return this.repo.conversation(conversationId)?.reference as Partial<ConversationReference> | undefined;
  }

  /**
   * One attempt to post a new message (the connector client's own retries included), for the outbox,
   * which keeps the post and tries again later. Says why it failed and how long Teams asked to wait.
   */
  async sendOnce(conversationId: string, activity: Partial<Activity>): Promise<SendOutcome> {
    const reference = this.reference(conversationId);
    if (!reference) return { ok: false, reason: 'no conversation reference (the app is not installed there)', gone: true };
    try {
      let id: string | undefined;
      await this.continueWith(reference, async (context) => {
        id = (await context.sendActivity(activity))?.id;
      });
      return id ? { ok: true, id } : { ok: false, reason: 'Teams gave no message id' };
    } catch (err) {
      const status = statusOf(err);
      if (status === 403 || status === 404) {
        this.log.warn({ conversationId, status }, 'conversation no longer reachable: its reference is forgotten');
        await this.repo.forgetConversations((c) => c.id === conversationId).catch(() => undefined);
        return { ok: false, status, reason: `HTTP ${status}: the app was removed or the conversation is gone`, gone: true };
      }
      const wait = status === 429 ? retryAfterMs(err, 0) : undefined;
      return { ok: false, status, retryAfterMs: wait, reason: `${status ? `HTTP ${status}: ` : ''}${((err as Error)?.message ?? String(err)).slice(0, 200)}` };
    }
  }

  /** Posts a new message; returns its activity id, or undefined when it could not be posted. */
  async send(conversationId: string, activity: Partial<Activity>): Promise<string | undefined> {
    let id: string | undefined;
    const ok = await this.withReference(conversationId, 'send', (reference) =>
      this.continueWith(reference, async (context) => {
        id = (await context.sendActivity(activity))?.id;
      }),
    );
    return ok ? id : undefined;
  }

  /** Replaces a posted copy's content; resolves true when the copy shows it (also when it already did). */
  async update(conversationId: string, activityId: string, activity: Partial<Activity>): Promise<boolean> {
    const copy = `${conversationId}\n${activityId}`;
    const digest = digestOf(activity);
    if (this.shown.get(copy) === digest) {
      this.log.debug({ conversationId, activityId }, 'card copy already up to date: no update sent');
      return true;
    }
    const ok = await this.withReference(conversationId, 'update', (reference) =>
      this.continueWith(reference, async (context) => {
        await context.updateActivity({ ...activity, id: activityId, type: 'message' });
      }),
    );
    // Whatever was recorded meanwhile, the copy now shows this (or, after a failure, is unknown).
    if (ok) this.remember(copy, digest);
    else this.shown.delete(copy);
    return ok;
  }

  /**
   * Records that a copy already shows this content, so an update with the same content is not sent.
   * For the card a press was answered with in a personal chat, where the one who pressed is the only
   * reader: the answer shows them the newest state, so the refresh that follows need not repeat it.
   */
  markShown(conversationId: string, activityId: string, activity: Partial<Activity>): void {
    this.remember(`${conversationId}\n${activityId}`, digestOf(activity));
  }

  private remember(copy: string, digest: string): void {
    this.shown.delete(copy);
    this.shown.set(copy, digest);
    if (this.shown.size > SHOWN_LIMIT) this.shown.delete(this.shown.keys().next().value!);
  }

  /** continueConversationAsync hands errors to the adapter's turn-error handler; bring them back here. */
  private async continueWith(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    let failure: unknown;
    await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
      try {
        await logic(context);
      } catch (err) {
        failure = err;
      }
    });
    if (failure) throw failure;
  }

  private async withReference(
    conversationId: string,
    what: string,
    run: (reference: Partial<ConversationReference>) => Promise<void>,
  ): Promise<boolean> {
    const reference = this.reference(conversationId);
    if (!reference) {
      this.log.warn({ conversationId, what }, 'no conversation reference kept for this conversation: not posted');
      return false;
    }
    for (let attempt = 0; ; attempt++) {
      try {
        await run(reference);
        return true;
      } catch (err) {
        const status = statusOf(err);
        if (status === 403 || status === 404) {
          // The app was removed there (or the conversation is gone): forget it rather than retry forever.
          this.log.warn({ conversationId, what, status }, 'conversation no longer reachable: its reference is forgotten');
          await this.repo.forgetConversations((c) => c.id === conversationId).catch(() => undefined);
          return false;
        }
        const retriable = status === 429 || (status !== undefined && status >= 500) || status === undefined;
        if (!retriable || attempt + 1 >= MAX_ATTEMPTS) {
          this.log.error({ conversationId, what, status, err: (err as Error).message }, 'proactive message failed');
          return false;
        }
        const wait = retryAfterMs(err, attempt);
        this.log.warn({ conversationId, what, status, attempt, wait }, 'proactive message failed, retrying');
        await this.sleep(wait);
      }
    }
  }
}

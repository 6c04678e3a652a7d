import type { Activity } from 'botbuilder';
import type { CopyOf } from '../../store/port.js';
import type { OutboxEntry, OutboxPost } from '../../store/schema.js';

/**
 * How long a press (or a sweep) waits for the posts it caused before it goes on: a person is answered
 * well within Teams' patience even when Teams is slow, and told whether the post is out.
 */
export const PRESS_WAIT_MS = 1500;

export type Kind = OutboxPost['kind'];
type PostOf<K extends Kind> = Extract<OutboxPost, { kind: K }>;

/** What one try of a post gave: its message id, or why not and how long Teams asked to wait. */
export type SendOutcome =
  | { ok: true; id: string }
  /** `gone`: the conversation cannot be reached until the app is added there again. */
  | { ok: false; reason: string; status?: number; retryAfterMs?: number; gone?: boolean };

/** The transport's side of a post: one try (the connector's own retries included). */
export interface PostSender {
  sendOnce(conversationId: string, activity: Partial<Activity>): Promise<SendOutcome>;
  markShown(conversationId: string, activityId: string, activity: Partial<Activity>): void;
}

/** What the outbox needs to know of one kind of post. */
export interface PostHandler<K extends Kind = Kind> {
  /** The activity to post now (cards are drawn at send time); undefined: the post is no longer wanted. */
  render(post: PostOf<K>, entry: OutboxEntry): Partial<Activity> | undefined;
  /** The copy the post made, to keep up to date: recorded in the write that takes the entry off the outbox. */
  copy?(post: PostOf<K>, entry: OutboxEntry): CopyOf | undefined;
  /** After it is recorded: e.g. refresh the other copies, which now say where this one is. */
  after?(post: PostOf<K>, entry: OutboxEntry): Promise<void> | void;
}

/**
 * Posts owed to conversations, as the features use them: the transport's outbox (src/teams/outbox.ts)
 * sends what the store holds, each kind of post drawn by the feature that registered it.
 */
export interface Posts {
  register<K extends Kind>(kind: K, handler: PostHandler<K>): void;
  /**
   * Sends the entries now and resolves 'posted' once all are posted, or 'pending' as soon as one of them
   * failed or `withinMs` passed.
   */
  deliver(ids: string[], withinMs?: number): Promise<'posted' | 'pending'>;
  /** The app was added to a conversation again: its posts are tried now, not after their back-off. */
  resume(conversationId: string): void;
}

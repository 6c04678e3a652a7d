import type { Env } from '../config/env.js';
import type { Partnership } from '../config/partnership.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { Repository } from '../store/port.js';
import type { Activity } from 'botbuilder';
import type { Posts } from './kit/outbox.js';

/** Proactive posts and the posted copies of cards, kept up to date in place (the transport's notifier). */
export interface CardCopies {
  /** Posts a new message now (no outbox): its id, or undefined when it could not be posted. */
  send(conversationId: string, activity: Partial<Activity>): Promise<string | undefined>;
  /** Replaces a posted copy's content; true when the copy shows it. */
  update(conversationId: string, activityId: string, activity: Partial<Activity>): Promise<boolean>;
  /** The copy already shows this (the card a press was answered with in a personal chat). */
  markShown(conversationId: string, activityId: string, activity: Partial<Activity>): void;
}

/** What every feature needs; built once in main and passed in. */
export interface AppContext {
  env: Env;
  partnership: Partnership;
  /** Every read and write of the store goes through this port. */
  repo: Repository;
  clock: Clock;
  log: Logger;
  notifier: CardCopies;
  /** Posts owed to conversations, kept in the store until Teams has them. */
  outbox: Posts;
  /** Signed, expiring download links to this server. */
  links: { baseUrl: string; secret: string };
}

import type { Env } from '../config/env.js';
import type { Partnership } from '../config/partnership.js';
import type { Clock } from '../domain/clock.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import type { Notifier } from '../teams/notify.js';
import type { Outbox } from './kit/outbox.js';

/** What every feature of the Teams app needs; built once in main and passed in. */
export interface AppContext {
  env: Env;
  partnership: Partnership;
  store: Store;
  clock: Clock;
  log: Logger;
  notifier: Notifier;
  /** Posts owed to conversations, kept in the store until Teams has them. */
  outbox: Outbox;
  /** Signed, expiring download links to this server. */
  links: { baseUrl: string; secret: string };
}

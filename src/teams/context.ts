import type { Env } from '../config/env.js';
import type { Partnership } from '../config/partnership.js';
import type { Clock } from '../domain/clock.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import type { Notifier } from './notify.js';

/** What every feature of the Teams app needs; built once in main and passed in. */
export interface AppContext {
  env: Env;
  partnership: Partnership;
  store: Store;
  clock: Clock;
  log: Logger;
  notifier: Notifier;
  /** Signed, expiring download links to this server. */
  links: { baseUrl: string; secret: string };
}

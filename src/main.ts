import { loadEnv, type Env } from './config/env.js';
import { ConfigError } from './config/errors.js';
import { loadPartnership } from './config/partnership.js';
import { ScaledClock, systemClock, type Clock } from './clock.js';
import { createLogger, type Logger } from './log.js';
import { Store, StoreOpenError, type StoreFileSystem } from './store/store.js';
import { repositoryOf } from './store/snapshot-repository.js';
import { createAdapter, createApp } from './teams/app.js';
import { Notifier } from './teams/notify.js';
import { Outbox } from './teams/outbox.js';
import { createServer } from './http/server.js';
import { startTicker } from './scheduler/ticker.js';
import { FEATURES } from './app.js';
import { portfolioNetworks } from './domain/portfolio.js';
import type { Feature } from './features/feature.js';
import type { AppContext } from './features/context.js';
import { randomBytes } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { isIPv4, type AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { backgroundSettled } from './features/kit/views.js';

/** 127.0.0.0/8 and ::1, also written as IPv4-mapped IPv6. */
export function isLoopback(address: string): boolean {
  const v4 = address.replace(/^::ffff:/i, '');
  return isIPv4(v4) ? v4.startsWith('127.') : address === '::1';
}

function isWritableDir(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function demoClockTooEarly(clockStart: string, lastRecordedAt: Date): string {
  return (
    `the demo clock CLOCK_START=${clockStart} is earlier than the last time recorded in this store (${lastRecordedAt.toISOString()}). ` +
    `The bot did not start and changed nothing. Set CLOCK_START to ${lastRecordedAt.toISOString()} or later, or set STORE_FILE to another store.`
  );
}

/** The features' context, with the store and the outbox behind it (main and tests hold these; features see only AppContext). */
export type RunningContext = AppContext & { store: Store; outbox: Outbox };

export interface Running {
  port: number;
  /** The address the server listens on. */
  host: string;
  ctx: RunningContext;
  /** Settles once the first deadline sweep has ended; from then /healthz can say the scheduler is alive. */
  firstSweep: Promise<void>;
  close: () => Promise<void>;
}

/** Starts the bot: config, store, Teams app, HTTP server, deadline sweeper. Throws on bad config or store. */
export async function start(env: Env, options: { clock?: Clock; log?: Logger; storeFs?: StoreFileSystem } = {}): Promise<Running> {
  const log = options.log ?? createLogger(env.LOG_LEVEL);
  const clock = options.clock ?? (env.CLOCK_START ? new ScaledClock(new Date(env.CLOCK_START), env.CLOCK_SPEED ?? 1) : systemClock);
  if (env.CLOCK_START) log.warn({ start: env.CLOCK_START, speed: env.CLOCK_SPEED ?? 1 }, 'DEMO CLOCK: the bot runs on a moved clock');
  const startedAt = performance.now();
  const partnership = await loadPartnership(env.PARTNERSHIP_FILE);
  // With real credentials the tenant allow-list is the only thing keeping other organisations out
  // (token validation does not restrict tenants): an empty one would serve any tenant.
  if (!env.local && partnership.tenants.length === 0)
    throw new ConfigError(env.PARTNERSHIP_FILE, ['tenants: empty, but MicrosoftAppId is set: list the Entra tenant ids the bot serves (an empty list would serve any tenant)']);
  const storeOpening = performance.now();
  // A demo clock set before what the store already holds would record events out of order (votes
  // before the decision opened, reminders sent again): refused before the store is touched. The
  // system clock is only warned about: an NTP step back must not stop production.
  const demoStart = !options.clock && env.CLOCK_START ? new Date(env.CLOCK_START) : undefined;
  const store = await Store.open(env.STORE_FILE, {
    log: log.child({ component: 'store' }),
    compactAtBytes: env.STORE_COMPACT_BYTES,
    fs: options.storeFs,
    // An older store's projects are given their owning portfolio as the file has them now.
    portfolios: portfolioNetworks(partnership.networks).map((n) => n.id),
    refuse: ({ lastRecordedAt }) => (demoStart && lastRecordedAt && demoStart < lastRecordedAt ? demoClockTooEarly(env.CLOCK_START!, lastRecordedAt) : undefined),
  });
  if (!demoStart && store.lastRecordedAt && clock.now() < store.lastRecordedAt)
    log.warn(
      { now: clock.now().toISOString(), lastRecordedAt: store.lastRecordedAt.toISOString(), store: store.file },
      'the clock is behind the last time recorded in the store (clock stepped back?); starting anyway, new records may look older than earlier ones',
    );
  const storeOpenMs = Math.round(performance.now() - storeOpening);
  const adapter = createAdapter(env);
  const notifier = new Notifier(adapter, env.MicrosoftAppId || 'samverkan-local', store, log);
  if (!env.LINK_SECRET && !env.local) log.warn('LINK_SECRET is not set: download links are signed with a random key and stop working at restart');
  const links = { baseUrl: env.PUBLIC_BASE_URL ?? '', secret: env.LINK_SECRET ?? randomBytes(32).toString('base64url') };
  const outbox = new Outbox({ store, notifier, log: log.child({ component: 'outbox' }), clock, baseDelayMs: env.OUTBOX_RETRY_MS });
  const ctx: RunningContext = { env, partnership, repo: repositoryOf(store), store, clock, log, notifier, outbox, links };
  const features: readonly Feature[] = FEATURES;
  const app = createApp(ctx, adapter, features);
  outbox.start();
  // Posts whose retry is due go out first, even when nothing else happens; then each feature's jobs.
  const jobs = [{ name: 'outbox', run: async () => outbox.kick() }, ...features.flatMap((f) => (f.jobs ?? []).map((j) => ({ name: j.name, run: () => j.run(ctx) })))];
  const sweeper = startTicker(jobs, env.DEADLINE_SWEEP_SECONDS, log);
  const server = createServer({
    adapter,
    app,
    log,
    authenticate: !env.local,
    health: () => {
      // Writable: the directory takes new files (snapshots) and the last journal write did not fail.
      const storeWritable = store.writable && isWritableDir(dirname(store.file));
      const last = sweeper.lastRun();
      // The sweep runs every DEADLINE_SWEEP_SECONDS; three missed rounds mean the scheduler is stuck.
      const schedulerAlive = !!last && Date.now() - last.getTime() < env.DEADLINE_SWEEP_SECONDS * 3000 + 5000;
      // Posts waiting in the outbox do not make the bot unhealthy (Teams may be the one failing): they are shown.
      return { ok: storeWritable && schedulerAlive, mode: env.local ? 'local' : 'production', storeWritable, schedulerAlive, lastSweep: last?.toISOString() ?? null, outboxPending: outbox.pending };
    },
    routes: (s) => {
      for (const feature of features) feature.routes?.(s, ctx);
    },
  });
  // Local mode has no authentication: only this machine may reach it unless LISTEN_HOST says otherwise.
  const listenHost = env.LISTEN_HOST ?? (env.local ? '127.0.0.1' : '0.0.0.0');
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(env.PORT, listenHost, () => resolve());
  });
  const { port, address: host } = server.address() as AddressInfo;
  if (!links.baseUrl) links.baseUrl = `http://localhost:${port}`;
  if (env.local)
    log.warn(
      { port },
      'LOCAL MODE: no MicrosoftAppId is set, so requests are NOT authenticated. Use this only with the local Teams client on this machine.',
    );
  // Said again every minute: a start-up line scrolls away, an unauthenticated bot on the network must not.
  let exposed: NodeJS.Timeout | undefined;
  if (env.local && !isLoopback(host)) {
    const warnExposed = () =>
      log.warn({ host, port }, `LOCAL MODE ON A NETWORK INTERFACE: unauthenticated requests are accepted on ${host}:${port} (LISTEN_HOST); anyone who reaches it can act as anyone`);
    warnExposed();
    exposed = setInterval(warnExposed, 60_000);
    exposed.unref();
  }
  // How long the start took, in ms since the process started (performance.now()): loading the code, then this function.
  const startup = { codeLoadedAt: Math.round(startedAt), storeOpenMs, listeningAt: Math.round(performance.now()) };
  log.info({ port, host, partnership: partnership.id, members: partnership.members.length, store: store.file, startup }, 'Samverkan is listening');
  return {
    port,
    host,
    ctx,
    firstSweep: sweeper.firstRun,
    close: async () => {
      clearInterval(exposed);
      sweeper.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await outbox.stop();
      await backgroundSettled(ctx);
      await store.close();
    },
  };
}

/** Runs the bot as a process: environment, logger, start, signals. `npm run serve` calls it from the production bundle. */
export async function main(): Promise<void> {
  let env: Env;
  try {
    env = loadEnv();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const log = createLogger(env.LOG_LEVEL, undefined, env.LOG_FORMAT);
  try {
    const running = await start(env, { log });
    const shutdown = (signal: string) => {
      log.info({ signal }, 'shutting down');
      running.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  } catch (err) {
    if (err instanceof ConfigError || err instanceof StoreOpenError) {
      log.fatal({ file: err.file }, err.message);
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

// Run directly (`tsx src/main.ts`, as `npm start` does); the production bundle is started by dist/main.cjs, which calls main().
const entry = process.argv[1] ?? '';
if (entry.endsWith('main.ts') || entry.endsWith('main.js')) void main();

/**
 * `npm run bench`: figures, not pass/fail. Loopback traffic only.
 *
 * For each synthetic store size (10y, 100y) the real bot runs as a child process
 * (`node --import tsx src/main.ts`, local mode) with a connector stub in this process as serviceUrl;
 * Action.Execute invokes are posted to /api/messages the way Teams does. The same load goes to a
 * bare teams-ai bot (bare-bot.ts, no store): the framework's floor. Both get the same warm-up before
 * the measured runs (300 presses from 13 senders, 300 from 100, which also opens the sockets), so the
 * ratio compares a warm bot with a warm bot. The store's own cost per write is
 * measured directly (store-probe.ts). Runs are bounded in time: a scenario that would take longer
 * than its cap is not run but projected from the measured one-at-a-time latency, and says so.
 *
 * Start-up and memory are measured for the production build too, the way it is deployed: the bench
 * builds it as `npm run build` does (src/tools/build.mjs, into a temporary directory) and starts it as
 * `npm run serve` does (`node dist/main.cjs`), --starts times per store (median reported), then gives
 * it a short load (votes and answers from 13 senders) for its memory after load. Start-up is spawn →
 * the first /healthz 200, which the bot gives once its first deadline sweep is done.
 *
 * Options: --sizes 10y,100y  --requests 600 (most per scenario)  --budget 15 (seconds a scenario
 * aims at)  --cap 60 (seconds above which a scenario is projected)  --full (run everything in full)
 * --starts 3 (start-ups per measured configuration)  --startup-only (start-up and memory only: no
 * latency scenarios)  --no-production (skip the production build; --no-compiled is the old name).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadPartnership, type Partnership, type Person } from '../../config/partnership.js';
import { BenchConnector } from './connector-stub.js';
import { channelIdOf, generateStore, personalChatIdOf, SIZES, teamsActivity, type GeneratedStore, type StoreSize } from './generate.js';
import { Client, percentile, runLoad, type RunStats } from './load.js';
import type { StoreProbe } from './store-probe.js';
import { serveNodeFlags } from './serve-command.js';
import { signPath } from '../../http/signed-links.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PARTNERSHIP_FILE = 'data/partnership.jonkoping.json';
const TARGET = { voteP99Ratio: 3, startupMs: 2000, rssMb: 200 };

// ---------- options ----------

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const FULL = process.argv.includes('--full');
const SIZES_RUN = option('sizes', '10y,100y').split(',').filter((s): s is StoreSize => s === '10y' || s === '100y');
const MAX_REQUESTS = Number(option('requests', '600'));
const BUDGET_S = Number(option('budget', '15'));
const CAP_S = Number(option('cap', '60'));
const PRODUCTION = !process.argv.includes('--no-production') && !process.argv.includes('--no-compiled');
const STARTS = Math.max(1, Number(option('starts', '3')));
const STARTUP_ONLY = process.argv.includes('--startup-only');
const SENDERS = [13, 100];

// ---------- processes ----------

interface Proc {
  child: ChildProcess;
  port: number;
  /** Spawn → first HTTP answer of /healthz (any status): the server listens. */
  listeningMs: number;
  /** Spawn → /healthz 200 (the bot says it is healthy; for ours that now includes the first sweep). */
  startupMs: number;
  output: string[];
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

function health(port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: '/healthz', timeout: 2000 }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.on('timeout', () => req.destroy());
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const children = new Set<ChildProcess>();

/** Starts `node <args>` in the repo and waits for /healthz 200: the start-up time is spawn → that answer. */
async function spawnBot(args: string[], env: Record<string, string>, timeoutMs = 120_000): Promise<Proc> {
  const script = args.at(-1)!;
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      // Local mode, real clock: no credential variable at all (one set blank stops the start), no demo clock.
      ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('MicrosoftApp'))),
      CLOCK_START: '',
      CLOCK_SPEED: '',
      NODE_ENV: 'production',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const output: string[] = [];
  child.stdout!.on('data', (c: Buffer) => output.push(...String(c).split('\n').filter(Boolean)));
  child.stderr!.on('data', (c: Buffer) => output.push(...String(c).split('\n').filter(Boolean)));
  let exited = false;
  child.once('exit', () => (exited = true));
  let listeningMs = NaN;
  while (true) {
    if (exited) throw new Error(`${script} exited during start:\n${output.slice(-20).join('\n')}`);
    if (performance.now() - t0 > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`${script} did not answer /healthz 200 within ${timeoutMs} ms:\n${output.slice(-20).join('\n')}`);
    }
    const { status } = await health(port);
    if (status && Number.isNaN(listeningMs)) listeningMs = Math.round(performance.now() - t0);
    if (status === 200) break;
    await sleep(5);
  }
  return { child, port, listeningMs, startupMs: Math.round(performance.now() - t0), output };
}

async function stop(proc: Proc): Promise<void> {
  if (proc.child.exitCode !== null) return;
  const gone = new Promise<void>((resolve) => proc.child.once('exit', () => resolve()));
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), 20_000);
  await gone;
  clearTimeout(timer);
  children.delete(proc.child);
}

/** Resident memory of a process in MB (VmRSS, and the peak VmHWM), from /proc. */
async function memory(pid: number): Promise<{ rssMb: number; peakMb: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}

// ---------- the load: who presses which button ----------

type Kind = 'vote' | 'answer';
interface Slot {
  person: Person;
  target: string;
  cardActivityId: string;
}

/**
 * Which (person, decision/proposal) pairs each sender presses. A municipality's voice on one
 * decision/proposal belongs to exactly one sender, so its presses are in order and every press
 * changes the recorded position (approve ⇄ refer, participates ⇄ declines): each request records a
 * new vote or answer. The holdout municipality of an open decision is never used, so no decision
 * reaches consensus (and closes) during the run.
 */
class Presses {
  /** Latest position per `${member}|${target}`, as the store holds it. */
  private readonly latest = new Map<string, string>();
  private seq = 0;

  constructor(
    private readonly p: Partnership,
    private readonly serviceUrl: string,
    private readonly kind: Kind,
    private readonly gen: GeneratedStore,
    private readonly tag: string,
  ) {
    if (kind === 'vote') {
      const open = new Set(gen.openDecisions.map((d) => d.id));
      for (const v of gen.data.votes) if (open.has(v.decisionId)) this.latest.set(`${v.memberId}|${v.decisionId}`, v.position);
    } else {
      const open = new Set(gen.openProposals.map((d) => d.id));
      for (const a of gen.data.participation) if (open.has(a.proposalId)) this.latest.set(`${a.memberId}|${a.proposalId}`, a.answer);
    }
  }

  private identities(senders: number): Person[] {
    const chiefs = this.p.people.filter((x) => x.roles.includes('socialChief'));
    const deputies = this.p.people.filter((x) => x.roles.includes('deputyChief'));
    return senders > chiefs.length ? [...chiefs, ...deputies] : chiefs;
  }

  private targetsFor(memberId: string): { id: string; cardActivityId: string }[] {
    return this.kind === 'vote' ? this.gen.openDecisions.filter((d) => d.holdout !== memberId) : this.gen.openProposals;
  }

  /** Slots per sender for a run with `senders` senders. */
  plan(senders: number): Slot[][] {
    const ids = this.identities(senders);
    const ownIds: Person[][] = Array.from({ length: senders }, (_, s) => (senders >= ids.length ? [ids[s % ids.length]!] : ids.filter((_, i) => i % senders === s)));
    const pairs = new Map<string, { sender: number; person: Person }[]>();
    ownIds.forEach((persons, sender) => persons.forEach((person) => pairs.set(person.member!, [...(pairs.get(person.member!) ?? []), { sender, person }])));
    const perPair = new Map<string, Slot[]>();
    for (const [memberId, list] of pairs)
      this.targetsFor(memberId).forEach((t, k) => {
        const owner = list[k % list.length]!;
        const key = `${owner.sender}|${owner.person.id}`;
        perPair.set(key, [...(perPair.get(key) ?? []), { person: owner.person, target: t.id, cardActivityId: t.cardActivityId }]);
      });
    return ownIds.map((persons, sender) => {
      const lists = persons.map((person) => perPair.get(`${sender}|${person.id}`) ?? []);
      const slots: Slot[] = [];
      for (let i = 0; i < Math.max(0, ...lists.map((l) => l.length)); i++) for (const l of lists) if (l[i]) slots.push(l[i]!);
      return slots;
    });
  }

  /** The activity for a sender's `n`-th press in a plan; `where` is the channel with the card or the person's own chat. */
  activity(plan: Slot[][], sender: number, n: number, where: 'channel' | 'personal' = 'channel'): Record<string, unknown> {
    const slots = plan[sender]!;
    const slot = slots[n % slots.length]!;
    const key = `${slot.person.member}|${slot.target}`;
    const last = this.latest.get(key);
    const value =
      this.kind === 'vote'
        ? last === 'approve' ? 'refer' : 'approve'
        : last === 'participates' ? 'declines' : 'participates';
    this.latest.set(key, value);
    const channelNetwork = this.kind === 'vote' ? this.p.networks.find((x) => x.kind === 'steeringGroup')! : this.p.networks.find((x) => x.id === this.gen.openProposals.find((o) => o.id === slot.target)!.networkId)!;
    const conversation =
      where === 'channel'
        ? { id: channelIdOf(channelNetwork.id), type: 'channel' as const, name: channelNetwork.name }
        : { id: personalChatIdOf(slot.person.id), type: 'personal' as const };
    const data = this.kind === 'vote' ? { decisionId: slot.target, position: value } : { proposalId: slot.target, answer: value };
    return teamsActivity(this.p, this.serviceUrl, slot.person, conversation, {
      id: `bench-${this.tag}-${this.kind}-${++this.seq}`,
      type: 'invoke',
      name: 'adaptiveCard/action',
      timestamp: new Date().toISOString(),
      ...(where === 'channel' ? { replyToId: slot.cardActivityId } : {}),
      value: { action: { type: 'Action.Execute', verb: this.kind === 'vote' ? 'decision.vote' : 'participation.answer', data }, trigger: 'manual' },
    });
  }
}

async function pressLoad(client: Client, presses: Presses, senders: number, requests: number, where: 'channel' | 'personal' = 'channel'): Promise<RunStats> {
  const plan = presses.plan(senders);
  return runLoad(client, senders, requests, (s, n) => presses.activity(plan, s, n, where));
}

// ---------- scenarios ----------

interface Scenario extends Partial<RunStats> {
  kind: Kind;
  senders: number;
  /** Not run (it would take longer than the cap): figures projected from the one-at-a-time latency. */
  projected?: boolean;
  ratioP50?: number;
  ratioP99?: number;
}

interface SizeResult {
  size: StoreSize;
  records: { proposals: number; participation: number; decisions: number; votes: number; fileMb: number };
  probe: StoreProbe;
  listeningMs: number;
  startupMs: number;
  firstSweepMs: number;
  memAfterStart: { rssMb: number; peakMb: number };
  memAfterLoad: { rssMb: number; peakMb: number };
  serial: { name: string; n: number; p50: number; max: number }[];
  scenarios: Scenario[];
  connector: { posts: number; puts: number };
  errorLines: number;
  /** The same store started from the production build, as `npm run serve` runs it. */
  production?: ProductionResult;
  seconds: number;
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const TSX = (script: string) => ['--import', 'tsx', script];
/** Made for this run and given to the bot, so the bench can sign the yearly overview's link as the bot would. */
const LINK_SECRET = randomBytes(32).toString('base64url');
const BOT_ENV = (storeFile: string) => ({ STORE_FILE: storeFile, PARTNERSHIP_FILE, LOG_LEVEL: 'warn', LOG_FORMAT: 'json', DEADLINE_SWEEP_SECONDS: '86400', LINK_SECRET });

/**
 * The overview's answers over the whole history, one at a time: `min kommun` (a chief), `kommun
 * <namn>` and `översikt` (the coordinator) as messages in a personal chat (the time includes posting
 * the card to the connector stub), and the yearly page through its signed link.
 */
async function overviewSerial(client: Client, port: number, p: Partnership, serviceUrl: string, n: number): Promise<{ name: string; all: number[] }[]> {
  const chief = p.people.find((x) => x.roles.includes('socialChief') && x.member === 'habo') ?? p.people.find((x) => x.roles.includes('socialChief'))!;
  const coordinator = p.people.find((x) => x.roles.includes('coordinator'))!;
  const year = new Date().getFullYear();
  const asks: [string, Person, string][] = [
    ['min kommun (a chief)', chief, 'min kommun'],
    ['kommun Jönköping (the coordinator)', coordinator, 'kommun Jönköping'],
    ['översikt (the coordinator)', coordinator, 'översikt'],
  ];
  const out: { name: string; all: number[] }[] = [];
  let seq = 0;
  for (const [name, who, text] of asks) {
    const all: number[] = [];
    for (let i = 0; i < n; i++) {
      const activity = teamsActivity(p, serviceUrl, who, { id: personalChatIdOf(who.id), type: 'personal' }, { id: `bench-overview-${++seq}`, type: 'message', text, timestamp: new Date().toISOString() });
      const t = performance.now();
      const res = await client.post(JSON.stringify(activity));
      all.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`${text}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
    }
    out.push({ name, all });
  }
  const all: number[] = [];
  for (let i = 0; i < n; i++) {
    const path = signPath(`/arsoversikt/${year}.html`, LINK_SECRET, new Date(Date.now() + 3600_000));
    const t = performance.now();
    const page = await new Promise<{ status: number; bytes: number }>((resolve, reject) => {
      get({ host: '127.0.0.1', port, path }, (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      }).on('error', reject);
    });
    all.push(performance.now() - t);
    if (page.status !== 200) throw new Error(`yearly page: HTTP ${page.status}`);
  }
  out.push({ name: `årsöversikt ${year} page (signed link)`, all });
  return out;
}

/** Start-ups of one configuration: medians over the starts (`all`: each start's spawn → /healthz 200). */
interface StartOnly {
  label: string;
  starts: number;
  listeningMs: number;
  startupMs: number;
  firstSweepMs?: number;
  all: number[];
  /** From the bot's "Samverkan is listening" line, ms since its process started: start() began (code loaded) … */
  codeLoadedAt?: number;
  /** … and how long Store.open took in it. */
  storeOpenMs?: number;
  /** RSS after start: median; peak: the highest of the starts. */
  mem: { rssMb: number; peakMb: number };
}

interface ProductionResult {
  start: StartOnly;
  /** A short load after start (votes, then answers, 13 senders): latency and memory afterwards. */
  load?: { requests: number; notRecorded: number; p50: number; p99: number; memAfterLoad: { rssMb: number; peakMb: number } };
}

const median = (xs: number[]) => {
  const sorted = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)]! : NaN;
};

/** Spawn → the health answer names a finished sweep (whatever the key is called: lastSweep, lastDeadlineSweep…); NaN after 60 s. */
async function waitForSweep(bot: Proc): Promise<number> {
  const t0 = performance.now() - bot.startupMs;
  const swept = (body: string) => {
    try {
      return Object.entries(JSON.parse(body || '{}') as Record<string, unknown>).some(([k, v]) => /sweep/i.test(k) && typeof v === 'string' && v.length > 0);
    } catch {
      return false;
    }
  };
  while (!swept((await health(bot.port)).body)) {
    if (performance.now() - t0 > bot.startupMs + 60_000) return NaN;
    await sleep(25);
  }
  return Math.round(performance.now() - t0);
}

/** The start-up phases the bot logs in its "Samverkan is listening" line (LOG_LEVEL info). */
function startupLine(output: string[]): { codeLoadedAt?: number; storeOpenMs?: number } {
  for (const line of output) {
    if (!line.includes('Samverkan is listening')) continue;
    try {
      const startup = (JSON.parse(line) as { startup?: { codeLoadedAt?: number; storeOpenMs?: number } }).startup;
      return { codeLoadedAt: startup?.codeLoadedAt, storeOpenMs: startup?.storeOpenMs };
    } catch {
      return {};
    }
  }
  return {};
}

/**
 * Start-up and memory only, `n` times: a fresh copy of the store (`storeText`; undefined: no store
 * yet) each time, spawn, /healthz 200, first sweep, RSS, stop.
 */
async function startMany(label: string, args: string[], dir: string, storeText: string | undefined, n: number): Promise<StartOnly> {
  const runs: (Omit<StartOnly, 'label' | 'starts' | 'all'> & { firstSweepMs: number })[] = [];
  for (let i = 0; i < n; i++) {
    const runDir = await mkdtemp(join(dir, 'start-'));
    const storeFile = join(runDir, 'store.json');
    if (storeText !== undefined) await writeFile(storeFile, storeText);
    try {
      const bot = await spawnBot(args, { ...BOT_ENV(storeFile), LOG_LEVEL: 'info' });
      try {
        const firstSweepMs = await waitForSweep(bot);
        runs.push({ listeningMs: bot.listeningMs, startupMs: bot.startupMs, firstSweepMs, mem: await memory(bot.child.pid!), ...startupLine(bot.output) });
      } finally {
        await stop(bot);
      }
    } finally {
      await rm(runDir, { recursive: true, force: true });
    }
  }
  const pick = (f: (r: (typeof runs)[number]) => number | undefined) => median(runs.map((r) => f(r) ?? NaN));
  return {
    label,
    starts: n,
    listeningMs: pick((r) => r.listeningMs),
    startupMs: pick((r) => r.startupMs),
    firstSweepMs: pick((r) => r.firstSweepMs),
    all: runs.map((r) => r.startupMs),
    codeLoadedAt: pick((r) => r.codeLoadedAt),
    storeOpenMs: pick((r) => r.storeOpenMs),
    mem: { rssMb: pick((r) => r.mem.rssMb), peakMb: Math.max(...runs.map((r) => r.mem.peakMb)) },
  };
}

/**
 * Builds the bot the way `npm run build` does (src/tools/build.mjs: bundle, code cache) into a
 * temporary directory beside a node_modules link, as dist/ sits in the repository; returns the start
 * file (`npm run serve` runs dist/main.cjs) and the build's output, or undefined if the build fails.
 */
async function buildProduction(dir: string): Promise<{ args: string[]; seconds: number; summary: string } | undefined> {
  const t0 = performance.now();
  const out = join(dir, 'build', 'dist');
  await mkdir(join(dir, 'build'), { recursive: true });
  await symlink(join(ROOT, 'node_modules'), join(dir, 'build', 'node_modules'), 'dir').catch(() => undefined);
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['src/tools/build.mjs', '--outdir', out], { cwd: ROOT, maxBuffer: 8 << 20 });
    const main = join(out, 'main.cjs');
    const args = [...(await serveNodeFlags(ROOT)), main];
    return (await stat(main).catch(() => undefined)) ? { args, seconds: Math.round((performance.now() - t0) / 1000), summary: stdout.trim().split('\n').join('; ') } : undefined;
  } catch (err) {
    log(`  build failed: ${(err as Error).message.split('\n').slice(0, 5).join(' / ')}`);
    return undefined;
  }
}

/** The production build on a store: start-ups, then a short load (votes, then answers) for its memory afterwards. */
async function benchProduction(args: string[], dir: string, text: string, storeFile: string, p: Partnership, serviceUrl: string, gen: GeneratedStore, size: StoreSize): Promise<ProductionResult> {
  const start = await startMany('production build (npm run serve)', args, dir, text, STARTS);
  log(`  ${size}: production build up in ${start.all.join(', ')} ms (median ${start.startupMs}; Store.open ${fmt(start.storeOpenMs)} ms), RSS ${start.mem.rssMb} MB`);
  if (STARTUP_ONLY) return { start };
  await writeFile(storeFile, text);
  const bot = await spawnBot(args, BOT_ENV(storeFile));
  const client = new Client(bot.port);
  try {
    await waitForSweep(bot);
    const stats: RunStats[] = [];
    for (const kind of ['vote', 'answer'] as const) stats.push(await pressLoad(client, new Presses(p, serviceUrl, kind, gen, `${size}-prod`), 13, Math.min(MAX_REQUESTS, 300)));
    const memAfterLoad = await memory(bot.child.pid!);
    const load = {
      requests: stats.reduce((n, x) => n + x.requests, 0),
      notRecorded: stats.reduce((n, x) => n + x.notRecorded, 0),
      p50: Math.max(...stats.map((x) => x.p50)),
      p99: Math.max(...stats.map((x) => x.p99)),
      memAfterLoad,
    };
    log(`  ${size}: production build after ${load.requests} presses: RSS ${memAfterLoad.rssMb} MB (peak ${memAfterLoad.peakMb})`);
    return { start, load };
  } finally {
    client.close();
    await stop(bot);
    await rm(storeFile, { force: true });
  }
}

async function serialRun(client: Client, presses: Presses, n: number, where: 'channel' | 'personal'): Promise<{ p50: number; max: number; all: number[] }> {
  const plan = presses.plan(1);
  const all: number[] = [];
  for (let i = 0; i < n; i++) {
    const stats = await runLoad(client, 1, 1, () => presses.activity(plan, 0, i, where));
    all.push(stats.max);
  }
  const sorted = [...all].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), max: sorted.at(-1)!, all };
}

interface BareResult {
  listeningMs: number;
  startupMs: number;
  memAfterStart: { rssMb: number; peakMb: number };
  memAfterLoad: { rssMb: number; peakMb: number };
  scenarios: Scenario[];
}

async function benchBare(p: Partnership, serviceUrl: string, gen: GeneratedStore): Promise<BareResult> {
  const bare = await spawnBot(TSX('src/tools/bench/bare-bot.ts'), {});
  const memAfterStart = await memory(bare.child.pid!);
  const client = new Client(bare.port);
  const scenarios: Scenario[] = [];
  try {
    for (const kind of STARTUP_ONLY ? [] : (['vote', 'answer'] as const)) {
      const presses = new Presses(p, serviceUrl, kind, gen, 'bare');
      // Warm-up, also opening the sockets of the larger run.
      await pressLoad(client, presses, 13, 300);
      await pressLoad(client, presses, Math.max(...SENDERS), 300);
      for (const senders of SENDERS) scenarios.push({ kind, ...(await pressLoad(client, presses, senders, MAX_REQUESTS)), senders });
    }
    return { listeningMs: bare.listeningMs, startupMs: bare.startupMs, memAfterStart, memAfterLoad: await memory(bare.child.pid!), scenarios };
  } finally {
    client.close();
    await stop(bare);
  }
}

async function benchSize(p: Partnership, stub: BenchConnector, serviceUrl: string, dir: string, size: StoreSize, bare: Scenario[], productionArgs?: string[]): Promise<SizeResult> {
  const t0 = performance.now();
  const gen = generateStore(p, size, new Date(), serviceUrl);
  const text = JSON.stringify(gen.data, null, 1);
  const storeFile = join(dir, `store-${size}.json`);
  const probeFile = join(dir, `probe-${size}.json`);
  await writeFile(storeFile, text);
  await writeFile(probeFile, text);
  const fileMb = r1(Buffer.byteLength(text) / 1048576);
  log(`  ${size}: store written (${fileMb} MB); measuring store.update directly …`);

  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/tools/bench/store-probe.ts', probeFile, size === '10y' ? '10' : '3'], {
    cwd: ROOT,
    maxBuffer: 1 << 20,
  });
  const probe = JSON.parse(stdout.trim().split('\n').at(-1)!) as StoreProbe;
  await rm(probeFile, { force: true });
  log(`  ${size}: Store.open ${probe.openMs} ms, store.update p50 ${probe.updateMs.p50} ms; starting the bot …`);

  const production = productionArgs ? await benchProduction(productionArgs, dir, text, join(dir, `production-${size}.json`), p, serviceUrl, gen, size) : undefined;
  const posts0 = stub.posts;
  const puts0 = stub.puts;
  const bot = await spawnBot(TSX('src/main.ts'), BOT_ENV(storeFile));
  const firstSweepMs = await waitForSweep(bot);
  const memAfterStart = await memory(bot.child.pid!);
  log(`  ${size}: tsx up in ${bot.startupMs} ms (first sweep done at ${firstSweepMs} ms), RSS ${memAfterStart.rssMb} MB${STARTUP_ONLY ? '' : '; one-at-a-time presses …'}`);
  const records = { proposals: gen.data.proposals.length, participation: gen.data.participation.length, decisions: gen.data.decisions.length, votes: gen.data.votes.length, fileMb };
  if (STARTUP_ONLY) {
    await stop(bot);
    await rm(storeFile, { force: true });
    const { listeningMs, startupMs } = bot;
    return { size, records, probe, listeningMs, startupMs, firstSweepMs, memAfterStart, memAfterLoad: memAfterStart, serial: [], scenarios: [], connector: { posts: 0, puts: 0 }, errorLines: 0, production, seconds: Math.round((performance.now() - t0) / 1000) };
  }

  const client = new Client(bot.port);
  const votes = new Presses(p, serviceUrl, 'vote', gen, size);
  const answers = new Presses(p, serviceUrl, 'answer', gen, size);
  const n = size === '10y' ? 5 : 2;
  const serial: SizeResult['serial'] = [];
  const serialOf: Record<Kind, number> = { vote: NaN, answer: NaN };
  try {
    for (const [name, presses, where] of [
      ['vote in the chiefs\' channel', votes, 'channel'],
      ['vote in a personal chat', votes, 'personal'],
      ['answer in the network channel', answers, 'channel'],
    ] as const) {
      const s = await serialRun(client, presses, n, where);
      serial.push({ name, n, p50: r1(s.p50), max: r1(s.max) });
      if (where === 'channel') serialOf[presses === votes ? 'vote' : 'answer'] = s.p50;
      log(`    ${name}: ${s.all.map((x) => Math.round(x)).join(', ')} ms`);
    }

    for (const q of await overviewSerial(client, bot.port, p, serviceUrl, n)) {
      const sorted = [...q.all].sort((a, b) => a - b);
      serial.push({ name: q.name, n, p50: r1(percentile(sorted, 50)), max: r1(sorted.at(-1)!) });
      log(`    ${q.name}: ${q.all.map((x) => Math.round(x)).join(', ')} ms`);
    }

    const scenarios: Scenario[] = [];
    for (const kind of ['vote', 'answer'] as const) {
      const presses = kind === 'vote' ? votes : answers;
      const perRequest = serialOf[kind];
      if (!FULL && 300 * perRequest > CAP_S * 1000) log(`    ${kind}: no warm-up (it would take longer than the cap)`);
      else {
        // The same warm-up the bare bot gets, also opening the sockets of the larger run: the ratio compares warm with warm.
        log(`    ${kind}: warm-up (300 presses × 13 senders, 300 × ${Math.max(...SENDERS)}) …`);
        await pressLoad(client, presses, 13, 300);
        await pressLoad(client, presses, Math.max(...SENDERS), 300);
      }
      for (const senders of SENDERS) {
        const requests = FULL ? MAX_REQUESTS : Math.max(senders, Math.min(MAX_REQUESTS, Math.floor((BUDGET_S * 1000) / perRequest)));
        const expectedS = (requests * perRequest) / 1000;
        if (!FULL && expectedS > CAP_S) {
          // Writes are one at a time: C senders wait C service times; the server does 1/service per second.
          scenarios.push({ kind, senders, projected: true, requests: 0, p50: r1(senders * perRequest), p99: r1(senders * perRequest), rps: r1(1000 / perRequest) });
          log(`    ${kind} × ${senders} senders: would take ≈${Math.round(expectedS)} s, projected`);
          continue;
        }
        log(`    ${kind} × ${senders} senders: ${requests} requests (≈${Math.round(expectedS)} s) …`);
        scenarios.push({ kind, ...(await pressLoad(client, presses, senders, requests)), senders });
      }
    }
    for (const s of scenarios) {
      const b = bare.find((x) => x.kind === s.kind && x.senders === s.senders);
      if (b?.p50 && s.p50 !== undefined) s.ratioP50 = r1(s.p50 / b.p50);
      if (b?.p99 && s.p99 !== undefined) s.ratioP99 = r1(s.p99 / b.p99);
    }
    const memAfterLoad = await memory(bot.child.pid!);
    const errorLines = bot.output.filter((l) => /"level":(50|60)/.test(l)).length;
    return {
      size,
      records,
      probe,
      listeningMs: bot.listeningMs,
      startupMs: bot.startupMs,
      firstSweepMs,
      memAfterStart,
      memAfterLoad,
      serial,
      scenarios,
      connector: { posts: stub.posts - posts0, puts: stub.puts - puts0 },
      errorLines,
      production,
      seconds: Math.round((performance.now() - t0) / 1000),
    };
  } finally {
    client.close();
    await stop(bot);
    await rm(storeFile, { force: true });
  }
}

// ---------- printing ----------

function log(line: string): void {
  console.log(line);
}

function table(rows: (string | number)[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => String(r[c] ?? '').length)));
  return rows.map((r, i) => {
    const line = r.map((v, c) => (c === 0 ? String(v).padEnd(widths[c]!) : String(v).padStart(widths[c]!))).join('  ');
    return i === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
  }).join('\n');
}

const fmt = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '–' : String(x));

async function main(): Promise<void> {
  const t0 = performance.now();
  const machine = {
    date: new Date().toISOString(),
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memGb: Math.round(totalmem() / 1073741824),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    /** Other work on the machine skews absolute figures; ratios from one run hold better. */
    loadAvgAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
  };
  log(`Samverkan benchmark — ${machine.date}, ${machine.cpus} cores (${machine.cpuModel}), ${machine.memGb} GB, Node ${machine.node}, load average ${machine.loadAvgAtStart.join(' ')}`);
  log(`sizes ${SIZES_RUN.join(', ')}; at most ${MAX_REQUESTS} requests per scenario, aiming at ${BUDGET_S} s each, projected above ${CAP_S} s${FULL ? ' (--full: everything run)' : ''}`);

  const p = await loadPartnership(join(ROOT, PARTNERSHIP_FILE));
  const stub = new BenchConnector();
  const serviceUrl = await stub.start();
  const dir = await mkdtemp(join(tmpdir(), 'samverkan-bench-'));
  try {
    log('bare teams-ai bot (the floor) …');
    const bareGen = generateStore(p, '10y', new Date(), serviceUrl);
    const bare = await benchBare(p, serviceUrl, bareGen);
    for (const s of bare.scenarios) log(`  ${s.kind} × ${s.senders}: p50 ${s.p50} ms, p99 ${s.p99} ms, ${s.rps} req/s`);
    log('our bot on an empty store (start-up floor of our own code) …');
    const empty = await startMany('ours, empty store (tsx)', TSX('src/main.ts'), dir, undefined, 1);
    let build: Awaited<ReturnType<typeof buildProduction>>;
    let emptyProduction: StartOnly | undefined;
    if (PRODUCTION) {
      log('building the production bundle as npm run build does (into a temp dir) …');
      build = await buildProduction(dir);
      if (build) {
        log(`  ${build.summary} (${build.seconds} s)`);
        emptyProduction = await startMany('ours, empty store (production build)', build.args, dir, undefined, STARTS);
        log(`  production build, empty store: up in ${emptyProduction.all.join(', ')} ms, RSS ${emptyProduction.mem.rssMb} MB`);
      } else log('  the production start-up is skipped');
    }

    const results: SizeResult[] = [];
    for (const size of SIZES_RUN) {
      log(`store ${size} (${SIZES[size].proposals} proposals, ${SIZES[size].participation} answers, ${SIZES[size].decisions} decisions, ${SIZES[size].votes} votes) …`);
      results.push(await benchSize(p, stub, serviceUrl, dir, size, bare.scenarios, build?.args));
    }

    // ---- the report ----
    const startRow = (label: string, fileMb: number | string, x: StartOnly, afterLoad?: { rssMb: number; peakMb: number }) => [
      label,
      fileMb,
      x.starts,
      x.listeningMs,
      x.startupMs,
      x.starts > 1 ? `${Math.min(...x.all)}–${Math.max(...x.all)}` : '–',
      fmt(x.codeLoadedAt),
      fmt(x.storeOpenMs),
      x.mem.rssMb,
      afterLoad ? afterLoad.rssMb : '–',
      Math.max(x.mem.peakMb, afterLoad?.peakMb ?? 0),
    ];
    log('');
    log(`=== Samverkan benchmark: ${machine.cpus} cores, Node ${machine.node}, ${machine.date} ===`);
    log('');
    log(`Start-up and memory (spawn → /healthz 200; medians of the starts; "code loaded" and "Store.open" from the bot's own log line)`);
    log(
      table([
        ['', 'file MB', 'starts', 'listening ms', 'healthz 200 ms', 'range ms', 'code loaded at ms', 'Store.open ms', 'RSS start MB', 'RSS after load MB', 'peak RSS MB'],
        ['bare teams-ai bot (tsx)', '–', 1, bare.listeningMs, bare.startupMs, '–', '–', '–', bare.memAfterStart.rssMb, STARTUP_ONLY ? '–' : bare.memAfterLoad.rssMb, bare.memAfterLoad.peakMb],
        ...(emptyProduction ? [startRow(emptyProduction.label, 0, emptyProduction)] : []),
        ...results.flatMap((r) => (r.production ? [startRow(`ours ${r.size}, production build (npm run serve)`, r.records.fileMb, r.production.start, r.production.load?.memAfterLoad)] : [])),
        startRow(empty.label, 0, empty),
        ...results.map((r) =>
          startRow(
            `ours ${r.size} (tsx, as npm start)`,
            r.records.fileMb,
            { label: '', starts: 1, listeningMs: r.listeningMs, startupMs: r.startupMs, all: [r.startupMs], mem: r.memAfterStart },
            STARTUP_ONLY ? undefined : r.memAfterLoad,
          ),
        ),
      ]),
    );
    log('');
    log('The store, measured directly (store-probe.ts, its own process)');
    log(
      table([
        ['', 'file MB', 'Store.open ms', 'store.update p50 ms', 'clone ms', 'stringify ms', 'write+fsync ms', 'journal append ms'],
        ...results.map((r) => [`${r.size}`, r.records.fileMb, r.probe.openMs, r.probe.updateMs.p50, r.probe.cloneMs, r.probe.stringifyMs, r.probe.writeFsyncMs, r.probe.journalAppendMs]),
      ]),
    );
    for (const r of results)
      if (r.production?.load)
        log(`production build at ${r.size}: ${r.production.load.requests} presses from 13 senders after start, p50 ${r.production.load.p50} ms, p99 ${r.production.load.p99} ms, not recorded ${r.production.load.notRecorded}`);
    if (!STARTUP_ONLY) {
      log('');
      log('One request at a time (latency of a single request, no queue; the overview rows read the whole history)');
      log(table([['', 'n', 'p50 ms', 'max ms'], ...results.flatMap((r) => r.serial.map((s) => [`ours ${r.size}: ${s.name}`, s.n, s.p50, s.max]))]));
      log('');
      log('Under load (closed loop over HTTP; ratio = ours / bare bot, same run)');
      const rows: (string | number)[][] = [['', 'senders', 'requests', 'p50 ms', 'p99 ms', 'req/s', 'p50 ×bare', 'p99 ×bare', 'not recorded']];
      for (const s of bare.scenarios) rows.push([`bare: ${s.kind}`, s.senders, fmt(s.requests), fmt(s.p50), fmt(s.p99), fmt(s.rps), '1', '1', fmt(s.notRecorded)]);
      for (const r of results)
        for (const s of r.scenarios)
          rows.push([
            `ours ${r.size}: ${s.kind}${s.projected ? ' (projected*)' : ''}`,
            s.senders,
            s.projected ? '–' : fmt(s.requests),
            fmt(s.p50),
            fmt(s.p99),
            fmt(s.rps),
            fmt(s.ratioP50),
            fmt(s.ratioP99),
            s.projected ? '–' : fmt(s.notRecorded),
          ]);
      log(table(rows));
      if (results.some((r) => r.scenarios.some((s) => s.projected)))
        log(`* not run: it would have taken more than ${CAP_S} s. Writes are serial, so C senders each wait ≈ C × (one-at-a-time latency) and the server does ≈ 1000 / latency req/s. Run with --full to measure.`);
      for (const r of results)
        log(`connector stub during ${r.size}: ${r.connector.puts} card updates (PUT), ${r.connector.posts} posts; error lines in the bot's log: ${r.errorLines}; ${r.seconds} s`);
    }

    // ---- targets ----
    const ten = results.find((r) => r.size === '10y');
    const targets: { target: string; value: string; met: boolean | null }[] = [];
    if (ten) {
      for (const senders of STARTUP_ONLY ? [] : SENDERS) {
        const s = ten.scenarios.find((x) => x.kind === 'vote' && x.senders === senders);
        targets.push({
          target: `vote p99 ≤ ${TARGET.voteP99Ratio}× bare p99 at 10y, ${senders} senders`,
          value: s ? `${fmt(s.p99)} ms vs ${fmt(bare.scenarios.find((b) => b.kind === 'vote' && b.senders === senders)?.p99)} ms = ${fmt(s.ratioP99)}×${s.projected ? ' (projected)' : ''}` : 'not run',
          met: s?.ratioP99 === undefined ? null : s.ratioP99 <= TARGET.voteP99Ratio,
        });
      }
      const ratio = (x: number, target: number) => `${r1(x / target)}× the target`;
      const prod = ten.production;
      if (prod) {
        targets.push({
          target: `start-up < ${TARGET.startupMs} ms at 10y, production build (npm run serve)`,
          value: `${prod.start.startupMs} ms = ${ratio(prod.start.startupMs, TARGET.startupMs)} (median of ${prod.start.starts}: ${prod.start.all.join(', ')}; empty store ${fmt(emptyProduction?.startupMs)}, bare teams-ai bot under tsx ${bare.startupMs})`,
          met: prod.start.startupMs < TARGET.startupMs,
        });
        const rss = Math.max(prod.start.mem.rssMb, prod.load?.memAfterLoad.rssMb ?? 0);
        targets.push({
          target: `RSS < ${TARGET.rssMb} MB at 10y, production build`,
          value: `${prod.start.mem.rssMb} MB after start, ${prod.load ? `${prod.load.memAfterLoad.rssMb} after ${prod.load.requests} presses` : 'no load run'} = ${ratio(rss, TARGET.rssMb)}; peak ${Math.max(prod.start.mem.peakMb, prod.load?.memAfterLoad.peakMb ?? 0)} (empty store ${fmt(emptyProduction?.mem.rssMb)})`,
          met: rss < TARGET.rssMb,
        });
      }
      // npm start (development, tsx compiles TypeScript on the fly): for reference next to the production figures.
      targets.push({
        target: `start-up < ${TARGET.startupMs} ms at 10y, tsx (npm start, development)`,
        value: `${ten.startupMs} ms = ${ratio(ten.startupMs, TARGET.startupMs)} (bare bot ${bare.startupMs}, empty store ${empty.startupMs})`,
        met: ten.startupMs < TARGET.startupMs,
      });
      const rss = Math.max(ten.memAfterStart.rssMb, ten.memAfterLoad.rssMb);
      targets.push({
        target: `RSS < ${TARGET.rssMb} MB at 10y, tsx (npm start, development)`,
        value: `${ten.memAfterStart.rssMb} MB after start${STARTUP_ONLY ? '' : `, ${ten.memAfterLoad.rssMb} after load, peak ${ten.memAfterLoad.peakMb}`} = ${ratio(rss, TARGET.rssMb)} (bare bot ${bare.memAfterStart.rssMb}, empty store ${empty.mem.rssMb})`,
        met: rss < TARGET.rssMb,
      });
    }
    log('');
    log(`Targets (issue 6), on ${machine.cpus} cores (${machine.cpuModel}), load average at start ${machine.loadAvgAtStart.join(' ')}`);
    log(table([['target', 'measured', 'met'], ...targets.map((t) => [t.target, t.value, t.met === null ? '–' : t.met ? 'yes' : 'NO'])]));
    if (ten?.production) {
      const x = ten.production.start;
      log('');
      log(
        `Where the production start-up at 10y goes (medians): the bundle is loaded and start() begins at ${fmt(x.codeLoadedAt)} ms, ` +
          `Store.open takes ${fmt(x.storeOpenMs)} ms, the server listens at ${x.listeningMs} ms, and /healthz says 200 at ${x.startupMs} ms, once the first deadline sweep is done ` +
          `(the sweep's synchronous work runs before the server listens).`,
      );
    }
    if (ten && !STARTUP_ONLY) {
      const overview = ten.serial.filter((s) => /kommun|översikt|årsöversikt/.test(s.name));
      log('');
      log(`The overview at 10y (${ten.records.proposals} proposals with their gates, ${ten.records.decisions} decisions), p50 one at a time: ${overview.map((s) => `${s.name} ${s.p50} ms`).join('; ')}.`);
      const vote = ten.serial.find((s) => s.name.startsWith('vote in the chiefs'));
      log('');
      log(
        `What limits: at 10y one store.update takes ${ten.probe.updateMs.p50} ms (whole-file rewrite for comparison: clone ${ten.probe.cloneMs}, stringify ${ten.probe.stringifyMs}, write+fsync ${ten.probe.writeFsyncMs} ms of the ${ten.records.fileMb} MB file; ` +
          `one journal line with fdatasync ${ten.probe.journalAppendMs} ms); a vote in the channel takes ${fmt(vote?.p50)} ms alone, and all writes go through one queue.`,
      );
    }
    const seconds = Math.round((performance.now() - t0) / 1000);
    const loadAvgAtEnd = loadavg().map((x) => Math.round(x * 100) / 100);
    log(`total ${seconds} s; load average at the end ${loadAvgAtEnd.join(' ')} (absolute figures are noisy; compare ratios from one run)`);
    console.log(JSON.stringify({ bench: 'samverkan', ...machine, loadAvgAtEnd, seconds, options: { sizes: SIZES_RUN, maxRequests: MAX_REQUESTS, budgetS: BUDGET_S, capS: CAP_S, full: FULL, starts: STARTS, startupOnly: STARTUP_ONLY, production: PRODUCTION }, bare, empty, emptyProduction, results, targets }));
  } finally {
    await stub.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

const killChildren = () => {
  for (const c of children) c.kill('SIGKILL');
};
process.once('SIGINT', () => {
  killChildren();
  process.exit(130);
});

main().catch((err) => {
  killChildren();
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});

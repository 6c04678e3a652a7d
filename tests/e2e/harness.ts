/**
 * End-to-end harness: the real bot + Microsoft 365 Agents Playground (local Teams client) + Chromium.
 *
 *   const h = await startHarness();                 // bot, Playground as the config's currentUser, browser
 *   try {
 *     await h.openChat('Personal Chat');
 *     await h.send('hjälp');
 *     await h.waitForText('Kommandon');
 *     await h.clickButton('Godkänn');                // newest card with that button
 *     const lars = await h.as('Lars Holm');          // a second Playground + page, signed in as Lars
 *     await lars.waitForText('Ny fråga att besluta');
 *   } finally {
 *     await h.stop();                                // kills bot, Playgrounds, browser (by pid/process group)
 *   }
 *
 * Give vitest room: `describe(..., { timeout: 120_000 })` and `beforeAll(..., 120_000)`; a cold start
 * (bot + Playground + Chromium) takes a few seconds.
 *
 * Every run gets its own free ports (never 3978/56150, so a running `npm start` demo is untouched), its
 * own STORE_FILE and a directory test-results/e2e/<run>/ with bot.log, playground-<user>.log and the
 * screenshots. Nothing is skipped: a missing Chromium, port or bot fails with a message that says what.
 *
 * Environment:
 *   CHROMIUM_PATH   browser binary (default /usr/bin/chromium)
 *   E2E_BOT_CMD     shell command that starts the bot instead of `tsx src/main.ts` (gets PORT, STORE_FILE)
 *   E2E_HEADED=1    show the browser (needs a display)
 *
 * Facts about the Playground (0.2.28) this harness relies on, checked by hand:
 * - Loading the page sends installationUpdate(add) + conversationUpdate(membersAdded) for the personal
 *   chat; opening the group chat, or the first channel of the team, sends the same pair for that
 *   conversation (once per page load). Each page load starts with an empty chat view.
 * - In group chat and channels the bot only receives messages that @mention it; the text then is
 *   `<at>BotName</at> rest`. A mention is made by typing "@" and clicking the bot in the pop-up menu.
 * - A channel post starts a thread; its conversation id is `<channelId>;messageid=<id>` (General's
 *   channel id is the team id). Threads are listed newest first, replies inside a thread oldest first.
 * - `activity.locale` is always "en-US"; `localTimezone` is the Playground process's time zone (TZ).
 * - The compose box drops line breaks; card inputs with isRequired are validated in the client.
 * - Only one channel besides General is allowed in `.m365agentsplayground.yml`, and exactly 5 `users`.
 * - Sessions as other people (`as()`) run their own Playground on their own port beside the first one;
 *   each person gets an own personal chat id (`<personalChat.id>-<user id>`), so proactive messages
 *   reach the right person. Group chat and channels exist once per Playground.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants as fsConstants, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
// `yaml` is installed with @microsoft/teams-ai (and vite); it reads and writes the Playground config.
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEMO_PORTS = new Set([3978, 56150]);
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface PlaygroundUser {
  id: string;
  name: string;
  userPrincipleName: string;
  aadObjectId: string;
  givenName: string;
  surname: string;
  email: string;
}

interface PlaygroundConfig {
  version: string;
  tenantId: string;
  bot: { id: string; name: string };
  currentUser: PlaygroundUser;
  users: PlaygroundUser[];
  personalChat: { id: string };
  groupChat: { id: string; name: string };
  team: { id: string; name: string; aadGroupId: string; channels?: { id: string; name: string }[] };
}

/**
 * The demo clock the e2e bots run on (real speed, from a fixed instant), so what they show (numbers
 * carry the bot's year, dates a form accepts) does not depend on the day the tests run. A quiet
 * Tuesday: no report reminder is due within days of it. The e2e stores are fresh, so the bot never
 * refuses it as earlier than what its store recorded.
 */
export const DEMO_CLOCK = { CLOCK_START: '2026-09-15T08:00:00+02:00', CLOCK_SPEED: '1' } as const;
/** The year of DEMO_CLOCK, as proposal and decision numbers carry it. */
export const DEMO_YEAR = '2026';

export interface HarnessOptions {
  /** Who is signed in to the first Playground: user id, display name or aadObjectId. Default: config's currentUser. */
  user?: string;
  /** Shell command that starts the bot. Default: env E2E_BOT_CMD, else `node_modules/.bin/tsx src/main.ts`. */
  botCommand?: string;
  /** Extra environment for the bot (PORT and STORE_FILE are set by the harness). */
  botEnv?: Record<string, string>;
  /** Store file for the bot. Default: a fresh file in the run directory. */
  storeFile?: string;
  /** Playground config to start from. Default: <repo>/.m365agentsplayground.yml */
  configFile?: string;
  /** Time zone of the Playground process, which becomes `activity.localTimezone`. Default Europe/Stockholm. */
  timezone?: string;
  /** Name used for the run directory. */
  name?: string;
  /** Milliseconds to wait for the bot's /healthz. Default 60 000. */
  botStartTimeoutMs?: number;
  /** Default timeout of waitForText & co. Default 20 000. */
  timeoutMs?: number;
  headless?: boolean;
}

export type ChatName = 'Personal Chat' | 'Group Chat' | (string & {});

export interface SendOptions {
  /** @mention the bot first. Default: true in group chat and channels (the bot hears nothing else there), false in the personal chat. */
  mention?: boolean;
  /** Channels only: reply in the thread that contains this text (or this locator) instead of starting a new post. */
  replyTo?: string | RegExp | Locator;
}

export interface ScopeOptions {
  /** Only look inside the newest card (or channel thread) that contains this text, or inside this locator. */
  within?: string | RegExp | Locator;
  timeoutMs?: number;
}

export type FillValue = string | number | boolean | Date | string[];

// ---------------------------------------------------------------------------------------------------------
// processes

interface Proc {
  name: string;
  child: ChildProcess;
  pid: number;
  logFile: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  done: boolean;
}

const liveGroups = new Set<number>();
let exitHookInstalled = false;
let watchdog: ChildProcess | undefined;

// A tiny process that outlives a killed test worker: it reads "+pid"/"-pid" lines on stdin and, when stdin
// closes because this process died (even by SIGKILL or a vitest timeout), kills the process groups still listed.
const WATCHDOG_JS = `
const groups = new Set(); let buf = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => { buf += d; let i; while ((i = buf.indexOf('\\n')) >= 0) { const l = buf.slice(0, i); buf = buf.slice(i + 1);
  const pid = Number(l.slice(1)); if (l[0] === '+') groups.add(pid); else groups.delete(pid); } });
process.stdin.on('end', () => { for (const g of groups) { try { process.kill(-g, 'SIGKILL'); } catch {} } process.exit(0); });
`;

function track(pid: number, alive: boolean): void {
  if (alive) liveGroups.add(pid);
  else liveGroups.delete(pid);
  if (!watchdog) {
    watchdog = spawn(process.execPath, ['-e', WATCHDOG_JS], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
    watchdog.unref();
    (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    watchdog.stdin?.on('error', () => undefined);
  }
  watchdog.stdin?.write(`${alive ? '+' : '-'}${pid}\n`);
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // When a test run ends without stop(): kill whatever is left, synchronously.
  process.on('exit', () => {
    for (const pid of liveGroups) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  });
}

function spawnGroup(name: string, command: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; logFile: string }): Proc {
  installExitHook();
  const fd = openSync(opts.logFile, 'a');
  let child: ChildProcess;
  try {
    // detached: own process group, so stop() can kill the command and all its children (tsx runs node, sh runs …).
    child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', fd, fd], detached: true });
  } finally {
    closeSync(fd);
  }
  if (child.pid === undefined) throw new Error(`e2e: could not start ${name}: ${command} ${args.join(' ')}`);
  const pid = child.pid;
  track(pid, true);
  child.unref();
  const proc: Proc = {
    name,
    child,
    pid,
    logFile: opts.logFile,
    done: false,
    exited: new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        proc.done = true;
        resolve({ code, signal });
      });
      child.once('error', (err) => {
        writeFileSync(opts.logFile, `\n[e2e] spawn error: ${String(err)}\n`, { flag: 'a' });
        proc.done = true;
        resolve({ code: -1, signal: null });
      });
    }),
  };
  return proc;
}

async function killGroup(proc: Proc, graceMs = 5000): Promise<void> {
  if (proc.done) return;
  const send = (sig: NodeJS.Signals) => {
    try {
      process.kill(-proc.pid, sig);
    } catch {
      /* group already gone */
    }
  };
  send('SIGTERM');
  // Not a sleep: the process's exit is awaited; the timer only bounds how long a stuck one may take.
  const timedOut = await Promise.race([proc.exited.then(() => false), sleep(graceMs).then(() => true)]);
  if (timedOut) {
    send('SIGKILL');
    await Promise.race([proc.exited, sleep(2000)]);
  }
  // The leader may be gone while children in its group still run (e.g. node started by tsx).
  send('SIGKILL');
  track(proc.pid, false);
}

function tail(file: string, lines = 40, skip?: RegExp): string {
  try {
    const all = readFileSync(file, 'utf8').trimEnd().split('\n');
    return (skip ? all.filter((l) => !skip.test(l)) : all).slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** A port that is free right now (never the demo ports 3978/56150). */
export async function freePort(): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = net.createServer();
      srv.once('error', reject);
      srv.listen({ port: 0, exclusive: true }, () => {
        const addr = srv.address();
        const p = typeof addr === 'object' && addr ? addr.port : 0;
        srv.close(() => resolve(p));
      });
    }).catch((err: unknown) => {
      throw new Error(`e2e: no free TCP port could be found (${String(err)})`);
    });
    if (port > 0 && !DEMO_PORTS.has(port)) return port;
  }
  throw new Error('e2e: no free TCP port could be found');
}

async function httpOk(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Not a sleep: the bot and the Playground are child processes that say they are ready only by
 * answering HTTP, so they are asked every 150 ms until they do, exit, or the deadline passes.
 */
async function waitUntil(what: string, proc: Proc, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (await check()) return;
    if (proc.done) {
      const { code, signal } = await proc.exited;
      throw new Error(`e2e: ${proc.name} exited (code ${code}, signal ${signal}) before ${what}. Last output (${proc.logFile}):\n${tail(proc.logFile)}`);
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`e2e: ${proc.name} not ready after ${timeoutMs} ms (waiting until ${what}). Last output (${proc.logFile}):\n${tail(proc.logFile)}`);
    }
    await sleep(150);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Playground config

export function readPlaygroundConfig(file = path.join(REPO_ROOT, '.m365agentsplayground.yml')): PlaygroundConfig {
  if (!existsSync(file)) throw new Error(`e2e: Playground config ${file} is missing`);
  const cfg = parseYaml(readFileSync(file, 'utf8')) as PlaygroundConfig;
  const problems: string[] = [];
  if (!cfg?.currentUser?.id) problems.push('currentUser is missing');
  if (!Array.isArray(cfg?.users) || cfg.users.length !== 5) problems.push(`users must list exactly 5 people (has ${cfg?.users?.length ?? 0})`);
  if ((cfg?.team?.channels?.length ?? 0) > 1) {
    problems.push(`team.channels may hold at most 1 channel besides General (has ${cfg.team.channels?.length}); the Playground refuses to start otherwise`);
  }
  if (problems.length) throw new Error(`e2e: ${file} is not accepted by the Playground: ${problems.join('; ')}`);
  return cfg;
}

function findUser(cfg: PlaygroundConfig, who: string): PlaygroundUser {
  const all = [cfg.currentUser, ...cfg.users];
  const needle = who.trim().toLowerCase();
  const hit = all.find((u) => [u.id, u.name, u.aadObjectId, u.email, u.userPrincipleName].some((v) => v?.toLowerCase() === needle));
  if (!hit) throw new Error(`e2e: no user "${who}" in the Playground config; known: ${all.map((u) => `${u.name} (${u.id})`).join(', ')}`);
  return hit;
}

/** The config with `user` signed in; everybody else (5 people) stays in `users`. Each user gets an own personal chat id. */
function configFor(base: PlaygroundConfig, user: PlaygroundUser): PlaygroundConfig {
  const everyone = [base.currentUser, ...base.users];
  return {
    ...base,
    currentUser: user,
    users: everyone.filter((u) => u.id !== user.id),
    personalChat: { id: `${base.personalChat.id}-${user.id}` },
  };
}

// ---------------------------------------------------------------------------------------------------------
// one Playground + page, signed in as one user

export class Session {
  readonly user: PlaygroundUser;
  readonly port: number;
  readonly url: string;
  /** The Playground's mock Bot Connector, the serviceUrl the bot answers to. */
  readonly serviceUrl: string;
  readonly page: Page;
  private view: 'chat' | 'channel' = 'chat';
  private currentChat: string = 'Personal Chat';

  constructor(
    private readonly h: Harness,
    user: PlaygroundUser,
    port: number,
    page: Page,
    readonly config: PlaygroundConfig,
    private readonly proc: Proc,
  ) {
    this.user = user;
    this.port = port;
    this.url = `http://127.0.0.1:${port}`;
    this.serviceUrl = `http://localhost:${port}/_connector`;
    this.page = page;
  }

  /** Conversation pane (messages + compose box), without the left rail and the log panel. */
  get pane(): Locator {
    return this.page.locator('[data-e2e-pane]');
  }

  /** Adaptive Cards in the open conversation, in DOM order. */
  get cards(): Locator {
    return this.pane.locator('.ac-adaptiveCard');
  }

  get playgroundProcess(): { pid: number; logFile: string } {
    return { pid: this.proc.pid, logFile: this.proc.logFile };
  }

  /** Open "Personal Chat", "Group Chat" (or the group chat's name), "General" or another channel by name. */
  async openChat(name: ChatName): Promise<void> {
    const page = this.page;
    const team = this.config.team.name;
    const channels = ['General', ...(this.config.team.channels ?? []).map((c) => c.name)];
    let item: Locator;
    if (name === 'Personal Chat') {
      item = page.getByRole('treeitem', { name: 'Personal Chat', exact: true });
      this.view = 'chat';
    } else if (name === 'Group Chat' || name === this.config.groupChat.name) {
      item = page.getByRole('treeitem', { name: this.config.groupChat.name, exact: true });
      this.view = 'chat';
    } else if (channels.includes(name)) {
      item = page.getByRole('treeitem', { name: `${team} - ${name}`, exact: true });
      this.view = 'channel';
    } else {
      throw new Error(`e2e: no chat or channel "${name}"; known: Personal Chat, Group Chat (${this.config.groupChat.name}), ${channels.join(', ')}`);
    }
    await item.click();
    if (this.view === 'channel') await page.getByText('Start a new post').waitFor({ timeout: this.h.timeoutMs });
    await this.markPane();
    this.currentChat = name;
  }

  /** Type a message in the open chat and send it (Enter). One line: the Playground drops line breaks (Shift+Enter). */
  async send(text: string, opts: SendOptions = {}): Promise<void> {
    const page = this.page;
    if (/[\r\n]/.test(text)) throw new Error('e2e: send() takes one line; the Playground sends "a\\nb" as "ab"');
    await this.markPane();
    const mention = opts.mention ?? this.currentChat !== 'Personal Chat';
    let editor: Locator;
    if (this.view === 'channel') {
      if (opts.replyTo !== undefined) {
        editor = this.threadWith(opts.replyTo).locator('[data-lexical-editor="true"]');
      } else {
        editor = this.pane.getByRole('group').filter({ has: this.page.getByText('Start a new post') }).locator('[data-lexical-editor="true"]');
      }
    } else {
      if (opts.replyTo !== undefined) throw new Error('e2e: replyTo only works in a channel');
      editor = this.pane.locator('[data-lexical-editor="true"]');
    }
    // Resolve the box now: the "Start a new post" placeholder that finds it goes away while typing.
    const box = await editor.elementHandle({ timeout: this.h.timeoutMs });
    await box.click();
    if (mention) await this.insertMention();
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
    // Sent when the compose box is empty again.
    await page.waitForFunction((el: DomNode) => (el.textContent ?? '').trim() === '', box, { timeout: this.h.timeoutMs });
    await box.dispose();
  }

  /**
   * Insert an @mention (of the bot, or of a person by display name) at the cursor of a focused compose box:
   * type "@" and click the entry in the pop-up menu (its menuitems are named "<avatar> <name>").
   */
  async insertMention(name = this.config.bot.name): Promise<void> {
    await this.page.keyboard.type('@');
    const item = this.page.getByRole('menuitem').filter({ has: this.page.getByText(name, { exact: true }) });
    await item.first().click({ timeout: this.h.timeoutMs });
    await this.page.keyboard.type(' ');
  }

  /** Wait until the open conversation shows this text (substring, case-insensitive) or matches the RegExp. */
  async waitForText(text: string | RegExp, opts: ScopeOptions = {}): Promise<Locator> {
    await this.markPane();
    const scope = opts.within !== undefined ? this.scope(opts.within) : this.pane;
    const hit = scope.getByText(text).filter({ visible: true }).last();
    try {
      await hit.waitFor({ state: 'visible', timeout: opts.timeoutMs ?? this.h.timeoutMs });
    } catch (err) {
      const shot = await this.screenshot(`waitForText-failed-${Date.now()}`).catch(() => '(no screenshot)');
      throw new Error(`e2e: text ${String(text)} did not appear in "${this.currentChat}" as ${this.user.name}. Screenshot: ${shot}. Bot log: ${this.h.botLogFile}\n${String(err)}`);
    }
    return hit;
  }

  /** The newest Adaptive Card (optionally: that contains `text`). */
  lastCard(text?: string | RegExp): Locator {
    const card = (root: Locator | Page) => (text === undefined ? root.locator('.ac-adaptiveCard') : root.locator('.ac-adaptiveCard').filter({ hasText: text }));
    // Chats list oldest first; channels list threads newest first, replies oldest first inside a thread.
    if (this.view === 'channel') return card(this.newestThread(card(this.page))).last();
    return card(this.pane).last();
  }

  /** Click a card button (Action.Execute / Action.Submit / …) by its title, in the newest card that has it. */
  async clickButton(name: string | RegExp, opts: ScopeOptions = {}): Promise<void> {
    await this.markPane();
    const buttons = (root: Locator | Page) => root.locator('.ac-adaptiveCard').getByRole('button', { name, exact: typeof name === 'string' });
    let button: Locator;
    if (opts.within !== undefined) button = this.scope(opts.within).getByRole('button', { name, exact: typeof name === 'string' }).last();
    else if (this.view === 'channel') button = buttons(this.newestThread(buttons(this.page))).last();
    else button = buttons(this.pane).last();
    try {
      await button.click({ timeout: opts.timeoutMs ?? this.h.timeoutMs });
    } catch (err) {
      const shot = await this.screenshot(`clickButton-failed-${Date.now()}`).catch(() => '(no screenshot)');
      throw new Error(`e2e: no card button "${String(name)}" to click in "${this.currentChat}". Screenshot: ${shot}\n${String(err)}`);
    }
  }

  /**
   * Fill a card input found by its label (Input.*.label; for a toggle without label, its title):
   * Input.Text (also multiline) and Input.Number take text; Input.Date takes 'YYYY-MM-DD' or a Date;
   * Input.ChoiceSet takes a choice title or value (an array for isMultiSelect); Input.Toggle takes a boolean.
   */
  async fill(label: string, value: FillValue, opts: ScopeOptions = {}): Promise<void> {
    await this.markPane();
    const page = this.page;
    const timeout = opts.timeoutMs ?? this.h.timeoutMs;
    const exactLabel = new RegExp(`^\\s*${escapeRegExp(label)}\\s*\\*?\\s*$`);
    const labelEl = opts.within !== undefined ? this.scope(opts.within).locator('.ac-adaptiveCard label').filter({ hasText: exactLabel }).last() : this.lastCardWithLabel(exactLabel);
    await labelEl.waitFor({ timeout });
    const forId = await labelEl.getAttribute('for');
    if (!forId) throw new Error(`e2e: card label "${label}" is not tied to an input`);
    const control = page.locator(`[id="${forId}"]`);
    const kind = await control.evaluate((el: DomNode) => ({
      tag: el.tagName.toLowerCase(),
      type: el.getAttribute('type') ?? '',
      role: el.getAttribute('role') ?? '',
      popup: el.getAttribute('aria-haspopup') ?? '',
    }));

    if (kind.tag === 'textarea') return control.fill(String(value));
    if (kind.type === 'checkbox') return control.setChecked(Boolean(value));
    if (kind.role === 'radiogroup' || kind.role === 'group' || kind.tag === 'div') {
      // Input.ChoiceSet style "expanded": radios, or checkboxes when isMultiSelect; each has its own <label for>.
      const wanted = toList(value);
      const available = await control.locator('label').allInnerTexts();
      for (const v of wanted) {
        const optionLabel = control.locator('label').filter({ hasText: new RegExp(`^\\s*${escapeRegExp(v)}\\s*$`) });
        let target: Locator;
        if ((await optionLabel.count()) > 0) target = page.locator(`[id="${await optionLabel.first().getAttribute('for')}"]`);
        else if ((await control.locator(`input[value="${cssString(v)}"]`).count()) > 0) target = control.locator(`input[value="${cssString(v)}"]`).first();
        else throw new Error(`e2e: "${label}" has no choice "${v}"; choices: ${available.join(', ')}`);
        await target.check({ timeout });
      }
      return;
    }
    if (kind.role === 'combobox' && kind.popup === 'dialog') {
      // Input.Date: a Fluent DatePicker that accepts typed text; it is submitted as YYYY-MM-DD.
      const iso = value instanceof Date ? isoDate(value) : String(value);
      await control.fill(iso);
      await control.press('Enter');
      await page.keyboard.press('Escape');
      if (iso && !(await control.inputValue())) throw new Error(`e2e: date "${iso}" was not accepted by "${label}"`);
      return;
    }
    if (kind.role === 'combobox') {
      // Input.ChoiceSet style "compact" (listbox/option) or isMultiSelect (menu/menuitemcheckbox).
      await control.click();
      const popupId = await control.getAttribute('aria-controls');
      const popup = popupId ? page.locator(`[id="${popupId}"]`) : page;
      for (const v of toList(value)) {
        if ((await control.getAttribute('aria-expanded')) !== 'true') await control.click();
        const item = popup.getByRole('option', { name: v, exact: true }).or(popup.getByRole('menuitemcheckbox', { name: v, exact: true }));
        if ((await item.count()) === 0) {
          const choices = await popup.getByRole('option').or(popup.getByRole('menuitemcheckbox')).allInnerTexts();
          await control.press('Escape');
          throw new Error(`e2e: "${label}" has no choice "${v}" (match the title); choices: ${choices.join(', ')}`);
        }
        await item.first().click({ timeout });
      }
      if ((await control.getAttribute('aria-expanded')) === 'true') await control.press('Escape');
      return;
    }
    // Input.Text, Input.Number (a spinbutton text field), Input.Time and the rest.
    await control.fill(value instanceof Date ? isoDate(value) : String(value));
  }

  /** A screenshot of what the person sees, saved as test-results/e2e/<run>/<name>.png; returns the path. */
  async screenshot(name: string): Promise<string> {
    const file = path.join(this.h.runDir, `${safeName(name)}${this.h.sessions.length > 1 ? `-${safeName(this.user.name)}` : ''}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Lines of the Playground's log panel ("… -> User Application message 200 hello"). */
  async logLines(): Promise<string[]> {
    const lines = await this.page.locator('text=/^\\[\\d{1,2}:\\d{2}:\\d{2}/').locator('..').allInnerTexts();
    return lines.map((l) => l.replace(/\s+/g, ' ').trim());
  }

  /** Log panel lines whose HTTP status is 4xx/5xx (a failing handler, a rejected bot call). */
  async failedRequests(): Promise<string[]> {
    return (await this.logLines()).filter((l) => /-> (?:User Application|Microsoft 365 Agents Playground) \w+ [45]\d\d\b/.test(l));
  }

  /** Reload the page (the Playground sends installationUpdate + conversationUpdate for the personal chat again). */
  async reload(): Promise<void> {
    await this.page.reload();
    await this.waitForUi();
    this.view = 'chat';
    this.currentChat = 'Personal Chat';
  }

  /** @internal */
  async waitForUi(): Promise<void> {
    await this.page.locator('[data-lexical-editor="true"]').first().waitFor({ timeout: 60_000 });
    await this.markPane();
  }

  /** @internal */
  async close(): Promise<void> {
    await this.page.close().catch(() => undefined);
    await killGroup(this.proc);
  }

  private scope(within: string | RegExp | Locator): Locator {
    if (typeof within === 'string' || within instanceof RegExp) {
      if (this.view === 'channel') return this.threadWith(within); // the newest thread that contains the text
      return this.cards.filter({ hasText: within }).last();
    }
    return within;
  }

  /** A channel thread (post + replies + reply box). `which` is text in it, or a locator relative to the thread. */
  private threadWith(which: string | RegExp | Locator): Locator {
    if (typeof which === 'string' || which instanceof RegExp) return this.threads().filter({ hasText: which }).first();
    return this.threads().filter({ has: which }).first();
  }

  /** Channel threads, newest first; the "Start a new post" box is not one. */
  private threads(): Locator {
    return this.pane.getByRole('group').filter({ hasNot: this.page.getByText('Start a new post') });
  }

  /** The newest thread with a match of `inner` (a locator built from `this.page`, evaluated inside each thread). */
  private newestThread(inner: Locator): Locator {
    return this.threads().filter({ has: inner }).first();
  }

  private lastCardWithLabel(label: RegExp): Locator {
    const labels = (root: Locator | Page) => root.locator('.ac-adaptiveCard label').filter({ hasText: label });
    if (this.view === 'channel') return labels(this.newestThread(labels(this.page))).last();
    return labels(this.pane).last();
  }

  /** Tag the conversation pane (the part of the layout that holds the compose box) so locators can be scoped to it. */
  private async markPane(): Promise<void> {
    const ok = await this.page.evaluate(() => {
      const doc = (globalThis as unknown as { document: DomNode }).document;
      if (doc.querySelector('[data-e2e-pane]')?.querySelector('[data-lexical-editor="true"]')) return true;
      doc.querySelectorAll('[data-e2e-pane]').forEach((e) => e.removeAttribute('data-e2e-pane'));
      const rail = doc.querySelector('[role="region"][aria-label="Chat and Teams Channel"]');
      const editor = doc.querySelector('[data-lexical-editor="true"]');
      if (!rail || !editor) return false;
      let common: DomNode | null = rail;
      while (common && !common.contains(editor)) common = common.parentElement;
      const pane = common ? Array.from(common.children).find((c) => c.contains(editor)) : undefined;
      pane?.setAttribute('data-e2e-pane', '1');
      return Boolean(pane);
    });
    if (!ok) throw new Error(`e2e: the Playground page has no conversation pane (is ${this.url} the Playground?)`);
  }
}

/** The little of the DOM that the in-page functions use (tsconfig has no "dom" lib). */
interface DomNode {
  querySelector(sel: string): DomNode | null;
  querySelectorAll(sel: string): { forEach(fn: (e: DomNode) => void): void };
  contains(other: DomNode): boolean;
  parentElement: DomNode | null;
  children: ArrayLike<DomNode>;
  tagName: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
}

// ---------------------------------------------------------------------------------------------------------
// the harness: one bot, one browser, one or more Playground sessions

export class Harness {
  readonly runDir: string;
  readonly botPort: number;
  readonly botUrl: string;
  readonly storeFile: string;
  readonly botLogFile: string;
  readonly timeoutMs: number;
  readonly sessions: Session[] = [];
  readonly baseConfig: PlaygroundConfig;
  private stopped = false;
  private readonly tempDirs: string[] = [];

  /** @internal use startHarness() */
  constructor(
    private readonly opts: HarnessOptions,
    init: { runDir: string; botPort: number; storeFile: string; baseConfig: PlaygroundConfig },
    private readonly bot: Proc,
    private readonly context: BrowserContext,
    userDataDir: string,
  ) {
    this.runDir = init.runDir;
    this.botPort = init.botPort;
    this.botUrl = `http://127.0.0.1:${init.botPort}`;
    this.storeFile = init.storeFile;
    this.botLogFile = bot.logFile;
    this.baseConfig = init.baseConfig;
    this.timeoutMs = opts.timeoutMs ?? 20_000;
    this.tempDirs.push(userDataDir);
  }

  /** The first session (the user given to startHarness). */
  get main(): Session {
    const s = this.sessions[0];
    if (!s) throw new Error('e2e: harness has no session');
    return s;
  }

  get page(): Page {
    return this.main.page;
  }

  /** A Playground signed in as another person (started on first use, on its own port, beside the others). */
  async as(who: string): Promise<Session> {
    const user = findUser(this.baseConfig, who);
    const existing = this.sessions.find((s) => s.user.id === user.id);
    if (existing) return existing;
    return this.startSession(user);
  }

  /** @internal */
  async startSession(user: PlaygroundUser): Promise<Session> {
    if (this.bot.done) throw new Error(`e2e: the bot has exited; see ${this.bot.logFile}:\n${tail(this.bot.logFile)}`);
    const port = await freePort();
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'samverkan-playground-'));
    this.tempDirs.push(cwd);
    const config = configFor(this.baseConfig, user);
    writeFileSync(path.join(cwd, '.m365agentsplayground.yml'), stringifyYaml(config));
    const bin = path.join(REPO_ROOT, 'node_modules', '.bin', 'agentsplayground');
    if (!existsSync(bin)) throw new Error(`e2e: ${bin} is missing; run "npm ci" (the pretest script does)`);
    const logFile = path.join(this.runDir, `playground-${safeName(user.name)}.log`);
    const proc = spawnGroup(`Playground (${user.name})`, bin, ['start', '-e', `http://127.0.0.1:${this.botPort}/api/messages`, '-c', 'msteams', '--dt', '-p', String(port)], {
      cwd,
      logFile,
      env: {
        ...process.env,
        TEAMSAPPTESTER_BROWSER: 'none', // do not open a desktop browser
        M365_AGENTS_PLAYGROUND_LOGFILE: path.join(this.runDir, `playground-${safeName(user.name)}.internal.log`),
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: path.join(cwd, '.m365agentsplayground.yml'),
        TZ: this.opts.timezone ?? 'Europe/Stockholm',
      },
    });
    try {
      // The config is parsed after "Listening on"; /_internal/v1/config only answers once it was accepted.
      const internalLog = path.join(this.runDir, `playground-${safeName(user.name)}.internal.log`);
      const configUrl = `http://127.0.0.1:${port}/_internal/v1/config`;
      await waitUntil(`its UI answered on port ${port}`, proc, () => httpOk(configUrl), 30_000).catch((err: Error) => {
        throw new Error(`${err.message}\nPlayground's own log (${internalLog}):\n${tail(internalLog, 15, /^debug /)}`);
      });
      const listening = /Listening on (\d+)/.exec(readFileSync(logFile, 'utf8'));
      if (listening && Number(listening[1]) !== port) throw new Error(`e2e: port ${port} was taken; the Playground moved to ${listening[1]}`);
      const page = await this.context.newPage();
      const session = new Session(this, user, port, page, config, proc);
      this.sessions.push(session);
      await page.goto(session.url);
      await session.waitForUi();
      return session;
    } catch (err) {
      await killGroup(proc);
      throw err;
    }
  }

  // Convenience: the main session's helpers.
  openChat(name: ChatName): Promise<void> {
    return this.main.openChat(name);
  }
  send(text: string, opts?: SendOptions): Promise<void> {
    return this.main.send(text, opts);
  }
  waitForText(text: string | RegExp, opts?: ScopeOptions): Promise<Locator> {
    return this.main.waitForText(text, opts);
  }
  clickButton(name: string | RegExp, opts?: ScopeOptions): Promise<void> {
    return this.main.clickButton(name, opts);
  }
  fill(label: string, value: FillValue, opts?: ScopeOptions): Promise<void> {
    return this.main.fill(label, value, opts);
  }
  lastCard(text?: string | RegExp): Locator {
    return this.main.lastCard(text);
  }
  screenshot(name: string): Promise<string> {
    return this.main.screenshot(name);
  }

  /** Links a channel to a network as a coordinator does: the command typed in the channel, and its answer. */
  async linkChannel(channel: ChatName, networkName: string, command = `koppla ${networkName.toLowerCase()}`): Promise<void> {
    await this.openChat(channel);
    await this.send(command);
    await this.waitForText(`Kanalen är nu kopplad till nätverket ${networkName}`);
  }

  /**
   * Opens the BG0 form (`nytt förslag`) in the chat that is open, fills its fields by label in the order
   * given and sends it. The caller waits for the answer it expects (published here, or in a channel).
   */
  async proposeThroughForm(fields: Record<string, FillValue>): Promise<void> {
    await this.send('nytt förslag');
    await this.waitForText('Projektdirektiv (BG0)');
    for (const [label, value] of Object.entries(fields)) await this.fill(label, value);
    await this.clickButton('Skicka förslag');
  }

  /**
   * Sends a member's statement on a consultation round's card, in `channel`, as the demo person of
   * `who` (`agera som`): "Lämna yttrande", the position, the text, the deciding body and the date.
   */
  async answerRound(roundId: string, who: string, statement: { position: string; text: string; body: string; date: string }, channel: ChatName = 'General'): Promise<void> {
    await this.openChat('Personal Chat');
    await this.send(`agera som ${who}`);
    await this.waitForText('Du agerar nu som');
    await this.openChat(channel);
    await this.clickButton('Lämna yttrande', { within: roundId });
    await this.fill('Ställningstagande', statement.position, { within: roundId });
    await this.fill('Yttrandets text', statement.text, { within: roundId });
    await this.fill('Beslutande organ', statement.body, { within: roundId });
    await this.fill('Beslutsdatum', statement.date, { within: roundId });
    await this.clickButton('Skicka yttrandet', { within: roundId });
  }

  /** Kill everything this harness started (sessions, bot, browser). Safe to call twice and after failures. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const s of this.sessions) await s.close().catch(() => undefined);
    await this.context.close().catch(() => undefined);
    await killGroup(this.bot).catch(() => undefined);
    for (const dir of this.tempDirs) rmSync(dir, { recursive: true, force: true });
  }
}

/** Start the bot, a Playground signed in as `opts.user` (default: the config's currentUser) and Chromium. */
export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  try {
    accessSync(chromiumPath, fsConstants.X_OK);
  } catch {
    throw new Error(
      `e2e: Chromium is missing: ${chromiumPath} does not exist or is not executable. ` +
        `Install it with "apt-get update && apt-get install -y chromium" (as root; "npm test" does this in its pretest step) or set CHROMIUM_PATH.`,
    );
  }
  const baseConfig = readPlaygroundConfig(opts.configFile);
  const firstUser = opts.user ? findUser(baseConfig, opts.user) : baseConfig.currentUser;

  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const runDir = path.join(REPO_ROOT, 'test-results', 'e2e', `${stamp}-${safeName(opts.name ?? 'run')}-${process.pid}-${randomBytes(2).toString('hex')}`);
  mkdirSync(runDir, { recursive: true });
  const storeFile = opts.storeFile ?? path.join(runDir, 'store.json');

  const botPort = await freePort();
  const botCommand = opts.botCommand ?? process.env.E2E_BOT_CMD ?? `${shellQuote(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'))} src/main.ts`;
  const botEnv: NodeJS.ProcessEnv = { ...process.env };
  // The bot runs as in `npm start`: local mode (no app id), not vitest's NODE_ENV=test.
  for (const key of Object.keys(botEnv)) {
    if (/^(VITEST|MicrosoftApp)/i.test(key) || key === 'TEST') delete botEnv[key];
  }
  if (botEnv.NODE_ENV === 'test') delete botEnv.NODE_ENV;
  Object.assign(botEnv, opts.botEnv ?? {}, { PORT: String(botPort), STORE_FILE: storeFile });
  const botLog = path.join(runDir, 'bot.log');
  writeFileSync(botLog, `[e2e] ${botCommand}\n[e2e] PORT=${botPort} STORE_FILE=${storeFile}\n`);
  const bot = spawnGroup('bot', '/bin/sh', ['-c', botCommand], { cwd: REPO_ROOT, env: botEnv, logFile: botLog });

  let context: BrowserContext | undefined;
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'samverkan-chromium-'));
  try {
    await waitUntil(`GET /healthz answered 200 on port ${botPort}`, bot, () => httpOk(`http://127.0.0.1:${botPort}/healthz`), opts.botStartTimeoutMs ?? 60_000);
    const headless = opts.headless ?? process.env.E2E_HEADED !== '1';
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless,
      args: headless ? CHROMIUM_FLAGS : CHROMIUM_FLAGS.filter((f) => f !== '--headless'),
      viewport: { width: 1400, height: 900 },
    });
    // Offline machine: fail external requests (fonts, telemetry) at once instead of waiting for DNS.
    await context.route(/^https?:\/\/(?!(127\.0\.0\.1|localhost)[:/])/, (route) => route.abort());
    for (const p of context.pages()) await p.close();
    const harness = new Harness(opts, { runDir, botPort, storeFile, baseConfig }, bot, context, userDataDir);
    try {
      await harness.startSession(firstUser);
    } catch (err) {
      await harness.stop();
      throw err;
    }
    return harness;
  } catch (err) {
    if (context) await context.close().catch(() => undefined);
    await killGroup(bot);
    rmSync(userDataDir, { recursive: true, force: true });
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------------

function toList(value: FillValue): string[] {
  if (Array.isArray(value)) return value;
  return [value instanceof Date ? isoDate(value) : String(value)];
}

function isoDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function cssString(s: string): string {
  return s.replace(/["\\]/g, '\\$&');
}

function safeName(s: string): string {
  return s.normalize('NFKD').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'x';
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export { isPortFree };

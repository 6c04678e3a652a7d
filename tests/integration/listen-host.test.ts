import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestBot } from '../fixtures/bot.js';
import { ChildBot } from '../fixtures/child-bot.js';

/**
 * Issue #13, point 2: local mode (no authentication) listens on 127.0.0.1 only unless LISTEN_HOST says
 * otherwise, and then says so at start and every minute; production listens on all interfaces.
 */

const APP_ID = '5e3a5c2f-0a47-4f1e-9c7a-1f2b3c4d5e6f';
const EXPOSED = 'LOCAL MODE ON A NETWORK INTERFACE';

/** This machine's first non-loopback IPv4 address, if it has one. */
const otherAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

/** Whether a TCP connection to address:port is accepted. */
const accepts = (host: string, port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

const exposedWarnings = (bot: TestBot) => bot.logs.filter((line) => line.includes(EXPOSED));

describe('where the bot listens', () => {
  let bot: TestBot | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    await bot?.stop();
    bot = undefined;
  });

  it('local mode: 127.0.0.1 only, not another interface of the machine, and no exposure warning', async () => {
    bot = await new TestBot().start();
    expect(bot.running!.host).toBe('127.0.0.1');
    expect(await accepts('127.0.0.1', bot.running!.port)).toBe(true);
    if (otherAddress) expect(await accepts(otherAddress, bot.running!.port)).toBe(false);
    expect(exposedWarnings(bot)).toEqual([]);
  });

  it('production (credentials): all interfaces', async () => {
    bot = await new TestBot().start({ env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret' } });
    expect(bot.running!.host).toBe('0.0.0.0');
    if (otherAddress) expect(await accepts(otherAddress, bot.running!.port)).toBe(true);
    expect(exposedWarnings(bot)).toEqual([]);
  });

  it('production with LISTEN_HOST=127.0.0.1 (behind a proxy on the same machine): as asked', async () => {
    bot = await new TestBot().start({ env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret', LISTEN_HOST: '127.0.0.1' } });
    expect(bot.running!.host).toBe('127.0.0.1');
    if (otherAddress) expect(await accepts(otherAddress, bot.running!.port)).toBe(false);
  });

  it('local mode with LISTEN_HOST=0.0.0.0: binds as asked, warns at start and every minute until closed', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    bot = await new TestBot().start({ env: { LISTEN_HOST: '0.0.0.0' } });
    expect(bot.running!.host).toBe('0.0.0.0');
    if (otherAddress) expect(await accepts(otherAddress, bot.running!.port)).toBe(true);
    const warning = JSON.parse(exposedWarnings(bot)[0]!) as { level: number; host: string; port: number; msg: string };
    expect(warning).toMatchObject({ level: 40, host: '0.0.0.0', port: bot.running!.port });
    expect(warning.msg).toBe(
      `${EXPOSED}: unauthenticated requests are accepted on 0.0.0.0:${bot.running!.port} (LISTEN_HOST); anyone who reaches it can act as anyone`,
    );
    expect(exposedWarnings(bot)).toHaveLength(1);
    vi.advanceTimersByTime(59_999);
    expect(exposedWarnings(bot)).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(exposedWarnings(bot)).toHaveLength(2);
    vi.advanceTimersByTime(60_000);
    expect(exposedWarnings(bot)).toHaveLength(3);
    await bot.running!.close();
    vi.advanceTimersByTime(180_000);
    expect(exposedWarnings(bot)).toHaveLength(3);
    bot.running = undefined;
  });
});

describe('a half-set environment stops main() before it touches anything', () => {
  const cases: [string, Record<string, string>, string[]][] = [
    [
      'a password without an app id',
      { MicrosoftAppPassword: 'secret' },
      ["  - MicrosoftAppId: missing, but MicrosoftAppPassword is set; give the bot's app id (a GUID), or unset MicrosoftAppPassword to run in local mode"],
    ],
    [
      'a blank app id (as a template that empties a variable leaves it)',
      { MicrosoftAppId: ' ' },
      [
        "  - MicrosoftAppId: set but blank; give the bot's app id (a GUID), or unset MicrosoftAppId to run in local mode",
        '  - MicrosoftAppPassword: missing; required for a MultiTenant app (MicrosoftAppType unset means MultiTenant)',
      ],
    ],
  ];
  it.each(cases)('%s: exit code 2 and the message', { timeout: 120_000 }, async (_name, env, lines) => {
    const dir = await mkdtemp(join(tmpdir(), 'samverkan-creds-'));
    try {
      const bot = await ChildBot.launch({ storeFile: join(dir, 'data', 'store.json'), env });
      // Fails fast if it serves (as it did in local mode before).
      const outcome = await bot.ready().then(() => 'serving', () => 'refused');
      await bot.kill();
      expect(outcome).toBe('refused');
      expect(await bot.exitStatus()).toEqual({ code: 2, signal: null });
      expect(bot.output).toContain('environment: invalid configuration');
      for (const line of lines) expect(bot.output).toContain(line);
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

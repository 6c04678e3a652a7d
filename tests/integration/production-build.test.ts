import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { sv } from '../../src/i18n/sv.js';
import { ConnectorStub } from '../fixtures/connector-stub.js';
import { serveNodeFlags } from '../../src/tools/bench/serve-command.js';
import partnership from '../../data/partnership.jonkoping.json' with { type: 'json' };

/**
 * The production build as it is deployed: `npm run build`'s bundle (src/tools/build.mjs, with its
 * deferred library parts and V8 code cache) started the way `npm run serve` starts it, answering a
 * message over HTTP. The other tests run the TypeScript sources; this one catches what only the
 * bundle can get wrong (a library part it defers or leaves a path to).
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PARTNERSHIP_FILE = 'data/partnership.jonkoping.json';
const TENANT = partnership.tenants[0]!;

describe('production build (npm run build, npm run serve)', () => {
  const connector = new ConnectorStub();
  let dir = '';
  let bot: ChildProcess | undefined;
  const output: string[] = [];
  let port = 0;
  let serviceUrl = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'samverkan-build-'));
    // Like dist/ in the repository: node_modules one level up (the bundle leaves out only optional modules).
    await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    await promisify(execFile)(process.execPath, ['src/tools/build.mjs', '--outdir', join(dir, 'dist')], { cwd: ROOT, maxBuffer: 8 << 20 });
    serviceUrl = await connector.start();
    // As `npm run serve` starts it: with its node flags (the code cache is made for them).
    bot = spawn(process.execPath, [...(await serveNodeFlags(ROOT)), join(dir, 'dist', 'main.cjs')], {
      cwd: ROOT,
      env: {
        // Local mode: no credential variable at all (one set blank stops the start).
        ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('MicrosoftApp'))),
        CLOCK_START: '',
        NODE_ENV: 'production',
        PORT: '0',
        STORE_FILE: join(dir, 'store.json'),
        PARTNERSHIP_FILE,
        LOG_LEVEL: 'info',
        LOG_FORMAT: 'json',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The port is known when the bundle logs that it listens: each output chunk is looked at as it comes.
    const child = bot;
    const listening = new Promise<number>((resolve, reject) => {
      const look = () => {
        const line = output.find((l) => l.includes('Samverkan is listening'));
        if (line) resolve((JSON.parse(line) as { port: number }).port);
      };
      child.stdout!.on('data', look);
      child.stderr!.on('data', look);
      child.once('exit', () => reject(new Error(`the bundle exited: ${output.join('\n')}`)));
    });
    bot.stdout!.prependListener('data', (c: Buffer) => output.push(...String(c).split('\n').filter(Boolean)));
    bot.stderr!.prependListener('data', (c: Buffer) => output.push(...String(c).split('\n').filter(Boolean)));
    port = await listening;
    expect(port, output.join('\n')).toBeGreaterThan(0);
  }, 180_000);

  afterAll(async () => {
    if (bot && bot.exitCode === null) {
      const gone = new Promise((resolve) => bot!.once('exit', resolve));
      bot.kill('SIGTERM');
      await gone;
    }
    await connector.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('starts from the code cache and says so in /healthz', async () => {
    // Not a sleep: the bundle is a separate process whose first deadline sweep ends when it ends;
    // /healthz is asked until it says so, within a deadline.
    await expect.poll(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).status, { timeout: 30_000 }).toBe(200);
    expect(output.join('\n')).not.toContain('without V8 code cache');
    const listening = JSON.parse(output.find((l) => l.includes('Samverkan is listening'))!) as { startup: Record<string, number> };
    expect(listening.startup).toMatchObject({ codeLoadedAt: expect.any(Number), storeOpenMs: expect.any(Number), listeningAt: expect.any(Number) });
    expect(JSON.parse(await readFile(join(dir, 'dist', 'samverkan.cjs.codecache.json'), 'utf8'))).toMatchObject({ node: process.version });
  });

  it('prints no deprecation warning at start (Node 24: DEP0040 punycode, bundled from the npm package)', async () => {
    await expect.poll(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).status, { timeout: 30_000 }).toBe(200);
    expect(output.join('\n')).not.toMatch(/DeprecationWarning|\[DEP\d+\]/);
  });

  it('answers a message through teams-ai and the connector', async () => {
    const from = partnership.people.find((p) => p.id === 'chief-eksjo')!;
    const chat = { id: 'a:personal-prod-build' };
    const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: 'prod-build-1',
        text: 'hjälp',
        channelId: 'msteams',
        serviceUrl,
        timestamp: new Date().toISOString(),
        locale: 'sv-SE',
        from: { id: `29:${from.id}`, name: from.name, aadObjectId: from.aadObjectId },
        recipient: { id: '28:samverkan-bot', name: 'Samverkan' },
        conversation: { id: chat.id, conversationType: 'personal', tenantId: TENANT },
        channelData: { tenant: { id: TENANT } },
      }),
    });
    expect(res.status).toBe(200);
    // Not a sleep: the reply is posted to the connector stub by the bundle's process, after it answered the request.
    await expect.poll(() => connector.texts(chat.id).join('\n'), { timeout: 10_000 }).toContain(sv.help.heading);
  });
});

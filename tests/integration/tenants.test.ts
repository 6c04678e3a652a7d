import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnv } from '../../src/config/env.js';
import { ConfigError } from '../../src/config/errors.js';
import { createLogger } from '../../src/log.js';
import { start } from '../../src/main.js';

const APP = { MicrosoftAppId: '00000000-0000-0000-0000-0000000000aa', MicrosoftAppPassword: 'secret', MicrosoftAppType: 'MultiTenant' };

describe('the tenant allow-list fails closed', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('with credentials, a partnership file that lists no tenant stops the start and touches no store', async () => {
    dir = await mkdtemp(join(tmpdir(), 'samverkan-tenants-'));
    const file = join(dir, 'partnership.json');
    const shipped = JSON.parse(await readFile('data/partnership.jonkoping.json', 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...shipped, tenants: [] }));
    const env = loadEnv({ ...APP, PORT: '0', STORE_FILE: join(dir, 'store.json'), PARTNERSHIP_FILE: file, LOG_LEVEL: 'silent' });
    const err = await start(env, { log: createLogger('silent') }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain('tenants: empty, but MicrosoftAppId is set');
    expect(await readdir(dir)).toEqual(['partnership.json']);
  });
});

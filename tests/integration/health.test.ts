import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rename } from 'node:fs/promises';
import { TestBot } from '../fixtures/bot.js';

describe('/healthz', () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await new TestBot().start();
  });
  afterEach(async () => {
    await rename(`${bot.dir}.away`, bot.dir).catch(() => undefined);
    await bot.stop();
  });

  const health = async () => {
    const res = await fetch(`http://127.0.0.1:${bot.running!.port}/healthz`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('says the store is writable and the scheduler alive', async () => {
    await bot.running!.firstSweep;
    expect((await health()).status).toBe(200);
    expect((await health()).body).toMatchObject({ ok: true, storeWritable: true, schedulerAlive: true });
  });

  it('answers 503 when the store directory cannot be written', async () => {
    await bot.running!.firstSweep;
    expect((await health()).status).toBe(200);
    await rename(bot.dir, `${bot.dir}.away`);
    const { status, body } = await health();
    expect(status).toBe(503);
    expect(body).toMatchObject({ ok: false, storeWritable: false });
  });
});

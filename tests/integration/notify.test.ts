import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALDRE_CHANNEL, TestBot } from '../fixtures/bot.js';

describe('proactive posts under throttling and removal', () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await new TestBot().start();
    await bot.install(ALDRE_CHANNEL);
    bot.connector.clear();
  });
  afterEach(async () => {
    await bot.stop();
  });

  it('retries 429 (honouring Retry-After) and 5xx, and the message arrives once', async () => {
    bot.connector.failures = [{ status: 429, retryAfter: 0 }, { status: 429, retryAfter: 0 }, { status: 503 }];
    const id = await bot.ctx.notifier.send(ALDRE_CHANNEL.id, { type: 'message', text: 'Påminnelse' });
    expect(id).toBeTruthy();
    expect(bot.connector.texts(ALDRE_CHANNEL.id)).toEqual(['Påminnelse']);
  });

  it('gives up after repeated server errors without throwing', { timeout: 40_000 }, async () => {
    bot.connector.failures = Array.from({ length: 10 }, () => ({ status: 500 }));
    expect(await bot.ctx.notifier.send(ALDRE_CHANNEL.id, { type: 'message', text: 'x' })).toBeUndefined();
    expect(bot.connector.sent).toHaveLength(0);
    expect(bot.logs.join('')).toContain('proactive message failed');
  });

  it('forgets a conversation where the app was removed (403) instead of retrying it', async () => {
    bot.connector.failures = [{ status: 403 }];
    expect(await bot.ctx.notifier.send(ALDRE_CHANNEL.id, { type: 'message', text: 'x' })).toBeUndefined();
    expect(bot.store.conversations.some((c) => c.id === ALDRE_CHANNEL.id)).toBe(false);
    expect(await bot.ctx.notifier.send(ALDRE_CHANNEL.id, { type: 'message', text: 'y' })).toBeUndefined();
    expect(bot.connector.sent).toHaveLength(0);
  });
});

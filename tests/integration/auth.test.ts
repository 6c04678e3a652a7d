import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { TestBot, person, personalChat } from '../fixtures/bot.js';

const APP_ID = '5e3a5c2f-0a47-4f1e-9c7a-1f2b3c4d5e6f';
const ISSUER = 'https://api.botframework.com';
const APP_PASSWORD = 'app-password-Qm9vLXNlY3JldC12YWx1ZS0xMjM0';

/**
 * With real credentials, /api/messages takes only Bot Framework tokens the adapter itself validates,
 * here against a local key set (no internet): missing, expired, wrongly signed and wrong-audience
 * tokens get 401 and reach no handler.
 */
describe('authentication of incoming requests', () => {
  let keys: Server;
  let bot: TestBot;
  let sign: (claims: Record<string, unknown>, opts?: { key?: 'good' | 'other'; exp?: number }) => Promise<string>;

  beforeAll(async () => {
    const good = await generateKeyPair('RS256', { extractable: true });
    const other = await generateKeyPair('RS256', { extractable: true });
    const jwk: JWK = { ...(await exportJWK(good.publicKey)), kid: 'local-key', use: 'sig', alg: 'RS256' };
    keys = createServer((req, res) => {
      const base = `http://127.0.0.1:${(keys.address() as AddressInfo).port}`;
      res.setHeader('content-type', 'application/json');
      if (req.url === '/openid') res.end(JSON.stringify({ issuer: ISSUER, jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
      else res.end(JSON.stringify({ keys: [{ ...jwk, endorsements: ['msteams'] }] }));
    });
    await new Promise<void>((r) => keys.listen(0, '127.0.0.1', r));
    const metadata = `http://127.0.0.1:${(keys.address() as AddressInfo).port}/openid`;
    // The adapter (botframework-connector) checks nbf and exp against the system clock and takes no
    // other, so tokens are dated from it: an hour's margin either way, nothing depends on the date.
    sign = async (claims, opts = {}) =>
      new SignJWT({ serviceurl: bot.serviceUrl, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'local-key' })
        .setIssuer(ISSUER)
        .setIssuedAt()
        .setNotBefore(Math.floor(Date.now() / 1000) - 60)
        .setExpirationTime(opts.exp ?? Math.floor(Date.now() / 1000) + 600)
        .sign(opts.key === 'other' ? other.privateKey : good.privateKey);
    bot = await new TestBot().start({
      env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: APP_PASSWORD, MicrosoftAppType: 'MultiTenant', BOT_OPENID_METADATA_URL: metadata },
    });
  });

  afterAll(async () => {
    await bot?.stop();
    await new Promise<void>((r) => keys?.close(() => r()));
  });

  const post = async (token?: string) => {
    const activity = bot.activity(person('chief-eksjo'), personalChat('e'), { type: 'message', text: 'hjälp' });
    const res = await fetch(`http://127.0.0.1:${bot.running!.port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(activity),
    });
    return res.status;
  };

  it.each([
    ['no token', async () => undefined],
    ['an expired token', async () => sign({ aud: APP_ID }, { exp: Math.floor(Date.now() / 1000) - 3600 })],
    ['a token signed with another key', async () => sign({ aud: APP_ID }, { key: 'other' })],
    ['a token for another bot', async () => sign({ aud: '00000000-0000-0000-0000-00000000beef' })],
  ])('refuses %s with 401, reaching no handler', async (_name, token) => {
    bot.connector.clear();
    expect(await post(await token())).toBe(401);
    expect(bot.connector.sent).toHaveLength(0);
    expect(bot.logs.join('')).not.toContain('"msg":"turn failed"');
  });

  it('lets a valid token through to the bot', async () => {
    expect(await post(await sign({ aud: APP_ID }))).not.toBe(401);
  });

  it('logs neither the app password nor any token, valid or refused', async () => {
    const tokens = [await sign({ aud: APP_ID }), await sign({ aud: APP_ID }, { key: 'other' })];
    for (const token of tokens) await post(token);
    const all = bot.logs.join('');
    expect(all.length).toBeGreaterThan(0);
    expect(all).not.toContain(APP_PASSWORD);
    for (const token of tokens) {
      expect(all).not.toContain(token);
      expect(all).not.toContain(token.split('.')[2]);
    }
    expect(all).not.toMatch(/Bearer /);
  });
});

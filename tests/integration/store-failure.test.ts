import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TestBot, channel, person, personalChat } from '../fixtures/bot.js';
import { journalPathOf, readStoreFiles } from '../../src/store/store.js';

/**
 * A full disk or a read-only file system while people vote: the write fails visibly (the voter is
 * told in Swedish that nothing was recorded), the bot keeps serving, /healthz says the store is not
 * writable, the files stay the last good ones, and once the disk is back votes land again.
 * (tests/integration/disk-full.test.ts does the same with a real kernel limit on a child process.)
 */

const anna = person('anna-lindqvist');
const annaChat = personalChat('anna');
const CHIEFS = channel('19:socialchefsnatverket@thread.tacv2', 'Socialchefsnätverket');
const NOT_RECORDED = 'Det gick inte att spara just nu, så inget är registrerat. Försök igen om en stund.';

describe('disk trouble while people vote', () => {
  let bot: TestBot;
  const chief = (memberId: string) => bot.ctx.partnership.people.find((p) => p.member === memberId && p.roles.includes('socialChief'))!;
  const vote = (memberId: string, decisionId: string, position = 'approve') =>
    bot.press(chief(memberId), personalChat(memberId), 'decision.vote', { decisionId, position });
  const health = async () => {
    const res = await fetch(`http://127.0.0.1:${bot.running!.port}/healthz`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeEach(async () => {
    bot = await new TestBot('2026-11-23T09:00:00Z').start();
    await bot.install(CHIEFS);
    await bot.say(anna, CHIEFS, 'koppla socialchefsnatverket');
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await bot.stop();
  });

  it.each([
    ['ENOSPC', 'no space left on device'],
    ['EROFS', 'read-only file system'],
  ])('%s: the voter is told nothing was recorded, the bot keeps serving, and recovers', async (code, text) => {
    await bot.say(anna, annaChat, 'nytt beslut');
    const form = bot.connector.to(annaChat.id).at(-1)!;
    const opened = await bot.press(anna, annaChat, 'decision.submit', {
      question: 'Gemensamma medel',
      kind: 'other',
      background: 'Bakgrund',
      amountSek: '',
      closesDate: '2026-12-10',
      closesTime: '16:00',
    }, form.newId);
    const id = /B-2026-\d{3}/.exec(opened.card)![0];
    expect((await vote('eksjo', id)).card).toContain('Registrerat');
    await bot.running!.firstSweep;
    expect((await health()).status).toBe(200);

    const store = bot.running!.ctx.store;
    const file = store.file;
    const journalBefore = readFileSync(journalPathOf(file));
    const snapshotBefore = readFileSync(file);
    const failing = vi.spyOn(bot.files.handleOf(journalPathOf(file)), 'write').mockRejectedValue(Object.assign(new Error(`${code}: ${text}, write`), { code }));

    const refused = await vote('aneby', id);
    expect(refused.status).toBe(200);
    expect(refused.card).toContain(NOT_RECORDED);
    expect(refused.card).not.toContain('Registrerat');
    expect(bot.store.votes.map((v) => v.memberId)).toEqual(['eksjo']);
    const { status, body } = await health();
    expect(status).toBe(503);
    expect(body).toMatchObject({ ok: false, storeWritable: false });
    // Still serving: other commands answer, and the next voter gets the same clear answer.
    await bot.say(anna, annaChat, 'hjälp');
    expect(bot.connector.texts(annaChat.id).at(-1)).toMatch(/nytt förslag/i);
    expect((await vote('gislaved', id)).card).toContain(NOT_RECORDED);
    expect(readFileSync(journalPathOf(file)).equals(journalBefore)).toBe(true);
    expect(readFileSync(file).equals(snapshotBefore)).toBe(true);

    // The disk is back: the same voter presses again and it lands; health recovers.
    failing.mockRestore();
    expect((await vote('aneby', id)).card).toContain('Registrerat');
    expect((await health()).status).toBe(200);
    expect((await readStoreFiles(file)).votes.map((v) => v.memberId)).toEqual(['eksjo', 'aneby']);
    await bot.restart();
    expect(bot.store.votes.map((v) => v.memberId)).toEqual(['eksjo', 'aneby']);
  });
});

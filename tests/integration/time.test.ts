import { afterEach, describe, expect, it } from 'vitest';
import { readFile, readdir } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { PARTNERSHIP_FILE, TestBot, channel, person, personalChat } from '../fixtures/bot.js';
import { loadEnv } from '../../src/config/env.js';
import { createLogger } from '../../src/log.js';
import { start } from '../../src/main.js';
import { journalPathOf, StoreOpenError } from '../../src/store/store.js';

const anna = person('anna-lindqvist');
const annaChat = personalChat('anna');
const CHIEFS = channel('19:socialchefsnatverket@thread.tacv2', 'Socialchefsnätverket');
const decisionForm = { question: 'Verksamhetsplan 2027', kind: 'operationalPlan', background: 'Planen för året', amountSek: '', closesDate: '2026-12-10', closesTime: '16:00' };
const SKIPPED = 'Det klockslaget finns inte den dagen: klockan ställs fram en timme till sommartid.';

describe('time and money are honest, over HTTP', () => {
  let bot: TestBot;
  afterEach(async () => {
    await bot.stop();
  });

  it('refuses a closing time in the hour skipped in spring on the form field, values kept; the same for an extension', async () => {
    bot = await new TestBot('2026-11-23T09:00:00Z').start();
    await bot.install(CHIEFS);
    await bot.say(anna, CHIEFS, 'koppla socialchefsnatverket');
    await bot.say(anna, annaChat, 'nytt beslut');
    const formId = bot.connector.to(annaChat.id).at(-1)!.newId;
    const res = await bot.press(anna, annaChat, 'decision.submit', { ...decisionForm, closesDate: '2027-03-28', closesTime: '02:30' }, formId);
    expect(res.card).toContain('Beslutet är inte öppnat');
    const form = JSON.parse(res.card) as { body: { id?: string; text?: string; value?: unknown }[] };
    expect(form.body.find((e) => e.id === 'error-closesTime')?.text).toContain(SKIPPED);
    expect(form.body.find((e) => e.id === 'closesDate')?.value).toBe('2027-03-28');
    expect(form.body.find((e) => e.id === 'closesTime')?.value).toBe('02:30');
    expect(form.body.find((e) => e.id === 'question')?.value).toBe(decisionForm.question);
    expect(form.body.find((e) => e.id === 'background')?.value).toBe(decisionForm.background);
    expect(bot.store.decisions).toHaveLength(0);

    // The first 02:30 of the night the clocks go back is a time: the decision opens, closing at summer time's 02:30.
    const ok = await bot.press(anna, annaChat, 'decision.submit', { ...decisionForm, closesDate: '2027-10-31', closesTime: '02:30' }, formId);
    expect(ok.card).toContain('B-2026-001');
    expect(bot.store.decisions[0]!.closesAt).toBe('2027-10-31T00:30:00.000Z');

    const extend = await bot.press(anna, annaChat, 'decision.extend', { decisionId: 'B-2026-001', closesDate: '2028-03-26', closesTime: '02:15' });
    expect(extend.card).toContain(SKIPPED);
    expect(bot.store.decisions[0]!.closesAt).toBe('2027-10-31T00:30:00.000Z');
    expect(bot.store.decisions[0]!.changes).toEqual([]);
  });

  it('refuses to start with a demo clock set before the store\'s last record, naming both times and the file, touching nothing', async () => {
    bot = await new TestBot('2026-11-23T09:00:00Z').start();
    await bot.say(anna, annaChat, 'nytt beslut');
    await bot.press(anna, annaChat, 'decision.submit', decisionForm, bot.connector.to(annaChat.id).at(-1)!.newId);
    bot.clock.set('2026-11-24T10:15:00Z');
    await bot.press(person('chief-tranas'), personalChat('tranas'), 'decision.vote', { decisionId: 'B-2026-001', position: 'approve' });
    await bot.running!.close();
    const files = async () => ({
      names: (await readdir(bot.dir)).sort(),
      snapshot: await readFile(bot.storeFile),
      journal: await readFile(journalPathOf(bot.storeFile)),
    });
    const before = await files();
    expect(before.journal.length).toBeGreaterThan(1024);

    const logged: string[] = [];
    const log = createLogger('debug', new Writable({ write: (chunk, _enc, done) => (logged.push(String(chunk)), done()) }));
    // A tiny compaction threshold: a store opened for writing would be rewritten at once.
    const env = (clockStart: string) =>
      loadEnv({ PORT: '0', STORE_FILE: bot.storeFile, PARTNERSHIP_FILE, DEADLINE_SWEEP_SECONDS: '3600', STORE_COMPACT_BYTES: '1024', CLOCK_START: clockStart });
    const early = start(env('2026-11-24T11:00:00+02:00'), { log });
    await expect(early).rejects.toBeInstanceOf(StoreOpenError);
    const message = await early.catch((err: Error) => err.message);
    expect(message).toContain(bot.storeFile);
    expect(message).toContain('CLOCK_START=2026-11-24T11:00:00+02:00');
    expect(message).toContain('2026-11-24T10:15:00.000Z');
    expect(message).toContain('changed nothing');
    expect(await files()).toEqual(before);
    expect(logged.join('')).not.toContain('Samverkan is listening');

    // At or after the last record the demo clock is fine.
    const running = await start(env('2026-11-24T11:15:00+01:00'), { log });
    await running.close();
  });

  it('only warns when the system clock (not the demo clock) is behind the store', async () => {
    bot = await new TestBot('2026-11-23T09:00:00Z').start();
    await bot.say(anna, annaChat, 'hjälp');
    bot.clock.set('2026-11-23T08:00:00Z');
    await bot.restart();
    const warning = bot.logs.find((l) => l.includes('the clock is behind the last time recorded'));
    expect(warning).toBeDefined();
    expect(JSON.parse(warning!)).toMatchObject({ level: 40, now: '2026-11-23T08:00:00.000Z', lastRecordedAt: '2026-11-23T09:00:00.000Z' });
    expect((await bot.say(anna, annaChat, 'hjälp')).status).toBe(200);
  });

  it('shows no "−0 kr" on a card made from a form with "-0" kronor', async () => {
    bot = await new TestBot('2026-11-23T09:00:00Z').start();
    await bot.say(anna, annaChat, 'nytt förslag');
    const res = await bot.press(anna, annaChat, 'proposal.submit', {
      title: 'Nollbudget', background: 'B', goals: '', regionalValue: 'R', networkId: 'aldreomsorg', contactPersonId: 'anna-lindqvist',
      estimatedCostSek: '-0', jointFundsRequested: 'false', answerDeadline: '2026-12-20',
    }, bot.connector.to(annaChat.id).at(-1)!.newId);
    const text = res.card;
    expect(text).toContain('P-2026-001');
    expect(text).toContain('0 kr');
    expect(text).not.toMatch(/[-\u2212]0 kr/);
    expect(Object.is(bot.store.proposals[0]!.estimatedCostSek, 0)).toBe(true);

    await bot.say(anna, annaChat, 'nytt beslut');
    const decision = await bot.press(anna, annaChat, 'decision.submit', { ...decisionForm, kind: 'other', amountSek: '-0' }, bot.connector.to(annaChat.id).at(-1)!.newId);
    expect(decision.card).toContain('B-2026-001');
    expect(decision.card).toContain('0 kr');
    expect(decision.card).not.toMatch(/[-\u2212]0 kr/);
  });
});

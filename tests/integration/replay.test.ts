import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { TestBot, channel, person, personalChat } from '../fixtures/bot.js';
import { cardText } from '../fixtures/connector-stub.js';
import { journalPathOf, readStoreFiles } from '../../src/store/store.js';

const anna = person('anna-lindqvist');
const annaChat = personalChat('anna');
const CHIEFS = channel('19:socialchefsnatverket@thread.tacv2', 'Socialchefsnätverket');
const REFUSED = 'Avvisat: samma klick har redan tagits emot med ett annat innehåll';

const proposalForm = {
  title: 'Trygg hemgång', background: 'B', goals: '', regionalValue: 'R', networkId: 'aldreomsorg',
  contactPersonId: 'chief-eksjo', estimatedCostSek: '400000', jointFundsRequested: 'false', answerDeadline: '2026-12-20',
};
const decisionForm = { question: 'Verksamhetsplan 2027', kind: 'operationalPlan', background: '', amountSek: '', closesDate: '2026-12-10', closesTime: '16:00' };

/**
 * Teams re-delivers an unanswered activity with the same id and content: counted once, answered as
 * the first time. The same id with other content is refused, logged, and nothing is stored.
 */
describe('a repeated activity id over HTTP', () => {
  let bot: TestBot;

  /** Everything a refusal must leave as it was: the state in memory and both store files, byte for byte. */
  async function state() {
    await bot.ctx.store.flush();
    return {
      memory: JSON.stringify(bot.store),
      disk: await readStoreFiles(bot.storeFile),
      bytes: [await readFile(bot.storeFile, 'utf8'), await readFile(journalPathOf(bot.storeFile), 'utf8').catch(() => '')],
    };
  }

  /** The warning for `activityId`: ids and names of what differs, no personal names. */
  function warning(activityId: string) {
    const lines = bot.logs.filter((l) => l.includes('other content') && l.includes(`"activityId":"${activityId}"`));
    expect(lines, bot.logs.slice(-5).join('')).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as { level: number; verb: string; differs: string[] };
    expect(line.level).toBe(40);
    for (const p of bot.ctx.partnership.people) expect(lines[0]).not.toContain(p.name);
    return line;
  }

  async function propose(): Promise<string> {
    await bot.say(anna, annaChat, 'nytt förslag');
    const res = await bot.press(anna, annaChat, 'proposal.submit', proposalForm, bot.connector.to(annaChat.id).at(-1)!.newId);
    return /P-2026-\d{3}/.exec(res.card)![0];
  }

  async function startable(): Promise<string> {
    const id = await propose();
    for (const who of ['chief-eksjo', 'chief-jonkoping'])
      await bot.press(person(who), personalChat(who), 'participation.answer', { proposalId: id, answer: 'participates' });
    return id;
  }

  beforeEach(async () => {
    bot = await new TestBot('2026-11-23T09:00:00Z').start();
  });
  afterEach(async () => {
    await bot.stop();
  });

  it('an answer: the same content is counted once and answered alike; another answer is refused and stores nothing', async () => {
    const id = await propose();
    const eksjo = person('chief-eksjo');
    const chat = personalChat('eksjo');
    const first = await bot.press(eksjo, chat, 'participation.answer', { proposalId: id, answer: 'participates' }, undefined, 'answer-1');
    expect(first.card).toContain('Registrerat');
    // Habo's chief has talked to the bot before, so the chat is known and a refusal there writes nothing at all.
    await bot.say(person('chief-habo'), personalChat('habo'), 'hjälp');
    const before = await state();
    const again = await bot.press(eksjo, chat, 'participation.answer', { proposalId: id, answer: 'participates' }, undefined, 'answer-1');
    expect(again.card).toContain('Registrerat');
    expect(await state()).toEqual(before);

    const forged = await bot.press(eksjo, chat, 'participation.answer', { proposalId: id, answer: 'declines' }, undefined, 'answer-1');
    expect(forged.status).toBe(200);
    expect(forged.card).toContain(REFUSED);
    expect(forged.card).not.toContain('Registrerat');
    expect(await state()).toEqual(before);
    expect(warning('answer-1')).toMatchObject({ verb: 'answer', differs: ['answer'] });

    // Another person (of another municipality) under the same id: refused too.
    const habo = await bot.press(person('chief-habo'), personalChat('habo'), 'participation.answer', { proposalId: id, answer: 'participates' }, undefined, 'answer-1');
    expect(habo.card).toContain(REFUSED);
    expect(await state()).toEqual(before);
    expect(bot.store.participation.map((r) => [r.memberId, r.answer])).toEqual([['eksjo', 'participates']]);
  });

  it('a vote: another position under the same id is refused, the tally unchanged; the re-delivery still answers as before', async () => {
    await bot.install(CHIEFS);
    await bot.say(anna, CHIEFS, 'koppla socialchefsnatverket');
    await bot.say(anna, annaChat, 'nytt beslut');
    const opened = await bot.press(anna, annaChat, 'decision.submit', decisionForm, bot.connector.to(annaChat.id).at(-1)!.newId);
    const decisionId = /B-2026-\d{3}/.exec(opened.card)![0];
    const tranas = person('chief-tranas');
    const chat = personalChat('tranas');
    const first = await bot.press(tranas, chat, 'decision.vote', { decisionId, position: 'approve' }, undefined, 'vote-1');
    expect(first.card).toContain('Registrerat');
    const before = await state();

    const forged = await bot.press(tranas, chat, 'decision.vote', { decisionId, position: 'reject', reason: 'För dyrt' }, undefined, 'vote-1');
    expect(forged.card).toContain(REFUSED);
    expect(forged.card).toContain('1 av 13 har godkänt');
    expect(await state()).toEqual(before);
    expect(warning('vote-1')).toMatchObject({ verb: 'vote', differs: ['position', 'reason'] });

    const again = await bot.press(tranas, chat, 'decision.vote', { decisionId, position: 'approve' }, undefined, 'vote-1');
    expect(again.card).toContain('Registrerat');
    expect(await state()).toEqual(before);

    // A vote's id arriving as a participation answer is no re-delivery either.
    const id = await propose();
    const crossed = await bot.press(person('chief-tranas'), chat, 'participation.answer', { proposalId: id, answer: 'participates' }, undefined, 'vote-1');
    expect(crossed.card).toContain(REFUSED);
    expect(bot.store.participation).toHaveLength(0);
  });

  it('a gate approval: a send-back or another gate under the same id is refused and stores nothing', async () => {
    const id = await startable();
    const contact = person('chief-eksjo');
    const decider = person('aldre-jonkoping');
    await bot.press(contact, personalChat('eksjo'), 'gate.submit', { proposalId: id, gate: 'BG0', title: 'Direktiv', url: 'https://samverkan.example.se/BG0.docx' });
    const approved = await bot.press(decider, personalChat('aldre'), 'gate.approve', { proposalId: id, gate: 'BG0' }, undefined, 'gate-1');
    expect(approved.card).toContain('BG0 är godkänd');
    // The approval's personal notices (#16) are sent after the press is answered: settled before the comparison.
    await bot.ctx.outbox.idle();
    const before = await state();

    const sendBack = await bot.press(decider, personalChat('aldre'), 'gate.sendBack', { proposalId: id, gate: 'BG0', reason: 'Komplettera' }, undefined, 'gate-1');
    expect(sendBack.card).toContain(REFUSED);
    expect(await state()).toEqual(before);
    expect(warning('gate-1')).toMatchObject({ verb: 'gate.sendBack', differs: ['verb', 'reason'] });

    const again = await bot.press(decider, personalChat('aldre'), 'gate.approve', { proposalId: id, gate: 'BG0' }, undefined, 'gate-1');
    expect(again.card).not.toContain(REFUSED);
    expect(await state()).toEqual(before);
    expect(bot.store.gateEvents.map((e) => e.kind)).toEqual(['submit', 'approve']);
  });

  it('a form message submitted again with other content is refused; with the same content it gives what it made', async () => {
    await bot.say(anna, annaChat, 'nytt förslag');
    const formId = bot.connector.to(annaChat.id).at(-1)!.newId;
    expect((await bot.press(anna, annaChat, 'proposal.submit', proposalForm, formId)).card).toContain('P-2026-001');
    const before = await state();
    expect((await bot.press(anna, annaChat, 'proposal.submit', proposalForm, formId)).card).toContain('P-2026-001');
    const other = await bot.press(anna, annaChat, 'proposal.submit', { ...proposalForm, title: 'Något annat' }, formId);
    expect(other.card).toContain(REFUSED);
    expect(await state()).toEqual(before);
    expect(warning(formId!)).toMatchObject({ verb: 'proposal.form', differs: ['title'] });

    await bot.say(anna, annaChat, 'nytt beslut');
    const decisionFormId = bot.connector.to(annaChat.id).at(-1)!.newId;
    expect(cardText(bot.connector.to(annaChat.id).at(-1))).toContain('Nytt beslut');
    expect((await bot.press(anna, annaChat, 'decision.submit', decisionForm, decisionFormId)).card).toContain('B-2026-001');
    const opened = await state();
    const changed = await bot.press(anna, annaChat, 'decision.submit', { ...decisionForm, closesDate: '2026-12-11' }, decisionFormId);
    expect(changed.card).toContain(REFUSED);
    expect(await state()).toEqual(opened);
    expect(warning(decisionFormId!)).toMatchObject({ verb: 'decision.form', differs: ['closesAt'] });
    expect((await bot.press(anna, annaChat, 'decision.submit', decisionForm, decisionFormId)).card).toContain('B-2026-001');
    expect(bot.store.decisions).toHaveLength(1);
  });
});

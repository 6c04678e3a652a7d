import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestBot, channel, person, personalChat } from '../fixtures/bot.js';
import { cardText } from '../fixtures/connector-stub.js';
import { reminderSchedule, sendDecisionReminders } from '../../src/features/decisions/reminders.js';

const anna = person('anna-lindqvist');
const annaChat = personalChat('anna');
const CHIEFS = channel('19:socialchefsnatverket@thread.tacv2', 'Socialchefsnätverket');

describe('reminders before a decision closes', () => {
  let bot: TestBot;
  const chiefs = () => bot.ctx.partnership.people.filter((p) => p.roles.includes('socialChief'));
  const chief = (memberId: string) => chiefs().find((p) => p.member === memberId)!;
  const chatOf = (p: { id: string }) => personalChat(p.id);

  async function openDecision(closesDate: string): Promise<string> {
    await bot.say(anna, annaChat, 'nytt beslut');
    const form = bot.connector.to(annaChat.id).at(-1)!;
    const res = await bot.press(anna, annaChat, 'decision.submit', { question: 'Verksamhetsplan 2027', kind: 'operationalPlan', closesDate, closesTime: '16:00' }, form.newId);
    return /B-2026-\d{3}/.exec(res.card)![0];
  }

  beforeEach(async () => {
    bot = await new TestBot('2026-11-23T09:00:00Z').start();
    await bot.install(CHIEFS);
    await bot.say(anna, CHIEFS, 'koppla socialchefsnatverket');
    // The chiefs of Eksjö and Habo, and Eksjö's deputy, have the app in their personal chat.
    for (const p of [chief('eksjo'), chief('habo'), person('deputy-eksjo')]) await bot.install(chatOf(p), p);
  });
  afterEach(async () => {
    await bot.stop();
  });

  it('schedules 3 and 1 Swedish working days before the closing day, skipping Christmas', async () => {
    const id = await openDecision('2026-12-28');
    const decision = bot.store.decisions.find((d) => d.id === id)!;
    expect(reminderSchedule(bot.ctx, decision).map((r) => [r.step, r.due.toISOString()])).toEqual([
      [3, '2026-12-21T08:00:00.000Z'],
      [1, '2026-12-23T08:00:00.000Z'],
    ]);
  });

  it('reminds those who have not voted, personally and with one channel summary, each step once', async () => {
    const id = await openDecision('2026-12-10'); // Thursday: steps on Mon 7 and Wed 9 December, 09:00
    for (const c of chiefs().filter((c) => !['eksjo', 'habo'].includes(c.member!))) await bot.press(c, chatOf(c), 'decision.vote', { decisionId: id, position: 'approve' });
    await bot.press(chief('habo'), chatOf(chief('habo')), 'decision.vote', { decisionId: id, position: 'refer' });
    bot.connector.clear();

    bot.clock.set('2026-12-07T07:59:00Z');
    expect(await sendDecisionReminders(bot.ctx)).toEqual([]);
    bot.clock.set('2026-12-07T08:00:00Z');
    expect(await sendDecisionReminders(bot.ctx)).toEqual([id]);
    expect(await sendDecisionReminders(bot.ctx)).toEqual([]);

    const eksjoTexts = bot.connector.texts(chatOf(chief('eksjo')).id);
    expect(eksjoTexts).toEqual([expect.stringContaining('Eksjö har inte röstat ännu')]);
    expect(cardText(bot.connector.to(chatOf(chief('eksjo')).id).at(-1))).toContain('11 av 13 har godkänt');
    expect(bot.connector.texts(chatOf(person('deputy-eksjo')).id)).toHaveLength(1);
    expect(bot.connector.texts(chatOf(chief('habo')).id)[0]).toContain('Frågan ligger hos Habos nämnd');
    // mina says the same, in the partnership's words.
    await bot.say(chief('habo'), chatOf(chief('habo')), 'mina');
    expect(bot.connector.texts(chatOf(chief('habo')).id).at(-1)).toContain(`**${id}** Verksamhetsplan 2027 — hos nämnden, röstningen stänger 2026-12-10 16:00`);
    const summary = bot.connector.texts(CHIEFS.id);
    expect(summary).toEqual([expect.stringContaining('stänger 2026-12-10 16:00 — väntar på Eksjö, Habo')]);
    // Chiefs who voted get nothing.
    expect(bot.connector.to(chatOf(chief('jonkoping')).id)).toHaveLength(0);

    // A restart does not send the step again; the next step comes on its day.
    await bot.restart();
    expect(await sendDecisionReminders(bot.ctx)).toEqual([]);
    bot.clock.set('2026-12-09T08:00:00Z');
    await bot.press(chief('eksjo'), chatOf(chief('eksjo')), 'decision.vote', { decisionId: id, position: 'approve' });
    bot.connector.clear();
    expect(await sendDecisionReminders(bot.ctx)).toEqual([id]);
    expect(bot.connector.to(chatOf(chief('eksjo')).id)).toHaveLength(0);
    expect(bot.connector.texts(CHIEFS.id)).toEqual([expect.stringContaining('väntar på Habo')]);
  });

  it('after downtime over both steps sends one reminder, not two, and none once the decision closed', async () => {
    const id = await openDecision('2026-12-10');
    bot.connector.clear();
    bot.clock.set('2026-12-09T13:00:00Z');
    expect(await sendDecisionReminders(bot.ctx)).toEqual([id]);
    expect(bot.connector.texts(CHIEFS.id)).toHaveLength(1);
    expect(bot.connector.texts(chatOf(chief('eksjo')).id)).toHaveLength(1);
    expect(bot.store.decisions[0]!.remindersSent.map((r) => r.step).sort()).toEqual([1, 3]);

    const other = await openDecision('2026-12-11');
    bot.clock.set('2026-12-11T15:00:00Z');
    await bot.press(anna, annaChat, 'decision.close', { decisionId: other });
    bot.connector.clear();
    expect(await sendDecisionReminders(bot.ctx)).toEqual([]);
  });
});

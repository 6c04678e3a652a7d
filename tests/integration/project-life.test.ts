import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestBot, person, personalChat } from '../fixtures/bot.js';
import { cardText } from '../fixtures/connector-stub.js';
import { sendReportReminders } from '../../src/features/reminders/schedule.js';

const anna = person('anna-lindqvist');
const annaChat = personalChat('anna');
const contact = person('chief-eksjo');
const decider = person('aldre-jonkoping');
const doc = (gate: string) => ({ gate, title: `${gate}-dokument`, url: `https://samverkan.example.se/${gate}.docx` });

/**
 * A project's life is one status on the card, in `projekt` and in the export, and only a live project
 * (can start or running) is asked for its part of the reports.
 */
describe('a project lives and ends', () => {
  let bot: TestBot;
  const press = (who: { aadObjectId: string; name: string; id: string }, verb: string, data: Record<string, unknown>) =>
    bot.press(who, personalChat(who.id), verb, data);

  async function project(title: string, fields: Record<string, string> = {}): Promise<string> {
    await bot.say(anna, annaChat, 'nytt förslag');
    const form = bot.connector.to(annaChat.id).at(-1)!;
    const res = await bot.press(anna, annaChat, 'proposal.submit', {
      title, background: 'B', regionalValue: 'R', networkId: 'aldreomsorg', contactPersonId: 'chief-eksjo', answerDeadline: '2026-12-20', ...fields,
    }, form.newId);
    const id = /P-2026-\d{3}/.exec(res.card)![0];
    for (const who of ['chief-eksjo', 'chief-jonkoping']) await press(person(who), 'participation.answer', { proposalId: id, answer: 'participates' });
    return id;
  }
  async function pass(id: string, gates: string[]) {
    for (const gate of gates) {
      await press(contact, 'gate.submit', { proposalId: id, ...doc(gate) });
      expect((await press(decider, 'gate.approve', { proposalId: id, gate })).card).toContain(`${gate} är godkänd`);
    }
  }
  const listLine = async (id: string) => {
    await bot.say(anna, annaChat, 'projekt');
    return bot.connector.texts(annaChat.id).at(-1)!.split('\n').find((l) => l.includes(id)) ?? '';
  };

  beforeEach(async () => {
    bot = await new TestBot('2026-11-23T09:00:00Z').start();
    await bot.say(contact, personalChat('chief-eksjo'), 'hjälp');
  });
  afterEach(async () => {
    await bot.stop();
  });

  it('Kan starta → Pågår at BG1 → Avslutad at BG4, alike on the card, in projekt and in the export', async () => {
    const id = await project('Trygg hemgång');
    expect(await listLine(id)).toContain('Kan starta');
    await pass(id, ['BG0']);
    expect(await listLine(id)).toContain('Kan starta');
    await pass(id, ['BG1']);
    expect(await listLine(id)).toContain('Pågår');
    await bot.say(anna, annaChat, `projekt ${id}`);
    expect(cardText(bot.connector.to(annaChat.id).at(-1))).toContain('"text":"Pågår"');
    expect(cardText(bot.connector.to(annaChat.id).at(-1))).toContain('Projektet pågår med 2 deltagande kommuner.');
    await pass(id, ['BG2', 'BG3', 'BG4']);
    expect(await listLine(id)).toContain('Avslutad');
    await bot.say(anna, annaChat, `projekt ${id}`);
    const finished = cardText(bot.connector.to(annaChat.id).at(-1));
    expect(finished).toContain('"text":"Avslutad"');
    expect(finished).toContain('Projektet är avslutat: BG4 Slutrapport är godkänd.');
    // Nothing more is asked: no answer buttons (the deadline has not passed), no gate or request buttons.
    expect(finished).not.toContain('participation.answer');
    expect(finished).not.toContain('gate.submit');
    await bot.say(anna, annaChat, 'export');
    const csvUrl = /\((http[^)]+\.csv[^)]*)\)/.exec(bot.connector.texts(annaChat.id).at(-1)!)?.[1];
    expect(csvUrl).toBeTruthy();
    const csv = await (await fetch(csvUrl!)).text();
    expect(csv.split('\r\n').find((l) => l.startsWith(id))).toContain(';Avslutad;');
  });

  it('Avbruten with its reason; no answers asked of it in mina; no project reminder to a cancelled or finished project', async () => {
    const cancelled = await project('Avbrutet projekt');
    const finished = await project('Avslutat projekt');
    const live = await project('Levande projekt');
    await pass(finished, ['BG0', 'BG1', 'BG2', 'BG3', 'BG4']);
    await pass(live, ['BG0', 'BG1']);
    expect((await press(contact, 'gate.cancel', { proposalId: cancelled, reason: 'Finansieringen föll bort' })).card).toContain('Projektet är avbrutet: Finansieringen föll bort');
    expect(await listLine(cancelled)).toContain('Avbruten');
    await bot.say(anna, annaChat, `projekt ${cancelled}`);
    const card = cardText(bot.connector.to(annaChat.id).at(-1));
    expect(card).toContain('"text":"Avbruten"');
    expect(card).not.toContain('participation.answer');

    // A municipality that has not answered is not asked about an ended project.
    await bot.say(person('chief-habo'), personalChat('chief-habo'), 'mina');
    const mine = bot.connector.texts(personalChat('chief-habo').id).at(-1)!;
    expect(mine).toContain(live);
    expect(mine).not.toContain(cancelled);
    expect(mine).not.toContain(finished);

    // The Q1 report's project reminders, in April: only the live project's contact person is asked.
    bot.connector.clear();
    bot.clock.set(new Date('2027-04-20T07:00:00Z'));
    await sendReportReminders(bot.ctx);
    const asked = bot.connector.to(personalChat('chief-eksjo').id).map(cardText).filter(Boolean);
    expect(asked.some((c) => c.includes(live))).toBe(true);
    expect(asked.some((c) => c.includes(cancelled))).toBe(false);
    expect(asked.some((c) => c.includes(finished))).toBe(false);
  });

  it('joint funds block the plan: BG2 is refused before the consensus decision on the money and passes after it', async () => {
    const id = await project('Med gemensamma medel', { jointFundsRequested: 'true', jointFundsSek: '150000' });
    await pass(id, ['BG0', 'BG1']);
    await press(contact, 'gate.submit', { proposalId: id, ...doc('BG2') });
    const refused = await press(decider, 'gate.approve', { proposalId: id, gate: 'BG2' });
    expect(refused.card).toContain('BG2 Projektplan kan godkännas först när socialcheferna har beslutat om de gemensamma medlen i konsensus.');
    expect(refused.card).toContain('BG2 väntar på beslutet om gemensamma medel: begär det med knappen Begär beslut om gemensamma medel.');
    // The plan waits: no approve button is offered for it.
    expect(refused.card).not.toContain('gate.approve');
    expect(bot.store.gateEvents.filter((e) => e.kind === 'approve').map((e) => e.gate)).toEqual(['BG0', 'BG1']);

    await bot.say(anna, annaChat, 'nytt beslut');
    const form = bot.connector.to(annaChat.id).at(-1)!;
    const opened = await bot.press(anna, annaChat, 'decision.submit', {
      question: 'Gemensamma medel', kind: 'jointFunds', background: '', amountSek: '150000', closesDate: '2026-12-10', closesTime: '16:00', proposalId: id,
    }, form.newId);
    const decisionId = /B-2026-\d{3}/.exec(opened.card)![0];
    await bot.say(anna, annaChat, `projekt ${id}`);
    expect(cardText(bot.connector.to(annaChat.id).at(-1))).toContain(`BG2 väntar på beslutet om gemensamma medel (${decisionId}; skriv: beslut ${decisionId}).`);
    expect((await press(decider, 'gate.approve', { proposalId: id, gate: 'BG2' })).card).toContain('kan godkännas först när socialcheferna har beslutat');

    for (const chief of bot.ctx.partnership.people.filter((p) => p.roles.includes('socialChief')))
      await press(chief, 'decision.vote', { decisionId, position: 'approve' });
    expect(bot.store.proposals.find((p) => p.id === id)!.jointFundsApproved).toMatchObject({ decisionId });
    const passed = await press(decider, 'gate.approve', { proposalId: id, gate: 'BG2' });
    expect(passed.card).toContain('BG2 är godkänd');
    expect(passed.card).not.toContain('väntar på beslutet om gemensamma medel');
  });
});

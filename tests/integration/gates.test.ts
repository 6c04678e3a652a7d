import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestBot, UNKNOWN_PERSON, person, personalChat } from '../fixtures/bot.js';

const anna = person('anna-lindqvist');
const annaChat = personalChat('anna');
const contact = person('chief-eksjo');
const decider = person('aldre-jonkoping');

describe('projektstegen over HTTP', () => {
  let bot: TestBot;
  let id: string;
  const press = (who: { aadObjectId: string; name: string; id: string }, verb: string, data: Record<string, unknown>) =>
    bot.press(who, personalChat(who.id), verb, { proposalId: id, ...data });
  const doc = (gate: string) => ({ gate, title: `${gate}-dokument`, url: `https://samverkan.example.se/${gate}.docx` });

  beforeEach(async () => {
    bot = await new TestBot('2026-11-23T09:00:00Z').start();
    await bot.say(anna, annaChat, 'nytt förslag');
    const form = bot.connector.to(annaChat.id).at(-1)!;
    const res = await bot.press(anna, annaChat, 'proposal.submit', {
      title: 'Trygg hemgång', background: 'B', regionalValue: 'R', networkId: 'aldreomsorg', contactPersonId: 'chief-eksjo', answerDeadline: '2026-12-20',
    }, form.newId);
    id = /P-2026-\d{3}/.exec(res.card)![0];
  });
  afterEach(async () => {
    await bot.stop();
  });

  it('has no gates before the project can start', async () => {
    const res = await press(contact, 'gate.submit', doc('BG0'));
    expect(res.card).toContain('Projektet kan inte starta än');
    expect(bot.store.gateEvents).toHaveLength(0);
  });

  it('takes a project from BG0 to BG4 with a send-back, by the right people only', async () => {
    for (const who of ['chief-eksjo', 'chief-jonkoping']) await press(person(who), 'participation.answer', { answer: 'participates' });

    expect((await press(person('ifo-varnamo'), 'gate.submit', doc('BG0'))).card).toContain('Bara projektets kontaktperson');
    expect((await press(contact, 'gate.submit', { ...doc('BG0'), url: 'javascript:alert(1)' })).card).toContain('Ange dokumentets titel och en https-länk');
    expect((await press(contact, 'gate.submit', doc('BG1'))).card).toContain('föregående grind är inte godkänd');
    const submitted = await press(contact, 'gate.submit', doc('BG0'));
    expect(submitted.card).toContain('BG0 är inlämnad för beslut');
    expect(submitted.card).toContain('BG0 Projektdirektiv — väntar på beslut');
    expect(bot.connector.texts(annaChat.id).at(-1)).toContain(`${id} Trygg hemgång**: BG0 Projektdirektiv är inlämnad för beslut`);

    // Issue 15 item 4: the owning group decides, not a coordinator (who decided every gate here before).
    for (const wrong of [person('chief-eksjo'), person('ifo-varnamo')])
      expect((await press(wrong, 'gate.approve', { gate: 'BG0' })).card).toContain('Grindbeslut fattas av ledamöterna i Äldreomsorg från deltagande kommuner. Du sitter inte i Äldreomsorg.');
    expect((await press(UNKNOWN_PERSON, 'gate.approve', { gate: 'BG0' })).card).toContain('Du finns inte med i partnerskapets förteckning, så du kan inte besluta om grindar.');
    expect((await press(anna, 'gate.approve', { gate: 'BG0' })).card).toContain('Samordnare lämnar in grinddokument och kan avbryta projektet, men beslutar inte om grindar');
    expect((await press(decider, 'gate.sendBack', { gate: 'BG0', reason: '' })).card).toContain('Ange ett skäl');
    expect((await press(decider, 'gate.sendBack', { gate: 'BG0', reason: 'Komplettera budgeten' })).card).toContain('BG0 återremitterades: Komplettera budgeten');
    await press(contact, 'gate.submit', doc('BG0'));
    const approved = await press(decider, 'gate.approve', { gate: 'BG0' });
    expect(approved.card).toContain('BG0 är godkänd');
    expect(approved.card).toContain('✔ BG0 Projektdirektiv — godkänd 2026-11-23 10:00 av Erik Sjöberg');
    expect(approved.card).toContain('https://samverkan.example.se/BG0.docx');
    expect((await press(decider, 'gate.approve', { gate: 'BG0' })).card).toContain('Den grinden väntar inte på beslut');

    for (const gate of ['BG1', 'BG2', 'BG2.i', 'BG3', 'BG3.i', 'BG4']) {
      await press(contact, 'gate.submit', doc(gate));
      expect((await press(decider, 'gate.approve', { gate })).card).toContain(`${gate} är godkänd`);
    }
    const done = await press(contact, 'gate.submit', doc('BG1'));
    expect(done.card).toContain('Den grinden är redan passerad');
    expect((await press(anna, 'gate.cancel', { reason: 'x' })).card).toContain('Projektet är avslutat (BG4)');
    expect(bot.store.gateEvents.filter((e) => e.kind === 'approve').map((e) => e.gate)).toEqual(['BG0', 'BG1', 'BG2', 'BG2.i', 'BG3', 'BG3.i', 'BG4']);
    expect(bot.store.gateEvents.filter((e) => e.kind === 'sendBack')).toHaveLength(1);
  });

  it('cancels a project with a reason, and then nothing moves', async () => {
    for (const who of ['chief-eksjo', 'chief-jonkoping']) await press(person(who), 'participation.answer', { answer: 'participates' });
    expect((await press(decider, 'gate.cancel', { reason: 'x' })).card).toContain('Bara projektets kontaktperson');
    expect((await press(contact, 'gate.cancel', { reason: '' })).card).toContain('Ange ett skäl');
    const res = await press(contact, 'gate.cancel', { reason: 'Finansieringen föll bort' });
    expect(res.card).toContain('Projektet är avbrutet: Finansieringen föll bort');
    expect((await press(contact, 'gate.submit', doc('BG0'))).card).toContain('Projektet är avbrutet.');
  });
});

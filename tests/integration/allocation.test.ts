import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestBot, person, personalChat } from '../fixtures/bot.js';
import { cardText } from '../fixtures/connector-stub.js';

const kr = (n: number) => `${n.toLocaleString('sv-SE')} kr`;

describe('the joint fee and project costs, split by population', () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await new TestBot('2026-11-23T09:00:00Z').start();
  });
  afterEach(async () => {
    await bot.stop();
  });

  it('shows each municipality its 2026 share, krona by krona, with the quarterly advance', async () => {
    const chat = personalChat('e');
    await bot.say(person('chief-eksjo'), chat, 'fördelning 2026');
    const card = cardText(bot.connector.to(chat.id).at(-1));
    const expected: [string, number][] = [
      ['Aneby', 113_893], ['Eksjö', 298_129], ['Gislaved', 484_862], ['Gnosjö', 153_002], ['Habo', 225_473],
      ['Jönköping', 2_474_142], ['Mullsjö', 127_248], ['Nässjö', 529_283], ['Sävsjö', 193_753], ['Tranås', 311_735],
      ['Vaggeryd', 248_413], ['Vetlanda', 461_269], ['Värnamo', 578_798],
    ];
    expect(expected.reduce((sum, [, n]) => sum + n, 0)).toBe(6_200_000);
    expect(card).toContain('Fördelning av den gemensamma avgiften 2026');
    expect(card).toContain(kr(6_200_000));
    const rows = card.split('"type":"TableRow"');
    for (const [name, amount] of expected) {
      const row = rows.find((r) => r.includes(`"text":"${name}"`));
      expect(row, name).toContain(`"text":"${kr(amount)}"`);
    }
    expect(card).toContain(`${kr(618_536)} / ${kr(618_536)} / ${kr(618_535)} / ${kr(618_535)}`);
    expect(card).toContain('Chart.Pie');

    await bot.say(person('chief-eksjo'), chat, 'fördelning 2027');
    expect(cardText(bot.connector.to(chat.id).at(-1))).toContain(kr(6_417_000));
    await bot.say(person('chief-eksjo'), chat, 'fördelning 2040');
    expect(bot.connector.texts(chat.id).at(-1)).toContain('Det finns ingen avgift för 2040');
    await bot.say(person('chief-eksjo'), chat, 'fördelning');
    expect(cardText(bot.connector.to(chat.id).at(-1))).toContain('avgiften 2026');
  });

  it("splits a project's estimated cost among the participating municipalities only, and follows changes", async () => {
    const anna = person('anna-lindqvist');
    const annaChat = personalChat('anna');
    await bot.say(anna, annaChat, 'nytt förslag');
    const form = bot.connector.to(annaChat.id).at(-1)!;
    await bot.press(anna, annaChat, 'proposal.submit', {
      title: 'Gemensam kompetensplattform', background: 'B', regionalValue: 'R', networkId: 'ifo',
      contactPersonId: 'anna-lindqvist', estimatedCostSek: '500000', answerDeadline: '2026-12-20',
    }, form.newId);
    await bot.press(person('chief-eksjo'), personalChat('e'), 'participation.answer', { proposalId: 'P-2026-001', answer: 'participates' });
    const two = await bot.press(person('chief-habo'), personalChat('h'), 'participation.answer', { proposalId: 'P-2026-001', answer: 'participates' });
    expect(two.card).toContain('Kostnadsfördelning mellan deltagande kommuner');
    expect(two.card).toContain(kr(284_690));
    expect(two.card).toContain(kr(215_310));
    const three = await bot.press(person('chief-jonkoping'), personalChat('j'), 'participation.answer', { proposalId: 'P-2026-001', answer: 'participates' });
    expect(three.card).not.toContain(kr(284_690));
    const shares = [...three.card.matchAll(/"text":"([\d\u00a0]+) kr"/g)].map((x) => Number(x[1]!.replace(/\u00a0/g, '')));
    expect(shares.filter((n) => n < 500_000).reduce((a, b) => a + b, 0)).toBe(500_000);
  });

  it('gives coordinators a CSV of every project with status, participants, costs and shares', async () => {
    const anna = person('anna-lindqvist');
    const annaChat = personalChat('anna');
    await bot.say(anna, annaChat, 'nytt förslag');
    const form = bot.connector.to(annaChat.id).at(-1)!;
    await bot.press(anna, annaChat, 'proposal.submit', {
      title: 'Plattform; "gemensam"', background: 'B', regionalValue: 'R', networkId: 'ifo',
      contactPersonId: 'anna-lindqvist', estimatedCostSek: '500000', answerDeadline: '2026-12-20',
    }, form.newId);
    for (const who of ['chief-eksjo', 'chief-habo']) await bot.press(person(who), personalChat(who), 'participation.answer', { proposalId: 'P-2026-001', answer: 'participates' });

    await bot.say(person('chief-eksjo'), personalChat('e'), 'export');
    expect(bot.connector.texts(personalChat('e').id).at(-1)).toContain('Bara samordnare kan exportera');
    await bot.say(anna, annaChat, 'export');
    const link = /\((http:\/\/localhost:\d+\/export\/projekt\.csv\?[^)]+)\)/.exec(bot.connector.texts(annaChat.id).at(-1)!)![1]!.replace('localhost', '127.0.0.1');
    const res = await fetch(link);
    expect(res.status).toBe(200);
    const csv = await res.text();
    const [header, row] = csv.replace(/^\ufeff/, '').split('\r\n');
    expect(header).toContain('Nummer;Titel;Nätverk;Status;Grind;Deltar (antal)');
    expect(header).toContain('Kostnadsandel Jönköping (kr)');
    expect(row).toContain('P-2026-001;"Plattform; ""gemensam""";Individ- och familjeomsorg;Kan starta;;2;"Eksjö, Habo";');
    expect(row).toContain(';284690;');
    expect(row).toContain(';215310;');
    expect((await fetch(link.replace(/sig=[^&]+/, 'sig=forged'))).status).toBe(403);
    await bot.press(anna, annaChat, 'gate.submit', { proposalId: 'P-2026-001', gate: 'BG0', title: 'Direktiv', url: 'https://example.se/d' });
    // A member of the owning group (IFO) from a participating municipality decides; a coordinator no longer
    // does (issue 15 item 4): Värnamo joins, and its member of IFO approves.
    await bot.press(person('chief-varnamo'), personalChat('chief-varnamo'), 'participation.answer', { proposalId: 'P-2026-001', answer: 'participates' });
    await bot.press(person('ifo-varnamo'), personalChat('ifo-varnamo'), 'gate.approve', { proposalId: 'P-2026-001', gate: 'BG0' });
    const again = await (await fetch(link)).text();
    expect(again).toContain(';Kan starta;BG0 godkänd;3;');
  });
});

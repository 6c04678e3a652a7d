import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALDRE_CHANNEL, TestBot, person, personalChat } from '../fixtures/bot.js';
import { cardText } from '../fixtures/connector-stub.js';
import { sweepShortages } from '../../src/features/proposals/join-leave.js';
import { sweepDeadlines } from '../../src/features/proposals/deadlines.js';

const anna = person('anna-lindqvist');
const annaChat = personalChat('anna');
const contact = person('chief-eksjo');
const decider = person('aldre-jonkoping');
const doc = (gate: string) => ({ gate, title: `${gate}-dokument`, url: `https://samverkan.example.se/${gate}.docx` });
const kr = (n: number) => `${n.toLocaleString('sv-SE')} kr`;

/** Walks a card's JSON: every TextBlock's and RichTextBlock's text, and each table as rows of cell texts, in order. */
type Piece = { text: string } | { rows: string[][] };
function pieces(card: unknown): Piece[] {
  const out: Piece[] = [];
  const cellText = (cell: { items?: { inlines?: { text: string }[] }[] }) => (cell.items ?? []).flatMap((i) => (i.inlines ?? []).map((r) => r.text)).join('');
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const el = node as Record<string, unknown>;
    if (el.type === 'TextBlock') out.push({ text: String(el.text) });
    else if (el.type === 'RichTextBlock') out.push({ text: (el.inlines as { text: string }[]).map((r) => r.text).join('') });
    else if (el.type === 'Table') out.push({ rows: (el.rows as { cells: never[] }[]).slice(1).map((r) => r.cells.map(cellText)) });
    else for (const v of Object.values(el)) walk(v);
  };
  walk((card as { body: unknown }).body);
  return out;
}

/** The table under each period heading of the card's "Kostnadsfördelning per period". */
function periodTables(cardJson: string): Map<string, string[][]> {
  const list = pieces(JSON.parse(cardJson));
  const start = list.findIndex((p) => 'text' in p && p.text === 'Kostnadsfördelning per period');
  const out = new Map<string, string[][]>();
  if (start < 0) return out;
  for (let i = start + 2; i + 1 < list.length; i += 2) {
    const label = list[i]!;
    const table = list[i + 1]!;
    if (!('text' in label) || !('rows' in table)) break;
    out.set(label.text, table.rows);
  }
  return out;
}

const amounts = (rows: string[][] | undefined) => (rows ?? []).map((r) => [r[0], r[2]]);

describe('participation through a project’s life (rule 8)', () => {
  let bot: TestBot;
  const press = (who: { aadObjectId: string; name: string; id: string }, verb: string, data: Record<string, unknown>, id?: string) =>
    bot.press(who, personalChat(who.id), verb, data, undefined, id);

  async function project(title: string, members: string[], fields: Record<string, string> = {}): Promise<string> {
    await bot.say(anna, annaChat, 'nytt förslag');
    const form = bot.connector.to(annaChat.id).at(-1)!;
    const res = await bot.press(anna, annaChat, 'proposal.submit', {
      title, background: 'B', regionalValue: 'R', networkId: 'aldreomsorg', contactPersonId: 'chief-eksjo', answerDeadline: '2026-12-20',
      estimatedCostSek: '300000', ...fields,
    }, form.newId);
    const id = /P-2026-\d{3}/.exec(res.card)![0];
    for (const who of members) await press(person(who), 'participation.answer', { proposalId: id, answer: 'participates' });
    return id;
  }
  async function pass(id: string, gates: string[]) {
    for (const gate of gates) {
      await press(contact, 'gate.submit', { proposalId: id, ...doc(gate) });
      expect((await press(decider, 'gate.approve', { proposalId: id, gate })).card).toContain(`${gate} är godkänd`);
    }
  }
  const card = async (id: string) => {
    await bot.say(anna, annaChat, `projekt ${id}`);
    return cardText(bot.connector.to(annaChat.id).at(-1));
  };
  const csvRows = async (id: string) => {
    await bot.say(anna, annaChat, 'export');
    const url = /\((http[^)]+\.csv[^)]*)\)/.exec(bot.connector.texts(annaChat.id).at(-1)!)![1]!.replace('localhost', '127.0.0.1');
    const lines = (await (await fetch(url)).text()).replace(/^\ufeff/, '').split('\r\n');
    const header = lines[0]!.split(';');
    return lines.filter((l) => l.startsWith(`${id};`)).map((l) => Object.fromEntries(splitCsv(l).map((c, i) => [header[i]!, c])));
  };

  beforeEach(async () => {
    bot = await new TestBot('2026-11-23T09:00:00Z').start();
    await bot.install(ALDRE_CHANNEL);
    await bot.say(anna, ALDRE_CHANNEL, 'koppla äldreomsorg');
  });
  afterEach(async () => {
    await bot.stop();
  });

  it('a municipality leaves a running project: the split per period on the card and in the export; with one left the channel is told and the gate refused; a join lets it pass', async () => {
    const id = await project('Trygg hemgång', ['chief-eksjo', 'chief-jonkoping', 'chief-habo']);
    await pass(id, ['BG0', 'BG1']);
    bot.clock.set(new Date('2027-01-11T09:00:00Z'));

    const left = await press(person('chief-habo'), 'participation.leave', { proposalId: id, from: '2027-02-01', reason: 'Budgeten räcker inte' });
    expect(left.card).toContain('Registrerat: Habo lämnar projektet från och med 2027-02-01. Kostnadsandelen fördelas på de andra från den dagen.');
    expect(left.card).toContain('"text":"Pågår"');
    expect(left.card).toContain('Deltar (lämnar fr.o.m. 2027-02-01)');
    expect(left.card).toContain('Habo lämnar fr.o.m. 2027-02-01 — registrerat av Eva Lund (socialchef), 2027-01-11 10:00. Skäl: ');
    expect(left.card).toContain('Budgeten räcker inte');
    // Each period splits the estimated cost 300 000 kr by population, in whole kronor (figures summed by hand).
    let periods = periodTables(left.card);
    expect([...periods.keys()]).toEqual(['Till och med 2027-01-31', 'Från och med 2027-02-01']);
    expect(amounts(periods.get('Till och med 2027-01-31'))).toEqual([['Eksjö', kr(29_835)], ['Habo', kr(22_564)], ['Jönköping', kr(247_601)]]);
    expect(29_835 + 22_564 + 247_601).toBe(300_000);
    expect(amounts(periods.get('Från och med 2027-02-01'))).toEqual([['Eksjö', kr(32_262)], ['Jönköping', kr(267_738)]]);
    expect(32_262 + 267_738).toBe(300_000);
    const record = bot.store.participation.at(-1)!;
    expect(record).toMatchObject({ proposalId: id, memberId: 'habo', kind: 'leave', answer: 'declines', reason: 'Budgeten räcker inte', effectiveFrom: '2027-02-01', personId: 'chief-habo', capacity: 'socialChief' });
    expect(record.effectiveAt).toBe('2027-01-31T23:00:00.000Z');

    // The export: a row per period, with who left, from when and why.
    const rows = await csvRows(id);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ 'Period från': '', 'Period till': '2027-01-31', 'Deltar (antal)': '3', 'Kostnadsandel Eksjö (kr)': '29835', 'Kostnadsandel Habo (kr)': '22564', 'Kostnadsandel Jönköping (kr)': '247601' });
    expect(rows[1]).toMatchObject({ 'Period från': '2027-02-01', 'Period till': '', 'Deltar (antal)': '2', 'Kostnadsandel Eksjö (kr)': '32262', 'Kostnadsandel Habo (kr)': '', 'Kostnadsandel Jönköping (kr)': '267738' });
    expect(rows[0]!['Ändrat deltagande']).toBe('Habo lämnar fr.o.m. 2027-02-01 (Eva Lund 2027-01-11; skäl: Budgeten räcker inte)');
    expect(rows[0]!.Status).toBe('Pågår');

    // Eksjö leaves from today: two are left until Habo's day, so nobody is told yet.
    bot.connector.clear();
    await press(contact, 'participation.leave', { proposalId: id, from: '2027-01-11', reason: 'Omprioritering' });
    expect(bot.connector.texts(ALDRE_CHANNEL.id).join('\n')).not.toContain('deltagande kommun');
    const ahead = await card(id);
    expect(ahead).toContain('Från och med 2027-02-01 deltar bara 1 kommun (minst 2 krävs)');
    periods = periodTables(ahead);
    expect([...periods.keys()]).toEqual(['Till och med 2027-01-10', '2027-01-11 – 2027-01-31', 'Från och med 2027-02-01']);
    expect(amounts(periods.get('2027-01-11 – 2027-01-31'))).toEqual([['Habo', kr(25_056)], ['Jönköping', kr(274_944)]]);
    expect(25_056 + 274_944).toBe(300_000);
    expect(amounts(periods.get('Från och med 2027-02-01'))).toEqual([['Jönköping', kr(300_000)]]);

    // Habo's day comes: one municipality left. The owning group's channel is told once; the card says so.
    bot.clock.set(new Date('2027-02-01T07:00:00Z'));
    expect(await sweepShortages(bot.ctx)).toEqual([id]);
    expect(await sweepShortages(bot.ctx)).toEqual([]);
    const told = bot.connector.texts(ALDRE_CHANNEL.id).filter((t) => t.includes('deltagande kommun'));
    expect(told).toEqual([`**${id} Trygg hemgång** har nu bara 1 deltagande kommun (minst 2 krävs). Projektet kan inte passera nästa grind förrän minst 2 kommuner deltar igen, eller så avbryts det.`]);
    const short = await card(id);
    expect(short).toContain('"text":"Pågår"');
    expect(short).not.toContain('Ej genomförbart');
    expect(short).toContain('Bara 1 kommun deltar nu (minst 2 krävs).');
    expect(short).toContain('Har lämnat (fr.o.m. 2027-02-01)');

    // Its next gate is refused, and not offered for approval.
    await press(contact, 'gate.submit', { proposalId: id, ...doc('BG2') });
    const refused = await press(decider, 'gate.approve', { proposalId: id, gate: 'BG2' });
    expect(refused.card).toContain('För få kommuner deltar i projektet för att det ska kunna passera grinden.');
    expect(refused.card).toContain('Grinden kan inte godkännas: färre än 2 kommuner deltar.');
    expect(refused.card).not.toContain('gate.approve');
    expect(bot.store.gateEvents.filter((e) => e.kind === 'approve').map((e) => e.gate)).toEqual(['BG0', 'BG1']);

    // Aneby joins: two again, and the gate passes.
    const joined = await press(person('chief-aneby'), 'participation.join', { proposalId: id });
    expect(joined.card).toContain('Registrerat: Aneby deltar i projektet från och med 2027-02-01.');
    expect(joined.card).not.toContain('Bara 1 kommun deltar nu');
    expect(joined.card).toContain('Deltar (gick med 2027-02-01)');
    expect(amounts(periodTables(joined.card).get('Från och med 2027-02-01'))).toEqual([['Aneby', kr(13_202)], ['Jönköping', kr(286_798)]]);
    expect(13_202 + 286_798).toBe(300_000);
    expect((await press(decider, 'gate.approve', { proposalId: id, gate: 'BG2' })).card).toContain('BG2 är godkänd');
  });

  it('joins a project after the deadline; every refusal in Swedish, and nothing recorded', async () => {
    const id = await project('Gemensam plattform', ['chief-eksjo', 'chief-jonkoping']);
    // Before the deadline the answer buttons are the way.
    expect((await press(person('chief-habo'), 'participation.join', { proposalId: id })).card).toContain('Svarstiden pågår till och med 2026-12-20: svara med knapparna Vi deltar / Vi deltar inte.');
    bot.clock.set(new Date('2027-01-11T09:00:00Z'));
    const before = await card(id);
    expect(before).toContain('participation.join');
    expect(before).toContain('participation.leave');
    expect(before).not.toContain('participation.answer');

    const joined = await press(person('chief-habo'), 'participation.join', { proposalId: id }, 'join-habo');
    expect(joined.card).toContain('Registrerat: Habo deltar i projektet från och med 2027-01-11.');
    expect(joined.card).toContain('3 av 13 kommuner deltar');
    // The card answering the press offers only what applies to the presser's municipality.
    expect(joined.card).toContain('participation.leave');
    expect(joined.card).not.toContain('participation.join');
    expect(joined.card).toContain('2027-01-11: Habo gick med — registrerat av Eva Lund (socialchef), 2027-01-11 10:00');
    const periods = periodTables(joined.card);
    expect(amounts(periods.get('Till och med 2027-01-10'))).toEqual([['Eksjö', kr(32_262)], ['Jönköping', kr(267_738)]]);
    expect(amounts(periods.get('Från och med 2027-01-11'))).toEqual([['Eksjö', kr(29_835)], ['Habo', kr(22_564)], ['Jönköping', kr(247_601)]]);
    // The same press again (Teams re-delivers) counts once and is answered as the first.
    expect((await press(person('chief-habo'), 'participation.join', { proposalId: id }, 'join-habo')).card).toContain('Registrerat: Habo deltar i projektet från och med 2027-01-11.');
    const count = () => bot.store.participation.filter((r) => r.proposalId === id).length;
    expect(count()).toBe(3);

    const refusals: [string, { aadObjectId: string; name: string; id: string }, string, Record<string, unknown>][] = [
      ['already in', person('chief-habo'), 'participation.join', {}],
      ['not in', person('chief-gnosjo'), 'participation.leave', { from: '2027-02-01', reason: 'x' }],
      ['no municipality', anna, 'participation.join', {}],
      ['another municipality', person('chief-habo'), 'participation.leave', { memberId: 'eksjo', from: '2027-02-01', reason: 'x' }],
      ['no role in the network', person('ifo-varnamo'), 'participation.join', {}],
      ['blank reason', person('chief-habo'), 'participation.leave', { from: '2027-02-01', reason: ' \u200b ' }],
      ['bad date', person('chief-habo'), 'participation.leave', { from: '2027-02-30', reason: 'x' }],
      ['past date', person('chief-habo'), 'participation.leave', { from: '2027-01-10', reason: 'x' }],
      ['too far ahead', person('chief-habo'), 'participation.leave', { from: '2028-01-13', reason: 'x' }],
    ];
    const said = [];
    for (const [, who, verb, data] of refusals) said.push(/"text":"([^"]*Inget är ändrat[^"]*)"/.exec((await press(who, verb, { proposalId: id, ...data })).card)?.[1]);
    expect(said).toEqual([
      'Habo deltar redan i projektet. Inget är ändrat.',
      'Gnosjö deltar inte i projektet, så det finns inget att lämna. Inget är ändrat.',
      undefined,
      undefined,
      undefined,
      'Ange ett skäl till att kommunen lämnar projektet. Inget är ändrat.',
      'Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2027-03-01. Inget är ändrat.',
      'Datumet har redan passerat: välj i dag (2027-01-11) eller ett senare datum. Inget är ändrat.',
      'Datumet ligger för långt fram: välj senast 2028-01-12. Inget är ändrat.',
    ]);
    expect((await press(anna, 'participation.join', { proposalId: id })).card).toContain('Du är inte knuten till någon kommun och kan därför inte ändra en kommuns deltagande.');
    expect((await press(person('chief-habo'), 'participation.leave', { proposalId: id, memberId: 'eksjo', from: '2027-02-01', reason: 'x' })).card).toContain('Du kan bara ändra deltagandet för din egen kommun.');
    expect((await press(person('ifo-varnamo'), 'participation.join', { proposalId: id })).card).toContain('Du kan inte ändra din kommuns deltagande i detta nätverks projekt.');
    expect(count()).toBe(3);

    // A leave dated ahead is pending: no second leave, no join until its day.
    const leaving = await press(person('chief-habo'), 'participation.leave', { proposalId: id, from: '2027-03-01', reason: 'Omorganisation' }, 'leave-habo');
    expect(leaving.card).not.toContain('participation.leave');
    expect(leaving.card).not.toContain('participation.join');
    // The same activity id with another date is no re-delivery: refused, nothing recorded.
    expect((await press(person('chief-habo'), 'participation.leave', { proposalId: id, from: '2027-04-01', reason: 'Omorganisation' }, 'leave-habo')).card).toContain('Avvisat: samma klick har redan tagits emot med ett annat innehåll');
    expect((await press(person('chief-habo'), 'participation.leave', { proposalId: id, from: '2027-04-01', reason: 'x' })).card).toContain('Habo lämnar redan projektet från och med 2027-03-01. Inget är ändrat.');
    expect((await press(person('chief-habo'), 'participation.join', { proposalId: id })).card).toContain('Habo lämnar projektet från och med 2027-03-01 och deltar fram till dess.');
    expect(count()).toBe(4);

    // An ended project: nothing to join or leave, and no buttons for it.
    await press(contact, 'gate.cancel', { proposalId: id, reason: 'Finansieringen föll bort' });
    expect((await press(person('chief-gnosjo'), 'participation.join', { proposalId: id })).card).toContain('Projektet är avslutat eller avbrutet, så deltagandet kan inte ändras.');
    expect(await card(id)).not.toContain('participation.join');
    expect(count()).toBe(4);
  });

  it('a project that is not feasible takes no joins; one whose BG0 was approved never turns "Ej genomförbart" and cannot pass BG1 with one participant', async () => {
    const lonely = await project('Ensamt förslag', ['chief-eksjo']);
    const approved = await project('Godkänt direktiv', ['chief-eksjo', 'chief-jonkoping']);
    await pass(approved, ['BG0']);
    // A changed answer before the deadline leaves one: the card and the channel say so, the status stays.
    bot.connector.clear();
    // (Eksjö leaves, not Jönköping: the group's only member here is from Jönköping, and gates need four eyes.)
    await press(person('chief-eksjo'), 'participation.answer', { proposalId: approved, answer: 'declines' });
    expect(bot.connector.texts(ALDRE_CHANNEL.id).filter((t) => t.includes(approved))).toEqual([
      `**${approved} Godkänt direktiv** har nu bara 1 deltagande kommun (minst 2 krävs). Projektet kan inte passera nästa grind förrän minst 2 kommuner deltar igen, eller så avbryts det.`,
    ]);

    bot.clock.set(new Date('2026-12-21T08:00:00Z'));
    expect(await sweepDeadlines(bot.ctx)).toEqual([lonely]);
    const after = await card(approved);
    expect(after).toContain('"text":"Kan starta"');
    expect(after).toContain('Bara 1 kommun deltar nu (minst 2 krävs).');
    expect(after).not.toContain('Ej genomförbart');
    await press(contact, 'gate.submit', { proposalId: approved, ...doc('BG1') });
    expect((await press(decider, 'gate.approve', { proposalId: approved, gate: 'BG1' })).card).toContain('För få kommuner deltar i projektet');

    expect((await press(person('chief-habo'), 'participation.join', { proposalId: lonely })).card).toContain('Projektet är ej genomförbart: svarstiden gick ut utan tillräckligt många deltagande kommuner.');
    expect(await card(lonely)).not.toContain('participation.join');
    // Joining brings the approved one back to two, and BG1 passes.
    await press(person('chief-habo'), 'participation.join', { proposalId: approved });
    expect((await press(decider, 'gate.approve', { proposalId: approved, gate: 'BG1' })).card).toContain('BG1 är godkänd');
  });
});

/** One CSV line's cells (quoted fields with ';' and doubled quotes). */
function splitCsv(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}

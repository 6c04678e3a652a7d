import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBot, UNKNOWN_PERSON, channel, person, personalChat, type Conversation } from '../fixtures/bot.js';
import { cardText } from '../fixtures/connector-stub.js';
import { anna, annaChat, seedYear, type Seeded } from '../fixtures/overview-scenario.js';

/**
 * `min kommun`, `kommun <namn>`, `översikt` and `årsöversikt` through the real server, over a year
 * built with the bot's own commands and buttons (tests/fixtures/overview-scenario.ts). The figures
 * are summed by hand from the SCB populations of 2024:
 *
 * - Trygg hemgång, 1 000 000 kr between Eksjö (17 792), Habo (13 456) and Jönköping (147 654):
 *   Habo 75 214 kr. Anhörigstöd, 300 000 kr between Habo, Jönköping and Värnamo (34 542): Habo 20 633 kr.
 *   Habo's shares 2026: 95 847 kr (the cancelled project counts nothing).
 * - The fee 2026, 6 200 000 kr by population (370 009): Habo 225 473 kr, in advances of
 *   56 369 + 56 368 + 56 368 + 56 368 kr. Habo's money 2026: 321 320 kr.
 */
describe('a municipality’s part and the partnership’s year, through the real server', () => {
  let bot: TestBot;
  let seeded: Seeded;
  const habo = person('chief-habo');
  const haboChat = personalChat('chief-habo');
  const erik = person('aldre-jonkoping');
  const erikChat = personalChat('aldre-jonkoping');

  beforeAll(async () => {
    bot = await new TestBot('2026-11-23T09:00:00Z').start();
    seeded = await seedYear(bot);
  }, 60_000);
  afterAll(async () => {
    await bot.stop();
  });

  async function ask(who: { aadObjectId: string; name: string; id: string }, chat: Conversation, text: string) {
    const res = await bot.say(who, chat, text);
    expect(res.status).toBe(200);
    const sent = bot.connector.to(chat.id).at(-1)!;
    return { card: cardText(sent), text: sent.body.text ?? '' };
  }

  it('min kommun, as Habo’s social chief: its projects with status, gate and share, its fee, what waits for it, the report it got', async () => {
    const { card } = await ask(habo, haboChat, 'min kommun');
    expect(card).toContain('Habo i partnerskapet');
    expect(card).toContain('Projekt som kommunen deltar i 2026');
    const row = (id: string) => new RegExp(`"text":"${id} [^"]+"}\\]}\\]},\\{"type":"TableCell","items":\\[\\{"type":"RichTextBlock","inlines":\\[\\{"type":"TextRun","text":"([^"]+)"}\\]}\\]},\\{"type":"TableCell","items":\\[\\{"type":"RichTextBlock","inlines":\\[\\{"type":"TextRun","text":"([^"]+)"}\\]}\\]},\\{"type":"TableCell","items":\\[\\{"type":"RichTextBlock","inlines":\\[\\{"type":"TextRun","text":"([^"]+)"`);
    expect(row(seeded.trygg).exec(card)?.slice(1)).toEqual(['Pågår', 'BG1 godkänd', '75\u00a0214 kr']);
    expect(row(seeded.anhorig).exec(card)?.slice(1)).toEqual(['Kan starta', 'BG0 godkänd', '20\u00a0633 kr']);
    expect(row(seeded.cancelled).exec(card)?.slice(1)).toEqual(['Avbruten', 'Ingen än', '–']);
    // Habo declined Barnahus and has not answered Digital tillsyn: neither is its project.
    expect(row(seeded.barnahus).exec(card)).toBeNull();
    expect(card).toContain('Kommunens andelar av projektens kostnad 2026: 95\u00a0847 kr');
    expect(card).toContain('{"title":"Helår","value":"225\u00a0473 kr"}');
    expect(card).toContain('Q1 56\u00a0369 kr · Q2 56\u00a0368 kr · Q3 56\u00a0368 kr · Q4 56\u00a0368 kr');
    expect(card).toContain('Förslag som väntar på Habos svar');
    expect(card).toContain(`"text":"${seeded.digital} "},{"type":"TextRun","text":"Digital tillsyn"},{"type":"TextRun","text":" — svara senast 2026-12-20"}`);
    expect(card).toContain('Beslut som väntar på Habos röst');
    expect(card).toContain(`"text":"${seeded.decision} "},{"type":"TextRun","text":"Verksamhetsplan 2027"},{"type":"TextRun","text":" — röstningen stänger 2026-12-10 16:00"}`);
    expect(card).toContain('Delårsrapport Q1 (2026 Q1)');
    // The fee of 2026 rests on a confirmed base: nothing preliminary.
    expect(card).not.toContain('Preliminärt');
    expect(bot.logs.join('')).toMatch(/"memberId":"habo","ms":\d+,"msg":"municipality view given"/);
  });

  it('kommun Habo: anyone in the partnership sees the same card for any municipality, the name read without case or diacritics', async () => {
    const mine = (await ask(habo, haboChat, 'min kommun')).card;
    const strip = (card: string) => card.replace(/läget \d{4}-\d\d-\d\d \d\d:\d\d/, '');
    for (const typed of ['kommun Habo', 'kommun HABO', 'kommun habo kommun', 'Kommun 0643']) expect(strip((await ask(anna, annaChat, typed)).card), typed).toBe(strip(mine));
    // A network member of another municipality may look too.
    expect((await ask(erik, erikChat, 'kommun habo')).card).toContain('Habo i partnerskapet');
    const jonkoping = (await ask(anna, annaChat, 'kommun jonkoping')).card;
    expect(jonkoping).toContain('Jönköping i partnerskapet');
    expect(jonkoping).toContain('{"title":"Helår","value":"2\u00a0474\u00a0142 kr"}');
    expect((await ask(anna, annaChat, 'kommun JÖNKÖPING')).card).toContain('Jönköping i partnerskapet');
  });

  it('an unknown name gets the list of municipalities; a coordinator has no own municipality; a stranger sees nothing', async () => {
    const unknown = await ask(anna, annaChat, 'kommun Huskvarna');
    expect(unknown.card).toBe('');
    expect(unknown.text).toBe('Det finns ingen kommun som heter ”Huskvarna” i partnerskapet. Kommunerna är: Aneby, Eksjö, Gislaved, Gnosjö, Habo, Jönköping, Mullsjö, Nässjö, Sävsjö, Tranås, Vaggeryd, Vetlanda, Värnamo.');
    expect((await ask(anna, annaChat, 'kommun *Habo*')).text).toContain('ingen kommun som heter ”\\*Habo\\*”');
    expect((await ask(anna, annaChat, 'min kommun')).text).toBe('Du hör inte till någon kommun. Skriv kommun och namnet, till exempel: kommun Habo.');
    const stranger = await ask(UNKNOWN_PERSON, personalChat('stranger'), 'kommun Habo');
    expect(stranger.card).toBe('');
    expect(stranger.text).toBe('Du finns inte med i partnerskapets förteckning. Kontakta samordnaren.');
  });

  it('översikt, as a chief: each group’s portfolio as a donut, gates, participation and money as bars, each with its figures as a fallback', async () => {
    const { card } = await ask(habo, haboChat, 'översikt');
    const json = JSON.parse(card) as { body: Record<string, unknown>[] };
    const charts = json.body.filter((e) => String(e.type).startsWith('Chart.'));
    expect(charts.map((c) => [c.type, c.title])).toEqual([
      ['Chart.Donut', 'Individ- och familjeomsorg: projekt efter status 2026'],
      ['Chart.Donut', 'Äldreomsorg: projekt efter status 2026'],
      ['Chart.VerticalBar', 'Godkända grindar 2026, antal per grind'],
      ['Chart.HorizontalBar', 'Antal projekt som varje kommun deltar i 2026'],
      ['Chart.Donut', 'Beslut 2026 efter utfall'],
      ['Chart.HorizontalBar', 'Avgift och projektandelar per kommun 2026, kronor'],
    ]);
    expect(charts[0]!.data).toEqual([{ legend: 'Kan starta', value: 1 }, { legend: 'Öppen för svar', value: 1 }]);
    expect(charts[1]!.data).toEqual([{ legend: 'Pågår', value: 1 }, { legend: 'Kan starta', value: 1 }, { legend: 'Avbruten', value: 1 }]);
    const bar = (i: number, x: string) => (charts[i]!.data as { x: string; y: number }[]).find((d) => d.x === x)?.y;
    // Gates approved in 2026: Trygg hemgång BG0 and BG1, Anhörigstöd BG0.
    expect([bar(2, 'BG0'), bar(2, 'BG1'), bar(2, 'BG2')]).toEqual([2, 1, 0]);
    expect([bar(3, 'Habo'), bar(3, 'Jönköping'), bar(3, 'Eksjö'), bar(3, 'Aneby')]).toEqual([3, 4, 3, 0]);
    // Habo 225 473 + 95 847; Jönköping 2 474 142 + 825 335 + 226 403 + 446 230.
    expect([bar(5, 'Habo'), bar(5, 'Jönköping')]).toEqual([321_320, 3_972_110]);
    // The fallback (drawn where charts are not) carries the same figures.
    const fallback = JSON.stringify(charts[5]!.fallback);
    expect(fallback).toContain('{"title":"Habo","value":"321\u00a0320 kr"}');
    expect(fallback).toContain('{"title":"Jönköping","value":"3\u00a0972\u00a0110 kr"}');
    expect(card).toContain('Senast godkända grind — ingen än: 2 · BG1: 1.');
    expect(card).toContain('Hälso- och sjukvård: 0 projekt');
    expect(card).toContain('Öppet för röster (2 av 13 godkände)');
  });

  it('översikt and årsöversikt are for coordinators and chiefs; a year outside the data is named', async () => {
    expect((await ask(erik, erikChat, 'översikt')).text).toBe('Översikten och årsöversikten är för samordnare och socialchefer. Din kommuns läge ser du med: min kommun.');
    expect((await ask(erik, erikChat, 'årsöversikt 2026')).text).toContain('är för samordnare och socialchefer');
    expect((await ask(anna, annaChat, 'årsöversikt 2019')).text).toBe('Det finns ingen översikt för ”2019”: skriv ett år från 2026 till 2026, till exempel årsöversikt 2026.');
    expect((await ask(anna, annaChat, 'översikt nästa')).text).toContain('Det finns ingen översikt för ”nästa”');
  });

  it('årsöversikt 2026: a signed page (HTML, Swedish, no script) and CSV; without a valid signature nothing', async () => {
    const { text } = await ask(anna, annaChat, 'årsöversikt 2026');
    expect(text).toMatch(/^Årsöversikt 2026: \[utskriftsvänlig sida\]\(http:\/\/localhost:\d+\/arsoversikt\/2026\.html\?exp=\d+&sig=[\w-]{43}\) · \[Excel \(CSV\)\]\(http:\/\/localhost:\d+\/arsoversikt\/2026\.csv\?exp=\d+&sig=[\w-]{43}\)\. Länkarna gäller i 24 timmar\.$/);
    const [htmlUrl, csvUrl] = [...text.matchAll(/\((http[^)]+)\)/g)].map((x) => x[1]!);

    const page = await fetch(htmlUrl!);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('content-disposition')).toBe('inline; filename="arsoversikt-2026.html"');
    const html = (await page.text()).replace(/\u00a0/g, ' ');
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain('<h1>Årsöversikt 2026</h1>');
    expect(html).not.toMatch(/<script/i);
    expect(html).toMatch(/<th scope="row">P-2026-001<\/th><td>Trygg hemgång<\/td><td>Äldreomsorg<\/td><td>Pågår<\/td><td>BG1 godkänd<\/td><td>BG0, BG1<\/td><td>Eksjö, Habo, Jönköping<\/td><td class="num">1 000 000<\/td>/);
    expect(html).toMatch(/<th scope="row">Habo<\/th><td class="num">225 473<\/td><td class="num">95 847<\/td><td class="num">321 320<\/td>/);
    expect(html).toContain('<desc id="pengar-desc">Siffrorna i diagrammet: Aneby 113 893 kr; Eksjö 451 350 kr;');

    const csv = await fetch(csvUrl!);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="arsoversikt-2026.csv"');
    const lines = (await csv.text()).split('\r\n');
    expect(lines).toContain('Habo;225473;95847;321320');
    expect(lines).toContain('Totalt;6200000;1800000;8000000');
    expect(lines).toContain(`${seeded.decision};Verksamhetsplan 2027;Verksamhetsplan;2026-12-10 16:00;Öppet för röster;2 av 13`);

    // The signature is over the path: another year, no signature or a changed one is refused.
    const url = new URL(htmlUrl!);
    expect((await fetch(`${url.origin}/arsoversikt/2026.html`)).status).toBe(403);
    expect((await fetch(`${url.origin}/arsoversikt/2025.html${url.search}`)).status).toBe(403);
    expect((await fetch(`${url.origin}/arsoversikt/2026.csv${url.search}`)).status).toBe(403);
    // One character of the signature changed (to another one: 'A' when it was not, else 'B').
    expect((await fetch(htmlUrl!.replace(/sig=(.)/, (_all, first: string) => `sig=${first === 'A' ? 'B' : 'A'}`))).status).toBe(403);
    expect((await fetch(`${url.origin}/arsoversikt/2026.pdf${url.search}`)).status).toBe(404);
    expect(bot.logs.join('')).toContain('"reason":"badSignature","file":"2026.html","msg":"yearly overview download refused"');
  });

  it('min kommun lists the consultation rounds waiting for the municipality’s statement, by its own answer date', async () => {
    const chiefs = channel('19:socialchefsnatverket-overview@thread.tacv2', 'Socialchefsnätverket');
    await bot.install(chiefs);
    await bot.say(anna, chiefs, 'koppla socialchefsnatverket');
    expect((await ask(habo, haboChat, 'min kommun')).card).toContain('Ingen remiss väntar på Habos yttrande.');
    await bot.say(anna, annaChat, 'ny remiss');
    const form = bot.connector.to(annaChat.id).at(-1)!;
    const round = {
      subject: 'Avtal om gemensam familjerätt', question: 'Tillstyrker nämnden förslaget?', documents: 'Avtal https://samverkan.example.se/avtal.pdf',
      asked: 'municipalities', askedMembers: '', answerDate: '2026-12-11', recipient: 'PKS', networkId: 'socialchefsnatverket',
    };
    const opened = await bot.press(anna, annaChat, 'consultation.submit', round, form.newId);
    const id = /R-2026-\d{3}/.exec(opened.card)![0];
    const line = (date: string) => `"text":"${id} "},{"type":"TextRun","text":"Avtal om gemensam familjerätt"},{"type":"TextRun","text":" — ${date}"}`;
    const haboCard = (await ask(habo, haboChat, 'min kommun')).card;
    expect(haboCard).toContain('Remisser som väntar på Habos yttrande');
    expect(haboCard).toContain(line('svara senast 2026-12-11'));

    // Eksjö answers: nothing waits for it. Habo is granted more time: its own date is shown.
    const eksjo = person('chief-eksjo');
    await bot.press(eksjo, personalChat('chief-eksjo'), 'consultation.answer', {
      consultationId: id, position: 'approve', text: 'Nämnden tillstyrker.', decidedBy: 'Socialnämnden', paragraph: '§ 1', dnr: 'SN 2026/1', decisionDate: '2026-11-20',
    });
    expect((await ask(anna, annaChat, 'kommun Eksjö')).card).toContain('Ingen remiss väntar på Eksjös yttrande.');
    await bot.press(anna, annaChat, 'consultation.extend', { consultationId: id, extendMemberId: 'habo', extendUntil: '2026-12-18' });
    expect((await ask(anna, annaChat, 'kommun Habo')).card).toContain(line('svara senast 2026-12-18'));
    bot.clock.set('2026-12-21T09:00:00Z');
    expect((await ask(anna, annaChat, 'kommun Habo')).card).toContain(line('svarsdatumet 2026-12-18 har passerat'));
  });

  it('a link stops working after 24 hours', async () => {
    const { text } = await ask(habo, haboChat, 'årsöversikt');
    const htmlUrl = /\((http[^)]+\.html[^)]+)\)/.exec(text)![1]!;
    expect((await fetch(htmlUrl)).status).toBe(200);
    bot.clock.set(new Date(bot.clock.now().getTime() + 24 * 3600_000 + 1000));
    const expired = await fetch(htmlUrl);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toBe('Länken har gått ut. / This link has expired.');
  });

  it('a project the municipality left during the year stays on its card, marked with its last day and without a share', async () => {
    // Habo leaves Trygg hemgång from 23 December: it takes part until the 22nd.
    bot.clock.set('2026-12-22T09:00:00Z');
    const left = await bot.press(habo, haboChat, 'participation.leave', { proposalId: seeded.trygg, from: '2026-12-23', reason: 'Budgeten räcker inte' });
    expect(left.status).toBe(200);
    // Before the day it still takes part, with its share.
    expect((await ask(habo, haboChat, 'min kommun')).card).toContain('Kommunens andelar av projektens kostnad 2026: 95\u00a0847 kr');
    bot.clock.set('2026-12-28T09:00:00Z');
    const { card } = await ask(habo, haboChat, 'min kommun');
    const row = new RegExp(`"text":"${seeded.trygg} [^"]+"}\\]}\\]},\\{"type":"TableCell","items":\\[\\{"type":"RichTextBlock","inlines":\\[\\{"type":"TextRun","text":"([^"]+)"}\\]}\\]},\\{"type":"TableCell","items":\\[\\{"type":"RichTextBlock","inlines":\\[\\{"type":"TextRun","text":"([^"]+)"}\\]}\\]},\\{"type":"TableCell","items":\\[\\{"type":"RichTextBlock","inlines":\\[\\{"type":"TextRun","text":"([^"]+)"`);
    expect(row.exec(card)?.slice(1)).toEqual(['Pågår, deltog t.o.m. 2026-12-22', 'BG1 godkänd', '–']);
    // Only Anhörigstöd's share counts now: 20 633 kr.
    expect(card).toContain('Kommunens andelar av projektens kostnad 2026: 20\u00a0633 kr');
    expect(card).toContain('Ett projekt som kommunen lämnade under året står utan andel');
    // Eksjö, still in it, has no such line.
    expect((await ask(anna, annaChat, 'kommun Eksjö')).card).not.toContain('deltog t.o.m.');
  });
});

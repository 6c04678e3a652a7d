import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import forbundFile from '../../data/partnership.samordningsforbund.json' with { type: 'json' };
import { sendConsultationReminders } from '../../src/features/consultations/reminders.js';
import { readStoreFiles } from '../../src/store/store.js';
import { TestBot, UNKNOWN_PERSON, channel, person, personalChat } from '../fixtures/bot.js';
import { cardText } from '../fixtures/connector-stub.js';

/**
 * Consultation rounds (remiss och yttranden) through the real server: the form, a burst of answers,
 * an extension, a change, a late answer, the close and the compilation, read line by line; the same
 * with the samordningsförbund file, whose members are not only municipalities.
 */

type Who = { id: string; aadObjectId: string; name: string };

const anna = person('anna-lindqvist');
const annaChat = personalChat('anna');
const CHIEFS = channel('19:socialchefsnatverket@thread.tacv2', 'Socialchefsnätverket');
const chief = (memberId: string) => person(`chief-${memberId}`);
const chatOf = (who: Who) => personalChat(who.id);

const FORM = {
  subject: 'Avtal om gemensam familjerätt',
  question: 'Förslaget är att länets kommuner bildar en gemensam familjerättsenhet.\nTillstyrker nämnden förslaget?',
  documents: 'Förslag till avtal https://samverkan.example.se/familjeratt/avtal.pdf\nhttps://samverkan.example.se/familjeratt/konsekvensanalys.pdf',
  asked: 'municipalities',
  askedMembers: '',
  answerDate: '2026-12-11',
  recipient: 'PKS',
  networkId: 'socialchefsnatverket',
};

/** The card a press answers with, as text, for `toContain`. */
const pressText = (res: { card: string }) => res.card;

describe('consultation rounds over HTTP, in the partnership', () => {
  let bot: TestBot;

  async function openRound(fields: Partial<typeof FORM> = {}): Promise<string> {
    await bot.say(anna, annaChat, 'ny remiss');
    const form = bot.connector.to(annaChat.id).at(-1)!;
    const res = await bot.press(anna, annaChat, 'consultation.submit', { ...FORM, ...fields }, form.newId);
    const id = /R-2026-\d{3}/.exec(res.card)?.[0];
    expect(id, res.card).toBeTruthy();
    return id!;
  }

  const answer = (who: Who, id: string, fields: Record<string, string>, activityId?: string) =>
    bot.press(who, chatOf(who), 'consultation.answer', { consultationId: id, ...fields }, undefined, activityId);

  /** The newest version of the round's card in the chiefs' channel (its post, or the last update of it). */
  const channelCard = (id: string) => {
    const copy = bot.store.postedConsultationCards.find((c) => c.consultationId === id && c.conversationId === CHIEFS.id)!;
    return cardText(bot.connector.sent.filter((s) => s.conversationId === CHIEFS.id && (s.newId === copy.activityId || s.activityId === copy.activityId)).at(-1));
  };

  beforeEach(async () => {
    bot = await new TestBot('2026-11-23T09:00:00Z').start();
    await bot.install(CHIEFS);
    await bot.say(anna, CHIEFS, 'koppla socialchefsnatverket');
  });
  afterEach(async () => {
    await bot.stop();
  });

  it('hjälp speaks of municipalities and the social chiefs’ network in the partnership, whose members are all municipalities', async () => {
    await bot.say(chief('eksjo'), chatOf(chief('eksjo')), 'hjälp');
    const help = bot.connector.texts(chatOf(chief('eksjo')).id).at(-1)!;
    for (const line of [
      '- **mina** — Det som väntar på svar från din kommun.',
      '- **nytt beslut** — Öppna ett konsensusbeslut i socialchefsnätverket (samordnare).',
      '- **min kommun, kommun <namn>** — En kommuns projekt, avgift och det som väntar på dess svar; alla kan se alla kommuner.',
      '- **översikt [år]** — Partnerskapets portfölj, deltagande, beslut och pengar, med diagram (samordnare och socialchefer).',
    ])
      expect(help).toContain(line);
  });

  it('opens a round through the form; refuses bad input and non-coordinators, and a form sent again opens nothing more', async () => {
    await bot.say(chief('eksjo'), chatOf(chief('eksjo')), 'ny remiss');
    expect(bot.connector.texts(chatOf(chief('eksjo')).id).at(-1)).toBe('Bara samordnare kan öppna en remiss.');
    expect(pressText(await bot.press(chief('eksjo'), chatOf(chief('eksjo')), 'consultation.submit', FORM))).toContain('Bara samordnare kan öppna en remiss.');

    await bot.say(anna, annaChat, 'ny remiss');
    const form = bot.connector.to(annaChat.id).at(-1)!;
    for (const t of ['Ny remiss', 'Alla medlemskommuner (13)', 'Svar senast', 'Sammanställningen går till', 'PKS']) expect(cardText(form)).toContain(t);
    const bad = await bot.press(anna, annaChat, 'consultation.submit', { ...FORM, subject: ' ', documents: 'Avtal http://samverkan.example.se/avtal.pdf', answerDate: '2026-11-20' }, form.newId);
    for (const t of ['Remissen är inte skickad', 'Fältet måste fyllas i.', 'Varje handling behöver en länk som börjar med https://.', 'Datumet har redan passerat.', FORM.question.split('\n')[0]!])
      expect(bad.card).toContain(t);
    expect(bot.store.consultations).toHaveLength(0);

    const ok = await bot.press(anna, annaChat, 'consultation.submit', FORM, form.newId);
    expect(ok.card).toContain('Remiss R-2026-001 är öppnad och publicerad i Socialchefsnätverket.');
    expect(bot.store.consultations[0]).toMatchObject({
      id: 'R-2026-001',
      subject: FORM.subject,
      answerDate: '2026-12-11',
      recipient: 'PKS',
      asked: ['aneby', 'eksjo', 'gislaved', 'gnosjo', 'habo', 'jonkoping', 'mullsjo', 'nassjo', 'savsjo', 'tranas', 'vaggeryd', 'vetlanda', 'varnamo'],
      documents: [
        { title: 'Förslag till avtal', url: 'https://samverkan.example.se/familjeratt/avtal.pdf' },
        { title: 'konsekvensanalys.pdf', url: 'https://samverkan.example.se/familjeratt/konsekvensanalys.pdf' },
      ],
    });
    const posted = cardText(bot.connector.to(CHIEFS.id).filter((s) => s.method === 'POST').at(-1));
    for (const t of ['Remiss R-2026-001', FORM.subject, 'Öppen för yttranden — svar senast 2026-12-11', '0 av 13 har svarat', '13 (13 kommuner)', 'Lämna yttrande', 'Begär anstånd', 'Ej svarat'])
      expect(posted).toContain(t);
    expect(bot.connector.texts(annaChat.id).at(-1)).toBe('Remiss R-2026-001 är öppnad och publicerad i Socialchefsnätverket.');

    // The same form message again (re-delivery, double click): the same round; other content under its id: refused.
    expect((await bot.press(anna, annaChat, 'consultation.submit', FORM, form.newId)).card).toContain('R-2026-001');
    expect((await bot.press(anna, annaChat, 'consultation.submit', { ...FORM, subject: 'Något annat' }, form.newId)).card).toContain('Inget är registrerat');
    expect(bot.store.consultations).toHaveLength(1);
    expect(bot.store.outbox).toHaveLength(0);
  });

  /** Each member's answer in the burst: who presses, and what. */
  const STATEMENTS: Record<string, { position: string; text: string; decidedBy: string; paragraph: string; dnr: string; decisionDate: string; documentUrl?: string }> = {
    aneby: { position: 'approve', text: 'Socialnämnden tillstyrker förslaget.', decidedBy: 'Socialnämnden', paragraph: '§ 101', dnr: 'SN 2026/41', decisionDate: '2026-11-20' },
    eksjo: { position: 'approveWithComments', text: 'Nämnden tillstyrker.\nKostnaderna bör följas upp efter ett år.', decidedBy: 'Social- och omsorgsnämnden', paragraph: '§ 88', dnr: 'SON 2026/102', decisionDate: '2026-11-19', documentUrl: 'https://eksjo.example.se/yttrande.pdf' },
    gislaved: { position: 'approve', text: 'Tillstyrks.', decidedBy: 'Socialnämnden', paragraph: '§ 12', dnr: 'SN 2026/7', decisionDate: '2026-11-18' },
    jonkoping: { position: 'reject', text: 'Socialnämnden avstyrker: staden har redan en egen enhet.', decidedBy: 'Socialnämnden', paragraph: '§ 230', dnr: 'SON 2026:514', decisionDate: '2026-11-20' },
    mullsjo: { position: 'abstain', text: 'Berörs inte av förslaget.', decidedBy: '', paragraph: '', dnr: '', decisionDate: '' },
    nassjo: { position: 'approve', text: 'Nämnden tillstyrker.', decidedBy: 'Socialnämnden', paragraph: '§ 77', dnr: 'SN 2026/88', decisionDate: '2026-11-17' },
    savsjo: { position: 'approve', text: 'Tillstyrks enligt delegation.', decidedBy: 'Socialchefen (delegation)', paragraph: '', dnr: 'SN 2026/3', decisionDate: '2026-11-23' },
    vaggeryd: { position: 'approveWithComments', text: 'Tillstyrker, med synpunkt om <lokaler> & bemanning.', decidedBy: 'Socialnämnden', paragraph: '§ 5', dnr: 'SN 2026/55', decisionDate: '2026-11-21' },
    vetlanda: { position: 'approve', text: 'Tillstyrks.', decidedBy: 'Socialnämnden', paragraph: '§ 61', dnr: 'SN 2026/61', decisionDate: '2026-11-20' },
    varnamo: { position: 'approve', text: 'Tillstyrks.', decidedBy: 'Socialnämnden', paragraph: '§ 9', dnr: 'SN 2026/9', decisionDate: '2026-11-16' },
  };

  it('13 municipalities in a burst, an extension, a change, a late answer, the close, and the compilation line by line', async () => {
    bot.clock.set('2026-11-24T09:00:00Z');
    const id = await openRound();
    bot.connector.clear();

    // One press per municipality, all at once.
    const presses: [string, Promise<{ card: string; status: number }>][] = [
      ...Object.entries(STATEMENTS).map(([memberId, fields]): [string, Promise<{ card: string; status: number }>] => {
        if (memberId === 'eksjo') return [memberId, answer(person('deputy-eksjo'), id, fields)];
        if (memberId === 'savsjo') return [memberId, answer(anna, id, { ...fields, memberId: 'savsjo' })];
        return [memberId, answer(chief(memberId), id, fields)];
      }),
      ['gnosjo', bot.press(chief('gnosjo'), chatOf(chief('gnosjo')), 'consultation.requestTime', { consultationId: id, until: '2026-12-18', reason: 'Nämnden sammanträder 17 december.' })],
      ['habo', answer(chief('habo'), id, { ...STATEMENTS.aneby!, memberId: 'aneby' })],
      ['tranas', answer(chief('tranas'), id, { ...STATEMENTS.aneby!, text: 'x'.repeat(10_001) })],
    ];
    expect(presses).toHaveLength(13);
    const results = Object.fromEntries(await Promise.all(presses.map(async ([memberId, p]) => [memberId, await p] as const)));
    expect(Object.values(results).every((r) => r.status === 200)).toBe(true);
    expect(results.aneby!.card).toContain('Registrerat: Aneby — tillstyrker.');
    expect(results.eksjo!.card).toContain('Registrerat: Eksjö — tillstyrker med synpunkter.');
    expect(results.mullsjo!.card).toContain('Registrerat: Mullsjö — avstår.');
    expect(results.savsjo!.card).toContain('Registrerat för Sävsjös räkning.');
    expect(results.gnosjo!.card).toContain('Registrerat: Gnosjö begär anstånd till 2026-12-18. En samordnare tar ställning.');
    expect(results.habo!.card).toContain('Du kan bara lämna svar för din egen organisation (Habo). Inget är registrerat.');
    expect(results.tranas!.card).toContain('Inget är registrerat: Texten är för lång: 10001 tecken, högst 10000.');

    const recorded = bot.store.consultationAnswers.map((a) => `${a.memberId}:${a.kind}:${a.position ?? ''}:${a.capacity}`).sort();
    expect(recorded).toEqual([
      'aneby:statement:approve:socialChief',
      'eksjo:statement:approveWithComments:deputyChief',
      'gislaved:statement:approve:socialChief',
      'gnosjo:moreTime::socialChief',
      'jonkoping:statement:reject:socialChief',
      'mullsjo:abstain::socialChief',
      'nassjo:statement:approve:socialChief',
      'savsjo:statement:approve:coordinator',
      'vaggeryd:statement:approveWithComments:socialChief',
      'varnamo:statement:approve:socialChief',
      'vetlanda:statement:approve:socialChief',
    ]);
    expect((await readStoreFiles(bot.storeFile)).consultationAnswers).toHaveLength(11);
    let shown = channelCard(id);
    for (const t of ['10 av 13 har svarat — väntar på Gnosjö, Habo och Tranås', 'Begärt anstånd till 2026-12-18', 'Avstyrker', 'Socialnämnden, § 230, dnr SON 2026:514, 2026-11-20', 'Anna Lindqvist (samordnare, för medlemmens räkning)'])
      expect(shown).toContain(t);

    // Refused, and nothing stored: each says why.
    const before = JSON.stringify(bot.store.consultationAnswers);
    const refusals: [Who, Record<string, string>, string][] = [
      [chief('tranas'), { ...STATEMENTS.aneby!, documentUrl: 'http://tranas.example.se/yttrande.pdf' }, 'Länken måste börja med https://.'],
      [chief('tranas'), { ...STATEMENTS.aneby!, decisionDate: '2026-13-01' }, 'Ange datum som ÅÅÅÅ-MM-DD.'],
      [chief('tranas'), { ...STATEMENTS.aneby!, decisionDate: '2026-11-25' }, 'Beslutsdatumet kan inte ligga i framtiden.'],
      [chief('tranas'), { ...STATEMENTS.aneby!, position: '' }, 'Välj ställningstagande'],
      [chief('tranas'), { ...STATEMENTS.aneby!, decidedBy: '' }, 'Ange vilket organ som fattade beslutet'],
      [anna, STATEMENTS.aneby!, 'Välj vilken medlem du registrerar svaret för.'],
      [person('aldre-jonkoping'), STATEMENTS.aneby!, 'Du kan inte lämna svar i den här remissen'],
      [UNKNOWN_PERSON, STATEMENTS.aneby!, 'Du kan inte lämna svar i den här remissen'],
    ];
    for (const [who, fields, text] of refusals) expect((await answer(who, id, fields)).card).toContain(text);
    expect(JSON.stringify(bot.store.consultationAnswers)).toBe(before);

    // More time for Gnosjö: the coordinator's, to a later date.
    const extend = (who: Who, until: string) => bot.press(who, chatOf(who), 'consultation.extend', { consultationId: id, extendMemberId: 'gnosjo', extendUntil: until });
    expect((await extend(chief('eksjo'), '2026-12-18')).card).toContain('Bara samordnare kan ge anstånd och stänga remissen.');
    expect((await extend(anna, '2026-12-11')).card).toContain('Det nya svarsdatumet måste ligga efter 2026-12-11.');
    expect((await extend(anna, '2026-12-18')).card).toContain('Gnosjö har fått anstånd till 2026-12-18.');
    expect(bot.store.consultations[0]!.extensions).toEqual([{ memberId: 'gnosjo', until: '2026-12-18', personId: 'anna-lindqvist', at: '2026-11-24T09:00:00.000Z', activityId: expect.any(String) }]);
    expect(channelCard(id)).toContain('Anstånd till 2026-12-18');

    // A change before the answer date replaces Värnamo's statement; both stay in the history.
    bot.clock.set('2026-12-02T09:00:00Z');
    const changed = { position: 'approveWithComments', text: 'Nämnden tillstyrker, men vill se en utvärdering 2028.', decidedBy: 'Socialnämnden', paragraph: '§ 14', dnr: 'SN 2026/9', decisionDate: '2026-12-01' };
    expect((await answer(chief('varnamo'), id, changed)).card).toContain('Registrerat: Värnamos nya svar ersätter det tidigare, som finns kvar i historiken.');
    expect(bot.store.consultationAnswers.filter((a) => a.memberId === 'varnamo').map((a) => a.position)).toEqual(['approve', 'approveWithComments']);
    expect((await answer(chief('varnamo'), id, changed)).card).toContain('Värnamo har redan lämnat just det svaret. Inget är ändrat.');

    const close = () => bot.press(anna, annaChat, 'consultation.close', { consultationId: id });
    expect((await close()).card).toContain('Fortfarande i tid: Gnosjö, Habo och Tranås. Inget är ändrat.');

    // After the answer date: no more changes; a first answer is taken, marked late; Gnosjö still has time.
    bot.clock.set('2026-12-14T09:00:00Z');
    expect((await answer(chief('varnamo'), id, STATEMENTS.varnamo!)).card).toContain('Värnamos svarsdatum 2026-12-11 har passerat, så svaret kan inte längre ändras. Inget är registrerat.');
    const tranas = { position: 'approve', text: 'Tillstyrks. Beslutet fattades på decembersammanträdet.', decidedBy: 'Socialnämnden', paragraph: '§ 140', dnr: 'SN 2026/140', decisionDate: '2026-12-10' };
    expect((await answer(chief('tranas'), id, tranas)).card).toContain('Registrerat: Tranås — tillstyrker. Svaret kom in efter svarsdatumet och är markerat så.');
    expect((await close()).card).toContain('Fortfarande i tid: Gnosjö. Inget är ändrat.');

    bot.clock.set('2026-12-17T09:00:00Z');
    const gnosjo = { position: 'approve', text: 'Socialnämnden tillstyrker.', decidedBy: 'Socialnämnden', paragraph: '§ 150', dnr: 'SN 2026/150', decisionDate: '2026-12-16' };
    const gnosjoRes = await answer(chief('gnosjo'), id, gnosjo);
    expect(gnosjoRes.card).toContain('Registrerat: Gnosjö — tillstyrker.');
    expect(gnosjoRes.card).not.toContain('efter svarsdatumet');
    bot.connector.clear();

    // Closed: the channel is told once, the card says so and offers the compilation.
    const closed = await close();
    expect(closed.card).toContain('Remissen är stängd. Hämta sammanställningen med knappen Sammanställning.');
    expect(bot.connector.texts(CHIEFS.id)).toEqual([
      'Remiss R-2026-001 Avtal om gemensam familjerätt är stängd: 12 av 13 har svarat. Sammanställningen till PKS hämtas med knappen **Sammanställning** på kortet.',
    ]);
    shown = channelCard(id);
    for (const t of ['Stängd 2026-12-17 10:00', '12 av 13 har svarat', 'Svarade inte', 'Sammanställning', 'Tillstyrker (inkom efter svarsdatum)']) expect(shown).toContain(t);
    expect(shown).not.toContain('Lämna yttrande');
    expect((await answer(chief('habo'), id, STATEMENTS.aneby!)).card).toContain('Remissen är stängd. Inget är registrerat.');
    expect((await close()).card).toContain('Remissen är redan stängd.');
    expect(bot.store.consultationAnswers).toHaveLength(14);

    await bot.say(chief('habo'), chatOf(chief('habo')), 'remisser');
    expect(bot.connector.texts(chatOf(chief('habo')).id).at(-1)).toBe(
      '**Remisser**\n\n**Stängda**\n\n- R-2026-001 Avtal om gemensam familjerätt — stängd 2026-12-17: 12 av 13 svarade',
    );

    // The compilation, through the signed links a member gets on the card.
    const links = (await bot.press(chief('habo'), chatOf(chief('habo')), 'consultation.compilation', { consultationId: id })).card;
    const html = /\((http:\/\/localhost:\d+\/remiss\/R-2026-001\.html\?[^)]+)\)/.exec(links)?.[1]?.replace('localhost', '127.0.0.1');
    const md = /\((http:\/\/localhost:\d+\/remiss\/R-2026-001\.md\?[^)]+)\)/.exec(links)?.[1]?.replace('localhost', '127.0.0.1');
    expect(html && md, links).toBeTruthy();
    const mdRes = await fetch(md!);
    expect(mdRes.status).toBe(200);
    expect(mdRes.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(mdRes.headers.get('content-disposition')).toBe('attachment; filename="remissvar-R-2026-001.md"');
    const text = await mdRes.text();

    const names: Record<string, string> = { aneby: 'Aneby', eksjo: 'Eksjö', gislaved: 'Gislaved', gnosjo: 'Gnosjö', habo: 'Habo', jonkoping: 'Jönköping', mullsjo: 'Mullsjö', nassjo: 'Nässjö', savsjo: 'Sävsjö', tranas: 'Tranås', vaggeryd: 'Vaggeryd', vetlanda: 'Vetlanda', varnamo: 'Värnamo' };
    const words: Record<string, string> = { approve: 'Tillstyrker', approveWithComments: 'Tillstyrker med synpunkter', reject: 'Avstyrker', abstain: 'Avstår' };
    const final: Record<string, (typeof STATEMENTS)[string] & { at: string; by: string; late?: boolean; extended?: string }> = {
      ...Object.fromEntries(Object.entries(STATEMENTS).map(([k, v]) => [k, { ...v, at: '2026-11-24 10:00', by: `${person(k === 'eksjo' ? 'deputy-eksjo' : `chief-${k}`).name} (${k === 'eksjo' ? 'ersättare för socialchef' : 'socialchef'})` }])),
      savsjo: { ...STATEMENTS.savsjo!, at: '2026-11-24 10:00', by: 'Anna Lindqvist (samordnare, för medlemmens räkning)' },
      varnamo: { ...changed, at: '2026-12-02 10:00', by: `${chief('varnamo').name} (socialchef)` },
      tranas: { ...tranas, at: '2026-12-14 10:00', by: `${chief('tranas').name} (socialchef)`, late: true },
      gnosjo: { ...gnosjo, at: '2026-12-17 10:00', by: `${chief('gnosjo').name} (socialchef)`, extended: '2026-12-18' },
    };
    const esc = (s: string) => s.replace(/</g, '\\<').replace(/>/g, '\\>');
    const order = Object.keys(names);
    const ref = (s: (typeof final)[string]) => [s.decidedBy, s.paragraph, s.dnr ? `dnr ${s.dnr}` : '', s.decisionDate].filter(Boolean).join(', ');
    const expected = [
      '# Sammanställning av remissvar — R-2026-001',
      '',
      '- **Ärende:** Avtal om gemensam familjerätt',
      '- **Remiss:** R-2026-001',
      '- **Öppnad av:** Anna Lindqvist, 2026-11-24 10:00',
      '- **Svar senast:** 2026-12-11',
      '- **Till:** PKS',
      '- **Tillfrågade:** 13 (13 kommuner)',
      '- **Stängd:** 2026-12-17 10:00 av Anna Lindqvist',
      '- **Svar:** 12 av 13 har svarat (Tillstyrker 7, Tillstyrker med synpunkter 3, Avstyrker 1, Avstår 1)',
      '',
      '## Vad remissen gäller',
      '',
      '> Förslaget är att länets kommuner bildar en gemensam familjerättsenhet.',
      '> Tillstyrker nämnden förslaget?',
      '',
      '## Handlingar',
      '',
      '- [Förslag till avtal](https://samverkan.example.se/familjeratt/avtal.pdf)',
      '- [konsekvensanalys.pdf](https://samverkan.example.se/familjeratt/konsekvensanalys.pdf)',
      '',
      '## Sammanfattning',
      '',
      '| Medlem | Typ | Ställningstagande | Beslutande organ | § | Dnr | Beslutsdatum | Inkom |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...order.map((k) => {
        const s = final[k];
        if (!s) return `| ${names[k]} | kommun | Svarade inte |  |  |  |  |  |`;
        return `| ${names[k]} | kommun | ${words[s.position]}${s.late ? ' (inkom efter svarsdatum)' : ''} | ${s.decidedBy} | ${s.paragraph} | ${s.dnr} | ${s.decisionDate} | ${s.at} |`;
      }),
      '',
      '## Yttranden',
      '',
      ...order.flatMap((k) => {
        const s = final[k];
        if (!s) return [];
        return [
          `### ${names[k]} (kommun)`,
          '',
          `- **Ställningstagande:** ${words[s.position]}`,
          ...(s.decidedBy ? [`- **Beslut:** ${ref(s)}`] : []),
          ...(s.documentUrl ? [`- **Undertecknat yttrande:** [${s.documentUrl}](${s.documentUrl})`] : []),
          `- **Registrerat av:** ${s.by}, ${s.at}`,
          ...(s.extended ? [`- **Anstånd till:** ${s.extended}`] : []),
          ...(s.late ? ['- **Inkom efter svarsdatum**'] : []),
          '',
          ...s.text.split('\n').map((line) => `> ${esc(line)}`),
          '',
        ];
      }),
      '## Svarade inte',
      '',
      '- Habo (kommun)',
      '',
      '## Ändringar och anstånd',
      '',
      '| Tid | Medlem | Händelse | Av |',
      '| --- | --- | --- | --- |',
      `| 2026-11-24 10:00 | Gnosjö | Begärde anstånd till 2026-12-18 | ${chief('gnosjo').name} (socialchef) |`,
      '| 2026-11-24 10:00 | Gnosjö | Anstånd beviljat till 2026-12-18 | Anna Lindqvist |',
      `| 2026-12-02 10:00 | Värnamo | Svar ersatt (tidigare: Tillstyrker, 2026-11-24 10:00) | ${chief('varnamo').name} (socialchef) |`,
      '',
      '---',
      '',
      'Tider i Europe/Stockholm. Sammanställd 2026-12-17 10:00 av Samverkan.',
      '',
    ];
    const got = text.split('\n');
    // Line by line, so a difference names its line.
    for (let i = 0; i < Math.max(got.length, expected.length); i++) expect(`${i}: ${got[i]}`).toBe(`${i}: ${expected[i]}`);

    const page = await fetch(html!);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const body = await page.text();
    expect(body).toContain('<html lang="sv">');
    expect(body).toContain('<h1>Sammanställning av remissvar — R-2026-001</h1>');
    expect(body).toContain('<th scope="col">Ställningstagande</th>');
    expect(body).toContain('<tr><th scope="row">Habo</th><td>kommun</td><td>Svarade inte</td>');
    expect(body).toContain('Tillstyrker, med synpunkt om &lt;lokaler&gt; &amp; bemanning.');

    // A link changed by hand, or used after a day, gives nothing.
    expect((await fetch(md!.replace('R-2026-001.md', 'R-2026-002.md'))).status).toBe(403);
    bot.clock.set('2026-12-18T09:01:00Z');
    expect((await fetch(md!)).status).toBe(410);
  }, 60_000);

  it('counts a re-delivered press once and refuses other content under the same activity id', async () => {
    const id = await openRound();
    const first = await answer(chief('eksjo'), id, STATEMENTS.eksjo!, 'act-same');
    expect(first.card).toContain('Registrerat: Eksjö — tillstyrker med synpunkter.');
    expect((await answer(chief('eksjo'), id, STATEMENTS.eksjo!, 'act-same')).card).toContain('Registrerat: Eksjö — tillstyrker med synpunkter.');
    expect((await answer(chief('eksjo'), id, { ...STATEMENTS.eksjo!, position: 'reject' }, 'act-same')).card).toContain('Inget är registrerat');
    // An id recorded for an answer arriving as another kind of press is no re-delivery either.
    const grant = await bot.press(anna, annaChat, 'consultation.extend', { consultationId: id, extendMemberId: 'habo', extendUntil: '2026-12-18' }, undefined, 'act-same');
    expect(grant.card).toContain('Inget är registrerat');
    expect(bot.store.consultationAnswers).toHaveLength(1);
    expect(bot.store.consultations[0]!.extensions).toHaveLength(0);
    expect(bot.logs.join('')).toContain('came again with other content');
  });

  it('reminds those who have not answered on working days before their date, once each, also after a restart', async () => {
    const id = await openRound(); // Friday 11 December: steps on Tuesday 8 and Thursday 10 at 09:00
    for (const p of [chief('eksjo'), chief('habo'), person('deputy-eksjo')]) await bot.install(chatOf(p), p);
    for (const memberId of Object.keys(STATEMENTS)) if (memberId !== 'eksjo' && memberId !== 'savsjo') await answer(chief(memberId), id, STATEMENTS[memberId]!);
    await bot.press(anna, annaChat, 'consultation.extend', { consultationId: id, extendMemberId: 'habo', extendUntil: '2026-12-18' });
    bot.connector.clear();

    bot.clock.set('2026-12-08T07:59:00Z');
    expect(await sendConsultationReminders(bot.ctx)).toEqual([]);
    bot.clock.set('2026-12-08T08:00:00Z');
    expect(await sendConsultationReminders(bot.ctx)).toEqual([id]);
    expect(await sendConsultationReminders(bot.ctx)).toEqual([]);
    expect(bot.connector.texts(chatOf(chief('eksjo')).id)).toEqual([
      'Påminnelse: Eksjö har inte lämnat något svar på remiss R-2026-001 Avtal om gemensam familjerätt. Svar senast 2026-12-11. Lämna yttrandet på kortet nedan, eller begär anstånd.',
    ]);
    expect(cardText(bot.connector.to(chatOf(chief('eksjo')).id).at(-1))).toContain('Lämna yttrande');
    expect(bot.connector.texts(chatOf(person('deputy-eksjo')).id)).toHaveLength(1);
    // Habo's date is later: not yet.
    expect(bot.connector.to(chatOf(chief('habo')).id)).toHaveLength(0);
    expect(bot.connector.texts(CHIEFS.id)).toEqual(['Påminnelse: remiss R-2026-001 Avtal om gemensam familjerätt ska besvaras senast 2026-12-11 — väntar på Eksjö, Gnosjö, Sävsjö och Tranås.']);
    expect(bot.logs.join('')).toContain('no personal chat with this answerer yet');

    await bot.restart();
    expect(await sendConsultationReminders(bot.ctx)).toEqual([]);
    await answer(chief('eksjo'), id, STATEMENTS.eksjo!);
    bot.connector.clear();
    bot.clock.set('2026-12-10T08:00:00Z');
    expect(await sendConsultationReminders(bot.ctx)).toEqual([id]);
    expect(bot.connector.to(chatOf(chief('eksjo')).id)).toHaveLength(0);
    expect(bot.connector.texts(CHIEFS.id)).toEqual([expect.stringContaining('väntar på Gnosjö, Sävsjö och Tranås')]);

    // Habo before its own date, Friday 18 December: Tuesday 15 and Thursday 17.
    bot.connector.clear();
    bot.clock.set('2026-12-15T08:00:00Z');
    expect(await sendConsultationReminders(bot.ctx)).toEqual([id]);
    expect(bot.connector.texts(chatOf(chief('habo')).id)).toEqual([expect.stringContaining('Påminnelse: Habo har inte lämnat något svar på remiss R-2026-001 Avtal om gemensam familjerätt. Svar senast 2026-12-18.')]);
    expect(bot.connector.texts(CHIEFS.id)).toEqual(['Påminnelse: remiss R-2026-001 Avtal om gemensam familjerätt ska besvaras senast 2026-12-18 — väntar på Habo.']);
    expect(bot.store.consultations[0]!.remindersSent.map((r) => `${r.date}:${r.step}`)).toEqual(['2026-12-11:3', '2026-12-11:1', '2026-12-18:3']);
    expect(bot.store.outbox).toHaveLength(0);
  });
});

// ---------------------------------------------------------------------------------------------
// The same code with the samordningsförbund file

type ForbundPerson = (typeof forbundFile.people)[number];
const rep = (memberId: string): ForbundPerson => forbundFile.people.find((p) => p.member === memberId)!;
const STYRGRUPP = channel('19:styrgrupp@thread.tacv2', 'Styrgrupp');

describe('consultation rounds over HTTP, with the samordningsförbund file (members that are not municipalities)', () => {
  let bot: TestBot;
  const answer = (who: Who, id: string, fields: Record<string, string>) => bot.press(who, chatOf(who), 'consultation.answer', { consultationId: id, ...fields });

  beforeEach(async () => {
    bot = await new TestBot('2026-02-24T09:00:00Z').start({ env: { PARTNERSHIP_FILE: 'data/partnership.samordningsforbund.json' } });
    await bot.install(STYRGRUPP);
    await bot.say(anna, STYRGRUPP, 'koppla styrgrupp');
  });
  afterEach(async () => {
    await bot.stop();
  });

  it('starts with the file; every member is asked; the Region and Försäkringskassan answer, with a burst, an extension, a change and the compilation', async () => {
    expect(bot.ctx.partnership.id).toBe('samordningsforbunden-jonkoping');
    await bot.say(anna, annaChat, 'ny remiss');
    const form = bot.connector.to(annaChat.id).at(-1)!;
    for (const t of ['Alla medlemskommuner (13)', 'Alla medlemmar (16)', 'Avstämningsgrupp/styrgrupp', 'Region Jönköpings län', 'Arbetsförmedlingen']) expect(cardText(form)).toContain(t);
    const opened = await bot.press(
      anna,
      annaChat,
      'consultation.submit',
      {
        subject: 'Reviderad förbundsordning och principer för samverkan',
        question: 'Medlemssamrådet har behandlat förslagen. Varje medlem beslutar i sin organisation.',
        documents: 'Förbundsordning https://samordning.example.se/forbundsordning.pdf\nPM Principer https://samordning.example.se/pm-principer.pdf',
        asked: 'all',
        answerDate: '2026-04-30',
        recipient: 'Medlemssamrådet',
        networkId: 'styrgrupp',
      },
      form.newId,
    );
    expect(opened.card).toContain('Remiss R-2026-001 är öppnad och publicerad i Styrgrupp.');
    expect(bot.store.consultations[0]!.asked).toHaveLength(16);
    const posted = cardText(bot.connector.to(STYRGRUPP.id).filter((s) => s.method === 'POST').at(-1));
    for (const t of ['0 av 16 har svarat', '16 (13 kommuner, 1 region, 2 statliga myndigheter)', 'Försäkringskassan']) expect(posted).toContain(t);

    // Every member at once: the municipalities and the region and Försäkringskassan answer, Arbetsförmedlingen asks for time.
    bot.clock.set('2026-03-10T09:00:00Z');
    const municipal = { position: 'approve', text: 'Kommunstyrelsen tillstyrker förbundsordningen.', decidedBy: 'Kommunstyrelsen', paragraph: '§ 30', dnr: 'KS 2026/30', decisionDate: '2026-03-03' };
    const region = { position: 'approveWithComments', text: 'Regionen tillstyrker.\nArvodena bör följa regionens riktlinjer.', decidedBy: 'Regionstyrelsen', paragraph: '§ 44', dnr: 'RJL 2026/400', decisionDate: '2026-03-04' };
    const fk = { position: 'approve', text: 'Försäkringskassan tillstyrker förbundsordningen och PM:et.', decidedBy: 'Försäkringskassan, verksamhetsområde Sjukförsäkring', paragraph: '', dnr: 'FK 2026/001234', decisionDate: '2026-03-05', documentUrl: 'https://fk.example.se/beslut/2026-001234.pdf' };
    const presses = [
      ...forbundFile.members.filter((m) => m.kind === 'municipality').map((m) => answer(rep(m.id), 'R-2026-001', municipal)),
      answer(rep('region-jonkopings-lan'), 'R-2026-001', region),
      answer(rep('forsakringskassan'), 'R-2026-001', fk),
      bot.press(rep('arbetsformedlingen'), chatOf(rep('arbetsformedlingen')), 'consultation.requestTime', { consultationId: 'R-2026-001', until: '2026-05-29', reason: 'Beslut fattas centralt.' }),
    ];
    const results = await Promise.all(presses);
    expect(results).toHaveLength(16);
    expect(results.every((r) => r.status === 200 && r.card.includes('Registrerat'))).toBe(true);
    expect(results[13]!.card).toContain('Registrerat: Region Jönköpings län — tillstyrker med synpunkter.');
    expect(results[14]!.card).toContain('Registrerat: Försäkringskassan — tillstyrker.');
    expect(bot.store.consultationAnswers.filter((a) => a.kind !== 'moreTime').map((a) => a.capacity)).toEqual(Array(15).fill('representative'));

    // A representative answers for its own organisation only.
    const before = bot.store.consultationAnswers.length;
    expect((await answer(rep('region-jonkopings-lan'), 'R-2026-001', { ...region, memberId: 'forsakringskassan' })).card).toContain(
      'Du kan bara lämna svar för din egen organisation (Region Jönköpings län). Inget är registrerat.',
    );
    expect(bot.store.consultationAnswers).toHaveLength(before);

    // One change (the Region, before the date) and one extension (Arbetsförmedlingen), which then does not answer.
    bot.clock.set('2026-03-20T09:00:00Z');
    const regionChanged = { ...region, position: 'reject', text: 'Regionfullmäktige avstyrker arvodesmodellen.', decidedBy: 'Regionfullmäktige', paragraph: '§ 12', dnr: 'RJL 2026/401', decisionDate: '2026-03-18' };
    const changed = await answer(rep('region-jonkopings-lan'), 'R-2026-001', regionChanged);
    expect(changed.card).toContain('Registrerat: Region Jönköpings läns nya svar ersätter det tidigare');
    // The card's table: three columns, the member's widest (a long name such as Arbetsförmedlingen does not
    // break in a narrow column); the decision and who recorded it share the third.
    const tableOf = (json: string) => {
      const found: { columns: { width: number }[]; rows: { cells: { items: { inlines: { text: string }[] }[] }[] }[] }[] = [];
      JSON.parse(json, (_k, v: unknown) => ((v as { type?: string } | null)?.type === 'Table' ? void found.push(v as (typeof found)[number]) : v));
      return found[0]!;
    };
    const cardTable = tableOf(changed.card);
    expect(cardTable.columns.map((c) => c.width)).toEqual([6, 4, 6]);
    const lineOf = (item: { inlines: { text: string }[] }) => item.inlines.map((r) => r.text).join('');
    const rowOf = (member: string) => cardTable.rows.find((r) => lineOf(r.cells[0]!.items[0]!) === member)!.cells.map((c) => c.items.map(lineOf));
    expect(rowOf('Medlem')).toEqual([['Medlem'], ['Svar'], ['Beslut och registrering']]);
    expect(rowOf('Försäkringskassan')).toEqual([
      ['Försäkringskassan'],
      ['Tillstyrker'],
      ['Försäkringskassan, verksamhetsområde Sjukförsäkring, dnr FK 2026/001234, 2026-03-05', `Registrerat av ${rep('forsakringskassan').name} (företrädare), 2026-03-10 10:00`],
    ]);
    expect(rowOf('Arbetsförmedlingen')).toEqual([['Arbetsförmedlingen'], ['Begärt anstånd till 2026-05-29'], [`Registrerat av ${rep('arbetsformedlingen').name} (företrädare), 2026-03-10 10:00`]]);
    expect((await bot.press(anna, annaChat, 'consultation.extend', { consultationId: 'R-2026-001', extendMemberId: 'arbetsformedlingen', extendUntil: '2026-05-29' })).card).toContain(
      'Arbetsförmedlingen har fått anstånd till 2026-05-29.',
    );
    bot.clock.set('2026-05-04T09:00:00Z');
    expect((await bot.press(anna, annaChat, 'consultation.close', { consultationId: 'R-2026-001' })).card).toContain('Fortfarande i tid: Arbetsförmedlingen.');
    bot.clock.set('2026-06-01T09:00:00Z');
    const closed = await bot.press(anna, annaChat, 'consultation.close', { consultationId: 'R-2026-001' });
    expect(closed.card).toContain('Remissen är stängd.');
    expect(bot.connector.texts(STYRGRUPP.id).at(-1)).toBe(
      'Remiss R-2026-001 Reviderad förbundsordning och principer för samverkan är stängd: 15 av 16 har svarat. Sammanställningen till Medlemssamrådet hämtas med knappen **Sammanställning** på kortet.',
    );

    const md = /\((http:\/\/localhost:\d+\/remiss\/R-2026-001\.md\?[^)]+)\)/.exec(closed.card)![1]!.replace('localhost', '127.0.0.1');
    const lines = (await (await fetch(md)).text()).split('\n');
    const section = (heading: string) => lines.slice(lines.indexOf(heading), lines.indexOf('', lines.indexOf(heading) + 2) + 1);
    expect(lines.slice(0, 10)).toEqual([
      '# Sammanställning av remissvar — R-2026-001',
      '',
      '- **Ärende:** Reviderad förbundsordning och principer för samverkan',
      '- **Remiss:** R-2026-001',
      '- **Öppnad av:** Anna Lindqvist, 2026-02-24 10:00',
      '- **Svar senast:** 2026-04-30',
      '- **Till:** Medlemssamrådet',
      '- **Tillfrågade:** 16 (13 kommuner, 1 region, 2 statliga myndigheter)',
      '- **Stängd:** 2026-06-01 11:00 av Anna Lindqvist',
      '- **Svar:** 15 av 16 har svarat (Tillstyrker 14, Avstyrker 1)',
    ]);
    const summary = lines.slice(lines.indexOf('## Sammanfattning') + 2, lines.indexOf('## Yttranden') - 1);
    expect(summary).toHaveLength(18);
    expect(summary.slice(0, 3)).toEqual([
      '| Medlem | Typ | Ställningstagande | Beslutande organ | § | Dnr | Beslutsdatum | Inkom |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      '| Aneby | kommun | Tillstyrker | Kommunstyrelsen | § 30 | KS 2026/30 | 2026-03-03 | 2026-03-10 10:00 |',
    ]);
    expect(summary.slice(-3)).toEqual([
      '| Region Jönköpings län | region | Avstyrker | Regionfullmäktige | § 12 | RJL 2026/401 | 2026-03-18 | 2026-03-20 10:00 |',
      '| Försäkringskassan | statlig myndighet | Tillstyrker | Försäkringskassan, verksamhetsområde Sjukförsäkring |  | FK 2026/001234 | 2026-03-05 | 2026-03-10 10:00 |',
      '| Arbetsförmedlingen | statlig myndighet | Svarade inte |  |  |  |  |  |',
    ]);
    expect(section('### Region Jönköpings län (region)')).toEqual([
      '### Region Jönköpings län (region)',
      '',
      '- **Ställningstagande:** Avstyrker',
      '- **Beslut:** Regionfullmäktige, § 12, dnr RJL 2026/401, 2026-03-18',
      `- **Registrerat av:** ${rep('region-jonkopings-lan').name} (företrädare), 2026-03-20 10:00`,
      '',
    ]);
    expect(lines[lines.indexOf('### Region Jönköpings län (region)') + 6]).toBe('> Regionfullmäktige avstyrker arvodesmodellen.');
    expect(section('### Försäkringskassan (statlig myndighet)')).toEqual([
      '### Försäkringskassan (statlig myndighet)',
      '',
      '- **Ställningstagande:** Tillstyrker',
      '- **Beslut:** Försäkringskassan, verksamhetsområde Sjukförsäkring, dnr FK 2026/001234, 2026-03-05',
      '- **Undertecknat yttrande:** [https://fk.example.se/beslut/2026-001234.pdf](https://fk.example.se/beslut/2026-001234.pdf)',
      `- **Registrerat av:** ${rep('forsakringskassan').name} (företrädare), 2026-03-10 10:00`,
      '',
    ]);
    expect(lines[lines.indexOf('### Försäkringskassan (statlig myndighet)') + 7]).toBe('> Försäkringskassan tillstyrker förbundsordningen och PM:et.');
    expect(section('## Svarade inte')).toEqual(['## Svarade inte', '', '- Arbetsförmedlingen (statlig myndighet)', '']);
    expect(section('## Ändringar och anstånd').slice(2)).toEqual([
      '| Tid | Medlem | Händelse | Av |',
      '| --- | --- | --- | --- |',
      `| 2026-03-10 10:00 | Arbetsförmedlingen | Begärde anstånd till 2026-05-29 | ${rep('arbetsformedlingen').name} (företrädare) |`,
      `| 2026-03-20 10:00 | Region Jönköpings län | Svar ersatt (tidigare: Tillstyrker med synpunkter, 2026-03-10 10:00) | ${rep('region-jonkopings-lan').name} (företrädare) |`,
      '| 2026-03-20 10:00 | Arbetsförmedlingen | Anstånd beviljat till 2026-05-29 | Anna Lindqvist |',
      '',
    ]);
  }, 60_000);

  it('the other features start with the same file: no fee to split, and help lists the rounds', async () => {
    await bot.say(anna, annaChat, 'fördelning');
    expect(bot.connector.texts(annaChat.id).at(-1)).toBe('Ingen avgift är inlagd i partnerskapets konfiguration.');
    await bot.say(rep('forsakringskassan'), chatOf(rep('forsakringskassan')), 'hjälp');
    const help = bot.connector.texts(chatOf(rep('forsakringskassan')).id).at(-1)!;
    expect(help).toContain('**ny remiss**');
    expect(help).toContain('**remisser**');
    // In the body's words: its members are not all municipalities, and every member votes.
    for (const line of [
      '- **mina** — Det som väntar på svar, röst eller yttrande från din organisation.',
      '- **nytt beslut** — Öppna ett konsensusbeslut i Avstämningsgrupp/styrgrupp: alla medlemmar måste godkänna (samordnare).',
      '- **beslut [B-2026-003]** — Lista besluten, eller visa ett med varje medlems röst.',
      '- **min organisation, medlem <namn>** — En medlems projekt, avgift och det som väntar på dess svar, röst eller yttrande; alla kan se alla medlemmar.',
      '- **översikt [år]** — Portfölj, deltagande, beslut och pengar, med diagram (samordnare och medlemmarnas företrädare).',
      '- **agera som <medlem>** — Byt demoperson, till exempel agera som Region Jönköpings län (bara i lokalt testläge).',
    ])
      expect(help).toContain(line);
    expect(help).not.toContain('socialchefsnätverket');
    expect(help).not.toContain('din kommun');
  });
});

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import forbundFile from '../../data/partnership.samordningsforbund.json' with { type: 'json' };
import { refreshRoundsOverTime } from '../../src/features/consultations/rounds.js';
import { sendDecisionReminders } from '../../src/features/decisions/reminders.js';
import { TestBot, UNKNOWN_PERSON, channel, person, personalChat } from '../fixtures/bot.js';
import { cardText } from '../fixtures/connector-stub.js';

/**
 * #17 item 5 and its loose ends, through the real server: with the samordningsförbund file every member
 * (the municipalities, the Region, Försäkringskassan, Arbetsförmedlingen) votes in a consensus decision
 * by its representative; `mina` lists the decisions and rounds waiting for the member; a round's card
 * says when its answer date has passed. The Jönköping file's decisions are tests/integration/decisions.test.ts.
 */

type Who = { id: string; aadObjectId: string; name: string };
const anna = person('anna-lindqvist');
const annaChat = personalChat('anna');
const STYRGRUPP = channel('19:styrgrupp@thread.tacv2', 'Styrgrupp');
const rep = (memberId: string): Who => forbundFile.people.find((p) => p.member === memberId)!;
const chatOf = (who: Who) => personalChat(who.id);
const MUNICIPALITIES = forbundFile.members.filter((m) => m.kind === 'municipality').map((m) => m.id);

const DECISION = {
  question: 'Budget och verksamhetsplan 2027 för samordningsförbunden',
  kind: 'financing',
  background: 'Medlemssamrådet har behandlat förslaget.',
  amountSek: '',
  closesDate: '2026-04-30',
  closesTime: '16:00',
};

/** The bot on the samordningsförbund file (or `file`), with the styrgrupp's channel linked. */
async function startWithStyrgrupp(at: string, file = 'data/partnership.samordningsforbund.json'): Promise<TestBot> {
  const bot = await new TestBot(at).start({ env: { PARTNERSHIP_FILE: file } });
  await bot.install(STYRGRUPP);
  await bot.say(anna, STYRGRUPP, 'koppla styrgrupp');
  return bot;
}

describe('consensus decisions with the samordningsförbund file: every member votes', () => {
  let bot: TestBot;

  const vote = (who: Who, decisionId: string, position: string, extra: Record<string, string> = {}) =>
    bot.press(who, chatOf(who), 'decision.vote', { decisionId, position, ...extra });

  /** The newest version of the decision's card in the styrgrupp channel. */
  const channelCard = (id: string) => {
    const copy = bot.store.postedDecisionCards.find((c) => c.decisionId === id && c.conversationId === STYRGRUPP.id)!;
    return cardText(bot.connector.sent.filter((s) => s.conversationId === STYRGRUPP.id && (s.newId === copy.activityId || s.activityId === copy.activityId)).at(-1));
  };

  async function openDecision(): Promise<string> {
    await bot.say(anna, annaChat, 'nytt beslut');
    const form = bot.connector.to(annaChat.id).at(-1)!;
    for (const t of ['Nytt beslut i Avstämningsgrupp/styrgrupp', 'Alla medlemmar måste godkänna (konsensus). En röst per medlem']) expect(cardText(form)).toContain(t);
    const res = await bot.press(anna, annaChat, 'decision.submit', DECISION, form.newId);
    const id = /B-2026-\d{3}/.exec(res.card)?.[0];
    expect(id, res.card).toBeTruthy();
    return id!;
  }

  beforeEach(async () => {
    bot = await startWithStyrgrupp('2026-03-02T09:00:00Z');
  });
  afterEach(async () => {
    await bot.stop();
  });

  it('is "Beslutat i konsensus" only when all 16 members approved, the Region and Försäkringskassan by their representatives', async () => {
    expect(bot.ctx.partnership.consensusMembers).toBe('allMembers');
    const id = await openDecision();
    const posted = cardText(bot.connector.to(STYRGRUPP.id).filter((s) => s.method === 'POST').at(-1));
    for (const t of ['Öppet för röster', '0 av 16 har godkänt', 'Region Jönköpings län', 'Försäkringskassan', 'Arbetsförmedlingen', '"Medlem"']) expect(posted).toContain(t);
    // The member's column the widest, so that "Arbetsförmedlingen" does not run into the next column.
    expect(posted).toContain('"columns":[{"width":6},{"width":4},{"width":6}]');

    // The 13 municipalities, the Region and Försäkringskassan at once: 15 of 16 is not consensus.
    const results = await Promise.all([...MUNICIPALITIES, 'region-jonkopings-lan', 'forsakringskassan'].map((memberId) => vote(rep(memberId), id, 'approve')));
    expect(results.every((r) => r.status === 200 && r.card.includes('Registrerat'))).toBe(true);
    expect(results[13]!.card).toContain('Registrerat: Region Jönköpings län — Godkänt.');
    expect(results[14]!.card).toContain('Registrerat: Försäkringskassan — Godkänt.');
    expect(bot.store.votes.map((v) => v.capacity)).toEqual(Array(15).fill('representative'));
    expect(bot.store.votes.find((v) => v.memberId === 'forsakringskassan')).toMatchObject({ personId: 'rep-forsakringskassan', position: 'approve' });
    expect(bot.connector.texts(STYRGRUPP.id).filter((t) => t.includes(id))).toEqual([]);
    const waiting = channelCard(id);
    expect(waiting).toContain('Öppet för röster');
    expect(waiting).toContain('15 av 16 har godkänt — väntar på Arbetsförmedlingen');
    expect(waiting).not.toContain('Beslutat i konsensus');
    expect(waiting).toContain(`${rep('region-jonkopings-lan').name} (företrädare)`);

    // What waits for Arbetsförmedlingen, asked by its representative.
    await bot.say(rep('arbetsformedlingen'), chatOf(rep('arbetsformedlingen')), 'mina');
    const mine = bot.connector.texts(chatOf(rep('arbetsformedlingen')).id).at(-1)!;
    expect(mine).toContain('Beslut som väntar på Arbetsförmedlingens röst');
    expect(mine).toContain(`**${id}** ${DECISION.question}`);
    expect(mine).not.toContain('Inget väntar');

    // The last member approves: consensus, told once in the channel.
    const last = await vote(rep('arbetsformedlingen'), id, 'approve');
    expect(last.card).toContain('Beslutat i konsensus');
    const told = bot.connector.texts(STYRGRUPP.id).filter((t) => t.includes(id));
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('Beslutat i konsensus. Alla medlemmar har godkänt');
    const settled = channelCard(id);
    expect(settled).toContain('Beslutat i konsensus');
    expect(settled).toContain('16 av 16 har godkänt');

    // The record names every member and who voted for it.
    const res = await bot.press(rep('region-jonkopings-lan'), chatOf(rep('region-jonkopings-lan')), 'decision.protocol', { decisionId: id });
    const md = /\((http:\/\/localhost:\d+\/protokoll\/[^)]+\.md\?[^)]+)\)/.exec(res.card)![1]!.replace('localhost', '127.0.0.1');
    const text = await (await fetch(md)).text();
    for (const t of ['Beslutat i konsensus', 'alla 16 medlemmar har godkänt', 'Medlemmarnas ställning', 'Försäkringskassan', 'Arbetsförmedlingen', 'företrädare'])
      expect(text).toContain(t);
  });

  it('one member’s rejection stops it: Försäkringskassan rejects with its reason', async () => {
    const id = await openDecision();
    for (const memberId of [...MUNICIPALITIES, 'region-jonkopings-lan']) await vote(rep(memberId), id, 'approve');
    const res = await vote(rep('forsakringskassan'), id, 'reject', { reason: 'Budgeten ryms inte i myndighetens anslag.' });
    expect(res.card).toContain('Ej konsensus');
    expect(res.card).toContain('Försäkringskassan har avslagit: Budgeten ryms inte i myndighetens anslag.');
    expect(bot.connector.texts(STYRGRUPP.id).filter((t) => t.includes(id)).at(-1)).toContain('Ej konsensus');
    // Settled: Arbetsförmedlingen's approval comes too late and changes nothing.
    expect((await vote(rep('arbetsformedlingen'), id, 'approve')).card).toContain('Beslutet är avgjort eller stängt');
    expect(bot.store.votes).toHaveLength(15);
  });

  it('a referral to the member’s own decision process, recorded by its representative', async () => {
    const id = await openDecision();
    await vote(rep('region-jonkopings-lan'), id, 'refer');
    // While it lies with the member's own deciding body, mina and the member's card say so (not "hos nämnden").
    const region = rep('region-jonkopings-lan');
    await bot.say(region, chatOf(region), 'mina');
    expect(bot.connector.texts(chatOf(region).id).at(-1)).toContain(`**${id}** ${DECISION.question} — hos eget beslutsorgan, röstningen stänger 2026-04-30 16:00`);
    await bot.say(region, chatOf(region), 'min organisation');
    expect(cardText(bot.connector.to(chatOf(region).id).at(-1))).toContain('"text":" — hos eget beslutsorgan, röstningen stänger 2026-04-30 16:00"');
    // Only the member's own people (or a coordinator) record its decision.
    const other = await bot.press(rep('forsakringskassan'), chatOf(rep('forsakringskassan')), 'decision.committee', {
      decisionId: id, memberId: 'region-jonkopings-lan', outcome: 'approved', reference: '§ 12, RJL 2026/400', date: '2026-03-02',
    });
    expect(other.card).toContain('Bara samordnare, kommunens socialchef och medlemmens företrädare kan registrera medlemmens beslut.');
    // While referred, the card's form to record the decision speaks of the member's own deciding body.
    for (const t of ['"title":"Beslutsorganets beslut"', 'Beslutsorganets beslut', 'Datum för beslutet', '"title":"Registrera beslutsorganets beslut"', '§ 42, dnr 2026/123', 'Hos eget beslutsorgan'])
      expect(other.card).toContain(t);
    expect(other.card).not.toContain('nämnd');
    const own = await bot.press(rep('region-jonkopings-lan'), chatOf(rep('region-jonkopings-lan')), 'decision.committee', {
      decisionId: id, memberId: 'region-jonkopings-lan', outcome: 'approved', reference: '§ 12, RJL 2026/400', date: '2026-03-02',
    });
    // A state agency or a region has no nämnd: the words are the member's own deciding body (changed from "nämndbeslut").
    expect(own.card).toContain('Registrerat: Region Jönköpings län — beslut i eget beslutsorgan, godkänt.');
    expect(own.card).toContain(`${rep('region-jonkopings-lan').name} (beslut i eget beslutsorgan)`);
    expect(own.card).toContain('"title":"Hänskjuts till eget beslutsorgan"');
    expect(own.card).not.toContain('nämnd');
    // The record in the same words.
    const res = await bot.press(rep('region-jonkopings-lan'), chatOf(rep('region-jonkopings-lan')), 'decision.protocol', { decisionId: id });
    const url = (ext: string) => new RegExp(`\\((http://localhost:\\d+/protokoll/[^)]+\\.${ext}\\?[^)]+)\\)`).exec(res.card)![1]!.replace('localhost', '127.0.0.1');
    const md = await (await fetch(url('md'))).text();
    const csv = await (await fetch(url('csv'))).text();
    expect(md).toContain('beslut i eget beslutsorgan');
    expect(csv).toContain('Beslutsreferens');
    for (const record of [md, csv]) expect(record.toLowerCase()).not.toContain('nämnd');
    expect(bot.store.votes.at(-1)).toMatchObject({ memberId: 'region-jonkopings-lan', capacity: 'committee', personId: 'rep-region-jonkopings-lan', committee: { reference: '§ 12, RJL 2026/400' } });
  });

  it('the reminder to a member that referred the question names the member, not a municipal committee', async () => {
    const fk = rep('forsakringskassan');
    await bot.install(chatOf(fk), fk);
    const id = await openDecision();
    await vote(fk, id, 'refer');
    bot.connector.clear();
    bot.clock.set('2026-04-27T07:00:00Z'); // three working days before Thursday 30 April, 09:00
    expect(await sendDecisionReminders(bot.ctx)).toEqual([id]);
    const [text] = bot.connector.texts(chatOf(fk).id);
    expect(text).toContain(`**${id} ${DECISION.question}** stänger 2026-04-30 16:00. Frågan ligger för beslut hos Försäkringskassan — registrera beslutet på kortet i tid.`);
    expect(text).not.toContain('nämnd');
  });
});

describe('a body whose consensus decisions are the municipalities’ (the default), with members of other kinds', () => {
  let bot: TestBot;
  let dir: string;

  beforeEach(async () => {
    // The samordningsförbund's members and people, without its consensusMembers: the default applies.
    dir = await mkdtemp(join(tmpdir(), 'samverkan-voters-'));
    const raw = JSON.parse(await readFile('data/partnership.samordningsforbund.json', 'utf8')) as Record<string, unknown>;
    delete raw.consensusMembers;
    const file = join(dir, 'partnership.json');
    await writeFile(file, JSON.stringify(raw));
    bot = await startWithStyrgrupp('2026-03-02T09:00:00Z', file);
  });
  afterEach(async () => {
    await bot.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('the 13 municipalities decide; the Region’s representative is told it has no voice, and nothing is recorded', async () => {
    await bot.say(anna, annaChat, 'nytt beslut');
    const form = bot.connector.to(annaChat.id).at(-1)!;
    expect(cardText(form)).toContain('Alla medlemskommuner måste godkänna');
    // The body's own group, not "socialchefsnätverket", in the form and in hjälp.
    expect(cardText(form)).toContain('Nytt beslut i Avstämningsgrupp/styrgrupp');
    await bot.say(anna, annaChat, 'hjälp');
    expect(bot.connector.texts(annaChat.id).at(-1)).toContain('- **nytt beslut** — Öppna ett konsensusbeslut i Avstämningsgrupp/styrgrupp: alla medlemskommuner måste godkänna (samordnare).');
    const id = /B-2026-\d{3}/.exec((await bot.press(anna, annaChat, 'decision.submit', DECISION, form.newId)).card)![0];
    const refused = await bot.press(rep('region-jonkopings-lan'), chatOf(rep('region-jonkopings-lan')), 'decision.vote', { decisionId: id, position: 'approve' });
    expect(refused.card).toContain('Region Jönköpings län röstar inte i konsensusbesluten; där röstar medlemskommunerna. Inget är registrerat.');
    expect(bot.store.votes).toHaveLength(0);
    for (const memberId of MUNICIPALITIES) await bot.press(rep(memberId), chatOf(rep(memberId)), 'decision.vote', { decisionId: id, position: 'approve' });
    expect(bot.connector.texts(STYRGRUPP.id).filter((t) => t.includes(id)).at(-1)).toContain('Beslutat i konsensus. Alla kommuner har godkänt');
  });

  it('the Region’s card, where it has no voice, shows what waits for its statement and no decisions', async () => {
    const region = rep('region-jonkopings-lan');
    await bot.say(region, chatOf(region), 'min organisation');
    const card = cardText(bot.connector.to(chatOf(region).id).at(-1));
    expect(card).toContain('Region Jönköpings län i partnerskapet');
    expect(card).toContain('Det som väntar på medlemmens yttrande, läget');
    expect(card).toContain('Ingen remiss väntar på Region Jönköpings läns yttrande.');
    expect(card).not.toContain('Beslut som väntar');
  });
});

describe('consultation rounds: mina and the answer date on the card, with the samordningsförbund file', () => {
  let bot: TestBot;

  beforeEach(async () => {
    bot = await startWithStyrgrupp('2026-02-24T09:00:00Z');
  });
  afterEach(async () => {
    await bot.stop();
  });

  const channelCard = (id: string) => {
    const copy = bot.store.postedConsultationCards.find((c) => c.consultationId === id && c.conversationId === STYRGRUPP.id)!;
    return cardText(bot.connector.sent.filter((s) => s.conversationId === STYRGRUPP.id && (s.newId === copy.activityId || s.activityId === copy.activityId)).at(-1));
  };

  it('mina lists the rounds waiting for the member; the card says when the answer date has passed, refreshed by the ticker job', async () => {
    await bot.say(anna, annaChat, 'ny remiss');
    const form = bot.connector.to(annaChat.id).at(-1)!;
    const round = {
      subject: 'Reviderad förbundsordning',
      question: 'Tillstyrker medlemmen förbundsordningen?',
      documents: 'Förbundsordning https://samordning.example.se/forbundsordning.pdf',
      asked: 'all',
      answerDate: '2026-04-30',
      recipient: 'Medlemssamrådet',
      networkId: 'styrgrupp',
    };
    expect((await bot.press(anna, annaChat, 'consultation.submit', round, form.newId)).card).toContain('Remiss R-2026-001 är öppnad');
    expect(channelCard('R-2026-001')).toContain('Öppen för yttranden — svar senast 2026-04-30');

    const fk = rep('forsakringskassan');
    await bot.say(fk, chatOf(fk), 'mina');
    expect(bot.connector.texts(chatOf(fk).id).at(-1)).toBe(
      '**Remisser som väntar på yttrande från Försäkringskassan**\n\n- **R-2026-001** Reviderad förbundsordning — svara senast 2026-04-30',
    );
    // Answered: no longer waiting. Arbetsförmedlingen gets an extension: its own date is listed.
    bot.clock.set('2026-03-10T09:00:00Z');
    const fkAnswer = { consultationId: 'R-2026-001', position: 'approve', text: 'Tillstyrker.', decidedBy: 'Försäkringskassan', paragraph: '', dnr: 'FK 2026/1', decisionDate: '2026-03-09' };
    expect((await bot.press(fk, chatOf(fk), 'consultation.answer', fkAnswer)).card).toContain('Registrerat: Försäkringskassan');
    await bot.say(fk, chatOf(fk), 'mina');
    expect(bot.connector.texts(chatOf(fk).id).at(-1)).toBe('Inget väntar på svar från Försäkringskassan just nu.');
    expect((await bot.press(anna, annaChat, 'consultation.extend', { consultationId: 'R-2026-001', extendMemberId: 'arbetsformedlingen', extendUntil: '2026-05-29' })).card).toContain('anstånd till 2026-05-29');
    const af = rep('arbetsformedlingen');
    await bot.say(af, chatOf(af), 'mina');
    expect(bot.connector.texts(chatOf(af).id).at(-1)).toContain('- **R-2026-001** Reviderad förbundsordning — svara senast 2026-05-29');
    // Somebody who cannot answer for a member is not told of rounds.
    await bot.say(anna, annaChat, 'mina');
    expect(bot.connector.texts(annaChat.id).at(-1)).not.toContain('Remisser som väntar');

    // Before the date passes the job changes nothing.
    expect(await refreshRoundsOverTime(bot.ctx)).toEqual([]);
    // The date passes (the end of 2026-04-30 in Stockholm): the job refreshes the cards once.
    bot.clock.set('2026-04-30T21:59:00Z');
    expect(await refreshRoundsOverTime(bot.ctx)).toEqual([]);
    bot.clock.set('2026-04-30T22:00:00Z');
    const puts = () => bot.connector.sent.filter((s) => s.method === 'PUT' && s.conversationId === STYRGRUPP.id).length;
    const before = puts();
    expect(await refreshRoundsOverTime(bot.ctx)).toEqual(['R-2026-001']);
    expect(puts()).toBe(before + 1);
    expect(channelCard('R-2026-001')).toContain('Svarsdatumet 2026-04-30 har passerat — anstånd gäller för Arbetsförmedlingen');
    expect(await refreshRoundsOverTime(bot.ctx)).toEqual([]);
    // The member still without an answer and past its date is told so in mina.
    const region = rep('region-jonkopings-lan');
    await bot.say(region, chatOf(region), 'mina');
    expect(bot.connector.texts(chatOf(region).id).at(-1)).toContain('- **R-2026-001** Reviderad förbundsordning — svarsdatumet 2026-04-30 har passerat; svara snarast eller kontakta samordnaren');
    // The extension passes too: the line changes again, and the card is drawn so whenever shown.
    bot.clock.set('2026-05-30T08:00:00Z');
    expect(await refreshRoundsOverTime(bot.ctx)).toEqual(['R-2026-001']);
    expect(channelCard('R-2026-001')).toContain('Svarsdatumet 2026-04-30 har passerat — samordnaren kan stänga remissen');
    await bot.say(anna, annaChat, 'remiss R-2026-001');
    expect(cardText(bot.connector.to(annaChat.id).at(-1))).toContain('Svarsdatumet 2026-04-30 har passerat — samordnaren kan stänga remissen');
  });
});

describe('min kommun for any member, and översikt for the members’ representatives, with the samordningsförbund file', () => {
  let bot: TestBot;

  beforeEach(async () => {
    bot = await startWithStyrgrupp('2026-03-02T09:00:00Z');
  });
  afterEach(async () => {
    await bot.stop();
  });

  const ask = async (who: Who, text: string) => {
    await bot.say(who, chatOf(who), text);
    const sent = bot.connector.to(chatOf(who).id).at(-1)!;
    return { card: cardText(sent), text: sent.body.text ?? '' };
  };

  it('Försäkringskassan’s representative sees what waits for its vote and statement; no fee or project sections for an agency', async () => {
    const fk = rep('forsakringskassan');
    const empty = (await ask(fk, 'min kommun')).card;
    for (const t of ['Försäkringskassan i partnerskapet', 'Det som väntar på medlemmens röst och yttrande', 'Inget beslut väntar på Försäkringskassans röst.', 'Ingen remiss väntar på Försäkringskassans yttrande.'])
      expect(empty).toContain(t);
    for (const t of ['Gemensam avgift', 'Projekt som kommunen deltar i', 'Förslag som väntar', 'Rapporter till medlemskommunerna']) expect(empty).not.toContain(t);

    const decisionId = await (async () => {
      await bot.say(anna, annaChat, 'nytt beslut');
      const form = bot.connector.to(annaChat.id).at(-1)!;
      return /B-2026-\d{3}/.exec((await bot.press(anna, annaChat, 'decision.submit', DECISION, form.newId)).card)![0];
    })();
    await bot.say(anna, annaChat, 'ny remiss');
    const form = bot.connector.to(annaChat.id).at(-1)!;
    await bot.press(anna, annaChat, 'consultation.submit', {
      subject: 'Reviderad förbundsordning', question: 'Tillstyrker medlemmen?', documents: 'Förbundsordning https://samordning.example.se/fo.pdf',
      asked: 'all', answerDate: '2026-04-30', recipient: 'Medlemssamrådet', networkId: 'styrgrupp',
    }, form.newId);
    const card = (await ask(fk, 'min organisation')).card;
    expect(card).toContain(`"text":"${decisionId} "},{"type":"TextRun","text":"${DECISION.question}"},{"type":"TextRun","text":" — röstningen stänger 2026-04-30 16:00"}`);
    expect(card).toContain('"text":"R-2026-001 "},{"type":"TextRun","text":"Reviderad förbundsordning"},{"type":"TextRun","text":" — svara senast 2026-04-30"}');
    // Anyone may look at any member, by name; a municipality's card is the whole one.
    expect((await ask(anna, 'medlem Region Jönköpings län')).card).toContain('Remisser som väntar på Region Jönköpings läns yttrande');
    expect((await ask(fk, 'kommun Habo')).card).toContain('Projekt som kommunen deltar i 2026');
    expect((await ask(anna, 'medlem Polisen')).text).toBe(`Det finns ingen medlem som heter ”Polisen”. Medlemmarna är: ${forbundFile.members.map((m) => m.name).join(', ')}.`);
    expect((await ask(anna, 'min kommun')).text).toBe('Du är inte knuten till någon medlem. Skriv medlem och namnet, till exempel: medlem Region Jönköpings län.');
    // Somebody the body does not know is refused the overview in the body's words.
    await bot.say(UNKNOWN_PERSON, personalChat('stranger'), 'översikt');
    expect(bot.connector.texts(personalChat('stranger').id).at(-1)).toBe(
      'Översikten och årsöversikten är för samordnare, socialchefer och medlemmarnas företrädare. En medlems läge ser du med: medlem och namnet.',
    );
  });

  it('översikt, for a member’s representative: a decision the 13 municipalities approved still waits for the other three', async () => {
    await bot.say(anna, annaChat, 'nytt beslut');
    const form = bot.connector.to(annaChat.id).at(-1)!;
    const id = /B-2026-\d{3}/.exec((await bot.press(anna, annaChat, 'decision.submit', DECISION, form.newId)).card)![0];
    for (const memberId of MUNICIPALITIES) await bot.press(rep(memberId), chatOf(rep(memberId)), 'decision.vote', { decisionId: id, position: 'approve' });
    const { card } = await ask(rep('arbetsformedlingen'), 'översikt');
    expect(card).toContain('Översikt 2026');
    expect(card).toContain(`{"type":"TextRun","text":" — Öppet för röster (13 av 16 godkände)"}`);
    expect(card).not.toContain('Beslutat i konsensus');
    // No fee and no projects yet: the money and participation charts would be all zeros, so they are said instead.
    expect(card).not.toContain('"title":"Avgift och projektandelar per kommun 2026, kronor"');
    expect(card.match(/Inget att visa för 2026 än: alla siffror är 0\./g)?.length).toBeGreaterThanOrEqual(2);
    const { text } = await ask(rep('arbetsformedlingen'), 'årsöversikt 2026');
    const csvUrl = /\((http[^)]+\.csv[^)]+)\)/.exec(text)![1]!.replace('localhost', '127.0.0.1');
    const htmlUrl = /\((http[^)]+\.html[^)]+)\)/.exec(text)![1]!.replace('localhost', '127.0.0.1');
    const html = await (await fetch(htmlUrl)).text();
    // The printable page too: no chart of zeros for the money, the table keeps the figures.
    expect(html).not.toContain('id="pengar-title"');
    expect(html).toContain('<p>Inget att visa för 2026 än: alla siffror är 0.</p>');
    const csv = await (await fetch(csvUrl)).text();
    expect(csv.split('\n').find((l) => l.startsWith(id))).toMatch(/Öppet för röster;13 av 16/);
  });
});

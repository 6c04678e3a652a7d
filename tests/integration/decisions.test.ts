import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestBot, UNKNOWN_PERSON, channel, person, personalChat } from '../fixtures/bot.js';
import { cardText } from '../fixtures/connector-stub.js';
import { sweepDecisions } from '../../src/features/decisions/decisions.js';
import { readStoreFiles } from '../../src/store/store.js';
import { backgroundSettled, useRefreshTimer } from '../../src/features/kit/views.js';
import { ManualTimer } from '../fixtures/manual-timer.js';

const anna = person('anna-lindqvist');
const annaChat = personalChat('anna');
const CHIEFS = channel('19:socialchefsnatverket@thread.tacv2', 'Socialchefsnätverket');

const validDecision = {
  question: 'Gemensamma medel till Trygg hemgång',
  kind: 'jointFunds',
  background: 'Förslag P-2026-001 söker 150 000 kr.',
  amountSek: '150000',
  closesDate: '2026-12-10',
  closesTime: '16:00',
};

describe('consensus decisions over HTTP', () => {
  let bot: TestBot;
  const chiefs = () => bot.ctx.partnership.people.filter((p) => p.roles.includes('socialChief'));
  const chief = (memberId: string) => chiefs().find((p) => p.member === memberId)!;

  async function openDecision(fields: Partial<typeof validDecision> = {}): Promise<string> {
    await bot.say(anna, annaChat, 'nytt beslut');
    const form = bot.connector.to(annaChat.id).at(-1)!;
    expect(cardText(form)).toContain('Nytt beslut i socialchefsnätverket');
    const res = await bot.press(anna, annaChat, 'decision.submit', { ...validDecision, ...fields }, form.newId);
    const id = /B-2026-\d{3}/.exec(res.card)?.[0];
    expect(id, res.card).toBeTruthy();
    return id!;
  }

  /** A proposal of Äldreomsorg through the form in Anna's chat; returns the card she gets back. */
  async function proposeThroughForm(fields: { title: string; jointFundsRequested: string; jointFundsSek: string }) {
    await bot.say(anna, annaChat, 'nytt förslag');
    const form = bot.connector.to(annaChat.id).at(-1)!;
    const proposal = {
      background: 'Bakgrund', goals: '', regionalValue: 'Länsgemensamt', networkId: 'aldreomsorg',
      contactPersonId: 'anna-lindqvist', estimatedCostSek: '400000', answerDeadline: '2026-12-15', ...fields,
    };
    return bot.press(anna, annaChat, 'proposal.submit', proposal, form.newId);
  }

  const vote = (who: { aadObjectId: string; name: string; id: string }, decisionId: string, position: string, extra: Record<string, unknown> = {}, activityId?: string) =>
    bot.press(who, personalChat(who.id), 'decision.vote', { decisionId, position, ...extra }, undefined, activityId);

  beforeEach(async () => {
    bot = await new TestBot('2026-11-23T09:00:00Z').start();
    await bot.install(CHIEFS);
    await bot.say(anna, CHIEFS, 'koppla socialchefsnatverket');
  });
  afterEach(async () => {
    await bot.stop();
  });

  it('opens a decision through the form, refusing bad input and non-coordinators', async () => {
    await bot.say(anna, annaChat, 'nytt beslut');
    const form = bot.connector.to(annaChat.id).at(-1)!;
    const bad = await bot.press(anna, annaChat, 'decision.submit', { ...validDecision, question: '', closesDate: '2026-11-20', amountSek: '' }, form.newId);
    expect(bad.card).toContain('Beslutet är inte öppnat');
    expect(bad.card).toContain('Tiden har redan passerat.');
    expect(bad.card).toContain('Ange hur mycket gemensamma medel som söks.');
    expect(bad.card).toContain(validDecision.background);
    expect(bot.store.decisions).toHaveLength(0);

    const eksjo = chief('eksjo');
    await bot.say(eksjo, personalChat('e'), 'nytt beslut');
    expect(bot.connector.texts(personalChat('e').id).at(-1)).toContain('Bara samordnare kan öppna ett beslut');
    const forged = await bot.press(eksjo, personalChat('e'), 'decision.submit', validDecision);
    expect(forged.card).toContain('Bara samordnare kan öppna ett beslut');
    expect(bot.store.decisions).toHaveLength(0);

    const ok = await bot.press(anna, annaChat, 'decision.submit', validDecision, form.newId);
    expect(ok.card).toContain('B-2026-001');
    expect(bot.store.decisions[0]).toMatchObject({ id: 'B-2026-001', kind: 'jointFunds', amountSek: 150000, closesAt: '2026-12-10T15:00:00.000Z' });
    const posted = bot.connector.to(CHIEFS.id).filter((s) => s.method === 'POST').at(-1);
    for (const t of ['B-2026-001', 'Öppet för röster', '0 av 13 har godkänt', 'Godkänn', 'Avslå', 'Hänskjuts till nämnd', 'Ej röstat'])
      expect(cardText(posted)).toContain(t);
  });

  it('is decided by consensus when all 13 chiefs approve at the same moment, and says so once', async () => {
    const id = await openDecision();
    bot.connector.clear();
    const results = await Promise.all(chiefs().map((c) => vote(c, id, 'approve')));
    expect(results.every((r) => r.status === 200 && r.card.includes('Registrerat'))).toBe(true);
    expect(bot.store.votes).toHaveLength(13);
    expect((await readStoreFiles(bot.storeFile)).votes).toHaveLength(13);
    const told = bot.connector.texts(CHIEFS.id);
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('Beslutat i konsensus');
    const channelCopy = bot.store.postedDecisionCards.find((c) => c.conversationId === CHIEFS.id)!;
    const last = bot.connector.sent.filter((s) => s.method === 'PUT' && s.activityId === channelCopy.activityId).at(-1);
    expect(cardText(last)).toContain('Beslutat i konsensus');
    expect(cardText(last)).toContain('13 av 13 har godkänt');
    expect(cardText(last)).not.toContain('Hänskjuts till nämnd');
    // Settled: a later change counts for nothing.
    const late = await vote(chief('habo'), id, 'reject', { reason: 'För sent' });
    expect(late.card).toContain('Beslutet är avgjort eller stängt');
    expect(bot.store.votes).toHaveLength(13);
    expect(await sweepDecisions(bot.ctx)).toEqual([]);
  });

  it('stops at one rejection, with its reason, and asks for a reason first', async () => {
    const id = await openDecision();
    for (const c of chiefs().filter((c) => c.member !== 'gnosjo')) await vote(c, id, 'approve');
    const noReason = await vote(chief('gnosjo'), id, 'reject');
    expect(noReason.card).toContain('Ange ett skäl till avslaget');
    const res = await vote(chief('gnosjo'), id, 'reject', { reason: 'Nämnden har inte budget i år' });
    expect(res.card).toContain('Ej konsensus');
    expect(res.card).toContain('Gnosjö har avslagit: Nämnden har inte budget i år.');
    expect(bot.connector.texts(CHIEFS.id).at(-1)).toContain('Ej konsensus');
  });

  it('ends without consensus at the closing time, naming who did not answer; a referral is not approval', async () => {
    const id = await openDecision();
    for (const c of chiefs().filter((c) => !['eksjo', 'habo'].includes(c.member!))) await vote(c, id, 'approve');
    const referred = await vote(chief('habo'), id, 'refer');
    expect(referred.card).toContain('Hos nämnd');
    expect(referred.card).toContain('11 av 13 har godkänt — väntar på Eksjö, Habo');
    bot.clock.set('2026-12-10T14:59:00Z');
    expect(await sweepDecisions(bot.ctx)).toEqual([]);
    bot.clock.set('2026-12-10T15:00:00Z');
    expect(await sweepDecisions(bot.ctx)).toEqual([id]);
    expect(await sweepDecisions(bot.ctx)).toEqual([]);
    expect(bot.connector.texts(CHIEFS.id).at(-1)).toContain('Ej konsensus — saknade svar från Eksjö, Habo');
    const late = await vote(chief('eksjo'), id, 'approve');
    expect(late.card).toContain('Beslutet är avgjort eller stängt');
  });

  it('counts one voice per municipality whether the chief or the deputy casts it', async () => {
    const id = await openDecision();
    const deputy = await vote(person('deputy-eksjo'), id, 'approve');
    expect(deputy.card).toContain('Nora Eklund (ersättare)');
    const chiefVote = await vote(chief('eksjo'), id, 'refer');
    expect(chiefVote.card).toContain('0 av 13 har godkänt');
    expect(chiefVote.card).toContain('Lars Holm (socialchef)');
    expect(bot.store.votes.map((v) => [v.memberId, v.position, v.capacity])).toEqual([
      ['eksjo', 'approve', 'deputyChief'],
      ['eksjo', 'refer', 'socialChief'],
    ]);
  });

  it('refuses votes from people who may not cast them and payloads that do not fit, changing nothing', async () => {
    const id = await openDecision();
    const refusals: [{ aadObjectId: string; name: string; id: string }, string][] = [
      [UNKNOWN_PERSON, 'Du finns inte med i partnerskapets förteckning'],
      [anna, 'Du är inte knuten till någon kommun'],
      [person('aldre-jonkoping'), 'Bara kommunens socialchef eller dennes ersättare'],
    ];
    for (const [who, text] of refusals) expect((await vote(who, id, 'approve')).card).toContain(text);
    expect((await vote(chief('aneby'), 'B-2026-999', 'approve')).card).toContain('Beslutet finns inte');
    expect((await vote(chief('aneby'), id, 'maybe')).card).toContain('Knappen skickade något som inte gick att läsa');
    expect((await vote(chief('aneby'), 'P-2026-001', 'approve')).card).toContain('Knappen skickade något som inte gick att läsa');
    expect(bot.store.votes).toHaveLength(0);
    // The card cannot choose the municipality.
    const forged = await vote(chief('aneby'), id, 'approve', { memberId: 'jonkoping' });
    expect(forged.card).toContain('Registrerat: Aneby — Godkänt.');
    expect(bot.store.votes.map((v) => v.memberId)).toEqual(['aneby']);
  });

  it('answers an unknown or forged button verb clearly and changes nothing', async () => {
    const id = await openDecision();
    for (const verb of ['decision.hack', 'participation.answer.x', '', 'constructor']) {
      const res = await bot.press(chief('aneby'), personalChat('a'), verb, { decisionId: id, position: 'approve' });
      expect(res.status).toBe(200);
      expect(res.card).toContain('Den här knappen känner boten inte till');
    }
    expect(bot.store.votes).toHaveLength(0);
  });

  it('counts a re-delivered vote once', async () => {
    const id = await openDecision();
    await vote(chief('tranas'), id, 'approve', {}, 'vote-1');
    await vote(chief('tranas'), id, 'refer', {}, 'vote-2');
    await vote(chief('tranas'), id, 'approve', {}, 'vote-1');
    expect(bot.store.votes.map((v) => v.position)).toEqual(['approve', 'refer']);
  });

  it('lists decisions and shows one', async () => {
    const id = await openDecision();
    await vote(chief('vetlanda'), id, 'approve');
    const chat = personalChat('v');
    await bot.say(chief('vetlanda'), chat, 'beslut');
    expect(bot.connector.texts(chat.id).at(-1)).toContain(`**${id}** Gemensamma medel till Trygg hemgång — Öppet för röster, 1 av 13 har godkänt`);
    await bot.say(chief('vetlanda'), chat, `beslut ${id.toLowerCase()}`);
    expect(cardText(bot.connector.to(chat.id).at(-1))).toContain('Oskar Björk (socialchef)');
    await bot.say(chief('vetlanda'), chat, 'beslut B-2026-404');
    expect(bot.connector.texts(chat.id).at(-1)).toContain('Hittar inget beslut som heter "B-2026-404"');
  });

  it('takes a committee decision as the municipality\'s voice once it has referred the question', async () => {
    const id = await openDecision();
    for (const c of chiefs().filter((c) => c.member !== 'mullsjo')) await vote(c, id, 'approve');
    const committee = { decisionId: id, memberId: 'mullsjo', outcome: 'approved', reference: '§ 42, SN 2026/123', date: '2026-11-20' };
    const early = await bot.press(anna, annaChat, 'decision.committee', committee);
    expect(early.card).toContain('Kommunen har inte hänskjutit frågan');
    await vote(chief('mullsjo'), id, 'refer');
    expect((await bot.press(chief('eksjo'), personalChat('e'), 'decision.committee', committee)).card).toContain('Bara samordnare och kommunens socialchef');
    expect((await bot.press(person('deputy-eksjo'), personalChat('d'), 'decision.committee', { ...committee, memberId: 'eksjo' })).card).toContain('Bara samordnare');
    expect((await bot.press(anna, annaChat, 'decision.committee', { ...committee, date: '2026-12-24' })).card).toContain('ett datum som inte ligger i framtiden');
    expect((await bot.press(anna, annaChat, 'decision.committee', { ...committee, reference: '' })).card).toContain('ange paragraf/diarienummer');
    expect(bot.store.votes.filter((v) => v.capacity === 'committee')).toHaveLength(0);
    const res = await bot.press(chief('mullsjo'), personalChat('m'), 'decision.committee', committee);
    expect(res.card).toContain('Registrerat: Mullsjö — nämndbeslut, godkänt.');
    expect(res.card).toContain('Beslutat i konsensus');
    expect(res.card).toContain('nämndbeslut');
    expect(bot.store.votes.at(-1)).toMatchObject({ memberId: 'mullsjo', position: 'approve', capacity: 'committee', personId: 'chief-mullsjo', committee: { reference: '§ 42, SN 2026/123', date: '2026-11-20' } });
  });

  it('lets a coordinator extend or close a decision early, recorded, and no one else', async () => {
    const id = await openDecision();
    expect((await bot.press(chief('eksjo'), personalChat('e'), 'decision.close', { decisionId: id })).card).toContain('Bara samordnare kan stänga eller förlänga');
    const notLater = await bot.press(anna, annaChat, 'decision.extend', { decisionId: id, closesDate: '2026-12-05', closesTime: '16:00' });
    expect(notLater.card).toContain('Den nya tiden måste ligga efter');
    const extended = await bot.press(anna, annaChat, 'decision.extend', { decisionId: id, closesDate: '2026-12-17', closesTime: '12:00' });
    expect(extended.card).toContain('Röstningen är förlängd till 2026-12-17 12:00');
    expect(extended.card).toContain('Förlängt av Anna Lindqvist');
    await vote(chief('aneby'), id, 'approve');
    const closed = await bot.press(anna, annaChat, 'decision.close', { decisionId: id });
    expect(closed.card).toContain('Beslutet är stängt');
    expect(closed.card).toContain('Ej konsensus');
    expect(closed.card).toContain('Stängt i förtid');
    expect(bot.store.decisions[0]!.changes.map((c) => c.action)).toEqual(['extended', 'closed']);
    expect(bot.connector.texts(CHIEFS.id).at(-1)).toContain('Stängt i förtid av samordnare');
    expect((await vote(chief('eksjo'), id, 'approve')).card).toContain('Beslutet är avgjort eller stängt');
    expect((await bot.press(anna, annaChat, 'decision.extend', { decisionId: id, closesDate: '2026-12-20' })).card).toContain('redan avgjort eller stängt');
  });

  it('opens a revised decision linked to one without consensus', async () => {
    const id = await openDecision();
    await vote(chief('savsjo'), id, 'reject', { reason: 'För dyrt' });
    expect((await bot.press(chief('eksjo'), personalChat('e'), 'decision.revise', { decisionId: id })).card).toContain('Bara samordnare kan öppna ett reviderat beslut');
    const form = await bot.press(anna, annaChat, 'decision.revise', { decisionId: id });
    expect(form.card).toContain('Gemensamma medel till Trygg hemgång (reviderat)');
    const revised = await bot.press(anna, annaChat, 'decision.submit', { ...validDecision, question: 'Mindre belopp', amountSek: '90000', revises: id });
    expect(revised.card).toContain('B-2026-002');
    expect(revised.card).toContain('Ersätter');
    expect(bot.store.decisions[1]).toMatchObject({ id: 'B-2026-002', revises: id, amountSek: 90000 });
    await backgroundSettled(bot.ctx);

    // The earlier decision says what replaced it and no longer offers to be revised.
    const earlierCopy = bot.store.postedDecisionCards.find((c) => c.decisionId === id && c.conversationId === CHIEFS.id)!;
    const earlierNow = cardText(bot.connector.sent.filter((s) => s.method === 'PUT' && s.activityId === earlierCopy.activityId).at(-1));
    expect(earlierNow).toContain('Ersatt av');
    expect(earlierNow).toContain('B-2026-002');
    expect(earlierNow).not.toContain('Öppna reviderat beslut');
    expect((await bot.press(anna, annaChat, 'decision.revise', { decisionId: id })).card).toContain(`${id} är redan ersatt av ett reviderat beslut: B-2026-002`);
    // Links sent back by a form are checked like the buttons that made it: nothing is opened.
    const again = await bot.press(anna, annaChat, 'decision.submit', { ...validDecision, revises: id });
    expect(again.card).toContain(`${id} är redan ersatt av ett reviderat beslut: B-2026-002`);
    const ofOpen = await bot.press(anna, annaChat, 'decision.submit', { ...validDecision, revises: 'B-2026-002' });
    expect(ofOpen.card).toContain('bara när det tidigare saknar konsensus');
    const unknown = await bot.press(anna, annaChat, 'decision.submit', { ...validDecision, revises: 'B-2026-999' });
    expect(unknown.card).toContain('Beslutet finns inte');
    expect(bot.store.decisions).toHaveLength(2);
  });

  it('asks for a decision from a proposal with joint funds and marks the proposal approved at consensus', async () => {
    const created = await proposeThroughForm({ title: 'Trygg hemgång', jointFundsRequested: 'true', jointFundsSek: '150000' });
    expect(created.card).toContain('Begär beslut om gemensamma medel');
    expect((await bot.press(chief('eksjo'), personalChat('e'), 'decision.request', { proposalId: 'P-2026-001' })).card).toContain('Bara samordnare kan begära beslut');
    const request = await bot.press(anna, annaChat, 'decision.request', { proposalId: 'P-2026-001' });
    expect(request.card).toContain('Gemensamma medel till Trygg hemgång (P-2026-001)');
    expect(request.card).toContain('150000');
    const opened = await bot.press(anna, annaChat, 'decision.submit', { ...validDecision, proposalId: 'P-2026-001' });
    const id = /B-2026-\d{3}/.exec(opened.card)![0];
    expect((await bot.press(anna, annaChat, 'decision.request', { proposalId: 'P-2026-001' })).card).toContain(`redan ett öppet beslut om förslagets gemensamma medel: ${id}`);

    await bot.say(chief('eksjo'), personalChat('e'), 'mina');
    expect(bot.connector.texts(personalChat('e').id).at(-1)).toContain(`Beslut som väntar på Eksjös röst`);
    for (const c of chiefs()) await vote(c, id, 'approve');
    expect(bot.store.proposals[0]!.jointFundsApproved).toMatchObject({ decisionId: id });
    const proposalCopy = bot.store.postedCards.find((c) => c.proposalId === 'P-2026-001')!;
    const updated = bot.connector.sent.filter((s) => s.method === 'PUT' && s.activityId === proposalCopy.activityId).at(-1);
    expect(cardText(updated)).toContain(`150\u00a0000 kr — beviljat i konsensus (${id})`);
    expect(cardText(updated)).not.toContain('Begär beslut om gemensamma medel');
    // A form that comes back with the proposal's id once its funds are granted opens nothing.
    const late = await bot.press(anna, annaChat, 'decision.submit', { ...validDecision, proposalId: 'P-2026-001' });
    expect(late.card).toContain(`redan beviljade i konsensus (${id})`);
    expect(bot.store.decisions).toHaveLength(1);
  });

  it('checks the proposal a submitted decision form names, inside the write, like the button that made it', async () => {
    await proposeThroughForm({ title: 'Utan medel', jointFundsRequested: 'false', jointFundsSek: '' });
    await proposeThroughForm({ title: 'Med medel', jointFundsRequested: 'true', jointFundsSek: '150000' });
    expect(bot.store.proposals.map((p) => p.jointFundsRequested)).toEqual([false, true]);

    const noFunds = await bot.press(anna, annaChat, 'decision.submit', { ...validDecision, proposalId: 'P-2026-001' });
    expect(noFunds.card).toContain('bara för förslag som söker gemensamma medel');
    const unknown = await bot.press(anna, annaChat, 'decision.submit', { ...validDecision, proposalId: 'P-2026-999' });
    expect(unknown.card).toContain('Förslaget finns inte');
    expect(bot.store.decisions).toHaveLength(0);

    // Two coordinators' forms for the same proposal submitted at the same moment: one decision opens.
    const [a, b] = await Promise.all([
      bot.press(anna, annaChat, 'decision.submit', { ...validDecision, proposalId: 'P-2026-002' }, 'form-a'),
      bot.press(anna, annaChat, 'decision.submit', { ...validDecision, proposalId: 'P-2026-002' }, 'form-b'),
    ]);
    expect(bot.store.decisions).toHaveLength(1);
    expect([a.card, b.card].filter((c) => c.includes('redan ett öppet beslut om förslagets gemensamma medel: B-2026-001'))).toHaveLength(1);
    // The same form again (re-delivery, double click) gives the decision it opened, not a refusal.
    const opener = a.card.includes('redan ett öppet') ? 'form-b' : 'form-a';
    const repeat = await bot.press(anna, annaChat, 'decision.submit', { ...validDecision, proposalId: 'P-2026-002' }, opener);
    expect(repeat.card).toContain('B-2026-001');
    expect(repeat.card).not.toContain('redan ett öppet');
    expect(bot.store.decisions).toHaveLength(1);
  });

  it('gives signed links to the decision record as CSV and Markdown', async () => {
    const id = await openDecision();
    await vote(person('deputy-eksjo'), id, 'approve');
    for (const c of chiefs().filter((c) => c.member !== 'eksjo')) await vote(c, id, 'approve');
    expect((await bot.press(UNKNOWN_PERSON, personalChat('x'), 'decision.protocol', { decisionId: id })).card).toContain('Bara personer i partnerskapet');
    const res = await bot.press(chief('eksjo'), personalChat('e'), 'decision.protocol', { decisionId: id });
    const links = [...res.card.matchAll(/\((http:\/\/localhost:\d+\/protokoll\/[^)]+)\)/g)].map((x) => x[1]!);
    expect(links).toHaveLength(2);
    const csvUrl = links.find((l) => l.includes('.csv?'))!;
    const csv = await fetch(csvUrl.replace('localhost', '127.0.0.1'));
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const body = await csv.text();
    expect(body).toContain('Eksjö');
    expect(body).toContain('Nora Eklund');
    expect(body.split('\r\n').filter(Boolean).length).toBeGreaterThanOrEqual(14);
    const md = await fetch(links.find((l) => l.includes('.md?'))!.replace('localhost', '127.0.0.1'));
    expect(await md.text()).toContain('Beslutat i konsensus');
    const forged = await fetch(csvUrl.replace('localhost', '127.0.0.1').replace(id, 'B-2026-002'));
    expect(forged.status).toBe(403);
  });
});

describe('card updates when many vote at once (CARD_REFRESH_SPACING_MS)', () => {
  it('gives each copy a few updates spaced apart, the last showing every vote', async () => {
    const SPACING = 300;
    const bot = await new TestBot('2026-11-23T09:00:00Z').start({ env: { CARD_REFRESH_SPACING_MS: String(SPACING) } });
    // The spacing runs on a timer the test moves, and the stub stamps what it gets on the same timer:
    // the burst arrives at one instant however slow the machine, and the gaps are measured exactly.
    const timer = new ManualTimer();
    useRefreshTimer(bot.ctx, timer);
    bot.connector.now = timer.now;
    try {
      await bot.install(CHIEFS);
      await bot.say(anna, CHIEFS, 'koppla socialchefsnatverket');
      await bot.say(anna, annaChat, 'nytt beslut');
      const form = bot.connector.to(annaChat.id).at(-1)!;
      const opened = await bot.press(anna, annaChat, 'decision.submit', validDecision, form.newId);
      const id = /B-2026-\d{3}/.exec(opened.card)![0];
      const copies = bot.store.postedDecisionCards.filter((c) => c.decisionId === id);
      const channelCopy = copies.find((c) => c.conversationId === CHIEFS.id)!;
      expect(channelCopy).toBeTruthy();
      bot.connector.clear();

      // Twelve chiefs press "Godkänn" on the channel card at the same moment (Jönköping holds back).
      const voters = bot.ctx.partnership.people.filter((p) => p.roles.includes('socialChief') && p.member !== 'jonkoping');
      // The card was refreshed when the decision opened; a spacing later the first vote's refresh goes at once.
      timer.advance(SPACING);
      bot.settle = false;
      const results = await Promise.all(voters.map((c) => bot.press(c, CHIEFS, 'decision.vote', { decisionId: id, position: 'approve' }, channelCopy.activityId)));
      // Every press is answered, so every refresh is asked for; now time moves, one held refresh at a time.
      const settled = backgroundSettled(bot.ctx).then(() => true);
      while (!(await Promise.race([settled, timer.asleep().then(() => false)]))) timer.advanceToNext();
      bot.settle = true;
      for (const r of results) {
        expect(r.status).toBe(200);
        expect(r.card).toContain('Registrerat');
      }
      expect(bot.store.votes.filter((v) => v.decisionId === id)).toHaveLength(12);

      for (const copy of copies) {
        const puts = bot.connector.sent.filter((s) => s.method === 'PUT' && s.activityId === copy.activityId);
        // Without spacing each vote would update each copy (12 times); with it, a burst is one update now and one later.
        expect(puts.length).toBeGreaterThanOrEqual(1);
        expect(puts.length).toBeLessThanOrEqual(4);
        for (let i = 1; i < puts.length; i++) expect(puts[i]!.receivedAt - puts[i - 1]!.receivedAt).toBeGreaterThanOrEqual(SPACING);
        expect(cardText(puts.at(-1))).toContain('12 av 13 har godkänt');
      }
    } finally {
      await bot.stop();
    }
  });
});

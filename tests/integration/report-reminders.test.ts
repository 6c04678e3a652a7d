import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestBot, channel, person, personalChat } from '../fixtures/bot.js';
import { cardText, type SentActivity } from '../fixtures/connector-stub.js';
import { sendReportReminders } from '../../src/features/reminders/schedule.js';

const anna = person('anna-lindqvist');
const annaChat = personalChat('anna');
const CHIEFS = channel('19:socialchefsnatverket@thread.tacv2', 'Socialchefsnätverket');
const IFO = channel('19:ifo@thread.tacv2', 'Individ- och familjeomsorg');
const HOUR = 3600_000;

/** What reached a conversation: reminder cards (first step) and follow-up texts, by occurrence title. */
const posts = (sent: SentActivity[]) => sent.filter((s) => s.method === 'POST');

describe('report reminders through a whole year', () => {
  let bot: TestBot;

  beforeEach(async () => {
    bot = await new TestBot('2026-01-01T00:00:00Z').start();
    await bot.install(CHIEFS);
    await bot.say(anna, CHIEFS, 'koppla socialchefsnatverket');
    await bot.install(IFO);
    await bot.say(anna, IFO, 'koppla ifo');
    await bot.install(annaChat, anna);
    // A project that can start, with Anna as contact: it gets its own report reminders.
    await bot.say(anna, annaChat, 'nytt förslag');
    const form = bot.connector.to(annaChat.id).at(-1)!;
    await bot.press(anna, annaChat, 'proposal.submit', {
      title: 'Trygg hemgång', background: 'B', regionalValue: 'R', networkId: 'ifo', contactPersonId: 'anna-lindqvist', answerDeadline: '2026-01-20',
    }, form.newId);
    for (const who of ['chief-eksjo', 'chief-habo']) await bot.press(person(who), personalChat(who), 'participation.answer', { proposalId: 'P-2026-001', answer: 'participates' });
    bot.connector.clear();
  });
  afterEach(async () => {
    await bot.stop();
  });

  async function runUntil(iso: string, stepMs = 6 * HOUR) {
    const end = Date.parse(iso);
    while (bot.clock.now().getTime() < end) {
      bot.clock.advance(stepMs);
      await sendReportReminders(bot.ctx);
    }
  }

  // Changed with #15 (domain rule 6): the Q1/Q2/annual reports are the office's, so their cards address
  // the coordinators, list no municipality as "not done", and a chief's Klart is refused; the projects'
  // input has its own deadline 5 working days before, on its own steps (it went with the report's steps).
  it('posts exactly the expected reminders, each once, to the expected conversations; Klart narrows the follow-ups', async () => {
    await runUntil('2026-04-16T12:00:00Z'); // Q1 report: deadline 2026-04-30, first step 10 working days before
    const q1Card = posts(bot.connector.to(CHIEFS.id)).find((s) => cardText(s).includes('Delårsrapport Q1'))!;
    expect(cardText(q1Card)).toContain('Sista dag');
    expect(cardText(q1Card)).toContain('2026-04-30');
    expect(cardText(q1Card)).toContain('Till samordnarna: Anna Lindqvist.');
    expect(cardText(q1Card)).toContain('"title":"Tas emot av","value":"medlemskommunerna"');
    expect(cardText(q1Card)).not.toContain('av 13 klara');
    expect(cardText(q1Card)).not.toContain('Eksjö');
    // A municipality receives the report: its chief cannot mark it done.
    const refused = await bot.press(person('chief-eksjo'), CHIEFS, 'reminder.done', { occurrence: 'q1-report:2026', scope: 'office' }, q1Card.newId);
    expect(refused.card).toContain('Bara samordnarna kan markera Delårsrapport Q1 som skickad.');
    expect(bot.store.reminderDone).toEqual([]);
    // The project's input: asked on 9 April, due 23 April; only its contact person (or a coordinator) marks it.
    const projectCard = posts(bot.connector.to(annaChat.id)).find((s) => cardText(s).includes('Underlag till Delårsrapport Q1'))!;
    expect(cardText(projectCard)).toContain('P-2026-001 Trygg hemgång');
    expect(cardText(projectCard)).toContain('2026-04-23 (preliminärt)');
    const notContact = await bot.press(person('ifo-varnamo'), CHIEFS, 'reminder.done', { occurrence: 'q1-report:2026', scope: 'project:P-2026-001' });
    expect(notContact.card).toContain('Bara projektets kontaktperson (Anna Lindqvist) eller en samordnare kan markera projektets underlag som klart.');
    await bot.press(anna, annaChat, 'reminder.done', { occurrence: 'q1-report:2026', scope: 'project:P-2026-001' }, projectCard.newId);
    expect(bot.store.reminderDone.map((d) => [d.key, d.party])).toEqual([['q1-report:2026', 'project:P-2026-001']]);

    await runUntil('2027-01-01T00:00:00Z');
    const chiefs = posts(bot.connector.to(CHIEFS.id));
    const byTitle = (t: string) => chiefs.filter((s) => (s.body.text ?? cardText(s)).includes(t));
    // Q1, Q2: three steps each (a card, then two follow-ups); annual report 2025: three; the fee: two per quarter.
    expect(byTitle('Delårsrapport Q1')).toHaveLength(3);
    expect(byTitle('Delårsrapport Q2')).toHaveLength(3);
    expect(byTitle('Verksamhetsberättelse och årsbokslut')).toHaveLength(3);
    expect(byTitle('Kvartalsavgift i förskott')).toHaveLength(8);
    // The survey goes to every network with a linked channel: the chiefs' network is one of them.
    expect(byTitle('Utvärderingsenkät')).toHaveLength(2);
    expect(cardText(byTitle('Utvärderingsenkät')[0])).toContain('Socialchefsnätverket');
    // The office's follow-ups go to the coordinators and name no municipality; the fee's name those who have not paid.
    const q1FollowUps = byTitle('Delårsrapport Q1').map((s) => s.body.text ?? '').filter(Boolean);
    expect(q1FollowUps).toHaveLength(2);
    for (const text of q1FollowUps) {
      expect(text).toContain('Påminnelse till samordnarna (Anna Lindqvist): **Delårsrapport Q1** (2026 Q1) till medlemskommunerna');
      expect(text).not.toMatch(/Väntar på|Eksjö|Aneby/);
    }
    expect(byTitle('Kvartalsavgift i förskott').map((s) => s.body.text ?? '').filter(Boolean)[0]).toContain('Väntar på Aneby, Eksjö');
    const ifo = posts(bot.connector.to(IFO.id));
    expect(ifo.filter((s) => (s.body.text ?? cardText(s)).includes('Utvärderingsenkät'))).toHaveLength(2);
    expect(ifo).toHaveLength(2);
    // The project's contact: the Q1 input card only (then done), all three steps of the Q2 input.
    const annaPosts = posts(bot.connector.to(annaChat.id));
    expect(annaPosts.filter((s) => cardText(s).includes('Underlag till Delårsrapport Q1'))).toHaveLength(1);
    expect(annaPosts.filter((s) => cardText(s).includes('Underlag till Delårsrapport Q2'))).toHaveLength(3);
    // Q2 is due 14 August; the input 7 August; its steps 10, 3 and 0 working days before that (sent at the next sweep).
    expect(bot.store.reminderSends.filter((s) => s.key === 'q2-report:2026:input').map((s) => [s.step, s.at.slice(0, 10)])).toEqual([
      [10, '2026-07-24'],
      [3, '2026-08-04'],
      [0, '2026-08-07'],
    ]);
    // Nothing was reported missed, and no step is recorded twice.
    expect(bot.connector.texts(CHIEFS.id).some((t) => t.includes('Missad'))).toBe(false);
    const steps = bot.store.reminderSends.map((s) => `${s.key}#${s.step}`);
    expect(new Set(steps).size).toBe(steps.length);
  }, 60_000);

  it('sends nothing twice across a restart, one step after downtime, and one missed notice when a deadline passed unseen', async () => {
    await runUntil('2026-04-16T12:00:00Z');
    const before = bot.connector.sent.length;
    await bot.restart();
    await sendReportReminders(bot.ctx);
    expect(bot.connector.sent.length).toBe(before);

    // Down from 17 April to 29 April 10:00: the 3-day step (27 April) was missed; it goes once, alone.
    bot.clock.set('2026-04-29T08:00:00Z');
    bot.connector.clear();
    await sendReportReminders(bot.ctx);
    await sendReportReminders(bot.ctx);
    expect(posts(bot.connector.to(CHIEFS.id)).filter((s) => (s.body.text ?? '').includes('Delårsrapport Q1'))).toHaveLength(1);
    expect(bot.store.reminderSends.filter((s) => s.key === 'q1-report:2026').map((s) => [s.step, !!s.skipped])).toEqual([
      [10, false],
      [3, false],
    ]);

    // Down over the whole Q2 window (deadline 14 August): one missed notice, once.
    bot.clock.set('2026-07-20T08:00:00Z');
    await sendReportReminders(bot.ctx);
    bot.clock.set('2026-08-20T08:00:00Z');
    bot.connector.clear();
    await sendReportReminders(bot.ctx);
    await sendReportReminders(bot.ctx);
    const missed = bot.connector.texts(CHIEFS.id).filter((t) => t.includes('Missad påminnelse'));
    expect(missed).toHaveLength(1);
    expect(missed[0]).toContain('Delårsrapport Q2');
  }, 60_000);

  it('keeps a reminder through a burst of 429s from the connector', async () => {
    bot.connector.failures = [{ status: 429, retryAfter: 0 }, { status: 429, retryAfter: 0 }, { status: 429, retryAfter: 0 }];
    await runUntil('2026-04-16T12:00:00Z');
    expect(posts(bot.connector.to(CHIEFS.id)).filter((s) => cardText(s).includes('Delårsrapport Q1'))).toHaveLength(1);
  }, 60_000);

  it('lists, previews, pauses and resumes reminders; only coordinators steer them', async () => {
    bot.clock.set('2026-04-01T08:00:00Z');
    await bot.say(person('chief-eksjo'), personalChat('e'), 'påminnelser');
    const list = bot.connector.texts(personalChat('e').id).at(-1)!;
    expect(list).toContain('**Delårsrapport Q1** (2026 Q1) — sista dag 2026-04-30');
    // Who owes each and who receives it; the projects' input is not the chief's to see.
    expect(list).toMatch(/\*\*Delårsrapport Q1\*\*[^\n]*; lämnas av samordnarna på Kommunal utveckling, Region Jönköpings län till medlemskommunerna `q1-report`/);
    expect(list).toMatch(/\*\*Kvartalsavgift i förskott\*\*[^\n]*; lämnas av varje medlemskommun till Kommunal utveckling, Region Jönköpings län `quarterly-fee`/);
    expect(list).not.toContain('Underlag till');
    await bot.say(anna, annaChat, 'påminnelser');
    expect(bot.connector.texts(annaChat.id).at(-1)).toMatch(
      /Underlag till \*\*Delårsrapport Q1\*\* \(2026 Q1\) — sista dag 2026-04-23 \(preliminärt\)[^\n]*; lämnas av varje pågående projekts kontaktperson till samordnarna `q1-report`/,
    );
    await bot.say(person('chief-eksjo'), personalChat('e'), 'påminnelser pausa q1-report');
    expect(bot.connector.texts(personalChat('e').id).at(-1)).toContain('Bara samordnare');
    await bot.say(anna, annaChat, 'påminnelser förhandsvisa q1-report');
    expect(cardText(bot.connector.to(annaChat.id).at(-1))).toContain('Förhandsvisning — inget är skickat.');
    await bot.say(anna, annaChat, 'påminnelser pausa q1-report');
    expect(bot.connector.texts(annaChat.id).at(-1)).toContain('Delårsrapport Q1 är pausad');
    bot.connector.clear();
    await runUntil('2026-04-20T12:00:00Z');
    expect(posts(bot.connector.to(CHIEFS.id)).filter((s) => cardText(s).includes('Delårsrapport Q1'))).toHaveLength(0);
    await bot.say(anna, annaChat, 'påminnelser återuppta q1-report');
    expect(bot.connector.texts(annaChat.id).at(-1)).toContain('Delårsrapport Q1 är återupptagen');
    await runUntil('2026-04-21T12:00:00Z');
    expect(posts(bot.connector.to(CHIEFS.id)).filter((s) => cardText(s).includes('Delårsrapport Q1'))).toHaveLength(1);
  }, 60_000);

  it('keeps a due reminder until a channel is linked, instead of losing it', async () => {
    await bot.post(bot.activity(anna, CHIEFS, { type: 'installationUpdate', action: 'remove' }));
    await runUntil('2026-03-12T12:00:00Z'); // the fee for Q2 is due 18 March; its first step was 11 March
    expect(bot.store.reminderSends.filter((s) => s.key === 'quarterly-fee:2026-Q2')).toEqual([]);
    await bot.install(CHIEFS);
    await bot.say(anna, CHIEFS, 'koppla socialchefsnatverket');
    await sendReportReminders(bot.ctx);
    expect(posts(bot.connector.to(CHIEFS.id)).filter((s) => cardText(s).includes('Kvartalsavgift'))).toHaveLength(1);
  }, 60_000);
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestBot, channel, person, personalChat } from '../fixtures/bot.js';
import { cardText, type SentActivity } from '../fixtures/connector-stub.js';
import { sendReportReminders } from '../../src/features/reminders/schedule.js';

const anna = person('anna-lindqvist'); // the coordinator
const chiefEksjo = person('chief-eksjo');
const liveContact = person('ifo-varnamo'); // Amira Haddad
const endedContact = person('aldre-jonkoping'); // Erik Sjöberg
const CHIEFS = channel('19:socialchefsnatverket@thread.tacv2', 'Socialchefsnätverket');
const annaChat = personalChat('anna-lindqvist');
const HOUR = 3600_000;
const REPORT = 'https://samverkan.example.se/rapporter/delarsrapport-q1-2026.pdf';

const posts = (sent: SentActivity[]) => sent.filter((s) => s.method === 'POST');
/** What is about the Q1 report (the chiefs' channel also gets the fee's reminders). */
const aboutQ1 = (sent: SentActivity[]) => sent.filter((s) => (s.body.text ?? cardText(s)).includes('Delårsrapport Q1'));
const q1 = { occurrence: 'q1-report:2026', scope: 'office' };

/**
 * Domain rule 6 through the real server: the office (its coordinators) owes the Q1 report to the
 * member municipalities. The reminder reaches the coordinators, a chief's Klart is refused, a
 * coordinator's Klart with the report's link tells the chiefs' channel once; before it, the live
 * project's contact person is asked for the project's input, the cancelled project's is not.
 */
describe('the Q1 report is owed by the office and received by the municipalities', () => {
  let bot: TestBot;
  let live = '';
  let cancelled = '';

  async function project(title: string, contact: typeof anna, networkId: string): Promise<string> {
    await bot.say(anna, annaChat, 'nytt förslag');
    const form = bot.connector.to(annaChat.id).at(-1)!;
    const res = await bot.press(anna, annaChat, 'proposal.submit', {
      title, background: 'B', regionalValue: 'R', networkId, contactPersonId: contact.id, answerDeadline: '2026-03-20',
    }, form.newId);
    const id = /P-2026-\d{3}/.exec(res.card)![0];
    for (const who of ['chief-eksjo', 'chief-habo']) await bot.press(person(who), personalChat(who), 'participation.answer', { proposalId: id, answer: 'participates' });
    return id;
  }
  async function runUntil(iso: string, stepMs = 6 * HOUR) {
    const end = Date.parse(iso);
    while (bot.clock.now().getTime() < end) {
      bot.clock.advance(stepMs);
      await sendReportReminders(bot.ctx);
    }
  }

  beforeEach(async () => {
    bot = await new TestBot('2026-03-02T08:00:00Z').start();
    await bot.install(CHIEFS);
    await bot.say(anna, CHIEFS, 'koppla socialchefsnatverket');
    for (const who of [anna, liveContact, endedContact, chiefEksjo]) await bot.say(who, personalChat(who.id), 'hjälp');
    live = await project('Trygg hemgång', liveContact, 'ifo');
    cancelled = await project('Avbrutet projekt', endedContact, 'aldreomsorg');
    expect((await bot.press(endedContact, personalChat(endedContact.id), 'gate.cancel', { proposalId: cancelled, reason: 'Finansieringen föll bort' })).card).toContain(
      'Projektet är avbrutet',
    );
    // The first sweep only notes when reminders began; nothing of 2026 is due yet.
    await sendReportReminders(bot.ctx);
    bot.connector.clear();
  });
  afterEach(async () => {
    await bot.stop();
  });

  it('asks the live project for its input before, reminds the coordinators, refuses a chief, and tells the chiefs once when a coordinator marks it sent', async () => {
    // 9 April, 09:00: the projects' input is due 23 April (5 working days before 30 April); its first step.
    await runUntil('2026-04-09T12:00:00Z');
    const asked = posts(bot.connector.to(personalChat(liveContact.id).id));
    expect(asked).toHaveLength(1);
    const inputCard = cardText(asked[0]);
    expect(inputCard).toContain('Påminnelse: Underlag till Delårsrapport Q1 (2026 Q1)');
    expect(inputCard).toContain('Till projektets kontaktperson: Amira Haddad.');
    expect(inputCard).toContain(`${live} Trygg hemgång`);
    expect(inputCard).toContain('"value":"2026-04-23 (preliminärt)"');
    expect(inputCard).toContain('"title":"Tas emot av","value":"samordnarna"');
    // The cancelled project's contact person is asked nothing, and the chiefs' channel nothing yet.
    expect(bot.connector.to(personalChat(endedContact.id).id)).toEqual([]);
    expect(aboutQ1(posts(bot.connector.to(CHIEFS.id)))).toEqual([]);

    // Only the contact person or a coordinator marks the project's input done.
    const notTheirs = await bot.press(chiefEksjo, personalChat(chiefEksjo.id), 'reminder.done', { occurrence: 'q1-report:2026', scope: `project:${live}` });
    expect(notTheirs.card).toContain('Bara projektets kontaktperson (Amira Haddad) eller en samordnare kan markera projektets underlag som klart.');
    const ended = await bot.press(endedContact, personalChat(endedContact.id), 'reminder.done', { occurrence: 'q1-report:2026', scope: `project:${live}` });
    expect(ended.card).toContain('Bara projektets kontaktperson (Amira Haddad)');
    expect(bot.store.reminderDone).toEqual([]);
    const input = await bot.press(liveContact, personalChat(liveContact.id), 'reminder.done', { occurrence: 'q1-report:2026', scope: `project:${live}` }, asked[0]!.newId);
    expect(input.card).toContain(`Registrerat: ${live} Trygg hemgång är klar.`);

    // 16 April, 09:00: the report's first step reaches the coordinators in the chiefs' channel.
    await runUntil('2026-04-16T12:00:00Z');
    const cards = aboutQ1(posts(bot.connector.to(CHIEFS.id)));
    expect(cards).toHaveLength(1);
    const officeCard = cardText(cards[0]);
    expect(officeCard).toContain('Påminnelse: Delårsrapport Q1 (2026 Q1)');
    expect(officeCard).toContain('Till samordnarna: Anna Lindqvist.');
    expect(officeCard).toContain('"title":"Lämnas av","value":"samordnarna på Kommunal utveckling, Region Jönköpings län"');
    expect(officeCard).toContain('"title":"Tas emot av","value":"medlemskommunerna"');
    expect(officeCard).toContain(`Underlag från de pågående projekten: 1 av 1 klara.`);
    expect(officeCard).not.toContain(cancelled);
    // No municipality is told it owes it, or listed as not done.
    const withoutHost = officeCard.replaceAll(bot.ctx.partnership.host, '');
    for (const m of bot.ctx.partnership.members) expect(withoutHost).not.toContain(m.name);
    expect(officeCard).not.toContain('klara —');
    // No further input request after it was done.
    expect(posts(bot.connector.to(personalChat(liveContact.id).id))).toHaveLength(1);

    // A chief receives the report: Klart is refused, nothing recorded, nothing told.
    const chief = await bot.press(chiefEksjo, CHIEFS, 'reminder.done', { ...q1, link: REPORT }, cards[0]!.newId);
    expect(chief.card).toContain('Bara samordnarna kan markera Delårsrapport Q1 som skickad. Rapporten lämnas av samordnarna till medlemskommunerna, som tar emot den.');
    expect(bot.store.reminderDone.filter((d) => d.party === 'office')).toEqual([]);
    // A link that is not https is refused as well, without recording.
    const http = await bot.press(anna, CHIEFS, 'reminder.done', { ...q1, link: 'http://samverkan.example.se/q1.pdf' }, cards[0]!.newId);
    expect(http.card).toContain('Länken måste vara en fullständig https-adress');
    expect(bot.store.reminderDone.filter((d) => d.party === 'office')).toEqual([]);
    expect(aboutQ1(bot.connector.to(CHIEFS.id)).filter((s) => s.body.text)).toEqual([]);

    // The coordinator marks it sent, with the link: one notice in the chiefs' channel, with the link.
    const sent = await bot.press(anna, CHIEFS, 'reminder.done', { ...q1, link: REPORT }, cards[0]!.newId, 'press-q1-sent');
    expect(sent.card).toContain('Registrerat: Delårsrapport Q1 är skickad till medlemskommunerna. Socialchefsnätverket får besked i sin kanal.');
    expect(bot.store.reminderDone.filter((d) => d.party === 'office').map((d) => [d.key, d.personId, d.url])).toEqual([['q1-report:2026', 'anna-lindqvist', REPORT]]);
    const notice = `**Delårsrapport Q1** (2026 Q1) är skickad till medlemskommunerna (markerad av Anna Lindqvist). [Rapporten](${REPORT})`;
    expect(bot.connector.texts(CHIEFS.id).filter((t) => t.includes('Delårsrapport Q1'))).toEqual([notice]);
    // The card in the channel now says who sent it and links the report; no Klart button is left.
    const updated = bot.connector.to(CHIEFS.id).filter((s) => s.method === 'PUT' && s.activityId === cards[0]!.newId).at(-1)!;
    expect(cardText(updated)).toContain('Anna Lindqvist, 2026-04-16');
    expect(cardText(updated)).toContain(`"selectAction":{"type":"Action.OpenUrl","url":"${REPORT}"}`);
    expect(cardText(updated)).not.toContain('reminder.done');

    // Teams re-delivers the press, and the coordinator presses again: still one notice.
    const again = await bot.press(anna, CHIEFS, 'reminder.done', { ...q1, link: REPORT }, cards[0]!.newId, 'press-q1-sent');
    expect(again.card).toContain('Registrerat: Delårsrapport Q1 är skickad');
    expect((await bot.press(anna, CHIEFS, 'reminder.done', q1, cards[0]!.newId)).card).toContain('var redan markerad som klar');
    await bot.ctx.outbox.retryNow();
    expect(bot.connector.texts(CHIEFS.id).filter((t) => t.includes('är skickad till medlemskommunerna'))).toHaveLength(1);

    // Sent is sent: no follow-up on 27 April or on the deadline day.
    await runUntil('2026-05-01T12:00:00Z');
    // The card and the notice; and (since #16) one card mentioning the chiefs the bot cannot write to personally.
    const mentions = (s: SentActivity) => !!(s.body.attachments?.[0]?.content as { msteams?: unknown } | undefined)?.msteams;
    expect(aboutQ1(posts(bot.connector.to(CHIEFS.id))).filter((s) => !mentions(s))).toHaveLength(2);
    expect(aboutQ1(posts(bot.connector.to(CHIEFS.id))).filter(mentions)).toHaveLength(1);
    expect(bot.store.reminderSends.filter((s) => s.key === 'q1-report:2026').map((s) => s.step)).toEqual([10, 3, 0]);
  }, 60_000);

  it('the office reminder follows up to the coordinators, never naming a municipality, while the report is not sent', async () => {
    await runUntil('2026-04-30T12:00:00Z');
    const q1Posts = aboutQ1(posts(bot.connector.to(CHIEFS.id)));
    expect(q1Posts).toHaveLength(3);
    const followUps = q1Posts.map((s) => s.body.text ?? '').filter(Boolean);
    expect(followUps).toEqual([
      'Påminnelse till samordnarna (Anna Lindqvist): **Delårsrapport Q1** (2026 Q1) till medlemskommunerna — sista dag 2026-04-30 (preliminärt).',
      'Påminnelse till samordnarna (Anna Lindqvist): **Delårsrapport Q1** (2026 Q1) till medlemskommunerna — sista dag 2026-04-30 (preliminärt).',
    ]);
    // The live project was asked on all three of its input steps; the cancelled one never.
    expect(posts(bot.connector.to(personalChat(liveContact.id).id)).map((s) => cardText(s)).filter((c) => c.includes('Underlag till Delårsrapport Q1'))).toHaveLength(3);
    expect(bot.connector.to(personalChat(endedContact.id).id)).toEqual([]);
  }, 60_000);
});

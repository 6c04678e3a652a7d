import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBot, UNKNOWN_PERSON, channel, person, personalChat } from '../fixtures/bot.js';

/**
 * Issue #6, secrets and logs: a working day's traffic (a decision opened, votes, refusals, a forged
 * button, protocol and export links) at debug level. Every line is structured JSON; no secret, no
 * signed link and no name of a person is in any line — people appear by AAD object id only.
 */
const LINK_SECRET = 'link-secret-4f7c1e9a0b2d4c6e8f1a3b5c7d9e0f21';
const CHIEFS = channel('19:socialchefsnatverket@thread.tacv2', 'Socialchefsnätverket');

describe('logs carry no secrets and no names', () => {
  let bot: TestBot;
  const links: string[] = [];

  beforeAll(async () => {
    bot = await new TestBot('2026-11-23T09:00:00Z').start({ env: { LINK_SECRET } });
    const anna = person('anna-lindqvist');
    const annaChat = personalChat('anna');
    await bot.install(CHIEFS);
    await bot.say(anna, CHIEFS, 'koppla socialchefsnatverket');
    await bot.say(anna, annaChat, 'nytt beslut');
    const form = bot.connector.to(annaChat.id).at(-1)!;
    const opened = await bot.press(
      anna,
      annaChat,
      'decision.submit',
      { question: 'Gemensamma medel', kind: 'other', background: 'Bakgrund', amountSek: '', closesDate: '2026-12-10', closesTime: '16:00' },
      form.newId,
    );
    const id = /B-2026-\d{3}/.exec(opened.card)![0];
    const chiefs = bot.ctx.partnership.people.filter((p) => p.roles.includes('socialChief'));
    for (const chief of chiefs.slice(0, 3)) await bot.press(chief, personalChat(chief.id), 'decision.vote', { decisionId: id, position: 'approve' });
    // Refused and forged: a deputy-less stranger, a vote for another municipality, an unknown verb.
    await bot.press(UNKNOWN_PERSON, personalChat('x'), 'decision.vote', { decisionId: id, position: 'approve' });
    await bot.press(chiefs[4]!, personalChat(chiefs[4]!.id), 'decision.vote', { decisionId: id, position: 'reject', memberId: 'eksjo' });
    await bot.press(anna, annaChat, 'no.such.verb', {});
    const protocol = await bot.press(anna, annaChat, 'decision.protocol', { decisionId: id });
    await bot.say(anna, annaChat, 'export');
    links.push(...[protocol.card, ...bot.connector.texts(annaChat.id)].flatMap((t) => t.match(/sig=[A-Za-z0-9_-]+/g) ?? []));
    await bot.say(person('chief-eksjo'), personalChat('e'), 'mina');
  });
  afterAll(async () => {
    await bot?.stop();
  });

  const lines = () => bot.logs.join('').split('\n').filter(Boolean);

  it('every line is structured JSON with a level, a time and a message', () => {
    expect(lines().length).toBeGreaterThan(8);
    for (const line of lines()) expect(JSON.parse(line)).toMatchObject({ level: expect.any(Number), time: expect.any(Number), msg: expect.any(String) });
  });

  it('no line holds the link secret or a signature of a link the bot handed out', () => {
    expect(links.length).toBeGreaterThanOrEqual(2);
    const all = bot.logs.join('');
    expect(all).not.toContain(LINK_SECRET);
    for (const sig of links) expect(all).not.toContain(sig);
  });

  it('no line names a person: they appear by AAD object id', () => {
    const all = bot.logs.join('');
    const names = bot.ctx.partnership.people.map((p) => p.name);
    for (const name of [...names, UNKNOWN_PERSON.name]) expect(all, name).not.toContain(name);
    expect(all).toContain(person('chief-eksjo').aadObjectId);
  });
});

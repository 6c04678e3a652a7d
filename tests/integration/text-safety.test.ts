import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBot, channel, person, personalChat } from '../fixtures/bot.js';
import { cardText } from '../fixtures/connector-stub.js';
import { cardMarkdownProblems, markdownProblems } from '../fixtures/hostile.js';
import { sendDecisionReminders } from '../../src/features/decisions/reminders.js';

/**
 * Text is text: hostile Markdown, links and mentions typed into every free-text field the bot keeps
 * come back in every card and message literally, and never as a link, a mention or formatting.
 */

/** One line of everything Teams could read as syntax. */
const H = '**fet** _kursiv_ [klick](javascript:alert(1)) <at>Boss</at> `kod` ~~s~~';
/** The same, escaped where it stands inside a line of Markdown. */
const H_ESCAPED = '\\*\\*fet\\*\\* \\_kursiv\\_ \\[klick\\](javascript:alert(1)) &lt;at&gt;Boss&lt;/at&gt; \\`kod\\` \\~\\~s\\~\\~';
/** Several lines, each starting like a block (heading, list, quote) or a link. */
const BLOCK = `# Rubrik ${H}\n1. lista\n- punkt\n> citat\n[x](https://evil.example)`;

const TITLE = `# ${H}`;
const CHANNEL_NAME = 'Äldre **omsorg** <at>Boss</at> [x](https://evil.example)';
const DOC_TITLE = 'x](javascript:alert(1)) [y <at>Boss</at>';
const DOC_URL = 'https://samverkan.example.se/plan (1).docx';
const QUESTION = `# ${H}`;
const REJECT_REASON = `=HYPERLINK("https://evil.example";"klicka") ${H}\n# andra raden`;
const REFERENCE = '§ 1 [x](javascript:alert(1)) <at>Boss</at> *';

const anna = person('anna-lindqvist');
const annaChat = personalChat(anna.id);
const contact = person('chief-eksjo');
const decider = person('aldre-jonkoping');
const HOSTILE_ALDRE = channel('19:aldreomsorg@thread.tacv2', CHANNEL_NAME);
const CHIEFS = channel('19:socialchefsnatverket@thread.tacv2', 'Socialchefsnätverket');

/** Links the bot makes: its own downloads, and the document link exactly as the https url was given, encoded. */
const DOC_LINK = 'https://samverkan.example.se/plan%20%281%29.docx';
const ownLink = (url: string) => /^http:\/\/localhost:\d+\//.test(url) || [DOC_LINK, 'https://samverkan.example.se/bg1.docx'].includes(url);

/** Every RichTextBlock run of a card, as the literal text it shows. */
function runs(card: unknown): { text: string; url?: string }[] {
  const out: { text: string; url?: string }[] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const o = node as Record<string, unknown>;
    if (o.type === 'TextRun') out.push({ text: String(o.text), url: (o.selectAction as { url?: string } | undefined)?.url });
    Object.values(o).forEach(walk);
  };
  walk(card);
  return out;
}

describe('text is text: user text in every card and message', () => {
  let bot: TestBot;
  let proposalId = '';
  let decisionId = '';
  /** Every card the pressers got back. */
  const answered: unknown[] = [];
  const chief = (memberId: string) => bot.ctx.partnership.people.find((p) => p.member === memberId && p.roles.includes('socialChief'))!;
  const press = async (who: { aadObjectId: string; name: string; id: string }, verb: string, data: Record<string, unknown>, replyToId?: string) => {
    const res = await bot.press(who, personalChat(who.id), verb, data, replyToId);
    answered.push(JSON.parse(res.card));
    return res;
  };
  const lastText = (conversationId: string) => bot.connector.texts(conversationId).at(-1) ?? '';
  const say = async (who: { aadObjectId: string; name: string; id: string }, where: ReturnType<typeof personalChat>, text: string) => {
    await bot.say(who, where, text);
    return lastText(where.id);
  };

  beforeAll(async () => {
    bot = await new TestBot('2026-11-23T09:00:00Z').start();
    await bot.install(HOSTILE_ALDRE);
    await bot.say(anna, HOSTILE_ALDRE, 'koppla äldreomsorg');
    await bot.install(CHIEFS);
    await bot.say(anna, CHIEFS, 'koppla socialchefsnatverket');
    for (const p of [chief('eksjo'), chief('vetlanda'), chief('habo')]) await bot.install(personalChat(p.id), p);
  });
  afterAll(async () => {
    await bot.stop();
  });

  it('a proposal: title, background, goals and regional value show literally on its card, escaped in messages', async () => {
    await bot.say(anna, annaChat, 'nytt förslag');
    const form = bot.connector.to(annaChat.id).at(-1)!;
    const res = await press(anna, 'proposal.submit', {
      title: TITLE, background: BLOCK, goals: BLOCK, regionalValue: BLOCK, networkId: 'aldreomsorg', contactPersonId: 'chief-eksjo',
      estimatedCostSek: '400000', jointFundsRequested: 'true', jointFundsSek: '100000', answerDeadline: '2026-12-15',
    }, form.newId);
    proposalId = /P-2026-\d{3}/.exec(res.card)![0];
    const card = JSON.parse(res.card);
    const shown = runs(card).map((r) => r.text);
    expect(shown).toContain(TITLE);
    expect(shown.filter((t) => t === BLOCK)).toHaveLength(3);
    // The notice names the channel, whose name its team chose.
    expect(lastText(annaChat.id)).toBe(`Förslaget ${proposalId} är publicerat i Äldre \\*\\*omsorg\\*\\* &lt;at&gt;Boss&lt;/at&gt; \\[x\\](https://evil.example).`);
    // The proposal card, not the card naming those the bot cannot write to personally that comes with it.
    const proposalCard = bot.connector.to(HOSTILE_ALDRE.id).filter((s) => !cardText(s).includes('"msteams"')).at(-1);
    expect(runs(JSON.parse(cardText(proposalCard)))).toContainEqual({ text: TITLE, url: undefined });

    expect(await say(anna, annaChat, 'projekt')).toContain(`**${proposalId}** \\# ${H_ESCAPED} — Öppen för svar`);
    expect(await say(chief('vetlanda'), personalChat(chief('vetlanda').id), 'mina')).toContain(`**${proposalId}** \\# ${H_ESCAPED} — svara senast 2026-12-15`);
  });

  it('a gate document: its title is text, its link only the https url, and reasons are text', async () => {
    for (const who of ['chief-eksjo', 'chief-jonkoping']) await press(person(who), 'participation.answer', { proposalId, answer: 'participates' });
    await press(contact, 'gate.submit', { proposalId, gate: 'BG0', title: DOC_TITLE, url: DOC_URL });
    const asked = lastText(HOSTILE_ALDRE.id);
    expect(asked).toBe(
      `**${proposalId} \\# ${H_ESCAPED}**: BG0 Projektdirektiv är inlämnad för beslut — [x\\](javascript:alert(1)) \\[y &lt;at&gt;Boss&lt;/at&gt;](${DOC_LINK}). En ledamot i Äldreomsorg från en deltagande kommun beslutar på projektkortet; den som lämnat in dokumentet och kontaktpersonen beslutar inte.`,
    );
    const approved = JSON.parse((await press(decider, 'gate.approve', { proposalId, gate: 'BG0' })).card);
    expect(runs(approved)).toContainEqual({ text: `Dokument: ${DOC_TITLE}`, url: DOC_LINK });

    await press(contact, 'gate.submit', { proposalId, gate: 'BG1', title: 'Förstudie', url: 'https://samverkan.example.se/bg1.docx' });
    const sentBack = JSON.parse((await press(decider, 'gate.sendBack', { proposalId, gate: 'BG1', reason: BLOCK })).card);
    expect(runs(sentBack).map((r) => r.text)).toContain(`BG1 återremitterades: ${BLOCK}`);
  });

  it('a report reminder names the project by its title, escaped', async () => {
    const res = await press(contact, 'reminder.done', { occurrence: 'q1-report:2027', scope: `project:${proposalId}` });
    // Not at a line's start here: the # stays as it is.
    expect(res.card).toContain(JSON.stringify(`Registrerat: ${proposalId} # ${H_ESCAPED} är klar.`).slice(1, -1));
    expect(runs(JSON.parse(res.card)).map((r) => r.text)).toContain(`${proposalId} ${TITLE}`);
  });

  it('a decision: question, background, a committee reference and a reject reason; its lists, reminders, outcome and record', async () => {
    await bot.say(anna, annaChat, 'nytt beslut');
    const form = bot.connector.to(annaChat.id).at(-1)!;
    const opened = await press(anna, 'decision.submit', { question: QUESTION, kind: 'other', background: BLOCK, amountSek: '', closesDate: '2026-12-10', closesTime: '16:00' }, form.newId);
    decisionId = /B-2026-\d{3}/.exec(opened.card)![0];
    expect(runs(JSON.parse(opened.card)).map((r) => r.text)).toEqual(expect.arrayContaining([QUESTION, BLOCK]));
    expect(runs(JSON.parse(cardText(bot.connector.to(CHIEFS.id).at(-1)))).map((r) => r.text)).toContain(QUESTION);

    await press(chief('habo'), 'decision.vote', { decisionId, position: 'refer' });
    await press(anna, 'decision.committee', { decisionId, memberId: 'habo', outcome: 'approved', reference: REFERENCE, date: '2026-11-20' });
    expect(await say(anna, annaChat, 'beslut')).toContain(`**${decisionId}** \\# ${H_ESCAPED} — Öppet för röster`);
    expect(await say(chief('vetlanda'), personalChat(chief('vetlanda').id), 'mina')).toContain(`**${decisionId}** \\# ${H_ESCAPED} — röstningen stänger`);

    bot.clock.set('2026-12-07T08:00:00Z');
    expect(await sendDecisionReminders(bot.ctx)).toEqual([decisionId]);
    expect(lastText(personalChat(chief('vetlanda').id).id)).toContain(`Påminnelse: **${decisionId} \\# ${H_ESCAPED}** stänger`);
    expect(lastText(CHIEFS.id)).toContain(`Påminnelse: **${decisionId} \\# ${H_ESCAPED}** stänger`);

    const rejected = await press(contact, 'decision.vote', { decisionId, position: 'reject', reason: REJECT_REASON });
    const reasonEscaped = `=HYPERLINK("https://evil.example";"klicka") ${H_ESCAPED}\n\\# andra raden`;
    expect(rejected.card).toContain(JSON.stringify(`Eksjö har avslagit: ${reasonEscaped}.`).slice(1, -1));
    expect(lastText(CHIEFS.id)).toBe(`**${decisionId} \\# ${H_ESCAPED}**: Ej konsensus. Eksjö har avslagit: ${reasonEscaped}.`);

    const links = [...(await press(anna, 'decision.protocol', { decisionId })).card.matchAll(/\((http:\/\/localhost:\d+\/protokoll\/[^)]+)\)/g)].map((x) => x[1]!);
    const md = await (await fetch(links.find((l) => l.includes('.md?'))!.replace('localhost', '127.0.0.1'))).text();
    expect(markdownProblems(md, () => false)).toEqual([]);
    expect(md).toContain('- **Fråga:** # \\*\\*fet\\*\\* \\_kursiv\\_ \\[klick\\](javascript:alert(1)) \\<at\\>Boss\\</at\\> \\`kod\\` \\~\\~s\\~\\~');
    expect(md).toContain('> \\# Rubrik');
    expect(md).toContain('§ 1 \\[x\\](javascript:alert(1)) \\<at\\>Boss\\</at\\> \\*');
    const csv = await (await fetch(links.find((l) => l.includes('.csv?'))!.replace('localhost', '127.0.0.1'))).text();
    // CSV is not Markdown: the text is kept as typed, only quoted, and a formula is defused.
    expect(csv).toContain(`"'=HYPERLINK(""https://evil.example"";""klicka"") ${H}\n# andra raden"`);
    expect(csv).toContain(REFERENCE);
  });

  it('commands echo what was typed as text', async () => {
    expect(await say(anna, annaChat, 'projekt [x](https://evil.example) **fet**')).toBe(
      'Hittar inget förslag eller nätverk som heter "\\[x\\](https://evil.example) \\*\\*fet\\*\\*". Skriv **projekt** för hela listan.',
    );
    await bot.say(anna, HOSTILE_ALDRE, 'koppla _x_ [y](javascript:alert(1))');
    expect(lastText(HOSTILE_ALDRE.id)).toContain('Hittar inget nätverk som heter "\\_x\\_ \\[y\\](javascript:alert(1))"');
    expect(await say(anna, annaChat, 'agera som ~~x~~ `y`')).toContain('Hittar ingen demoperson för "\\~\\~x\\~\\~ \\`y\\`"');
    expect(await say(anna, annaChat, 'påminnelser pausa [x](https://evil.example)')).toContain('Hittar ingen påminnelse som heter "\\[x\\](https://evil.example)"');
  });

  it('sent nothing anywhere in which user text is a link, a tag or a mention', () => {
    const problems: string[] = [];
    for (const sent of bot.connector.sent) {
      problems.push(...markdownProblems(sent.body.text ?? '', ownLink));
      for (const a of sent.body.attachments ?? []) problems.push(...cardMarkdownProblems(a.content, ownLink));
    }
    for (const card of answered) problems.push(...cardMarkdownProblems(card, ownLink));
    expect(bot.connector.sent.length).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  });
});

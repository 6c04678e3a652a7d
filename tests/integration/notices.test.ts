import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALDRE_CHANNEL, PARTNERSHIP_FILE, TestBot, channel, person, personalChat, type Conversation } from '../fixtures/bot.js';
import { ChildBot, PARTNERSHIP_FILE as CHILD_PARTNERSHIP_FILE, ROOT } from '../fixtures/child-bot.js';
import { cardText, ConnectorStub, type SentActivity } from '../fixtures/connector-stub.js';
import { loadPartnership } from '../../src/config/partnership.js';
import { teamsActivity } from '../../src/tools/bench/generate.js';
import { PROPOSAL_FORM } from '../fixtures/forms.js';
import { readStoreFiles } from '../../src/store/store.js';
import { sendDeadlineReminders } from '../../src/features/notices/deadline.js';
import { sweepGateVotes } from '../../src/features/gates/votes.js';

/**
 * Issue #16 items 1–2 through the real server: a new proposal in a network reaches each person who may
 * answer for a municipality once, in their personal chat with the bot, or, where the bot has none with
 * them, by a Teams mention in the network's channel; a kind turned off in `aviseringar` is not sent;
 * nobody is told twice across a restart; the reminder before the answer deadline goes to those whose
 * municipality has not answered.
 */

const anna = person('anna-lindqvist');
const annaChat = personalChat('anna-lindqvist');
const form = { ...PROPOSAL_FORM, jointFundsRequested: 'false', jointFundsSek: '' };

/** The people with a personal chat with the bot in these tests; every other representative has none. */
const REACHABLE = ['chief-aneby', 'chief-eksjo', 'deputy-eksjo', 'aldre-jonkoping'] as const;
const chatOf = (id: string) => personalChat(id);

const isMentionCard = (s: SentActivity) => !!(s.body.attachments?.[0]?.content as { msteams?: { entities?: unknown[] } } | undefined)?.msteams?.entities;
const newPosts = (bot: TestBot, conversationId: string) => bot.connector.to(conversationId).filter((s) => s.method === 'POST');

interface LogLine {
  msg: string;
  eventId?: string;
  personId?: string;
  path?: string;
}
const reachedLines = (bot: TestBot): LogLine[] =>
  bot.logs
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LogLine)
    .filter((l) => l.msg === 'notice: person reached');

async function propose(bot: TestBot, submitId?: string): Promise<{ formId: string; card: string }> {
  await bot.say(anna, annaChat, 'nytt förslag');
  const formId = bot.connector.to(annaChat.id).at(-1)!.newId!;
  const res = await bot.press(anna, annaChat, 'proposal.submit', form, formId, submitId);
  await bot.ctx.outbox.idle();
  return { formId, card: res.card };
}

/** Every `<at>…</at>` in the card has its entity and every entity its text; the ids of the people mentioned. */
function mentionedIn(activity: SentActivity): string[] {
  const content = activity.body.attachments![0]!.content as { body: { text?: string }[]; msteams: { entities: { type: string; text: string; mentioned: { id: string; name: string } }[] } };
  const texts = content.body.map((b) => b.text ?? '').join('\n');
  const tags = texts.match(/<at>[^<]*<\/at>/g) ?? [];
  const entities = content.msteams.entities;
  expect(entities.every((e) => e.type === 'mention')).toBe(true);
  expect([...tags].sort()).toEqual(entities.map((e) => e.text).sort());
  return entities.map((e) => {
    const who = bot().ctx.partnership.people.find((p) => p.aadObjectId === e.mentioned.id)!;
    expect(e.text).toBe(`<at>${who.name}</at>`);
    expect(e.mentioned.name).toBe(who.name);
    return who.id;
  });
}

let current: TestBot;
const bot = () => current;

describe('personal notices and mentions', () => {
  beforeEach(async () => {
    current = await new TestBot('2026-11-23T09:00:00Z').start({ env: { OUTBOX_RETRY_MS: '20' } });
    await current.install(ALDRE_CHANNEL);
    await current.say(anna, ALDRE_CHANNEL, 'koppla äldreomsorg');
    for (const id of REACHABLE) await current.install(chatOf(id), person(id));
    current.connector.clear();
  });
  afterEach(async () => {
    await current.stop();
  });

  it('a new proposal: one personal message with the card to each representative the bot can write to; the others mentioned in the channel', async () => {
    const b = bot();
    const { card } = await propose(b);
    expect(card).toContain('publicerat i Äldreomsorg');

    for (const id of REACHABLE) {
      const got = newPosts(b, chatOf(id).id);
      expect(got, id).toHaveLength(1);
      expect(got[0]!.body.text).toContain('**Nytt projektförslag** P-2026-001 «Trygg hemgång för äldre» (Äldreomsorg)');
      // With the card and its buttons: the person can answer where they read it.
      expect(cardText(got[0])).toContain('"verb":"participation.answer"');
      expect(cardText(got[0])).toContain('Vi deltar');
      // Where the card is, though the channel's post may still have been on its way when this was drawn.
      expect(cardText(got[0])).toMatch(/Publicerat i","value":"Äldreomsorg"/);
    }
    expect(newPosts(b, chatOf('chief-aneby').id)[0]!.body.text).toContain('väntar på svar från Aneby senast 2026-12-15');
    expect(newPosts(b, chatOf('aldre-jonkoping').id)[0]!.body.text).toContain('väntar på svar från Jönköping');
    // The one who proposed is not told of their own proposal.
    expect(b.connector.to(annaChat.id).filter((s) => s.body.text?.includes('Nytt projektförslag'))).toHaveLength(0);

    // The channel: one card naming those the bot cannot write to, then the proposal card (the newest there).
    const inChannel = newPosts(b, ALDRE_CHANNEL.id);
    expect(inChannel).toHaveLength(2);
    expect(isMentionCard(inChannel[1]!)).toBe(false);
    expect(cardText(inChannel[1])).toContain('Vi deltar');
    const mentionCard = inChannel[0]!;
    expect(isMentionCard(mentionCard)).toBe(true);
    const chiefs = b.ctx.partnership.people.filter((p) => p.roles.includes('socialChief')).map((p) => p.id);
    const unreachable = chiefs.filter((id) => !(REACHABLE as readonly string[]).includes(id));
    expect(mentionedIn(mentionCard).sort()).toEqual(unreachable.sort());
    // It says who is awaited, by name and municipality; those written to personally are named, not mentioned.
    const text = cardText(mentionCard);
    expect(text).toContain('Väntar på svar från');
    expect(text).toContain('**Gnosjö:** <at>Per Nyström</at>');
    expect(text).toContain('**Aneby:** Karin Ek');
    expect(text).toContain('**Eksjö:** Lars Holm, Nora Eklund');
    expect(text).toContain('**Jönköping:** <at>Johan Berg</at>, Erik Sjöberg');

    // The ledger and the log say which path reached whom.
    const ledger = b.store.notices.filter((n) => n.eventId === 'newProposal:P-2026-001');
    expect(ledger.filter((n) => n.path === 'personal').map((n) => n.personId).sort()).toEqual([...REACHABLE].sort());
    expect(ledger.filter((n) => n.path === 'mention').map((n) => n.personId).sort()).toEqual(unreachable.sort());
    const reached = reachedLines(b).filter((l) => l.eventId === 'newProposal:P-2026-001');
    expect(reached.filter((l) => l.path === 'personal').map((l) => l.personId).sort()).toEqual([...REACHABLE].sort());
    expect(reached.filter((l) => l.path === 'mention').map((l) => l.personId).sort()).toEqual(unreachable.sort());
    expect(b.store.outbox).toEqual([]);
  });

  it('the card in a personal chat answers for the municipality, like the one in the channel', async () => {
    const b = bot();
    await propose(b);
    const copy = newPosts(b, chatOf('chief-aneby').id)[0]!;
    const res = await b.press(person('chief-aneby'), chatOf('chief-aneby'), 'participation.answer', { proposalId: 'P-2026-001', answer: 'participates' }, copy.newId);
    expect(res.card).toContain('Registrerat: Aneby deltar');
    expect(b.store.participation).toEqual([expect.objectContaining({ memberId: 'aneby', personId: 'chief-aneby', answer: 'participates' })]);
  });

  it('a kind turned off in `aviseringar` is not sent, and the choice survives a restart', async () => {
    const b = bot();
    const eksjo = person('chief-eksjo');
    await b.say(eksjo, chatOf('chief-eksjo'), 'aviseringar');
    const shown = cardText(b.connector.to(chatOf('chief-eksjo').id).at(-1));
    expect(shown).toContain('Nytt projektförslag som väntar på din kommuns svar');
    expect(shown).toContain('Boten har en personlig chatt med dig');
    expect(shown).toContain('Slå av aviseringar om nya projektförslag');
    expect(shown).toContain('preliminärt');

    const off = await b.press(eksjo, chatOf('chief-eksjo'), 'notices.toggle', { kind: 'newProposal', on: false });
    expect(off.card).toContain('Nytt projektförslag som väntar på din kommuns svar: av.');
    expect(off.card).toContain('Slå på aviseringar om nya projektförslag');
    expect(b.store.noticePrefs).toEqual([expect.objectContaining({ personId: 'chief-eksjo', off: ['newProposal'] })]);
    expect((await readStoreFiles(b.storeFile)).noticePrefs).toEqual([expect.objectContaining({ personId: 'chief-eksjo', off: ['newProposal'] })]);

    await b.restart();
    await b.say(eksjo, chatOf('chief-eksjo'), 'aviseringar');
    expect(cardText(b.connector.to(chatOf('chief-eksjo').id).at(-1))).toContain('Slå på aviseringar om nya projektförslag');
    b.connector.clear();

    await propose(b);
    expect(newPosts(b, chatOf('chief-eksjo').id)).toHaveLength(0);
    // Nor is Eksjö's chief mentioned in the channel instead; the deputy still hears of it.
    expect(newPosts(b, chatOf('deputy-eksjo').id)).toHaveLength(1);
    const mentionCard = newPosts(b, ALDRE_CHANNEL.id).find(isMentionCard)!;
    expect(mentionedIn(mentionCard)).not.toContain('chief-eksjo');
    expect(b.store.notices.some((n) => n.personId === 'chief-eksjo')).toBe(false);

    // Turned on again: the next kind of the same person is untouched and the list empties.
    const on = await b.press(eksjo, chatOf('chief-eksjo'), 'notices.toggle', { kind: 'newProposal', on: true });
    expect(on.card).toContain('Nytt projektförslag som väntar på din kommuns svar: på.');
    expect(b.store.noticePrefs).toEqual([]);
  });

  it('someone outside the partnership file cannot set anything, and a forged kind is refused', async () => {
    const b = bot();
    const stranger = { id: 'stranger', aadObjectId: '99999999-9999-9999-9999-999999999999', name: 'Okänd Person' };
    const res = await b.press(stranger, personalChat('stranger'), 'notices.toggle', { kind: 'newProposal', on: false });
    expect(res.card).toContain('Du finns inte i partnerskapsfilen');
    const forged = await b.press(person('chief-eksjo'), chatOf('chief-eksjo'), 'notices.toggle', { kind: 'everything', on: false });
    expect(forged.card).toContain('Inget är ändrat');
    expect(b.store.noticePrefs).toEqual([]);
  });

  it('nobody is told twice: personal chats Teams refuses get theirs once after a restart, a re-delivered submit adds none', { timeout: 30_000 }, async () => {
    const b = bot();
    b.connector.refusing.set(chatOf('chief-eksjo').id, { status: 503 });
    b.connector.refusing.set(chatOf('aldre-jonkoping').id, { status: 429, retryAfter: 0 });
    const { formId } = await propose(b, 'submit-1');
    expect(newPosts(b, chatOf('chief-aneby').id)).toHaveLength(1);
    expect(newPosts(b, chatOf('chief-eksjo').id)).toHaveLength(0);
    // Kept on disk with the event, for the chats Teams did not take.
    const onDisk = await readStoreFiles(b.storeFile);
    expect(onDisk.outbox.map((e) => e.conversationId).sort()).toEqual([chatOf('aldre-jonkoping').id, chatOf('chief-eksjo').id].sort());
    expect(onDisk.notices.filter((n) => n.path === 'personal')).toHaveLength(REACHABLE.length);

    b.connector.refusing.clear();
    await b.restart();
    await b.ctx.outbox.retryNow();
    // The same submit again after the restart (Teams re-delivers), and the outbox once more.
    await b.press(anna, annaChat, 'proposal.submit', form, formId, 'submit-1');
    await b.ctx.outbox.retryNow();
    await b.restart();
    await b.ctx.outbox.retryNow();

    for (const id of REACHABLE) expect(newPosts(b, chatOf(id).id), id).toHaveLength(1);
    expect(newPosts(b, ALDRE_CHANNEL.id).filter(isMentionCard)).toHaveLength(1);
    expect(b.store.proposals).toHaveLength(1);
    expect(b.store.outbox).toEqual([]);
  });

  it('reminds before the answer deadline those whose municipality has not answered, once, also across a restart', async () => {
    const b = bot();
    await propose(b);
    await b.press(person('chief-aneby'), chatOf('chief-aneby'), 'participation.answer', { proposalId: 'P-2026-001', answer: 'participates' });
    await b.press(person('chief-jonkoping'), ALDRE_CHANNEL, 'participation.answer', { proposalId: 'P-2026-001', answer: 'declines' });
    b.connector.clear();

    // The deadline is Tuesday 15 December; two working days before is Friday 11 December, 09:00 Swedish time.
    b.clock.set('2026-12-11T07:59:00Z');
    expect(await sendDeadlineReminders(b.ctx)).toEqual([]);
    b.clock.set('2026-12-11T08:00:00Z');
    expect(await sendDeadlineReminders(b.ctx)).toEqual(['P-2026-001']);
    await b.ctx.outbox.idle();
    expect(await sendDeadlineReminders(b.ctx)).toEqual([]);

    // Aneby and Jönköping answered: not reminded. Eksjö's chief and deputy are, personally.
    expect(newPosts(b, chatOf('chief-aneby').id)).toHaveLength(0);
    expect(newPosts(b, chatOf('aldre-jonkoping').id)).toHaveLength(0);
    for (const id of ['chief-eksjo', 'deputy-eksjo']) {
      const got = newPosts(b, chatOf(id).id);
      expect(got, id).toHaveLength(1);
      expect(got[0]!.body.text).toContain('**Påminnelse:** Eksjö har inte svarat på P-2026-001 «Trygg hemgång för äldre» (Äldreomsorg). Svarstiden går ut 2026-12-15.');
      expect(cardText(got[0])).toContain('Vi deltar');
    }
    // The channel names the others still awaited.
    const reminder = newPosts(b, ALDRE_CHANNEL.id);
    expect(reminder).toHaveLength(1);
    expect(cardText(reminder[0])).toContain('svarstiden för P-2026-001');
    const mentioned = mentionedIn(reminder[0]!);
    expect(mentioned).toHaveLength(10);
    expect(mentioned).not.toContain('chief-aneby');
    expect(mentioned).not.toContain('chief-jonkoping');
    expect(cardText(reminder[0])).not.toContain('**Aneby:**');
    expect(cardText(reminder[0])).not.toContain('**Jönköping:**');

    await b.restart();
    b.clock.set('2026-12-14T10:00:00Z');
    expect(await sendDeadlineReminders(b.ctx)).toEqual([]);
    expect(newPosts(b, chatOf('chief-eksjo').id)).toHaveLength(1);
    // Once answers have closed nothing more is sent.
    b.clock.set('2026-12-16T08:00:00Z');
    expect(await sendDeadlineReminders(b.ctx)).toEqual([]);
  });

  it('a proposal made in a personal chat with no linked channel still reaches everyone the bot can write to', async () => {
    const b = bot();
    await b.ctx.repo.forgetConversations((c) => c.id === ALDRE_CHANNEL.id);
    await propose(b);
    for (const id of REACHABLE) expect(newPosts(b, chatOf(id).id), id).toHaveLength(1);
    // Nowhere to mention the others: said in the log, not lost silently.
    const warned = b.logs.join('').split('\n').filter((l) => l.includes('no channel to mention them in'));
    expect(warned).toHaveLength(1);
    expect(b.store.notices.filter((n) => n.path === 'mention')).toEqual([]);
  });
});

/**
 * The same promise under a real kill -9: the bot runs as a child process (tests/fixtures/child-bot.ts),
 * two representatives' personal chats refuse posts when the proposal is made, the process is killed
 * with SIGKILL while their posts are retried, and started again on the same store: each of the four
 * gets exactly one message, and the re-delivered submit adds none.
 */
describe('personal notices across a kill -9', () => {
  let child: ChildBot | undefined;
  const stub = new ConnectorStub();
  let dir = '';
  afterEach(async () => {
    await child?.kill();
    await stub.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /**
   * The child bot is another process: the only way to see what it has done is to look again. Asked
   * every 20 ms until `done` or the deadline.
   */
  async function until(done: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
    const t0 = Date.now();
    while (!(await done())) {
      if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('each representative gets one message, none twice after SIGKILL and restart', { timeout: 180_000 }, async () => {
    const serviceUrl = await stub.start();
    dir = await mkdtemp(join(tmpdir(), 'samverkan-notices-'));
    const storeFile = join(dir, 'store.json');
    const p = await loadPartnership(join(ROOT, CHILD_PARTNERSHIP_FILE));
    const env = { OUTBOX_RETRY_MS: '20' };
    let n = 0;
    const act = (who: { id: string; aadObjectId: string; name: string }, conversation: { id: string; type: 'personal' | 'channel'; name?: string }, fields: Record<string, unknown>) =>
      teamsActivity(p, serviceUrl, who, conversation, { id: `kill-${++n}`, timestamp: new Date().toISOString(), ...fields });
    const channelConv = { id: ALDRE_CHANNEL.id, type: 'channel' as const, name: ALDRE_CHANNEL.name };
    const chat = (id: string) => ({ id: chatOf(id).id, type: 'personal' as const });
    const installed = { type: 'conversationUpdate', membersAdded: [{ id: '28:samverkan-bot' }] };
    const posted = (id: string) => stub.to(chatOf(id).id).filter((s) => s.method === 'POST' && s.body.text?.includes('Nytt projektförslag'));

    child = await ChildBot.start({ storeFile, env });
    expect((await child.post(act(anna, channelConv, installed))).status).toBe(200);
    const mention = { type: 'mention', text: '<at>Samverkan</at>', mentioned: { id: '28:samverkan-bot', name: 'Samverkan' } };
    await child.post(act(anna, channelConv, { type: 'message', text: '<at>Samverkan</at> koppla äldreomsorg', entities: [mention] }));
    for (const id of REACHABLE) expect((await child.post(act(person(id), chat(id), installed))).status).toBe(200);
    stub.refusing.set(chatOf('chief-eksjo').id, { status: 503 });
    stub.refusing.set(chatOf('deputy-eksjo').id, { status: 503 });

    await child.post(act(anna, chat('anna-lindqvist'), { type: 'message', text: 'nytt förslag' }));
    const formId = stub.to(chatOf('anna-lindqvist').id).at(-1)!.newId!;
    const submit = act(anna, chat('anna-lindqvist'), { type: 'invoke', name: 'adaptiveCard/action', replyToId: formId, value: { action: { type: 'Action.Execute', verb: 'proposal.submit', data: form }, trigger: 'manual' } });
    expect((await child.post(submit)).text).toContain('P-2026-001');
    await until(() => posted('chief-aneby').length === 1 && posted('aldre-jonkoping').length === 1, 'the two chats that take posts');
    await until(() => stub.refused.filter((r) => r.conversationId === chatOf('chief-eksjo').id).length >= 2, 'a retry of a refused chat');

    // kill -9 while the refused chats' posts are being retried.
    await child.kill();
    expect(child.exit?.signal).toBe('SIGKILL');
    const onDisk = await readStoreFiles(storeFile);
    expect(onDisk.outbox.map((e) => e.conversationId).sort()).toEqual([chatOf('chief-eksjo').id, chatOf('deputy-eksjo').id].sort());

    stub.refusing.clear();
    child = await ChildBot.start({ storeFile, env });
    await until(async () => (await child!.health()).body.outboxPending === 0, 'the outbox to empty after the restart');
    // Teams re-delivers the submit it got no answer to: the same proposal, no new notice.
    expect((await child.post(submit)).text).toContain('P-2026-001');
    await until(async () => (await child!.health()).body.outboxPending === 0, 'the outbox to stay empty');
    expect(await child.stop()).toEqual({ code: 0, signal: null });

    for (const id of REACHABLE) expect(posted(id), id).toHaveLength(1);
    const after = await readStoreFiles(storeFile);
    expect(after.proposals).toHaveLength(1);
    expect(after.outbox).toEqual([]);
    expect(after.notices.filter((x) => x.path === 'personal').map((x) => x.personId).sort()).toEqual([...REACHABLE].sort());
  });
});

/**
 * Every other kind of notice, wired where its event is recorded (issue #16 item 1): a gate submitted,
 * a gate decided (by one member, by a majority through a press and by the ticker), a project
 * cancelled, a municipality joining and leaving, the office's report sent, a consultation round
 * opened. Each case: the people it concerns get exactly one personal message each (or are mentioned
 * in the channel), the one who caused it none, a re-delivered press adds none, and a person who
 * turned the kind off in `aviseringar` gets none.
 */
describe('notices of gates, cancels, joins and leaves, reports and consultation rounds', () => {
  type Who = { id: string; aadObjectId: string; name: string };
  const aldreEksjo: Who = { id: 'aldre-eksjo', aadObjectId: '00000000-0000-0000-0000-000000000501', name: 'Eva Ek' };
  const aldreHabo: Who = { id: 'aldre-habo', aadObjectId: '00000000-0000-0000-0000-000000000502', name: 'Hans Habo' };
  const erik = person('aldre-jonkoping'); // the projects' contact person here
  const CHIEFS = channel('19:socialchefsnatverket@thread.tacv2', 'Socialchefsnätverket');
  /** The people with a personal chat with the bot in these cases; every other one can only be mentioned. */
  const WITH_CHAT: Who[] = [person('chief-eksjo'), person('deputy-eksjo'), erik, aldreEksjo, aldreHabo];
  let dir = '';

  /** The shipped file, with two more members of Äldreomsorg, and its way of deciding gates. */
  async function startWith(mode: 'single' | 'majority'): Promise<TestBot> {
    dir = await mkdtemp(join(tmpdir(), 'samverkan-notices-wire-'));
    const config = JSON.parse(await readFile(PARTNERSHIP_FILE, 'utf8'));
    config.people.push({ ...aldreEksjo, member: 'eksjo', networks: ['aldreomsorg'] }, { ...aldreHabo, member: 'habo', networks: ['aldreomsorg'] });
    if (mode === 'majority') config.networks.find((n: { id: string }) => n.id === 'aldreomsorg').gateDecision = { mode: 'majority', closeAfterWorkingDays: 2, confirmed: true, source: 'test' };
    await writeFile(join(dir, 'partnership.json'), JSON.stringify(config));
    const b = await new TestBot('2026-11-23T09:00:00Z').start({ env: { PARTNERSHIP_FILE: join(dir, 'partnership.json'), OUTBOX_RETRY_MS: '20' } });
    current = b;
    for (const c of [ALDRE_CHANNEL, CHIEFS]) await b.install(c);
    await b.say(anna, ALDRE_CHANNEL, 'koppla äldreomsorg');
    await b.say(anna, CHIEFS, 'koppla socialchefsnatverket');
    for (const who of WITH_CHAT) await b.install(chatOf(who.id), who);
    return b;
  }

  afterEach(async () => {
    await current.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** A project of Äldreomsorg with Erik Sjöberg as contact person; these municipalities answer in the channel that they take part. */
  async function project(b: TestBot, participants: string[]): Promise<string> {
    await b.say(anna, annaChat, 'nytt förslag');
    const formId = b.connector.to(annaChat.id).at(-1)!.newId!;
    const res = await b.press(anna, annaChat, 'proposal.submit', { ...form, contactPersonId: erik.id }, formId);
    const id = /P-2026-\d{3}/.exec(res.card)![0];
    for (const member of participants) await b.press(person(`chief-${member}`), ALDRE_CHANNEL, 'participation.answer', { proposalId: id, answer: 'participates' });
    await b.ctx.outbox.idle();
    b.connector.clear();
    return id;
  }

  /** `who` turns notices of `kind` off in `aviseringar`. */
  async function turnOff(b: TestBot, who: Who, kind: string) {
    const res = await b.press(who, chatOf(who.id), 'notices.toggle', { kind, on: false });
    expect(res.card).toContain(': av.');
  }

  /**
   * The notices of one event: each of `personal` got exactly one personal message with `text`; each of
   * `none` got none; the card in `where` mentioned exactly `mentioned` (none when empty); the ledger
   * holds each of them once, by the path that reached them.
   */
  function expectTold(b: TestBot, kind: string, text: string, told: { personal: string[]; mentioned: string[]; none: string[]; where?: Conversation }) {
    for (const id of told.personal) {
      const got = newPosts(b, chatOf(id).id).filter((s) => s.body.text?.includes(text));
      expect(got, id).toHaveLength(1);
      expect(newPosts(b, chatOf(id).id), id).toHaveLength(1);
    }
    for (const id of told.none) expect(newPosts(b, chatOf(id).id).filter((s) => s.body.text?.includes(text)), id).toHaveLength(0);
    const where = told.where ?? ALDRE_CHANNEL;
    const mentionCards = newPosts(b, where.id).filter((s) => isMentionCard(s) && cardText(s).includes(text));
    if (told.mentioned.length) {
      expect(mentionCards).toHaveLength(1);
      expect(mentionedIn(mentionCards[0]!).sort()).toEqual([...told.mentioned].sort());
    } else expect(mentionCards).toHaveLength(0);
    const ledger = b.store.notices.filter((n) => n.kind === kind);
    expect(ledger.filter((n) => n.path === 'personal').map((n) => n.personId).sort()).toEqual([...told.personal].sort());
    expect(ledger.filter((n) => n.path === 'mention').map((n) => n.personId).sort()).toEqual([...told.mentioned].sort());
    expect(b.store.outbox).toEqual([]);
  }

  /** The same press again under the same activity id (Teams re-delivers): no notice more. */
  async function redelivered(b: TestBot, who: Who, where: Conversation, verb: string, data: Record<string, unknown>, activityId: string, replyToId?: string) {
    const posts = b.connector.sent.length;
    const ledger = b.store.notices.length;
    await b.press(who, where, verb, data, replyToId, activityId);
    await b.ctx.outbox.retryNow();
    await b.ctx.outbox.idle();
    expect(b.store.notices).toHaveLength(ledger);
    // Only the presser's own answer (the card updated in place) may follow.
    expect(b.connector.sent.slice(posts).filter((s) => s.method === 'POST')).toEqual([]);
  }

  const BG0 = { gate: 'BG0', title: 'Projektdirektiv', url: 'https://samverkan.example.se/bg0.docx' };

  it('a gate submitted: those who may decide it, not the submitter', async () => {
    const b = await startWith('single');
    const id = await project(b, ['eksjo', 'jonkoping', 'habo']);
    await turnOff(b, aldreHabo, 'gateSubmitted');
    const res = await b.press(erik, chatOf(erik.id), 'gate.submit', { proposalId: id, ...BG0 }, undefined, 'submit-bg0');
    expect(res.card).toContain('BG0 är inlämnad för beslut.');
    await b.ctx.outbox.idle();
    // The owning group's members from participating municipalities: Eva Ek; Hans Habo turned it off; Erik submitted it.
    expectTold(b, 'gateSubmitted', `**BG0 Projektdirektiv är inlämnad för beslut** i ${id} «Trygg hemgång för äldre» (Äldreomsorg).`, {
      personal: ['aldre-eksjo'],
      mentioned: [],
      none: ['aldre-jonkoping', 'aldre-habo', 'chief-eksjo', 'deputy-eksjo'],
    });
    expect(cardText(newPosts(b, chatOf('aldre-eksjo').id)[0])).toContain('gate.approve');
    await redelivered(b, erik, chatOf(erik.id), 'gate.submit', { proposalId: id, ...BG0 }, 'submit-bg0');
  });

  it('a gate decided by one member: the contact person and the participants’ representatives, not the decider', async () => {
    const b = await startWith('single');
    const id = await project(b, ['eksjo', 'jonkoping', 'habo']);
    await b.press(erik, chatOf(erik.id), 'gate.submit', { proposalId: id, ...BG0 });
    await turnOff(b, person('deputy-eksjo'), 'gateDecided');
    await b.ctx.outbox.idle();
    b.connector.clear();
    const res = await b.press(aldreEksjo, chatOf(aldreEksjo.id), 'gate.sendBack', { proposalId: id, gate: 'BG0', reason: 'Komplettera budgeten' }, undefined, 'back-bg0');
    expect(res.card).toContain('BG0 återremitterades');
    await b.ctx.outbox.idle();
    expectTold(b, 'gateDecided', `**BG0 Projektdirektiv är återremitterad** i ${id} «Trygg hemgång för äldre» (Äldreomsorg): Komplettera budgeten`, {
      personal: ['aldre-jonkoping', 'chief-eksjo', 'aldre-habo'],
      mentioned: ['chief-jonkoping', 'chief-habo'],
      none: ['aldre-eksjo', 'deputy-eksjo'],
    });
    await redelivered(b, aldreEksjo, chatOf(aldreEksjo.id), 'gate.sendBack', { proposalId: id, gate: 'BG0', reason: 'Komplettera budgeten' }, 'back-bg0');
  });

  it('a gate decided by a majority: the vote that makes it tells everyone concerned but the voter', async () => {
    const b = await startWith('majority');
    const id = await project(b, ['eksjo', 'jonkoping', 'habo']);
    await b.press(anna, annaChat, 'gate.submit', { proposalId: id, ...BG0 });
    await turnOff(b, person('deputy-eksjo'), 'gateDecided');
    expect((await b.press(aldreEksjo, chatOf(aldreEksjo.id), 'gate.approve', { proposalId: id, gate: 'BG0' })).card).toContain('1 av 2');
    await b.ctx.outbox.idle();
    b.connector.clear();
    // Not decided yet: nobody was told of a decision.
    expect(b.store.notices.filter((n) => n.kind === 'gateDecided')).toEqual([]);
    const res = await b.press(aldreHabo, chatOf(aldreHabo.id), 'gate.approve', { proposalId: id, gate: 'BG0' }, undefined, 'vote-habo');
    expect(res.card).toContain('BG0');
    await b.ctx.outbox.idle();
    expect(b.store.gateEvents.at(-1)).toMatchObject({ kind: 'approve', majority: { approve: ['aldre-eksjo', 'aldre-habo'] } });
    expectTold(b, 'gateDecided', `**BG0 Projektdirektiv är godkänd** i ${id} «Trygg hemgång för äldre» (Äldreomsorg).`, {
      personal: ['aldre-jonkoping', 'chief-eksjo', 'aldre-eksjo'],
      mentioned: ['chief-jonkoping', 'chief-habo'],
      none: ['aldre-habo', 'deputy-eksjo'],
    });
    await redelivered(b, aldreHabo, chatOf(aldreHabo.id), 'gate.approve', { proposalId: id, gate: 'BG0' }, 'vote-habo');
  });

  it('a gate decided by the ticker when its vote closes: everyone concerned once, also when the job runs again', async () => {
    const b = await startWith('majority');
    const id = await project(b, ['eksjo', 'jonkoping', 'habo']);
    await b.press(anna, annaChat, 'gate.submit', { proposalId: id, ...BG0 });
    await turnOff(b, person('deputy-eksjo'), 'gateDecided');
    await b.press(aldreEksjo, chatOf(aldreEksjo.id), 'gate.approve', { proposalId: id, gate: 'BG0' });
    await b.ctx.outbox.idle();
    b.connector.clear();
    // Two working days after Monday 23 November: closes at the end of Wednesday 25 November.
    b.clock.set('2026-11-26T08:00:00Z');
    expect(await sweepGateVotes(b.ctx)).toEqual([id]);
    await b.ctx.outbox.idle();
    expect(b.store.gateEvents.at(-1)).toMatchObject({ kind: 'sendBack', majority: { closed: true } });
    expectTold(b, 'gateDecided', `**BG0 Projektdirektiv är återremitterad** i ${id} «Trygg hemgång för äldre» (Äldreomsorg).`, {
      personal: ['aldre-jonkoping', 'chief-eksjo', 'aldre-eksjo', 'aldre-habo'],
      mentioned: ['chief-jonkoping', 'chief-habo'],
      none: ['deputy-eksjo'],
    });
    const ledger = b.store.notices.length;
    expect(await sweepGateVotes(b.ctx)).toEqual([]);
    await b.restart();
    expect(await sweepGateVotes(b.ctx)).toEqual([]);
    await b.ctx.outbox.retryNow();
    expect(b.store.notices).toHaveLength(ledger);
    for (const id of ['aldre-jonkoping', 'chief-eksjo', 'aldre-eksjo', 'aldre-habo']) expect(newPosts(b, chatOf(id).id), id).toHaveLength(1);
  });

  it('a project cancelled: the participants’ representatives, not the contact person who cancelled it', async () => {
    const b = await startWith('single');
    const id = await project(b, ['eksjo', 'jonkoping', 'habo']);
    await turnOff(b, aldreHabo, 'projectCancelled');
    const res = await b.press(erik, chatOf(erik.id), 'gate.cancel', { proposalId: id, reason: 'Finansieringen föll bort' }, undefined, 'cancel-1');
    expect(res.card).toContain('Projektet är avbrutet');
    await b.ctx.outbox.idle();
    expectTold(b, 'projectCancelled', `**Projektet ${id} «Trygg hemgång för äldre» är avbrutet** (Äldreomsorg): Finansieringen föll bort`, {
      personal: ['chief-eksjo', 'deputy-eksjo', 'aldre-eksjo'],
      mentioned: ['chief-jonkoping', 'chief-habo'],
      none: ['aldre-jonkoping', 'aldre-habo'],
    });
    await redelivered(b, erik, chatOf(erik.id), 'gate.cancel', { proposalId: id, reason: 'Finansieringen föll bort' }, 'cancel-1');
  });

  it('a municipality joining after the deadline: the contact person, the participants’ and its own representatives, not the one who joined it', async () => {
    const b = await startWith('single');
    const id = await project(b, ['jonkoping', 'habo']);
    await turnOff(b, aldreHabo, 'memberJoined');
    b.clock.set('2026-12-16T09:00:00Z');
    const res = await b.press(person('chief-eksjo'), chatOf('chief-eksjo'), 'participation.join', { proposalId: id }, undefined, 'join-eksjo');
    expect(res.card).toContain('Eksjö');
    await b.ctx.outbox.idle();
    expect(b.store.participation.at(-1)).toMatchObject({ memberId: 'eksjo', kind: 'join' });
    expectTold(b, 'memberJoined', `**Eksjö går med** i ${id} «Trygg hemgång för äldre» (Äldreomsorg).`, {
      personal: ['aldre-jonkoping', 'deputy-eksjo', 'aldre-eksjo'],
      mentioned: ['chief-jonkoping', 'chief-habo'],
      none: ['chief-eksjo', 'aldre-habo'],
    });
    await redelivered(b, person('chief-eksjo'), chatOf('chief-eksjo'), 'participation.join', { proposalId: id }, 'join-eksjo');
  });

  it('a municipality leaving: the contact person, the participants’ and the leaver’s representatives, not the one who left', async () => {
    const b = await startWith('single');
    const id = await project(b, ['eksjo', 'jonkoping', 'habo']);
    await turnOff(b, person('deputy-eksjo'), 'memberLeft');
    b.clock.set('2026-12-16T09:00:00Z');
    const leave = { proposalId: id, from: '2027-01-01', reason: 'Budgeten räcker inte' };
    const res = await b.press(person('chief-eksjo'), chatOf('chief-eksjo'), 'participation.leave', leave, undefined, 'leave-eksjo');
    expect(res.card).toContain('Eksjö');
    await b.ctx.outbox.idle();
    expect(b.store.participation.at(-1)).toMatchObject({ memberId: 'eksjo', kind: 'leave', effectiveFrom: '2027-01-01' });
    expectTold(b, 'memberLeft', `**Eksjö lämnar** ${id} «Trygg hemgång för äldre» (Äldreomsorg).`, {
      personal: ['aldre-jonkoping', 'aldre-eksjo', 'aldre-habo'],
      mentioned: ['chief-jonkoping', 'chief-habo'],
      none: ['chief-eksjo', 'deputy-eksjo'],
    });
    await redelivered(b, person('chief-eksjo'), chatOf('chief-eksjo'), 'participation.leave', leave, 'leave-eksjo');
  });

  it('the office’s report marked sent: the chiefs and deputies of the municipalities it goes to, personally or named in their channel', async () => {
    const b = await startWith('single');
    b.clock.set('2026-04-16T08:00:00Z');
    await turnOff(b, person('deputy-eksjo'), 'reportDone');
    b.connector.clear();
    const link = 'https://samverkan.example.se/rapporter/q1-2026.pdf';
    const done = { occurrence: 'q1-report:2026', scope: 'office', link };
    const res = await b.press(anna, CHIEFS, 'reminder.done', done, undefined, 'q1-sent');
    expect(res.card).toContain('Registrerat: Delårsrapport Q1 är skickad till medlemskommunerna.');
    await b.ctx.outbox.idle();
    const chiefs = b.ctx.partnership.people.filter((p) => p.roles.includes('socialChief')).map((p) => p.id);
    expectTold(b, 'reportDone', '**Delårsrapport Q1 (2026 Q1) är skickad till medlemskommunerna.**', {
      personal: ['chief-eksjo'],
      mentioned: chiefs.filter((id) => id !== 'chief-eksjo'),
      none: ['anna-lindqvist', 'deputy-eksjo', 'aldre-eksjo', 'aldre-jonkoping'],
      where: CHIEFS,
    });
    // Words and the link, no card: a report has no buttons.
    expect(newPosts(b, chatOf('chief-eksjo').id)[0]!.body.attachments).toBeUndefined();
    expect(newPosts(b, chatOf('chief-eksjo').id)[0]!.body.text).toContain(`[Rapporten](${link})`);
    await redelivered(b, anna, CHIEFS, 'reminder.done', done, 'q1-sent');
  });

  it('a consultation round opened: each asked member’s answerers, with the round’s card and its buttons', async () => {
    const b = await startWith('single');
    await turnOff(b, person('deputy-eksjo'), 'consultationOpened');
    await b.say(anna, annaChat, 'ny remiss');
    const formId = b.connector.to(annaChat.id).at(-1)!.newId!;
    b.connector.clear();
    const round = {
      subject: 'Avtal om gemensam familjerätt',
      question: 'Tillstyrker nämnden förslaget?',
      documents: 'Förslag till avtal https://samverkan.example.se/familjeratt/avtal.pdf',
      asked: 'municipalities',
      askedMembers: '',
      answerDate: '2026-12-11',
      recipient: 'PKS',
      networkId: 'socialchefsnatverket',
    };
    const res = await b.press(anna, annaChat, 'consultation.submit', round, formId, 'open-round');
    expect(res.card).toContain('Remiss R-2026-001 är öppnad och publicerad i Socialchefsnätverket.');
    await b.ctx.outbox.idle();
    const chiefs = b.ctx.partnership.people.filter((p) => p.roles.includes('socialChief')).map((p) => p.id);
    expectTold(b, 'consultationOpened', '**Ny remiss** R-2026-001 «Avtal om gemensam familjerätt»', {
      personal: ['chief-eksjo'],
      mentioned: chiefs.filter((id) => id !== 'chief-eksjo'),
      none: ['anna-lindqvist', 'deputy-eksjo', 'aldre-eksjo', 'aldre-jonkoping'],
      where: CHIEFS,
    });
    // With the round's card and its buttons, answering for Eksjö where it is read.
    const copy = newPosts(b, chatOf('chief-eksjo').id)[0]!;
    expect(copy.body.text).toBe('**Ny remiss** R-2026-001 «Avtal om gemensam familjerätt» väntar på yttrande från Eksjö senast 2026-12-11. Svara med knapparna på kortet.');
    expect(cardText(copy)).toContain('Lämna yttrande');
    expect(cardText(copy)).toContain('"verb":"consultation.answer"');
    // The others are named in the round's channel (with the card, which stays the newest post there).
    const inChannel = newPosts(b, CHIEFS.id);
    expect(inChannel).toHaveLength(2);
    expect(isMentionCard(inChannel[0]!)).toBe(true);
    expect(cardText(inChannel[0])).toContain('**Ny remiss** R-2026-001 «Avtal om gemensam familjerätt». Yttra er senast 2026-12-11.');
    expect(mentionedIn(inChannel[0]!).sort()).toEqual(chiefs.filter((id) => id !== 'chief-eksjo').sort());
    expect(cardText(inChannel[1])).toContain('Lämna yttrande');
    expect(b.store.notices.filter((n) => n.kind === 'consultationOpened').map((n) => n.personId).sort()).toEqual(chiefs.sort());
    await redelivered(b, anna, annaChat, 'consultation.submit', round, 'open-round', formId);
    expect(b.store.consultations).toHaveLength(1);
  });
});

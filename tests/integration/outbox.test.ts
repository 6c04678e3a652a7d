import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALDRE_CHANNEL, TestBot, channel, person, personalChat } from '../fixtures/bot.js';
import { cardText } from '../fixtures/connector-stub.js';
import { readStoreFiles } from '../../src/store/store.js';
import { sendReportReminders } from '../../src/features/reminders/schedule.js';
import { backgroundSettled } from '../../src/features/kit/views.js';
import { PROPOSAL_FORM } from '../fixtures/forms.js';

const anna = person('anna-lindqvist');
const annaChat = personalChat('anna');
const CHIEFS = channel('19:general@thread.tacv2', 'General');

const form = { ...PROPOSAL_FORM, jointFundsRequested: 'false', jointFundsSek: '' };

/** A card naming, with Teams mentions, those the bot cannot write to personally (personal notices, issue #16). */
const isMentionCard = (s: { body: unknown }) => JSON.stringify(s.body).includes('"msteams":{"entities"');
/** What the bot posted to the conversation, without the mention cards that come with a new proposal there. */
const posts = (bot: TestBot, conversationId: string) => bot.connector.to(conversationId).filter((s) => s.method === 'POST' && !isMentionCard(s));
/** The outbox without the notices (the mention card goes to the same channel, just before the proposal card). */
const owedCards = (outbox: readonly { post: { kind: string } }[]) => outbox.filter((e) => e.post.kind !== 'notice');

async function openForm(bot: TestBot): Promise<string> {
  await bot.say(anna, annaChat, 'nytt förslag');
  return bot.connector.to(annaChat.id).at(-1)!.newId!;
}

/** Submits the BG0 form (the same activity id each time: a re-delivery is the same press). */
function propose(bot: TestBot, formId: string) {
  return bot.press(anna, annaChat, 'proposal.submit', form, formId, `submit-${formId}`);
}

/**
 * Submits while Teams holds every call to `conversationId` (no answer at all, however long), and
 * checks the press was answered meanwhile: the person never waits on the channel post.
 */
async function proposeWhileHeld(bot: TestBot, formId: string, conversationId: string) {
  bot.connector.hold(conversationId);
  const res = await propose(bot, formId);
  expect(bot.connector.held(conversationId)).toBe(1);
  bot.connector.release(conversationId);
  return res;
}

/** Has the outbox try everything now (not waiting out its back-off) and checks Teams took it all. */
async function outboxEmpties(bot: TestBot): Promise<void> {
  await bot.ctx.outbox.retryNow();
  expect(bot.store.outbox).toEqual([]);
}

describe('the outbox: a channel post Teams does not take is kept, told and sent later, once', () => {
  let bot: TestBot;
  beforeEach(async () => {
    // Retries 20 ms apart in tests; the back-off itself has unit tests.
    bot = await new TestBot().start({ env: { OUTBOX_RETRY_MS: '20' } });
    await bot.install(ALDRE_CHANNEL);
    await bot.say(anna, ALDRE_CHANNEL, 'koppla äldreomsorg');
    bot.connector.clear();
  });
  afterEach(async () => {
    await bot.stop();
  });

  for (const [what, refusal] of [
    ['server errors (503)', { status: 503 }],
    ['throttling past its retries (429)', { status: 429, retryAfter: 1 }],
    ['a removed app (403)', { status: 403 }],
  ] as const) {
    it(`proposal during ${what}: answered in time as recorded but not posted, posted once when Teams takes it`, { timeout: 60_000 }, async () => {
      bot.connector.refusing.set(ALDRE_CHANNEL.id, refusal);
      const formId = await openForm(bot);
      const res = await proposeWhileHeld(bot, formId, ALDRE_CHANNEL.id);
      // The attempt under way fails; the person was already told.
      await bot.ctx.outbox.retryNow();
      expect(res.card).toContain('P-2026-001 är registrerat men ännu inte publicerat i Äldreomsorg');
      expect(bot.connector.texts(annaChat.id).at(-1)).toContain('ännu inte publicerat i Äldreomsorg');
      expect(bot.store.proposals).toHaveLength(1);
      expect(owedCards(bot.store.outbox)).toEqual([expect.objectContaining({ conversationId: ALDRE_CHANNEL.id, post: { kind: 'proposalCard', proposalId: 'P-2026-001' } })]);
      // The card in Anna's chat says where the proposal is waiting to be posted.
      const formCopy = bot.connector.to(annaChat.id).filter((s) => s.method === 'PUT' && s.activityId === formId).at(-1);
      expect(cardText(formCopy)).toContain('Äldreomsorg (väntar: Teams tar inte emot kortet just nu, boten försöker igen)');
      // Kept on disk, so a restart does not lose it.
      expect(owedCards((await readStoreFiles(bot.storeFile)).outbox)).toHaveLength(1);
      expect(posts(bot, ALDRE_CHANNEL.id)).toHaveLength(0);

      // Teams takes posts again (after a removal: the app is added to the channel again).
      bot.connector.refusing.delete(ALDRE_CHANNEL.id);
      if (refusal.status === 403) {
        expect(bot.store.conversations.some((c) => c.id === ALDRE_CHANNEL.id)).toBe(false);
        await bot.install(ALDRE_CHANNEL);
        await bot.say(anna, ALDRE_CHANNEL, 'koppla äldreomsorg');
      }
      await bot.restart();
      await outboxEmpties(bot);
      const inChannel = posts(bot, ALDRE_CHANNEL.id).filter((s) => cardText(s).includes('P-2026-001'));
      expect(inChannel).toHaveLength(1);
      expect(cardText(inChannel[0])).toContain('Publicerat i');
      expect(cardText(inChannel[0])).not.toContain('väntar');
      expect(bot.store.postedCards.filter((c) => c.conversationId === ALDRE_CHANNEL.id)).toEqual([
        expect.objectContaining({ proposalId: 'P-2026-001', activityId: inChannel[0]!.newId }),
      ]);
      // Anna's copy now says where it is.
      await backgroundSettled(bot.ctx);
      const latest = bot.connector.to(annaChat.id).filter((s) => s.method === 'PUT' && s.activityId === formId).at(-1);
      expect(cardText(latest)).toMatch(/Publicerat i","value":"Äldreomsorg"/);

      // Nothing posts twice: another restart and a re-delivered submit leave one copy.
      await bot.restart();
      await propose(bot, formId);
      expect(posts(bot, ALDRE_CHANNEL.id).filter((s) => cardText(s).includes('P-2026-001'))).toHaveLength(1);
      // The card naming the representatives the bot cannot write to came with it, once too.
      expect(bot.connector.to(ALDRE_CHANNEL.id).filter(isMentionCard)).toHaveLength(1);
      expect(bot.store.proposals).toHaveLength(1);
    });
  }

  it('a channel that does not answer does not hold the press; the post lands once', { timeout: 30_000 }, async () => {
    const formId = await openForm(bot);
    const res = await proposeWhileHeld(bot, formId, ALDRE_CHANNEL.id);
    expect(res.card).toContain('ännu inte publicerat i Äldreomsorg');
    await outboxEmpties(bot);
    expect(posts(bot, ALDRE_CHANNEL.id)).toHaveLength(1);
    expect(bot.store.postedCards.filter((c) => c.conversationId === ALDRE_CHANNEL.id)).toHaveLength(1);
  });

  it('a healthy channel: the press says published, nothing waits in the outbox', async () => {
    const formId = await openForm(bot);
    const res = await propose(bot, formId);
    expect(res.card).toContain('Förslaget P-2026-001 är publicerat i Äldreomsorg');
    expect(owedCards(bot.store.outbox)).toEqual([]);
    expect(posts(bot, ALDRE_CHANNEL.id)).toHaveLength(1);
  });

  it('a decision card refused by the chiefs\' channel is kept and posted later, once', { timeout: 30_000 }, async () => {
    await bot.install(CHIEFS);
    await bot.say(anna, CHIEFS, 'koppla socialchefsnatverket');
    bot.connector.refusing.set(CHIEFS.id, { status: 502 });
    await bot.say(anna, annaChat, 'nytt beslut');
    const formId = bot.connector.to(annaChat.id).at(-1)!.newId!;
    bot.connector.hold(CHIEFS.id);
    const res = await bot.press(anna, annaChat, 'decision.submit', { question: 'Verksamhetsplan 2027', kind: 'operationalPlan', background: 'Planen', amountSek: '', closesDate: '2026-12-10', closesTime: '16:00' }, formId);
    expect(bot.connector.held(CHIEFS.id)).toBe(1);
    bot.connector.release(CHIEFS.id);
    await bot.ctx.outbox.retryNow();
    expect(res.card).toMatch(/B-2026-001 är öppnat men ännu inte publicerat i General/);
    expect(bot.store.decisions).toHaveLength(1);
    expect(bot.store.outbox).toEqual([expect.objectContaining({ conversationId: CHIEFS.id, post: { kind: 'decisionCard', decisionId: 'B-2026-001' } })]);
    bot.connector.refusing.delete(CHIEFS.id);
        await outboxEmpties(bot);
    expect(posts(bot, CHIEFS.id).filter((s) => cardText(s).includes('B-2026-001'))).toHaveLength(1);
    expect(bot.store.postedDecisionCards.filter((c) => c.conversationId === CHIEFS.id)).toHaveLength(1);
  });

  it('a report reminder refused by its channel is not lost: posted after Teams recovers, once, also across a restart', { timeout: 30_000 }, async () => {
    await bot.install(CHIEFS);
    await bot.say(anna, CHIEFS, 'koppla socialchefsnatverket');
    bot.connector.refusing.set(CHIEFS.id, { status: 500 });
    // The Q1 report's first reminder step is due in April.
    bot.clock.set(new Date('2027-04-20T07:00:00Z'));
    const stepped = await sendReportReminders(bot.ctx);
    expect(stepped.length).toBeGreaterThan(0);
    await bot.ctx.outbox.retryNow();
    const owed = bot.store.outbox.filter((e) => e.conversationId === CHIEFS.id);
    expect(owed.length).toBeGreaterThan(0);
    // The channel's oldest post was tried and failed; the others wait behind it, in order.
    expect(owed[0]!.attempts).toBeGreaterThanOrEqual(1);
    expect(owed.slice(1).every((e) => e.attempts === 0)).toBe(true);
    expect(await sendReportReminders(bot.ctx)).toEqual([]);
    bot.connector.refusing.delete(CHIEFS.id);
    await bot.restart();
    await outboxEmpties(bot);
    const cards = posts(bot, CHIEFS.id).filter((s) => s.body.attachments?.length);
    expect(cards).toHaveLength(owed.filter((e) => e.post.kind === 'reminderCard').length);
    expect(bot.store.reminderCards.filter((c) => c.conversationId === CHIEFS.id)).toHaveLength(cards.length);
    await bot.restart();
    await bot.ctx.outbox.retryNow();
    expect(posts(bot, CHIEFS.id).filter((s) => s.body.attachments?.length)).toHaveLength(cards.length);
  });
});

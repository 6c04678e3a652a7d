import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFile, writeFile, stat } from 'node:fs/promises';
import { ALDRE_CHANNEL, TestBot, UNKNOWN_PERSON, person, personalChat } from '../fixtures/bot.js';
import { cardText } from '../fixtures/connector-stub.js';
import { sweepDeadlines } from '../../src/features/proposals/deadlines.js';
import { backgroundSettled } from '../../src/features/kit/views.js';
import { start } from '../../src/main.js';
import { loadEnv } from '../../src/config/env.js';
import { StoreOpenError } from '../../src/store/store.js';
import { readStoreFiles } from '../../src/store/store.js';
import { PROPOSAL_FORM } from '../fixtures/forms.js';

const anna = person('anna-lindqvist');
const eksjo = person('chief-eksjo');
const eksjoDeputy = person('deputy-eksjo');
const jonkoping = person('chief-jonkoping');
const aldreJonkoping = person('aldre-jonkoping');
const ifoVarnamo = person('ifo-varnamo');
const annaChat = personalChat('anna');

const validForm = { ...PROPOSAL_FORM };

/** Asks for the form in Anna's chat and returns the id the stub gave the form message. */
async function openForm(bot: TestBot): Promise<string> {
  await bot.say(anna, annaChat, 'nytt förslag');
  const form = bot.connector.to(annaChat.id).at(-1)!;
  expect(cardText(form)).toContain('Projektdirektiv (BG0)');
  expect(cardText(form)).toContain('Skicka förslag');
  return form.newId!;
}

async function propose(bot: TestBot, fields: Partial<typeof validForm> = {}): Promise<string> {
  const formId = await openForm(bot);
  const res = await bot.press(anna, annaChat, 'proposal.submit', { ...validForm, ...fields }, formId);
  expect(res.status).toBe(200);
  const id = /P-2026-\d{3}/.exec(res.card)?.[0];
  expect(id, res.card).toBeTruthy();
  return id!;
}

const answersOf = (bot: TestBot, memberId: string) => bot.store.participation.filter((r) => r.memberId === memberId);

describe('proposals and participation over HTTP', () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await new TestBot().start();
  });
  afterEach(async () => {
    await bot.stop();
  });

  it('links a channel, takes a proposal through the form and posts the live card there', async () => {
    expect((await bot.install(ALDRE_CHANNEL)).status).toBe(200);
    expect(bot.connector.texts(ALDRE_CHANNEL.id).join()).toContain('Skriv **hjälp**');
    await bot.say(anna, ALDRE_CHANNEL, 'koppla äldreomsorg');
    expect(bot.connector.texts(ALDRE_CHANNEL.id).at(-1)).toContain('kopplad till nätverket Äldreomsorg');
    expect(bot.store.networkChannels).toEqual([expect.objectContaining({ networkId: 'aldreomsorg', conversationId: ALDRE_CHANNEL.id })]);

    const formId = await openForm(bot);
    const res = await bot.press(anna, annaChat, 'proposal.submit', validForm, formId);
    expect(res.card).toContain('P-2026-001');
    expect(res.card).toContain('publicerat i Äldreomsorg');
    const [proposal] = bot.store.proposals;
    expect(proposal).toMatchObject({ id: 'P-2026-001', title: validForm.title, estimatedCostSek: 400000, jointFundsSek: 150000, createdBy: 'anna-lindqvist' });

    // The card naming those the bot cannot write to personally (personal notices) comes with the proposal card.
    const posted = bot.connector.to(ALDRE_CHANNEL.id).filter((s) => s.method === 'POST' && !cardText(s).includes('"msteams"')).at(-1)!;
    const card = cardText(posted);
    for (const text of ['P-2026-001', 'Trygg hemgång för äldre', 'Äldreomsorg', 'Öppen för svar', '0 av 13 kommuner deltar', 'Vi deltar', 'Vi deltar inte', 'Ej svarat', 'Aneby', 'Värnamo'])
      expect(card).toContain(text);
    // The form's message in the chat became the proposal card for everyone there.
    const replaced = bot.connector.to(annaChat.id).find((s) => s.method === 'PUT' && s.activityId === formId);
    expect(cardText(replaced)).toContain('P-2026-001');
    expect(bot.store.postedCards.map((c) => c.conversationId).sort()).toEqual([ALDRE_CHANNEL.id, annaChat.id].sort());
  });

  it('brings the form back with the values kept and a message per wrong field, storing nothing', async () => {
    const formId = await openForm(bot);
    const res = await bot.press(
      anna,
      annaChat,
      'proposal.submit',
      { ...validForm, title: '  ', answerDeadline: '2026-11-01', estimatedCostSek: '-5', networkId: 'okänt', background: 'x'.repeat(5000) },
      formId,
    );
    expect(res.card).toContain('Förslaget är inte sparat');
    expect(res.card).toContain('Fältet måste fyllas i.');
    expect(res.card).toContain('Datumet har redan passerat.');
    expect(res.card).toContain('Beloppet kan inte vara negativt.');
    expect(res.card).toContain('Välj ett nätverk i listan.');
    expect(res.card).toContain('Texten är för lång (högst 4000 tecken).');
    expect(res.card).toContain(validForm.goals);
    expect(res.card).toContain('Skicka förslag');
    expect(bot.store.proposals).toHaveLength(0);
    expect((await readStoreFiles(bot.storeFile)).proposals).toHaveLength(0);
  });

  it('records answers per municipality, updates every copy, and shows Kan starta at two', async () => {
    await bot.install(ALDRE_CHANNEL);
    await bot.say(anna, ALDRE_CHANNEL, 'koppla äldreomsorg');
    const id = await propose(bot);
    const channelCard = bot.store.postedCards.find((c) => c.conversationId === ALDRE_CHANNEL.id)!;
    bot.connector.clear();

    const first = await bot.press(eksjo, ALDRE_CHANNEL, 'participation.answer', { proposalId: id, answer: 'participates' }, channelCard.activityId);
    expect(first.card).toContain('Registrerat: Eksjö deltar.');
    expect(first.card).toContain('1 av 13 kommuner deltar');
    expect(first.card).toContain('en kommun till behöver delta');
    // Everyone's copies were updated in place, without the clicker's notice.
    const updates = bot.connector.sent.filter((s) => s.method === 'PUT');
    expect(updates.map((u) => u.activityId).sort()).toEqual(bot.store.postedCards.map((c) => c.activityId).sort());
    for (const u of updates) {
      expect(cardText(u)).toContain('1 av 13 kommuner deltar');
      expect(cardText(u)).not.toContain('Registrerat');
    }

    const second = await bot.press(jonkoping, ALDRE_CHANNEL, 'participation.answer', { proposalId: id, answer: 'participates' }, channelCard.activityId);
    expect(second.card).toContain('2 av 13 kommuner deltar');
    expect(second.card).toContain('Kan starta');
    expect(second.card).toContain('Johan Berg (socialchef)');
    expect(cardText(bot.connector.sent.filter((s) => s.method === 'PUT').at(-1))).toContain('Kan starta');

    // A member of the owning network answers for their own municipality too.
    const network = await bot.press(aldreJonkoping, ALDRE_CHANNEL, 'participation.answer', { proposalId: id, answer: 'participates' }, channelCard.activityId);
    expect(network.card).toContain('Jönköping hade redan det svaret');

    const deputy = await bot.press(eksjoDeputy, ALDRE_CHANNEL, 'participation.answer', { proposalId: id, answer: 'declines' }, channelCard.activityId);
    expect(deputy.card).toContain('Registrerat: Eksjö deltar inte.');
    expect(deputy.card).toContain('1 av 13 kommuner deltar');
    expect(deputy.card).toContain('ersättare för socialchef');

    expect(answersOf(bot, 'eksjo').map((r) => [r.answer, r.personId, r.capacity])).toEqual([
      ['participates', 'chief-eksjo', 'socialChief'],
      ['declines', 'deputy-eksjo', 'deputyChief'],
    ]);
    const onDisk = await readStoreFiles(bot.storeFile);
    expect(onDisk.participation).toHaveLength(3);
  });

  it('refuses answers from people who may not give them, and changes nothing', async () => {
    const id = await propose(bot);
    const chat = personalChat('x');
    const cases: [typeof anna, string][] = [
      [UNKNOWN_PERSON, 'Du finns inte med i partnerskapets förteckning'],
      [anna, 'Du är inte knuten till någon kommun'],
      [ifoVarnamo, 'Du kan inte svara för din kommun i detta nätverk'],
    ];
    for (const [who, message] of cases) {
      const res = await bot.press(who, chat, 'participation.answer', { proposalId: id, answer: 'participates' });
      expect(res.status).toBe(200);
      expect(res.card).toContain(message);
    }
    // The card cannot choose the municipality: Eksjö's chief answering "for Aneby" answers for Eksjö.
    const forged = await bot.press(eksjo, chat, 'participation.answer', { proposalId: id, answer: 'participates', memberId: 'aneby' });
    expect(forged.card).toContain('Registrerat: Eksjö deltar.');
    expect(bot.store.participation.map((r) => r.memberId)).toEqual(['eksjo']);

    const badAnswer = await bot.press(eksjo, chat, 'participation.answer', { proposalId: id, answer: 'maybe' });
    expect(badAnswer.card).toContain('Knappen skickade något som inte gick att läsa');
    const unknownProposal = await bot.press(eksjo, chat, 'participation.answer', { proposalId: 'P-2026-999', answer: 'declines' });
    expect(unknownProposal.card).toContain('Förslaget finns inte längre');
    expect(bot.store.participation).toHaveLength(1);
  });

  it('counts a re-delivered answer once', async () => {
    const id = await propose(bot);
    const chat = personalChat('eksjo');
    const a = await bot.press(eksjo, chat, 'participation.answer', { proposalId: id, answer: 'participates' }, undefined, 'same-activity');
    await bot.press(eksjo, chat, 'participation.answer', { proposalId: id, answer: 'declines' }, undefined, 'other-activity');
    const again = await bot.press(eksjo, chat, 'participation.answer', { proposalId: id, answer: 'participates' }, undefined, 'same-activity');
    expect(a.card).toContain('Registrerat');
    expect(again.status).toBe(200);
    expect(answersOf(bot, 'eksjo').map((r) => r.answer)).toEqual(['participates', 'declines']);
  });

  it('becomes Ej genomförbart at the deadline, tells the channel once, and closes answers', async () => {
    await bot.install(ALDRE_CHANNEL);
    await bot.say(anna, ALDRE_CHANNEL, 'koppla äldreomsorg');
    const id = await propose(bot, { answerDeadline: '2026-12-01' });
    await bot.press(eksjo, personalChat('e'), 'participation.answer', { proposalId: id, answer: 'participates' });

    bot.clock.set('2026-12-01T22:59:00Z'); // 23:59 Swedish time on the deadline day
    expect(await sweepDeadlines(bot.ctx)).toEqual([]);
    bot.clock.set('2026-12-01T23:00:00Z');
    bot.connector.clear();
    expect(await sweepDeadlines(bot.ctx)).toEqual([id]);
    expect(await sweepDeadlines(bot.ctx)).toEqual([]);
    const told = bot.connector.texts(ALDRE_CHANNEL.id);
    expect(told).toHaveLength(1);
    expect(told[0]).toContain(`${id} Trygg hemgång för äldre** är ej genomförbart`);
    const updated = bot.connector.sent.filter((s) => s.method === 'PUT').map(cardText);
    expect(updated.length).toBeGreaterThan(0);
    for (const c of updated) {
      expect(c).toContain('Ej genomförbart');
      expect(c).not.toContain('Vi deltar');
    }
    const late = await bot.press(jonkoping, personalChat('j'), 'participation.answer', { proposalId: id, answer: 'participates' });
    expect(late.card).toContain('Svarstiden gick ut 2026-12-01. Svaret är inte registrerat.');
    expect(bot.store.participation).toHaveLength(1);

    // The notice survives a restart: it is not posted again.
    await bot.restart();
    expect(await sweepDeadlines(bot.ctx)).toEqual([]);
  });

  it('answers projekt, projekt <nr>, mina, hjälp and unknown text', async () => {
    const id = await propose(bot);
    await bot.press(eksjo, personalChat('e'), 'participation.answer', { proposalId: id, answer: 'participates' });
    bot.connector.clear();
    const chat = personalChat('jonkoping');

    await bot.say(jonkoping, chat, 'projekt');
    expect(bot.connector.texts(chat.id).at(-1)).toContain(`**${id}** Trygg hemgång för äldre — Öppen för svar, 1 av 13 deltar (Äldreomsorg)`);
    await bot.say(jonkoping, chat, 'projekt ifo');
    expect(bot.connector.texts(chat.id).at(-1)).toContain('Det finns inga förslag ännu');
    await bot.say(jonkoping, chat, 'projekt finns-inte');
    expect(bot.connector.texts(chat.id).at(-1)).toContain('Hittar inget förslag eller nätverk som heter "finns-inte"');
    await bot.say(jonkoping, chat, `projekt ${id.toLowerCase()}`);
    expect(cardText(bot.connector.to(chat.id).at(-1))).toContain('1 av 13 kommuner deltar');
    await bot.say(jonkoping, chat, 'mina');
    expect(bot.connector.texts(chat.id).at(-1)).toContain(`Väntar på svar från Jönköping`);
    expect(bot.connector.texts(chat.id).at(-1)).toContain(id);
    await bot.say(eksjo, personalChat('e'), 'mina');
    expect(bot.connector.texts(personalChat('e').id).at(-1)).toContain('Inget väntar på svar från Eksjö');
    await bot.say(jonkoping, chat, 'hjälp');
    const help = bot.connector.texts(chat.id).at(-1)!;
    for (const cmd of ['nytt förslag', 'projekt', 'mina', 'koppla', 'hjälp']) expect(help).toContain(cmd);
    await bot.say(jonkoping, chat, 'vad kan du hjälpa mig med');
    expect(bot.connector.texts(chat.id).at(-1)).toContain('Skriv **hjälp**');
    await bot.say(jonkoping, chat, 'help');
    expect(bot.connector.texts(chat.id).at(-1)).toContain('nytt förslag');
  });

  it('refuses koppla outside a channel and from someone who is not a coordinator', async () => {
    await bot.install(ALDRE_CHANNEL);
    await bot.say(eksjo, ALDRE_CHANNEL, 'koppla äldreomsorg');
    expect(bot.connector.texts(ALDRE_CHANNEL.id).at(-1)).toContain('Bara samordnare');
    await bot.say(anna, annaChat, 'koppla äldreomsorg');
    expect(bot.connector.texts(annaChat.id).at(-1)).toContain('används i en kanal');
    await bot.say(anna, ALDRE_CHANNEL, 'koppla trädgård');
    expect(bot.connector.texts(ALDRE_CHANNEL.id).at(-1)).toContain('Hittar inget nätverk som heter "trädgård"');
    expect(bot.store.networkChannels).toEqual([]);
  });

  it('forgets a conversation and its network link when the app is removed', async () => {
    await bot.install(ALDRE_CHANNEL);
    await bot.say(anna, ALDRE_CHANNEL, 'koppla äldreomsorg');
    expect(bot.store.conversations.some((c) => c.id === ALDRE_CHANNEL.id)).toBe(true);
    await bot.post(bot.activity(anna, ALDRE_CHANNEL, { type: 'installationUpdate', action: 'remove' }));
    expect(bot.store.conversations.some((c) => c.id === ALDRE_CHANNEL.id)).toBe(false);
    expect(bot.store.networkChannels).toEqual([]);
  });

  it('lets only the proposer, contact or a coordinator complete a proposal, and then it can start', async () => {
    const id = await propose(bot, { regionalValue: '' });
    await bot.press(eksjo, personalChat('e'), 'participation.answer', { proposalId: id, answer: 'participates' });
    const two = await bot.press(jonkoping, personalChat('j'), 'participation.answer', { proposalId: id, answer: 'participates' });
    expect(two.card).toContain('Öppen för svar');
    expect(two.card).toContain('det regionala värdet är inte angivet');

    const refused = await bot.press(eksjo, personalChat('e'), 'proposal.edit', { proposalId: id });
    expect(refused.card).toContain('Bara förslagsställaren');
    const form = await bot.press(anna, annaChat, 'proposal.edit', { proposalId: id });
    expect(form.card).toContain(`Ändra förslag ${id}`);
    const forgedEdit = await bot.press(eksjo, personalChat('e'), 'proposal.submit', { ...validForm, proposalId: id, title: 'Kapad' });
    expect(forgedEdit.card).toContain('Bara förslagsställaren');
    const saved = await bot.press(anna, annaChat, 'proposal.submit', { ...validForm, proposalId: id, regionalValue: 'Länsgemensam modell' });
    expect(saved.card).toContain(`Ändringarna i ${id} är sparade`);
    expect(saved.card).toContain('Kan starta');
    expect(bot.store.proposals[0]!.edits).toEqual([expect.objectContaining({ personId: 'anna-lindqvist', fields: ['regionalValue'] })]);
    expect(bot.store.proposals[0]!.title).toBe(validForm.title);
  });

  it('refuses a proposal from someone outside the partnership', async () => {
    const chat = personalChat('stranger');
    await bot.say(UNKNOWN_PERSON, chat, 'nytt förslag');
    expect(bot.connector.texts(chat.id).at(-1)).toContain('Bara samordnare och ledamöter');
    const res = await bot.press(UNKNOWN_PERSON, chat, 'proposal.submit', validForm);
    expect(res.card).toContain('Bara samordnare och ledamöter');
    expect(bot.store.proposals).toHaveLength(0);
  });

  it('makes one proposal of a form submitted twice (re-delivery or double click)', async () => {
    const formId = await openForm(bot);
    await bot.press(anna, annaChat, 'proposal.submit', validForm, formId);
    const again = await bot.press(anna, annaChat, 'proposal.submit', validForm, formId);
    expect(again.card).toContain('P-2026-001');
    expect(bot.store.proposals).toHaveLength(1);
  });

  it('lets the local user act as a demo person, and back', async () => {
    const id = await propose(bot);
    await bot.say(anna, annaChat, 'agera som Eksjö');
    expect(bot.connector.texts(annaChat.id).at(-1)).toContain('Du agerar nu som Lars Holm (socialchef, Eksjö)');
    const res = await bot.press(anna, annaChat, 'participation.answer', { proposalId: id, answer: 'participates' });
    expect(res.card).toContain('Registrerat: Eksjö deltar.');
    expect(bot.store.participation[0]).toMatchObject({ personId: 'chief-eksjo', aadObjectId: eksjo.aadObjectId });
    await bot.say(anna, annaChat, 'agera som mig');
    const back = await bot.press(anna, annaChat, 'participation.answer', { proposalId: id, answer: 'declines' });
    expect(back.card).toContain('Du är inte knuten till någon kommun');
  });
});

describe('restart and a broken store', () => {
  it('keeps every recorded answer across a restart', async () => {
    const bot = await new TestBot().start();
    try {
      const id = await propose(bot);
      for (const who of ['chief-eksjo', 'chief-jonkoping', 'chief-aneby', 'chief-habo'])
        await bot.press(person(who), personalChat(who), 'participation.answer', { proposalId: id, answer: 'participates' });
      await bot.restart();
      expect(bot.store.participation.map((r) => r.memberId)).toEqual(['eksjo', 'jonkoping', 'aneby', 'habo']);
      const res = await bot.press(person('chief-tranas'), personalChat('t'), 'participation.answer', { proposalId: id, answer: 'participates' });
      expect(res.card).toContain('5 av 13 kommuner deltar');
    } finally {
      await bot.stop();
    }
  });

  it('refuses to start on a corrupt store and leaves the file byte for byte', async () => {
    const bot = await new TestBot().start();
    const file = bot.storeFile;
    await bot.running!.close();
    const broken = '{"schemaVersion":1,"proposals":[{"id":"P-2026-001"';
    await writeFile(file, broken);
    const before = await stat(file);
    const env = loadEnv({ PORT: '0', STORE_FILE: file, PARTNERSHIP_FILE: 'data/partnership.jonkoping.json', LOG_LEVEL: 'silent' });
    const failure = await start(env).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(StoreOpenError);
    expect((failure as Error).message).toContain(file);
    expect((failure as Error).message).toContain('not valid JSON');
    expect(await readFile(file, 'utf8')).toBe(broken);
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
    await bot.connector.stop();
  });
});

describe('many answers at once', () => {
  it('records 13 chiefs pressing at the same moment, none lost, and the last card update shows all', async () => {
    const bot = await new TestBot().start();
    try {
      await bot.install(ALDRE_CHANNEL);
      await bot.say(anna, ALDRE_CHANNEL, 'koppla äldreomsorg');
      const id = await propose(bot);
      const chiefs = bot.ctx.partnership.people.filter((p) => p.roles.includes('socialChief'));
      expect(chiefs).toHaveLength(13);
      bot.connector.clear();
      const results = await Promise.all(
        chiefs.map((c) => bot.press(c, ALDRE_CHANNEL, 'participation.answer', { proposalId: id, answer: 'participates' })),
      );
      expect(results.every((r) => r.status === 200 && r.card.includes('deltar.'))).toBe(true);
      expect(new Set(bot.store.participation.map((r) => r.memberId)).size).toBe(13);
      const onDisk = await readStoreFiles(bot.storeFile);
      expect(onDisk.participation).toHaveLength(13);
      const channelCopy = bot.store.postedCards.find((c) => c.conversationId === ALDRE_CHANNEL.id)!;
      const lastUpdate = bot.connector.sent.filter((s) => s.method === 'PUT' && s.activityId === channelCopy.activityId).at(-1);
      expect(cardText(lastUpdate)).toContain('13 av 13 kommuner deltar');
    } finally {
      await bot.stop();
    }
  });
});

describe('process start', () => {
  it('exits non-zero naming the file and the path when the partnership config is wrong', async () => {
    const { mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { spawnSync } = await import('node:child_process');
    const dir = await mkdtemp(join(tmpdir(), 'samverkan-cfg-'));
    const config = JSON.parse(await readFile('data/partnership.jonkoping.json', 'utf8'));
    config.people[3].member = 'atlantis';
    const file = join(dir, 'partnership.json');
    await writeFile(file, JSON.stringify(config));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, PARTNERSHIP_FILE: file, STORE_FILE: join(dir, 'store.json'), PORT: '0', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(file);
    expect(run.stderr).toContain('people[3].member: unknown member "atlantis"');
  });
});

describe('conversation references', () => {
  it('do not change (no store write) when another person presses in the same channel', async () => {
    const bot = await new TestBot().start();
    try {
      await bot.install(ALDRE_CHANNEL);
      await bot.say(anna, ALDRE_CHANNEL, 'koppla äldreomsorg');
      const id = await propose(bot);
      const before = bot.store.conversations.find((c) => c.id === ALDRE_CHANNEL.id)!;
      expect(before.reference).not.toHaveProperty('user');
      bot.clock.advance(60_000);
      await bot.press(eksjo, ALDRE_CHANNEL, 'participation.answer', { proposalId: id, answer: 'participates' });
      bot.clock.advance(60_000);
      await bot.press(jonkoping, ALDRE_CHANNEL, 'participation.answer', { proposalId: id, answer: 'participates' });
      expect(bot.store.conversations.find((c) => c.id === ALDRE_CHANNEL.id)!.updatedAt).toBe(before.updatedAt);
      // A personal chat keeps its user: reminders find a person's chat by it.
      await bot.say(eksjo, personalChat('e'), 'hjälp');
      expect(bot.store.conversations.find((c) => c.id === personalChat('e').id)!.reference.user).toMatchObject({ aadObjectId: eksjo.aadObjectId });
    } finally {
      await bot.stop();
    }
  });
});

describe('a tenant outside the partnership', () => {
  it('is refused, its conversations are not kept, and nothing is shown or changed', async () => {
    const bot = await new TestBot().start();
    try {
      const id = await propose(bot);
      const foreign = '11111111-1111-1111-1111-111111111111';
      const chat = personalChat('foreign');
      const asForeign = (fields: Record<string, unknown>) => {
        const a = bot.activity(eksjo, chat, fields);
        a.conversation.tenantId = foreign;
        a.channelData = { tenant: { id: foreign } };
        return a;
      };
      await bot.post(asForeign({ type: 'message', text: 'projekt' }));
      expect(bot.connector.texts(chat.id)).toEqual(['Din organisation ingår inte i partnerskapet, så jag kan inte hjälpa dig här.']);
      const res = await bot.post(asForeign({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'participation.answer', data: { proposalId: id, answer: 'participates' } } } }));
      expect(JSON.stringify(res.body)).toContain('Du finns inte med i partnerskapets förteckning');
      expect(bot.store.participation).toHaveLength(0);
      expect(bot.store.conversations.some((c) => c.id === chat.id)).toBe(false);
      expect(bot.logs.join('')).toContain('tenant outside the partnership');
    } finally {
      await bot.stop();
    }
  });
});

describe('a press answered in a personal chat (CARD_REFRESH_SPACING_MS)', () => {
  it('leaves the copy pressed there as answered, while the other copies and later changes still reach it', async () => {
    const bot = await new TestBot().start({ env: { CARD_REFRESH_SPACING_MS: '300' } });
    try {
      await bot.install(ALDRE_CHANNEL);
      await bot.say(anna, ALDRE_CHANNEL, 'koppla äldreomsorg');
      const formId = await openForm(bot);
      const id = /P-2026-\d{3}/.exec((await bot.press(anna, annaChat, 'proposal.submit', validForm, formId)).card)![0];
      const channelCopy = bot.store.postedCards.find((c) => c.conversationId === ALDRE_CHANNEL.id)!;
      await backgroundSettled(bot.ctx);
      bot.connector.clear();

      // The local coordinator answers for two municipalities on the card in her chat, one right after
      // the other: the second press's refresh is held back by the spacing and goes out a moment later.
      await bot.say(anna, annaChat, 'agera som Eksjö');
      await bot.press(anna, annaChat, 'participation.answer', { proposalId: id, answer: 'participates' }, formId);
      await bot.say(anna, annaChat, 'agera som Jönköping');
      const second = await bot.press(anna, annaChat, 'participation.answer', { proposalId: id, answer: 'participates' }, formId);
      expect(second.card).toContain('2 av 13 kommuner deltar');
      await backgroundSettled(bot.ctx);

      const putsTo = (conversationId: string, activityId: string) => bot.connector.sent.filter((s) => s.method === 'PUT' && s.conversationId === conversationId && s.activityId === activityId);
      // Her copy already shows both answers: a refresh re-rendering it would close a form she had opened on it.
      expect(putsTo(annaChat.id, formId)).toEqual([]);
      const channelPuts = putsTo(ALDRE_CHANNEL.id, channelCopy.activityId);
      expect(channelPuts.length).toBeGreaterThanOrEqual(1);
      expect(cardText(channelPuts.at(-1))).toContain('2 av 13 kommuner deltar');

      // A press elsewhere changes the card: her copy is brought up to date like any other.
      await bot.press(person('chief-aneby'), ALDRE_CHANNEL, 'participation.answer', { proposalId: id, answer: 'participates' }, channelCopy.activityId);
      await backgroundSettled(bot.ctx);
      expect(cardText(putsTo(annaChat.id, formId).at(-1))).toContain('3 av 13 kommuner deltar');
      expect(cardText(putsTo(ALDRE_CHANNEL.id, channelCopy.activityId).at(-1))).toContain('3 av 13 kommuner deltar');
    } finally {
      await bot.stop();
    }
  });
});

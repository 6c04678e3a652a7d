import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ALDRE_CHANNEL, PARTNERSHIP_FILE, TestBot, channel, person, personalChat } from '../fixtures/bot.js';
import { cardText } from '../fixtures/connector-stub.js';
import { sweepGateVotes } from '../../src/features/gates/votes.js';

/*
 * Issue 15, items 4 and 6, through the real server: a gate is decided by the group that owns the
 * project, never by whoever submitted its document nor by the project's contact person; by one
 * approval or by a majority vote with its tally on the card, a closing time and reminders; and a
 * proposal made in a network without a portfolio names the group that owns it.
 *
 * The shipped file has one member of Äldreomsorg (Erik Sjöberg, Jönköping); these tests add three
 * more, from Eksjö, Habo and Nässjö.
 */

type Who = { id: string; aadObjectId: string; name: string };
const anna = person('anna-lindqvist');
const annaChat = personalChat('anna');
const aldreJonkoping = person('aldre-jonkoping'); // Erik Sjöberg
const aldreEksjo: Who = { id: 'aldre-eksjo', aadObjectId: '00000000-0000-0000-0000-000000000501', name: 'Eva Ek' };
const aldreHabo: Who = { id: 'aldre-habo', aadObjectId: '00000000-0000-0000-0000-000000000502', name: 'Hans Habo' };
const aldreNassjo: Who = { id: 'aldre-nassjo', aadObjectId: '00000000-0000-0000-0000-000000000503', name: 'Nora Näs' };
const PSYKIATRI = channel('19:psykiatri@thread.tacv2', 'Psykiatri');
const doc = (gate: string) => ({ gate, title: `${gate}-dokument`, url: `https://samverkan.example.se/${gate}.docx` });

/** The shipped file with the three members, and Äldreomsorg's own way of deciding gates when given. */
async function startBot(dir: string, aldreGateDecision?: unknown): Promise<TestBot> {
  const config = JSON.parse(await readFile(PARTNERSHIP_FILE, 'utf8'));
  config.people.push(
    { ...aldreEksjo, member: 'eksjo', networks: ['aldreomsorg'] },
    { ...aldreHabo, member: 'habo', networks: ['aldreomsorg'] },
    { ...aldreNassjo, member: 'nassjo', networks: ['aldreomsorg'] },
  );
  if (aldreGateDecision) config.networks.find((n: { id: string }) => n.id === 'aldreomsorg').gateDecision = aldreGateDecision;
  await writeFile(join(dir, 'partnership.json'), JSON.stringify(config));
  return new TestBot('2026-11-23T09:00:00Z').start({ env: { PARTNERSHIP_FILE: join(dir, 'partnership.json') } });
}

describe('gates with four eyes over HTTP', () => {
  let bot: TestBot;
  let dir: string;
  const press = (who: Who, verb: string, data: Record<string, unknown>) => bot.press(who, personalChat(who.id), verb, data);
  const card = async (who: Who, verb: string, data: Record<string, unknown>) => (await press(who, verb, data)).card;

  /** Anna proposes in Äldreomsorg with this contact person; these municipalities take part. */
  async function project(contactPersonId: string, participants: string[]): Promise<string> {
    await bot.say(anna, annaChat, 'nytt förslag');
    const form = bot.connector.to(annaChat.id).at(-1)!;
    const res = await bot.press(anna, annaChat, 'proposal.submit', {
      title: 'Trygg hemgång', background: 'B', regionalValue: 'R', networkId: 'aldreomsorg', contactPersonId, answerDeadline: '2026-12-20',
    }, form.newId);
    const id = /P-2026-\d{3}/.exec(res.card)![0];
    for (const member of participants) await press(person(`chief-${member}`), 'participation.answer', { proposalId: id, answer: 'participates' });
    return id;
  }

  afterEach(async () => {
    await bot?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('single: the contact person is refused on its own gate, the submitter on the gate it submitted; another member passes it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'samverkan-foureyes-'));
    bot = await startBot(dir);
    const id = await project('aldre-jonkoping', ['eksjo', 'jonkoping']);

    // A coordinator submits; the contact person, a member of the group from a participating municipality, may not decide.
    const submitted = await card(anna, 'gate.submit', { proposalId: id, ...doc('BG0') });
    expect(submitted).toContain('BG0 är inlämnad för beslut.');
    // The card says who does not decide, and that the way of deciding is an assumption.
    expect(submitted).toContain('Beslutar inte (fyra ögon): Anna Lindqvist, som lämnade in dokumentet, och kontaktpersonen Erik Sjöberg.');
    expect(submitted).toContain('Grindbeslut: en ledamot i Äldreomsorg från en deltagande kommun godkänner. Preliminärt: hur styrgruppen beslutar om grindar står inte i avtalet');
    const before = JSON.stringify(bot.store.gateEvents);
    for (const verb of ['gate.approve', 'gate.sendBack'])
      expect(await card(aldreJonkoping, verb, { proposalId: id, gate: 'BG0', reason: 'Nej' })).toContain(
        'Du är projektets kontaktperson och kan därför inte besluta om projektets grindar (fyra ögon). Ledamöterna i Äldreomsorg från deltagande kommuner beslutar.',
      );
    expect(JSON.stringify(bot.store.gateEvents)).toBe(before);

    // Habo's member: Habo does not take part.
    expect(await card(aldreHabo, 'gate.approve', { proposalId: id, gate: 'BG0' })).toContain('Habo deltar inte i projektet, så du kan inte besluta om dess grindar.');
    bot.clock.advance(60_000);
    const passed = await card(aldreEksjo, 'gate.approve', { proposalId: id, gate: 'BG0', comment: 'Tydligt direktiv' });
    expect(passed).toContain('BG0 är godkänd.');
    expect(passed).toContain('✔ BG0 Projektdirektiv — godkänd 2026-11-23 10:01 av Eva Ek');
    expect(passed).toContain('Kommentar: Tydligt direktiv');
    // Who, when, the document and the comment are recorded.
    expect(bot.store.gateEvents.at(-1)).toMatchObject({
      kind: 'approve', gate: 'BG0', by: 'aldre-eksjo', at: '2026-11-23T09:01:00.000Z', comment: 'Tydligt direktiv',
      document: { title: 'BG0-dokument', url: 'https://samverkan.example.se/BG0.docx' },
    });

    // The contact person submits BG1 and may not decide it either: as its submitter.
    await press(aldreJonkoping, 'gate.submit', { proposalId: id, ...doc('BG1') });
    expect(await card(aldreJonkoping, 'gate.approve', { proposalId: id, gate: 'BG1' })).toContain(
      'Du lämnade in dokumentet för BG1 och kan därför inte själv besluta om grinden (fyra ögon). En annan ledamot i Äldreomsorg från en deltagande kommun beslutar.',
    );
    const sentBack = await card(aldreEksjo, 'gate.sendBack', { proposalId: id, gate: 'BG1', reason: 'Komplettera budgeten' });
    expect(sentBack).toContain('{"type":"TextRun","text":"BG1 återremitterades: Komplettera budgeten"},{"type":"TextRun","text":" (Eva Ek, 2026-11-23 10:01)"}');
    expect(bot.store.gateEvents.map((e) => `${e.kind}:${e.gate}:${e.by}`)).toEqual(['submit:BG0:anna-lindqvist', 'approve:BG0:aldre-eksjo', 'submit:BG1:aldre-jonkoping', 'sendBack:BG1:aldre-eksjo']);
  });

  it('majority: the members vote on the card, the tally shows, those who have not voted are reminded, and a majority passes the gate', async () => {
    dir = await mkdtemp(join(tmpdir(), 'samverkan-foureyes-'));
    bot = await startBot(dir, { mode: 'majority', closeAfterWorkingDays: 5, confirmed: true, source: 'Äldreomsorg 2026-10-01 § 4' });
    await bot.install(ALDRE_CHANNEL);
    await bot.say(anna, ALDRE_CHANNEL, 'koppla äldreomsorg');
    for (const who of [aldreEksjo, aldreHabo]) await bot.say(who, personalChat(who.id), 'hjälp');
    // Nässjö's member is the contact person: the three others may vote, two approvals pass.
    const id = await project('aldre-nassjo', ['eksjo', 'jonkoping', 'habo', 'nassjo']);

    await press(anna, 'gate.submit', { proposalId: id, ...doc('BG0') });
    expect(bot.connector.texts(ALDRE_CHANNEL.id).at(-1)).toContain(
      'Ledamöterna i Äldreomsorg från deltagande kommuner röstar på projektkortet till 2026-11-30 23:59; grinden godkänns när 2 av 3 har godkänt.',
    );
    expect(bot.store.gateEvents[0]).toMatchObject({ kind: 'submit', decision: { mode: 'majority', closesAt: '2026-11-30T22:59:00.000Z' } });
    expect(await card(aldreNassjo, 'gate.approve', { proposalId: id, gate: 'BG0' })).toContain('Du är projektets kontaktperson');

    const first = await card(aldreJonkoping, 'gate.approve', { proposalId: id, gate: 'BG0', comment: 'Bra' });
    expect(first).toContain('Din röst är registrerad: godkänn BG0. 1 av 2 godkännanden som behövs.');
    expect(first).toContain('Grindbeslut: majoritet av ledamöterna i Äldreomsorg från deltagande kommuner, röstning i 5 arbetsdagar.');
    expect(first).not.toContain('Preliminärt: hur styrgruppen');
    expect(first).toContain('Röstning: 1 godkänn, 0 återremittera av 3 röstberättigade — 2 godkännanden behövs. Stänger 2026-11-30 23:59.');
    expect(first).toContain('Godkänn: Erik Sjöberg (Jönköping): Bra');
    expect(first).toContain('Har inte röstat: Eva Ek (Eksjö), Hans Habo (Habo)');
    expect(first).toContain('⏳ BG0 Projektdirektiv — väntar på beslut');
    // The channel's copy shows the tally too.
    const channelCopy = cardText(bot.connector.to(ALDRE_CHANNEL.id).filter((s) => s.method === 'PUT').at(-1));
    expect(channelCopy).toContain('Röstning: 1 godkänn, 0 återremittera av 3 röstberättigade');
    expect(await card(aldreJonkoping, 'gate.approve', { proposalId: id, gate: 'BG0', comment: 'Bra' })).toContain('Du har redan röstat så. Inget ändrat.');

    // Three working days before closing (Wednesday 25 November, 09:00): those who have not voted are reminded, once.
    bot.connector.clear();
    bot.clock.set(new Date('2026-11-25T08:00:00Z'));
    await sweepGateVotes(bot.ctx);
    await sweepGateVotes(bot.ctx);
    for (const who of [aldreEksjo, aldreHabo]) {
      const told = bot.connector.texts(personalChat(who.id).id);
      expect(told).toHaveLength(1);
      expect(told[0]).toContain(`Påminnelse: du har inte röstat om **BG0 Projektdirektiv** i projekt **${id} Trygg hemgång**. Röstningen stänger 2026-11-30 23:59.`);
    }
    expect(bot.connector.texts(personalChat(aldreJonkoping.id).id)).toHaveLength(0);
    expect(bot.connector.texts(ALDRE_CHANNEL.id)).toEqual([
      `Påminnelse: röstningen om **BG0 Projektdirektiv** i **${id} Trygg hemgång** stänger 2026-11-30 23:59. Har inte röstat: Eva Ek, Hans Habo.`,
    ]);
    expect(bot.store.gateReminders.map((r) => r.step)).toEqual([3]);

    const against = await card(aldreHabo, 'gate.sendBack', { proposalId: id, gate: 'BG0', reason: 'Saknar budget' });
    expect(against).toContain('Din röst är registrerad: återremittera BG0.');
    expect(against).toContain('Återremittera: Hans Habo (Habo): Saknar budget');
    const decisive = await card(aldreEksjo, 'gate.approve', { proposalId: id, gate: 'BG0' });
    expect(decisive).toContain('BG0 är godkänd av en majoritet.');
    expect(decisive).toContain('✔ BG0 Projektdirektiv — godkänd 2026-11-25 09:00 av majoritet (2 av 3: Erik Sjöberg, Eva Ek)');
    expect(bot.connector.texts(ALDRE_CHANNEL.id).at(-1)).toBe(`**${id} Trygg hemgång**: BG0 Projektdirektiv är godkänd av en majoritet (2 av 3).`);
    expect(bot.store.gateEvents.map((e) => `${e.kind}:${e.by}:${e.position ?? ''}`)).toEqual([
      'submit:anna-lindqvist:', 'vote:aldre-jonkoping:approve', 'vote:aldre-habo:sendBack', 'vote:aldre-eksjo:approve', 'approve:aldre-eksjo:',
    ]);
    expect(bot.store.gateEvents.at(-1)).toMatchObject({ majority: { approve: ['aldre-jonkoping', 'aldre-eksjo'], sendBack: ['aldre-habo'], eligible: 3 }, document: { title: 'BG0-dokument' } });
  });

  it('majority: a vote that closes without a majority sends the gate back', async () => {
    dir = await mkdtemp(join(tmpdir(), 'samverkan-foureyes-'));
    bot = await startBot(dir, { mode: 'majority', closeAfterWorkingDays: 2 });
    await bot.install(ALDRE_CHANNEL);
    await bot.say(anna, ALDRE_CHANNEL, 'koppla äldreomsorg');
    const id = await project('aldre-nassjo', ['eksjo', 'jonkoping', 'habo', 'nassjo']);
    await press(anna, 'gate.submit', { proposalId: id, ...doc('BG0') });
    await press(aldreJonkoping, 'gate.approve', { proposalId: id, gate: 'BG0' });
    // The vote, its mode and its closing time survive a restart (with the same partnership file).
    await bot.running!.close();
    await bot.start({ storeFile: bot.storeFile, env: { PARTNERSHIP_FILE: join(dir, 'partnership.json') } });
    expect(bot.store.gateEvents.map((e) => e.kind)).toEqual(['submit', 'vote']);
    expect(bot.store.gateEvents[0]).toMatchObject({ decision: { mode: 'majority', closesAt: '2026-11-25T22:59:00.000Z' } });
    expect(await card(aldreJonkoping, 'gate.approve', { proposalId: id, gate: 'BG0' })).toContain('Du har redan röstat så.');

    // Closes at the end of Wednesday 25 November; a minute before, the sweep only reminds (the step one working day before).
    bot.clock.set(new Date('2026-11-25T22:58:00Z'));
    await sweepGateVotes(bot.ctx);
    expect(bot.store.gateEvents.at(-1)).toMatchObject({ kind: 'vote' });
    expect(bot.store.gateReminders.map((r) => r.step)).toEqual([1]);
    bot.clock.set(new Date('2026-11-25T22:59:00Z'));
    expect(await card(aldreEksjo, 'gate.approve', { proposalId: id, gate: 'BG0' })).toContain('Röstningen om BG0 har stängt. Din röst är inte registrerad.');
    expect(await sweepGateVotes(bot.ctx)).toEqual([id]);
    expect(await sweepGateVotes(bot.ctx)).toEqual([]);
    expect(bot.connector.texts(ALDRE_CHANNEL.id).at(-1)).toBe(
      `**${id} Trygg hemgång**: röstningen om BG0 Projektdirektiv stängde utan majoritet (1 godkände, 2 behövdes). Grinden är återremitterad; kontaktpersonen kan lämna in dokumentet igen.`,
    );
    const after = cardText(bot.connector.to(ALDRE_CHANNEL.id).filter((s) => s.method === 'PUT').at(-1));
    expect(after).toContain('BG0 återremitterades: ingen majoritet när röstningen stängde 2026-11-25 23:59 (1 godkände, 2 behövdes).');
    expect(after).toContain('○ BG0 Projektdirektiv');
    expect(bot.store.gateEvents.at(-1)).toMatchObject({ kind: 'sendBack', by: '', majority: { approve: ['aldre-jonkoping'], eligible: 3, closed: true } });
    // The document can be submitted again, for a new vote.
    expect(await card(anna, 'gate.submit', { proposalId: id, ...doc('BG0') })).toContain('BG0 är inlämnad för beslut.');
  });

  it('a proposal in a network without a portfolio names the owning group, whose channel gets it and whose members decide', async () => {
    dir = await mkdtemp(join(tmpdir(), 'samverkan-foureyes-'));
    bot = await startBot(dir);
    for (const [where, network] of [[ALDRE_CHANNEL, 'äldreomsorg'], [PSYKIATRI, 'psykiatri']] as const) {
      await bot.install(where);
      await bot.say(anna, where, `koppla ${network}`);
    }
    const eksjo = person('chief-eksjo');
    await bot.say(eksjo, PSYKIATRI, 'nytt förslag');
    const form = bot.connector.to(PSYKIATRI.id).at(-1)!;
    expect(cardText(form)).toContain('Ägande taktisk styrgrupp');
    const fields = { title: 'Samsjuklighet', background: 'B', regionalValue: 'R', networkId: 'psykiatri', contactPersonId: 'chief-eksjo', answerDeadline: '2026-12-20' };

    const missing = await bot.press(eksjo, PSYKIATRI, 'proposal.submit', fields, form.newId);
    expect(missing.card).toContain('Nätverket har ingen egen projektportfölj: välj vilken taktisk styrgrupp som ska äga projektet.');
    expect(bot.store.proposals).toHaveLength(0);
    const wrong = await bot.press(eksjo, PSYKIATRI, 'proposal.submit', { ...fields, ownerNetworkId: 'vfu' }, form.newId);
    expect(wrong.card).toContain('Välj en taktisk styrgrupp i listan');

    const made = await bot.press(eksjo, PSYKIATRI, 'proposal.submit', { ...fields, ownerNetworkId: 'aldreomsorg' }, form.newId);
    expect(made.card).toContain('Förslaget P-2026-001 är publicerat i Äldreomsorg.');
    expect(bot.store.proposals[0]).toMatchObject({ networkId: 'psykiatri', ownerNetworkId: 'aldreomsorg' });
    const posted = cardText(bot.connector.to(ALDRE_CHANNEL.id).filter((s) => s.method === 'POST').at(-1));
    expect(posted).toContain('{"title":"Nätverk","value":"Psykiatri"},{"title":"Ägande styrgrupp","value":"Äldreomsorg"}');
    await bot.say(anna, annaChat, 'projekt äldreomsorg');
    expect(bot.connector.texts(annaChat.id).at(-1)).toContain('**P-2026-001** Samsjuklighet — Öppen för svar, 0 av 13 deltar (Äldreomsorg)');

    // The owning group's members answer for their municipality, and decide its gates.
    for (const who of [aldreEksjo, aldreJonkoping]) expect(await card(who, 'participation.answer', { proposalId: 'P-2026-001', answer: 'participates' })).toContain('deltar.');
    await press(eksjo, 'gate.submit', { proposalId: 'P-2026-001', ...doc('BG0') });
    expect(bot.connector.texts(ALDRE_CHANNEL.id).at(-1)).toContain('BG0 Projektdirektiv är inlämnad för beslut');
    expect(await card(aldreEksjo, 'gate.approve', { proposalId: 'P-2026-001', gate: 'BG0' })).toContain('BG0 är godkänd.');
  });
});

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, type Action } from '../../src/domain/authorization.js';
import { PARTNERSHIP_FILE, TestBot, UNKNOWN_PERSON, channel, person, personalChat, type Conversation } from '../fixtures/bot.js';
import { PROPOSAL_FORM } from '../fixtures/forms.js';

/**
 * Every action of the authorization table over HTTP, on one bot whose story runs in order: someone
 * who may not do it tries (the store stays exactly as it was, the answer is the Swedish refusal),
 * then someone who may does it. The shipped partnership file plus two people it lacks: a person of
 * Eksjö with no role, and Habo's member of Äldreomsorg (a municipality that does not take part).
 */

type Who = { id: string; aadObjectId: string; name: string };

const anna = person('anna-lindqvist'); // coordinator
const chiefEksjo = person('chief-eksjo');
const deputyEksjo = person('deputy-eksjo');
const chiefHabo = person('chief-habo');
const aldreJonkoping = person('aldre-jonkoping'); // Äldreomsorg, Jönköping: the proposer
const ifoVarnamo = person('ifo-varnamo'); // IFO, Värnamo: the project's contact person
const staffEksjo = { id: 'staff-eksjo', aadObjectId: '00000000-0000-0000-0000-000000000401', name: 'Siv Rolllös' };
const aldreHabo = { id: 'aldre-habo', aadObjectId: '00000000-0000-0000-0000-000000000402', name: 'Hans Habo' };
const nobody = UNKNOWN_PERSON;

const IFO = channel('19:ifo@thread.tacv2', 'Individ- och familjeomsorg');
const P = 'P-2026-001';
const B = 'B-2026-001';

const form = { ...PROPOSAL_FORM, contactPersonId: 'ifo-varnamo', answerDeadline: '2026-12-20' };
const decisionForm = {
  question: 'Gemensamma medel till Trygg hemgång',
  kind: 'jointFunds',
  background: 'Förslaget söker 150 000 kr.',
  amountSek: '150000',
  closesDate: '2026-12-10',
  closesTime: '16:00',
  proposalId: P,
};
const committee = { decisionId: B, memberId: 'habo', outcome: 'approved', reference: '§ 12, SN 2026/77', date: '2026-11-20' };
const doc = { gate: 'BG0', title: 'Projektdirektiv', url: 'https://samverkan.example.se/BG0.docx' };
/**
 * "Klart": the Q1 report has a card for the office (its coordinators) and one per project (their
 * input); the fee one for the municipalities; the survey one per network.
 */
const done = (scope: string) => ({
  occurrence: scope.startsWith('network:') ? 'network-survey:2026' : scope === 'members' ? 'quarterly-fee:2027-Q1' : 'q1-report:2027',
  scope,
});

describe('authorization over HTTP: every action, refused and allowed', () => {
  let bot: TestBot;
  let dir: string;
  const tried = new Set<Action>();

  /** The store as the refusal must leave it; conversation references are kept for every sender. */
  const state = () => {
    const { conversations: _kept, ...rest } = bot.store;
    return JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
  };

  /** A card button pressed in the presser's personal chat; the card they get back, as text. */
  const press = async (who: Who, verb: string, data: Record<string, unknown>) => {
    const res = await bot.press(who, personalChat(who.id), verb, data);
    expect(res.status).toBe(200);
    return res.card;
  };
  /** A message; what the bot said back in that conversation (texts and cards). */
  const say = async (who: Who, text: string, where: Conversation = personalChat(who.id)) => {
    bot.connector.clear();
    await bot.say(who, where, text);
    return bot.connector.to(where.id).map((s) => s.body.text ?? JSON.stringify(s.body.attachments ?? '')).join('\n');
  };

  /** `attempt` by each of `people` is refused with `text`, and nothing in the store changes. */
  async function refused(action: Action, people: Who[], attempt: (who: Who) => Promise<string>, text: string | ((who: Who) => string)) {
    tried.add(action);
    for (const who of people) {
      // Posts owed by the step before (personal notices are sent after the press is answered) settle first.
      await bot.ctx.outbox.idle();
      const before = state();
      const reply = await attempt(who);
      expect(reply, `${action} by ${who.id}`).toContain(typeof text === 'string' ? text : text(who));
      expect(state(), `${action} by ${who.id} changed the store`).toEqual(before);
    }
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'samverkan-authz-'));
    const config = JSON.parse(await readFile(PARTNERSHIP_FILE, 'utf8'));
    config.people.push({ ...staffEksjo, member: 'eksjo', roles: [], networks: [] }, { ...aldreHabo, member: 'habo', roles: [], networks: ['aldreomsorg'] });
    await writeFile(join(dir, 'partnership.json'), JSON.stringify(config));
    bot = await new TestBot('2026-11-23T09:00:00Z').start({ env: { PARTNERSHIP_FILE: join(dir, 'partnership.json') } });
    await bot.install(IFO);
  });
  afterAll(async () => {
    await bot?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('propose: coordinators, chiefs, deputies and network members', async () => {
    const refusal = 'Bara samordnare och ledamöter i partnerskapets nätverk kan lämna förslag.';
    await refused('propose', [nobody, staffEksjo], (who) => say(who, 'nytt förslag'), refusal);
    await refused('propose', [nobody, staffEksjo], (who) => press(who, 'proposal.submit', form), refusal);
    expect(await say(aldreJonkoping, 'nytt förslag')).toContain('Projektdirektiv (BG0)');
    expect(await press(aldreJonkoping, 'proposal.submit', form)).toContain(`Förslaget ${P} är publicerat`);
    expect(bot.store.proposals.map((p) => [p.id, p.createdBy, p.contactPersonId])).toEqual([[P, 'aldre-jonkoping', 'ifo-varnamo']]);
  });

  it('editProposal: the proposer, the contact person and coordinators', async () => {
    const refusal = 'Bara förslagsställaren, kontaktpersonen och samordnare kan ändra förslaget.';
    await refused('editProposal', [chiefEksjo, deputyEksjo, nobody], (who) => press(who, 'proposal.edit', { proposalId: P }), refusal);
    await refused('editProposal', [chiefHabo, staffEksjo], (who) => press(who, 'proposal.submit', { ...form, proposalId: P, title: 'Kapat' }), refusal);
    expect(await press(ifoVarnamo, 'proposal.edit', { proposalId: P })).toContain('Trygg hemgång för äldre');
    expect(await press(ifoVarnamo, 'proposal.submit', { ...form, proposalId: P, title: 'Trygg hemgång' })).toContain(`Ändringarna i ${P} är sparade.`);
    expect(bot.store.proposals[0]!.title).toBe('Trygg hemgång');
  });

  it('answer: the chief, the deputy or the owning network’s member, for their own municipality', async () => {
    const refusals: Record<string, string> = {
      [anna.id]: 'Du är inte knuten till någon kommun och kan därför inte svara för en kommun.',
      [ifoVarnamo.id]: 'Du kan inte svara för din kommun i detta nätverk.',
      [staffEksjo.id]: 'Du kan inte svara för din kommun i detta nätverk.',
      [nobody.id]: 'Du finns inte med i partnerskapets förteckning, så du kan inte svara för en kommun.',
    };
    await refused('answer', [anna, ifoVarnamo, staffEksjo, nobody], (who) => press(who, 'participation.answer', { proposalId: P, answer: 'participates' }), (who) => refusals[who.id]!);
    expect(await press(chiefEksjo, 'participation.answer', { proposalId: P, answer: 'participates' })).toContain('Registrerat: Eksjö deltar.');
    expect(await press(aldreJonkoping, 'participation.answer', { proposalId: P, answer: 'participates' })).toContain('Registrerat: Jönköping deltar.');
    expect(bot.store.participation.map((a) => [a.memberId, a.capacity])).toEqual([['eksjo', 'socialChief'], ['jonkoping', 'networkMember']]);
  });

  it('submitGate: the contact person or a coordinator', async () => {
    await refused('submitGate', [aldreJonkoping, chiefEksjo, nobody], (who) => press(who, 'gate.submit', { proposalId: P, ...doc }), 'Bara projektets kontaktperson eller en samordnare kan lämna in ett grinddokument.');
    expect(await press(ifoVarnamo, 'gate.submit', { proposalId: P, ...doc })).toContain('BG0 är inlämnad för beslut.');
  });

  // Issue 15 item 4: no longer a coordinator, and each refusal says why.
  it('decideGate: the owning group’s members from participating municipalities', async () => {
    const refusals: Record<string, string> = {
      [aldreHabo.id]: 'Habo deltar inte i projektet, så du kan inte besluta om dess grindar. Det gör ledamöterna i Äldreomsorg från deltagande kommuner.',
      [chiefEksjo.id]: 'Grindbeslut fattas av ledamöterna i Äldreomsorg från deltagande kommuner. Du sitter inte i Äldreomsorg.',
      [ifoVarnamo.id]: 'Grindbeslut fattas av ledamöterna i Äldreomsorg från deltagande kommuner. Du sitter inte i Äldreomsorg.',
      [anna.id]: 'Samordnare lämnar in grinddokument och kan avbryta projektet, men beslutar inte om grindar: det gör ledamöterna i Äldreomsorg från deltagande kommuner.',
      [nobody.id]: 'Du finns inte med i partnerskapets förteckning, så du kan inte besluta om grindar.',
    };
    await refused('decideGate', [aldreHabo, chiefEksjo, ifoVarnamo, anna, nobody], (who) => press(who, 'gate.approve', { proposalId: P, gate: 'BG0' }), (who) => refusals[who.id]!);
    await refused('decideGate', [aldreHabo, anna], (who) => press(who, 'gate.sendBack', { proposalId: P, gate: 'BG0', reason: 'Nej' }), (who) => refusals[who.id]!);
    expect(await press(aldreJonkoping, 'gate.approve', { proposalId: P, gate: 'BG0' })).toContain('BG0 är godkänd.');
    expect(bot.store.gateEvents.map((e) => [e.kind, e.by])).toEqual([['submit', 'ifo-varnamo'], ['approve', 'aldre-jonkoping']]);
  });

  it('openDecision: coordinators (new decision, on a proposal, revised)', async () => {
    const refusal = 'Bara samordnare kan öppna ett beslut.';
    await refused('openDecision', [chiefEksjo, nobody], (who) => say(who, 'nytt beslut'), refusal);
    await refused('openDecision', [chiefEksjo, deputyEksjo, nobody], (who) => press(who, 'decision.submit', decisionForm), refusal);
    await refused('openDecision', [chiefEksjo, aldreJonkoping], (who) => press(who, 'decision.request', { proposalId: P }), 'Bara samordnare kan begära beslut');
    expect(await say(anna, 'nytt beslut')).toContain('Nytt beslut i socialchefsnätverket');
    expect(await press(anna, 'decision.request', { proposalId: P })).toContain(`Gemensamma medel till Trygg hemgång (${P})`);
    expect(await press(anna, 'decision.submit', decisionForm)).toContain(B);
    expect(bot.store.decisions.map((d) => [d.id, d.createdBy])).toEqual([[B, 'anna-lindqvist']]);
  });

  it('vote: the social chief or the deputy, for their own municipality', async () => {
    const refusals: Record<string, string> = {
      [anna.id]: 'Du är inte knuten till någon kommun och kan inte rösta.',
      [aldreJonkoping.id]: 'Bara kommunens socialchef eller dennes ersättare kan rösta för kommunen.',
      [staffEksjo.id]: 'Bara kommunens socialchef eller dennes ersättare kan rösta för kommunen.',
      [nobody.id]: 'Du finns inte med i partnerskapets förteckning och kan inte rösta.',
    };
    await refused('vote', [anna, aldreJonkoping, staffEksjo, nobody], (who) => press(who, 'decision.vote', { decisionId: B, position: 'approve' }), (who) => refusals[who.id]!);
    expect(await press(deputyEksjo, 'decision.vote', { decisionId: B, position: 'approve' })).toContain('Registrerat: Eksjö');
    expect(await press(chiefHabo, 'decision.vote', { decisionId: B, position: 'refer' })).toContain('Registrerat: Habo');
    expect(bot.store.votes.map((v) => [v.memberId, v.position, v.capacity])).toEqual([['eksjo', 'approve', 'deputyChief'], ['habo', 'refer', 'socialChief']]);
  });

  it('recordCommittee: a coordinator, or the municipality’s own social chief', async () => {
    await refused('recordCommittee', [chiefEksjo, deputyEksjo, aldreHabo, nobody], (who) => press(who, 'decision.committee', committee), 'Bara samordnare och kommunens socialchef kan registrera kommunens nämndbeslut.');
    expect(await press(chiefHabo, 'decision.committee', committee)).toContain('Registrerat: Habo — nämndbeslut, godkänt.');
    expect(bot.store.votes.at(-1)).toMatchObject({ memberId: 'habo', capacity: 'committee', personId: 'chief-habo' });
  });

  it('fetchProtocol: anyone in the partnership', async () => {
    await refused('fetchProtocol', [nobody], (who) => press(who, 'decision.protocol', { decisionId: B }), 'Bara personer i partnerskapet kan hämta protokollet.');
    expect(await press(staffEksjo, 'decision.protocol', { decisionId: B })).toContain(`/protokoll/${B}.csv`);
  });

  it('extendDecision and closeDecision: coordinators', async () => {
    const refusal = 'Bara samordnare kan stänga eller förlänga ett beslut.';
    const extend = { decisionId: B, closesDate: '2026-12-17', closesTime: '12:00' };
    await refused('extendDecision', [chiefEksjo, deputyEksjo, nobody], (who) => press(who, 'decision.extend', extend), refusal);
    expect(await press(anna, 'decision.extend', extend)).toContain('Röstningen är förlängd till 2026-12-17 12:00');
    expect(bot.store.decisions[0]!.closesAt).toBe('2026-12-17T11:00:00.000Z');
    await refused('closeDecision', [chiefHabo, aldreJonkoping, nobody], (who) => press(who, 'decision.close', { decisionId: B }), refusal);
    expect(await press(anna, 'decision.close', { decisionId: B })).toContain('Beslutet är stängt.');
    expect(bot.store.decisions[0]!.closedAt).toBeTruthy();
    // Without consensus now: a revised decision may be opened, by a coordinator.
    await refused('openDecision', [chiefEksjo, nobody], (who) => press(who, 'decision.revise', { decisionId: B }), 'Bara samordnare kan öppna ett reviderat beslut');
    expect(await press(anna, 'decision.revise', { decisionId: B })).toContain('(reviderat)');
  });

  it('linkChannel: coordinators', async () => {
    await refused('linkChannel', [chiefEksjo, ifoVarnamo, nobody], (who) => say(who, 'koppla ifo', IFO), 'Bara samordnare kan koppla en kanal till ett nätverk.');
    expect(await say(anna, 'koppla ifo', IFO)).toContain('Kanalen är nu kopplad till nätverket Individ- och familjeomsorg.');
    expect(bot.store.networkChannels.map((l) => [l.networkId, l.conversationId])).toEqual([['ifo', IFO.id]]);
  });

  it('manageReminders: coordinators', async () => {
    await refused('manageReminders', [chiefEksjo, nobody], (who) => say(who, 'påminnelser pausa q1-report'), 'Bara samordnare kan förhandsvisa, pausa och återuppta påminnelser.');
    await refused('manageReminders', [deputyEksjo], (who) => say(who, 'påminnelser förhandsvisa q1-report'), 'Bara samordnare kan förhandsvisa');
    expect(await say(anna, 'påminnelser pausa q1-report')).toContain('Delårsrapport Q1 är pausad.');
    expect(bot.store.pausedRules.map((r) => r.ruleId)).toEqual(['q1-report']);
  });

  // Changed with #15: the Q1 report was the municipalities' to mark (scope members); it is the office's now.
  it('reportDone: for one’s own municipality (the fee), network or project input (the contact person), the office\'s reports by a coordinator', async () => {
    const refusal = 'Du kan inte markera detta som klart.';
    await refused('reportDoneForMember', [anna, nobody], (who) => press(who, 'reminder.done', done('members')), refusal);
    expect(await press(staffEksjo, 'reminder.done', done('members'))).toContain('Registrerat: Eksjö är klar.');
    await refused('reportDoneForNetwork', [ifoVarnamo, chiefEksjo, nobody], (who) => press(who, 'reminder.done', done('network:aldreomsorg')), refusal);
    expect(await press(aldreHabo, 'reminder.done', done('network:aldreomsorg'))).toContain('Registrerat: Äldreomsorg är klar.');
    const projectRefusal = 'Bara projektets kontaktperson (Amira Haddad) eller en samordnare kan markera projektets underlag som klart.';
    await refused('reportDoneForProject', [aldreJonkoping, chiefEksjo, nobody], (who) => press(who, 'reminder.done', done(`project:${P}`)), projectRefusal);
    expect(await press(ifoVarnamo, 'reminder.done', done(`project:${P}`))).toContain(`Registrerat: ${P} Trygg hemgång är klar.`);
    const officeRefusal = 'Bara samordnarna kan markera Delårsrapport Q1 som skickad. Rapporten lämnas av samordnarna till medlemskommunerna, som tar emot den.';
    await refused('reportDoneForOffice', [chiefEksjo, deputyEksjo, staffEksjo, ifoVarnamo, nobody], (who) => press(who, 'reminder.done', done('office')), officeRefusal);
    // A card posted before #15 said "members" for the Q1 report: it is the office's card now.
    await refused('reportDoneForOffice', [chiefEksjo], (who) => press(who, 'reminder.done', { occurrence: 'q1-report:2027', scope: 'members' }), officeRefusal);
    expect(await press(anna, 'reminder.done', done('office'))).toContain('Registrerat: Delårsrapport Q1 är skickad till medlemskommunerna.');
    expect(bot.store.reminderDone.map((d) => [d.party, d.personId])).toEqual([
      ['member:eksjo', 'staff-eksjo'],
      ['network:aldreomsorg', 'aldre-habo'],
      [`project:${P}`, 'ifo-varnamo'],
      ['office', 'anna-lindqvist'],
    ]);
  });

  it('exportProjects: coordinators', async () => {
    await refused('exportProjects', [chiefEksjo, nobody], async (who) => {
      const reply = await say(who, 'export');
      expect(reply).not.toContain('/export/projekt.csv');
      return reply;
    }, 'Bara samordnare kan exportera projektlistan.');
    expect(await say(anna, 'export')).toContain('/export/projekt.csv');
  });

  it('cancelProject: the contact person or a coordinator', async () => {
    await refused('cancelProject', [aldreJonkoping, chiefEksjo, nobody], (who) => press(who, 'gate.cancel', { proposalId: P, reason: 'Vi vill inte' }), 'Bara projektets kontaktperson eller en samordnare kan avbryta projektet.');
    expect(await press(ifoVarnamo, 'gate.cancel', { proposalId: P, reason: 'Finansieringen föll bort' })).toContain('Projektet är avbrutet');
    expect(bot.store.gateEvents.at(-1)).toMatchObject({ kind: 'cancel', by: 'ifo-varnamo' });
  });

  it('consultations: coordinators open and manage rounds; a member’s chief, deputy or representative answers for it, a coordinator on its behalf', async () => {
    const round = { subject: 'Avtal om familjerätt', question: 'Tillstyrker ni?', documents: '', asked: 'municipalities', answerDate: '2026-12-11', recipient: 'PKS', networkId: 'socialchefsnatverket' };
    const R = { consultationId: 'R-2026-001' };
    await refused('openConsultation', [chiefEksjo, nobody], (who) => say(who, 'ny remiss'), 'Bara samordnare kan öppna en remiss.');
    await refused('openConsultation', [chiefEksjo, staffEksjo], (who) => press(who, 'consultation.submit', round), 'Bara samordnare kan öppna en remiss.');
    expect(await press(anna, 'consultation.submit', round)).toContain('Remiss R-2026-001 är öppnad här.');

    const statement = { ...R, position: 'approve', text: 'Tillstyrks.', decidedBy: 'Socialnämnden', decisionDate: '2026-11-20' };
    const noRole = 'Du kan inte lämna svar i den här remissen';
    await refused('answerConsultation', [staffEksjo, aldreJonkoping, nobody], (who) => press(who, 'consultation.answer', statement), noRole);
    await refused('answerConsultation', [chiefHabo], (who) => press(who, 'consultation.answer', { ...statement, memberId: 'eksjo' }), 'Du kan bara lämna svar för din egen organisation (Habo).');
    expect(await press(deputyEksjo, 'consultation.answer', statement)).toContain('Registrerat: Eksjö — tillstyrker.');
    await refused('answerConsultationOnBehalf', [nobody, staffEksjo], (who) => press(who, 'consultation.answer', { ...statement, memberId: 'habo' }), (who) => (who === nobody ? noRole : 'Du kan bara lämna svar för din egen organisation (Eksjö).'));
    expect(await press(anna, 'consultation.answer', { ...statement, memberId: 'habo' })).toContain('Registrerat för Habos räkning.');

    const manage = 'Bara samordnare kan ge anstånd och stänga remissen.';
    await refused('manageConsultation', [chiefEksjo, nobody], (who) => press(who, 'consultation.extend', { ...R, extendMemberId: 'gnosjo', extendUntil: '2026-12-18' }), manage);
    await refused('manageConsultation', [chiefEksjo, ifoVarnamo], (who) => press(who, 'consultation.close', R), manage);
    expect(await press(anna, 'consultation.extend', { ...R, extendMemberId: 'gnosjo', extendUntil: '2026-12-18' })).toContain('Gnosjö har fått anstånd till 2026-12-18.');
    expect(bot.store.consultationAnswers.map((a) => [a.memberId, a.capacity])).toEqual([['eksjo', 'deputyChief'], ['habo', 'coordinator']]);
  });

  it('viewMunicipality: anyone in the partnership; viewOverview: coordinators and chiefs', async () => {
    await refused('viewMunicipality', [nobody], (who) => say(who, 'kommun Habo'), 'Du finns inte med i partnerskapets förteckning.');
    expect(await say(staffEksjo, 'kommun Habo')).toContain('Habo i partnerskapet');
    const refusal = 'Översikten och årsöversikten är för samordnare och socialchefer.';
    await refused('viewOverview', [aldreJonkoping, staffEksjo, nobody], (who) => say(who, 'översikt'), refusal);
    await refused('viewOverview', [ifoVarnamo], (who) => say(who, 'årsöversikt 2026'), refusal);
    expect(await say(deputyEksjo, 'översikt')).toContain('Översikt 2026');
    expect(await say(anna, 'årsöversikt 2026')).toContain('/arsoversikt/2026.html?exp=');
  });

  it('tried every action of the table', () => {
    expect([...tried].sort()).toEqual([...ACTIONS].sort());
  });
});

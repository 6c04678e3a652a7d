/**
 * Issue #6, item 4: every handler gets thousands of random and hostile payloads (wrong types, huge
 * strings, `__proto__` keys, Unicode oddities, lookalike ids, forged identity fields). For each: no
 * server error, no crash, no pollution, no change to the store, and a clear Swedish answer.
 *
 * Every generated case is invalid in at least one way or sent by someone who may not do it (or is a
 * repeat that changes nothing, or a read-only action), so the store must stay exactly as it was.
 *
 * Fixed seed; FUZZ_SEED=<n> to vary it, FUZZ_RUNS=<factor> to scale the number of cases,
 * FUZZ_PATH=<path> (with -t "<test name>") to replay a reported counter-example.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ALDRE_CHANNEL, TestBot, UNKNOWN_PERSON, channel, person, personalChat, type Conversation } from '../fixtures/bot.js';
import { FOREIGN_PERSON, FUZZ_SCALE, FUZZ_SEED, FuzzHarness, fuzz, type Expect, type Sender } from '../fixtures/fuzz-harness.js';
import {
  DATEISH,
  INJECTIONS,
  LOOKALIKE_IDS,
  MISSING,
  NUMBERISH,
  PROTO_KEYS,
  UNICODE_ODDITIES,
  extraFields,
  hostileData,
  hostileShortString,
  hostileValue,
  hugeString,
  objectOf,
  pollutionObjects,
} from '../fixtures/hostile.js';
import { parseCommand } from '../../src/teams/commands.js';
import { fold } from '../../src/domain/text.js';
import { findDemoPerson } from '../../src/features/acting/acting.js';
import { findProposal } from '../../src/store/repository.js';
import { findDecision } from '../../src/store/decisions.js';
import { findOccurrence } from '../../src/features/reminders/schedule.js';
import { viabilityOf } from '../../src/features/proposals/views.js';
import { tallyOf } from '../../src/features/decisions/decisions.js';
import { PROPOSAL_FORM } from '../fixtures/forms.js';

const CHIEFS = channel('19:socialchefsnatverket@thread.tacv2', 'Socialchefsnätverket');

const anna = person('anna-lindqvist');
const chiefEksjo = person('chief-eksjo');
const chiefHabo = person('chief-habo');
const chiefJonkoping = person('chief-jonkoping');
const chiefGislaved = person('chief-gislaved');
const deputyEksjo = person('deputy-eksjo');
const aldreJonkoping = person('aldre-jonkoping');
const ifoVarnamo = person('ifo-varnamo');

const PEOPLE: Sender[] = [anna, chiefEksjo, chiefHabo, chiefJonkoping, deputyEksjo, aldreJonkoping, ifoVarnamo, UNKNOWN_PERSON];
const EVERYONE: Sender[] = [...PEOPLE, FOREIGN_PERSON];
const CHIEF_VOICES: Sender[] = [chiefEksjo, chiefHabo, chiefJonkoping, deputyEksjo];

/** Where a sender speaks: their own personal chat (known to the bot), or one of the linked channels. */
const chatOf = (s: Sender): Conversation =>
  s === FOREIGN_PERSON ? { id: 'a:personal-foreign', conversationType: 'personal' } : personalChat(s.id);
const whereArb = (s: Sender): fc.Arbitrary<Conversation> => (s === FOREIGN_PERSON ? fc.constant(chatOf(s)) : fc.constantFrom(chatOf(s), chatOf(s), CHIEFS, ALDRE_CHANNEL));

const validProposal = { ...PROPOSAL_FORM, contactPersonId: 'chief-eksjo' };
const validDecision = {
  question: 'Gemensamma medel till Trygg hemgång',
  kind: 'jointFunds',
  background: 'Förslag P-2026-001 söker 150 000 kr.',
  amountSek: '150000',
  closesDate: '2026-12-10',
  closesTime: '16:00',
};

type Entries = [string, unknown][];
const set = (field: string, values: readonly unknown[]): fc.Arbitrary<Entries> => fc.constantFrom(...values).map((v) => [[field, v]] as Entries);

/** A card verb: its valid payload, who could succeed with it, and changes each of which makes it fail. */
interface VerbSpec {
  verb: string;
  /** The test's name, where two specs try one verb. */
  label?: string;
  base: Record<string, unknown>;
  /** May succeed with a valid payload: they get only payloads made invalid. */
  allowed: Sender[];
  /** Each makes the payload invalid, whatever the other fields hold. */
  invalidators: fc.Arbitrary<Entries>[];
  /** Valid payloads that still change nothing (repeats), with the senders who send them. */
  repeats?: fc.Arbitrary<{ sender: Sender; entries: Entries }>;
  /** Handlers that never write: any sender, any payload. */
  readOnly?: boolean;
  runs: number;
}

/** Random, noisy, hostile versions of a payload; `invalid` forces at least one invalidator. */
function payloadArb(spec: VerbSpec, invalid: boolean): fc.Arbitrary<Record<string, unknown>> {
  const fields = [...Object.keys(spec.base), 'proposalId', 'decisionId'];
  // Light noise on the known fields: heavy noise would mostly stop at the payload check, short of the rules.
  const noisy = fc.tuple(fc.constantFrom(...fields), fc.oneof({ weight: 4, arbitrary: hostileValue }, { weight: 1, arbitrary: fc.constant(MISSING) }));
  const noise = fc.oneof(fc.constant([] as Entries), fc.array(noisy, { minLength: 1, maxLength: 2 }));
  // One case in ten carries one huge string (more would pass the body limit, which has its own test).
  const huge = fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...fields, 'kommentar'), hugeString) });
  const inv = invalid ? fc.oneof(...spec.invalidators) : fc.option(fc.oneof(...spec.invalidators), { freq: 2, nil: [] as Entries });
  return fc
    .record({ noise, huge, extras: extraFields, inv })
    .map(({ noise, huge, extras, inv }) => objectOf([...Object.entries(spec.base), ...noise, ...(huge ? [huge] : []), ...extras, ...inv]));
}

function verbCases(spec: VerbSpec): fc.Arbitrary<{ sender: Sender; where: Conversation; data: unknown }> {
  const refused = EVERYONE.filter((s) => !spec.allowed.includes(s));
  const branches: fc.WeightedArbitrary<{ sender: Sender; data: unknown }>[] = [];
  const add = (weight: number, arbitrary: fc.Arbitrary<{ sender: Sender; data: unknown }>) => branches.push({ weight, arbitrary });
  if (spec.readOnly) add(4, fc.record({ sender: fc.constantFrom(...EVERYONE), data: payloadArb(spec, false) }));
  else {
    if (spec.allowed.length) add(3, fc.record({ sender: fc.constantFrom(...spec.allowed), data: payloadArb(spec, true) }));
    if (refused.length) add(2, fc.record({ sender: fc.constantFrom(...refused), data: payloadArb(spec, false) }));
  }
  if (spec.repeats) add(1, spec.repeats.chain(({ sender, entries }) => extraFields.map((extras) => ({ sender, data: objectOf([...entries, ...extras]) }))));
  // Not an object at all, or an object of random keys: refused by everyone.
  add(1, fc.record({ sender: fc.constantFrom(...EVERYONE), data: hostileData }));
  return fc.oneof(...branches).chain(({ sender, data }) => whereArb(sender).map((where) => ({ sender, where, data })));
}

const PAST = '2026-11-22';
const FAR = '2029-01-01';
const TOO_LONG = (n: number) => 'ö'.repeat(n);

const SPECS: VerbSpec[] = [
  {
    verb: 'proposal.submit',
    base: validProposal,
    allowed: [anna, chiefEksjo, chiefHabo, chiefJonkoping, deputyEksjo, aldreJonkoping, ifoVarnamo],
    invalidators: [
      set('title', [MISSING, '', '  \t\n ', null, {}, [], TOO_LONG(121), 'x'.repeat(50_001), ['Trygg']]),
      set('background', [MISSING, '', '\n\n', null, [], TOO_LONG(4001)]),
      set('networkId', [MISSING, '', 'nope', 'Äldreomsorg', 'aldreomsorg\u200b', 'aldreomsorg\u0000', '__proto__', 'constructor', 12, null, {}]),
      set('contactPersonId', [MISSING, '', 'nobody', 'Anna Lindqvist', '__proto__', 'toString', null, ['anna-lindqvist']]),
      set('answerDeadline', [MISSING, '', '2026-02-30', PAST, FAR, 'NaN', '15/12/2026', '２０２６-１２-１５', '2026-12-15T00:00', null, 20261215]),
      set('plannedStart', ['2026-13-01', 'snart', '2020-01-01', '1e309', {}, [null]]),
      set('estimatedCostSek', ['NaN', 'Infinity', '1e309', '-5', '0x10', '1e6', '1000000001', 'fem', '1 0 0 0 x', '٤٠٠', 1e308, -1, {}, null]),
      set('jointFundsSek', ['NaN', '-1', '0x10', 'Infinity', 'hundra', {}]),
      fc.constantFrom<unknown>(MISSING, '', '0', '   ').map((v) => [['jointFundsRequested', 'true'], ['jointFundsSek', v]] as Entries),
      fc.constant<Entries>([['jointFundsRequested', 'true'], ['estimatedCostSek', '100'], ['jointFundsSek', '200']]),
      set('proposalId', ['P-2026-999', 'P-1', 'B-2026-001', 'P-2026-001\u200b', 123, null, {}, ['P-2026-001']]),
    ],
    runs: 320,
  },
  {
    verb: 'participation.answer',
    base: { proposalId: 'P-2026-001', answer: 'participates' },
    allowed: [chiefEksjo, chiefHabo, chiefJonkoping, deputyEksjo, aldreJonkoping, ifoVarnamo],
    invalidators: [
      set('proposalId', [MISSING, 'P-2026-999', 'B-2026-001', 'P-2026-001\u200b', '\u202eP-2026-001', 'P-2026-001 ', '', null, 7, [], { id: 'P-2026-001' }]),
      set('answer', [MISSING, 'yes', 'Participates', 'participates ', 'deltar', 'declines\u0000', '', null, true, 1, ['participates'], { answer: 'participates' }]),
    ],
    // Answers the municipality already gave: nothing changes, whatever memberId the card claims.
    repeats: fc.oneof(
      fc.record({ sender: fc.constantFrom(chiefEksjo, deputyEksjo, aldreJonkoping, chiefJonkoping), entries: fc.constant<Entries>([['proposalId', 'P-2026-001'], ['answer', 'participates']]) }),
      fc.record({ sender: fc.constant(chiefHabo), entries: fc.constant<Entries>([['proposalId', 'p-2026-002'], ['answer', 'declines']]) }),
    ),
    runs: 260,
  },
  { verb: 'proposal.edit', base: { proposalId: 'P-2026-001' }, allowed: [], invalidators: [set('proposalId', LOOKALIKE_IDS)], readOnly: true, runs: 110 },
  { verb: 'decision.request', base: { proposalId: 'P-2026-001' }, allowed: [], invalidators: [set('proposalId', LOOKALIKE_IDS)], readOnly: true, runs: 110 },
  { verb: 'decision.revise', base: { decisionId: 'B-2026-001' }, allowed: [], invalidators: [set('decisionId', LOOKALIKE_IDS)], readOnly: true, runs: 110 },
  { verb: 'decision.protocol', base: { decisionId: 'B-2026-002' }, allowed: [], invalidators: [set('decisionId', LOOKALIKE_IDS)], readOnly: true, runs: 110 },
  {
    verb: 'decision.submit',
    base: { ...validDecision, proposalId: 'P-2026-001' },
    allowed: [anna],
    invalidators: [
      set('question', [MISSING, '', '   ', null, {}, [], TOO_LONG(301), 'x'.repeat(50_001)]),
      set('kind', [MISSING, '', 'JointFunds', 'budget', '__proto__', 'toString', null, ['jointFunds'], 3]),
      fc.constantFrom<unknown>(MISSING, '', '  ').map((v) => [['kind', 'jointFunds'], ['amountSek', v]] as Entries),
      set('amountSek', ['NaN', '-1', '1e309', '0x10', '1000000001', 'tio', 'Infinity', null, {}, [150000]]),
      set('closesDate', [MISSING, '', PAST, '2020-01-01', '2026-02-30', FAR, '10/12/2026', '2026-12-10T16:00', null, [], 20261210]),
      set('closesTime', ['24:00', '12:60', 'noon', '9:00', '16.00', '1600', null, {}]),
      set('background', [TOO_LONG(4001), null, []]),
      set('proposalId', ['P-2026-999', 'P-1', 'B-2026-002', 5, null]),
      set('revises', ['B-2026-999', 'B-1', 'P-2026-001', '', null, 0]),
    ],
    runs: 260,
  },
  {
    verb: 'decision.vote',
    base: { decisionId: 'B-2026-002', position: 'approve' },
    allowed: CHIEF_VOICES,
    invalidators: [
      set('decisionId', [MISSING, 'B-2026-999', 'P-2026-001', 'B-2026-001', '', null, 1, 'b-2026-002\u200b', '\u202eB-2026-002', { id: 'B-2026-002' }]),
      set('position', [MISSING, 'Approve', 'yes', 'godkänn', 'approve ', '', null, 1, ['approve'], 'participates']),
      fc.constantFrom<unknown>(MISSING, '', '   ', '\t\n').map((v) => [['position', 'reject'], ['reason', v]] as Entries),
      set('reason', [TOO_LONG(1001), 5, {}, null, [], true]),
    ],
    repeats: fc.oneof(
      fc.record({ sender: fc.constantFrom(chiefEksjo, deputyEksjo), entries: fc.constant<Entries>([['decisionId', 'B-2026-002'], ['position', 'approve']]) }),
      fc.record({ sender: fc.constant(chiefHabo), entries: fc.constant<Entries>([['decisionId', 'b-2026-002'], ['position', 'refer']]) }),
    ),
    runs: 260,
  },
  {
    verb: 'decision.committee',
    base: { decisionId: 'B-2026-002', memberId: 'habo', outcome: 'approved', reference: '§ 12 SN 2026/45', date: '2026-11-20' },
    allowed: [anna, chiefHabo],
    invalidators: [
      set('memberId', [MISSING, 'eksjo', 'jonkoping', 'nope', 'Habo', 'habo\u200b', ' habo', '', '__proto__', null, 1, ['habo'], TOO_LONG(61)]),
      set('outcome', [MISSING, 'Approved', 'approve', 'yes', '', null, true]),
      set('reference', [MISSING, '', '   ', '\n', TOO_LONG(101), null, 5, []]),
      set('date', [MISSING, '', '2026-11-24', '2099-01-01', '2026-02-30', '20/11/2026', '2026-11-20T00:00', null, 20261120]),
      set('decisionId', [MISSING, 'B-2026-001', 'B-2026-999', 'P-2026-001', null, '']),
    ],
    runs: 260,
  },
  {
    verb: 'decision.close',
    base: { decisionId: 'B-2026-002' },
    allowed: [anna],
    invalidators: [set('decisionId', [MISSING, 'B-2026-001', 'B-2026-999', 'P-2026-002', '', null, 5, {}, [], 'B-2026-002\u0000'])],
    runs: 130,
  },
  {
    verb: 'decision.extend',
    base: { decisionId: 'B-2026-002', closesDate: '2026-12-20', closesTime: '16:00' },
    allowed: [anna],
    invalidators: [
      set('decisionId', [MISSING, 'B-2026-001', 'B-2026-999', 'P-2026-002', '', null, 5, {}]),
      set('closesDate', [MISSING, '', PAST, '2026-12-01', '2026-02-30', FAR, TOO_LONG(21), '2026-12-20\u200b', null, 1]),
      set('closesTime', ['24:00', '9:00', 'x', TOO_LONG(11), '16:00\u0000', null, []]),
    ],
    runs: 200,
  },
  // BG0 of P-2026-001 waits for a decision, so no submit can pass (and P-2026-002 cannot start).
  {
    verb: 'gate.submit',
    base: { proposalId: 'P-2026-001', gate: 'BG1', title: 'Förstudierapport', url: 'https://exempel.se/forstudie.docx' },
    allowed: [],
    invalidators: [set('gate', ['BG0', 'BG9', 'bg1', null]), set('url', INJECTIONS), set('title', ['', TOO_LONG(201)])],
    readOnly: true,
    runs: 170,
  },
  {
    verb: 'gate.approve',
    base: { proposalId: 'P-2026-001', gate: 'BG0' },
    allowed: [anna, aldreJonkoping],
    invalidators: [
      set('gate', [MISSING, 'BG1', 'BG4', 'bg0', 'BG0 ', 'BG0\u200b', 'BG9', '', null, 0, ['BG0']]),
      set('proposalId', [MISSING, 'P-2026-002', 'P-2026-999', 'B-2026-001', null, '']),
      set('reason', [TOO_LONG(1001), 5, null, {}]),
    ],
    runs: 140,
  },
  {
    verb: 'gate.sendBack',
    base: { proposalId: 'P-2026-001', gate: 'BG0', reason: 'Komplettera budgeten' },
    allowed: [anna, aldreJonkoping],
    invalidators: [
      set('gate', [MISSING, 'BG1', 'bg0', 'BG0 ', '', null, 0]),
      set('proposalId', [MISSING, 'P-2026-002', 'P-2026-999', 'B-2026-001', null]),
      set('reason', [MISSING, '', '   ', '\n\t', TOO_LONG(1001), null, 5, {}]),
    ],
    runs: 140,
  },
  {
    verb: 'gate.cancel',
    base: { proposalId: 'P-2026-001', reason: 'Finansieringen föll bort' },
    allowed: [anna, chiefEksjo],
    invalidators: [
      set('reason', [MISSING, '', '   ', '\r\n', TOO_LONG(1001), null, {}, []]),
      set('proposalId', [MISSING, 'P-2026-002', 'P-2026-999', 'B-2026-001', null, 'P-2026-001\u200b']),
    ],
    runs: 140,
  },
  // Changed with #15: the Q1 report is the office's (a coordinator marks it sent, with an optional https
  // link); the municipalities' own "Klart" is the fee's.
  {
    verb: 'reminder.done',
    label: 'reminder.done (the office\'s report)',
    base: { occurrence: 'q1-report:2027', scope: 'office', link: 'https://samverkan.example.se/q1-2027.pdf' },
    allowed: [anna],
    invalidators: [
      set('occurrence', [MISSING, '', 'q1-report', 'q1-report:27', 'Q1-report:2027', 'nope:2027', 'q1-report:2027-Q5', 'q1-report:2027-Q1', '__proto__:2027', 'constructor:2027', 'q1-report:2027\u200b', 'q1-report:2027:input', null, 1, []]),
      set('scope', [MISSING, '', 'offices', 'office ', 'OFFICE', 'member', 'members ', 'MEMBERS', 'network:', 'network:nope', 'network:__proto__', 'project:P-2026-999', 'project:', 'office\u0000', null, []]),
      // A scope the rule's cards never have: the Q1 report is the office's, not a network's.
      fc.constantFrom('network:ifo', 'network:aldreomsorg', 'network:socialchefsnatverket').map((scope) => [['occurrence', 'q1-report:2027'], ['scope', scope]] as Entries),
      // Only an https link, and not too long.
      set('link', ['javascript:alert(1)', 'http://samverkan.example.se/q1.pdf', 'https://', 'ftp://samverkan.example.se/q1.pdf', 'data:text/html,<b>x</b>', 'samverkan.example.se/q1.pdf', `https://x.se/${'a'.repeat(2000)}`, null, 1, {}, []]),
    ],
    // Anna already marked Q1 2026 sent.
    repeats: fc.record({ sender: fc.constant(anna), entries: fc.constant<Entries>([['occurrence', 'q1-report:2026'], ['scope', 'office']]) }),
    runs: 220,
  },
  {
    verb: 'reminder.done',
    label: 'reminder.done (the fee)',
    base: { occurrence: 'quarterly-fee:2027-Q1', scope: 'members' },
    allowed: [chiefEksjo, chiefHabo, chiefJonkoping, deputyEksjo, aldreJonkoping, ifoVarnamo],
    invalidators: [
      set('occurrence', [MISSING, '', 'quarterly-fee', 'quarterly-fee:2027', 'quarterly-fee:2027-Q5', 'Quarterly-fee:2027-Q1', 'nope:2027-Q1', '__proto__:2027-Q1', 'quarterly-fee:2027-Q1\u200b', null, 1, []]),
      set('scope', [MISSING, '', 'member', 'members ', 'MEMBERS', 'network:', 'network:nope', 'network:__proto__', 'project:P-2026-999', 'project:', 'members\u0000', null, []]),
      // A scope the fee's cards never have: the municipalities owe it, not the office, a network or a project.
      fc.constantFrom('office', 'network:ifo', 'network:socialchefsnatverket', 'project:P-2026-001').map((scope) => [['occurrence', 'quarterly-fee:2027-Q1'], ['scope', scope]] as Entries),
    ],
    // Eksjö already paid for 2026 Q4.
    repeats: fc.record({ sender: fc.constantFrom(chiefEksjo, deputyEksjo), entries: fc.constant<Entries>([['occurrence', 'quarterly-fee:2026-Q4'], ['scope', 'members']]) }),
    runs: 160,
  },
];

const REGISTERED_VERBS = new Set(SPECS.map((s) => s.verb));

describe('fuzz: hostile payloads at every handler', () => {
  let bot: TestBot;
  let h: FuzzHarness;
  let total = 0;
  const started = Date.now();

  beforeAll(async () => {
    bot = await new TestBot('2026-11-23T09:00:00Z').start();
    h = new FuzzHarness(bot);
    // A realistic state, built through the bot: linked channels, two proposals (one can start, with
    // BG0 waiting for a decision), answers, a settled and an open decision, a report handed in.
    await bot.install(CHIEFS);
    await bot.say(anna, CHIEFS, 'koppla socialchefsnatverket');
    await bot.install(ALDRE_CHANNEL);
    await bot.say(anna, ALDRE_CHANNEL, 'koppla äldreomsorg');
    const annaChat = chatOf(anna);
    for (const fields of [validProposal, { ...validProposal, title: 'Barnrättsbaserat arbetssätt', networkId: 'ifo', regionalValue: '', contactPersonId: 'ifo-varnamo', jointFundsRequested: 'false', answerDeadline: '2026-12-20' }]) {
      await bot.say(anna, annaChat, 'nytt förslag');
      await bot.press(anna, annaChat, 'proposal.submit', fields, bot.connector.to(annaChat.id).at(-1)!.newId);
    }
    const press = (who: Sender, verb: string, data: Record<string, unknown>) => bot.press(who, chatOf(who), verb, data);
    await press(chiefEksjo, 'participation.answer', { proposalId: 'P-2026-001', answer: 'participates' });
    await press(chiefJonkoping, 'participation.answer', { proposalId: 'P-2026-001', answer: 'participates' });
    await press(chiefHabo, 'participation.answer', { proposalId: 'P-2026-002', answer: 'declines' });
    await press(chiefEksjo, 'gate.submit', { proposalId: 'P-2026-001', gate: 'BG0', title: 'Projektdirektiv', url: 'https://exempel.se/bg0.docx' });
    await bot.say(anna, annaChat, 'nytt beslut');
    await press(anna, 'decision.submit', { ...validDecision, kind: 'operationalPlan', amountSek: '', question: 'Verksamhetsplan 2027' });
    await press(chiefGislaved, 'decision.vote', { decisionId: 'B-2026-001', position: 'reject', reason: 'Budgeten saknas' });
    await press(anna, 'decision.submit', { ...validDecision, proposalId: 'P-2026-001' });
    await press(chiefEksjo, 'decision.vote', { decisionId: 'B-2026-002', position: 'approve' });
    await press(chiefHabo, 'decision.vote', { decisionId: 'B-2026-002', position: 'refer' });
    // Without a link: a link the office gives is meant to be one, which the harness would count as markup.
    await press(anna, 'reminder.done', { occurrence: 'q1-report:2026', scope: 'office', link: '' });
    await press(chiefEksjo, 'reminder.done', { occurrence: 'quarterly-fee:2026-Q4', scope: 'members' });
    // Every sender's personal chat is known, so a press there does not need to save it.
    for (const s of PEOPLE) await bot.say(s, chatOf(s), 'hjälp');

    const data = bot.ctx.store.data;
    expect(viabilityOf(bot.ctx, findProposal(data, 'P-2026-001')!).status).toBe('canStart');
    expect(viabilityOf(bot.ctx, findProposal(data, 'P-2026-002')!).status).toBe('open');
    expect(data.gateEvents).toHaveLength(1);
    expect(tallyOf(bot.ctx, findDecision(data, 'B-2026-001')!).status).toBe('noConsensus');
    expect(tallyOf(bot.ctx, findDecision(data, 'B-2026-002')!)).toMatchObject({ status: 'open', referred: ['habo'] });
    expect(data.reminderDone.map((d) => [d.key, d.party, d.url])).toEqual([
      ['q1-report:2026', 'office', undefined],
      ['quarterly-fee:2026-Q4', 'member:eksjo', undefined],
    ]);
    expect(findOccurrence(bot.ctx, 'q1-report:2027')).toBeTruthy();
    expect(data.networkChannels).toHaveLength(2);
    await h.freeze();
  }, 60_000);

  afterAll(async () => {
    console.log(`fuzz: ${h?.cases ?? 0} hostile activities in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${FUZZ_SEED})`);
    if (process.env.FUZZ_VERBOSE) console.log(h?.report());
    await bot?.stop();
  });

  for (const spec of SPECS) {
    it(`Action.Execute ${spec.label ?? spec.verb}`, async () => {
      total += await fuzz(spec.verb, verbCases(spec), spec.runs, async ({ sender, where, data }) => {
        const activity = h.activity(sender, where, {
          type: 'invoke',
          name: 'adaptiveCard/action',
          replyToId: 'stub-1',
          value: { action: { type: 'Action.Execute', verb: spec.verb, data }, trigger: 'manual' },
        });
        await h.run({ label: `${spec.verb} by ${sender.id} in ${where.id}`, activity, expect: 'card' });
      });
      await h.stillAnswers(anna, chatOf(anna));
    }, 120_000);
  }

  it('Action.Execute with unknown or malformed verbs, other invoke names and malformed invoke values', async () => {
    const verb = fc.oneof(
      { weight: 4, arbitrary: hostileShortString.filter((v) => !REGISTERED_VERBS.has(v)) },
      { weight: 2, arbitrary: fc.constantFrom(...[...REGISTERED_VERBS].flatMap((v) => [`${v} `, v.toUpperCase(), `${v}\n`, `\n${v}`, `${v}\u200b`, v.replace('.', '/')])) },
      { weight: 1, arbitrary: fc.constantFrom(...PROTO_KEYS, 'hasOwnProperty', '__proto__.polluted') },
      { weight: 1, arbitrary: fc.constantFrom<unknown>(MISSING, null, 0, 1e308, true, [], {}, ['decision.vote'], { verb: 'decision.vote' }) },
      { weight: 1, arbitrary: hugeString.map((s) => s.slice(0, 60_000)) },
    );
    const name = fc.oneof(
      { weight: 6, arbitrary: fc.constant<unknown>('adaptiveCard/action') },
      {
        weight: 3,
        arbitrary: fc.constantFrom<unknown>(
          'task/fetch', 'task/submit', 'composeExtension/query', 'composeExtension/fetchTask', 'composeExtension/submitAction', 'composeExtension/queryLink',
          'config/fetch', 'config/submit', 'message/submitAction', 'message/fetchTask', 'actionableMessage/executeAction', 'fileConsent/invoke',
          'handoff/action', 'tab/fetch', 'healthCheck', 'adaptiveCard/action ', 'AdaptiveCard/Action', '', MISSING, null, 42,
        ),
      },
      { weight: 1, arbitrary: hostileShortString },
    );
    const actionType = fc.oneof({ weight: 6, arbitrary: fc.constant<unknown>('Action.Execute') }, { weight: 2, arbitrary: fc.constantFrom<unknown>('Action.Submit', 'action.execute', 'Action.OpenUrl', '', null, MISSING, 3) });
    const value = fc.oneof(
      { weight: 6, arbitrary: fc.record({ verb, actionType, data: fc.oneof(hostileData, fc.constant(MISSING)), extras: extraFields }).map(({ verb, actionType, data, extras }) =>
        objectOf([['action', objectOf([['type', actionType], ['verb', verb], ['data', data], ...extras])], ['trigger', 'manual']])) },
      { weight: 1, arbitrary: fc.oneof(hostileData, pollutionObjects, fc.constantFrom<unknown>(MISSING, { action: null }, { action: 'decision.vote' }, { action: [] })) },
    );
    const cases = fc.record({ sender: fc.constantFrom(...EVERYONE), name, value }).chain(({ sender, name, value }) =>
      whereArb(sender).map((where) => ({ sender, where, name, value })),
    );
    total += await fuzz('unknown invokes', cases, 300, async ({ sender, where, name, value }) => {
      const fields = objectOf([['type', 'invoke'], ['name', name], ['value', value], ['replyToId', 'stub-1']]);
      const activity = h.activity(sender, where, fields);
      const group = name === 'adaptiveCard/action' ? 'invoke adaptiveCard/action' : 'invoke (other names)';
      await h.run({ label: `invoke ${typeof name === 'string' ? name : typeof name} by ${sender.id}`, group, activity, expect: 'card' });
    });
    await h.stillAnswers(anna, chatOf(anna));
  }, 120_000);

  /** Would this message legitimately change the store? (Then it is not generated.) */
  function mayWrite(text: string, sender: Sender, where: Conversation): boolean {
    if (sender === FOREIGN_PERSON) return false;
    const cmd = parseCommand(text);
    const data = bot.ctx.store.data;
    const coordinator = sender === anna;
    switch (cmd.kind) {
      case 'project':
        return !!findProposal(data, cmd.id);
      case 'decision':
        return !!findDecision(data, cmd.id);
      case 'link':
        return coordinator && where.conversationType === 'channel' && !!cmd.network &&
          bot.ctx.partnership.networks.some((n) => fold(n.id) === fold(cmd.network!) || fold(n.name) === fold(cmd.network!));
      case 'reminderAction':
        return coordinator && cmd.action !== 'preview' && bot.ctx.partnership.reportReminders.some((r) => r.id === fold(cmd.rule) || fold(r.title) === fold(cmd.rule));
      case 'actAs':
        return ['mig', 'mig sjalv', 'me', 'myself'].includes(fold(cmd.who)) || !!findDemoPerson(bot.ctx, cmd.who);
      default:
        return false;
    }
  }

  const COMMAND_WORDS = [
    'hjälp', 'help', '?', 'kommandon', 'nytt förslag', 'föreslå', 'new proposal', 'projekt', 'projects', 'förslag', 'mina', 'mine', 'nytt beslut',
    'beslut', 'decision', 'koppla', 'link', 'påminnelser', 'reminders', 'påminnelser förhandsvisa', 'påminnelser pausa', 'påminnelser återuppta',
    'fördelning', 'allocation', 'export', 'exportera', 'agera som', 'act as', 'P-2026-999', 'B-2026-999',
  ];
  /** How a user (or an attacker) may spell a word: case, Unicode forms, padding, punctuation. */
  const spelled = (word: string) =>
    fc.constantFrom(
      word, word.toUpperCase(), `  ${word}  `, `${word}!!!`, `${word}?`, word.normalize('NFD'), `${word}\u200b`, `\u202e${word}`, word.replace(' ', '\u00a0'),
      word.replace(' ', '\n'), `**${word}**`, `<b>${word}</b>`, `${word}.`,
    );
  const argument = fc.oneof(
    { weight: 5, arbitrary: hostileShortString },
    { weight: 2, arbitrary: fc.constantFrom(...LOOKALIKE_IDS, ...NUMBERISH, ...DATEISH, ...UNICODE_ODDITIES) },
    { weight: 1, arbitrary: hugeString },
    { weight: 1, arbitrary: fc.constantFrom('2026', '2027', '2028', '1899', '-0', '1e309', '0x7E9', '20 26', '2026.0', '٢٠٢٦', 'äldreomsorg', 'ifo', 'q1-report', 'Eksjö', 'mig') },
  );
  const messageText = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...COMMAND_WORDS).chain(spelled) },
    { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...COMMAND_WORDS).chain(spelled), argument).map(([w, a]) => `${w} ${a}`) },
    { weight: 2, arbitrary: hostileShortString },
    { weight: 1, arbitrary: hugeString },
    { weight: 1, arbitrary: fc.constantFrom('<at>Samverkan</at>', '<at>Samverkan</at> <at>Samverkan</at> hjälp', '<at>x</at>'.repeat(1000), '&nbsp;'.repeat(100), '...', '!?', '<p></p>') },
  );

  it('message commands with hostile arguments, from every kind of sender, in chats and channels', async () => {
    const cases = fc
      .record({ sender: fc.constantFrom(...EVERYONE), text: messageText })
      .chain(({ sender, text }) => whereArb(sender).map((where) => ({ sender, text, where })))
      .filter(({ sender, text, where }) => !mayWrite(text, sender, where));
    total += await fuzz('message commands', cases, 900, async ({ sender, text, where }) => {
      const inChannel = where.conversationType === 'channel';
      const activity = h.activity(sender, where, {
        type: 'message',
        text: inChannel ? `<at>Samverkan</at> ${text}` : text,
        entities: inChannel ? [{ type: 'mention', text: '<at>Samverkan</at>', mentioned: { id: '28:samverkan-bot', name: 'Samverkan' } }] : [],
      });
      const expect: Expect = parseCommand(text).kind === 'empty' ? 'optional' : 'reply';
      await h.run({ label: `message by ${sender.id} in ${where.id}`, activity, expect, userStrings: [text, ...text.split(' ')] });
    });
    await h.stillAnswers(anna, chatOf(anna));
  }, 180_000);

  it('messages with malformed fields: text of the wrong type, hostile entities, values and attachments', async () => {
    const field = (values: fc.Arbitrary<unknown>) => fc.option(values, { freq: 2, nil: MISSING as unknown });
    const cases = fc
      .record({
        sender: fc.constantFrom(...EVERYONE),
        text: fc.oneof(fc.constantFrom<unknown>(MISSING, null, 0, 42, true, [], {}, ['hjälp'], { text: 'hjälp' }), hostileShortString, hostileValue),
        entities: field(fc.oneof(
          fc.constantFrom<unknown>(null, 'mention', {}, [null], [{}], [{ type: 'mention' }], [{ type: 'mention', mentioned: null }], [{ type: 'mention', mentioned: { id: '28:samverkan-bot' } }],
            [{ type: 'mention', text: 5, mentioned: { id: '28:samverkan-bot' } }], [{ type: 5 }], [{ type: null }], [{ type: 'mention', mentioned: { id: '28:samverkan-bot' }, text: '<at>Samverkan</at>' }]),
          fc.array(hostileValue, { maxLength: 3 }),
        )),
        value: field(fc.oneof(hostileData, pollutionObjects)),
        attachments: field(fc.oneof(fc.constantFrom<unknown>(null, 'x', [null], [{ contentType: 'application/vnd.microsoft.card.adaptive', content: null }]), fc.array(hostileValue, { maxLength: 2 }))),
        textFormat: field(hostileValue),
        replyToId: field(hostileValue),
        locale: field(hostileValue),
      })
      .chain((c) => whereArb(c.sender).map((where) => ({ ...c, where })));
    total += await fuzz('malformed messages', cases, 300, async ({ sender, where, text, entities, value, attachments, textFormat, replyToId, locale }) => {
      const fields = objectOf([['type', 'message'], ['text', text], ['entities', entities], ['value', value], ['attachments', attachments], ['textFormat', textFormat], ['replyToId', replyToId], ['locale', locale]]);
      const activity = h.activity(sender, where, fields);
      const plain = typeof text === 'string' && (!Array.isArray(entities) || entities.length === 0);
      const mustAnswer = plain && parseCommand(text as string).kind !== 'empty' && !mayWrite(text as string, sender, where);
      if (typeof text === 'string' && mayWrite(text, sender, where)) return; // a valid command: not what this property is about
      await h.run({ label: `malformed message by ${sender.id} in ${where.id}`, activity, expect: mustAnswer ? 'reply' : 'optional' });
    });
    await h.stillAnswers(anna, chatOf(anna));
  }, 120_000);

  it('conversation events and other activity types with hostile fields', async () => {
    const BOT = { id: '28:samverkan-bot', name: 'Samverkan' };
    const member = fc.oneof(fc.constantFrom<unknown>(null, {}, { id: null }, { id: 5 }, { id: '29:x', name: '\u202e' }, { id: '28:samverkan-bot ' }, 'x'), hostileValue);
    const members = fc.array(member, { maxLength: 3 });
    const deleteEvents = ['channelDeleted', 'teamDeleted', 'teamHardDeleted'];
    const cases = fc.oneof(
      // Events about a conversation the bot knows: never a removal of the bot, never a delete.
      fc.record({
        sender: fc.constantFrom(...PEOPLE),
        type: fc.constant('conversationUpdate'),
        membersAdded: fc.option(fc.oneof(members, members.map((m) => [...m, BOT]), hostileValue), { nil: MISSING as unknown }),
        membersRemoved: fc.option(fc.oneof(members, hostileValue.filter((v) => !JSON.stringify(v ?? null).includes('28:samverkan-bot"'))), { nil: MISSING as unknown }),
        eventType: fc.option(fc.oneof(fc.constantFrom('channelCreated', 'channelRenamed', 'teamRenamed', 'teamArchived', 'channelRestored', 'teamMemberAdded'), hostileShortString).filter((e) => !deleteEvents.includes(e)), { nil: MISSING as unknown }),
        known: fc.constant(true),
      }),
      // Deletes and removals for conversations and teams the bot does not know.
      fc.record({
        sender: fc.constantFrom(...EVERYONE),
        type: fc.constantFrom('conversationUpdate', 'installationUpdate'),
        membersAdded: fc.constant<unknown>(MISSING),
        membersRemoved: fc.option(fc.constant<unknown>([BOT]), { nil: MISSING as unknown }),
        eventType: fc.constantFrom<unknown>(...deleteEvents, MISSING),
        known: fc.constant(false),
      }),
      // Other activity types.
      fc.record({
        sender: fc.constantFrom(...EVERYONE),
        type: fc.oneof(
          fc.constantFrom<unknown>('messageReaction', 'messageUpdate', 'messageDelete', 'typing', 'endOfConversation', 'event', 'trace', 'handoff', 'suggestion', 'command', 'Message', 'INVOKE', ''),
          hostileShortString,
          fc.constantFrom<unknown>(MISSING, null, 5, true, {}, [], ['message'], { type: 'message' }),
        ),
        membersAdded: fc.constant<unknown>(MISSING),
        membersRemoved: fc.constant<unknown>(MISSING),
        eventType: fc.option(hostileShortString, { nil: MISSING as unknown }),
        known: fc.constant(true),
      }),
    ).chain((c) => fc.record({ where: c.known ? whereArb(c.sender) : fc.constant<Conversation>({ id: '19:unknown-channel@thread.tacv2', conversationType: 'channel', teamId: '19:unknown-team@thread.tacv2', name: 'Okänd' }), action: fc.oneof(fc.constantFrom<unknown>('remove', 'remove-upgrade', MISSING), hostileShortString.filter((a) => !a.startsWith('add'))) }).map((x) => ({ ...c, ...x })));
    total += await fuzz('conversation events', cases, 200, async ({ sender, type, membersAdded, membersRemoved, eventType, known, where, action }) => {
      const fields = objectOf([['type', type], ['membersAdded', membersAdded], ['membersRemoved', membersRemoved]]);
      // A known conversation gets no install/remove action; an unknown one any (it is not saved or forgotten).
      if (type === 'installationUpdate' || !known) fields.action = known ? 'add' : action;
      const activity = h.activity(sender, where, fields) as { channelData: Record<string, unknown> };
      if (eventType !== MISSING) activity.channelData.eventType = eventType;
      const userStrings = typeof action === 'string' ? [action] : [];
      // Without a type (or with one that is not a string) it is not an activity: 400 at the door is the answer.
      const refusedWith = typeof type === 'string' && type ? undefined : 400;
      const label = `${typeof type === 'string' ? type : type === MISSING ? '(no type)' : typeof type} by ${sender.id} in ${where.id}`;
      const group = refusedWith ? '(not an activity)' : ['conversationUpdate', 'installationUpdate'].includes(type as string) ? (type as string) : '(other activity types)';
      await h.run({ label, group, activity, expect: 'optional', userStrings, refusedWith });
    });
    await h.stillAnswers(anna, chatOf(anna));
  }, 120_000);

  it('a body over the size limit or not JSON is refused at the door, and the bot keeps answering', async () => {
    const big = h.activity(anna, chatOf(anna), { type: 'message', text: 'å'.repeat(200_000) });
    const tooBig = await h.post(big);
    expect(tooBig.status).toBe(413);
    for (const body of ['{"type":"message","text":', '{}', '[]', 'null', '"hjälp"', '{"type":5,"text":"hjälp"}', '{"type":{"__proto__":{"polluted":1}}}', '{"type":""}']) {
      const res = await fetch(`http://127.0.0.1:${bot.running!.port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status, body).toBe(400);
    }
    const probe = {} as Record<string, unknown>;
    expect(probe.polluted).toBeUndefined();
    await h.assertUnchanged();
    await h.stillAnswers(anna, chatOf(anna));
  });

  it('ran thousands of hostile cases', () => {
    // About 4 000 with the default scale; FUZZ_RUNS scales the bar with the runs.
    expect(total).toBeGreaterThanOrEqual(Math.round(3000 * FUZZ_SCALE));
  });
});

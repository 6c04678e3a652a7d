import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPartnership, municipalities, type Partnership } from '../../src/config/partnership.js';
import { authorize } from '../../src/domain/authorization.js';
import {
  checkConsultationForm,
  checkStatement,
  checkTimeRequest,
  closeStanding,
  decideAnswer,
  decideClose,
  decideExtension,
  decideTimeRequest,
  memberStatuses,
  readDocuments,
  remindersDue,
  type ConsultationAnswer,
  type ConsultationRecord,
  type StatementContent,
} from '../../src/domain/consultation.js';
import { ReplayConflict } from '../../src/domain/delivery.js';
import { renderCompilation } from '../../src/features/consultations/compilation.js';
import { texts } from '../../src/features/consultations/texts.js';
import { messages } from '../../src/i18n/index.js';

const TZ = 'Europe/Stockholm';
const file = (name: string) => fileURLToPath(new URL(`../../data/${name}`, import.meta.url));

// Loaded before the tables below are built: they name the files' members.
const jonkoping: Partnership = await loadPartnership(file('partnership.jonkoping.json'));
const forbund: Partnership = await loadPartnership(file('partnership.samordningsforbund.json'));

/** A round of Eksjö, Habo and Region Jönköpings län, answers by Friday 2026-12-11 (end of day in Stockholm). */
function round(fields: Partial<ConsultationRecord> = {}): ConsultationRecord {
  return {
    id: 'R-2026-001',
    subject: 'Avtal om gemensam familjerätt',
    question: 'Tillstyrker nämnden förslaget?',
    documents: [],
    asked: ['eksjo', 'habo', 'region-jonkopings-lan'],
    answerDate: '2026-12-11',
    recipient: 'PKS',
    networkId: 'socialchefsnatverket',
    createdBy: 'anna-lindqvist',
    createdByAad: 'x',
    createdAt: '2026-11-23T09:00:00.000Z',
    extensions: [],
    remindersSent: [],
    ...fields,
  };
}

const chief = { id: 'chief-eksjo', aadObjectId: 'a-eksjo' };
const statement = (position: 'approve' | 'approveWithComments' | 'reject', text = 'Nämnden tillstyrker.'): StatementContent => ({
  kind: 'statement',
  position,
  text,
  decision: { body: 'Socialnämnden', paragraph: '§ 45', dnr: 'SN 2026/12', date: '2026-12-01' },
});
const answer = (memberId: string, at: string, content: StatementContent | { kind: 'moreTime'; until: string }, personId = `chief-${memberId}`): ConsultationAnswer => ({
  consultationId: 'R-2026-001',
  memberId,
  ...content,
  personId,
  aadObjectId: 'x',
  capacity: 'socialChief',
  at,
});

describe('who may answer for which member (the authorization table, over the shipped files)', () => {
  const cases: [string, 'jonkoping' | 'forbund', string, string, string][] = [
    // [what, file, person, member, expected: capacity or ✗ reason]
    ['a social chief for its own municipality', 'jonkoping', 'chief-eksjo', 'eksjo', 'socialChief'],
    ['a social chief for another municipality', 'jonkoping', 'chief-eksjo', 'habo', '✗ otherMember'],
    ['the deputy for its municipality', 'jonkoping', 'deputy-eksjo', 'eksjo', 'deputyChief'],
    ['a network member of the municipality', 'jonkoping', 'aldre-jonkoping', 'jonkoping', '✗ noRole'],
    ['a coordinator, as the member itself', 'jonkoping', 'anna-lindqvist', 'eksjo', '✗ noMember'],
    ['the region’s representative for the region', 'forbund', 'rep-region-jonkopings-lan', 'region-jonkopings-lan', 'representative'],
    ['the region’s representative for Försäkringskassan', 'forbund', 'rep-region-jonkopings-lan', 'forsakringskassan', '✗ otherMember'],
    ['Försäkringskassan’s representative for it', 'forbund', 'rep-forsakringskassan', 'forsakringskassan', 'representative'],
    ['Arbetsförmedlingen’s representative for it', 'forbund', 'rep-arbetsformedlingen', 'arbetsformedlingen', 'representative'],
    ['a municipality’s representative for it', 'forbund', 'rep-eksjo', 'eksjo', 'representative'],
    ['a municipality’s representative for the region', 'forbund', 'rep-eksjo', 'region-jonkopings-lan', '✗ otherMember'],
  ];
  it.each(cases)('%s', (_what, which, personId, memberId, expected) => {
    const p = which === 'jonkoping' ? jonkoping : forbund;
    const person = p.people.find((x) => x.id === personId)!;
    const result = authorize(person, 'answerConsultation', { memberId });
    expect(result.ok ? result.capacity : `✗ ${result.reason}`).toBe(expected);
  });

  it('a coordinator records on a member’s behalf; nobody else does', () => {
    expect(authorize(jonkoping.people.find((x) => x.id === 'anna-lindqvist'), 'answerConsultationOnBehalf')).toEqual({ ok: true, capacity: 'coordinator' });
    for (const id of ['chief-eksjo', 'deputy-eksjo', 'aldre-jonkoping'])
      expect(authorize(jonkoping.people.find((x) => x.id === id), 'answerConsultationOnBehalf').ok).toBe(false);
    expect(authorize(forbund.people.find((x) => x.id === 'rep-region-jonkopings-lan'), 'manageConsultation').ok).toBe(false);
  });
});

describe('member kinds in the shipped files', () => {
  it('the partnership: its 13 members are municipalities, and the fee splits among them', () => {
    expect(jonkoping.members.map((m) => m.kind)).toEqual(Array(13).fill('municipality'));
    expect(municipalities(jonkoping)).toHaveLength(13);
  });

  it('the samordningsförbund: the 13 municipalities, the region and two state agencies; no fee', () => {
    expect(forbund.members.map((m) => [m.name, m.kind])).toEqual([
      ...jonkoping.members.map((m) => [m.name, 'municipality']),
      ['Region Jönköpings län', 'region'],
      ['Försäkringskassan', 'agency'],
      ['Arbetsförmedlingen', 'agency'],
    ]);
    // Fee splits by population stay among the municipalities: the others have no population to weigh.
    expect(municipalities(forbund).map((m) => m.id)).toEqual(jonkoping.members.map((m) => m.id));
    expect(forbund.members.filter((m) => m.kind !== 'municipality').every((m) => m.population === undefined && m.code === undefined)).toBe(true);
    expect(forbund.fee).toBeUndefined();
    expect(forbund.networks.filter((n) => n.kind === 'steeringGroup').map((n) => n.id)).toEqual(['styrgrupp']);
  });

  it('the samordningsförbund: one representative per member, and says what it assumes', () => {
    for (const m of forbund.members) expect(forbund.people.filter((p) => p.member === m.id && p.roles.includes('representative'))).toHaveLength(1);
    expect(forbund.assumptions.some((a) => a.startsWith('people:'))).toBe(true);
    expect(jonkoping.assumptions).toEqual([]);
  });
});

describe('the form that opens a round', () => {
  const context = () => ({ members: forbund.members, networks: forbund.networks, today: '2026-11-23' });
  const form = { subject: 'Förbundsordning', question: 'Tillstyrker ni?', documents: 'Förbundsordning https://x.example.se/fo.pdf', asked: 'municipalities', answerDate: '2026-12-11', recipient: 'PKS', networkId: 'styrgrupp' };

  it.each([
    ['every municipality by default', {}, { asked: jonkoping.members.map((m) => m.id) }],
    ['every member', { asked: 'all' }, { asked: forbund.members.map((m) => m.id) }],
    ['chosen members, in the file’s order', { asked: 'chosen', askedMembers: 'forsakringskassan,region-jonkopings-lan' }, { asked: ['region-jonkopings-lan', 'forsakringskassan'] }],
    ['the answer date today', { answerDate: '2026-11-23' }, { answerDate: '2026-11-23' }],
  ] as const)('takes %s', (_what, change, expected) => {
    const checked = checkConsultationForm({ ...form, ...change }, context());
    expect(checked.ok && checked.draft).toMatchObject(expected);
  });

  it.each([
    ['no subject', { subject: '  ' }, { subject: 'required' }],
    ['a subject too long', { subject: 'x'.repeat(201) }, { subject: 'tooLong' }],
    ['an http document', { documents: 'Avtal http://x.example.se/a.pdf' }, { documents: 'notHttps' }],
    ['a document without a link', { documents: 'Avtalet' }, { documents: 'notHttps' }],
    ['eleven documents', { documents: Array(11).fill('https://x.example.se/a.pdf').join('\n') }, { documents: 'tooMany' }],
    ['chosen, but none', { asked: 'chosen', askedMembers: '' }, { askedMembers: 'noMembers' }],
    ['an unknown member', { asked: 'chosen', askedMembers: 'oslo' }, { askedMembers: 'unknownMember' }],
    ['a past date', { answerDate: '2026-11-22' }, { answerDate: 'pastDate' }],
    ['a date that is not one', { answerDate: '2026-02-30' }, { answerDate: 'invalidDate' }],
    ['a date past two years', { answerDate: '2028-11-24' }, { answerDate: 'tooFarAhead' }],
    ['an unknown network', { networkId: 'pks' }, { networkId: 'unknownNetwork' }],
  ] as const)('refuses %s', (_what, change, errors) => {
    expect(checkConsultationForm({ ...form, ...change }, context())).toEqual({ ok: false, errors });
  });

  it('reads documents as "Title link" lines, or the link alone', () => {
    expect(readDocuments('Förslag till avtal https://x.example.se/avtal.pdf\n\nhttps://x.example.se/bilagor/bilaga%201.pdf')).toEqual({
      documents: [
        { title: 'Förslag till avtal', url: 'https://x.example.se/avtal.pdf' },
        { title: 'bilaga 1.pdf', url: 'https://x.example.se/bilagor/bilaga%201.pdf' },
      ],
    });
  });
});

describe('a statement, as the answer form sends it', () => {
  const full = { position: 'approve', text: 'Nämnden tillstyrker.', decidedBy: 'Socialnämnden', paragraph: '§ 45', dnr: 'SN 2026/12', decisionDate: '2026-12-01', documentUrl: 'https://x.example.se/yttrande.pdf' };
  it.each([
    ['a full statement', full, { kind: 'statement', position: 'approve', text: 'Nämnden tillstyrker.', documentUrl: 'https://x.example.se/yttrande.pdf', decision: { body: 'Socialnämnden', paragraph: '§ 45', dnr: 'SN 2026/12', date: '2026-12-01' } }],
    ['without §, dnr and link', { ...full, paragraph: '', dnr: ' ', documentUrl: '' }, { kind: 'statement', position: 'approve', text: 'Nämnden tillstyrker.', decision: { body: 'Socialnämnden', date: '2026-12-01' } }],
    ['an abstention alone', { position: 'abstain' }, { kind: 'abstain' }],
    ['an abstention with a reason and its decision', { position: 'abstain', text: 'Berörs inte.', decidedBy: 'Socialnämnden', decisionDate: '2026-12-01' }, { kind: 'abstain', text: 'Berörs inte.', decision: { body: 'Socialnämnden', date: '2026-12-01' } }],
    ['a text of exactly the limit', { ...full, text: 'å'.repeat(10_000) }, { text: 'å'.repeat(10_000) }],
  ] as const)('takes %s', (_what, values, content) => {
    const checked = checkStatement(values, '2026-12-02');
    expect(checked.ok && checked.content).toMatchObject(content);
  });

  it.each([
    ['no position', { ...full, position: '' }, ['positionRequired']],
    ['an unknown position', { ...full, position: 'maybe' }, ['positionRequired']],
    ['no text', { ...full, text: ' \u200b ' }, ['textRequired']],
    ['a text over the limit', { ...full, text: 'x'.repeat(10_001) }, ['textTooLong']],
    ['an http link', { ...full, documentUrl: 'http://x.example.se/y.pdf' }, ['notHttps']],
    ['a javascript link', { ...full, documentUrl: 'javascript:alert(1)' }, ['notHttps']],
    ['no deciding body', { ...full, decidedBy: '' }, ['decidedByRequired']],
    ['a § too long', { ...full, paragraph: '§'.repeat(61) }, ['referenceTooLong']],
    ['no decision date', { ...full, decisionDate: '' }, ['dateRequired']],
    ['a date that is not one', { ...full, decisionDate: '2026-13-01' }, ['invalidDate']],
    ['a decision date after today', { ...full, decisionDate: '2026-12-03' }, ['futureDate']],
    ['an abstention with a reference but no body', { position: 'abstain', dnr: 'SN 1' }, ['decidedByRequired', 'dateRequired']],
  ] as const)('refuses %s', (_what, values, problems) => {
    expect(checkStatement(values, '2026-12-02')).toEqual({ ok: false, problems });
  });

  it.each([
    [{ until: '2026-12-18', reason: 'Nämnden sammanträder 17/12' }, { ok: true, until: '2026-12-18', reason: 'Nämnden sammanträder 17/12' }],
    [{ until: '' }, { ok: false, problem: 'dateRequired' }],
    [{ until: '2026-12-02' }, { ok: false, problem: 'pastDate' }],
    [{ until: '18/12' }, { ok: false, problem: 'invalidDate' }],
    [{ until: '2029-01-01' }, { ok: false, problem: 'tooFarAhead' }],
  ])('a request for more time %j', (values, expected) => {
    expect(checkTimeRequest(values, '2026-12-02')).toEqual(expected);
  });
});

describe('answering, changing, asking for time, extending and closing', () => {
  const by = { person: chief, capacity: 'socialChief' as const };
  const decide = (r: ConsultationRecord, answers: ConsultationAnswer[], at: string, content: StatementContent = statement('approve'), memberId = 'eksjo', activityId?: string) =>
    decideAnswer({ round: r, answers, memberId, content, by, press: activityId ? { activityId, earlier: undefined } : {}, now: new Date(at), timeZone: TZ });
  const first = answer('eksjo', '2026-12-01T10:00:00.000Z', statement('approve'));

  it.each([
    ['a first answer', [], '2026-12-01T10:00:00Z', statement('approve'), 'recorded'],
    ['the same answer again', [first], '2026-12-02T10:00:00Z', statement('approve'), 'unchanged'],
    ['a change before the answer date', [first], '2026-12-11T22:59:00Z', statement('reject', 'Nämnden avstyrker.'), 'recorded'],
    ['a change once the answer date has ended (midnight in Stockholm)', [first], '2026-12-11T23:00:00Z', statement('reject', 'Nämnden avstyrker.'), 'afterDate'],
    ['a first answer after the answer date (late, while open)', [], '2026-12-14T10:00:00Z', statement('approve'), 'recorded'],
    ['an abstention replacing a statement before the date', [first], '2026-12-05T10:00:00Z', { kind: 'abstain' } as StatementContent, 'recorded'],
  ] as const)('%s: %s', (_what, answers, at, content, expected) => {
    const decided = decide(round(), [...answers], at, content);
    expect(decided.kind === 'recorded' ? 'recorded' : decided.kind === 'refused' ? decided.reason : 'conflict').toBe(expected);
  });

  it('a change after the round date is taken until the member’s extended date', () => {
    const extended = round({ extensions: [{ memberId: 'eksjo', until: '2026-12-18', personId: 'anna-lindqvist', at: '2026-12-10T10:00:00.000Z' }] });
    expect(decide(extended, [first], '2026-12-16T10:00:00Z', statement('reject', 'Nej.')).kind).toBe('recorded');
    expect(decide(extended, [first], '2026-12-18T23:00:00Z', statement('reject', 'Nej.'))).toEqual({ kind: 'refused', reason: 'afterDate' });
  });

  it('refuses a closed round, a member not asked, and counts a re-delivered press once', () => {
    const closed = round({ closed: { at: '2026-12-12T09:00:00.000Z', personId: 'anna-lindqvist' } });
    expect(decide(closed, [], '2026-12-12T10:00:00Z')).toEqual({ kind: 'refused', reason: 'closed' });
    expect(decide(round(), [], '2026-12-01T10:00:00Z', statement('approve'), 'gnosjo')).toEqual({ kind: 'refused', reason: 'notAsked' });
    const recorded = decide(round(), [], '2026-12-01T10:00:00Z', statement('approve'), 'eksjo', 'act-1');
    expect(recorded.kind).toBe('recorded');
    const record = (recorded as { record: ConsultationAnswer }).record;
    const again = decideAnswer({ round: round(), answers: [record], memberId: 'eksjo', content: statement('approve'), by, press: { activityId: 'act-1', earlier: { verb: 'consultation.statement', target: 'R-2026-001', person: 'chief-eksjo', choice: { member: 'eksjo', position: 'approve', text: 'Nämnden tillstyrker.', body: 'Socialnämnden', paragraph: '§ 45', dnr: 'SN 2026/12', date: '2026-12-01' } } }, now: new Date('2026-12-01T10:00:20Z'), timeZone: TZ });
    expect(again).toEqual({ kind: 'refused', reason: 'duplicate' });
    const forged = decideAnswer({ round: round(), answers: [record], memberId: 'eksjo', content: statement('reject', 'Nej'), by, press: { activityId: 'act-1', earlier: { verb: 'consultation.statement', target: 'R-2026-001', person: 'chief-eksjo', choice: { member: 'eksjo', position: 'approve' } } }, now: new Date('2026-12-01T10:00:20Z'), timeZone: TZ });
    expect(forged.kind === 'conflict' && forged.conflict).toBeInstanceOf(ReplayConflict);
  });

  it.each([
    ['a member without an answer asks', [], '2026-12-18', 'recorded'],
    ['the same request again', [answer('habo', '2026-12-01T10:00:00.000Z', { kind: 'moreTime', until: '2026-12-18' })], '2026-12-18', 'unchanged'],
    ['a date not after the answer date', [], '2026-12-11', 'notLater'],
    ['a member that has answered', [answer('habo', '2026-12-01T10:00:00.000Z', statement('approve'))], '2026-12-18', 'alreadyAnswered'],
  ] as const)('asking for more time: %s', (_what, answers, until, expected) => {
    const decided = decideTimeRequest({ round: round(), answers: [...answers], memberId: 'habo', until, by: { person: { id: 'chief-habo', aadObjectId: 'x' }, capacity: 'socialChief' }, press: {}, now: new Date('2026-12-02T10:00:00Z') });
    expect(decided.kind === 'recorded' ? 'recorded' : decided.kind === 'refused' ? decided.reason : 'conflict').toBe(expected);
  });

  it.each([
    ['to a later date', round(), [], '2026-12-18', 'recorded'],
    ['to the answer date itself', round(), [], '2026-12-11', 'notLater'],
    ['to a date before an earlier extension', round({ extensions: [{ memberId: 'habo', until: '2026-12-18', personId: 'a', at: '2026-12-01T10:00:00.000Z' }] }), [], '2026-12-16', 'notLater'],
    ['a member that has answered', round(), [answer('habo', '2026-12-01T10:00:00.000Z', statement('approve'))], '2026-12-18', 'alreadyAnswered'],
    ['in a closed round', round({ closed: { at: '2026-12-12T09:00:00.000Z', personId: 'a' } }), [], '2026-12-18', 'closed'],
  ] as const)('granting more time %s', (_what, r, answers, until, expected) => {
    const decided = decideExtension({ round: r, answers: [...answers], memberId: 'habo', until, personId: 'anna-lindqvist', press: {}, now: new Date('2026-12-02T10:00:00Z') });
    expect(decided.kind === 'recorded' ? 'recorded' : decided.kind === 'refused' ? decided.reason : 'conflict').toBe(expected);
  });

  const all = ['eksjo', 'habo', 'region-jonkopings-lan'].map((id) => answer(id, '2026-12-01T10:00:00.000Z', statement('approve')));
  const extendedHabo = round({ extensions: [{ memberId: 'habo', until: '2026-12-18', personId: 'a', at: '2026-12-01T10:00:00.000Z' }] });
  it.each([
    ['before the date, members still in time', round(), all.slice(0, 1), '2026-12-10T10:00:00Z', ['habo', 'region-jonkopings-lan']],
    ['before the date, everyone answered', round(), all, '2026-12-10T10:00:00Z', []],
    ['after the date, some never answered', round(), all.slice(0, 1), '2026-12-12T10:00:00Z', []],
    ['after the date, one member extended', extendedHabo, all.slice(0, 1), '2026-12-12T10:00:00Z', ['habo']],
    ['after the extended date', extendedHabo, all.slice(0, 1), '2026-12-19T10:00:00Z', []],
  ] as const)('closing %s', (_what, r, answers, at, inTime) => {
    expect(closeStanding(r, [...answers], new Date(at), TZ)).toEqual({ mayClose: inTime.length === 0, inTime });
    const decided = decideClose({ round: r, answers: [...answers], personId: 'anna-lindqvist', press: {}, now: new Date(at), timeZone: TZ });
    expect(decided.kind === 'recorded' ? 'recorded' : decided.kind === 'refused' && decided.reason).toBe(inTime.length ? 'notYet' : 'recorded');
  });

  it('a closed round is not closed again', () => {
    const closed = round({ closed: { at: '2026-12-12T09:00:00.000Z', personId: 'a' } });
    expect(decideClose({ round: closed, answers: all, personId: 'anna-lindqvist', press: {}, now: new Date('2026-12-13T10:00:00Z'), timeZone: TZ })).toEqual({ kind: 'refused', reason: 'closed' });
  });
});

describe('where each member stands', () => {
  it('answered, abstained, extended, asked for time, waiting, and late; not answered once closed', () => {
    const r = round({
      asked: ['aneby', 'eksjo', 'gnosjo', 'habo', 'mullsjo', 'tranas'],
      extensions: [{ memberId: 'gnosjo', until: '2026-12-18', personId: 'anna-lindqvist', at: '2026-12-03T10:00:00.000Z' }],
    });
    const answers = [
      answer('eksjo', '2026-12-01T10:00:00.000Z', statement('approve')),
      answer('eksjo', '2026-12-02T10:00:00.000Z', statement('approveWithComments', 'Med synpunkter.')),
      answer('mullsjo', '2026-12-01T10:00:00.000Z', { kind: 'abstain' }),
      answer('gnosjo', '2026-12-01T10:00:00.000Z', { kind: 'moreTime', until: '2026-12-18' }),
      answer('habo', '2026-12-01T10:00:00.000Z', { kind: 'moreTime', until: '2026-12-16' }),
      answer('tranas', '2026-12-14T10:00:00.000Z', statement('reject', 'Nej.')),
    ];
    const view = (rr: ConsultationRecord) => memberStatuses(rr, answers, TZ).map((s) => [s.memberId, s.state, s.deadline, s.late, s.replaced.length, s.answer?.position ?? s.request?.until ?? '']);
    expect(view(r)).toEqual([
      ['aneby', 'waiting', '2026-12-11', false, 0, ''],
      ['eksjo', 'answered', '2026-12-11', false, 1, 'approveWithComments'],
      ['gnosjo', 'extended', '2026-12-18', false, 0, '2026-12-18'],
      ['habo', 'askedForTime', '2026-12-11', false, 0, '2026-12-16'],
      ['mullsjo', 'abstained', '2026-12-11', false, 0, ''],
      ['tranas', 'answered', '2026-12-11', true, 0, 'reject'],
    ]);
    expect(view({ ...r, closed: { at: '2026-12-19T10:00:00.000Z', personId: 'a' } }).map((row) => row[1])).toEqual(['notAnswered', 'answered', 'notAnswered', 'notAnswered', 'abstained', 'answered']);
  });
});

describe('reminders before an answer date', () => {
  const rule = { workingDaysBefore: [3, 1], time: '09:00' };
  // Friday 2026-12-11: steps on Tuesday 8 and Thursday 10 December at 09:00 (08:00Z).
  it.each([
    ['before the first step', '2026-12-08T07:59:00Z', round(), []],
    ['at the first step', '2026-12-08T08:00:00Z', round(), [{ date: '2026-12-11', steps: [3], members: ['eksjo', 'habo', 'region-jonkopings-lan'] }]],
    ['the first step sent', '2026-12-09T08:00:00Z', round({ remindersSent: [{ date: '2026-12-11', step: 3, at: '2026-12-08T08:00:00.000Z' }] }), []],
    ['after downtime over both steps: once', '2026-12-10T12:00:00Z', round(), [{ date: '2026-12-11', steps: [3, 1], members: ['eksjo', 'habo', 'region-jonkopings-lan'] }]],
    ['after the date has ended', '2026-12-14T08:00:00Z', round({ remindersSent: [{ date: '2026-12-11', step: 3, at: 'x' }, { date: '2026-12-11', step: 1, at: 'x' }] }), []],
    [
      'an extended member before its own date (Friday 18: Tuesday 15 and Thursday 17)',
      '2026-12-15T08:00:00Z',
      round({
        extensions: [{ memberId: 'habo', until: '2026-12-18', personId: 'a', at: '2026-12-01T10:00:00.000Z' }],
        remindersSent: [{ date: '2026-12-11', step: 3, at: 'x' }, { date: '2026-12-11', step: 1, at: 'x' }],
      }),
      [{ date: '2026-12-18', steps: [3], members: ['habo'] }],
    ],
    ['a closed round', '2026-12-08T08:00:00Z', round({ closed: { at: '2026-12-07T08:00:00.000Z', personId: 'a' } }), []],
  ] as const)('%s', (_what, at, r, expected) => {
    expect(remindersDue(r, [], rule, new Date(at), TZ)).toEqual(expected);
  });

  it('those who answered are not reminded; a step before the round was opened is none', () => {
    const answers = [answer('eksjo', '2026-12-01T10:00:00.000Z', statement('approve')), answer('habo', '2026-12-01T10:00:00.000Z', { kind: 'abstain' })];
    expect(remindersDue(round(), answers, rule, new Date('2026-12-08T08:00:00Z'), TZ)).toEqual([{ date: '2026-12-11', steps: [3], members: ['region-jonkopings-lan'] }]);
    expect(remindersDue(round({ createdAt: '2026-12-09T10:00:00.000Z' }), [], rule, new Date('2026-12-10T08:00:00Z'), TZ)).toEqual([{ date: '2026-12-11', steps: [1], members: ['eksjo', 'habo', 'region-jonkopings-lan'] }]);
  });
});

describe('the compilation', () => {
  const t = texts(messages('sv'));
  function compile(r: ConsultationRecord, answers: ConsultationAnswer[]) {
    return renderCompilation({
      round: r,
      answers,
      statuses: memberStatuses(r, answers, TZ),
      members: forbund.members,
      people: [
        ...forbund.people,
        { id: 'chief-eksjo', aadObjectId: '00000000-0000-0000-0000-000000000102', name: 'Lars Holm', member: 'eksjo', roles: ['socialChief'], networks: [] },
      ],
      t,
      lang: 'sv',
      timeZone: TZ,
      generatedAt: new Date('2026-12-19T10:00:00Z'),
    });
  }
  const r = round({
    documents: [{ title: 'Förslag till avtal', url: 'https://x.example.se/avtal.pdf' }],
    question: 'Tillstyrker nämnden förslaget?\n\n# Inte en rubrik',
    extensions: [{ memberId: 'region-jonkopings-lan', until: '2026-12-18', personId: 'anna-lindqvist', at: '2026-12-10T09:00:00.000Z' }],
    closed: { at: '2026-12-19T09:00:00.000Z', personId: 'anna-lindqvist' },
  });
  const answers: ConsultationAnswer[] = [
    answer('eksjo', '2026-12-01T10:00:00.000Z', statement('approve')),
    { ...answer('eksjo', '2026-12-03T10:00:00.000Z', { ...statement('approveWithComments', 'Nämnden tillstyrker.\nMed synpunkten att <b>tolkar</b> behövs.'), documentUrl: 'https://x.example.se/yttrande%20eksjo.pdf' }) },
    { ...answer('region-jonkopings-lan', '2026-12-09T10:00:00.000Z', { kind: 'moreTime', until: '2026-12-18' }, 'rep-region-jonkopings-lan'), capacity: 'representative' },
    { ...answer('region-jonkopings-lan', '2026-12-17T10:00:00.000Z', { kind: 'statement', position: 'reject', text: 'Regionen avstyrker.', decision: { body: 'Regionstyrelsen', paragraph: '12', date: '2026-12-16' } }, 'rep-region-jonkopings-lan'), capacity: 'representative' },
  ];

  it('in Markdown: every position, the full text, the decision references, who did not answer, and the history', () => {
    expect(compile(r, answers).markdown.split('\n')).toEqual([
      '# Sammanställning av remissvar — R-2026-001',
      '',
      '- **Ärende:** Avtal om gemensam familjerätt',
      '- **Remiss:** R-2026-001',
      '- **Öppnad av:** Anna Lindqvist, 2026-11-23 10:00',
      '- **Svar senast:** 2026-12-11',
      '- **Till:** PKS',
      '- **Tillfrågade:** 3 (2 kommuner, 1 region)',
      '- **Stängd:** 2026-12-19 10:00 av Anna Lindqvist',
      '- **Svar:** 2 av 3 har svarat (Tillstyrker med synpunkter 1, Avstyrker 1)',
      '',
      '## Vad remissen gäller',
      '',
      '> Tillstyrker nämnden förslaget?',
      '>',
      '> \\# Inte en rubrik',
      '',
      '## Handlingar',
      '',
      '- [Förslag till avtal](https://x.example.se/avtal.pdf)',
      '',
      '## Sammanfattning',
      '',
      '| Medlem | Typ | Ställningstagande | Beslutande organ | § | Dnr | Beslutsdatum | Inkom |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      '| Eksjö | kommun | Tillstyrker med synpunkter | Socialnämnden | § 45 | SN 2026/12 | 2026-12-01 | 2026-12-03 11:00 |',
      '| Habo | kommun | Svarade inte |  |  |  |  |  |',
      '| Region Jönköpings län | region | Avstyrker | Regionstyrelsen | 12 |  | 2026-12-16 | 2026-12-17 11:00 |',
      '',
      '## Yttranden',
      '',
      '### Eksjö (kommun)',
      '',
      '- **Ställningstagande:** Tillstyrker med synpunkter',
      '- **Beslut:** Socialnämnden, § 45, dnr SN 2026/12, 2026-12-01',
      '- **Undertecknat yttrande:** [https://x.example.se/yttrande%20eksjo.pdf](https://x.example.se/yttrande%20eksjo.pdf)',
      '- **Registrerat av:** Lars Holm (socialchef), 2026-12-03 11:00',
      '',
      '> Nämnden tillstyrker.',
      '> Med synpunkten att \\<b\\>tolkar\\</b\\> behövs.',
      '',
      '### Region Jönköpings län (region)',
      '',
      '- **Ställningstagande:** Avstyrker',
      '- **Beslut:** Regionstyrelsen, § 12, 2026-12-16',
      '- **Registrerat av:** Ingela Bäck (företrädare), 2026-12-17 11:00',
      '- **Anstånd till:** 2026-12-18',
      '',
      '> Regionen avstyrker.',
      '',
      '## Svarade inte',
      '',
      '- Habo (kommun)',
      '',
      '## Ändringar och anstånd',
      '',
      '| Tid | Medlem | Händelse | Av |',
      '| --- | --- | --- | --- |',
      '| 2026-12-03 11:00 | Eksjö | Svar ersatt (tidigare: Tillstyrker, 2026-12-01 11:00) | Lars Holm (socialchef) |',
      '| 2026-12-09 11:00 | Region Jönköpings län | Begärde anstånd till 2026-12-18 | Ingela Bäck (företrädare) |',
      '| 2026-12-10 10:00 | Region Jönköpings län | Anstånd beviljat till 2026-12-18 | Anna Lindqvist |',
      '',
      '---',
      '',
      'Tider i Europe/Stockholm. Sammanställd 2026-12-19 11:00 av Samverkan.',
      '',
    ]);
  });

  it('as a printable page: Swedish, headings, tables with header cells, and what people wrote as text', () => {
    const { html, filename } = compile(r, answers);
    expect(filename).toBe('remissvar-R-2026-001');
    expect(html.startsWith('<!doctype html>\n<html lang="sv">')).toBe(true);
    expect(html).toContain('<h1>Sammanställning av remissvar — R-2026-001</h1>');
    expect(html.match(/<h2>[^<]+<\/h2>/g)).toEqual(['<h2>Vad remissen gäller</h2>', '<h2>Handlingar</h2>', '<h2>Sammanfattning</h2>', '<h2>Yttranden</h2>', '<h2>Svarade inte</h2>', '<h2>Ändringar och anstånd</h2>']);
    expect(html).toContain('<thead><tr><th scope="col">Medlem</th><th scope="col">Typ</th><th scope="col">Ställningstagande</th>');
    expect(html).toContain('<tr><th scope="row">Habo</th><td>kommun</td><td>Svarade inte</td>');
    expect(html).toContain('<h3>Region Jönköpings län (region)</h3>');
    expect(html).toContain('<blockquote>\n<p>Nämnden tillstyrker.<br>Med synpunkten att &lt;b&gt;tolkar&lt;/b&gt; behövs.</p>\n</blockquote>');
    expect(html).toContain('<a href="https://x.example.se/yttrande%20eksjo.pdf">');
    expect(html).not.toContain('<b>');
    expect(html).not.toMatch(/<script|\son\w+=/i);
  });

  it('an answer on a member’s behalf says so; an open round says the compilation is preliminary', () => {
    const open = round();
    const onBehalf = [{ ...answer('habo', '2026-12-01T10:00:00.000Z', statement('approve')), personId: 'anna-lindqvist', capacity: 'coordinator' as const }];
    const md = compile(open, onBehalf).markdown;
    expect(md).toContain('- **Registrerat av:** Anna Lindqvist (samordnare, för medlemmens räkning), 2026-12-01 11:00');
    expect(md).toContain('- **Stängd:** Ännu öppen: sammanställningen är preliminär');
    expect(md).toContain('| Eksjö | kommun | Ej svarat |');
  });
});

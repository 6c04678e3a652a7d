import { describe, expect, it } from 'vitest';
import type { Person } from '../../src/config/partnership.js';
import { NoticeSettingsSchema } from '../../src/config/notices.js';
import {
  deadlineReminderDue,
  mentionOf,
  noticeRecipients,
  pathFor,
  wanted,
  type NoticeEvent,
  type NoticeKind,
  type Recipient,
} from '../../src/domain/notices.js';
import { memoryRepository } from '../../src/store/snapshot-repository.js';
import type { OutboxPost } from '../../src/store/schema.js';

/**
 * Who is told of what. The expected recipients are written out by hand (not computed by the code
 * under test): change the table in src/domain/notices.ts and this must change with it.
 *
 * The scenario: project P-2026-001 of the Äldreomsorg network, contact person Jönköping's Äldreomsorg
 * member; Eksjö has a chief, a deputy and members of Äldreomsorg and IFO; Habo a chief, an Äldreomsorg
 * member and staff without a role; a coordinator at the host.
 */
const person = (id: string, member: string | undefined, roles: Person['roles'], networks: string[]): Person => ({
  id,
  aadObjectId: `aad-${id}`,
  name: id,
  ...(member ? { member } : {}),
  roles,
  networks,
});

const PEOPLE: Person[] = [
  person('anna', undefined, ['coordinator'], []),
  person('chief-eksjo', 'eksjo', ['socialChief'], ['socialchefsnatverket']),
  person('deputy-eksjo', 'eksjo', ['deputyChief'], []),
  person('aldre-eksjo', 'eksjo', [], ['aldreomsorg']),
  person('ifo-eksjo', 'eksjo', [], ['ifo']),
  person('chief-habo', 'habo', ['socialChief'], ['socialchefsnatverket']),
  person('aldre-habo', 'habo', [], ['aldreomsorg']),
  person('staff-habo', 'habo', [], []),
  person('chief-jkpg', 'jonkoping', ['socialChief'], ['socialchefsnatverket']),
  person('aldre-jkpg', 'jonkoping', [], ['aldreomsorg']),
];
const P = { people: PEOPLE };
const PROJECT = { id: 'P-2026-001', networkId: 'aldreomsorg', contactPersonId: 'aldre-jkpg' };

/** "person@member", or the person alone when told for no municipality (a contact person). */
const shown = (rs: Recipient[]) => rs.map((r) => (r.memberId ? `${r.personId}@${r.memberId}` : r.personId));

describe('who is told of what (event → recipients)', () => {
  const table: [string, NoticeEvent, string[]][] = [
    [
      'a new proposal: those who may answer for each municipality (chief, deputy, member of the owning network)',
      { kind: 'newProposal', id: 'e', actorId: 'anna', project: PROJECT, members: ['eksjo', 'habo', 'jonkoping'] },
      ['chief-eksjo@eksjo', 'deputy-eksjo@eksjo', 'aldre-eksjo@eksjo', 'chief-habo@habo', 'aldre-habo@habo', 'chief-jkpg@jonkoping', 'aldre-jkpg@jonkoping'],
    ],
    [
      'a new proposal made by one of them: not told of their own',
      { kind: 'newProposal', id: 'e', actorId: 'aldre-habo', project: PROJECT, members: ['eksjo', 'habo'] },
      ['chief-eksjo@eksjo', 'deputy-eksjo@eksjo', 'aldre-eksjo@eksjo', 'chief-habo@habo'],
    ],
    [
      'the answer deadline near: only the municipalities that have not answered',
      { kind: 'answerDeadlineSoon', id: 'e', project: PROJECT, waiting: ['habo'] },
      ['chief-habo@habo', 'aldre-habo@habo'],
    ],
    [
      'a gate submitted: the owning group’s members from participating municipalities, not the submitter',
      { kind: 'gateSubmitted', id: 'e', actorId: 'aldre-jkpg', project: PROJECT, participants: ['eksjo', 'jonkoping'] },
      ['aldre-eksjo'],
    ],
    [
      'a gate decided: the contact person and the participants’ representatives, not the decider',
      { kind: 'gateDecided', id: 'e', actorId: 'aldre-eksjo', project: PROJECT, participants: ['eksjo', 'jonkoping'] },
      ['aldre-jkpg', 'chief-eksjo@eksjo', 'deputy-eksjo@eksjo', 'chief-jkpg@jonkoping'],
    ],
    [
      'a project cancelled by a coordinator',
      { kind: 'projectCancelled', id: 'e', actorId: 'anna', project: PROJECT, participants: ['eksjo'] },
      ['aldre-jkpg', 'chief-eksjo@eksjo', 'deputy-eksjo@eksjo', 'aldre-eksjo@eksjo'],
    ],
    [
      'a municipality leaving: the others and the one that left',
      { kind: 'memberLeft', id: 'e', actorId: 'chief-habo', project: PROJECT, participants: ['eksjo'], memberId: 'habo' },
      ['aldre-jkpg', 'chief-eksjo@eksjo', 'deputy-eksjo@eksjo', 'aldre-eksjo@eksjo', 'aldre-habo@habo'],
    ],
    [
      'a municipality joining (already among the participants)',
      { kind: 'memberJoined', id: 'e', actorId: 'anna', project: PROJECT, participants: ['habo', 'jonkoping'], memberId: 'habo' },
      ['aldre-jkpg', 'chief-jkpg@jonkoping', 'chief-habo@habo', 'aldre-habo@habo'],
    ],
    [
      'a report sent to the municipalities: their chiefs and deputies receive it',
      { kind: 'reportDone', id: 'e', actorId: 'anna', receivers: ['eksjo', 'habo'] },
      ['chief-eksjo@eksjo', 'deputy-eksjo@eksjo', 'chief-habo@habo'],
    ],
  ];
  it.each(table)('%s', (_name, event, expected) => {
    expect(shown(noticeRecipients(P, event))).toEqual(expected);
  });

  it('names each person once, and never the coordinator who is no one’s representative', () => {
    const all = noticeRecipients(P, { kind: 'gateDecided', id: 'e', project: { ...PROJECT, contactPersonId: 'chief-eksjo' }, participants: ['eksjo', 'habo', 'jonkoping'] });
    const ids = all.map((r) => r.personId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain('anna');
    expect(ids).not.toContain('staff-habo');
    expect(ids).not.toContain('ifo-eksjo');
  });
});

describe('turned off kinds', () => {
  const recipients: Recipient[] = [{ personId: 'chief-eksjo', memberId: 'eksjo' }, { personId: 'chief-habo', memberId: 'habo' }, { personId: 'aldre-jkpg' }];
  const off: Record<string, NoticeKind[]> = { 'chief-eksjo': ['newProposal'], 'chief-habo': ['gateDecided', 'reportDone'] };
  it.each([
    ['newProposal', ['chief-habo', 'aldre-jkpg']],
    ['gateDecided', ['chief-eksjo', 'aldre-jkpg']],
    ['answerDeadlineSoon', ['chief-eksjo', 'chief-habo', 'aldre-jkpg']],
  ] as const)('%s goes to those who have not turned it off', (kind, expected) => {
    expect(wanted(recipients, kind, (id) => off[id] ?? []).map((r) => r.personId)).toEqual(expected);
  });
});

describe('the path that reaches a person', () => {
  const TENANT = '00000000-0000-0000-0000-000000000001';
  it.each([
    ['no personal chat', undefined, [TENANT], 'mention'],
    ['a personal chat in a tenant served', { tenantId: TENANT.toUpperCase() }, [TENANT], 'personal'],
    ['a personal chat in another tenant', { tenantId: '99999999-0000-0000-0000-000000000001' }, [TENANT], 'mention'],
    ['a personal chat with no tenant said, tenants listed', {}, [TENANT], 'mention'],
    ['a personal chat, any tenant served (local mode)', {}, [], 'personal'],
  ] as const)('%s: %s', (_name, chat, tenants, expected) => {
    expect(pathFor(chat, tenants)).toBe(expected);
  });
});

describe('a Teams mention', () => {
  it('has the same text in the message and in the entity, and the person’s AAD object id', () => {
    const karin = { name: 'Karin Ek', aadObjectId: '00000000-0000-0000-0000-000000000101' };
    const m = mentionOf(karin);
    expect(m.text).toBe('<at>Karin Ek</at>');
    expect(m.entity).toEqual({ type: 'mention', text: '<at>Karin Ek</at>', mentioned: { id: '00000000-0000-0000-0000-000000000101', name: 'Karin Ek' } });
  });

  it('keeps a name from ending the tag early, and text and entity still agree', () => {
    const m = mentionOf({ name: 'Per </at><b>x</b>', aadObjectId: 'aad-1' });
    expect(m.text).toBe('<at>Per /atbx/b</at>');
    expect(m.entity.text).toBe(m.text);
    expect(m.text.match(/<at>/g)).toHaveLength(1);
    expect(m.text.match(/<\/at>/g)).toHaveLength(1);
    expect(mentionOf({ name: '<>', aadObjectId: 'aad-2' }).text).toBe('<at>aad-2</at>');
  });
});

describe('when the reminder before the answer deadline is due', () => {
  const due = new Date('2026-12-11T08:00:00Z');
  it.each([
    ['before its time', '2026-12-01T09:00:00Z', '2026-12-11T07:59:00Z', true, false],
    ['at its time', '2026-12-01T09:00:00Z', '2026-12-11T08:00:00Z', true, true],
    ['later the same day and after (until answers close)', '2026-12-01T09:00:00Z', '2026-12-14T15:00:00Z', true, true],
    ['once answers closed', '2026-12-01T09:00:00Z', '2026-12-16T08:00:00Z', false, false],
    ['a proposal made after its time: nobody needs it', '2026-12-11T09:00:00Z', '2026-12-14T09:00:00Z', true, false],
  ] as const)('%s', (_name, createdAt, now, open, expected) => {
    expect(deadlineReminderDue({ due, createdAt: new Date(createdAt), now: new Date(now), open })).toBe(expected);
  });

  it('defaults to 2 working days at 09:00, an assumption until confirmed with a source', () => {
    expect(NoticeSettingsSchema.parse(undefined)).toEqual({ answerDeadlineSoon: { workingDaysBefore: 2, time: '09:00', confirmed: false } });
    expect(NoticeSettingsSchema.safeParse({ answerDeadlineSoon: { workingDaysBefore: 3, confirmed: true } }).success).toBe(false);
    expect(NoticeSettingsSchema.parse({ answerDeadlineSoon: { workingDaysBefore: 3, confirmed: true, source: 'Socialchefsnätverket 2027-01-14 § 3' } }).answerDeadlineSoon).toMatchObject({
      workingDaysBefore: 3,
      time: '09:00',
      confirmed: true,
    });
  });
});

describe('the ledger of notices in the store: each (event, person) once', () => {
  const NOW = new Date('2026-11-23T09:00:00Z');
  const personal = (personId: string): OutboxPost => ({ kind: 'notice', eventId: 'newProposal:P-2026-001', notice: 'newProposal', personId, proposalId: 'P-2026-001', text: 'x' });

  it('takes a personal notice once, also after it was posted and left the outbox', async () => {
    const repo = memoryRepository();
    const [first] = await repo.enqueue([{ conversationId: 'a:karin', post: personal('chief-aneby') }], NOW);
    expect(first).toBeDefined();
    expect(await repo.enqueue([{ conversationId: 'a:karin', post: personal('chief-aneby') }], NOW)).toEqual([]);
    await repo.recordPosted(first!, { activityId: 'm1', now: NOW });
    expect(repo.outbox()).toEqual([]);
    expect(await repo.enqueue([{ conversationId: 'a:karin', post: personal('chief-aneby') }], NOW)).toEqual([]);
    expect(repo.noticeSent('newProposal:P-2026-001', 'chief-aneby')).toBe(true);
    expect(repo.noticeSent('newProposal:P-2026-002', 'chief-aneby')).toBe(false);
  });

  it('a mention post keeps only the people not yet told; none left: no post', async () => {
    const repo = memoryRepository();
    await repo.enqueue([{ conversationId: 'a:karin', post: personal('chief-aneby') }], NOW);
    const mention = (mentions: string[]): OutboxPost => ({ kind: 'notice', eventId: 'newProposal:P-2026-001', notice: 'newProposal', mentions, text: 'x' });
    await repo.enqueue([{ conversationId: '19:channel', post: mention(['chief-aneby', 'chief-habo', 'chief-habo']) }], NOW);
    expect(repo.outbox().map((e) => e.post)).toEqual([personal('chief-aneby'), mention(['chief-habo'])]);
    expect(await repo.enqueue([{ conversationId: '19:channel', post: mention(['chief-aneby', 'chief-habo']) }], NOW)).toEqual([]);
    expect(repo.outbox()).toHaveLength(2);
  });

  it('turning a kind off and on again is kept per person; the same choice twice changes nothing', async () => {
    const repo = memoryRepository();
    expect(repo.noticesOff('chief-aneby')).toEqual([]);
    expect(await repo.setNoticeKind({ personId: 'chief-aneby', kind: 'newProposal', on: false, now: NOW })).toBe(true);
    expect(await repo.setNoticeKind({ personId: 'chief-aneby', kind: 'newProposal', on: false, now: NOW })).toBe(false);
    expect(await repo.setNoticeKind({ personId: 'chief-aneby', kind: 'reportDone', on: false, now: NOW })).toBe(true);
    expect(repo.noticesOff('chief-aneby')).toEqual(['newProposal', 'reportDone']);
    expect(repo.noticesOff('chief-habo')).toEqual([]);
    expect(await repo.setNoticeKind({ personId: 'chief-aneby', kind: 'newProposal', on: true, now: NOW })).toBe(true);
    expect(repo.noticesOff('chief-aneby')).toEqual(['reportDone']);
  });
});

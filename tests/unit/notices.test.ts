import { Writable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
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
import type { OutboxPost, ProposalRecord } from '../../src/store/schema.js';
import type { AppContext } from '../../src/features/context.js';
import { noticePosts, type PostDraft } from '../../src/features/notices/index.js';
import { createLogger } from '../../src/log.js';
import { loadRealPartnership, PROPOSAL_DRAFT } from './_support.js';

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
  // Named the member's representative (consultation rounds): the Region, and one for Habo besides its chief.
  person('rep-region', 'region', ['representative'], []),
  person('rep-habo', 'habo', ['representative'], []),
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
    [
      'a consultation round opened: each asked municipality’s chief, deputy and representatives; another member’s representatives; not the coordinator',
      { kind: 'consultationOpened', id: 'e', actorId: 'anna', asked: ['eksjo', 'habo', 'region'] },
      ['chief-eksjo@eksjo', 'deputy-eksjo@eksjo', 'chief-habo@habo', 'rep-habo@habo', 'rep-region@region'],
    ],
    [
      'a consultation round opened: only the members asked, and not the one who opened it',
      { kind: 'consultationOpened', id: 'e', actorId: 'chief-habo', asked: ['habo'] },
      ['rep-habo@habo'],
    ],
    [
      'a consultation round opened: a member nobody is named for reaches nobody (network members do not answer rounds)',
      { kind: 'consultationOpened', id: 'e', asked: ['forsakringskassan', 'jonkoping'] },
      ['chief-jkpg@jonkoping'],
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

/**
 * noticePosts for the events the lead wires after merging (gate submitted and decided, project
 * cancelled, a municipality joining or leaving, a report sent): which posts, to whom, by which path.
 * The real partnership file; a memory store where Eksjö's chief and Jönköping's Äldreomsorg member
 * have a personal chat with the bot and the Äldreomsorg channel is linked.
 */
describe('noticePosts: the posts each event owes', () => {
  const NOW = new Date('2026-11-23T09:00:00Z');
  const TENANT = '00000000-0000-0000-0000-000000000001';
  let ctx: AppContext;
  let proposal: ProposalRecord;
  const logged: { msg: string; personIds?: string[] }[] = [];

  const chatOf = (id: string) => `a:personal-${id}`;
  const chatWith = (p: Person) => ({ id: chatOf(p.id), type: 'personal' as const, tenantId: TENANT, reference: { user: { id: `29:${p.id}`, aadObjectId: p.aadObjectId } } });
  /** "conversation ← person" for a personal post, "conversation ← @a,@b" for a mention post. */
  const shownPosts = (posts: PostDraft[]) =>
    posts.map(({ conversationId, post }) => (post.kind !== 'notice' ? '?' : `${conversationId} ← ${post.personId ?? post.mentions!.map((m) => `@${m}`).join(',')}`));

  beforeEach(async () => {
    const partnership = await loadRealPartnership();
    const repo = memoryRepository();
    const sink = new Writable({ write: (chunk, _e, done) => (logged.push(JSON.parse(String(chunk)) as never), done()) });
    ctx = { partnership, repo, clock: { now: () => NOW }, log: createLogger('info', sink) } as unknown as AppContext;
    const anna = partnership.people.find((p) => p.id === 'anna-lindqvist')!;
    for (const id of ['chief-eksjo', 'aldre-jonkoping']) await repo.saveConversation(chatWith(partnership.people.find((p) => p.id === id)!), NOW);
    // A personal chat recorded in a tenant the partnership does not serve is not one the bot writes to.
    await repo.saveConversation({ ...chatWith(partnership.people.find((p) => p.id === 'chief-habo')!), tenantId: '99999999-0000-0000-0000-000000000009' }, NOW);
    await repo.saveConversation({ id: '19:aldre', type: 'channel', tenantId: TENANT, reference: {} }, NOW);
    await repo.linkNetworkChannel({ networkId: 'aldreomsorg', conversationId: '19:aldre', by: anna, now: NOW });
    ({ proposal } = await repo.createProposal({ draft: { ...PROPOSAL_DRAFT, title: 'Trygg *hemgång*' }, by: anna, year: 2026, now: NOW }));
    logged.length = 0;
  });

  it('a gate submitted: to the owning group’s members from participating municipalities, with the gate named', () => {
    const posts = noticePosts(ctx, { kind: 'gateSubmitted', proposal, gate: 'BG1', at: '2026-11-23T09:00:00.000Z', participants: ['eksjo', 'jonkoping'], actorId: 'anna-lindqvist' });
    expect(shownPosts(posts)).toEqual([`${chatOf('aldre-jonkoping')} ← aldre-jonkoping`]);
    const post = posts[0]!.post as Extract<OutboxPost, { kind: 'notice' }>;
    expect(post).toMatchObject({ eventId: 'gateSubmitted:P-2026-001:BG1:2026-11-23T09:00:00.000Z', notice: 'gateSubmitted', proposalId: 'P-2026-001' });
    expect(post.text).toBe('**BG1 Förstudierapport är inlämnad för beslut** i P-2026-001 «Trygg \\*hemgång\\*» (Äldreomsorg).');
  });

  it('a gate sent back: the contact person and the participants’ representatives; personal where possible, the rest mentioned in the channel', () => {
    const posts = noticePosts(ctx, {
      kind: 'gateDecided',
      proposal,
      gate: 'BG2',
      outcome: 'sentBack',
      reason: 'Budget <saknas>',
      at: '2026-11-24T10:00:00.000Z',
      participants: ['eksjo', 'habo', 'jonkoping'],
      actorId: 'chief-jonkoping',
    });
    expect(shownPosts(posts)).toEqual([
      `${chatOf('aldre-jonkoping')} ← aldre-jonkoping`,
      `${chatOf('chief-eksjo')} ← chief-eksjo`,
      // Habo's chief has a chat only in a tenant the partnership does not serve: mentioned instead.
      '19:aldre ← @deputy-eksjo,@chief-habo',
    ]);
    expect((posts[1]!.post as { text: string }).text).toBe('**BG2 Projektplan är återremitterad** i P-2026-001 «Trygg \\*hemgång\\*» (Äldreomsorg): Budget &lt;saknas&gt;');
  });

  it('a project cancelled, a municipality joining and leaving: each its own event id', () => {
    const cancelled = noticePosts(ctx, { kind: 'projectCancelled', proposal, reason: 'Ingen finansiering', participants: ['eksjo'], actorId: 'anna-lindqvist' });
    expect(shownPosts(cancelled)).toEqual([`${chatOf('aldre-jonkoping')} ← aldre-jonkoping`, `${chatOf('chief-eksjo')} ← chief-eksjo`, '19:aldre ← @deputy-eksjo']);
    expect(cancelled[0]!.post).toMatchObject({ eventId: 'projectCancelled:P-2026-001', text: expect.stringContaining('är avbrutet** (Äldreomsorg): Ingen finansiering') });
    const left = noticePosts(ctx, { kind: 'memberLeft', proposal, memberId: 'eksjo', at: '2027-03-01T08:00:00.000Z', participants: ['jonkoping', 'habo'], actorId: 'chief-eksjo' });
    expect(shownPosts(left)).toEqual([`${chatOf('aldre-jonkoping')} ← aldre-jonkoping`, '19:aldre ← @chief-jonkoping,@chief-habo,@deputy-eksjo']);
    expect(left[0]!.post).toMatchObject({ eventId: 'memberLeft:P-2026-001:eksjo:2027-03-01T08:00:00.000Z', text: expect.stringContaining('**Eksjö lämnar** P-2026-001') });
    const joined = noticePosts(ctx, { kind: 'memberJoined', proposal, memberId: 'habo', at: '2027-03-02T08:00:00.000Z', participants: ['habo'], actorId: 'chief-habo' });
    expect(shownPosts(joined)).toEqual([`${chatOf('aldre-jonkoping')} ← aldre-jonkoping`]);
  });

  it('a report sent: the receiving municipalities’ chiefs; with no chiefs’ channel the others are logged as not reached', () => {
    const posts = noticePosts(ctx, {
      kind: 'reportDone',
      key: 'q1-report:2027-Q1',
      title: 'Delårsrapport Q1',
      url: 'https://example.se/q1.pdf',
      receivers: ['eksjo', 'habo'],
      actorId: 'anna-lindqvist',
    });
    expect(shownPosts(posts)).toEqual([`${chatOf('chief-eksjo')} ← chief-eksjo`]);
    expect(posts[0]!.post).toMatchObject({ eventId: 'reportDone:q1-report:2027-Q1', text: '**Delårsrapport Q1 är skickad till medlemskommunerna.** [Rapporten](https://example.se/q1.pdf)' });
    expect(logged.filter((l) => l.msg.includes('not reached')).map((l) => l.personIds)).toEqual([['deputy-eksjo', 'chief-habo']]);
    // A link that is not https is left out.
    const plain = noticePosts(ctx, { kind: 'reportDone', key: 'q2-report:2027-Q2', title: 'Q2', url: 'javascript:alert(1)', receivers: ['eksjo'] });
    expect((plain[0]!.post as { text: string }).text).toBe('**Q2 är skickad till medlemskommunerna.**');
  });

  it('leaves out who turned the kind off and who was already told of the event', async () => {
    await ctx.repo.setNoticeKind({ personId: 'chief-eksjo', kind: 'gateDecided', on: false, now: NOW });
    const decided = () =>
      noticePosts(ctx, { kind: 'gateDecided', proposal, gate: 'BG1', outcome: 'approved', at: '2026-11-25T10:00:00.000Z', participants: ['eksjo', 'jonkoping'], actorId: 'anna-lindqvist' });
    const first = decided();
    expect(shownPosts(first)).toEqual([`${chatOf('aldre-jonkoping')} ← aldre-jonkoping`, '19:aldre ← @deputy-eksjo,@chief-jonkoping']);
    await ctx.repo.enqueue(first, NOW);
    expect(decided()).toEqual([]);
    // Another kind of the same person still reaches them.
    expect(shownPosts(noticePosts(ctx, { kind: 'projectCancelled', proposal, reason: 'x', participants: ['eksjo'] }))).toContain(`${chatOf('chief-eksjo')} ← chief-eksjo`);
  });
});

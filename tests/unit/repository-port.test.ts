import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Partnership, Person } from '../../src/config/partnership.js';
import { ReplayConflict } from '../../src/domain/delivery.js';
import type { Repository } from '../../src/store/port.js';
import { memoryRepository, repositoryOf } from '../../src/store/snapshot-repository.js';
import { Store } from '../../src/store/store.js';
import { loadRealPartnership, person, PROPOSAL_DRAFT } from './_support.js';

const NOW = new Date('2026-05-04T09:00:00Z');
const DRAFT = PROPOSAL_DRAFT;

let partnership: Partnership;
let coordinator: Person;
let chiefEksjo: Person;
let chiefHabo: Person;
let dir: string;
const stores: Store[] = [];

beforeAll(async () => {
  partnership = await loadRealPartnership();
  coordinator = person(partnership, 'anna-lindqvist');
  chiefEksjo = person(partnership, 'chief-eksjo');
  chiefHabo = person(partnership, 'chief-habo');
  dir = await mkdtemp(join(tmpdir(), 'samverkan-port-'));
});

afterAll(async () => {
  for (const s of stores) await s.close();
  await rm(dir, { recursive: true, force: true });
});

const implementations: [string, () => Promise<Repository>][] = [
  [
    'the lowdb snapshot + journal',
    async () => {
      const store = await Store.open(join(dir, `store-${stores.length}.json`));
      stores.push(store);
      return repositoryOf(store);
    },
  ],
  ['the in-memory store', async () => memoryRepository()],
];

/**
 * One use case through the port only, as a feature runs it: propose with a channel post owed, post it,
 * answer, answer again under the same activity id, vote while a rule asks the write's own state.
 */
describe.each(implementations)('the repository port over %s', (_name, open) => {
  it('runs a proposal, its post, answers and a vote the same way', async () => {
    const repo = await open();
    await repo.saveConversation({ id: 'chan', type: 'channel', name: 'Äldreomsorg', reference: {} }, NOW);
    await repo.linkNetworkChannel({ networkId: 'aldreomsorg', conversationId: 'chan', by: coordinator, now: NOW });
    expect(repo.networkChannel('aldreomsorg')?.name).toBe('Äldreomsorg');
    expect(repo.networkOfChannel('chan')).toBe('aldreomsorg');

    const { proposal, created, postIds } = await repo.createProposal({
      draft: DRAFT,
      by: coordinator,
      year: 2026,
      now: NOW,
      formActivityId: 'form-1',
      posts: (p) => [{ conversationId: 'chan', post: { kind: 'proposalCard', proposalId: p.id } }],
    });
    expect(created).toBe(true);
    expect(proposal.id).toBe('P-2026-001');
    expect(repo.proposal('p-2026-001')?.title).toBe('Trygg hemgång');
    expect(repo.outbox().map((e) => e.id)).toEqual(postIds);

    expect(await repo.recordPosted(postIds[0]!, { copy: { proposalId: proposal.id }, activityId: 'msg-1', now: NOW })).toBe(true);
    expect(repo.outbox()).toEqual([]);
    expect(repo.postedCopies({ proposalId: proposal.id }).map((c) => [c.conversationId, c.activityId])).toEqual([['chan', 'msg-1']]);

    const answer = (who: Person, memberId: string, activityId: string, answer: 'participates' | 'declines' = 'participates') =>
      repo.recordAnswer({ proposalId: proposal.id, memberId, answer, person: who, capacity: 'socialChief', now: NOW, activityId, stillOpen: () => true });
    expect(await answer(chiefEksjo, 'eksjo', 'a1')).toBe('recorded');
    expect(await answer(chiefEksjo, 'eksjo', 'a1')).toBe('duplicate');
    expect(await answer(chiefEksjo, 'eksjo', 'a1', 'declines')).toBeInstanceOf(ReplayConflict);
    expect(await answer(chiefHabo, 'habo', 'a2')).toBe('recorded');
    expect(repo.answersOf(proposal.id).map((a) => a.memberId)).toEqual(['eksjo', 'habo']);

    const opened = await repo.createDecision({
      draft: { kind: 'other', question: 'Fråga', background: '', amountSek: null, closesAt: '2026-06-01T14:00:00.000Z' },
      by: coordinator,
      year: 2026,
      now: NOW,
      refuse: (state) => (state.proposal(proposal.id) ? undefined : 'no proposal'),
    });
    if (!('decision' in opened) || !opened.decision) throw new Error('decision not opened');
    const seen: number[] = [];
    const vote = await repo.recordVote({
      decisionId: opened.decision.id,
      memberId: 'eksjo',
      position: 'approve',
      person: chiefEksjo,
      capacity: 'socialChief',
      now: NOW,
      activityId: 'v1',
      stillOpen: (state, d) => (seen.push(state.votesOf(d.id).length), true),
    });
    expect(vote).toBe('recorded');
    expect(seen.every((n) => n === 0)).toBe(true);
    expect(repo.votesOf(opened.decision.id).map((v) => v.memberId)).toEqual(['eksjo']);
    expect(repo.decision(opened.decision.id.toLowerCase())?.question).toBe('Fråga');
  });
});

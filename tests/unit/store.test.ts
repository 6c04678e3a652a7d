import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Partnership, Person } from '../../src/config/partnership.js';
import { ManualClock } from '../../src/domain/clock.js';
import { answersOpen, currentAnswers } from '../../src/domain/participation.js';
import type { ProposalDraft } from '../../src/domain/proposal.js';
import {
  createProposal,
  findProposal,
  forgetConversations,
  linkNetworkChannel,
  networkChannel,
  recordAnswer,
  saveConversation,
} from '../../src/store/repository.js';
import { emptyStore, STORE_SCHEMA_VERSION, type StoreData } from '../../src/store/schema.js';
import { Store, StoreOpenError, StoreWriteError } from '../../src/store/store.js';
import { loadRealPartnership, person } from './_support.js';

let partnership: Partnership;
let chiefEksjo: Person;
let chiefJonkoping: Person;
let coordinator: Person;
beforeAll(async () => {
  partnership = await loadRealPartnership();
  chiefEksjo = person(partnership, 'chief-eksjo');
  chiefJonkoping = person(partnership, 'chief-jonkoping');
  coordinator = person(partnership, 'anna-lindqvist');
});

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'samverkan-store-'));
  file = path.join(dir, 'store.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(`${dir}-moved`, { recursive: true, force: true });
});

const DRAFT: ProposalDraft = {
  title: 'Trygg hemgång',
  background: 'Bakgrund',
  goals: 'Mål',
  regionalValue: 'Regionalt värde',
  networkId: 'aldreomsorg',
  contactPersonId: 'aldre-jonkoping',
  plannedStart: null,
  estimatedCostSek: 150000,
  jointFundsRequested: false,
  jointFundsSek: null,
  answerDeadline: '2026-06-30',
};

/** What is on disk, parsed. */
const onDisk = (): StoreData => JSON.parse(readFileSync(file, 'utf8')) as StoreData;

/** Bytes and mtime, to prove a file was not touched. */
function snapshot(f: string): { bytes: Buffer; mtimeMs: number } {
  return { bytes: readFileSync(f), mtimeMs: statSync(f).mtimeMs };
}
function expectUntouched(f: string, before: { bytes: Buffer; mtimeMs: number }): void {
  const after = snapshot(f);
  expect(after.bytes.equals(before.bytes)).toBe(true);
  expect(after.mtimeMs).toBe(before.mtimeMs);
}

async function openStoreError(f: string): Promise<StoreOpenError> {
  const err = await Store.open(f).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StoreOpenError);
  return err as StoreOpenError;
}

describe('Store.open', () => {
  it('creates a missing file with the empty schema', async () => {
    const store = await Store.open(file);
    expect(store.file).toBe(path.resolve(file));
    expect(onDisk()).toEqual(emptyStore());
    expect(store.data).toEqual(emptyStore());
    expect(onDisk().schemaVersion).toBe(STORE_SCHEMA_VERSION);
    expect(await readdir(dir)).toEqual(['store.json']);
  });

  it('creates missing parent directories', async () => {
    const nested = path.join(dir, 'a', 'b', 'store.json');
    await Store.open(nested);
    expect(JSON.parse(await readFile(nested, 'utf8'))).toEqual(emptyStore());
  });

  it('reopening after writes gives the same data', async () => {
    const clock = new ManualClock(new Date('2026-03-10T09:00:00Z'));
    const store = await Store.open(file);
    const { proposal } = await createProposal(store, { draft: DRAFT, by: coordinator, year: 2026, now: clock.now(), formActivityId: 'form-1' });
    clock.advance(60_000);
    await recordAnswer(store, { proposalId: proposal.id, memberId: 'eksjo', answer: 'participates', person: chiefEksjo, capacity: 'socialChief', now: clock.now(), activityId: 'a1', stillOpen: () => true });
    await saveConversation(store, { id: 'conv-1', type: 'channel', name: 'Äldreomsorg', reference: { conversation: { id: 'conv-1' } } }, clock.now());
    await linkNetworkChannel(store, { networkId: 'aldreomsorg', conversationId: 'conv-1', by: coordinator, now: clock.now() });

    const reopened = await Store.open(file);
    expect(reopened.data).toEqual(store.data);
    expect(reopened.data.proposals[0]).toMatchObject({ id: 'P-2026-001', title: 'Trygg hemgång', createdAt: '2026-03-10T09:00:00.000Z' });
    expect(reopened.data.participation).toHaveLength(1);
    expect(networkChannel(reopened.data, 'aldreomsorg')?.name).toBe('Äldreomsorg');
  });

  const refused: [string, string, RegExp][] = [
    ['a truncated file', '{"schemaVersion":1,', /not valid JSON/],
    ['an empty file', '', /not valid JSON/],
    ['a newer schema version', JSON.stringify({ ...emptyStore(), schemaVersion: 99 }), /schema version 99 is newer/],
    ['JSON that fails the schema (bad proposal)', JSON.stringify({ ...emptyStore(), proposals: [{ id: 'P-2026-001' }] }), /does not match the store schema/],
    ['JSON that fails the schema (old version 0)', JSON.stringify({ ...emptyStore(), schemaVersion: 0 }), /does not match the store schema/],
    ['JSON that fails the schema (missing lists)', '{"schemaVersion":1}', /does not match the store schema/],
    ['a JSON array', '[]', /does not match the store schema/],
    ['JSON null', 'null', /not valid JSON/],
  ];
  it.each(refused)('refuses %s and leaves it byte-for-byte untouched', async (_name, content, reason) => {
    await writeFile(file, content);
    const before = snapshot(file);
    const err = await openStoreError(file);
    expect(err.file).toBe(path.resolve(file));
    expect(err.message).toMatch(reason);
    expect(err.message).toContain(path.resolve(file));
    expectUntouched(file, before);
    expect(await readdir(dir)).toEqual(['store.json']);
  });
});

describe('Store.update', () => {
  it('has written to disk before it resolves', async () => {
    const store = await Store.open(file);
    const result = await store.update((d) => {
      d.counters['P-2026'] = 5;
      return 'done';
    });
    expect(result).toBe('done');
    expect(onDisk().counters).toEqual({ 'P-2026': 5 });
    expect(store.data.counters).toEqual({ 'P-2026': 5 });
  });

  it('changes a copy: the committed state is unchanged until the write is done', async () => {
    const store = await Store.open(file);
    const pending = store.update((d) => {
      d.counters.x = 1;
    });
    expect(store.data.counters).toEqual({});
    await pending;
    expect(store.data.counters).toEqual({ x: 1 });
  });

  it('a throwing change writes nothing, passes its error on and leaves data unchanged', async () => {
    const store = await Store.open(file);
    await store.update((d) => {
      d.counters.x = 1;
    });
    const before = snapshot(file);
    const dataBefore = structuredClone(store.data);
    const boom = new Error('boom');
    await expect(
      store.update((d) => {
        d.counters.x = 99;
        d.proposals.push({} as never);
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(store.data).toEqual(dataBefore);
    expectUntouched(file, before);
    // The queue goes on.
    await store.update((d) => {
      d.counters.x = 2;
    });
    expect(onDisk().counters.x).toBe(2);
  });

  it('200 concurrent recordAnswer / update calls all land, in order, and the file parses', async () => {
    const clock = new ManualClock(new Date('2026-03-10T09:00:00Z'));
    const store = await Store.open(file);
    const { proposal } = await createProposal(store, { draft: DRAFT, by: coordinator, year: 2026, now: clock.now() });
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 200; i++) {
      if (i % 2 === 0) {
        calls.push(
          store.update((d) => {
            d.counters.bumps = (d.counters.bumps ?? 0) + 1;
          }),
        );
      } else {
        // Eksjö flips its answer 100 times: every flip changes the current answer, so every one is recorded.
        calls.push(
          recordAnswer(store, {
            proposalId: proposal.id,
            memberId: 'eksjo',
            answer: (i - 1) % 4 === 0 ? 'participates' : 'declines',
            person: chiefEksjo,
            capacity: 'socialChief',
            now: clock.now(),
            activityId: `activity-${i}`,
            stillOpen: () => true,
          }),
        );
      }
    }
    const results = await Promise.all(calls);
    expect(results.filter((r) => r === 'recorded')).toHaveLength(100);
    expect(store.data.counters.bumps).toBe(100);
    expect(store.data.participation).toHaveLength(100);
    expect(store.data.participation.map((r) => r.activityId)).toEqual(Array.from({ length: 100 }, (_, k) => `activity-${2 * k + 1}`));
    expect(currentAnswers(store.data.participation, proposal.id).get('eksjo')?.answer).toBe('declines');
    expect(onDisk()).toEqual(store.data);
    expect((await Store.open(file)).data).toEqual(store.data);
    expect(await readdir(dir)).toEqual(['store.json']);
  });

  it('a write that cannot reach the disk throws StoreWriteError and keeps the last good state in memory and on disk', async () => {
    const store = await Store.open(file);
    await store.update((d) => {
      d.counters.x = 1;
    });
    const good = readFileSync(file);
    const dataBefore = structuredClone(store.data);

    // chmod cannot stop root (tests may run as root), so make the directory unusable another way:
    // move it aside and put a plain file in its place. The temp file cannot be created in it.
    const moved = `${dir}-moved`;
    await rename(dir, moved);
    await writeFile(dir, 'not a directory');
    const err = await store
      .update((d) => {
        d.counters.x = 2;
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(StoreWriteError);
    expect((err as StoreWriteError).file).toBe(path.resolve(file));
    expect((err as StoreWriteError).message).toContain('write failed');
    expect(store.data).toEqual(dataBefore);

    await rm(dir);
    await rename(moved, dir);
    expect(readFileSync(file).equals(good)).toBe(true);
    expect(await readdir(dir)).toEqual(['store.json']);

    // Once the disk is back, the next change is written.
    await store.update((d) => {
      d.counters.x = 3;
    });
    expect(onDisk().counters.x).toBe(3);
  });

  it('an adapter failure mid-write (e.g. disk full) throws StoreWriteError; memory and file stay as they were', async () => {
    const store = await Store.open(file);
    await store.update((d) => {
      d.counters.x = 1;
    });
    const before = snapshot(file);
    // The adapter is private; reach it to simulate ENOSPC without a full disk.
    const adapter = (store as unknown as { db: { adapter: { write: (data: unknown) => Promise<void> } } }).db.adapter;
    const enospc = Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    const spy = vi.spyOn(adapter, 'write').mockRejectedValueOnce(enospc);

    const err = await createProposal(store, { draft: DRAFT, by: coordinator, year: 2026, now: new Date('2026-03-10T09:00:00Z') }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StoreWriteError);
    expect((err as StoreWriteError).cause).toBe(enospc);
    expect(store.data.proposals).toEqual([]);
    expect(store.data.counters).toEqual({ x: 1 });
    expectUntouched(file, before);

    // The number was not used up: the retry gets P-2026-001.
    spy.mockRestore();
    const { proposal } = await createProposal(store, { draft: DRAFT, by: coordinator, year: 2026, now: new Date('2026-03-10T09:00:00Z') });
    expect(proposal.id).toBe('P-2026-001');
  });
});

describe('repository: createProposal', () => {
  it('numbers per calendar year: P-YYYY-001, -002, and restarts each year', async () => {
    const store = await Store.open(file);
    const now = new Date('2026-12-31T12:00:00Z');
    const ids: string[] = [];
    for (const year of [2026, 2026, 2027, 2026, 2027, 2028])
      ids.push((await createProposal(store, { draft: DRAFT, by: coordinator, year, now })).proposal.id);
    expect(ids).toEqual(['P-2026-001', 'P-2026-002', 'P-2027-001', 'P-2026-003', 'P-2027-002', 'P-2028-001']);
    expect(onDisk().counters).toEqual({ 'P-2026': 3, 'P-2027': 2, 'P-2028': 1 });
    expect(findProposal(store.data, 'p-2026-003')?.id).toBe('P-2026-003');
  });

  it('keeps who created it and when', async () => {
    const store = await Store.open(file);
    const now = new Date('2026-03-10T09:00:00Z');
    const { proposal, created } = await createProposal(store, { draft: DRAFT, by: chiefJonkoping, year: 2026, now, conversationId: 'conv-9' });
    expect(created).toBe(true);
    expect(proposal).toMatchObject({
      ...DRAFT,
      id: 'P-2026-001',
      createdBy: 'chief-jonkoping',
      createdByAad: chiefJonkoping.aadObjectId,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      originConversationId: 'conv-9',
      edits: [],
    });
    expect(onDisk().proposals).toEqual([proposal]);
  });

  it('the same formActivityId twice creates one proposal and uses one number', async () => {
    const store = await Store.open(file);
    const now = new Date('2026-03-10T09:00:00Z');
    const first = await createProposal(store, { draft: DRAFT, by: coordinator, year: 2026, now, formActivityId: 'form-1' });
    const second = await createProposal(store, { draft: { ...DRAFT, title: 'Annan titel' }, by: coordinator, year: 2026, now, formActivityId: 'form-1' });
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.proposal.id).toBe(first.proposal.id);
    expect(second.proposal.title).toBe('Trygg hemgång');
    expect(store.data.proposals).toHaveLength(1);
    const next = await createProposal(store, { draft: DRAFT, by: coordinator, year: 2026, now, formActivityId: 'form-2' });
    expect(next.proposal.id).toBe('P-2026-002');
  });

  it('the same formActivityId submitted concurrently also creates one proposal', async () => {
    const store = await Store.open(file);
    const now = new Date('2026-03-10T09:00:00Z');
    const results = await Promise.all(
      Array.from({ length: 5 }, () => createProposal(store, { draft: DRAFT, by: coordinator, year: 2026, now, formActivityId: 'form-x' })),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.proposal.id))).toEqual(new Set(['P-2026-001']));
    expect(onDisk().proposals).toHaveLength(1);
    expect(onDisk().counters['P-2026']).toBe(1);
  });
});

describe('repository: recordAnswer', () => {
  const clock = new ManualClock(new Date('2026-06-01T08:00:00Z'));
  let store: Store;
  let proposalId: string;
  const stillOpen = (p: { answerDeadline: string }) => answersOpen(p.answerDeadline, clock.now());
  const answer = (over: Partial<Parameters<typeof recordAnswer>[1]> = {}) =>
    recordAnswer(store, {
      proposalId,
      memberId: 'eksjo',
      answer: 'participates',
      person: chiefEksjo,
      capacity: 'socialChief',
      now: clock.now(),
      stillOpen,
      ...over,
    });

  beforeEach(async () => {
    clock.set('2026-06-01T08:00:00Z');
    store = await Store.open(file);
    proposalId = (await createProposal(store, { draft: DRAFT, by: coordinator, year: 2026, now: clock.now() })).proposal.id;
  });

  it('recorded: the answer is on disk with who, when, in which capacity', async () => {
    expect(await answer({ activityId: 'a1' })).toBe('recorded');
    expect(onDisk().participation).toEqual([
      {
        proposalId,
        memberId: 'eksjo',
        answer: 'participates',
        personId: 'chief-eksjo',
        aadObjectId: chiefEksjo.aadObjectId,
        capacity: 'socialChief',
        at: '2026-06-01T08:00:00.000Z',
        activityId: 'a1',
      },
    ]);
  });

  it('unchanged: the same answer again writes nothing', async () => {
    expect(await answer({ activityId: 'a1' })).toBe('recorded');
    const before = snapshot(file);
    const update = vi.spyOn(store, 'update');
    clock.advance(60_000);
    expect(await answer({ activityId: 'a2' })).toBe('unchanged');
    // Another person of the same municipality giving the same answer changes nothing either.
    expect(await answer({ activityId: 'a3', person: person(partnership, 'deputy-eksjo'), capacity: 'deputyChief' })).toBe('unchanged');
    expect(update).not.toHaveBeenCalled();
    expectUntouched(file, before);
    expect(store.data.participation).toHaveLength(1);
  });

  it('duplicate: the same activityId again is refused, even with another answer', async () => {
    expect(await answer({ activityId: 'a1' })).toBe('recorded');
    const before = snapshot(file);
    expect(await answer({ activityId: 'a1', answer: 'declines' })).toBe('duplicate');
    expectUntouched(file, before);
    expect(currentAnswers(store.data.participation, proposalId).get('eksjo')?.answer).toBe('participates');
  });

  it('closed: after the deadline nothing is recorded', async () => {
    clock.set('2026-06-30T22:00:00Z'); // local midnight after 30 June
    const before = snapshot(file);
    expect(await answer({ activityId: 'late' })).toBe('closed');
    expectUntouched(file, before);
    expect(store.data.participation).toEqual([]);
    clock.set('2026-06-30T21:59:59.999Z');
    expect(await answer({ activityId: 'just-in-time' })).toBe('recorded');
  });

  it('closed: stillOpen is asked again inside the write queue', async () => {
    // Open when the call starts, closed by the time its queued change runs.
    const pending = answer({ activityId: 'racing' });
    clock.set('2026-07-01T00:00:00Z');
    expect(await pending).toBe('closed');
    expect(onDisk().participation).toEqual([]);
  });

  it('unknownProposal', async () => {
    expect(await answer({ proposalId: 'P-2026-999' })).toBe('unknownProposal');
    expect(store.data.participation).toEqual([]);
  });

  it('keeps the whole history of changes; the latest counts', async () => {
    const sequence = ['participates', 'declines', 'participates', 'declines'] as const;
    for (const [i, a] of sequence.entries()) {
      expect(await answer({ answer: a, activityId: `a${i}` })).toBe('recorded');
      clock.advance(3_600_000);
    }
    expect(await answer({ memberId: 'jonkoping', person: chiefJonkoping, activityId: 'j1' })).toBe('recorded');
    const history = onDisk().participation;
    expect(history.map((r) => [r.memberId, r.answer, r.at])).toEqual([
      ['eksjo', 'participates', '2026-06-01T08:00:00.000Z'],
      ['eksjo', 'declines', '2026-06-01T09:00:00.000Z'],
      ['eksjo', 'participates', '2026-06-01T10:00:00.000Z'],
      ['eksjo', 'declines', '2026-06-01T11:00:00.000Z'],
      ['jonkoping', 'participates', '2026-06-01T12:00:00.000Z'],
    ]);
    const latest = currentAnswers(history, proposalId);
    expect(latest.get('eksjo')?.answer).toBe('declines');
    expect(latest.get('jonkoping')?.answer).toBe('participates');
  });
});

describe('repository: forgetConversations', () => {
  it('drops the forgotten conversations and their network links, keeps the rest', async () => {
    const now = new Date('2026-03-10T09:00:00Z');
    const store = await Store.open(file);
    for (const [id, type] of [['c1', 'channel'], ['c2', 'channel'], ['c3', 'personal']] as const)
      await saveConversation(store, { id, type, teamId: id === 'c3' ? undefined : 'team-1', reference: { conversation: { id } } }, now);
    await linkNetworkChannel(store, { networkId: 'ifo', conversationId: 'c1', by: coordinator, now });
    await linkNetworkChannel(store, { networkId: 'hsv', conversationId: 'c1', by: coordinator, now });
    await linkNetworkChannel(store, { networkId: 'aldreomsorg', conversationId: 'c2', by: coordinator, now });

    expect(await forgetConversations(store, (c) => c.id === 'c1')).toEqual(['c1']);
    expect(store.data.conversations.map((c) => c.id)).toEqual(['c2', 'c3']);
    expect(store.data.networkChannels.map((l) => [l.networkId, l.conversationId])).toEqual([['aldreomsorg', 'c2']]);
    expect(networkChannel(store.data, 'ifo')).toBeUndefined();
    expect(networkChannel(store.data, 'aldreomsorg')?.id).toBe('c2');
    expect(onDisk()).toEqual(store.data);

    expect(await forgetConversations(store, (c) => c.teamId === 'team-1')).toEqual(['c2']);
    expect(onDisk().networkChannels).toEqual([]);
    expect(onDisk().conversations.map((c) => c.id)).toEqual(['c3']);
  });

  it('forgetting nothing writes nothing', async () => {
    const store = await Store.open(file);
    await saveConversation(store, { id: 'c1', type: 'channel', reference: {} }, new Date('2026-03-10T09:00:00Z'));
    const before = snapshot(file);
    const update = vi.spyOn(store, 'update');
    expect(await forgetConversations(store, (c) => c.id === 'nope')).toEqual([]);
    expect(update).not.toHaveBeenCalled();
    expectUntouched(file, before);
  });
});

import { readFileSync, statSync } from 'node:fs';
import { appendFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Partnership, Person } from '../../src/config/partnership.js';
import { ManualClock } from '../../src/clock.js';
import { isCommitted } from '../../src/store/committed.js';
import { answersOpen, currentAnswers } from '../../src/domain/participation.js';
import {
  createProposal,
  editProposal,
  findProposal,
  forgetConversations,
  linkNetworkChannel,
  networkChannel,
  recordAnswer,
  saveConversation,
} from '../../src/store/repository.js';
import { ReplayConflict } from '../../src/store/replay.js';
import { emptyStore, STORE_SCHEMA_VERSION, type StoreData } from '../../src/store/schema.js';
import { journalPathOf, readStoreFiles, replaceRecord, Store, StoreOpenError, StoreWriteError, type StoreLog, type StoreOptions } from '../../src/store/store.js';
import { loadRealPartnership, person, PROPOSAL_DRAFT } from './_support.js';
import { StoreFiles } from '../fixtures/store-files.js';

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

const DRAFT = PROPOSAL_DRAFT;

/** What is on disk: the snapshot with its journal applied. */
const onDisk = (): Promise<StoreData> => readStoreFiles(file);
const journal = () => journalPathOf(path.resolve(file));
const journalLines = (): string[] => readFileSync(journal(), 'utf8').split('\n').filter(Boolean);

/** Bytes and mtime, to prove a file was not touched. */
function snapshot(f: string): { bytes: Buffer; mtimeMs: number } {
  return { bytes: readFileSync(f), mtimeMs: statSync(f).mtimeMs };
}
function expectUntouched(f: string, before: { bytes: Buffer; mtimeMs: number }): void {
  const after = snapshot(f);
  expect(after.bytes.equals(before.bytes)).toBe(true);
  expect(after.mtimeMs).toBe(before.mtimeMs);
}

async function openStoreError(f: string, options?: StoreOptions): Promise<StoreOpenError> {
  const err = await Store.open(f, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StoreOpenError);
  return err as StoreOpenError;
}

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
const erofs = () => Object.assign(new Error('EROFS: read-only file system, write'), { code: 'EROFS' });

function logSpy(): StoreLog & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (_f, m) => lines.push(`info ${m}`), warn: (_f, m) => lines.push(`warn ${m}`), error: (_f, m) => lines.push(`error ${m}`) };
}

/** The schema version this bot writes its journal entries for. */
const V = STORE_SCHEMA_VERSION;

describe('Store.open', () => {
  it('creates a missing file with the empty schema and an empty journal beside it', async () => {
    const store = await Store.open(file);
    expect(store.file).toBe(path.resolve(file));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ ...emptyStore(), journalSeq: 0 });
    expect(await onDisk()).toEqual(emptyStore());
    expect(store.data).toEqual(emptyStore());
    expect((await onDisk()).schemaVersion).toBe(STORE_SCHEMA_VERSION);
    expect((await readdir(dir)).sort()).toEqual(['store.json', 'store.json.journal', 'store.json.lock']);
    expect(readFileSync(journal(), 'utf8')).toBe('');
  });

  it('creates missing parent directories', async () => {
    const nested = path.join(dir, 'a', 'b', 'store.json');
    await Store.open(nested);
    expect(await readStoreFiles(nested)).toEqual(emptyStore());
  });

  it('reopening after writes gives the same data', async () => {
    const clock = new ManualClock(new Date('2026-03-10T09:00:00Z'));
    const store = await Store.open(file);
    const { proposal } = await createProposal(store, { draft: DRAFT, by: coordinator, year: 2026, now: clock.now(), formActivityId: 'form-1' });
    clock.advance(60_000);
    await recordAnswer(store, { proposalId: proposal.id, memberId: 'eksjo', answer: 'participates', person: chiefEksjo, capacity: 'socialChief', now: clock.now(), activityId: 'a1', stillOpen: () => true });
    await saveConversation(store, { id: 'conv-1', type: 'channel', name: 'Äldreomsorg', reference: { conversation: { id: 'conv-1' } } }, clock.now());
    await linkNetworkChannel(store, { networkId: 'aldreomsorg', conversationId: 'conv-1', by: coordinator, now: clock.now() });
    await editProposal(store, { id: proposal.id, draft: { ...DRAFT, title: 'Trygg hemgång 2' }, by: coordinator, now: clock.now() });

    await store.close();
    const reopened = await Store.open(file);
    expect(reopened.data).toEqual(store.data);
    expect(reopened.data.proposals[0]).toMatchObject({ id: 'P-2026-001', title: 'Trygg hemgång 2', createdAt: '2026-03-10T09:00:00.000Z' });
    expect(reopened.data.proposals[0]!.edits).toHaveLength(1);
    expect(reopened.data.participation).toHaveLength(1);
    expect(networkChannel(reopened.data, 'aldreomsorg')?.name).toBe('Äldreomsorg');
  });

  const refused: [string, string, RegExp][] = [
    ['a truncated file', '{"schemaVersion":2,', /not valid JSON/],
    ['an empty file', '', /not valid JSON/],
    ['a newer schema version', JSON.stringify({ ...emptyStore(), schemaVersion: 99 }), /schema version 99 is newer/],
    ['JSON that fails the schema (bad proposal)', JSON.stringify({ ...emptyStore(), proposals: [{ id: 'P-2026-001' }] }), /does not match the store schema/],
    ['JSON that fails the schema (old version 0)', JSON.stringify({ ...emptyStore(), schemaVersion: 0 }), /does not match the store schema/],
    ['a version-1 store that does not migrate (missing lists)', '{"schemaVersion":1}', /does not match the store schema even after migrating it from version 1/],
    ['a JSON array', '[]', /does not hold a store object/],
    ['JSON null', 'null', /not valid JSON/],
  ];
  it.each(refused)('refuses %s and leaves it byte-for-byte untouched, with no backup or journal made', async (_name, content, reason) => {
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

describe('Store.update: the journal', () => {
  it('has appended the change to the journal on disk before it resolves; the snapshot is not rewritten', async () => {
    const store = await Store.open(file);
    const snapshotBefore = snapshot(file);
    const result = await store.update((d) => {
      d.counters['P-2026'] = 5;
      return 'done';
    });
    expect(result).toBe('done');
    expect((await onDisk()).counters).toEqual({ 'P-2026': 5 });
    expect(store.data.counters).toEqual({ 'P-2026': 5 });
    expect(journalLines().map((l) => JSON.parse(l))).toEqual([{ seq: 1, v: STORE_SCHEMA_VERSION, ops: [{ k: 'counters', set: { 'P-2026': 5 } }] }]);
    expectUntouched(file, snapshotBefore);
  });

  it('journals only what changed: an appended record, a replaced record, a list that shrank', async () => {
    const clock = new ManualClock(new Date('2026-03-10T09:00:00Z'));
    const store = await Store.open(file);
    await saveConversation(store, { id: 'c1', type: 'channel', reference: {} }, clock.now());
    await saveConversation(store, { id: 'c2', type: 'channel', reference: {} }, clock.now());
    await saveConversation(store, { id: 'c1', type: 'channel', name: 'Nytt namn', reference: {} }, clock.now());
    await forgetConversations(store, (c) => c.id === 'c2');
    const ops = journalLines().map((l) => (JSON.parse(l) as { ops: { k: string }[] }).ops);
    expect(ops.map((o) => o.map((op) => Object.keys(op).filter((k) => k !== 'k')[0]))).toEqual([['push'], ['push'], ['set'], ['all']]);
    expect(ops[2]).toEqual([{ k: 'conversations', set: { 0: expect.objectContaining({ id: 'c1', name: 'Nytt namn' }) } }]);
    expect((await onDisk()).conversations.map((c) => `${c.id}:${c.name ?? ''}`)).toEqual(['c1:Nytt namn']);
  });

  it('the committed state is frozen: a change that edits a committed record in place is refused and writes nothing', async () => {
    const store = await Store.open(file);
    await createProposal(store, { draft: DRAFT, by: coordinator, year: 2026, now: new Date('2026-03-10T09:00:00Z') });
    const lines = journalLines().length;
    expect(() => {
      (store.data.proposals[0] as { title: string }).title = 'x';
    }).toThrow(TypeError);
    await expect(
      store.update((d) => {
        d.proposals[0]!.title = 'changed in place';
      }),
    ).rejects.toThrow(TypeError);
    expect(store.data.proposals[0]!.title).toBe(DRAFT.title);
    expect(journalLines()).toHaveLength(lines);
    // replaceRecord is the way: a changed copy in the list.
    await store.update((d) => replaceRecord(d.proposals, (p) => p.id === 'P-2026-001', (p) => (p.title = 'changed by copy')));
    expect((await onDisk()).proposals[0]!.title).toBe('changed by copy');
  });

  it('committed lists are never changed in place: a reader holding one keeps its version, and the type forbids changing it', async () => {
    const store = await Store.open(file);
    await createProposal(store, { draft: DRAFT, by: coordinator, year: 2026, now: new Date('2026-03-10T09:00:00Z') });
    const held = store.data.proposals;
    expect(isCommitted(held)).toBe(true);
    expect(Object.isFrozen(held[0])).toBe(true);
    await createProposal(store, { draft: DRAFT, by: coordinator, year: 2026, now: new Date('2026-03-11T09:00:00Z') });
    expect(held).toHaveLength(1);
    expect(store.data.proposals).toHaveLength(2);
    expect(store.data.proposals).not.toBe(held);
    expect(isCommitted(store.data.proposals)).toBe(true);
    // @ts-expect-error the committed state's lists are read-only
    expect(() => store.data.proposals.push).toBeDefined();
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
    const before = snapshot(journal());
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
    expectUntouched(journal(), before);
    // The queue goes on.
    await store.update((d) => {
      d.counters.x = 2;
    });
    expect((await onDisk()).counters.x).toBe(2);
  });

  it('changes waiting at the same moment are written together (one journal line), each on the state the one before left', async () => {
    const store = await Store.open(file);
    const throwing = store.update(() => {
      throw new Error('only this one fails');
    });
    const results = await Promise.all([
      ...Array.from({ length: 50 }, () => store.update((d) => (d.counters.n = (d.counters.n ?? 0) + 1))),
      throwing.catch((e: Error) => e.message),
    ]);
    expect(results.slice(0, 50)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(results[50]).toBe('only this one fails');
    expect(journalLines()).toHaveLength(1);
    expect((await onDisk()).counters.n).toBe(50);
  });

  it('200 concurrent recordAnswer / update calls all land, in order, and reopen the same', async () => {
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
    expect(await onDisk()).toEqual(store.data);
    await store.close();
    const reopened = await Store.open(file);
    expect(reopened.data).toEqual(store.data);
    await reopened.close();
    expect((await readdir(dir)).sort()).toEqual(['store.json', 'store.json.journal']);
  });
});

describe('Store: snapshots and start-up', () => {
  it('writes a snapshot and empties the journal once the journal is large; reopening gives the same data', async () => {
    const store = await Store.open(file, { compactAtBytes: 2_000 });
    for (let i = 0; i < 40; i++) await store.update((d) => void (d.counters[`k${i}`] = i));
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { journalSeq: number; counters: Record<string, number> };
    expect(raw.journalSeq).toBeGreaterThan(0);
    expect(Object.keys(raw.counters).length).toBe(raw.journalSeq);
    expect(statSync(journal()).size).toBeLessThan(2_000 + 200);
    expect(journalLines().map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual(Array.from({ length: 40 - raw.journalSeq }, (_, i) => raw.journalSeq + i + 1));
    await store.close();
    expect((await Store.open(file)).data).toEqual(store.data);
    expect(Object.keys(store.data.counters)).toHaveLength(40);
  });

  it('a crash between the snapshot and emptying the journal: entries already in the snapshot are not applied twice', async () => {
    const store = await Store.open(file);
    for (let i = 0; i < 3; i++) await store.update((d) => void d.votes.push({ decisionId: 'B-2026-001', memberId: `m${i}`, position: 'approve', personId: 'p', aadObjectId: 'a', capacity: 'socialChief', at: '2026-03-10T09:00:00.000Z' }));
    const journalBefore = readFileSync(journal());
    await store.compact();
    expect(readFileSync(journal(), 'utf8')).toBe('');
    await writeFile(journal(), journalBefore); // as if the journal had not been emptied
    await store.close();
    const reopened = await Store.open(file);
    expect(reopened.data.votes.map((v) => v.memberId)).toEqual(['m0', 'm1', 'm2']);
    await reopened.update((d) => void (d.counters.after = 1));
    await reopened.close();
    expect((await Store.open(file)).data.votes).toHaveLength(3);
  });

  it('drops a last journal line cut short by a crash (never confirmed), says so, and appends cleanly after it', async () => {
    const store = await Store.open(file);
    await store.update((d) => void (d.counters.kept = 1));
    await store.close();
    await appendFile(journal(), `{"seq":2,"v":${V},"ops":[{"k":"counters","set":{"lo`);
    const log = logSpy();
    const reopened = await Store.open(file, { log });
    expect(reopened.data.counters).toEqual({ kept: 1 });
    expect(log.lines).toEqual([expect.stringMatching(/^warn store journal: dropped a last line cut short by a crash/)]);
    await reopened.update((d) => void (d.counters.next = 2));
    expect(journalLines()).toHaveLength(2);
    await reopened.close();
    expect((await Store.open(file)).data.counters).toEqual({ kept: 1, next: 2 });
  });

  const badJournals: [string, (lines: string[]) => string, RegExp][] = [
    ['a broken line in the middle', (l) => `${l[0]}\n{"seq":2,"v":${V},"op\n${l[1]}\n`, /journal .*line 2 is not valid JSON/],
    ['a missing entry (gap)', (l) => `${l[0]}\n${l[1]!.replace('"seq":2', '"seq":3')}\n`, /entry 3 follows 1: changes are missing/],
    ['an entry for another schema version', (l) => `${l[0]}\n${l[1]!.replace(`"v":${V}`, '"v":7')}\n`, /written for schema version 7/],
    ['an operation that does not fit', () => `{"seq":1,"v":${V},"ops":[{"k":"counters","push":[1]}]}\n`, /does not fit the snapshot .*not a list/],
    ['a prototype-polluting operation', () => `{"seq":1,"v":${V},"ops":[{"k":"__proto__","all":{"polluted":true}}]}\n`, /does not fit the snapshot/],
    ['a line that is no entry', () => '[1,2,3]\n', /line 1 is not a journal entry/],
  ];
  it.each(badJournals)('refuses a journal with %s and touches neither file', async (_name, make, reason) => {
    const store = await Store.open(file);
    await store.update((d) => void (d.counters.a = 1));
    await store.update((d) => void (d.counters.b = 2));
    await store.close();
    await writeFile(journal(), make(journalLines()));
    const before = [snapshot(file), snapshot(journal())];
    const err = await openStoreError(file);
    expect(err.message).toMatch(reason);
    expectUntouched(file, before[0]!);
    expectUntouched(journal(), before[1]!);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a journal without its snapshot', async () => {
    await writeFile(journal(), '{"seq":1,"v":2,"ops":[]}\n');
    expect((await openStoreError(file)).message).toMatch(/snapshot is missing but its journal .* holds changes/);
    expect(await readdir(dir)).toEqual(['store.json.journal']);
  });
});

describe('Store: schema migration', () => {
  /** A store as version 1 wrote it: no journal, and without the lists added later. */
  const V1 = {
    schemaVersion: 1,
    counters: { 'P-2026': 1 },
    proposals: [],
    participation: [],
    conversations: [],
    networkChannels: [],
    postedCards: [],
    actingAs: [],
    decisions: [],
  };

  it('migrates a version-1 store, keeping the original byte for byte in a backup beside it', async () => {
    const original = JSON.stringify(V1, null, 1);
    await writeFile(file, original);
    const log = logSpy();
    const store = await Store.open(file, { log });
    expect(store.data.schemaVersion).toBe(STORE_SCHEMA_VERSION);
    expect(store.data.counters).toEqual({ 'P-2026': 1 });
    expect(store.data.votes).toEqual([]);
    expect(store.data.gateEvents).toEqual([]);
    expect(readFileSync(`${file}.v1.bak`, 'utf8')).toBe(original);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ schemaVersion: STORE_SCHEMA_VERSION, journalSeq: 0 });
    expect(log.lines).toEqual(['warn store migrated to a new schema version; the original is kept beside it']);
    await store.update((d) => void (d.counters['P-2026'] = 2));
    // Opening again neither migrates nor backs up again.
    await store.close();
    const again = await Store.open(file);
    expect(again.data.counters['P-2026']).toBe(2);
    expect((await readdir(dir)).sort()).toEqual(['store.json', 'store.json.journal', 'store.json.lock', 'store.json.v1.bak']);
  });

  it('migrates a version-2 store with its journal: the journal is applied first, projects get their portfolio, both files are kept beside it', async () => {
    const proposal = (id: string, networkId: string) => ({
      id, title: id, background: 'B', regionalValue: 'R', networkId, contactPersonId: 'chief-eksjo', answerDeadline: '2026-12-20',
      goals: '', plannedStart: '', estimatedCostSek: 0, jointFundsRequested: false, jointFundsSek: 0,
      createdBy: 'anna-lindqvist', createdByAad: '00000000-0000-0000-0000-000000000100', createdAt: '2026-11-23T09:00:00.000Z', updatedAt: '2026-11-23T09:00:00.000Z',
    });
    const V2 = { ...V1, schemaVersion: 2, journalSeq: 0, proposals: [proposal('P-2026-001', 'aldreomsorg')], votes: [], gateEvents: [], reminderSends: [{ key: 'q1-report:2026', ruleId: 'q1-report', step: 10, at: '2026-04-01T07:00:00.000Z' }] };
    const original = JSON.stringify(V2);
    const journalText = `{"seq":1,"v":2,"ops":[{"k":"proposals","push":[${JSON.stringify(proposal('P-2026-002', 'psykiatri'))}]}]}\n`;
    await writeFile(file, original);
    await writeFile(journal(), journalText);
    const log = logSpy();
    const store = await Store.open(file, { log, portfolios: ['ifo', 'aldreomsorg', 'hsv', 'funktionsstod'] });
    expect(store.data.schemaVersion).toBe(3);
    // The journal's proposal is there; the one made in a portfolio network is owned by it, the other asks for an owner.
    expect(store.data.proposals.map((p) => [p.id, p.ownerNetworkId])).toEqual([['P-2026-001', 'aldreomsorg'], ['P-2026-002', undefined]]);
    // Reminders already sent keep counting as sent.
    expect(store.data.reminderSends).toEqual(V2.reminderSends);
    expect(readFileSync(`${file}.v2.bak`, 'utf8')).toBe(original);
    expect(readFileSync(`${journal()}.v2.bak`, 'utf8')).toBe(journalText);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ schemaVersion: 3, journalSeq: 1 });
    expect(log.lines).toEqual([
      'warn store migrated to a new schema version; the original is kept beside it',
      'warn store migration: proposals without an owning group (made outside a portfolio network; their cards ask for one): P-2026-002',
    ]);
    await store.update((d) => void (d.counters['P-2026'] = 3));
    await store.close();
    const again = await Store.open(file);
    expect(again.data.counters['P-2026']).toBe(3);
    expect(again.data.proposals).toHaveLength(2);
    expect((await readdir(dir)).sort()).toEqual(['store.json', 'store.json.journal', 'store.json.journal.v2.bak', 'store.json.lock', 'store.json.v2.bak']);
  });

  it('refuses a version-2 journal entry written for another version, and touches nothing', async () => {
    await writeFile(file, JSON.stringify({ ...V1, schemaVersion: 2, journalSeq: 0 }));
    await writeFile(journal(), '{"seq":1,"v":3,"ops":[]}\n');
    const before = [snapshot(file), snapshot(journal())];
    expect((await openStoreError(file)).message).toMatch(/does not fit the schema-version-2 snapshot \(entry 1 is written for schema version 3\)/);
    expectUntouched(file, before[0]!);
    expectUntouched(journal(), before[1]!);
    expect((await readdir(dir)).sort()).toEqual(['store.json', 'store.json.journal']);
  });

  it('never overwrites an earlier backup', async () => {
    await writeFile(`${file}.v1.bak`, 'an older backup');
    await writeFile(file, JSON.stringify(V1));
    await Store.open(file);
    expect(readFileSync(`${file}.v1.bak`, 'utf8')).toBe('an older backup');
    expect(JSON.parse(readFileSync(`${file}.v1.1.bak`, 'utf8'))).toEqual(V1);
  });
});

describe('Store: disk trouble', () => {
  const failures: [string, () => Error][] = [
    ['a full disk (ENOSPC)', enospc],
    ['a read-only file system (EROFS)', erofs],
  ];
  it.each(failures)('%s: the write throws StoreWriteError, memory and disk keep the last good state, the next write lands', async (_name, failure) => {
    const log = logSpy();
    const files = new StoreFiles();
    const store = await Store.open(file, { log, fs: files });
    await store.update((d) => void (d.counters.x = 1));
    const before = [snapshot(file), snapshot(journal())];
    const dataBefore = structuredClone(store.data);
    const spy = vi.spyOn(files.handleOf(journal()), 'write').mockRejectedValueOnce(failure());

    const err = await createProposal(store, { draft: DRAFT, by: coordinator, year: 2026, now: new Date('2026-03-10T09:00:00Z') }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StoreWriteError);
    expect((err as StoreWriteError).message).toContain('write failed');
    expect(store.data).toEqual(dataBefore);
    expect(store.writable).toBe(false);
    expectUntouched(file, before[0]!);
    expect(readFileSync(journal()).equals(before[1]!.bytes)).toBe(true);
    expect(log.lines).toEqual(['error store write failed: nothing of these changes is recorded']);

    // The number was not used up: once the disk is back, the retry gets P-2026-001.
    spy.mockRestore();
    const { proposal } = await createProposal(store, { draft: DRAFT, by: coordinator, year: 2026, now: new Date('2026-03-10T09:00:00Z') });
    expect(proposal.id).toBe('P-2026-001');
    expect(store.writable).toBe(true);
    await store.close();
    expect((await Store.open(file)).data.proposals.map((p) => p.id)).toEqual(['P-2026-001']);
  });

  it('a write cut off half-way (disk full mid-line) is cut back, so the journal stays whole', async () => {
    const files = new StoreFiles();
    const store = await Store.open(file, { fs: files });
    await store.update((d) => void (d.counters.x = 1));
    const good = readFileSync(journal());
    const handle = files.handleOf(journal());
    const real = handle.write.bind(handle) as (buffer: Buffer, offset: number, length: number, position: number) => Promise<{ bytesWritten: number }>;
    let calls = 0;
    const spy = vi.spyOn(handle, 'write').mockImplementation((async (...args: unknown[]) => {
      calls++;
      if (calls === 1) {
        // Half the line reaches the file, then the disk is full.
        const [buffer, offset, length, position] = args as [Buffer, number, number, number];
        await real(buffer, offset, Math.floor(length / 2), position);
        return { bytesWritten: Math.floor(length / 2), buffer };
      }
      throw enospc();
    }) as typeof handle.write);
    await expect(store.update((d) => void (d.counters.y = 2))).rejects.toBeInstanceOf(StoreWriteError);
    spy.mockRestore();
    expect(readFileSync(journal()).equals(good)).toBe(true);
    await store.update((d) => void (d.counters.z = 3));
    await store.close();
    expect((await Store.open(file)).data.counters).toEqual({ x: 1, z: 3 });
  });

  it('a write that fails to reach the disk (EIO from the synchronous write) counts as not written', async () => {
    const files = new StoreFiles();
    const store = await Store.open(file, { fs: files });
    vi.spyOn(files.handleOf(journal()), 'write').mockRejectedValueOnce(Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' }));
    await expect(store.update((d) => void (d.counters.y = 2))).rejects.toBeInstanceOf(StoreWriteError);
    expect(store.data.counters).toEqual({});
    await store.close();
    expect((await Store.open(file)).data.counters).toEqual({});
  });

  it('a snapshot that cannot be written loses nothing: the journal keeps every change', async () => {
    const log = logSpy();
    // Every snapshot is written to a temporary file first; on a full disk that write fails.
    const files = new StoreFiles();
    let snapshotWrites = 0;
    const store = await Store.open(file, { compactAtBytes: 300, log, fs: files });
    files.onOpen = (opened, handle) => {
      if (path.dirname(opened) === path.resolve(dir) && opened.endsWith('.tmp'))
        vi.spyOn(handle, 'writeFile').mockImplementation(async () => {
          snapshotWrites++;
          throw enospc();
        });
    };
    for (let i = 0; i < 20; i++) await store.update((d) => void (d.counters[`k${i}`] = i));
    expect(snapshotWrites).toBeGreaterThan(0);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(log.lines.filter((l) => l.startsWith('error store snapshot failed'))).not.toHaveLength(0);
    await store.close();
    expect(Object.keys((await Store.open(file)).data.counters)).toHaveLength(20);
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
    expect((await onDisk()).counters).toEqual({ 'P-2026': 3, 'P-2027': 2, 'P-2028': 1 });
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
    expect((await onDisk()).proposals).toEqual([proposal]);
  });

  it('the same formActivityId twice creates one proposal and uses one number', async () => {
    const store = await Store.open(file);
    const now = new Date('2026-03-10T09:00:00Z');
    const first = await createProposal(store, { draft: DRAFT, by: coordinator, year: 2026, now, formActivityId: 'form-1' });
    const again = await createProposal(store, { draft: DRAFT, by: coordinator, year: 2026, now, formActivityId: 'form-1' });
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, proposal: { id: first.proposal.id } });
    expect(again.conflict).toBeUndefined();
    // The same form message with other content is no re-delivery: refused, the proposal stays as it was.
    const second = await createProposal(store, { draft: { ...DRAFT, title: 'Annan titel' }, by: coordinator, year: 2026, now, formActivityId: 'form-1' });
    expect(second.created).toBe(false);
    expect(second.conflict?.differs).toEqual(['title']);
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
    expect((await onDisk()).proposals).toHaveLength(1);
    expect((await onDisk()).counters['P-2026']).toBe(1);
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
    expect((await onDisk()).participation).toEqual([
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

  it('duplicate: the same activityId again counts once; with another answer it is a conflict', async () => {
    expect(await answer({ activityId: 'a1' })).toBe('recorded');
    const before = snapshot(file);
    expect(await answer({ activityId: 'a1' })).toBe('duplicate');
    const conflict = await answer({ activityId: 'a1', answer: 'declines' });
    expect(conflict).toBeInstanceOf(ReplayConflict);
    expect(conflict).toMatchObject({ activityId: 'a1', verb: 'answer', target: proposalId, differs: ['answer'] });
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
    expect((await onDisk()).participation).toEqual([]);
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
    const history = (await onDisk()).participation;
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
    expect(await onDisk()).toEqual(store.data);

    expect(await forgetConversations(store, (c) => c.teamId === 'team-1')).toEqual(['c2']);
    expect((await onDisk()).networkChannels).toEqual([]);
    expect((await onDisk()).conversations.map((c) => c.id)).toEqual(['c3']);
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

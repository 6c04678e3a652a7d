import { describe, expect, it } from 'vitest';
import { answersOf, gateEventsOf, votesOf } from '../../src/store/indexes.js';
import { markCommitted } from '../../src/store/committed.js';

/** A list as the store commits it. */
const committed = <T,>(list: T[]): readonly T[] => {
  markCommitted(list);
  return list;
};

const vote = (decisionId: string, memberId: string) => ({ decisionId, memberId, position: 'approve' as const, personId: 'p', aadObjectId: 'a', capacity: 'socialChief' as const, at: '2026-11-23T09:00:00.000Z' });

describe('indexes over the committed state', () => {
  it('gives one decision’s votes in recorded order, and nothing for an unknown id', () => {
    const votes = committed([vote('B-1', 'a'), vote('B-2', 'b'), vote('B-1', 'c')]);
    expect(votesOf(votes, 'B-1').map((v) => v.memberId)).toEqual(['a', 'c']);
    expect(votesOf(votes, 'B-9')).toEqual([]);
  });

  it('a new version of the list gets its own index; a draft list (not committed) is searched as it is', () => {
    const first = committed([vote('B-1', 'a')]);
    expect(votesOf(first, 'B-1')).toHaveLength(1);
    const draft = [...first];
    expect(votesOf(draft, 'B-1')).toHaveLength(1);
    draft.push(vote('B-1', 'b'));
    // The draft changed after it was looked at: no stale answer.
    expect(votesOf(draft, 'B-1')).toHaveLength(2);
    markCommitted(draft);
    expect(votesOf(draft, 'B-1')).toHaveLength(2);
    expect(votesOf(first, 'B-1')).toHaveLength(1);
  });

  it('indexes answers by proposal', () => {
    const answers = committed([
      { proposalId: 'P-1', memberId: 'a', answer: 'participates' as const, personId: 'p', aadObjectId: 'a', capacity: 'socialChief' as const, at: 'x' },
      { proposalId: 'P-2', memberId: 'b', answer: 'declines' as const, personId: 'p', aadObjectId: 'a', capacity: 'socialChief' as const, at: 'x' },
    ]);
    expect(answersOf(answers, 'P-2').map((r) => r.memberId)).toEqual(['b']);
  });
});

describe('indexes follow a write that appends', () => {
  it('carryIndexes moves the index to the new list with the new records; groups handed out earlier stay as they were', async () => {
    const { carryIndexes } = await import('../../src/store/indexes.js');
    const prev = committed([vote('B-1', 'a'), vote('B-2', 'b')]);
    const before = votesOf(prev, 'B-1');
    const added = vote('B-1', 'c');
    const next = committed([...prev, added]);
    carryIndexes(prev, next, [added]);
    expect(votesOf(next, 'B-1').map((v) => v.memberId)).toEqual(['a', 'c']);
    expect(before.map((v) => v.memberId)).toEqual(['a']);
    // The old version still answers for itself.
    expect(votesOf(prev, 'B-1').map((v) => v.memberId)).toEqual(['a']);
  });

  it('an older version is answered from the same index, without a rebuild, and never sees newer records', async () => {
    const { carryIndexes, hasActivity, indexBuilds } = await import('../../src/store/indexes.js');
    const withActivity = (decisionId: string, memberId: string, activityId: string) => ({ ...vote(decisionId, memberId), activityId });
    const v0 = committed([withActivity('B-1', 'a', 'x1'), withActivity('B-2', 'b', 'x2')]);
    expect(hasActivity(v0, 'x1')).toBe(true);
    expect(votesOf(v0, 'B-1')).toHaveLength(1);
    const built = indexBuilds();
    // Writes go on while a reader still holds v0 (a write on its way to disk).
    let prev = v0;
    for (let i = 0; i < 5; i++) {
      const added = withActivity('B-1', `m${i}`, `y${i}`);
      const next = committed([...prev, added]);
      carryIndexes(prev, next, [added]);
      prev = next;
      expect(hasActivity(v0, `y${i}`)).toBe(false);
      expect(votesOf(v0, 'B-1').map((v) => v.memberId)).toEqual(['a']);
      expect(hasActivity(next, `y${i}`)).toBe(true);
      expect(votesOf(next, 'B-1')).toHaveLength(i + 2);
    }
    expect(indexBuilds()).toBe(built);
  });

  it('a version extended twice (a write that failed, then another from the same state) gives each branch its own records', async () => {
    const { carryIndexes, hasActivity } = await import('../../src/store/indexes.js');
    const base = committed([{ ...vote('B-1', 'a'), activityId: 'x1' }]);
    expect(hasActivity(base, 'x1')).toBe(true);
    expect(votesOf(base, 'B-1')).toHaveLength(1);
    const failed = { ...vote('B-1', 'b'), activityId: 'lost' };
    const abandoned = committed([...base, failed]);
    carryIndexes(base, abandoned, [failed]);
    const retried = { ...vote('B-1', 'c'), activityId: 'kept' };
    const next = committed([...base, retried]);
    carryIndexes(base, next, [retried]);
    expect(hasActivity(next, 'lost')).toBe(false);
    expect(hasActivity(next, 'kept')).toBe(true);
    expect(votesOf(next, 'B-1').map((v) => v.memberId)).toEqual(['a', 'c']);
    expect(votesOf(base, 'B-1').map((v) => v.memberId)).toEqual(['a']);
    expect(hasActivity(base, 'lost')).toBe(false);
  });
});

describe('byId', () => {
  const rec = (id: string, title = id) => Object.freeze({ id, title });

  it('finds by id in a frozen list and in a draft, and nothing for an unknown id', async () => {
    const { byId } = await import('../../src/store/indexes.js');
    const list = committed([rec('P-1'), rec('P-2')]);
    expect(byId(list, 'P-2')?.title).toBe('P-2');
    expect(byId(list, 'P-9')).toBeUndefined();
    const draft = [...list, rec('P-3')];
    expect(byId(draft, 'P-3')?.title).toBe('P-3');
  });

  it('follows appends and records replaced in place; each version answers with its own records, without a rebuild', async () => {
    const { byId, carryIndexes, indexBuilds } = await import('../../src/store/indexes.js');
    const v0 = committed([rec('P-1'), rec('P-2')]);
    expect(byId(v0, 'P-1')?.title).toBe('P-1');
    const built = indexBuilds();
    const edited = rec('P-1', 'edited');
    const v1 = committed([edited, v0[1]!]);
    carryIndexes(v0, v1, [], [[0, edited]]);
    const added = rec('P-3');
    const v2 = committed([...v1, added]);
    carryIndexes(v1, v2, [added]);
    expect(byId(v2, 'P-1')?.title).toBe('edited');
    expect(byId(v2, 'P-3')).toBe(added);
    expect(byId(v1, 'P-3')).toBeUndefined();
    expect(byId(v0, 'P-1')?.title).toBe('P-1');
    expect(indexBuilds()).toBe(built);
    // A record whose id changed in place: the old id is gone, the new one found.
    const renamed = rec('P-9');
    const v3 = committed([renamed, v2[1]!, v2[2]!]);
    carryIndexes(v2, v3, [], [[0, renamed]]);
    expect(byId(v3, 'P-1')).toBeUndefined();
    expect(byId(v3, 'P-9')).toBe(renamed);
  });

  it('the store keeps it up to date through edits and appends', async () => {
    const { Store } = await import('../../src/store/store.js');
    const { replaceRecord } = await import('../../src/store/store.js');
    const { byId } = await import('../../src/store/indexes.js');
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'samverkan-byid-'));
    try {
      const store = await Store.open(join(dir, 'store.json'));
      await store.update((d) => {
        d.decisions.push({ id: 'B-1', question: 'a' } as never, { id: 'B-2', question: 'b' } as never);
      });
      expect(byId(store.data.decisions, 'B-2')).toMatchObject({ question: 'b' });
      const { indexBuilds } = await import('../../src/store/indexes.js');
      const built = indexBuilds();
      await store.update((d) => replaceRecord(d.decisions, (x) => x.id === 'B-2', (x) => Object.assign(x, { question: 'changed' })));
      expect(byId(store.data.decisions, 'B-2')).toMatchObject({ question: 'changed' });
      await store.update((d) => {
        d.decisions.push({ id: 'B-3', question: 'c' } as never);
      });
      expect(byId(store.data.decisions, 'B-3')).toMatchObject({ question: 'c' });
      // The edit and the append were followed, not rebuilt.
      expect(indexBuilds()).toBe(built);
      await store.update((d) => {
        d.decisions = d.decisions.filter((x) => x.id !== 'B-1');
      });
      expect(byId(store.data.decisions, 'B-1')).toBeUndefined();
      expect(byId(store.data.decisions, 'B-3')).toMatchObject({ question: 'c' });
      await store.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('indexes gate events by project, in recorded order', () => {
    const event = (proposalId: string, gate: 'BG0' | 'BG1') => ({ proposalId, kind: 'approve' as const, gate, at: '2026-11-23T09:00:00.000Z', by: 'p' });
    const events = committed([event('P-1', 'BG0'), event('P-2', 'BG0'), event('P-1', 'BG1')]);
    expect(gateEventsOf(events, 'P-1').map((e) => e.gate)).toEqual(['BG0', 'BG1']);
    expect(gateEventsOf(events, 'P-3')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { applyOps, cowDraft, deepFreeze, diffState } from '../../src/store/changes.js';
import { hasActivity } from '../../src/store/indexes.js';
import { markCommitted } from '../../src/store/committed.js';

const base = () => {
  const state = { schemaVersion: 2, counters: { a: 1 } as Record<string, number>, votes: [{ id: 'v1' }], proposals: [{ id: 'p1' }], since: 'x' as string | undefined };
  deepFreeze(state);
  return state;
};

describe('cowDraft: a list is copied only when the change touches it', () => {
  it('untouched lists stay the same (frozen) objects; touched ones are new and diffed', () => {
    const state = base();
    const { draft, finish } = cowDraft(state);
    // The copy has room for appends but holds exactly the committed records.
    expect(draft.votes).toHaveLength(1);
    expect([...draft.votes]).toEqual(state.votes);
    expect(draft.votes.at(-1)).toBe(state.votes[0]);
    draft.votes.push({ id: 'v2' });
    const { next, touched } = finish();
    expect(touched).toEqual(['votes']);
    expect(next.proposals).toBe(state.proposals);
    expect(next.votes).not.toBe(state.votes);
    expect(state.votes).toHaveLength(1);
    expect(diffState(state, next, undefined, touched)).toEqual([{ k: 'votes', push: [{ id: 'v2' }] }]);
  });

  it('reading a list copies it but changes nothing; replacing, deleting and `in` behave as on an object', () => {
    const state = base();
    const { draft, finish } = cowDraft(state);
    expect(draft.proposals.find((p) => p.id === 'p1')).toBe(state.proposals[0]);
    draft.counters = { a: 1, b: 2 };
    delete draft.since;
    expect('since' in draft).toBe(false);
    expect('votes' in draft).toBe(true);
    expect(Object.keys(draft).sort()).toEqual(['counters', 'proposals', 'schemaVersion', 'votes']);
    const { next, touched } = finish();
    const ops = diffState(state, next, undefined, touched);
    expect(ops).toEqual(expect.arrayContaining([{ k: 'counters', set: { b: 2 } }, { k: 'since', del: true }]));
    expect(ops).toHaveLength(2);
    const replayed = structuredClone(state) as Record<string, unknown>;
    applyOps(replayed, JSON.parse(JSON.stringify(ops)));
    expect(replayed).toEqual(next);
  });
});

describe('hasActivity', () => {
  it('finds a re-delivered activity in a committed list and in a draft list', () => {
    const list = [{ activityId: 'a1' }, { activityId: undefined }, { activityId: 'a2' }];
    markCommitted(list);
    expect(hasActivity(list, 'a2')).toBe(true);
    expect(hasActivity(list, 'a3')).toBe(false);
    const draft = [...list, { activityId: 'a3' }];
    expect(hasActivity(draft, 'a3')).toBe(true);
  });
});

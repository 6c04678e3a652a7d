import { describe, expect, it } from 'vitest';
import { answersOf, votesOf } from '../../src/store/indexes.js';

const vote = (decisionId: string, memberId: string) => ({ decisionId, memberId, position: 'approve' as const, personId: 'p', aadObjectId: 'a', capacity: 'socialChief' as const, at: '2026-11-23T09:00:00.000Z' });

describe('indexes over the committed state', () => {
  it('gives one decision’s votes in recorded order, and nothing for an unknown id', () => {
    const votes = Object.freeze([vote('B-1', 'a'), vote('B-2', 'b'), vote('B-1', 'c')]);
    expect(votesOf(votes, 'B-1').map((v) => v.memberId)).toEqual(['a', 'c']);
    expect(votesOf(votes, 'B-9')).toEqual([]);
  });

  it('a new version of the list gets its own index; an unfrozen draft list is searched as it is', () => {
    const first = Object.freeze([vote('B-1', 'a')]);
    expect(votesOf(first, 'B-1')).toHaveLength(1);
    const draft = [...first];
    expect(votesOf(draft, 'B-1')).toHaveLength(1);
    draft.push(vote('B-1', 'b'));
    // The draft changed after it was looked at: no stale answer.
    expect(votesOf(draft, 'B-1')).toHaveLength(2);
    Object.freeze(draft);
    expect(votesOf(draft, 'B-1')).toHaveLength(2);
    expect(votesOf(first, 'B-1')).toHaveLength(1);
  });

  it('indexes answers by proposal', () => {
    const answers = Object.freeze([
      { proposalId: 'P-1', memberId: 'a', answer: 'participates' as const, personId: 'p', aadObjectId: 'a', capacity: 'socialChief' as const, at: 'x' },
      { proposalId: 'P-2', memberId: 'b', answer: 'declines' as const, personId: 'p', aadObjectId: 'a', capacity: 'socialChief' as const, at: 'x' },
    ]);
    expect(answersOf(answers, 'P-2').map((r) => r.memberId)).toEqual(['b']);
  });
});

describe('indexes follow a write that appends', () => {
  it('carryIndexes moves the index to the new list with the new records; groups handed out earlier stay as they were', async () => {
    const { carryIndexes } = await import('../../src/store/indexes.js');
    const prev = Object.freeze([vote('B-1', 'a'), vote('B-2', 'b')]);
    const before = votesOf(prev, 'B-1');
    const added = vote('B-1', 'c');
    const next = Object.freeze([...prev, added]);
    carryIndexes(prev, next, [added]);
    expect(votesOf(next, 'B-1').map((v) => v.memberId)).toEqual(['a', 'c']);
    expect(before.map((v) => v.memberId)).toEqual(['a']);
    // The old version still answers for itself (rebuilt).
    expect(votesOf(prev, 'B-1').map((v) => v.memberId)).toEqual(['a']);
  });
});

import { describe, expect, it } from 'vitest';
import { DECISION_ID, formatId, idPattern, nextId, parseId, PROPOSAL_ID } from '../../src/domain/ids.js';

describe('ids: P-YYYY-NNN and B-YYYY-NNN', () => {
  it.each([
    ['proposal', 2026, 7, 'P-2026-007'],
    ['decision', 2026, 3, 'B-2026-003'],
    ['decision', 2027, 1000, 'B-2027-1000'],
  ] as const)('formatId(%s, %i, %i) === %s, and parses back', (kind, year, sequence, id) => {
    expect(formatId(kind, year, sequence)).toBe(id);
    expect(parseId(id)).toEqual({ kind, year, sequence, id });
  });

  it('parseId: typed ids in any case give the canonical one; other text gives nothing', () => {
    expect(parseId('p-2026-012')).toMatchObject({ kind: 'proposal', id: 'P-2026-012' });
    for (const bad of ['P-2026-12', 'P-26-012', 'X-2026-012', 'P-2026-012x', ' P-2026-012', 'P–2026–012', 'P-2026-012\u200b', ''])
      expect(parseId(bad)).toBeUndefined();
  });

  it('the patterns tell the kinds apart', () => {
    expect(PROPOSAL_ID.test('P-2026-001')).toBe(true);
    expect(PROPOSAL_ID.test('B-2026-001')).toBe(false);
    expect(DECISION_ID.test('b-2026-001')).toBe(true);
    expect(new RegExp(`^project:${idPattern('proposal')}$`).test('project:P-2026-001')).toBe(true);
  });

  it('nextId draws from the year and kind its counter is kept under', () => {
    expect(nextId({}, 'proposal', 2026)).toEqual({ counter: 'P-2026', sequence: 1, id: 'P-2026-001' });
    expect(nextId({ 'P-2026': 41, 'B-2026': 2 }, 'decision', 2026)).toEqual({ counter: 'B-2026', sequence: 3, id: 'B-2026-003' });
    expect(nextId({ 'B-2026': 2 }, 'decision', 2027).id).toBe('B-2027-001');
  });
});

import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../src/i18n/numbers.js';

describe('formatNumber', () => {
  it('reads as toLocaleString does, for each locale and number of decimals', () => {
    for (const n of [0, 7, 1234, 150000, 2474142, 12.3456, -3.5, 0.05])
      for (const [locale, decimals] of [
        ['sv-SE', undefined],
        ['en-GB', undefined],
        ['sv-SE', { min: 1, max: 1 }],
        ['sv-SE', { min: 2, max: 2 }],
        ['en-GB', { max: 2 }],
      ] as const)
        expect(formatNumber(n, locale, decimals)).toBe(n.toLocaleString(locale, { minimumFractionDigits: decimals?.min, maximumFractionDigits: decimals && 'max' in decimals ? decimals.max : undefined }));
  });

  it('gives Swedish groups and a decimal comma', () => {
    expect(formatNumber(2474142, 'sv-SE')).toBe('2\u00a0474\u00a0142');
    expect(formatNumber(12.34, 'sv-SE', { min: 1, max: 1 })).toBe('12,3');
  });
});

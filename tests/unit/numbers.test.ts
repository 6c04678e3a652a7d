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

describe('no amount reads as minus zero', () => {
  const table: [number, string, { min?: number; max?: number } | undefined, string][] = [
    [-0, 'sv-SE', undefined, '0'],
    [-0, 'en-GB', undefined, '0'],
    [-0, 'sv-SE', { min: 2, max: 2 }, '0,00'],
    [-0.0001, 'sv-SE', { max: 2 }, '0'],
    [-0.004, 'sv-SE', { min: 2, max: 2 }, '0,00'],
    [-0.4, 'sv-SE', { max: 0 }, '0'],
    [-1e-12, 'en-GB', undefined, '0'],
    [0, 'sv-SE', undefined, '0'],
    [-0.6, 'sv-SE', { max: 0 }, '\u22121'],
    [-3.5, 'sv-SE', undefined, '\u22123,5'],
    [-150000, 'en-GB', undefined, '-150,000'],
  ];
  it.each(table)('%s (%s, %j) → %s', (n, locale, decimals, expected) => {
    expect(formatNumber(n, locale, decimals)).toBe(expected);
  });

  it('nor as "-0 kr" through the catalogues and the decision record', async () => {
    const { sv } = await import('../../src/i18n/sv.js');
    const { en } = await import('../../src/i18n/en.js');
    const { protocolMessages } = await import('../../src/i18n/protocol.js');
    expect(sv.money(-0)).toBe('0 kr');
    expect(sv.money(-0.0001)).toBe('0 kr');
    expect(en.money(-0)).toBe('SEK 0');
    expect(protocolMessages('sv').money(-0)).toBe('0 kr');
    expect(protocolMessages('en').money(-0.001)).toBe('0 SEK');
  });
});

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { feeSchedule, municipalities, type Partnership } from '../../src/config/partnership.js';
import { quarterlyAdvance, splitByWeight, yearlyFee, type FeeSchedule } from '../../src/domain/allocation.js';
import { loadRealPartnership } from './_support.js';

/** The domain brief's figures (SCB, 31 Dec 2024), written out here so a config edit cannot hide a change. */
const POPULATION: Record<string, number> = {
  aneby: 6797,
  eksjo: 17792,
  gislaved: 28936,
  gnosjo: 9131,
  habo: 13456,
  jonkoping: 147654,
  mullsjo: 7594,
  nassjo: 31587,
  savsjo: 11563,
  tranas: 18604,
  vaggeryd: 14825,
  vetlanda: 27528,
  varnamo: 34542,
};
const FEE_2026 = 6_200_000;

/**
 * An independent reference in BigInt: floor(total·w / Σw) each, then one krona each to the largest
 * remainders (ties: larger weight, then id). Integer weights only.
 */
function reference(total: number, parts: { id: string; weight: number }[]): Map<string, number> {
  const sum = parts.reduce((a, p) => a + BigInt(p.weight), 0n);
  const rows = parts.map((p) => ({
    id: p.id,
    w: BigInt(p.weight),
    q: (BigInt(total) * BigInt(p.weight)) / sum,
    r: (BigInt(total) * BigInt(p.weight)) % sum,
  }));
  let left = BigInt(total) - rows.reduce((a, x) => a + x.q, 0n);
  const ranked = [...rows].sort((a, b) =>
    a.r !== b.r ? (a.r > b.r ? -1 : 1) : a.w !== b.w ? (a.w > b.w ? -1 : 1) : a.id < b.id ? -1 : 1,
  );
  const out = new Map(rows.map((x) => [x.id, x.q]));
  for (const x of ranked) {
    if (left === 0n) break;
    out.set(x.id, x.q + 1n);
    left -= 1n;
  }
  return new Map([...out].map(([id, v]) => [id, Number(v)]));
}

const byId = (rows: { id: string; amount: number }[]) => Object.fromEntries(rows.map((r) => [r.id, r.amount]));

let partnership: Partnership;
let parts: { id: string; weight: number }[];

beforeAll(async () => {
  partnership = await loadRealPartnership();
  parts = municipalities(partnership).map((m) => ({ id: m.id, weight: m.population ?? Number.NaN }));
});

describe('splitByWeight: the 2026 fee by population', () => {
  it('the config carries the brief’s population figures (sum 370 009)', () => {
    expect(Object.fromEntries(parts.map((p) => [p.id, p.weight]))).toEqual(POPULATION);
    expect(parts.reduce((a, p) => a + p.weight, 0)).toBe(370_009);
  });

  it('every municipality’s share, krona by krona, against an independent BigInt computation', () => {
    const split = splitByWeight(FEE_2026, parts);
    const expected = reference(FEE_2026, parts);
    expect(split.map((s) => s.id)).toEqual(parts.map((p) => p.id)); // input order kept
    for (const s of split) expect(s.amount, s.id).toBe(expected.get(s.id));
    expect(split.reduce((a, s) => a + s.amount, 0)).toBe(6_200_000);
  });

  it('hand-checked values: the full table, Jönköping and Aneby', () => {
    // Σ floor = 6 199 991, so 9 kronor go to the 9 largest remainders (Tranås, Gnosjö, Habo, Sävsjö get none).
    expect(byId(splitByWeight(FEE_2026, parts))).toEqual({
      aneby: 113_893, // 6 200 000 · 6 797 / 370 009 = 113 892.905…
      eksjo: 298_129,
      gislaved: 484_862,
      gnosjo: 153_002,
      habo: 225_473,
      jonkoping: 2_474_142, // 6 200 000 · 147 654 / 370 009 = 2 474 141.980…
      mullsjo: 127_248,
      nassjo: 529_283,
      savsjo: 193_753,
      tranas: 311_735,
      vaggeryd: 248_413,
      vetlanda: 461_269,
      varnamo: 578_798,
    });
    const jonkoping = splitByWeight(FEE_2026, parts).find((s) => s.id === 'jonkoping')!;
    expect(jonkoping.exact).toBeCloseTo(2_474_141.9803, 3);
    expect(jonkoping.share).toBeCloseTo(147_654 / 370_009, 12);
  });

  it('shares are fractions summing to 1 and exact shares sum to the total', () => {
    const split = splitByWeight(FEE_2026, parts);
    for (const s of split) {
      expect(s.share).toBeGreaterThan(0);
      expect(s.share).toBeLessThan(1);
    }
    expect(split.reduce((a, s) => a + s.share, 0)).toBeCloseTo(1, 12);
    expect(split.reduce((a, s) => a + s.exact, 0)).toBeCloseTo(FEE_2026, 6);
  });
});

describe('splitByWeight: small and edge cases', () => {
  it('1 krona among 13 goes to the largest remainder: Jönköping', () => {
    const split = byId(splitByWeight(1, parts));
    expect(split.jonkoping).toBe(1);
    expect(Object.values(split).reduce((a, b) => a + b, 0)).toBe(1);
    expect(byId(splitByWeight(1, [...parts].reverse()))).toEqual(split);
  });

  it('0 kronor gives everyone 0', () => {
    expect(splitByWeight(0, parts).every((s) => s.amount === 0 && s.exact === 0)).toBe(true);
  });

  it('a project among 2 of 13: Eksjö and Habo, by their populations only', () => {
    const two = parts.filter((p) => p.id === 'eksjo' || p.id === 'habo');
    // 500 000 · 17 792 / 31 248 = 284 690.22…, 500 000 · 13 456 / 31 248 = 215 309.77…
    expect(byId(splitByWeight(500_000, two))).toEqual({ eksjo: 284_690, habo: 215_310 });
    // 6 200 000 · 17 792 / 31 248 = 3 530 158.73…, · 13 456 / 31 248 = 2 669 841.26…
    expect(byId(splitByWeight(FEE_2026, two))).toEqual({ eksjo: 3_530_159, habo: 2_669_841 });
    expect(Object.fromEntries(reference(500_000, two))).toEqual({ eksjo: 284_690, habo: 215_310 });
  });

  it('equal weights, total not divisible: the extra krona by id order, output in input order', () => {
    const three = [{ id: 'c', weight: 5 }, { id: 'a', weight: 5 }, { id: 'b', weight: 5 }];
    expect(splitByWeight(100, three).map((s) => [s.id, s.amount])).toEqual([['c', 33], ['a', 34], ['b', 33]]);
    expect(splitByWeight(101, three).map((s) => [s.id, s.amount])).toEqual([['c', 33], ['a', 34], ['b', 34]]);
    expect(splitByWeight(100, three).map((s) => s.share)).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it('id order is plain code-unit order, not locale order', () => {
    // "B" (0x42) < "a" (0x61) in code units; localeCompare would put "a" first. Same result in every locale.
    const tie = [{ id: 'a', weight: 1 }, { id: 'B', weight: 1 }];
    expect(byId(splitByWeight(1, tie))).toEqual({ a: 0, B: 1 });
  });

  it('a remainder tie is broken by the larger weight before the id', () => {
    // 2 · 1/4 = 0.5 and 2 · 3/4 = 1.5: equal remainders, "b" has the larger weight.
    expect(byId(splitByWeight(2, [{ id: 'a', weight: 1 }, { id: 'b', weight: 3 }]))).toEqual({ a: 0, b: 2 });
  });

  it('a part with weight 0 gets nothing; fractional weights work exactly', () => {
    expect(byId(splitByWeight(10, [{ id: 'a', weight: 0 }, { id: 'b', weight: 1 }, { id: 'c', weight: 2 }]))).toEqual({
      a: 0,
      b: 3,
      c: 7,
    });
    expect(byId(splitByWeight(10, [{ id: 'x', weight: 0.1 }, { id: 'y', weight: 0.2 }]))).toEqual({ x: 3, y: 7 });
  });

  it.each([
    ['a negative total', -1, [{ id: 'a', weight: 1 }], /total/],
    ['a non-integer total', 10.5, [{ id: 'a', weight: 1 }], /total/],
    ['a NaN total', Number.NaN, [{ id: 'a', weight: 1 }], /total/],
    ['an unsafe total', 2 ** 53, [{ id: 'a', weight: 1 }], /total/],
    ['no parts', 10, [], /no parts/],
    ['a negative weight', 10, [{ id: 'a', weight: 1 }, { id: 'b', weight: -1 }], /"b"/],
    ['a NaN weight', 10, [{ id: 'a', weight: Number.NaN }], /"a"/],
    ['an infinite weight', 10, [{ id: 'a', weight: Number.POSITIVE_INFINITY }], /"a"/],
    ['all weights zero', 10, [{ id: 'a', weight: 0 }, { id: 'b', weight: 0 }], /zero/],
    ['a duplicate id', 10, [{ id: 'a', weight: 1 }, { id: 'a', weight: 2 }], /duplicate id "a"/],
  ])('refuses %s', (_name, total, given, message) => {
    expect(() => splitByWeight(total, given)).toThrow(RangeError);
    expect(() => splitByWeight(total, given)).toThrow(message);
  });
});

describe('splitByWeight: properties', () => {
  const weightList = (maxWeight: number) =>
    fc
      .array(fc.integer({ min: 0, max: maxWeight }), { minLength: 1, maxLength: 30 })
      .filter((ws) => ws.some((w) => w > 0))
      .map((ws) => ws.map((weight, i) => ({ id: `m${String(i).padStart(2, '0')}`, weight })));
  const total = fc.integer({ min: 0, max: 1_000_000_000 });

  it('amounts are non-negative whole kronor, sum to the total, within a krona of the exact share', () => {
    fc.assert(
      fc.property(total, weightList(1_000_000), (t, ws) => {
        const split = splitByWeight(t, ws);
        const sum = ws.reduce((a, p) => a + BigInt(p.weight), 0n);
        expect(split.reduce((a, s) => a + s.amount, 0)).toBe(t);
        split.forEach((s, i) => {
          expect(Number.isSafeInteger(s.amount) && s.amount >= 0).toBe(true);
          expect(Math.abs(s.amount - s.exact)).toBeLessThan(1);
          // The same, exactly: |amount·Σw − total·w| < Σw.
          const diff = BigInt(s.amount) * sum - BigInt(t) * BigInt(ws[i]!.weight);
          expect(diff < sum && -diff < sum).toBe(true);
        });
        expect(new Map(split.map((s) => [s.id, s.amount]))).toEqual(reference(t, ws));
      }),
      { numRuns: 500 },
    );
  });

  it('the result per id does not depend on the order of the parts (many ties with small weights)', () => {
    const shuffled = (maxWeight: number) =>
      weightList(maxWeight).chain((ws) =>
        fc.tuple(fc.constant(ws), fc.shuffledSubarray(ws, { minLength: ws.length, maxLength: ws.length })),
      );
    for (const maxWeight of [3, 1_000_000]) {
      fc.assert(
        fc.property(total, shuffled(maxWeight), (t, [ws, permuted]) => {
          const a = splitByWeight(t, ws);
          const b = splitByWeight(t, permuted);
          expect(b.map((s) => s.id)).toEqual(permuted.map((p) => p.id));
          expect(byId(b)).toEqual(byId(a));
        }),
        { numRuns: 500 },
      );
    }
  });

  it('fractional weights: still whole kronor summing to the total, within a krona', () => {
    fc.assert(
      fc.property(
        total,
        fc
          .array(fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 30 })
          .filter((ws) => ws.some((w) => w > 0)),
        (t, ws) => {
          const split = splitByWeight(t, ws.map((weight, i) => ({ id: `p${i}`, weight })));
          expect(split.reduce((a, s) => a + s.amount, 0)).toBe(t);
          for (const s of split) {
            expect(Number.isInteger(s.amount) && s.amount >= 0).toBe(true);
            expect(Math.abs(s.amount - s.exact)).toBeLessThan(1);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('yearlyFee', () => {
  const fee: FeeSchedule = { baseYear: 2026, baseAmountSek: 6_200_000, index: { '2027': 1.032, '2028': 1.03 } };

  it.each([
    [2026, 6_200_000],
    [2027, 6_398_400], // 6 200 000 · 1.032
    [2028, 6_590_352], // 6 398 400 · 1.03
  ])('%i → %i kr', (year, amount) => {
    expect(yearlyFee(year, fee)).toBe(amount);
  });

  it.each([
    // [base, factors, expected]: rounding once at the end, half away from zero, exactly on the decimals.
    [100, { '2027': 1.005 }, 101], // 100.5 → 101
    [3, { '2027': 1.5 }, 5], // 4.5 → 5 (not banker's 4)
    [50, { '2027': 1.15 }, 58], // 57.5 exactly; 50 * 1.15 in doubles is 57.49999999999999
    [100, { '2027': 1.004, '2028': 1.004 }, 101], // 100.8016 → 101; rounding every year would give 100.4 → 100 → 100.4 → 100
    [1_000_000, { '2027': 0.98 }, 980_000], // a decrease is allowed
  ])('base %i, index %o → %i', (base, index, expected) => {
    const year = Math.max(...Object.keys(index).map(Number));
    expect(yearlyFee(year, { baseYear: 2026, baseAmountSek: base, index })).toBe(expected);
  });

  it('refuses a year before the base year, naming it', () => {
    expect(() => yearlyFee(2025, fee)).toThrow(RangeError);
    expect(() => yearlyFee(2025, fee)).toThrow(/2025/);
  });

  it('refuses a year whose index (or an earlier one) is missing, naming the missing year', () => {
    expect(() => yearlyFee(2029, fee)).toThrow(RangeError);
    expect(() => yearlyFee(2029, fee)).toThrow(/no fee index for 2029/);
    const gap = { ...fee, index: { '2027': 1.032, '2029': 1.02 } };
    expect(() => yearlyFee(2029, gap)).toThrow(/no fee index for 2028/);
  });

  it('refuses a non-integer year and an invalid index factor', () => {
    expect(() => yearlyFee(2027.5, fee)).toThrow(RangeError);
    expect(() => yearlyFee(2027, { ...fee, index: { '2027': -1 } })).toThrow(/2027/);
    expect(() => yearlyFee(2027, { ...fee, index: { '2027': Number.NaN } })).toThrow(/2027/);
  });

  it('the shipped config: 6.2 MSEK in 2026 and placeholder index factors for 2027–2028', () => {
    // The parsed fee carries each factor's confirmation; the domain computes on the factors alone.
    expect(partnership.fee).toBeDefined();
    const configured: FeeSchedule = feeSchedule(partnership.fee!);
    expect(yearlyFee(2026, configured)).toBe(6_200_000);
    expect(yearlyFee(2027, configured)).toBe(6_417_000); // · 1.035
    expect(yearlyFee(2028, configured)).toBe(6_609_510); // · 1.03
    expect(byId(splitByWeight(yearlyFee(2026, configured), parts)).jonkoping).toBe(2_474_142);
  });
});

describe('quarterlyAdvance', () => {
  it.each([
    [0, [0, 0, 0, 0]],
    [1, [1, 0, 0, 0]],
    [2, [1, 1, 0, 0]],
    [3, [1, 1, 1, 0]],
    [4, [1, 1, 1, 1]],
    [10, [3, 3, 2, 2]],
    [6_200_000, [1_550_000, 1_550_000, 1_550_000, 1_550_000]],
    [2_474_142, [618_536, 618_536, 618_535, 618_535]], // Jönköping 2026
    [113_893, [28_474, 28_473, 28_473, 28_473]], // Aneby 2026
    [311_735, [77_934, 77_934, 77_934, 77_933]], // Tranås 2026
  ])('%i → %o', (amount, quarters) => {
    expect(quarterlyAdvance(amount)).toEqual(quarters);
  });

  it('always sums to the amount, quarters differ by at most a krona, earlier quarters first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (amount) => {
        const q = quarterlyAdvance(amount);
        expect(q.reduce((a, b) => a + b, 0)).toBe(amount);
        expect(Math.max(...q) - Math.min(...q)).toBeLessThanOrEqual(1);
        expect([...q].sort((a, b) => b - a)).toEqual(q);
      }),
      { numRuns: 500 },
    );
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %d', (amount) => {
    expect(() => quarterlyAdvance(amount)).toThrow(RangeError);
  });
});

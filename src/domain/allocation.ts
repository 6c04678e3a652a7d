/**
 * Splitting money between members in whole kronor (domain rule 5): the yearly joint fee, a project's
 * cost among its participants, and the quarterly advance payments.
 *
 * All arithmetic that decides a krona is exact (BigInt); floating point only appears in the
 * informational `exact` and `share` fields.
 */

export interface WeightedPart {
  id: string;
  /** E.g. the member's population. Finite and >= 0; need not be an integer. */
  weight: number;
}

export interface Allocation {
  id: string;
  /** Whole kronor. The amounts of one split always add up exactly to the total. */
  amount: number;
  /**
   * The exact proportional share total × weight / Σweight as a double, for display. Rounded so that
   * `Math.floor(exact)` is the floor of the true share and `exact` is a whole number only when the true
   * share is, hence `|amount − exact| < 1` holds for the double too.
   */
  exact: number;
  /** weight / Σweight, a fraction between 0 and 1. */
  share: number;
}

/** The yearly joint fee as configured (`fee` in the partnership config). */
export interface FeeSchedule {
  baseYear: number;
  /** The fee in `baseYear`, whole kronor. */
  baseAmountSek: number;
  /** Year ("2027") → factor over the year before, e.g. 1.032 = +3.2 %. */
  index: Record<string, number>;
}

/**
 * Splits `total` kronor by weight with the largest remainder method (Hamilton): every part first gets the
 * floor of its exact share, then the kronor still left go one each to the parts with the largest
 * fractional remainders. Ties: larger remainder first, then larger weight, then id ascending (plain
 * code-unit order, not locale order). The result keeps the input order and does not depend on it.
 * A part with weight 0 gets 0.
 *
 * @throws RangeError for a total that is not a safe non-negative integer, no parts, a negative or
 *   non-finite weight, all weights zero, or a duplicate id.
 */
export function splitByWeight(total: number, parts: readonly WeightedPart[]): Allocation[] {
  if (!Number.isSafeInteger(total) || total < 0)
    throw new RangeError(`total must be a whole, non-negative number of kronor, got ${total}`);
  if (parts.length === 0) throw new RangeError('cannot split between no parts');
  const seen = new Set<string>();
  for (const p of parts) {
    if (!Number.isFinite(p.weight) || p.weight < 0)
      throw new RangeError(`weight of "${p.id}" must be a finite number >= 0, got ${p.weight}`);
    if (seen.has(p.id)) throw new RangeError(`duplicate id "${p.id}"`);
    seen.add(p.id);
  }

  const weights = exactIntegers(parts.map((p) => p.weight));
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (sum === 0n) throw new RangeError('all weights are zero');

  const big = BigInt(total);
  const rows = parts.map((p, i) => {
    const w = weights[i]!;
    const numerator = big * w;
    return { id: p.id, weight: w, floor: numerator / sum, remainder: numerator % sum, index: i };
  });

  const left = Number(big - rows.reduce((a, r) => a + r.floor, 0n)); // < parts.length
  const order = [...rows].sort(
    (a, b) =>
      compareBig(b.remainder, a.remainder) || compareBig(b.weight, a.weight) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const extra = new Set(order.slice(0, left).map((r) => r.index));

  return rows.map((r) => ({
    id: r.id,
    amount: Number(r.floor) + (extra.has(r.index) ? 1 : 0),
    exact: mixedToDouble(r.floor, r.remainder, sum),
    share: ratio(r.weight, sum),
  }));
}

/**
 * The joint fee for `year` in whole kronor: the base year's amount times every yearly index factor
 * from baseYear + 1 up to `year`, compounded, computed exactly on the factors as written in decimal
 * (1.035 is 1035/1000), and rounded once at the end to the nearest krona, half away from zero.
 * An index entry for baseYear itself or for years after `year` is not used.
 *
 * @throws RangeError for a year before baseYear (or not a whole number), a missing or invalid index
 *   factor (naming the year), or an invalid base amount.
 */
export function yearlyFee(year: number, fee: FeeSchedule): number {
  if (!Number.isSafeInteger(fee.baseYear)) throw new RangeError(`fee base year must be a whole number, got ${fee.baseYear}`);
  if (!Number.isSafeInteger(fee.baseAmountSek) || fee.baseAmountSek < 0)
    throw new RangeError(`fee base amount must be whole, non-negative kronor, got ${fee.baseAmountSek}`);
  if (!Number.isSafeInteger(year)) throw new RangeError(`year must be a whole number, got ${year}`);
  if (year < fee.baseYear) throw new RangeError(`no fee for ${year}: the fee starts in ${fee.baseYear}`);

  let numerator = BigInt(fee.baseAmountSek);
  let denominator = 1n;
  for (let y = fee.baseYear + 1; y <= year; y++) {
    const factor = Object.hasOwn(fee.index, String(y)) ? fee.index[String(y)] : undefined;
    if (factor === undefined) throw new RangeError(`no fee index for ${y}, needed for the fee of ${year}`);
    if (!Number.isFinite(factor) || factor <= 0)
      throw new RangeError(`fee index for ${y} must be a positive number, got ${factor}`);
    const d = decimal(factor);
    numerator *= d.digits;
    denominator *= d.scale;
  }
  // Round half away from zero (the amount is never negative, so: half up).
  const rounded = (2n * numerator + denominator) / (2n * denominator);
  const result = Number(rounded);
  if (!Number.isSafeInteger(result)) throw new RangeError(`the fee for ${year} is too large: ${rounded}`);
  return result;
}

/**
 * A yearly amount as four quarterly advance payments in whole kronor that add up to `amount`:
 * largest remainder over four equal parts, so the earlier quarters get the extra kronor
 * (e.g. 10 → [3, 3, 2, 2]).
 *
 * @throws RangeError for an amount that is not a safe non-negative integer.
 */
export function quarterlyAdvance(amount: number): [number, number, number, number] {
  if (!Number.isSafeInteger(amount) || amount < 0)
    throw new RangeError(`amount must be a whole, non-negative number of kronor, got ${amount}`);
  const base = Math.floor(amount / 4);
  const left = amount - 4 * base;
  const q = (i: number) => base + (i < left ? 1 : 0);
  return [q(0), q(1), q(2), q(3)];
}

// ---- exact helpers ----

function compareBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Finite non-negative doubles → integers with the same ratios (every double is m·2^e exactly). */
function exactIntegers(values: number[]): bigint[] {
  const split = values.map((v) => {
    let m = v;
    let k = 0;
    while (!Number.isInteger(m)) {
      m *= 2; // exact: m < 2^53 here, and doubling only shifts the exponent
      k++;
    }
    return { m: BigInt(m), k };
  });
  const K = split.reduce((a, s) => Math.max(a, s.k), 0);
  return split.map((s) => s.m << BigInt(K - s.k));
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** n / d as a double, for 0 <= n and 0 < d of any size. */
function ratio(n: bigint, d: bigint): number {
  const shift = Math.max(0, bitLength(d) - 900);
  return Number(n >> BigInt(shift)) / Number(d >> BigInt(shift));
}

/** q + r/d as a double (0 <= r < d), kept strictly inside (q, q + 1) when r > 0. */
function mixedToDouble(q: bigint, r: bigint, d: bigint): number {
  const whole = Number(q);
  if (r === 0n) return whole;
  const x = whole + ratio(r, d);
  if (x >= whole + 1) return nextDown(whole + 1);
  if (x <= whole) return nextUp(whole);
  return x;
}

function nextUp(x: number): number {
  // For x >= 0 only.
  if (x === 0) return Number.MIN_VALUE;
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  buf.setBigUint64(0, buf.getBigUint64(0) + 1n);
  return buf.getFloat64(0);
}

function nextDown(x: number): number {
  // For x > 0 only.
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  buf.setBigUint64(0, buf.getBigUint64(0) - 1n);
  return buf.getFloat64(0);
}

/** A positive finite double as the decimal its shortest representation shows: 1.035 → 1035 / 1000. */
function decimal(x: number): { digits: bigint; scale: bigint } {
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x));
  if (!m) throw new RangeError(`not a plain decimal number: ${x}`);
  const fraction = m[2] ?? '';
  let digits = BigInt(m[1]! + fraction);
  let exponent = Number(m[3] ?? '0') - fraction.length;
  if (exponent >= 0) {
    digits *= 10n ** BigInt(exponent);
    exponent = 0;
  }
  return { digits, scale: 10n ** BigInt(-exponent) };
}

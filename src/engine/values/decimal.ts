// Decimal arithmetic for amounts, rates and scores: one configured clone so every module rounds alike.
import Decimal from 'decimal.js';

/** decimal.js clone: 40 significant digits, 四舍五入 (half-up, away from zero on .5). */
export const D = Decimal.clone({
  precision: 40,
  rounding: Decimal.ROUND_HALF_UP,
  // Plain notation for anything a workbook can hold, so toString() never shows "1e-7" to a user.
  toExpNeg: -40,
  toExpPos: 40,
});
export type Dec = InstanceType<typeof D>;

type DecLike = Dec | string | number;

/** Converts without throwing; null for anything that is not a finite number. */
export function toDec(x: DecLike | null | undefined): Dec | null {
  if (x === null || x === undefined) return null;
  if (D.isDecimal(x)) return (x as Dec).isFinite() ? (x as Dec) : null;
  if (typeof x === 'number') return Number.isFinite(x) ? new D(x === 0 ? 0 : x) : null;
  if (typeof x !== 'string') return null;
  try {
    const d = new D(x.trim());
    return d.isFinite() ? d : null;
  } catch {
    return null;
  }
}

function fixed(x: DecLike, dp: number): string {
  const d = toDec(x);
  if (!d) return '';
  const s = d.toFixed(dp);
  // decimal.js keeps the sign of a negative that rounds to zero ("-0.00"); nobody wants that shown.
  return s.charCodeAt(0) === 45 && NEG_ZERO.test(s) ? s.slice(1) : s;
}
const NEG_ZERO = /^-0(?:\.0*)?$/;

/** Half-up to 2 decimals. Non-numbers give NaN (never throws). */
export function round2(d: DecLike): Dec {
  const x = toDec(d);
  if (!x) return new D(NaN);
  // Most figures already have ≤ 2 decimals: returning them as they are spares an allocation.
  return x.decimalPlaces() <= 2 ? x : x.toDecimalPlaces(2, D.ROUND_HALF_UP);
}

// Parsed values are shared between cells (see forms/fields.ts), so formatting is cached per instance.
// A plain Map emptied at every check (resetFormatCache) rather than a WeakMap: thousands of weak entries
// made each garbage collection slower than the lookups they saved.
const fmt2Cache = new Map<Dec, string>();
const FMT_CACHE_LIMIT = 100_000;

export function resetFormatCache(): void {
  fmt2Cache.clear();
}

/** "9.66": always 2 decimals, half-up; "" for a non-number. */
export function fmt2(d: DecLike): string {
  if (typeof d === 'object') {
    const hit = fmt2Cache.get(d);
    if (hit !== undefined) return hit;
    const s = fixed(d, 2);
    if (fmt2Cache.size < FMT_CACHE_LIMIT) fmt2Cache.set(d, s);
    return s;
  }
  return fixed(d, 2);
}

/** A fraction shown as a percent: 0.9661907 → "96.62%". "" for a non-number. */
export function fmtPercent(fraction: DecLike): string {
  const d = toDec(fraction);
  if (!d) return '';
  return fixed(d.times(100), 2) + '%';
}

/** Amounts as the reports print them: plain, no thousands separators, 2 decimals ("2773.47"). */
export function fmtAmount(d: DecLike): string {
  return fixed(d, 2);
}

/** A fraction to 4 decimals, half-up ("0.9662" = 96.62%). */
export function toFixed4(fraction: DecLike): string {
  return fixed(fraction, 4);
}

/**
 * Compares two decimals: -1, 0, 1, or NaN when either is NaN. decimal.js's own comparedTo copies its
 * argument into a new Decimal on every call; checking thousands of rows made those copies a large share
 * of the engine's garbage. This reads the documented instance properties (d: base-1e7 digit words,
 * e: exponent, s: sign) the same way decimal.js does, so results are identical (see values tests).
 */
export function cmp(x: Dec, y: Dec): number {
  const xd = x.d;
  const yd = y.d;
  const xs = x.s;
  const ys = y.s;
  // NaN or ±Infinity.
  if (!xd || !yd) {
    if (!xs || !ys) return NaN;
    if (xs !== ys) return xs;
    if (xd === yd) return 0;
    return (!xd) !== (xs < 0) ? 1 : -1;
  }
  // Either zero.
  if (!xd[0] || !yd[0]) return xd[0] ? xs : yd[0] ? -ys : 0;
  if (xs !== ys) return xs;
  if (x.e !== y.e) return (x.e > y.e) !== (xs < 0) ? 1 : -1;
  const n = Math.min(xd.length, yd.length);
  for (let i = 0; i < n; i++) {
    if (xd[i] !== yd[i]) return (xd[i]! > yd[i]!) !== (xs < 0) ? 1 : -1;
  }
  return xd.length === yd.length ? 0 : (xd.length > yd.length) !== (xs < 0) ? 1 : -1;
}

/** x < y (false when either is NaN, as decimal.js). */
export const lt = (x: Dec, y: Dec): boolean => cmp(x, y) < 0;
/** x ≤ y. */
export const lte = (x: Dec, y: Dec): boolean => cmp(x, y) <= 0;
/** x > y. */
export const gt = (x: Dec, y: Dec): boolean => cmp(x, y) > 0;
/** x ≥ y. */
export const gte = (x: Dec, y: Dec): boolean => cmp(x, y) >= 0;
/** x = y. */
export const eq = (x: Dec, y: Dec): boolean => cmp(x, y) === 0;

/**
 * Exact sum of the decimals picked from items (nulls skipped). Parsed figures are shared instances (one
 * per distinct cell value), and forms repeat them row after row (分值 2.5, 2.5, 2.5…): a run of the same
 * instance is added as value × run length, which spares decimal.js's two allocations per addition.
 */
export function sumBy<T>(items: readonly T[], pick: (item: T) => Dec | null | undefined): Dec {
  let total: Dec | null = null;
  let run: Dec | null = null;
  let count = 0;
  const flush = () => {
    if (!run) return;
    const part = count === 1 ? run : run.mul(count);
    total = total ? total.plus(part) : part;
  };
  for (const item of items) {
    const v = pick(item);
    if (!v) continue;
    if (v === run) {
      count++;
      continue;
    }
    flush();
    run = v;
    count = 1;
  }
  flush();
  return total ?? ZERO_DEC;
}
const ZERO_DEC = new D(0);

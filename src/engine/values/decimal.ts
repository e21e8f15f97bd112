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

/** "9.66": always 2 decimals, half-up; "" for a non-number. */
const fmt2Cache = new WeakMap<Dec, string>();

export function fmt2(d: DecLike): string {
  // Parsed values are shared between cells (see forms/fields.ts), so formatting is cached per instance.
  if (typeof d === 'object') {
    const hit = fmt2Cache.get(d);
    if (hit !== undefined) return hit;
    const s = fixed(d, 2);
    fmt2Cache.set(d, s);
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

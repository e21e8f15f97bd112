// Formatting and comparison helpers shared by rules. All figures are decimal; display is 2 dp half-up.
import { D, fmt2, fmtPercent, round2, type Dec } from '../values';
import type { NumCell } from '../forms/model';
import type { ScoringPolicy } from '../scoring/policy';

export { D, fmt2, fmtPercent, round2 };
export type { Dec };

/** A declared rate as a fraction: % cells hold fractions, "96.62" typed without % means percent points. */
export function declaredFraction(n: NumCell | null | undefined): Dec | null {
  const r = n?.read;
  if (!r) return null;
  if (r.percent || r.percentFormat) return r.value;
  return r.value.abs().gt('1.5') ? r.value.div(100) : r.value;
}

/** Percent with 2 decimals as a decimal number of percent points (0.923077 → 92.31). */
export function pct2(fraction: Dec): Dec {
  return round2(fraction.mul(100));
}

export function truncPct2(fraction: Dec): Dec {
  return fraction.mul(100).toDecimalPlaces(2, D.ROUND_DOWN);
}

export type SumVerdict = 'ok' | 'tail' | 'error';

/** Compares a declared sum with its parts at 2 dp: off by at most the tolerance is a rounding tail. */
export function compareSum(declared: Dec, parts: Dec, policy: ScoringPolicy): SumVerdict {
  const diff = round2(declared).minus(round2(parts)).abs();
  if (diff.isZero()) return 'ok';
  return diff.lte(policy.sumTolerance) ? 'tail' : 'error';
}

export function sum(values: Dec[]): Dec {
  return values.reduce((a, b) => a.plus(b), new D(0));
}

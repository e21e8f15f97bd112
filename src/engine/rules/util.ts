// Formatting and comparison helpers shared by rules. All figures are decimal; display is 2 dp half-up.
import { D, fmt2, fmtPercent, round2, type Dec } from '../values';
import type { FormModel, NumCell } from '../forms/model';
import type { CellValue } from '../types';
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

/** Calls visit for every stored cell inside a form's region (the rules that look at each cell's text). */
export function forEachFormCell(form: FormModel, visit: (value: CellValue | undefined, row: number, col: number) => void): void {
  const g = form.grid;
  for (let r = form.top; r <= form.bottom && r < g.rowCount; r++) {
    const values = g.rowValues(r);
    const right = Math.min(Math.max(form.right, form.left), values.length - 1);
    for (let c = form.left; c <= right; c++) visit(values[c], r, c);
  }
}

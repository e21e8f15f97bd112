// Declared figures read once, with their scale. A rate cell may hold a fraction (0.9231, shown as 92.31%
// under a % format) or percent points typed without % (92.31). Every rule, summary and template reads the
// declared rate through here, so "92.31" is never shown as 9231.00%.
import { D, type Dec } from '../values';
import type { NumCell } from '../forms/model';

export interface DeclaredRate {
  /** The rate as a fraction (0.9231 = 92.31%). */
  fraction: Dec;
  /** How the cell holds it: the fraction itself, or percent points typed without %. */
  scale: 'fraction' | 'points';
  /** The number the cell holds (for a text cell, the number its text reads as). */
  held: Dec;
  cell: NumCell;
}

/** What else the form says about the rate, used only when a bare number is ambiguous (1 < n ≤ 1.5). */
export interface RateEvidence {
  /** The recomputed rate (执行数 ÷ 预算数, 在职 ÷ 编制). */
  recomputed?: Dec | null;
  /** The declared 执行率得分 and its 分值: 0.12 of 10 next to "1.2" says 1.2%, not 120%. */
  score?: Dec | null;
  weight?: Dec | null;
}

const ONE = new D(1);
const HUNDRED = new D(100);
const AMBIGUOUS_MAX = new D('1.5');

function closer(target: Dec, a: Dec, b: Dec): 'a' | 'b' {
  return target.minus(a).abs().lte(target.minus(b).abs()) ? 'a' : 'b';
}

/**
 * The declared rate of a cell, or null when the cell holds no number. A % format or a "%" in the text
 * means a fraction; a bare number up to 1 is a fraction; above 1.5 it is percent points; between, the
 * declared score (or else the recomputed rate) decides which reading the form agrees with.
 */
export function readDeclaredRate(cell: NumCell | null | undefined, evidence: RateEvidence = {}): DeclaredRate | null {
  const r = cell?.read;
  if (!cell || !r) return null;
  const held = r.value;
  if (r.percent || r.percentFormat) return { fraction: held, scale: 'fraction', held, cell };
  const abs = held.abs();
  const asPoints = (): DeclaredRate => ({ fraction: held.div(HUNDRED), scale: 'points', held, cell });
  const asFraction = (): DeclaredRate => ({ fraction: held, scale: 'fraction', held, cell });
  if (abs.lte(ONE)) return asFraction();
  if (abs.gt(AMBIGUOUS_MAX)) return asPoints();
  const points = held.div(HUNDRED);
  const { score, weight, recomputed } = evidence;
  if (score && weight && weight.gt(0)) {
    const capped = (x: Dec) => weight.mul(x.gt(ONE) ? ONE : x);
    return closer(score, capped(held), capped(points)) === 'a' ? asFraction() : asPoints();
  }
  if (recomputed) return closer(recomputed, held, points) === 'a' ? asFraction() : asPoints();
  return asFraction();
}

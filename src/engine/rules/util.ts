// Formatting and comparison helpers shared by rules. All figures are decimal; display is 2 dp half-up.
import { D, fmt2, fmtPercent, fromWan, round2, type AmountUnitName, type Dec } from '../values';
import type { FormModel, IndicatorRow, NumCell } from '../forms/model';
import type { Grid } from '../grid';
import type { CellValue, FindingFix, FindingValue } from '../types';
import type { DeclaredRate } from '../scoring/declared';
import type { ScoringPolicy } from '../scoring/policy';

export { D, fmt2, fmtPercent, round2 };
export type { Dec };

/** A figure of a finding. */
export function val(kind: FindingValue['kind'], d: Dec | string | number): FindingValue {
  return { kind, value: typeof d === 'string' ? d : d.toString() };
}

/** What a number cell holds: its text when stored as text ("2,773.47"), else its number, unrounded. */
export function held(cell: NumCell, kind: 'amount' | 'score' | 'weight' | 'count'): FindingValue {
  const r = cell.read;
  if (!r || r.fromText || cell.embedded) return { kind: 'text', value: String(cell.raw ?? '').trim() };
  return { kind, value: r.value.toString() };
}

/** What a rate cell holds, with its scale (0.9231, or 92.31 typed without %); text as written. */
export function heldRate(d: DeclaredRate): FindingValue {
  if (d.cell.read?.fromText) return { kind: 'text', value: String(d.cell.raw ?? '').trim() };
  return { kind: 'rate', value: d.fraction.toString(), scale: d.scale };
}

/** The 改正 of a rate cell: the rounded rate in the cell's own scale (percent points stay points). */
export function rateFix(d: DeclaredRate, rate: Dec): FindingFix {
  if (d.scale === 'points' && !d.cell.read?.fromText) return { value: round2(rate.mul(100)).toNumber() };
  const fraction = rate.mul(100).toDecimalPlaces(2, D.ROUND_HALF_UP).div(100);
  return d.cell.read?.percentFormat ? { value: fraction.toNumber() } : { value: fraction.toNumber(), numberFormat: '0.00%' };
}

/** The 改正 writing a rounded amount/score: the number half-up at 2 dp. */
export function numberFix(d: Dec): FindingFix {
  return { value: round2(d).toNumber() };
}

/** Percent with 2 decimals as a decimal number of percent points (0.923077 → 92.31). */
export function pct2(fraction: Dec): Dec {
  return round2(fraction.mul(100));
}

export function truncPct2(fraction: Dec): Dec {
  return fraction.mul(100).toDecimalPlaces(2, D.ROUND_DOWN);
}

export type SumVerdict = 'ok' | 'tail' | 'error';

/**
 * Compares a declared sum with its parts at 2 dp: off by at most the tolerance is a rounding tail. The tolerance
 * is in 万元 (the 万元 rounding tail); for a form that states its amounts in 元 it is the same sum in 元.
 */
export function compareSum(declared: Dec, parts: Dec, policy: ScoringPolicy, unit?: AmountUnitName | null): SumVerdict {
  const diff = round2(declared).minus(round2(parts)).abs();
  if (diff.isZero()) return 'ok';
  return diff.lte(fromWan(new D(policy.sumTolerance), unit)) ? 'tail' : 'error';
}

/** The tail message of a form in 元 (its tail is up to 0.01 万元 = 100 元, not 0.01), with the difference. */
export function tailInYuan(form: FormModel, declared: Dec, parts: Dec): { yuan: boolean; diff: string } {
  return { yuan: form.amountUnit?.unit === '元', diff: fmt2(round2(declared).minus(round2(parts)).abs()) };
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

const TEMPLATE_PLACEHOLDER = /^(指标\d+[:：]?|三级指标\d+[:：]?|[….。]{2,}|x{2,}|X{2,}|×{2,}|XX.*|xx.*)$/;

/** Text a template leaves for the clerk to replace: "指标1", "三级指标2", "……", "XX" (spaces and line breaks aside). */
export function isTemplatePlaceholder(text: string): boolean {
  return TEMPLATE_PLACEHOLDER.test(text.replace(/\s+/g, ''));
}

/**
 * An indicator row the template offered and the clerk did not use: its name is still a placeholder ("指标2",
 * "……") and its 指标值, 完成值, 分值 and 得分 are all empty. It is one thing to say (delete it or fill it
 * in), not four empty fields.
 */
export function isUnusedTemplateRow(row: IndicatorRow, grid: Grid): boolean {
  if (!isTemplatePlaceholder(row.name)) return false;
  if (row.target.kind !== 'empty' || row.actual.kind !== 'empty') return false;
  return [row.weight, row.score].every((c) => !c || grid.isEmpty(c.row, c.col));
}

// Comparing one stated figure with the workbook, shared by the report rules so each contradiction is
// judged once. Rounding to the text's own precision is not an error: a figure written with fewer decimals
// than the report uses elsewhere for that kind is read with trailing zeros ("99.7分" beside "99.70分" is
// 99.70); where the whole report writes that kind with fewer decimals, the workbook figure is rounded to them.
import { D, fmt2, fromWan, type Dec } from '../values';
import type { FigureKind, StatedFigure, StatedSum, Statement } from './types';
import type { QuantityFact } from './facts';

export type Precision = Record<FigureKind, number>;

export function precisionOf(statement: Statement): Precision {
  const p: Precision = { amount: 0, rate: 0, score: 0, count: 0, grade: 0 };
  for (const f of statement.figures) if (!f.quotesDeclared) p[f.kind] = Math.min(2, Math.max(p[f.kind], f.decimals));
  p.count = 0;
  return p;
}

function places(f: StatedFigure, precision: Precision): number {
  if (f.kind === 'count') return 0;
  return Math.min(2, Math.max(f.decimals, precision[f.kind]));
}

/** The stated figure equals x at the text's precision. */
export function matches(f: StatedFigure, x: Dec, precision: Precision): boolean {
  const dp = places(f, precision);
  return new D(f.value).toDecimalPlaces(dp, D.ROUND_HALF_UP).eq(x.toDecimalPlaces(dp, D.ROUND_HALF_UP));
}

export type Verdict =
  | { kind: 'ok' }
  /** The text repeats the cell, but the cell is wrong. */
  | { kind: 'stale'; declared: Dec; recomputed: Dec }
  | { kind: 'mismatch'; declared: Dec | null; recomputed: Dec; tail: boolean; derived: boolean }
  /**
   * A form states no amount unit and the text's figure is what the workbook's figure would be were that form in
   * 元 (÷ 10 000): they agree if it is. Not an error to claim. `workbook` is the figure as read (what the cell
   * holds, or for a derived figure what the cells give), `ifYuan` the figure it would be.
   */
  | { kind: 'unit'; workbook: Dec; ifYuan: Dec; derived: boolean };

const TAIL = new D('0.01');

export function verdict(f: StatedFigure, fact: QuantityFact | undefined, precision: Precision): Verdict | null {
  if (!fact || f.kind === 'grade') return null;
  const declared = fact.declared;
  const recomputed = fact.recomputed ?? declared;
  if (!recomputed) return null;
  if (f.quotesDeclared) {
    if (!declared || matches(f, declared, precision)) return { kind: 'ok' };
    if (fact.ifYuan?.[0] && matches(f, fact.ifYuan[0], precision)) return { kind: 'unit', workbook: declared, ifYuan: fact.ifYuan[0], derived: false };
    return { kind: 'mismatch', declared, recomputed: declared, tail: false, derived: false };
  }
  if (matches(f, recomputed, precision)) return { kind: 'ok' };
  if (declared && matches(f, declared, precision)) return { kind: 'stale', declared, recomputed };
  const alt = fact.ifYuan?.find((x) => matches(f, x, precision));
  if (alt) return { kind: 'unit', workbook: declared ?? recomputed, ifYuan: alt, derived: Boolean(fact.derived) };
  const reference = declared ?? recomputed;
  const tail = f.kind === 'amount' && new D(f.value).minus(reference).abs().lte(TAIL) && (!declared || declared.eq(recomputed));
  return { kind: 'mismatch', declared, recomputed, tail, derived: Boolean(fact.derived) };
}

export interface SumCheck {
  sum: StatedSum;
  partsSum: Dec;
  total: Dec;
  tail: boolean;
}

/** The sums the text asserts that its own figures do not satisfy (at 2 dp). */
export function failingSums(statement: Statement): SumCheck[] {
  const out: SumCheck[] = [];
  for (const sum of statement.sums) {
    const total = new D(statement.figures[sum.total]!.value).toDecimalPlaces(2, D.ROUND_HALF_UP);
    const partsSum = sum.parts.reduce((a, i) => a.plus(new D(statement.figures[i]!.value).toDecimalPlaces(2, D.ROUND_HALF_UP)), new D(0));
    if (partsSum.eq(total)) continue;
    out.push({ sum, partsSum, total, tail: partsSum.minus(total).abs().lte(TAIL) });
  }
  return out;
}

const UNIT: Record<FigureKind, string> = { amount: '万元', rate: '%', score: '分', count: '人', grade: '' };

/** A workbook figure as the report would write it. */
export function showFigure(kind: FigureKind, x: Dec): string {
  if (kind === 'count') return `${x.toFixed(0)}${UNIT.count}`;
  return `${fmt2(x)}${UNIT[kind]}`;
}

/**
 * A workbook cell's figure for a message: as the cell holds it. An amount of a form in 元 (held in 万元 for the
 * comparison) is shown in 元 with its 万元 equivalent ("5,189,400.00元（折合518.94万元）" without separators).
 */
export function showHeld(kind: FigureKind, x: Dec, fact: QuantityFact): string {
  if (kind === 'amount' && fact.unit === '元') return `${fmt2(fromWan(x, '元'))}元（折合${fmt2(x)}万元）`;
  return showFigure(kind, x);
}

/** A stated figure as the report wrote it, without stray spaces. */
export function showStated(f: StatedFigure): string {
  return f.text.replace(/[\s\u3000]+/g, '');
}

/** Where a stated figure stands, as a reader finds it: "第12段", or "表2第3行" for a figure in a table. */
export function figureWhere(f: StatedFigure): string {
  return f.table !== undefined ? `表${f.table}第${f.row ?? 0}行` : `第${f.paragraph}段`;
}

/** A short quote of the paragraph around a figure (for "第12段“…”"). */
export function quoteAround(text: string, offset: number, length: number): string {
  const start = Math.max(0, offset - 14);
  const end = Math.min(text.length, offset + length + 4);
  const q = text.slice(start, end).replace(/\s+/g, ' ').trim();
  return `${start > 0 ? '…' : ''}${q}${end < text.length ? '…' : ''}`;
}

// Display helpers for the pane. Figures, words and orderings come from the shared presentation layer
// (src/present), so the pane shows the same digits and words as the CLI and the reports.
import Decimal from 'decimal.js';
import { presetByName } from '../engine/scoring/policy';
import type { Finding, FindingFix } from '../engine/types';
import { FIX_WORDS, findingParts, fixText, parseDecimal } from '../present';

export {
  COMPARE_WORDS, KIND_LABEL, PAIR_WORDS, SEVERITY_LABEL, compareRows, differs, findingParts, findingText, fixText, fixed2, formatValue,
  orderFindings, pairParts, pairText, percent, plain, problemLines, type CompareRow, type PairPart,
} from '../present';

const D = Decimal.clone({ rounding: Decimal.ROUND_HALF_UP });

/** Width of a bar as a percentage of max (0–100), for CSS only. */
export function barPercent(value: string | null | undefined, max: Decimal): number {
  const d = parseDecimal(value);
  if (!d || max.lte(0)) return 0;
  const p = D.max(0, D.min(100, new D(d.toString()).div(max).times(100)));
  return p.toDecimalPlaces(1).toNumber();
}

export function maxOf(values: (string | null | undefined)[]): Decimal {
  let m = new D(0);
  for (const v of values) {
    const d = parseDecimal(v);
    if (d && d.gt(m.toString())) m = new D(d.toString());
  }
  return m;
}

/** How the pane names a cell: 工作表!A1. */
export function cellRef(sheet: string, cell: string): string {
  return `${sheet}!${cell}`;
}

/** The short name of a preset for the select: its zh-CN label up to the first full-width colon. */
export function presetShortName(key: string): string {
  const label = presetByName(key)?.label ?? key;
  const cut = label.indexOf('：');
  return cut > 0 ? label.slice(0, cut) : label;
}

/**
 * A value 改正 writes, as the cell will show it: under a percent format (the fix's, else the cell's) as
 * a percent, otherwise exactly the number written (never rounded further: "0.9662", not "0.97").
 */
function fixValueText(value: number | string, numberFormat: string | undefined): string {
  if (typeof value !== 'number') return value;
  const d = new D(value);
  return numberFormat?.includes('%') ? `${d.times(100).toDecimalPlaces(2).toFixed(2)}%` : d.toString();
}

/**
 * What 改正 will do to the cell, in the shared words: "9.68 改为 9.66" (填报 first: what the cell holds
 * now), "设置格式为 0.00%". `cellFormat` is the cell's number format now, when known.
 */
export function fixTarget(f: Finding, fix: FindingFix, cellFormat?: string): string {
  const parts: string[] = [];
  if (fix.value !== undefined) parts.push(`${FIX_WORDS.setValue} ${fixValueText(fix.value, fix.numberFormat ?? cellFormat)}`);
  if (fix.numberFormat !== undefined) parts.push(`${FIX_WORDS.setFormat} ${fix.numberFormat}`);
  const words = parts.length ? parts.join('，') : (fixText(fix) ?? '');
  const found = fix.value !== undefined ? findingParts(f).find((p) => p.role === 'found')?.text : undefined;
  return found ? `${found} ${words}` : words;
}

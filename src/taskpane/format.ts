// Display helpers for the pane. Figures arrive as decimal strings from the engine; comparison and
// formatting go through decimal.js (half-up, 2 decimals) so the pane never shows float noise.
import Decimal from 'decimal.js';
import type { Finding, FindingFix, FormKind, Severity } from '../engine/types';
import { POLICY_PRESETS } from '../engine/scoring/policy';

const D = Decimal.clone({ rounding: Decimal.ROUND_HALF_UP });

function parse(s: string | null | undefined): Decimal | null {
  if (s === null || s === undefined || s.trim() === '') return null;
  try {
    return new D(s.trim());
  } catch {
    return null;
  }
}

/** "9.68" → "9.68", "40" → "40.00"; text that is not a number is shown as is, absent as "—". */
export function fixed2(s: string | null | undefined): string {
  const d = parse(s);
  if (d) return d.toFixed(2);
  return s && s.trim() ? s : '—';
}

/** A weight without needless decimals: "40" → "40", "12.50" → "12.5". */
export function plain(s: string | null | undefined): string {
  const d = parse(s);
  if (d) return d.toDecimalPlaces(2).toString();
  return s && s.trim() ? s : '—';
}

/** A fraction ("0.9662") as a 2-decimal percent ("96.62%"). */
export function percent(s: string | null | undefined): string {
  const d = parse(s);
  if (d) return `${d.times(100).toFixed(2)}%`;
  return s && s.trim() ? s : '—';
}

/**
 * Whether a declared figure differs from the recomputed one at display precision. Absent declared
 * values are not a difference here (the findings say what is missing).
 */
export function differs(declared: string | null | undefined, recomputed: string | null | undefined, asPercent = false): boolean {
  const a = parse(declared);
  const b = parse(recomputed);
  if (!a || !b) {
    if (declared && recomputed && !a && !b) return declared.trim() !== recomputed.trim();
    return false;
  }
  const scale = asPercent ? 100 : 1;
  return !a.times(scale).toDecimalPlaces(2).eq(b.times(scale).toDecimalPlaces(2));
}

/** Width of a bar as a percentage of max (0–100), for CSS only. */
export function barPercent(value: string | null | undefined, max: Decimal): number {
  const d = parse(value);
  if (!d || max.lte(0)) return 0;
  const p = D.max(0, D.min(100, d.div(max).times(100)));
  return p.toDecimalPlaces(1).toNumber();
}

export function maxOf(values: (string | null | undefined)[]): Decimal {
  let m = new D(0);
  for (const v of values) {
    const d = parse(v);
    if (d && d.gt(m)) m = d;
  }
  return m;
}

export const KIND_LABEL: Record<FormKind, string> = {
  overall: '部门整体支出绩效自评表',
  project: '项目支出绩效自评表',
  'basic-data': '基础数据表',
};

export const SEVERITY_LABEL: Record<Severity, string> = {
  error: '错误',
  warning: '警告',
  info: '提示',
};

/** How the pane names a cell: 工作表!A1. */
export function cellRef(sheet: string, cell: string): string {
  return `${sheet}!${cell}`;
}

/** The short name of a preset for the select: its zh-CN label up to the first full-width colon. */
export function presetShortName(key: string): string {
  const label = POLICY_PRESETS[key]?.label ?? key;
  const cut = label.indexOf('：');
  return cut > 0 ? label.slice(0, cut) : label;
}

/**
 * The two figures a finding shows, in the pane's words. Until the shared presentation layer
 * (src/present) lands this reads the engine's display strings; `found` is always what the cell holds.
 */
export function pairWords(f: Finding): { expected?: string; found?: string } {
  return { expected: f.expected, found: f.found };
}

/** A number format the clerk can read: "0.00%" → 百分比格式（0.00%）. */
export function formatWords(numberFormat: string): string {
  if (numberFormat.includes('%')) return `百分比格式（${numberFormat}）`;
  if (numberFormat === '@') return '文本格式';
  return `数字格式（${numberFormat}）`;
}

/** A value 改正 writes, as the cell will show it (a fraction under a percent format as a percent). */
export function fixValueText(fix: FindingFix): string {
  if (fix.value === undefined) return '';
  if (typeof fix.value === 'number') {
    const d = new D(fix.value);
    if (fix.numberFormat?.includes('%')) return `${d.times(100).toDecimalPlaces(2).toString()}%`;
    return d.toString();
  }
  return fix.value;
}

/** What 改正 will do to the cell, in words: "9.68 改为 9.66", "设为百分比格式（0.00%）". */
export function fixTarget(f: Finding, fix: FindingFix): string {
  const parts: string[] = [];
  if (fix.value !== undefined) {
    const found = pairWords(f).found;
    parts.push(found !== undefined && found !== '' ? `${found} 改为 ${fixValueText(fix)}` : `改为 ${fixValueText(fix)}`);
  }
  if (fix.numberFormat !== undefined) parts.push(`设为${formatWords(fix.numberFormat)}`);
  return parts.join('，');
}

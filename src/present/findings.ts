// How a finding reads: its pair in the shared words, the compatibility strings expected/found, the 改正
// it offers, and the order findings are listed in.
import type { Finding, FindingFix, FindingPair } from '../engine/types';
import { formatValue, parseDecimal } from './values';
import { FIX_WORDS, PAIR_WORDS, SEVERITY_RANK } from './words';

/** One labelled figure of a pair: { word: '应为', text: '9.66' }. */
export interface PairPart {
  role: 'expected' | 'found' | 'label' | 'sum' | 'numberFormat';
  word: string;
  text: string;
}

/** The parts of a pair in reading order (应为 before 填报, 标注 before 合计). */
export function pairParts(pair: FindingPair | undefined): PairPart[] {
  if (!pair) return [];
  switch (pair.kind) {
    case 'value': {
      const out: PairPart[] = [];
      if (pair.expected) out.push({ role: 'expected', word: PAIR_WORDS.value.expected, text: formatValue(pair.expected) });
      if (pair.found) out.push({ role: 'found', word: PAIR_WORDS.value.found, text: formatValue(pair.found) });
      return out;
    }
    case 'label-sum':
      return [
        { role: 'label', word: PAIR_WORDS['label-sum'].label, text: formatValue(pair.label) },
        { role: 'sum', word: PAIR_WORDS['label-sum'].sum, text: formatValue(pair.sum) },
      ];
    case 'format':
      return [{ role: 'numberFormat', word: PAIR_WORDS.format.numberFormat, text: pair.numberFormat }];
  }
}

/** Parts of a finding: from its typed pair, else (older findings) from its display strings. */
export function findingParts(f: Pick<Finding, 'pair' | 'expected' | 'found'>): PairPart[] {
  if (f.pair) return pairParts(f.pair);
  const out: PairPart[] = [];
  if (f.expected !== undefined && f.expected !== '') out.push({ role: 'expected', word: PAIR_WORDS.value.expected, text: f.expected });
  if (f.found !== undefined && f.found !== '') out.push({ role: 'found', word: PAIR_WORDS.value.found, text: f.found });
  return out;
}

/** "应为 9.66，填报 9.68" / "标注 30.00，合计 28.00" / "应设置格式 0.00%". */
export function pairText(parts: readonly PairPart[], separator = '，'): string {
  return parts.map((p) => `${p.word} ${p.text}`).join(separator);
}

/**
 * The compatibility display strings of a pair (Finding.expected / Finding.found, read as 应为 / 填报):
 * only a value pair has them. A label-sum pair has none (its sum is nobody's 填报), nor has a format pair.
 */
export function displayStrings(pair: FindingPair | undefined): { expected?: string; found?: string } {
  if (!pair) return {};
  if (pair.kind === 'value') {
    return {
      ...(pair.expected ? { expected: formatValue(pair.expected) } : {}),
      ...(pair.found ? { found: formatValue(pair.found) } : {}),
    };
  }
  return {};
}

/** True when the text already names the figure as a whole token ("9.66" in "应为 9.66 分", not in "19.667"). */
export function mentions(text: string, figure: string): boolean {
  const escaped = figure.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\d.])${escaped}(?![\\d])`).test(text);
}

/** The pair parts a message does not already state (so a line never says a figure twice). */
export function partsNotInMessage(f: Pick<Finding, 'pair' | 'expected' | 'found' | 'message'>): PairPart[] {
  const parts = findingParts(f);
  if (parts.every((p) => mentions(f.message, p.text))) return [];
  return parts;
}

function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** A finding as one line of text: its message, then the pair when the message does not state it. */
export function findingText(f: Pick<Finding, 'pair' | 'expected' | 'found' | 'message'>): string {
  const msg = oneLine(f.message);
  const extra = pairText(partsNotInMessage(f));
  if (!extra) return msg;
  return `${msg}${/[。；，！？]$/.test(msg) ? '' : '；'}${extra}`;
}

/** The value 改正 writes, exactly: amounts and scores at 2 dp ("9.60"), finer figures as written ("0.9662"). */
function fixValueText(v: number | string): string {
  if (typeof v !== 'number') return v;
  const d = parseDecimal(String(v));
  if (!d) return String(v);
  return d.decimalPlaces() <= 2 ? d.toFixed(2) : d.toString();
}

/** What the pane's 改正 does, in words: "改为 9.66" / "设置格式为 0.00%"; null when no fix is offered. */
export function fixText(fix: FindingFix | undefined): string | null {
  if (!fix) return null;
  const parts: string[] = [];
  if (fix.value !== undefined) parts.push(`${FIX_WORDS.setValue} ${fixValueText(fix.value)}`);
  if (fix.numberFormat !== undefined) parts.push(`${FIX_WORDS.setFormat} ${fix.numberFormat}`);
  return parts.length ? parts.join('，') : null;
}

/**
 * The one order of findings: sheet order (as given, else first seen), then row, column, severity, rule
 * (`by: 'position'`, the CLI and the reports); or within a sheet severity first (`by: 'severity'`, the
 * pane's grouped list). Returns a new array; the input is not changed.
 */
export function orderFindings<T extends Pick<Finding, 'sheet' | 'row' | 'col' | 'severity' | 'rule'>>(
  findings: readonly T[], sheetOrder?: readonly string[], by: 'position' | 'severity' = 'position',
): T[] {
  const sev = by === 'severity';
  const order = new Map<string, number>();
  (sheetOrder ?? []).forEach((s, i) => { if (!order.has(s)) order.set(s, i); });
  for (const f of findings) if (!order.has(f.sheet)) order.set(f.sheet, order.size);
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) =>
      order.get(a.f.sheet)! - order.get(b.f.sheet)!
      || (sev ? SEVERITY_RANK[a.f.severity] - SEVERITY_RANK[b.f.severity] : 0)
      || a.f.row - b.f.row || a.f.col - b.f.col
      || SEVERITY_RANK[a.f.severity] - SEVERITY_RANK[b.f.severity] || (a.f.rule < b.f.rule ? -1 : a.f.rule > b.f.rule ? 1 : 0) || a.i - b.i)
    .map((x) => x.f);
}

/** Findings grouped by sheet in the one order. */
export function groupBySheet<T extends Pick<Finding, 'sheet' | 'row' | 'col' | 'severity' | 'rule'>>(
  findings: readonly T[], sheetOrder?: readonly string[],
): { sheet: string; findings: T[] }[] {
  const groups: { sheet: string; findings: T[] }[] = [];
  const at = new Map<string, number>();
  for (const f of orderFindings(findings, sheetOrder)) {
    let i = at.get(f.sheet);
    if (i === undefined) {
      i = groups.length;
      at.set(f.sheet, i);
      groups.push({ sheet: f.sheet, findings: [] });
    }
    groups[i]!.findings.push(f);
  }
  return groups;
}

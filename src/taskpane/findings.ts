// Pure helpers over the pane's finding list: the order the clerk reads it in (errors first), the
// corrections 改正 can make, and the 问题清单 rows that 导出 and 复制 share. No React, no Office.js.
import type { Finding, FindingFix, Report, Severity, WorkbookSnapshot } from '../engine/types';
import type { CellEdit, IgnoreEntry } from '../excel/types';
import { SEVERITY_LABEL, cellRef, findingParts, fixTarget, orderFindings as workbookOrder, pairText } from './format';
import { mentions } from '../present';

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/**
 * Findings in the order the list shows them and 上一个/下一个 walks them: errors, then warnings, then
 * infos; within each, the shared workbook order (sheet order, row, column: src/present).
 */
export function orderFindings(findings: Finding[], sheetOrder: string[]): Finding[] {
  return workbookOrder(findings, sheetOrder)
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i)
    .map((x) => x.f);
}

/**
 * A finding's 应为/填报 columns (value pairs only: 填报 is what the cell holds) and the other figures
 * (标注/合计, a format) as words for the 问题 column when the message does not state them.
 */
export function pairColumns(f: Finding): { expected: string; found: string; extra: string } {
  const parts = findingParts(f);
  const expected = parts.find((p) => p.role === 'expected')?.text ?? '';
  const found = parts.find((p) => p.role === 'found')?.text ?? '';
  const other = parts.filter((p) => p.role !== 'expected' && p.role !== 'found');
  const extra = other.length && !other.every((p) => mentions(f.message, p.text)) ? pairText(other) : '';
  return { expected, found, extra };
}

export interface SeverityGroup {
  severity: Severity;
  items: { finding: Finding; index: number }[];
}

/** Groups an ordered finding list by severity, keeping each item's flat index. */
export function groupBySeverity(findings: Finding[]): SeverityGroup[] {
  const groups: SeverityGroup[] = [];
  findings.forEach((finding, index) => {
    let g = groups[groups.length - 1];
    if (!g || g.severity !== finding.severity) {
      g = { severity: finding.severity, items: [] };
      groups.push(g);
    }
    g.items.push({ finding, index });
  });
  return groups;
}

/** "B5", "$B$5", "B5:C6" → "B5" (the first cell, upper case, no $). */
export function firstCell(address: string): string {
  const a = address.includes('!') ? address.slice(address.lastIndexOf('!') + 1) : address;
  return a.split(':')[0]!.replace(/\$/g, '').trim().toUpperCase();
}

/** One cell 改正 (or 全部改正) writes, with the words the pane shows before writing. */
export interface PlannedFix {
  /** Findings this write corrects (several findings can share one cell). */
  keys: string[];
  sheet: string;
  cell: string;
  edit: CellEdit;
  /** The formula the cell holds now, or null: overwriting it needs the clerk's explicit yes. */
  formula: string | null;
  /** zh-CN, e.g. "9.68 改为 9.66" or "设为百分比格式（0.00%）". */
  change: string;
}

/** The number format of a snapshot cell, when the snapshot has it. */
export function formatAt(snapshot: WorkbookSnapshot | null, sheet: string, row: number, col: number): string | undefined {
  const f = snapshot?.sheets.find((x) => x.name === sheet)?.numberFormats?.[row]?.[col];
  return typeof f === 'string' ? f : undefined;
}

/** The formula in a snapshot cell ("=SUM(B2:B4)"), or null. */
export function formulaAt(snapshot: WorkbookSnapshot | null, sheet: string, row: number, col: number): string | null {
  const s = snapshot?.sheets.find((x) => x.name === sheet);
  const f = s?.formulas?.[row]?.[col];
  return typeof f === 'string' && f.trim() !== '' ? f : null;
}

function mergeFix(into: FindingFix, more: FindingFix): FindingFix {
  // Errors come first in the list, so the first value planned for a cell wins.
  return {
    value: into.value !== undefined ? into.value : more.value,
    numberFormat: into.numberFormat !== undefined ? into.numberFormat : more.numberFormat,
  };
}

/** The writes that correct these findings, one per cell, in list order. Findings without `fix` are skipped. */
export function planFixes(findings: Finding[], snapshot: WorkbookSnapshot | null): PlannedFix[] {
  const byCell = new Map<string, { first: Finding; keys: string[]; fix: FindingFix }>();
  for (const f of findings) {
    if (!f.fix || (f.fix.value === undefined && f.fix.numberFormat === undefined)) continue;
    const id = `${f.sheet}\u0000${f.cell}`;
    const prev = byCell.get(id);
    if (prev) {
      prev.keys.push(f.key);
      prev.fix = mergeFix(prev.fix, f.fix);
    } else byCell.set(id, { first: f, keys: [f.key], fix: { ...f.fix } });
  }
  return [...byCell.values()].map(({ first, keys, fix }) => {
    const formula = formulaAt(snapshot, first.sheet, first.row, first.col);
    const edit: CellEdit = { sheet: first.sheet, cell: first.cell };
    if (fix.value !== undefined) edit.value = fix.value;
    if (fix.numberFormat !== undefined) edit.numberFormat = fix.numberFormat;
    if (formula) edit.confirmFormula = formula;
    return { keys, sheet: first.sheet, cell: first.cell, edit, formula, change: fixTarget(first, fix, formatAt(snapshot, first.sheet, first.row, first.col)) };
  });
}

export const EXPORT_HEADER = ['单位', '工作表', '单元格', '级别', '问题', '应为', '填报'];

/** The 问题清单 rows (header first): active findings in list order, then the ignored ones with their reasons. */
export function exportRows(report: Report, findings: Finding[], ignored: { finding: Finding; reason: string }[]): string[][] {
  const unitOf = (f: Finding) => (f.form !== undefined ? report.forms[f.form]?.unit?.trim() : undefined) || '';
  const row = (f: Finding, level: string, note = '') => {
    const { expected, found, extra } = pairColumns(f);
    const message = f.message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
    return [unitOf(f), f.sheet, f.cell, level, `${message}${extra ? `（${extra}）` : ''}${note}`, expected, found];
  };
  return [
    EXPORT_HEADER,
    ...findings.map((f) => row(f, SEVERITY_LABEL[f.severity])),
    ...ignored.map(({ finding, reason }) =>
      row(finding, `${SEVERITY_LABEL[finding.severity]}（已忽略）`, `（忽略理由：${reason.trim() || '未填写'}）`),
    ),
  ];
}

/** The same list as plain text for an e-mail or a chat message. */
export function listText(fileName: string | undefined, rows: string[][]): string {
  const body = rows.slice(1);
  const lines: string[] = [];
  lines.push(`${fileName ? `${fileName} ` : ''}问题清单（共 ${body.length} 项）`);
  body.forEach(([unit, sheet, cell, level, message, expected, found], i) => {
    const values = [expected ? `应为 ${expected}` : '', found ? `填报 ${found}` : ''].filter(Boolean).join('，');
    lines.push(
      `${i + 1}. 【${level}】${unit ? `${unit} ` : ''}${cellRef(sheet!, cell!)}：${message}${values ? `（${values}）` : ''}`,
    );
  });
  return lines.join('\n');
}

/** Entries with a key present, latest reason winning; drops blanks. */
export function normaliseEntries(entries: IgnoreEntry[]): IgnoreEntry[] {
  const out = new Map<string, IgnoreEntry>();
  for (const e of entries) {
    if (!e || typeof e.key !== 'string' || e.key === '') continue;
    out.set(e.key, { key: e.key, reason: typeof e.reason === 'string' ? e.reason : '', ...(e.at ? { at: e.at } : {}) });
  }
  return [...out.values()];
}

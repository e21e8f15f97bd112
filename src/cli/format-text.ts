// Plain-text report for a finance clerk: what was found, declared against recomputed, and each
// problem with the cell to fix. Chinese throughout; colour only through the palette.
import type { Finding, FormKind, FormReport, Report, Severity } from '../engine';
import { PLAIN, type Palette } from './color';
import { fractionToPercent, twoDecimals } from './numbers';
import { hasErrorFinding, type FileOutcome } from './outcome';
import { displayWidth, formatTable } from './width';

export const KIND_LABEL: Record<FormKind, string> = {
  overall: '部门整体支出绩效自评表',
  project: '项目支出绩效自评表',
  'basic-data': '基础数据表',
};

export const SEVERITY_LABEL: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };

const NOT_FILLED = '未填';
const MISMATCH = '✗ 不一致';
// ASCII on purpose: East Asian consoles draw the em dash double width and would break the columns.
const NONE = '-';

function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** The line printed for a file that could not be checked. */
export function unreadableLine(file: string, message: string): string {
  return `无法读取 ${file}：${message}`;
}

interface CompareRow {
  label: string;
  declared: string | null | undefined;
  recomputed: string | undefined;
}

function compareRows(form: FormReport): CompareRow[] {
  const rows: CompareRow[] = [];
  const e = form.execution;
  if (e) {
    rows.push({
      label: '执行率',
      declared: e.declaredRate == null ? e.declaredRate : fractionToPercent(e.declaredRate),
      recomputed: fractionToPercent(e.rate),
    });
    rows.push({
      label: '执行率得分',
      declared: e.declaredScore == null ? e.declaredScore : twoDecimals(e.declaredScore),
      recomputed: twoDecimals(e.score),
    });
  }
  if (form.total) {
    rows.push({
      label: '总分',
      declared: form.total.declared == null ? null : twoDecimals(form.total.declared),
      recomputed: twoDecimals(form.total.recomputed),
    });
  }
  if (form.grade) rows.push({ label: '等级', declared: form.grade.declared, recomputed: form.grade.recomputed });
  return rows;
}

export function formatForm(form: FormReport, p: Palette = PLAIN): string[] {
  const lines: string[] = [];
  lines.push(p.bold(`${KIND_LABEL[form.kind] ?? form.kind}（工作表“${form.sheet}”，${form.range}）`));
  const facts: string[] = [];
  if (form.projectName) facts.push(`项目：${oneLine(form.projectName)}`);
  if (form.unit) facts.push(`单位：${oneLine(form.unit)}`);
  if (form.year !== undefined) facts.push(`年度：${form.year}`);
  if (facts.length) lines.push(`  ${facts.join('　')}`);
  if (form.framework === 'old') {
    lines.push('  按旧版指标体系（投入/过程/产出/效益）识别，未逐项复算指标得分');
  }
  const rows = compareRows(form);
  if (rows.length) {
    const table: string[][] = [['项目', '申报值', '复核值', '']];
    for (const r of rows) {
      const declared = r.declared == null ? NOT_FILLED : r.declared;
      const recomputed = r.recomputed ?? NONE;
      const differs = r.declared != null && r.recomputed !== undefined && r.declared !== r.recomputed;
      table.push([r.label, declared, recomputed, differs ? p.red(MISMATCH) : '']);
    }
    lines.push(...formatTable(table, [], '  '));
  }
  return lines;
}

/** True when the text already names the value as a whole token ("9.66" in "应为 9.66 分", not in "19.667"). */
function mentions(text: string, value: string): boolean {
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\d.])${escaped}(?![\\d])`).test(text);
}

/** "应为 X，填报为 Y" — left out when the message already states both values. */
function expectation(f: Finding): string {
  const hasE = f.expected !== undefined && f.expected !== '';
  const hasF = f.found !== undefined && f.found !== '';
  if ((!hasE || mentions(f.message, f.expected!)) && (!hasF || mentions(f.message, f.found!))) return '';
  if (hasE && hasF) return `应为 ${f.expected}，填报为 ${f.found}`;
  if (hasE) return `应为 ${f.expected}`;
  if (hasF) return `填报为 ${f.found}`;
  return '';
}

function paintSeverity(s: Severity, p: Palette): string {
  const label = SEVERITY_LABEL[s] ?? s;
  return s === 'error' ? p.red(label) : s === 'warning' ? p.yellow(label) : p.grey(label);
}

/** Findings grouped by sheet (first-seen order), top to bottom within a sheet. */
export function formatFindings(findings: readonly Finding[], p: Palette = PLAIN): string[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const g = groups.get(f.sheet);
    if (g) g.push(f);
    else groups.set(f.sheet, [f]);
  }
  const lines: string[] = [];
  for (const [sheet, group] of groups) {
    const sorted = group
      .map((f, i) => ({ f, i }))
      .sort((a, b) => a.f.row - b.f.row || a.f.col - b.f.col || a.i - b.i)
      .map((x) => x.f);
    lines.push(`  工作表“${sheet}”`);
    const cellWidth = Math.max(...sorted.map((f) => displayWidth(f.cell)));
    for (const f of sorted) {
      const exp = expectation(f);
      const msg = oneLine(f.message);
      const text = exp ? `${msg}${/[。；，！？]$/.test(msg) ? '' : '；'}${exp}` : msg;
      const cell = f.cell + ' '.repeat(Math.max(0, cellWidth - displayWidth(f.cell)));
      lines.push(`    ${paintSeverity(f.severity, p)}  ${cell}  ${text}`);
    }
  }
  return lines;
}

function countsLine(report: Report, p: Palette): string {
  const { error, warning, info } = report.counts;
  const parts = [`错误 ${error} 个`, `警告 ${warning} 个`, `提示 ${info} 个`];
  const painted = [error ? p.red(parts[0]!) : parts[0]!, warning ? p.yellow(parts[1]!) : parts[1]!, parts[2]!];
  return `检查结果：${painted.join('，')}`;
}

/** Everything printed for one file. */
export function formatFileText(outcome: FileOutcome, p: Palette = PLAIN): string {
  if (!outcome.ok) return `${p.red(unreadableLine(outcome.file, outcome.message))}\n`;
  const { report } = outcome;
  const header = `文件：${outcome.file}`;
  const lines: string[] = [p.bold(header), '='.repeat(Math.min(80, displayWidth(header)))];
  if (report.forms.length === 0) {
    lines.push('未识别到绩效自评表（部门整体支出绩效自评表、项目支出绩效自评表或基础数据表），请确认表头文字完整。');
  }
  for (const form of report.forms) {
    lines.push(...formatForm(form, p), '');
  }
  if (report.findings.length === 0) {
    lines.push(report.forms.length ? '未发现问题。' : '');
  } else {
    lines.push(countsLine(report, p));
    lines.push(...formatFindings(report.findings, p));
  }
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return `${lines.join('\n')}\n\n`;
}

function summaryScores(report: Report): [string, string, string] {
  const scored = report.forms.filter((f) => f.total || f.grade);
  if (scored.length === 0) return [NONE, NONE, NONE];
  if (scored.length === 1) {
    const f = scored[0]!;
    return [
      f.total ? (f.total.declared == null ? NOT_FILLED : twoDecimals(f.total.declared)) : NONE,
      f.total ? twoDecimals(f.total.recomputed) : NONE,
      f.grade?.recomputed ?? NONE,
    ];
  }
  // Many forms in one workbook (one project per sheet): show how the grades are distributed.
  const grades = new Map<string, number>();
  for (const f of scored) if (f.grade) grades.set(f.grade.recomputed, (grades.get(f.grade.recomputed) ?? 0) + 1);
  const dist = [...grades].map(([g, n]) => `${g}${n}`).join(' ');
  return [`${scored.length}张表`, '见上文', dist || NONE];
}

/** The table printed after several files. */
export function formatSummary(outcomes: readonly FileOutcome[], p: Palette = PLAIN): string {
  const rows: string[][] = [['文件', '申报总分', '复核总分', '等级', '错误', '警告']];
  let withErrors = 0;
  let unreadable = 0;
  for (const o of outcomes) {
    if (!o.ok) {
      unreadable++;
      rows.push([o.file, p.red('无法读取'), NONE, NONE, NONE, NONE]);
      continue;
    }
    if (hasErrorFinding(o.report)) withErrors++;
    const [declared, recomputed, grade] = summaryScores(o.report);
    const { error, warning } = o.report.counts;
    rows.push([
      o.file,
      declared,
      recomputed,
      grade,
      error ? p.red(String(error)) : '0',
      warning ? p.yellow(String(warning)) : '0',
    ]);
  }
  const table = formatTable(rows, ['left', 'right', 'right', 'left', 'right', 'right']);
  const rule = '-'.repeat(Math.max(...table.map((l) => displayWidth(l))));
  const lines = [p.bold('汇总'), table[0]!, rule, ...table.slice(1), rule];
  lines.push(
    `共 ${outcomes.length} 个文件：${withErrors} 个有错误，${unreadable} 个无法读取，${outcomes.length - withErrors - unreadable} 个未发现错误。`,
  );
  return `${lines.join('\n')}\n`;
}

// Plain-text report for a finance clerk: what was found, declared against recomputed, and each
// problem with the cell to fix. Chinese throughout; colour only through the palette.
import type { Finding, FormReport, Report, Severity } from '../engine';
import {
  COMPARE_WORDS, KIND_LABEL, SEVERITY_LABEL, compareRows, findingText, fixed2, formHeading, fullyChecked, groupBySheet, problemLines,
} from '../present';
import { PLAIN, type Palette } from './color';
import { hasErrorFinding, type FileOutcome } from './outcome';
import { displayWidth, formatTable } from './width';

export { KIND_LABEL, SEVERITY_LABEL };

const MISMATCH = `✗ ${COMPARE_WORDS.mismatch}`;
// ASCII on purpose: East Asian consoles draw the em dash double width and would break the columns.
const NONE = '-';

function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** The line printed for a file that could not be checked. */
export function unreadableLine(file: string, message: string): string {
  return `无法读取 ${file}：${message}`;
}

export function formatForm(form: FormReport, p: Palette = PLAIN): string[] {
  const lines: string[] = [];
  lines.push(p.bold(formHeading(form)));
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
    const table: string[][] = [[COMPARE_WORDS.item, COMPARE_WORDS.declared, COMPARE_WORDS.recomputed, '']];
    for (const r of rows) {
      table.push([r.label, r.declared ?? COMPARE_WORDS.notFilled, r.recomputed ?? NONE, r.differs ? p.red(MISMATCH) : '']);
    }
    lines.push(...formatTable(table, [], '  '));
  }
  return lines;
}

function paintSeverity(s: Severity, p: Palette): string {
  const label = SEVERITY_LABEL[s] ?? s;
  return s === 'error' ? p.red(label) : s === 'warning' ? p.yellow(label) : p.grey(label);
}

/** Findings grouped by sheet (first-seen order), in the presentation layer's one order. */
export function formatFindings(findings: readonly Finding[], p: Palette = PLAIN): string[] {
  const lines: string[] = [];
  for (const { sheet, findings: sorted } of groupBySheet(findings)) {
    lines.push(`  工作表“${sheet}”`);
    const cellWidth = Math.max(...sorted.map((f) => displayWidth(f.cell)));
    for (const f of sorted) {
      const cell = f.cell + ' '.repeat(Math.max(0, cellWidth - displayWidth(f.cell)));
      lines.push(`    ${paintSeverity(f.severity, p)}  ${cell}  ${findingText(f)}`);
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
  const problems = problemLines(report);
  for (const line of problems) lines.push(p.red(oneLine(line)));
  if (report.findings.length === 0) {
    lines.push(report.forms.length && !problems.length ? '未发现问题。' : '');
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
      f.total ? (f.total.declared == null ? COMPARE_WORDS.notFilled : fixed2(f.total.declared)) : NONE,
      f.total?.recomputed ? fixed2(f.total.recomputed) : NONE,
      f.grade?.recomputed ?? NONE,
    ];
  }
  // Many forms in one workbook (one project per sheet): show how the grades are distributed.
  const grades = new Map<string, number>();
  for (const f of scored) if (f.grade?.recomputed) grades.set(f.grade.recomputed, (grades.get(f.grade.recomputed) ?? 0) + 1);
  const dist = [...grades].map(([g, n]) => `${g}${n}`).join(' ');
  return [`${scored.length}张表`, '见上文', dist || NONE];
}

/** One file's line in the table printed after several files (what a worker sends instead of the report). */
export interface SummaryRow {
  file: string;
  unreadable: boolean;
  hasError: boolean;
  partial: boolean;
  declared: string;
  recomputed: string;
  grade: string;
  error: number;
  warning: number;
}

export function summaryRow(o: FileOutcome): SummaryRow {
  if (!o.ok) return { file: o.file, unreadable: true, hasError: false, partial: false, declared: NONE, recomputed: NONE, grade: NONE, error: 0, warning: 0 };
  const [declared, recomputed, grade] = summaryScores(o.report);
  const { error, warning } = o.report.counts;
  return { file: o.file, unreadable: false, hasError: hasErrorFinding(o.report), partial: !fullyChecked(o.report), declared, recomputed, grade, error, warning };
}

/** The table printed after several files. */
export function formatSummary(outcomes: readonly FileOutcome[], p: Palette = PLAIN): string {
  return formatSummaryRows(outcomes.map(summaryRow), p);
}

export function formatSummaryRows(summary: readonly SummaryRow[], p: Palette = PLAIN): string {
  const rows: string[][] = [['文件', `${COMPARE_WORDS.declared}总分`, `${COMPARE_WORDS.recomputed}总分`, '等级', '错误', '警告']];
  let withErrors = 0;
  let unreadable = 0;
  let partial = 0;
  for (const r of summary) {
    if (r.unreadable) {
      unreadable++;
      rows.push([r.file, p.red('无法读取'), NONE, NONE, NONE, NONE]);
      continue;
    }
    if (r.hasError) withErrors++;
    if (r.partial) partial++;
    rows.push([
      r.file,
      r.declared,
      r.recomputed,
      r.grade,
      r.error ? p.red(String(r.error)) : '0',
      r.warning ? p.yellow(String(r.warning)) : '0',
    ]);
  }
  const table = formatTable(rows, ['left', 'right', 'right', 'left', 'right', 'right']);
  const rule = '-'.repeat(Math.max(...table.map((l) => displayWidth(l))));
  const lines = [p.bold('汇总'), table[0]!, rule, ...table.slice(1), rule];
  lines.push(
    `共 ${summary.length} 个文件：${withErrors} 个有错误，${unreadable} 个无法读取，${summary.length - withErrors - unreadable} 个未发现错误。`
      + (partial ? `其中 ${partial} 个文件未完整检查（见各文件的说明）。` : ''),
  );
  return `${lines.join('\n')}\n`;
}

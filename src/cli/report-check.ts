// `selfeval check 报告.docx 工作簿.xlsx`: the 自评报告 given with the workbooks are read, paired with a
// workbook of the same unit, and their stated figures checked against it (engine/report). A report without
// a workbook, or a workbook without a report, is said so in plain words.
import * as path from 'node:path';
import { matchStatement, type Finding, type Report, type Statement } from '../engine';
import { readReport } from '../docx';
import { convertLegacy } from './legacy';
import { PLAIN, type Palette } from './color';
import { readInputFile } from './files';
import { SEVERITY_LABEL } from './format-text';
import type { FileOutcome } from './outcome';
import { displayWidth } from './width';

export type ReportOutcome =
  | { file: string; ok: false; message: string }
  | {
      file: string;
      ok: true;
      statement: Statement;
      /** The workbook file it was checked against; absent when none fits. */
      workbook?: string;
      sheet?: string;
      findings: Finding[];
    };

/** The report file names a check takes: .docx, and .doc to refuse it with advice. */
export const REPORT_EXT = /\.(docx|doc)$/i;

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g; // eslint-disable-line no-control-regex

/** Reads and checks one report against the workbooks of the run; never throws. */
export async function checkReportFile(file: string, absPath: string, workbooks: readonly FileOutcome[], env: Record<string, string | undefined> = {}): Promise<ReportOutcome> {
  try {
    const read = await readInputFile(absPath);
    if (!read.ok) return { file, ok: false, message: read.message };
    let bytes = read.data;
    const name = path.basename(absPath);
    if (isOle(bytes)) {
      // Word 97–2003 (.doc): through the same LibreOffice conversion `selfeval review` uses for .xls.
      const [converted] = await convertLegacy([{ file, name: /\.doc$/i.test(name) ? name : `${name}.doc`, bytes }], env, { to: 'docx' });
      if (!converted?.ok) return { file, ok: false, message: converted?.message ?? '无法转换该文档，请另存为 .docx 后再核对' };
      bytes = converted.bytes;
    }
    const parsed = await readReport(bytes, name);
    if (!parsed.ok) return { file, ok: false, message: parsed.message };
    const checked = workbooks.filter((w): w is Extract<FileOutcome, { ok: true }> => w.ok);
    const reports: Report[] = checked.map((w) => w.report);
    const match = matchStatement(parsed.statement, reports);
    if (match.reportIndex === undefined) return { file, ok: true, statement: parsed.statement, findings: [] };
    const w = checked[match.reportIndex]!;
    return { file, ok: true, statement: parsed.statement, workbook: w.file, sheet: w.report.forms[match.formIndex!]?.sheet, findings: match.findings };
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return { file, ok: false, message: `核对报告时发生内部错误（${detail}），请把该文件和这条信息发给维护人员` };
  }
}

const isOle = (b: Uint8Array) => b.length >= 8 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

const clean = (s: string) => s.replace(CONTROL, '').replace(/\s*[\r\n]+\s*/g, ' ').trim();

function paint(f: Finding, p: Palette): string {
  const label = SEVERITY_LABEL[f.severity] ?? f.severity;
  return f.severity === 'error' ? p.red(label) : f.severity === 'warning' ? p.yellow(label) : p.grey(label);
}

/** Everything printed for one report. */
export function formatReportText(o: ReportOutcome, p: Palette = PLAIN): string {
  if (!o.ok) return `${p.red(`无法读取 ${o.file}：${clean(o.message)}`)}\n\n`;
  const header = `自评报告：${o.file}`;
  const lines = [p.bold(header), '='.repeat(Math.min(80, displayWidth(header)))];
  const s = o.statement;
  const who = [s.unit ? `单位：${clean(s.unit)}` : '', s.projectName ? `项目：${clean(s.projectName)}` : '', s.year ? `年度：${s.year}` : ''].filter(Boolean);
  if (who.length) lines.push(`  ${who.join('　')}`);
  if (!o.workbook) {
    const name = s.kind === 'project' ? `项目“${clean(s.projectName ?? '')}”` : s.unit ? `单位“${clean(s.unit)}”` : '';
    lines.push(
      name
        ? `没有找到${name}的工作簿（自评表），报告中的数字未能核对。请把该单位的自评表和报告一起给出：selfeval check 报告.docx 工作簿.xlsx`
        : '报告中没有读到单位名称（如“单位名称：…”或标题“…整体支出绩效自评报告”），无法与工作簿配对，报告中的数字未能核对。',
    );
    return `${lines.join('\n')}\n\n`;
  }
  lines.push(`  对照：${o.workbook}（工作表“${clean(o.sheet ?? '')}”）；读到 ${s.figures.length} 个含义明确的数字`);
  if (o.findings.length === 0) lines.push('报告中的数字与工作簿一致，未发现问题。');
  else {
    const counts = { error: 0, warning: 0, info: 0 };
    for (const f of o.findings) counts[f.severity]++;
    lines.push(`核对结果：${counts.error ? p.red(`错误 ${counts.error} 个`) : '错误 0 个'}，${counts.warning ? p.yellow(`警告 ${counts.warning} 个`) : '警告 0 个'}，提示 ${counts.info} 个`);
    for (const f of o.findings) lines.push(`    ${paint(f, p)}  ${clean(f.message)}`);
  }
  return `${lines.join('\n')}\n\n`;
}

/** Workbooks with a 整体支出/项目 form that no report of the run was paired with (only said when reports were given). */
export function workbooksWithoutReport(workbooks: readonly FileOutcome[], reports: readonly ReportOutcome[]): string[] {
  const paired = new Set(reports.flatMap((r) => (r.ok && r.workbook ? [r.workbook] : [])));
  return workbooks.filter((w) => w.ok && !paired.has(w.file) && w.report.forms.some((f) => f.kind === 'overall')).map((w) => w.file);
}

export function formatUnpairedWorkbooks(files: readonly string[], workbooks: readonly FileOutcome[]): string {
  if (files.length === 0) return '';
  const lines = files.map((file) => {
    const w = workbooks.find((x) => x.file === file);
    const unit = w?.ok ? w.report.forms.find((f) => f.kind === 'overall')?.unit : undefined;
    return `工作簿 ${file}${unit ? `（${clean(unit)}）` : ''}没有对应的自评报告，未核对报告文字。`;
  });
  return `${lines.join('\n')}\n\n`;
}

/** JSON for --json: the report outcomes beside the workbook files. */
export function reportsToJson(reports: readonly ReportOutcome[]) {
  return reports.map((r) =>
    r.ok
      ? {
          file: r.file,
          unit: r.statement.unit,
          year: r.statement.year,
          workbook: r.workbook ?? null,
          figures: r.statement.figures.length,
          findings: r.findings.map((f) => ({ rule: f.rule, severity: f.severity, paragraph: f.paragraph, quote: f.quote, message: f.message, expected: f.expected, found: f.found })),
        }
      : { file: r.file, error: r.message },
  );
}

// `selfeval check`: read each workbook, run the engine, print the report (text or JSON).
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { checkWorkbook, POLICY_PRESETS, type Report, type ScoringPolicy } from '../engine';
import { readXlsx } from '../xlsx/read';
import { nodeInflateRaw } from './inflate';
import { parseCommandArgs, UsageError } from './args';
import { COLOR, PLAIN, useColor } from './color';
import { expandInputs, readInputFile, type Input } from './files';
import { assembleJson, fileJsonText } from './format-json';
import { formatFileText, formatSummaryRows, summaryRow, type SummaryRow } from './format-text';
import type { CliIo } from './io';
import { fileExitCode, worstExitCode, type FileOutcome } from './outcome';
import { mergeSummary, summaryPart, type SummaryPart } from './json-summary';
import { loadPolicy } from './policy';
import { forTerminal, jsonSafe } from './terminal';
import type { SheetProblem } from '../xlsx/fast';
import { autoJobs, registerTask, runPool, type PoolFailure } from './pool';
import { Progress } from './progress';
import { checkReportFile, formatReportText, formatUnpairedWorkbooks, REPORT_EXT, reportsToJson, workbooksWithoutReport, type ReportOutcome } from './report-check';

export const CHECK_USAGE = 'selfeval check [--json] [--policy 名称|文件] [--jobs N] [--no-color] 文件.xlsx|报告.docx|目录 ...';

export function checkHelp(): string {
  const presets = Object.values(POLICY_PRESETS).map((p) => `    ${p.name.padEnd(12)}${p.label}`);
  return [
    `用法：${CHECK_USAGE}`,
    '',
    '检查绩效自评表：识别部门整体支出绩效自评表、项目支出绩效自评表和基础数据表，',
    '复算执行率、执行率得分、总分和等级，列出需要修改的单元格。',
    '给出目录时检查其中所有 .xlsx / .xlsm 文件（不含子目录）。',
    '同时给出自评报告（.docx）时，按单位名称与工作簿配对，核对报告中写的数字（预算数、执行数、',
    '基本支出、项目支出、执行率、总分、等级等）是否与自评表一致，并指出第几段。',
    '例：selfeval check 自评报告.docx 自评表.xlsx',
    '报告找不到同一单位的工作簿时说明未能核对（退出码 2）；旧版 .doc 经 LibreOffice 转换后核对（未安装时请另存为 .docx）。',
    '',
    '选项：',
    '  --json                 输出 JSON（供其他程序读取），不输出文字报告',
    '  --policy 名称|文件     评分规则：下列预设名称之一，或 JSON 规则文件的路径',
    '  --no-color             不使用颜色（设置环境变量 NO_COLOR 效果相同）',
    '  -j, --jobs N           同时检查的文件数（默认：文件合计 8 MB 以上时用多个核心，否则逐个检查更快）',
    '  -h, --help             显示本帮助',
    '',
    '评分规则预设：',
    ...presets,
    '',
    '退出码：0 未发现错误；1 发现错误；2 有文件无法读取，或命令用法有误。',
    '',
  ].join('\n');
}

const OPTIONS = {
  json: { type: 'boolean' },
  policy: { type: 'string' },
  'no-color': { type: 'boolean' },
  jobs: { type: 'string', short: 'j' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Reads and checks one workbook's bytes (the pipeline after the file is read; the fuzz tests run it in process). */
export async function checkBytes(data: Uint8Array, file: string, baseName: string, policy: ScoringPolicy): Promise<FileOutcome> {
  const parsed = await readXlsx(data, baseName, { inflateRaw: nodeInflateRaw });
  if (!parsed.ok) return { file, ok: false, code: parsed.code, message: parsed.message };
  const report = withSheetProblems(checkWorkbook(parsed.snapshot, { policy }), parsed.problems);
  return { file, ok: true, report };
}

/** What a text run prints for one outcome (as runCheck does), for tests that drive the pipeline in process. */
export function outcomeText(outcome: FileOutcome): string {
  return fileText(forTerminal(outcome), PLAIN);
}

/** Reads and checks one input; never throws. */
export async function checkInput(input: Input, policy: ScoringPolicy): Promise<FileOutcome> {
  if ('error' in input) return { file: input.file, ok: false, code: input.error, message: input.message };
  try {
    const read = await readInputFile(input.path);
    if (!read.ok) return { file: input.file, ok: false, code: read.code, message: read.message };
    return await checkBytes(read.data, input.file, path.basename(input.path), policy);
  } catch (err) {
    // Reader and engine promise never to throw; if one does, keep checking the other files.
    const detail = err instanceof Error ? err.message : String(err);
    return {
      file: input.file,
      ok: false,
      code: 'internal',
      message: `检查时发生内部错误（${detail}），请把该文件和这条信息发给维护人员`,
    };
  }
}

/** Sheets the reader could not read join the report's internal problems (the file is then not
 * fully checked: exit 2), so every shell shows them. */
function withSheetProblems(report: Report, problems: readonly SheetProblem[] | undefined): Report {
  if (!problems?.length) return report;
  return {
    ...report,
    internalProblems: [...(report.internalProblems ?? []), ...problems.map((p) => ({ sheet: p.sheet, message: p.message }))],
    problems: [...(report.problems ?? []), ...problems.map((p) => p.message)],
  };
}

/** The file's text, with the reader's and engine's problems added if the formatter left them out. */
function fileText(outcome: FileOutcome, palette: typeof COLOR): string {
  const text = formatFileText(outcome, palette);
  if (!outcome.ok) return text;
  const missing = (outcome.report.internalProblems ?? []).filter((p) => !text.includes(p.message));
  if (missing.length === 0) return text;
  const lines = missing.map((p) => `  ${palette.red('未能检查')}  ${p.message}`);
  return `${text.replace(/\n+$/, '')}\n${lines.join('\n')}\n\n`;
}

/** One file to check, and which of its printed forms the run needs. */
export interface CheckJob {
  input: Input;
  policy: ScoringPolicy;
  json: boolean;
  color: boolean;
  /** Keep the whole outcome: 自评报告 in the run are checked against it. */
  keepOutcome: boolean;
}

/**
 * What the output needs of one checked file, made where the file was checked. A worker thread sends this
 * back instead of the report: a report is tens of kilobytes of small objects, and cloning it from thread
 * to thread cost about as much CPU as checking a small workbook.
 */
export interface PrintedFile {
  file: string;
  exit: 0 | 1 | 2;
  /** Text output: the file's section as printed. */
  text?: string;
  /** Text output: the file's line of the closing table. */
  row?: SummaryRow;
  /** --json: the file's entry (fileJsonText). */
  json?: string;
  /** --json: the file's share of the summary. */
  part?: SummaryPart;
  /** Only when the job asked to keep it. */
  outcome?: FileOutcome;
}

export function printFile(outcome: FileOutcome, job: Omit<CheckJob, 'input' | 'policy'>): PrintedFile {
  const out: PrintedFile = { file: outcome.file, exit: fileExitCode(outcome) };
  if (job.json) {
    out.json = fileJsonText(outcome);
    out.part = summaryPart(outcome);
  } else {
    // Text formatters see the outcome with control characters already made visible.
    const shown = forTerminal(outcome);
    out.text = fileText(shown, job.color ? COLOR : PLAIN);
    out.row = summaryRow(shown);
  }
  if (job.keepOutcome) out.outcome = outcome;
  return out;
}

registerTask('check', async (job: CheckJob) => printFile(await checkInput(job.input, job.policy), job));

/** What a file whose worker failed is reported as: one line, like any unreadable file. */
export function poolFailureOutcome(file: string, failure: PoolFailure): FileOutcome {
  switch (failure.kind) {
    case 'memory':
      return {
        file,
        ok: false,
        code: 'too-large',
        message: `检查该文件所需内存超过上限（${failure.limitMb} MB），已停止检查；文件可能过大或被恶意构造，请确认选对了文件`,
      };
    case 'timeout':
      return {
        file,
        ok: false,
        code: 'too-large',
        message: `检查该文件超过 ${Number(failure.limitSeconds.toFixed(2))} 秒仍未完成，已停止；文件可能过大或被恶意构造，请确认选对了文件`,
      };
    default:
      return { file, ok: false, code: 'internal', message: `检查时发生内部错误（${failure.detail}），请把该文件和这条信息发给维护人员` };
  }
}

/** --jobs: a positive whole number, a usage error, or null (not given: see autoJobs). */
export function parseJobs(value: string | undefined): number | string | null {
  if (value === undefined) return null;
  const n = Number(value.trim());
  if (!Number.isInteger(n) || n < 1 || n > 256) return `--jobs 需要 1 到 256 之间的整数（同时检查的文件数），收到“${value}”。`;
  return n;
}

async function totalBytes(inputs: readonly Input[]): Promise<number> {
  const sizes = await Promise.all(inputs.map((i) => ('path' in i ? stat(i.path).then((s) => s.size, () => 0) : 0)));
  return sizes.reduce((a, b) => a + b, 0);
}

/** Limits of one file in a worker, overridable through the environment (tests, unusual machines). */
export function poolLimits(env: CliIo['env']): { timeoutMs?: number; maxHeapMb?: number } {
  const positive = (v: string | undefined) => {
    const n = Number(v);
    return v !== undefined && Number.isFinite(n) && n > 0 ? n : undefined;
  };
  const seconds = positive(env.SELFEVAL_FILE_TIMEOUT_S);
  const heap = positive(env.SELFEVAL_WORKER_HEAP_MB);
  return { timeoutMs: seconds === undefined ? undefined : seconds * 1000, maxHeapMb: heap === undefined ? undefined : Math.floor(heap) };
}

export async function runCheck(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandArgs(args, OPTIONS);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`${err.message}\n用法：${CHECK_USAGE}\n运行 selfeval check --help 查看说明。\n`);
      return 2;
    }
    throw err;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(checkHelp());
    return 0;
  }
  if (positionals.length === 0) {
    io.stderr(`请指定要检查的 .xlsx 文件或目录。\n用法：${CHECK_USAGE}\n`);
    return 2;
  }
  const policy = await loadPolicy(values.policy, io.cwd);
  if (!policy.ok) {
    io.stderr(`${policy.errors.join('\n')}\n`);
    return 2;
  }

  const requestedJobs = parseJobs(values.jobs);
  if (typeof requestedJobs === 'string') {
    io.stderr(`${requestedJobs}\n用法：${CHECK_USAGE}\n`);
    return 2;
  }
  const json = Boolean(values.json);
  const palette = useColor(io.stdoutIsTTY, Boolean(values['no-color']), io.env) ? COLOR : PLAIN;
  // A folder's 自评报告 (.docx) are taken too; reports are checked after the workbooks, against them.
  const all = await expandInputs(positionals, io.cwd, { extensions: /\.(xlsx|xlsm|docx|doc)$/i });
  const reportInputs = all.filter((i): i is { file: string; path: string } => !('error' in i) && REPORT_EXT.test(i.path));
  const inputs = all.filter((i) => !reportInputs.includes(i as { file: string; path: string }));

  // Files are checked on all cores; each file's text is printed as soon as it and every file before it
  // are done, so the output is in input order whatever order the workers finish in.
  const progress = new Progress(io, inputs.length, { tty: io.stderrIsTTY, enabled: inputs.length > 1 });
  const jobs = requestedJobs ?? autoJobs(inputs.length, await totalBytes(inputs));
  const ready = new Map<number, PrintedFile>();
  let printed = 0;
  const shape = { json, color: palette === COLOR, keepOutcome: reportInputs.length > 0 };
  progress.draw();
  const files = await runPool<CheckJob, PrintedFile>(
    'check',
    inputs.map((input) => ({ input, policy: policy.policy, ...shape })),
    {
      jobs,
      ...poolLimits(io.env),
      failed: (_i, job, failure) => printFile(poolFailureOutcome(job.input.file, failure), job),
      onResult: (index, file) => {
        ready.set(index, file);
        progress.clear();
        while (ready.has(printed)) {
          if (!json) io.stdout(ready.get(printed)!.text!);
          ready.delete(printed);
          printed++;
        }
        progress.advance();
      },
    },
  );
  progress.finish();
  const outcomes = files.flatMap((f) => (f.outcome ? [f.outcome] : []));

  const reports: ReportOutcome[] = [];
  for (const r of reportInputs) {
    const outcome = await checkReportFile(r.file, r.path, outcomes, io.env);
    if (!json) io.stdout(formatReportText(forTerminal(outcome), palette));
    reports.push(outcome);
  }
  if (reports.length && !json) io.stdout(formatUnpairedWorkbooks(workbooksWithoutReport(outcomes, reports), forTerminal(outcomes)));

  if (json) {
    const out = assembleJson(files.map((f) => f.json!), mergeSummary(files.map((f) => f.part!)));
    io.stdout(jsonSafe(reports.length ? `${JSON.stringify({ ...JSON.parse(out), reports: reportsToJson(reports) }, null, 2)}\n` : out));
  } else if (files.length > 1) io.stdout(formatSummaryRows(files.map((f) => f.row!), palette));
  const code = worstExitCode(files.map((f) => f.exit));
  // A report that could not be read, or had no workbook to be checked against, was not checked.
  if (reports.some((r) => !r.ok || !r.workbook)) return 2;
  if (code === 0 && reports.some((r) => r.ok && r.findings.some((f) => f.severity === 'error'))) return 1;
  return code;
}

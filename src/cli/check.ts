// `selfeval check`: read each workbook, run the engine, print the report (text or JSON).
import * as path from 'node:path';
import { checkWorkbook, POLICY_PRESETS, type ScoringPolicy } from '../engine';
import { readXlsx } from '../xlsx/read';
import { nodeInflateRaw } from './inflate';
import { parseCommandArgs, UsageError } from './args';
import { COLOR, PLAIN, useColor } from './color';
import { expandInputs, readInputFile, type Input } from './files';
import { formatJson } from './format-json';
import { formatFileText, formatSummary } from './format-text';
import type { CliIo } from './io';
import { exitCodeFor, type FileOutcome } from './outcome';
import { loadPolicy } from './policy';
import { displayWidth } from './width';
import { checkReportFile, formatReportText, formatUnpairedWorkbooks, REPORT_EXT, reportsToJson, workbooksWithoutReport, type ReportOutcome } from './report-check';

export const CHECK_USAGE = 'selfeval check [--json] [--policy 名称|文件] [--no-color] 文件.xlsx|报告.docx|目录 ...';

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
    '',
    '选项：',
    '  --json                 输出 JSON（供其他程序读取），不输出文字报告',
    '  --policy 名称|文件     评分规则：下列预设名称之一，或 JSON 规则文件的路径',
    '  --no-color             不使用颜色（设置环境变量 NO_COLOR 效果相同）',
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
  help: { type: 'boolean', short: 'h' },
} as const;

/** Reads and checks one input; never throws. */
export async function checkInput(input: Input, policy: ScoringPolicy): Promise<FileOutcome> {
  if ('error' in input) return { file: input.file, ok: false, code: input.error, message: input.message };
  try {
    const read = await readInputFile(input.path);
    if (!read.ok) return { file: input.file, ok: false, code: read.code, message: read.message };
    const parsed = await readXlsx(read.data, path.basename(input.path), { inflateRaw: nodeInflateRaw });
    if (!parsed.ok) return { file: input.file, ok: false, code: parsed.code, message: parsed.message };
    const report = checkWorkbook(parsed.snapshot, { policy });
    return { file: input.file, ok: true, report };
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

class Progress {
  private shown = false;
  constructor(
    private readonly io: CliIo,
    private readonly enabled: boolean,
  ) {}
  show(i: number, n: number, file: string): void {
    if (!this.enabled) return;
    let name = path.basename(file);
    if (displayWidth(name) > 50) name = `…${name.slice(-30)}`;
    this.io.stderr(`\r\x1b[K正在检查 ${i}/${n}：${name}`);
    this.shown = true;
  }
  clear(): void {
    if (this.shown) this.io.stderr('\r\x1b[K');
    this.shown = false;
  }
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

  const json = Boolean(values.json);
  const palette = useColor(io.stdoutIsTTY, Boolean(values['no-color']), io.env) ? COLOR : PLAIN;
  const all = await expandInputs(positionals, io.cwd);
  // 自评报告 (.docx) are checked after the workbooks, against them.
  const reportInputs = all.filter((i): i is { file: string; path: string } => !('error' in i) && REPORT_EXT.test(i.path));
  const inputs = all.filter((i) => !reportInputs.includes(i as { file: string; path: string }));
  const progress = new Progress(io, io.stderrIsTTY && inputs.length > 1);

  const outcomes: FileOutcome[] = [];
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i]!;
    progress.show(i + 1, inputs.length, input.file);
    const outcome = await checkInput(input, policy.policy);
    progress.clear();
    if (!json) io.stdout(formatFileText(outcome, palette));
    outcomes.push(outcome);
  }

  const reports: ReportOutcome[] = [];
  for (const r of reportInputs) {
    const outcome = await checkReportFile(r.file, r.path, outcomes);
    if (!json) io.stdout(formatReportText(outcome, palette));
    reports.push(outcome);
  }
  if (reports.length && !json) io.stdout(formatUnpairedWorkbooks(workbooksWithoutReport(outcomes, reports), outcomes));

  if (json) {
    const out = formatJson(outcomes);
    io.stdout(reports.length ? `${JSON.stringify({ ...JSON.parse(out), reports: reportsToJson(reports) }, null, 2)}\n` : out);
  } else if (outcomes.length > 1) io.stdout(formatSummary(outcomes, palette));
  const code = exitCodeFor(outcomes);
  if (reports.some((r) => !r.ok)) return 2;
  if (code === 0 && reports.some((r) => r.ok && r.findings.some((f) => f.severity === 'error'))) return 1;
  return code;
}

// `selfeval check`: read each workbook, run the engine, print the report (text or JSON).
import * as path from 'node:path';
import { checkWorkbook, POLICY_PRESETS, type Report, type ScoringPolicy } from '../engine';
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
import { forTerminal, jsonSafe, safeText } from './terminal';
import type { SheetProblem } from '../xlsx/fast';

export const CHECK_USAGE = 'selfeval check [--json] [--policy 名称|文件] [--no-color] 文件.xlsx|目录 ...';

export function checkHelp(): string {
  const presets = Object.values(POLICY_PRESETS).map((p) => `    ${p.name.padEnd(12)}${p.label}`);
  return [
    `用法：${CHECK_USAGE}`,
    '',
    '检查绩效自评表：识别部门整体支出绩效自评表、项目支出绩效自评表和基础数据表，',
    '复算执行率、执行率得分、总分和等级，列出需要修改的单元格。',
    '给出目录时检查其中所有 .xlsx / .xlsm 文件（不含子目录）。',
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

class Progress {
  private shown = false;
  constructor(
    private readonly io: CliIo,
    private readonly enabled: boolean,
  ) {}
  show(i: number, n: number, file: string): void {
    if (!this.enabled) return;
    let name = safeText(path.basename(file));
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
  const inputs = await expandInputs(positionals, io.cwd);
  const progress = new Progress(io, io.stderrIsTTY && inputs.length > 1);

  const outcomes: FileOutcome[] = [];
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i]!;
    progress.show(i + 1, inputs.length, input.file);
    const outcome = await checkInput(input, policy.policy);
    progress.clear();
    // Text formatters see the outcome with control characters already made visible.
    if (!json) io.stdout(fileText(forTerminal(outcome), palette));
    outcomes.push(outcome);
  }

  if (json) io.stdout(jsonSafe(formatJson(outcomes)));
  else if (outcomes.length > 1) io.stdout(formatSummary(forTerminal(outcomes), palette));
  return exitCodeFor(outcomes);
}

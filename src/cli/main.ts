// selfeval command line. A subcommand is one entry in COMMANDS; main() never throws and returns
// the exit code (bin/selfeval.js sets process.exitCode from it).
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runCheck, CHECK_USAGE } from './check';
import { runReport, REPORT_USAGE } from './report';
import { runReview, REVIEW_USAGE } from './review';
import { processIo, type CliIo } from './io';
import { safeIo } from './terminal';
// Registers the review's per-file task, so worker threads (which load this module) can run it.
import './review-pool';

export interface Command {
  /** One line for the general help. */
  usage: string;
  summary: string;
  run(args: string[], io: CliIo): Promise<number>;
}

export const COMMANDS: Record<string, Command> = {
  check: {
    usage: CHECK_USAGE,
    summary: '检查自评表，复算执行率、得分、总分和等级，列出要修改的单元格',
    run: runCheck,
  },
  report: {
    usage: REPORT_USAGE,
    summary: '用工作簿中的数字生成自评报告文字（整体支出、项目支出报告，偏差原因草稿）',
    run: runReport,
  },
  review: {
    usage: REVIEW_USAGE,
    summary: '审核人员用：审核一个文件夹中各单位的自评表，写出汇总表.xlsx 和每个单位的审核意见（.docx）',
    run: runReview,
  },
};

/** The version in the project's package.json (found from src/cli or dist/node/cli). */
export function readVersion(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'selfeval' && pkg.version) return pkg.version;
      } catch {
        // not ours or unreadable: keep looking upwards
      }
    }
    dir = path.dirname(dir);
  }
  return '未知';
}

export function generalHelp(): string {
  const lines = [
    `selfeval ${readVersion()} — 绩效自评表校核（部门整体支出 / 项目支出绩效自评表、基础数据表）`,
    '',
    '用法：',
  ];
  for (const [name, cmd] of Object.entries(COMMANDS)) lines.push(`  ${cmd.usage}`, `      ${cmd.summary}`, `      详细说明：selfeval ${name} --help`);
  lines.push('  selfeval --help       显示本帮助', '  selfeval --version    显示版本号', '');
  lines.push('示例：', '  selfeval check 2024年部门整体支出绩效自评表.xlsx', '  selfeval check --json 自评表目录 > 结果.json', '');
  return lines.join('\n');
}

function internalErrorLine(err: unknown, io: CliIo): string {
  const detail = err instanceof Error ? err.message : String(err);
  const lines = [
    `selfeval 内部错误：${detail.replace(/\s+/g, ' ')}。这不是您文件的问题；请把所用命令和文件发给维护人员（设置环境变量 SELFEVAL_DEBUG=1 可显示详细信息）。`,
  ];
  if (io.env.SELFEVAL_DEBUG && err instanceof Error && err.stack) lines.push(err.stack);
  return `${lines.join('\n')}\n`;
}

export async function main(argv: string[], rawIo: CliIo = processIo()): Promise<number> {
  // The one place text reaches the terminal: no control sequence from a workbook or a path passes.
  const io = safeIo(rawIo);
  try {
    const [first, ...rest] = argv;
    if (first === undefined) {
      io.stderr(generalHelp());
      return 2;
    }
    if (first === '--help' || first === '-h' || first === 'help') {
      io.stdout(generalHelp());
      return 0;
    }
    if (first === '--version' || first === '-v' || first === '-V') {
      io.stdout(`${readVersion()}\n`);
      return 0;
    }
    const command = Object.prototype.hasOwnProperty.call(COMMANDS, first) ? COMMANDS[first] : undefined;
    if (!command) {
      const looksLikeFile = /\.(xlsx|xlsm|xls|et)$/i.test(first) || existsSync(path.resolve(io.cwd, first));
      const hint = looksLikeFile
        ? `检查文件请在前面加上 check：selfeval check ${argv.join(' ')}`
        : `可用命令：${Object.keys(COMMANDS).join('、')}。运行 selfeval --help 查看用法。`;
      io.stderr(`未知命令“${first}”。${hint}\n`);
      return 2;
    }
    return await command.run(rest, io);
  } catch (err) {
    try {
      io.stderr(internalErrorLine(err, io));
    } catch {
      // stderr itself failed; nothing left to report to
    }
    return 2;
  }
}

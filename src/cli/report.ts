// `selfeval report`: read one workbook, check it, print the 自评报告 text filled from its figures.
import * as path from 'node:path';
import { checkWorkbook, type FormReport, type Report } from '../engine';
import {
  isTemplateName,
  renderedToText,
  renderTemplate,
  TEMPLATE_ORDER,
  TEMPLATES,
  type RenderedText,
  type TemplateName,
} from '../engine/templates';
import { readXlsx } from '../xlsx/read';
import { nodeInflateRaw } from './inflate';
import { parseCommandArgs, UsageError } from './args';
import { readInputFile } from './files';
import { KIND_LABEL, unreadableLine } from './format-text';
import type { CliIo } from './io';
import { loadPolicy } from './policy';

export const REPORT_USAGE = 'selfeval report [--template 模板] [--form 工作表] [--policy 名称|文件] [--no-corrections] 文件.xlsx';

const SEPARATOR = '————————————————————';

function templateLines(): string[] {
  return TEMPLATE_ORDER.map((n) => `    ${n.padEnd(18)}${TEMPLATES[n].label}（适用于${TEMPLATES[n].appliesTo.map((k) => KIND_LABEL[k]).join('、')}）`);
}

export function reportHelp(): string {
  return [
    `用法：${REPORT_USAGE}`,
    '',
    '用工作簿中的数字生成自评报告文字：预算数、年初预算、调整数、执行数、基本支出和项目支出、',
    '执行率、各一级指标得分、总分和等级都取自表格（表中填错的按复核值写，并注明“经复核”）。',
    '表格无法提供的内容（职责、机构、问题、措施等）写成【请填写：…】，由单位补充。',
    '',
    '选项：',
    '  --template 模板        要生成的文字，默认：有部门整体支出绩效自评表时为 overall-report，否则为 project-report',
    '  --form 工作表          只为该工作表中的表生成（默认：模板适用的每一张表）',
    '  --policy 名称|文件     评分规则（与 selfeval check 相同）',
    '  --no-corrections       不写“经复核，…应为…（表中填报…）”的说明',
    '  -h, --help             显示本帮助',
    '',
    '模板：',
    ...templateLines(),
    '',
    '退出码：0 已生成；2 文件无法读取、没有适用的表，或命令用法有误。',
    '',
  ].join('\n');
}

const OPTIONS = {
  template: { type: 'string' },
  form: { type: 'string' },
  policy: { type: 'string' },
  'no-corrections': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function formLine(form: FormReport): string {
  const name = (form.kind === 'project' ? form.projectName || form.unit : form.unit)?.replace(/\s+/g, ' ').trim();
  return `  ${KIND_LABEL[form.kind]}（工作表“${form.sheet}”）${name ? `：${name}` : ''}`;
}

function formsFound(report: Report): string {
  if (report.forms.length === 0) return '工作簿中没有识别出任何绩效自评表或基础数据表。\n';
  return `工作簿中找到的表：\n${report.forms.map(formLine).join('\n')}\n`;
}

function usageError(io: CliIo, message: string): number {
  io.stderr(`${message}\n用法：${REPORT_USAGE}\n运行 selfeval report --help 查看说明。\n`);
  return 2;
}

export async function runReport(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandArgs(args, OPTIONS);
  } catch (err) {
    if (err instanceof UsageError) return usageError(io, err.message);
    throw err;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(reportHelp());
    return 0;
  }
  if (positionals.length === 0) return usageError(io, '请指定要生成报告的 .xlsx 文件。');
  if (positionals.length > 1) return usageError(io, `一次只能为一个文件生成报告，收到 ${positionals.length} 个：${positionals.join('、')}。`);
  let template: TemplateName | undefined;
  if (values.template !== undefined) {
    const t = values.template.trim();
    if (!isTemplateName(t)) {
      io.stderr(`没有名为“${t}”的模板。可用模板：\n${templateLines().join('\n')}\n`);
      return 2;
    }
    template = t;
  }
  const policy = await loadPolicy(values.policy, io.cwd);
  if (!policy.ok) {
    io.stderr(`${policy.errors.join('\n')}\n`);
    return 2;
  }

  const file = positionals[0]!;
  const read = await readInputFile(path.resolve(io.cwd, file));
  if (!read.ok) {
    io.stderr(`${unreadableLine(file, read.message)}\n`);
    return 2;
  }
  const xlsx = await readXlsx(read.data, path.basename(file), { inflateRaw: nodeInflateRaw });
  if (!xlsx.ok) {
    io.stderr(`${unreadableLine(file, xlsx.message)}\n`);
    return 2;
  }
  const report = checkWorkbook(xlsx.snapshot, { policy: policy.policy });

  const name: TemplateName = template ?? (report.forms.some((f) => f.kind === 'overall') ? 'overall-report' : 'project-report');
  const def = TEMPLATES[name];
  const sheet = values.form?.trim();
  const indices = report.forms.flatMap((f, i) =>
    (def.appliesTo as string[]).includes(f.kind) && (sheet === undefined || f.sheet.trim() === sheet) ? [i] : [],
  );
  if (indices.length === 0) {
    // Without --template either report would do, so name both kinds.
    const kinds = (template ? def.appliesTo : (['overall', 'project'] as const)).map((k) => KIND_LABEL[k]).join('或');
    const where = sheet !== undefined ? `工作表“${sheet}”中没有${kinds}` : `没有${kinds}`;
    const what = template ? `“${def.label}”` : '自评报告';
    io.stderr(`${file}：${where}，无法生成${what}。\n${formsFound(report)}`);
    return 2;
  }

  const texts: RenderedText[] = indices.map((formIndex) =>
    renderTemplate(report, name, { formIndex, noteCorrections: !values['no-corrections'] }),
  );
  const failed = texts.find((t) => t.error);
  if (failed) {
    io.stderr(`${file}：${failed.error}\n`);
    return 2;
  }
  const output = texts.map((t) => renderedToText(t)).join(`\n${SEPARATOR}\n\n`);
  io.stdout(output);
  const missing = output.split('【请填写').length - 1;
  if (missing > 0) io.stderr(`提示：文中有 ${missing} 处【请填写】，须由单位据实补充。\n`);
  return 0;
}

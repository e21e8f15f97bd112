// `selfeval review`: a folder of submissions in; 汇总表.xlsx, review.json and 审核意见/<单位>.docx out.
// The review itself is src/review (shared with the 审核台 page); this shell reads files, converts legacy
// workbooks with LibreOffice, and writes the outputs without ever overwriting a directory silently.
import { mkdir, readFile, rm, stat, writeFile, readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { POLICY_PRESETS } from '../engine';
import {
  assembleReview,
  buildLetters,
  buildSummaryXlsx,
  parseReviewState,
  reviewState,
  type FileOutcome,
  type PreviousReview,
} from '../review';
import { parseCommandArgs, UsageError } from './args';
import { expandInputs, readInputFile } from './files';
import type { CliIo } from './io';
import { convertLegacy, isCfb, needsConversion, type Converted, type LegacyFile } from './legacy';
import { readVersion } from './main';
import { loadPolicy } from './policy';
import { safeText } from './terminal';
import { checkAllInPool } from './review-pool';

export const REVIEW_USAGE = 'selfeval review [--previous 上一轮输出目录] [--policy 名称|文件] [--force] --out 输出目录 文件夹|文件 ...';

export const SUMMARY_FILE = '汇总表.xlsx';
export const STATE_FILE = 'review.json';
export const LETTER_DIR = '审核意见';

const REVIEW_EXT = /\.(xlsx|xlsm|xls|et|ett|docx|doc)$/i;
/** A 自评报告 by its name (as src/review's checkOne tells them); an OLE one is Word 97–2003 and goes to LibreOffice. */
const REPORT_NAME = /\.(docx?|wps)$/i;

export function reviewHelp(): string {
  const presets = Object.values(POLICY_PRESETS).map((p) => `    ${p.name.padEnd(12)}${p.label}`);
  return [
    `用法：${REVIEW_USAGE}`,
    '',
    '审核各单位报送的绩效自评表：逐个检查、复算，按单位汇总，写出',
    `  ${SUMMARY_FILE}            汇总（每张表一行，有错误的在前）、问题明细、检查说明`,
    `  ${LETTER_DIR}/<单位>.docx     每个单位一份审核意见（同一单位的多个文件合为一份）`,
    `  ${STATE_FILE}              供下一轮 --previous 比较用`,
    '给出文件夹时审核其中所有 .xlsx / .xlsm / .xls / .et 文件（不含子文件夹）；',
    '.xls 和 WPS .et 文件用 LibreOffice 转换后检查（需已安装 LibreOffice）。',
    '各单位的自评报告（.docx）也可一并放入，按单位与自评表配对核对；旧版 .doc 经 LibreOffice（Writer 组件）转换后核对。',
    '',
    '选项：',
    '  --out 目录             输出目录（必填；已存在且不为空时拒绝写入，除非加 --force）',
    '  --previous 目录        上一轮 review 的输出目录：逐单位列出已整改 / 仍存在 / 新发现',
    '  --policy 名称|文件     评分规则：下列预设名称之一，或 JSON 规则文件的路径',
    '  --force                输出目录已存在时覆盖其中的汇总表、审核意见和 review.json',
    '  -h, --help             显示本帮助',
    '',
    '评分规则预设：',
    ...presets,
    '',
    '退出码：0 已写出审核结果；2 有文件无法读取（其余文件照常审核并写出），或用法有误、无法写出。',
    '',
  ].join('\n');
}

const OPTIONS = {
  out: { type: 'string', short: 'o' },
  previous: { type: 'string' },
  policy: { type: 'string' },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function today(env: Record<string, string | undefined>): string {
  // SELFEVAL_REVIEW_DATE pins the date (documentation pictures, reproducible outputs).
  if (env.SELFEVAL_REVIEW_DATE && /^\d{4}-\d{2}-\d{2}$/.test(env.SELFEVAL_REVIEW_DATE)) return env.SELFEVAL_REVIEW_DATE;
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

async function readPrevious(arg: string, cwd: string): Promise<{ ok: true; state: PreviousReview } | { ok: false; message: string }> {
  let file = path.resolve(cwd, arg);
  try {
    if ((await stat(file)).isDirectory()) file = path.join(file, STATE_FILE);
  } catch {
    return { ok: false, message: `找不到上一轮的输出目录“${arg}”。` };
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { ok: false, message: `上一轮的输出目录“${arg}”中没有 ${STATE_FILE}（它由 selfeval review 写出），无法比较。` };
  }
  const parsed = parseReviewState(text);
  return parsed.ok ? parsed : { ok: false, message: `${arg}：${parsed.message}。` };
}

/** Refuses an output directory with content unless --force; then removes only what a review writes. */
async function prepareOut(out: string, force: boolean): Promise<string | null> {
  let info;
  try {
    info = await stat(out);
  } catch {
    try {
      await mkdir(out, { recursive: true });
    } catch (err) {
      return `无法创建输出目录“${out}”（${(err as NodeJS.ErrnoException).code ?? String(err)}），请换一个目录。`;
    }
    return null;
  }
  if (!info.isDirectory()) return `输出位置“${out}”已存在且不是目录，请换一个目录。`;
  const entries = await readdir(out);
  if (entries.length === 0) return null;
  if (!force) return `输出目录“${out}”已存在且不为空，为避免覆盖上一次的结果已停止。请换一个目录，或加 --force 覆盖其中的审核结果。`;
  await rm(path.join(out, SUMMARY_FILE), { force: true });
  await rm(path.join(out, STATE_FILE), { force: true });
  const letters = path.join(out, LETTER_DIR);
  const old = await readdir(letters).catch(() => [] as string[]);
  await Promise.all(old.filter((n) => n.toLowerCase().endsWith('.docx')).map((n) => rm(path.join(letters, n), { force: true })));
  return null;
}

export async function runReview(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandArgs(args, OPTIONS);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`${err.message}\n用法：${REVIEW_USAGE}\n运行 selfeval review --help 查看说明。\n`);
      return 2;
    }
    throw err;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(reviewHelp());
    return 0;
  }
  if (positionals.length === 0) {
    io.stderr(`请指定要审核的文件夹或文件。\n用法：${REVIEW_USAGE}\n`);
    return 2;
  }
  if (!values.out || values.out.trim() === '') {
    io.stderr(`请用 --out 指定输出目录，例如 --out 审核结果。\n用法：${REVIEW_USAGE}\n`);
    return 2;
  }
  const policy = await loadPolicy(values.policy, io.cwd);
  if (!policy.ok) {
    io.stderr(`${policy.errors.join('\n')}\n`);
    return 2;
  }
  let previous: PreviousReview | undefined;
  if (values.previous !== undefined) {
    const prev = await readPrevious(values.previous, io.cwd);
    if (!prev.ok) {
      io.stderr(`${prev.message}\n`);
      return 2;
    }
    previous = prev.state;
  }
  const out = path.resolve(io.cwd, values.out);
  const refused = await prepareOut(out, Boolean(values.force));
  if (refused) {
    io.stderr(`${refused}\n`);
    return 2;
  }

  const inputs = await expandInputs(positionals, io.cwd, {
    extensions: REVIEW_EXT,
    noneFound: '该文件夹中没有 .xlsx / .xlsm / .xls / .et 文件（不查找子文件夹）',
  });
  const outcomes: FileOutcome[] = [];
  const ready: { file: string; name: string; bytes: Uint8Array; convertedFrom?: string }[] = [];
  const legacy: LegacyFile[] = [];
  // Word 97–2003 reports: their own LibreOffice run (Writer, to .docx); `file`/`name` stay the user's.
  const legacyDocs: { file: string; name: string; bytes: Uint8Array }[] = [];
  for (const input of inputs) {
    const name = path.basename(input.file);
    if ('error' in input) {
      outcomes.push({ path: input.file, name, status: 'unreadable', refusal: input.message });
      continue;
    }
    const read = await readInputFile(input.path);
    if (!read.ok) {
      outcomes.push({ path: input.file, name, status: 'unreadable', refusal: read.message });
      continue;
    }
    if (needsConversion(name, read.data)) legacy.push({ file: input.file, name, bytes: read.data });
    else if (REPORT_NAME.test(name) && isCfb(read.data)) legacyDocs.push({ file: input.file, name, bytes: read.data });
    else ready.push({ file: input.file, name, bytes: read.data });
  }
  // One LibreOffice start per kind: --convert-to takes one target format for the whole run.
  const take = (files: readonly { file: string; name: string }[], converted: Converted[]) =>
    files.forEach((l, i) => {
      const c = converted[i]!;
      if (c.ok) ready.push({ file: l.file, name: l.name, bytes: c.bytes, convertedFrom: l.name });
      else outcomes.push({ path: l.file, name: l.name, status: 'unreadable', refusal: c.message });
    });
  if (legacy.length > 0) {
    if (io.stderrIsTTY) io.stderr(`正在用 LibreOffice 转换 ${legacy.length} 个 .xls/.et 文件…\n`);
    take(legacy, await convertLegacy(legacy, io.env));
  }
  if (legacyDocs.length > 0) {
    if (io.stderrIsTTY) io.stderr(`正在用 LibreOffice 转换 ${legacyDocs.length} 个 .doc 自评报告…\n`);
    // Named .doc for LibreOffice's temp copy (a Word file renamed .docx/.wps is still Word 97–2003 inside).
    const asDoc = legacyDocs.map((d) => ({ ...d, name: d.name.replace(/\.[^.]*$/, '') + '.doc' }));
    take(legacyDocs, await convertLegacy(asDoc, io.env, { to: 'docx' }));
  }
  // checkOne on every core (worker threads), with progress on stderr; a worker that fails costs one file.
  const checked = await checkAllInPool(
    ready.map((r) => ({ path: r.file, name: r.name, bytes: r.bytes, ...(r.convertedFrom ? { convertedFrom: r.convertedFrom } : {}) })),
    policy.policy,
    io,
  );
  outcomes.push(...checked);

  const result = assembleReview(outcomes, {
    policyName: policy.policy.name,
    policyLabel: policy.policy.label,
    date: today(io.env),
    version: readVersion(),
    ...(previous ? { previous } : {}),
  });
  const letters = await buildLetters(result);
  const summary = await buildSummaryXlsx(result);
  try {
    await mkdir(path.join(out, LETTER_DIR), { recursive: true });
    await writeFile(path.join(out, SUMMARY_FILE), summary);
    for (const l of letters) await writeFile(path.join(out, LETTER_DIR, l.fileName), l.bytes);
    // Written last: a review.json means the round's outputs are all there.
    await writeFile(path.join(out, STATE_FILE), `${JSON.stringify(reviewState(result), null, 2)}\n`);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EACCES' || code === 'EPERM' ? '没有写入权限' : code === 'ENOSPC' ? '磁盘空间不足' : code === 'EBUSY' ? '文件正被其他程序占用（是否在 Excel/Word 中打开着？）' : `写入失败（${code ?? String(err)}）`;
    io.stderr(`${safeText(`无法写出审核结果到“${values.out}”：${why}。请换一个输出目录，或关闭占用的文件后再试。`)}\n`);
    return 2;
  }

  const c = result.counts;
  const lines = [
    `已审核 ${c.files} 个文件：${c.units} 个单位、${c.forms} 张表，发现错误 ${c.errors} 处、警告 ${c.warnings} 处。`,
    `汇总表：${path.join(values.out, SUMMARY_FILE)}`,
    `审核意见 ${letters.length} 份：${path.join(values.out, LETTER_DIR)}${path.sep}`,
  ];
  for (const n of result.notes) {
    if (n.kind === 'unreadable') lines.push(`无法读取 ${n.file}：${n.reason}`);
    else if (n.kind === 'not-selfeval') lines.push(`未审核 ${n.file}：${n.reason}`);
  }
  if (result.notes.length > 0) lines.push(`共 ${result.notes.length} 条说明，见汇总表的“检查说明”工作表。`);
  io.stdout(`${lines.map(safeText).join('\n')}\n`);
  return c.unreadable > 0 ? 2 : 0;
}

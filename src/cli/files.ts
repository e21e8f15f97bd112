// Command-line paths → the files to check, and reading one file with the CLI's size limit.
import { readdir, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';

/** Files above this are refused before reading (a real self-evaluation workbook is a few MB). */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;

export type Input = { file: string; path: string } | { file: string; error: 'missing' | 'no-xlsx' | 'io'; message: string };

const WORKBOOK_EXT = /\.(xlsx|xlsm)$/i;
// A directory's 自评报告 are taken too: `selfeval check` pairs them with the workbooks (src/cli/report-check.ts).
const REPORT_EXT = /\.(docx)$/i;
// Excel's lock files (~$name.xlsx) and macOS resource forks (._name.xlsx) are not workbooks.
const JUNK_PREFIX = /^(~\$|\._)/;

const collator = new Intl.Collator('zh-CN', { numeric: true });

function ioMessage(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') return '没有读取权限，请检查文件权限或是否被其他程序锁定';
  if (code === 'EISDIR') return '这是一个目录';
  if (code === 'EBUSY') return '文件正被其他程序占用，请关闭后再试';
  return `读取失败（${code ?? (err instanceof Error ? err.message : String(err))}）`;
}

/**
 * Expands the arguments: a file stays as given (whatever its extension: the reader says what it is),
 * a directory becomes its *.xlsx/*.xlsm files (not recursive), sorted. Duplicates are dropped.
 */
export async function expandInputs(args: readonly string[], cwd: string): Promise<Input[]> {
  const out: Input[] = [];
  const seen = new Set<string>();
  const add = (file: string, abs: string) => {
    if (seen.has(abs)) return;
    seen.add(abs);
    out.push({ file, path: abs });
  };
  for (const arg of args) {
    const abs = path.resolve(cwd, arg);
    let info;
    try {
      info = await stat(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        out.push({ file: arg, error: 'missing', message: '找不到该文件或目录，请检查路径是否正确' });
      } else {
        out.push({ file: arg, error: 'io', message: ioMessage(err) });
      }
      continue;
    }
    if (!info.isDirectory()) {
      add(arg, abs);
      continue;
    }
    let names: string[];
    try {
      names = (await readdir(abs, { withFileTypes: true }))
        .filter((d) => !d.isDirectory() && (WORKBOOK_EXT.test(d.name) || REPORT_EXT.test(d.name)) && !JUNK_PREFIX.test(d.name))
        .map((d) => d.name)
        .sort(collator.compare);
    } catch (err) {
      out.push({ file: arg, error: 'io', message: ioMessage(err) });
      continue;
    }
    if (names.length === 0) {
      out.push({ file: arg, error: 'no-xlsx', message: '该目录中没有 .xlsx 或 .xlsm 文件（不查找子目录）' });
      continue;
    }
    for (const name of names) add(path.join(arg, name), path.join(abs, name));
  }
  return out;
}

export type ReadFileResult = { ok: true; data: Uint8Array } | { ok: false; code: 'too-big' | 'io' | 'missing'; message: string };

export async function readInputFile(absPath: string): Promise<ReadFileResult> {
  try {
    const info = await stat(absPath);
    if (info.size > MAX_FILE_BYTES) {
      const mb = Math.round(info.size / (1024 * 1024));
      return {
        ok: false,
        code: 'too-big',
        message: `文件有 ${mb} MB，超过 200 MB 的上限，已拒绝读取；请确认选对了文件`,
      };
    }
    return { ok: true, data: await readFile(absPath) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, code: 'missing', message: '找不到该文件（可能已被移动或删除）' };
    return { ok: false, code: 'io', message: ioMessage(err) };
  }
}

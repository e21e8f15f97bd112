// Command-line paths → the files to check, and reading one file with the CLI's size limit.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';

/** Files above this are refused before reading (a real self-evaluation workbook is a few MB). */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;

export type Input = { file: string; path: string } | { file: string; error: 'missing' | 'no-xlsx' | 'io' | 'not-file'; message: string };

type Stats = Awaited<ReturnType<typeof stat>>;

/** What a non-regular file is, in words, with what to do; null for a regular file. */
export function notRegularFile(info: Stats): string | null {
  if (info.isFile()) return null;
  const what = info.isFIFO()
    ? '命名管道（FIFO）'
    : info.isCharacterDevice() || info.isBlockDevice()
      ? '设备文件'
      : info.isSocket()
        ? '套接字'
        : info.isDirectory()
          ? '目录'
          : '特殊文件';
  return `这不是普通文件，而是${what}（或指向它的链接），已跳过；请把要检查的 .xlsx 工作簿本身放进文件夹后再检查`;
}

const WORKBOOK_EXT = /\.(xlsx|xlsm)$/i;
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
export async function expandInputs(
  args: readonly string[],
  cwd: string,
  options: { extensions?: RegExp; noneFound?: string } = {},
): Promise<Input[]> {
  const ext = options.extensions ?? WORKBOOK_EXT;
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
      const odd = notRegularFile(info);
      if (odd) out.push({ file: arg, error: 'not-file', message: odd });
      else add(arg, abs);
      continue;
    }
    let names: string[];
    try {
      names = (await readdir(abs, { withFileTypes: true }))
        .filter((d) => !d.isDirectory() && ext.test(d.name) && !JUNK_PREFIX.test(d.name))
        .map((d) => d.name)
        .sort(collator.compare);
    } catch (err) {
      out.push({ file: arg, error: 'io', message: ioMessage(err) });
      continue;
    }
    if (names.length === 0) {
      out.push({ file: arg, error: 'no-xlsx', message: options.noneFound ?? '该目录中没有 .xlsx 或 .xlsm 文件（不查找子目录）' });
      continue;
    }
    for (const name of names) {
      const file = path.join(arg, name);
      const full = path.join(abs, name);
      // Links are followed, but only to regular files: a link to /dev/zero or a FIFO is never opened.
      let target: Stats;
      try {
        target = await stat(full);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        out.push({ file, error: code === 'ENOENT' ? 'missing' : 'io', message: code === 'ENOENT' ? '这是一个指向不存在文件的链接，已跳过' : ioMessage(err) });
        continue;
      }
      if (target.isDirectory()) continue;
      const odd = notRegularFile(target);
      if (odd) out.push({ file, error: 'not-file', message: odd });
      else add(file, full);
    }
  }
  return out;
}

export type ReadFileResult = { ok: true; data: Uint8Array } | { ok: false; code: 'too-big' | 'io' | 'missing' | 'not-file'; message: string };

function tooBig(bytes: number, atLeast: boolean): ReadFileResult {
  const mb = Math.round(bytes / (1024 * 1024));
  return { ok: false, code: 'too-big', message: `文件有 ${mb} MB${atLeast ? ' 以上' : ''}，超过 200 MB 的上限，已拒绝读取；请确认选对了文件` };
}

/**
 * Reads a regular file, at most MAX_FILE_BYTES: the limit holds on the bytes actually read, not on
 * the size the file system reports (0 for devices and pipes, and a file may grow while read).
 * Opened non-blocking so a FIFO that took the file's place cannot hang the run.
 */
export async function readInputFile(absPath: string, limit = MAX_FILE_BYTES): Promise<ReadFileResult> {
  return readInputFileSync(absPath, limit);
}

/**
 * readInputFile's work, done with synchronous calls: a workbook is read in one or two system calls, and
 * each asynchronous call would cost a round trip through libuv's thread pool (on two cores, five such
 * hops per file took a fifth of a folder run). Callers run it on a worker thread or between files.
 */
export function readInputFileSync(absPath: string, limit = MAX_FILE_BYTES): ReadFileResult {
  let fd: number;
  try {
    fd = openSync(absPath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, code: 'missing', message: '找不到该文件（可能已被移动或删除）' };
    return { ok: false, code: 'io', message: ioMessage(err) };
  }
  try {
    const info = fstatSync(fd);
    const odd = notRegularFile(info);
    if (odd) return { ok: false, code: 'not-file', message: odd };
    if (info.size > limit) return tooBig(info.size, false);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      // The reported size is a hint for the first read only (one read for an ordinary file).
      const want = Math.min(total === 0 && info.size > 0 ? info.size + 1 : 4 * 1024 * 1024, limit + 1 - total);
      const buf = Buffer.allocUnsafe(want);
      const bytesRead = readSync(fd, buf, 0, want, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > limit) return tooBig(total, true);
      chunks.push(bytesRead === want ? buf : buf.subarray(0, bytesRead));
      // Fewer bytes than the size said, with room left: the file ended (a regular file never reads short otherwise).
      if (bytesRead < want && total === info.size) break;
    }
    return { ok: true, data: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total) };
  } catch (err) {
    return { ok: false, code: 'io', message: ioMessage(err) };
  } finally {
    try {
      closeSync(fd);
    } catch {
      // Closing a file only read cannot lose anything.
    }
  }
}

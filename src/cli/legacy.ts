// Legacy .xls and WPS .et workbooks → .xlsx through LibreOffice in headless mode. The ONE module of the
// CLI allowed to start a process (test/security/dependencies.test.ts): no shell, fixed arguments, a
// private throwaway profile (a reviewer's open LibreOffice is never touched), a timeout, temp files removed.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/** OLE compound file: .xls (BIFF), most .et files, but also encrypted .xlsx (those stay with the reader). */
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export const LEGACY_EXT = /\.(xls|et|ett|xlt)$/i;

export function isCfb(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && CFB.every((b, i) => bytes[i] === b);
}

/** An encrypted .xlsx is an OLE file holding an "EncryptedPackage" stream (UTF-16 name in the directory). */
function isEncryptedOoxml(bytes: Uint8Array): boolean {
  const needle = 'EncryptedPackage';
  const limit = Math.min(bytes.length, 1 << 20);
  outer: for (let i = 0; i + needle.length * 2 <= limit; i++) {
    for (let j = 0; j < needle.length; j++) {
      if (bytes[i + j * 2] !== needle.charCodeAt(j) || bytes[i + j * 2 + 1] !== 0) continue outer;
    }
    return true;
  }
  return false;
}

/** Worth handing to LibreOffice: a legacy extension, or an OLE workbook renamed .xlsx — not an encrypted .xlsx. */
export function needsConversion(name: string, bytes: Uint8Array): boolean {
  if (!isCfb(bytes)) return false;
  if (isEncryptedOoxml(bytes)) return false;
  return LEGACY_EXT.test(name) || /\.(xlsx|xlsm)$/i.test(name);
}

export const INSTALL_HINT =
  '未安装 LibreOffice，无法转换 .xls / .et 文件：请安装 LibreOffice（Debian/Ubuntu：apt-get install libreoffice-calc-nogui；Windows：从 libreoffice.org 下载安装），或在 Excel/WPS 中另存为 .xlsx 后再审核';

export const DOC_INSTALL_HINT =
  '未安装 LibreOffice，无法读取旧版 Word 文档（.doc）：请安装 LibreOffice（Debian/Ubuntu：apt-get install libreoffice-writer-nogui），或在 Word/WPS 中另存为 .docx 后再核对';

/** The soffice executable: SELFEVAL_SOFFICE, else PATH, else the usual install places; null when absent. */
export function findSoffice(env: Record<string, string | undefined>): string | null {
  if (env.SELFEVAL_SOFFICE !== undefined) return env.SELFEVAL_SOFFICE === '' ? null : env.SELFEVAL_SOFFICE;
  const exe = process.platform === 'win32' ? ['soffice.exe', 'soffice.com'] : ['soffice', 'libreoffice'];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const name of exe) {
      const p = path.join(dir, name);
      if (existsSync(p)) return p;
    }
  }
  const usual =
    process.platform === 'win32'
      ? [path.join(env.ProgramFiles ?? 'C:\\Program Files', 'LibreOffice', 'program', 'soffice.exe')]
      : process.platform === 'darwin'
        ? ['/Applications/LibreOffice.app/Contents/MacOS/soffice']
        : ['/usr/bin/soffice', '/usr/lib/libreoffice/program/soffice', '/opt/libreoffice/program/soffice'];
  return usual.find((p) => existsSync(p)) ?? null;
}

export interface LegacyFile {
  /** As shown to the user. */
  file: string;
  name: string;
  bytes: Uint8Array;
}

export type Converted = { ok: true; bytes: Uint8Array } | { ok: false; message: string };

function run(cmd: string, args: string[], timeoutMs: number): Promise<{ ok: boolean; detail: string }> {
  return new Promise((resolve) => {
    let timedOut = false;
    let settled = false;
    const done = (r: { ok: boolean; detail: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    // Its own process group (POSIX): soffice is a wrapper that starts soffice.bin; a timeout stops them all.
    // No shell; LibreOffice's output is not needed (it is English and technical), so it is ignored.
    const posix = process.platform !== 'win32';
    const child = spawn(cmd, args, { stdio: 'ignore', windowsHide: true, detached: posix, shell: false });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (posix && child.pid) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', (err: NodeJS.ErrnoException) => {
      done({ ok: false, detail: err.code === 'ENOENT' || err.code === 'EACCES' ? `无法启动程序 ${cmd}` : `无法启动 LibreOffice（${err.code ?? err.message}）` });
    });
    child.on('exit', (code, signal) => {
      if (timedOut) return done({ ok: false, detail: `超过 ${Math.round(timeoutMs / 1000)} 秒未完成` });
      if (code === 0) return done({ ok: true, detail: '' });
      done({ ok: false, detail: `LibreOffice 异常退出，${code !== null ? `退出码 ${code}` : `信号 ${signal ?? '未知'}`}` });
    });
  });
}

/**
 * Converts all legacy files in one LibreOffice run (its start-up is the expensive part). Each file gets its
 * own result; a file LibreOffice could not convert says so, the others are unaffected.
 */
export async function convertLegacy(
  files: readonly LegacyFile[],
  env: Record<string, string | undefined>,
  options: { timeoutMs?: number; to?: 'xlsx' | 'docx' } = {},
): Promise<Converted[]> {
  if (files.length === 0) return [];
  // 'docx': a Word 97–2003 自评报告 (.doc) for the report check (issue 16); the same run, Writer's filter.
  const to = options.to ?? 'xlsx';
  const soffice = findSoffice(env);
  if (!soffice) return files.map(() => ({ ok: false, message: to === 'docx' ? DOC_INSTALL_HINT : INSTALL_HINT }));
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'selfeval-convert-'));
  try {
    const inDir = path.join(tmp, 'in');
    const outDir = path.join(tmp, 'out');
    const profile = path.join(tmp, 'profile');
    await Promise.all([inDir, outDir, profile].map((d) => mkdir(d, { recursive: true })));
    // ASCII names: LibreOffice and the file system agree on them whatever the locale; the extension is kept
    // so LibreOffice picks the right import filter.
    const names = files.map((f, i) => `f${i}${(path.extname(f.name).match(/^\.[A-Za-z0-9]{1,5}$/)?.[0] ?? '.xls').toLowerCase()}`);
    await Promise.all(files.map((f, i) => writeFile(path.join(inDir, names[i]!), f.bytes)));
    const timeoutMs = options.timeoutMs ?? 60_000 + 15_000 * files.length;
    const args = [
      `-env:UserInstallation=${pathToFileURL(profile).href}`,
      '--headless',
      '--norestore',
      '--nolockcheck',
      '--convert-to',
      to,
      '--outdir',
      outDir,
      ...names.map((n) => path.join(inDir, n)),
    ];
    const ran = await run(soffice, args, timeoutMs);
    return await Promise.all(
      names.map(async (n): Promise<Converted> => {
        const out = path.join(outDir, n.replace(/\.[^.]+$/, `.${to}`));
        try {
          const bytes = await readFile(out);
          if (bytes.length > 0) return { ok: true, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) };
        } catch {
          // not written: fall through to the reason
        }
        if (to === 'docx') {
          return {
            ok: false,
            message: ran.ok
              ? 'LibreOffice 无法转换该文档（可能已损坏、有密码保护，或未安装 LibreOffice Writer），请在 Word/WPS 中打开并另存为 .docx 后再核对'
              : `用 LibreOffice 转换失败（${ran.detail}），请在 Word/WPS 中另存为 .docx 后再核对`,
          };
        }
        return {
          ok: false,
          message: ran.ok
            ? 'LibreOffice 无法转换该文件（可能已损坏或有密码保护），请在 Excel/WPS 中打开并另存为 .xlsx 后再审核'
            : `用 LibreOffice 转换失败（${ran.detail}），请在 Excel/WPS 中另存为 .xlsx 后再审核`,
        };
      }),
    );
  } finally {
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
  }
}

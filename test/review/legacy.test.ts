// .xls / WPS .et submissions: converted with LibreOffice (one real conversion when soffice is installed —
// CI installs it), and the converter path with stubs: arguments, failure, timeout, LibreOffice missing.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertLegacy, findSoffice, needsConversion, INSTALL_HINT } from '../../src/cli/legacy';
import { makeTempDir } from '../xlsx/helpers';
import { ROOT, expectNoStackTrace, runCli } from '../cli/run';
import { notesText, stub as stubIn } from './support';

const XLS = path.join(ROOT, 'test', 'review', 'fixtures', 'electro-2024.xls');
const SHIFTED = path.join(ROOT, 'test', 'fixtures', 'xlsx', 'family-shifted.xlsx');
const JUNK_OLE = path.join(ROOT, 'test', 'fixtures', 'xlsx', 'legacy.xls');
const soffice = findSoffice(process.env);

let tmp: { dir: string; cleanup: () => void };
const f = (...p: string[]) => path.join(tmp.dir, ...p);

const stub = (name: string, body: string) => stubIn(tmp.dir, name, body);

beforeAll(() => {
  tmp = makeTempDir('selfeval-legacy-');
});
afterAll(() => tmp?.cleanup());

describe('which files go to LibreOffice', () => {
  it('OLE workbooks (.xls, .et, an .xls renamed .xlsx), never an encrypted .xlsx or a zip', () => {
    const xls = readFileSync(XLS);
    expect(needsConversion('a.xls', xls)).toBe(true);
    expect(needsConversion('a.et', xls)).toBe(true);
    expect(needsConversion('a.xlsx', xls)).toBe(true);
    expect(needsConversion('a.xlsx', readFileSync(SHIFTED))).toBe(false);
    const encrypted = Buffer.concat([xls.subarray(0, 8), Buffer.from('EncryptedPackage'.split('').map((c) => `${c}\0`).join(''), 'latin1')]);
    expect(needsConversion('a.xlsx', encrypted)).toBe(false);
  });
});

describe.skipIf(!soffice)('real LibreOffice conversion', () => {
  it('reviews a real .xls and a WPS .et, and says which files were converted; a damaged .xls is listed with its reason', async () => {
    mkdirSync(f('real'));
    copyFileSync(XLS, f('real', '电化教育馆.xls'));
    copyFileSync(XLS, f('real', '电化教育馆-副本.et'));
    copyFileSync(JUNK_OLE, f('real', '损坏.xls'));
    const r = await runCli(['review', 'real', '--out', 'real-out'], { cwd: tmp.dir });
    expectNoStackTrace(r.stdout + r.stderr);
    expect([0, 2]).toContain(r.code);
    expect(existsSync(f('real-out', '审核意见', '湘江市电化教育馆.docx'))).toBe(true);
    const notes = await notesText(f('real-out', '汇总表.xlsx'));
    expect(notes).toContain('real/电化教育馆.xls | 【已转换格式】由 电化教育馆.xls 经 LibreOffice 转换');
    expect(notes).toContain('real/电化教育馆-副本.et | 【已转换格式】');
    // LibreOffice may open junk as text: then it is simply not a self-evaluation workbook.
    expect(notes).toMatch(/real\/损坏\.xls \| 【(无法读取|不是自评表)】/);
  }, 180_000);
});

describe('converter with a stub LibreOffice', () => {
  it('passes a private profile, headless, xlsx and the output directory, without a shell', async () => {
    const log = f('args.log');
    const fake = stub(
      'fake-soffice',
      `printf '%s\\n' "$@" > '${log}'\nout=''\nprev=''\nfor a in "$@"; do\n  if [ "$prev" = '--outdir' ]; then out="$a"; fi\n  prev="$a"\ndone\nfor a in "$@"; do\n  case "$a" in *.xls|*.et) b=$(basename "$a"); cp '${SHIFTED}' "$out/\${b%.*}.xlsx";; esac\ndone`,
    );
    mkdirSync(f('stubbed'));
    copyFileSync(JUNK_OLE, f('stubbed', '单位甲.et'));
    const r = await runCli(['review', 'stubbed', '--out', 'stub-out'], { cwd: tmp.dir, env: { SELFEVAL_SOFFICE: fake } });
    expectNoStackTrace(r.stdout + r.stderr);
    expect(r.code).toBe(0);
    const args = readFileSync(log, 'utf8').trim().split('\n');
    expect(args[0]).toMatch(/^-env:UserInstallation=file:\/\/\//);
    expect(args).toEqual(expect.arrayContaining(['--headless', '--convert-to', 'xlsx', '--outdir']));
    expect(args[args.length - 1]).toMatch(/f0\.et$/);
    expect(existsSync(f('stub-out', '审核意见', '湘江市电化教育馆.docx'))).toBe(true);
  });

  it('a failing conversion is one Chinese line for that file; the other files are still reviewed', async () => {
    const fake = stub('failing-soffice', 'echo "Error: source file could not be loaded" >&2\nexit 1');
    mkdirSync(f('failing'));
    copyFileSync(JUNK_OLE, f('failing', '单位乙.xls'));
    copyFileSync(SHIFTED, f('failing', '单位丙.xlsx'));
    const r = await runCli(['review', 'failing', '--out', 'failing-out'], { cwd: tmp.dir, env: { SELFEVAL_SOFFICE: fake } });
    expectNoStackTrace(r.stdout + r.stderr);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/无法读取 failing\/单位乙\.xls：用 LibreOffice 转换失败（LibreOffice 异常退出，退出码 1），请在 Excel\/WPS 中另存为 \.xlsx 后再审核/);
    expect(existsSync(f('failing-out', '审核意见', '湘江市电化教育馆.docx'))).toBe(true);
  });

  it('LibreOffice missing: says in one Chinese line how to install it', async () => {
    mkdirSync(f('missing'));
    copyFileSync(JUNK_OLE, f('missing', '单位丁.xls'));
    const r = await runCli(['review', 'missing', '--out', 'missing-out'], { cwd: tmp.dir, env: { SELFEVAL_SOFFICE: '' } });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`无法读取 missing/单位丁.xls：${INSTALL_HINT}`);
    expect(INSTALL_HINT).toMatch(/apt-get install libreoffice-calc-nogui/);
  });

  it('a conversion that hangs is stopped at the timeout', async () => {
    const fake = stub('slow-soffice', 'sleep 30');
    const t0 = Date.now();
    const [r] = await convertLegacy([{ file: 'x.xls', name: 'x.xls', bytes: readFileSync(XLS) }], { SELFEVAL_SOFFICE: fake }, { timeoutMs: 500 });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(r).toEqual({ ok: false, message: expect.stringMatching(/超过 1 秒未完成|超过 0 秒未完成/) });
  });
});

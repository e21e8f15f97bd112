// The CLI on hostile and extreme files, as a user runs it: a child process with a 1 GB heap cap.
// Each file gets the documented exit code (0 no errors / 1 error findings / 2 unreadable), within a
// time limit, without crashing, and without a stack trace; an unreadable file gets exactly one
// Chinese line naming it. Peak memory and time of the big cases are printed for docs/robustness.md.
import { spawn } from 'node:child_process';
import { copyFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCfb, makeTempDir, makeZip } from '../xlsx/helpers';
import { snapshotToXlsx } from '../support/write-xlsx';
import {
  UNUSUAL_SHEET_NAMES,
  build255Sheets,
  buildDeclaredBomb,
  buildLyingBomb,
  buildUnusualNames,
  entityExpansionXml,
  externalEntityXml,
  projectSheet,
  reencodedWorkbook,
  workbookWithSheetXml,
  writeMillionCellWorkbook,
  wrongScoreSheet,
} from '../robustness/hostile-files';
import { BIN, ROOT, buildIsFresh, expectNoStackTrace, runMeasured, type MeasuredRun } from './run';

const HEAP_MB = 1024;

const FROM_BUILD = buildIsFresh();

type Run = MeasuredRun;

let tmp: { dir: string; cleanup: () => void };
const f = (name: string) => path.join(tmp.dir, name);
let runSeq = 0;

function check(file: string, limitMs: number, extra: string[] = []): Promise<Run> {
  // Past the limit the test fails anyway; do not let a runaway child outlive it.
  return runMeasured(['check', ...extra, file], {
    cwd: tmp.dir, rssFile: f(`rss-${++runSeq}.txt`), killAfterMs: limitMs + 5_000, fromBuild: FROM_BUILD, nodeArgs: [`--max-old-space-size=${HEAP_MB}`],
  });
}

/** Exited by itself with this code, in time, within memory, no stack trace anywhere. */
function expectClean(r: Run, code: 0 | 1 | 2, limitMs: number): void {
  expect(r.signal, `killed by ${r.signal}; stderr: ${r.stderr}`).toBeNull();
  expectNoStackTrace(r.stdout);
  expectNoStackTrace(r.stderr);
  expect(`${r.stdout}${r.stderr}`).not.toMatch(/FATAL ERROR|heap out of memory|Bug :|\[object |\bNaN\b/);
  expect(r.code, r.stdout + r.stderr).toBe(code);
  expect(r.ms).toBeLessThan(limitMs);
  // The heap cap holds (a crash would have shown above); the whole process stays bounded too.
  expect(r.rssMb).not.toBeNull();
  expect(r.rssMb!).toBeLessThan(HEAP_MB + 512);
}

/** An unreadable file: exit 2, nothing on stderr, exactly one Chinese line naming the file. */
function expectOneLine(r: Run, file: string, reason: RegExp, limitMs = 20_000): string {
  expectClean(r, 2, limitMs);
  expect(r.stderr).toBe('');
  const lines = r.stdout.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  const line = lines[0]!;
  expect(line.startsWith(`无法读取 ${file}：`)).toBe(true);
  expect(line).toMatch(/[\u4e00-\u9fff]{4}/);
  expect(line).toMatch(reason);
  return line;
}

const measured: Record<string, { ms: number; rssMb: number | null; bytes: number }> = {};

beforeAll(async () => {
  tmp = makeTempDir('selfeval-hostile-');
  const t0 = performance.now();
  await writeMillionCellWorkbook(f('million.xlsx'));
  measured.generateMillion = { ms: performance.now() - t0, rssMb: null, bytes: statSync(f('million.xlsx')).size };
  writeFileSync(f('sheets-255.xlsx'), await build255Sheets(200));
  writeFileSync(f('names.xlsx'), await buildUnusualNames());
  writeFileSync(f('gbk.xlsx'), await reencodedWorkbook([wrongScoreSheet('项目自评表')], 'gbk'));
  writeFileSync(f('utf16.xlsx'), await reencodedWorkbook([wrongScoreSheet('项目自评表')], 'utf-16le'));

  const good = await snapshotToXlsx([projectSheet('自评表')]);
  writeFileSync(f('good.xlsx'), good);
  writeFileSync(f('truncated.xlsx'), good.subarray(0, Math.floor(good.length * 0.6)));
  writeFileSync(f('truncated-tail.xlsx'), good.subarray(0, good.length - 10));
  // The directory intact but the compressed data overwritten in the middle of the archive.
  const damaged = Buffer.from(good);
  damaged.fill(0x5a, Math.floor(damaged.length * 0.3), Math.floor(damaged.length * 0.3) + 2000);
  writeFileSync(f('damaged.xlsx'), damaged);
  writeFileSync(f('garbage.xlsx'), Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(4096, 0x41)]));
  writeFileSync(f('zero.xlsx'), Buffer.alloc(0));
  writeFileSync(f('web-page.xlsx'), '<html><head><meta charset="gbk"></head><body><table><tr><td>项目</td></tr></table></body></html>');
  writeFileSync(f('no-workbook.xlsx'), makeZip([{ name: 'readme.txt', data: '不是工作簿' }]));
  writeFileSync(f('malformed-xml.xlsx'), workbookWithSheetXml('<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></row>'));
  // Renamed legacy files and a password-protected (encrypted OOXML in an OLE container) workbook.
  copyFileSync(path.join(ROOT, 'test', 'fixtures', 'xlsx', 'legacy.xls'), f('renamed-legacy.xlsx'));
  writeFileSync(f('renamed-xls.xlsx'), makeCfb(['Workbook', 'SummaryInformation', 'DocumentSummaryInformation']));
  writeFileSync(f('password.xlsx'), makeCfb(['EncryptionInfo', 'EncryptedPackage', 'DataSpaces']));
  // Zip bombs: declared sizes over the cap; honest headers with a ~1000:1 ratio; lying headers.
  writeFileSync(f('bomb-declared.xlsx'), makeZip([
    { name: 'xl/workbook.xml', data: '<workbook/>' },
    { name: 'xl/worksheets/sheet1.xml', data: '<worksheet/>', declaredUncompressed: 3 * 1024 ** 3, zip64: true },
  ]));
  writeFileSync(f('bomb-ratio.xlsx'), buildDeclaredBomb(600));
  writeFileSync(f('bomb-lying.xlsx'), buildLyingBomb(2000));
  writeFileSync(f('entities.xlsx'), workbookWithSheetXml(entityExpansionXml()));
  writeFileSync(f('secret.txt'), 'TOP-SECRET-CONTENT-7f3a');
  writeFileSync(f('xxe.xlsx'), workbookWithSheetXml(externalEntityXml(f('secret.txt'))));
}, 120_000);

afterAll(() => {
  if (Object.keys(measured).length) console.log(`[hostile] ${FROM_BUILD ? 'dist/node' : 'tsx (sources)'}:`, JSON.stringify(measured));
  tmp?.cleanup();
});

describe('selfeval check on extreme but valid workbooks', () => {
  it('a workbook with 1,000,000 used cells: checked within 90 s under a 1 GB heap, the form on the other sheet still found', async () => {
    expect(measured.generateMillion!.bytes).toBeLessThan(8 * 1024 * 1024);
    const r = await check('million.xlsx', 90_000);
    measured.million = { ms: Math.round(r.ms), rssMb: r.rssMb, bytes: measured.generateMillion!.bytes };
    expectClean(r, 1, 90_000);
    expect(r.stdout).toContain('项目支出绩效自评表（工作表“自评表”');
    expect(r.stdout).toMatch(/H5\s+执行率得分应为 9\.50 分/);
  }, 120_000);

  it('255 sheets with a form each: every form read, the one wrong score found on its sheet', async () => {
    const r = await check('sheets-255.xlsx', 45_000, ['--json']);
    measured.sheets255 = { ms: Math.round(r.ms), rssMb: r.rssMb, bytes: statSync(f('sheets-255.xlsx')).size };
    expectClean(r, 1, 45_000);
    const doc = JSON.parse(r.stdout) as { files: { forms: { sheet: string }[]; findings: { sheet: string; cell: string; severity: string }[] }[] };
    const file = doc.files[0]!;
    expect(file.forms.map((x) => x.sheet)).toEqual(Array.from({ length: 255 }, (_, i) => `项目${i + 1}`));
    const errors = file.findings.filter((x) => x.severity === 'error');
    expect(new Set(errors.map((x) => x.sheet))).toEqual(new Set(['项目200']));
    expect(errors.map((x) => x.cell)).toContain('H5');
  }, 60_000);

  it('emoji, right-to-left, combining, quoted and 31-character sheet names come through unchanged', async () => {
    const r = await check('names.xlsx', 20_000, ['--json']);
    expectClean(r, 1, 20_000);
    const doc = JSON.parse(r.stdout) as { files: { forms: { sheet: string }[]; findings: { sheet: string; severity: string }[] }[] };
    expect(doc.files[0]!.forms.map((x) => x.sheet)).toEqual(UNUSUAL_SHEET_NAMES);
    const errorSheets = new Set(doc.files[0]!.findings.filter((x) => x.severity === 'error').map((x) => x.sheet));
    expect(errorSheets).toEqual(new Set([UNUSUAL_SHEET_NAMES[0]]));
  }, 45_000);

  it.each([
    ['gbk.xlsx', 'GBK declared in the XML (written by some exporters)'],
    ['utf16.xlsx', 'UTF-16 with a byte order mark (allowed by OPC)'],
  ])('%s: parts in %s are decoded, so names and text read correctly', async (file) => {
    const r = await check(file, 20_000);
    expectClean(r, 1, 20_000);
    expect(r.stdout).toContain('项目支出绩效自评表（工作表“项目自评表”');
    expect(r.stdout).toMatch(/H5\s+执行率得分应为 9\.50 分/);
    expect(r.stdout).not.toContain('\uFFFD');
  });
});

// Independent child processes: run them side by side.
describe.concurrent('selfeval check on damaged, disguised and malicious files', () => {
  it.each([
    ['truncated.xlsx', /文件不完整或已损坏/],
    ['truncated-tail.xlsx', /文件不完整或已损坏/],
    ['damaged.xlsx', /文件已损坏/],
    ['garbage.xlsx', /文件不完整或已损坏/],
    ['zero.xlsx', /文件是空的（0 字节）/],
    ['web-page.xlsx', /网页（HTML）/],
    ['no-workbook.xlsx', /缺少 xl\/workbook\.xml/],
    ['malformed-xml.xlsx', /文件已损坏，无法解析/],
    ['renamed-legacy.xlsx', /旧版 \.xls 文件，请在 Excel 中另存为 \.xlsx/],
    ['renamed-xls.xlsx', /旧版 \.xls 文件，请在 Excel 中另存为 \.xlsx/],
    ['password.xlsx', /设置了打开密码（已加密）/],
    ['bomb-declared.xlsx', /超过 1 GB 的上限|压缩比异常/],
    ['bomb-ratio.xlsx', /压缩比异常（约 \d+:1，解压后 600 MB）/],
    ['bomb-lying.xlsx', /实际解压后远大于文件声明的大小/],
    ['entities.xlsx', /含有自定义的 XML 实体声明.*已拒绝读取/],
  ])('%s → exit 2 and one line', async (file, reason) => {
    const r = await check(file, 20_000);
    expectOneLine(r, file, reason);
    if (file.startsWith('bomb-')) {
      measured[file] = { ms: Math.round(r.ms), rssMb: r.rssMb, bytes: statSync(f(file)).size };
      // Refused before inflating: 600 MB / 2 GB inside would take far more than the parser's baseline.
      expect(r.rssMb!).toBeLessThan(400);
    }
  });

  it('an external entity (XXE) is never resolved: the file it names does not leak into the output', async () => {
    const r = await check('xxe.xlsx', 20_000, ['--json']);
    expectClean(r, 2, 20_000);
    expect(r.stdout).not.toContain('TOP-SECRET');
    expect(JSON.parse(r.stdout).files[0].errorCode).toBe('corrupt');
  });

  it('several hostile files in one run: every file reported, exit 2, the good one still checked', async () => {
    const files = ['good.xlsx', 'password.xlsx', 'bomb-lying.xlsx', 'truncated.xlsx'];
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    if (FROM_BUILD) delete env.SELFEVAL_FROM_SOURCE;
    else env.SELFEVAL_FROM_SOURCE = '1';
    const r = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, BIN, 'check', '--json', ...files], { cwd: tmp.dir, env });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.on('close', (code) => resolve({ code, out }));
    });
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.out) as { files: { file: string; errorCode?: string; forms?: unknown[] }[] };
    expect(doc.files.map((x) => [x.file, x.errorCode ?? 'ok'])).toEqual([
      ['good.xlsx', 'ok'],
      ['password.xlsx', 'encrypted'],
      ['bomb-lying.xlsx', 'too-large'],
      ['truncated.xlsx', 'corrupt'],
    ]);
    expect(doc.files[0]!.forms).toHaveLength(1);
  });
});

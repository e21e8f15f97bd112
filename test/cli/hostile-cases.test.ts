// Issue 15's numbered cases and a sample of the fuzzer's packages, each run as a `selfeval check`
// process (the compiled CLI when it is current, else the sources): exit 0/1/2, within 10 s and
// 512 MB of resident memory (inputs ≤ 1 MB), no stack trace, every file of a folder reported.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCfb, makeTempDir } from '../xlsx/helpers';
import { snapshotToXlsx } from '../support/write-xlsx';
import { asOtherWriter } from '../support/other-writers';
import { zipOf } from '../robustness/hostile-files';
import { projectSheet, wrongScoreSheet } from '../robustness/hostile-files';
import * as C from '../robustness/hostile-cases';
import { fuzzPackage } from '../robustness/fuzz-packages';
import { buildIsFresh, expectNoStackTrace, runMeasured, type MeasuredRun } from './run';

const LIMIT_MS = 10_000;
const LIMIT_RSS_MB = 512;

const FROM_BUILD = buildIsFresh();
// Sources run through tsx, whose start-up alone takes seconds on a busy machine: allow for it there.
const START_MS = FROM_BUILD ? 0 : 8_000;

type Run = MeasuredRun;

let tmp: { dir: string; cleanup: () => void };
const f = (name: string) => path.join(tmp.dir, name);
let seq = 0;

function selfeval(args: string[]): Promise<Run> {
  return runMeasured(['check', ...args], { cwd: tmp.dir, rssFile: f(`rss-${++seq}.txt`), killAfterMs: LIMIT_MS + START_MS + 10_000, fromBuild: FROM_BUILD });
}

const measured: Record<string, { kb: number; ms: number; rssMb: number | null; code: number | null }> = {};

/** Exited by itself with an allowed code, in time, within memory, no stack trace, no raw control character. */
function expectBounded(r: Run, label: string, codes: number[] = [0, 1, 2]): void {
  expect(r.signal, `${label}: killed (${r.stderr})`).toBeNull();
  expectNoStackTrace(r.stdout);
  expectNoStackTrace(r.stderr);
  expect(`${r.stdout}${r.stderr}`).not.toMatch(/FATAL ERROR|heap out of memory|Bug :|\[object |\bNaN\b/);
  expect(codes, `${label}: exit ${r.code}\n${r.stdout}${r.stderr}`).toContain(r.code);
  expect(r.ms, label).toBeLessThan(LIMIT_MS + START_MS);
  expect(r.rssMb, label).not.toBeNull();
  expect(r.rssMb!, label).toBeLessThan(LIMIT_RSS_MB);
  // eslint-disable-next-line no-control-regex
  expect(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(r.stdout + r.stderr), `${label}: control character printed`).toBe(false);
}

/** One unreadable file: exit 2, exactly one Chinese line naming it. */
function expectRefused(r: Run, file: string, reason: RegExp): void {
  expectBounded(r, file, [2]);
  const lines = r.stdout.split('\n').filter((l) => l !== '');
  expect(lines, r.stdout).toHaveLength(1);
  expect(lines[0]!.startsWith(`无法读取 ${file}：`)).toBe(true);
  expect(lines[0]).toMatch(reason);
  expect(lines[0]).not.toMatch(/[A-Za-z]{3,} [a-z]{3,}|Error|undefined/);
}

// Project name "项目x", unit "示例单位" (what controlSequences() replaces).
const FORM_BODY = () => C.snapshotBody(wrongScoreSheet('x'));

beforeAll(async () => {
  tmp = makeTempDir('selfeval-hostile-cases-');
  writeFileSync(f('xfd-20000.xlsx'), C.xfdOnEveryRow(20_000));
  writeFileSync(f('row-1048576-60.xlsx'), C.lastRowOnEverySheet(60));
  writeFileSync(f('row-9999999.xlsx'), C.rowPastLimit());
  writeFileSync(f('col-xfe.xlsx'), C.columnPastLimit());
  writeFileSync(f('merges-20000-iso.xlsx'), C.mergesWithIsoDate(20_000));
  writeFileSync(f('merges-100000.xlsx'), C.manyMerges(100_000));
  writeFileSync(f('merge-whole-sheet.xlsx'), C.wholeSheetMerge());
  writeFileSync(f('merges-overlap.xlsx'), C.overlappingMerges());
  writeFileSync(f('control.xlsx'), C.controlSequences(FORM_BODY()));
  writeFileSync(f('missing-part.xlsx'), C.missingSheetPart(FORM_BODY()));
  writeFileSync(f('prefixed.xlsx'), asOtherWriter(new Uint8Array(await snapshotToXlsx([wrongScoreSheet('自评表')]))));
  // A JSZip-level failure ("Bug : uncompressed data size mismatch"): a small entry that inflates to
  // more than it declares (too small for the streaming size check, which starts at 64 KB).
  const sheetXml = `<worksheet xmlns="${C.NS}"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>`;
  const zlib = await import('node:zlib');
  const good = C.rawBook([{ name: 'S', body: '<sheetData/>' }]);
  const { unzipSync } = await import('fflate');
  const files = unzipSync(new Uint8Array(good));
  writeFileSync(
    f('size-mismatch.xlsx'),
    zipOf(
      Object.entries(files)
        .filter(([n]) => !n.endsWith('/'))
        .map(([name, data]) =>
          name === 'xl/worksheets/sheet1.xml'
            ? { name, data: sheetXml, raw: { body: zlib.deflateRawSync(Buffer.from(sheetXml)), crc: 0, size: 10 } }
            : { name, data },
        ),
    ),
  );
  writeFileSync(f('slides.xls'), makeCfb(['PowerPoint Document', 'Current User', 'SummaryInformation']));
  writeFileSync(f('slides.xlsx'), zipOf([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'ppt/presentation.xml', data: '<p:presentation/>' }]));
  // A file name with control sequences (case 4): ESC [2K and a BEL.
  mkdirSync(f('named'));
  writeFileSync(f('named/name-\u001b[2K-\u0007.xlsx'), await snapshotToXlsx([projectSheet('自评表')]));

  // Case 1 / 2 folders: every file reported, in text and JSON.
  mkdirSync(f('folder1'));
  writeFileSync(f('folder1/a-good.xlsx'), await snapshotToXlsx([wrongScoreSheet('自评表')]));
  writeFileSync(f('folder1/b-xfd.xlsx'), C.xfdOnEveryRow(20_000));
  writeFileSync(f('folder1/c-rows.xlsx'), C.lastRowOnEverySheet(60));
  writeFileSync(f('folder1/d-good.xlsx'), await snapshotToXlsx([projectSheet('自评表')]));
  mkdirSync(f('folder2'));
  writeFileSync(f('folder2/a-good.xlsx'), await snapshotToXlsx([wrongScoreSheet('自评表')]));
  symlinkSync('/dev/zero', f('folder2/b-zero.xlsx'));
  execFileSync('mkfifo', [f('folder2/c-fifo.xlsx')]);
  symlinkSync(f('folder2/a-good.xlsx'), f('folder2/d-link-to-good.xlsx'));
  symlinkSync(f('nowhere.xlsx'), f('folder2/e-dangling.xlsx'));

  mkdirSync(f('fuzz'));
  for (let i = 0; i < 52; i++) {
    const { bytes } = fuzzPackage(77_000 + i * 7);
    writeFileSync(f(`fuzz/fuzz-${String(i).padStart(2, '0')}.xlsx`), bytes);
  }
}, 120_000);

afterAll(() => {
  console.log(`[hostile-cases] ${FROM_BUILD ? 'dist/node' : 'tsx (sources)'}:`, JSON.stringify(measured));
  tmp?.cleanup();
});

async function measure(file: string, args: string[] = []): Promise<Run> {
  const r = await selfeval([...args, file]);
  measured[file] = { kb: Math.round(statSync(f(file)).size / 1024), ms: Math.round(r.ms), rssMb: r.rssMb, code: r.code };
  return r;
}

describe('issue 15 case 1: addresses far out or past Excel limits', () => {
  it('one value in column XFD on each of 20,000 rows (~100 KB): refused in one line naming the sheet', async () => {
    expect(statSync(f('xfd-20000.xlsx')).size).toBeLessThan(1024 * 1024);
    const r = await measure('xfd-20000.xlsx');
    expectRefused(r, 'xfd-20000.xlsx', /工作表“明细”的内容分布过广.*超出读取上限.*Ctrl\+End/);
  });
  it('one value at row 1,048,576 on each of 60 sheets: refused, naming the sheet where the limit was reached', async () => {
    const r = await measure('row-1048576-60.xlsx');
    expectRefused(r, 'row-1048576-60.xlsx', /工作表“表\d+”.*超出读取上限/);
  });
  it.each([
    ['row-9999999.xlsx', /工作表“越界”中有单元格位于第 9,999,999 行，超出 Excel 的范围/],
    ['col-xfe.xlsx', /工作表“越界列”中有单元格位于第 16385 列，超出 Excel 的范围/],
  ])('%s: an address past Excel limits is refused as malformed', async (file, reason) => {
    expectRefused(await measure(file), file, reason);
  });
  it('a folder run with --json keeps every file: the good ones checked, the hostile ones one entry each', async () => {
    const r = await selfeval(['--json', 'folder1']);
    expectBounded(r, 'folder1 --json', [2]);
    const doc = JSON.parse(r.stdout) as { files: { file: string; errorCode?: string; forms?: unknown[] }[] };
    expect(doc.files.map((x) => [path.basename(x.file), x.errorCode ?? 'ok'])).toEqual([
      ['a-good.xlsx', 'ok'],
      ['b-xfd.xlsx', 'too-large'],
      ['c-rows.xlsx', 'too-large'],
      ['d-good.xlsx', 'ok'],
    ]);
    expect(doc.files[0]!.forms).toHaveLength(1);
    const text = await selfeval(['folder1']);
    expectBounded(text, 'folder1 text', [2]);
    expect(text.stdout).toMatch(/H5\s+执行率得分应为 9\.50 分/);
    expect(text.stdout).toMatch(/共 4 个文件：1 个有错误，2 个无法读取，1 个未发现错误/);
  });
});

describe('issue 15 case 2: files that are not regular files', () => {
  it('a link to /dev/zero and a FIFO in a folder are refused at once, in Chinese; every other file is checked', async () => {
    const r = await selfeval(['folder2']);
    expectBounded(r, 'folder2', [2]);
    measured.folder2 = { kb: 0, ms: Math.round(r.ms), rssMb: r.rssMb, code: r.code };
    expect(r.stdout).toMatch(/无法读取 folder2\/b-zero\.xlsx：这不是普通文件，而是设备文件/);
    expect(r.stdout).toMatch(/无法读取 folder2\/c-fifo\.xlsx：这不是普通文件，而是命名管道（FIFO）/);
    expect(r.stdout).toMatch(/无法读取 folder2\/e-dangling\.xlsx：这是一个指向不存在文件的链接/);
    // The good file and the link to it are both checked.
    expect(r.stdout.match(/H5\s+执行率得分应为 9\.50 分/g)).toHaveLength(2);
    const json = await selfeval(['--json', 'folder2']);
    expectBounded(json, 'folder2 --json', [2]);
    const doc = JSON.parse(json.stdout) as { files: { file: string; errorCode?: string }[] };
    expect(doc.files.map((x) => [path.basename(x.file), x.errorCode ?? 'ok'])).toEqual([
      ['a-good.xlsx', 'ok'],
      ['b-zero.xlsx', 'not-file'],
      ['c-fifo.xlsx', 'not-file'],
      ['d-link-to-good.xlsx', 'ok'],
      ['e-dangling.xlsx', 'missing'],
    ]);
  });
  it('a FIFO named on the command line is refused, not waited on', async () => {
    const r = await selfeval(['folder2/c-fifo.xlsx']);
    expectRefused(r, 'folder2/c-fifo.xlsx', /命名管道/);
  });
});

describe('issue 15 case 3: merged areas', () => {
  it.each([
    ['merges-20000-iso.xlsx', 0],
    ['merges-100000.xlsx', 0],
    ['merge-whole-sheet.xlsx', 0],
  ])('%s is read in bounded time and memory', async (file, code) => {
    const r = await measure(file);
    expectBounded(r, file, [code]);
    expect(r.stdout).toContain(`文件：${file}`);
  });
  it('overlapping merges are refused in Chinese, naming both areas', async () => {
    expectRefused(await measure('merges-overlap.xlsx'), 'merges-overlap.xlsx', /合并单元格 A1:C3 与 B2:D4 相互重叠/);
  });
});

describe('issue 15 case 4: control sequences from cells, sheet names and file names', () => {
  it('are printed as visible placeholders, never as control characters', async () => {
    const r = await measure('control.xlsx');
    expectBounded(r, 'control.xlsx', [1]);
    expect(r.stdout).toContain('␛[2K 已核对，无问题␛]52;c;ZXZpbA==␇⟨U+009B⟩8m');
    expect(r.stdout).toContain('工作表“⟨U+009B⟩2K␛M表␇”');
    // The real error is still there, on its own line.
    expect(r.stdout).toMatch(/\n {4}错误 {2}H5 {3}执行率得分应为 9\.50 分/);
    // JSON keeps the exact text, escaped.
    const json = await selfeval(['--json', 'control.xlsx']);
    expectBounded(json, 'control.xlsx --json', [1]);
    expect(json.stdout).toContain('\\u001b[2K\\r已核对，无问题\\u001b]52;c;ZXZpbA==\\u0007\\u009b8m');
  });
  it('a file name with ESC and BEL is shown with placeholders', async () => {
    const r = await selfeval(['named']);
    expectBounded(r, 'named', [0]);
    expect(r.stdout).toContain('文件：named/name-␛[2K-␇.xlsx');
  });
});

describe('issue 15 case 5 and issue 12 pattern 4: refusals in Chinese, other writers, missing parts', () => {
  it.each([
    ['size-mismatch.xlsx', /文件已损坏，无法解析（压缩数据已损坏）.*另存为/],
    ['slides.xls', /这是 PowerPoint 演示文稿（\.ppt），不是 Excel 工作簿/],
    ['slides.xlsx', /这是 PowerPoint 演示文稿（\.pptx），不是 Excel 工作簿/],
  ])('%s', async (file, reason) => {
    expectRefused(await measure(file), file, reason);
  });
  it('a sheet whose part is missing is named; the other sheet is still checked; exit 2 (not fully checked)', async () => {
    const r = await measure('missing-part.xlsx');
    expectBounded(r, 'missing-part.xlsx', [2]);
    expect(r.stdout).toMatch(/工作表“附表”的内容在文件中缺失（压缩包里没有 xl\/worksheets\/sheet2\.xml），该表未能检查/);
    expect(r.stdout).toMatch(/H5\s+执行率得分应为 9\.50 分/);
  });
  it('namespace-prefixed SpreadsheetML with cells and rows without r reads like the original', async () => {
    const r = await measure('prefixed.xlsx');
    expectBounded(r, 'prefixed.xlsx', [1]);
    expect(r.stdout).toContain('项目支出绩效自评表（工作表“自评表”');
    expect(r.stdout).toMatch(/H5\s+执行率得分应为 9\.50 分/);
  });
});

describe('a sample of the fuzzer packages as selfeval processes', () => {
  it('52 packages, each one process: exit 0/1/2 within 10 s and 512 MB', async () => {
    const files = readdirSync(f('fuzz')).sort();
    expect(files.length).toBeGreaterThanOrEqual(50);
    const codes = new Map<number, number>();
    let slowest = 0;
    let peak = 0;
    // Two at a time: the machine has two cores.
    for (let i = 0; i < files.length; i += 2) {
      const runs = await Promise.all(files.slice(i, i + 2).map((name) => selfeval([`fuzz/${name}`]).then((r) => ({ name, r }))));
      for (const { name, r } of runs) {
        expectBounded(r, name);
        codes.set(r.code!, (codes.get(r.code!) ?? 0) + 1);
        slowest = Math.max(slowest, r.ms);
        peak = Math.max(peak, r.rssMb ?? 0);
        // Exit 2: the file was refused (one line) or a sheet could not be read (named).
        if (r.code === 2) expect(r.stdout, name).toMatch(/^无法读取 fuzz\/|未能检查/m);
      }
    }
    measured.fuzzSample = { kb: 0, ms: Math.round(slowest), rssMb: peak, code: null };
    console.log('[hostile-cases] fuzz sample exit codes:', JSON.stringify([...codes]));
    expect(codes.get(2) ?? 0).toBeGreaterThan(0);
    expect((codes.get(0) ?? 0) + (codes.get(1) ?? 0)).toBeGreaterThan(0);
  }, 600_000);
});

// Word 97–2003 (.doc) 自评报告 in `selfeval review` (issue 16): converted to .docx by LibreOffice (Writer) in
// one run of their own, then paired by unit like a .docx report. Stub converters for the arguments, a
// failure, Writer missing and LibreOffice missing; one real conversion when soffice with Writer is installed.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOC_INSTALL_HINT, findSoffice } from '../../src/cli/legacy';
import { makeTempDir } from '../xlsx/helpers';
import { ROOT, expectNoStackTrace, runCli } from '../cli/run';
import { notesText, stub as stubIn } from './support';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'xlsx');
const CS_REPORT = path.join(FIXTURES, 'changsha-2024-report.docx');
const CS_BOOK = path.join(FIXTURES, 'changsha-2024.xlsx');
const XLS = path.join(ROOT, 'test', 'review', 'fixtures', 'electro-2024.xls');
const CS_UNIT = '长沙市现代教育技术中心';
/** Any OLE file: what a .doc looks like to the reader before conversion. */
const OLE = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504)]);

const soffice = findSoffice(process.env);
/** LibreOffice Writer (for .doc); CI installs libreoffice-writer-nogui beside calc. */
const writer = ['/usr/lib/libreoffice/program/libswlo.so', '/opt/libreoffice/program/libswlo.so'].some((p) => existsSync(p));

let tmp: { dir: string; cleanup: () => void };
const f = (...p: string[]) => path.join(tmp.dir, ...p);

async function sheetRows(file: string, sheet: string): Promise<Record<string, ExcelJS.CellValue>[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(sheet)!;
  const head = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
  const rows: Record<string, ExcelJS.CellValue>[] = [];
  ws.eachRow((row, n) => {
    if (n > 1) rows.push(Object.fromEntries(head.map((h, i) => [h, (row.values as ExcelJS.CellValue[]).slice(1)[i] ?? null])));
  });
  return rows;
}

const stub = (name: string, body: string) => stubIn(tmp.dir, name, body);

/** A stand-in LibreOffice: logs each run's arguments on one line, "converts" .doc → the 长沙 .docx, .xls → a real .xlsx. */
function convertingStub(log: string): string {
  return stub(
    'doc-soffice',
    [
      `echo "$*" >> '${log}'`,
      `out=''; prev=''; to=''`,
      `for a in "$@"; do`,
      `  if [ "$prev" = '--outdir' ]; then out="$a"; fi`,
      `  if [ "$prev" = '--convert-to' ]; then to="$a"; fi`,
      `  prev="$a"`,
      `done`,
      `for a in "$@"; do`,
      `  b=$(basename "$a")`,
      `  case "$a" in`,
      `    *.doc) [ "$to" = docx ] && cp '${CS_REPORT}' "$out/\${b%.*}.docx";;`,
      `    *.xls) [ "$to" = xlsx ] && cp '${path.join(FIXTURES, 'family-shifted.xlsx')}' "$out/\${b%.*}.xlsx";;`,
      `  esac`,
      `done`,
      `exit 0`,
    ].join('\n'),
  );
}

beforeAll(() => {
  tmp = makeTempDir('selfeval-legacy-doc-');
});
afterAll(() => tmp?.cleanup());

describe('.doc reports with a stub LibreOffice', () => {
  it('converts every .doc in one Writer run (apart from the .xls run), then pairs it by unit like a .docx', async () => {
    const log = f('runs.log');
    const fake = convertingStub(log);
    mkdirSync(f('stub'));
    copyFileSync(CS_BOOK, f('stub', '长沙自评表.xlsx'));
    writeFileSync(f('stub', '长沙自评报告.doc'), OLE);
    // A Word 97–2003 file someone renamed .docx is Word 97–2003 all the same.
    writeFileSync(f('stub', '长沙自评报告-重发.docx'), OLE);
    copyFileSync(XLS, f('stub', '电化教育馆.xls'));
    const r = await runCli(['review', 'stub', '--out', 'stub-out'], { cwd: tmp.dir, env: { SELFEVAL_SOFFICE: fake } });
    expectNoStackTrace(r.stdout + r.stderr);
    expect(r.code).toBe(0);

    // Two LibreOffice starts: one per target format, each with all its files.
    const runs = readFileSync(log, 'utf8').trim().split('\n');
    expect(runs).toHaveLength(2);
    const docRun = runs.find((l) => l.includes('--convert-to docx'))!;
    expect(docRun).toMatch(/^-env:UserInstallation=file:\/\/\/\S+ --headless /);
    expect(docRun).toMatch(/f0\.doc .*f1\.doc$/);
    expect(runs.find((l) => l.includes('--convert-to xlsx'))).toMatch(/f0\.xls$/);

    // The converted report is checked against 长沙's workbook: its findings are in 问题明细 under its own name.
    const detail = await sheetRows(f('stub-out', '汇总表.xlsx'), '问题明细');
    const fromReport = detail.filter((d) => d['文件'] === 'stub/长沙自评报告.doc');
    expect(fromReport.length).toBeGreaterThan(0);
    for (const d of fromReport) {
      expect(d['单位']).toBe(CS_UNIT);
      expect(String(d['单元格'])).toMatch(/^(第\d+段|表\d+第\d+行|第\d+个表格)$/); // a paragraph, a table cell, or a table not checked
    }
    expect(fromReport.some((d) => /99\.70/.test(String(d['问题'])))).toBe(true);
    const summary = await sheetRows(f('stub-out', '汇总表.xlsx'), '汇总');
    expect(summary.find((s) => s['表格类型'] === '自评报告')).toMatchObject({ 单位: CS_UNIT, 文件: 'stub/长沙自评报告.doc' });

    const notes = await notesText(f('stub-out', '汇总表.xlsx'));
    expect(notes).toContain('stub/长沙自评报告.doc | 【已转换格式】由 长沙自评报告.doc 经 LibreOffice 转换为 .docx 后核对');
    expect(notes).toContain('stub/电化教育馆.xls | 【已转换格式】由 电化教育馆.xls 经 LibreOffice 转换为 .xlsx 后检查');
    // The renamed copy converts to the same bytes: one report, the other a duplicate.
    expect(notes).toMatch(/stub\/长沙自评报告(-重发)?\.docx? \| 【重复文件】/);
    expect(existsSync(f('stub-out', '审核意见', `${CS_UNIT}.docx`))).toBe(true);
  });

  it('a real .docx is never handed to LibreOffice', async () => {
    const log = f('docx-runs.log');
    const fake = convertingStub(log);
    mkdirSync(f('plain'));
    copyFileSync(CS_BOOK, f('plain', '长沙自评表.xlsx'));
    copyFileSync(CS_REPORT, f('plain', '长沙自评报告.docx'));
    const r = await runCli(['review', 'plain', '--out', 'plain-out'], { cwd: tmp.dir, env: { SELFEVAL_SOFFICE: fake } });
    expect(r.code).toBe(0);
    expect(existsSync(log)).toBe(false);
  });

  it('a failing conversion is one Chinese line for that report; the workbooks and other reports are still reviewed', async () => {
    const fake = stub('failing-soffice', 'echo "Error: source file could not be loaded" >&2\nexit 1');
    mkdirSync(f('failing'));
    writeFileSync(f('failing', '坏报告.doc'), OLE);
    copyFileSync(CS_BOOK, f('failing', '长沙自评表.xlsx'));
    copyFileSync(CS_REPORT, f('failing', '长沙自评报告.docx'));
    const r = await runCli(['review', 'failing', '--out', 'failing-out'], { cwd: tmp.dir, env: { SELFEVAL_SOFFICE: fake } });
    expectNoStackTrace(r.stdout + r.stderr);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('无法读取 failing/坏报告.doc：用 LibreOffice 转换失败（LibreOffice 异常退出，退出码 1），请在 Word/WPS 中另存为 .docx 后再核对');
    expect(r.stdout.match(/无法读取/g)).toHaveLength(1);
    const notes = await notesText(f('failing-out', '汇总表.xlsx'));
    expect(notes).toMatch(/failing\/坏报告\.doc \| 【无法读取】用 LibreOffice 转换失败/);
    expect(notes).not.toContain('【已转换格式】');
    const detail = await sheetRows(f('failing-out', '汇总表.xlsx'), '问题明细');
    expect(detail.some((d) => d['文件'] === 'failing/长沙自评报告.docx')).toBe(true);
    expect(detail.some((d) => d['文件'] === 'failing/长沙自评表.xlsx')).toBe(true);
  });

  it('LibreOffice without Writer (runs, writes nothing) and LibreOffice missing: the way out, in Chinese', async () => {
    const calcOnly = stub('calc-only-soffice', 'exit 0');
    mkdirSync(f('nowriter'));
    writeFileSync(f('nowriter', '报告.doc'), OLE);
    copyFileSync(CS_BOOK, f('nowriter', '长沙自评表.xlsx'));
    const a = await runCli(['review', 'nowriter', '--out', 'nowriter-out'], { cwd: tmp.dir, env: { SELFEVAL_SOFFICE: calcOnly } });
    expectNoStackTrace(a.stdout + a.stderr);
    expect(a.code).toBe(2);
    expect(a.stdout).toMatch(/无法读取 nowriter\/报告\.doc：LibreOffice 无法转换该文档（[^）]*未安装 LibreOffice Writer）/);

    const b = await runCli(['review', 'nowriter', '--out', 'missing-out'], { cwd: tmp.dir, env: { SELFEVAL_SOFFICE: '' } });
    expect(b.code).toBe(2);
    expect(b.stdout).toContain(`无法读取 nowriter/报告.doc：${DOC_INSTALL_HINT}`);
    expect(DOC_INSTALL_HINT).toMatch(/apt-get install libreoffice-writer-nogui/);
    expect(existsSync(f('missing-out', '审核意见', `${CS_UNIT}.docx`))).toBe(true);
  });
});

describe.skipIf(!soffice || !writer)('real LibreOffice (Writer) conversion of a .doc report', () => {
  it('the 长沙 report saved as Word 97–2003 is reviewed with its workbook and gives the .docx findings', async () => {
    mkdirSync(f('real'));
    mkdirSync(f('make'));
    copyFileSync(CS_REPORT, f('make', '长沙自评报告.docx'));
    execFileSync(soffice!, [`-env:UserInstallation=file://${f('make-profile')}`, '--headless', '--convert-to', 'doc', '--outdir', f('real'), f('make', '长沙自评报告.docx')], {
      stdio: 'ignore',
      timeout: 120_000,
    });
    const doc = readFileSync(f('real', '长沙自评报告.doc'));
    expect(doc.subarray(0, 4).toString('hex')).toBe('d0cf11e0');
    copyFileSync(CS_BOOK, f('real', '长沙自评表.xlsx'));

    const r = await runCli(['review', 'real', '--out', 'real-out'], { cwd: tmp.dir });
    expectNoStackTrace(r.stdout + r.stderr);
    expect(r.code).toBe(0);
    const detail = await sheetRows(f('real-out', '汇总表.xlsx'), '问题明细');
    const fromReport = detail.filter((d) => d['文件'] === 'real/长沙自评报告.doc');
    expect(fromReport.every((d) => d['单位'] === CS_UNIT)).toBe(true);
    // What `check` finds in the .docx: the stated total 99.70 and 99.7 against 99.66, 19 人 against 17.
    const text = fromReport.map((d) => String(d['问题'])).join('\n');
    expect(text).toMatch(/报告写作99\.70分/);
    expect(text).toMatch(/报告写作99\.7分/);
    expect(text).toMatch(/报告写作19人，基础数据表中实际在职人数填报17人/);
    expect(fromReport.filter((d) => d['级别'] === '错误')).toHaveLength(2);
    const notes = await notesText(f('real-out', '汇总表.xlsx'));
    expect(notes).toContain('real/长沙自评报告.doc | 【已转换格式】由 长沙自评报告.doc 经 LibreOffice 转换为 .docx 后核对');
    expect(notes).not.toMatch(/【报告未核对】|【未收到自评报告】/);
  }, 180_000);
});

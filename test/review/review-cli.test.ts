// End to end: `selfeval review` as a process on a folder of committed fixtures plus an unreadable file;
// 汇总表.xlsx read back with exceljs (against `check --json` on the same folder), every letter read back
// with mammoth (every error and warning named with its sheet and cell), round two with --previous.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../xlsx/helpers';
import { ROOT, expectNoStackTrace, runCli } from '../cli/run';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'xlsx');
// One unit with errors (长沙), one with a warning and an error (株洲), one unit in two files (湘江市现代教育技术中心:
// projects-2020 + family-stacked), a multi-form workbook, a half-recognised form without a unit name,
// a workbook that is not a self-evaluation at all, a corrupt file and a duplicate.
const PICK = ['changsha-2024.xlsx', 'zhuzhou-2024.xlsx', 'projects-2020.xlsx', 'family-stacked.xlsx', 'multi-forms.xlsx', 'half-form.xlsx', 'unrelated.xlsx', 'corrupt.xlsx'];

interface JsonDoc {
  files: { file: string; unit?: string; error?: string; findings?: { severity: string; sheet: string; cell: string; message: string }[] }[];
  summary: {
    perForm: { file: string; sheet: string; unit?: string; kind: string; projectName?: string; total?: { declared: string | null; recomputed: string }; grade?: { declared: string | null; recomputed: string } }[];
  };
}

let tmp: { dir: string; cleanup: () => void };
let json: JsonDoc;

async function readSheetRows(file: string, sheet: string): Promise<Record<string, ExcelJS.CellValue>[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(sheet);
  if (!ws) throw new Error(`no sheet ${sheet}`);
  const head = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
  const rows: Record<string, ExcelJS.CellValue>[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const vals = (row.values as ExcelJS.CellValue[]).slice(1);
    rows.push(Object.fromEntries(head.map((h, i) => [h, vals[i] ?? null])));
  });
  return rows;
}

async function letterText(file: string): Promise<string> {
  return (await mammoth.extractRawText({ buffer: readFileSync(file) })).value;
}

const fixed2 = (v: ExcelJS.CellValue) => (typeof v === 'number' ? v.toFixed(2) : v === null || v === undefined || v === '' ? null : String(v));

beforeAll(async () => {
  tmp = makeTempDir('selfeval-review-');
  mkdirSync(path.join(tmp.dir, 'in'));
  for (const n of PICK) copyFileSync(path.join(FIXTURES, n), path.join(tmp.dir, 'in', n));
  // The same workbook sent twice under another name.
  copyFileSync(path.join(FIXTURES, 'zhuzhou-2024.xlsx'), path.join(tmp.dir, 'in', 'zhuzhou-2024-重发.xlsx'));
  const checked = await runCli(['check', '--json', 'in'], { cwd: tmp.dir });
  json = JSON.parse(checked.stdout) as JsonDoc;
});

afterAll(() => tmp?.cleanup());

describe('selfeval review', () => {
  let out: string;
  let run: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    run = await runCli(['review', 'in', '--out', 'round1'], { cwd: tmp.dir, env: { SELFEVAL_REVIEW_DATE: '2026-12-04' } });
    out = path.join(tmp.dir, 'round1');
  });

  it('writes the summary, one letter per unit and review.json; exit 2 because one file could not be read', () => {
    expectNoStackTrace(run.stdout + run.stderr);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('无法读取 in/corrupt.xlsx');
    expect(existsSync(path.join(out, '汇总表.xlsx'))).toBe(true);
    expect(existsSync(path.join(out, 'review.json'))).toBe(true);
    expect(readdirSync(path.join(out, '审核意见')).sort()).toEqual(
      ['half-form.docx', '株洲市教育技术装备所.docx', '湘江市教育装备中心.docx', '湘江市现代教育技术中心.docx', '长沙市现代教育技术中心.docx'].sort(),
    );
  });

  it('汇总 has one row per form with the units and totals `check --json` reports, errors first', async () => {
    const rows = await readSheetRows(path.join(out, '汇总表.xlsx'), '汇总');
    const expected = json.summary.perForm.filter((f) => !f.file.includes('重发'));
    const formRows = rows.filter((r) => r['表格类型'] !== '未能识别的表格');
    expect(formRows).toHaveLength(expected.length);
    for (const f of expected) {
      // Several forms may share a sheet (stacked project forms): the project tells them apart.
      const row = formRows.find((r) => r['文件'] === f.file && r['工作表'] === f.sheet && (r['项目名称'] ?? null) === (f.projectName ?? null));
      expect(row, `${f.file} ${f.sheet}`).toBeDefined();
      expect(row!['单位']).toBe(f.unit);
      expect(fixed2(row!['申报总分'])).toBe(f.total?.declared ?? null);
      expect(fixed2(row!['复核总分'])).toBe(f.total?.recomputed ?? null);
      expect(row!['复核等级'] ?? null).toBe(f.grade?.recomputed ?? null);
    }
    // The half-recognised form still shows, under its file name, with its error.
    const half = rows.find((r) => r['表格类型'] === '未能识别的表格');
    expect(half?.['单位']).toBe('half-form');
    expect(half?.['错误']).toBe(1);
    // Errors first.
    const errs = rows.map((r) => Number(r['错误']));
    const firstClean = errs.findIndex((e) => e === 0);
    expect(errs.slice(firstClean).every((e) => e === 0)).toBe(true);
    expect(errs[0]).toBeGreaterThan(0);
    expect(String(rows[0]!['主要问题'])).toMatch(/^[A-Z]+\d+：/);
  });

  it('汇总 has a frozen header, filters and number formats', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, '汇总表.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '问题明细', '检查说明']);
    const ws = wb.getWorksheet('汇总')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    expect(ws.getCell('F2').numFmt).toBe('0.00');
    expect(ws.getColumn(1).width).toBeGreaterThan(15);
  });

  it('问题明细 has one row per finding of the reviewed files', async () => {
    const rows = await readSheetRows(path.join(out, '汇总表.xlsx'), '问题明细');
    const all = json.files.filter((f) => !f.file.includes('重发')).flatMap((f) => (f.findings ?? []).map((x) => ({ ...x, file: f.file })));
    expect(rows).toHaveLength(all.length);
    for (const x of all) {
      expect(rows.some((r) => r['文件'] === x.file && r['工作表'] === x.sheet && r['单元格'] === x.cell && r['问题'] === x.message), `${x.file} ${x.cell}`).toBe(true);
    }
    expect(Object.keys(rows[0]!)).toEqual(['单位', '文件', '工作表', '单元格', '级别', '问题', '应为', '填报']);
  });

  it('检查说明 names the policy, date, version and every file that was skipped, merged or renamed, with its reason', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, '汇总表.xlsx'));
    const text: string[] = [];
    wb.getWorksheet('检查说明')!.eachRow((r) => text.push((r.values as ExcelJS.CellValue[]).slice(1).join(' | ')));
    const all = text.join('\n');
    expect(all).toContain('default');
    expect(all).toContain('2026-12-04');
    expect(all).toMatch(/selfeval \d+\.\d+/);
    expect(all).toMatch(/in\/corrupt\.xlsx \| 【无法读取】文件不完整或已损坏/);
    expect(all).toMatch(/in\/unrelated\.xlsx \| 【不是自评表】/);
    expect(all).toMatch(/in\/zhuzhou-2024-重发\.xlsx \| 【重复文件】与 in\/zhuzhou-2024\.xlsx 内容完全相同/);
    expect(all).toMatch(/【同一单位多个文件】.*湘江市现代教育技术中心/);
    expect(all).toMatch(/in\/half-form\.xlsx \| 【未读到单位名称】/);
  });

  it('each unit letter is the formal letter and names every error and warning of that unit with its cell', async () => {
    const byUnit = new Map<string, { sheet: string; cell: string; severity: string }[]>();
    for (const f of json.files) {
      if (!f.findings || f.file.includes('重发') || f.file.includes('unrelated')) continue;
      const unit = f.unit ?? path.basename(f.file).replace(/\.xlsx$/, '');
      byUnit.set(unit, [...(byUnit.get(unit) ?? []), ...f.findings]);
    }
    for (const [unit, findings] of byUnit) {
      const text = await letterText(path.join(out, '审核意见', `${unit}.docx`));
      expect(text).toContain(`关于${unit}`);
      expect(text).toContain('年度绩效自评材料的审核意见');
      for (const h of ['一、审核依据', '二、总体情况', '三、问题清单', '四、整改要求']) expect(text).toContain(h);
      expect(text).toContain('【请填写：整改期限】');
      for (const x of findings.filter((f) => f.severity !== 'info')) {
        expect(text, `${unit} ${x.sheet} ${x.cell}`).toContain(`工作表“${x.sheet}”${x.cell} 单元格`);
      }
    }
    const changsha = await letterText(path.join(out, '审核意见', '长沙市现代教育技术中心.docx'));
    expect(changsha).toContain('关于长沙市现代教育技术中心2024年度绩效自评材料的审核意见');
    expect(changsha).toMatch(/申报总分 99\.68 分.*复核总分 99\.66 分/);
    // Both files of one unit go into one letter.
    const xiangjiang = await letterText(path.join(out, '审核意见', '湘江市现代教育技术中心.docx'));
    expect(xiangjiang).toContain('in/projects-2020.xlsx');
    expect(xiangjiang).toContain('in/family-stacked.xlsx');
  });

  it('refuses to overwrite an existing output directory; --force replaces the review', async () => {
    const again = await runCli(['review', 'in', '--out', 'round1'], { cwd: tmp.dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('已存在且不为空');
    const before = readFileSync(path.join(out, 'review.json'), 'utf8');
    writeFileSync(path.join(out, '审核意见', '旧单位.docx'), 'stale');
    writeFileSync(path.join(out, '我的笔记.txt'), 'keep me');
    const forced = await runCli(['review', 'in', '--out', 'round1', '--force'], { cwd: tmp.dir, env: { SELFEVAL_REVIEW_DATE: '2026-12-04' } });
    expect(forced.code).toBe(2);
    expect(readFileSync(path.join(out, 'review.json'), 'utf8')).toBe(before);
    expect(existsSync(path.join(out, '审核意见', '旧单位.docx'))).toBe(false);
    expect(readFileSync(path.join(out, '我的笔记.txt'), 'utf8')).toBe('keep me');
  });
});

describe('selfeval review --previous (round two)', () => {
  let run: Awaited<ReturnType<typeof runCli>>;

  it('lists per unit what was corrected, what remains and what is new, in 汇总 and in the letter', async () => {
    // Round one: 长沙 and 株洲. Round two: 长沙 corrected I4 (执行率得分), 株洲 unchanged, 湘江 is new.
    mkdirSync(path.join(tmp.dir, 'r1'));
    copyFileSync(path.join(FIXTURES, 'changsha-2024.xlsx'), path.join(tmp.dir, 'r1', 'changsha.xlsx'));
    copyFileSync(path.join(FIXTURES, 'zhuzhou-2024.xlsx'), path.join(tmp.dir, 'r1', 'zhuzhou.xlsx'));
    const r1 = await runCli(['review', 'r1', '--out', 'out1'], { cwd: tmp.dir });
    expect(r1.code).toBe(0);

    mkdirSync(path.join(tmp.dir, 'r2'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(FIXTURES, 'changsha-2024.xlsx'));
    wb.getWorksheet('整体支出绩效自评表')!.getCell('I4').value = 9.66;
    await wb.xlsx.writeFile(path.join(tmp.dir, 'r2', 'changsha.xlsx'));
    copyFileSync(path.join(FIXTURES, 'zhuzhou-2024.xlsx'), path.join(tmp.dir, 'r2', 'zhuzhou.xlsx'));
    copyFileSync(path.join(FIXTURES, 'projects-2020.xlsx'), path.join(tmp.dir, 'r2', 'projects.xlsx'));
    run = await runCli(['review', 'r2', '--out', 'out2', '--previous', 'out1'], { cwd: tmp.dir });
    expectNoStackTrace(run.stdout + run.stderr);
    expect(run.code).toBe(0);

    const rows = await readSheetRows(path.join(tmp.dir, 'out2', '汇总表.xlsx'), '汇总');
    const cs = rows.find((r) => r['单位'] === '长沙市现代教育技术中心' && r['表格类型'] === '部门整体支出绩效自评表');
    expect(cs?.['上轮']).toMatch(/^已整改 1，仍存在 \d+，新发现 0$/);
    const zz = rows.find((r) => r['单位'] === '株洲市教育技术装备所' && r['表格类型'] === '基础数据表');
    expect(zz?.['上轮']).toBe('已整改 0，仍存在 3，新发现 0');
    const pj = rows.find((r) => r['工作表'] === '项目2-教师培训');
    expect(pj?.['上轮']).toMatch(/^上轮无此表；新发现 \d+/);

    const detail = await readSheetRows(path.join(tmp.dir, 'out2', '汇总表.xlsx'), '问题明细');
    expect(detail.filter((r) => r['单位'] === '长沙市现代教育技术中心').every((r) => r['上轮'] === '仍存在')).toBe(true);

    const cst = await letterText(path.join(tmp.dir, 'out2', '审核意见', '长沙市现代教育技术中心.docx'));
    expect(cst).toMatch(/（一）已整改（1 项）\s*1\. [^\n]*工作表“整体支出绩效自评表”I4 单元格/);
    expect(cst).toMatch(/（二）仍存在（\d+ 项）/);
    expect(cst).toContain('（三）新发现（0 项）');
    const xj = await letterText(path.join(tmp.dir, 'out2', '审核意见', '湘江市现代教育技术中心.docx'));
    expect(xj).toContain('上一轮审核中没有你单位的材料');
    expect(xj).toMatch(/（三）新发现（7 项）/);
  });

  it('refuses a --previous directory without review.json, in one Chinese line', async () => {
    mkdirSync(path.join(tmp.dir, 'not-a-review'));
    const r = await runCli(['review', 'r1', '--out', 'out3', '--previous', 'not-a-review'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/没有 review\.json/);
    expectNoStackTrace(r.stderr);
  });
});


describe('selfeval review with 自评报告 (.docx)', () => {
  it('pairs each report with its unit, puts its findings with the paragraph in 问题明细 and the letter; says what is unpaired', async () => {
    mkdirSync(path.join(tmp.dir, 'rep'));
    for (const n of ['zhuzhou-2024.xlsx', 'zhuzhou-2024-report.docx', 'multi-forms.xlsx']) copyFileSync(path.join(FIXTURES, n), path.join(tmp.dir, 'rep', n));
    // 长沙's report without 长沙's workbook.
    copyFileSync(path.join(FIXTURES, 'changsha-2024-report.docx'), path.join(tmp.dir, 'rep', 'changsha-2024-report.docx'));
    const r = await runCli(['review', 'rep', '--out', 'rep-out'], { cwd: tmp.dir });
    expectNoStackTrace(r.stdout + r.stderr);
    expect(r.code).toBe(0);

    const detail = await readSheetRows(path.join(tmp.dir, 'rep-out', '汇总表.xlsx'), '问题明细');
    const fromReport = detail.filter((d) => d['文件'] === 'rep/zhuzhou-2024-report.docx');
    expect(fromReport.length).toBeGreaterThan(0);
    for (const d of fromReport) {
      expect(d['单位']).toBe('株洲市教育技术装备所');
      expect(String(d['单元格'])).toMatch(/^(第\d+段|表\d+第\d+行|第\d+个表格)$/); // a paragraph, a table cell, or a table not checked
    }
    expect(fromReport.some((d) => /518\.94/.test(String(d['问题'])))).toBe(true);

    const summary = await readSheetRows(path.join(tmp.dir, 'rep-out', '汇总表.xlsx'), '汇总');
    const reportRow = summary.find((s) => s['表格类型'] === '自评报告');
    expect(reportRow).toMatchObject({ 单位: '株洲市教育技术装备所', 文件: 'rep/zhuzhou-2024-report.docx' });
    expect(reportRow!['错误']).toBe(fromReport.filter((d) => d['级别'] === '错误').length);

    const letter = await letterText(path.join(tmp.dir, 'rep-out', '审核意见', '株洲市教育技术装备所.docx'));
    expect(letter).toContain('并将自评报告中的数字与自评表逐一核对');
    // Errors and warnings are listed for the unit, a paragraph or table cell followed by its quote; 提示 (a table
    // the tool could not read) are the reviewer's notes, in 问题明细 only.
    for (const d of fromReport) {
      const item = `自评报告（rep/zhuzhou-2024-report.docx）：${d['单元格']}${/个表格$/.test(String(d['单元格'])) ? '（' : '“'}`;
      if (d['级别'] === '提示') expect(letter, String(d['单元格'])).not.toContain(item);
      else expect(letter, String(d['单元格'])).toContain(item);
    }
    expect(fromReport.some((d) => d['级别'] === '提示')).toBe(true);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(tmp.dir, 'rep-out', '汇总表.xlsx'));
    const notes: string[] = [];
    wb.getWorksheet('检查说明')!.eachRow((row) => notes.push((row.values as ExcelJS.CellValue[]).slice(1).join(' | ')));
    expect(notes.join('\n')).toMatch(/rep\/changsha-2024-report\.docx \| 【报告未核对】没有收到“长沙市现代教育技术中心”的自评表/);
    expect(notes.join('\n')).toMatch(/【未收到自评报告】没有收到“湘江市教育装备中心”的自评报告/);
    expect(readdirSync(path.join(tmp.dir, 'rep-out', '审核意见')).sort()).toEqual(['株洲市教育技术装备所.docx', '湘江市教育装备中心.docx'].sort());
  });
});

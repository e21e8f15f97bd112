// The engine checks a workbook one sheet at a time and keeps only the forms a cross-sheet rule compares.
// These tests pin what that must not change: a sheet's findings do not depend on its neighbours, cross-sheet
// comparisons still see every sheet, findings point at the right form, and a failing rule is named once.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkWorkbook, type Finding, type WorkbookSnapshot } from '../../src/engine';
import { RULES } from '../../src/engine/rules';
import { readXlsx } from '../../src/xlsx/read';
import { buildForm, sheetOf, validProjectSpec } from '../support/build-form';
import crossSheetFixtures from '../rules/fixtures/cross-sheet-mismatch';

const XLSX_DIR = join(__dirname, '..', 'fixtures', 'xlsx');
const CROSS_SHEET = new Set(RULES.filter((r) => r.meta.crossSheet).map((r) => r.meta.id));
const key = (f: Finding) => [f.rule, f.sheet, f.cell, f.severity, f.message, f.expected, f.found].join('|');

async function snapshotOf(file: string): Promise<WorkbookSnapshot | null> {
  const r = await readXlsx(readFileSync(join(XLSX_DIR, file)), file);
  return r.ok ? r.snapshot : null;
}

function projectSheet(i: number) {
  return sheetOf(`项目${i}`, buildForm(validProjectSpec({ name: `项目${i}` })));
}

describe('sheet-by-sheet checking', () => {
  afterEach(() => vi.restoreAllMocks());

  it('declares cross-sheet rules with the form kinds they compare', () => {
    expect([...CROSS_SHEET]).toEqual(['cross-sheet-mismatch']);
    for (const r of RULES) for (const k of r.meta.crossSheet ?? []) expect(['overall', 'project', 'basic-data']).toContain(k);
  });

  // All the bundled workbooks but the two that are unreadable on purpose.
  const files = readdirSync(XLSX_DIR).filter((f) => f.endsWith('.xlsx') && !/^(corrupt|empty)\./.test(f));
  it.each(files)('%s: each sheet checked alone gives the same forms and sheet findings as the whole workbook', async (file) => {
    const snapshot = await snapshotOf(file);
    if (!snapshot) throw new Error(`${file} did not read`);
    const whole = checkWorkbook(snapshot);
    const alone = snapshot.sheets.map((s) => checkWorkbook({ sheets: [s] }));
    expect(whole.forms).toEqual(alone.flatMap((r) => r.forms));
    const sheetFindings = (list: Finding[]) => list.filter((f) => !CROSS_SHEET.has(f.rule)).map(key).sort();
    expect(sheetFindings(whole.findings)).toEqual(sheetFindings(alone.flatMap((r) => r.findings)));
    // Every finding that names a form names one on its own sheet.
    for (const f of whole.findings) if (f.form !== undefined) expect(whole.forms[f.form]!.sheet).toBe(f.sheet);
  });

  it('compares the 基础数据表 with the 整体支出 form across many project sheets in between', () => {
    const invalid = crossSheetFixtures.invalid[0]!;
    const [basic, overall] = invalid.sheets;
    const sheets = [basic!, ...Array.from({ length: 30 }, (_, i) => projectSheet(i + 1)), overall!];
    const report = checkWorkbook({ sheets });
    const hits = report.findings.filter((f) => f.rule === 'cross-sheet-mismatch');
    expect(hits.map((f) => `${f.sheet}!${f.cell}`)).toEqual([`${basic!.name}!${invalid.findings![0]!.cell}`]);
    expect(hits[0]!.expected).toBe('180.00');
    expect(report.forms[hits[0]!.form!]!.kind).toBe('basic-data');
    expect(report.forms.filter((f) => f.kind === 'project')).toHaveLength(30);
    expect(report.problems).toBeUndefined();
  });

  it('numbers forms across sheets as the report lists them', () => {
    const wrong = projectSheet(3);
    wrong.values[4]![7] = 9.6; // 执行率得分 of 年度资金总额
    const report = checkWorkbook({ sheets: [projectSheet(1), projectSheet(2), wrong] });
    const hit = report.findings.find((f) => f.rule === 'execution-score')!;
    expect(hit.sheet).toBe('项目3');
    expect(hit.form).toBe(2);
    expect(report.forms[2]!.sheet).toBe('项目3');
  });

  it('names a rule that fails once, however many sheets it fails on, and still runs the others', () => {
    const rule = RULES.find((r) => r.meta.id === 'execution-rate')!;
    vi.spyOn(rule, 'check').mockImplementation(() => {
      throw new Error('模拟的规则错误');
    });
    const wrong = projectSheet(2);
    wrong.values[4]![7] = 9.6;
    const report = checkWorkbook({ sheets: [projectSheet(1), wrong, projectSheet(3)] });
    expect(report.internalProblems).toEqual([{ sheet: '项目1', rule: 'execution-rate', message: '检查规则“执行率”（execution-rate）出错，相关项目未检查：模拟的规则错误（另有 2 个工作表同样未检查）' }]);
    expect(report.problems).toHaveLength(1);
    expect(report.findings.map((f) => `${f.rule}@${f.sheet}`)).toContain('execution-score@项目2');
    expect(report.forms).toHaveLength(3);
  });
});

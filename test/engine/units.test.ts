// Amount units (元 / 万元): read once per form from its own text, as typed data with the cell that states it.
import { describe, expect, it } from 'vitest';
import { checkWorkbook } from '../../src/engine';
import { AMOUNT_UNIT_NOT, AMOUNT_UNIT_PATTERNS, amountUnitIn } from '../../src/engine/forms/vocabulary';
import { normalizeLabel } from '../../src/engine/values';
import { buildBasic, DEFAULT_BASIC_ROWS } from '../support/build-basic';
import { buildForm, sheetOf, validProjectSpec } from '../support/build-form';
import { formsOf, rowsInYuan } from '../support/units';

describe('amount-unit vocabulary', () => {
  it('reads every synonym as the unit it names, whatever the brackets, colons and spaces', () => {
    for (const e of AMOUNT_UNIT_PATTERNS) {
      for (const s of e.synonyms) {
        const want = s.includes('万元') ? '万元' : '元';
        expect(amountUnitIn(normalizeLabel(s)), s).toBe(want);
        // Full-width and half-width spellings, spaces inside.
        const half = s.replace(/（/g, '(').replace(/）/g, ')').replace(/：/g, ':');
        const full = s.replace(/\(/g, '（').replace(/\)/g, '）').replace(/:/g, '：');
        for (const v of [half, full, s.replace(/元/, ' 元 ')]) expect(amountUnitIn(normalizeLabel(v)), v).toBe(want);
      }
    }
  });

  it('reads nothing from labels that mention 元 without stating an amount unit', () => {
    for (const s of AMOUNT_UNIT_NOT) expect(amountUnitIn(normalizeLabel(s)), s).toBeNull();
    expect(amountUnitIn(normalizeLabel('年度预算申请'))).toBeNull();
  });
});

describe('a form’s amount unit', () => {
  it('is read from the 基础数据表’s own text, with the cell that states it', () => {
    const note = buildBasic('基础数据表', { rows: rowsInYuan(DEFAULT_BASIC_ROWS), fundsLabel: '经费控制情况', unitNote: '金额单位：元' });
    expect(formsOf(note.sheet)[0]!.amountUnit).toEqual({ unit: '元', cell: { row: 0, col: 7 } });
    const header = buildBasic('基础数据表');
    expect(formsOf(header.sheet)[0]!.amountUnit?.unit).toBe('万元');
    expect(formsOf(buildBasic('基础数据表', { fundsLabel: '经费控制情况' }).sheet)[0]!.amountUnit).toBeNull();
  });

  it('is read from a 自评表’s budget header or title rows', () => {
    const stated = sheetOf('自评表', buildForm(validProjectSpec({ kind: 'overall' })));
    const form = formsOf(stated)[0]!;
    expect(form.amountUnit?.unit).toBe('万元');
    expect(stated.values[form.amountUnit!.cell.row]![form.amountUnit!.cell.col]).toBe('年度预算申请（万元）');
    const yuan = sheetOf('自评表', buildForm(validProjectSpec({ budgetLabel: '项目资金(元)' })));
    expect(formsOf(yuan)[0]!.amountUnit?.unit).toBe('元');
    const none = sheetOf('自评表', buildForm(validProjectSpec({ budgetLabel: '年度预算申请' })));
    expect(formsOf(none)[0]!.amountUnit).toBeNull();
  });

  it('is unknown when the form states two different units (nothing is guessed)', () => {
    const b = buildBasic('基础数据表', { unitNote: '单位：元' }); // header still says （万元）
    expect(formsOf(b.sheet)[0]!.amountUnit).toBeNull();
  });

  it('travels in the report as FormReport.amountUnit, amounts staying as the cells hold them', () => {
    const b = buildBasic('基础数据表', { rows: rowsInYuan(DEFAULT_BASIC_ROWS), fundsLabel: '经费控制情况', unitNote: '单位：元' });
    const report = checkWorkbook({ sheets: [b.sheet, sheetOf('自评表', buildForm(validProjectSpec({ kind: 'overall' })))] });
    const basic = report.forms.find((f) => f.kind === 'basic-data')!;
    expect(basic.amountUnit).toBe('元');
    expect(Object.entries(basic.basic!.rows).find(([k]) => k.startsWith('项目支出'))![1].actual).toBe('1844900.00');
    expect(report.forms.find((f) => f.kind === 'overall')!.amountUnit).toBe('万元');
  });
});

describe('units-yuan-basic.xlsx: a 基础数据表 in 元 beside a 自评表 in 万元', () => {
  it('reads each table’s unit and reports no mismatch between them, nor any error', async () => {
    const { readFileSync } = await import('node:fs');
    const { readXlsx } = await import('../../src/xlsx/read');
    const r = await readXlsx(new Uint8Array(readFileSync(new URL('../fixtures/xlsx/units-yuan-basic.xlsx', import.meta.url))), 'units-yuan-basic.xlsx');
    if (!r.ok) throw new Error(r.message);
    const report = checkWorkbook(r.snapshot);
    expect(report.forms.map((f) => [f.kind, f.amountUnit])).toEqual([['basic-data', '元'], ['overall', '万元']]);
    expect(report.findings.filter((f) => f.rule === 'cross-sheet-mismatch')).toEqual([]);
    expect(report.findings.filter((f) => f.severity === 'error').map((f) => `${f.rule}@${f.sheet}!${f.cell}`)).toEqual([]);
    // The same workbook with the 基础数据表's 项目支出 off by 1,000 元: the mismatch, both figures as held.
    const sheet = r.snapshot.sheets.find((s) => s.name === '基础数据表')!;
    const row = sheet.values.findIndex((v) => v?.[0] === '项目支出：');
    sheet.values[row]![5] = 1845900;
    const hit = checkWorkbook(r.snapshot).findings.filter((f) => f.rule === 'cross-sheet-mismatch');
    expect(hit.map((f) => [f.cell, f.severity, f.messageId])).toEqual([[`F${row + 1}`, 'error', 'projectSpendingUnits']]);
    expect(hit[0]!.data).toMatchObject({ basicFigure: '1845900.00元', formFigure: '184.49万元', basicWan: '184.59', formWan: '184.49' });
  });
});

// The preview's pieces that need no browser: number-format display, the exceljs → fake-host
// conversion (parity with the CLI's reader, fills, merges, hidden sheets, the user's own
// conditional formats) and the session views the test hooks return. Fast; runs in Node.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Decimal from 'decimal.js';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { checkWorkbook } from '../../src/engine';
import type { Finding, WorkbookSnapshot } from '../../src/engine/types';
import { readXlsx } from '../../src/xlsx/read';
import { colorOf, fillOf, workbookFromExcelJs } from '../../src/preview/from-exceljs';
import { loadWorkbook } from '../../src/preview/load';
import { formatCellValue, formatGeneral } from '../../src/preview/number-format';
import { PreviewSession } from '../../src/preview/session';
import { ensureFixtures, FIXTURES } from './support';

describe('formatCellValue: what the grid shows', () => {
  it('formats the number formats budget forms use', () => {
    const cases: [number | string | boolean, string, string][] = [
      [1234.5, 'General', '1234.5'],
      [0.1 + 0.2, 'General', '0.3'],
      [123456789012, 'General', '1.23457E+11'],
      [-7, 'General', '-7'],
      [2.345, '0.00', '2.35'], // 四舍五入 on the decimal Excel shows, not the binary float
      [2.344, '0.00', '2.34'],
      [-2.345, '0.00', '-2.35'],
      [190, '0.00', '190.00'],
      [-0.001, '0.00', '0.00'],
      [0.5, '0%', '50%'],
      [0.955, '0%', '96%'],
      [0.9662, '0.00%', '96.62%'],
      [0.923, '0.00%', '92.30%'],
      [1, '0.00%', '100.00%'],
      [1234567.891, '#,##0.00', '1,234,567.89'],
      [-1234.567, '#,##0.00', '-1,234.57'],
      [999.995, '#,##0.00', '1,000.00'],
      [0.4, '#,##0.00', '0.40'],
      [12, '0', '12'],
      [12.5, '0', '13'],
      [1.6, '0.00"万元"', '1.60万元'],
      [-5, '#,##0.00;[Red]-#,##0.00', '-5.00'],
      [-5, '#,##0.00;(#,##0.00)', '(5.00)'],
      [0, '0.00;-0.00;"—"', '—'],
      [3.14159, '0.0#', '3.14'],
      [3.1, '0.0#', '3.1'],
      [45322, 'yyyy-mm-dd', '2024-01-31'],
      [45322, 'yyyy"年"m"月"d"日"', '2024年1月31日'],
      [45322.5, 'h:mm', '12:00'],
      ['文本', '0.00', '文本'],
      ['abc', '@', 'abc'],
      [true, 'General', 'TRUE'],
      ['', '0.00', ''],
    ];
    for (const [value, format, shown] of cases) expect(formatCellValue(value, format), `${String(value)} as ${format}`).toBe(shown);
  });

  it('rounds half-up like Decimal on every 2-decimal value it is given', () => {
    // An independent reference: decimal.js half-up on the shortest decimal form of the double.
    const D = Decimal.clone({ rounding: Decimal.ROUND_HALF_UP });
    for (let i = 0; i < 2000; i++) {
      const v = Math.round((i * 7.919 - 3000) * 1000) / 1000;
      const ref = new D(v).toFixed(2);
      const expected = /^-0\.00$/.test(ref) ? '0.00' : ref;
      expect(formatCellValue(v, '0.00')).toBe(expected);
      expect(formatGeneral(v)).toBe(new D(v).toSignificantDigits(10).toFixed().replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, ''));
    }
  });
});

/** Within one or two units per channel: Excel's integer HLS arithmetic is not reproduced exactly. */
function near(actual: string | undefined, excel: string) {
  expect(actual).toMatch(/^#[0-9A-F]{6}$/);
  const ch = (h: string, i: number) => parseInt(h.replace('#', '').slice(i * 2, i * 2 + 2), 16);
  for (let i = 0; i < 3; i++) expect(Math.abs(ch(actual!, i) - ch(excel, i)), `${actual} vs ${excel}`).toBeLessThanOrEqual(2);
}

describe('colours from exceljs', () => {
  it('reads argb, theme with tint and indexed colours', () => {
    expect(colorOf({ argb: 'FFFFFF00' })).toBe('#FFFF00');
    expect(colorOf({ theme: 4 })).toBe('#4472C4');
    // Excel's palette: accent1 lighter 80% / 40%, darker 25%; accent6 lighter 40%; accent2 darker 25%.
    near(colorOf({ theme: 4, tint: 0.7999816888943144 }), '#DAE3F3');
    near(colorOf({ theme: 4, tint: 0.3999755851924192 }), '#8FAADC');
    near(colorOf({ theme: 4, tint: -0.249977111117893 }), '#2F5597');
    near(colorOf({ theme: 9, tint: 0.3999755851924192 }), '#A9D08E');
    near(colorOf({ theme: 5, tint: -0.249977111117893 }), '#C55A11');
    expect(colorOf({ indexed: 10 })).toBe('#FF0000');
    expect(colorOf({ indexed: 64 })).toBeUndefined();
    expect(fillOf({ type: 'pattern', pattern: 'none' })).toBeUndefined();
    expect(fillOf({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFC6EFCE' } })).toBe('#C6EFCE');
  });
});

const s1Fill = (session: PreviewSession) => session.workbook.getCell('表一', 'A3')!.fill;

async function sessionFor(bytes: Uint8Array, name: string): Promise<PreviewSession> {
  const r = await loadWorkbook(bytes, name);
  if (!r.ok) throw new Error(r.message);
  return new PreviewSession(r.workbook, r.layout, name);
}

/** address → value for every non-empty cell, so snapshots of different row padding compare. */
function cellMap(s: WorkbookSnapshot) {
  return s.sheets.map((sheet) => {
    const cells: Record<string, unknown> = {};
    sheet.values.forEach((row, r) =>
      row.forEach((v, c) => {
        const f = sheet.formulas?.[r]?.[c] ?? null;
        const nf = sheet.numberFormats?.[r]?.[c] ?? 'General';
        if (v === '' && !f) return;
        cells[`${r},${c}`] = { v, f, nf };
      }),
    );
    return { name: sheet.name, hidden: sheet.hidden === true, merges: sheet.merges ?? [], cells };
  });
}

const findingKeys = (fs: Finding[]) => fs.map((f) => `${f.rule}|${f.sheet}|${f.cell}|${f.message}`).sort();

describe('the preview host holds what the CLI reads', () => {
  ensureFixtures();
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.xlsx'));

  it('has fixtures to compare', () => {
    expect(files).toEqual(expect.arrayContaining(['zhuzhou-2024.xlsx', 'changsha-2024.xlsx', 'unrelated.xlsx']));
  });

  for (const file of files) {
    it(`${file}: gateway snapshot over the fake host = CLI snapshot, same findings`, async () => {
      const bytes = new Uint8Array(readFileSync(join(FIXTURES, file)));
      const cli = await readXlsx(bytes, file);
      const preview = await loadWorkbook(bytes, file);
      if (!cli.ok) {
        // Files the CLI refuses (corrupt, empty) the preview either refuses too or opens empty.
        if (preview.ok) expect(preview.workbook.sheets.every((s) => s.cells.size === 0)).toBe(true);
        else expect(preview.message).toMatch(/[\u4e00-\u9fff]/);
        return;
      }
      expect(preview.ok).toBe(true);
      const session = await sessionFor(bytes, file);
      const snap = await session.gateway.readSnapshot();
      expect(snap.fileName).toBe(file);
      expect(cellMap(snap)).toEqual(cellMap(cli.snapshot));
      const a = checkWorkbook(cli.snapshot);
      const b = checkWorkbook(snap);
      expect(findingKeys(b.findings)).toEqual(findingKeys(a.findings));
    });
  }
});

describe('workbookFromExcelJs: what the grid needs beyond values', () => {
  async function sample() {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('表一');
    ws.getCell('A1').value = '标题';
    ws.mergeCells('A1:C1');
    ws.getCell('A2').value = 0.9662;
    ws.getCell('A2').numFmt = '0.00%';
    ws.getCell('B2').value = { formula: 'A2*100', result: 96.62 };
    ws.getCell('C2').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } }; // fill, no value
    ws.getCell('A3').value = 5;
    ws.getCell('A3').fill = { type: 'pattern', pattern: 'solid', fgColor: { theme: 9, tint: 0.3999755851924192 } as Partial<ExcelJS.Color> };
    ws.getColumn(1).width = 20;
    ws.getCell('A3').note = '用户的批注';
    ws.addConditionalFormatting({
      ref: 'A3:A5',
      rules: [{ type: 'expression', priority: 1, formulae: ['A3>3'], style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFFFC7CE' } } } }],
    });
    const hidden = wb.addWorksheet('隐藏');
    hidden.state = 'hidden';
    hidden.getCell('A1').value = 1;
    return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  }

  it('keeps fills, merges, hidden sheets, column widths and the user\'s conditional formats', async () => {
    const r = await loadWorkbook(await sample(), 's.xlsx');
    if (!r.ok) throw new Error(r.message);
    const state = r.workbook.cellsState();
    const s1 = state.sheets[0]!;
    expect(s1.merges).toEqual(['A1:C1']);
    expect(s1.cells.A2).toEqual({ value: 0.9662, numberFormat: '0.00%' });
    expect(s1.cells.B2).toEqual({ value: 96.62, formula: '=A2*100' });
    expect(s1.cells.C2).toEqual({ value: '', fill: '#FFFF00' });
    near(s1.cells.A3!.fill, '#A9D08E'); // accent6 (#70AD47) lighter 40%
    expect(s1.conditionalFormats).toEqual([{ type: 'Custom', range: 'A3:A5', formula: '=A3>3', fill: '#FFC7CE', stopIfTrue: false }]);
    expect(s1.notes).toEqual({ A3: '用户的批注' });
    expect(state.sheets[1]!.visibility).toBe('Hidden');
    expect(r.layout.get('表一')!.columnWidths[0]).toBe(145);
  });

  it('marks go on and come off through the real gateway; the user\'s format and cells stay', async () => {
    const session = await sessionFor(await sample(), 's.xlsx');
    const before = session.snapshot();
    const beforeState = session.state();
    const finding = (cell: string, severity: Finding['severity']): Finding => ({
      rule: 'x',
      severity,
      sheet: '表一',
      cell,
      row: 0,
      col: 0,
      message: 'm',
      key: `x|表一|${cell}`,
    });
    await session.gateway.applyMarks([finding('A2', 'error'), finding('D9', 'warning'), finding('A2', 'info')]);
    const marked = session.snapshot().sheets[0]!.cells;
    expect(marked.A2).toMatchObject({ marked: true, mark: 'error', markFill: '#FFC7CD', text: '96.62%', value: 0.9662 });
    expect(marked.D9).toMatchObject({ marked: true, mark: 'warning', value: '', text: '' });
    expect(marked.A3).toMatchObject({ marked: false, fill: s1Fill(session), text: '5' });
    await session.gateway.select('表一', 'D9');
    expect(session.selection()).toEqual({ sheet: '表一', address: 'D9' });
    await session.gateway.clearMarks();
    expect(session.snapshot()).toEqual(before);
    const after = session.state();
    expect({ ...after, sheets: after.sheets.map((s) => ({ ...s, selection: '' })) }).toEqual({
      ...beforeState,
      sheets: beforeState.sheets.map((s) => ({ ...s, selection: '' })),
    });
    expect(session.host.syncCount).toBeGreaterThan(0);
  });

  it('workbookFromExcelJs takes the saved active sheet and selection', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('一').getCell('A1').value = 1;
    const two = wb.addWorksheet('二', { views: [{ state: 'normal', activeCell: 'C5' }] });
    two.getCell('A1').value = 2;
    wb.views = [{ x: 0, y: 0, width: 10000, height: 20000, firstSheet: 0, activeTab: 1, visibility: 'visible' }];
    const reread = new ExcelJS.Workbook();
    await reread.xlsx.load((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const { workbook } = workbookFromExcelJs(reread);
    expect(workbook.activeSheet).toBe('二');
    expect(workbook.sheet('二').selection).toBe('C5');
  });
});

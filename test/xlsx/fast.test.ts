// The direct reader (src/xlsx/fast.ts) must give exactly the snapshot of the exceljs path, or step
// aside (null) so that path decides. Compared on every bundled workbook, on workbooks exceljs writes
// with every value kind, on hand-written XML exceljs never writes, and on random workbooks.
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SheetSnapshot } from '../../src/engine';
import { nodeInflateRaw } from '../../src/cli/inflate';
import { fastSnapshot } from '../../src/xlsx/fast';
import { readWithExceljs, readXlsx } from '../../src/xlsx/read';
import { sniff } from '../../src/xlsx/sniff';
import { zipOf } from '../robustness/hostile-files';
import { snapshotToXlsx } from '../support/write-xlsx';
import { workbookBytes } from './helpers';

async function fast(bytes: Uint8Array, inflate = nodeInflateRaw) {
  const s = sniff(bytes);
  if (!s.ok) throw new Error(s.message);
  return fastSnapshot(bytes, s.entries, undefined, inflate);
}

async function viaExceljs(bytes: Uint8Array): Promise<SheetSnapshot[]> {
  const r = await readWithExceljs(bytes);
  if (!r.ok) throw new Error(r.message);
  return r.snapshot.sheets;
}

const ROOT = path.resolve(__dirname, '../..');
// Workbooks only: the fixture folder also holds the 自评报告 .docx files of the report check.
const BUNDLED = [
  ...readdirSync(path.join(ROOT, 'test/fixtures/xlsx')).map((f) => path.join(ROOT, 'test/fixtures/xlsx', f)),
  ...readdirSync(path.join(ROOT, 'samples')).map((f) => path.join(ROOT, 'samples', f)),
].filter((f) => /\.xls[xm]?$/i.test(f));
// Files the exceljs path refuses on purpose (damaged, legacy): the direct reader must not accept them either.
const REFUSED = new Set(['corrupt.xlsx', 'legacy.xls']);

describe('direct reader on the bundled workbooks', () => {
  it('reads every well-formed fixture and sample itself, identical to the exceljs path', async () => {
    let compared = 0;
    for (const file of BUNDLED) {
      const bytes = new Uint8Array(readFileSync(file));
      const name = path.basename(file);
      if (REFUSED.has(name)) continue;
      const direct = await fast(bytes);
      expect(direct, name).not.toBeNull();
      const old = await readWithExceljs(bytes);
      // empty.xlsx: both see a workbook without data (readXlsx's verdict is compared below).
      if (old.ok) expect(direct!.sheets, name).toEqual(old.snapshot.sheets);
      else expect(direct!.sheets.every((sh) => sh.values.length === 0), name).toBe(true);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(14);
  });

  it('gives readXlsx the same verdict as the exceljs path on every bundled file, refused ones included', async () => {
    for (const file of BUNDLED) {
      const bytes = new Uint8Array(readFileSync(file));
      expect(await readXlsx(bytes, 'x.xlsx', { inflateRaw: nodeInflateRaw }), path.basename(file)).toEqual(await readWithExceljs(bytes, 'x.xlsx'));
    }
  });

  it('works with the web-streams inflate the browser uses', async () => {
    const bytes = new Uint8Array(readFileSync(path.join(ROOT, 'samples/changsha-2024.xlsx')));
    const s = sniff(bytes);
    if (!s.ok) throw new Error(s.message);
    const direct = await fastSnapshot(bytes, s.entries);
    expect(direct!.sheets).toEqual(await viaExceljs(bytes));
  });
});

describe('direct reader on value kinds exceljs writes', () => {
  it('numbers, text, booleans, errors, dates, rich text, formulas (shared too), merges, hidden sheets, formats', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('项目1（一）');
    ws.getCell('A1').value = '2024年度项目支出绩效自评表';
    ws.mergeCells('A1:F1');
    ws.getCell('A2').value = 'a & b < c > d "e" \'f\'';
    ws.getCell('B2').value = 'line1\r\nline2\nline3';
    ws.getCell('C2').value = 'tab\there_x000D_end';
    ws.getCell('D2').value = true;
    ws.getCell('E2').value = false;
    ws.getCell('F2').value = { error: '#DIV/0!' } as ExcelJS.CellErrorValue;
    ws.getCell('A3').value = 2773.47;
    ws.getCell('A3').numFmt = '#,##0.00';
    ws.getCell('B3').value = 0.966190794699218;
    ws.getCell('B3').numFmt = '0.00%';
    ws.getCell('C3').value = new Date(Date.UTC(2024, 11, 31));
    ws.getCell('C3').numFmt = 'yyyy"年"m"月"d"日"';
    ws.getCell('D3').value = new Date(Date.UTC(2025, 0, 2, 13, 45, 7));
    ws.getCell('E3').value = 45000.5;
    ws.getCell('E3').numFmt = '0.00\\%\\ "元"';
    ws.getCell('F3').value = { richText: [{ text: '富' }, { font: { bold: true }, text: '文本' }] };
    ws.getCell('A4').value = { formula: 'A3/2', result: 1386.735 };
    ws.getCell('B4').value = { formula: 'IF(A3>0,"有","无")', result: '有' };
    ws.getCell('C4').value = { formula: 'A3>0', result: true };
    ws.getCell('D4').value = { formula: '1/0', result: { error: '#DIV/0!' } };
    ws.getCell('E4').value = { formula: 'TODAY()', result: new Date(Date.UTC(2024, 5, 1)) };
    ws.getCell('E4').numFmt = 'yyyy-mm-dd';
    ws.getCell('F4').value = { formula: 'SUM(A3:B3)' } as ExcelJS.CellFormulaValue;
    for (let r = 5; r <= 9; r++) {
      ws.getCell(`A${r}`).value = r * 10;
      ws.getCell(`B${r}`).value = r === 5 ? { formula: 'A5*$A$3+Sheet2!A1', result: 1, shareType: 'shared', ref: 'B5:B9' } as ExcelJS.CellFormulaValue : { sharedFormula: 'B5', result: r } as ExcelJS.CellSharedFormulaValue;
    }
    ws.getCell('A10').value = { text: '链接', hyperlink: 'https://example.invalid/' };
    ws.getCell('C10').value = '被合并的';
    ws.getCell('D10').value = '隐藏在合并区';
    ws.mergeCells('C10:E12');
    ws.getCell('H20').value = '远处';
    ws.getCell('A22').value = -0.000001;
    ws.getCell('B22').value = 1e21;
    const hidden = wb.addWorksheet('隐藏', { state: 'hidden' });
    hidden.getCell('A1').value = 1;
    wb.addWorksheet('空表');
    const bytes = await workbookBytes(wb);
    const direct = await fast(bytes);
    expect(direct).not.toBeNull();
    const expected = await viaExceljs(bytes);
    expect(direct!.sheets).toEqual(expected);
    // The comparison is not vacuous: the interesting cells are there.
    const s = direct!.sheets[0]!;
    expect(s.values[1]![0]).toBe('a & b < c > d "e" \'f\'');
    expect(s.formulas?.[4]?.[1]).toBe('=A5*$A$3+Sheet2!A1');
    expect(s.formulas?.[5]?.[1]).toBe('=A6*$A$3+Sheet2!A2');
    expect(s.values[9]).toEqual(['链接', '', '被合并的']); // D10 lies under the merge C10:E12
    expect(direct!.sheets[1]!.hidden).toBe(true);
  });

  it('the 1904 date system', async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet('S');
    ws.getCell('A1').value = new Date(Date.UTC(2024, 0, 1));
    ws.getCell('A2').value = 12.25;
    ws.getCell('A2').numFmt = 'yyyy-mm-dd hh:mm';
    const bytes = await workbookBytes(wb);
    const direct = await fast(bytes);
    expect(direct!.sheets).toEqual(await viaExceljs(bytes));
  });

  it('random sheets: strings with markup and control characters, numbers, formats, merges', async () => {
    const text = fc.string({ maxLength: 40, unit: fc.constantFrom('a', '中', '&', '<', '>', '"', "'", ' ', '\n', '\t', '_x000D_', '%', '=', '#', '；', '\u00a0') });
    const value = fc.oneof(text, fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), fc.integer(), fc.constant(''), fc.constant('#REF!'));
    const fmt = fc.constantFrom('General', '0.00', '0.00%', '#,##0.00', '@', '0.0000', '"¥"#,##0.00');
    const sheet = fc.tuple(fc.array(fc.array(fc.tuple(value, fmt), { maxLength: 7 }), { maxLength: 8 }), fc.boolean());
    await fc.assert(fc.asyncProperty(fc.array(sheet, { minLength: 1, maxLength: 3 }), async (spec) => {
      const sheets: SheetSnapshot[] = spec.map(([rows, merge], i) => ({
        name: `表${i + 1}`,
        values: rows.map((r) => r.map(([v]) => v)),
        numberFormats: rows.map((r) => r.map(([, f]) => f)),
        merges: merge && rows.length > 2 ? [{ top: 1, left: 0, bottom: 2, right: 1 }] : [],
      }));
      const bytes = new Uint8Array(await snapshotToXlsx(sheets));
      const direct = await fast(bytes);
      expect(direct).not.toBeNull();
      const old = await readWithExceljs(bytes);
      if (old.ok) expect(direct!.sheets).toEqual(old.snapshot.sheets);
      else expect(direct!.sheets.every((sh) => sh.values.length === 0)).toBe(true);
    }), { numRuns: 40 });
  }, 60_000);
});

// ---- hand-written XML ------------------------------------------------------------------------------

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function rawWorkbook(opts: { sheet: string; strings?: string; styles?: string; workbookPr?: string }): Uint8Array {
  const rels = [`<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>`];
  if (opts.strings !== undefined) rels.push(`<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
  if (opts.styles !== undefined) rels.push(`<Relationship Id="rId3" Type="${REL}/styles" Target="styles.xml"/>`);
  const entries = [
    { name: '[Content_Types].xml', data: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>' },
    { name: '_rels/.rels', data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    { name: 'xl/workbook.xml', data: `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS}>${opts.workbookPr ?? ''}<sheets><sheet name="自评表" sheetId="1" r:id="rId1"/></sheets></workbook>` },
    { name: 'xl/_rels/workbook.xml.rels', data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>` },
    { name: 'xl/worksheets/sheet1.xml', data: `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}>${opts.sheet}</worksheet>` },
  ];
  if (opts.strings !== undefined) entries.push({ name: 'xl/sharedStrings.xml', data: `<?xml version="1.0" encoding="UTF-8"?><sst ${NS}>${opts.strings}</sst>` });
  if (opts.styles !== undefined) entries.push({ name: 'xl/styles.xml', data: `<?xml version="1.0" encoding="UTF-8"?><styleSheet ${NS}>${opts.styles}</styleSheet>` });
  return new Uint8Array(zipOf(entries));
}

const STYLES = '<numFmts count="1"><numFmt numFmtId="176" formatCode="0.00\\%"/></numFmts><cellXfs count="4"><xf numFmtId="10"/><xf numFmtId="176"/><xf numFmtId="14"/><xf numFmtId="9"><alignment wrapText="1"/></xf></cellXfs>';

describe('direct reader on XML exceljs does not write', () => {
  const cases: [string, Parameters<typeof rawWorkbook>[0]][] = [
    ['inline strings, plain and rich', { sheet: '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>内联 &amp; 文本</t></is></c><c r="B1" t="inlineStr"><is><r><t>富_x000D_</t></r><r><rPr><b/></rPr><t xml:space="preserve"> 文本</t></r></is></c><c r="C1" t="inlineStr"><is><t></t></is></c></row></sheetData>' }],
    ['str values and results decoded twice, as exceljs does', { sheet: '<sheetData><row r="1"><c r="A1" t="str"><v>a &amp;lt; b</v></c><c r="B1" t="str"><f>"x"&amp;"y"</f><v>&amp;amp;</v></c></row></sheetData>' }],
    ['shared strings with phonetic runs and escapes', { strings: '<si><t>项目</t><rPh sb="0" eb="2"><t>コウモク</t></rPh></si><si><r><t>A</t></r><r><t>_x0041_b</t></r></si><si><t/></si>', sheet: '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row></sheetData>' }],
    ['style 0 is ignored, custom formats lose their backslashes, dates round trip', { styles: STYLES, sheet: '<sheetData><row r="1"><c r="A1" s="0"><v>0.5</v></c><c r="B1" s="1"><v>0.5</v></c><c r="C1" s="2"><v>45291.3333333333</v></c><c r="D1" s="3"><v>0.25</v></c><c r="E1" s="9"><v>7</v></c></row></sheetData>' }],
    ['shared formulas with absolute, sheet and function references', { sheet: '<sheetData><row r="2"><c r="B2"><f t="shared" ref="B2:D3" si="7">SUM(A2:$A$9)+\'表 2\'!C3+LOG10(A2)</f><v>1</v></c><c r="C2"><f t="shared" si="7"/><v>2</v></c></row><row r="3"><c r="D3"><f t="shared" si="7"/><v>3</v></c><c r="E3"><f/><v>4</v></c></row></sheetData>' }],
    ['cells without a type, booleans and errors, out of order', { sheet: '<sheetData><row r="3"><c r="C3" t="b"><v>1</v></c><c r="A3" t="e"><v>#N/A</v></c></row><row r="1"><c r="B1"><v>1.5E-3</v></c><c r="D1" s="3"/></row></sheetData>' }],
    ['merged cells hide what their other cells store', { sheet: '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c><c r="B1" t="inlineStr"><is><t>残留</t></is></c></row></sheetData><mergeCells count="2"><mergeCell ref="A1:C1"/><mergeCell ref="E5"/></mergeCells>' }],
    ['1904 dates', { workbookPr: '<workbookPr date1904="1"/>', styles: STYLES, sheet: '<sheetData><row r="1"><c r="A1" s="2"><v>100</v></c></row></sheetData>' }],
  ];
  for (const [name, opts] of cases) {
    it(name, async () => {
      const bytes = rawWorkbook(opts);
      const direct = await fast(bytes);
      expect(direct).not.toBeNull();
      expect(direct!.sheets).toEqual(await viaExceljs(bytes));
    });
  }

  it('reads the hand-written cases as a user would expect', async () => {
    const inline = await fast(rawWorkbook(cases[0]![1]));
    expect(inline!.sheets[0]!.values[0]).toEqual(['内联 & 文本', '富\r 文本']);
    const shared = await fast(rawWorkbook(cases[4]![1]));
    // D3 is one row down and two columns right of the master B2.
    expect(shared!.sheets[0]!.formulas![2]![3]).toBe("=SUM(C3:$A$9)+'表 2'!E4+LOG10(C3)");
  });

  const stepAside: [string, Parameters<typeof rawWorkbook>[0]][] = [
    ['a DTD', { sheet: '<sheetData/>'.replace('<sheetData/>', '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData>') }],
    ['an undeclared entity', { sheet: '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol;</t></is></c></row></sheetData>' }],
    ['a bare ampersand', { sheet: '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a & b</t></is></c></row></sheetData>' }],
  ];
  for (const [name, opts] of stepAside) {
    it(`steps aside for ${name}`, async () => {
      let bytes = rawWorkbook(opts);
      if (name === 'a DTD') {
        const withDtd = { ...opts, sheet: opts.sheet };
        bytes = new Uint8Array(zipOf([
          { name: '_rels/.rels', data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
          { name: 'xl/workbook.xml', data: `<?xml version="1.0"?><!DOCTYPE workbook [<!ENTITY x "y">]><workbook ${NS}><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>` },
          { name: 'xl/_rels/workbook.xml.rels', data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>` },
          { name: 'xl/worksheets/sheet1.xml', data: `<worksheet ${NS}>${withDtd.sheet}</worksheet>` },
        ]));
      }
      expect(await fast(bytes)).toBeNull();
      // readXlsx then answers exactly as the exceljs path does.
      expect(await readXlsx(bytes, undefined, { inflateRaw: nodeInflateRaw })).toEqual(await readWithExceljs(bytes));
    });
  }
});

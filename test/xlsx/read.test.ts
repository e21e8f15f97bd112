import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readXlsx, type ReadResult } from '../../src/xlsx/read';
import type { SheetSnapshot } from '../../src/engine';
import { buildOverallForm, makeCfb, makeZip, workbookBytes } from './helpers';

function expectOk(r: ReadResult) {
  if (!r.ok) throw new Error(`expected a snapshot, got ${r.code}: ${r.message}`);
  return r.snapshot;
}

function expectFail(r: ReadResult, code: string) {
  expect(r.ok).toBe(false);
  if (r.ok) return '';
  expect(r.code).toBe(code);
  expect(r.message).not.toMatch(/\n/);
  expect(r.message).toMatch(/[\u4e00-\u9fff]/);
  return r.message;
}

describe('readXlsx: workbook → snapshot', () => {
  it('converts every kind of cell value', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('值');
    ws.getCell('A1').value = '标题';
    ws.mergeCells('A1:C2');
    ws.getCell('B3').value = 12.5;
    ws.getCell('C3').value = { formula: 'B3*2', result: 25 };
    ws.getCell('D3').value = { formula: 'B3/0', result: { error: '#DIV/0!' } };
    ws.getCell('E3').value = new Date(Date.UTC(2024, 0, 31));
    ws.getCell('E3').numFmt = 'yyyy-mm-dd';
    ws.getCell('F3').value = { richText: [{ text: '富' }, { text: '文本', font: { bold: true } }] };
    ws.getCell('G3').value = { text: '财政厅网站', hyperlink: 'http://example.gov.cn' };
    ws.getCell('H3').value = true;
    ws.getCell('I3').value = 0.9662;
    ws.getCell('I3').numFmt = '0.00%';
    ws.getCell('J3').value = { error: '#N/A' };
    ws.getCell('K3').value = { formula: 'A99', result: undefined } as unknown as ExcelJS.CellValue;
    ws.getCell('B5').value = 3;
    // Styled but empty cells far away must not stretch the snapshot.
    ws.getCell('Z40').numFmt = '0.00';

    const snap = expectOk(await readXlsx(await workbookBytes(wb), 'v.xlsx'));
    expect(snap.fileName).toBe('v.xlsx');
    const s = snap.sheets[0]!;
    expect(s.name).toBe('值');
    expect(s.values[0]).toEqual(['标题']);
    expect(s.values[1]).toEqual([]);
    expect(s.values[2]).toEqual(['', 12.5, 25, '#DIV/0!', 45322, '富文本', '财政厅网站', true, 0.9662, '#N/A', '']);
    expect(s.values[3]).toEqual([]);
    expect(s.values[4]).toEqual(['', 3]);
    expect(s.values.length).toBe(5);
    expect(s.formulas![2]![2]).toBe('=B3*2');
    expect(s.formulas![2]![3]).toBe('=B3/0');
    expect(s.formulas![2]![10]).toBe('=A99');
    expect(s.numberFormats![2]![4]).toBe('yyyy-mm-dd');
    expect(s.numberFormats![2]![8]).toBe('0.00%');
    expect(s.numberFormats![2]![1]).toBe('General');
    expect(s.merges).toEqual([{ top: 0, left: 0, bottom: 1, right: 2 }]);
    expect(s.hidden).toBeUndefined();
  });

  it('reads non-anchor cells of a merged area as "" even when the file stores values there', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('合并');
    ws.getCell('A1').value = '一级指标';
    ws.getCell('A2').value = '残留值';
    ws.getCell('B2').value = 7;
    ws.mergeCells('A1:A3');
    const s = expectOk(await readXlsx(await workbookBytes(wb))).sheets[0]!;
    expect(s.values[0]![0]).toBe('一级指标');
    expect(s.values[1]).toEqual(['', 7]);
    expect(s.merges).toEqual([{ top: 0, left: 0, bottom: 2, right: 0 }]);
  });

  it('translates shared formulas and keeps their cached results', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('共享');
    ws.getCell('A1').value = 1;
    ws.getCell('A2').value = 2;
    ws.getCell('B1').value = { formula: 'A1*10', result: 10, shareType: 'shared', ref: 'B1:B2' } as ExcelJS.CellValue;
    ws.getCell('B2').value = { sharedFormula: 'B1', result: 20 } as ExcelJS.CellValue;
    const s = expectOk(await readXlsx(await workbookBytes(wb))).sheets[0]!;
    expect(s.values[1]).toEqual([2, 20]);
    expect(s.formulas![1]![1]).toBe('=A2*10');
  });

  it('flags hidden and very hidden sheets and keeps sheet order', async () => {
    const wb = new ExcelJS.Workbook();
    for (const [name, state] of [['一', 'visible'], ['二', 'hidden'], ['三', 'veryHidden']] as const) {
      const ws = wb.addWorksheet(name, { state });
      ws.getCell('A1').value = name;
    }
    const snap = expectOk(await readXlsx(await workbookBytes(wb)));
    expect(snap.sheets.map((s) => [s.name, s.hidden ?? false])).toEqual([
      ['一', false],
      ['二', true],
      ['三', true],
    ]);
  });

  it('uses the 1904 date system when the workbook does', async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet('日期');
    ws.getCell('A1').value = new Date(Date.UTC(2024, 0, 31));
    ws.getCell('A1').numFmt = 'yyyy/m/d';
    const s = expectOk(await readXlsx(await workbookBytes(wb))).sheets[0]!;
    expect(s.values[0]![0]).toBe(45322 - 1462);
  });

  it('accepts an ArrayBuffer as well as a Uint8Array', async () => {
    const bytes = await workbookBytes(buildOverallForm());
    const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const a = expectOk(await readXlsx(bytes));
    const b = expectOk(await readXlsx(copy));
    expect(b.sheets).toEqual(a.sheets);
    const s: SheetSnapshot = a.sheets[0]!;
    expect(s.values[3]!.slice(1, 8)).toEqual(['年度资金总额', 629.55, 2870.52, 2773.47, 10, 0.966190794699218, 9.66]);
    expect(s.formulas![3]![6]).toBe('=E4/D4');
  });
});

describe('readXlsx: workbooks from other producers', () => {
  const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

  it('reads a minimal hand-written package: inline strings, str formulas, errors, booleans, bare <c/>', async () => {
    const zip = makeZip([
      { name: '[Content_Types].xml', data: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>` },
      { name: '_rels/.rels', data: `<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${R}/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
      { name: 'xl/workbook.xml', data: `<workbook xmlns="${NS}" xmlns:r="${R}"><sheets><sheet name="自评表" sheetId="1" r:id="rId1"/></sheets></workbook>` },
      { name: 'xl/_rels/workbook.xml.rels', data: `<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${R}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>` },
      {
        name: 'xl/worksheets/sheet1.xml',
        data: `<worksheet xmlns="${NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>总分</t></is></c><c r="B1"/><c r="C1" t="str"><f>"99"&amp;"分"</f><v>99分</v></c></row><row r="3"><c r="A3" t="e"><v>#REF!</v></c><c r="B3" t="b"><v>1</v></c><c r="C3"><v>9.15088499999996</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A5:B6"/></mergeCells></worksheet>`,
      },
    ]);
    const s = expectOk(await readXlsx(zip)).sheets[0]!;
    expect(s.values).toEqual([['总分', '', '99分'], [], ['#REF!', true, 9.15088499999996]]);
    expect(s.formulas![0]![2]).toBe('="99"&"分"');
    expect(s.merges).toEqual([{ top: 4, left: 0, bottom: 5, right: 1 }]);
  });

  it('skips tables, conditional formats, validations, filters and page setup without losing cell values', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('表');
    ws.addTable({ name: 'T1', ref: 'A1', headerRow: true, columns: [{ name: '项目' }, { name: '金额' }], rows: [['a', 1], ['b', 2]] });
    ws.addConditionalFormatting({
      ref: 'B2:B3',
      rules: [{ type: 'expression', formulae: ['B2>1'], priority: 1, style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFFF0000' } } } }],
    });
    ws.getCell('B2').dataValidation = { type: 'whole', operator: 'between', formulae: [0, 10], allowBlank: true };
    ws.getCell('D1').value = { text: '链接', hyperlink: 'http://example.gov.cn' };
    ws.autoFilter = 'A1:B3';
    ws.pageSetup.orientation = 'landscape';
    const s = expectOk(await readXlsx(await workbookBytes(wb))).sheets[0]!;
    expect(s.values).toEqual([['项目', '金额', '', '链接'], ['a', 1], ['b', 2]]);
  });
});

describe('readXlsx: files that are not readable workbooks', () => {
  it('refuses a legacy .xls (OLE compound file)', async () => {
    const msg = expectFail(await readXlsx(makeCfb(['Workbook', 'SummaryInformation'])), 'legacy-xls');
    expect(msg).toContain('旧版 .xls');
    expect(msg).toContain('另存为 .xlsx');
  });

  it('recognises a password-protected workbook by its EncryptionInfo stream', async () => {
    expect(expectFail(await readXlsx(makeCfb(['EncryptionInfo', 'EncryptedPackage'])), 'encrypted')).toContain('密码');
    expect(expectFail(await readXlsx(makeCfb(['EncryptedPackage'])), 'encrypted')).toContain('密码');
  });

  it('reports random bytes, HTML disguised as .xls and a 0-byte file as corrupt', async () => {
    expect(expectFail(await readXlsx(new TextEncoder().encode('a,b,c\n1,2,3\n')), 'corrupt')).toContain('不是有效的 .xlsx');
    expect(expectFail(await readXlsx(new TextEncoder().encode('<html><table><tr><td>1</td></tr></table></html>')), 'corrupt')).toContain('HTML');
    expect(expectFail(await readXlsx(new Uint8Array(0)), 'corrupt')).toContain('0 字节');
  });

  it('reports a truncated download as incomplete', async () => {
    const bytes = await workbookBytes(buildOverallForm());
    const msg = expectFail(await readXlsx(bytes.slice(0, Math.floor(bytes.length / 2))), 'corrupt');
    expect(msg).toContain('不完整');
  });

  it('reports a zip whose parts are garbage as corrupt, without throwing', async () => {
    const zip = makeZip([
      { name: '[Content_Types].xml', data: '<Types' },
      { name: 'xl/workbook.xml', data: '<<<not xml' },
      { name: 'xl/worksheets/sheet1.xml', data: '\u0000\u0001' },
    ]);
    expect(expectFail(await readXlsx(zip), 'corrupt')).toContain('已损坏');
  });

  it('says which kind of zip it is when it holds no workbook', async () => {
    expect(expectFail(await readXlsx(makeZip([{ name: 'word/document.xml', data: '<w/>' }])), 'corrupt')).toContain('Word');
    expect(expectFail(await readXlsx(makeZip([{ name: 'xl/workbook.bin', data: 'x' }])), 'corrupt')).toContain('.xlsb');
    expect(expectFail(await readXlsx(makeZip([{ name: 'notes.txt', data: 'x' }])), 'corrupt')).toContain('xl/workbook.xml');
  });

  it('refuses a zip bomb by its declared sizes before inflating anything', async () => {
    const total = makeZip([
      { name: 'xl/workbook.xml', data: '<workbook/>' },
      { name: 'xl/worksheets/sheet1.xml', data: 'x'.repeat(10_000_000 / 1000), declaredUncompressed: 0xfff00000, declaredCompressed: 0x7ff00000 },
    ]);
    expect(expectFail(await readXlsx(total), 'too-large')).toContain('1 GB');

    const ratio = makeZip([
      { name: 'xl/workbook.xml', data: '<workbook/>' },
      { name: 'xl/worksheets/sheet1.xml', data: 'x'.repeat(1000), declaredUncompressed: 500 * 1024 * 1024, declaredCompressed: 100 * 1024 },
    ]);
    expect(expectFail(await readXlsx(ratio), 'too-large')).toContain('压缩比');

    const zip64 = makeZip([
      { name: 'xl/workbook.xml', data: '<workbook/>' },
      { name: 'xl/worksheets/sheet1.xml', data: 'x', zip64: true, declaredUncompressed: 8 * 1024 * 1024 * 1024, declaredCompressed: 4 * 1024 * 1024 * 1024 },
    ]);
    expect(expectFail(await readXlsx(zip64), 'too-large')).toContain('GB');
  });

  it('does not mistake a normal, well-compressed workbook for a bomb', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('大表');
    for (let r = 1; r <= 3000; r++) for (let c = 1; c <= 10; c++) ws.getCell(r, c).value = '完全相同的文字';
    expect((await readXlsx(await workbookBytes(wb))).ok).toBe(true);
  });

  it('reports a workbook without any data as empty', async () => {
    const none = new ExcelJS.Workbook();
    none.addWorksheet('Sheet1');
    none.addWorksheet('Sheet2').getCell('C3').numFmt = '0.00';
    const r = await readXlsx(await workbookBytes(none));
    expect(expectFail(r, 'empty')).toBe('工作簿中没有任何数据');
  });
});

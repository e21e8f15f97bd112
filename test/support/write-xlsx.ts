// Writes snapshot sheets to a real .xlsx (values, number formats, merges) with exceljs, for the
// benchmark and the CLI/hostile-file tests.
import ExcelJS from 'exceljs';
import type { SheetSnapshot } from '../../src/engine/types';

export async function snapshotToXlsx(sheets: SheetSnapshot[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.created = new Date('2025-01-01T00:00:00Z');
  wb.modified = new Date('2025-01-01T00:00:00Z');
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    s.values.forEach((row, r) => {
      row.forEach((v, c) => {
        if (v === null || v === '' || v === undefined) return;
        const cell = ws.getCell(r + 1, c + 1);
        if (typeof v === 'string' && /^#(DIV\/0!|REF!|VALUE!|N\/A|NAME\?|NUM!|NULL!)$/.test(v)) cell.value = { error: v } as ExcelJS.CellErrorValue;
        else cell.value = v;
        const f = s.numberFormats?.[r]?.[c];
        if (f && f !== 'General') cell.numFmt = f;
      });
    });
    for (const m of s.merges ?? []) ws.mergeCells(m.top + 1, m.left + 1, m.bottom + 1, m.right + 1);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

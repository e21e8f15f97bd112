// Bytes of an .xlsx → the fake host's workbook, or a one-line Chinese reason. The same checks as the
// CLI (src/xlsx/sniff.ts, src/xlsx/zip.ts) run first, so a .xls, an encrypted file or a zip bomb gets
// the same message in the preview as on the command line.
import type ExcelJS from 'exceljs';
import { openWorkbook, parserFailure } from '../xlsx/read';
import { workbookFromExcelJs, type ConvertedWorkbook } from './from-exceljs';

export type LoadResult = ({ ok: true } & ConvertedWorkbook) | { ok: false; message: string };

/** A sheet name or text cell with U+FFFD: a part was decoded with the wrong encoding. */
function hasReplacementChars(wb: ExcelJS.Workbook): boolean {
  for (const ws of wb.worksheets) {
    if (ws.name.includes('\uFFFD')) return true;
    let found = false;
    ws.eachRow((row) => {
      if (found) return;
      row.eachCell((cell) => {
        if (typeof cell.value === 'string' && cell.value.includes('\uFFFD')) found = true;
      });
    });
    if (found) return true;
  }
  return false;
}

/**
 * The CLI's loading steps (src/xlsx/read.ts openWorkbook: byte checks, the lying-zip check, exceljs,
 * re-encoding), keeping the user's conditional formats, then into the fake host's model.
 */
export async function loadWorkbook(data: ArrayBuffer | Uint8Array, fileName: string): Promise<LoadResult> {
  const opened = await openWorkbook(data, { keepConditionalFormats: true, garbled: hasReplacementChars });
  if (!opened.ok) return { ok: false, message: `无法打开“${fileName}”：${opened.message}` };
  try {
    const converted = workbookFromExcelJs(opened.workbook);
    if (converted.workbook.sheets.length === 0) return { ok: false, message: `“${fileName}”中没有工作表` };
    return { ok: true, ...converted };
  } catch (e) {
    // The converter's (English) detail means nothing to the clerk: say what to do instead.
    return { ok: false, message: `无法打开“${fileName}”：${parserFailure(e instanceof Error ? e.message : String(e))}` };
  }
}

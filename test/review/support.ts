// Helpers the LibreOffice-conversion tests share: the 检查说明 sheet as text, and a stand-in program.
import { chmodSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';

/** The 检查说明 sheet of a 汇总表.xlsx, one line per row, cells joined by " | ". */
export async function notesText(file: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const lines: string[] = [];
  wb.getWorksheet('检查说明')!.eachRow((r) => lines.push((r.values as ExcelJS.CellValue[]).slice(1).join(' | ')));
  return lines.join('\n');
}

/** An executable shell script in dir standing in for soffice. */
export function stub(dir: string, name: string, body: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

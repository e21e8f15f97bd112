// Bytes of an .xlsx → the fake host's workbook, or a one-line Chinese reason. The same checks as the
// CLI (src/xlsx/sniff.ts, src/xlsx/zip.ts) run first, so a .xls, an encrypted file or a zip bomb gets
// the same message in the preview as on the command line.
import ExcelJS from 'exceljs';
import { sniff } from '../xlsx/sniff';
import { findLyingEntry, reencodeXmlParts } from '../xlsx/zip';
import { workbookFromExcelJs, type ConvertedWorkbook } from './from-exceljs';

export type LoadResult = ({ ok: true } & ConvertedWorkbook) | { ok: false; message: string };

// As src/xlsx/read.ts skips them, minus conditionalFormatting: the preview keeps the user's own
// conditional formats in the fake host, so the gateway has to leave them alone there as in Excel.
const IGNORED_NODES = [
  'dataValidations',
  'extLst',
  'hyperlinks',
  'pageSetup',
  'pageMargins',
  'printOptions',
  'headerFooter',
  'rowBreaks',
  'picture',
  'drawing',
  'tableParts',
  'autoFilter',
];

function oneLine(s: string, max = 120): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

async function parse(bytes: Uint8Array): Promise<ExcelJS.Workbook | string> {
  try {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as Parameters<ExcelJS.Xlsx['load']>[0], { ignoreNodes: IGNORED_NODES });
    return wb;
  } catch (e) {
    return oneLine(e instanceof Error ? e.message : String(e));
  }
}

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
 * The same steps as the CLI's readXlsx (src/xlsx/read.ts): byte checks, the lying-zip check, then
 * exceljs, retried once with non-UTF-8 XML parts re-encoded.
 */
export async function loadWorkbook(data: ArrayBuffer | Uint8Array, fileName: string): Promise<LoadResult> {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  const refuse = (why: string): LoadResult => ({ ok: false, message: `无法打开“${fileName}”：${why}` });
  let sniffed: ReturnType<typeof sniff>;
  try {
    sniffed = sniff(bytes);
  } catch (e) {
    return refuse(`文件已损坏，无法解析（技术信息：${oneLine(e instanceof Error ? e.message : String(e))}）；请重新获取文件`);
  }
  if (!sniffed.ok) return refuse(sniffed.message);
  const entries = sniffed.entries;
  const liar = await findLyingEntry(bytes, entries).catch(() => null);
  if (liar) return refuse(`文件中的 ${liar.name} 实际解压后远大于文件声明的大小，可能是恶意构造的压缩文件，已拒绝读取`);

  let wb = await parse(bytes);
  if (typeof wb === 'string' || hasReplacementChars(wb)) {
    // UTF-16 parts make the parser fail, GBK ones come out as U+FFFD: re-encode and parse again.
    const reencoded = await reencodeXmlParts(bytes, entries).catch(() => null);
    const again = reencoded ? await parse(reencoded) : null;
    if (again && typeof again !== 'string') wb = again;
  }
  if (typeof wb === 'string') {
    return refuse(`文件已损坏，无法解析（技术信息：${wb}）；请在 Excel 中打开并另存为 .xlsx 后再试`);
  }
  try {
    const converted = workbookFromExcelJs(wb);
    if (converted.workbook.sheets.length === 0) return { ok: false, message: `“${fileName}”中没有工作表` };
    return { ok: true, ...converted };
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return { ok: false, message: `无法读取“${fileName}”的单元格（技术信息：${oneLine(detail)}）；请在 Excel 中打开并另存为 .xlsx 后再试` };
  }
}

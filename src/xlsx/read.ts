// Bytes of an .xlsx → WorkbookSnapshot, or a one-line Chinese reason why not. Shared by the CLI and
// the browser preview, so it must not import Node modules.
import ExcelJS from 'exceljs';
import type { WorkbookSnapshot } from '../engine';
import { sniff } from './sniff';
import { isEmptySnapshot, workbookToSnapshot } from './convert';

export type ReadErrorCode = 'corrupt' | 'legacy-xls' | 'encrypted' | 'empty' | 'too-large';

export type ReadResult =
  | { ok: true; snapshot: WorkbookSnapshot }
  | { ok: false; code: ReadErrorCode; message: string /* zh-CN, one line */ };

// Sheet parts the checker never looks at; skipping them makes exceljs parse faster. Hyperlinks are
// skipped too: the cell then reads as its display text, which is what the snapshot wants.
const IGNORED_NODES = [
  'dataValidations',
  'conditionalFormatting',
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

function toBytes(data: ArrayBuffer | Uint8Array): Uint8Array {
  return data instanceof Uint8Array ? data : new Uint8Array(data);
}

export async function readXlsx(data: ArrayBuffer | Uint8Array, fileName?: string): Promise<ReadResult> {
  const bytes = toBytes(data);
  const sniffed = sniff(bytes);
  if (!sniffed.ok) return sniffed;

  let workbook: ExcelJS.Workbook;
  try {
    workbook = new ExcelJS.Workbook();
    // exceljs types its input as its own Buffer alias; JSZip underneath accepts any Uint8Array.
    await workbook.xlsx.load(bytes as unknown as Parameters<ExcelJS.Xlsx['load']>[0], { ignoreNodes: IGNORED_NODES });
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      code: 'corrupt',
      message: `文件已损坏，无法解析（技术信息：${oneLine(detail)}）；请在 Excel 中打开并另存为 .xlsx 后再试`,
    };
  }

  let snapshot: WorkbookSnapshot;
  try {
    snapshot = workbookToSnapshot(workbook, fileName);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      code: 'corrupt',
      message: `文件内容异常，无法读取单元格（技术信息：${oneLine(detail)}）；请在 Excel 中打开并另存为 .xlsx 后再试`,
    };
  }
  if (snapshot.sheets.length === 0 || isEmptySnapshot(snapshot)) {
    return { ok: false, code: 'empty', message: '工作簿中没有任何数据' };
  }
  return { ok: true, snapshot };
}

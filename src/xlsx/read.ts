// Bytes of an .xlsx → WorkbookSnapshot, or a one-line Chinese reason why not. Shared by the CLI and
// the browser preview, so it must not import Node modules.
import ExcelJS from 'exceljs';
import type { WorkbookSnapshot } from '../engine';
import { sniff } from './sniff';
import { isEmptySnapshot, workbookToSnapshot } from './convert';
import { findLyingEntry, reencodeXmlParts } from './zip';
import { fastRead, type InflateRaw, type SheetProblem } from './fast';
import { censusForExceljs } from './census';

export type ReadErrorCode = 'corrupt' | 'legacy-xls' | 'encrypted' | 'empty' | 'too-large';

export type ReadResult =
  /** `problems`: sheets that could not be read (the others were); absent when none. */
  | { ok: true; snapshot: WorkbookSnapshot; problems?: SheetProblem[] }
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

/** Loads bytes with exceljs; the error message (one line) when it cannot. */
async function load(bytes: Uint8Array, ignoreNodes: string[]): Promise<ExcelJS.Workbook | string> {
  try {
    const workbook = new ExcelJS.Workbook();
    // exceljs types its input as its own Buffer alias; JSZip underneath accepts any Uint8Array.
    await workbook.xlsx.load(bytes as unknown as Parameters<ExcelJS.Xlsx['load']>[0], { ignoreNodes });
    return workbook;
  } catch (err) {
    return oneLine(err instanceof Error ? err.message : String(err));
  }
}

/** True when a sheet name or text cell holds U+FFFD: a part was decoded with the wrong encoding. */
function hasReplacementChars(snapshot: WorkbookSnapshot): boolean {
  for (const sheet of snapshot.sheets) {
    if (sheet.name.includes('\uFFFD')) return true;
    for (const row of sheet.values) for (const v of row) if (typeof v === 'string' && v.includes('\uFFFD')) return true;
  }
  return false;
}

export type OpenResult = { ok: true; workbook: ExcelJS.Workbook } | { ok: false; code: ReadErrorCode; message: string };

export interface OpenOptions {
  /** Parse conditional formats too (the preview keeps the user's own; the checker never reads them). */
  keepConditionalFormats?: boolean;
  /**
   * Says whether a parsed workbook came out garbled (U+FFFD from parts declared in GBK and the like);
   * then the parts are re-encoded to UTF-8 and parsed once more.
   */
  garbled?: (workbook: ExcelJS.Workbook) => boolean;
}

/**
 * Bytes → exceljs workbook, with every check the CLI and the preview share: sniffing (.xls, encrypted,
 * not a zip, declared zip bombs), entries that inflate past their declared size, and one retry with
 * non-UTF-8 XML parts re-encoded. Never throws.
 */
export async function openWorkbook(data: ArrayBuffer | Uint8Array, options: OpenOptions = {}): Promise<OpenResult> {
  const bytes = toBytes(data);
  let sniffed: ReturnType<typeof sniff>;
  try {
    sniffed = sniff(bytes);
  } catch (err) {
    // A directory record pointing outside the file: the archive is damaged.
    return { ok: false, code: 'corrupt', message: parserFailure(err instanceof Error ? err.message : String(err)) };
  }
  if (!sniffed.ok) return sniffed;
  const entries = sniffed.entries;

  // Sizes in the headers were checked by sniff; make sure the big entries do not hold more than
  // they say before JSZip inflates them whole into memory.
  const liar = await findLyingEntry(bytes, entries).catch(() => null);
  if (liar) {
    return {
      ok: false,
      code: 'too-large',
      message: `文件中的 ${liar.name} 实际解压后远大于文件声明的大小，可能是恶意构造的压缩文件，已拒绝读取`,
    };
  }

  // exceljs handles some inputs in quadratic time or memory (many merges, far addresses): refuse
  // those before it sees them.
  const tooBig = await censusForExceljs(bytes, entries).catch(() => null);
  if (tooBig) return { ok: false, code: TOO_LARGE.test(tooBig) ? 'too-large' : 'corrupt', message: tooBig };

  const ignore = options.keepConditionalFormats ? IGNORED_NODES.filter((n) => n !== 'conditionalFormatting') : IGNORED_NODES;
  let loaded = await load(bytes, ignore);
  let garbled = false;
  if (typeof loaded !== 'string') {
    try {
      garbled = options.garbled?.(loaded) ?? false;
    } catch {
      garbled = false;
    }
  }
  if (typeof loaded === 'string' || garbled) {
    // UTF-16 parts make the XML parser fail, GBK ones come out as U+FFFD: re-encode and parse again.
    const reencoded = await reencodeXmlParts(bytes, entries).catch(() => null);
    const again = reencoded ? await load(reencoded, ignore) : null;
    if (again && typeof again !== 'string') loaded = again;
  }
  if (typeof loaded === 'string') {
    // The parser refuses entities a DOCTYPE declares (expansion bombs, external files): say so in words.
    if (ENTITY_ERROR.test(loaded) && !/character entity/i.test(loaded)) {
      return {
        ok: false,
        code: 'corrupt',
        message: '文件中含有自定义的 XML 实体声明（Excel 不会写出这样的文件，可能被人改动过），已拒绝读取；请在 Excel 中打开并另存为 .xlsx 后再试',
      };
    }
    return { ok: false, code: 'corrupt', message: parserFailure(loaded) };
  }
  return { ok: true, workbook: loaded };
}

const ENTITY_ERROR = /\bentity\b/i;
const TOO_LARGE = /超出读取上限/;

/** What a parser's (English) failure means for the user, in Chinese; the English is never shown. */
export function parserFailure(detail: string): string {
  const what =
    /size mismatch|crc32|corrupted zip|invalid (distance|code|block|stored)|unexpected end|end of data|zip|inflate|deflate|compress/i.test(detail)
      ? '压缩数据已损坏'
      : /merge/i.test(detail)
        ? '合并单元格的记录有误'
        : /sheetNo|undefined|null|Cannot (read|set) propert/i.test(detail)
          ? '工作簿的目录与内容对不上'
          : /xml|tag|attribute|close|char|text data|unclosed|unexpected/i.test(detail)
            ? 'XML 结构有误'
            : '内容不符合 .xlsx 格式';
  return `文件已损坏，无法解析（${what}）；可能是下载或复制没有完成，或被其他程序改坏了。请在 Excel 或 WPS 中打开并另存为 .xlsx 后再试，打不开时请向报送单位重新索取文件`;
}

export interface ReadOptions {
  /** Synchronous raw-deflate for the direct reader (the CLI passes Node's zlib); web streams otherwise. */
  inflateRaw?: InflateRaw;
}

export async function readXlsx(data: ArrayBuffer | Uint8Array, fileName?: string, options: ReadOptions = {}): Promise<ReadResult> {
  // Well-formed files take the direct reader (same snapshot, a fraction of the time); anything it is
  // not sure about, and every damaged or hostile file, goes through exceljs and its checks below.
  const bytes = toBytes(data);
  let sniffed: ReturnType<typeof sniff> | null = null;
  try {
    sniffed = sniff(bytes);
  } catch {
    sniffed = null;
  }
  if (sniffed?.ok) {
    const fast = await fastRead(bytes, sniffed.entries, fileName, options.inflateRaw);
    if (fast && !fast.ok) return { ok: false, code: TOO_LARGE.test(fast.message) ? 'too-large' : 'corrupt', message: fast.message };
    if (fast) {
      if (isEmptySnapshot(fast.snapshot) && fast.problems.length === 0) return { ok: false, code: 'empty', message: '工作簿中没有任何数据' };
      return fast.problems.length ? { ok: true, snapshot: fast.snapshot, problems: fast.problems } : { ok: true, snapshot: fast.snapshot };
    }
  }
  return readWithExceljs(bytes, fileName);
}

export async function readWithExceljs(data: Uint8Array, fileName?: string): Promise<ReadResult> {
  // The garble test needs the snapshot anyway: keep the one it made when the first parse is kept.
  let made: { from: ExcelJS.Workbook; snapshot: WorkbookSnapshot } | null = null;
  const opened = await openWorkbook(data, {
    garbled: (wb) => {
      made = { from: wb, snapshot: workbookToSnapshot(wb, fileName) };
      return hasReplacementChars(made.snapshot);
    },
  });
  if (!opened.ok) return opened;
  let snapshot: WorkbookSnapshot;
  try {
    const kept = made as { from: ExcelJS.Workbook; snapshot: WorkbookSnapshot } | null;
    snapshot = kept && kept.from === opened.workbook ? kept.snapshot : workbookToSnapshot(opened.workbook, fileName);
  } catch (err) {
    return { ok: false, code: 'corrupt', message: parserFailure(err instanceof Error ? err.message : String(err)) };
  }
  if (snapshot.sheets.length === 0 || isEmptySnapshot(snapshot)) {
    return { ok: false, code: 'empty', message: '工作簿中没有任何数据' };
  }
  return { ok: true, snapshot };
}

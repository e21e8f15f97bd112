// Builders for hostile and extreme inputs: a million-cell workbook written with exceljs' streaming
// writer, 255 sheets, unusual sheet names, hand-made zips (non-UTF-8 XML, inflation bombs, lying
// sizes) and OLE containers. Everything is generated at test time into os.tmpdir(); nothing is
// committed. The xlsx parts are written by hand where exceljs cannot produce the case.
import ExcelJS from 'exceljs';
import { createWriteStream } from 'node:fs';
import * as zlib from 'node:zlib';
import { constants as zlibConstants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { readZipDirectory } from '../../src/xlsx/sniff';
import { crc32 as tableCrc32, entryBody } from '../../src/xlsx/zip';
import type { SheetSnapshot } from '../../src/engine/types';
import { buildForm, sheetOf, validProjectSpec } from '../support/build-form';
import { snapshotToXlsx } from '../support/write-xlsx';

/**
 * A workbook with a project form on sheet 自评表 (execution score entered wrong: exit 1 material)
 * and rows × cols used cells (1,000,000 by default) on sheet 明细, streamed to disk so neither the
 * test process nor the file gets big: numbers and short inline strings, no shared strings.
 */
export async function writeMillionCellWorkbook(file: string, rows = 100_000, cols = 10): Promise<void> {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: createWriteStream(file),
    useSharedStrings: false,
    useStyles: true,
  });
  const form = wrongScoreSheet('自评表');
  const fs = writer.addWorksheet(form.name);
  // Merges first: the streaming writer cannot reach rows already committed.
  for (const m of form.merges ?? []) fs.mergeCells(m.top + 1, m.left + 1, m.bottom + 1, m.right + 1);
  form.values.forEach((row, r) => {
    const out = fs.getRow(r + 1);
    row.forEach((v, c) => {
      if (v === '' || v === null) return;
      const cell = out.getCell(c + 1);
      cell.value = v;
      const f = form.numberFormats?.[r]?.[c];
      if (f && f !== 'General') cell.numFmt = f;
    });
    out.commit();
  });
  fs.commit();
  const ws = writer.addWorksheet('明细');
  const header: string[] = [];
  for (let c = 0; c < cols; c++) header.push(`列${c + 1}`);
  ws.addRow(header).commit();
  for (let r = 1; r < rows; r++) {
    const row: (number | string)[] = new Array(cols);
    for (let c = 0; c < cols; c++) row[c] = c % 3 === 0 ? `第${r}行` : r * cols + c;
    ws.addRow(row).commit();
  }
  ws.commit();
  await writer.commit();
}

/** A project form whose 执行率得分 is entered as 9.00 while 95/100 gives 9.50: one error finding. */
export function wrongScoreSheet(name: string): SheetSnapshot {
  const spec = validProjectSpec({ name: `项目${name}` });
  spec.budget!.score = 9;
  spec.total = { weight: 100, score: 99 };
  return sheetOf(name, buildForm(spec));
}

/** A correct project form (exit 0 material) on a sheet of the given name. */
export function projectSheet(name: string): SheetSnapshot {
  return sheetOf(name, buildForm(validProjectSpec({ name: `项目${name}` })));
}

/** 255 sheets, each holding one project form (a department with one form per project). */
export async function build255Sheets(wrong = 200): Promise<Buffer> {
  const sheets: SheetSnapshot[] = [];
  for (let i = 1; i <= 255; i++) sheets.push(i === wrong ? wrongScoreSheet(`项目${i}`) : projectSheet(`项目${i}`));
  return snapshotToXlsx(sheets);
}

/**
 * Sheet names Excel accepts but that trip naive code: emoji (astral plane), right-to-left text,
 * combining marks, quotes, spaces, full-width punctuation, 31 characters (Excel's maximum), a name
 * that looks like a cell address or a formula. Lone surrogates cannot be stored in xlsx.
 */
export const UNUSUAL_SHEET_NAMES = [
  '📊绩效👍🏽自评',
  'تقييم الأداء',
  'הערכה עצמית',
  'e\u0301\u0302 组合字符',
  "张三's 表",
  '  前后空格  ',
  '（全角）！＠＃％',
  'A1',
  '=SUM(A1)',
  '一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一',
];

/** One correct form per unusual name, except the first sheet, whose score is wrong. */
export async function buildUnusualNames(): Promise<Buffer> {
  return snapshotToXlsx(UNUSUAL_SHEET_NAMES.map((n, i) => (i === 0 ? wrongScoreSheet(n) : projectSheet(n))));
}

// ---------------------------------------------------------------------------------------------
// Hand-made zips

/** CRC-32 continuing from `prev`; zlib's native one when this Node has it (20.15+). */
function crc32(data: Uint8Array, prev = 0): number {
  const native = (zlib as { crc32?: (d: Uint8Array, v?: number) => number }).crc32;
  return native ? native(data, prev) : tableCrc32(data, prev);
}

export interface RawEntry {
  name: string;
  data: Uint8Array | string;
  /** Deflate the entry (default true). */
  deflate?: boolean;
  /** Already-deflated body with its CRC and the uncompressed size to declare (may be a lie). */
  raw?: { body: Buffer; crc: number; size: number };
}

/** A zip with deflated (or stored) entries; optionally lying about uncompressed sizes. */
export function zipOf(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const raw = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : Buffer.from(e.data);
    const deflate = e.raw !== undefined || e.deflate !== false;
    const body = e.raw?.body ?? (deflate ? deflateRawSync(raw, { level: 9 }) : raw);
    const name = Buffer.from(e.name, 'utf8');
    const crc = e.raw?.crc ?? crc32(raw);
    const size = e.raw?.size ?? raw.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;

/** GBK bytes of "项目自评表" (what the encoder below must produce). */
export const GBK_SHEET_NAME = Uint8Array.from([0xcf, 0xee, 0xc4, 0xbf, 0xd7, 0xd4, 0xc6, 0xc0, 0xb1, 0xed]);

let gbkTable: Map<number, number> | undefined;

/** GBK encoder built by inverting the platform's GBK decoder over every double-byte code. */
export function encodeGbk(text: string): Uint8Array {
  if (!gbkTable) {
    const table = new Map<number, number>();
    const decoder = new TextDecoder('gbk', { fatal: true });
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        try {
          const ch = decoder.decode(Uint8Array.of(lead, trail));
          if (ch.length === 1 && !table.has(ch.charCodeAt(0))) table.set(ch.charCodeAt(0), (lead << 8) | trail);
        } catch {
          // unassigned code
        }
      }
    }
    gbkTable = table;
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) {
      out.push(code);
      continue;
    }
    const two = gbkTable.get(code);
    if (two === undefined) throw new Error(`not encodable in GBK: ${ch}`);
    out.push(two >> 8, two & 0xff);
  }
  return Uint8Array.from(out);
}

const XML_PART = /^xl\/(workbook|sharedStrings|styles)\.xml$|^xl\/worksheets\/sheet\d+\.xml$/;

/**
 * The exceljs workbook of these sheets with its workbook, shared-strings, styles and sheet parts
 * rewritten in another encoding: GBK (declared in the XML declaration; not allowed by OPC, written
 * by some exporters) or UTF-16LE with a byte order mark (allowed by OPC).
 */
export async function reencodedWorkbook(sheets: SheetSnapshot[], encoding: 'gbk' | 'utf-16le'): Promise<Buffer> {
  const utf8 = new Uint8Array(await snapshotToXlsx(sheets));
  const entries = readZipDirectory(utf8);
  if (!entries) throw new Error('exceljs wrote an unreadable zip');
  return zipOf(
    entries.map((e) => {
      const body = entryBody(utf8, e)!;
      const data = e.method === 8 ? inflateRawSync(body) : Buffer.from(body);
      if (!XML_PART.test(e.name)) return { name: e.name, data };
      const xml = data.toString('utf8');
      if (encoding === 'gbk') return { name: e.name, data: encodeGbk(xml.replace(/encoding="UTF-8"/, 'encoding="GBK"')) };
      const text = `\uFEFF${xml.replace(/encoding="UTF-8"/, 'encoding="UTF-16"')}`;
      return { name: e.name, data: Buffer.from(text, 'utf16le') };
    }),
  );
}

/** A one-sheet workbook with the sheet part given verbatim (for XML-level attacks). */
export function workbookWithSheetXml(sheetXml: string): Buffer {
  const workbookXml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>';
  return zipOf([
    { name: '[Content_Types].xml', data: CONTENT_TYPES },
    { name: '_rels/.rels', data: ROOT_RELS },
    { name: 'xl/workbook.xml', data: workbookXml },
    { name: 'xl/_rels/workbook.xml.rels', data: WORKBOOK_RELS },
    { name: 'xl/worksheets/sheet1.xml', data: sheetXml },
  ]);
}

const SHEET_OPEN = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">';
const SHEET_CLOSE = '</row></sheetData></worksheet>';

/** "Billion laughs": nested internal entities that would expand to ~3 GB if a parser expanded them. */
export function entityExpansionXml(): string {
  let dtd = '<!ENTITY lol0 "lollollollollollollollollollol">';
  for (let i = 1; i <= 9; i++) dtd += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE worksheet [${dtd}]>${SHEET_OPEN}<c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c>${SHEET_CLOSE}`;
}

/** An external entity pointing at a local file (XXE): its content must never show up anywhere. */
export function externalEntityXml(path: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file://${path}">]>${SHEET_OPEN}<c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c><c r="B1" t="inlineStr"><is><t>项目支出绩效自评表</t></is></c>${SHEET_CLOSE}`;
}

/**
 * A workbook whose sheet part inflates to `megabytes` MB of XML whitespace while both zip headers
 * honestly declare the size (a classic inflation bomb: tiny on disk, ~1000:1).
 */
export function buildDeclaredBomb(megabytes = 600): Buffer {
  return bombWith(megabytes, false);
}

/** The same bomb, but the headers lie: they declare the sheet part as 2 KB. */
export function buildLyingBomb(megabytes = 600): Buffer {
  return bombWith(megabytes, true);
}

function bombWith(megabytes: number, lie: boolean): Buffer {
  const head = Buffer.from('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>');
  const tail = Buffer.from('</sheetData></worksheet>');
  // One deflated megabyte of spaces, ended by a sync flush (a non-final block on a byte boundary),
  // repeated: a valid deflate stream for `megabytes` MB built in milliseconds, not by deflating it.
  const mb = Buffer.alloc(1024 * 1024, 0x20);
  const sync = { finishFlush: zlibConstants.Z_SYNC_FLUSH };
  const parts: Buffer[] = [deflateRawSync(head, sync)];
  const block = deflateRawSync(mb, sync);
  let crc = crc32(head);
  for (let i = 0; i < megabytes; i++) {
    parts.push(block);
    crc = crc32(mb, crc);
  }
  parts.push(deflateRawSync(tail));
  crc = crc32(tail, crc);
  const size = head.length + megabytes * mb.length + tail.length;
  const workbookXml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>';
  return zipOf([
    { name: '[Content_Types].xml', data: CONTENT_TYPES },
    { name: '_rels/.rels', data: ROOT_RELS },
    { name: 'xl/workbook.xml', data: workbookXml },
    { name: 'xl/_rels/workbook.xml.rels', data: WORKBOOK_RELS },
    { name: 'xl/worksheets/sheet1.xml', data: new Uint8Array(0), raw: { body: Buffer.concat(parts), crc, size: lie ? 2048 : size } },
  ]);
}

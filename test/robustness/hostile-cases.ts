// Hand-made packages for issue 15's numbered cases and the structure-aware fuzzer: raw SpreadsheetML
// written here (not by exceljs) so addresses, merges, prefixes and missing parts are whatever the
// test asks for.
import { zipOf, type RawEntry } from './hostile-files';

export const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

export interface RawSheet {
  name: string;
  /** What goes inside <worksheet> (sheetData, mergeCells…); null: the part is missing from the package. */
  body: string | null;
}

export interface RawBookOptions {
  strings?: string[];
  /** Inner XML of <styleSheet> (numFmts, cellXfs). */
  styles?: string;
  /** Write every SpreadsheetML / relationships element with a prefix, as OpenXML SDK exporters do. */
  prefix?: boolean;
  deflate?: boolean;
  /** Sheet names are written as given (may hold character references); else escaped. */
  rawNames?: boolean;
  /** Leave the sharedStrings part out even though cells may refer to it. */
  dropStrings?: boolean;
}

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function prefixed(xml: string, ns: string, p: string): string {
  return xml
    .replace(` xmlns="${ns}"`, ` xmlns:${p}="${ns}"`)
    .replace(/<(\/?)([A-Za-z_][\w.-]*)(?=[\s/>])/g, (_m, slash: string, name: string) => `<${slash}${p}:${name}`);
}

export function rawBook(sheets: RawSheet[], opts: RawBookOptions = {}): Buffer {
  const main = (x: string) => (opts.prefix ? prefixed(x, NS, 'x') : x);
  const rels = (x: string) => (opts.prefix ? prefixed(x, PKG_NS, 'pr') : x);
  const deflate = opts.deflate ?? true;
  const entries: RawEntry[] = [];
  const overrides = sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('');
  entries.push({
    name: '[Content_Types].xml',
    data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${overrides}</Types>`,
    deflate,
  });
  entries.push({ name: '_rels/.rels', data: rels(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`), deflate });
  const sheetTags = sheets.map((s, i) => `<sheet name="${opts.rawNames ? s.name : esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  entries.push({ name: 'xl/workbook.xml', data: main(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${REL_NS}"><sheets>${sheetTags}</sheets></workbook>`), deflate });
  let relsXml = sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('');
  const n = sheets.length;
  if (opts.strings) relsXml += `<Relationship Id="rId${n + 1}" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>`;
  if (opts.styles) relsXml += `<Relationship Id="rId${n + 2}" Type="${REL_NS}/styles" Target="styles.xml"/>`;
  entries.push({ name: 'xl/_rels/workbook.xml.rels', data: rels(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_NS}">${relsXml}</Relationships>`), deflate });
  sheets.forEach((s, i) => {
    if (s.body === null) return;
    entries.push({ name: `xl/worksheets/sheet${i + 1}.xml`, data: main(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}" xmlns:r="${REL_NS}">${s.body}</worksheet>`), deflate });
  });
  if (opts.strings && !opts.dropStrings) {
    const items = opts.strings.map((t) => `<si><t xml:space="preserve">${t}</t></si>`).join('');
    entries.push({ name: 'xl/sharedStrings.xml', data: main(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}" count="${opts.strings.length}" uniqueCount="${opts.strings.length}">${items}</sst>`), deflate });
  }
  if (opts.styles) entries.push({ name: 'xl/styles.xml', data: main(`<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${NS}">${opts.styles}</styleSheet>`), deflate });
  return zipOf(entries);
}

export function colLetters(col: number): string {
  let s = '';
  let n = col + 1;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Inline-string or number cell XML at 0-based (row, col). */
export function cellXml(row: number, col: number, v: string | number, withR = true): string {
  const r = withR ? ` r="${colLetters(col)}${row + 1}"` : '';
  return typeof v === 'number' ? `<c${r}><v>${v}</v></c>` : `<c${r} t="inlineStr"><is><t xml:space="preserve">${esc(v)}</t></is></c>`;
}

// ---- issue 15's numbered cases ---------------------------------------------------------------------

/** 1: one value in column XFD on each of `rows` rows (~160 KB for 20,000). */
export function xfdOnEveryRow(rows = 20_000): Buffer {
  let data = '';
  for (let r = 0; r < rows; r++) data += `<row r="${r + 1}">${cellXml(r, 16_383, 1)}</row>`;
  return rawBook([{ name: '明细', body: `<dimension ref="A1:XFD${rows}"/><sheetData>${data}</sheetData>` }]);
}

/** 1: one value at row 1,048,576 on each of `sheets` sheets (~30 KB for 60). */
export function lastRowOnEverySheet(sheets = 60): Buffer {
  return rawBook(Array.from({ length: sheets }, (_, i) => ({ name: `表${i + 1}`, body: `<sheetData><row r="1048576">${cellXml(1_048_575, 0, i)}</row></sheetData>` })));
}

/** 1: a row number past Excel's limit. */
export function rowPastLimit(): Buffer {
  return rawBook([{ name: '越界', body: `<sheetData><row r="9999999"><c r="A9999999"><v>1</v></c></row></sheetData>` }]);
}

/** 1: a column past XFD. */
export function columnPastLimit(): Buffer {
  return rawBook([{ name: '越界列', body: `<sheetData><row r="1"><c r="XFE1"><v>1</v></c></row></sheetData>` }]);
}

function tinyMerges(count: number, startRow = 2): string {
  let merges = '';
  for (let i = 0; i < count; i++) {
    const r = startRow + i;
    merges += `<mergeCell ref="A${r}:B${r}"/>`;
  }
  return `<mergeCells count="${count}">${merges}</mergeCells>`;
}

/** 3: `count` merges plus one ISO-date cell (which once sent the file to the exceljs path). */
export function mergesWithIsoDate(count = 20_000): Buffer {
  return rawBook([{ name: '合并', body: `<sheetData><row r="1"><c r="A1" t="d"><v>2024-12-31T00:00:00Z</v></c>${cellXml(0, 1, '标题')}</row></sheetData>${tinyMerges(count)}` }]);
}

/** 3: `count` merges. */
export function manyMerges(count = 100_000): Buffer {
  return rawBook([{ name: '合并', body: `<sheetData><row r="1">${cellXml(0, 0, '标题')}</row><row r="${count + 1}">${cellXml(count, 0, '末行')}</row></sheetData>${tinyMerges(count)}` }]);
}

/** 3: one merge over the whole sheet. */
export function wholeSheetMerge(): Buffer {
  return rawBook([{ name: '整表合并', body: `<sheetData><row r="1">${cellXml(0, 0, '标题')}${cellXml(0, 3, '被合并')}</row><row r="40">${cellXml(39, 2, 9)}</row></sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>` }]);
}

/** 3: overlapping merges (Excel never writes them). */
export function overlappingMerges(): Buffer {
  return rawBook([{ name: '重叠', body: `<sheetData><row r="1">${cellXml(0, 0, 'x')}</row></sheetData><mergeCells count="2"><mergeCell ref="A1:C3"/><mergeCell ref="B2:D4"/></mergeCells>` }]);
}

/** The control sequences of case 4, as a cell might carry them. */
export const FORGED = '\u001b[2K\r已核对，无问题\u001b]52;c;ZXZpbA==\u0007\u009b31m';

/**
 * 4: a project form whose project name carries terminal control sequences as character references
 * (erase line, carriage return, a fake "已核对，无问题", OSC 52 clipboard write, C1 CSI), whose unit is
 * a shared string with Excel's _x001B_ escapes, on a sheet whose name holds C1/ESC/BEL.
 * `formBody` is snapshotBody() of a form with project name "项目x" and unit "示例单位".
 */
export function controlSequences(formBody: string): Buffer {
  const strings = ['_x001B_[1A_x001B_[2K_x000D_已核对，无问题_x001B_]52;c;ZXZpbA==_x0007_'];
  const body = formBody
    .replace('<t xml:space="preserve">项目x</t>', '<t xml:space="preserve">&#27;[2K&#13;已核对，无问题&#27;]52;c;ZXZpbA==&#7;&#x9B;8m</t>')
    .replace(/<c r="([A-Z]+\d+)" t="inlineStr"><is><t xml:space="preserve">示例单位<\/t><\/is><\/c>/, '<c r="$1" t="s"><v>0</v></c>');
  return rawBook([{ name: '&#x9B;2K&#27;M表&#7;', body }], { strings, rawNames: true });
}

/** 5: a sheet whose part is missing from the package (the other holds `other`). */
export function missingSheetPart(otherBody: string): Buffer {
  return rawBook([{ name: '自评表', body: otherBody }, { name: '附表', body: null }]);
}

/** A snapshot sheet as raw worksheet XML (numbers and inline strings, merges). */
export function snapshotBody(sheet: { values: (string | number | boolean | null)[][]; merges?: { top: number; left: number; bottom: number; right: number }[] }, withR = true): string {
  let data = '';
  sheet.values.forEach((row, r) => {
    let cells = '';
    let last = -1;
    row.forEach((v, c) => {
      if (v === null || v === '' || typeof v === 'boolean') return;
      // A cell may leave r out only when it directly follows the previous one.
      cells += cellXml(r, c, v, withR || c !== last + 1 ? true : false);
      last = c;
    });
    if (cells) data += `<row r="${r + 1}">${cells}</row>`;
  });
  const merges = (sheet.merges ?? []).map((m) => `<mergeCell ref="${colLetters(m.left)}${m.top + 1}:${colLetters(m.right)}${m.bottom + 1}"/>`).join('');
  return `<sheetData>${data}</sheetData>${merges ? `<mergeCells count="${sheet.merges!.length}">${merges}</mergeCells>` : ''}`;
}

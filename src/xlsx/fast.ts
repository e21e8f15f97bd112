// A direct reader for well-formed .xlsx files: zip entries → WorkbookSnapshot without building
// exceljs's object model (which costs several times the checking itself on a big workbook).
//
// It produces exactly the snapshot the exceljs path (read.ts + convert.ts) produces, including that
// path's conventions (exceljs's built-in number-format spellings, its date round trip, merged
// non-anchor cells dropped, shared formulas slid from their master). Anything it does not fully
// understand — prefixed XML, another encoding, a date-typed cell, overlapping merges, a missing part —
// makes it return null, and the caller falls back to the exceljs path with all its checks and
// messages. test/xlsx/fast.test.ts compares both readers on every fixture.
// Web APIs only: this also runs in the browser.
import type { CellRange, CellValue, SheetSnapshot, WorkbookSnapshot } from '../engine';
import { colName, rangeA1 } from '../engine/grid';
import { addressProblem, MAX_BOOK_SLOTS, SheetBudget } from '../engine/limits';
import type { ZipEntry } from './sniff';
import { entryBody, inflateCapped } from './zip';
import { dateToSerial } from './convert';
import { cellRef, unprefix } from './spreadsheetml';

/** Inflates raw deflate data; null when it holds more than `cap` bytes. May throw on damaged data. */
export type InflateRaw = (body: Uint8Array, cap: number) => Uint8Array | null | Promise<Uint8Array | null>;

const webInflate: InflateRaw = async (body, cap) => {
  const r = await inflateCapped(body, cap, true);
  return r.exceeded ? null : r.data;
};

/** Signals "not for this reader": the caller uses the exceljs path. Never escapes fastSnapshot. */
class Unsupported extends Error {}

function unsupported(why: string): never {
  throw new Unsupported(why);
}

/** The file is malformed or past a limit: refused with this (Chinese, one line) message. */
class Refused extends Error {}

/** A problem with one sheet that does not stop the others from being checked. */
export interface SheetProblem {
  sheet: string;
  message: string;
}

export type FastResult =
  | { ok: true; snapshot: WorkbookSnapshot; problems: SheetProblem[] }
  | { ok: false; message: string };

// ---- XML text ----------------------------------------------------------------------------------

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);|&/g;

/** Decodes the five XML entities and character references; anything else (a DTD-declared entity, a
 * bare "&") is not well-formed for us, and the exceljs path decides what to make of it. */
function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(ENTITY, (m, e: string | undefined) => {
    switch (e) {
      case undefined: return unsupported('bare &');
      case 'lt': return '<';
      case 'gt': return '>';
      case 'amp': return '&';
      case 'quot': return '"';
      case 'apos': return "'";
      default: {
        const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : unsupported(`character reference ${m}`);
      }
    }
  });
}

/** Element text as an XML parser reports it: line ends normalised, entities decoded. */
function xmlText(s: string): string {
  if (s.indexOf('\r') >= 0) s = s.replace(/\r\n?/g, '\n');
  if (s.indexOf('<') >= 0) {
    // CDATA is legal but no spreadsheet writer uses it in cells; anything else here is markup we do not model.
    unsupported('markup inside text');
  }
  return decodeEntities(s);
}

const ATTR = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** Attributes of a start tag (name → decoded value), with XML attribute-value normalisation. */
function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  ATTR.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ATTR.exec(tag)) !== null) {
    const raw = m[2] ?? m[3] ?? '';
    out[m[1]!] = decodeEntities(raw.replace(/\r\n|[\t\n\r]/g, ' '));
  }
  return out;
}

/** exceljs decodes the text of "str" values a second time (utils.xmlDecode); mirrored for equality. */
function xmlDecodeAgain(s: string): string {
  return s.replace(/&([a-z]*);/g, (c) => {
    switch (c) {
      case '&lt;': return '<';
      case '&gt;': return '>';
      case '&amp;': return '&';
      case '&apos;': return "'";
      case '&quot;': return '"';
      default: return c;
    }
  });
}

/** "_x000D_" escapes in shared strings, decoded as exceljs does (upper-case hex only). */
function decodeEscapes(s: string): string {
  return s.indexOf('_x') < 0 ? s : s.replace(/_x([0-9A-F]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

const TEXT_RUN = /<t(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/t>)/g;

/** Concatenated <t> texts of a string item, phonetic runs (<rPh>) excluded. */
function runsText(xml: string, decode: (s: string) => string): string {
  const body = xml.indexOf('<rPh') >= 0 ? xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '') : xml;
  let s = '';
  TEXT_RUN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TEXT_RUN.exec(body)) !== null) s += decode(xmlText(m[1] ?? ''));
  return s;
}

// ---- parts ---------------------------------------------------------------------------------------

interface Parts {
  text(name: string): Promise<string | null>;
}

function openParts(bytes: Uint8Array, entries: readonly ZipEntry[], inflate: InflateRaw): Parts {
  const byName = new Map<string, ZipEntry>();
  for (const e of entries) byName.set(e.name.replace(/^\/+/, '').toLowerCase(), e);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return {
    async text(name) {
      const e = byName.get(name.replace(/^\/+/, '').toLowerCase());
      if (!e) return null;
      const body = entryBody(bytes, e);
      if (!body) unsupported(`entry ${e.name} out of place`);
      let data: Uint8Array | null;
      if (e.method === 0) data = body.length === e.uncompressedSize ? body : null;
      else if (e.method === 8) data = await inflate(body, e.uncompressedSize);
      else data = null;
      // More than declared, or an unknown method: the exceljs path has the checks and the messages.
      if (!data) unsupported(`entry ${e.name} not readable as declared`);
      if (data.length >= 2 && ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff))) unsupported('UTF-16 part');
      const text = decoder.decode(data); // throws on bytes that are not UTF-8
      // Document type declarations (entity tricks) are the exceljs path's to refuse.
      if (text.indexOf('<!') >= 0 && /<!(DOCTYPE|ENTITY)/i.test(text)) unsupported('DTD');
      const decl = /^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/.exec(text);
      if (decl && !/^utf-?8$/i.test(decl[1]!)) unsupported(`part declared ${decl[1]}`);
      return unprefix(text);
    },
  };
}

function relationships(xml: string): Map<string, { type: string; target: string; external: boolean }> {
  const out = new Map<string, { type: string; target: string; external: boolean }>();
  for (const m of xml.matchAll(/<Relationship\b([^>]*)>/g)) {
    const a = attributes(m[1]!);
    if (a.Id && a.Target !== undefined) out.set(a.Id, { type: a.Type ?? '', target: a.Target, external: a.TargetMode === 'External' });
  }
  return out;
}

/** Resolves a relationship target against the folder of the part that holds it. */
function resolvePart(fromPart: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = fromPart.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

// ---- styles --------------------------------------------------------------------------------------

// Built-in number formats (ECMA-376 §18.8.30) spelled as exceljs reports them, so both readers give
// the same format text; ids exceljs leaves undefined read as General there, and here.
const BUILTIN_FORMATS: Record<number, string> = {
  0: 'General', 1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00', 9: '0%', 10: '0.00%', 11: '0.00E+00', 12: '# ?/?',
  13: '# ??/??', 14: 'mm-dd-yy', 15: 'd-mmm-yy', 16: 'd-mmm', 17: 'mmm-yy', 18: 'h:mm AM/PM', 19: 'h:mm:ss AM/PM',
  20: 'h:mm', 21: 'h:mm:ss', 22: 'm/d/yy "h":mm', 37: '#,##0 ;(#,##0)', 38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00 ;(#,##0.00)', 40: '#,##0.00 ;[Red](#,##0.00)', 45: 'mm:ss', 46: '[h]:mm:ss', 47: 'mmss.0',
  48: '##0.0E+0', 49: '@',
};

/** Number format of each cell style index (undefined = General). */
function cellFormats(xml: string | null): (string | undefined)[] {
  if (!xml) return [];
  const custom = new Map<number, string>();
  const numFmts = /<numFmts\b[^>]*>([\s\S]*?)<\/numFmts>/.exec(xml);
  if (numFmts) {
    for (const m of numFmts[1]!.matchAll(/<numFmt\b([^>]*)>/g)) {
      const a = attributes(m[1]!);
      if (a.numFmtId !== undefined && a.formatCode !== undefined) custom.set(Number(a.numFmtId), a.formatCode.replace(/[\\](.)/g, '$1'));
    }
  }
  const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml);
  const out: (string | undefined)[] = [];
  if (!xfs) return out;
  for (const m of xfs[1]!.matchAll(/<xf\b([^>]*)>/g)) {
    const id = Number(attributes(m[1]!).numFmtId ?? 0);
    out.push(id ? custom.get(id) ?? BUILTIN_FORMATS[id] : undefined);
  }
  return out;
}

/** exceljs's test for a date format: date letters outside quotes and brackets. */
function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  return /[ymdhMsb]+/.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

const MS_PER_DAY = 86_400_000;

/** A serial in a date-formatted cell, after the round trip the exceljs path makes (via a Date, to the ms). */
function dateRoundTrip(serial: number, date1904: boolean): CellValue {
  const ms = Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000);
  const t = new Date(ms).getTime();
  if (!Number.isFinite(t)) return '';
  return Math.round((t / MS_PER_DAY + 25569 - (date1904 ? 1462 : 0)) * MS_PER_DAY) / MS_PER_DAY;
}

// ---- shared formulas ---------------------------------------------------------------------------

const REF_CANDIDATE = /(([a-z_\-0-9]*)!)?([a-z0-9_$]{2,})([(])?/gi;
const CELL_REF = /^([$])?([a-z]+)([$])?([1-9][0-9]*)$/i;

function colNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n;
}

/** A shared formula as seen from another cell: relative references move by the offset (as exceljs does). */
function slide(formula: string, dRow: number, dCol: number): string {
  return formula.replace(REF_CANDIDATE, (whole, sheet: string | undefined, _name, addr: string, paren: string | undefined) => {
    if (paren) return whole;
    const m = CELL_REF.exec(addr);
    if (!m) return whole;
    const col = m[2]!.toUpperCase();
    if (col.length > 3 || (col.length === 3 && col > 'XFD')) return whole;
    const c = colNumber(col) + (m[1] ? 0 : dCol);
    const r = parseInt(m[4]!, 10) + (m[3] ? 0 : dRow);
    return (sheet || '') + (m[1] || '') + colName(c - 1) + (m[3] || '') + r;
  });
}

// ---- worksheets --------------------------------------------------------------------------------

const ROW = /<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g;
const CELL = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
const FORMULA = /<f\b([^>]*?)(?:\/>|>([\s\S]*?)<\/f>)/;
const VALUE = /<v(?:\s[^>]*)?>([\s\S]*?)<\/v>/;
const INLINE = /<is(?:\s[^>]*)?>([\s\S]*?)<\/is>/;
const CELL_ATTR = /(?:^|\s)(r|s|t)\s*=\s*["']([^"']*)["']/g;
const ROW_NUMBER = /(?:^|\s)r\s*=\s*["']([^"']*)["']/;

function rangeRef(ref: string): CellRange | null {
  const [a, b, extra] = ref.split(':');
  if (extra !== undefined) return null;
  const tl = a ? cellRef(a) : null;
  const br = b ? cellRef(b) : tl;
  if (!tl || !br) return null;
  return { top: Math.min(tl.row, br.row), left: Math.min(tl.col, br.col), bottom: Math.max(tl.row, br.row), right: Math.max(tl.col, br.col) };
}

interface Cell {
  row: number;
  col: number;
  value: CellValue;
  format: string;
  formula: string | null;
}

/** Min-heap of merges by bottom row, for the sweep below. */
class ByBottom {
  private readonly a: CellRange[] = [];
  get size(): number {
    return this.a.length;
  }
  peek(): CellRange | undefined {
    return this.a[0];
  }
  push(m: CellRange): void {
    const a = this.a;
    a.push(m);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]!.bottom <= a[i]!.bottom) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  pop(): CellRange | undefined {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]!.bottom < a[m]!.bottom) m = l;
        if (r < a.length && a[r]!.bottom < a[m]!.bottom) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

/** Index of the first area in `active` (sorted by left) whose left is greater than col. */
function upperBound(active: CellRange[], col: number): number {
  let lo = 0;
  let hi = active.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (active[mid]!.left <= col) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Drops the stored cells that merged areas cover (non-anchor cells read "" whatever the file
 * stores) and refuses overlapping areas, in one sweep down the rows: O((merges + cells) · log)
 * and no memory per merged cell, so one area over the whole sheet costs what a small one does.
 */
function dropCovered(sheet: string, cells: Cell[], merges: CellRange[]): Cell[] {
  const byTop = merges.slice().sort((a, b) => a.top - b.top || a.left - b.left);
  const order = cells.slice().sort((a, b) => a.row - b.row || a.col - b.col);
  const active: CellRange[] = []; // disjoint, sorted by left
  const expiring = new ByBottom();
  const kept: Cell[] = [];
  let mi = 0;
  let ci = 0;
  while (mi < byTop.length || ci < order.length) {
    const row = Math.min(mi < byTop.length ? byTop[mi]!.top : Infinity, ci < order.length ? order[ci]!.row : Infinity);
    while (expiring.size && expiring.peek()!.bottom < row) {
      const done = expiring.pop()!;
      const at = upperBound(active, done.left) - 1;
      if (at >= 0 && active[at] === done) active.splice(at, 1);
    }
    while (mi < byTop.length && byTop[mi]!.top === row) {
      const m = byTop[mi++]!;
      const at = upperBound(active, m.left);
      const before = active[at - 1];
      const after = active[at];
      const clash = before && before.right >= m.left ? before : after && after.left <= m.right ? after : undefined;
      if (clash) {
        throw new Refused(
          `工作表“${sheet}”中的合并单元格 ${rangeA1(clash)} 与 ${rangeA1(m)} 相互重叠（Excel 不会保存这样的文件，可能被其他程序改坏了），已拒绝读取；请在 Excel 或 WPS 中打开并另存为 .xlsx 后再检查`,
        );
      }
      active.splice(at, 0, m);
      expiring.push(m);
    }
    while (ci < order.length && order[ci]!.row === row) {
      const c = order[ci++]!;
      const m = active[upperBound(active, c.col) - 1];
      if (m && c.col <= m.right && (c.row !== m.top || c.col !== m.left)) continue;
      kept.push(c);
    }
  }
  return kept;
}

/** Shared by every empty row of every snapshot this reader makes; the engine never writes to rows. */
const EMPTY_ROW = Object.freeze([]) as unknown as never[];

function sheetSnapshot(
  name: string,
  hidden: boolean,
  xml: string,
  strings: string[],
  formats: (string | undefined)[],
  date1904: boolean,
  budget: SheetBudget,
): SheetSnapshot {
  const start = xml.indexOf('<sheetData');
  if (start < 0) unsupported('no sheetData');
  const selfClosing = /^<sheetData\b[^>]*\/>/.test(xml.slice(start, start + 200));
  const end = selfClosing ? start : xml.indexOf('</sheetData>', start);
  if (end < 0) unsupported('unterminated sheetData');
  const data = xml.slice(start, end);
  const refuse = (problem: string | null) => {
    if (problem) throw new Refused(problem);
  };

  // Merged areas: counted against the limits before any cell is read.
  const merges: CellRange[] = [];
  const mergeCells = /<mergeCells\b[^>]*>([\s\S]*?)<\/mergeCells>/.exec(xml.slice(end));
  if (mergeCells) {
    for (const m of mergeCells[1]!.matchAll(/<mergeCell\b([^>]*)>/g)) {
      const ref = attributes(m[1]!).ref;
      const range = ref ? rangeRef(ref) : null;
      if (!range) {
        throw new Refused(
          `工作表“${name}”中有一处合并单元格的地址“${(ref ?? '').slice(0, 40)}”不正确，文件格式有误（可能被其他程序改坏了）；请在 Excel 或 WPS 中打开并另存为 .xlsx 后再检查`,
        );
      }
      refuse(budget.merge(range.top, range.left, range.bottom, range.right));
      merges.push(range);
    }
  }

  let cells: Cell[] = [];
  const masters = new Map<string, { row: number; col: number; formula: string }>();
  let rowIndex = -1;
  ROW.lastIndex = 0;
  let rowMatch: RegExpExecArray | null;
  while ((rowMatch = ROW.exec(data)) !== null) {
    // Rows and cells may leave out their (optional) r attribute: then they follow the previous one.
    const rowAttr = ROW_NUMBER.exec(rowMatch[1]!);
    if (rowAttr) {
      const n = /^[0-9]{1,12}$/.test(rowAttr[1]!.trim()) ? Number(rowAttr[1]!.trim()) : NaN;
      if (!(n >= 1)) unsupported(`row number ${rowAttr[1]}`);
      rowIndex = n - 1;
    } else {
      rowIndex++;
    }
    const rowBody = rowMatch[2];
    if (!rowBody) continue;
    let colIndex = -1;
    CELL.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = CELL.exec(rowBody)) !== null) {
      let r: string | undefined;
      let s: string | undefined;
      let t: string | undefined;
      CELL_ATTR.lastIndex = 0;
      let a: RegExpExecArray | null;
      while ((a = CELL_ATTR.exec(m[1]!)) !== null) {
        if (a[1] === 'r') r = a[2];
        else if (a[1] === 's') s = a[2];
        else t = a[2];
      }
      let pos: { row: number; col: number };
      if (r !== undefined) {
        const p = cellRef(r);
        if (!p) unsupported(`cell address ${r}`);
        pos = p;
      } else {
        pos = { row: rowIndex, col: colIndex + 1 };
      }
      colIndex = pos.col;
      refuse(addressProblem(name, pos.row, pos.col));
      const inner = m[2] ?? '';
      // exceljs applies a style only when its index is non-zero.
      const styleId = s ? parseInt(s, 10) : 0;
      const format = styleId ? formats[styleId] : undefined;

      const f = inner.indexOf('<f') >= 0 ? FORMULA.exec(inner) : null;
      const v = inner.indexOf('<v') >= 0 ? VALUE.exec(inner) : null;
      const rawValue = v ? xmlText(v[1]!) : undefined;
      let value: CellValue = '';
      let formula: string | null = null;

      const fa = f ? attributes(f[1]!) : null;
      let text = f && f[2] !== undefined ? xmlText(f[2]) : '';
      // exceljs: a cell is a formula when <f> has text or a type (an empty shared clone).
      if (fa && (text || fa.t)) {
        if (fa.t === 'shared' && fa.si !== undefined) {
          if (fa.ref !== undefined) {
            masters.set(fa.si, { row: pos.row, col: pos.col, formula: text });
          } else if (!text) {
            const master = masters.get(fa.si);
            if (!master) unsupported('shared formula before its master');
            text = slide(master.formula, pos.row - master.row, pos.col - master.col);
          }
        }
        formula = text ? (text.startsWith('=') ? text : `=${text}`) : null;
        if (rawValue) {
          if (t === 'str') value = xmlDecodeAgain(rawValue);
          else if (t === 'b') value = parseInt(rawValue, 10) !== 0;
          else if (t === 'e') value = rawValue;
          else {
            const n = parseFloat(rawValue);
            value = isDateFormat(format) ? dateRoundTrip(n, date1904) : Number.isFinite(n) ? n : '';
          }
          // A serial past the dates JavaScript can hold reads "" on both paths; text results are the exceljs path's.
          if (typeof value !== 'number' && value !== '' && isDateFormat(format)) unsupported('non-numeric result in a date format');
        }
      } else if (t === 'inlineStr') {
        const is = INLINE.exec(inner);
        if (!is) continue;
        const body = is[1]!;
        if (body.indexOf('<r>') >= 0 || body.indexOf('<r ') >= 0) value = runsText(body, decodeEscapes);
        else value = runsText(body, (x) => x);
      } else if (rawValue !== undefined && rawValue !== '') {
        switch (t) {
          case 's': {
            const str = strings[parseInt(rawValue, 10)];
            // exceljs fails on it too (in English): say what is wrong.
          if (str === undefined) {
            throw new Refused(
              `工作表“${name}”的单元格 ${colName(pos.col)}${pos.row + 1} 引用了文件中不存在的文字（共享字符串第 ${rawValue.trim()} 条），文件已损坏或不完整；请在 Excel 或 WPS 中打开并另存为 .xlsx 后再检查`,
            );
          }
            value = str;
            break;
          }
          case 'str':
            value = xmlDecodeAgain(rawValue);
            break;
          case 'b':
            value = parseInt(rawValue, 10) !== 0;
            break;
          case 'e':
            value = rawValue;
            break;
          case 'd': {
            // ISO 8601 date cell (written by some exporters): its serial, as exceljs would convert it.
            const d = new Date(rawValue.trim());
            value = dateToSerial(d, date1904) ?? rawValue;
            break;
          }
          default: {
            const n = parseFloat(rawValue);
            value = isDateFormat(format) ? dateRoundTrip(n, date1904) : Number.isFinite(n) ? n : '';
          }
        }
      } else {
        continue;
      }
      if (value === '' && formula === null) continue;
      refuse(budget.cell(pos.row, pos.col));
      cells.push({ row: pos.row, col: pos.col, value, format: format || 'General', formula });
    }
  }
  if (merges.length) cells = dropCovered(name, cells, merges);

  // Rows sized to their last used column, gaps "" / null; rows without content [] (as convert.ts).
  // The budget above bounds what this allocates.
  // Sized up front: assigning far past the end would turn the arrays into slow dictionaries.
  let rows = 0;
  for (const c of cells) if (c.row >= rows) rows = c.row + 1;
  const values: CellValue[][] = new Array<CellValue[]>(rows);
  const numberFormats: (string | null)[][] = new Array<(string | null)[]>(rows);
  let formulas: (string | null)[][] | undefined;
  for (const c of cells) {
    let vals = values[c.row];
    let fmts = numberFormats[c.row];
    if (!vals) {
      vals = values[c.row] = [];
      fmts = numberFormats[c.row] = [];
    }
    while (vals.length < c.col) {
      vals.push('');
      fmts!.push(null);
    }
    vals[c.col] = c.value;
    fmts![c.col] = c.format;
    if (c.formula !== null) {
      formulas ??= new Array<(string | null)[]>(rows);
      const row = (formulas[c.row] ??= []);
      while (row.length < c.col) row.push(null);
      row[c.col] = c.formula;
    }
  }
  // Empty rows share one frozen array: a value far down the sheet costs a pointer a row, not an array.
  for (let r = 0; r < values.length; r++) {
    if (!values[r]) {
      values[r] = EMPTY_ROW;
      numberFormats[r] = EMPTY_ROW;
    }
  }
  if (formulas) {
    // convert.ts pads formula rows to the row's used width, and stops at the last formula row.
    let last = formulas.length - 1;
    while (last >= 0 && !formulas[last]) last--;
    formulas.length = last + 1;
    for (let r = 0; r < formulas.length; r++) {
      const row = formulas[r];
      if (!row) formulas[r] = EMPTY_ROW;
      else while (row.length < values[r]!.length) row.push(null);
    }
  }
  const sheet: SheetSnapshot = { name, values, numberFormats, merges };
  if (formulas) sheet.formulas = formulas;
  if (hidden) sheet.hidden = true;
  return sheet;
}

const BAD_SHEET_NAME = /[*?:\\/[\]]/;

/**
 * The workbook's snapshot, or null when this reader is not sure it would match the exceljs path
 * (the caller then uses that path). Never throws.
 */
export async function fastSnapshot(bytes: Uint8Array, entries: readonly ZipEntry[], fileName?: string, inflate: InflateRaw = webInflate): Promise<WorkbookSnapshot | null> {
  const r = await fastRead(bytes, entries, fileName, inflate);
  return r && r.ok ? r.snapshot : null;
}

/**
 * The workbook's snapshot with the problems of sheets it could not read (a part missing from the
 * package), or a refusal (malformed addresses or merges, a limit passed), or null when the exceljs
 * path should decide. Never throws.
 */
export async function fastRead(bytes: Uint8Array, entries: readonly ZipEntry[], fileName?: string, inflate: InflateRaw = webInflate): Promise<FastResult | null> {
  try {
    const parts = openParts(bytes, entries, inflate);
    const rootRels = await parts.text('_rels/.rels');
    if (!rootRels) return null;
    const office = [...relationships(rootRels).values()].find((r) => r.type.endsWith('/officeDocument'));
    if (!office) return null;
    const bookPath = resolvePart('', office.target);
    const book = await parts.text(bookPath);
    const bookRelsXml = await parts.text(resolvePart(bookPath, `_rels/${bookPath.split('/').pop()}.rels`));
    if (!book || !bookRelsXml) return null;
    const bookRels = relationships(bookRelsXml);

    const pr = /<workbookPr\b([^>]*)>/.exec(book);
    const date1904 = pr ? attributes(pr[1]!).date1904 === '1' : false;
    const sheetsBlock = /<sheets\b[^>]*>([\s\S]*?)<\/sheets>/.exec(book);
    if (!sheetsBlock) return null;

    let sharedStringsPath: string | null = null;
    let stylesPath: string | null = null;
    for (const rel of bookRels.values()) {
      if (rel.type.endsWith('/sharedStrings')) sharedStringsPath = resolvePart(bookPath, rel.target);
      else if (rel.type.endsWith('/styles')) stylesPath = resolvePart(bookPath, rel.target);
    }
    const stringsXml = sharedStringsPath ? await parts.text(sharedStringsPath) : null;
    const strings: string[] = [];
    if (stringsXml) {
      for (const si of stringsXml.matchAll(/<si\b[^>]*?(?:\/>|>([\s\S]*?)<\/si>)/g)) {
        const body = si[1] ?? '';
        // A string item is one <t>, or rich-text runs; exceljs models anything else differently.
        if (/<t\b/.test(body.replace(/<r\b[\s\S]*?<\/r>/g, '').replace(/<rPh\b[\s\S]*?<\/rPh>/g, '')) && /<r\b/.test(body)) return null;
        if (!/<t\b/.test(body)) return null;
        strings.push(runsText(body, decodeEscapes));
      }
    }
    const formats = cellFormats(stylesPath ? await parts.text(stylesPath) : null);

    const sheets: SheetSnapshot[] = [];
    const problems: SheetProblem[] = [];
    const names = new Set<string>();
    let bookSlots = 0;
    for (const m of sheetsBlock[1]!.matchAll(/<sheet\b([^>]*)>/g)) {
      const a = attributes(m[1]!);
      const name = a.name ?? '';
      const relId = Object.entries(a).find(([k]) => /(^|:)id$/.test(k) && k !== 'sheetId')?.[1];
      if (!name || name.length > 31 || BAD_SHEET_NAME.test(name) || names.has(name.toLowerCase())) return null;
      names.add(name.toLowerCase());
      const rel = relId ? bookRels.get(relId) : undefined;
      // Chart sheets and macro sheets hold no cells to check.
      if (rel && /\/(chartsheet|dialogsheet|xlMacrosheet|macrosheet)$/i.test(rel.type)) continue;
      if (rel && (rel.external || !rel.type.endsWith('/worksheet'))) return null;
      const partName = rel ? resolvePart(bookPath, rel.target) : null;
      const xml = partName ? await parts.text(partName) : null;
      if (!xml) {
        problems.push({
          sheet: name,
          message: `工作表“${name}”的内容在文件中缺失（${partName ? `压缩包里没有 ${partName}` : '工作簿目录没有指向它的内容'}），该表未能检查，其他工作表照常检查；文件可能不完整或被其他程序改坏了，请在 Excel 或 WPS 中打开并另存为 .xlsx 后重新检查`,
        });
        continue;
      }
      const budget = new SheetBudget(name, bookSlots);
      sheets.push(sheetSnapshot(name, a.state === 'hidden' || a.state === 'veryHidden', xml, strings, formats, date1904, budget));
      bookSlots += budget.used;
      if (bookSlots > MAX_BOOK_SLOTS) throw new Refused(`工作簿的内容分布过广，超出读取上限，已拒绝读取`);
    }
    if (sheets.length === 0 && problems.length > 0) {
      return { ok: false, message: `工作簿中所有工作表的内容都缺失（${problems.map((p) => `“${p.sheet}”`).join('、')}），文件不完整或已损坏；请重新获取文件，或在 Excel 中打开并另存为 .xlsx 后再检查` };
    }
    if (sheets.length === 0) return null;
    for (const s of sheets) {
      if (s.name.includes('\uFFFD')) return null;
      for (const row of s.values) for (const v of row) if (typeof v === 'string' && v.includes('\uFFFD')) return null;
    }
    const snapshot: WorkbookSnapshot = { sheets };
    if (fileName !== undefined) snapshot.fileName = fileName;
    return { ok: true, snapshot, problems };
  } catch (err) {
    if (err instanceof Refused) return { ok: false, message: err.message };
    // Unsupported, or anything unexpected: the exceljs path decides.
    return null;
  }
}

// exceljs Workbook → WorkbookSnapshot. One pass over the stored cells of each sheet; arrays are
// sized to the used extent so a workbook of hundreds of sheets converts in a fraction of its parse time.
import type ExcelJS from 'exceljs';
import type { CellRange, CellValue, SheetSnapshot, WorkbookSnapshot } from '../engine';

// exceljs ValueType numbers (lib/doc/enums.js); literal so this module needs only exceljs types.
const T_NULL = 0;
const T_MERGE = 1;
const T_NUMBER = 2;
const T_STRING = 3;
const T_DATE = 4;
const T_HYPERLINK = 5;
const T_FORMULA = 6;
const T_RICH_TEXT = 8;
const T_BOOLEAN = 9;
const T_ERROR = 10;

const MS_PER_DAY = 86_400_000;

/** Excel serial number of a date exceljs decoded (exceljs reads serials as UTC). */
export function dateToSerial(d: Date, date1904: boolean): number | null {
  const t = d.getTime();
  if (!Number.isFinite(t)) return null;
  // Round to the millisecond exceljs rounded to, so whole days come back as whole numbers.
  return Math.round(((t / MS_PER_DAY + 25569 - (date1904 ? 1462 : 0)) * MS_PER_DAY)) / MS_PER_DAY;
}

function richTextToString(v: unknown): string {
  const parts = (v as { richText?: { text?: unknown }[] }).richText;
  if (!Array.isArray(parts)) return '';
  let s = '';
  for (const p of parts) if (p && typeof p.text === 'string') s += p.text;
  return s;
}

/** Any exceljs cell value or formula result → a snapshot value. */
function plainValue(v: unknown, date1904: boolean): CellValue {
  if (v === null || v === undefined) return '';
  switch (typeof v) {
    case 'number':
      return Number.isFinite(v) ? v : '';
    case 'string':
    case 'boolean':
      return v;
    case 'object': {
      if (v instanceof Date) return dateToSerial(v, date1904) ?? '';
      const o = v as Record<string, unknown>;
      if (typeof o.error === 'string') return o.error;
      if (Array.isArray(o.richText)) return richTextToString(o);
      if ('text' in o) {
        const t = o.text;
        return typeof t === 'string' ? t : t && typeof t === 'object' ? richTextToString(t) : t == null ? '' : String(t);
      }
      if ('result' in o) return plainValue(o.result, date1904);
      return '';
    }
    default:
      return '';
  }
}

/** "B7" / "$B$7" → 0-based {row, col}. */
export function parseAddress(address: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(address.trim());
  if (!m) return null;
  let col = 0;
  const letters = m[1]!.toUpperCase();
  for (let i = 0; i < letters.length; i++) col = col * 26 + (letters.charCodeAt(i) - 64);
  const row = Number(m[2]);
  if (row < 1) return null;
  return { row: row - 1, col: col - 1 };
}

/** "A1:B2" (or a single "A1") → 0-based inclusive range. */
export function parseRange(ref: string): CellRange | null {
  const [a, b] = ref.split(':');
  const tl = a ? parseAddress(a) : null;
  const br = b ? parseAddress(b) : tl;
  if (!tl || !br) return null;
  return {
    top: Math.min(tl.row, br.row),
    left: Math.min(tl.col, br.col),
    bottom: Math.max(tl.row, br.row),
    right: Math.max(tl.col, br.col),
  };
}

function mergeRefs(ws: ExcelJS.Worksheet): string[] {
  // ws.model.merges is the documented source, but building ws.model serialises every row of the
  // sheet; exceljs keeps the same ranges in _merges (master address → Range), so read that first.
  const internal = (ws as unknown as { _merges?: Record<string, { range?: unknown }> })._merges;
  if (internal && typeof internal === 'object') {
    const out: string[] = [];
    for (const key of Object.keys(internal)) {
      const range = internal[key]?.range;
      if (typeof range === 'string') out.push(range);
    }
    return out;
  }
  const merges = (ws.model as { merges?: unknown }).merges;
  return Array.isArray(merges) ? merges.filter((m): m is string => typeof m === 'string') : [];
}

interface CellLike {
  type: number;
  value: unknown;
  formula?: string;
  result?: unknown;
  numFmt?: string;
}

interface RowLike {
  number: number;
  cellCount: number;
  eachCell(opts: { includeEmpty: boolean }, cb: (cell: CellLike, col: number) => void): void;
  /** exceljs internal: cells by 0-based column (sparse). */
  _cells?: (CellLike | undefined)[];
}

/** Rows with their cells, by 1-based row number. Uses exceljs' arrays directly when present
 * (eachRow scans every row twice and allocates a closure per row; on a 200-sheet workbook the
 * difference is a noticeable share of the parse time), else the public iterators. */
function forEachCell(ws: ExcelJS.Worksheet, onRow: (rowNumber: number, width: number) => void, onCell: (cell: CellLike, col: number) => void, onRowEnd: () => void): void {
  const rows = (ws as unknown as { _rows?: (RowLike | undefined)[] })._rows;
  if (Array.isArray(rows)) {
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      const cells = row?._cells;
      if (!row || !Array.isArray(cells)) continue;
      onRow(i + 1, cells.length);
      for (let c = 0; c < cells.length; c++) {
        const cell = cells[c];
        if (cell) onCell(cell, c + 1);
      }
      onRowEnd();
    }
    return;
  }
  ws.eachRow({ includeEmpty: false }, (exRow, rowNumber) => {
    const row = exRow as unknown as RowLike;
    onRow(rowNumber, row.cellCount);
    row.eachCell({ includeEmpty: false }, onCell);
    onRowEnd();
  });
}

/** Shared by every empty row (nothing writes to snapshot rows). */
const EMPTY_ROW = Object.freeze([]) as unknown as never[];

export function sheetToSnapshot(ws: ExcelJS.Worksheet, date1904: boolean): SheetSnapshot {
  // Rows are collected first and placed into arrays sized once at the end: assigning far past the
  // end of an array (a value on row 1,048,576) would turn it into a slow dictionary.
  const found: { r: number; vals: CellValue[]; fmts: (string | null)[]; forms: (string | null)[] | undefined }[] = [];

  let r = 0;
  let width = 0;
  let vals: CellValue[] | undefined;
  let fmts: (string | null)[] | undefined;
  let forms: (string | null)[] | undefined;
  let used = 0; // 1 + last column holding something

  const onRow = (rowNumber: number, w: number) => {
    r = rowNumber - 1;
    width = w;
    vals = fmts = forms = undefined;
    used = 0;
  };

  const onCell = (cell: CellLike, colNumber: number) => {
    const c = colNumber - 1;
    let value: CellValue;
    let formula: string | null = null;
    switch (cell.type) {
      case T_NULL:
      case T_MERGE:
        // Non-anchor cells of a merged area read "" as Excel reports them.
        return;
      case T_NUMBER:
      case T_STRING:
      case T_BOOLEAN:
        value = cell.value as CellValue;
        if (typeof value === 'number' && !Number.isFinite(value)) value = '';
        break;
      case T_FORMULA: {
        const f = cell.formula;
        formula = f ? (f.startsWith('=') ? f : `=${f}`) : null;
        value = plainValue(cell.result, date1904);
        break;
      }
      case T_RICH_TEXT:
        value = richTextToString(cell.value);
        break;
      case T_DATE:
      case T_HYPERLINK:
      case T_ERROR:
      default:
        value = plainValue(cell.value, date1904);
        break;
    }
    if (value === '' && formula === null) return;
    if (!vals) {
      vals = new Array<CellValue>(width).fill('');
      fmts = new Array<string | null>(width).fill(null);
    }
    vals[c] = value;
    fmts![c] = cell.numFmt || 'General';
    if (formula !== null) {
      if (!forms) forms = new Array<string | null>(width).fill(null);
      forms[c] = formula;
    }
    if (c + 1 > used) used = c + 1;
  };

  const onRowEnd = () => {
    if (!vals) return;
    if (vals.length > used) {
      vals.length = used;
      fmts!.length = used;
    }
    if (forms && forms.length > used) forms.length = used;
    found.push({ r, vals, fmts: fmts!, forms });
  };

  forEachCell(ws, onRow, onCell, onRowEnd);

  let rows = 0;
  let formulaRows = 0;
  for (const f of found) {
    if (f.r >= rows) rows = f.r + 1;
    if (f.forms && f.r >= formulaRows) formulaRows = f.r + 1;
  }
  const values = new Array<CellValue[]>(rows);
  const numberFormats = new Array<(string | null)[]>(rows);
  const formulas = formulaRows ? new Array<(string | null)[]>(formulaRows) : undefined;
  for (const f of found) {
    values[f.r] = f.vals;
    numberFormats[f.r] = f.fmts;
    if (f.forms) formulas![f.r] = f.forms;
  }

  // Holes (rows without content) become [] so consumers can index every row below the last one.
  // Empty rows share one frozen array: a value far down the sheet costs a pointer a row, not an array.
  for (let r = 0; r < values.length; r++) {
    if (!values[r]) {
      values[r] = EMPTY_ROW;
      numberFormats[r] = EMPTY_ROW;
    }
  }
  if (formulas) for (let r = 0; r < formulas.length; r++) if (!formulas[r]) formulas[r] = EMPTY_ROW;

  const merges: CellRange[] = [];
  for (const ref of mergeRefs(ws)) {
    const range = parseRange(ref);
    if (range) merges.push(range);
  }

  const sheet: SheetSnapshot = { name: ws.name, values, numberFormats, merges };
  if (formulas) sheet.formulas = formulas;
  if (ws.state === 'hidden' || ws.state === 'veryHidden') sheet.hidden = true;
  return sheet;
}

export function workbookToSnapshot(wb: ExcelJS.Workbook, fileName?: string): WorkbookSnapshot {
  const date1904 = Boolean((wb.properties as { date1904?: boolean } | undefined)?.date1904);
  const sheets = wb.worksheets.map((ws) => sheetToSnapshot(ws, date1904));
  const snapshot: WorkbookSnapshot = { sheets };
  if (fileName !== undefined) snapshot.fileName = fileName;
  return snapshot;
}

/** True when no sheet holds any value. */
export function isEmptySnapshot(snapshot: WorkbookSnapshot): boolean {
  return snapshot.sheets.every((s) => s.values.length === 0);
}

// Writing narrative text into the workbook: a new 自评报告 sheet, the cells below the selection, or
// the 偏差原因 cells of a form. The only place the add-in writes cell values, and it writes them as
// text: numberFormat "@" goes on before the value, in the same batch, so Excel never takes a line
// starting with = + - @ for a formula. It never overwrites a non-empty cell.
import type { XlRange, XlRangeAreas, XlRequestContext, XlWorksheet } from './office-api';
import { GatewayError, MESSAGES, officeCodeOf } from './errors';
import { normalizeCellAddress } from './marks';
import type { CellRef, FillItem, FillResult, InsertResult } from './types';
import { a1, colName, parseA1 } from '../engine/grid';

export const REPORT_SHEET_NAME = '自评报告';
export const ISSUES_SHEET_NAME = '问题清单';
/** Estimated request bytes per write sync of a table, well under Excel on the web's 5 MB cap. */
export const TABLE_SYNC_BYTES = 2_000_000;
/** Column width of the report sheet, in Excel "characters" of the default font. */
export const REPORT_COLUMN_CHARS = 90;
/** Excel's column width in points for n characters of Calibri 11 (7 px a digit + 5 px padding, 0.75 pt a px). */
export const REPORT_COLUMN_POINTS = (REPORT_COLUMN_CHARS * 7 + 5) * 0.75;
/** Excel's limit on the characters in one cell. */
export const MAX_CELL_CHARS = 32767;
/** One insert writes at most this many rows (a report is a few dozen). */
export const MAX_LINES = 10_000;
/** How far below the selection the search for free rows reads before jumping past the used range. */
export const SCAN_ROWS = 20_000;
const MAX_ROWS = 1_048_576;
const MAX_SHEET_NAME = 31;

/** 0-based row/column of a normalized one-cell A1 address. */
export function parseCell(address: string): { row: number; col: number } | null {
  return normalizeCellAddress(address) === null ? null : parseA1(address);
}


/** Checks the lines before anything is queued: strings only, Excel's per-cell limit, a sane count. */
export function cleanLines(lines: unknown): string[] {
  const list = Array.isArray(lines) ? lines.map((l) => (typeof l === 'string' ? l : l === null || l === undefined ? '' : String(l))) : [];
  if (list.length === 0 || list.every((l) => l.trim() === '')) throw new GatewayError('api', MESSAGES.nothingToInsert);
  if (list.length > MAX_LINES) throw new GatewayError('api', MESSAGES.tooManyLines(list.length));
  list.forEach((l, i) => {
    if (l.length > MAX_CELL_CHARS) throw new GatewayError('api', MESSAGES.lineTooLong(i + 1, l.length));
  });
  return list;
}

/** A valid sheet name from the caller's choice: Excel forbids []:*?/\ and more than 31 characters. */
export function baseSheetName(wanted?: string, fallback = REPORT_SHEET_NAME): string {
  const cleaned = (wanted ?? '').replace(/[[\]:*?/\\]/g, '').replace(/^'+|'+$/g, '').trim();
  const name = cleaned === '' || cleaned.toLowerCase() === 'history' ? fallback : cleaned;
  return [...name].slice(0, MAX_SHEET_NAME).join('');
}

/** 自评报告, else 自评报告(2), (3)…; Excel compares sheet names case-insensitively. */
export function uniqueSheetName(base: string, taken: readonly string[]): string {
  const used = new Set(taken.map((n) => n.toLowerCase()));
  if (!used.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) {
    const suffix = `(${i})`;
    const name = [...base].slice(0, MAX_SHEET_NAME - suffix.length).join('') + suffix;
    if (!used.has(name.toLowerCase())) return name;
  }
}

/**
 * The first row r > from where rows r..r+count-1 are all free, looking no further than `limit`
 * (beyond which the caller knows every row is free). Null when the sheet ends first.
 */
export function findRoom(from: number, count: number, free: (row: number) => boolean, limit: number): number | null {
  let runStart: number | null = null;
  const end = Math.min(MAX_ROWS - 1, limit + count);
  for (let r = from + 1; r <= end; r++) {
    if (!free(r)) {
      runStart = null;
      continue;
    }
    runStart ??= r;
    if (r - runStart + 1 >= count) return runStart;
  }
  return null;
}

/** A cell holds something: a value, or a formula (even one showing ""). */
function occupied(value: unknown, formula: unknown): boolean {
  if (value !== '' && value !== null && value !== undefined) return true;
  return typeof formula === 'string' && formula !== '';
}

/** Queues text-format-then-value writes for one column of cells starting at (row, col). */
function queueText(ws: XlWorksheet, row: number, col: number, lines: string[], headings: ReadonlySet<number>): XlRange {
  const range = ws.getRange(`${a1(row, col)}:${a1(row + lines.length - 1, col)}`);
  // Order matters: Excel applies commands in sequence, so the cells are text before the values land.
  range.numberFormat = lines.map(() => ['@']);
  range.values = lines.map((l) => [l]);
  for (const i of headings) {
    if (Number.isInteger(i) && i >= 0 && i < lines.length) ws.getRange(a1(row + i, col)).format.font.bold = true;
  }
  return range;
}

/** 'new-sheet': one read (sheet names), one write. Retries once if the name was taken in between. */
export async function insertNewSheet(
  ctx: XlRequestContext,
  lines: string[],
  headings: ReadonlySet<number>,
  sheetName?: string,
): Promise<InsertResult> {
  const base = baseSheetName(sheetName);
  for (let attempt = 0; ; attempt++) {
    const worksheets = ctx.workbook.worksheets;
    worksheets.load('items/name');
    await ctx.sync();
    const name = uniqueSheetName(base, worksheets.items.map((w) => w.name));
    const ws = worksheets.add(name);
    const range = queueText(ws, 0, 0, lines, headings);
    range.format.wrapText = true;
    ws.getRange('A:A').format.columnWidth = REPORT_COLUMN_POINTS;
    range.format.autofitRows();
    ws.activate();
    ws.getRange('A1').select();
    try {
      await ctx.sync();
    } catch (e) {
      if (officeCodeOf(e) === 'ItemAlreadyExists' && attempt === 0) continue;
      // The add ran first; if a later command failed, take the half-written sheet away again.
      await removeSheet(ctx, name);
      throw e;
    }
    return { sheet: name, address: `A1:A${lines.length}`, rows: lines.length };
  }
}

async function removeSheet(ctx: XlRequestContext, name: string): Promise<void> {
  try {
    const ws = ctx.workbook.worksheets.getItemOrNullObject(name);
    await ctx.sync();
    if (!ws.isNullObject) {
      ws.delete();
      await ctx.sync();
    }
  } catch {
    // Best effort: the original error is what the user needs to see.
  }
}

/**
 * 'selection' (or `at`): reads where, then the column below, refuses if any target cell is taken
 * (naming it and the first place that fits), else writes. Three syncs.
 */
export async function insertAtCell(
  ctx: XlRequestContext,
  lines: string[],
  headings: ReadonlySet<number>,
  at: CellRef | undefined,
  withMerges: boolean,
): Promise<InsertResult> {
  const worksheets = ctx.workbook.worksheets;
  // Sync 1: the sheet, its protection and used range, and the start cell.
  let ws: XlWorksheet;
  let selection: XlRange | null = null;
  let start: { row: number; col: number } | null = null;
  if (at) {
    start = parseCell(at.address);
    if (!start) throw new GatewayError('api', MESSAGES.badAddress(at.sheet, String(at.address)), { sheet: at.sheet });
    ws = worksheets.getItem(at.sheet);
  } else {
    ws = worksheets.getActiveWorksheet();
    selection = ctx.workbook.getSelectedRange().load('rowIndex,columnIndex');
  }
  ws.load('name,visibility');
  const protection = ws.protection.load('protected');
  const used = ws.getUsedRangeOrNullObject(true).load('rowIndex,rowCount');
  try {
    await ctx.sync();
  } catch (e) {
    const code = officeCodeOf(e);
    if (!at && (code === 'InvalidSelection' || code === 'InvalidOperation' || code === 'InvalidArgument')) {
      throw new GatewayError('api', MESSAGES.notARange, { officeCode: officeCodeOf(e), cause: e });
    }
    throw e;
  }
  const sheet = ws.name;
  if (protection.protected) throw new GatewayError('protected', MESSAGES.protectedInsert(sheet), { sheet });
  if (ws.visibility !== 'Visible') throw new GatewayError('api', MESSAGES.hiddenInsert(sheet), { sheet });
  // Below ExcelApi 1.13 merged areas are invisible to the API: a hidden cell of one would swallow text.
  if (!withMerges) throw new GatewayError('api', MESSAGES.mergeUnknown(sheet), { sheet });
  const { row, col } = start ?? { row: selection!.rowIndex, col: selection!.columnIndex };
  const n = lines.length;
  const startA1 = a1(row, col);
  if (row + n - 1 >= MAX_ROWS) throw new GatewayError('api', MESSAGES.noRoomBelow(sheet, startA1, n), { sheet });

  // Sync 2: the column from the start cell down to the end of the used range (capped), and merges there.
  const usedBottom = used.isNullObject ? -1 : used.rowIndex + used.rowCount - 1;
  const last = Math.min(MAX_ROWS - 1, Math.max(row + n - 1, Math.min(usedBottom, row + SCAN_ROWS)));
  const column = ws.getRange(`${a1(row, col)}:${a1(last, col)}`).load('values,formulas');
  const merges: XlRangeAreas | null = withMerges ? column.getMergedAreasOrNullObject().load('areas/items/rowIndex,areas/items/rowCount') : null;
  await ctx.sync();
  const merged = new Set<number>();
  if (merges && !merges.isNullObject) {
    for (const m of merges.areas.items) for (let r = m.rowIndex; r < m.rowIndex + m.rowCount; r++) merged.add(r);
  }
  // Below the window: free after the used range, unknown (so not offered) between a capped window and it.
  const restStart = last >= usedBottom ? last + 1 : usedBottom + 1;
  const free = (r: number) => {
    if (merged.has(r)) return false;
    if (r <= last) return !occupied(column.values[r - row]?.[0], column.formulas[r - row]?.[0]);
    return r >= restStart;
  };
  for (let r = row; r < row + n; r++) {
    if (free(r)) continue;
    let limit = restStart;
    for (const m of merged) if (m > limit) limit = m;
    const room = findRoom(row, n, free, limit);
    const suggestion = room === null ? null : a1(room, col);
    throw new GatewayError('target-not-empty', MESSAGES.targetNotEmpty(sheet, startA1, a1(r, col), n, suggestion), {
      sheet,
      occupied: a1(r, col),
      ...(suggestion ? { suggestion: { sheet, address: suggestion } } : {}),
    });
  }

  // Sync 3: the writes.
  const range = queueText(ws, row, col, lines, headings);
  ws.activate();
  range.select();
  await ctx.sync();
  return { sheet, address: `${startA1}:${a1(row + n - 1, col)}`, rows: n };
}

/**
 * Writes each text into its cell if the cell is empty now. Two reads (sheets, then the cells) and
 * at most one write; protected or missing sheets and taken cells are skipped and reported.
 */
export async function fillEmptyCells(ctx: XlRequestContext, items: FillItem[], withMerges: boolean): Promise<FillResult> {
  const result: FillResult = { written: [], skipped: [] };
  const list = Array.isArray(items) ? items : [];
  const wanted: { sheet: string; cell: string; text: string }[] = [];
  const seen = new Set<string>();
  for (const item of list) {
    const sheet = typeof item?.sheet === 'string' ? item.sheet : '';
    const raw = typeof item?.cell === 'string' ? item.cell : String(item?.cell ?? '');
    const cell = normalizeCellAddress(raw);
    if (!cell || !sheet) {
      result.skipped.push({ sheet, cell: raw, reason: 'bad-address' });
      continue;
    }
    const text = typeof item.text === 'string' ? item.text : '';
    if (text.trim() === '' || text.length > MAX_CELL_CHARS) {
      result.skipped.push({ sheet, cell, reason: 'no-text' });
      continue;
    }
    const key = `${sheet}\u0000${cell}`;
    if (seen.has(key)) {
      result.skipped.push({ sheet, cell, reason: 'duplicate' });
      continue;
    }
    seen.add(key);
    wanted.push({ sheet, cell, text });
  }
  if (wanted.length === 0) return result;

  // Sync 1: which sheets exist and are writable.
  const worksheets = ctx.workbook.worksheets;
  worksheets.load('items/name,items/protection/protected');
  await ctx.sync();
  const sheets = new Map(worksheets.items.map((ws) => [ws.name, ws]));

  // Below ExcelApi 1.13 merged areas are invisible to the API: a hidden cell of one would swallow text.
  if (!withMerges) {
    for (const item of wanted) result.skipped.push({ sheet: item.sheet, cell: item.cell, reason: sheets.has(item.sheet) ? 'merge-unknown' : 'missing-sheet' });
    return result;
  }

  // Sync 2: the target cells as they are now.
  const probes: { item: (typeof wanted)[number]; ws: XlWorksheet; range: XlRange; merges: XlRangeAreas | null }[] = [];
  for (const item of wanted) {
    const ws = sheets.get(item.sheet);
    if (!ws) {
      result.skipped.push({ sheet: item.sheet, cell: item.cell, reason: 'missing-sheet' });
      continue;
    }
    if (ws.protection.protected) {
      result.skipped.push({ sheet: item.sheet, cell: item.cell, reason: 'protected' });
      continue;
    }
    const range = ws.getRange(item.cell).load('values,formulas');
    const merges = withMerges ? range.getMergedAreasOrNullObject().load('areas/items/rowIndex,areas/items/columnIndex') : null;
    probes.push({ item, ws, range, merges });
  }
  if (probes.length) await ctx.sync();

  // Sync 3: text format, then the text, into the cells still empty.
  let writes = 0;
  for (const p of probes) {
    const { row, col } = parseCell(p.item.cell)!;
    const area = p.merges && !p.merges.isNullObject ? p.merges.areas.items[0] : undefined;
    if (area && (area.rowIndex !== row || area.columnIndex !== col)) {
      result.skipped.push({ sheet: p.item.sheet, cell: p.item.cell, reason: 'merged' });
      continue;
    }
    if (occupied(p.range.values[0]?.[0], p.range.formulas[0]?.[0])) {
      result.skipped.push({ sheet: p.item.sheet, cell: p.item.cell, reason: 'not-empty' });
      continue;
    }
    p.range.numberFormat = [['@']];
    p.range.values = [[p.item.text]];
    result.written.push(qualified(p.item.sheet, p.item.cell));
    writes++;
  }
  if (writes) await ctx.sync();
  return result;
}

/** "项目1!H12"; names Excel would quote are quoted the same way. */
export function qualified(sheet: string, cell: string): string {
  return /^[A-Za-z_\u4e00-\u9fff][A-Za-z0-9_.\u4e00-\u9fff]*$/.test(sheet) ? `${sheet}!${cell}` : `'${sheet.replace(/'/g, "''")}'!${cell}`;
}

/** A table cell as text: strings kept (cut to Excel's cell limit), anything else as its text, null as ''. */
function tableText(v: unknown): string {
  const t = typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);
  return t.length > MAX_CELL_CHARS ? `${t.slice(0, MAX_CELL_CHARS - 1)}…` : t;
}

/**
 * 导出问题清单: a new sheet (name made unique) holding `rows` as text — numberFormat "@" before the
 * values, so nothing is ever a formula — first row bold. Rows go in syncs of at most TABLE_SYNC_BYTES
 * (estimated), so a list of tens of thousands of findings still fits Excel's request cap; if any write
 * fails, the half-written sheet is removed again. Overwrites nothing: the sheet is new.
 */
export async function insertTableSheet(ctx: XlRequestContext, rows: unknown, sheetName: string | undefined): Promise<InsertResult> {
  const table = (Array.isArray(rows) ? rows : []).map((r) => (Array.isArray(r) ? r.map(tableText) : [tableText(r)]));
  const width = table.reduce((w, r) => Math.max(w, r.length), 0);
  if (table.length === 0 || width === 0) throw new GatewayError('api', MESSAGES.tableEmpty);
  if (table.length > MAX_ROWS) throw new GatewayError('api', MESSAGES.tooManyLines(table.length));
  for (const r of table) while (r.length < width) r.push('');
  const base = baseSheetName(sheetName, ISSUES_SHEET_NAME);
  const lastCol = colName(width - 1);

  for (let attempt = 0; ; attempt++) {
    const worksheets = ctx.workbook.worksheets;
    worksheets.load('items/name');
    await ctx.sync();
    const name = uniqueSheetName(base, worksheets.items.map((w) => w.name));
    const ws = worksheets.add(name);
    let added = false;
    try {
      let start = 0;
      while (start < table.length) {
        // One chunk: as many rows as fit the byte budget (at least one).
        let bytes = 0;
        let end = start;
        while (end < table.length && (end === start || bytes + rowBytes(table[end]!) <= TABLE_SYNC_BYTES)) bytes += rowBytes(table[end++]!);
        const chunk = table.slice(start, end);
        const range = ws.getRange(`A${start + 1}:${lastCol}${end}`);
        // Order matters: the cells are text before the values land.
        range.numberFormat = chunk.map((r) => r.map(() => '@'));
        range.values = chunk;
        if (start === 0) {
          ws.getRange(`A1:${lastCol}1`).format.font.bold = true;
          ws.activate();
          ws.getRange('A1').select();
        }
        await ctx.sync();
        added = true;
        start = end;
      }
      ws.getRange(`A:${lastCol}`).format.autofitColumns();
      await ctx.sync();
    } catch (e) {
      if (!added && officeCodeOf(e) === 'ItemAlreadyExists' && attempt === 0) continue;
      await removeSheet(ctx, name);
      throw e;
    }
    return { sheet: name, address: `A1:${lastCol}${table.length}`, rows: table.length };
  }
}

/** Request bytes of one row written as values + numberFormat (UTF-8, JSON, with slack). */
function rowBytes(row: string[]): number {
  let n = 32;
  for (const c of row) n += c.length * 3 + 16;
  return n;
}

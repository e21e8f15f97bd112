// The one read path: every sheet's cells into a WorkbookSnapshot, in a number of syncs that depends on
// how many cells there are, never on how many sheets. readSnapshot uses it alone; checkAndMark passes
// the mark scan to load alongside (same syncs), so reading and marking share one Excel.run.
import type { CellRange, CellValue, SheetSnapshot, WorkbookSnapshot } from '../engine/types';
import type { XlRange, XlRangeAreas, XlRequestContext, XlWorksheet } from './office-api';
import { GatewayError, MESSAGES, isPayloadError, officeCodeOf } from './errors';
import {
  BAND_CELLS,
  PROBE_COLS_ABOVE,
  PROBE_DEPTH,
  type Band,
  type ReadTuning,
  bandAddress,
  bandsRefusal,
  bandCells,
  budgetCells,
  shouldProbe,
  splitIntoBands,
  takeGroup,
  tileArea,
  tilesPerArea,
} from './read-plan';

/** Most cells read from one sheet (a self-evaluation form is a few thousand): beyond, a clear refusal. */
export const MAX_SHEET_CELLS = 2_000_000;

export interface ReadOptions {
  withMerges: boolean;
  tuning?: ReadTuning;
  fileName?: string;
}

export interface WorkbookRead<T> {
  snapshot: WorkbookSnapshot;
  sheets: XlWorksheet[];
  /** What `alongside` queued, loaded by the same sync as the used ranges. */
  extra: T;
}

const isCellEdit = (e: unknown) => officeCodeOf(e) === 'InvalidOperationInCellEditMode';

function loadUsed(ws: XlWorksheet): XlRange {
  return ws.getUsedRangeOrNullObject(true).load('rowIndex,columnIndex,rowCount,columnCount');
}

function loadMerges(ws: XlWorksheet): XlRangeAreas {
  return ws.getRange().getMergedAreasOrNullObject().load('areas/items/rowIndex,areas/items/columnIndex,areas/items/rowCount,areas/items/columnCount');
}

/**
 * Sync 1: the sheets. Sync 2: every sheet's used range (values only: formatted-but-empty cells do not
 * count), merged areas (ExcelApi 1.13) and whatever `alongside` queues. Probe syncs only for large
 * sparse areas. Then the cells, band by band, under the request budget.
 */
export async function readWorkbook<T>(ctx: XlRequestContext, opts: ReadOptions, alongside: (sheets: XlWorksheet[]) => T): Promise<WorkbookRead<T>> {
  const worksheets = ctx.workbook.worksheets;
  worksheets.load('items/name,items/visibility');
  await ctx.sync();
  const sheets = worksheets.items;

  let used = sheets.map(loadUsed);
  let merged: (XlRangeAreas | null)[] = sheets.map((ws) => (opts.withMerges ? loadMerges(ws) : null));
  let extra = alongside(sheets);
  try {
    await ctx.sync();
  } catch (e) {
    // Excel refuses getMergedAreas over more than 512 merged areas, failing the whole batch: read
    // without merges, then the merges apart; a sheet Excel will not report is read without them.
    if (!opts.withMerges || isCellEdit(e)) throw e;
    used = sheets.map(loadUsed);
    merged = sheets.map(() => null);
    extra = alongside(sheets);
    await ctx.sync();
    merged = await mergesApart(ctx, sheets);
  }

  const areas = await probeSparse(ctx, sheets, usedAreas(used));
  refuseHuge(sheets, areas);
  const data = await loadBands(ctx, sheets, areas, opts.tuning);
  return { snapshot: assemble(sheets, merged, data, opts.fileName), sheets, extra };
}

function usedAreas(used: XlRange[]): Band[] {
  const areas: Band[] = [];
  used.forEach((r, i) => {
    if (r.isNullObject || r.rowCount <= 0 || r.columnCount <= 0) return;
    areas.push({ sheet: i, top: r.rowIndex, left: r.columnIndex, rows: r.rowCount, cols: r.columnCount });
  });
  return areas;
}

/** Large areas → the used parts of their tiles, level by level (one sync a level, all sheets at once). */
async function probeSparse(ctx: XlRequestContext, sheets: XlWorksheet[], areas: Band[]): Promise<Band[]> {
  let done = areas.filter((a) => !shouldProbe(a));
  let pending = areas.filter((a) => shouldProbe(a));
  for (let depth = 0; depth < PROBE_DEPTH && pending.length; depth++) {
    const grid = tilesPerArea(pending.length);
    if (!grid) break;
    const probes = pending.flatMap((area) =>
      tileArea(area, grid.rows, area.cols > PROBE_COLS_ABOVE ? grid.cols : 1).map((tile) => ({
        tile,
        used: loadUsed2(sheets[tile.sheet]!.getRange(bandAddress(tile))),
      })),
    );
    await ctx.sync();
    const next: Band[] = [];
    for (const { tile, used } of probes) {
      if (used.isNullObject || used.rowCount <= 0 || used.columnCount <= 0) continue;
      const part: Band = { sheet: tile.sheet, top: used.rowIndex, left: used.columnIndex, rows: used.rowCount, cols: used.columnCount };
      // A part that did not shrink is dense: probing it again would not help.
      if (shouldProbe(part) && bandCells(part) < bandCells(tile)) next.push(part);
      else done = done.concat(part);
    }
    pending = next;
  }
  return done.concat(pending);
}

function loadUsed2(range: XlRange): XlRange {
  return range.getUsedRangeOrNullObject(true).load('rowIndex,columnIndex,rowCount,columnCount');
}

/** A sheet whose used parts still hold millions of cells is refused with its name, not read for minutes. */
function refuseHuge(sheets: XlWorksheet[], areas: Band[]): void {
  const cells = new Map<number, number>();
  for (const a of areas) cells.set(a.sheet, (cells.get(a.sheet) ?? 0) + bandCells(a));
  for (const [i, n] of cells) {
    if (n > MAX_SHEET_CELLS) throw new GatewayError('api', MESSAGES.usedRangeTooLarge(sheets[i]!.name, n), { sheet: sheets[i]!.name });
    // Few cells far apart still assemble into dense rows (placeBand): the limits every reader shares.
    const far = bandsRefusal(sheets[i]!.name, areas.filter((a) => a.sheet === i));
    if (far) throw new GatewayError('api', far, { sheet: sheets[i]!.name });
  }
}

/** Merged areas per sheet, halving the group on failure; null for a sheet Excel will not report. */
async function mergesApart(ctx: XlRequestContext, sheets: XlWorksheet[]): Promise<(XlRangeAreas | null)[]> {
  const out: (XlRangeAreas | null)[] = sheets.map(() => null);
  const all = sheets.map((_, i) => i);
  // The whole group just failed: start from its halves (a lone sheet is the one that failed).
  const pending: number[][] = all.length > 1 ? [all.slice(0, all.length >> 1), all.slice(all.length >> 1)] : [];
  while (pending.length) {
    const group = pending.pop()!;
    const loaded = group.map((i) => loadMerges(sheets[i]!));
    try {
      await ctx.sync();
      group.forEach((i, k) => (out[i] = loaded[k]!));
    } catch (e) {
      if (isCellEdit(e)) throw e;
      if (group.length > 1) pending.push(group.slice(0, group.length >> 1), group.slice(group.length >> 1));
    }
  }
  return out;
}

/** Loads every band, grouping bands under the byte budget and halving it when Excel says too large. */
async function loadBands(ctx: XlRequestContext, sheets: XlWorksheet[], areas: Band[], tuning: ReadTuning | undefined): Promise<{ band: Band; range: XlRange }[]> {
  const bandSize = tuning?.bandCells ?? BAND_CELLS;
  let budget = budgetCells(tuning);
  const pending: Band[] = areas.flatMap((a) => splitIntoBands(a, Math.min(bandSize, budget)));
  const out: { band: Band; range: XlRange }[] = [];
  while (pending.length) {
    const group = takeGroup(pending, budget);
    const ranges = group.map((b) => sheets[b.sheet]!.getRange(bandAddress(b)).load('values,numberFormat,formulas'));
    try {
      await ctx.sync();
    } catch (e) {
      if (!isPayloadError(e)) throw e;
      const only = group.length === 1 ? group[0]! : null;
      if (only && only.rows === 1) {
        throw new GatewayError('api', MESSAGES.tooLarge(sheets[only.sheet]!.name), { officeCode: officeCodeOf(e), cause: e });
      }
      // Our estimate was too low for this content: retry the same cells with half the budget.
      budget = Math.max(1, Math.min(budget, group.reduce((n, b) => n + bandCells(b), 0)) >> 1);
      pending.unshift(...group);
      continue;
    }
    group.forEach((band, i) => out.push({ band, range: ranges[i]! }));
  }
  return out;
}

function toCellRange(r: XlRange): CellRange {
  return { top: r.rowIndex, left: r.columnIndex, bottom: r.rowIndex + r.rowCount - 1, right: r.columnIndex + r.columnCount - 1 };
}

function asCellValue(v: unknown): CellValue {
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return v === null || v === undefined ? '' : String(v);
}

function assemble(sheets: XlWorksheet[], merged: (XlRangeAreas | null)[], data: { band: Band; range: XlRange }[], fileName: string | undefined): WorkbookSnapshot {
  const result: SheetSnapshot[] = sheets.map((ws, i) => {
    const snap: SheetSnapshot = { name: ws.name, values: [], numberFormats: [], formulas: [] };
    if (ws.visibility !== 'Visible') snap.hidden = true;
    const m = merged[i];
    if (m) snap.merges = m.isNullObject ? [] : m.areas.items.map(toCellRange);
    return snap;
  });
  for (const { band, range } of data) placeBand(result[band.sheet]!, band, range);
  return fileName ? { sheets: result, fileName } : { sheets: result };
}

/**
 * Writes a band's cells at their place. Rows start at A1: rows above the used parts stay [], cells
 * left of or between parts are "" (values) / null (formats, formulas). Bands of one sheet may share
 * rows (the used parts of a sparse sheet).
 */
function placeBand(snap: SheetSnapshot, band: Band, range: XlRange): void {
  const values = range.values;
  const formats = range.numberFormat;
  const formulas = range.formulas;
  const rows = snap.values;
  const nf = snap.numberFormats!;
  const fx = snap.formulas!;
  while (rows.length < band.top + band.rows) {
    rows.push([]);
    nf.push([]);
    fx.push([]);
  }
  for (let r = 0; r < band.rows; r++) {
    const vRow = rows[band.top + r]!;
    const nRow = nf[band.top + r]!;
    const fRow = fx[band.top + r]!;
    while (vRow.length < band.left) {
      vRow.push('');
      nRow.push(null);
      fRow.push(null);
    }
    const vs = values[r] ?? [];
    for (let c = 0; c < band.cols; c++) {
      const at = band.left + c;
      const v = asCellValue(vs[c]);
      const f = formats[r]?.[c];
      // Range.formulas echoes constants; only "=..." that differs from the value is a formula.
      const fm = formulas[r]?.[c];
      vRow[at] = v;
      nRow[at] = typeof f === 'string' ? f : null;
      fRow[at] = typeof fm === 'string' && fm.startsWith('=') && fm !== v ? fm : null;
    }
  }
}

// How a full read is cut into requests. Excel on the web refuses any request or response over 5 MB,
// so cell data is loaded in row bands, and bands are grouped into syncs under a byte budget. The
// number of syncs therefore depends on how many cells there are, never on how many sheets.

import { colName } from '../engine/grid';
import { MAX_SHEET_SLOTS, usedAreaProblem } from '../engine/limits';

/**
 * The refusal (one Chinese line naming the sheet) when a sheet's used area is past the limits every
 * reader shares (src/engine/limits.ts), checked before any band is loaded; null when it may be read.
 */
export function usedAreaRefusal(sheet: string, area: Pick<Band, 'rows' | 'cols'>): string | null {
  return usedAreaProblem(sheet, area.rows, area.cols);
}

/**
 * Slots the snapshot of one sheet allocates when its used parts are these bands (rows run from A1 to
 * their last used column, plus one per row; see src/engine/limits.ts): what a sparse sheet costs once
 * assembled, however few cells its parts hold. Linear in the bands' boundaries, not in rows.
 */
export function snapshotSlots(bands: readonly Pick<Band, 'top' | 'left' | 'rows' | 'cols'>[]): number {
  if (bands.length === 0) return 0;
  const cuts = [...new Set(bands.flatMap((b) => [b.top, b.top + b.rows]))].sort((a, b) => a - b);
  let slots = 0;
  for (let i = 0; i + 1 < cuts.length; i++) {
    let width = 0;
    for (const b of bands) if (b.top <= cuts[i]! && cuts[i]! < b.top + b.rows) width = Math.max(width, b.left + b.cols);
    slots += (cuts[i + 1]! - cuts[i]!) * width;
  }
  return slots + cuts[cuts.length - 1]!;
}

/** The refusal (naming the sheet) when a sheet's used parts would assemble into too big a snapshot. */
export function bandsRefusal(sheet: string, bands: readonly Pick<Band, 'top' | 'left' | 'rows' | 'cols'>[]): string | null {
  const slots = snapshotSlots(bands);
  if (slots <= MAX_SHEET_SLOTS) return null;
  const bottom = Math.max(...bands.map((b) => b.top + b.rows));
  const right = Math.max(...bands.map((b) => b.left + b.cols));
  return `工作表“${sheet}”的内容分布过广（用到第 ${bottom.toLocaleString('en-US')} 行、第 ${colName(right - 1)} 列，约 ${Math.round(slots / 10_000).toLocaleString('en-US')} 万个单元格的范围），超出读取上限；请在 Excel 中按 Ctrl+End 找到该表最后一个单元格，删除远处多余的行、列或内容并保存后再检查`;
}

/** Rough JSON size of one cell across values + formulas + numberFormat (CJK text is 3 bytes a char). */
export const EST_BYTES_PER_CELL = 96;
/** Per-sync budget, well under the 5 MB cap so an estimate that is off by a third still fits. */
export const SYNC_BUDGET_BYTES = 3_500_000;
/** Cells per band: large enough that small sheets are one band, small enough to pack syncs tightly. */
export const BAND_CELLS = 8_000;

export interface ReadTuning {
  estBytesPerCell?: number;
  syncBudgetBytes?: number;
  bandCells?: number;
}

/** A rectangle of one sheet, 0-based absolute row/column. */
export interface Band {
  sheet: number;
  top: number;
  left: number;
  rows: number;
  cols: number;
}

export function bandCells(b: Band): number {
  return b.rows * b.cols;
}

/** Cuts a used area into row bands of at most `maxCells` cells (at least one row each). */
export function splitIntoBands(area: Band, maxCells: number): Band[] {
  if (area.rows <= 0 || area.cols <= 0) return [];
  const rowsPerBand = Math.max(1, Math.floor(maxCells / area.cols));
  const bands: Band[] = [];
  for (let r = 0; r < area.rows; r += rowsPerBand) {
    bands.push({ ...area, top: area.top + r, rows: Math.min(rowsPerBand, area.rows - r) });
  }
  return bands;
}

/**
 * Takes the next group of bands whose cells fit `budgetCells` from the front of `pending`
 * (mutating it). A band bigger than the budget is cut to fit first; a one-row band that still does
 * not fit is taken alone.
 */
export function takeGroup(pending: Band[], budgetCells: number): Band[] {
  const group: Band[] = [];
  let cells = 0;
  while (pending.length) {
    const next = pending[0]!;
    if (bandCells(next) > budgetCells && next.rows > 1) {
      pending.splice(0, 1, ...splitIntoBands(next, budgetCells));
      continue;
    }
    if (group.length && cells + bandCells(next) > budgetCells) break;
    group.push(next);
    cells += bandCells(next);
    pending.shift();
  }
  return group;
}

/** Number of cells one sync may load under this tuning. */
export function budgetCells(t: ReadTuning = {}): number {
  const bytes = t.syncBudgetBytes ?? SYNC_BUDGET_BYTES;
  const per = t.estBytesPerCell ?? EST_BYTES_PER_CELL;
  return Math.max(1, Math.floor(bytes / per));
}

/** "A1:J200" for a band (plain A1, no sheet name: the range is taken from its worksheet). */
export function bandAddress(b: Band): string {
  const tl = `${colName(b.left)}${b.top + 1}`;
  const br = `${colName(b.left + b.cols - 1)}${b.top + b.rows}`;
  return tl === br ? tl : `${tl}:${br}`;
}

// ---- sparse sheets -----------------------------------------------------------------------------
// A used range is the bounding box of every value: a form at A1:J200 plus a stray value at Z70000
// spans 1.8 million cells, almost all empty. Before reading the cells of a large area, the reader asks
// Excel for the used part of each tile of it (Range.getUsedRangeOrNullObject, cheap to answer) and
// reads only those parts. Each probe level is one sync for all sheets; the depth is bounded.

/** Areas with more cells than this are probed before their cells are read. */
export const PROBE_ABOVE_CELLS = 50_000;
/** Tiles per probed area: rows × columns. */
export const PROBE_TILE_ROWS = 16;
export const PROBE_TILE_COLS = 8;
/** Probe levels at most (each one sync); what is still large after that is read as it is. */
export const PROBE_DEPTH = 2;
/** Probes per sync at most, over all sheets: a scatter too fine for that is read (or refused) as it is. */
export const MAX_PROBES = 512;

/** Tiles for each of `count` areas probed in one sync: the usual grid, fewer when many areas share the sync. */
export function tilesPerArea(count: number): { rows: number; cols: number } | null {
  const per = Math.floor(MAX_PROBES / Math.max(1, count));
  if (per < 2) return null;
  const cols = Math.min(PROBE_TILE_COLS, Math.max(1, Math.floor(Math.sqrt(per / 2))));
  return { rows: Math.min(PROBE_TILE_ROWS, Math.max(1, Math.floor(per / cols))), cols };
}

/** Columns are tiled only beyond this width (a form is a few dozen columns wide). */
export const PROBE_COLS_ABOVE = 64;

/** Cuts an area into at most rowsSplit × colsSplit tiles covering it exactly (narrow areas: rows only). */
export function tileArea(area: Band, rowsSplit = PROBE_TILE_ROWS, colsSplit = area.cols > PROBE_COLS_ABOVE ? PROBE_TILE_COLS : 1): Band[] {
  const rowStep = Math.max(1, Math.ceil(area.rows / rowsSplit));
  const colStep = Math.max(1, Math.ceil(area.cols / colsSplit));
  const tiles: Band[] = [];
  for (let r = 0; r < area.rows; r += rowStep) {
    for (let c = 0; c < area.cols; c += colStep) {
      tiles.push({ sheet: area.sheet, top: area.top + r, left: area.left + c, rows: Math.min(rowStep, area.rows - r), cols: Math.min(colStep, area.cols - c) });
    }
  }
  return tiles;
}

/** Whether an area is worth probing: large, and not already a single tile. */
export function shouldProbe(area: Band, aboveCells = PROBE_ABOVE_CELLS): boolean {
  return bandCells(area) > aboveCells && (area.rows > 1 || area.cols > 1);
}

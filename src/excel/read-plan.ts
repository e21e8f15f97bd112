// How a full read is cut into requests. Excel on the web refuses any request or response over 5 MB,
// so cell data is loaded in row bands, and bands are grouped into syncs under a byte budget. The
// number of syncs therefore depends on how many cells there are, never on how many sheets.

import { colName } from '../engine/grid';
import { usedAreaProblem } from '../engine/limits';

/**
 * The refusal (one Chinese line naming the sheet) when a sheet's used area is past the limits every
 * reader shares (src/engine/limits.ts), checked before any band is loaded; null when it may be read.
 */
export function usedAreaRefusal(sheet: string, area: Pick<Band, 'rows' | 'cols'>): string | null {
  return usedAreaProblem(sheet, area.rows, area.cols);
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

// Read access to one sheet snapshot: merge-aware values, cached normalised labels, A1 addresses.
import type { CheckMemo } from './memo';
import type { CellRange, CellValue, SheetSnapshot } from './types';
import { normalizeLabel } from './values';

function buildColName(col: number): string {
  let s = '';
  let n = col + 1;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

// A..ZZ covers every column a form uses; addresses are built for every finding and indicator summary.
const COL_NAMES: string[] = Array.from({ length: 702 }, (_, i) => buildColName(i));

export function colName(col: number): string {
  return col >= 0 && col < COL_NAMES.length ? COL_NAMES[col]! : buildColName(col);
}

export function a1(row: number, col: number): string {
  return colName(col) + (row + 1);
}

export function rangeA1(r: CellRange): string {
  const tl = a1(r.top, r.left);
  const br = a1(r.bottom, r.right);
  return tl === br ? tl : `${tl}:${br}`;
}

/** Excel's grid: 1,048,576 rows × 16,384 columns (XFD). */
export const EXCEL_MAX_ROWS = 1_048_576;
export const EXCEL_MAX_COLS = 16_384;

/**
 * The one A1-address parser: "B7", "$B$7", "b7" → {row: 6, col: 1} (0-based); null when not a one-cell
 * address inside Excel's grid.
 */
export function parseA1(address: unknown): { row: number; col: number } | null {
  if (typeof address !== 'string') return null;
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(address.trim());
  if (!m) return null;
  let col = 0;
  for (const ch of m[1]!.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  const row = Number(m[2]);
  if (col < 1 || col > EXCEL_MAX_COLS || row < 1 || row > EXCEL_MAX_ROWS) return null;
  return { row: row - 1, col: col - 1 };
}

// Sheets up to this many cells (+1 row and column) keep merge ids in one flat array (4 bytes a cell).
const FLAT_LIMIT = 4_000_000;
/**
 * Work spent indexing merged areas, in cells (flat array) or row entries (row lists). Areas that do
 * not overlap cover at most the grid, so this only cuts off hostile snapshots with overlapping
 * areas: indexing stays linear in the number of merges and the grid's size, whatever they claim.
 */
const MERGE_WORK_LIMIT = 8_000_000;

/** In row-list mode, areas at least this tall (up to MAX_TALL of them) are kept as one entry. */
const TALL_ROWS = 1024;
const MAX_TALL = 32;

const EMPTY_ROW: readonly CellValue[] = [];

export class Grid {
  readonly name: string;
  readonly rowCount: number;
  readonly colCount: number;
  private readonly snap: SheetSnapshot;
  private readonly merges: CellRange[] = [];
  /**
   * 1 + index into `merges` for each cell (0 = not merged): one flat array for ordinary sheets;
   * for big sparse ones, per merged row a list of [left, right, id] triples sorted by left (no
   * memory per merged cell, so an area over the whole sheet costs one entry a row).
   */
  private readonly mergeFlat: Int32Array | null = null;
  private readonly mergeRows: (Int32Array | number[] | undefined)[] | null = null;
  private readonly stride: number;
  /** Row-list mode: a few very tall areas as [top, left, bottom, right, id] quintuples. */
  private readonly tall: number[] = [];
  /** Normalised labels, per row, filled on first use. */
  private readonly labelRows: (string[] | undefined)[];
  private hasAnyMerge = false;

  /** The caches of the check this grid is read for (absent for a grid made on its own). */
  readonly memo: CheckMemo | undefined;

  constructor(snap: SheetSnapshot, memo?: CheckMemo) {
    this.snap = snap;
    this.memo = memo;
    this.name = typeof snap.name === 'string' ? snap.name : String(snap.name);
    const rows = Array.isArray(snap.values) ? snap.values : [];
    this.rowCount = rows.length;
    let cols = 0;
    for (const row of rows) if (Array.isArray(row) && row.length > cols) cols = row.length;
    this.colCount = cols;
    this.stride = this.colCount + 1;
    this.labelRows = new Array<string[] | undefined>(this.rowCount);
    const merges = Array.isArray(snap.merges) ? snap.merges : [];
    if (merges.length === 0) return;
    // Merges may reach one row/column past the data (clipped below), hence the +1s.
    const flat = (this.rowCount + 1) * this.stride <= FLAT_LIMIT;
    if (flat) this.mergeFlat = new Int32Array((this.rowCount + 1) * this.stride);
    else this.mergeRows = new Array<number[] | undefined>(this.rowCount + 1);
    let work = 0;
    for (const m of merges) {
      if (!m || !(m.bottom >= m.top) || !(m.right >= m.left)) continue;
      const top = Math.max(m.top, 0);
      const left = Math.max(m.left, 0);
      const bottom = Math.min(m.bottom, this.rowCount);
      const right = Math.min(m.right, this.colCount);
      if (top > bottom || left > right) continue;
      const tall = !flat && bottom - top >= TALL_ROWS && this.tall.length < MAX_TALL;
      work += flat ? (bottom - top + 1) * (right - left + 1) : tall ? 1 : bottom - top + 1;
      if (work > MERGE_WORK_LIMIT) break;
      this.merges.push(m);
      const id = this.merges.length; // 1-based; later merges win where areas overlap
      this.hasAnyMerge = true;
      if (tall) {
        // One entry, whatever its height (an area over the whole sheet): checked on every lookup.
        this.tall.push(top, left, bottom, right, id);
        continue;
      }
      for (let r = top; r <= bottom; r++) {
        if (this.mergeFlat) {
          this.mergeFlat.fill(id, r * this.stride + left, r * this.stride + right + 1);
          continue;
        }
        const line = (this.mergeRows![r] ??= []) as number[];
        line.push(left, right, id);
      }
    }
    if (this.mergeRows) {
      for (let r = 0; r < this.mergeRows.length; r++) {
        const line = this.mergeRows[r] as number[] | undefined;
        if (!line || line.length <= 3) continue;
        const triples: [number, number, number][] = [];
        for (let i = 0; i < line.length; i += 3) triples.push([line[i]!, line[i + 1]!, line[i + 2]!]);
        // Later merges first, so a lookup finds the one that wins an overlap.
        triples.sort((a, b) => a[0] - b[0] || b[2] - a[2]);
        this.mergeRows[r] = Int32Array.from(triples.flat());
      }
    }
  }

  /** Id of the merge covering (row, col) in a row list, 0 when none. */
  private static lookup(line: Int32Array | number[] | undefined, col: number): number {
    if (!line) return 0;
    const n = line.length / 3;
    if (n <= 8) {
      let best = 0;
      for (let i = 0; i < line.length; i += 3) if (line[i]! <= col && col <= line[i + 1]! && line[i + 2]! > best) best = line[i + 2]!;
      return best;
    }
    // Sorted by left: the candidates start at or before col.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (line[mid * 3]! <= col) lo = mid + 1;
      else hi = mid;
    }
    let best = 0;
    for (let i = lo - 1; i >= 0 && i >= lo - 64; i--) if (col <= line[i * 3 + 1]! && line[i * 3 + 2]! > best) best = line[i * 3 + 2]!;
    return best;
  }

  /** The value Excel reports for this cell ("" for merged non-anchor cells). */
  raw(row: number, col: number): CellValue {
    const r = this.snap.values[row];
    if (!r) return null;
    const v = r[col];
    return v === undefined ? null : v;
  }

  private mergeAt(row: number, col: number): CellRange | undefined {
    if (!this.hasAnyMerge || row < 0 || col < 0 || row > this.rowCount || col > this.colCount) return undefined;
    let id = this.mergeFlat ? this.mergeFlat[row * this.stride + col] : Grid.lookup(this.mergeRows![row], col);
    const tall = this.tall;
    for (let i = 0; i < tall.length; i += 5) {
      if (tall[i + 4]! > (id ?? 0) && row >= tall[i]! && row <= tall[i + 2]! && col >= tall[i + 1]! && col <= tall[i + 3]!) id = tall[i + 4]!;
    }
    return id ? this.merges[id - 1] : undefined;
  }

  /** The value shown in this cell: a merged cell shows its anchor's value. */
  value(row: number, col: number): CellValue {
    const m = this.mergeAt(row, col);
    return m === undefined ? this.raw(row, col) : this.raw(m.top, m.left);
  }

  /** The cell a user edits for this position: the anchor of its merged area, or itself. */
  anchor(row: number, col: number): { row: number; col: number } {
    const m = this.mergeAt(row, col);
    return m === undefined ? { row, col } : { row: m.top, col: m.left };
  }

  /** Row of anchor(row, col), without allocating. */
  anchorRow(row: number, col: number): number {
    const m = this.mergeAt(row, col);
    return m === undefined ? row : m.top;
  }

  /** Column of anchor(row, col), without allocating. */
  anchorCol(row: number, col: number): number {
    const m = this.mergeAt(row, col);
    return m === undefined ? col : m.left;
  }

  merge(row: number, col: number): CellRange | undefined {
    return this.mergeAt(row, col);
  }

  hasMerges(): boolean {
    return this.hasAnyMerge;
  }

  isAnchorOrPlain(row: number, col: number): boolean {
    const m = this.mergeAt(row, col);
    return m === undefined || (m.top === row && m.left === col);
  }

  numberFormat(row: number, col: number): string | null {
    const m = this.mergeAt(row, col);
    const f = m === undefined ? this.snap.numberFormats?.[row]?.[col] : this.snap.numberFormats?.[m.top]?.[m.left];
    return typeof f === 'string' ? f : null;
  }

  formula(row: number, col: number): string | null {
    const f = this.snap.formulas?.[row]?.[col];
    return typeof f === 'string' && f !== '' ? f : null;
  }

  /** Normalised label of a string cell (merge-aware), "" for non-strings. Cached. */
  label(row: number, col: number): string {
    const v = this.value(row, col);
    if (typeof v !== 'string' || v === '') return '';
    if (row < 0 || row >= this.rowCount || col < 0) return normalizeLabel(v);
    let line = this.labelRows[row];
    if (line === undefined) {
      line = [];
      this.labelRows[row] = line;
    }
    const cached = line[col];
    if (cached !== undefined) return cached;
    const s = normalizeLabel(v);
    line[col] = s;
    return s;
  }

  /** A row's stored values (what raw() reads; "" in merged non-anchor cells), for tight scans. Never mutate. */
  rowValues(row: number): readonly CellValue[] {
    const r = this.snap.values[row];
    return Array.isArray(r) ? r : EMPTY_ROW;
  }

  /** Length of a row as stored. */
  rowLength(row: number): number {
    const r = this.snap.values[row];
    return Array.isArray(r) ? r.length : 0;
  }

  isEmpty(row: number, col: number): boolean {
    const v = this.value(row, col);
    return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
  }

  isRowEmpty(row: number, from = 0, to = this.colCount - 1): boolean {
    for (let c = from; c <= to; c++) if (!this.isEmpty(row, c)) return false;
    return true;
  }
}

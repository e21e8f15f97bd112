// Read access to one sheet snapshot: merge-aware values, cached normalised labels, A1 addresses.
import type { CellRange, CellValue, SheetSnapshot } from './types';
import { normalizeLabel } from './values';

const COL_SPAN = 1 << 15; // > 16384 Excel columns, so r * COL_SPAN + c is unique

export function colName(col: number): string {
  let s = '';
  let n = col + 1;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function a1(row: number, col: number): string {
  return `${colName(col)}${row + 1}`;
}

export function rangeA1(r: CellRange): string {
  const tl = a1(r.top, r.left);
  const br = a1(r.bottom, r.right);
  return tl === br ? tl : `${tl}:${br}`;
}

/** Parses "B7" → {row: 6, col: 1}; null when not an address. */
export function parseA1(address: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(address.trim());
  if (!m) return null;
  let col = 0;
  for (const ch of m[1]!.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, col: col - 1 };
}

export class Grid {
  readonly name: string;
  readonly rowCount: number;
  readonly colCount: number;
  private readonly snap: SheetSnapshot;
  private readonly anchorOf = new Map<number, number>();
  private readonly mergeOf = new Map<number, CellRange>();
  private readonly labels = new Map<number, string>();
  /** 1 for rows that touch a merged area: every other row skips the merge lookups. */
  private readonly mergedRows: Uint8Array;

  constructor(snap: SheetSnapshot) {
    this.snap = snap;
    this.name = typeof snap.name === 'string' ? snap.name : String(snap.name);
    const rows = Array.isArray(snap.values) ? snap.values : [];
    this.rowCount = rows.length;
    let cols = 0;
    for (const row of rows) if (Array.isArray(row) && row.length > cols) cols = row.length;
    this.colCount = cols;
    this.mergedRows = new Uint8Array(this.rowCount + 1);
    for (const m of snap.merges ?? []) {
      if (!m || !(m.bottom >= m.top) || !(m.right >= m.left)) continue;
      // Bound absurd merges so a hostile snapshot cannot make us allocate millions of entries.
      const bottom = Math.min(m.bottom, m.top + 2000, this.rowCount);
      const right = Math.min(m.right, m.left + 200, this.colCount);
      const anchor = m.top * COL_SPAN + m.left;
      for (let r = m.top; r <= bottom; r++) {
        if (r >= 0 && r < this.mergedRows.length) this.mergedRows[r] = 1;
        for (let c = m.left; c <= right; c++) {
          const k = r * COL_SPAN + c;
          this.anchorOf.set(k, anchor);
          this.mergeOf.set(k, m);
        }
      }
    }
  }

  /** The value Excel reports for this cell ("" for merged non-anchor cells). */
  raw(row: number, col: number): CellValue {
    const r = this.snap.values[row];
    if (!r) return null;
    const v = r[col];
    return v === undefined ? null : v;
  }

  /** The value shown in this cell: a merged cell shows its anchor's value. */
  value(row: number, col: number): CellValue {
    if (this.mergedRows[row] !== 1) return this.raw(row, col);
    const anchor = this.anchorOf.get(row * COL_SPAN + col);
    if (anchor === undefined) return this.raw(row, col);
    return this.raw(Math.floor(anchor / COL_SPAN), anchor % COL_SPAN);
  }

  /** The cell a user edits for this position: the anchor of its merged area, or itself. */
  anchor(row: number, col: number): { row: number; col: number } {
    const anchor = this.mergedRows[row] !== 1 ? undefined : this.anchorOf.get(row * COL_SPAN + col);
    if (anchor === undefined) return { row, col };
    return { row: Math.floor(anchor / COL_SPAN), col: anchor % COL_SPAN };
  }

  merge(row: number, col: number): CellRange | undefined {
    if (this.mergedRows[row] !== 1) return undefined;
    return this.mergeOf.get(row * COL_SPAN + col);
  }

  hasMerges(): boolean {
    return this.anchorOf.size > 0;
  }

  isAnchorOrPlain(row: number, col: number): boolean {
    if (this.mergedRows[row] !== 1) return true;
    const a = this.anchorOf.get(row * COL_SPAN + col);
    return a === undefined || a === row * COL_SPAN + col;
  }

  numberFormat(row: number, col: number): string | null {
    const a = this.anchor(row, col);
    const f = this.snap.numberFormats?.[a.row]?.[a.col];
    return typeof f === 'string' ? f : null;
  }

  formula(row: number, col: number): string | null {
    const f = this.snap.formulas?.[row]?.[col];
    return typeof f === 'string' && f !== '' ? f : null;
  }

  /** Normalised label of a string cell (merge-aware), "" for non-strings. Cached. */
  label(row: number, col: number): string {
    const k = row * COL_SPAN + col;
    const cached = this.labels.get(k);
    if (cached !== undefined) return cached;
    const v = this.value(row, col);
    const s = typeof v === 'string' && v !== '' ? normalizeLabel(v) : '';
    this.labels.set(k, s);
    return s;
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

// An in-memory workbook for the fake Excel host: sheets of cells (value, formula, number format,
// fill), merged areas, conditional formats, notes, protection, the active sheet and selection.
// Browser-compatible (no Node imports): the preview page runs it too.

export type HostValue = number | string | boolean;

export interface HostCell {
  /** The value Excel shows ("" when empty). Percent cells hold fractions (0.9662 for 96.62%). */
  value: HostValue;
  formula?: string;
  numberFormat?: string;
  /** The cell's own fill colour, e.g. "#FFFF00". */
  fill?: string;
  /** Font bold / wrap text, as set through Range.format (the text insert sets them). */
  bold?: boolean;
  wrapText?: boolean;
}

/** 0-based inclusive rectangle. */
export interface HostRect {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface HostConditionalFormat {
  /** "Custom", "CellValue", "ColorScale", "DataBar", … */
  type: string;
  range: HostRect;
  /** Custom rule formula, or the CellValue rule's formula1. */
  formula?: string;
  fill?: string;
  fontColor?: string;
  stopIfTrue: boolean;
}

export interface HostNote {
  content: string;
  author: string;
}

export type HostVisibility = 'Visible' | 'Hidden' | 'VeryHidden';

export interface HostSheet {
  /** Stable across renames, like Excel's Worksheet.id (a GUID there); event args carry it. */
  id: string;
  name: string;
  visibility: HostVisibility;
  protected: boolean;
  /** key = row * MAX_COLS + col */
  cells: Map<number, HostCell>;
  merges: HostRect[];
  /** In priority order: index 0 is evaluated first. */
  conditionalFormats: HostConditionalFormat[];
  /** A1 address → note. */
  notes: Map<string, HostNote>;
  /** A1 address of the selection on this sheet. */
  selection: string;
  /** Column index → width in points, for columns whose width was set. */
  columnWidths: Map<number, number>;
}

export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384;

export function cellKey(row: number, col: number): number {
  return row * MAX_COLS + col;
}

// A1 addresses are the engine's (one implementation for every shell).
import { a1 as cellA1, colName as colLetters, parseA1 } from '../engine/grid';
export { cellA1, colLetters };

export function rectA1(r: HostRect): string {
  const a = cellA1(r.top, r.left);
  const b = cellA1(r.bottom, r.right);
  return a === b ? a : `${a}:${b}`;
}

function parseCellRef(ref: string): { row: number; col: number } | null {
  const p = parseA1(ref);
  return p && p.col < MAX_COLS && p.row < MAX_ROWS ? p : null;
}

/** "B7", "A1:C3", "$A$1:$B$2"; also whole columns "A:C" and rows "2:5". Null when invalid. */
export function parseRect(address: string): HostRect | null {
  const text = address.trim();
  const parts = text.split(':');
  if (parts.length > 2 || parts.some((p) => p === '')) return null;
  const cols = /^\$?([A-Za-z]{1,3})$/;
  const rows = /^\$?(\d{1,7})$/;
  if (parts.length === 2 && cols.test(parts[0]!) && cols.test(parts[1]!)) {
    const a = parseCellRef(`${parts[0]}1`);
    const b = parseCellRef(`${parts[1]}1`);
    if (!a || !b) return null;
    return { top: 0, bottom: MAX_ROWS - 1, left: Math.min(a.col, b.col), right: Math.max(a.col, b.col) };
  }
  if (parts.length === 2 && rows.test(parts[0]!) && rows.test(parts[1]!)) {
    const a = Number(parts[0]!.replace('$', '')) - 1;
    const b = Number(parts[1]!.replace('$', '')) - 1;
    if (a < 0 || b < 0 || a >= MAX_ROWS || b >= MAX_ROWS) return null;
    return { top: Math.min(a, b), bottom: Math.max(a, b), left: 0, right: MAX_COLS - 1 };
  }
  const a = parseCellRef(parts[0]!);
  const b = parts.length === 2 ? parseCellRef(parts[1]!) : a;
  if (!a || !b) return null;
  return { top: Math.min(a.row, b.row), bottom: Math.max(a.row, b.row), left: Math.min(a.col, b.col), right: Math.max(a.col, b.col) };
}

export function intersects(a: HostRect, b: HostRect): boolean {
  return a.top <= b.bottom && b.top <= a.bottom && a.left <= b.right && b.left <= a.right;
}

export function isEmptyCell(c: HostCell | undefined): boolean {
  return !c || ((c.value === '' || c.value === null || c.value === undefined) && !c.formula);
}

function sheetRef(name: string): string {
  return /^[A-Za-z_\u4e00-\u9fff][A-Za-z0-9_.\u4e00-\u9fff]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

/** "Sheet1!A1:B2" / "'My sheet'!A1", as Excel reports Range.address. */
export function qualifiedAddress(sheet: string, r: HostRect): string {
  return `${sheetRef(sheet)}!${rectA1(r)}`;
}

// ---- snapshot-like input -------------------------------------------------------------------------

type Rectish = HostRect | string;

export interface SheetLike {
  name: string;
  /** Row-major from A1. null / undefined / "" are empty cells. */
  values?: (HostValue | null | undefined)[][];
  formulas?: (string | null | undefined)[][];
  numberFormats?: (string | null | undefined)[][];
  fills?: (string | null | undefined)[][];
  merges?: Rectish[];
  hidden?: boolean;
  visibility?: HostVisibility;
  protected?: boolean;
  conditionalFormats?: (Omit<HostConditionalFormat, 'range' | 'stopIfTrue'> & { range: Rectish; stopIfTrue?: boolean })[];
  /** A1 → content */
  notes?: Record<string, string>;
}

export interface WorkbookLike {
  sheets: SheetLike[];
  activeSheet?: string;
}

/** A cell as cellsState() reports it: the same fields a host cell holds. */
export type CellState = HostCell;

export interface SheetState {
  name: string;
  visibility: HostVisibility;
  protected: boolean;
  cells: Record<string, CellState>;
  merges: string[];
  conditionalFormats: { type: string; range: string; formula?: string; fill?: string; fontColor?: string; stopIfTrue: boolean }[];
  notes: Record<string, string>;
  selection: string;
  /** Column letters → width in points; present only when some width was set. */
  columnWidths?: Record<string, number>;
}

export interface WorkbookState {
  activeSheet: string;
  sheets: SheetState[];
}

export interface SnapshotForTest {
  sheets: {
    name: string;
    values: HostValue[][];
    numberFormats: (string | null)[][];
    formulas: (string | null)[][];
    merges?: HostRect[];
    hidden?: boolean;
  }[];
}

function toRect(r: Rectish): HostRect {
  if (typeof r !== 'string') return { ...r };
  const parsed = parseRect(r);
  if (!parsed) throw new Error(`bad range ${r}`);
  return parsed;
}

let nextSheetId = 1;

export class HostWorkbook {
  sheets: HostSheet[] = [];
  activeSheet = '';

  /** A deep copy (the fake host's undo stack keeps these). */
  clone(): HostWorkbook {
    const wb = new HostWorkbook();
    wb.activeSheet = this.activeSheet;
    wb.sheets = this.sheets.map((s) => ({
      ...s,
      cells: new Map([...s.cells].map(([k, c]) => [k, { ...c }] as const)),
      merges: s.merges.map((m) => ({ ...m })),
      conditionalFormats: s.conditionalFormats.map((cf) => ({ ...cf, range: { ...cf.range } })),
      notes: new Map([...s.notes].map(([k, n]) => [k, { ...n }] as const)),
      columnWidths: new Map(s.columnWidths),
    }));
    return wb;
  }

  /** Puts this workbook back to `other`'s content (an undo), keeping object identity of the workbook. */
  restoreFrom(other: HostWorkbook): void {
    const copy = other.clone();
    this.sheets = copy.sheets;
    this.activeSheet = copy.activeSheet;
  }

  static fromSnapshotLike(input: WorkbookLike): HostWorkbook {
    const wb = new HostWorkbook();
    for (const s of input.sheets) {
      const sheet = wb.addSheet(s.name);
      sheet.visibility = s.visibility ?? (s.hidden ? 'Hidden' : 'Visible');
      const rows = Math.max(s.values?.length ?? 0, s.formulas?.length ?? 0, s.numberFormats?.length ?? 0, s.fills?.length ?? 0);
      for (let r = 0; r < rows; r++) {
        const width = Math.max(s.values?.[r]?.length ?? 0, s.formulas?.[r]?.length ?? 0, s.numberFormats?.[r]?.length ?? 0, s.fills?.[r]?.length ?? 0);
        for (let c = 0; c < width; c++) {
          const v = s.values?.[r]?.[c];
          const cell: HostCell = { value: v === null || v === undefined ? '' : v };
          const f = s.formulas?.[r]?.[c];
          if (typeof f === 'string' && f.startsWith('=')) cell.formula = f;
          const nf = s.numberFormats?.[r]?.[c];
          if (typeof nf === 'string' && nf !== '' && nf !== 'General') cell.numberFormat = nf;
          const fill = s.fills?.[r]?.[c];
          if (typeof fill === 'string' && fill !== '') cell.fill = fill;
          if (isEmptyCell(cell) && !cell.numberFormat && !cell.fill) continue;
          sheet.cells.set(cellKey(r, c), cell);
        }
      }
      for (const m of s.merges ?? []) wb.merge(s.name, m);
      for (const cf of s.conditionalFormats ?? []) {
        sheet.conditionalFormats.push({ ...cf, range: toRect(cf.range), stopIfTrue: cf.stopIfTrue ?? false });
      }
      for (const [addr, content] of Object.entries(s.notes ?? {})) wb.addNote(s.name, addr, content);
      sheet.protected = s.protected === true;
    }
    if (input.activeSheet) wb.activeSheet = input.activeSheet;
    return wb;
  }

  addSheet(name: string): HostSheet {
    if (this.sheets.some((s) => s.name === name)) throw new Error(`sheet exists: ${name}`);
    const sheet: HostSheet = {
      id: `{${String(nextSheetId++).padStart(8, '0')}-0001-0000-0000-000000000000}`,
      name,
      visibility: 'Visible',
      protected: false,
      cells: new Map(),
      merges: [],
      conditionalFormats: [],
      notes: new Map(),
      selection: 'A1',
      columnWidths: new Map(),
    };
    this.sheets.push(sheet);
    if (!this.activeSheet) this.activeSheet = name;
    return sheet;
  }

  sheet(name: string): HostSheet {
    const s = this.sheets.find((x) => x.name === name);
    if (!s) throw new Error(`no sheet ${name}`);
    return s;
  }

  /** By name (as Excel, case-insensitively) or by id. */
  findSheet(nameOrId: string): HostSheet | undefined {
    const lower = nameOrId.toLowerCase();
    return this.sheets.find((x) => x.name === nameOrId) ?? this.sheets.find((x) => x.id === nameOrId || x.name.toLowerCase() === lower);
  }

  deleteSheet(name: string): void {
    this.sheets = this.sheets.filter((s) => s.name !== name);
    if (this.activeSheet === name) this.activeSheet = this.sheets[0]?.name ?? '';
  }

  renameSheet(from: string, to: string): void {
    this.sheet(from).name = to;
    if (this.activeSheet === from) this.activeSheet = to;
  }

  setCell(sheet: string, address: string, cell: Partial<HostCell>): void {
    const r = parseRect(address);
    if (!r) throw new Error(`bad address ${address}`);
    const s = this.sheet(sheet);
    const key = cellKey(r.top, r.left);
    const next: HostCell = { ...(s.cells.get(key) ?? { value: '' }), ...cell };
    s.cells.set(key, next);
  }

  getCell(sheet: string, address: string): HostCell | undefined {
    const r = parseRect(address);
    if (!r) throw new Error(`bad address ${address}`);
    return this.sheet(sheet).cells.get(cellKey(r.top, r.left));
  }

  merge(sheet: string, range: Rectish): void {
    const rect = toRect(range);
    const s = this.sheet(sheet);
    s.merges.push(rect);
    // Excel keeps only the anchor's content in a merged area. Visit whichever is smaller, the area or
    // the stored cells, so many merges on a big sheet stay linear.
    const area = (rect.bottom - rect.top + 1) * (rect.right - rect.left + 1);
    if (area < s.cells.size) {
      for (let row = rect.top; row <= rect.bottom; row++) {
        for (let col = rect.left; col <= rect.right; col++) {
          if (row === rect.top && col === rect.left) continue;
          const cell = s.cells.get(cellKey(row, col));
          if (cell) {
            cell.value = '';
            delete cell.formula;
          }
        }
      }
      return;
    }
    for (const [key, cell] of s.cells) {
      const row = Math.floor(key / MAX_COLS);
      const col = key % MAX_COLS;
      if (row >= rect.top && row <= rect.bottom && col >= rect.left && col <= rect.right && !(row === rect.top && col === rect.left)) {
        cell.value = '';
        delete cell.formula;
      }
    }
  }

  addConditionalFormat(sheet: string, cf: Omit<HostConditionalFormat, 'range' | 'stopIfTrue'> & { range: Rectish; stopIfTrue?: boolean }): void {
    this.sheet(sheet).conditionalFormats.unshift({ ...cf, range: toRect(cf.range), stopIfTrue: cf.stopIfTrue ?? false });
  }

  addNote(sheet: string, address: string, content: string, author = '用户'): void {
    const r = parseRect(address);
    if (!r) throw new Error(`bad address ${address}`);
    this.sheet(sheet).notes.set(cellA1(r.top, r.left), { content, author });
  }

  /** The merged area whose non-anchor part contains (row, col), if any. */
  mergeCovering(sheet: HostSheet, row: number, col: number): HostRect | undefined {
    return sheet.merges.find((m) => row >= m.top && row <= m.bottom && col >= m.left && col <= m.right);
  }

  /** usedRect clipped to `within` (Range.getUsedRange on a part of the sheet). */
  usedRectWithin(sheet: HostSheet, within: HostRect, valuesOnly: boolean): HostRect | null {
    const area = (within.bottom - within.top + 1) * (within.right - within.left + 1);
    if (area >= sheet.cells.size) return this.usedRect(sheet, valuesOnly, within);
    // A small window of a big sheet: look the cells up instead of walking the whole sheet.
    const found: HostRect = { top: Infinity, left: Infinity, bottom: -1, right: -1 };
    for (let r = within.top; r <= within.bottom; r++) {
      for (let c = within.left; c <= within.right; c++) {
        const cell = sheet.cells.get(cellKey(r, c));
        if (!cell) continue;
        const formatted = cell.numberFormat !== undefined || cell.fill !== undefined || cell.bold !== undefined || cell.wrapText !== undefined;
        if (isEmptyCell(cell) && (valuesOnly || !formatted)) continue;
        found.top = Math.min(found.top, r);
        found.bottom = Math.max(found.bottom, r);
        found.left = Math.min(found.left, c);
        found.right = Math.max(found.right, c);
      }
    }
    if (!valuesOnly) {
      for (const m of sheet.merges) {
        if (!intersects(m, within)) continue;
        found.top = Math.min(found.top, m.top);
        found.left = Math.min(found.left, m.left);
        found.bottom = Math.max(found.bottom, m.bottom);
        found.right = Math.max(found.right, m.right);
      }
    }
    return found.bottom < 0 ? null : found;
  }

  /** Bounding box of cells with content (valuesOnly) or with content or formatting. */
  usedRect(sheet: HostSheet, valuesOnly: boolean, within?: HostRect): HostRect | null {
    let top = Infinity;
    let left = Infinity;
    let bottom = -1;
    let right = -1;
    for (const [key, cell] of sheet.cells) {
      const formatted = cell.numberFormat !== undefined || cell.fill !== undefined || cell.bold !== undefined || cell.wrapText !== undefined;
      const used = !isEmptyCell(cell) || (!valuesOnly && formatted);
      if (!used) continue;
      const row = Math.floor(key / MAX_COLS);
      const col = key % MAX_COLS;
      if (within && (row < within.top || row > within.bottom || col < within.left || col > within.right)) continue;
      if (row < top) top = row;
      if (row > bottom) bottom = row;
      if (col < left) left = col;
      if (col > right) right = col;
    }
    if (!valuesOnly) {
      for (const m of sheet.merges) {
        if (within && !intersects(m, within)) continue;
        top = Math.min(top, m.top);
        left = Math.min(left, m.left);
        bottom = Math.max(bottom, m.bottom);
        right = Math.max(right, m.right);
      }
    }
    return bottom < 0 ? null : { top, left, bottom, right };
  }

  /** What Excel reports as Range.values for one cell. */
  valueAt(sheet: HostSheet, row: number, col: number): HostValue {
    const m = this.mergeCovering(sheet, row, col);
    if (m && (m.top !== row || m.left !== col)) return '';
    const cell = sheet.cells.get(cellKey(row, col));
    return cell ? cell.value : '';
  }

  /** What Excel reports as Range.formulas: the formula, else the constant itself. */
  formulaAt(sheet: HostSheet, row: number, col: number): HostValue {
    const m = this.mergeCovering(sheet, row, col);
    if (m && (m.top !== row || m.left !== col)) return '';
    const cell = sheet.cells.get(cellKey(row, col));
    if (!cell) return '';
    return cell.formula ?? cell.value;
  }

  numberFormatAt(sheet: HostSheet, row: number, col: number): string {
    return sheet.cells.get(cellKey(row, col))?.numberFormat ?? 'General';
  }

  /** Every cell's value/formula/format/fill plus formats, notes, merges: for before/after comparisons. */
  cellsState(): WorkbookState {
    return {
      activeSheet: this.activeSheet,
      sheets: this.sheets.map((s) => {
        const cells: Record<string, CellState> = {};
        const keys = [...s.cells.keys()].sort((a, b) => a - b);
        for (const key of keys) {
          const c = s.cells.get(key)!;
          const state: CellState = { value: c.value };
          if (c.formula !== undefined) state.formula = c.formula;
          if (c.numberFormat !== undefined) state.numberFormat = c.numberFormat;
          if (c.fill !== undefined) state.fill = c.fill;
          if (c.bold !== undefined) state.bold = c.bold;
          if (c.wrapText !== undefined) state.wrapText = c.wrapText;
          cells[cellA1(Math.floor(key / MAX_COLS), key % MAX_COLS)] = state;
        }
        const notes: Record<string, string> = {};
        for (const addr of [...s.notes.keys()].sort()) notes[addr] = s.notes.get(addr)!.content;
        const widths: Record<string, number> = {};
        for (const col of [...s.columnWidths.keys()].sort((a, b) => a - b)) widths[colLetters(col)] = s.columnWidths.get(col)!;
        return {
          name: s.name,
          visibility: s.visibility,
          protected: s.protected,
          cells,
          merges: s.merges.map(rectA1),
          conditionalFormats: s.conditionalFormats.map((cf) => {
            const out: SheetState['conditionalFormats'][number] = { type: cf.type, range: rectA1(cf.range), stopIfTrue: cf.stopIfTrue };
            if (cf.formula !== undefined) out.formula = cf.formula;
            if (cf.fill !== undefined) out.fill = cf.fill;
            if (cf.fontColor !== undefined) out.fontColor = cf.fontColor;
            return out;
          }),
          notes,
          selection: s.selection,
          ...(s.columnWidths.size ? { columnWidths: widths } : {}),
        };
      }),
    };
  }

  /**
   * The snapshot a correct reader produces: rows from A1 down to the values-only used range's last
   * row, rows above it empty ([]), each used row padded with "" (values) / null (formats, formulas)
   * left of the used range; numberFormats "General" when unset; formulas only for formula cells.
   */
  toSnapshotForTest(options: { merges?: boolean } = {}): SnapshotForTest {
    const withMerges = options.merges !== false;
    return {
      sheets: this.sheets.map((s) => {
        const out: SnapshotForTest['sheets'][number] = { name: s.name, values: [], numberFormats: [], formulas: [] };
        const used = this.usedRect(s, true);
        if (used) {
          for (let r = 0; r <= used.bottom; r++) {
            if (r < used.top) {
              out.values.push([]);
              out.numberFormats.push([]);
              out.formulas.push([]);
              continue;
            }
            const v: HostValue[] = [];
            const n: (string | null)[] = [];
            const f: (string | null)[] = [];
            for (let c = 0; c <= used.right; c++) {
              if (c < used.left) {
                v.push('');
                n.push(null);
                f.push(null);
                continue;
              }
              v.push(this.valueAt(s, r, c));
              n.push(this.numberFormatAt(s, r, c));
              const cell = s.cells.get(cellKey(r, c));
              const m = this.mergeCovering(s, r, c);
              const nonAnchor = m !== undefined && (m.top !== r || m.left !== c);
              f.push(cell?.formula !== undefined && !nonAnchor ? cell.formula : null);
            }
            out.values.push(v);
            out.numberFormats.push(n);
            out.formulas.push(f);
          }
        }
        if (withMerges) out.merges = s.merges.map((m) => ({ ...m }));
        if (s.visibility !== 'Visible') out.hidden = true;
        return out;
      }),
    };
  }
}

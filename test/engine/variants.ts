// Meaning-preserving transformations of a workbook snapshot (issue 12): each keeps the figures and what they mean
// and changes only how they are laid out or written. A Variant tracks where every original cell went, so the
// property test can ask for the same findings at the translated cells.
import type { CellRange, CellValue, SheetSnapshot, WorkbookSnapshot } from '../../src/engine/types';
import { normalizeLabel } from '../../src/engine/values';
import { BUDGET_HEADERS, INDICATOR_HEADERS, budgetRole, indicatorRole } from '../../src/engine/forms/vocabulary';

export type CellMap = (row: number, col: number) => [number, number];

function clone(s: SheetSnapshot): SheetSnapshot {
  return {
    name: s.name,
    values: s.values.map((r) => [...(r ?? [])]),
    ...(s.numberFormats ? { numberFormats: s.numberFormats.map((r) => [...(r ?? [])]) } : {}),
    ...(s.formulas ? { formulas: s.formulas.map((r) => [...(r ?? [])]) } : {}),
    ...(s.merges ? { merges: s.merges.map((m) => ({ ...m })) } : {}),
    ...(s.hidden ? { hidden: true } : {}),
  };
}

export class Variant {
  sheets: SheetSnapshot[];
  /** original sheet name → current sheet */
  private readonly current = new Map<string, SheetSnapshot>();
  /** original sheet name → original cell → current cell */
  private readonly maps = new Map<string, CellMap>();
  /** Cells (current coordinates, "sheet!r,c" by ORIGINAL sheet name) whose number became text. */
  textCells = new Map<string, Set<string>>();
  readonly steps: string[] = [];

  constructor(w: WorkbookSnapshot) {
    this.sheets = w.sheets.map(clone);
    for (const s of this.sheets) {
      this.current.set(s.name, s);
      this.maps.set(s.name, (r, c) => [r, c]);
      this.textCells.set(s.name, new Set());
    }
  }

  get snapshot(): WorkbookSnapshot {
    return { sheets: this.sheets };
  }

  originalNames(): string[] {
    return [...this.current.keys()];
  }

  sheet(orig: string): SheetSnapshot {
    return this.current.get(orig)!;
  }

  nameOf(orig: string): string {
    return this.current.get(orig)?.name ?? orig;
  }

  map(orig: string, row: number, col: number): [number, number] {
    return this.maps.get(orig)!(row, col);
  }

  /** Composes a coordinate change of one sheet (current → new) into its map, and moves the text-cell marks. */
  private remap(orig: string, f: CellMap): void {
    const prev = this.maps.get(orig)!;
    this.maps.set(orig, (r, c) => {
      const [a, b] = prev(r, c);
      return f(a, b);
    });
    const moved = new Set<string>();
    for (const k of this.textCells.get(orig)!) {
      const [r, c] = k.split(',').map(Number) as [number, number];
      moved.add(f(r, c).join(','));
    }
    this.textCells.set(orig, moved);
  }

  insertRow(orig: string, at: number, count = 1): void {
    const s = this.sheet(orig);
    for (const grid of [s.values, s.numberFormats, s.formulas]) {
      if (grid && grid.length > at) grid.splice(at, 0, ...Array.from({ length: count }, () => []));
    }
    for (const m of s.merges ?? []) {
      if (m.top >= at) {
        m.top += count;
        m.bottom += count;
      } else if (m.bottom >= at) m.bottom += count;
    }
    this.remap(orig, (r, c) => [r >= at ? r + count : r, c]);
    this.steps.push(`${orig}: ${count} blank row(s) before row ${at + 1}`);
  }

  insertCol(orig: string, at: number, count = 1): void {
    const s = this.sheet(orig);
    for (const grid of [s.values, s.numberFormats, s.formulas] as (unknown[][] | undefined)[]) {
      for (const row of grid ?? []) if (row && row.length > at) row.splice(at, 0, ...Array.from({ length: count }, () => null));
    }
    for (const m of s.merges ?? []) {
      if (m.left >= at) {
        m.left += count;
        m.right += count;
      } else if (m.right >= at) m.right += count;
    }
    this.remap(orig, (r, c) => [r, c >= at ? c + count : c]);
    this.steps.push(`${orig}: ${count} blank column(s) before column ${at + 1}`);
  }

  rename(orig: string, name: string): void {
    this.sheet(orig).name = name;
    this.steps.push(`${orig}: renamed ${name}`);
  }

  reorder(order: number[]): void {
    const list = [...this.sheets];
    this.sheets = order.map((i) => list[i]!);
    this.steps.push(`sheets reordered ${order.join(',')}`);
  }

  hide(orig: string): void {
    this.sheet(orig).hidden = true;
    this.steps.push(`${orig}: hidden`);
  }

  add(sheet: SheetSnapshot, at: number): void {
    this.sheets.splice(Math.min(at, this.sheets.length), 0, sheet);
    this.steps.push(`added sheet ${sheet.name}`);
  }

  /** Rewrites string cells of a sheet (current coordinates). */
  mapStrings(orig: string, f: (v: string, row: number, col: number) => string, what: string): void {
    const s = this.sheet(orig);
    s.values.forEach((row, r) => row.forEach((v, c) => {
      if (typeof v === 'string' && v !== '') row[c] = f(v, r, c);
    }));
    this.steps.push(`${orig}: ${what}`);
  }

  setCell(orig: string, row: number, col: number, v: CellValue): void {
    const s = this.sheet(orig);
    while (s.values.length <= row) s.values.push([]);
    s.values[row]![col] = v;
  }

  setFormula(orig: string, row: number, col: number, f: string): void {
    const s = this.sheet(orig);
    s.formulas ??= [];
    while (s.formulas.length <= row) s.formulas.push([]);
    s.formulas[row]![col] = f;
  }

  markText(orig: string, row: number, col: number): void {
    this.textCells.get(orig)!.add(`${row},${col}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers to find structure in a sheet without the engine.

export function norm(v: CellValue | undefined): string {
  return typeof v === 'string' ? normalizeLabel(v) : '';
}

/** Rows holding an indicator or budget header (two or more vocabulary labels), with the role of each column. */
export function headerRows(s: SheetSnapshot): { row: number; table: 'indicator' | 'budget'; cols: Map<number, string> }[] {
  const out: { row: number; table: 'indicator' | 'budget'; cols: Map<number, string> }[] = [];
  s.values.forEach((row, r) => {
    const ind = new Map<number, string>();
    const bud = new Map<number, string>();
    (row ?? []).forEach((v, c) => {
      const l = norm(v);
      if (!l || l.length > 30) return;
      const i = indicatorRole(l);
      const b = budgetRole(l);
      if (i) ind.set(c, i);
      if (b) bud.set(c, b);
    });
    if ([...ind.values()].some((x) => x === 'level1' || x === 'level3') && ind.size >= 3) out.push({ row: r, table: 'indicator', cols: ind });
    else if ([...bud.values()].includes('executed') && bud.size >= 2) out.push({ row: r, table: 'budget', cols: bud });
  });
  return out;
}

/** Synonyms that resolve to `role` in the table of the header row and to nothing else in the other table. */
export function synonymsFor(table: 'indicator' | 'budget', role: string): string[] {
  const entries = table === 'indicator' ? INDICATOR_HEADERS : BUDGET_HEADERS;
  const own = table === 'indicator' ? indicatorRole : budgetRole;
  const other = table === 'indicator' ? budgetRole : indicatorRole;
  const base = entries.filter((e) => e.role === role).flatMap((e) => e.synonyms);
  return base.filter((s) => {
    const l = normalizeLabel(s);
    // A synonym stating a weight ("得分(20分*执行率)") says more than the header it would replace.
    if (/\d/.test(l)) return false;
    if (own(l) !== role) return false;
    // A budget header must not turn into an indicator anchor and vice versa.
    const o = other(l);
    return o === null || o === role;
  });
}

export const FULL_DIGITS = (s: string) => s.replace(/[0-9.,%]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

export function withSeparators(n: number): string {
  const [i, f] = String(n).split('.');
  const grouped = i!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return f ? `${grouped}.${f}` : grouped;
}

export function rangeOf(a1range: string): CellRange {
  const [a, b = a] = a1range.split(':');
  const p = (x: string) => {
    const m = /^([A-Z]+)(\d+)$/.exec(x)!;
    let col = 0;
    for (const ch of m[1]!) col = col * 26 + ch.charCodeAt(0) - 64;
    return { row: Number(m[2]) - 1, col: col - 1 };
  };
  const tl = p(a!);
  const br = p(b!);
  return { top: tl.row, left: tl.col, bottom: br.row, right: br.col };
}

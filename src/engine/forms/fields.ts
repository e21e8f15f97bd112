// Small readers shared by the form parsers: numbers with their cells, "label：value" fields, footers.
import type { Grid } from '../grid';
import { readNumber, parseIndicatorValue, D, type Dec, type IndicatorValue, type NumberRead } from '../values';
import { MEMO_LIMIT, type CheckMemo } from '../memo';
import type { CellValue } from '../types';
import type { CellRef, LabeledField, NumCell, NumericRole } from './model';
import { FOOTER_RE } from './labels';

/** The check's memo of one (value, format) kind, or null for values not worth remembering. */
function memoFor<T>(memo: Map<string, Map<CellValue, T>>, raw: CellValue, fmt: string | null): Map<CellValue, T> | null {
  if (!(typeof raw === 'number' || (typeof raw === 'string' && raw.length <= 64))) return null;
  const key = fmt ?? '';
  let m = memo.get(key);
  if (!m) {
    m = new Map();
    memo.set(key, m);
  }
  return m;
}

/** readNumber, remembered in the check's memo (a grid made outside a check has none). */
export function readNumberMemo(raw: CellValue, fmt: string | null, memo?: CheckMemo): NumberRead | null {
  const m = memo ? memoFor(memo.numbers, raw, fmt) : null;
  if (!m) return readNumber(raw, fmt);
  let v = m.get(raw);
  if (v === undefined) {
    v = readNumber(raw, fmt);
    if (memo!.parsed++ < MEMO_LIMIT) m.set(raw, v);
  }
  return v;
}

export function parseIndicatorMemo(raw: CellValue, fmt: string | null, memo?: CheckMemo): IndicatorValue {
  const m = memo ? memoFor(memo.indicators, raw, fmt) : null;
  if (!m) return parseIndicatorValue(raw, fmt);
  let v = m.get(raw);
  if (v === undefined) {
    v = parseIndicatorValue(raw, fmt);
    if (memo!.parsed++ < MEMO_LIMIT) m.set(raw, v);
  }
  return v;
}

export function numCell(grid: Grid, row: number, col: number): NumCell {
  const r = grid.anchorRow(row, col);
  const c = grid.anchorCol(row, col);
  const raw = grid.raw(r, c);
  // role is declared up front (set later by addNumeric) so every NumCell keeps one shape.
  return { row: r, col: c, raw, read: readNumberMemo(raw, grid.numberFormat(r, c), grid.memo), role: undefined };
}

/** Registers a figure of the form for the rules that look at every number (precision, text-stored). */
export function addNumeric(form: { numericCells: NumCell[] }, cell: NumCell, role: NumericRole): void {
  cell.role = role;
  form.numericCells.push(cell);
}

export function numValue(n: NumCell | null | undefined): Dec | null {
  return n?.read?.value ?? null;
}

const EMBEDDED_NUMBER = /[:]?(-?\d[\d,]*(?:\.\d+)?)(?:万元|元)?$/;

/** A number written at the end of a label cell: "其中：一般公共预算：518.94". */
export function embeddedNumber(grid: Grid, row: number, col: number, label: string): NumCell | null {
  const m = EMBEDDED_NUMBER.exec(label);
  if (!m) return null;
  const text = m[1]!.replace(/,/g, '');
  try {
    const value = new D(text);
    const a = grid.anchor(row, col);
    return {
      row: a.row,
      col: a.col,
      raw: grid.raw(a.row, a.col),
      embedded: true,
      read: { value, fromText: true, percent: false, percentFormat: false, raw: text, decimalsStored: (text.split('.')[1] ?? '').length },
    };
  } catch {
    return null;
  }
}

export function cellString(grid: Grid, row: number, col: number): string {
  const v = grid.value(row, col);
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'boolean') return v ? '是' : '否';
  return String(v);
}

/**
 * A "label：value" field: the value follows the label in the same cell, or sits in the next
 * non-empty cell to the right (within maxCols). When there is no value, the field points at the
 * cell where it belongs: the cell right of the label if that one is free, else the label cell.
 */
export function labeledField(grid: Grid, row: number, col: number, labelRe: RegExp, right: number): LabeledField {
  const label = grid.label(row, col);
  const m = labelRe.exec(label);
  // "实施单位（盖章）", "单位名称(全称)": a bracketed note after the label is part of the label, not its value.
  const rest = m ? label.slice(m.index + m[0].length).replace(/^[:：]/, '').replace(/^[(（][^)）]{1,6}[)）][:：]?/, '') : '';
  if (rest) return { row, col, labelRow: row, labelCol: col, text: rest, inline: true };
  const merge = grid.merge(row, col);
  const start = (merge ? merge.right : col) + 1;
  for (let c = start; c <= right; c++) {
    if (grid.isEmpty(row, c)) continue;
    const a = grid.anchor(row, c);
    return { row: a.row, col: a.col, labelRow: row, labelCol: col, text: cellString(grid, a.row, a.col), inline: false };
  }
  if (start <= right) {
    const a = grid.anchor(row, start);
    return { row: a.row, col: a.col, labelRow: row, labelCol: col, text: '', inline: false };
  }
  return { row, col, labelRow: row, labelCol: col, text: '', inline: true };
}

/** Reads 填表人 / 填报日期 / 联系电话 / 单位负责人签字 from footer rows, inline or in separate cells. */
export function readFooter(grid: Grid, fromRow: number, toRow: number, left: number, right: number): Record<string, LabeledField> {
  const out: Record<string, LabeledField> = {};
  for (let r = fromRow; r <= toRow && r < grid.rowCount; r++) {
    for (let c = left; c <= right; c++) {
      if (!grid.isAnchorOrPlain(r, c)) continue;
      const label = grid.label(r, c);
      if (!label || label.length > 200) continue;
      FOOTER_RE.lastIndex = 0;
      const matches = [...label.matchAll(FOOTER_RE)];
      if (matches.length === 0) continue;
      for (let i = 0; i < matches.length; i++) {
        const mm = matches[i]!;
        const name = mm[1] === '单位负责人' ? '单位负责人签字' : mm[1]!;
        const start = mm.index! + mm[0].length;
        const end = i + 1 < matches.length ? matches[i + 1]!.index! : label.length;
        const value = label.slice(start, end).replace(/^[:：]/, '').trim();
        if (value || matches.length > 1 || i < matches.length - 1) {
          out[name] ??= { row: r, col: c, labelRow: r, labelCol: c, text: value, inline: true };
          continue;
        }
        // Label alone in its cell: the value is in the next cell(s) unless another label comes first.
        const merge = grid.merge(r, c);
        const next = (merge ? merge.right : c) + 1;
        let field: LabeledField | null = null;
        for (let cc = next; cc <= right; cc++) {
          if (grid.isEmpty(r, cc)) continue;
          const l = grid.label(r, cc);
          FOOTER_RE.lastIndex = 0;
          if (l && FOOTER_RE.test(l)) break;
          const a = grid.anchor(r, cc);
          field = { row: a.row, col: a.col, labelRow: r, labelCol: c, text: cellString(grid, a.row, a.col), inline: false };
          break;
        }
        if (!field) {
          const nextLabel = next <= right ? grid.label(r, next) : '';
          FOOTER_RE.lastIndex = 0;
          const free = next <= right && !(nextLabel && FOOTER_RE.test(nextLabel));
          field = free
            ? { ...grid.anchor(r, next), labelRow: r, labelCol: c, text: '', inline: false }
            : { row: r, col: c, labelRow: r, labelCol: c, text: '', inline: true };
        }
        out[name] ??= field;
      }
    }
  }
  FOOTER_RE.lastIndex = 0;
  return out;
}

/**
 * The last row of a window that starts at `from` and holds `rows` non-empty rows (or ends at `limit` / the
 * sheet's end): windows below a table (等级, 填表人, 楼堂馆所) count rows with content, so blank rows
 * typed between a table and its tail do not push the tail out of reach.
 */
export function reachRows(grid: Grid, from: number, rows: number, limit: number): number {
  const last = Math.min(limit, grid.rowCount - 1);
  let seen = 0;
  for (let r = from; r <= last; r++) {
    if (holdsContent(grid, r) && ++seen >= rows) return r;
  }
  return last;
}

/** reachRows upwards: the first row of a window ending at `from` that holds `rows` non-empty rows (or `top`). */
export function reachRowsUp(grid: Grid, from: number, rows: number, top: number): number {
  const first = Math.max(top, 0);
  let seen = 0;
  for (let r = from; r >= first; r--) {
    if (holdsContent(grid, r) && ++seen >= rows) return r;
  }
  return first;
}

/**
 * A row counts by what it holds itself: rows inside a tall merged cell (blank rows typed into a merged
 * label's span) hold nothing of their own.
 */
function holdsContent(grid: Grid, r: number): boolean {
  return grid.rowValues(r).some((v) => v !== null && v !== undefined && !(typeof v === 'string' && v.trim() === ''));
}

export function ref(row: number, col: number): CellRef {
  return { row, col };
}

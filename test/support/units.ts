// A meaning-preserving transform for the amount-unit tests: one form's amounts written in 元 (× 10 000) and the
// form saying so ("单位：元", or its own "（万元）" label turned into "（元）"). Which cells are amounts is what the
// engine reads as the form's amounts (numericCells with role amount, and 其中 figures written inside labels).
import Decimal from 'decimal.js';
import type { CellValue, SheetSnapshot, WorkbookSnapshot } from '../../src/engine/types';
import { Grid } from '../../src/engine/grid';
import { locateForms } from '../../src/engine/forms/locate';
import type { FormModel, NumCell } from '../../src/engine/forms/model';

function clone(s: SheetSnapshot): SheetSnapshot {
  return {
    ...s,
    values: s.values.map((r) => [...(r ?? [])]),
    ...(s.numberFormats ? { numberFormats: s.numberFormats.map((r) => [...(r ?? [])]) } : {}),
  };
}

/** The forms of one sheet, as the engine locates them. */
export function formsOf(sheet: SheetSnapshot): FormModel[] {
  return locateForms(new Grid(sheet)).forms;
}

function amountCells(form: FormModel): NumCell[] {
  const cells = form.numericCells.filter((n) => n.role === 'amount' && n.read);
  if (form.kind !== 'basic-data' && form.budget) {
    for (const f of form.budget.funds) for (const v of f.values) if (v.cell.embedded && v.cell.read) cells.push(v.cell);
    for (const g of form.budget.groups) if (g.declaredTotal?.read) cells.push(g.declaredTotal);
  }
  const seen = new Set<string>();
  return cells.filter((c) => {
    const k = `${c.row},${c.col}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const yuan = (d: Decimal.Value) => new Decimal(d).mul(10000);

/** Fixture rows (label, figures…) with every number in 元 (× 10 000, exactly). */
export function rowsInYuan<T extends readonly unknown[]>(rows: readonly T[]): T[] {
  return rows.map((r) => r.map((v) => (typeof v === 'number' ? yuan(v).toNumber() : v)) as unknown as T);
}

/** The value a cell holds, × 10 000, written the way it was written (number, number as text, label text). */
function timesWan(cell: NumCell): CellValue {
  const raw = cell.raw;
  if (typeof raw === 'number') return yuan(raw).toNumber();
  const text = String(raw ?? '');
  if (cell.embedded) return text.replace(/(-?\d[\d,]*(?:\.\d+)?)((?:万元|元)?\s*)$/, (_m, n: string, tail: string) => `${yuan(n.replace(/,/g, '')).toString()}${tail}`);
  return yuan(cell.read!.value.toString()).toString();
}

export interface YuanVariant {
  snapshot: WorkbookSnapshot;
  sheet: string;
  /** Where the unit is stated now (0-based). */
  unitCell: [number, number];
  /** How many amounts were converted. */
  amounts: number;
}

/**
 * The workbook with form `formIndex` of sheet `sheetName` written in 元. Null when that form is already in 元 or
 * holds no amount.
 */
export function formInYuan(w: WorkbookSnapshot, sheetName: string, formIndex: number): YuanVariant | null {
  const si = w.sheets.findIndex((s) => s.name === sheetName);
  const sheet = clone(w.sheets[si]!);
  const form = formsOf(w.sheets[si]!)[formIndex];
  if (!form || form.amountUnit?.unit === '元') return null;
  const cells = amountCells(form);
  if (cells.length === 0) return null;
  for (const c of cells) sheet.values[c.row]![c.col] = timesWan(c);
  let unitCell: [number, number];
  if (form.amountUnit) {
    const { row, col } = form.amountUnit.cell;
    sheet.values[row]![col] = String(sheet.values[row]![col]).replace(/万元/, '元');
    unitCell = [row, col];
  } else {
    // Stated at the end of the form's first row (its title row), as many forms print "单位：元" there.
    const row = sheet.values[form.top] ?? (sheet.values[form.top] = []);
    let col = row.length;
    while (col > 0 && (row[col - 1] === '' || row[col - 1] === null || row[col - 1] === undefined)) col--;
    const at = Math.max(col, form.right + 1);
    while (row.length < at) row.push('');
    row[at] = '单位：元';
    unitCell = [form.top, at];
  }
  const sheets = w.sheets.map((s, i) => (i === si ? sheet : s));
  return { snapshot: { ...w, sheets }, sheet: sheetName, unitCell, amounts: cells.length };
}

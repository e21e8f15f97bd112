// 改正 and its undo: one cell's value and/or number format, nothing else. Where ExcelApi 1.20 is
// supported the whole edit is one undo step (Excel.run mergeUndoGroup); elsewhere the pane puts the
// cell back with restoreCell, which refuses when the cell was changed again since.
import type { CellEdit, CellState, EditResult } from './types';
import type { XlRange, XlRangeAreas, XlRequestContext, XlWorksheet } from './office-api';
import { GatewayError, MESSAGES } from './errors';
import { normalizeCellAddress } from './marks';
import { parseCell } from './insert';
import { a1 } from '../engine/grid';
import { REQUIREMENTS, type Session } from './session';

/**
 * A string as it must be written to Range.values to land as that very text. Excel parses values like
 * typed input: "=…", "+…", "-…", "@…" would become formulas, "95" a number, "TRUE" a boolean, "1/2" a
 * date. In a cell formatted as text nothing is parsed; elsewhere a leading apostrophe (as when typing)
 * keeps the rest literal. Text without any of those traits is written as is, so no apostrophe shows in
 * the formula bar for plain words like 优.
 */
export function literalText(text: string, numberFormat: string): string {
  if (numberFormat === '@') return text;
  return /^[=+\-@']/.test(text) || /[0-9]/.test(text) || /^\s*(true|false)\s*$/i.test(text) ? `'${text}` : text;
}

interface CellProbe {
  ws: XlWorksheet;
  range: XlRange;
  merges: XlRangeAreas | null;
}

/** What a cell holds, as Excel reports it; `formula` only for a real formula (Range.formulas echoes constants). */
function stateOf(sheet: string, cell: string, range: XlRange): CellState {
  const raw = range.values[0]?.[0];
  const value: CellState['value'] = raw === undefined || raw === null ? null : (raw as CellState['value']);
  const nf = range.numberFormat[0]?.[0];
  const fm = range.formulas[0]?.[0];
  const formula = typeof fm === 'string' && fm.startsWith('=') && fm !== raw ? fm : null;
  return { sheet, cell, value: value === '' ? null : value, numberFormat: typeof nf === 'string' ? nf : 'General', formula };
}

function sameContent(a: CellState, b: CellState): boolean {
  return a.value === b.value && a.formula === b.formula && a.numberFormat === b.numberFormat;
}

/** Reads the target cell in two syncs (sheet, then cell), with the checks every write needs. */
async function probeCell(ctx: XlRequestContext, sheet: string, cell: string, withMerges: boolean): Promise<CellProbe> {
  const ws = ctx.workbook.worksheets.getItemOrNullObject(sheet);
  ws.load('name,visibility');
  await ctx.sync();
  if (ws.isNullObject) throw new GatewayError('item-not-found', MESSAGES.sheetNotFound(sheet), { sheet });
  if (ws.visibility !== 'Visible') throw new GatewayError('api', MESSAGES.editHidden(sheet), { sheet });
  const protection = ws.protection.load('protected');
  const range = ws.getRange(cell).load('values,numberFormat,formulas');
  const merges = withMerges ? range.getMergedAreasOrNullObject().load('areas/items/rowIndex,areas/items/columnIndex') : null;
  await ctx.sync();
  if (protection.protected) throw new GatewayError('protected', MESSAGES.protectedEdit(sheet), { sheet });
  return { ws, range, merges };
}

/** A cell inside a merged area but not its top-left shows nothing of what is written there: refused. */
function checkNotHidden(sheet: string, cell: string, probe: CellProbe): void {
  const area = probe.merges && !probe.merges.isNullObject ? probe.merges.areas.items[0] : undefined;
  if (!area) return;
  const { row, col } = parseCell(cell)!;
  if (area.rowIndex === row && area.columnIndex === col) return;
  throw new GatewayError('api', MESSAGES.editMerged(sheet, cell, a1(area.rowIndex, area.columnIndex)), { sheet });
}

export interface Edits {
  editCell(edit: CellEdit): Promise<EditResult>;
  restoreCell(state: CellState): Promise<void>;
}

export function createEdits(session: Session): Edits {
  // What each edit of this session left in its cell: restoreCell only undoes an edit nobody changed since.
  const written = new Map<string, CellState>();
  const keyOf = (sheet: string, cell: string) => `${sheet}\u0000${cell}`;

  function target(sheet: unknown, cell: unknown): { sheet: string; cell: string } {
    const s = typeof sheet === 'string' ? sheet : '';
    const address = normalizeCellAddress(cell);
    if (!s || !address) throw new GatewayError('api', MESSAGES.badAddress(s, String(cell)), { sheet: s });
    return { sheet: s, cell: address };
  }

  async function editCell(edit: CellEdit): Promise<EditResult> {
    session.need();
    const { sheet, cell } = target(edit?.sheet, edit?.cell);
    const hasValue = typeof edit.value === 'number' ? Number.isFinite(edit.value) : typeof edit.value === 'string';
    const hasFormat = typeof edit.numberFormat === 'string' && edit.numberFormat !== '';
    if (!hasValue && !hasFormat) throw new GatewayError('api', MESSAGES.editNothing(sheet, cell), { sheet });
    const withMerges = session.supports(REQUIREMENTS.mergedAreas);
    const { value, grouped } = await session.runWrite(async (ctx) => {
      const probe = await probeCell(ctx, sheet, cell, withMerges);
      checkNotHidden(sheet, cell, probe);
      const before = stateOf(sheet, cell, probe.range);
      if (before.formula !== null && edit.confirmFormula !== before.formula) {
        throw new GatewayError('formula-cell', MESSAGES.formulaCell(sheet, cell, before.formula), { sheet, formula: before.formula });
      }
      const format = hasFormat ? edit.numberFormat! : before.numberFormat;
      // The format first, so a value lands in the format it is meant to be read in; text stays text.
      if (hasFormat) probe.range.numberFormat = [[edit.numberFormat!]];
      if (hasValue) probe.range.values = [[typeof edit.value === 'string' ? literalText(edit.value, format) : edit.value!]];
      // Read back what Excel stored, for restoreCell's "changed since?" check.
      const after = probe.ws.getRange(cell).load('values,numberFormat,formulas');
      await ctx.sync();
      written.set(keyOf(sheet, cell), stateOf(sheet, cell, after));
      return before;
    }, sheet);
    return { before: value, hostUndo: grouped };
  }

  async function restoreCell(state: CellState): Promise<void> {
    session.need();
    const { sheet, cell } = target(state?.sheet, state?.cell);
    const withMerges = session.supports(REQUIREMENTS.mergedAreas);
    const key = keyOf(sheet, cell);
    await session.runWrite(async (ctx) => {
      const probe = await probeCell(ctx, sheet, cell, withMerges);
      const now = stateOf(sheet, cell, probe.range);
      const expected = written.get(key);
      if (expected && !sameContent(now, expected)) throw new GatewayError('changed-since', MESSAGES.changedSince(sheet, cell), { sheet });
      if (sameContent(now, { ...state, sheet, cell })) return;
      probe.range.numberFormat = [[state.numberFormat || 'General']];
      if (state.formula) {
        probe.range.formulas = [[state.formula]];
      } else {
        const v = state.value === null ? '' : state.value;
        probe.range.values = [[typeof v === 'string' && v !== '' ? literalText(v, state.numberFormat || 'General') : v]];
      }
      await ctx.sync();
    }, sheet);
    written.delete(key);
  }

  return { editCell, restoreCell };
}

// Selecting a cell, and change and selection events of this workbook. Workbook-wide events need ExcelApi 1.9; from 1.7 each
// existing sheet is subscribed instead; below that the subscription is a no-op.
import type { CellRef } from './types';
import type { XlEventHandlerResult, XlEventHandlers, XlRequestContext, XlSelectionChangedArgs, XlWorksheet, XlWorksheetCollection } from './office-api';
import { GatewayError, MESSAGES } from './errors';
import { normalizeCellAddress } from './marks';
import { REQUIREMENTS, type Session } from './session';

type Pick = { workbook: (c: XlWorksheetCollection) => XlEventHandlers; sheet: (ws: XlWorksheet) => XlEventHandlers; version: string };

const CHANGED: Pick = { workbook: (c) => c.onChanged, sheet: (ws) => ws.onChanged, version: REQUIREMENTS.worksheetsOnChanged };
const SELECTION: Pick = {
  workbook: (c) => c.onSelectionChanged,
  sheet: (ws) => ws.onSelectionChanged,
  version: REQUIREMENTS.worksheetsOnSelectionChanged,
};

/** The first cell of a selection address: "B7:C9" → "B7", "'Sheet 1'!B7, D4" → "B7". */
export function firstCellOf(address: unknown): string | null {
  if (typeof address !== 'string') return null;
  const area = address.split(',')[0]!.trim();
  const local = area.includes('!') ? area.slice(area.lastIndexOf('!') + 1) : area;
  return normalizeCellAddress(local.split(':')[0]!);
}

export interface Events {
  select(sheet: string, cell: string): Promise<void>;
  onChanged(handler: () => void): Promise<() => void>;
  onSelectionChanged(handler: (ref: CellRef) => void): Promise<() => void>;
}

export function createEvents(session: Session): Events {
  /** Activates the sheet and selects the cell: two syncs (the sheet exists and is visible; then select). */
  async function select(sheet: string, cell: string): Promise<void> {
    const address = normalizeCellAddress(cell);
    if (!address) throw new GatewayError('api', MESSAGES.badAddress(sheet, String(cell)), { sheet });
    await session.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItemOrNullObject(sheet);
      ws.load('visibility');
      await ctx.sync();
      if (ws.isNullObject) throw new GatewayError('item-not-found', MESSAGES.sheetNotFound(sheet), { sheet });
      if (ws.visibility !== 'Visible') throw new GatewayError('api', MESSAGES.hiddenSheet(sheet), { sheet });
      ws.activate();
      ws.getRange(address).select();
      await ctx.sync();
    }, sheet);
  }

  async function subscribe(pick: Pick, listener: (args: unknown) => Promise<void>): Promise<() => void> {
    const a = session.need();
    let results: XlEventHandlerResult[];
    if (session.supports(pick.version)) {
      results = await session.run(async (ctx) => {
        const r = pick.workbook(ctx.workbook.worksheets).add(listener);
        await ctx.sync();
        return [r];
      });
    } else if (session.supports(REQUIREMENTS.floor)) {
      // Before 1.9 there is no workbook-wide event: subscribe to each existing sheet.
      results = await session.run(async (ctx) => {
        const worksheets = ctx.workbook.worksheets;
        worksheets.load('items/name');
        await ctx.sync();
        const rs = worksheets.items.map((ws) => pick.sheet(ws).add(listener));
        await ctx.sync();
        return rs;
      });
    } else {
      return () => undefined;
    }
    let active = true;
    return () => {
      if (!active || results.length === 0) return;
      active = false;
      // Handlers can only be removed through the context that added them.
      void a.Excel.run(results[0]!.context, async (ctx: XlRequestContext) => {
        for (const r of results) r.remove();
        await ctx.sync();
      }).catch(() => undefined);
    };
  }

  async function onChanged(handler: () => void): Promise<() => void> {
    return subscribe(CHANGED, async () => {
      try {
        handler();
      } catch {
        // A failing listener must not break Excel's event dispatch.
      }
    });
  }

  async function onSelectionChanged(handler: (ref: CellRef) => void): Promise<() => void> {
    // Event args name the sheet by id; the name (what findings carry) takes one read. Not cached: a
    // rename keeps the id.
    return subscribe(SELECTION, async (raw) => {
      try {
        const args = raw as Partial<XlSelectionChangedArgs>;
        const address = firstCellOf(args?.address);
        if (!address || typeof args.worksheetId !== 'string') return;
        const id = args.worksheetId;
        const sheet = await session.run(async (ctx) => {
          const ws = ctx.workbook.worksheets.getItemOrNullObject(id);
          ws.load('name');
          await ctx.sync();
          return ws.isNullObject ? null : ws.name;
        });
        if (sheet !== null) handler({ sheet, address });
      } catch {
        // Selection is a hint for the pane; a failed lookup (cell-edit mode, a closed sheet) is dropped.
      }
    });
  }

  return { select, onChanged, onSelectionChanged };
}

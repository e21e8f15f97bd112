// The fake host must behave like Excel where a gateway bug would otherwise pass unnoticed.
import { describe, expect, it } from 'vitest';
import { HostWorkbook, createFakeExcel, type FakeExcelHost } from '../../src/host/fake-excel';
import type { XlRange, XlRequestContext } from '../../src/excel/office-api';

function book(): HostWorkbook {
  return HostWorkbook.fromSnapshotLike({
    sheets: [
      {
        name: '项目表',
        values: [
          ['项目支出绩效自评表', '', ''],
          ['执行率', 0.9662, 9.66],
          ['合计', '', 9.66],
        ],
        formulas: [[], [null, null, '=B2*10'], [null, null, '=C2']],
        numberFormats: [[], [null, '0.00%', '0.00']],
        fills: [[null, '#FFFF00']],
        merges: ['A1:C1'],
      },
      { name: '封面', values: [['封面']] },
    ],
  });
}

async function read(host: FakeExcelHost, address: string): Promise<XlRange> {
  return host.api.Excel.run(async (ctx) => {
    const r = ctx.workbook.worksheets.getItem('项目表').getRange(address).load('values,formulas,numberFormat,address');
    await ctx.sync();
    return r;
  });
}

describe('fake Excel host', () => {
  it('throws PropertyNotLoaded for a property that was not loaded, and before the sync that loads it', async () => {
    const host = createFakeExcel(book());
    await host.api.Excel.run(async (ctx) => {
      const range = ctx.workbook.worksheets.getItem('项目表').getRange('A1:C3');
      range.load('values');
      // Loaded but not synced yet.
      expect(() => range.values).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
      await ctx.sync();
      expect(range.values[1]).toEqual(['执行率', 0.9662, 9.66]);
      // Never loaded.
      expect(() => range.formulas).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
      expect(() => range.rowCount).toThrow(/not available/);
    });
    expect(host.syncCount).toBe(1);
  });

  it('reports merged non-anchor cells as "", percent cells as fractions, constants in formulas', async () => {
    const host = createFakeExcel(book());
    const r = await read(host, 'A1:C3');
    expect(r.values[0]).toEqual(['项目支出绩效自评表', '', '']);
    expect(r.values[1]![1]).toBe(0.9662);
    expect(r.numberFormat[1]).toEqual(['General', '0.00%', '0.00']);
    expect(r.formulas[1]).toEqual(['执行率', 0.9662, '=B2*10']);
    expect(r.address).toBe('项目表!A1:C3');
  });

  it('applies queued writes only at sync, and counts every sync', async () => {
    const wb = book();
    const host = createFakeExcel(wb);
    await host.api.Excel.run(async (ctx) => {
      const cf = ctx.workbook.worksheets.getItem('项目表').getRange('B2').conditionalFormats.add('Custom');
      cf.custom.rule.formula = '=TRUE';
      expect(wb.sheet('项目表').conditionalFormats).toHaveLength(0);
      await ctx.sync();
      expect(wb.sheet('项目表').conditionalFormats).toEqual([{ type: 'Custom', range: { top: 1, left: 1, bottom: 1, right: 1 }, stopIfTrue: false, formula: '=TRUE' }]);
    });
    expect(host.syncLog.map((s) => s.writes)).toEqual([2]);
  });

  it('fails every sync in cell-edit mode without changing anything', async () => {
    const wb = book();
    const host = createFakeExcel(wb, { cellEditMode: true });
    const before = wb.cellsState();
    await expect(
      host.api.Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('项目表').getRange('B2').conditionalFormats.add('Custom');
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: 'InvalidOperationInCellEditMode' });
    expect(wb.cellsState()).toEqual(before);
  });

  it('a failing batch keeps the writes that ran before the failure and drops its loads', async () => {
    const wb = book();
    const host = createFakeExcel(wb, { failAtSync: 1, failAfterWrites: 1 });
    const sheet = wb.sheet('项目表');
    let probe: XlRange | undefined;
    await expect(
      host.api.Excel.run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem('项目表');
        ws.getRange('A2').conditionalFormats.add('Custom');
        probe = ws.getRange('A1').load('values');
        ws.getRange('B2').conditionalFormats.add('Custom');
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: 'GeneralException' });
    expect(sheet.conditionalFormats.map((c) => c.range)).toEqual([{ top: 1, left: 0, bottom: 1, right: 0 }]);
    expect(() => probe!.values).toThrow(/not available/);
  });

  it('ItemNotFound for a deleted sheet; a null object from getItemOrNullObject', async () => {
    const wb = book();
    wb.deleteSheet('封面');
    const host = createFakeExcel(wb);
    await expect(
      host.api.Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('封面').load('name');
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: 'ItemNotFound' });
    await host.api.Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItemOrNullObject('封面');
      expect(() => ws.isNullObject).toThrow(/not available/);
      await ctx.sync();
      expect(ws.isNullObject).toBe(true);
    });
  });

  it('rejects writes on a protected sheet with AccessDenied', async () => {
    const wb = book();
    wb.sheet('项目表').protected = true;
    const host = createFakeExcel(wb);
    await expect(
      host.api.Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('项目表').getRange('B2').conditionalFormats.add('Custom');
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: 'AccessDenied' });
    expect(wb.sheet('项目表').conditionalFormats).toHaveLength(0);
  });

  it('caps requirement sets: newer APIs fail with ApiNotFound and isSetSupported says no', async () => {
    const host = createFakeExcel(book(), { apiVersion: '1.7' });
    const req = host.api.Office.context.requirements;
    expect(req.isSetSupported('ExcelApi', '1.7')).toBe(true);
    expect(req.isSetSupported('ExcelApi', '1.13')).toBe(false);
    expect(req.isSetSupported('ExcelApi', '1.10')).toBe(false);
    await expect(
      host.api.Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('项目表').getRange().getMergedAreasOrNullObject().load('areas/items/address');
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: 'ApiNotFound' });
  });

  it('loading custom/... across mixed format types fails; customOrNullObject works', async () => {
    const wb = book();
    wb.addConditionalFormat('项目表', { type: 'Custom', range: 'B2', formula: '=B2>1', fill: '#FF0000' });
    wb.addConditionalFormat('项目表', { type: 'ColorScale', range: 'C2:C3' });
    const host = createFakeExcel(wb);
    await expect(
      host.api.Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('项目表').getRange().conditionalFormats.load('items/custom/rule/formula');
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: 'InvalidOperation' });
    await host.api.Excel.run(async (ctx) => {
      const cfs = ctx.workbook.worksheets.getItem('项目表').getRange().conditionalFormats.load('items/type,items/customOrNullObject/rule/formula');
      await ctx.sync();
      expect(cfs.items.map((c) => c.type)).toEqual(['ColorScale', 'Custom']);
      expect(cfs.items[0]!.customOrNullObject.isNullObject).toBe(true);
      expect(cfs.items[1]!.customOrNullObject.rule.formula).toBe('=B2>1');
    });
  });

  it('conditional format ids are priority positions: a stale id names another format', async () => {
    const wb = book();
    wb.addConditionalFormat('项目表', { type: 'Custom', range: 'A2', formula: '=1' });
    const host = createFakeExcel(wb);
    const id = await host.api.Excel.run(async (ctx) => {
      const cfs = ctx.workbook.worksheets.getItem('项目表').getRange().conditionalFormats.load('items/id');
      await ctx.sync();
      return cfs.items[0]!.id;
    });
    wb.addConditionalFormat('项目表', { type: 'Custom', range: 'C3', formula: '=2' }); // the user adds one on top
    await host.api.Excel.run(async (ctx) => {
      const cfs = ctx.workbook.worksheets.getItem('项目表').getRange().conditionalFormats.load('items/id,items/customOrNullObject/rule/formula');
      await ctx.sync();
      const same = cfs.items.find((c) => c.id === id)!;
      expect(same.customOrNullObject.rule.formula).toBe('=2');
    });
  });

  it('rejects a response over the payload cap', async () => {
    const wb = new HostWorkbook();
    wb.addSheet('大表');
    for (let r = 0; r < 200; r++) wb.setCell('大表', `A${r + 1}`, { value: '长文本'.repeat(50) });
    const host = createFakeExcel(wb, { payloadLimitBytes: 10_000 });
    await expect(
      host.api.Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('大表').getRange('A1:A200').load('values');
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: 'ResponsePayloadSizeLimitExceeded' });
    expect(host.syncLog[0]!.ok).toBe(false);
  });

  it('settings persist only through saveAsync', async () => {
    const host = createFakeExcel(book());
    const settings = host.api.Office.context.document.settings;
    settings.set('k', ['a']);
    expect(settings.get('k')).toEqual(['a']);
    expect(host.savedSettings).toEqual({});
    await new Promise<void>((resolve) => settings.saveAsync(() => resolve()));
    expect(host.savedSettings).toEqual({ k: ['a'] });
  });

  it('toSnapshotForTest places an offset used range at its real position', () => {
    const wb = new HostWorkbook();
    wb.addSheet('偏移');
    wb.setCell('偏移', 'C3', { value: 1 });
    wb.setCell('偏移', 'D4', { value: '=C3', formula: '=C3' });
    const snap = wb.toSnapshotForTest().sheets[0]!;
    expect(snap.values).toEqual([[], [], ['', '', 1, ''], ['', '', '', '=C3']]);
    expect(snap.formulas[3]).toEqual([null, null, null, '=C3']);
    expect(snap.numberFormats[2]).toEqual([null, null, 'General', 'General']);
  });

  it('keeps one undo record per writing sync, or one per Excel.run with mergeUndoGroup (ExcelApi 1.20 only)', async () => {
    const wb = book();
    const host = createFakeExcel(wb, { apiVersion: '1.20', trackUndo: true });
    const original = wb.cellsState();
    const twoWrites = async (options?: { mergeUndoGroup: boolean }) => {
      const batch = async (ctx: XlRequestContext) => {
        const ws = ctx.workbook.worksheets.getItem('封面');
        ws.getRange('B1').values = [['一']];
        await ctx.sync();
        ws.getRange('C1').values = [['二']];
        await ctx.sync();
      };
      await (options ? host.api.Excel.run(options, batch) : host.api.Excel.run(batch));
    };
    await twoWrites();
    expect(host.undoDepth()).toBe(2);
    host.undo();
    host.undo();
    expect(wb.cellsState()).toEqual(original);
    await twoWrites({ mergeUndoGroup: true });
    expect(host.undoDepth()).toBe(1);
    expect(host.undo()).toBe(true);
    expect(wb.cellsState()).toEqual(original);
    const old = createFakeExcel(book(), { apiVersion: '1.18' });
    await expect(old.api.Excel.run({ mergeUndoGroup: true }, async () => undefined)).rejects.toMatchObject({ code: 'ApiNotFound' });
  });

  it('raises selection events with the sheet id, and finds a sheet by id after a rename', async () => {
    const wb = book();
    const host = createFakeExcel(wb);
    const seen: unknown[] = [];
    await host.api.Excel.run(async (ctx) => {
      ctx.workbook.worksheets.onSelectionChanged.add(async (args) => void seen.push(args));
      await ctx.sync();
    });
    await host.userSelect('封面', 'b2:c3');
    const id = wb.sheet('封面').id;
    expect(seen).toEqual([{ type: 'WorksheetSelectionChanged', worksheetId: id, address: 'B2:C3' }]);
    expect(wb.activeSheet).toBe('封面');
    wb.renameSheet('封面', '首页');
    const name = await host.api.Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItemOrNullObject(id).load('name');
      await ctx.sync();
      return ws.name;
    });
    expect(name).toBe('首页');
  });

  it('shows a formula written back into its cell with its old value (the fake does not calculate)', async () => {
    const wb = book();
    const host = createFakeExcel(wb);
    await host.api.Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('项目表').getRange('C2');
      r.values = [[9.66]];
      await ctx.sync();
      r.formulas = [['=B2*10']];
      await ctx.sync();
    });
    expect(wb.getCell('项目表', 'C2')).toMatchObject({ value: 9.66, formula: '=B2*10' });
  });
});


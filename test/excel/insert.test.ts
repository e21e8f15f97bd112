// Text insert through the real Office gateway over the fake Excel host: a new 自评报告 sheet, the
// cells below the selection (never over anything), 偏差原因 cells (only empty ones). Text is always
// text: a line that looks like a formula must come out of Excel as the same literal string.
import { describe, expect, it } from 'vitest';
import { createOfficeGateway } from '../../src/excel/office-gateway';
import { GatewayError } from '../../src/excel/errors';
import { REPORT_COLUMN_POINTS, findRoom, uniqueSheetName, baseSheetName } from '../../src/excel/insert';
import { HostWorkbook, createFakeExcel, type FakeExcelOptions, type SheetLike } from '../../src/host/fake-excel';

const FORMULA_LIKE = ['=SUM(A1)', '+1', '-2', '@x', '=1+1'];

function book(extra: SheetLike[] = []): HostWorkbook {
  return HostWorkbook.fromSnapshotLike({
    sheets: [
      {
        name: '项目1',
        values: [
          ['项目支出绩效自评表', '', ''],
          ['三级指标', '得分', '偏差原因分析及改进措施'],
          ['道路修补面积', 17, ''],
          ['群众出行便利度', 12, '已有说明'],
          ['按时完成率', 15, ''],
        ],
        formulas: [[], [], [], [], [null, null, '=""']],
        fills: [[null, '#FFFF00']],
      },
      ...extra,
    ],
    activeSheet: '项目1',
  });
}

function setup(wb: HostWorkbook = book(), options: FakeExcelOptions = {}) {
  const host = createFakeExcel(wb, options);
  const gateway = createOfficeGateway(host.api);
  const syncsOf = async <T>(op: () => Promise<T>): Promise<{ result: T; syncs: number; writeSyncs: number }> => {
    const before = host.syncLog.length;
    const result = await op();
    const log = host.syncLog.slice(before);
    return { result, syncs: log.length, writeSyncs: log.filter((s) => s.writes > 0).length };
  };
  return { host, wb, gateway, syncsOf };
}

async function rejection(p: Promise<unknown>): Promise<GatewayError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(GatewayError);
  return e as GatewayError;
}

const REPORT = ['2024年度项目支出绩效自评报告', '一、项目基本情况', '项目名称：城区道路维护。', ...FORMULA_LIKE, '二、项目资金'];

describe('fake host: why the text format matters', () => {
  it('a General cell turns =, +, -, @ strings into formulas and numeric strings into numbers', async () => {
    const { host, wb } = setup();
    await host.api.Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('项目1').getRange('E1:E4').values = [['=SUM(A1)'], ['+1'], ['-2'], ['42']];
      await ctx.sync();
    });
    expect(wb.getCell('项目1', 'E1')).toMatchObject({ formula: '=SUM(A1)' });
    expect(wb.getCell('项目1', 'E2')).toMatchObject({ formula: '=+1', value: 1 });
    expect(wb.getCell('项目1', 'E3')).toMatchObject({ formula: '=-2', value: -2 });
    expect(wb.getCell('项目1', 'E4')).toEqual({ value: 42 });
  });
});

describe('insertText: new sheet', () => {
  it('adds 自评报告 with one paragraph per row in column A, as text, wrapped, 90 characters wide, headings bold, active', async () => {
    const { wb, gateway, syncsOf } = setup();
    const before = wb.cellsState().sheets[0];
    const { result, syncs, writeSyncs } = await syncsOf(() =>
      gateway.insertText(REPORT, { target: 'new-sheet', headings: [0, 1, REPORT.length - 1] }),
    );
    expect(result).toEqual({ sheet: '自评报告', address: `A1:A${REPORT.length}`, rows: REPORT.length });
    expect(syncs).toBe(2); // names, then every write in one sync
    expect(writeSyncs).toBe(1);

    const state = wb.cellsState();
    expect(state.activeSheet).toBe('自评报告');
    expect(state.sheets[0]).toEqual(before); // the form is untouched
    const sheet = state.sheets.find((s) => s.name === '自评报告')!;
    expect(Object.keys(sheet.cells)).toEqual(REPORT.map((_, i) => `A${i + 1}`));
    REPORT.forEach((line, i) => {
      const cell = sheet.cells[`A${i + 1}`]!;
      expect(cell.value).toBe(line);
      expect(cell.formula).toBeUndefined();
      expect(cell.numberFormat).toBe('@');
      expect(cell.wrapText).toBe(true);
      expect(cell.bold).toBe(i === 0 || i === 1 || i === REPORT.length - 1 ? true : undefined);
    });
    expect(sheet.columnWidths).toEqual({ A: REPORT_COLUMN_POINTS });
    expect(REPORT_COLUMN_POINTS).toBeGreaterThan(450); // ≈ 90 characters of the default font
    expect(REPORT_COLUMN_POINTS).toBeLessThan(500);
    expect(sheet.selection).toBe('A1');
  });

  it('formula-looking lines stay literal strings when the workbook is read back', async () => {
    const { gateway } = setup();
    await gateway.insertText(FORMULA_LIKE, { target: 'new-sheet' });
    const snap = await gateway.readSnapshot();
    const sheet = snap.sheets.find((s) => s.name === '自评报告')!;
    expect(sheet.values.map((r) => r[0])).toEqual(FORMULA_LIKE);
    expect(sheet.formulas!.flat().filter((f) => f !== null)).toEqual([]);
    expect(sheet.numberFormats!.map((r) => r[0])).toEqual(FORMULA_LIKE.map(() => '@'));
  });

  it('names the second report 自评报告(2), then (3); a taken name in another case counts as taken', async () => {
    const { gateway } = setup(book([{ name: 'Report', values: [['x']] }]));
    expect((await gateway.insertText(['一'], { target: 'new-sheet' })).sheet).toBe('自评报告');
    expect((await gateway.insertText(['二'], { target: 'new-sheet' })).sheet).toBe('自评报告(2)');
    expect((await gateway.insertText(['三'], { target: 'new-sheet' })).sheet).toBe('自评报告(3)');
    expect((await gateway.insertText(['四'], { target: 'new-sheet', sheetName: 'report' })).sheet).toBe('report(2)');
  });

  it('cleans a requested name to what Excel accepts and keeps the suffix within 31 characters', () => {
    expect(baseSheetName('a/b:c*?[d]')).toBe('abcd');
    expect(baseSheetName('  ')).toBe('自评报告');
    expect(baseSheetName('History')).toBe('自评报告');
    const long = 'x'.repeat(40);
    expect(baseSheetName(long)).toHaveLength(31);
    const name = uniqueSheetName('x'.repeat(31), ['x'.repeat(31)]);
    expect(name).toBe(`${'x'.repeat(28)}(2)`);
  });

  it('a write failing midway takes the half-written sheet away again', async () => {
    const { wb, gateway } = setup(book(), { failNextWriteSync: true, failAfterWrites: 3 });
    const before = wb.cellsState();
    const e = await rejection(gateway.insertText(REPORT, { target: 'new-sheet' }));
    expect(e.code).toBe('api');
    expect(e.message).toMatch(/Excel 操作失败/);
    expect(wb.cellsState()).toEqual(before);
  });

  it('refuses nothing to insert and over-long paragraphs before touching Excel', async () => {
    const { host, gateway } = setup();
    expect((await rejection(gateway.insertText(['', '  '], { target: 'new-sheet' }))).message).toMatch(/没有可插入的文字/);
    expect((await rejection(gateway.insertText(['a', 'x'.repeat(32768)], { target: 'new-sheet' }))).message).toMatch(/第 2 段.*32767/);
    expect(host.syncCount).toBe(0);
  });

  it('cell-edit mode: the pane gets cell-edit-mode and the workbook is unchanged', async () => {
    const { wb, gateway } = setup(book(), { cellEditMode: true });
    const before = wb.cellsState();
    expect((await rejection(gateway.insertText(['a'], { target: 'new-sheet' }))).code).toBe('cell-edit-mode');
    expect(wb.cellsState()).toEqual(before);
  });
});

describe('insertText: at the selection', () => {
  it('writes downwards from the active cell into empty cells, as text, and selects what it wrote', async () => {
    const { wb, gateway, syncsOf } = setup();
    wb.sheet('项目1').selection = 'E3:F4'; // a block: its top-left cell is the start
    const { result, syncs, writeSyncs } = await syncsOf(() => gateway.insertText(FORMULA_LIKE, { target: 'selection', headings: [1] }));
    expect(result).toEqual({ sheet: '项目1', address: 'E3:E7', rows: 5 });
    expect(syncs).toBe(3); // where, what is there, the writes
    expect(writeSyncs).toBe(1);
    const cells = wb.cellsState().sheets[0]!.cells;
    FORMULA_LIKE.forEach((line, i) => {
      expect(cells[`E${3 + i}`]).toEqual({ value: line, numberFormat: '@', ...(i === 1 ? { bold: true } : {}) });
    });
    expect(wb.sheet('项目1').selection).toBe('E3:E7');
  });

  it('refuses a range with a non-empty cell, writes nothing, names the cell and suggests the first place that fits', async () => {
    const { wb, host, gateway } = setup();
    wb.sheet('项目1').selection = 'C2';
    const before = wb.cellsState();
    const writesBefore = host.syncLog.filter((s) => s.writes > 0).length;
    const e = await rejection(gateway.insertText(['第一段', '第二段', '第三段'], { target: 'selection' }));
    expect(e.code).toBe('target-not-empty');
    expect(e.occupied).toBe('C2');
    // C3 empty, C4 taken, C5 has a formula showing "": the first 3 free rows start at C6.
    expect(e.suggestion).toEqual({ sheet: '项目1', address: 'C6' });
    expect(e.message).toBe(
      '工作表“项目1”从 C2 向下 3 行中，C2 已有内容。为避免覆盖，本次没有写入任何内容。可以改为插入到 C6 起（下方第一处连续 3 行空白的位置）。',
    );
    expect(wb.cellsState()).toEqual(before);
    expect(host.syncLog.filter((s) => s.writes > 0).length).toBe(writesBefore);

    // The pane's one-click follow-up.
    const done = await gateway.insertText(['第一段', '第二段', '第三段'], { target: 'selection', at: e.suggestion! });
    expect(done.address).toBe('C6:C8');
    expect(wb.getCell('项目1', 'C4')!.value).toBe('已有说明');
    expect(wb.getCell('项目1', 'C6')).toEqual({ value: '第一段', numberFormat: '@' });
  });

  it('an occupied cell further down the range is found too, and a gap that is too small is skipped', async () => {
    const values: string[][] = [['a'], [''], [''], ['b'], [''], [''], ['c'], [''], [''], [''], ['d']];
    const { wb, gateway } = setup(HostWorkbook.fromSnapshotLike({ sheets: [{ name: 'S', values }] }));
    wb.sheet('S').selection = 'A2';
    const e = await rejection(gateway.insertText(['1', '2', '3'], { target: 'selection' }));
    expect(e.occupied).toBe('A4');
    expect(e.suggestion).toEqual({ sheet: 'S', address: 'A8' }); // A2:A3 and A5:A6 hold two rows only
    wb.sheet('S').selection = 'A8';
    expect(await rejection(gateway.insertText(['1', '2', '3', '4'], { target: 'selection' }))).toMatchObject({
      occupied: 'A11',
      suggestion: { sheet: 'S', address: 'A12' }, // nothing below A11: the rest of the column is free
    });
  });

  it('merged cells in the way count as taken (ExcelApi 1.13)', async () => {
    const wb = HostWorkbook.fromSnapshotLike({ sheets: [{ name: 'S', values: [['标题']], merges: ['B2:C3'] }] });
    const { gateway } = setup(wb);
    wb.sheet('S').selection = 'B1';
    expect(await rejection(gateway.insertText(['1', '2'], { target: 'selection' }))).toMatchObject({
      code: 'target-not-empty',
      occupied: 'B2',
      suggestion: { sheet: 'S', address: 'B4' },
    });
  });

  it('a protected sheet is refused with the insert wording, nothing written', async () => {
    const wb = book();
    wb.sheet('项目1').protected = true;
    wb.sheet('项目1').selection = 'E1';
    const { gateway } = setup(wb);
    const before = wb.cellsState();
    const e = await rejection(gateway.insertText(['a'], { target: 'selection' }));
    expect(e.code).toBe('protected');
    expect(e.message).toContain('工作表“项目1”受保护，无法写入文字');
    expect(wb.cellsState()).toEqual(before);
  });

  it('a selection that is not a cell range, or a hidden target sheet, is refused in Chinese', async () => {
    const wb = book([{ name: '隐藏', values: [['x']], hidden: true }]);
    const { gateway } = setup(wb);
    wb.sheet('项目1').selection = 'Chart 1';
    const e = await rejection(gateway.insertText(['a'], { target: 'selection' }));
    expect(e.message).toContain('当前选中的不是一个单元格区域');
    const hidden = await rejection(gateway.insertText(['a'], { target: 'selection', at: { sheet: '隐藏', address: 'B5' } }));
    expect(hidden.message).toBe('工作表“隐藏”已隐藏，无法写入文字。请先取消隐藏该工作表，或插入到新工作表。');
  });

  it('`at` on a sheet that no longer exists says so', async () => {
    const { gateway } = setup();
    const e = await rejection(gateway.insertText(['a'], { target: 'selection', at: { sheet: '已删除', address: 'A1' } }));
    expect(e.code).toBe('item-not-found');
    expect(e.message).toContain('已删除');
  });

  it('findRoom: the first run of free rows below the start, none when the sheet ends first', () => {
    const taken = new Set([3, 4]);
    const free = (r: number) => !taken.has(r);
    expect(findRoom(0, 2, free, 5)).toBe(1);
    expect(findRoom(0, 3, free, 5)).toBe(5);
    expect(findRoom(2, 1, free, 5)).toBe(5);
    expect(findRoom(0, 3, (r) => r >= 100, 100)).toBe(100);
    expect(findRoom(1_048_570, 10, () => true, 1_048_575)).toBeNull();
  });
});

describe('fillCells', () => {
  it('writes only into cells that are empty now, as text; reports every cell it skipped and why', async () => {
    const wb = book([{ name: '锁定', values: [['x']], protected: true }]);
    const { gateway, syncsOf } = setup(wb);
    const { result, syncs, writeSyncs } = await syncsOf(() =>
      gateway.fillCells([
        { sheet: '项目1', cell: 'C3', text: '=原因：【请填写】' },
        { sheet: '项目1', cell: 'C4', text: '会覆盖用户的说明' },
        { sheet: '项目1', cell: 'C5', text: '公式单元格' },
        { sheet: '项目1', cell: 'c3', text: '重复' },
        { sheet: '不存在', cell: 'C3', text: 'x' },
        { sheet: '锁定', cell: 'B2', text: 'x' },
        { sheet: '项目1', cell: 'ZZZZ1', text: 'x' },
        { sheet: '项目1', cell: 'D9', text: '  ' },
        { sheet: '项目1', cell: '$D$10', text: '-2' },
      ]),
    );
    expect(result.written).toEqual(['项目1!C3', '项目1!D10']);
    expect(result.skipped).toEqual([
      { sheet: '项目1', cell: 'C3', reason: 'duplicate' },
      { sheet: '项目1', cell: 'ZZZZ1', reason: 'bad-address' },
      { sheet: '项目1', cell: 'D9', reason: 'no-text' },
      { sheet: '不存在', cell: 'C3', reason: 'missing-sheet' },
      { sheet: '锁定', cell: 'B2', reason: 'protected' },
      { sheet: '项目1', cell: 'C4', reason: 'not-empty' },
      { sheet: '项目1', cell: 'C5', reason: 'not-empty' },
    ]);
    expect(syncs).toBe(3);
    expect(writeSyncs).toBe(1);
    expect(wb.getCell('项目1', 'C3')).toEqual({ value: '=原因：【请填写】', numberFormat: '@' });
    expect(wb.getCell('项目1', 'D10')).toEqual({ value: '-2', numberFormat: '@' });
    expect(wb.getCell('项目1', 'C4')).toEqual({ value: '已有说明' });
    expect(wb.getCell('项目1', 'C5')).toEqual({ value: '', formula: '=""' });
  });

  it('re-reads at fill time: a cell typed into after the draft was made is left alone', async () => {
    const { host, wb, gateway } = setup();
    await host.userEdit('项目1', 'C3', '刚填好的原因');
    const before = wb.cellsState();
    const { written, skipped } = await gateway.fillCells([{ sheet: '项目1', cell: 'C3', text: '草稿' }]);
    expect(written).toEqual([]);
    expect(skipped).toEqual([{ sheet: '项目1', cell: 'C3', reason: 'not-empty' }]);
    expect(wb.cellsState()).toEqual(before);
    expect(host.syncLog.every((s) => s.writes === 0)).toBe(true);
  });

  it('a cell inside a merged area (not its top-left) is skipped; the top-left is written', async () => {
    const wb = HostWorkbook.fromSnapshotLike({ sheets: [{ name: 'S', values: [['']], merges: ['H12:I12'] }] });
    const { gateway } = setup(wb);
    const r = await gateway.fillCells([
      { sheet: 'S', cell: 'I12', text: 'x' },
      { sheet: 'S', cell: 'H12', text: 'y' },
    ]);
    expect(r).toEqual({ written: ['S!H12'], skipped: [{ sheet: 'S', cell: 'I12', reason: 'merged' }] });
  });
});

describe('one undo step', () => {
  it('with ExcelApi 1.20 every sync of an insert runs in one Excel.run with mergeUndoGroup', async () => {
    const { host, gateway } = setup(book(), { apiVersion: '1.20' });
    await gateway.insertText(['a', 'b'], { target: 'new-sheet' });
    await gateway.fillCells([{ sheet: '项目1', cell: 'C3', text: 'x' }]);
    const runs = host.runLog.filter((r) => r.options);
    expect(runs.map((r) => r.options)).toEqual([{ mergeUndoGroup: true }, { mergeUndoGroup: true }]);
    expect(runs.map((r) => r.syncs.length)).toEqual([2, 3]);
  });

  it('below 1.20 the option is not sent (the fake, like an old Excel, would refuse it)', async () => {
    const { host, gateway } = setup(book(), { apiVersion: '1.18' });
    await gateway.insertText(['a'], { target: 'new-sheet' });
    expect(host.runLog.every((r) => r.options === null)).toBe(true);
    await expect(host.api.Excel.run({ mergeUndoGroup: true }, async () => undefined)).rejects.toMatchObject({ code: 'ApiNotFound' });
  });
});

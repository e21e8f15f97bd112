// The Office.js gateway against the fake Excel host: sync counts, banding, marks that come off
// exactly, feature detection, and error mapping.
import { describe, expect, it } from 'vitest';
import type { Finding, Severity } from '../../src/engine/types';
import { checkWorkbook } from '../../src/engine';
import { createOfficeGateway } from '../../src/excel/office-gateway';
import { GatewayError } from '../../src/excel/errors';
import { MARK_COLORS, NOTE_PREFIX, SETTINGS_IGNORED_KEY, SETTINGS_MARKS_KEY, markFormula } from '../../src/excel/marks';
import { HostWorkbook, createFakeExcel, type FakeExcelOptions, type SheetLike, type WorkbookState } from '../../src/host/fake-excel';
import { buildForm, sheetOf, validProjectSpec } from '../support/build-form';

/** A sheet shaped like a 绩效自评表: title merge, percent cell, formulas, a user fill. */
function formSheet(name: string): SheetLike {
  const values: (string | number)[][] = [
    ['项目支出绩效自评表', '', '', '', ''],
    ['项目名称', '教师培训', '', '', ''],
    ['', '年初预算数', '全年预算数', '全年执行数', '执行率'],
    ['年度资金总额', 100, 100, 95, 0.95],
  ];
  for (let i = 0; i < 20; i++) values.push([`指标${i + 1}`, '≥90%', 0.96, 10, 10]);
  values.push(['总分', '', '', 100, 99.5]);
  const formulas: (string | null)[][] = values.map(() => [null, null, null, null, null]);
  formulas[3]![4] = '=D4/C4';
  formulas[values.length - 1]![4] = '=SUM(E5:E24)';
  const numberFormats: (string | null)[][] = values.map(() => [null, null, null, null, null]);
  numberFormats[3]![4] = '0.00%';
  for (let r = 4; r < 24; r++) numberFormats[r]![2] = '0%';
  const fills: (string | null)[][] = [[null, '#FFFF00']];
  return { name, values, formulas, numberFormats, fills, merges: ['A1:E1', 'B2:E2'] };
}

function workbook(sheetCount: number): HostWorkbook {
  const sheets: SheetLike[] = [];
  for (let i = 0; i < sheetCount; i++) sheets.push(formSheet(i === 0 ? '项目表' : `项目表${i + 1}`));
  return HostWorkbook.fromSnapshotLike({ sheets });
}

function setup(wb: HostWorkbook, options: FakeExcelOptions = {}) {
  const host = createFakeExcel(wb, options);
  const gateway = createOfficeGateway(host.api);
  /** Syncs used by one operation. */
  const count = async (op: () => Promise<unknown>): Promise<number> => {
    const before = host.syncCount;
    await op();
    return host.syncCount - before;
  };
  return { host, gateway, count };
}

let seq = 0;
function finding(sheet: string, cell: string, severity: Severity, message = `问题${++seq}`): Finding {
  const m = /^([A-Z]+)(\d+)$/.exec(cell)!;
  let col = 0;
  for (const ch of m[1]!) col = col * 26 + ch.charCodeAt(0) - 64;
  return { rule: 'test-rule', severity, sheet, cell, row: Number(m[2]) - 1, col: col - 1, message, key: `test-rule|${sheet}|${cell}|${seq}` };
}

/** The workbook without the add-in's overlay: what must never change. */
function content(state: WorkbookState) {
  return state.sheets.map(({ conditionalFormats: _cf, notes: _n, ...rest }) => rest);
}

function ownFormats(wb: HostWorkbook, sheet: string) {
  const ours = (['error', 'warning', 'info'] as const).map(markFormula);
  return wb.sheet(sheet).conditionalFormats.filter((cf) => cf.formula !== undefined && ours.includes(cf.formula));
}

describe('readSnapshot', () => {
  it('reads 1 and 100 sheets in the same number of syncs (≤ 3), matching the workbook', async () => {
    const one = setup(workbook(1));
    const hundred = setup(workbook(100));
    const syncsOne = await one.count(async () => {
      const snap = await one.gateway.readSnapshot();
      expect(snap).toEqual(one.host.workbook.toSnapshotForTest());
    });
    const syncsHundred = await hundred.count(async () => {
      const snap = await hundred.gateway.readSnapshot();
      expect(snap.sheets).toHaveLength(100);
      expect(snap).toEqual(hundred.host.workbook.toSnapshotForTest());
    });
    expect(syncsOne).toBeLessThanOrEqual(3);
    expect(syncsHundred).toBe(syncsOne);
  });

  it('keeps formulas, percent fractions, number formats and merged cells as Excel reports them', async () => {
    const { gateway } = setup(workbook(1));
    const sheet = (await gateway.readSnapshot()).sheets[0]!;
    expect(sheet.values[3]).toEqual(['年度资金总额', 100, 100, 95, 0.95]);
    expect(sheet.numberFormats![3]![4]).toBe('0.00%');
    expect(sheet.formulas![3]![4]).toBe('=D4/C4');
    expect(sheet.formulas![3]![1]).toBeNull(); // a constant is not a formula
    expect(sheet.values[1]).toEqual(['项目名称', '教师培训', '', '', '']);
    expect(sheet.merges).toEqual([
      { top: 0, left: 0, bottom: 0, right: 4 },
      { top: 1, left: 1, bottom: 1, right: 4 },
    ]);
  });

  it('places a used range that does not start at A1 at its real offset', async () => {
    const wb = new HostWorkbook();
    wb.addSheet('偏移');
    wb.setCell('偏移', 'C5', { value: '执行率' });
    wb.setCell('偏移', 'D6', { value: 0.5, numberFormat: '0%' });
    wb.setCell('偏移', 'A1', { value: '', fill: '#FF0000' }); // formatted but empty: not "used" for values
    const { gateway } = setup(wb);
    const sheet = (await gateway.readSnapshot()).sheets[0]!;
    expect(sheet.values.length).toBe(6);
    expect(sheet.values[0]).toEqual([]);
    expect(sheet.values[4]).toEqual(['', '', '执行率', '']);
    expect(sheet.values[5]).toEqual(['', '', '', 0.5]);
    expect(sheet.numberFormats![5]![3]).toBe('0%');
  });

  it('reads merged areas with ExcelApi 1.13 and omits them (without failing) when capped at 1.7', async () => {
    const full = setup(workbook(2));
    const withMerges = await full.gateway.readSnapshot();
    expect(withMerges.sheets.every((s) => s.merges?.length === 2)).toBe(true);

    const capped = setup(workbook(2), { apiVersion: '1.7' });
    const without = await capped.gateway.readSnapshot();
    expect(without.sheets.every((s) => !('merges' in s))).toBe(true);
    expect(without).toEqual(capped.host.workbook.toSnapshotForTest({ merges: false }));
    expect(capped.host.syncLog.every((s) => s.ok)).toBe(true);
  });

  it('reports hidden sheets and empty sheets', async () => {
    const wb = workbook(1);
    wb.addSheet('空白');
    wb.sheet('项目表').visibility = 'Hidden';
    const { gateway } = setup(wb);
    const snap = await gateway.readSnapshot();
    expect(snap.sheets[0]!.hidden).toBe(true);
    expect(snap.sheets[1]).toEqual({ name: '空白', values: [], numberFormats: [], formulas: [], merges: [] });
  });

  it('bands a 300,000-cell sheet so no request or response exceeds the 5 MB cap', async () => {
    const wb = new HostWorkbook();
    const sheet = wb.addSheet('明细');
    const rows = 15_000;
    const cols = 20;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const cell = c === 0 ? { value: `明细项目第${r + 1}行` } : c % 3 === 0 ? { value: (r * c) / 7, numberFormat: '0.00%' } : { value: r * 100 + c };
        sheet.cells.set(r * 16384 + c, cell);
      }
    }
    const cap = 5 * 1024 * 1024;
    const { host, gateway } = setup(wb, { payloadLimitBytes: cap });
    const snap = await gateway.readSnapshot();
    expect(snap.sheets[0]!.values.length).toBe(rows);
    expect(snap.sheets[0]!.values[rows - 1]![0]).toBe(`明细项目第${rows}行`);
    expect(snap).toEqual(wb.toSnapshotForTest());
    expect(host.syncLog.every((s) => s.ok)).toBe(true);
    const dataSyncs = host.syncLog.filter((s) => s.responseBytes > 100_000);
    expect(dataSyncs.length).toBeGreaterThan(1); // it really had to split
    for (const s of host.syncLog) {
      expect(s.responseBytes).toBeLessThanOrEqual(cap);
      expect(s.requestBytes).toBeLessThanOrEqual(cap);
    }
  });

  it('retries with smaller requests when content is heavier than the estimate', async () => {
    const wb = new HostWorkbook();
    const sheet = wb.addSheet('长文本');
    for (let r = 0; r < 400; r++) for (let c = 0; c < 5; c++) sheet.cells.set(r * 16384 + c, { value: `第${r}行说明：${'完成情况良好，'.repeat(20)}` });
    const cap = 200_000;
    const { host, gateway } = setup(wb, { payloadLimitBytes: cap });
    const snap = await gateway.readSnapshot();
    expect(snap).toEqual(wb.toSnapshotForTest());
    expect(host.syncLog.some((s) => s.error === 'ResponsePayloadSizeLimitExceeded')).toBe(true);
    for (const s of host.syncLog.filter((x) => x.ok)) expect(s.responseBytes).toBeLessThanOrEqual(cap);
  });

  it('names the sheet when a single row is too large to read', async () => {
    const wb = new HostWorkbook();
    wb.addSheet('巨行');
    wb.setCell('巨行', 'A1', { value: '字'.repeat(5000) });
    const { gateway } = setup(wb, { payloadLimitBytes: 10_000 });
    await expect(gateway.readSnapshot()).rejects.toMatchObject({ code: 'api', message: expect.stringContaining('巨行') });
  });
});

describe('applyMarks / clearMarks', () => {
  function userDecorated(): HostWorkbook {
    const wb = workbook(2);
    // The user's own formats: a custom rule with Excel's preset light red, and a colour scale.
    wb.addConditionalFormat('项目表', { type: 'Custom', range: 'E5:E24', formula: '=E5<6', fill: '#FFC7CE' });
    wb.addConditionalFormat('项目表', { type: 'ColorScale', range: 'C5:C24' });
    wb.addNote('项目表', 'B4', '用户自己的批注');
    return wb;
  }

  it('marks one cell per finding with the highest severity, then clears back to the exact original', async () => {
    const wb = userDecorated();
    const { gateway, count } = setup(wb);
    const before = wb.cellsState();
    const findings = [
      finding('项目表', 'E4', 'warning'),
      finding('项目表', 'E4', 'error'), // same cell: one mark, error wins
      finding('项目表', 'E6', 'info'),
      finding('项目表2', 'D25', 'warning'),
    ];
    const applySyncs = await count(() => gateway.applyMarks(findings));
    expect(applySyncs).toBeLessThanOrEqual(3);

    const own = ownFormats(wb, '项目表');
    expect(own.map((cf) => [cf.range, cf.formula, cf.fill]).sort()).toEqual(
      [
        [{ top: 3, left: 4, bottom: 3, right: 4 }, markFormula('error'), MARK_COLORS.error],
        [{ top: 5, left: 4, bottom: 5, right: 4 }, markFormula('info'), MARK_COLORS.info],
      ].sort(),
    );
    expect(ownFormats(wb, '项目表2')).toHaveLength(1);
    expect(ownFormats(wb, '项目表2')[0]!.fill).toBe(MARK_COLORS.warning);
    // Never values, fills, number formats, merges, selection.
    expect(content(wb.cellsState())).toEqual(content(before));

    const clearSyncs = await count(() => gateway.clearMarks());
    expect(clearSyncs).toBeLessThanOrEqual(2);
    expect(wb.cellsState()).toEqual(before);
  });

  it("leaves a user's rule that merely mentions the tag: only the exact mark rule is ours", async () => {
    const wb = userDecorated();
    wb.addConditionalFormat('项目表', { type: 'Custom', range: 'B5:B24', formula: '=ISNUMBER(SEARCH("selfeval:",B5))', fill: '#FFC7CD' });
    wb.addConditionalFormat('项目表', { type: 'Custom', range: 'C5', formula: '=N("selfeval:error")=0+C5', fill: '#FFC7CD' });
    const { gateway } = setup(wb);
    const before = wb.cellsState();
    await gateway.applyMarks([finding('项目表', 'E4', 'error')]);
    expect(ownFormats(wb, '项目表')).toHaveLength(1);
    await gateway.clearMarks();
    expect(wb.cellsState()).toEqual(before);
  });

  it('uses colours distinct from Excel presets the user may have', () => {
    expect(Object.values(MARK_COLORS).map((c) => c.toUpperCase())).not.toContain('#FFC7CE');
    expect(Object.values(MARK_COLORS).map((c) => c.toUpperCase())).not.toContain('#FFEB9C');
    expect(Object.values(MARK_COLORS).map((c) => c.toUpperCase())).not.toContain('#DDEBF7');
  });

  it('re-applying replaces instead of duplicating, in one write sync', async () => {
    const wb = userDecorated();
    const { host, gateway, count } = setup(wb);
    const findings = [finding('项目表', 'E4', 'error'), finding('项目表', 'B6', 'warning')];
    await gateway.applyMarks(findings);
    const first = wb.cellsState();
    const syncs = await count(() => gateway.applyMarks(findings));
    expect(wb.cellsState()).toEqual(first);
    expect(syncs).toBeLessThanOrEqual(2);
    expect(host.syncLog.slice(-syncs).filter((s) => s.writes > 0)).toHaveLength(1);

    await gateway.applyMarks([finding('项目表', 'B6', 'info')]);
    expect(ownFormats(wb, '项目表').map((cf) => cf.fill)).toEqual([MARK_COLORS.info]);
    expect(wb.sheet('项目表').conditionalFormats.filter((cf) => cf.type === 'ColorScale')).toHaveLength(1);
  });

  it('records its marks in the document settings', async () => {
    const { host, gateway } = setup(userDecorated());
    await gateway.applyMarks([finding('项目表', 'E4', 'error')]);
    const registry = host.settingsSnapshot()[SETTINGS_MARKS_KEY] as { marks: Record<string, unknown[]> };
    expect(registry.marks).toEqual({ 项目表: [{ address: 'E4', severity: 'error' }] });
    await new Promise((r) => setTimeout(r, 5));
    expect(host.savedSettings[SETTINGS_MARKS_KEY]).toEqual(host.settingsSnapshot()[SETTINGS_MARKS_KEY]);
  });

  it('finds its marks after rows were inserted and after the sheet was renamed', async () => {
    const wb = userDecorated();
    const before = wb.cellsState();
    const { gateway } = setup(wb);
    await gateway.applyMarks([finding('项目表', 'E4', 'error'), finding('项目表2', 'A3', 'info')]);
    // Simulate Excel moving the mark when the user inserts rows, then renaming the other sheet.
    for (const cf of ownFormats(wb, '项目表')) cf.range = { ...cf.range, top: cf.range.top + 2, bottom: cf.range.bottom + 2 };
    wb.renameSheet('项目表2', '改名后');
    await gateway.clearMarks();
    expect(ownFormats(wb, '项目表')).toHaveLength(0);
    expect(ownFormats(wb, '改名后')).toHaveLength(0);
    wb.renameSheet('改名后', '项目表2');
    expect(wb.cellsState()).toEqual(before);
  });

  it('finds marks on a document whose registry was lost', async () => {
    const wb = userDecorated();
    const before = wb.cellsState();
    const first = setup(wb);
    await first.gateway.applyMarks([finding('项目表2', 'C7', 'warning')]);
    const fresh = setup(wb); // new session, empty settings
    await fresh.gateway.clearMarks();
    expect(wb.cellsState()).toEqual(before);
  });

  it('writes notes only when requested and supported, keeps the user’s notes, and removes its own', async () => {
    const wb = userDecorated();
    const before = wb.cellsState();
    const { gateway } = setup(wb, { apiVersion: '1.18' });
    await gateway.applyMarks([finding('项目表', 'E4', 'error', '执行率应为95.00%'), finding('项目表', 'B4', 'warning', '用户批注处')]);
    expect(wb.sheet('项目表').notes.size).toBe(1); // no notes unless asked
    await gateway.applyMarks([finding('项目表', 'E4', 'error', '执行率应为95.00%'), finding('项目表', 'B4', 'warning', '用户批注处')], { notes: true });
    const notes = wb.sheet('项目表').notes;
    expect(notes.get('E4')?.content).toBe(`${NOTE_PREFIX}执行率应为95.00%`);
    expect(notes.get('B4')?.content).toBe('用户自己的批注'); // theirs stays untouched
    await gateway.applyMarks([finding('项目表', 'E4', 'error', '新说明')], { notes: true });
    expect(notes.get('E4')?.content).toBe(`${NOTE_PREFIX}新说明`);
    await gateway.applyMarks([finding('项目表', 'E4', 'error', '新说明')]); // notes off: ours go
    expect(notes.has('E4')).toBe(false);
    await gateway.applyMarks([finding('项目表', 'E4', 'error', '新说明')], { notes: true });
    await gateway.clearMarks();
    expect(wb.cellsState()).toEqual(before);
  });

  it('skips notes without failing on a host capped below ExcelApi 1.18', async () => {
    const wb = userDecorated();
    const { host, gateway } = setup(wb, { apiVersion: '1.7' });
    await gateway.applyMarks([finding('项目表', 'E4', 'error')], { notes: true });
    expect(ownFormats(wb, '项目表')).toHaveLength(1);
    expect([...wb.sheet('项目表').notes.keys()]).toEqual(['B4']);
    expect(host.syncLog.every((s) => s.ok)).toBe(true);
  });

  it('leaves the workbook unchanged when the write sync fails midway', async () => {
    const wb = userDecorated();
    const before = wb.cellsState();
    const { host, gateway } = setup(wb);
    host.options.failNextWriteSync = true;
    const findings = [finding('项目表', 'E4', 'error'), finding('项目表', 'E6', 'warning'), finding('项目表2', 'A3', 'info'), finding('项目表2', 'B9', 'info')];
    const error = await gateway.applyMarks(findings).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).message).toMatch(/撤回/);
    const failed = host.syncLog.find((s) => !s.ok)!;
    // 4 marks × (add, rule, fill): half of them had reached the workbook when Excel failed.
    expect(failed.writes).toBe(12);
    expect(failed.applied).toBe(6);
    expect(wb.cellsState()).toEqual(before);
  });

  it('restores the previous marks when a re-apply fails midway', async () => {
    const wb = userDecorated();
    const { host, gateway } = setup(wb, { apiVersion: '1.18' });
    await gateway.applyMarks([finding('项目表', 'E4', 'error', '旧说明'), finding('项目表2', 'A3', 'info')], { notes: true });
    const marked = wb.cellsState();
    host.options.failAtSync = host.syncCount + 2; // steady state: discovery 1 sync, then the write
    host.options.failAfterWrites = 3;
    await expect(gateway.applyMarks([finding('项目表', 'B6', 'warning'), finding('项目表2', 'C9', 'error')], { notes: true })).rejects.toMatchObject({
      code: 'api',
    });
    const failed = host.syncLog.at(-3)!;
    expect(failed.ok).toBe(false);
    expect(failed.applied).toBe(3); // old marks and notes already deleted when it failed
    expect(wb.cellsState()).toEqual(marked);
  });

  it('refuses with a clear message on a protected sheet and changes nothing', async () => {
    const wb = userDecorated();
    wb.sheet('项目表2').protected = true;
    const before = wb.cellsState();
    const { gateway } = setup(wb);
    const error = (await gateway.applyMarks([finding('项目表', 'E4', 'error'), finding('项目表2', 'A3', 'info')]).catch((e: unknown) => e)) as GatewayError;
    expect(error).toBeInstanceOf(GatewayError);
    expect(error.code).toBe('protected');
    expect(error.sheet).toBe('项目表2');
    expect(error.message).toContain('工作表“项目表2”受保护');
    expect(wb.cellsState()).toEqual(before);
  });

  it('maps AccessDenied from Excel itself to protected', async () => {
    const wb = userDecorated();
    const { host, gateway } = setup(wb);
    host.options.failNextWriteSync = true;
    host.options.failCode = 'AccessDenied';
    await expect(gateway.applyMarks([finding('项目表', 'E4', 'error')])).rejects.toMatchObject({ code: 'protected' });
  });

  it('reports cell-edit mode as GatewayError "cell-edit-mode" and touches nothing', async () => {
    const wb = userDecorated();
    const before = wb.cellsState();
    const { gateway } = setup(wb, { cellEditMode: true });
    for (const op of [() => gateway.readSnapshot(), () => gateway.applyMarks([finding('项目表', 'E4', 'error')]), () => gateway.clearMarks(), () => gateway.select('项目表', 'B2')]) {
      const e = (await op().catch((x: unknown) => x)) as GatewayError;
      expect(e).toBeInstanceOf(GatewayError);
      expect(e.code).toBe('cell-edit-mode');
      expect(e.message).toContain('单元格编辑');
    }
    expect(wb.cellsState()).toEqual(before);
  });

  it('says which sheet is missing when a finding names a deleted sheet', async () => {
    const wb = workbook(2);
    const { gateway } = setup(wb);
    wb.deleteSheet('项目表2');
    await expect(gateway.applyMarks([finding('项目表2', 'A1', 'error')])).rejects.toMatchObject({
      code: 'item-not-found',
      message: expect.stringContaining('项目表2'),
    });
  });

  it('still recognises its marks on a host that refuses customOrNullObject in load paths', async () => {
    const wb = userDecorated();
    const before = wb.cellsState();
    const { host, gateway } = setup(wb, { rejectOrNullObjectPaths: true });
    await gateway.applyMarks([finding('项目表', 'E4', 'error'), finding('项目表', 'E6', 'info')]);
    expect(ownFormats(wb, '项目表')).toHaveLength(2);
    await gateway.applyMarks([finding('项目表', 'E4', 'warning')]);
    expect(ownFormats(wb, '项目表').map((cf) => cf.fill)).toEqual([MARK_COLORS.warning]);
    await gateway.clearMarks();
    expect(wb.cellsState()).toEqual(before);
    expect(host.syncLog.filter((s) => !s.ok).map((s) => s.error)).toEqual(['InvalidOperation']); // tried once, then remembered
  });

  it('clearing an unmarked workbook writes nothing', async () => {
    const wb = userDecorated();
    const before = wb.cellsState();
    const { host, gateway } = setup(wb);
    await gateway.clearMarks();
    expect(host.syncLog.every((s) => s.writes === 0)).toBe(true);
    expect(wb.cellsState()).toEqual(before);
  });

  it('marks what the engine finds in a real form and clears it exactly', async () => {
    const spec = validProjectSpec({ budget: { initial: 100, planned: 100, executed: 95, weight: 10, rate: 0.9, score: 9 } });
    const sheet = sheetOf('项目自评表', buildForm(spec));
    const wb = HostWorkbook.fromSnapshotLike({ sheets: [sheet] });
    const before = wb.cellsState();
    const { gateway } = setup(wb);
    const report = checkWorkbook(await gateway.readSnapshot());
    expect(report.findings.length).toBeGreaterThan(0);
    await gateway.applyMarks(report.findings);
    const cells = new Set(report.findings.map((f) => f.cell));
    expect(ownFormats(wb, '项目自评表')).toHaveLength(cells.size);
    await gateway.clearMarks();
    expect(wb.cellsState()).toEqual(before);
  });
});

describe('select, settings, events, no Excel', () => {
  it('activates the sheet and selects the cell', async () => {
    const wb = workbook(3);
    const { gateway, count } = setup(wb);
    expect(wb.activeSheet).toBe('项目表');
    expect(await count(() => gateway.select('项目表3', 'd7'))).toBe(2);
    expect(wb.activeSheet).toBe('项目表3');
    expect(wb.sheet('项目表3').selection).toBe('D7');
  });

  it('explains a missing or hidden sheet instead of failing obscurely', async () => {
    const wb = workbook(2);
    wb.sheet('项目表2').visibility = 'Hidden';
    const { gateway } = setup(wb);
    await expect(gateway.select('不存在', 'A1')).rejects.toMatchObject({ code: 'item-not-found', message: expect.stringContaining('不存在') });
    await expect(gateway.select('项目表2', 'A1')).rejects.toMatchObject({ message: expect.stringContaining('已隐藏') });
    await expect(gateway.select('项目表', '第三行')).rejects.toMatchObject({ code: 'api' });
  });

  it('keeps ignore keys in the document settings', async () => {
    const { host, gateway } = setup(workbook(1));
    expect(await gateway.loadIgnored()).toEqual([]);
    await gateway.saveIgnored(['a|项目表|E4', 'b|项目表|B6', 'a|项目表|E4']);
    expect(host.savedSettings[SETTINGS_IGNORED_KEY]).toEqual(['a|项目表|E4', 'b|项目表|B6']);
    expect(await createOfficeGateway(host.api).loadIgnored()).toEqual(['a|项目表|E4', 'b|项目表|B6']);
    host.options.failSettingsSave = true;
    await expect(gateway.saveIgnored(['c'])).rejects.toMatchObject({ code: 'api' });
  });

  it('subscribes to workbook changes with ExcelApi 1.9 and unsubscribes', async () => {
    const { host, gateway } = setup(workbook(2));
    let calls = 0;
    const off = await gateway.onChanged(() => calls++);
    await host.userEdit('项目表2', 'B3', 5);
    expect(calls).toBe(1);
    off();
    await new Promise((r) => setTimeout(r, 5));
    expect(host.listenerCount()).toBe(0);
    await host.userEdit('项目表', 'B3', 6);
    expect(calls).toBe(1);
  });

  it('falls back to per-sheet events on ExcelApi 1.7 and to a no-op below', async () => {
    const old = setup(workbook(2), { apiVersion: '1.7' });
    let calls = 0;
    const off = await old.gateway.onChanged(() => calls++);
    await old.host.userEdit('项目表', 'A1', 'x');
    await old.host.userEdit('项目表2', 'A1', 'y');
    expect(calls).toBe(2);
    off();
    await new Promise((r) => setTimeout(r, 5));
    expect(old.host.listenerCount()).toBe(0);

    const older = setup(workbook(1), { apiVersion: '1.6' });
    const noop = await older.gateway.onChanged(() => calls++);
    expect(older.host.syncCount).toBe(0);
    expect(() => noop()).not.toThrow();
  });

  it('fails with "not-in-excel" outside Excel', async () => {
    const gateway = createOfficeGateway(null);
    await expect(gateway.readSnapshot()).rejects.toMatchObject({ code: 'not-in-excel' });
    await expect(gateway.applyMarks([])).rejects.toMatchObject({ code: 'not-in-excel' });
    await expect(gateway.loadIgnored()).rejects.toMatchObject({ code: 'not-in-excel' });
    // No globals in Node: the default is "not in Excel" too.
    await expect(createOfficeGateway().clearMarks()).rejects.toBeInstanceOf(GatewayError);
  });
});

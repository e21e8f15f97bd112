// Writes that never lose the user's text or overrun Excel's limits: notes the user wrote or changed
// are never overwritten or deleted (also when a failed write is rolled back), a sheet with stray
// values far apart is read in a bounded number of syncs, tens of thousands of findings are marked in
// syncs that fit the 5 MB request cap, and below ExcelApi 1.13 text never lands in a merged area.
import { describe, expect, it } from 'vitest';
import type { Finding, Severity } from '../../src/engine/types';
import { createOfficeGateway } from '../../src/excel/office-gateway';
import { MESSAGES } from '../../src/excel/errors';
import { NOTE_PREFIX, markFormula } from '../../src/excel/marks';
import { HostWorkbook, createFakeExcel, type FakeExcelOptions } from '../../src/host/fake-excel';

function setup(wb: HostWorkbook, options: FakeExcelOptions = {}) {
  const host = createFakeExcel(wb, options);
  return { host, gateway: createOfficeGateway(host.api) };
}

function finding(sheet: string, cell: string, severity: Severity = 'error', message = '执行率得分应为 9.66'): Finding {
  return { rule: 'test-rule', severity, sheet, cell, row: 0, col: 0, message, key: `test-rule|${sheet}|${cell}` };
}

function book(): HostWorkbook {
  return HostWorkbook.fromSnapshotLike({
    sheets: [
      { name: '项目表', values: [['项目支出绩效自评表', '', ''], ['执行率', 0.9662, 9.68], ['总分', '', 90]] },
      { name: '部门表', values: [['部门整体支出绩效自评表'], ['得分', 80]] },
    ],
  });
}

const ownMarks = (wb: HostWorkbook) =>
  wb.sheets.flatMap((s) => s.conditionalFormats.filter((cf) => (['error', 'warning', 'info'] as const).map(markFormula).includes(cf.formula ?? '')).map(() => s.name));

describe('notes: only the exact text the add-in wrote is the add-in’s', () => {
  it('a note of ours the user added text to is neither overwritten on re-check nor deleted by 清除标记', async () => {
    const wb = book();
    const { gateway } = setup(wb);
    await gateway.applyMarks([finding('项目表', 'C2')], { notes: true });
    const notes = wb.sheet('项目表').notes;
    expect(notes.get('C2')?.content).toBe(`${NOTE_PREFIX}执行率得分应为 9.66`);
    // The clerk appends her own explanation to the note.
    const edited = `${notes.get('C2')!.content}\n已与主管部门核对，按原口径填报。`;
    notes.get('C2')!.content = edited;
    await gateway.applyMarks([finding('项目表', 'C2', 'error', '新的说明')], { notes: true });
    expect(notes.get('C2')?.content).toBe(edited);
    await gateway.clearMarks();
    expect(notes.get('C2')?.content).toBe(edited);
    expect(ownMarks(wb)).toEqual([]);
  });

  it('a user’s own note that happens to start with the prefix is never treated as ours', async () => {
    const wb = book();
    wb.addNote('项目表', 'C2', `${NOTE_PREFIX}这是我自己写的备注`);
    const { gateway } = setup(wb);
    await gateway.applyMarks([finding('项目表', 'C2')], { notes: true });
    expect(wb.sheet('项目表').notes.get('C2')?.content).toBe(`${NOTE_PREFIX}这是我自己写的备注`);
    await gateway.clearMarks();
    expect(wb.sheet('项目表').notes.get('C2')?.content).toBe(`${NOTE_PREFIX}这是我自己写的备注`);
  });

  it('rolling back a failed write puts our old notes back and leaves a user’s prefixed note alone', async () => {
    const wb = book();
    wb.addNote('部门表', 'B2', `${NOTE_PREFIX}用户自己加的`);
    const { host, gateway } = setup(wb);
    await gateway.applyMarks([finding('项目表', 'C2', 'error', '旧说明')], { notes: true });
    const before = JSON.stringify(wb.cellsState());
    for (let k = 0; k <= 6; k++) {
      host.options.failNextWriteSync = true;
      host.options.failAfterWrites = k;
      await expect(
        gateway.applyMarks([finding('项目表', 'A3', 'warning', '新说明'), finding('部门表', 'B2', 'error', '得分应为 85')], { notes: true }),
      ).rejects.toMatchObject({ code: 'api' });
      expect(JSON.stringify(wb.cellsState())).toBe(before);
    }
    expect(wb.sheet('部门表').notes.get('B2')?.content).toBe(`${NOTE_PREFIX}用户自己加的`);
  });

  it('a renamed sheet’s notes are still recognised (same text on the same cell) and come off', async () => {
    const wb = book();
    const { gateway } = setup(wb);
    await gateway.applyMarks([finding('项目表', 'C2')], { notes: true });
    wb.renameSheet('项目表', '项目表（改）');
    await gateway.clearMarks();
    expect(wb.sheet('项目表（改）').notes.size).toBe(0);
    expect(ownMarks(wb)).toEqual([]);
  });
});

describe('reading a sheet with stray values far apart', () => {
  function stray(at: string): HostWorkbook {
    const wb = HostWorkbook.fromSnapshotLike({
      sheets: [{ name: '项目表', values: Array.from({ length: 200 }, (_, r) => Array.from({ length: 10 }, (_, c) => (c === 0 ? `第${r + 1}行` : r * 10 + c))) }],
    });
    wb.setCell('项目表', at, { value: '遗留' });
    return wb;
  }

  for (const at of ['Z70000', 'XFD1', 'XFD1048576', 'A1048576']) {
    it(`reads a form plus one value at ${at} in a handful of syncs, the value in place`, async () => {
      const wb = stray(at);
      const { host, gateway } = setup(wb);
      const snap = await gateway.readSnapshot();
      expect(host.syncCount).toBe(4); // sheets, used range, one probe, the cells (was 63 for Z70000; XFD1048576 was refused)
      const m = /^([A-Z]+)(\d+)$/.exec(at)!;
      let col = 0;
      for (const ch of m[1]!) col = col * 26 + ch.charCodeAt(0) - 64;
      const sheet = snap.sheets[0]!;
      expect(sheet.values[Number(m[2]) - 1]![col - 1]).toBe('遗留');
      expect(sheet.values[199]![9]).toBe(1999);
      expect(sheet.values[0]![0]).toBe('第1行');
      for (const s of host.syncLog) expect(s.responseBytes).toBeLessThan(5 * 1024 * 1024);
    });
  }

  it('refuses by name, after at most two probe syncs, a scatter too fine to narrow down', async () => {
    const wb = new HostWorkbook();
    const s = wb.addSheet('巨表');
    // A value every 997 rows and 1499 columns: every tile of every probe level is used end to end.
    for (let r = 0; r < 1_048_576; r += 997) for (let c = 0; c < 16384; c += 1499) s.cells.set(r * 16384 + c, { value: 1 });
    const { host, gateway } = setup(wb);
    await expect(gateway.readSnapshot()).rejects.toMatchObject({ code: 'api', message: expect.stringContaining('巨表') });
    expect(host.syncCount).toBeLessThanOrEqual(4);
  });
});

describe('marking tens of thousands of findings', () => {
  it('marks 25,000 findings in syncs that each fit the 5 MB request cap, and clears them exactly', async () => {
    const cap = 5 * 1024 * 1024;
    const wb = new HostWorkbook();
    const s = wb.addSheet('明细');
    const findings: Finding[] = [];
    for (let r = 0; r < 2500; r++) {
      for (let c = 0; c < 10; c++) {
        s.cells.set(r * 16384 + c, { value: r + c });
        findings.push({ ...finding('明细', `${'ABCDEFGHIJ'[c]}${r + 1}`, c % 2 ? 'warning' : 'error'), row: r, col: c });
      }
    }
    const before = JSON.stringify(wb.cellsState());
    const { host, gateway } = setup(wb, { payloadLimitBytes: cap });
    await gateway.applyMarks(findings);
    expect(wb.sheet('明细').conditionalFormats).toHaveLength(25_000);
    expect(host.syncLog.every((x) => x.ok)).toBe(true);
    expect(host.syncLog.filter((x) => x.writes > 0).length).toBeGreaterThan(1);
    for (const x of host.syncLog) expect(x.requestBytes).toBeLessThanOrEqual(cap);
    await gateway.applyMarks(findings.slice(0, 22_000)); // a re-check: old off, new on
    expect(wb.sheet('明细').conditionalFormats).toHaveLength(22_000);
    await gateway.clearMarks();
    expect(JSON.stringify(wb.cellsState())).toBe(before);
    expect(host.syncLog.every((x) => x.ok)).toBe(true);
  }, 60_000);

  it('retries a write refused as too large in halves instead of asking the user to retry', async () => {
    const wb = book();
    // A cap far below the budget: the first write is refused, the halves pass.
    const { host, gateway } = setup(wb, { payloadLimitBytes: 3_000 });
    const findings = Array.from({ length: 40 }, (_, i) => finding('项目表', `D${i + 1}`));
    await gateway.applyMarks(findings);
    expect(wb.sheet('项目表').conditionalFormats).toHaveLength(40);
    expect(host.syncLog.some((x) => x.error === 'RequestPayloadSizeLimitExceeded')).toBe(true);
  });
});

describe('below ExcelApi 1.13 (merged areas cannot be seen)', () => {
  function merged(): HostWorkbook {
    const wb = HostWorkbook.fromSnapshotLike({
      sheets: [{ name: '项目1', values: [['项目支出绩效自评表', '', ''], ['偏差原因', '', '']], merges: ['B2:C2'] }],
      activeSheet: '项目1',
    });
    wb.sheet('项目1').selection = 'C2';
    return wb;
  }

  it('the 模板 insert never writes into a hidden cell of a merged area: it refuses and writes nothing', async () => {
    const wb = merged();
    const before = JSON.stringify(wb.cellsState());
    const { gateway } = setup(wb, { apiVersion: '1.7' });
    await expect(gateway.insertText(['原因说明'], { target: 'selection' })).rejects.toMatchObject({ message: MESSAGES.mergeUnknown('项目1') });
    const filled = await gateway.fillCells([{ sheet: '项目1', cell: 'C2', text: '原因说明' }]);
    expect(filled).toEqual({ written: [], skipped: [{ sheet: '项目1', cell: 'C2', reason: 'merge-unknown' }] });
    expect(JSON.stringify(wb.cellsState())).toBe(before);
    // A new sheet has no merged areas: that still works on 1.7.
    const result = await gateway.insertText(['原因说明'], { target: 'new-sheet' });
    expect(result.sheet).toBe('自评报告');
  });

  it('with ExcelApi 1.13 the same cell is recognised as merged and skipped for that reason', async () => {
    const { gateway } = setup(merged(), { apiVersion: '1.13' });
    const filled = await gateway.fillCells([{ sheet: '项目1', cell: 'C2', text: '原因说明' }]);
    expect(filled.skipped).toEqual([{ sheet: '项目1', cell: 'C2', reason: 'merged' }]);
  });
});

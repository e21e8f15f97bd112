// WPS-only behaviour of the WPS gateway: the pane stays bound to its workbook, writes WPS drops or
// refuses leave the workbook as it was, marks are tagged expression formats in BGR, settings are
// chunked custom document properties, reads cost calls in proportion to the used area.
import { describe, expect, it } from 'vitest';
import { createWpsGateway, toGrid, WPS_MESSAGES } from '../../src/wps/wps-gateway';
import { createOfficeGateway } from '../../src/excel/office-gateway';
import { createFakeExcel } from '../../src/host/fake-excel';
import { HostWorkbook, createFakeWps, rgbToBgr, bgrToRgb, type FakeEtRange } from '../../src/host/fake-wps';
import { checkWorkbook } from '../../src/engine/check';
import { markFormula } from '../../src/excel/marks';
import type { Finding, WorkbookSnapshot } from '../../src/engine/types';
import type { SheetLike } from '../../src/host/model';
import { scoreBook } from '../excel/contract/scenarios';
import snapshot from '../../src/taskpane/harness-snapshot.json';

const finding = (sheet: string, cell: string, severity: Finding['severity'] = 'error'): Finding =>
  ({ rule: 'r', severity, sheet, cell, row: 0, col: 0, message: `问题 ${cell}`, key: `r|${sheet}|${cell}` }) as Finding;

async function rejects(p: Promise<unknown>): Promise<{ code?: string; message?: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code?: string; message?: string };
  }
  throw new Error('expected a rejection');
}

const realBook = () => HostWorkbook.fromSnapshotLike(snapshot as unknown as { sheets: SheetLike[] });

describe('WPS gateway', () => {
  it('reads the same snapshot as the Office gateway from the same workbook (a real 自评表)', async () => {
    for (const make of [() => HostWorkbook.fromSnapshotLike(scoreBook()), realBook]) {
      const office = await createOfficeGateway(createFakeExcel(make(), { apiVersion: '1.18' }).api).readSnapshot();
      const wps = await createWpsGateway(createFakeWps(make()).app).readSnapshot();
      // Merges are a set: WPS finds them by bisection, Excel lists them as stored.
      const strip = (s: WorkbookSnapshot) =>
        s.sheets.map((x) => ({ ...x, merges: [...(x.merges ?? [])].sort((a, b) => a.top - b.top || a.left - b.left) }));
      expect(strip(wps)).toEqual(strip(office));
      // and the engine finds the same things in both
      expect(checkWorkbook(wps).findings.map((f) => f.key)).toEqual(checkWorkbook(office).findings.map((f) => f.key));
    }
  });

  it('reads with calls proportional to the used area and the merges, not cells × calls', async () => {
    const counts: number[] = [];
    for (const rows of [500, 2000]) {
      const values = Array.from({ length: rows }, (_, r) => Array.from({ length: 8 }, (_, c) => (c === 0 ? `行${r}` : r * c)));
      const numberFormats = Array.from({ length: rows }, () => [null, '0.00', '0.00%', '@', null, '0.00', null, '0']);
      const host = createFakeWps({ sheets: [{ name: '表', values, numberFormats, merges: ['A1:H1', 'B3:C3'] }] });
      await createWpsGateway(host.app).readSnapshot();
      counts.push(host.calls);
    }
    // Formats differ by column, not by row: a few calls per column and per merge, whatever the row count.
    expect(counts[0]).toBeLessThan(400);
    expect(counts[1]! - counts[0]!).toBeLessThan(60);
  });

  it('a whole check on a real 自评表 costs calls in proportion to its used area, not cells × calls', async () => {
    const host = createFakeWps(realBook());
    const cells = host.workbook.sheets.reduce((n, s) => {
      const u = host.workbook.usedRect(s, false);
      return n + (u ? (u.bottom - u.top + 1) * (u.right - u.left + 1) : 0);
    }, 0);
    const result = await createWpsGateway(host.app).checkAndMark((s) => checkWorkbook(s).findings);
    expect(result.findings.length).toBeGreaterThan(5);
    // Bulk reads per band and formats per column cost a handful of calls; merges cost most: rows holding
    // merges are walked area by area (measured ≈1.6 calls per used cell on this dense form). A bound
    // per used cell, not calls per cell per rule.
    expect(host.calls).toBeLessThan(2 * cells);
  });

  it('never writes into another workbook that became active; its events are ignored', async () => {
    const host = createFakeWps(scoreBook());
    const gateway = createWpsGateway(host.app);
    const other = host.open(HostWorkbook.fromSnapshotLike(scoreBook()), '另一个单位.xlsx');
    const otherBefore = other.workbook.cellsState();
    const mineBefore = host.workbook.cellsState();
    let changes = 0;
    const off = await gateway.onChanged(() => changes++);
    await gateway.applyMarks([finding('项目表', 'E3')]);
    const edit = await gateway.editCell!({ sheet: '项目表', cell: 'E3', value: 9.66 });
    await gateway.insertTable!([['a', 'b']], { sheetName: '问题清单' });
    await gateway.saveIgnoreEntries!([{ key: 'k', reason: '原因' }]);
    expect(other.workbook.cellsState()).toEqual(otherBefore);
    expect(other.properties.size).toBe(0);
    expect(host.workbook.cellsState()).not.toEqual(mineBefore);
    expect(edit.hostUndo).toBe(false);
    await host.userEdit('项目表', 'A1', 'x', other);
    expect(changes).toBe(0);
    await host.userEdit('项目表', 'A2', 'y');
    expect(changes).toBe(1);
    off();
    expect(host.listenerCount()).toBe(0);
    // The snapshot is of the pane's workbook, whichever window is active.
    expect((await gateway.readSnapshot()).fileName).toBe('自评表.xlsx');
  });

  it('says plainly when its workbook was closed', async () => {
    const host = createFakeWps(scoreBook());
    const gateway = createWpsGateway(host.app);
    host.documents = [];
    host.active = null;
    const e = await rejects(gateway.readSnapshot());
    expect(e.message).toContain('已关闭');
  });

  it('a write WPS silently drops is detected by reading back, and the cell is left as it was', async () => {
    const host = createFakeWps(scoreBook(), { dropWrites: ['项目表!E3', '项目表!B5'] });
    const before = host.workbook.cellsState();
    const e = await rejects(createWpsGateway(host.app).editCell!({ sheet: '项目表', cell: 'E3', value: 9.66 }));
    expect(e.message).toBe(WPS_MESSAGES.notApplied('项目表', 'E3'));
    expect(host.workbook.cellsState()).toEqual(before);
    const f = await rejects(createWpsGateway(host.app).fillCells!([{ sheet: '项目表', cell: 'B5', text: '说明' }]));
    expect(f.message).toBe(WPS_MESSAGES.notApplied('项目表', 'B5'));
    expect(host.workbook.cellsState()).toEqual(before);
  });

  it('while the user edits a cell nothing is written and the message says to press Enter or Esc', async () => {
    const host = createFakeWps(scoreBook(), { editing: true });
    const before = host.workbook.cellsState();
    const gateway = createWpsGateway(host.app);
    for (const p of [
      gateway.editCell!({ sheet: '项目表', cell: 'E3', value: 9.66 }),
      gateway.applyMarks([finding('项目表', 'E3'), finding('项目表', 'B3')]),
      gateway.insertText!(['一', '二'], { target: 'selection', at: { sheet: '封面', address: 'A5' } }),
    ]) {
      const e = await rejects(p);
      expect(e.message).toMatch(/Enter|撤回|原样/);
    }
    expect(host.workbook.cellsState()).toEqual(before);
  });

  it('marks are tagged expression formats in BGR colours, refused whole on a protected sheet, and Office marks clear in WPS', async () => {
    expect(rgbToBgr('#FFC7CD')).toBe(0xcdc7ff);
    expect(bgrToRgb(0xcdc7ff)).toBe('#FFC7CD');
    const book = scoreBook();
    book.sheets.push({ name: '锁定', values: [['x', 1]], protected: true });
    const host = createFakeWps(book);
    const gateway = createWpsGateway(host.app);
    await gateway.applyMarks([finding('项目表', 'E3'), finding('项目表', 'B3', 'warning')]);
    const cfs = host.workbook.sheet('项目表').conditionalFormats;
    expect(cfs.map((c) => [c.formula, c.fill])).toEqual([[markFormula('warning'), '#FFEB9B'], [markFormula('error'), '#FFC7CD']]);
    const e3 = host.app.ActiveWorkbook!.Worksheets.Item(1) as unknown as { Range(a: string): FakeEtRange };
    expect(e3.Range('E3').FormatConditions.Item(1).Interior.Color).toBe(0xcdc7ff);
    const before = host.workbook.cellsState();
    const e = await rejects(gateway.applyMarks([finding('项目表', 'E4'), finding('锁定', 'A1')]));
    expect(e.code).toBe('protected');
    expect(e.message).toContain('锁定');
    expect(host.workbook.cellsState()).toEqual(before);

    // Marks written by the WPS gateway are found and removed by the Office add-in in Excel (its notes
    // it removes only from its own registry, so notes are left out here).
    const fromWps = HostWorkbook.fromSnapshotLike(scoreBook());
    const pristine = fromWps.cellsState();
    await createWpsGateway(createFakeWps(fromWps).app).applyMarks([finding('项目表', 'E3'), finding('封面', 'B1', 'info')]);
    expect(fromWps.cellsState()).not.toEqual(pristine);
    await createOfficeGateway(createFakeExcel(fromWps, { apiVersion: '1.18' }).api).clearMarks();
    expect(fromWps.cellsState()).toEqual(pristine);

    // Marks written by the Office add-in in Excel are found and removed by the WPS gateway.
    const wb = HostWorkbook.fromSnapshotLike(scoreBook());
    const clean = wb.cellsState();
    await createOfficeGateway(createFakeExcel(wb, { apiVersion: '1.18' }).api).applyMarks([finding('项目表', 'E3')], { notes: true });
    expect(wb.cellsState()).not.toEqual(clean);
    await createWpsGateway(createFakeWps(wb).app).clearMarks();
    expect(wb.cellsState()).toEqual(clean);
  });

  it('checkAndMark reads, computes and marks in one go', async () => {
    const host = createFakeWps(scoreBook());
    const result = await createWpsGateway(host.app).checkAndMark((s) => [finding(s.sheets[0]!.name, 'C3')]);
    expect(result.findings).toHaveLength(1);
    expect(host.workbook.sheet('项目表').conditionalFormats[0]!.range).toEqual({ top: 2, left: 2, bottom: 2, right: 2 });
  });

  it('inserts report text as text, into empty cells only, and fills only empty cells', async () => {
    const host = createFakeWps(scoreBook());
    const gateway = createWpsGateway(host.app);
    const r = await gateway.insertText!(['一、总体情况', '=SUM(A1)', '+1'], { target: 'new-sheet', headings: [0] });
    expect(r).toEqual({ sheet: '自评报告', address: 'A1:A3', rows: 3 });
    expect(host.workbook.getCell('自评报告', 'A2')).toMatchObject({ value: '=SUM(A1)', numberFormat: '@' });
    expect(host.workbook.getCell('自评报告', 'A2')?.formula).toBeUndefined();
    expect(host.workbook.getCell('自评报告', 'A1')?.bold).toBe(true);
    const before = host.workbook.cellsState();
    const e = await rejects(gateway.insertText!(['a', 'b'], { target: 'selection', at: { sheet: '项目表', address: 'A4' } }));
    expect(e.code).toBe('target-not-empty');
    expect(host.workbook.cellsState()).toEqual(before);
    const at = await gateway.insertText!(['a', 'b'], { target: 'selection', at: { sheet: '项目表', address: 'A7' } });
    expect(at.address).toBe('A7:A8');
    const fill = await gateway.fillCells!([
      { sheet: '项目表', cell: 'B5', text: '说明' },
      { sheet: '项目表', cell: 'B3', text: '覆盖?' },
      { sheet: '项目表', cell: 'B1', text: '合并' },
      { sheet: '无', cell: 'A1', text: 'x' },
    ]);
    expect(fill.written).toEqual(['项目表!B5']);
    expect(fill.skipped.map((s) => s.reason)).toEqual(['not-empty', 'merged', 'missing-sheet']);
  });

  it('hidden sheets are not selected or edited, with a message naming the sheet', async () => {
    const book = scoreBook();
    book.sheets.push({ name: '隐藏', values: [['x']], hidden: true });
    const host = createFakeWps(book);
    const gateway = createWpsGateway(host.app);
    const before = host.workbook.cellsState();
    expect((await rejects(gateway.select('隐藏', 'A1'))).message).toContain('隐藏');
    expect((await rejects(gateway.editCell!({ sheet: '隐藏', cell: 'A1', value: 1 }))).message).toContain('隐藏');
    expect(host.workbook.cellsState()).toEqual(before);
  });

  it('settings longer than one property are chunked; a host that refuses them leaves the old ones', async () => {
    const host = createFakeWps(scoreBook());
    const gateway = createWpsGateway(host.app);
    const entries = Array.from({ length: 20 }, (_, i) => ({ key: `rule|项目表|E${i + 3}`, reason: '按主管部门口径，'.repeat(3) }));
    await gateway.saveIgnoreEntries!(entries);
    expect([...host.document.properties.values()].every((v) => v.length <= 255)).toBe(true);
    expect(await createWpsGateway(host.app).loadIgnoreEntries!()).toEqual(entries);
    // A build with a lower property cap: a short list still fits, a longer one is refused whole.
    const small = createFakeWps(scoreBook(), { propertyMaxChars: 100 });
    const g = createWpsGateway(small.app);
    await g.saveIgnoreEntries!([{ key: 'a|项目表|E3', reason: '' }]);
    const saved = new Map(small.document.properties);
    const e = await rejects(g.saveIgnoreEntries!(entries));
    expect(e.message).toBe(WPS_MESSAGES.settings);
    expect(small.document.properties).toEqual(saved);
    expect(await g.loadIgnoreEntries!()).toEqual([{ key: 'a|项目表|E3', reason: '' }]);
  });

  it('unwraps Value2 in every shape WPS is reported to return', () => {
    expect(toGrid(5, 1, 1)).toEqual([[5]]);
    expect(toGrid([[1, 2]], 1, 2)).toEqual([[1, 2]]);
    expect(toGrid({ Item: (r: number, c: number) => r * 10 + c }, 2, 2)).toEqual([[11, 12], [21, 22]]);
  });
});

// checkAndMark: the whole check (read, engine, marks) in one Excel.run — a constant 3 read syncs + 1
// write sync whatever the sheet count, the same marks as readSnapshot + applyMarks, and a failed
// write sync that leaves every cell as it was.
import { describe, expect, it } from 'vitest';
import type { Finding, WorkbookSnapshot } from '../../src/engine/types';
import { checkWorkbook } from '../../src/engine';
import { createOfficeGateway } from '../../src/excel/office-gateway';
import { GatewayError } from '../../src/excel/errors';
import { NOTE_PREFIX, SETTINGS_MARKS_KEY } from '../../src/excel/marks';
import { HostWorkbook, createFakeExcel, type FakeExcelOptions } from '../../src/host/fake-excel';
import { TaskpaneController } from '../../src/taskpane/controller';
import { buildForm, sheetOf, validProjectSpec } from '../support/build-form';

/** `count` project forms, one per sheet, each with a wrong 执行率得分 so every sheet gets a mark. */
function forms(count: number): HostWorkbook {
  const sheets = Array.from({ length: count }, (_, i) => sheetOf(`项目${i + 1}`, buildForm(validProjectSpec({ name: `项目${i + 1}` }))));
  for (const s of sheets) s.values[4]![7] = 9.6;
  const wb = HostWorkbook.fromSnapshotLike({ sheets: sheets.map((s) => ({ name: s.name, values: s.values, numberFormats: s.numberFormats, merges: s.merges })) });
  // The user's own decoration, which must survive everything.
  wb.addConditionalFormat('项目1', { type: 'Custom', range: 'A1:B2', formula: '=A1>0', fill: '#FFC7CE' });
  wb.addNote('项目1', 'A2', '用户自己的批注');
  return wb;
}

function setup(wb: HostWorkbook, options: FakeExcelOptions = {}) {
  const host = createFakeExcel(wb, options);
  const gateway = createOfficeGateway(host.api);
  return { host, gateway };
}

const engine = (snapshot: WorkbookSnapshot): Finding[] => checkWorkbook(snapshot).findings;

function ownMarks(wb: HostWorkbook): string[] {
  return ownMarksOf(wb.cellsState());
}

describe('checkAndMark sync counts', () => {
  it('checks 1 and 100 sheets in the same number of syncs: 3 reads + 1 write, first run and re-run', async () => {
    const runs: { syncs: number; writes: number; reads: number }[][] = [];
    for (const n of [1, 100]) {
      const { host, gateway } = setup(forms(n));
      const perSize: { syncs: number; writes: number; reads: number }[] = [];
      for (let k = 0; k < 2; k++) {
        const before = host.syncCount;
        const { snapshot, findings } = await gateway.checkAndMark(engine);
        expect(snapshot.sheets).toHaveLength(n);
        expect(findings.length).toBeGreaterThanOrEqual(n); // at least the planted error on every sheet
        const log = host.syncLog.slice(-(host.syncCount - before));
        expect(log.every((s) => s.ok)).toBe(true);
        perSize.push({ syncs: host.syncCount - before, writes: log.filter((s) => s.writes > 0).length, reads: log.filter((s) => s.writes === 0).length });
      }
      runs.push(perSize);
    }
    for (const perSize of runs) {
      for (const r of perSize) {
        expect(r.syncs).toBeLessThanOrEqual(4);
        expect(r.writes).toBe(1);
        expect(r.reads).toBeLessThanOrEqual(3);
      }
    }
    expect(runs[1]).toEqual(runs[0]);
  });

  it('uses one Excel.run for the whole check, fewer syncs than the separate flow', async () => {
    const fused = setup(forms(10));
    const runsBefore = fused.host.runLog.length;
    const s0 = fused.host.syncCount;
    await fused.gateway.checkAndMark(engine);
    expect(fused.host.runLog.length - runsBefore).toBe(1);
    const fusedSyncs = fused.host.syncCount - s0;

    const split = setup(forms(10));
    const s1 = split.host.syncCount;
    await split.gateway.applyMarks(checkWorkbook(await split.gateway.readSnapshot()).findings);
    expect(fusedSyncs).toBeLessThan(split.host.syncCount - s1);
  });
});

describe('checkAndMark marks', () => {
  it('reads the same snapshot and leaves the same marks, notes and registry as readSnapshot + applyMarks', async () => {
    const a = forms(3);
    const b = forms(3);
    const fused = setup(a);
    const split = setup(b);

    const { snapshot, findings } = await fused.gateway.checkAndMark(engine);
    const splitSnapshot = await split.gateway.readSnapshot();
    expect(snapshot).toEqual(splitSnapshot);
    const splitFindings = engine(splitSnapshot);
    expect(findings).toEqual(splitFindings);
    await split.gateway.applyMarks(splitFindings);

    expect(ownMarks(a).length).toBeGreaterThanOrEqual(3);
    expect(ownMarks(a)).toEqual(ownMarks(b));
    expect(a.cellsState()).toEqual(b.cellsState());
    expect(fused.host.settingsSnapshot()[SETTINGS_MARKS_KEY]).toEqual(split.host.settingsSnapshot()[SETTINGS_MARKS_KEY]);

    // Re-checking after an edit replaces the marks rather than adding to them, in both flows.
    for (const wb of [a, b]) wb.setCell('项目2', 'H5', { value: 1 });
    await fused.gateway.checkAndMark(engine);
    await split.gateway.applyMarks(engine(await split.gateway.readSnapshot()));
    expect(ownMarks(a)).toEqual(ownMarks(b));
    expect(a.cellsState()).toEqual(b.cellsState());
  });

  it('marks only what compute returns (the pane leaves ignored findings out) and clears back exactly', async () => {
    const wb = forms(2);
    const before = wb.cellsState();
    const { gateway } = setup(wb);
    const all = engine(await gateway.readSnapshot());
    const ignored = new Set(all.filter((f) => f.sheet === '项目2').map((f) => f.key));
    expect(ignored.size).toBeGreaterThan(0);
    const { findings } = await gateway.checkAndMark((snap) => engine(snap).filter((f) => !ignored.has(f.key)));
    expect(findings.every((f) => f.sheet === '项目1')).toBe(true);
    expect(ownMarks(wb).every((m) => m.startsWith('项目1|'))).toBe(true);
    expect(ownMarks(wb).length).toBeGreaterThan(0);
    await gateway.clearMarks();
    expect(wb.cellsState()).toEqual(before);
  });

  it('writes notes when asked, leaving the user’s own note alone, and still clears back exactly', async () => {
    const wb = forms(1);
    const before = wb.cellsState();
    const { gateway } = setup(wb, { apiVersion: '1.18' });
    const onUserNote = (snap: WorkbookSnapshot): Finding[] => [
      ...engine(snap),
      { rule: 'test-rule', severity: 'warning', sheet: '项目1', cell: 'A2', row: 1, col: 0, message: '用户批注处', key: 'test|A2' },
    ];
    const { findings } = await gateway.checkAndMark(onUserNote, { notes: true });
    const notes = wb.sheet('项目1').notes;
    expect(notes.get('A2')?.content).toBe('用户自己的批注');
    const ours = [...notes.values()].filter((n) => n.content.startsWith(NOTE_PREFIX));
    expect(ours.length).toBe(new Set(findings.filter((f) => f.cell !== 'A2').map((f) => f.cell)).size);
    await gateway.checkAndMark(engine); // notes off: ours go
    expect([...notes.keys()]).toEqual(['A2']);
    await gateway.clearMarks();
    expect(wb.cellsState()).toEqual(before);
  });

  it('falls back to the separate flow on a host that refuses customOrNullObject, with the same marks', async () => {
    const a = forms(2);
    const b = forms(2);
    const refusing = setup(a, { rejectOrNullObjectPaths: true });
    const plain = setup(b);
    await refusing.gateway.checkAndMark(engine);
    await plain.gateway.checkAndMark(engine);
    expect(a.cellsState()).toEqual(b.cellsState());
    // Remembered: the next check goes straight to the separate flow, without a refused sync.
    const failedBefore = refusing.host.syncLog.filter((s) => !s.ok).length;
    expect(failedBefore).toBeGreaterThan(0);
    await refusing.gateway.checkAndMark(engine);
    expect(refusing.host.syncLog.filter((s) => !s.ok).length).toBe(failedBefore);
    expect(a.cellsState()).toEqual(b.cellsState());
  });
});

describe('checkAndMark failures', () => {
  it('leaves cellsState() identical when the write sync fails midway (first check)', async () => {
    const wb = forms(3);
    const before = wb.cellsState();
    const { host, gateway } = setup(wb);
    host.options.failNextWriteSync = true;
    const error = await gateway.checkAndMark(engine).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).message).toMatch(/撤回/);
    const failed = host.syncLog.find((s) => !s.ok)!;
    expect(failed.applied).toBeGreaterThan(0); // part of the write had reached the workbook
    expect(wb.cellsState()).toEqual(before);
  });

  it('puts the previous marks back when a re-check’s write sync fails midway', async () => {
    const wb = forms(3);
    const { host, gateway } = setup(wb);
    await gateway.checkAndMark(engine);
    const marked = wb.cellsState();
    wb.setCell('项目1', 'H5', { value: 1 }); // fixes one sheet's score: a different set of marks
    const afterEdit = wb.cellsState();
    host.options.failAtSync = host.syncCount + 4; // 3 reads, then the write
    host.options.failAfterWrites = 2; // old marks already deleted when it fails
    await expect(gateway.checkAndMark(engine)).rejects.toMatchObject({ code: 'api' });
    expect(host.syncLog.find((s) => s.n === host.options.failAtSync)!.writes).toBeGreaterThan(0);
    expect(wb.cellsState()).toEqual(afterEdit);
    expect(ownMarks(wb)).toEqual(ownMarksOf(marked));
  });

  it('passes an engine error through unchanged and writes nothing', async () => {
    const wb = forms(1);
    const before = wb.cellsState();
    const { host, gateway } = setup(wb);
    const boom = new Error('engine bug');
    await expect(
      gateway.checkAndMark(() => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(host.syncLog.every((s) => s.writes === 0)).toBe(true);
    expect(wb.cellsState()).toEqual(before);
  });

  it('refuses a protected sheet with a clear message and changes nothing', async () => {
    const wb = forms(2);
    wb.sheet('项目2').protected = true;
    const before = wb.cellsState();
    const { gateway } = setup(wb);
    await expect(gateway.checkAndMark(engine)).rejects.toMatchObject({ code: 'protected', sheet: '项目2' });
    expect(wb.cellsState()).toEqual(before);
  });

  it('reports cell-edit mode and touches nothing', async () => {
    const wb = forms(1);
    const before = wb.cellsState();
    const { gateway } = setup(wb, { cellEditMode: true });
    await expect(gateway.checkAndMark(engine)).rejects.toMatchObject({ code: 'cell-edit-mode' });
    expect(wb.cellsState()).toEqual(before);
  });
});

describe('the task pane over the Office gateway', () => {
  it('checks in one Excel.run of at most 4 syncs and marks the non-ignored findings', async () => {
    const wb = forms(5);
    const { host, gateway } = setup(wb);
    const controller = new TaskpaneController({ gateway, check: checkWorkbook, storage: null });
    const s0 = host.syncCount;
    const runs0 = host.runLog.length;
    await controller.check();
    expect(controller.getState().status).toBe('ready');
    expect(controller.getState().marksShown).toBe(true);
    // The check is one Excel.run of at most 4 syncs; the pane may then subscribe to selection events
    // once (a run of its own that writes nothing).
    const runs = host.runLog.slice(runs0);
    expect(runs[0]!.syncs.length).toBeLessThanOrEqual(4);
    for (const r of runs.slice(1)) for (const n of r.syncs) expect(host.syncLog[n - 1]!.writes).toBe(0);
    expect(runs.length).toBeLessThanOrEqual(2);
    expect(host.syncCount - s0).toBeLessThanOrEqual(5);
    const shown = controller.getState().findings;
    expect(new Set(ownMarks(wb).map((m) => m.split('|')[0]))).toEqual(new Set(shown.map((f) => f.sheet)));

    // Ignoring every finding of one sheet takes its marks off at the next check.
    for (const f of shown.filter((x) => x.sheet === '项目3')) expect(await controller.ignore(f.key, '已与主管部门核实')).toBeNull();
    await controller.check();
    expect(ownMarks(wb).some((m) => m.startsWith('项目3|'))).toBe(false);
    expect(ownMarks(wb).some((m) => m.startsWith('项目1|'))).toBe(true);
  });

  it('keeps the report up with a notice when only the marks fail', async () => {
    const wb = forms(2);
    const before = wb.cellsState();
    const { host, gateway } = setup(wb);
    const controller = new TaskpaneController({ gateway, check: checkWorkbook, storage: null });
    host.options.failNextWriteSync = true;
    await controller.check();
    const state = controller.getState();
    expect(state.status).toBe('ready');
    expect(state.findings.length).toBeGreaterThan(0);
    expect(state.marksShown).toBe(false);
    expect(state.notice).toMatch(/标记/);
    expect(wb.cellsState()).toEqual(before);
  });
});

function ownMarksOf(state: ReturnType<HostWorkbook['cellsState']>): string[] {
  return state.sheets
    .flatMap((s) => s.conditionalFormats.filter((cf) => cf.formula?.includes('"selfeval:')).map((cf) => `${s.name}|${JSON.stringify(cf.range)}|${cf.formula}|${cf.fill}`))
    .sort();
}

// The add-in's gateway against the fake Excel host when Excel misbehaves or the user gets in the
// way: cell-edit mode, a sync failing at every possible point of applyMarks, a sheet deleted or
// renamed while the pane is open, protected sheets, and a sheet with more merged areas than
// Excel's getMergedAreas can return (512). Each case: a clear GatewayError, and the workbook either
// fully marked or exactly as before — never half.
import { describe, expect, it } from 'vitest';
import { checkWorkbook } from '../../src/engine';
import type { Finding } from '../../src/engine/types';
import { GatewayError, MESSAGES } from '../../src/excel/errors';
import { createOfficeGateway } from '../../src/excel/office-gateway';
import { createFakeExcel, type FakeExcelOptions, type HostWorkbook } from '../../src/host/fake-excel';
import { wrongScoreSheet } from './hostile-files';
import { hostFromSnapshot, stateDiff } from './host';

/** Two sheets, each a project form with a wrong 执行率得分, plus the user's own fill and rule. */
function twoForms(): HostWorkbook {
  const wb = hostFromSnapshot({ sheets: [wrongScoreSheet('甲表'), wrongScoreSheet('乙表')] });
  wb.setCell('甲表', 'C3', { fill: '#FFFF00' });
  wb.addConditionalFormat('乙表', { type: 'Custom', range: 'D8:D12', formula: '=D8>0', fill: '#00B050' });
  return wb;
}

function setup(wb: HostWorkbook, options: FakeExcelOptions = {}) {
  const host = createFakeExcel(wb, options);
  return { host, gateway: createOfficeGateway(host.api) };
}

const state = (wb: HostWorkbook) => JSON.stringify(wb.cellsState());

/** Marked cells per sheet: "sheet!A1" of every conditional format the add-in owns. */
function marks(wb: HostWorkbook): string[] {
  return wb.sheets.flatMap((s) => s.conditionalFormats.filter((cf) => cf.formula?.includes('"selfeval:')).map((cf) => `${s.name}!${cf.range.top}:${cf.range.left}`)).sort();
}

function expected(findings: Finding[], sheets?: string[]): string[] {
  return [...new Set(findings.filter((f) => !sheets || sheets.includes(f.sheet)).map((f) => `${f.sheet}!${f.row}:${f.col}`))].sort();
}

async function findingsOf(wb: HostWorkbook): Promise<Finding[]> {
  const { gateway } = setup(wb);
  const findings = checkWorkbook(await gateway.readSnapshot()).findings;
  // Both sheets must have something to mark, or the cases below prove nothing.
  expect(new Set(findings.map((f) => f.sheet))).toEqual(new Set(['甲表', '乙表']));
  return findings;
}

async function failure(p: Promise<unknown>): Promise<GatewayError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e, 'expected the operation to fail').toBeInstanceOf(GatewayError);
  return e as GatewayError;
}

describe('Excel in cell-edit mode', () => {
  it('reading, marking and clearing each fail with the cell-edit message and write nothing', async () => {
    const wb = twoForms();
    const findings = await findingsOf(wb);
    const before = state(wb);
    const { host, gateway } = setup(wb, { cellEditMode: true });
    for (const op of [() => gateway.readSnapshot(), () => gateway.applyMarks(findings), () => gateway.clearMarks()]) {
      const e = await failure(op());
      expect(e.code).toBe('cell-edit-mode');
      expect(e.message).toBe(MESSAGES.cellEdit);
      expect(e.message).toMatch(/按 Enter 或 Esc/);
    }
    expect(state(wb)).toBe(before);
    expect(host.syncLog.every((s) => s.applied === 0)).toBe(true);

    // Leaving edit mode is all it takes.
    host.options.cellEditMode = false;
    await gateway.applyMarks(findings);
    expect(marks(wb)).toEqual(expected(findings));
    await gateway.clearMarks();
    expect(state(wb)).toBe(before);
  });

  it('entering edit mode while marks are on: clearing fails and leaves every mark in place', async () => {
    const wb = twoForms();
    const findings = await findingsOf(wb);
    const { host, gateway } = setup(wb);
    await gateway.applyMarks(findings);
    const marked = state(wb);
    host.options.cellEditMode = true;
    expect((await failure(gateway.clearMarks())).code).toBe('cell-edit-mode');
    expect((await failure(gateway.applyMarks(findings.slice(0, 1)))).code).toBe('cell-edit-mode');
    expect(state(wb)).toBe(marked);
  });
});

describe('a sync failing midway through applyMarks', () => {
  /** The syncs of one applyMarks and the write count of its write sync, learnt on a copy. */
  async function profile(findings: Finding[], prepare?: (g: ReturnType<typeof setup>) => Promise<unknown>) {
    const wb = twoForms();
    const s = setup(wb);
    await prepare?.(s);
    const start = s.host.syncCount;
    await s.gateway.applyMarks(findings);
    const syncs = s.host.syncLog.slice(start);
    return { syncs: syncs.length, writes: syncs.find((x) => x.writes > 0)!.writes };
  }

  it('fails after any number of the write sync’s commands: the workbook is exactly as before', async () => {
    const findings = await findingsOf(twoForms());
    const { writes } = await profile(findings);
    expect(writes).toBeGreaterThanOrEqual(6);
    for (let k = 0; k < writes; k++) {
      const wb = twoForms();
      const before = state(wb);
      const { host, gateway } = setup(wb, { failNextWriteSync: true, failAfterWrites: k });
      const e = await failure(gateway.applyMarks(findings));
      expect(e.code).toBe('api');
      expect(e.message).toBe(MESSAGES.marksRolledBack);
      expect(host.syncLog.find((x) => !x.ok)!.applied).toBe(k);
      expect(stateDiff(before, state(wb)), `failing after ${k} writes`).toEqual([]);
      // And the user can simply try again.
      await gateway.applyMarks(findings);
      expect(marks(wb)).toEqual(expected(findings));
    }
  });

  it('fails at any sync of applyMarks (reads included): nothing is written', async () => {
    const findings = await findingsOf(twoForms());
    const { syncs } = await profile(findings);
    for (let j = 1; j <= syncs; j++) {
      const wb = twoForms();
      const before = state(wb);
      const { host, gateway } = setup(wb);
      host.options.failAtSync = host.syncCount + j;
      await failure(gateway.applyMarks(findings));
      expect(stateDiff(before, state(wb)), `failing at sync ${j} of ${syncs}`).toEqual([]);
    }
  });

  it('a re-check that fails midway keeps the previous marks, complete', async () => {
    const findings = await findingsOf(twoForms());
    const fewer = findings.filter((f) => f.sheet === '甲表');
    const { writes } = await profile(fewer, (s) => s.gateway.applyMarks(findings));
    for (let k = 0; k < writes; k++) {
      const wb = twoForms();
      const { host, gateway } = setup(wb);
      await gateway.applyMarks(findings);
      const marked = state(wb);
      host.options.failNextWriteSync = true;
      host.options.failAfterWrites = k;
      await failure(gateway.applyMarks(fewer));
      expect(stateDiff(marked, state(wb)), `failing after ${k} writes`).toEqual([]);
    }
  });

  it('a clear that fails midway touches only the add-in’s marks, and clearing again restores the original', async () => {
    const wb = twoForms();
    const before = wb.cellsState();
    const findings = await findingsOf(wb);
    const { host, gateway } = setup(wb);
    await gateway.applyMarks(findings);
    host.options.failNextWriteSync = true;
    host.options.failAfterWrites = 1;
    await failure(gateway.clearMarks());
    // Whatever is left is ours: user content, fills and rules are untouched.
    const mid = wb.cellsState();
    for (let i = 0; i < mid.sheets.length; i++) {
      const { conditionalFormats: cfMid, ...restMid } = mid.sheets[i]!;
      const { conditionalFormats: cfBefore, ...restBefore } = before.sheets[i]!;
      expect(restMid).toEqual(restBefore);
      expect(cfMid.filter((cf) => !cf.formula?.includes('"selfeval:'))).toEqual(cfBefore);
    }
    await gateway.clearMarks();
    expect(wb.cellsState()).toEqual(before);
  });
});

describe('a sheet deleted or renamed while the pane is open', () => {
  it('deleted between reading and marking: names the sheet, marks nothing anywhere', async () => {
    const wb = twoForms();
    const { gateway } = setup(wb);
    const findings = checkWorkbook(await gateway.readSnapshot()).findings;
    wb.deleteSheet('乙表');
    const before = state(wb);
    const e = await failure(gateway.applyMarks(findings));
    expect(e.code).toBe('item-not-found');
    expect(e.message).toBe(MESSAGES.sheetNotFound('乙表'));
    expect(e.message).toContain('“乙表”');
    // Never half: 甲表 is either completely marked or untouched (the gateway chooses untouched).
    const now = marks(wb);
    expect(now.length === 0 || JSON.stringify(now) === JSON.stringify(expected(findings, ['甲表']))).toBe(true);
    expect(state(wb)).toBe(before);
  });

  it('renamed between reading and marking: names the old name, changes nothing', async () => {
    const wb = twoForms();
    const { gateway } = setup(wb);
    const findings = checkWorkbook(await gateway.readSnapshot()).findings;
    wb.renameSheet('甲表', '甲表（改）');
    const before = state(wb);
    const e = await failure(gateway.applyMarks(findings));
    expect(e.message).toBe(MESSAGES.sheetNotFound('甲表'));
    expect(state(wb)).toBe(before);
  });

  it('deleted after marking: re-checking fails cleanly, the other sheet keeps its complete marks, clearing still works', async () => {
    const wb = twoForms();
    const original = twoForms();
    original.deleteSheet('乙表');
    const { gateway } = setup(wb);
    const findings = checkWorkbook(await gateway.readSnapshot()).findings;
    await gateway.applyMarks(findings);
    wb.deleteSheet('乙表');
    const marked = state(wb);
    await failure(gateway.applyMarks(findings));
    expect(state(wb)).toBe(marked);
    expect(marks(wb)).toEqual(expected(findings, ['甲表']));
    await gateway.clearMarks();
    expect(stateDiff(JSON.stringify(original.cellsState()), state(wb))).toEqual([]);
  });

  it('the pane re-reads after the deletion and marks the remaining sheet', async () => {
    const wb = twoForms();
    const { gateway } = setup(wb);
    await gateway.readSnapshot();
    wb.deleteSheet('乙表');
    const snapshot = await gateway.readSnapshot();
    expect(snapshot.sheets.map((s) => s.name)).toEqual(['甲表']);
    const findings = checkWorkbook(snapshot).findings;
    await gateway.applyMarks(findings);
    expect(marks(wb)).toEqual(expected(findings));
  });
});

describe('protected sheets', () => {
  it('marking a protected sheet: names it, and the unprotected sheet is not marked either', async () => {
    const wb = twoForms();
    const findings = await findingsOf(wb);
    wb.sheet('乙表').protected = true;
    const before = state(wb);
    const { gateway } = setup(wb);
    const e = await failure(gateway.applyMarks(findings));
    expect(e.code).toBe('protected');
    expect(e.message).toBe(MESSAGES.protectedSheet('乙表'));
    expect(e.message).toMatch(/撤消工作表保护/);
    expect(state(wb)).toBe(before);
  });

  it('protecting a marked sheet: clearing refuses with its name and removes nothing; after unprotecting it clears exactly', async () => {
    const wb = twoForms();
    const before = state(wb);
    const findings = await findingsOf(wb);
    const { gateway } = setup(wb);
    await gateway.applyMarks(findings);
    wb.sheet('甲表').protected = true;
    const marked = state(wb);
    const e = await failure(gateway.clearMarks());
    expect(e.code).toBe('protected');
    expect(e.message).toContain('“甲表”');
    expect(state(wb)).toBe(marked);
    wb.sheet('甲表').protected = false;
    await gateway.clearMarks();
    expect(state(wb)).toBe(before);
  });

  it('a protected sheet without findings does not stop the others from being marked', async () => {
    const wb = hostFromSnapshot({ sheets: [wrongScoreSheet('甲表'), { name: '封面', values: [['2024年度绩效自评材料']] }] });
    wb.sheet('封面').protected = true;
    const before = state(wb);
    const { gateway } = setup(wb);
    const findings = checkWorkbook(await gateway.readSnapshot()).findings;
    expect(findings.length).toBeGreaterThan(0);
    await gateway.applyMarks(findings);
    expect(marks(wb)).toEqual(expected(findings));
    await gateway.clearMarks();
    expect(state(wb)).toBe(before);
  });
});

describe('more merged areas than Excel can return (512)', () => {
  /** A form sheet and a sheet with `n` two-cell merged areas, one per row. */
  function manyMerges(n: number): HostWorkbook {
    const values: string[][] = [];
    const merges: string[] = [];
    for (let r = 1; r <= n; r++) {
      values.push([`合并${r}`, '']);
      merges.push(`A${r}:B${r}`);
    }
    const wb = hostFromSnapshot({ sheets: [wrongScoreSheet('甲表')] });
    const many = hostFromSnapshot({ sheets: [{ name: '合并表', values, merges: [] }] }).sheets[0]!;
    wb.sheets.push(many);
    for (const m of merges) wb.merge('合并表', m);
    return wb;
  }

  it('the fake host refuses getMergedAreas over 512 areas, as Excel does, and answers at 512', async () => {
    for (const [n, ok] of [[512, true], [513, false]] as const) {
      const host = createFakeExcel(manyMerges(n));
      const run = host.api.Excel.run(async (ctx) => {
        const areas = ctx.workbook.worksheets.getItem('合并表').getRange().getMergedAreasOrNullObject();
        areas.load('areas/items/rowIndex');
        await ctx.sync();
        return areas.areas.items.length;
      });
      if (ok) await expect(run).resolves.toBe(512);
      else await expect(run).rejects.toMatchObject({ code: expect.any(String) });
    }
  });

  it('600 merged areas on one sheet: read without merges for that sheet only, checked, marked and cleared exactly', async () => {
    const wb = manyMerges(600);
    const before = state(wb);
    const { host, gateway } = setup(wb);
    const s0 = host.syncCount;
    const snapshot = await gateway.readSnapshot();
    expect(host.syncCount - s0).toBeLessThanOrEqual(8);
    const [form, many] = snapshot.sheets;
    expect(many!.name).toBe('合并表');
    expect(many!.merges).toBeUndefined(); // unknown, not "none"
    const truth = wb.toSnapshotForTest();
    expect(many!.values).toHaveLength(600);
    expect(many!.values[599]).toEqual(['合并600']);
    expect(many!.values).toEqual(truth.sheets[1]!.values);
    // The other sheet keeps its merges, exactly as Excel reports them.
    expect(form!.merges).toEqual(truth.sheets[0]!.merges);
    expect(form!.values).toEqual(truth.sheets[0]!.values);

    const report = checkWorkbook(snapshot);
    expect(report.findings.some((f) => f.sheet === '甲表' && f.cell === 'H5' && f.severity === 'error')).toBe(true);
    await gateway.applyMarks(report.findings);
    expect(marks(wb)).toEqual(expected(report.findings));
    await gateway.clearMarks();
    expect(state(wb)).toBe(before);
  });

  it('a workbook without oversized sheets still reads merges in the usual three syncs', async () => {
    const wb = manyMerges(512);
    const { host, gateway } = setup(wb);
    const s0 = host.syncCount;
    const snapshot = await gateway.readSnapshot();
    expect(host.syncCount - s0).toBeLessThanOrEqual(3);
    expect(snapshot.sheets[1]!.merges).toHaveLength(512);
  });
});

// Host-independent gateway scenarios: 改正 and 撤销, selection events, 忽略 with reasons, 问题清单.
// Each runs against a GatewayFactory (harness.ts), so every host's gateway meets the same contract.
import { expect } from 'vitest';
import type { WorkbookLike } from '../../../src/host/model';
import type { CellRef, IgnoreEntry } from '../../../src/excel/types';
import type { GatewayFactory, Scenario } from './harness';

/** A small 项目支出绩效自评表: a title merge, a percent rate, a score with a formula, a user's note and fill. */
export function scoreBook(): WorkbookLike {
  return {
    sheets: [
      {
        name: '项目表',
        values: [
          ['项目支出绩效自评表', '', '', '', ''],
          ['', '全年预算数', '全年执行数', '执行率', '得分'],
          ['年度资金总额', 100, 96.62, 0.9662, 9.68],
          ['产出指标', '≥90%', '95', 0.95, 20],
          ['总分', '', '', '', 29.68],
        ],
        formulas: [[], [], [], [], [null, null, null, null, '=E3+E4']],
        numberFormats: [[], [], [null, '0.00', '0.00', '0.00%', '0.00'], [null, null, '@', null, null]],
        fills: [[], [], [null, '#FFFF00']],
        merges: ['A1:E1'],
        notes: { B3: '用户自己的批注' },
      },
      { name: '封面', values: [['单位名称', '某某县财政局']] },
    ],
    activeSheet: '项目表',
  };
}

const differing = (a: unknown, b: unknown): string[] => {
  // Paths where two plain-data trees differ (for "changes only this cell" assertions).
  const out: string[] = [];
  const walk = (x: unknown, y: unknown, path: string) => {
    if (Object.is(x, y)) return;
    if (x && y && typeof x === 'object' && typeof y === 'object') {
      const keys = new Set([...Object.keys(x as object), ...Object.keys(y as object)]);
      for (const k of keys) walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], `${path}/${k}`);
      return;
    }
    out.push(path);
  };
  walk(a, b, '');
  return out;
};

/** The differences between two states, as paths that mention the cell (and nothing else). */
function onlyCellChanged(before: unknown, after: unknown, address: string): void {
  const paths = differing(before, after);
  expect(paths.length).toBeGreaterThan(0);
  for (const p of paths) expect(p).toMatch(new RegExp(`/${address}(/|$)`));
}

async function rejects(p: Promise<unknown>): Promise<{ code?: string; message?: string; formula?: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code?: string; message?: string };
  }
  throw new Error('expected a rejection');
}

const tick = () => new Promise((r) => setTimeout(r, 5));

export const scenarios: Scenario[] = [
  {
    name: 'readSnapshot reads values, number formats and formulas in place, merges and every sheet',
    async run(factory) {
      const h = factory(scoreBook());
      const snap = await h.gateway.readSnapshot();
      expect(snap.sheets.map((s) => s.name)).toEqual(['项目表', '封面']);
      const sheet = snap.sheets[0]!;
      expect(sheet.values[2]).toEqual(['年度资金总额', 100, 96.62, 0.9662, 9.68]);
      expect(sheet.numberFormats?.[2]?.[3]).toBe('0.00%');
      expect(sheet.values[3]![2]).toBe('95'); // a number stored as text stays text
      expect(sheet.formulas?.[4]?.[4]).toBe('=E3+E4');
      expect(sheet.formulas?.[2]?.[4]).toBeNull();
      if (sheet.merges) expect(sheet.merges).toEqual([{ top: 0, left: 0, bottom: 0, right: 4 }]);
      expect(snap.sheets[1]!.values[0]).toEqual(['单位名称', '某某县财政局']);
    },
  },
  {
    name: 'marks go on and come off exactly: the workbook is as before, the user’s note and fill untouched',
    async run(factory) {
      const h = factory(scoreBook());
      const before = h.state();
      const findings = [
        { rule: 'execution-score', severity: 'error' as const, sheet: '项目表', cell: 'E3', row: 2, col: 4, message: '执行率得分应为 9.66', key: 'a' },
        { rule: 'precision-artifact', severity: 'warning' as const, sheet: '项目表', cell: 'B3', row: 2, col: 1, message: '小数位数', key: 'b' },
      ];
      await h.gateway.applyMarks(findings, { notes: true });
      expect(h.state()).not.toEqual(before);
      await h.gateway.applyMarks(findings.slice(0, 1));
      await h.gateway.clearMarks();
      expect(h.state()).toEqual(before);
    },
  },
  {
    name: 'select activates the sheet and selects the cell; a missing sheet is named',
    async run(factory) {
      const h = factory(scoreBook());
      await h.gateway.select('封面', 'b1');
      expect(h.selection()).toEqual({ sheet: '封面', address: 'B1' });
      const e = await rejects(h.gateway.select('不存在', 'A1'));
      expect(e.code).toBe('item-not-found');
      expect(e.message).toContain('不存在');
      expect(h.selection()).toEqual({ sheet: '封面', address: 'B1' });
    },
  },
  {
    name: '改正 writes only the corrected value; 撤销 (restoreCell) makes the workbook identical again',
    async run(factory: GatewayFactory) {
      const h = factory(scoreBook());
      const before = h.state();
      const result = await h.gateway.editCell!({ sheet: '项目表', cell: 'E3', value: 9.66 });
      expect(h.cell('项目表', 'E3')).toMatchObject({ value: 9.66, numberFormat: '0.00' });
      expect(result.before).toEqual({ sheet: '项目表', cell: 'E3', value: 9.68, numberFormat: '0.00', formula: null });
      onlyCellChanged(before, h.state(), 'E3');
      await h.gateway.restoreCell!(result.before);
      expect(h.state()).toEqual(before);
    },
  },
  {
    name: '改正 of a number format (a fraction shown without %) changes only that format, and comes back',
    async run(factory) {
      const h = factory(scoreBook());
      const before = h.state();
      const result = await h.gateway.editCell!({ sheet: '项目表', cell: 'd4', numberFormat: '0.00%' });
      expect(h.cell('项目表', 'D4')).toEqual({ value: 0.95, numberFormat: '0.00%' });
      onlyCellChanged(before, h.state(), 'D4');
      await h.gateway.restoreCell!(result.before);
      expect(h.state()).toEqual(before);
    },
  },
  {
    name: '改正 of a number stored as text writes the number (value and format in one edit)',
    async run(factory) {
      const h = factory(scoreBook());
      const before = h.state();
      const result = await h.gateway.editCell!({ sheet: '项目表', cell: 'C4', value: 95, numberFormat: 'General' });
      expect(h.cell('项目表', 'C4')?.value).toBe(95);
      onlyCellChanged(before, h.state(), 'C4');
      await h.gateway.restoreCell!(result.before);
      expect(h.state()).toEqual(before);
    },
  },
  {
    name: '改正 refuses a formula cell, naming the formula, unless that formula was confirmed; 撤销 puts the formula back',
    async run(factory) {
      const h = factory(scoreBook());
      const before = h.state();
      const e = await rejects(h.gateway.editCell!({ sheet: '项目表', cell: 'E5', value: 29.66 }));
      expect(e.code).toBe('formula-cell');
      expect(e.message).toContain('=E3+E4');
      expect(e.formula).toBe('=E3+E4');
      expect(h.state()).toEqual(before);
      const wrong = await rejects(h.gateway.editCell!({ sheet: '项目表', cell: 'E5', value: 29.66, confirmFormula: '=E3' }));
      expect(wrong.code).toBe('formula-cell');
      const result = await h.gateway.editCell!({ sheet: '项目表', cell: 'E5', value: 29.66, confirmFormula: '=E3+E4' });
      expect(result.before.formula).toBe('=E3+E4');
      expect(h.cell('项目表', 'E5')).toMatchObject({ value: 29.66 });
      expect(h.cell('项目表', 'E5')?.formula).toBeUndefined();
      await h.gateway.restoreCell!(result.before);
      expect(h.state()).toEqual(before);
    },
  },
  {
    name: '撤销 refuses when the cell was changed again after 改正, and leaves the user’s text',
    async run(factory) {
      const h = factory(scoreBook());
      const result = await h.gateway.editCell!({ sheet: '项目表', cell: 'E3', value: 9.66 });
      await h.userEdit('项目表', 'E3', 9.5);
      const e = await rejects(h.gateway.restoreCell!(result.before));
      expect(e.code).toBe('changed-since');
      expect(e.message).toContain('E3');
      expect(h.cell('项目表', 'E3')?.value).toBe(9.5);
    },
  },
  {
    name: '改正 writes text as literal text (never a formula or a number), and nothing into a missing, protected or merged-hidden cell',
    async run(factory) {
      const book = scoreBook();
      book.sheets.push({ name: '锁定', values: [['x', 1]], protected: true });
      const h = factory(book);
      const before = h.state();
      for (const text of ['=1+1', '+1', '-2', '@x', '95', "'引号", 'TRUE']) {
        const r = await h.gateway.editCell!({ sheet: '项目表', cell: 'B4', value: text });
        expect(h.cell('项目表', 'B4')?.value).toBe(text);
        expect(h.cell('项目表', 'B4')?.formula).toBeUndefined();
        await h.gateway.restoreCell!(r.before);
        expect(h.state()).toEqual(before);
      }
      expect((await rejects(h.gateway.editCell!({ sheet: '不存在', cell: 'A1', value: 1 }))).code).toBe('item-not-found');
      expect((await rejects(h.gateway.editCell!({ sheet: '锁定', cell: 'B1', value: 2 }))).code).toBe('protected');
      expect((await rejects(h.gateway.editCell!({ sheet: '项目表', cell: 'C1', value: 2 }))).message).toContain('A1');
      expect((await rejects(h.gateway.editCell!({ sheet: '项目表', cell: '第三行', value: 2 }))).code).toBe('api');
      expect((await rejects(h.gateway.editCell!({ sheet: '项目表', cell: 'E3' }))).code).toBe('api');
      expect(h.state()).toEqual(before);
    },
  },
  {
    name: 'with undo grouping (ExcelApi 1.20) 改正 is one undo step: one Ctrl+Z restores the workbook exactly',
    needs: ['undo', 'api-version'],
    async run(factory) {
      const h = factory(scoreBook(), { apiVersion: '1.20', undo: true });
      const before = h.state();
      const result = await h.gateway.editCell!({ sheet: '项目表', cell: 'C4', value: 95, numberFormat: 'General' });
      expect(result.hostUndo).toBe(true);
      expect(h.undo!()).toBe(true);
      expect(h.state()).toEqual(before);
      expect(h.undo!()).toBe(false); // nothing else was recorded
    },
  },
  {
    name: 'without undo grouping (below ExcelApi 1.20) 改正 says hostUndo false, so the pane offers its own 撤销',
    needs: ['api-version'],
    async run(factory) {
      const h = factory(scoreBook(), { apiVersion: '1.18' });
      const result = await h.gateway.editCell!({ sheet: '项目表', cell: 'E3', value: 9.66 });
      expect(result.hostUndo).toBe(false);
    },
  },
  {
    name: 'selecting a cell reports sheet and cell (first cell of a range), also after a rename; unsubscribing stops it',
    async run(factory) {
      const h = factory(scoreBook());
      const seen: CellRef[] = [];
      const off = await h.gateway.onSelectionChanged!((ref) => seen.push(ref));
      await h.userSelect('项目表', 'E3');
      await h.userSelect('封面', 'B1:C4');
      h.userRenameSheet('封面', '封面页');
      await h.userSelect('封面页', 'A1');
      expect(seen).toEqual([
        { sheet: '项目表', cell: undefined, address: 'E3' },
        { sheet: '封面', address: 'B1' },
        { sheet: '封面页', address: 'A1' },
      ].map(({ sheet, address }) => ({ sheet, address })));
      off();
      await tick();
      expect(h.listenerCount()).toBe(0);
      await h.userSelect('项目表', 'A1');
      expect(seen).toHaveLength(3);
    },
  },
  {
    name: 'selection events fall back to each sheet on ExcelApi 1.7',
    needs: ['api-version'],
    async run(factory) {
      const h = factory(scoreBook(), { apiVersion: '1.7' });
      const seen: CellRef[] = [];
      const off = await h.gateway.onSelectionChanged!((ref) => seen.push(ref));
      await h.userSelect('封面', 'B1');
      await h.userSelect('项目表', 'D3');
      expect(seen).toEqual([
        { sheet: '封面', address: 'B1' },
        { sheet: '项目表', address: 'D3' },
      ]);
      off();
      await tick();
      expect(h.listenerCount()).toBe(0);
    },
  },
  {
    name: '忽略 entries keep their reasons in the document: a reviewer reopening it sees them',
    async run(factory) {
      const h = factory(scoreBook());
      const entries: IgnoreEntry[] = [
        { key: 'execution-score|项目表|E3', reason: '按主管部门口径保留两位小数', at: '2026-12-04T20:00:00Z' },
        { key: 'precision-artifact|项目表|C3', reason: '' },
      ];
      await h.gateway.saveIgnoreEntries!(entries);
      const again = h.reopen();
      expect(await again.gateway.loadIgnoreEntries!()).toEqual(entries);
      // The key list (what earlier versions read) stays in step.
      expect(await again.gateway.loadIgnored()).toEqual(entries.map((e) => e.key));
      await again.gateway.saveIgnoreEntries!([]);
      expect(await again.reopen().gateway.loadIgnoreEntries!()).toEqual([]);
    },
  },
  {
    name: '忽略 keys saved by an earlier version load as entries without a reason, and keep reasons when saved by key',
    async run(factory) {
      const h = factory(scoreBook());
      await h.gateway.saveIgnored(['a|项目表|E3', 'b|项目表|B4']);
      expect(await h.reopen().gateway.loadIgnoreEntries!()).toEqual([
        { key: 'a|项目表|E3', reason: '' },
        { key: 'b|项目表|B4', reason: '' },
      ]);
      await h.gateway.saveIgnoreEntries!([{ key: 'a|项目表|E3', reason: '已与主管部门核实' }]);
      await h.gateway.saveIgnored(['a|项目表|E3', 'c|项目表|C3']);
      expect(await h.reopen().gateway.loadIgnoreEntries!()).toEqual([
        { key: 'a|项目表|E3', reason: '已与主管部门核实' },
        { key: 'c|项目表|C3', reason: '' },
      ]);
    },
  },
  {
    name: '导出问题清单 writes a new sheet of text (never formulas), first row bold, and overwrites nothing',
    async run(factory) {
      const book = scoreBook();
      book.sheets.push({ name: '问题清单', values: [['旧清单，勿动']] });
      const h = factory(book);
      const before = h.state() as { sheets: unknown[] };
      const rows = [
        ['单位', '工作表', '单元格', '级别', '问题', '应为', '填报'],
        ['某某县财政局', '项目表', 'E3', '错误', '执行率得分应为 9.66', '9.66', '9.68'],
        ['某某县财政局', '项目表', 'E5', '错误', '=E3+E4 与明细不符', '=SUM(E3:E4)', '-1'],
      ];
      const result = await h.gateway.insertTable!(rows, { sheetName: '问题清单' });
      expect(result).toEqual({ sheet: '问题清单(2)', address: 'A1:G3', rows: 3 });
      expect(h.sheetNames()).toEqual(['项目表', '封面', '问题清单', '问题清单(2)']);
      for (let r = 0; r < rows.length; r++) {
        for (let c = 0; c < rows[r]!.length; c++) {
          const cell = h.cell('问题清单(2)', `${'ABCDEFG'[c]}${r + 1}`);
          expect(cell?.value).toBe(rows[r]![c]);
          expect(cell?.formula).toBeUndefined();
          expect(cell?.numberFormat).toBe('@');
        }
      }
      // Every sheet that was there is exactly as it was.
      const after = h.state() as { sheets: { name: string }[] };
      expect(after.sheets.filter((s) => s.name !== '问题清单(2)')).toEqual(
        (before.sheets as { name: string }[]).map((s) => s),
      );
    },
  },
];

// The clerk's pane (issue 13) on an in-memory workbook gateway: 改正 writes only the finding's cell and
// re-checks, 撤销 restores it, a formula needs the clerk's explicit yes, 全部改正 writes the listed cells;
// 忽略 needs a reason for errors, keeps the finding in the ignored group and stays on the same sheet;
// a selected cell selects its finding; 导出问题清单 and 复制 produce the same rows.
import { describe, expect, it } from 'vitest';
import type { Finding, Report, WorkbookSnapshot } from '../../src/engine/types';
import type { CellEdit, CellRef, CellState, EditResult, IgnoreEntry, InsertResult, WorkbookGateway } from '../../src/excel/types';
import { TaskpaneController } from '../../src/taskpane/controller';
import { EXPORT_HEADER, listText, planFixes } from '../../src/taskpane/findings';
import { SAMPLE_REPORT } from '../../src/taskpane/harness-data';

type Cell = { value: string | number | boolean | null; numberFormat: string; formula: string | null };

/** A workbook as a map of cells, with every gateway extra the pane uses. */
class MemoryGateway implements WorkbookGateway {
  readonly host = 'preview' as const;
  cells = new Map<string, Cell>();
  entries: IgnoreEntry[] = [];
  edits: CellEdit[] = [];
  restores: CellState[] = [];
  tables: { rows: string[][]; sheetName: string }[] = [];
  selected: [string, string][] = [];
  selectionHandler: ((ref: CellRef) => void) | null = null;
  hostUndo = false;

  constructor(cells: Record<string, Partial<Cell>>) {
    for (const [k, c] of Object.entries(cells)) this.cells.set(k, { value: null, numberFormat: 'General', formula: null, ...c });
  }
  cell(sheet: string, cell: string): Cell {
    return this.cells.get(`${sheet}!${cell}`) ?? { value: null, numberFormat: 'General', formula: null };
  }
  async readSnapshot(): Promise<WorkbookSnapshot> {
    // One sheet per sheet name, formulas at their row/column, for the pane's formula check.
    const sheets = new Map<string, { values: unknown[][]; formulas: (string | null)[][] }>();
    for (const [k, c] of this.cells) {
      const [sheet, a1] = k.split('!') as [string, string];
      const m = /^([A-Z]+)(\d+)$/.exec(a1)!;
      const col = m[1]!.split('').reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      const row = Number(m[2]) - 1;
      const s = sheets.get(sheet) ?? { values: [], formulas: [] };
      (s.values[row] ??= [])[col] = c.value;
      (s.formulas[row] ??= [])[col] = c.formula;
      sheets.set(sheet, s);
    }
    return { sheets: [...sheets].map(([name, s]) => ({ name, values: s.values as never, formulas: s.formulas })) };
  }
  async applyMarks() {}
  async clearMarks() {}
  async select(sheet: string, cell: string) {
    this.selected.push([sheet, cell]);
  }
  async loadIgnored() {
    return this.entries.map((e) => e.key);
  }
  async saveIgnored() {
    throw new Error('the pane should use saveIgnoreEntries');
  }
  async loadIgnoreEntries() {
    return this.entries.map((e) => ({ ...e }));
  }
  async saveIgnoreEntries(entries: IgnoreEntry[]) {
    this.entries = entries.map((e) => ({ ...e }));
  }
  async onChanged() {
    return () => {};
  }
  async onSelectionChanged(handler: (ref: CellRef) => void) {
    this.selectionHandler = handler;
    return () => (this.selectionHandler = null);
  }
  async editCell(edit: CellEdit): Promise<EditResult> {
    const key = `${edit.sheet}!${edit.cell}`;
    const c = this.cell(edit.sheet, edit.cell);
    if (c.formula && edit.confirmFormula !== c.formula) throw Object.assign(new Error('公式'), { code: 'formula-cell' });
    this.edits.push(edit);
    const before: CellState = { sheet: edit.sheet, cell: edit.cell, ...c };
    this.cells.set(key, {
      value: edit.value !== undefined ? edit.value : c.value,
      numberFormat: edit.numberFormat ?? c.numberFormat,
      formula: edit.value !== undefined ? null : c.formula,
    });
    return { before, hostUndo: this.hostUndo };
  }
  async restoreCell(state: CellState) {
    this.restores.push(state);
    this.cells.set(`${state.sheet}!${state.cell}`, { value: state.value, numberFormat: state.numberFormat, formula: state.formula });
  }
  async insertTable(rows: string[][], options: { sheetName: string }): Promise<InsertResult> {
    this.tables.push({ rows, sheetName: options.sheetName });
    return { sheet: options.sheetName, address: `A1:G${rows.length}`, rows: rows.length };
  }
}

const SELF = '整体支出绩效自评表';
const BASIC = '基础数据表';
const value = (kind: 'score' | 'amount', expected: string, found: string) =>
  ({ kind: 'value', expected: { kind, value: expected }, found: { kind, value: found } }) as const;

// The findings of the pane's own fixture: corrections of a score, a total and a format, and others without one.
const score: Finding = {
  rule: 'execution-score', severity: 'error', sheet: SELF, cell: 'I8', row: 7, col: 8, form: 0, key: `execution-score|${SELF}|I8`,
  message: '执行率得分应为 9.66 分（分值 10.00 × 执行率 96.62%），表中填报 9.68 分，请改正。', pair: value('score', '9.66', '9.68'), fix: { value: 9.66 },
};
const weights: Finding = {
  rule: 'weight-subtotal', severity: 'error', sheet: SELF, cell: 'B32', row: 31, col: 1, form: 0, key: `weight-subtotal|${SELF}|B32`,
  message: '“效益指标(30分)”标注 30.00 分，但其下三级指标分值合计为 28.00 分，请调整分值或标注。',
  pair: { kind: 'label-sum', label: { kind: 'weight', value: '30' }, sum: { kind: 'weight', value: '28' } },
};
const total: Finding = {
  rule: 'total-score', severity: 'error', sheet: SELF, cell: 'H40', row: 39, col: 7, form: 0, key: `total-score|${SELF}|H40`,
  message: '总分应为 99.66 分，表中填报 99.68 分。', pair: value('score', '99.66', '99.68'), fix: { value: 99.66 },
};
const rate: Finding = {
  rule: 'precision-artifact', severity: 'warning', sheet: SELF, cell: 'H8', row: 7, col: 7, form: 0, key: `precision-artifact|${SELF}|H8`,
  message: '比率 0.9661907 以小数填写，请把单元格格式设置为 0.00%。', pair: { kind: 'format', numberFormat: '0.00%' }, fix: { numberFormat: '0.00%' },
};
const measurable: Finding = {
  rule: 'actual-not-measurable', severity: 'warning', sheet: SELF, cell: 'F16', row: 15, col: 5, form: 0, key: `actual-not-measurable|${SELF}|F16`,
  message: '实际完成值“≥300万元”是一个比较式，请填写实际完成的具体数值。',
};
const filler: Finding = {
  rule: 'required-field-empty', severity: 'warning', sheet: BASIC, cell: 'B27', row: 26, col: 1, key: `required-field-empty|${BASIC}|B27`,
  message: '“填表人”未填写，请补填。',
};
const note: Finding = {
  rule: 'year-mismatch', severity: 'info', sheet: BASIC, cell: 'A23', row: 22, col: 0, key: `year-mismatch|${BASIC}|A23`,
  message: '年份与报表年度 2024 不一致，请核对。',
};
const FINDINGS = [note, filler, measurable, rate, total, weights, score];
const REPORT: Report = { ...SAMPLE_REPORT, findings: FINDINGS };

/** The sample report, minus the findings whose cell already holds the correction (a re-check after 改正). */
function checkOf(gw: MemoryGateway) {
  return (): Report => ({
    ...REPORT,
    findings: FINDINGS.filter((f) => {
      if (!f.fix) return true;
      const c = gw.cell(f.sheet, f.cell);
      if (f.fix.value !== undefined && c.value !== f.fix.value) return true;
      if (f.fix.numberFormat !== undefined && c.numberFormat !== f.fix.numberFormat) return true;
      return false;
    }),
  });
}

async function setup(cells: Record<string, Partial<Cell>> = {}) {
  const gw = new MemoryGateway({
    [`${SELF}!I8`]: { value: 9.68, numberFormat: '0.00' },
    [`${SELF}!H40`]: { value: 99.68, numberFormat: '0.00' },
    [`${SELF}!H8`]: { value: 0.9661907, numberFormat: 'General' },
    [`${SELF}!A1`]: { value: '部门整体支出绩效自评表' },
    [`${BASIC}!A1`]: { value: '基础数据表' },
    ...Object.fromEntries(Object.entries(cells).map(([k, v]) => [k, v])),
  });
  let copied: string | null = null;
  const controller = new TaskpaneController({
    gateway: gw,
    check: checkOf(gw),
    copy: async (t) => {
      copied = t;
      return true;
    },
  });
  await controller.start();
  return { gw, controller, copied: () => copied };
}

const has = (c: TaskpaneController, f: Finding) => c.getState().findings.some((x) => x.key === f.key);

describe('改正 and 撤销', () => {
  it('改正 writes only the finding’s cell, re-checks (the finding goes), and 撤销 restores the cell exactly', async () => {
    const { gw, controller } = await setup();
    const before = new Map(gw.cells);
    expect(has(controller, score)).toBe(true);
    expect(await controller.fix(score.key)).toEqual({ status: 'done' });
    expect(gw.edits).toEqual([{ sheet: SELF, cell: 'I8', value: 9.66 }]);
    expect(gw.cell(SELF, 'I8').value).toBe(9.66);
    // Nothing else changed.
    for (const [k, c] of before) if (k !== `${SELF}!I8`) expect(gw.cells.get(k)).toEqual(c);
    expect(has(controller, score)).toBe(false);
    const s = controller.getState();
    expect(s.lastEdit).toMatchObject({ cells: [`${SELF}!I8`], hostUndo: false });
    expect(s.message?.text).toContain('9.68 改为 9.66');

    await controller.undo();
    expect(gw.cells).toEqual(before);
    expect(has(controller, score)).toBe(true);
    expect(controller.getState().lastEdit).toBeNull();
    expect(controller.getState().message?.text).toContain('已撤销');
  });

  it('a number-format correction sets only the format', async () => {
    const { gw, controller } = await setup();
    await controller.fix(rate.key);
    expect(gw.edits).toEqual([{ sheet: SELF, cell: 'H8', numberFormat: '0.00%' }]);
    expect(gw.cell(SELF, 'H8')).toEqual({ value: 0.9661907, numberFormat: '0.00%', formula: null });
    expect(controller.planFor(score.key)?.change).toBe('9.68 改为 9.66');
  });

  it('a formula cell is not written until the clerk confirms that formula', async () => {
    const { gw, controller } = await setup({ [`${SELF}!I8`]: { value: 9.68, numberFormat: '0.00', formula: '=ROUND(H8*10,2)+0.02' } });
    const r = await controller.fix(score.key);
    expect(r).toMatchObject({ status: 'confirm', formula: '=ROUND(H8*10,2)+0.02' });
    expect(gw.edits).toEqual([]);
    expect(await controller.fix(score.key, '=SUM(A1)')).toMatchObject({ status: 'confirm' });
    expect(gw.edits).toEqual([]);
    expect(await controller.fix(score.key, '=ROUND(H8*10,2)+0.02')).toEqual({ status: 'done' });
    expect(gw.edits[0]).toMatchObject({ cell: 'I8', value: 9.66, confirmFormula: '=ROUND(H8*10,2)+0.02' });
    // 撤销 brings the formula back.
    await controller.undo();
    expect(gw.cell(SELF, 'I8').formula).toBe('=ROUND(H8*10,2)+0.02');
  });

  it('with host undo grouping the pane also mentions Ctrl+Z', async () => {
    const { gw, controller } = await setup();
    gw.hostUndo = true;
    await controller.fix(score.key);
    expect(controller.getState().lastEdit?.hostUndo).toBe(true);
    expect(controller.getState().message?.text).toContain('Ctrl+Z');
  });

  it('全部改正 writes exactly the listed cells, one write per cell, and 撤销 restores them all', async () => {
    const { gw, controller } = await setup();
    const before = new Map(gw.cells);
    const plans = controller.planAll();
    expect(plans.map((p) => p.cell).sort()).toEqual(['H40', 'H8', 'I8']);
    await controller.fixAll(plans);
    expect(gw.edits.map((e) => e.cell).sort()).toEqual(['H40', 'H8', 'I8']);
    expect(controller.getState().findings.some((f) => f.fix)).toBe(false);
    expect(controller.getState().message?.text).toContain('已改正 3 处');
    await controller.undo();
    expect(gw.cells).toEqual(before);
  });

  it('planFixes merges a value and a format correction of one cell into one write', () => {
    const a: Finding = { ...score, key: 'a', fix: { value: 0.9662 } };
    const b: Finding = { ...score, key: 'b', fix: { numberFormat: '0.00%' } };
    const [p] = planFixes([a, b], null);
    expect(p).toMatchObject({ keys: ['a', 'b'], edit: { sheet: SELF, cell: 'I8', value: 0.9662, numberFormat: '0.00%' } });
    expect(p!.change).toBe('9.68 改为 96.62%，设置格式为 0.00%');
    // Without a percent format the value is shown exactly as written, never rounded further.
    expect(planFixes([{ ...score, fix: { value: 0.9662 } }], null)[0]!.change).toBe('9.68 改为 0.9662');
  });

  it('a host without editCell offers no 改正', async () => {
    const { controller } = await setup();
    const plain = new TaskpaneController({
      gateway: { ...new MemoryGateway({}), editCell: undefined, readSnapshot: async () => ({ sheets: [] }) } as unknown as WorkbookGateway,
      check: () => REPORT,
    });
    expect(plain.canFix()).toBe(false);
    expect(controller.canFix()).toBe(true);
  });
});

describe('忽略 with a reason', () => {
  it('an error needs a reason; the finding moves to the ignored group with it, counted, and stored with it', async () => {
    const { gw, controller } = await setup();
    expect(await controller.ignore(score.key, '  ')).toContain('理由');
    expect(has(controller, score)).toBe(true);
    expect(await controller.ignore(score.key, '已与财政局确认按原口径')).toBeNull();
    const s = controller.getState();
    expect(has(controller, score)).toBe(false);
    expect(s.ignored).toEqual([{ finding: score, reason: '已与财政局确认按原口径', at: expect.any(String) }]);
    expect(s.hiddenCount).toBe(1);
    expect(s.counts.error).toBe(FINDINGS.filter((f) => f.severity === 'error').length - 1);
    expect(gw.entries).toEqual([{ key: score.key, reason: '已与财政局确认按原口径', at: expect.any(String) }]);

    // Reopening the workbook: a new pane reads the entries back.
    const again = new TaskpaneController({ gateway: gw, check: checkOf(gw) });
    await again.start();
    expect(again.getState().ignored.map((i) => [i.finding.key, i.reason])).toEqual([[score.key, '已与财政局确认按原口径']]);

    await again.unignore(score.key);
    expect(has(again, score)).toBe(true);
    expect(gw.entries).toEqual([]);
  });

  it('a warning may be ignored without a reason', async () => {
    const { controller } = await setup();
    expect(await controller.ignore(rate.key)).toBeNull();
    expect(controller.getState().ignored[0]).toMatchObject({ finding: rate, reason: '' });
  });

  it('after 忽略 the highlight and focus go to the next finding on the same sheet', async () => {
    const { gw, controller } = await setup();
    const list = controller.getState().findings;
    const i = list.findIndex((f) => f.key === score.key);
    await controller.goTo(i);
    gw.selected = [];
    await controller.ignore(score.key, '理由');
    const s = controller.getState();
    const cur = s.findings[s.current]!;
    expect(cur.sheet).toBe(score.sheet);
    // The next one in list order on that sheet.
    expect(cur.key).toBe(list.slice(i + 1).find((f) => f.sheet === score.sheet)!.key);
    expect(s.focus.key).toBe(cur.key);
    expect(gw.selected).toEqual([[cur.sheet, cur.cell]]);
  });
});

describe('selection, filters, navigation', () => {
  it('selecting a marked cell in the sheet selects its finding (and clears a filter hiding it)', async () => {
    const { gw, controller } = await setup();
    controller.setFilter('info');
    gw.selectionHandler!({ sheet: SELF, address: '$I$8' });
    const s = controller.getState();
    expect(s.findings[s.current]!.key).toBe(score.key);
    expect(s.filter).toBe('all');
    expect(s.selectionSeq).toBe(1);
    gw.selectionHandler!({ sheet: SELF, address: 'Z99' }); // no finding there: nothing changes
    expect(controller.getState().current).toBe(s.current);
  });

  it('上一个/下一个 walk only the filtered findings', async () => {
    const { gw, controller } = await setup();
    controller.setFilter('warning');
    await controller.next();
    await controller.next();
    const warnings = controller.getState().findings.filter((f) => f.severity === 'warning');
    expect(gw.selected).toEqual(warnings.slice(0, 2).map((f) => [f.sheet, f.cell]));
    await controller.previous();
    expect(gw.selected[2]).toEqual([warnings[0]!.sheet, warnings[0]!.cell]);
  });
});

describe('导出问题清单 and 复制', () => {
  it('exports header + active findings + ignored ones with their reason, as text rows, into 问题清单', async () => {
    const { gw, controller, copied } = await setup();
    await controller.ignore(total.key, '另有说明');
    await controller.exportList();
    expect(gw.tables).toHaveLength(1);
    const { rows, sheetName } = gw.tables[0]!;
    expect(sheetName).toBe('问题清单');
    expect(rows[0]).toEqual(EXPORT_HEADER);
    expect(rows).toHaveLength(FINDINGS.length + 1);
    for (const r of rows) for (const c of r) expect(typeof c).toBe('string');
    const scoreRow = rows.find((r) => r[2] === 'I8')!;
    expect(scoreRow).toEqual([SAMPLE_REPORT.forms[0]!.unit ?? '', SELF, 'I8', '错误', score.message, '9.66', '9.68']);
    const ignoredRow = rows[rows.length - 1]!;
    expect(ignoredRow[3]).toBe('错误（已忽略）');
    expect(ignoredRow[4]).toContain('忽略理由：另有说明');
    expect(controller.getState().message?.text).toContain('问题清单');

    expect(await controller.copyList()).toBe(true);
    expect(copied()).toBe(listText(undefined, rows));
    expect(copied()).toContain(`【错误】`);
    expect(copied()).toContain(`${SELF}!I8：${score.message}（应为 9.66，填报 9.68）`);
  });
});

describe('lazy 模板', () => {
  it('the templates controller loads on demand and gets the current report', async () => {
    const { controller } = await setup();
    expect(controller.templates).toBeNull();
    const t = await controller.loadTemplates();
    expect(controller.templates).toBe(t);
    expect(await controller.loadTemplates()).toBe(t);
  });
});

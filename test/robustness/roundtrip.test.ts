// Nothing lost, nothing executed: whatever the workbook, readSnapshot → checkWorkbook → applyMarks →
// clearMarks through the real gateway leaves the fake Excel workbook byte-identical (values,
// formulas, number formats, fills, merges, the user's conditional formats and notes, selection),
// and text that looks like a formula (= + - @) stays text. Over every fixture workbook and 1,000
// generated ones: snapshot-builder forms with random edits, user fills, a user rule, user notes,
// protected sheets, old API versions, and Excel failing the write sync at a random command.
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkWorkbook } from '../../src/engine';
import type { CellValue, SheetSnapshot } from '../../src/engine/types';
import { GatewayError } from '../../src/excel/errors';
import { createOfficeGateway } from '../../src/excel/office-gateway';
import { HostWorkbook, cellA1, createFakeExcel, type CellState, type SheetLike } from '../../src/host/fake-excel';
import { readXlsx } from '../../src/xlsx/read';
import { buildBasic } from '../support/build-basic';
import { buildForm, sheetOf, validProjectSpec } from '../support/build-form';
import { checkAndClear, hostFromSnapshot, stateDiff } from './host';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'xlsx');

/** The user's own decoration on a sheet: a fill, a rule, a note — all must survive. */
function decorate(wb: HostWorkbook): void {
  for (const s of wb.sheets) {
    wb.setCell(s.name, 'B2', { fill: '#FFFF00' });
    wb.addConditionalFormat(s.name, { type: 'Custom', range: 'A1:H40', formula: '=LEN(A1)>100', fill: '#FFC7CE' });
    wb.addNote(s.name, 'A1', '用户自己的批注');
  }
}

describe('every fixture workbook: check then clear restores it exactly', () => {
  const files = readdirSync(FIXTURES).filter((f) => /\.xlsx?$/i.test(f)).sort();

  it('covers the fixture directory', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it.each(files)('%s', async (file) => {
    const read = await readXlsx(new Uint8Array(readFileSync(path.join(FIXTURES, file))), file);
    if (!read.ok) {
      // Unreadable fixtures are there for the reader's messages; nothing reaches Excel from them.
      expect(['corrupt', 'legacy-xls', 'empty']).toContain(read.code);
      return;
    }
    for (const variant of [{ apiVersion: '1.18', notes: true }, { apiVersion: '1.18', notes: false }, { apiVersion: '1.7', notes: false }]) {
      const wb = hostFromSnapshot(read.snapshot);
      decorate(wb);
      const before = JSON.stringify(wb.cellsState());
      const cycle = await checkAndClear(wb, { host: { apiVersion: variant.apiVersion }, marks: { notes: variant.notes } });
      if (cycle.report.findings.length > 0) expect(cycle.marked).not.toBe(before); // the marks did go on
      expect(stateDiff(before, cycle.cleared), `${file} ${JSON.stringify(variant)}`).toEqual([]);
      expect(cycle.cleared).toBe(before);
    }
  });
});

// ---- generated workbooks ---------------------------------------------------------------------------

/** Text that a careless writer would turn into a formula, a DDE call or a negative number. */
const FORMULA_LIKE = ['=1+1', '=SUM(A1:A9)', '+86 731 1234', '-5%', '@张三', '=cmd|\' /C calc\'!A0', '=HYPERLINK("http://x","点")', '-', '=', '+', '@'];
const ERRORS = ['#DIV/0!', '#REF!', '#VALUE!', '#N/A'];

const cellValue: fc.Arbitrary<CellValue> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...FORMULA_LIKE) },
  { weight: 2, arbitrary: fc.constantFrom('', '未填', '≥95%', '达成', '100%', '１２３', ' 9.5 ', '0.95') },
  { weight: 2, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  { weight: 1, arbitrary: fc.integer({ min: -100, max: 200 }) },
  { weight: 1, arbitrary: fc.constantFrom(...ERRORS) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

const SHEET_NAMES = ['项目1', '项目2', '整体支出', '基础数据表', '📊自评', "张三's", 'تقييم', 'A1', '=SUM(A1)', '  空格  ', 'Sheet1'];

type Kind = 'project' | 'overall' | 'basic' | 'grid';

interface SheetPlan {
  kind: Kind;
  edits: { r: number; c: number; v: CellValue }[];
  formulas: { r: number; c: number }[];
  fills: { r: number; c: number; color: string }[];
  notes: { r: number; c: number }[];
  budget: number;
  score: number;
  hidden: boolean;
  grid: CellValue[][];
}

const sheetPlan: fc.Arbitrary<SheetPlan> = fc.record({
  kind: fc.constantFrom<Kind>('project', 'project', 'overall', 'basic', 'grid'),
  edits: fc.array(fc.record({ r: fc.nat(24), c: fc.nat(8), v: cellValue }), { maxLength: 12 }),
  formulas: fc.array(fc.record({ r: fc.nat(24), c: fc.nat(8) }), { maxLength: 3 }),
  fills: fc.array(fc.record({ r: fc.nat(24), c: fc.nat(8), color: fc.constantFrom('#FFFF00', '#FFC7CE', '#FFC7CD', '#C6EFCE', '#FFEB9C') }), { maxLength: 4 }),
  notes: fc.array(fc.record({ r: fc.nat(24), c: fc.nat(8) }), { maxLength: 2 }),
  budget: fc.constantFrom(100, 0, -50, 1e9, 0.01),
  score: fc.constantFrom(9.5, 9, 10, 0, 95),
  hidden: fc.boolean(),
  grid: fc.array(fc.array(cellValue, { maxLength: 6 }), { maxLength: 8 }),
});

const workbookPlan = fc.record({
  sheets: fc.array(sheetPlan, { minLength: 1, maxLength: 3 }),
  names: fc.shuffledSubarray(SHEET_NAMES, { minLength: 3, maxLength: 3 }),
  rule: fc.record({
    type: fc.constantFrom('Custom', 'CellValue', 'ColorScale'),
    top: fc.nat(20),
    left: fc.nat(6),
    h: fc.nat(5),
    w: fc.nat(3),
  }),
  /** A protected sheet in about one run in ten. */
  protectedSheet: fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.nat(2) }),
  apiVersion: fc.constantFrom('1.18', '1.13', '1.7'),
  notes: fc.boolean(),
  /** Excel failing the write sync after this many commands (in about one run in five). */
  failAfter: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.nat(30) }),
});

function baseSheet(plan: SheetPlan, name: string): SheetSnapshot {
  switch (plan.kind) {
    case 'project': {
      const spec = validProjectSpec();
      spec.budget!.planned = plan.budget;
      spec.budget!.score = plan.score;
      return sheetOf(name, buildForm(spec));
    }
    case 'overall':
      return sheetOf(name, buildForm(validProjectSpec({ kind: 'overall' })));
    case 'basic':
      return { ...buildBasic(name).sheet, name };
    default:
      return { name, values: plan.grid.map((row) => [...row]) };
  }
}

interface Built {
  wb: HostWorkbook;
  /** "sheet!A1" → the formula-like text put there as a value. */
  formulaLike: Map<string, string>;
}

type WorkbookPlan = typeof workbookPlan extends fc.Arbitrary<infer T> ? T : never;

function build(plan: WorkbookPlan): Built {
  const formulaLike = new Map<string, string>();
  const sheets: SheetLike[] = plan.sheets.map((sp, i) => {
    const name = plan.names[i]!;
    const snap = baseSheet(sp, name);
    const values: CellValue[][] = snap.values.map((row) => [...row]);
    const put = (r: number, c: number, v: CellValue) => {
      while (values.length <= r) values.push([]);
      const row = values[r]!;
      while (row.length < c) row.push('');
      row[c] = v;
    };
    for (const e of sp.edits) put(e.r, e.c, e.v);
    const formulas: (string | null)[][] = [];
    for (const f of sp.formulas) {
      (formulas[f.r] ??= [])[f.c] = `=SUM(A1:A${f.r + 1})`;
      put(f.r, f.c, 7);
    }
    const fills: (string | null)[][] = [];
    for (const f of sp.fills) (fills[f.r] ??= [])[f.c] = f.color;
    return {
      name,
      values: values.map((row) => Array.from(row, (v) => (v === null || v === undefined ? '' : v))),
      formulas: Array.from(formulas, (row) => (row ? Array.from(row, (x) => x ?? null) : [])),
      numberFormats: snap.numberFormats,
      fills: Array.from(fills, (row) => (row ? Array.from(row, (x) => x ?? null) : [])),
      merges: (snap.merges ?? []).map((m) => ({ ...m })),
      hidden: sp.hidden && i > 0,
      notes: Object.fromEntries(sp.notes.map((n) => [cellA1(n.r, n.c), `用户批注${n.r}`])),
    };
  });
  const wb = HostWorkbook.fromSnapshotLike({ sheets });
  const first = wb.sheets[0]!;
  const { rule } = plan;
  wb.addConditionalFormat(first.name, {
    type: rule.type,
    range: { top: rule.top, left: rule.left, bottom: rule.top + rule.h, right: rule.left + rule.w },
    ...(rule.type === 'ColorScale' ? {} : { formula: rule.type === 'Custom' ? '=MOD(ROW(),2)=0' : '=0', fill: '#C6EFCE' }),
  });
  if (plan.protectedSheet !== undefined && wb.sheets[plan.protectedSheet]) wb.sheets[plan.protectedSheet]!.protected = true;
  // What actually sits in the workbook (merges blank non-anchor cells, later edits win).
  for (const s of wb.sheets) {
    for (const [addr, cell] of Object.entries(wb.cellsState().sheets.find((x) => x.name === s.name)!.cells)) {
      if (typeof cell.value === 'string' && /^[=+\-@]/.test(cell.value) && cell.formula === undefined) formulaLike.set(`${s.name}!${addr}`, cell.value);
    }
  }
  return { wb, formulaLike };
}

describe('1,000 generated workbooks: check then clear changes nothing, formula-like text stays text', () => {
  it('holds for every one', async () => {
    let marked = 0;
    let refused = 0;
    let rolledBack = 0;
    let formulaLikeCells = 0;
    await fc.assert(
      fc.asyncProperty(workbookPlan, async (plan) => {
        const { wb, formulaLike } = build(plan);
        const before = JSON.stringify(wb.cellsState());
        const host = createFakeExcel(wb, { apiVersion: plan.apiVersion });
        if (plan.failAfter !== undefined) Object.assign(host.options, { failNextWriteSync: true, failAfterWrites: plan.failAfter });
        const gateway = createOfficeGateway(host.api);
        const snapshot = await gateway.readSnapshot();
        // Read as text, not as formulas: the engine sees what the user typed.
        for (const s of snapshot.sheets) {
          s.values.forEach((row, r) =>
            row.forEach((v, c) => {
              const text = formulaLike.get(`${s.name}!${cellA1(r, c)}`);
              if (text !== undefined) {
                expect(v).toBe(text);
                expect(s.formulas?.[r]?.[c] ?? null).toBeNull();
              }
            }),
          );
        }
        const report = checkWorkbook(snapshot);
        try {
          await gateway.applyMarks(report.findings, { notes: plan.notes });
          if (report.findings.length) marked++;
        } catch (e) {
          // A protected sheet refuses, or the injected failure rolls back: either way nothing changed.
          expect(e).toBeInstanceOf(GatewayError);
          const code = (e as GatewayError).code;
          expect(plan.failAfter !== undefined ? ['protected', 'api'] : ['protected']).toContain(code);
          const now = JSON.stringify(wb.cellsState());
          if (now !== before) expect(stateDiff(before, now)).toEqual([]);
          if (code === 'api') rolledBack++;
          else refused++;
          return;
        }
        await gateway.clearMarks();
        const after = JSON.stringify(wb.cellsState());
        if (after !== before) expect(stateDiff(before, after)).toEqual([]);
        const cells = new Map<string, CellState>(wb.cellsState().sheets.flatMap((s) => Object.entries(s.cells).map(([a, c]) => [`${s.name}!${a}`, c] as [string, CellState])));
        for (const [key, text] of formulaLike) {
          expect(cells.get(key)).toEqual(expect.objectContaining({ value: text }));
          expect(cells.get(key)!.formula).toBeUndefined();
          formulaLikeCells++;
        }
      }),
      { numRuns: 1000, seed: 20250101 },
    );
    // The generator must exercise what it claims to: many runs marked, many formula-like cells.
    console.log(`[roundtrip] 1000 workbooks: ${marked} marked and cleared, ${refused} refused (protected), ${rolledBack} rolled back, ${formulaLikeCells} formula-like cells checked`);
    expect(marked).toBeGreaterThan(300);
    expect(formulaLikeCells).toBeGreaterThan(1000);
    expect(refused).toBeGreaterThan(0);
    expect(rolledBack).toBeGreaterThan(50);
  }, 120_000);
});

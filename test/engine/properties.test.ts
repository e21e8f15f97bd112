// Property tests: whatever a workbook holds, the engine returns a report — never throws, never points
// outside the sheet, gives finite decimal figures, and gives the same report twice.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkWorkbook } from '../../src/engine';
import type { CellValue, SheetSnapshot, WorkbookSnapshot } from '../../src/engine/types';
import { buildForm, sheetOf, validProjectSpec } from '../support/build-form';
import { buildBasic } from '../support/build-basic';

const ERRORS = ['#DIV/0!', '#REF!', '#VALUE!', '#N/A', '#NAME?', '#NUM!', '#NULL!'];
const LABELS = ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '总分', '年度资金总额', '全年预算数',
  '全年执行数', '年初预算数', '执行率', '产出指标(40分)', '三公经费', '项目支出', '经费控制情况（万元）', '填表人：', '≥95%', '≤3.0万元'];

const cellValue: fc.Arbitrary<CellValue> = fc.oneof(
  fc.constant(null), fc.constant(''), fc.double({ noNaN: false }), fc.integer({ min: -1e9, max: 1e9 }),
  fc.constantFrom(...ERRORS), fc.constantFrom(...LABELS), fc.string({ maxLength: 20 }), fc.boolean(),
  fc.constantFrom('１２３．４５', '2,773.47', '9.15088499999996', '0', '-5', '1e308', '\u0000\u0007控制字符', '<img src=x onerror=alert(1)>'),
);

const randomSheet: fc.Arbitrary<SheetSnapshot> = fc.record({
  name: fc.string({ minLength: 1, maxLength: 31 }),
  values: fc.array(fc.array(cellValue, { maxLength: 12 }), { maxLength: 40 }),
  merges: fc.array(fc.record({ top: fc.nat(40), left: fc.nat(12), bottom: fc.nat(60), right: fc.nat(20) }), { maxLength: 6 }),
});

/** A real form with cells blanked, replaced by errors/text/huge numbers, and random merges. */
const mutatedForm: fc.Arbitrary<SheetSnapshot> = fc.record({
  edits: fc.array(fc.record({ r: fc.nat(30), c: fc.nat(8), v: cellValue }), { maxLength: 25 }),
  merges: fc.array(fc.record({ top: fc.nat(30), left: fc.nat(8), h: fc.nat(3), w: fc.nat(3) }), { maxLength: 3 }),
  budget: fc.constantFrom(0, -100, 100, 1e15, 0.001),
}).map(({ edits, merges, budget }) => {
  const spec = validProjectSpec();
  spec.budget!.planned = budget;
  const sheet = sheetOf('项目', buildForm(spec));
  for (const e of edits) {
    while (sheet.values.length <= e.r) sheet.values.push([]);
    sheet.values[e.r]![e.c] = e.v;
  }
  for (const m of merges) sheet.merges!.push({ top: m.top, left: m.left, bottom: m.top + m.h, right: m.left + m.w });
  return sheet;
});

function assertSound(snapshot: WorkbookSnapshot) {
  const report = checkWorkbook(snapshot);
  const sheets = new Map(snapshot.sheets.map((s) => [s.name, s]));
  for (const f of report.findings) {
    const s = sheets.get(f.sheet);
    expect(s, `finding on unknown sheet ${f.sheet}`).toBeDefined();
    const cols = Math.max(1, ...s!.values.map((r) => r.length));
    expect(f.row).toBeGreaterThanOrEqual(0);
    expect(f.col).toBeGreaterThanOrEqual(0);
    expect(f.row).toBeLessThan(Math.max(s!.values.length, 1) + 1);
    expect(f.col).toBeLessThan(cols + 1);
    expect(f.message).not.toMatch(/undefined|NaN|\{\w+\}/);
  }
  for (const form of report.forms) {
    for (const v of [form.execution?.rate, form.execution?.score, form.total?.recomputed]) {
      if (v !== undefined && v !== null && v !== '') expect(v).toMatch(/^-?\d+(\.\d+)?$/);
    }
  }
  expect(checkWorkbook(snapshot)).toEqual(report);
  return report;
}

describe('engine properties', () => {
  it('random grids: never throws, sound findings, deterministic', () => {
    fc.assert(fc.property(fc.array(randomSheet, { minLength: 1, maxLength: 3 }), (sheets) => {
      const named = sheets.map((s, i) => ({ ...s, name: `${i}-${s.name}` }));
      assertSound({ sheets: named });
    }), { numRuns: 300 });
  });

  it('real forms with cells deleted, replaced and merged at random', () => {
    fc.assert(fc.property(mutatedForm, (sheet) => {
      assertSound({ sheets: [sheet, buildBasic('基础数据表').sheet] });
    }), { numRuns: 300 });
  });

  it('an unrelated sheet yields no forms and no findings', () => {
    fc.assert(fc.property(fc.array(fc.array(fc.oneof(fc.string({ maxLength: 10 }), fc.integer()), { maxLength: 6 }), { maxLength: 20 }), (values) => {
      const report = checkWorkbook({ sheets: [{ name: '名单', values }] });
      expect(report.forms).toEqual([]);
      expect(report.findings).toEqual([]);
    }), { numRuns: 200 });
  });

  it('time grows with the cell count, not worse', () => {
    const big: SheetSnapshot = { name: '大表', values: Array.from({ length: 2000 }, (_, r) => Array.from({ length: 50 }, (_, c) => (r * c) % 7 === 0 ? `文字${r}` : r * c)) };
    const t0 = performance.now();
    checkWorkbook({ sheets: [big] });
    const t = performance.now() - t0;
    expect(t).toBeLessThan(5000);
  });

  it('hostile snapshot shapes do not throw', () => {
    const weird = [
      { sheets: [] },
      { sheets: [{ name: 'x', values: [] }] },
      { sheets: [{ name: 'x', values: [[null, undefined as unknown as CellValue, NaN, Infinity, -Infinity]] }] },
      { sheets: [{ name: 'x', values: [['一级指标', '二级指标', '三级指标']], merges: [{ top: 0, left: 0, bottom: 1e9, right: 1e9 }] }] },
      { sheets: [{ name: 'x', values: [['a'.repeat(10_000), '一级指标'.repeat(3000)]] }] },
      { sheets: null as unknown as SheetSnapshot[] },
      { sheets: [null as unknown as SheetSnapshot, { name: 'y', values: null as unknown as CellValue[][] }] },
    ] as WorkbookSnapshot[];
    for (const w of weird) expect(() => checkWorkbook(w)).not.toThrow();
  });
});

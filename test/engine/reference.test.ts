// The errors found in the two published reference reports (domain.md §4) must be reported with the
// right rule and cell, and nothing else at error severity. Cells are located by their labels and values,
// so the test states what a reviewer would look for, not a layout detail.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkWorkbook, type Finding, type Report, type SheetSnapshot, type WorkbookSnapshot } from '../../src/engine';
import { a1 } from '../../src/engine/grid';
import { readXlsx } from '../../src/xlsx/read';

const dir = new URL('../fixtures/xlsx/', import.meta.url);

async function load(name: string): Promise<WorkbookSnapshot> {
  const r = await readXlsx(new Uint8Array(readFileSync(new URL(name, dir))), name);
  if (!r.ok) throw new Error(r.message);
  return r.snapshot;
}

function sheet(w: WorkbookSnapshot, re: RegExp): SheetSnapshot {
  const s = w.sheets.find((x) => re.test(x.name));
  if (!s) throw new Error(`no sheet ${re}`);
  return s;
}

const norm = (v: unknown) => (typeof v === 'string' ? v.normalize('NFKC').replace(/\s/g, '') : v);

/** First cell whose value satisfies the predicate. */
function find(s: SheetSnapshot, pred: (v: unknown) => boolean): { row: number; col: number } {
  for (let r = 0; r < s.values.length; r++) {
    const row = s.values[r] ?? [];
    for (let c = 0; c < row.length; c++) if (pred(norm(row[c]))) return { row: r, col: c };
  }
  throw new Error(`cell not found in ${s.name}: ${pred}`);
}
const byText = (s: SheetSnapshot, re: RegExp) => find(s, (v) => typeof v === 'string' && re.test(v));
const byValue = (s: SheetSnapshot, n: number) => find(s, (v) => v === n);

/** The value cell in a label's row under a header (merged headers: first numeric cell of the span). */
function under(s: SheetSnapshot, rowLabel: RegExp, header: RegExp): string {
  const r = byText(s, rowLabel).row;
  const h = byText(s, header);
  for (let c = h.col; c < h.col + 3; c++) {
    if (typeof s.values[r]?.[c] === 'number') return a1(r, c);
  }
  return a1(r, h.col);
}

/** The first non-label cell right of a label (a footer value cell), or the label cell when none. */
function rightOf(s: SheetSnapshot, label: RegExp): string[] {
  const p = byText(s, label);
  return [a1(p.row, p.col + 1), a1(p.row, p.col)];
}

function at(report: Report, rule: string, sheetName: string, cells: string | string[]): Finding {
  const list = Array.isArray(cells) ? cells : [cells];
  const hit = report.findings.find((f) => f.rule === rule && f.sheet === sheetName && list.includes(f.cell));
  expect(hit, `${rule} at ${sheetName}!${list.join('|')}; got ${report.findings.filter((f) => f.rule === rule).map((f) => `${f.sheet}!${f.cell}`).join(', ')}`).toBeDefined();
  return hit!;
}

describe('株洲 2024 (seed 000)', () => {
  let w: WorkbookSnapshot;
  let report: Report;
  let basic: SheetSnapshot;
  beforeAll(async () => {
    w = await load('zhuzhou-2024.xlsx');
    report = checkWorkbook(w);
    basic = sheet(w, /基础数据/);
  });

  it('reads the whole-department form and recomputes it', () => {
    const overall = report.forms.find((f) => f.kind === 'overall')!;
    expect(overall.unit).toBe('株洲市教育技术装备所');
    expect(overall.year).toBe(2024);
    expect(overall.execution).toMatchObject({ rate: '0.9964', score: '9.96', declaredScore: '9.96' });
    expect(overall.total).toEqual({ declared: '99.96', recomputed: '99.96' });
    expect(overall.grade?.recomputed).toBe('优');
    expect(overall.blocks?.map((b) => [b.name, b.declaredWeight, b.weightSum])).toEqual(
      expect.arrayContaining([['产出指标', '40.00', '40.00'], ['效益指标', '20.00', '20.00'], ['满意度指标', '10.00', '10.00'], ['成本指标', '20.00', '20.00']]));
    expect(report.forms.some((f) => f.kind === 'basic-data')).toBe(true);
  });

  it('控制率 12/13 shown as 92.30% is a truncation warning', () => {
    const f = at(report, 'staffing-control-rate', basic.name, a1(byValue(basic, 0.923).row, byValue(basic, 0.923).col));
    expect(f).toMatchObject({ severity: 'warning', expected: '92.31%', found: '92.30%' });
  });

  it('三公经费 1.01 against 0.96 + 0 + 0.04 is a rounding tail', () => {
    const f = at(report, 'three-public-sum', basic.name, under(basic, /^三公经费$/, /2024年决算数/));
    expect(f).toMatchObject({ severity: 'warning', expected: '1.00', found: '1.01' });
  });

  it('项目支出 2024 预算数 190 with rows of 0 is an error', () => {
    const f = at(report, 'project-spending-sum', basic.name, under(basic, /^项目支出/, /2024年预算数/));
    expect(f).toMatchObject({ severity: 'error', expected: '0.00', found: '190.00' });
  });

  it('reports nothing else at error severity', () => {
    expect(report.findings.filter((f) => f.severity === 'error').map((f) => f.rule)).toEqual(['project-spending-sum']);
  });
});

describe('长沙 2024 (seed 001)', () => {
  let w: WorkbookSnapshot;
  let report: Report;
  let form: SheetSnapshot;
  let basic: SheetSnapshot;
  beforeAll(async () => {
    w = await load('changsha-2024.xlsx');
    report = checkWorkbook(w);
    form = sheet(w, /自评表/);
    basic = sheet(w, /基础数据/);
  });

  it('recomputes 执行率 96.62%, 得分 9.66 and 总分 99.66', () => {
    const overall = report.forms.find((f) => f.kind === 'overall')!;
    expect(overall.unit).toBe('长沙市现代教育技术中心');
    expect(overall.execution).toMatchObject({ rate: '0.9662', score: '9.66', declaredScore: '9.68', budget: '2870.52', executed: '2773.47' });
    expect(overall.total).toEqual({ declared: '99.68', recomputed: '99.66' });
    expect(overall.grade?.recomputed).toBe('优');
  });

  it('执行率得分 9.68 should be 9.66', () => {
    const p = byValue(form, 9.68);
    expect(at(report, 'execution-score', form.name, a1(p.row, p.col))).toMatchObject({ severity: 'error', expected: '9.66', found: '9.68' });
  });

  it('总分 99.68 should be 99.66, and the message says the declared parts add up', () => {
    const p = byValue(form, 99.68);
    const f = at(report, 'total-score', form.name, a1(p.row, p.col));
    expect(f).toMatchObject({ severity: 'error', expected: '99.66', found: '99.68' });
    expect(f.message).toMatch(/与填报总分一致/);
  });

  it('效益指标(30分) adds up to 28 and 满意度指标(10分) to 12', () => {
    const b = byText(form, /^效益指标/);
    const s = byText(form, /^满意度指标/);
    expect(at(report, 'weight-subtotal', form.name, a1(b.row, b.col))).toMatchObject({ severity: 'error', messageId: 'mismatch', data: { label: '30.00', sum: '28.00' } });
    expect(at(report, 'weight-subtotal', form.name, a1(s.row, s.col))).toMatchObject({ severity: 'error', messageId: 'mismatch', data: { label: '10.00', sum: '12.00' } });
  });

  it('按支出性质 642.36 + 2131.1 = 2773.46 against 2773.47 is a rounding tail', () => {
    const p = byValue(form, 2131.1);
    expect(at(report, 'fund-breakdown-sum', form.name, a1(p.row, p.col))).toMatchObject({ severity: 'warning', messageId: 'tail', data: { label: '2773.47', sum: '2773.46' } });
  });

  it('"≥300万元" as an actual is not a measured value', () => {
    const targets = form.values.flatMap((row, r) => row.map((v, c) => ({ v: norm(v), r, c }))).filter((x) => x.v === '≥300万元');
    expect(targets.length).toBe(2);
    const actual = targets.sort((x, y) => x.c - y.c)[1]!;
    expect(at(report, 'actual-not-measurable', form.name, a1(actual.r, actual.c)).severity).toBe('warning');
  });

  it('unrounded numbers are flagged: 0.9661907, 0.966190794699218 and the basic-data amounts', () => {
    for (const n of [0.9661907, 0.966190794699218]) {
      const p = byValue(form, n);
      expect(at(report, 'precision-artifact', form.name, a1(p.row, p.col)).severity).toBe('warning');
    }
    for (const n of [2210.109493, 2159.159493, 9.15088499999996, 48.072, 0.85]) {
      const p = byValue(basic, n);
      expect(at(report, 'precision-artifact', basic.name, a1(p.row, p.col)).severity).toBe('warning');
    }
  });

  it('填表人 and 填报日期 are empty on both sheets', () => {
    for (const s of [form, basic]) {
      at(report, 'required-field-empty', s.name, rightOf(s, /^填表人/));
      at(report, 'required-field-empty', s.name, rightOf(s, /^填报日期/));
    }
  });

  it('楼堂馆所控制情况（2023年完工项目） in a 2024 table', () => {
    const p = byText(basic, /^楼堂馆所控制情况/);
    expect(at(report, 'year-mismatch', basic.name, a1(p.row, p.col))).toMatchObject({ severity: 'warning', expected: '2024', found: '2023' });
  });

  it('reports nothing else at error severity', () => {
    const errors = report.findings.filter((f) => f.severity === 'error').map((f) => f.rule).sort();
    expect(errors).toEqual(['execution-score', 'total-score', 'weight-subtotal', 'weight-subtotal']);
  });
});

describe('layout families and planted errors', () => {
  const summary = async (name: string) => {
    const report = checkWorkbook(await load(name));
    return {
      report,
      errors: report.findings.filter((f) => f.severity === 'error').map((f) => `${f.rule}|${f.sheet}!${f.cell}`).sort(),
    };
  };

  it.each([
    ['family-shifted.xlsx', 1, 'overall'],
    ['family-extra-columns.xlsx', 1, 'project'],
    ['family-coefficient.xlsx', 1, 'project'],
    ['family-stacked.xlsx', 3, 'project'],
    ['family-old-framework.xlsx', 1, 'project'],
  ])('%s: %i form(s), read and scored with no error', async (name, count, kind) => {
    const { report, errors } = await summary(name);
    const forms = report.forms.filter((f) => f.kind !== 'basic-data');
    expect(forms).toHaveLength(count);
    expect(forms.every((f) => f.kind === kind)).toBe(true);
    for (const f of forms) expect(f.total?.recomputed).toBe(f.total?.declared);
    expect(errors).toEqual([]);
  });

  it('family-old-framework is recognised as the pre-2020 framework', async () => {
    const { report } = await summary('family-old-framework.xlsx');
    expect(report.forms[0]!.framework).toBe('old');
  });

  it('family-extra-columns reads the 20-point execution weight from "得分(20分*执行率)"', async () => {
    const { report } = await summary('family-extra-columns.xlsx');
    expect(report.forms[0]!.execution).toMatchObject({ weight: '20.00', score: '19.00' });
  });

  it('multi-forms: basic data, whole-department and two project forms, an unrelated cover sheet, no errors', async () => {
    const { report, errors } = await summary('multi-forms.xlsx');
    expect(report.forms.map((f) => f.kind)).toEqual(['basic-data', 'overall', 'project', 'project']);
    expect(report.forms.some((f) => f.sheet === '封面')).toBe(false);
    expect(errors).toEqual([]);
  });

  it('projects-2020: exactly the planted errors', async () => {
    const { errors, report } = await summary('projects-2020.xlsx');
    expect(errors).toEqual([
      'formula-error|项目3-实验室建设!H6',
      'indicator-score-exceeds-weight|项目2-教师培训!H15',
      'indicator-score|项目2-教师培训!H13',
      'indicator-score|项目3-实验室建设!H16',
      'total-score|项目2-教师培训!H21',
    ]);
    const warnings = report.findings.filter((f) => f.severity === 'warning').map((f) => `${f.rule}|${f.sheet}!${f.cell}`).sort();
    expect(warnings).toEqual(['deviation-reason-missing|项目2-教师培训!I13', 'over-achievement|项目3-实验室建设!I13']);
  });

  it('an unrelated workbook yields no forms and no findings; a half form yields one unreadable-form finding', async () => {
    const unrelated = await summary('unrelated.xlsx');
    expect(unrelated.report.forms).toEqual([]);
    expect(unrelated.report.findings).toEqual([]);
    const half = await summary('half-form.xlsx');
    expect(half.report.findings.map((f) => f.rule)).toEqual(['unreadable-form']);
  });
});

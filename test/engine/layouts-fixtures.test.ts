// The fixtures of issue 12's patterns and layout families (test/fixtures/layouts.ts, docs/fixtures.md): the findings
// (rule, severity, cell — exactly), the recognised forms and the recomputed totals of each. Hand arithmetic is in
// the comments of test/fixtures/layouts.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkWorkbook, type Report } from '../../src/engine';
import { readXlsx } from '../../src/xlsx/read';
import { Grid } from '../../src/engine/grid';
import { locateForms } from '../../src/engine/forms/locate';
import { LAYOUT_FAMILIES } from '../../src/engine/forms/families';
import { renderTemplate } from '../../src/engine/templates';
import type { FormModel } from '../../src/engine/forms/model';

async function formsIn(file: string, sheet: string): Promise<FormModel[]> {
  const r = await readXlsx(new Uint8Array(readFileSync(new URL(`../fixtures/xlsx/${file}`, import.meta.url))), file);
  if (!r.ok) throw new Error(r.message);
  return locateForms(new Grid(r.snapshot.sheets.find((s) => s.name === sheet)!)).forms;
}

async function check(name: string): Promise<Report> {
  const r = await readXlsx(new Uint8Array(readFileSync(new URL(`../fixtures/xlsx/${name}`, import.meta.url))), name);
  if (!r.ok) throw new Error(r.message);
  return checkWorkbook(r.snapshot);
}

const findings = (r: Report) => r.findings.map((f) => `${f.rule}|${f.severity}|${f.sheet}!${f.cell}`);
/** kind, sheet, framework, declared/recomputed 总分, recomputed 执行率/执行率得分, its 分值, declared grade */
const forms = (r: Report) => r.forms.map((f) => [f.kind, f.sheet, f.framework ?? null, f.total?.declared ?? null, f.total?.recomputed ?? null,
  f.execution?.rate ?? null, f.execution?.score ?? null, f.execution?.weight ?? null, f.grade?.declared ?? null]);

const CASES: [string, string, string[], unknown[][]][] = [
  ['pattern 1: a blank row inside the 基础数据表 does not cut it off (株洲 项目支出 190 vs 0 + 0 + 0 still found)', 'pattern-blank-row.xlsx',
    ['staffing-control-rate|warning|基础数据表!F3', 'three-public-sum|warning|基础数据表!F5', 'project-spending-sum|error|基础数据表!D12'],
    [['basic-data', '基础数据表', null, null, null, null, null, null, null], ['overall', '整体支出绩效自评表', 'current', '99.96', '99.96', '0.9964', '9.96', '10.00', null]]],
  ['pattern 2: an 整体支出 form below the 基础数据表 on one sheet is an 整体支出 form', 'pattern-stacked-overall.xlsx',
    ['staffing-control-rate|warning|绩效自评!F3', 'three-public-sum|warning|绩效自评!F5', 'project-spending-sum|error|绩效自评!D11'],
    [['basic-data', '绩效自评', null, null, null, null, null, null, null], ['overall', '绩效自评', 'current', '99.96', '99.96', '0.9964', '9.96', '10.00', null]]],
  ['pattern 3: 一级 labels repeated on every row / on the first row only are one block each', 'pattern-repeated-levels.xlsx',
    ['indicator-score|error|项目2-首行标签!H13', 'deviation-reason-missing|warning|项目2-首行标签!I13', 'indicator-score-exceeds-weight|error|项目2-首行标签!H15', 'total-score|error|项目2-首行标签!H21'],
    [['project', '项目1-重复标签', 'current', '99.50', '99.50', '0.9500', '9.50', '10.00', null], ['project', '项目2-首行标签', 'current', '101.50', '97.50', '0.9500', '9.50', '10.00', null]]],
  ['pattern 5: funds on the rows under a blank "一个专项一行" heading are summed (181 ≠ 180 found)', 'pattern-one-line-funds.xlsx',
    ['project-spending-sum|error|基础数据表（错）!F11'],
    [['basic-data', '基础数据表', null, null, null, null, null, null, null], ['basic-data', '基础数据表（错）', null, null, null, null, null, null, null]]],
  ['pattern 6: 执行率 repeated in the 其中 rows is not an amount', 'pattern-rate-in-fund-rows.xlsx',
    ['number-stored-as-text|warning|项目自评表!H8'],
    [['project', '项目自评表', 'current', '99.50', '99.50', '0.9500', '9.50', '10.00', null]]],
  ['pattern 7: 申报表, 监控表, 明细 and 决算 tables are other forms, not half-read self-evaluations', 'pattern-other-forms.xlsx', [], []],
  ['family: 20-point budget (预算数(A)/执行数(B)/执行率(B/A)/得分(20分*执行率), side label, implied by the 总分 row), no 年初, 年初 only, 分值 before the target', 'family-budget-columns.xlsx', [],
    [['project', '20分制', 'current', '99.00', '99.00', '0.9500', '19.00', '20.00', null], ['project', '20分制-侧标', 'current', '99.00', '99.00', '0.9500', '19.00', '20.00', null],
      ['project', '20分制-总分推算', 'current', '99.00', '99.00', '0.9500', '19.00', '20.00', null],
      ['project', '无年初预算', 'current', '99.50', '99.50', '0.9500', '9.50', '10.00', null], ['project', '仅年初预算', 'current', '99.50', '99.50', '0.9500', '9.50', '10.00', null]]],
  ['family: one 指标名称 column, 得分 = 得分系数(%) × 指标权重', 'family-name-only.xlsx', [],
    [['overall', '整体自评', 'current', '97.60', '97.60', '0.9600', '9.60', '10.00', null]]],
  ['family: 参考分值, amounts in 元, operators ≧ ≦ ＞ ═, the grade in the 总分 row', 'family-yuan-operators.xlsx', [],
    [['project', '项目自评表', 'current', '99.50', '99.50', '0.9500', '9.50', '10.00', '优']]],
  ['family: old framework 决策/过程/产出/效益 recognised as 旧版指标框架', 'family-old-decision.xlsx', [],
    [['project', '项目自评表', 'old', '99.50', '99.50', '0.9500', '9.50', '10.00', null]]],
  ['family: 2013 共性指标 scoring table (投入/过程/产出/效果, no 指标值/实际完成值) as 旧版指标框架, its total checked', 'family-common-2013.xlsx',
    ['total-score|error|评分表（错）!F19'],
    [['overall', '共性指标评分表', 'old', '99.50', '99.50', null, null, null, null], ['overall', '评分表（错）', 'old', '100.00', '99.50', null, null, null, null]]],
  ['family: 四川 form — goals above the budget block, a "总额" total row, 调整后预算数/预算执行数/权重, 实施单位（盖章）', 'family-sichuan.xlsx',
    ['execution-score|error|四川-错!H8', 'total-score|error|四川-错!J16'],
    [['project', '四川-正确', 'current', '100.00', '100.00', '1.0000', '10.00', '10.00', null], ['project', '四川-错', 'current', '100.00', '99.50', '0.9500', '9.50', '10.00', null]]],
  ['family: 河北 form with the template’s spare rows "指标2"/"……" left empty — one warning per row, no empty-field noise', 'family-hebei-spare-rows.xlsx',
    ['execution-rate|error|自评表!G6', 'execution-score|error|自评表!H6', 'indicator-score|error|自评表!H13',
      'template-text-left|warning|自评表!D14',
      'template-text-left|warning|自评表!D15',
      'template-text-left|warning|自评表!D18',
      'template-text-left|warning|自评表!D20',
      'template-text-left|warning|自评表!D21',
      'template-text-left|warning|自评表!D23',
      'template-text-left|warning|自评表!D24',
      'template-text-left|warning|自评表!D26',
      'template-text-left|warning|自评表!D27',
      'template-text-left|warning|自评表!D29',
      'template-text-left|warning|自评表!D30',
      'template-text-left|warning|自评表!D32',
      'template-text-left|warning|自评表!D33',
      'template-text-left|warning|自评表!D35',
      'template-text-left|warning|自评表!D36',
      'total-score|error|自评表!H37'],
    [['project', '自评表', 'current', '99.00', '97.24', '0.8620', '8.62', '10.00', null]]],
  ['family: 转移支付 绩效目标自评表 without 分值/得分 (衡山 2020) — read, its 执行率 checked, one info that nothing is scored', 'family-scoreless-target.xlsx',
    ['role-unrecognised|info|目标自评-正确!B10', 'execution-rate|error|目标自评-错!F5', 'role-unrecognised|info|目标自评-错!B10'],
    [['project', '目标自评-正确', 'current', null, null, '1.0000', '', null, null], ['project', '目标自评-错', 'current', null, null, '0.9236', '', null, null]]],
  ['family: 湖北 项目自评表 — no 分值 column, weights only in the 一级 labels; "年度财政资金总额"; block sums and the total checked', 'family-hubei-block-weights.xlsx',
    ['role-unrecognised|info|湖北-正确!G10', 'weight-total|error|湖北-原表!A10', 'role-unrecognised|info|湖北-原表!G10', 'total-score|error|湖北-原表!G19',
      'role-unrecognised|info|湖北-超分!G10', 'indicator-score-exceeds-weight|error|湖北-超分!B11', 'total-score|error|湖北-超分!G19'],
    [['project', '湖北-正确', 'current', '100.00', '100.00', '1.0000', '20.00', '20.00', null], ['project', '湖北-原表', 'current', '100.00', '120.00', '1.0000', '20.00', '20.00', null],
      ['project', '湖北-超分', 'current', '100.00', '105.00', '1.0000', '20.00', '20.00', null]]],
  ['安徽 (池州 2022): a 年度资金总额 row of zeros with the amounts in the 其中 row — true errors only, no note on the 执行率 0', 'family-anhui-zero-total.xlsx',
    ['fund-breakdown-sum|error|自评表!C7', 'fund-breakdown-sum|error|自评表!D7', 'precision-artifact|warning|自评表!D7', 'fund-breakdown-sum|error|自评表!E7',
      'precision-artifact|warning|自评表!E7', 'total-score|error|自评表!H24'],
    [['project', '自评表', 'current', '100.00', '90.00', null, null, null, null]]],
  ['转移支付 绩效目标自评表 with scores (中江 2022): 资金情况 without 年初预算数, 分值 before 年度指标值/全年实际值; the unit’s 产出 70 found', 'family-transfer-target.xlsx',
    ['正确', '原表'].flatMap((v) => [...['G13', 'G14', 'G16', 'G17', 'G20', 'G22'].map((c) => `actual-not-measurable|warning|中江-${v}!${c}`), `template-text-left|warning|中江-${v}!D23`])
      .concat(['weight-total|error|中江-原表!E24', 'total-score|error|中江-原表!H24']),
    [['project', '中江-正确', 'current', '100.00', '100.00', '1.0000', '10.00', '10.00', null], ['project', '中江-原表', 'current', '100.00', '110.00', '1.0000', '10.00', '10.00', null]]],
  ['family: 重庆 部门整体绩效自评表 — the total as a field "自评总分（分）" above the tables (no 总分 row), one budget row "预算资金", 执行率权重, 得分系数 × 指标权重', 'family-chongqing-overall.xlsx',
    ['total-score|error|重庆-错!J2', 'execution-rate|error|重庆-错!G5', 'execution-score|error|重庆-错!J5', 'indicator-score|error|重庆-错!J25'],
    [['overall', '重庆-正确', 'current', '97.60', '97.60', '0.7600', '7.60', '10.00', null], ['overall', '重庆-错', 'current', '97.60', '97.50', '0.7500', '7.50', '10.00', null]]],
  ['family: 安徽 (金寨) 部门整体 form — the side label "预算资金（万元）" in the header row is no 全年预算数 column; its real slips are named', 'family-jinzhai-side-label.xlsx',
    ['execution-over-budget|warning|整体支出自评表!E5', 'required-field-empty|warning|整体支出自评表!H5', 'over-achievement|warning|整体支出自评表!I14'],
    [['overall', '整体支出自评表', 'current', '100.00', '100.00', '1.0259', '10.00', '10.00', null]]],
  ['a published 2018 基础数据表 in four plain columns with the 项目支出 and 公用经费 totals left blank: one warning each, no silence', 'pattern-basic-blank-totals.xlsx',
    ['project-spending-sum|warning|基础数据表!B13', 'subset-exceeds-total|warning|基础数据表!B16'],
    [['basic-data', '基础数据表', null, null, null, null, null, null, null]]],
  ['family: 贵州 部门整体 form — 年初预算数(A)/全年执行数(B)/分值(10分)/得分/得分计算方法, 其中 rows repeating 分值 and 得分; 108.20% said against the 年初预算数', 'family-guizhou-overall.xlsx',
    ['execution-over-budget|warning|部门整体支出绩效自评表!E5'],
    [['overall', '部门整体支出绩效自评表', 'current', '100.00', '100.00', '1.0820', '10.00', '10.00', null]]],
  ['a half self-evaluation form (title says 自评表) is still named unreadable', 'half-form.xlsx', ['unreadable-form|error|绩效目标!A2'], []],
];

describe('layout patterns and families', () => {
  it.each(CASES)('%s', async (_what, name, expectedFindings, expectedForms) => {
    const r = await check(name);
    expect(findings(r)).toEqual(expectedFindings);
    expect(forms(r)).toEqual(expectedForms);
  });

  it('name-only family: every indicator scored as 系数 × 权重, one unnamed block', async () => {
    const f = (await check('family-name-only.xlsx')).forms[0]!;
    expect(f.indicators?.map((i) => [i.weight, i.recomputedScore])).toEqual([['20.00', '18.00'], ['20.00', '20.00'], ['20.00', '20.00'], ['16.00', '16.00'], ['14.00', '14.00']]);
    expect(f.blocks).toHaveLength(1);
  });

  it('repeated 一级 labels give the same blocks as merged ones', async () => {
    const f = (await check('pattern-repeated-levels.xlsx')).forms[0]!;
    expect(f.blocks?.map((b) => [b.name, b.declaredWeight, b.weightSum, b.cell])).toEqual([
      ['产出指标', '50.00', '50.00', 'B13'], ['效益指标', '30.00', '30.00', 'B19'], ['满意度指标', '10.00', '10.00', 'B22']]);
  });

  it('a form that scores nothing has no total, and its draft report asks for the deviations instead of blaming the form', async () => {
    const r = await check('family-scoreless-target.xlsx');
    expect(r.forms[0]!.weights).toBe('none');
    expect(r.forms[0]!.indicators?.every((i) => i.method === 'unscored' && i.weight === null)).toBe(true);
    const draft = renderTemplate(r, 'project-report', { formIndex: 0 });
    const text = draft.paragraphs.map((p) => p.text).join('\n');
    expect(text).toContain('预算执行率为100.00%');
    expect(text).not.toContain('未填写分值或得分');
    expect(draft.missing).toEqual(expect.arrayContaining(['自评总分和评价等级', '偏差情况（此表没有分值、得分栏，请对照年度指标值与实际完成值说明）']));
  });

  it('湖北: weights only in the 一级 labels — blocks and total from the declared scores, the draft claims no full marks', async () => {
    const r = await check('family-hubei-block-weights.xlsx');
    const f = r.forms[0]!;
    expect(f.weights).toBe('block');
    expect(f.blocks?.map((b) => [b.name, b.declaredWeight, b.declaredScore])).toEqual([['产出指标', '50.00', '50.00'], ['效益指标', '30.00', '30.00']]);
    const text = renderTemplate(r, 'project-report', { formIndex: 0 }).paragraphs.map((p) => p.text).join('\n');
    expect(text).toContain('本年度共设置三级绩效指标8项。');
    expect(text).not.toMatch(/得满分|所含三级指标分值合计|未填写分值或得分/);
    expect(text).toContain('该项目绩效自评总分为100.00分');
  });

  it('the fund rows of pattern 6 carry only the amounts', async () => {
    const f = (await check('pattern-rate-in-fund-rows.xlsx')).forms[0]!;
    expect(f.funds).toMatchObject({ 当年财政拨款: expect.any(String) });
  });
});

describe('the layout family catalogue', () => {
  it.each(LAYOUT_FAMILIES.map((f) => [f.id, f] as const))('%s: its fixture is read and shows the family’s marks', async (_id, family) => {
    const forms = await formsIn(family.fixture.file, family.fixture.sheet);
    expect(forms.length).toBeGreaterThan(0);
    expect(forms.some((f) => family.marks(f))).toBe(true);
  });

  it('the standard project form shows no other family’s marks (each family has its own fixture)', async () => {
    const forms = await formsIn('projects-2020.xlsx', '项目1-智慧学堂');
    const marked = LAYOUT_FAMILIES.filter((fam) => forms.some((f) => fam.marks(f))).map((f) => f.id);
    expect(marked).toEqual(['standard-project']);
  });
});

describe('pattern 2: the 基础数据表 ↔ 整体支出 check still runs when both sit on one sheet', () => {
  it('a changed 项目支出 in the stacked 整体支出 form is reported against the 基础数据表 above it', async () => {
    const r = await readXlsx(new Uint8Array(readFileSync(new URL('../fixtures/xlsx/pattern-stacked-overall.xlsx', import.meta.url))), 'x.xlsx');
    if (!r.ok) throw new Error(r.message);
    const sheet = r.snapshot.sheets[0]!;
    // 株洲 F7 "项目支出：184.49" is F34 once the form sits 27 rows lower.
    expect(sheet.values[33]![5]).toBe('项目支出：184.49');
    sheet.values[33]![5] = '项目支出：999.00';
    const found = checkWorkbook(r.snapshot).findings.filter((f) => f.rule === 'cross-sheet-mismatch').map((f) => `${f.sheet}!${f.cell}|${f.severity}`);
    expect(found).toEqual(['绩效自评!F11|error']);
  });
});

describe('重庆: the total stated as a field above the tables', () => {
  async function sheet(name: string) {
    const r = await readXlsx(new Uint8Array(readFileSync(new URL('../fixtures/xlsx/family-chongqing-overall.xlsx', import.meta.url))), 'x.xlsx');
    if (!r.ok) throw new Error(r.message);
    return { snapshot: r.snapshot, sheet: r.snapshot.sheets.find((s) => s.name === name)! };
  }

  it('a wrong total in the value cell next to "自评总分（分）" is an error with its 改正', async () => {
    const { snapshot } = await sheet('重庆-错');
    const f = checkWorkbook(snapshot).findings.find((x) => x.rule === 'total-score')!;
    expect([f.cell, f.severity, f.fix]).toEqual(['J2', 'error', { value: 97.5 }]);
  });

  it('a total written inside the label cell ("自评总分（分）：97.6") is read and checked, and never overwritten by a bare number', async () => {
    const { snapshot, sheet: s } = await sheet('重庆-错');
    s.values[1]![7] = '自评总分（分）：97.6';
    s.values[1]![9] = '';
    const f = checkWorkbook(snapshot).findings.find((x) => x.rule === 'total-score')!;
    expect([f.cell, f.severity, f.fix]).toEqual(['H2', 'error', undefined]);
    expect(f.pair).toMatchObject({ kind: 'value', expected: { value: '97.5' } });
  });

  it('without the field and without a 总分 row the total is named as not checked (info), not guessed', async () => {
    const { snapshot, sheet: s } = await sheet('重庆-正确');
    s.values[1]![7] = '';
    s.values[1]![9] = '';
    const found = checkWorkbook(snapshot).findings.filter((x) => x.sheet === '重庆-正确').map((x) => `${x.rule}|${x.severity}|${x.cell}`);
    expect(found).toEqual(['role-unrecognised|info|B8']);
  });
});

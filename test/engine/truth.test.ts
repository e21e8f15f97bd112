// Issue 11 "What is wrong today": each case reproduced, asserting the fact is stated once and truly.
import { describe, expect, it, vi } from 'vitest';
import { checkWorkbook, POLICY_PRESETS, resolvePolicy, renderTemplate, renderedToText, type Finding, type Report } from '../../src/engine';
import { RULES } from '../../src/engine/rules';
import { compareRows, findingText } from '../../src/present';
import { buildBasic } from '../support/build-basic';
import { buildForm, sheetOf, validProjectSpec, type FormSpec } from '../support/build-form';
import { a1 } from '../rules/case';

function project(edit: (s: FormSpec) => void, name = '项目1') {
  const spec = validProjectSpec();
  edit(spec);
  const form = buildForm(spec);
  return { sheet: sheetOf(name, form), form };
}

function only(report: Report, rule: string): Finding[] {
  return report.findings.filter((f) => f.rule === rule);
}

describe('declared values read once with their scale', () => {
  it('a 控制率 typed in percent points (92.31, General) is 92.31% everywhere, never 9231.00%', () => {
    const basic = buildBasic('基础数据表', { staffing: { authorised: 13, actual: 12, rate: 92.31, rateFormat: 'General' } });
    const overall = buildForm({ ...validProjectSpec(), kind: 'overall' });
    const report = checkWorkbook({ sheets: [sheetOf('自评表', overall), basic.sheet] });
    expect(only(report, 'staffing-control-rate')).toEqual([]);
    const form = report.forms.find((f) => f.kind === 'basic-data')!;
    expect(form.basic!.staffing!.declaredRate).toBe('0.9231');
    expect(compareRows(form)).toContainEqual({ key: 'staffingRate', label: '在职人员控制率', declared: '92.31%', recomputed: '92.31%', differs: false });
    const text = renderedToText(renderTemplate(report, 'overall-report'));
    expect(text).not.toContain('9231');
    expect(JSON.stringify(report)).not.toContain('9231.00%');
  });

  it('a 控制率 typed as 92.30 (percent points, truncated) is reported as 填报 92.30%', () => {
    const basic = buildBasic('基础数据表', { staffing: { authorised: 13, actual: 12, rate: 92.3, rateFormat: 'General' } });
    const [f] = only(checkWorkbook({ sheets: [basic.sheet] }), 'staffing-control-rate');
    expect(f).toMatchObject({ messageId: 'truncated', expected: '92.31%', found: '92.30%', fix: { value: 92.31 } });
    expect(f!.pair).toEqual({ kind: 'value', expected: { kind: 'rate', value: '0.9231' }, found: { kind: 'rate', value: '0.923', scale: 'points' } });
  });

  it('an 执行率 of 1.2 (General) next to a declared 得分 of 0.12 is 1.2%, not 120%', () => {
    const p = project((s) => { s.budget = { planned: 1000, executed: 12, weight: 10, rate: 1.2, rateFormat: 'General', score: 0.12 }; s.funds = []; });
    const report = checkWorkbook({ sheets: [p.sheet] });
    expect(report.forms[0]!.execution).toMatchObject({ rate: '0.0120', declaredRate: '0.0120', score: '0.12', declaredScore: '0.12' });
    expect(only(report, 'execution-rate')).toEqual([]);
    expect(JSON.stringify(report.findings)).not.toContain('120.00%');
  });
});

describe('explanations are generated from the method data of the score they explain', () => {
  it('stepped: the message states the band and share, not 分值 × 执行率', () => {
    const p = project((s) => { s.budget = { planned: 1000, executed: 966.2, weight: 10, rate: 0.9662, score: 9.66 }; s.funds = []; });
    const [f] = only(checkWorkbook({ sheets: [p.sheet] }, { policy: POLICY_PRESETS.stepped! }), 'execution-score');
    expect(f!.expected).toBe('7.00');
    expect(f!.message).toContain('按分档计分得分值的 70%：10.00 × 70%');
    expect(f!.message).not.toContain('10.00 × 执行率 96.62%');
  });

  it('at a rounding boundary the rate is shown precisely enough to give the stated score', () => {
    // 966.48 ÷ 1000 = 96.648% → 9.66 (from the unrounded rate); "10.00 × 96.65%" would give 9.67.
    const p = project((s) => { s.budget = { planned: 1000, executed: 966.48, weight: 10, rate: 0.9665, score: 9.67 }; s.funds = []; });
    const [f] = only(checkWorkbook({ sheets: [p.sheet] }), 'execution-score');
    expect(f!.expected).toBe('9.66');
    expect(f!.message).toContain('分值 10.00 × 执行率 96.648%');
  });

  it('linear policy: indicator-score explains the linear formula it used', () => {
    const p = project((s) => {
      s.indicators[4] = { l1: '效益指标(30分)', l2: '可持续影响指标', name: '投诉次数', target: '≤8次', actual: '10次', weight: 15, score: 15 };
      s.total = { weight: 100, score: 99.5 };
    });
    const ratio = only(checkWorkbook({ sheets: [p.sheet] }), 'indicator-score')[0]!;
    const linear = only(checkWorkbook({ sheets: [p.sheet] }, { policy: POLICY_PRESETS.linear! }), 'indicator-score')[0]!;
    // ratio: 8 ÷ 10 × 15 = 12.00; linear: (1 − (10 − 8) ÷ 8) × 15 = 11.25.
    expect(ratio.expected).toBe('12.00');
    expect(ratio.message).toContain('指标值 8 ÷ 实际值 10 × 分值 15.00');
    expect(linear.expected).toBe('11.25');
    expect(linear.message).toContain('(1 − (实际值 10 − 指标值 8) ÷ 指标值 8) × 分值 15.00');
  });
});

describe('应为/填报 mean what they say', () => {
  it('weight-subtotal is a label-versus-sum finding (标注/合计), not 填报', () => {
    const p = project((s) => { s.indicators[4]!.weight = 13; s.indicators[4]!.score = 13; s.total = { weight: 98, score: 97.5 }; });
    const [f] = only(checkWorkbook({ sheets: [p.sheet] }), 'weight-subtotal');
    expect(f!.pair).toEqual({ kind: 'label-sum', label: { kind: 'weight', value: '30' }, sum: { kind: 'weight', value: '28' } });
    expect(findingText({ ...f!, message: '' })).toBe('；标注 30.00，合计 28.00');
  });

  it('weight-total: the cell holding 100 is never shown as 填报 98', () => {
    const p = project((s) => { s.indicators[4]!.weight = 13; s.indicators[4]!.score = 13; s.total = { weight: 100, score: 97.5 }; });
    const [f] = only(checkWorkbook({ sheets: [p.sheet] }), 'weight-total');
    expect(f!.pair).toEqual({ kind: 'label-sum', label: { kind: 'weight', value: '100' }, sum: { kind: 'weight', value: '98' } });
  });

  it('fund-breakdown-sum does not call a computed sum 填报 at a cell holding another figure', () => {
    const p = project((s) => {
      s.budget = { planned: 2870.52, executed: 2773.47, weight: 10, rate: 0.9662, rateFormat: '0.00%', score: 9.66 };
      s.funds = [{ label: '其中：当年财政拨款', planned: 2870.52, executed: 642.36 }, { label: '上年结转资金', planned: 0, executed: 2131.1 }];
    });
    const [f] = only(checkWorkbook({ sheets: [p.sheet] }), 'fund-breakdown-sum');
    expect(f!.pair!.kind).toBe('label-sum');
    expect(f!.found).toBeUndefined();
    expect(f!.expected).toBeUndefined();
    expect(f!.message).not.toContain('填报');
  });

  it('precision-artifact on a fraction is format-only: no value pair, fix sets the number format', () => {
    const p = project((s) => { s.budget = { planned: 100, executed: 85, weight: 10, rate: 0.85, rateFormat: 'General', score: 8.5 }; s.funds = []; });
    const [f] = only(checkWorkbook({ sheets: [p.sheet] }), 'precision-artifact');
    expect(f).toMatchObject({ messageId: 'fraction', pair: { kind: 'format', numberFormat: '0.00%' }, fix: { numberFormat: '0.00%' } });
    expect(f!.expected).toBeUndefined();
    expect(f!.found).toBeUndefined();
    expect(f!.message).toContain('不要改填 85');
  });

  it('得分超过分值 does not present the cap as 应为', () => {
    const p = project((s) => { s.indicators[0]!.score = 22; });
    const [f] = only(checkWorkbook({ sheets: [p.sheet] }), 'indicator-score-exceeds-weight');
    expect(f!.expected).toBeUndefined();
    expect(f!.found).toBe('22.00');
  });
});

describe('internal problems and policies', () => {
  it('a failing rule is an internal problem naming the sheet, not 未发现问题', () => {
    const rule = RULES.find((r) => r.meta.id === 'grade')!;
    const spy = vi.spyOn(rule, 'check').mockImplementation(() => { throw new Error('boom'); });
    try {
      const report = checkWorkbook({ sheets: [project(() => {}).sheet] });
      expect(report.internalProblems).toEqual([{ sheet: '项目1', rule: 'grade', message: expect.stringContaining('检查规则“评价等级”（grade）出错') }]);
    } finally {
      spy.mockRestore();
    }
  });

  it('an unknown message id is an internal problem (RuleTester-style)', () => {
    const rule = RULES.find((r) => r.meta.id === 'grade')!;
    const spy = vi.spyOn(rule, 'check').mockImplementation((ctx) => {
      const f = ctx.performanceForms[0]!;
      ctx.report({ form: f, grid: f.grid, row: 0, col: 0, messageId: 'no-such-message' });
    });
    try {
      const report = checkWorkbook({ sheets: [project(() => {}).sheet] });
      expect(report.findings.filter((f) => f.rule === 'grade')).toEqual([]);
      expect(report.internalProblems?.[0]?.message).toContain('未知的消息编号“no-such-message”');
    } finally {
      spy.mockRestore();
    }
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('policy %s is refused with a Chinese message', (name) => {
    const r = resolvePolicy(name);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toContain(`未知的评分规则预设“${name}”`);
    expect(resolvePolicy({ extends: name }).ok).toBe(false);
  });
});

describe('placeholders and impossible budgets', () => {
  it.each(['—', '/', '无', 'NaN'])('"%s" in 全年执行数 is a finding at that cell (应填写数字)', (text) => {
    const p = project((s) => { s.budget!.executed = text; s.funds = []; });
    const [f] = only(checkWorkbook({ sheets: [p.sheet] }), 'required-field-empty');
    expect(f).toMatchObject({ cell: a1(p.form.cells.executed), messageId: 'notNumber', data: { text, what: '全年执行数' }, found: text });
    expect(f!.message).toContain('应填写数字');
  });

  it.each([['执行率', 'rate'], ['执行率得分', 'executionScore'], ['总分', 'totalScore']] as const)('"—" in %s is a finding at that cell', (_what, key) => {
    const p = project((s) => {
      if (key === 'rate') s.budget!.rate = '—';
      else if (key === 'executionScore') s.budget!.score = '—';
      else s.total = { weight: 100, score: '—' };
    });
    const got = only(checkWorkbook({ sheets: [p.sheet] }), 'required-field-empty').filter((f) => f.messageId === 'notNumber');
    expect(got.map((f) => f.cell)).toEqual([a1(p.form.cells[key])]);
  });

  it('"—" in an indicator 得分 is a finding at that cell', () => {
    const p = project((s) => { s.indicators[2]!.score = '—'; });
    const got = only(checkWorkbook({ sheets: [p.sheet] }), 'required-field-empty').filter((f) => f.messageId === 'notNumber');
    expect(got.map((f) => f.cell)).toEqual([a1(p.form.cells.indicator[2]!.score)]);
  });

  it('a negative 预算数, or 0 with spending, says what is wrong instead of 按满分计', () => {
    for (const [planned, id] of [[-100, 'negativeBudget'], [0, 'zeroBudget']] as const) {
      const p = project((s) => { s.budget = { planned, executed: 95, weight: 10, rate: 0.95, score: 9.5 }; s.funds = []; });
      const report = checkWorkbook({ sheets: [p.sheet] });
      const [f] = only(report, 'execution-over-budget');
      expect(f).toMatchObject({ cell: a1(p.form.cells.planned), messageId: id, severity: 'error' });
      expect(f!.message).not.toContain('按满分计');
      expect(f!.message).toContain('无法计算执行率');
      expect(report.forms[0]!.execution).toBeUndefined();
    }
  });

  it('a number stored as text keeps its precision check', () => {
    const basic = buildBasic('基础数据表', {});
    const cell = basic.rowCell('部门基本支出预算调整', 2);
    const m = /^([A-Z]+)(\d+)$/.exec(cell)!;
    const row = Number(m[2]) - 1;
    const col = m[1]!.charCodeAt(0) - 65;
    basic.sheet.values[row]![col] = '2,773.4712';
    const report = checkWorkbook({ sheets: [basic.sheet] });
    const rules = report.findings.filter((f) => f.cell === cell).map((f) => f.rule).sort();
    expect(rules).toEqual(['number-stored-as-text', 'precision-artifact']);
    const precision = report.findings.find((f) => f.cell === cell && f.rule === 'precision-artifact')!;
    expect(precision.found).toBe('2,773.4712');
    expect(precision.fix).toEqual({ value: 2773.47 });
  });
});

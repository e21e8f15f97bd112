// Narrative templates: project reports, the four kinds of 偏差原因 draft, phrase arithmetic (half-up,
// guards), missing data, hostile text and bad arguments — never "undefined", never a throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkWorkbook, type Report } from '../../src/engine';
import type { CellValue, WorkbookSnapshot } from '../../src/engine/types';
import { D } from '../../src/engine/values';
import { listTemplates, renderTemplate, startsLikeFormula, type RenderedText } from '../../src/engine/templates';
import { adjustmentPhrase, asSentence, changePhrase, percentShown, valueText } from '../../src/engine/templates/facts';
import { buildForm, sheetOf, validProjectSpec, type FormSpec, type IndicatorSpec } from '../support/build-form';
import { buildBasic } from '../support/build-basic';

const a1 = ([r, c]: [number, number]) => `${String.fromCharCode(65 + c)}${r + 1}`;

function textOf(r: RenderedText): string {
  return [r.title, ...r.paragraphs.map((p) => p.text)].join('\n');
}

function expectClean(r: RenderedText): void {
  const all = [r.title, ...r.paragraphs.map((p) => p.text), ...r.missing].join('\n');
  expect(all).not.toMatch(/undefined|NaN|null|\[object|Infinity|\{\??\w+\}/);
}

function project(overrides: Partial<FormSpec> = {}, edit?: (ind: IndicatorSpec[]) => void) {
  const spec = validProjectSpec({ name: '教师信息技术培训', unit: '株洲市教育技术装备所', ...overrides });
  edit?.(spec.indicators);
  const built = buildForm(spec);
  const snapshot: WorkbookSnapshot = { sheets: [sheetOf('项目1', built)] };
  return { built, report: checkWorkbook(snapshot) };
}

describe('phrases', () => {
  it('year-to-year change: decrease, increase, equal, and a previous year of 0', () => {
    expect(changePhrase(new D('1.60'), new D('1.01'))).toBe('与上年相比，减少0.59万元，降低36.88%');
    expect(changePhrase(new D('3538.81'), new D('2773.47'))).toBe('与上年相比，减少765.34万元，降低21.63%');
    expect(changePhrase(new D('173.28'), new D('184.49'))).toBe('与上年相比，增加11.21万元，增长6.47%');
    expect(changePhrase(new D('1.5'), new D('1.50'))).toBe('与上年持平');
    expect(changePhrase(new D(0), new D(0))).toBe('与上年持平');
    expect(changePhrase(new D(0), new D('2.5'))).toBe('与上年相比，增加2.50万元（上年为0）');
  });

  it('rounds percentages half-up in decimal (0.01 ÷ 8 = 0.125% → 0.13%)', () => {
    expect(changePhrase(new D(8), new D('8.01'))).toBe('与上年相比，增加0.01万元，增长0.13%');
    // 0.1 + 0.2 style float artefacts cannot creep in: 0.3 − 0.1 is exactly 0.2.
    expect(changePhrase(new D('0.3'), new D('0.1'))).toBe('与上年相比，减少0.20万元，降低66.67%');
  });

  it('adjustment: 追加 when 全年 > 年初, 调减 when below, 无调整 when equal', () => {
    expect(adjustmentPhrase(new D('325.55'), new D('520.83'))).toBe('年中调整追加195.28万元');
    expect(adjustmentPhrase(new D('190'), new D('184.49'))).toBe('年中调整调减5.51万元');
    expect(adjustmentPhrase(new D('100'), new D('100.00'))).toBe('年中无预算调整');
  });

  it('indicator values: figures plain, prose quoted, bare fractions next to a percent shown as percent', () => {
    expect(valueText('≥100人次')).toBe('≥100人次');
    expect(valueText('约700万人次')).toBe('约700万人次');
    expect(valueText('明显提升')).toBe('“明显提升”');
    expect(valueText('满意\n度 提升')).toBe('“满意度提升”');
    expect(percentShown('0.9', '≥95%')).toBe('90%');
    expect(percentShown('0.966190794699218', '≤100%')).toBe('96.62%');
    expect(percentShown('98', '≥95%')).toBe('98%');
    expect(percentShown('0.9', '≥1个')).toBe('0.9');
  });

  it('goal texts become whole sentences', () => {
    expect(asSentence('提升实验教学管理水平')).toBe('提升实验教学管理水平。');
    expect(asSentence('完成年度任务；')).toBe('完成年度任务。');
    expect(asSentence('已完成。')).toBe('已完成。');
    expect(asSentence('  ')).toBe('');
  });
});

describe('project-report', () => {
  it('names the project, unit, budget, rate, blocks, total and grade from the form', () => {
    const { report } = project();
    const r = renderTemplate(report, 'project-report');
    expect(r.error).toBeUndefined();
    expectClean(r);
    const text = textOf(r);
    expect(r.title).toBe('2024年度“教师信息技术培训”项目支出绩效自评报告');
    expect(text).toContain('项目名称：教师信息技术培训。实施单位：株洲市教育技术装备所。');
    expect(text).toContain('2024年度全年预算数100.00万元，其中年初预算数100.00万元，年中无预算调整。全年执行数95.00万元，预算执行率为95.00%。');
    expect(text).toContain('资金来源：当年财政拨款95.00万元；无上年结转资金、其他资金。');
    expect(text).toContain('预算执行率指标分值10分，得分9.50分。');
    expect(text).toContain('产出指标分值50分，得分50.00分；效益指标分值30分，得分30.00分；满意度指标分值10分，得分10.00分。');
    expect(text).toContain('该项目绩效自评总分为99.50分，评价等级为“优”。');
    expect(text).not.toContain('经复核');
    expect(text).toContain('各项绩效指标均得满分');
    expect(r.paragraphs.filter((p) => p.kind === 'placeholder').map((p) => p.text)).toEqual([
      '【请填写：项目立项依据、主要内容和实施情况】',
      '【请填写：存在的问题及下一步改进措施】',
      '【请填写：自评结果拟应用和公开情况】',
    ]);
  });

  it('states recomputed figures and notes each declared figure that is wrong', () => {
    const { report } = project({
      budget: { initial: 80, planned: 120, executed: 96.6, weight: 10, rate: 0.81, score: 8.1 },
      total: { weight: 100, score: 98.1 },
      grade: '良',
    });
    const text = textOf(renderTemplate(report, 'project-report'));
    // 96.6 ÷ 120 = 80.5%; 10 × 0.805 = 8.05; 总分 8.05 + 90 = 98.05.
    expect(text).toContain('年中调整追加40.00万元');
    expect(text).toContain('预算执行率为80.50%。经复核，预算执行率应为80.50%（表中填报81.00%）。');
    expect(text).toContain('得分8.05分。经复核，预算执行率得分应为8.05分（表中填报8.10分）。');
    expect(text).toContain('总分为98.05分，评价等级为“优”。经复核，总分应为98.05分（表中填报98.10分）。经复核，评价等级应为“优”（表中填报“良”）。');
    expect(text).toContain('全年预算数中尚有23.40万元未执行');
  });

  it('says 调减 and 超过预算 when the figures go that way', () => {
    const { report } = project({ budget: { initial: 190, planned: 184.49, executed: 190, weight: 10, rate: 1, score: 10 } });
    const text = textOf(renderTemplate(report, 'project-report'));
    expect(text).toContain('年中调整调减5.51万元');
    expect(text).toContain('全年执行数超过全年预算数5.51万元，请核实全年预算数。');
  });
});

describe('deviation-drafts', () => {
  const { built, report } = project({}, (ind) => {
    ind[0] = { ...ind[0]!, actual: '80人次', score: 16 };
    ind[1] = { ...ind[1]!, actual: 0.9, score: 14.21 };
    ind[3] = { ...ind[3]!, actual: '部分提升', score: 10, reason: '培训时间不足' };
    ind[4] = { ...ind[4]!, name: '设备故障率', target: '≤2%', actual: '4%', score: 7.5 };
    ind[5] = { ...ind[5]!, target: '≥90%', actual: '130%' };
  });
  const r = renderTemplate(report, 'deviation-drafts');
  const drafts = r.paragraphs.filter((p) => p.cell);
  const cellOf = (i: number) => a1(built.cells.indicator[i]!.reason);

  it('writes one draft per indicator below its weight or far above target, in sheet order', () => {
    expect(r.error).toBeUndefined();
    expectClean(r);
    expect(r.title).toBe('“教师信息技术培训”偏差原因分析及改进措施（草稿）');
    expect(drafts.map((d) => d.cell)).toEqual([0, 1, 3, 4, 5].map(cellOf));
    expect(drafts.every((d) => d.sheet === '项目1' && d.kind === 'paragraph')).toBe(true);
    expect(textOf(r)).toContain('以下5项绩效指标未得满分或明显超额完成');
  });

  it('below target: names indicator, target, actual and shortfall', () => {
    expect(drafts[0]!.text).toBe('“培训教师人次”年度指标值为≥100人次，实际完成80人次，差20人次，未完成年度指标。原因：【请填写】；改进措施：【请填写】');
    // 0.9 in a % cell is 90%: 95% − 90% = 5 个百分点.
    expect(drafts[1]!.text).toBe('“培训合格率”年度指标值为≥95%，实际完成90%，差5个百分点，未完成年度指标。原因：【请填写】；改进措施：【请填写】');
  });

  it('qualitative below weight: quotes the texts and states score against weight; keeps the current cell text', () => {
    expect(drafts[2]!.text).toBe('“教师信息化能力”年度指标值为“提升”，实际完成“部分提升”，得分10.00分（分值15分），未完全达成年度指标。原因：【请填写】；改进措施：【请填写】');
    expect(drafts[2]!.currentText).toBe('培训时间不足');
    expect(drafts[0]!.currentText).toBe('');
  });

  it('reverse indicator above its ceiling, and over-achievement', () => {
    expect(drafts[3]!.text).toBe('“设备故障率”年度指标值为≤2%，实际完成4%，超出2个百分点，未控制在年度指标值以内。原因：【请填写】；改进措施：【请填写】');
    expect(drafts[4]!.text).toMatch(/^“参训教师满意度”年度指标值为≥90%，实际完成130%，明显超过年度指标值。超额完成原因：【请填写】/);
  });

  it('lists each draft in missing with its cell', () => {
    expect(r.missing).toContain(`“培训教师人次”的偏差原因和改进措施（项目1!${cellOf(0)}）`);
    expect(r.missing).toHaveLength(5);
  });

  it('the project report carries the same drafts and counts the indicators not in full', () => {
    const p = renderTemplate(report, 'project-report');
    expect(p.paragraphs.filter((x) => x.cell).map((x) => x.text)).toEqual(drafts.map((d) => d.text));
    expect(textOf(p)).toContain('本年度共设置三级绩效指标6项，其中2项得满分，4项未得满分。');
  });
});

describe('missing data and bad input', () => {
  it('a form without unit, year, funds or basic data still reads well, asking for what is missing', () => {
    const spec: FormSpec = { ...validProjectSpec(), kind: 'overall', unit: '', title: '部门整体支出绩效自评表', funds: [] };
    const report = checkWorkbook({ sheets: [sheetOf('自评', buildForm(spec))] });
    const r = renderTemplate(report, 'overall-report');
    expect(r.error).toBeUndefined();
    expectClean(r);
    expect(r.title).toBe('部门整体支出绩效自评报告');
    expect(r.missing).toContain('单位名称和报告年度');
    const text = textOf(r);
    expect(text).toContain('本年度全年预算数100.00万元');
    expect(text).toContain('【请填写：编制数和实际在职人数（工作簿中未找到基础数据表的财政供养人员情况）】');
    expect(text).toContain('【请填写：基本支出金额（自评表“按支出性质分”中未填基本支出）】');
    expect(text).toContain('【请填写：“三公”经费预算数、决算数及与上年对比情况】');
    expect(text).toContain('【请填写：政府性基金预算支出情况（无则写“无”）】');
  });

  it('an empty indicator block and an empty budget give placeholders, not invented figures', () => {
    const spec: FormSpec = {
      kind: 'project',
      budget: { planned: '', executed: '', rate: '', score: '' },
      indicators: [{ name: '', target: '', actual: '', weight: '', score: '' }],
    };
    const report = checkWorkbook({ sheets: [sheetOf('空表', buildForm(spec))] });
    for (const name of ['project-report', 'deviation-drafts'] as const) {
      const r = renderTemplate(report, name);
      expect(r.error).toBeUndefined();
      expectClean(r);
    }
    const text = textOf(renderTemplate(report, 'project-report'));
    expect(text).toContain('【请填写：全年预算数】');
    expect(text).toContain('【请填写：自评总分和评价等级】');
    expect(text).not.toMatch(/\d+\.\d\d万元/);
    // Nothing was scored: no total is claimed, and no "all indicators in full" either.
    expect(text).not.toMatch(/总分为|评价等级为|均得满分/);
    expect(textOf(renderTemplate(report, 'deviation-drafts'))).toContain('部分绩效指标未填写分值或得分，无法判断偏差');
  });

  it('refuses, with a Chinese reason and without throwing, a template that does not fit the form', () => {
    const { report } = project();
    const r = renderTemplate(report, 'overall-report');
    expect(r.error).toBe('工作簿中没有部门整体支出绩效自评表，无法生成“部门整体支出绩效自评报告”');
    expect(r.paragraphs).toEqual([]);
    expect(renderTemplate(report, 'overall-report', { formIndex: 0 }).error).toMatch(/^第1张表是项目支出绩效自评表（工作表“项目1”）/);
    expect(renderTemplate(report, 'project-report', { formIndex: 7 }).error).toMatch(/^工作簿中没有第8张表/);
    expect(renderTemplate(report, 'nonsense' as never).error).toMatch(/没有名为“nonsense”的报告模板/);
    expect(renderTemplate(null as unknown as Report, 'project-report').error).toMatch(/没有项目支出绩效自评表/);
    expect(renderTemplate({ forms: [{ kind: 'project', sheet: 'x' }] } as unknown as Report, 'project-report').error).toBeUndefined();
    expect(listTemplates(undefined as unknown as Report)).toEqual([]);
  });

  it('renders one project among several, and the basic table does not leak into project reports', () => {
    const a = buildForm(validProjectSpec({ name: '项目甲' }));
    const b = buildForm(validProjectSpec({ name: '项目乙', budget: { initial: 50, planned: 50, executed: 40, weight: 10, rate: 0.8, score: 8 } }));
    const report = checkWorkbook({ sheets: [sheetOf('甲', a), sheetOf('乙', b), buildBasic('基础数据表').sheet] });
    const list = listTemplates(report);
    expect(list.find((t) => t.name === 'project-report')!.forms.map((f) => f.sheet)).toEqual(['甲', '乙']);
    const second = list.find((t) => t.name === 'project-report')!.forms[1]!.formIndex;
    const r = renderTemplate(report, 'project-report', { formIndex: second });
    expect(r.sheet).toBe('乙');
    expect(r.title).toBe('2024年度“项目乙”项目支出绩效自评报告');
    expect(textOf(r)).toContain('预算执行率为80.00%');
    expect(textOf(r)).not.toContain('编制数');
  });
});

describe('text safety', () => {
  it('startsLikeFormula: = + - @ at the start', () => {
    for (const s of ['=SUM(A1)', '+1', '-1', '@x']) expect(startsLikeFormula(s)).toBe(true);
    for (const s of ['“=x”', ' =1', '１', '经复核']) expect(startsLikeFormula(s)).toBe(false);
  });

  it('workbook text with formula characters never yields an unmarked formula-like paragraph', () => {
    const hostile = fc.constantFrom<CellValue>('=HYPERLINK("x")', '+86', '-5', '@user', '=1+1', '\n=A1', '<b>', '{unit}', '{?rateNote}', '');
    fc.assert(
      fc.property(hostile, hostile, hostile, hostile, (unit, name, target, actual) => {
        const spec = validProjectSpec({ kind: 'overall', unit: String(unit), name: String(name) });
        spec.indicators[0] = { ...spec.indicators[0]!, name: String(name), target, actual, score: 3 };
        const report = checkWorkbook({ sheets: [sheetOf('表', buildForm(spec))] });
        for (const t of ['overall-report', 'deviation-drafts'] as const) {
          const r = renderTemplate(report, t);
          expect(r.error).toBeUndefined();
          for (const p of r.paragraphs) if (startsLikeFormula(p.text)) expect(p.needsTextFormat).toBe(true);
          // Workbook text is data: a "{unit}" typed in a cell is printed as is, never expanded.
          const text = textOf(r);
          expect(text).not.toMatch(/undefined|NaN|null/);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('a cell that literally holds "{unit}" is printed, not treated as a placeholder', () => {
    const spec = validProjectSpec({ kind: 'overall', unit: '{unit}单位' });
    const r = renderTemplate(checkWorkbook({ sheets: [sheetOf('表', buildForm(spec))] }), 'overall-report');
    expect(r.title).toBe('2024年度{unit}单位部门整体支出绩效自评报告');
  });
});

// Narrative templates against the two reference reports (seeds 000 株洲 and 001 长沙), read from the
// committed .xlsx fixtures (test/fixtures/build-fixtures.ts): every figure in the generated 自评报告 is
// checked by hand against the seed tables.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkWorkbook, type Report } from '../../src/engine';
import { listTemplates, renderTemplate, renderedToText, type RenderedText } from '../../src/engine/templates';
import { readXlsx } from '../../src/xlsx/read';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'xlsx');

function textOf(r: RenderedText): string {
  return [r.title, ...r.paragraphs.map((p) => p.text)].join('\n');
}

function render(report: Report, name: Parameters<typeof renderTemplate>[1], options?: Parameters<typeof renderTemplate>[2]): RenderedText {
  const out = renderTemplate(report, name, options);
  expect(out.error).toBeUndefined();
  return out;
}

/** Nothing a template prints may leak a JavaScript non-value. */
function expectClean(r: RenderedText): void {
  const all = [r.title, ...r.paragraphs.map((p) => p.text), ...r.missing].join('\n');
  expect(all).not.toMatch(/undefined|NaN|null|\[object|Infinity|\{\??\w+\}/);
  for (const p of r.paragraphs) expect(p.text.trim()).not.toBe('');
}

async function load(file: string): Promise<Report> {
  const read = await readXlsx(readFileSync(path.join(FIXTURES, file)), file);
  if (!read.ok) throw new Error(read.message);
  return checkWorkbook(read.snapshot);
}

/** Expectations for 株洲 (seed 000). */
function expectZhuzhou(report: Report): void {
  const r = render(report, 'overall-report');
  expectClean(r);
  const text = textOf(r);
  expect(r.title).toBe('2024年度株洲市教育技术装备所部门整体支出绩效自评报告');
  // Budget: 年初 325.55, 全年 520.83 (调整追加 520.83 − 325.55 = 195.28), 执行 518.94, 执行率 518.94 ÷ 520.83 = 99.64%.
  expect(text).toContain('2024年度全年预算数520.83万元，其中年初预算数325.55万元，年中调整追加195.28万元。');
  expect(text).toContain('全年执行数518.94万元，预算执行率为99.64%。');
  // 基本支出 334.45 ÷ 518.94 = 64.45%, 项目支出 184.49 ÷ 518.94 = 35.55%; 人员经费 = 334.45 − 公用经费 29.55 = 304.90.
  expect(text).toContain('2024年度基本支出334.45万元，占全年执行数的64.45%，其中人员经费304.90万元，公用经费29.55万元。');
  expect(text).toContain('2024年度项目支出184.49万元，占全年执行数的35.55%。');
  // 三公经费 2023 决算 1.60 → 2024 决算 1.01: 减少 0.59, 0.59 ÷ 1.60 = 36.875% → 36.88% (half-up).
  expect(text).toContain('“三公”经费预算1.70万元，决算1.01万元，与上年相比，减少0.59万元，降低36.88%。');
  // 项目支出 row of the basic table: 173.28 → 184.49, +11.21, 11.21 ÷ 173.28 = 6.469% → 6.47%.
  expect(text).toContain('项目支出预算190.00万元，决算184.49万元，与上年相比，增加11.21万元，增长6.47%。');
  expect(text).toContain('编制数13人，2024年实际在职人数12人，在职人员控制率为92.31%。');
  expect(text).toContain('预算执行率指标分值10分，得分9.96分。');
  expect(text).toContain('产出指标分值40分，得分40.00分；效益指标分值20分，得分20.00分；满意度指标分值10分，得分10.00分；成本指标分值20分，得分20.00分。');
  expect(text).toContain('自评总分为99.96分，评价等级为“优”。');
  expect(text).toContain('本年度共设置三级绩效指标23项，其中23项得满分。');
  // Goal texts come from the sheet, as whole sentences.
  expect(r.paragraphs.find((p) => p.text.startsWith('年度总体目标：'))!.text).toMatch(/^年度总体目标：.+。$/);
  // All funds are 一般公共预算 (518.94 = 全年执行数), 政府性基金拨款 0.
  expect(text).toContain('2024年度本单位无政府性基金预算支出。');
  expect(text).toContain('本单位无国有资本经营预算支出');
  // The declared figures are right: no correction of score or total.
  expect(text).not.toMatch(/经复核，(预算执行率得分|总分|评价等级)/);
}

/** Expectations for 长沙 (seed 001). */
function expectChangsha(report: Report): void {
  const r = render(report, 'overall-report');
  expectClean(r);
  const text = textOf(r);
  expect(r.title).toBe('2024年度长沙市现代教育技术中心部门整体支出绩效自评报告');
  // 2773.47 ÷ 2870.52 = 96.6191% → 96.62%; 10 × 0.966191 = 9.66 (the sheet says 9.68).
  expect(text).toContain('全年执行数2773.47万元，预算执行率为96.62%。');
  expect(text).toContain('得分9.66分。经复核，预算执行率得分应为9.66分（表中填报9.68分）。');
  // 总分 = 9.66 + 90 = 99.66; the sheet says 99.68, the published text 99.70 / 99.7.
  expect(text).toContain('自评总分为99.66分，评价等级为“优”。经复核，总分应为99.66分（表中填报99.68分）。');
  expect(text).toContain('整体支出绩效自评得分99.66分');
  expect(text).not.toMatch(/99\.70|99\.7分|99\.68分，评价|得分99\.68/);
  expect(text).toContain('年中调整追加2240.97万元'); // 2870.52 − 629.55
  expect(text).toContain('基本支出642.36万元，占全年执行数的23.16%');
  expect(text).toContain('项目支出2131.10万元，占全年执行数的76.84%');
  expect(text).toContain('“三公”经费预算0.50万元，决算0.00万元，与上年相比，减少0.21万元，降低100.00%。');
  expect(text).toContain('编制数20人，2024年实际在职人数17人，在职人员控制率为85.00%。');
  // 效益指标 is labelled 30 but its rows add up to 28; 满意度指标 labelled 10, rows 12.
  expect(text).toContain('效益指标分值28分，得分28.00分');
  expect(text).toContain('经复核，效益指标所含三级指标分值合计为28分，与一级指标标注的30分不一致。');
  expect(text).toContain('经复核，满意度指标所含三级指标分值合计为12分，与一级指标标注的10分不一致。');
  // 全年预算 − 执行 = 97.05 not spent.
  expect(text).toContain('预算执行率为96.62%，全年预算数中尚有97.05万元未执行。');
}

describe('overall-report on the reference workbooks', () => {
  let zhuzhou: Report;
  let changsha: Report;
  beforeAll(async () => {
    zhuzhou = await load('zhuzhou-2024.xlsx');
    changsha = await load('changsha-2024.xlsx');
  });

  it('株洲: every figure matches the seed tables', () => expectZhuzhou(zhuzhou));

  it('长沙: recomputed figures, with the corrections noted', () => expectChangsha(changsha));

  it('follows the outline of domain.md §5, 一 to 九, each heading once and in order', () => {
    const r = render(zhuzhou, 'overall-report');
    const level1 = r.paragraphs.filter((p) => p.kind === 'heading' && p.level === 1).map((p) => p.text);
    expect(level1).toEqual([
      '一、部门（单位）基本情况',
      '二、一般公共预算支出情况',
      '三、政府性基金预算支出情况',
      '四、国有资本经营预算支出情况',
      '五、社会保险基金预算支出情况',
      '六、部门整体支出绩效情况',
      '七、存在的问题及原因分析',
      '八、下一步改进措施',
      '九、绩效自评结果拟应用和公开情况',
    ]);
    // Every level-1 heading is followed by content before the next one.
    r.paragraphs.forEach((p, i) => {
      if (p.kind === 'heading' && p.level === 1) expect(r.paragraphs[i + 1]).toBeDefined();
    });
  });

  it('marks what the workbook cannot say as placeholders, and lists them in missing', () => {
    const r = render(zhuzhou, 'overall-report');
    const placeholders = r.paragraphs.filter((p) => p.kind === 'placeholder').map((p) => p.text);
    expect(placeholders).toEqual(expect.arrayContaining([
      '【请填写：单位主要职责】',
      '【请填写：内设机构设置情况】',
      '【请填写：存在的问题及原因分析】',
      '【请填写：下一步改进措施】',
      '【请填写：自评结果拟应用和公开情况】',
    ]));
    for (const p of placeholders) expect(p).toMatch(/^【请填写：[^】]+】$/);
    expect(r.missing).toEqual(expect.arrayContaining(['单位主要职责', '内设机构设置情况', '存在的问题及原因分析', '下一步改进措施']));
    // 长沙's income split does not tie out to 全年执行数, so 政府性基金 etc. are asked for, not invented.
    const cs = render(changsha, 'overall-report');
    expect(cs.paragraphs.map((p) => p.text)).toContain('【请填写：政府性基金预算支出情况（无则写“无”）】');
    expect(cs.paragraphs.map((p) => p.text)).toContain('【请填写：国有资本经营预算支出情况（无则写“无”）】');
    expect(textOf(cs)).not.toContain('无政府性基金预算支出');
  });

  it('noteCorrections: false keeps the recomputed figures and drops the notes', () => {
    const r = render(changsha, 'overall-report', { noteCorrections: false });
    const text = textOf(r);
    expect(text).not.toContain('经复核');
    expect(text).not.toContain('表中填报');
    expect(text).toContain('自评总分为99.66分，评价等级为“优”。');
    expect(text).toContain('得分9.66分。');
  });

  it('deviation drafts: 长沙 has one over-achieved indicator (250 against ≥200), placed in its 偏差原因 cell', () => {
    const r = render(changsha, 'deviation-drafts');
    expectClean(r);
    const drafts = r.paragraphs.filter((p) => p.cell);
    expect(drafts).toHaveLength(1);
    expect(drafts[0]!.text).toBe(
      '“中考实验操作考点”年度指标值为≥200个，实际完成“全市共规划中考实验操作考点250个”，明显超过年度指标值。'
        + '超额完成原因：【请填写】；改进措施（如年度指标值设定偏低，说明今后如何调整）：【请填写】',
    );
    expect(drafts[0]!.sheet).toBe('整体支出绩效自评表');
    const indicator = changsha.forms.find((f) => f.kind === 'overall')!.indicators!.find((i) => i.name === '中考实验操作考点')!;
    expect(drafts[0]!.cell).toBe(indicator.reasonCell);
    expect(drafts[0]!.currentText).toBe('');
    // 株洲: everything scored in full, nothing far above target.
    const z = render(zhuzhou, 'deviation-drafts');
    expect(z.paragraphs.filter((p) => p.cell)).toHaveLength(0);
    expect(textOf(z)).toContain('各项绩效指标均得满分');
  });

  it('fully spent (全年执行数 = 全年预算数): no "尚有0.00万元未执行" and no overspending sentence', () => {
    const spent: Report = {
      ...zhuzhou,
      forms: zhuzhou.forms.map((f) => (f.execution ? { ...f, execution: { ...f.execution, executed: f.execution.budget! } } : f)),
    };
    const text = textOf(render(spent, 'overall-report'));
    expect(text).not.toMatch(/尚有0\.00万元未执行/);
    expect(text).not.toMatch(/未执行|超出/);
  });

  it('a form with only a 年初预算数 (贵州): no claim that nothing was adjusted during the year', async () => {
    const report = await load('family-guizhou-overall.xlsx');
    const i = report.forms.findIndex((f) => f.kind === 'overall');
    expect(report.forms[i]!.execution).toMatchObject({ budgetIsInitial: true });
    const text = textOf(render(report, 'overall-report', { formIndex: i }));
    expect(text).toContain('1172.55万元');
    expect(text).not.toMatch(/年中无预算调整|年中追加|年中调减/);
  });

  it('lists the templates that apply to each form', () => {
    const list = listTemplates(zhuzhou);
    const overallIndex = zhuzhou.forms.findIndex((f) => f.kind === 'overall');
    expect(list.map((t) => t.name)).toEqual(['overall-report', 'deviation-drafts']);
    expect(list[0]!.label).toBe('部门整体支出绩效自评报告');
    expect(list[0]!.forms).toEqual([
      { formIndex: overallIndex, sheet: '整体支出绩效自评表', kind: 'overall', label: '部门整体支出绩效自评表（工作表“整体支出绩效自评表”）：株洲市教育技术装备所' },
    ]);
  });

  it('plain text puts headings on their own lines and separates paragraphs by blank lines', () => {
    const r = render(zhuzhou, 'overall-report');
    const text = renderedToText(r);
    expect(text.startsWith('2024年度株洲市教育技术装备所部门整体支出绩效自评报告\n\n一、部门（单位）基本情况\n\n（一）主要职责\n\n【请填写：单位主要职责】\n\n')).toBe(true);
    expect(text.split('\n\n')).toHaveLength(r.paragraphs.length + 1);
  });
});

describe('project templates on projects-2020.xlsx', () => {
  it('every project form renders cleanly, drafts in its own sheet', async () => {
    const report = await load('projects-2020.xlsx');
    const projects = listTemplates(report).find((t) => t.name === 'project-report')!.forms;
    expect(projects.length).toBeGreaterThan(1);
    for (const { formIndex } of projects) {
      for (const name of ['project-report', 'deviation-drafts'] as const) {
        const r = render(report, name, { formIndex });
        expectClean(r);
        expect(r.sheet).toBe(report.forms[formIndex]!.sheet);
        // Every draft sits in a cell of its own form's sheet.
        for (const p of r.paragraphs.filter((x) => x.cell)) expect(p.sheet).toBe(r.sheet);
      }
    }
  });
});

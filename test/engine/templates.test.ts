// Narrative templates against the two reference reports (seeds 000 株洲 and 001 长沙): every figure in the
// generated 自评报告 is checked by hand against the seed tables. Until the real .xlsx fixtures exist the
// workbooks are rebuilt here from the seed tables with the support builders; once they exist the same
// expectations run on them too.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkWorkbook, type Report } from '../../src/engine';
import { listTemplates, renderTemplate, renderedToText, type RenderedText } from '../../src/engine/templates';
import { readXlsx } from '../../src/xlsx/read';
import { buildForm, sheetOf, type FormSpec, type IndicatorSpec } from '../support/build-form';
import { buildBasic, type BasicSpec } from '../support/build-basic';
import type { CellValue, WorkbookSnapshot } from '../../src/engine/types';

// Seed tables, transcribed row by row: [三级指标, 年度指标值, 实际完成值, 分值, 得分] under each 二级 of each 一级.
type Row = [string, CellValue, CellValue, number, number];
const block = (l1: string, groups: [string, Row[]][]): IndicatorSpec[] =>
  groups.flatMap(([l2, rows]) => rows.map(([name, target, actual, weight, score]) => ({ l1, l2, name, target, actual, weight, score })));
const r = (name: string, target: CellValue, actual: CellValue, weight: number, score: number): Row => [name, target, actual, weight, score];

const ZHUZHOU_FORM: FormSpec = {
  kind: 'overall',
  unit: '株洲市教育技术装备所',
  budget: { initial: 325.55, planned: 520.83, executed: 518.94, weight: 10, rate: 0.9964, score: 9.96 },
  funds: [
    { label: '按收入性质分：518.94' },
    { label: '其中：一般公共预算：518.94' },
    { label: '政府性基金拨款：0' },
    { label: '纳入专户管理的非税收入拨款：0' },
    { label: '其他资金：0' },
    { label: '按支出性质分：518.94' },
    { label: '其中：基本支出：334.45' },
    { label: '项目支出：184.49' },
  ],
  indicators: [
    ...block('产出指标(40分)', [
      ['数量指标', [
        r('开展教师信息技术能力和实验操作培训', 1, 1, 3, 3),
        r('开展全市教师信息化、实验教学竞赛和研究活动', 3, 3, 3, 3),
        r('开展全市中小学实验教学质量抽查', 1, 1, 3, 3),
        r('开展实验室及危险化学品药品管理抽查', 2, 2, 3, 3),
        r('推进全市教育信息化创新应用试点示范项目建设', 10, 10, 3, 3),
        r('完善基础教育“精品课”资源线上管理平台、理化生实验教学管理平台', 2, 2, 3, 3),
      ]],
      ['质量指标', [
        r('学生实验开出率', '≥95%', '98%', 3, 3),
        r('学生实验合格率', '≥80%', '90.64%', 3, 3),
        r('各县市区改善中小学教育信息化基础环境，宽带网络接入率，多媒体教室配备率', '100%', '100%', 3, 3),
        r('优质教育资源覆盖面', '≥95%', '100%', 3, 3),
      ]],
      ['时效指标', [
        r('创建省、市教育信息化创新应用试点示范', 10, 10, 3, 3),
        r('完善基础教育“精品课”资源线上管理平台和理化生实验教学管理平台', 2, 2, 2, 2),
        r('开展全市中小学教育教学信息化和实验教学应用系列活动', 3, 3, 3, 3),
        r('开展全市中小学图书专项清理', 1, 1, 2, 2),
      ]],
    ]),
    ...block('效益指标 (20分)', [
      ['经济效益指标', [r('通过教育装备建设，促进教育装备行业规范化发展。', '促进', '促进', 5, 5)]],
      ['社会效益指标', [r('不断提升教育装备建设和管理应用水平，为实现教育现代化提供技术支撑和保障。', '提升', '提升', 5, 5)]],
      ['生态效益指标', [r('有利于实施素质教育，提升中小学生的创新能力和实验动手操作能力。', '提升', '提升', 5, 5)]],
      ['可持续影响指标', [r('提高教育装备、教育信息化和实验教学工作水平，助推基础教育优质均衡发展', '提高', '提高', 5, 5)]],
    ]),
    ...block('满意\n度指标（10分）', [
      ['服务对象满意度指标', [
        r('学校对教育装备综合满意度', '≥90%', '95%', 5, 5),
        r('教师对教育装备综合满意度', '≥90%', '95%', 5, 5),
      ]],
    ]),
    ...block('成本指标（20分）', [
      ['经济成本指标', [r('城域网光纤接入费用', '≤3.0万元', '2.8万元', 5, 5)]],
      ['社会成本指标', [r('完成全年整体绩效目标', '100%', '100%', 10, 10)]],
      ['生态环境成本指标', [r('采购仪器设备环保率', '100%', '100%', 5, 5)]],
    ]),
  ],
  total: { weight: 100, score: 99.96 },
  footer: { filler: '曹红蕾', date: '2025.5.6' },
};

const ZHUZHOU_BASIC: BasicSpec = {
  staffing: { authorised: 13, actual: 12, rate: 0.923, rateFormat: '0.00%' },
  rows: [
    ['三公经费', 1.6, 1.7, 1.01],
    ['1、公务用车购置和维护经费', 1.49, 1.5, 0.96],
    ['其中：公车购置', 0, 0, 0],
    ['公车运行维护', 1.49, 1.5, 0.96],
    ['2、出国经费', 0, 0, 0],
    ['3、公务接待', 0.11, 0.2, 0.04],
    ['项目支出：', 173.28, 190, 184.49],
    ['1、业务工作经费', 0, 0, 0],
    ['2、运行维护经费', 0, 0, 0],
    ['3、市级专项资金（教育信息化专项）', 173.28, 0, 184.49],
    ['公用经费', 30.39, 37.38, 29.55],
    ['其中：办公经费', 3.78, 3.0, 2.5],
    ['水费、电费、差旅费', 5.3, 5.6, 4.73],
    ['会议费、培训费', 0.25, 0.3, 0.2],
    ['政府采购金额', '——', 24.12, 169.51],
    ['部门基本支出预算调整', '——', 325.55, 334.45],
  ],
};

const CHANGSHA_FORM: FormSpec = {
  kind: 'overall',
  unit: '长沙市现代教育技术中心',
  budget: { initial: 629.55, planned: 2870.52, executed: 2773.47, weight: 10, rate: 0.9661907, rateFormat: 'General', score: 9.68 },
  funds: [
    { label: '按收入性质分：' },
    { label: '其中：一般公共预算：', planned: 2870.52 },
    { label: '其中：基本支出：', executed: 642.36 },
    { label: '项目支出：', executed: 2131.1 },
  ],
  indicators: [
    ...block('成本指标 (20分)', [
      ['经济成本指标', [
        r('成本控制情况', '≤100%', 0.966190794699218, 3, 3),
        r('政府采购执行率', 1, 1, 2, 2),
        r('资金保障', '保证中心绩效目标实现', '已完成', 2, 2),
      ]],
      ['社会成本指标', [
        r('信息化项目评审核减金额', '≥300万元', '≥300万元', 3, 3),
        r('国产设备设施购置率', '≥80%', '2024年中心所有设备设施采购均为国产', 2, 2),
        r('职工工资保障水平', '应保尽保', '应保尽保', 2, 2),
      ]],
      ['生态成本指标', [
        r('生态影响', '项目开展未破坏生态', '项目开展未破坏生态', 2, 2),
        r('采购设备设施情况', '达到环保标准', '达到环保标准', 2, 2),
        r('环境影响', '未出现环境污染及投诉', '未发生环境污染及投诉事件', 2, 2),
      ]],
    ]),
    ...block('产出指标 (30分)', [
      ['数量指标', [
        r('全市学校宽带接入率', 1, '全市学校宽带接入率100%', 3, 3),
        r('中考实验操作考点', '≥200个', '全市共规划中考实验操作考点250个', 3, 3),
        r('举办全市中小学实验教学创新优秀论文评选活动', '1次', '举办全市中小学实验教学创新优秀论文评选活动1次', 3, 3),
        r('开展湖南省教育信息技术课题以及实验教学与装备管理微课题申报工作', '≥50个', '信息技术共29个课题获得立项,实验教学与装备管理41个微课题立项', 3, 3),
      ]],
      ['质量指标', [
        r('确立“名师云课堂”建设单位', '20个', '确立20个“名师云课堂”建设单位', 3, 3),
        r('评选“市级精品课”数量', '≥1000堂', '评选1039堂课为“市级精品课”', 3, 3),
        r('系统适配工作', '全面开展', '安可替代和系统适配工作全面铺开', 3, 3),
      ]],
      ['时效指标', [
        r('政府采购及时率', 1, 1, 3, 3),
        r('计划内事项完成及时性', '2024年度内及时完成', '2024年度及时完成计划事项', 3, 3),
        r('预算信息公开', '按财政要求时间', '按时完整公开', 3, 3),
      ]],
    ]),
    ...block('效益指标 (30分)', [
      ['经济效益指标', [
        r('名师云课堂观看人数', '约700万人次', '名师云课堂约700万人次收看', 3, 3),
        r('网络联校覆盖农村偏远学校、教学点', '≥150个', '网络联校全面覆盖农村偏远学校、教学点168个', 3, 3),
        r('内控制度', '逐步完善', '政府采购项目管理办法、中心小额物品采购与管理规定、中心采购项目验收管理办法等内控制度进行了完善', 3, 3),
      ]],
      ['社会效益指标', [
        r('帮扶大湘西100所分校', '达成', '达成', 3, 3),
        r('新兴技术与教育教学的深度融合', '加强', '加强新兴技术与教育教学的深度融合', 3, 3),
        r('重点民生实事工程', '全力推进', '全力推进重点民生实事工程', 3, 3),
      ]],
      ['环境效益指标', [
        r('政治教育', '常态化', '夯实根基,政治教育常态化', 2, 2),
        r('长沙智慧学堂建设', '完善', '完善长沙智慧学堂建设,对接国家、省级资源平台', 2, 2),
      ]],
      ['可持续影响指标', [
        r('打造教育环境', '新型教育环境', '打造新型教育环境', 2, 2),
        r('组织市级教师培训', '≥5次', '组织市级教师培训5次', 2, 2),
        r('湖南省中小学实验教学改革实验区、实验学校评选工作', '组织开展', '组织开展湖南省中小学实验教学改革实验区、实验学校评选工作', 2, 2),
      ]],
    ]),
    ...block('满意度指标 (10分)', [
      ['服务对象满意度指标', [
        r('安全事故', '年度内中心未发生重大安全事故', '年度内中心未发生重大安全事故', 2, 2),
        r('职工满意度', '≥90%', '教职工满意度达90%', 3, 3),
        r('教师满意度', '≥90%', '教师满意度达90%', 3, 3),
        r('学生满意度', '≥90%', '学生满意度达90%', 4, 4),
      ]],
    ]),
  ],
  total: { weight: 100, score: 99.68 },
  footer: { filler: '', date: '' },
};

const CHANGSHA_BASIC: BasicSpec = {
  staffing: { authorised: 20, actual: 17, rate: 0.85, rateFormat: 'General' },
  rows: [
    ['三公经费', 0.21, 0.5, 0],
    ['1、公务用车购置和维护经费', 0, 0, 0],
    ['其中：公车购置', 0, 0, 0],
    ['公车运行维护', 0, 0, 0],
    ['2、出国经费', 0, 0, 0],
    ['3、公务接待', 0.21, 0.5, 0],
    ['项目支出：', 2870.09, 2210.109493, 2131.1],
    ['1、业务工作专项', 242.87, 50.95, 46.95],
    ['2、运行维护专项', 0, 0, 0],
    ['3、公共专项资金（一个专项一行）', 2627.22, 2159.159493, 2084.15],
    ['教育发展专项', 2627.22, 2159.159493, 2084.15],
    ['教育事业专项', '', 0, 0],
    ['公用经费', 48.072, 48.48, 44.96],
    ['其中：办公经费', 23.6, 13.42, 13.42],
    ['水费、电费、差旅费', 2, 4, 1.06],
    ['会议费、培训费', 0, 0, 0],
    ['政府采购金额', 1534.95, 1815.83, 1809.73],
    ['部门基本支出预算调整', 9.15088499999996, 30.86, 30.86],
  ],
  buildingsLabel: '楼堂馆所控制情况（2023年完工项目）',
  footer: { filler: '', date: '' },
};

function zhuzhouSnapshot(): WorkbookSnapshot {
  return { sheets: [buildBasic('基础数据表', ZHUZHOU_BASIC).sheet, sheetOf('整体支出绩效自评表', buildForm(ZHUZHOU_FORM))] };
}
function changshaSnapshot(): WorkbookSnapshot {
  return { sheets: [buildBasic('基础数据表', CHANGSHA_BASIC).sheet, sheetOf('整体支出绩效自评表', buildForm(CHANGSHA_FORM))] };
}

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

/** Expectations for 株洲 (seed 000), shared by the rebuilt snapshot and the real .xlsx fixture. */
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

describe('overall-report on the reference workbooks (rebuilt from the seed tables)', () => {
  const zhuzhou = checkWorkbook(zhuzhouSnapshot());
  const changsha = checkWorkbook(changshaSnapshot());

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

const haveFixtures = existsSync(path.join(FIXTURES, 'zhuzhou-2024.xlsx')) && existsSync(path.join(FIXTURES, 'changsha-2024.xlsx'));

describe.runIf(haveFixtures)('overall-report on the real .xlsx fixtures', () => {
  async function load(file: string): Promise<Report> {
    const read = await readXlsx(readFileSync(path.join(FIXTURES, file)), file);
    if (!read.ok) throw new Error(read.message);
    return checkWorkbook(read.snapshot);
  }

  it('株洲 (zhuzhou-2024.xlsx)', async () => expectZhuzhou(await load('zhuzhou-2024.xlsx')));
  it('长沙 (changsha-2024.xlsx)', async () => expectChangsha(await load('changsha-2024.xlsx')));

  it.runIf(existsSync(path.join(FIXTURES, 'projects-2020.xlsx')))('every project form of projects-2020.xlsx renders cleanly', async () => {
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

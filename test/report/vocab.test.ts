// The report vocabulary (src/engine/report/vocab.ts), one test per phrase pattern, each sentence taken
// from the reference reports (seeds 000 株洲 / 001 长沙) or the product's own template; and the phrases
// the vocabulary must leave alone.
import { describe, expect, it } from 'vitest';
import { extractStatement, type ReportParagraph } from '../../src/engine/report';

/** Figures read from paragraphs (a leading "#" marks a heading), as "quantity=value". */
function read(...texts: string[]): string[] {
  return readFigures(...texts).map((f) => `${f.quantity}${f.key ? `:${f.key}` : ''}=${f.value}${f.quotesDeclared ? '(quote)' : ''}`);
}

function readFigures(...texts: string[]) {
  const paragraphs: ReportParagraph[] = [
    { number: 1, text: '2024年度株洲市教育技术装备所 整体支出绩效自评报告', headingLevel: 1 },
    ...texts.map((t, i) => ({ number: i + 2, text: t.replace(/^#/, ''), ...(t.startsWith('#') ? { headingLevel: 2 } : {}) })),
  ];
  return extractStatement({ paragraphs, tables: [] }).figures;
}

const PLACED: [string, string[], string[]][] = [
  ['预算收入 / 年初预算 / 调整追加 (000)', ['2024年预算收入518.94万元，其中年初预算325.55万元，调整追加193.39万元。无其他资金来源。'], ['budget=518.94', 'initialBudget=325.55', 'adjustment=193.39']],
  ['支出 / 其中基本支出 / 项目支出 (000)', ['2024年支出518.94万元，其中基本支出325.55万元，项目支出184.49万元，年末无结余结转。'], ['executed=518.94', 'basic=325.55', 'project=184.49']],
  ['事业编制 / 实有人数 (000)', ['我所是市教育局下属二级预算单位。事业编制13人，实有人数12人。'], ['staffAuthorised=13', 'staffActual=12']],
  ['在职职工 (000)', ['我所2024年年末共有在职职工12人，退休人员13人。'], ['staffActual=12']],
  ['人员经费 / 公用经费支出 (000)', ['#（1）基本支出', '本年度决算支出334.45万元，主要为保障单位机构正常运转。其中人员经费304.90万元，公用经费支出29.55万元。'], ['personnel=304.9', 'public=29.55']],
  ['决算项目支出 (000)', ['本年度决算项目支出184.49万元，主要用于全市教育信息化。'], ['project=184.49']],
  ['自评综合结果为优 (000)', ['根据部门整体支出绩效评价要求、设定的评分标准，2024年度我所自评综合结果为优。'], ['grade=优']],
  ['全年预算数 / 执行数 / 完成预算的 / 绩效自评得分 / 评价等级 (001)', ['2024 年度本单位整体支出全年预算数 2870.52 万元，执行数 2773.47 万元，完成预算的 96.62%，绩效自评得分 99.70 分，评价等级为“优秀”。'], ['budget=2870.52', 'executed=2773.47', 'rate=96.62', 'total=99.7', 'grade=优']],
  ['本次自评得分 (001)', ['按照预算执行、成本、产出、效益、满意度五方面进行了总体评价，本次自评得分 99.7 分。'], ['total=99.7']],
  ['支出合计 with thousands separators (001)', ['2024 年度支出合计 2,773.47 万元, 其中: 基本支出 642.36 万元, 占 23.16%; 项目支出 2,131.10 万元, 占 76.84%; 上缴上级支出 0.00 万元, 占 0.00%。'], ['executed=2773.47', 'basic=642.36', 'project=2131.1']],
  ['总支出为 / 基本支出为 (001)', ['2024年我单位总支出为2773.47万元，其中：基本支出为642.36万元，占总支出的23.16%；项目支出为2131.10万元，占总支出的76.84%。'], ['executed=2773.47', 'basic=642.36', 'basicShare=23.16', 'project=2131.1', 'projectShare=76.84']],
  ['一般公共预算财政拨款基本支出 (001)', ['我单位 2024 年度一般公共预算财政拨款基本支出 642.36 万元。基本支出使用方向主要包括：工资福利支出 501.26 万元。'], ['basic=642.36']],
  ['基本支出 … 支出决算数为 (001)', ['基本支出年初预算数为 629.55 万元，支出决算数为 642.37 万元，预算执行率为 102.03%。'], ['basic=642.37']],
  ['“三公”经费预算金额 / 决算金额 (001)', ['我单位2024年度“三公”经费预算金额0.5万元；2024年度“三公”经费决算金额0万元。'], ['threeBudget=0.5', 'threeActual=0']],
  ['“三公”经费财政拨款支出预算为 / 支出决算为 (001)', ['2024 年度“三公”经费财政拨款支出预算为 0.50 万元，支出决算为 0.00 万元，完成预算的 0.00%；与上年相比减少 0.21 万元，降低 100.00%。'], ['threeBudget=0.5', 'threeActual=0', 'threeChange=-0.21', 'threeChangePct=-100']],
  ['因公出国（境）费 (001)', ['1.因公出国（境）费支出预算为 0.00 万元，支出决算为 0.00 万元，完成预算的 100.00%；与上年持平。'], ['abroadBudget=0', 'abroadActual=0']],
  ['公务用车购置费及运行维护费 (001)', ['2.公务用车购置费及运行维护费支出预算为0.00万元，支出决算为0.00万元，完成预算的100.00%；与上年持平。'], ['carBudget=0', 'carActual=0']],
  ['公务用车购置费 (001)', ['公务用车购置费支出预算为0.00万元，支出决算为0.00万元，完成预算的100.00%；与上年持平。'], ['carPurchaseBudget=0', 'carPurchaseActual=0']],
  ['公务用车运行维护费 (001)', ['公务用车运行维护费支出预算为0.00万元，支出决算为0.00万元，主要是本年度无公务用车运行维护支出。'], ['carRunningBudget=0', 'carRunningActual=0']],
  ['公务接待费 (001)', ['3.公务接待费支出预算为0.50万元，支出决算为0.00万元，完成预算的0.00%。'], ['receptionBudget=0.5', 'receptionActual=0']],
  ['项目支出 … 全年预算 / 实际支出, 年初预算 0 元 left alone (001)', ['我单位 2024 年项目支出经市财政批复的年初预算 0 元，全年预算 2210.11 万元；实际支出 2131.10 万元，指标结余 79.01 万元，预算执行率 96.43%。'], ['projectBudget=2210.11', 'project=2131.1']],
  ['实有在职人数 (001)', ['2024年末长沙市现代教育技术中心（长沙市教育信息网络中心）（以下简称“我单位”）实有在职人数19人，其中在编17人，临聘2人。'], ['staffActual=19']],
  ['编制数 / 实际在职人数 / 在职人员控制率, 表中填报 (template)', ['株洲市教育技术装备所编制数13人，2024年实际在职人数12人，在职人员控制率为92.31%。经复核，在职人员控制率应为92.31%（表中填报92.30%）。'], ['staffAuthorised=13', 'staffActual=12', 'staffRate=92.31', 'staffRate=92.31', 'staffRate=92.3(quote)']],
  ['全年预算数 / 年初预算数 / 年中调整追加 (template)', ['2024年度全年预算数520.83万元，其中年初预算数325.55万元，年中调整追加195.28万元。全年执行数518.94万元，预算执行率为99.64%。'], ['budget=520.83', 'initialBudget=325.55', 'adjustment=195.28', 'executed=518.94', 'rate=99.64']],
  ['年中调整调减 is negative (template)', ['2024年度全年预算数90.00万元，其中年初预算数100.00万元，年中调整调减10.00万元。'], ['budget=90', 'initialBudget=100', 'adjustment=-10']],
  ['基础数据表中项目支出预算 / 决算 (template)', ['基础数据表中项目支出预算190.00万元，决算184.49万元，与上年相比，增加11.21万元，增长6.47%。'], ['projectBudget=190', 'project=184.49', 'projectChange=11.21', 'projectChangePct=6.47']],
  ['预算执行率指标分值 / 得分 / 预算执行率得分应为 (template)', ['预算执行率指标分值10分，得分9.66分。经复核，预算执行率得分应为9.66分（表中填报9.68分）。'], ['execWeight=10', 'execScore=9.66', 'execScore=9.66', 'execScore=9.68(quote)']],
  ['占全年执行数的 / 人员经费 / 公用经费 (template)', ['2024年度基本支出334.45万元，占全年执行数的64.45%，其中人员经费304.90万元，公用经费29.55万元。'], ['basic=334.45', 'basicShare=64.45', 'personnel=304.9', 'public=29.55']],
  ['占基本支出的 (001)', ['人员经费 597.40 万元，占基本支出的 93.00%，主要包括基本工资 107.66 万元。'], ['personnel=597.4', 'personnelShare=93']],
  ['经复核 … 应为 under a 一般公共预算 heading corrects the sentence before it (template, 重庆 fixture)', ['#二、一般公共预算支出情况', '本年度全年预算数1527.36万元，其中年初预算数0.00万元，年中调整追加1527.36万元。全年执行数1145.52万元，预算执行率为75.00%。经复核，预算执行率应为75.00%（表中填报76.00%）。'], ['budget=1527.36', 'initialBudget=0', 'adjustment=1527.36', 'executed=1145.52', 'rate=75', 'rate=75', 'rate=76(quote)']],
  ['全年预算数中尚有…未执行 (template)', ['预算执行率为99.64%，全年预算数中尚有1.89万元未执行。'], ['rate=99.64', 'unspent=1.89']],
  ['全年执行数超过全年预算数 (template)', ['预算执行率为102.59%。全年执行数超过全年预算数8.54万元，请核实全年预算数。'], ['rate=102.59', 'overspent=8.54']],
  ['an increase not said to be year on year is left alone', ['2024年度“三公”经费决算1.01万元，增加1.00万元。'], ['threeActual=1.01']],
  ['一级指标分值 / 得分 (template)', ['各一级指标得分情况：产出指标分值40分，得分40.00分；效益指标分值20分，得分19.50分。'], ['blockWeight:产出指标=40', 'blockScore:产出指标=40', 'blockWeight:效益指标=20', 'blockScore:效益指标=19.5']],
  ['一级指标 of the old framework (template)', ['各一级指标得分情况：投入分值20分，得分20.00分；过程分值20分，得分19.75分。'], ['blockWeight:投入=20', 'blockScore:投入=20', 'blockWeight:过程=20', 'blockScore:过程=19.75']],
  ['所含三级指标分值合计 / 与一级指标标注的 (template)', ['经复核，效益指标所含三级指标分值合计为28分，与一级指标标注的30分不一致。经复核，产出指标得分应为48.00分（表中填报52.00分）。'], ['blockWeight:效益指标=28', 'blockWeight:效益指标=30(quote)', 'blockScore:产出指标=48', 'blockScore:产出指标=52(quote)']],
  ['按收入性质分，一般公共预算 beside 无政府性基金拨款 (template)', ['按收入性质分，一般公共预算518.94万元；无政府性基金拨款、纳入专户管理的非税收入拨款、其他资金。'], ['generalFund=518.94']],
  ['资金来源：当年财政拨款 / 上年结转资金 (project template)', ['资金来源：当年财政拨款100.00万元，上年结转资金20.00万元。'], ['fundCurrent=100', 'fundCarried=20']],
  ['自评总分为 / 评价等级为“优” (template)', ['综合预算执行率得分和各项绩效指标得分，2024年度部门整体支出绩效自评总分为99.96分，评价等级为“优”。'], ['total=99.96', 'grade=优']],
];

const LEFT_ALONE: [string, string[]][] = [
  ['an item heading (①…项目): figures are that project’s (000)', ['#①株洲市“精品课”云平台运维项目', '项目支出5.90万元，主要用于：对株洲市精品课云平台进行运维管理。']],
  ['a sentence whose subject the vocabulary does not know (000)', ['年初预算项目教育信息化专项资金190万元，年中执行调减5.51万元，实际支出184.49万元，项目实施及绩效情况如下：']],
  ['a role alone under a heading about something else (000 “（一）基本支出情况”)', ['#（一）基本支出情况', '2024年支出518.94万元，主要用于保障运转。']],
  ['citywide figures (000)', ['据统计，全市累计投入7795.8万元，其中教育数字化基础设施投入3934.5万元，升级改造计算机4593台。']],
  ['another fund family (001)', ['2024 年度政府性基金预算财政拨款收入 0.00 万元；年初结转和结余 0.00 万元；支出 0.00 万元，其中基本支出 0.00 万元，项目支出 0.00 万元。']],
  ['changes of a total the vocabulary does not know (001)', ['2024 年度收、支总计 2,773.47 万元。与上年相比,减少 765.34 万元,降低 21.63%, 主要是因为本年度压缩了信息化建设项目建设规模。']],
  ['a share without its base (001)', ['2024 年度收入合计 2,773.47 万元, 其中: 财政拨款收入 2,773.47 万元, 占 100.00%。']],
  ['other spending lines (001)', ['2024 年本部门开支会议费 0.00 万元，未召开需要开支费用的会议；开支培训费 26.95 万元。']],
  ['a subject the vocabulary cannot pair with the role (001 “基本支出…预算执行率”)', ['基本支出年初预算数为 629.55 万元，预算执行率为 102.03%。']],
  ['一级指标 without a name (template of a form whose labels are blank)', ['各一级指标得分情况：分值90分，得分88.00分。']],
  ['indicator lists (template)', ['2项绩效指标未得满分：“学生实验合格率”（分值3分，得分2分）。']],
  ['a 财政拨款 sentence whose subject is unknown (001)', ['2024 年度财政拨款支出年初预算数为 629.55 万元，支出决算数为 2773.47 万元，完成年初预算的 440.55%。']],
  ['another year (basic data)', ['2023年决算支出500.00万元。']],
];

describe('report vocabulary: phrases placed', () => {
  it.each(PLACED)('%s', (_name, texts, want) => {
    expect(read(...texts)).toEqual(want);
  });
});

describe('report vocabulary: phrases left alone', () => {
  it.each(LEFT_ALONE)('%s', (_name, texts) => {
    expect(read(...texts)).toEqual([]);
  });
});

describe('sums the text asserts', () => {
  const sums = (...texts: string[]) =>
    extractStatement({ paragraphs: texts.map((text, i) => ({ number: i + 1, text })), tables: [] }).sums.length;
  it('"其中" with known parts is a sum', () => {
    expect(sums('2024年支出518.94万元，其中基本支出325.55万元，项目支出184.49万元，无结余结转。')).toBe(1);
    expect(sums('2024年度基本支出334.45万元，占全年执行数的64.45%，其中人员经费304.90万元，公用经费29.55万元。')).toBe(1);
  });
  it('a list with an unknown non-zero part, or a single part, is not', () => {
    expect(sums('2024 年度一般公共预算财政拨款基本支出 642.36 万元，其中：人员经费 597.40 万元，主要包括基本工资 107.66 万元。')).toBe(0);
    expect(sums('我单位2024年部门整体支出绩效目标的金额为518.94万元，其中：基本支出334.45万元，项目支出184.49万元。')).toBe(0);
  });
});

describe('hostile text', () => {
  it('a very long paragraph of neutral words is read in bounded time and places nothing it cannot name', () => {
    const long = `${'部门整体支出'.repeat(5000)}X 100.00万元。`;
    const t0 = Date.now();
    expect(read(long)).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('control characters and odd input do not throw', () => {
    expect(() => extractStatement({ paragraphs: [{ number: 1, text: '\u001b[2J全年预算数\u0007100万元' }], tables: [] })).not.toThrow();
    expect(extractStatement(null as unknown as Parameters<typeof extractStatement>[0]).figures).toEqual([]);
  });
});

// The report vocabulary as data (beside the header vocabulary in values/vocab.ts and forms/labels.ts):
// which phrases name which figure. A stated figure is read as SUBJECT + ROLE ("“三公”经费" + "决算"),
// either of which may be implicit (a role alone takes the subject the sentence already named; a subject
// alone means its headline figure). Whatever is left over must be NEUTRAL words, otherwise the figure is
// left alone: a phrase the vocabulary cannot place is never guessed.
// Every entry carries at least one test taken from the two reference reports (test/engine/report-vocab.test.ts).
import type { FigureKind, QuantityId } from './types';

export type SubjectId =
  | 'unit'
  | 'basic'
  | 'project'
  | 'personnel'
  | 'public'
  | 'three'
  | 'car'
  | 'carPurchase'
  | 'carRunning'
  | 'abroad'
  | 'reception'
  | 'staff'
  | 'execution'
  | 'generalFund'
  | 'fundCurrent'
  | 'fundCarried'
  | 'block';

export type RoleId =
  | 'amount'
  | 'budget'
  | 'initial'
  | 'adjustUp'
  | 'adjustDown'
  | 'actual'
  | 'rate'
  | 'score'
  | 'weight'
  | 'grade'
  | 'authorised'
  | 'headcount'
  | 'controlRate'
  | 'quote'
  | 'unspent'
  | 'overspent'
  | 'shareOfExecuted'
  | 'shareOfBasic'
  | 'changeAmount'
  | 'changePct';

/** Nouns that name what a figure is about. Matched after quotes and spaces are removed; longest phrase first. */
export const SUBJECTS: Record<Exclude<SubjectId, 'unit'>, string[]> = {
  basic: ['基本支出'],
  project: ['项目支出'],
  personnel: ['人员经费'],
  public: ['日常公用经费', '公用经费'],
  three: ['三公经费'],
  car: ['公务用车购置和维护经费', '公务用车购置及运行维护费', '公务用车购置和运行维护费', '公务用车购置费及运行维护费'],
  carPurchase: ['公务用车购置费', '公车购置费', '公车购置'],
  carRunning: ['公务用车运行维护费', '公车运行维护费', '公车运行维护'],
  abroad: ['因公出国（境）费', '因公出国(境)费', '因公出国费', '出国经费', '出国费'],
  reception: ['公务接待费', '公务接待'],
  staff: ['在职人员', '财政供养人员'],
  execution: ['预算执行率指标', '执行率指标', '预算执行率', '执行率'],
  // "按收入性质分，一般公共预算518.94万元": the 自评表's 按收入性质分 line.
  generalFund: ['一般公共预算'],
  // A project's 资金来源 ("资金来源：当年财政拨款100.00万元，上年结转资金20.00万元").
  fundCurrent: ['当年财政拨款'],
  fundCarried: ['上年结转资金', '上年结转'],
  // 一级指标 (current framework, and the old 投入/过程/产出/效益): only their 分值 and 得分 are read.
  block: ['产出指标', '效益指标', '效果指标', '满意度指标', '成本指标', '决策指标', '过程指标', '投入指标', '满意度', '投入', '过程', '产出', '效益', '效果', '决策'],
};

/**
 * Words that say which figure of the subject is meant. `unitExplicit`: the phrase itself names the whole
 * unit's figure, so it may open a sentence under a heading about something else ("预算收入" under "基本支出情况").
 */
export const ROLES: Record<Exclude<RoleId, 'amount'>, { phrases: string[]; unitExplicit?: string[] }> = {
  budget: {
    phrases: ['全年预算数', '全年预算', '预算收入', '预算总额', '预算金额', '预算数', '支出预算', '预算'],
    unitExplicit: ['全年预算数', '预算收入'],
  },
  initial: { phrases: ['年初预算数', '年初预算'] },
  adjustUp: { phrases: ['年中调整追加', '调整追加', '年中追加', '追加预算', '追加', '调增'] },
  adjustDown: { phrases: ['年中调整调减', '年中执行调减', '调整调减', '年中调减', '调减'] },
  actual: {
    phrases: ['全年执行数', '执行数', '支出决算数', '支出决算', '决算支出', '决算数', '决算金额', '决算', '实际支出', '总支出', '支出合计', '支出总额', '支出'],
    unitExplicit: ['全年执行数', '总支出', '支出合计'],
  },
  rate: { phrases: ['预算执行率', '执行率', '完成预算的'] },
  score: {
    phrases: ['绩效自评得分', '自评综合得分', '自评总分', '自评得分', '综合得分', '总分', '得分'],
    unitExplicit: ['绩效自评得分', '自评综合得分', '自评总分', '自评得分', '总分'],
  },
  weight: { phrases: ['分值'] },
  grade: {
    phrases: ['评价等级', '自评等级', '绩效等级', '等级', '自评综合结果', '自评结果', '评价结果', '综合结果'],
    unitExplicit: ['评价等级', '自评等级', '绩效等级', '自评综合结果', '自评结果', '综合结果'],
  },
  authorised: { phrases: ['事业编制', '行政编制', '编制数', '编制人数', '核定编制'], unitExplicit: ['事业编制', '行政编制', '编制数', '编制人数', '核定编制'] },
  headcount: {
    phrases: ['实际在职人数', '实有在职人数', '在职人数', '在职职工', '实有人数'],
    unitExplicit: ['实际在职人数', '实有在职人数', '在职人数', '在职职工', '实有人数'],
  },
  controlRate: { phrases: ['控制率'] },
  quote: { phrases: ['表中填报'] },
  // Read by the patterns below (SPECIAL_ROLES), not as a phrase before the figure.
  unspent: { phrases: [] },
  overspent: { phrases: [] },
  shareOfExecuted: { phrases: [] },
  shareOfBasic: { phrases: [] },
  changeAmount: { phrases: [] },
  changePct: { phrases: [] },
};

/**
 * Roles a whole clause says, with what must follow the figure: "占全年执行数的64.45%", "全年预算数中尚有1.89万元
 * 未执行", "与上年相比，减少0.59万元，降低36.88%" (`sign` −1: the figure is a decrease).
 */
export const SPECIAL_ROLES: { role: RoleId; clause: RegExp; after?: RegExp; before?: RegExp; sign?: -1 }[] = [
  // "经复核，效益指标所含三级指标分值合计为28分，与一级指标标注的30分不一致": the 30 quotes the form.
  { role: 'quote', clause: /^与一级指标标注的$/ },
  { role: 'shareOfExecuted', clause: /^占(?:全年执行数|总支出|支出合计|本年支出合计|全年支出)的?$/ },
  { role: 'shareOfBasic', clause: /^占基本支出的?$/ },
  { role: 'unspent', clause: /^(?:全年预算数?中)?尚有$/, after: /^\s*未执行/ },
  // "全年执行数超过全年预算数8.54万元": the template's sentence when more was spent than budgeted.
  { role: 'overspent', clause: /^(?:全年)?执行数?超(?:过|出)(?:全年)?预算数?$/ },
  { role: 'changeAmount', clause: /^(?:与上年相比|比上年|较上年)?增加$/, before: /与上年相比|比上年|较上年/ },
  { role: 'changeAmount', clause: /^(?:与上年相比|比上年|较上年)?减少$/, before: /与上年相比|比上年|较上年/, sign: -1 },
  { role: 'changePct', clause: /^增长$/, before: /与上年相比|比上年|较上年/ },
  { role: 'changePct', clause: /^(?:降低|下降)$/, before: /与上年相比|比上年|较上年/, sign: -1 },
];

/** (subject, role) → the quantity; a pair not listed is left alone. */
export const QUANTITIES: Record<SubjectId, Partial<Record<RoleId, QuantityId>>> = {
  unit: {
    budget: 'budget',
    initial: 'initialBudget',
    adjustUp: 'adjustment',
    adjustDown: 'adjustment',
    actual: 'executed',
    rate: 'rate',
    score: 'total',
    grade: 'grade',
    authorised: 'staffAuthorised',
    headcount: 'staffActual',
    controlRate: 'staffRate',
    unspent: 'unspent',
    overspent: 'overspent',
  },
  basic: { amount: 'basic', actual: 'basic', shareOfExecuted: 'basicShare' },
  project: { amount: 'project', actual: 'project', budget: 'projectBudget', shareOfExecuted: 'projectShare', changeAmount: 'projectChange', changePct: 'projectChangePct' },
  personnel: { amount: 'personnel', actual: 'personnel', shareOfBasic: 'personnelShare' },
  public: { amount: 'public', actual: 'public', shareOfBasic: 'publicShare' },
  three: { amount: 'threeActual', actual: 'threeActual', budget: 'threeBudget', changeAmount: 'threeChange', changePct: 'threeChangePct' },
  car: { amount: 'carActual', actual: 'carActual', budget: 'carBudget' },
  carPurchase: { amount: 'carPurchaseActual', actual: 'carPurchaseActual', budget: 'carPurchaseBudget' },
  carRunning: { amount: 'carRunningActual', actual: 'carRunningActual', budget: 'carRunningBudget' },
  abroad: { amount: 'abroadActual', actual: 'abroadActual', budget: 'abroadBudget' },
  reception: { amount: 'receptionActual', actual: 'receptionActual', budget: 'receptionBudget' },
  staff: { headcount: 'staffActual', controlRate: 'staffRate' },
  execution: { weight: 'execWeight', score: 'execScore' },
  block: { weight: 'blockWeight', score: 'blockScore' },
  generalFund: { amount: 'generalFund' },
  fundCurrent: { amount: 'fundCurrent' },
  fundCarried: { amount: 'fundCarried' },
};

/** The unit a quantity is stated in; a figure whose unit does not fit is left alone. */
export const QUANTITY_KIND: Record<QuantityId, FigureKind> = {
  budget: 'amount',
  initialBudget: 'amount',
  adjustment: 'amount',
  executed: 'amount',
  rate: 'rate',
  basic: 'amount',
  project: 'amount',
  projectBudget: 'amount',
  personnel: 'amount',
  public: 'amount',
  threeBudget: 'amount',
  threeActual: 'amount',
  carBudget: 'amount',
  carActual: 'amount',
  carPurchaseBudget: 'amount',
  carPurchaseActual: 'amount',
  carRunningBudget: 'amount',
  carRunningActual: 'amount',
  abroadBudget: 'amount',
  abroadActual: 'amount',
  receptionBudget: 'amount',
  receptionActual: 'amount',
  staffAuthorised: 'count',
  staffActual: 'count',
  staffRate: 'rate',
  execWeight: 'score',
  execScore: 'score',
  total: 'score',
  grade: 'grade',
  unspent: 'amount',
  overspent: 'amount',
  basicShare: 'rate',
  projectShare: 'rate',
  personnelShare: 'rate',
  publicShare: 'rate',
  threeChange: 'amount',
  threeChangePct: 'rate',
  projectChange: 'amount',
  projectChangePct: 'rate',
  generalFund: 'amount',
  fundCurrent: 'amount',
  fundCarried: 'amount',
  blockWeight: 'score',
  blockScore: 'score',
};

/** zh-CN names for messages. */
export const QUANTITY_LABEL: Record<QuantityId, string> = {
  budget: '全年预算数',
  initialBudget: '年初预算数',
  adjustment: '年中预算调整（全年预算数−年初预算数）',
  executed: '全年执行数',
  rate: '预算执行率',
  basic: '基本支出',
  project: '项目支出',
  projectBudget: '项目支出预算数（基础数据表）',
  personnel: '人员经费（基本支出−公用经费）',
  public: '公用经费',
  threeBudget: '“三公”经费预算数',
  threeActual: '“三公”经费决算数',
  carBudget: '公务用车购置和维护经费预算数',
  carActual: '公务用车购置和维护经费决算数',
  carPurchaseBudget: '公车购置预算数',
  carPurchaseActual: '公车购置决算数',
  carRunningBudget: '公车运行维护预算数',
  carRunningActual: '公车运行维护决算数',
  abroadBudget: '出国经费预算数',
  abroadActual: '出国经费决算数',
  receptionBudget: '公务接待预算数',
  receptionActual: '公务接待决算数',
  staffAuthorised: '编制数',
  staffActual: '实际在职人数',
  staffRate: '在职人员控制率',
  execWeight: '预算执行率指标分值',
  execScore: '预算执行率得分',
  total: '自评总分',
  grade: '评价等级',
  unspent: '未执行的预算（全年预算数−全年执行数）',
  overspent: '超出全年预算数的执行数（全年执行数−全年预算数）',
  basicShare: '基本支出占全年执行数的比例',
  projectShare: '项目支出占全年执行数的比例',
  personnelShare: '人员经费占基本支出的比例',
  publicShare: '公用经费占基本支出的比例',
  threeChange: '“三公”经费决算数与上年相比的增减额',
  threeChangePct: '“三公”经费决算数与上年相比的增减幅度',
  projectChange: '项目支出决算数与上年相比的增减额（基础数据表）',
  projectChangePct: '项目支出决算数与上年相比的增减幅度（基础数据表）',
  generalFund: '一般公共预算（按收入性质分）',
  fundCurrent: '资金来源：当年财政拨款',
  fundCarried: '资金来源：上年结转资金',
  blockWeight: '分值',
  blockScore: '得分',
};

/**
 * "总数，其中A、B": the parts a total is made of. A sum is only checked when every part the sentence lists
 * is one of these (parts stated as 0 may be left unplaced: "上缴上级支出 0.00 万元").
 */
export const PARTITIONS: Partial<Record<QuantityId, QuantityId[]>> = {
  executed: ['basic', 'project'],
  budget: ['initialBudget', 'adjustment'],
  basic: ['personnel', 'public'],
  threeActual: ['carActual', 'abroadActual', 'receptionActual'],
  threeBudget: ['carBudget', 'abroadBudget', 'receptionBudget'],
  carActual: ['carPurchaseActual', 'carRunningActual'],
  carBudget: ['carPurchaseBudget', 'carRunningBudget'],
};

/**
 * Words that carry no meaning for the figure: years, "本单位", "其中", "财政拨款" and the like. Regex
 * sources, matched repeatedly at either end of what is left after subject and role are taken off.
 */
export const NEUTRAL: string[] = [
  '\\d{4}年度?',
  '\\d{4}年末',
  '本年度',
  '本年',
  '年度',
  '全年',
  '年末',
  '本次',
  '所含三级指标',
  '该项目',
  '本项目',
  '共有',
  '共',
  '我单位',
  '本单位',
  '单位',
  '我所',
  '本所',
  '我中心',
  '本中心',
  '我部门',
  '本部门',
  '部门',
  '部门整体支出',
  '单位整体支出',
  '整体支出',
  '其中',
  '合计',
  '一般公共预算',
  '财政拨款',
  '经市财政批复的',
  '经财政批复的',
  '经复核',
  '基础数据表中',
  '自评表中',
  '本年度决算',
  '实际',
  '绩效',
  '的',
  '和',
  '及',
];

/** Said between the phrase and the figure: "为", "共计", "应为"… */
export const CONNECTORS: string[] = ['分别为', '应为', '共计', '合计', '总计', '达到', '约为', '为', '是', '达', '约', '计', '共', '了'];

/** A sentence about another fund family than the 一般公共预算 the workbook describes: all its figures are left alone. */
export const OTHER_FUNDS = /政府性基金|国有资本经营|社会保险基金/;
/** "无政府性基金拨款、…" says there is none: it does not make the sentence about that fund. */
export const NO_OTHER_FUNDS = /无(?:政府性基金|国有资本经营|社会保险基金)[^，,。；;]*/g;

/** Words before a figure that make it a comparison or a change, not a stated quantity. */
export const CHANGE_WORDS = /上年(?!结转)|上一年|去年|同比|增加|减少|增长|降低|下降|持平|占|比/;

/** Grade words as written → the policy's grade names. */
export const GRADE_WORDS: Record<string, string> = {
  优秀: '优',
  优: '优',
  良好: '良',
  良: '良',
  中等: '中',
  中: '中',
  合格: '中',
  较差: '差',
  不合格: '差',
  差: '差',
};

/** A heading about one item ("①…运维项目", "⑥基础教育内涵发展项目"): figures under it are that item's, left alone. */
export const ITEM_HEADING = /^[①-⑳]|项目$/;

/**
 * Tables (tables.ts) name a figure by its row label and column header, read with the phrases above. A few
 * words only tables use are neutral there: the 自评表's own row label "年度资金总额" (the whole unit) and the
 * plain value column of a label/value table ("金额（万元）").
 */
export const TABLE_NEUTRAL: string[] = ['年度资金总额', '资金总额', '资金合计', '金额', '数额', '数值', '本年数'];
/** A row that names the unit's total: its 分值/得分 are the 预算执行率 indicator's, as on the 自评表. */
export const TABLE_TOTAL_ROW = /资金总额|资金合计/;

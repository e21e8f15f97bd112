// The header vocabulary: which column a header label names, as one table of data (issue 11/12).
//
// Chinese header words are head-final: what a column holds is said by the END of its label — 执行率得分 is a
// score, 预算执行率 a rate, 预算执行数 an amount, 评分系数 a coefficient. So every entry matches the label's core
// (annotations in brackets such as "(A)", "(B/A)", "(%)", "(20分*执行率)" and a leading "其中：" removed) and
// carries an explicit precedence: when several entries match, the highest precedence wins, and no two
// entries of one table that can match the same label share a precedence (test/engine/vocabulary.test.ts
// checks every synonym row by row, and the labels that must NOT take a role).
// Adding a province's wording means adding a synonym here (and a fixture), not a branch in a parser.
import type { IndicatorColumn } from './model';
import type { AmountUnitName } from '../values/units';

export type BudgetRole = 'initial' | 'budget' | 'executed' | 'rate' | 'weight' | 'score' | 'reason' | 'coefficient';
export type HeaderTable = 'indicator' | 'budget';

export interface HeaderEntry<R extends string> {
  role: R;
  /** Higher wins when several entries match one label. */
  precedence: number;
  /** Matched against the label's core (see headerCore). */
  match: RegExp;
  /** Wordings seen in real forms; each must resolve to `role` (tested row by row). */
  synonyms: readonly string[];
}

/** Labels that look like a role but are not it (tested): [label, role it must not take]. */
export interface NotEntry<R extends string> {
  label: string;
  not: R;
  /** What it is instead (null: no column of this table). */
  is: R | null;
}

export const INDICATOR_HEADERS: readonly HeaderEntry<IndicatorColumn>[] = [
  { role: 'level1', precedence: 90, match: /^一级指标/, synonyms: ['一级指标', '一级\n指标', '一级指标名称', '一级指标(分值)'] },
  { role: 'level2', precedence: 90, match: /^二级指标/, synonyms: ['二级指标', '二级 指标', '二级指标名称'] },
  {
    role: 'level3', precedence: 80, match: /^(三级指标(内容|名称)?|指标内容|指标名称|绩效指标名称|具体指标)$/,
    synonyms: ['三级指标', '三级\n指标', '三级指标内容', '三级指标名称', '指标内容', '指标名称', '绩效指标名称', '具体指标'],
  },
  { role: 'targetInitial', precedence: 70, match: /^年初(指标值|目标值)$/, synonyms: ['年初指标值', '年初目标值'] },
  { role: 'targetAdjusted', precedence: 70, match: /^调整(后)?(指标值|目标值)$/, synonyms: ['调整指标值', '调整后指标值', '调整后目标值'] },
  {
    role: 'target', precedence: 60, match: /^(年度|预期|全年|计划)?(绩效)?(指标值|目标值)$/,
    synonyms: ['年度指标值', '年度目标值', '指标值', '目标值', '预期指标值', '年度绩效目标值', '全年指标值', '年度\n指标值', '计划指标值'],
  },
  {
    role: 'actual', precedence: 60, match: /^(全年)?(实际)?完成(值|情况|指标值)?$|^(全年)?实际值$/,
    synonyms: ['实际完成值', '实际完成情况', '实际值', '完成值', '全年实际值', '实际完成指标值', '全年实际完成值', '实际\n完成值', '实际完成'],
  },
  {
    role: 'weight', precedence: 50, match: /(分值|权重|权重分)$/,
    synonyms: ['分值', '权重', '指标分值', '标准分值', '权重分', '指标权重', '参考分值', '分值(权重)', '权重(%)'],
  },
  // Before 得分: "得分系数" and "评分系数" are coefficients, never the score column.
  { role: 'coefficient', precedence: 55, match: /系数$/, synonyms: ['得分系数', '得分系数(%)', '评分系数', '完成系数'] },
  {
    role: 'score', precedence: 40, match: /(得分|评分|自评分)$/,
    synonyms: ['得分', '自评得分', '评分', '自评分', '实际得分', '指标得分', '得分(分)'],
  },
  { role: 'reason', precedence: 30, match: /(偏差原因|未完成原因|原因分析|改进措施|原因说明)/, synonyms: ['偏差原因分析及改进措施', '未完成原因分析', '偏差原因', '原因说明'] },
  { role: 'operator', precedence: 30, match: /^(指标性质|指标方向|运算符号|符号|指标值性质)$/, synonyms: ['指标性质', '指标方向', '运算符号', '符号'] },
  { role: 'unit', precedence: 30, match: /^(计量单位|度量单位|单位)$/, synonyms: ['计量单位', '度量单位', '单位'] },
  { role: 'core', precedence: 30, match: /^是否核心指标$/, synonyms: ['是否核心指标'] },
];

export const BUDGET_HEADERS: readonly HeaderEntry<BudgetRole>[] = [
  { role: 'initial', precedence: 60, match: /^年初(预算|预算数|预算金额|预算资金|安排数)$/, synonyms: ['年初预算数', '年初预算', '年初预算数(A)', '年初预算金额'] },
  {
    role: 'budget', precedence: 50, match: /^(全年|调整后|调整|本年|当年)?(预算|预算数|预算金额|预算资金)$/,
    synonyms: ['全年预算数', '全年预算', '调整后预算数', '调整后\n预算数', '全年预算金额', '预算数', '预算数(A)', '调整预算数', '预算金额'],
  },
  {
    role: 'executed', precedence: 50, match: /^(全年|预算|实际|年度|本年|当年)?(执行|执行数|执行金额|支出数|决算数)$|^(全年|实际)支出$/,
    synonyms: ['全年执行数', '全年执行', '预算执行数', '实际执行数', '执行数', '执行数(B)', '全年支出数', '实际支出数', '实际支出', '执行金额'],
  },
  { role: 'rate', precedence: 60, match: /执行率$/, synonyms: ['执行率', '预算执行率', '执行率(B/A)', '资金执行率', '全年执行率'] },
  { role: 'weight', precedence: 60, match: /(分值|权重)$/, synonyms: ['分值', '权重', '参考分值', '指标分值'] },
  {
    role: 'score', precedence: 70, match: /(得分|评分|自评分)$/,
    synonyms: ['得分', '执行率得分', '自评得分', '预算执行率得分', '预算执行率得分(20分)', '得分(20分*执行率)', '得分(10分*执行率)', '资金执行率得分'],
  },
  // A 系数 column holds a coefficient; it must not be taken for the 得分 column.
  { role: 'coefficient', precedence: 80, match: /系数$/, synonyms: ['评分系数', '得分系数'] },
  { role: 'reason', precedence: 20, match: /原因/, synonyms: ['偏差原因', '未完成原因'] },
];

export const INDICATOR_NOT: readonly NotEntry<IndicatorColumn>[] = [
  { label: '评分系数', not: 'score', is: 'coefficient' },
  { label: '得分系数(%)', not: 'score', is: 'coefficient' },
  { label: '绩效指标', not: 'level3', is: null },
  { label: '总分', not: 'score', is: null },
  { label: '预期目标', not: 'target', is: null },
];

export const BUDGET_NOT: readonly NotEntry<BudgetRole>[] = [
  { label: '评分系数', not: 'score', is: 'coefficient' },
  { label: '执行率得分', not: 'rate', is: 'score' },
  { label: '预算执行率得分(20分)', not: 'executed', is: 'score' },
  { label: '预算执行率得分(20分)', not: 'rate', is: 'score' },
  { label: '预算执行率', not: 'executed', is: 'rate' },
  { label: '年初预算数', not: 'budget', is: 'initial' },
  { label: '预算执行数', not: 'budget', is: 'executed' },
  { label: '年度资金总额', not: 'budget', is: null },
  // The block's side label, not a column.
  { label: '年度预算(万元)', not: 'budget', is: null },
  { label: '年度预算申请(万元)', not: 'budget', is: null },
  { label: '预算执行情况(20分)', not: 'executed', is: null },
];

// Bracketed annotations: "(A)", "(B/A)", "(%)", "(万元)", "(20分*执行率)", "【20分】".
const ANNOTATION = /[([【][^)\]】]*[)\]】]/g;

/** A normalised label without bracketed annotations and a leading "其中". */
export function headerCore(label: string): string {
  return label.replace(ANNOTATION, '').replace(/^其中[:：]?/, '').replace(/[:：]+$/, '');
}

function resolve<R extends string>(table: readonly HeaderEntry<R>[], label: string): R | null {
  const core = headerCore(label);
  if (!core || core.length > 24) return null;
  let best: HeaderEntry<R> | null = null;
  for (const e of table) {
    if ((!best || e.precedence > best.precedence) && e.match.test(core)) best = e;
  }
  return best ? best.role : null;
}

// Header labels repeat across rows and sheets; one resolution per distinct label, bounded.
const MEMO_LIMIT = 20_000;
const indicatorMemo = new Map<string, IndicatorColumn | null>();
const budgetMemo = new Map<string, BudgetRole | null>();

function memo<R>(m: Map<string, R | null>, label: string, f: (l: string) => R | null): R | null {
  const hit = m.get(label);
  if (hit !== undefined) return hit;
  const v = f(label);
  if (m.size < MEMO_LIMIT) m.set(label, v);
  return v;
}

/** The indicator-table column a normalised header label names, or null. */
export function indicatorRole(label: string): IndicatorColumn | null {
  if (!label) return null;
  return memo(indicatorMemo, label, (l) => resolve(INDICATOR_HEADERS, l));
}

/** The budget-block column a normalised header label names, or null. */
export function budgetRole(label: string): BudgetRole | null {
  if (!label) return null;
  return memo(budgetMemo, label, (l) => resolve(BUDGET_HEADERS, l));
}

/** Every entry of a table that matches the label (for tests and diagnostics). */
export function matchingEntries<R extends string>(table: readonly HeaderEntry<R>[], label: string): HeaderEntry<R>[] {
  const core = headerCore(label);
  return table.filter((e) => e.match.test(core));
}

// ---------------------------------------------------------------------------------------------------------------
// Amount units (元 / 万元): where a form states the unit its amounts are in. Matched against normalised labels
// (NFKC: half-width brackets and colons, no whitespace), read once per form from its title rows, the budget header
// and the 经费控制情况 header (forms/fields.ts readAmountUnit). A label that names no unit leaves it unknown.

export type { AmountUnitName };

export interface AmountUnitEntry {
  match: RegExp;
  /** Wordings seen in real forms; each must yield the unit they name (tested). */
  synonyms: readonly string[];
}

export const AMOUNT_UNIT_PATTERNS: readonly AmountUnitEntry[] = [
  // "单位：万元", "金额单位：元", "单位:万元（保留两位小数）", "单位：人民币元"; not "单位：元/人" (a rate), nor a
  // unit's name beginning with 元 ("预算单位：元江县教育局").
  {
    match: /(?:金额|资金|货币)?单位[:]?(?:人民币)?(万元|元)(?![/每\p{Script=Han}\p{L}\d])/u,
    synonyms: ['单位：万元', '金额单位：元', '单位:万元', '单位：元', '金额单位: 万元', '单位：人民币元', '资金单位：万元', '（单位：元）', '单位：万元（保留两位小数）', '单位：元，'],
  },
  // "（万元）", "(元)", "预算数（元）", "年度预算申请(万元)", "经费控制情况（万元）", "【万元】".
  {
    match: /[([【](?:人民币)?(万元|元)[)\]】]/,
    synonyms: ['（万元）', '(元)', '预算数（元）', '年度预算申请(万元)', '年度预算申请（万元）', '经费控制情况（元）', '项目资金【万元】'],
  },
];

/** Labels that mention 元 but state no amount unit (tested): a per-unit cost, a 计量单位 column. */
export const AMOUNT_UNIT_NOT: readonly string[] = ['单位：元/人', '计量单位', '单位名称', '(元/平方米)', '成本指标≤3000元', '预算单位：元江县教育局', '单位：元每平方米'];

/** The amount unit a label states, or null. */
export function amountUnitIn(label: string): AmountUnitName | null {
  if (!label || label.length > 60 || !label.includes('元')) return null;
  for (const e of AMOUNT_UNIT_PATTERNS) {
    const m = e.match.exec(label);
    if (m) return m[1] as AmountUnitName;
  }
  return null;
}

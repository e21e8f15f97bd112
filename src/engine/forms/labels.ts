// Header and row labels, matched against normalised text (NFKC, no whitespace, half-width brackets).
// Synonyms come from the layout families in domain.md §1.4.
import type { IndicatorColumn } from './model';
import { budgetRole, indicatorRole, type BudgetRole } from './vocabulary';

/** Strips a leading "其中:" / "其中：" and trailing colons. */
export function stripLabel(s: string): string {
  return s.replace(/^其中[:：]?/, '').replace(/[:：]+$/, '');
}

// Column headers resolve through the vocabulary table (vocabulary.ts): label → role with explicit precedence.
export function indicatorHeader(label: string): IndicatorColumn | null {
  return indicatorRole(label);
}

export type BudgetHeader = BudgetRole;

export function budgetHeader(label: string): BudgetHeader | null {
  return budgetRole(label);
}

/** Weight stated in a header or block label: "产出指标(40分)", "得分(20分*执行率)", "满意度指标 10分". */
export function weightInLabel(label: string): string | null {
  const m = /[([（【]?(\d+(?:\.\d+)?)分/.exec(label);
  return m ? m[1]! : null;
}

/** Block name without its weight: "产出指标(40分)" → "产出指标". */
export function blockName(label: string): string {
  return label.replace(/[([（【][^)\]）】]*分[^)\]）】]*[)\]）】]/g, '').replace(/\d+(\.\d+)?分$/, '').trim();
}

// 效果 is the fourth 一级 of the 2013 共性指标 framework (投入/过程/产出/效果).
export const OLD_FRAMEWORK_BLOCK = /^(投入|过程|决策|管理|绩效|效果)(指标)?$/;

export interface FundLabel {
  name: string;
  group: 'income' | 'expense' | 'project';
}

/** Breakdown labels inside the budget block; the order matters (longer first). */
const FUND_LABELS: [RegExp, FundLabel][] = [
  [/^(其中)?[:]?一般公共预算(拨款|资金)?/, { name: '一般公共预算', group: 'income' }],
  [/^(其中)?[:]?政府性基金(预算)?(拨款)?/, { name: '政府性基金拨款', group: 'income' }],
  [/^(其中)?[:]?纳入专户管理的非税收入(拨款)?/, { name: '纳入专户管理的非税收入拨款', group: 'income' }],
  [/^(其中)?[:]?基本支出/, { name: '基本支出', group: 'expense' }],
  [/^(其中)?[:]?项目支出/, { name: '项目支出', group: 'expense' }],
  [/^(其中)?[:]?(当年|本年)?财政拨款/, { name: '当年财政拨款', group: 'project' }],
  [/^(其中)?[:]?上年结转(资金)?/, { name: '上年结转资金', group: 'project' }],
];

export function fundLabel(label: string, kind: 'overall' | 'project'): FundLabel | null {
  if (!label) return null;
  for (const [re, f] of FUND_LABELS) if (re.test(label)) return f;
  if (/^(其中)?[:]?其他资金/.test(label)) return { name: '其他资金', group: kind === 'project' ? 'project' : 'income' };
  return null;
}

export function fundGroupLabel(label: string): 'income' | 'expense' | null {
  if (/^按收入性质分/.test(label)) return 'income';
  if (/^按支出性质分/.test(label)) return 'expense';
  return null;
}

/**
 * The budget block's total row: "年度资金总额" (湖北: "年度财政资金总额"), or a bare "总额"/"合计"/"总计" (四川: 总额 |
 * 年初预算 | 调整后预算数 …), or the one row of a block that does not split its funds ("预算资金", "部门预算资金": 重庆
 * 部门整体绩效自评表).
 */
export const TOTAL_FUNDS = /^(年度资金总额|资金总额|年度预算资金总额|年度财政资金总额)|^(总额|合计|总计|资金合计|(部门)?预算资金(总额|合计)?)$/;
export const GOALS = /^(年度总体目标|总体目标|年度目标|项目年度目标$)/;
export const TOTAL_ROW = /^(总分|合计|总计|总得分)$/;
/** The total stated as a field above the tables when there is no 总分 row (重庆: "自评总分（分） | 97.6"). */
export const TOTAL_FIELD = /^(自评总分|自评总得分|总分)(\(分\))?(?=$|:|\d)/;
export const UNIT_LABEL = /^(预算单位名称|预算部门名称|部门\(单位\)名称|单位名称|部门名称|预算单位)[:]?/;
export const PROJECT_LABEL = /^项目名称[:]?/;
export const GRADE_LABEL = /^(自评等级|评价等级|绩效等级|等级|自评结果)[:]?/;

export const FOOTER_LABELS = ['填表人', '填报日期', '联系电话', '单位负责人签字'] as const;
export const FOOTER_RE = /(填表人|填报日期|联系电话|单位负责人签字|单位负责人)[:]?/g;

/** A four-digit year in 2000–2099 written as "2024年". */
export function yearIn(label: string): number | null {
  const m = /(20\d\d)年/.exec(label);
  return m ? Number(m[1]) : null;
}

// The words every shell uses for the same things: one vocabulary for the pane, the CLI, the JSON's
// display strings, the preview and the reviewer's documents.
import type { FindingPair, FormKind, Severity } from '../engine/types';

export const SEVERITY_LABEL: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };

export const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export const KIND_LABEL: Record<FormKind, string> = {
  overall: '部门整体支出绩效自评表',
  project: '项目支出绩效自评表',
  'basic-data': '基础数据表',
};

/**
 * The words of a finding's pair (FindingPair):
 * - value: 应为 (what the cell should hold) / 填报 (what the cell holds);
 * - label-sum: 标注 (the figure a label states, "效益指标(30分)") / 合计 (the sum of the parts);
 * - format: 应设置格式 (only the number format is wrong; no value pair).
 */
export const PAIR_WORDS = {
  value: { expected: '应为', found: '填报' },
  'label-sum': { label: '标注', sum: '合计' },
  format: { numberFormat: '应设置格式' },
} as const satisfies Record<FindingPair['kind'], Record<string, string>>;

/** Column heads of the declared-versus-recomputed rows of a form. */
export const COMPARE_WORDS = { item: '项目', declared: '填报', recomputed: '复核', mismatch: '不一致', notFilled: '未填' } as const;

/** Labels of the declared-versus-recomputed rows, by fact. */
export const FACT_LABEL = {
  rate: '执行率',
  executionScore: '执行率得分',
  total: '总分',
  grade: '等级',
  staffingRate: '在职人员控制率',
} as const;

export type FactKey = keyof typeof FACT_LABEL;

/** The 改正 action's words. */
export const FIX_WORDS = { apply: '改正', setValue: '改为', setFormat: '设置格式为' } as const;

/** Internal problems: the file was not fully checked. */
export const PROBLEM_WORDS = {
  notFullyChecked: '未完整检查',
  sheet: (sheet: string) => `工作表“${sheet}”`,
} as const;

import { numValue } from '../forms/fields';
import type { Rule } from './types';
import { fmt2 } from './util';

export const executionOverBudget: Rule = {
  meta: {
    id: 'execution-over-budget',
    severity: 'warning',
    title: '执行数超过预算数',
    messages: {
      over: '全年执行数 {found} 超过全年预算数 {expected}：执行率得分按满分计，但通常是全年预算数填错（应填调整后预算数），请核对。',
    },
    docs: '全年执行数大于全年预算数时执行率超过 100%，得分按 100% 封顶，但这通常说明“全年预算数”误填为年初预算数或漏计调整。依据：财预〔2020〕10号附件（全年预算数为调整后预算数）。',
  },
  check(ctx) {
    for (const form of ctx.performanceForms) {
      const b = form.budget;
      const exec = numValue(b?.executed);
      const plan = numValue(b?.planned);
      if (!b?.executed || !exec || !plan || !exec.gt(plan)) continue;
      ctx.report({ form, grid: form.grid, row: b.executed.row, col: b.executed.col, messageId: 'over', expected: fmt2(plan), found: fmt2(exec) });
    }
  },
};

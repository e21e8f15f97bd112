import type { Rule } from './types';
import { numValue } from '../forms/fields';
import { fmt2, held } from './util';

export const executionOverBudget: Rule = {
  meta: {
    id: 'execution-over-budget',
    severity: 'warning',
    title: '执行数超过预算数',
    messages: {
      over: '全年执行数 {found} 超过全年预算数 {budget}：执行率超过 100%，执行率得分按满分计，但通常是全年预算数填错（应填调整后预算数），请核对。',
      // A block with 年初预算数(A) and 全年执行数(B) only (执行率 = B ÷ A): the 年中追加 is nowhere in the form.
      overInitial: '全年执行数 {found} 超过年初预算数 {budget}：执行率超过 100%，执行率得分按满分计。表中只有年初预算数，年中追加的预算没有反映，请核对或加注说明。',
      zeroBudget: '全年预算数为 0，而全年执行数为 {executed}：无法计算执行率和执行率得分，请填写调整后的全年预算数。',
      negativeBudget: '全年预算数 {found} 为负数：无法计算执行率和执行率得分，请核对全年预算数。',
      negativeExecuted: '全年执行数 {found} 为负数：无法计算执行率和执行率得分，请核对全年执行数。',
    },
  },
  check(ctx) {
    for (const form of ctx.performanceForms) {
      const b = form.budget;
      const exec = numValue(b?.executed);
      const plan = numValue(b?.planned);
      const problem = form.computed?.budgetProblem;
      if (!b) continue;
      if (problem === 'zero-budget' && b.planned && exec) {
        ctx.report({ form, grid: form.grid, row: b.planned.row, col: b.planned.col, messageId: 'zeroBudget', severity: 'error', data: { executed: fmt2(exec) }, pair: { kind: 'value', found: held(b.planned, 'amount') } });
        continue;
      }
      if (problem === 'negative-budget' && b.planned) {
        ctx.report({ form, grid: form.grid, row: b.planned.row, col: b.planned.col, messageId: 'negativeBudget', severity: 'error', pair: { kind: 'value', found: held(b.planned, 'amount') } });
        continue;
      }
      if (problem === 'negative-executed' && b.executed) {
        ctx.report({ form, grid: form.grid, row: b.executed.row, col: b.executed.col, messageId: 'negativeExecuted', severity: 'error', pair: { kind: 'value', found: held(b.executed, 'amount') } });
        continue;
      }
      if (!b.executed || !exec || !plan || !exec.gt(plan)) continue;
      const onInitial = b.cols.budget === undefined && b.cols.initial !== undefined;
      ctx.report({ form, grid: form.grid, row: b.executed.row, col: b.executed.col, messageId: onInitial ? 'overInitial' : 'over', data: { budget: fmt2(plan) }, pair: { kind: 'value', found: held(b.executed, 'amount') } });
    }
  },
};

import { numValue } from '../forms/fields';
import type { Rule } from './types';
import { fmt2, heldRate, pct2, rateFix, truncPct2, val } from './util';

export const executionRate: Rule = {
  meta: {
    id: 'execution-rate',
    severity: 'error',
    title: '执行率',
    messages: {
      wrong: '执行率应为 {expected}（全年执行数 {executed} ÷ 全年预算数 {budget}），表中填报 {found}，请改正。',
      wrongInitial: '执行率应为 {expected}（全年执行数 {executed} ÷ 年初预算数 {budget}），表中填报 {found}，请改正。',
      truncated: '执行率 {found} 是截尾所得，按四舍五入应为 {expected}（{executed} ÷ {budget}）。',
    },
  },
  check(ctx) {
    for (const form of ctx.performanceForms) {
      const rate = form.computed?.rate;
      const d = form.computed?.declaredRate;
      if (!rate || !d || form.framework === 'old') continue;
      const cell = d.cell;
      const exp = pct2(rate);
      const got = pct2(d.fraction);
      if (exp.eq(got)) continue;
      const truncated = truncPct2(rate).eq(got);
      ctx.report({
        form, grid: form.grid, row: cell.row, col: cell.col, messageId: truncated ? 'truncated' : form.budget!.cols.budget === undefined && form.budget!.cols.initial !== undefined ? 'wrongInitial' : 'wrong',
        severity: truncated ? 'warning' : 'error',
        data: { executed: fmt2(numValue(form.budget!.executed)!), budget: fmt2(numValue(form.budget!.planned)!) },
        pair: { kind: 'value', expected: val('rate', exp.div(100)), found: heldRate(d) },
        fix: rateFix(d, rate),
      });
    }
  },
};

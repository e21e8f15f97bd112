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
      truncated: '执行率 {found} 是截尾所得，按四舍五入应为 {expected}（{executed} ÷ {budget}）。',
    },
    docs: '执行率 = 全年执行数 ÷ 全年预算数（调整后预算数，不是年初预算数），以百分数保留两位小数、四舍五入后比较。依据：财预〔2020〕10号《项目支出绩效评价管理办法》附件（项目支出绩效自评表“执行率”栏）及各省部门整体支出绩效自评表填报说明。截尾而非四舍五入的（如 12/13 填 92.30%）记为警告。',
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
        form, grid: form.grid, row: cell.row, col: cell.col, messageId: truncated ? 'truncated' : 'wrong',
        severity: truncated ? 'warning' : 'error',
        data: { executed: fmt2(numValue(form.budget!.executed)!), budget: fmt2(numValue(form.budget!.planned)!) },
        pair: { kind: 'value', expected: val('rate', exp.div(100)), found: heldRate(d) },
        fix: rateFix(d, rate),
      });
    }
  },
};

import { numValue } from '../forms/fields';
import type { Rule } from './types';
import { fmt2, held, numberFix, round2, val } from './util';

export const totalScore: Rule = {
  meta: {
    id: 'total-score',
    severity: 'error',
    title: '总分',
    messages: {
      partsAddUp: '总分应为 {expected} 分（{executionSource} {execution} + 各指标得分 {indicators}），表中填报 {found} 分。表中所填各项得分之和为 {declaredParts}，与填报总分一致，差异来自上面标出的错误得分。',
      partsDiffer: '总分应为 {expected} 分（{executionSource} {execution} + 各指标得分 {indicators}），表中填报 {found} 分；而且表中所填各项得分之和为 {declaredParts}，与填报总分也不一致。',
      executionUnknown: '预算执行部分的执行率得分未能识别（见该部分的提示），总分未复核；各指标得分之和为 {indicators} 分，表中填报总分 {found} 分。',
    },
  },
  check(ctx) {
    for (const form of ctx.performanceForms) {
      const c = form.computed;
      const cell = form.totalScore;
      const declared = numValue(cell);
      if (c && !c.total && cell && declared) {
        // No error rests on a guess: without the 执行率得分 the total is not recomputed; say so at the total.
        ctx.report({
          form, grid: form.grid, row: cell.row, col: cell.col, messageId: 'executionUnknown', severity: 'info',
          data: { indicators: fmt2(c.indicatorSum), found: fmt2(declared) },
        });
        continue;
      }
      if (!c?.total || !cell || !declared) continue;
      if (round2(declared).eq(c.total)) continue;
      // Recomputed when the 执行率 could be (a budget of 0 cannot): otherwise the filled-in score, said as such.
      const recomputedExecution = form.framework === 'old' ? null : c.executionScore;
      const execution = recomputedExecution ?? numValue(form.budget?.score);
      const executionSource = recomputedExecution ? '复核后的执行率得分' : execution ? '表中填报的执行率得分' : '执行率得分';
      const partsAddUp = c.declaredPartsSum !== null && c.declaredPartsSum.eq(round2(declared));
      ctx.report({
        form, grid: form.grid, row: cell.row, col: cell.col, messageId: partsAddUp ? 'partsAddUp' : 'partsDiffer',
        data: { executionSource, execution: execution ? fmt2(execution) : '0.00', indicators: fmt2(c.indicatorSum), declaredParts: fmt2(c.declaredPartsSum ?? c.total) },
        pair: { kind: 'value', expected: val('score', c.total), found: held(cell, 'score') },
        // A total written inside its label cell ("自评总分：97.5") is not overwritten by a bare number.
        ...(cell.embedded ? {} : { fix: numberFix(c.total) }),
      });
    }
  },
};

import type { Rule } from './types';
import { explainExecutionScore } from '../scoring/explain';
import { held, numberFix, round2, val } from './util';

export const executionScore: Rule = {
  meta: {
    id: 'execution-score',
    severity: 'error',
    title: '执行率得分',
    messages: {
      wrong: '执行率得分应为 {expected} 分（{explanation}），表中填报 {found} 分，请改正。',
    },
  },
  check(ctx) {
    for (const form of ctx.performanceForms) {
      const e = form.computed?.execution;
      const cell = form.budget?.score;
      if (!e || !cell?.read || form.framework === 'old') continue;
      const declared = round2(cell.read.value);
      if (declared.eq(e.score)) continue;
      ctx.report({
        form, grid: form.grid, row: cell.row, col: cell.col, messageId: 'wrong',
        data: { explanation: explainExecutionScore(e).text },
        pair: { kind: 'value', expected: val('score', e.score), found: held(cell, 'score') },
        fix: numberFix(e.score),
      });
    }
  },
};

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
    docs: '执行率得分 = 分值 × min(执行率, 100%)，用未经舍入的执行率计算，结果保留两位小数（四舍五入）；分值从表中读取（10 分或 20 分）。评分规则可改为分档计分（100% 得满分，[80%,100%) 得 7/10，[60%,80%) 得 5/10，以下 0 分）。依据：财预〔2020〕10号附件“预算执行率”评分说明及各省实施办法。',
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

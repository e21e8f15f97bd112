import { numValue } from '../forms/fields';
import type { Rule } from './types';
import { fmt2, held } from './util';
import { gt } from '../values';

export const indicatorScoreExceedsWeight: Rule = {
  meta: {
    id: 'indicator-score-exceeds-weight',
    severity: 'error',
    title: '得分超过分值',
    messages: {
      over: '“{name}”得分 {found} 超过其分值 {weight}，得分不能高于分值。',
      negative: '“{name}”得分 {found} 为负数，得分不能低于 0。',
      block: '“{block}”各项指标得分合计 {sum}，超过该一级指标的分值 {weight}（此表没有逐项分值，得分按一级指标的分值核对）。',
    },
  },
  check(ctx) {
    for (const form of ctx.performanceForms) {
      // Weights only in the 一级 labels (湖北 项目自评表): a block's scores together stay within its stated weight.
      const blockWeighted = form.unchecked.some((u) => u.part === 'indicator-weights');
      for (const block of form.blocks) {
        const sum = form.computed?.blockSums[form.blocks.indexOf(block)]?.declared;
        if (blockWeighted && block.declaredWeight && sum && gt(sum, block.declaredWeight)) {
          ctx.report({ form, grid: form.grid, row: block.cell.row, col: block.cell.col, messageId: 'block',
            data: { block: block.label.replace(/\s+/g, ''), sum: fmt2(sum), weight: fmt2(block.declaredWeight) } });
        }
        for (const row of block.rows) {
          const d = numValue(row.score);
          const w = numValue(row.weight);
          if (!d || !w || !row.score) continue;
          const name = row.name || `第${row.row + 1}行指标`;
          if (gt(d, w)) ctx.report({ form, grid: form.grid, row: row.score.row, col: row.score.col, messageId: 'over', data: { name, weight: fmt2(w) }, pair: { kind: 'value', found: held(row.score, 'score') } });
          else if (d.isNegative()) ctx.report({ form, grid: form.grid, row: row.score.row, col: row.score.col, messageId: 'negative', data: { name }, pair: { kind: 'value', found: held(row.score, 'score') } });
        }
      }
    }
  },
};

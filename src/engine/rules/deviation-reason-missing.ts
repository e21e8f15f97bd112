import { numValue } from '../forms/fields';
import { isEmptyText, lt } from '../values';
import type { Rule } from './types';
import { fmt2 } from './util';

export const deviationReasonMissing: Rule = {
  meta: {
    id: 'deviation-reason-missing',
    severity: 'warning',
    title: '缺少偏差原因',
    messages: {
      missing: '“{name}”得分 {score} 低于分值 {weight}，须在“偏差原因分析及改进措施”栏说明未完成的原因和改进措施。',
    },
  },
  check(ctx) {
    for (const form of ctx.performanceForms) {
      for (const block of form.blocks) {
        for (const row of block.rows) {
          const w = numValue(row.weight);
          const d = numValue(row.score);
          const r = row.computed?.score;
          if (!w) continue;
          const below = (d && lt(d, w)) || (r && lt(r, w));
          if (!below || !isEmptyText(row.reason)) continue;
          const reasonCell = row.reasonCell;
          if (!reasonCell) continue;
          const shown = d && lt(d, w) ? d : r!;
          ctx.report({
            form, grid: form.grid, row: reasonCell.row, col: reasonCell.col, messageId: 'missing',
            data: { name: row.name || `第${row.row + 1}行指标`, score: fmt2(shown), weight: fmt2(w) },
          });
        }
      }
    }
  },
};

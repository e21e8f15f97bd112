import { numValue } from '../forms/fields';
import type { Rule } from './types';
import { val } from './util';

export const weightSubtotal: Rule = {
  meta: {
    id: 'weight-subtotal',
    severity: 'error',
    title: '一级指标分值小计',
    messages: {
      mismatch: '“{block}”标注 {label} 分，但其下三级指标分值合计为 {sum} 分（{parts}），请调整分值或标注。',
    },
  },
  check(ctx) {
    for (const form of ctx.performanceForms) {
      form.blocks.forEach((block, i) => {
        const sums = form.computed?.blockSums[i];
        if (!block.declaredWeight || !sums || sums.weighted === 0) return;
        const total = sums.weight;
        if (total.eq(block.declaredWeight)) return;
        const weights = block.rows.map((r) => numValue(r.weight)).filter((w): w is NonNullable<typeof w> => w !== null);
        ctx.report({
          form, grid: form.grid, row: block.cell.row, col: block.cell.col, messageId: 'mismatch',
          data: { block: block.label.replace(/\s+/g, ''), parts: weights.map((w) => w.toString()).join('+') },
          pair: { kind: 'label-sum', label: val('weight', block.declaredWeight), sum: val('weight', total) },
        });
      });
    }
  },
};

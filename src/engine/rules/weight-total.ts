import { numValue } from '../forms/fields';
import type { Rule } from './types';
import { D, fmt2, val } from './util';

export const weightTotal: Rule = {
  meta: {
    id: 'weight-total',
    severity: 'error',
    title: '分值合计',
    messages: {
      mismatch: '全部指标分值 {indicators} 加执行率分值 {execution} 合计 {sum} 分，与总分行标注的分值 {label} 不一致。',
      sideLabel: '“{name}”标注绩效指标共 {label} 分，各一级指标分值合计 {sum} 分，两者不一致。',
    },
  },
  check(ctx) {
    for (const form of ctx.performanceForms) {
      // The side label's weight against the 一级 weights: the indicators' 分值 when filled, else (no 分值 column) the
      // weights the 一级 labels state.
      const side = form.indicatorsLabel;
      if (side && form.computed && form.framework !== 'old') {
        const rowWeights = form.computed.weightSum;
        const blockWeights = form.blocks.every((b) => b.declaredWeight) ? form.blocks.reduce((a, b) => a.plus(b.declaredWeight!), new D(0)) : null;
        const sum = !rowWeights.isZero() ? rowWeights : blockWeights;
        if (sum && !sum.isZero() && !sum.eq(side.weight)) {
          ctx.report({
            form, grid: form.grid, row: side.row, col: side.col, messageId: 'sideLabel', data: { name: side.label },
            pair: { kind: 'label-sum', label: val('weight', side.weight), sum: val('weight', sum) },
          });
        }
      }
      if (!form.computed || form.computed.blockSums.every((b) => b.weighted === 0)) continue;
      const declared = numValue(form.totalWeight);
      const cell = form.totalWeight;
      if (!declared || !cell) continue;
      const exec = form.framework === 'old' ? new D(0) : form.computed?.executionWeight ?? new D(0);
      const indicators = form.computed.weightSum;
      const total = indicators.plus(exec);
      if (total.eq(declared)) continue;
      ctx.report({
        form, grid: form.grid, row: cell.row, col: cell.col, messageId: 'mismatch',
        data: { indicators: fmt2(indicators), execution: fmt2(exec) },
        pair: { kind: 'label-sum', label: val('weight', declared), sum: val('weight', total) },
      });
    }
  },
};

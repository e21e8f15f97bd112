import { isEmptyText, type IndicatorValue } from '../values';
import type { Rule } from './types';
import { D, fmtPercent } from './util';

/** The measured value as a reviewer reads it: "250个" rather than the sentence it sits in. */
function measured(v: IndicatorValue): string {
  if (v.text.length <= 12 || !v.value) return v.text;
  return v.percent ? fmtPercent(v.value) : `${v.value.toString()}${v.unit}`;
}

export const overAchievement: Rule = {
  meta: {
    id: 'over-achievement',
    severity: 'warning',
    title: '超额完成未说明',
    messages: {
      over: '“{name}”实际 {actual} 达到指标值 {target} 的 {ratio}（≥{threshold}），属超额完成，须在偏差原因栏说明原因；指标值明显偏低的，评审可酌情扣分。',
    },
  },
  check(ctx) {
    for (const form of ctx.performanceForms) {
      for (const block of form.blocks) {
        for (const row of block.rows) {
          const c = row.computed;
          if (!c?.overAchieved || !c.ratio || !isEmptyText(row.reason)) continue;
          const cell = row.reasonCell ?? row.actualCell;
          if (!cell) continue;
          ctx.report({
            form, grid: form.grid, row: cell.row, col: cell.col, messageId: 'over',
            data: { name: row.name, actual: measured(row.actual), target: row.target.text, ratio: fmtPercent(c.ratio), threshold: fmtPercent(new D(ctx.policy.overAchievementThreshold)) },
          });
        }
      }
    }
  },
};

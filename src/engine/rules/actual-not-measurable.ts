import type { Rule } from './types';

export const actualNotMeasurable: Rule = {
  meta: {
    id: 'actual-not-measurable',
    severity: 'warning',
    title: '实际完成值不是实测值',
    messages: {
      comparison: '“{name}”的实际完成值“{actual}”是一个比较式，不是实际测得的数值，请填写实际完成的具体数值。',
      multi: '“{name}”的实际完成值“{actual}”含有多个数字，无法与指标值“{target}”比较，请填写一个与指标值同口径的数值。',
      unit: '“{name}”的指标值“{target}”与实际完成值“{actual}”计量单位不同，无法自动比较，请统一单位。',
    },
  },
  check(ctx) {
    for (const form of ctx.performanceForms) {
      for (const block of form.blocks) {
        for (const row of block.rows) {
          const why = row.computed?.notMeasurable;
          const cell = row.actualCell;
          if (!why || why === 'no-number' || !cell) continue;
          ctx.report({
            form, grid: form.grid, row: cell.row, col: cell.col,
            messageId: why === 'comparison' ? 'comparison' : why === 'multi' ? 'multi' : 'unit',
            severity: why === 'unit-mismatch' ? 'info' : 'warning',
            data: { name: row.name, actual: row.actual.text, target: row.target.text },
          });
        }
      }
    }
  },
};

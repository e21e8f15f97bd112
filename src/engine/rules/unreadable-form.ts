import type { Rule } from './types';

export const unreadableForm: Rule = {
  meta: {
    id: 'unreadable-form',
    severity: 'error',
    title: '无法识别的表格',
    messages: {
      missing: '这里看起来是一张绩效自评表，但缺少：{missing}，无法核对。请按标准表样补齐表头（一级指标、二级指标、三级指标、年度指标值、实际完成值、分值、得分）。',
    },
  },
  check(ctx) {
    for (const u of ctx.unreadable) {
      ctx.report({ grid: u.grid, row: u.cell.row, col: u.cell.col, messageId: 'missing', data: { missing: u.missing.join('、') } });
    }
  },
};

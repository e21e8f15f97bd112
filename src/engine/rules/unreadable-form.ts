import type { Rule } from './types';

export const unreadableForm: Rule = {
  meta: {
    id: 'unreadable-form',
    severity: 'error',
    title: '无法识别的表格',
    messages: {
      missing: '这里看起来是一张绩效自评表，但缺少：{missing}，无法核对。请按标准表样补齐表头（一级指标、二级指标、三级指标、年度指标值、实际完成值、分值、得分）。',
    },
    docs: '本工具按表头文字定位标准表样（财预〔2020〕10号附件项目支出绩效自评表、部门整体支出绩效自评表、基础数据表）。出现了表头的一部分但缺少计分必需的列时，给出一条提示，说明缺少什么，而不是静默跳过。',
  },
  check(ctx) {
    for (const u of ctx.unreadable) {
      ctx.report({ grid: u.grid, row: u.cell.row, col: u.cell.col, messageId: 'missing', data: { missing: u.missing.join('、') } });
    }
  },
};

import type { StatementRule } from './types';

export const reportTableUnread: StatementRule = {
  meta: {
    id: 'report-table-unread',
    severity: 'info',
    title: '报告表格中的数字未核对',
    messages: {
      unread: '第{table}个表格（第{paragraph}段之后）中的数字未能识别含义，未核对，请人工对照自评表。',
      outOfScope: '第{table}个表格（第{paragraph}段之后）在“{heading}”下，属于单个项目或其他资金，未与自评表核对，请人工对照。',
    },
    docs:
      '报告表格中的数字按表头（年初预算数、全年预算数、全年执行数、执行率、分值、得分等）和行名（年度资金总额、合计、基本支出、项目支出、人员经费、公用经费、“三公”经费及其构成等）确定含义后，与段落中的数字一样由 report-figure 等规则核对。含有数字、却没有一个数字能确定含义的表格（例如决算报表的科目明细），以及位于单个项目或政府性基金等其他资金标题下的表格，在此提示“未核对”，不默默跳过；只有文字或没有数字的表格不提示。依据：自评报告应与自评表一致（issue 16），未核对的内容须明示。',
  },
  check(ctx) {
    for (const t of ctx.statement.uncheckedTables ?? []) {
      ctx.report({ table: t.table, messageId: t.reason, data: t.reason === 'outOfScope' ? { heading: t.heading ?? '' } : {} });
    }
  },
};

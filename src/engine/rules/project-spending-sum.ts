import type { Rule } from './types';
import { checkRowSum, sectionStructure } from './basic-sums';

export const projectSpendingSum: Rule = {
  meta: {
    id: 'project-spending-sum',
    severity: 'error',
    title: '项目支出合计',
    messages: {
      mismatch: '{column}：“{row}” {found} 与其明细 {parts} = {expected} 不一致，请补全明细或改正合计。',
      tail: '{column}：“{row}” {found} 与其明细 {parts} = {expected} 相差 0.01，属万元取整尾差。',
    },
    docs: '基础数据表中“项目支出”应等于业务工作经费、运行维护经费及各专项资金（一个专项一行）之和；带有下级明细的专项行应等于其明细之和。依据：部门整体支出绩效评价基础数据表填报说明（“项目支出”需填报基本支出以外的所有项目支出）、财预〔2013〕53号。',
  },
  check(ctx) {
    for (const form of ctx.basicForms) {
      const { total, items } = sectionStructure(form, 'project');
      if (!total) continue;
      const ids = { mismatch: 'mismatch', tail: 'tail' };
      checkRowSum(ctx, form, total, items.map((i) => i.item), ids);
      for (const { item, subs } of items) checkRowSum(ctx, form, item, subs, ids);
    }
  },
};

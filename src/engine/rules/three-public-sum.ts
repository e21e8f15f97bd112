import type { Rule } from './types';
import { checkRowSum, sectionStructure } from './basic-sums';

export const threePublicSum: Rule = {
  meta: {
    id: 'three-public-sum',
    severity: 'error',
    title: '三公经费合计',
    messages: {
      mismatch: '{column}：“{row}” {found} 与其组成 {parts} = {expected} 不一致。',
      tail: '{column}：“{row}” {found} 与其组成 {parts} = {expected} 相差 0.01，属万元取整尾差，请核对或加注说明。',
    },
    docs: '三公经费 = 公务用车购置和维护经费（= 公车购置 + 公车运行维护）+ 出国经费 + 公务接待，上年决算、本年预算、本年决算三列分别核对。相差 0.01 万元为尾差（警告）。依据：财预〔2013〕53号共性指标体系框架（“三公经费”变动率）及部门整体支出绩效评价基础数据表。',
  },
  check(ctx) {
    for (const form of ctx.basicForms) {
      const { total, items } = sectionStructure(form, 'three');
      if (!total) continue;
      const ids = { mismatch: 'mismatch', tail: 'tail' };
      checkRowSum(ctx, form, total, items.map((i) => i.item), ids);
      for (const { item, subs } of items) checkRowSum(ctx, form, item, subs, ids);
    }
  },
};

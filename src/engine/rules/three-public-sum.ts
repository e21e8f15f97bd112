import type { Rule } from './types';
import { checkEmptyTotal, checkRowSum, sectionStructure } from './basic-sums';

export const threePublicSum: Rule = {
  meta: {
    id: 'three-public-sum',
    severity: 'error',
    title: '三公经费合计',
    messages: {
      totalEmpty: '“{row}”的合计未填写（{columns}），其组成合计分别为 {sums}：请填写合计，否则无法核对。',
      mismatch: '{column}：“{row}” {found} 与其组成 {parts} = {expected} 不一致。',
      tail: '{column}：“{row}” {found} 与其组成 {parts} = {expected} 相差 0.01，属万元取整尾差，请核对或加注说明。',
      tailYuan: '{column}：“{row}” {found} 与其组成 {parts} = {expected} 相差 {diff} 元（不超过 0.01 万元），可能是由万元折算为元时的取整尾差，请核对或加注说明。',
    },
  },
  check(ctx) {
    for (const form of ctx.basicForms) {
      const { total, items } = sectionStructure(form, 'three');
      if (!total) continue;
      const ids = { mismatch: 'mismatch', tail: 'tail', tailYuan: 'tailYuan' };
      checkRowSum(ctx, form, total, items.map((i) => i.item), ids);
      checkEmptyTotal(ctx, form, total, items.map((i) => i.item), 'totalEmpty');
      for (const { item, subs } of items) checkRowSum(ctx, form, item, subs, ids);
    }
  },
};

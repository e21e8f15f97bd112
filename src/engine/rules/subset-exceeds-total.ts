import { numValue } from '../forms/fields';
import type { Rule } from './types';
import { checkEmptyTotal } from './basic-sums';
import { fmt2, held, sum } from './util';

export const subsetExceedsTotal: Rule = {
  meta: {
    id: 'subset-exceeds-total',
    severity: 'error',
    title: '“其中”项超过合计',
    messages: {
      exceeds: '{column}：“{row}” {found} 小于其“其中”各项之和（{parts}），“其中”项只是部分，不能超过合计。',
      totalEmpty: '“{row}”未填写（{columns}），而其“其中”各项已填写（合计分别为 {sums}）：请填写“{row}”，否则无法核对。',
    },
  },
  check(ctx) {
    for (const form of ctx.basicForms) {
      const rows = form.rows.filter((r) => r.section === 'public');
      const total = rows.find((r) => r.role === 'total');
      const partials = rows.filter((r) => r.role === 'partial');
      if (!total || partials.length === 0) continue;
      checkEmptyTotal(ctx, form, total, partials, 'totalEmpty');
      form.columns.forEach((column, i) => {
        const t = total.values[i];
        const tv = numValue(t);
        const values = partials.map((p) => numValue(p.values[i])).filter((v): v is NonNullable<typeof v> => v !== null);
        if (!t || !tv || values.length === 0) return;
        const s = sum(values);
        if (!s.gt(tv)) return;
        ctx.report({
          form, grid: form.grid, row: t.row, col: t.col, messageId: 'exceeds',
          data: { column: column.label.replace(/\s+/g, ''), row: total.label.trim(), parts: values.map((v) => fmt2(v)).join(' + ') },
          pair: { kind: 'value', found: held(t, 'amount') },
        });
      });
    }
  },
};

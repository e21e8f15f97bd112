import { numValue } from '../forms/fields';
import type { Rule } from './types';
import { heldRate, pct2, rateFix, truncPct2, val } from './util';

export const staffingControlRate: Rule = {
  meta: {
    id: 'staffing-control-rate',
    severity: 'error',
    title: '在职人员控制率',
    messages: {
      wrong: '在职人员控制率应为 {expected}（实际在职人数 {actual} ÷ 编制数 {authorised}），表中填报 {found}。',
      truncated: '在职人员控制率 {found} 是截尾所得，按四舍五入应为 {expected}（{actual} ÷ {authorised}）。',
    },
  },
  check(ctx) {
    for (const form of ctx.basicForms) {
      const s = form.staffing;
      const authorised = numValue(s?.authorised);
      const actual = numValue(s?.actual);
      const rate = form.computed?.staffingRate;
      const d = form.computed?.declaredStaffingRate;
      if (!s?.rate || !d || !rate || !authorised || !actual) continue;
      if (pct2(rate).eq(pct2(d.fraction))) continue;
      const truncated = truncPct2(rate).eq(pct2(d.fraction));
      ctx.report({
        form, grid: form.grid, row: s.rate.row, col: s.rate.col, messageId: truncated ? 'truncated' : 'wrong',
        severity: truncated ? 'warning' : 'error', data: { actual: actual.toString(), authorised: authorised.toString() },
        pair: { kind: 'value', expected: val('rate', pct2(rate).div(100)), found: heldRate(d) },
        fix: rateFix(d, rate),
      });
    }
  },
};

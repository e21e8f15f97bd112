import { isErrorValue } from '../values';
import type { Rule } from './types';
import { forEachFormCell } from './util';

export const formulaError: Rule = {
  meta: {
    id: 'formula-error',
    severity: 'error',
    title: '公式错误值',
    messages: {
      error: '单元格显示错误值 {found}{formula}，该项无法核对，请修正公式或改填数值。',
    },
  },
  check(ctx) {
    for (const form of ctx.forms) {
      forEachFormCell(form, (v, r, c) => {
        if (!isErrorValue(v)) return;
        const f = form.grid.formula(r, c);
        ctx.report({ form, grid: form.grid, row: r, col: c, messageId: 'error', data: { formula: f ? `（公式 ${f}）` : '' }, pair: { kind: 'value', found: { kind: 'text', value: String(v) } } });
      });
    }
  },
};

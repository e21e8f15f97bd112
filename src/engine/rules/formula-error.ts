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
    docs: '表内单元格出现 #DIV/0!、#REF!、#VALUE!、#N/A 等错误值时，相关执行率、得分和合计都无法成立，必须修正。常见原因：全年预算数为 0 或空导致除零、引用的行被删除。',
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

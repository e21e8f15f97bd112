import type { Rule } from './types';
import { a1 } from '../grid';

export const numberStoredAsText: Rule = {
  meta: {
    id: 'number-stored-as-text',
    severity: 'warning',
    title: '数字存为文本',
    messages: {
      text: '单元格中的“{text}”是以文本形式存储的数字，Excel 求和时会忽略它，请转换为数字。',
    },
  },
  check(ctx) {
    for (const form of ctx.forms) {
      const seen = new Set<string>();
      for (const cell of form.numericCells) {
        if (!cell.read?.fromText || cell.embedded) continue;
        const key = a1(cell.row, cell.col);
        if (seen.has(key)) continue;
        seen.add(key);
        const text = String(cell.raw).trim();
        const r = cell.read;
        // 改正 writes the same number as a number ("96.62%" as text → 0.9662 under a % format).
        ctx.report({
          form, grid: form.grid, row: cell.row, col: cell.col, messageId: 'text', data: { text },
          pair: { kind: 'value', found: { kind: 'text', value: text } },
          fix: r.percent && !r.percentFormat ? { value: r.value.toNumber(), numberFormat: '0.00%' } : { value: r.value.toNumber() },
        });
      }
    }
  },
};

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
    docs: '金额、分值、得分、比率应以数字存储；以文本存储的数字（常见于从系统导出或前面带空格、撇号的数据）不参与 SUM 等公式计算，导致合计偏差。依据：Excel 数据规范；自评表各数值栏的填报要求。',
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

import type { Rule } from './types';
import { forEachFormCell, isTemplatePlaceholder, isUnusedTemplateRow } from './util';
const INSTRUCTION = /(请填写|请输入|填写说明|（填写|\(填写|此处填写|示例[:：]|例[:：])/;

export const templateTextLeft: Rule = {
  meta: {
    id: 'template-text-left',
    severity: 'warning',
    title: '模板文字未替换',
    messages: {
      placeholder: '单元格仍是模板占位文字“{text}”，请替换为实际内容。',
      instruction: '单元格中保留了模板的填写说明“{text}”，请删除说明并填写实际内容。',
      unusedRow: '“{text}”是模板中没有用上的指标行（指标值、完成值、分值和得分都是空的），请删除这一行，或把它填写完整。',
    },
  },
  check(ctx) {
    for (const form of ctx.forms) {
      const unused = new Set<string>();
      if (form.kind !== 'basic-data') {
        for (const block of form.blocks) for (const row of block.rows) if (isUnusedTemplateRow(row, form.grid)) unused.add(`${row.nameCell.row},${row.nameCell.col}`);
      }
      forEachFormCell(form, (v, r, c) => {
        if (typeof v !== 'string' || v.length > 300) return;
        const t = v.trim();
        if (!t) return;
        const id = unused.has(`${r},${c}`) ? 'unusedRow' : isTemplatePlaceholder(t) ? 'placeholder' : INSTRUCTION.test(t) ? 'instruction' : null;
        if (id) ctx.report({ form, grid: form.grid, row: r, col: c, messageId: id, data: { text: t.length > 30 ? t.slice(0, 30) + '…' : t } });
      });
    }
  },
};

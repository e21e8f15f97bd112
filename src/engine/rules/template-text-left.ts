import type { Rule } from './types';
import { forEachFormCell } from './util';

const PLACEHOLDER = /^(指标\s*\d+|三级指标\s*\d+|[….。]{2,}|x{2,}|X{2,}|×{2,}|XX.*|xx.*)$/;
const INSTRUCTION = /(请填写|请输入|填写说明|（填写|\(填写|此处填写|示例[:：]|例[:：])/;

export const templateTextLeft: Rule = {
  meta: {
    id: 'template-text-left',
    severity: 'warning',
    title: '模板文字未替换',
    messages: {
      placeholder: '单元格仍是模板占位文字“{text}”，请替换为实际内容。',
      instruction: '单元格中保留了模板的填写说明“{text}”，请删除说明并填写实际内容。',
    },
  },
  check(ctx) {
    for (const form of ctx.forms) {
      forEachFormCell(form, (v, r, c) => {
        if (typeof v !== 'string' || v.length > 300) return;
        const t = v.trim();
        if (!t) return;
        const id = PLACEHOLDER.test(t) ? 'placeholder' : INSTRUCTION.test(t) ? 'instruction' : null;
        if (id) ctx.report({ form, grid: form.grid, row: r, col: c, messageId: id, data: { text: t.length > 30 ? t.slice(0, 30) + '…' : t } });
      });
    }
  },
};

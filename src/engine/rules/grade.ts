import type { Rule } from './types';

/** Maps the words people write to the grade names of the policy. */
export function normalizeGrade(text: string): string {
  const t = text.replace(/[\s"'“”‘’「」]/g, '');
  if (/^(优|优秀)$/.test(t)) return '优';
  if (/^(良|良好)$/.test(t)) return '良';
  if (/^(中|中等|合格|一般)$/.test(t)) return '中';
  if (/^(差|较差|不合格)$/.test(t)) return '差';
  return t;
}

export const grade: Rule = {
  meta: {
    id: 'grade',
    severity: 'error',
    title: '评价等级',
    messages: {
      wrong: '按复核总分 {total} 分，评价等级应为“{expected}”，表中填报“{found}”。',
    },
  },
  check(ctx) {
    for (const form of ctx.performanceForms) {
      const g = form.grade;
      const c = form.computed;
      if (!g || !g.text || !c?.grade || !c.total) continue;
      const declared = normalizeGrade(g.text);
      if (declared === c.grade) continue;
      ctx.report({ form, grid: form.grid, row: g.row, col: g.col, messageId: 'wrong', data: { total: c.total.toFixed(2) },
        pair: { kind: 'value', expected: { kind: 'grade', value: c.grade }, found: { kind: 'text', value: g.text } }, fix: { value: c.grade } });
    }
  },
};

import type { FindingPair } from '../types';
import type { Rule } from './types';

/** A year in a label: the label holds the found year as part of its text. */
function yearPair(expected: number, found: number | null): FindingPair {
  return { kind: 'value', expected: { kind: 'text', value: String(expected) }, found: { kind: 'text', value: String(found) } };
}

export const yearMismatch: Rule = {
  meta: {
    id: 'year-mismatch',
    severity: 'warning',
    title: '年度不一致',
    messages: {
      column: '“{label}”的年度为 {found} 年，本表为 {year} 年度，应为 {expected} 年。',
      buildings: '“{label}”应填报本年（{expected} 年）完工项目，表中写的是 {found} 年。',
    },
  },
  check(ctx) {
    for (const form of ctx.basicForms) {
      const year = form.year;
      if (!year) continue;
      for (const col of form.columns) {
        if (!col.year) continue;
        const expected = col.kind === 'previous' ? year - 1 : year;
        if (col.year !== expected) {
          ctx.report({ form, grid: form.grid, row: col.cell.row, col: col.cell.col, messageId: 'column', data: { label: col.label.replace(/\s+/g, ''), year }, pair: yearPair(expected, col.year) });
        }
      }
      const s = form.staffing;
      if (s?.actualLabel && s.actualLabelYear && s.actualLabelYear !== year) {
        ctx.report({ form, grid: form.grid, row: s.actualLabel.row, col: s.actualLabel.col, messageId: 'column', data: { label: '实际在职人数', year }, pair: yearPair(year, s.actualLabelYear) });
      }
      const b = form.buildingsLabel;
      if (b?.year && b.year !== year) {
        ctx.report({ form, grid: form.grid, row: b.cell.row, col: b.cell.col, messageId: 'buildings', data: { label: b.text.replace(/\s+/g, '') }, pair: yearPair(year, b.year) });
      }
    }
  },
};

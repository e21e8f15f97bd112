import { numValue } from '../forms/fields';
import type { Rule } from './types';
import { compareSum, held, val } from './util';

export const crossSheetMismatch: Rule = {
  meta: {
    id: 'cross-sheet-mismatch',
    severity: 'error',
    title: '基础数据表与自评表不一致',
    messages: {
      projectSpending: '基础数据表“项目支出”本年决算数 {found} 与“{sheet}”中按支出性质的项目支出 {expected} 不一致，两表应一致。',
      year: '基础数据表为 {found} 年度，而“{sheet}”为 {expected} 年度，请确认两表属于同一年度。',
    },
    crossSheet: ['basic-data', 'overall'],
  },
  check(ctx) {
    const overall = ctx.performanceForms.filter((f) => f.kind === 'overall');
    for (const basic of ctx.basicForms) {
      const target = overall.find((f) => f.year === basic.year) ?? overall[0];
      if (!target) continue;
      if (basic.year && target.year && basic.year !== target.year) {
        const cell = basic.titleCell ?? basic.columns[0]?.cell;
        if (cell) ctx.report({ form: basic, grid: basic.grid, row: cell.row, col: cell.col, messageId: 'year', data: { sheet: target.sheet }, pair: { kind: 'value', expected: { kind: 'text', value: String(target.year) }, found: { kind: 'text', value: String(basic.year) } } });
      }
      const actualIdx = basic.columns.findIndex((c) => c.kind === 'actual');
      const projectRow = basic.rows.find((r) => r.section === 'project' && r.role === 'total');
      const basicValue = actualIdx >= 0 ? projectRow?.values[actualIdx] : null;
      const bv = numValue(basicValue);
      const item = target.budget?.funds.find((f) => f.name === '项目支出');
      const formCell = item?.values.find((v) => v.column === 'executed' || v.column === 'other')?.cell;
      const fv = numValue(formCell);
      if (!basicValue || !bv || !fv) continue;
      const verdict = compareSum(fv, bv, ctx.policy);
      if (verdict === 'ok') continue;
      ctx.report({
        form: basic, grid: basic.grid, row: basicValue.row, col: basicValue.col, messageId: 'projectSpending',
        severity: verdict === 'tail' ? 'warning' : 'error', data: { sheet: target.sheet }, pair: { kind: 'value', expected: val('amount', fv), found: held(basicValue, 'amount') },
      });
    }
  },
};

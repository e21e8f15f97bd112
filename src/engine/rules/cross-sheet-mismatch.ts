import { numValue } from '../forms/fields';
import type { AmountUnitName } from '../values';
import { fromWan, inWan, YUAN_PER_WAN } from '../values';
import type { Rule } from './types';
import { compareSum, fmt2, held, val, type Dec } from './util';
import type { NumCell } from '../forms/model';

/**
 * A figure as its cell holds it, for a message: the number as written inside a label ("项目支出：184.49" → 184.49),
 * the text when stored as text, else 2 dp.
 */
function shown(cell: NumCell, value: Dec): string {
  if (cell.embedded) return cell.read ? String(cell.read.raw) : fmt2(value);
  return cell.read?.fromText ? String(cell.raw ?? '').trim() : fmt2(value);
}

export const crossSheetMismatch: Rule = {
  meta: {
    id: 'cross-sheet-mismatch',
    severity: 'error',
    title: '基础数据表与自评表不一致',
    messages: {
      projectSpending: '基础数据表“项目支出”本年决算数 {found} 与“{sheet}”中按支出性质的项目支出 {expected} 不一致，两表应一致。',
      projectSpendingUnits:
        '基础数据表“项目支出”本年决算数 {basicFigure} 与“{sheet}”中按支出性质的项目支出 {formFigure} 不一致（两表金额单位不同，已折算为万元比较：{basicWan} 万元与 {formWan} 万元），两表应一致。',
      projectSpendingUnitUnstated:
        '基础数据表“项目支出”本年决算数 {basicFigure} 与“{sheet}”中按支出性质的项目支出 {formFigure} 相差正好一万倍：若一表以元、另一表以万元填报，两数一致（折合 {wan} 万元），否则两表不一致。请在表头注明金额单位（如“单位：万元”），以便核对。',
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
      if (!basicValue || !formCell || !bv || !fv) continue;
      const ub = basic.amountUnit?.unit ?? null;
      const uf = target.amountUnit?.unit ?? null;
      const at = { form: basic, grid: basic.grid, row: basicValue.row, col: basicValue.col };
      const withUnit = (cell: NumCell, v: Dec, unit: AmountUnitName | null) => `${shown(cell, v)}${unit ?? ''}`;
      if (ub && uf && ub !== uf) {
        // Both forms state their unit and they differ: compare in 万元; each figure is shown as held, with its unit.
        const bw = inWan(bv, ub);
        const fw = inWan(fv, uf);
        const verdict = compareSum(fw, bw, ctx.policy);
        if (verdict === 'ok') continue;
        ctx.report({
          ...at, messageId: 'projectSpendingUnits', severity: verdict === 'tail' ? 'warning' : 'error',
          data: { sheet: target.sheet, basicFigure: withUnit(basicValue, bv, ub), formFigure: withUnit(formCell, fv, uf), basicWan: fmt2(bw), formWan: fmt2(fw) },
          // expected: what the basic cell should hold, in its own unit.
          pair: { kind: 'value', expected: val('amount', fromWan(fw, ub)), found: held(basicValue, 'amount') },
        });
        continue;
      }
      const verdict = compareSum(fv, bv, ctx.policy);
      if (verdict === 'ok') continue;
      // A unit unstated on either side and the figures one 万 apart: they agree if one form is in 元, the other in
      // 万元. That is not an error to claim; the clerk is asked to state the unit.
      if (!ub || !uf) {
        const wan = compareSum(fv, bv.div(YUAN_PER_WAN), ctx.policy) === 'ok' ? fv : compareSum(bv, fv.div(YUAN_PER_WAN), ctx.policy) === 'ok' ? bv : null;
        if (wan) {
          ctx.report({
            ...at, messageId: 'projectSpendingUnitUnstated', severity: 'warning',
            data: { sheet: target.sheet, basicFigure: withUnit(basicValue, bv, ub), formFigure: withUnit(formCell, fv, uf), wan: fmt2(wan) },
            pair: { kind: 'value', found: held(basicValue, 'amount') },
          });
          continue;
        }
      }
      ctx.report({
        ...at, messageId: 'projectSpending',
        severity: verdict === 'tail' ? 'warning' : 'error', data: { sheet: target.sheet }, pair: { kind: 'value', expected: val('amount', fv), found: held(basicValue, 'amount') },
      });
    }
  },
};

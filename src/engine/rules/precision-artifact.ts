import type { Rule, RuleContext } from './types';
import type { FormModel, IndicatorRow, NumCell, PerformanceForm } from '../forms/model';
import { a1 } from '../grid';
import { D, numberFix, val } from './util';

/** A computed actual/target value left unrounded in its cell ("0.966190794699218"). */
function checkValueCell(ctx: RuleContext, form: PerformanceForm, row: IndicatorRow, which: 'actual' | 'target', once: (row: number, col: number) => boolean) {
  const c = which === 'actual' ? row.actualCell : row.targetCell;
  if (!c) return;
  const raw = form.grid.raw(c.row, c.col);
  if (typeof raw !== 'number') return;
  const digits = (String(raw).split('.')[1] ?? '').length;
  if (digits <= 4 || !once(c.row, c.col)) return;
  const v = which === 'actual' ? row.actual : row.target;
  const found = { kind: 'text', value: String(raw) } as const;
  if (v.percent || raw <= 1) {
    // A fraction (a rate): rounded to 2 decimals of percent, in the cell's own scale.
    const fraction = v.value!.mul(100).toDecimalPlaces(2, D.ROUND_HALF_UP).div(100);
    const rounded = v.percent ? fraction : new D(raw).toDecimalPlaces(4, D.ROUND_HALF_UP);
    ctx.report({ form, grid: form.grid, row: c.row, col: c.col, messageId: 'value', pair: { kind: 'value', expected: val('rate', fraction), found }, fix: { value: rounded.toNumber() } });
    return;
  }
  ctx.report({ form, grid: form.grid, row: c.row, col: c.col, messageId: 'value', pair: { kind: 'value', expected: val('amount', v.value!), found }, fix: numberFix(v.value!) });
}

function declaredScale(form: FormModel, cell: NumCell): 'fraction' | 'points' | null {
  const d = form.kind === 'basic-data' ? form.computed?.declaredStaffingRate : form.computed?.declaredRate;
  return d && d.cell.row === cell.row && d.cell.col === cell.col ? d.scale : null;
}

export const precisionArtifact: Rule = {
  meta: {
    id: 'precision-artifact',
    severity: 'warning',
    title: '未取整的数值',
    messages: {
      decimals: '数值 {found} 含 {digits} 位小数（未取整或浮点计算残留），金额、分值应保留两位小数，显示为 {expected}。',
      fraction: '比率 {held} 以小数填写，请把单元格格式设置为 {numberFormat}（百分比、两位小数），数值不变，显示为 {shown}；不要改填 {points}，那样会显示为 {wrong}。',
      value: '实际完成值 {found} 是未取整的计算结果，应填写取整后的数值（如 {expected}）。',
    },
  },
  check(ctx) {
    for (const form of ctx.forms) {
      const seen = new Set<string>();
      const once = (row: number, col: number) => {
        const k = a1(row, col);
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      };
      for (const cell of form.numericCells) {
        const role = cell.role;
        const r = cell.read;
        // Numbers stored as text keep this check (number-stored-as-text reports the storage separately).
        if (!r || cell.embedded || (typeof cell.raw !== 'number' && typeof cell.raw !== 'string')) continue;
        if (role === 'rate') {
          // The scale the rate was read with (percent points typed without % are not a fraction).
          if (declaredScale(form, cell) === 'points') continue;
          // 0 reads the same as 0% in any format: nothing to say (安徽 池州: a 年度资金总额 row of zeros).
          if (!r.percent && !r.percentFormat && !r.value.isZero() && r.value.abs().lte('1.5') && once(cell.row, cell.col)) {
            const points = r.value.mul(100).toDecimalPlaces(2, D.ROUND_HALF_UP);
            ctx.report({
              form, grid: form.grid, row: cell.row, col: cell.col, messageId: 'fraction',
              data: { held: String(cell.raw).trim(), shown: `${points.toFixed(2)}%`, points: points.toString(), wrong: `${points.mul(100).toFixed(2)}%` },
              pair: { kind: 'format', numberFormat: '0.00%' },
              // A text cell becomes the same number; a number cell keeps its value, only the format changes.
              fix: r.fromText ? { value: r.value.toNumber(), numberFormat: '0.00%' } : { numberFormat: '0.00%' },
            });
          }
          continue;
        }
        if (r.decimalsStored > 2 && once(cell.row, cell.col)) {
          ctx.report({
            form, grid: form.grid, row: cell.row, col: cell.col, messageId: 'decimals', data: { digits: r.decimalsStored },
            pair: { kind: 'value', expected: val(role === 'score' || role === 'weight' ? role : 'amount', r.value.toDecimalPlaces(2, D.ROUND_HALF_UP)), found: { kind: 'text', value: String(cell.raw).trim() } },
            fix: numberFix(r.value),
          });
        }
      }
      if (form.kind === 'basic-data') continue;
      for (const block of form.blocks) {
        for (const row of block.rows) {
          checkValueCell(ctx, form, row, 'actual', once);
          checkValueCell(ctx, form, row, 'target', once);
        }
      }
    }
  },
};

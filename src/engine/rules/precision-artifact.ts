import type { Rule, RuleContext } from './types';
import type { IndicatorRow, PerformanceForm } from '../forms/model';
import { a1 } from '../grid';
import { fmt2, fmtPercent } from './util';

/** A computed actual/target value left unrounded in its cell ("0.966190794699218"). */
function checkValueCell(ctx: RuleContext, form: PerformanceForm, row: IndicatorRow, which: 'actual' | 'target', once: (row: number, col: number) => boolean) {
  const c = which === 'actual' ? row.actualCell : row.targetCell;
  if (!c) return;
  const raw = form.grid.raw(c.row, c.col);
  if (typeof raw !== 'number') return;
  const digits = (String(raw).split('.')[1] ?? '').length;
  if (digits <= 4 || !once(c.row, c.col)) return;
  const v = which === 'actual' ? row.actual : row.target;
  const shown = v.percent || raw <= 1 ? fmtPercent(v.value!) : fmt2(v.value!);
  ctx.report({ form, grid: form.grid, row: c.row, col: c.col, messageId: 'value', found: String(raw), expected: shown });
}

export const precisionArtifact: Rule = {
  meta: {
    id: 'precision-artifact',
    severity: 'warning',
    title: '未取整的数值',
    messages: {
      decimals: '数值 {found} 含 {digits} 位小数（未取整或浮点计算残留），金额、分值应保留两位小数，显示为 {expected}。',
      fraction: '比率填为小数 {found}，应设置为百分比格式并保留两位小数，显示为 {expected}。',
      value: '实际完成值 {found} 是未取整的计算结果，应填写取整后的数值（如 {expected}）。',
    },
    docs: '金额（万元）、分值和得分保留两位小数；比率（执行率、控制率）以百分数显示两位小数。表中出现 2210.109493、9.15088499999996 这类未取整或浮点残留的数值，说明是直接粘贴的计算结果，公开后各项合计与显示值对不上；“0.9661907”这样的小数应显示为 96.62%。依据：各地预决算公开及绩效自评表“金额单位：万元（保留两位小数）”的填报要求。',
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
        if (!r || cell.embedded || typeof cell.raw !== 'number') continue;
        if (role === 'rate') {
          if (!r.percent && !r.percentFormat && r.value.abs().lte('1.5') && once(cell.row, cell.col)) {
            ctx.report({ form, grid: form.grid, row: cell.row, col: cell.col, messageId: 'fraction', found: String(cell.raw), expected: fmtPercent(r.value) });
          }
          continue;
        }
        if (r.decimalsStored > 2 && once(cell.row, cell.col)) {
          ctx.report({ form, grid: form.grid, row: cell.row, col: cell.col, messageId: 'decimals', data: { digits: r.decimalsStored }, found: String(cell.raw), expected: fmt2(r.value) });
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

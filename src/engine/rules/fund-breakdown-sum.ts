import { numValue } from '../forms/fields';
import type { BudgetColumn, FundItem, NumCell, PerformanceForm } from '../forms/model';
import type { Rule, RuleContext } from './types';
import { compareSum, fmt2, tailInYuan, val } from './util';
import { sumBy } from '../values';

const COLUMN_NAME: Record<BudgetColumn, string> = { initial: '年初预算数', budget: '全年预算数', executed: '全年执行数', other: '全年执行数' };
const GROUP_NAME = { income: '按收入性质分', expense: '按支出性质分', project: '资金来源（当年财政拨款/上年结转/其他资金）' };

const COLUMNS: readonly BudgetColumn[] = ['initial', 'budget', 'executed', 'other'];

function checkGroup(ctx: RuleContext, form: PerformanceForm, group: 'income' | 'expense' | 'project', items: FundItem[]) {
  const b = form.budget!;
  const declaredGroup = b.groups.find((g) => g.group === group)?.declaredTotal ?? null;
  const totals: Record<BudgetColumn, NumCell | null> = { initial: b.initial, budget: b.planned, executed: b.executed, other: declaredGroup ?? b.executed };
  for (const column of COLUMNS) {
    const cells: { item: FundItem; cell: NumCell }[] = [];
    for (const item of items) for (const v of item.values) if (v.column === column && v.cell.read) cells.push({ item, cell: v.cell });
    if (cells.length === 0) continue;
    const total = numValue(totals[column]);
    if (!total) continue;
    const parts = sumBy(cells, (c) => c.cell.read!.value);
    const verdict = compareSum(total, parts, ctx.policy, form.amountUnit?.unit);
    if (verdict === 'ok') continue;
    const last = cells[cells.length - 1]!;
    const tail = tailInYuan(form, total, parts);
    // One part filled in is no sum: "只填了当年财政拨款 90.00，与年初预算数 0.00 不一致", not "90.00 = 90.00".
    ctx.report({
      form, grid: form.grid, row: last.cell.row, col: last.cell.col, messageId: verdict === 'tail' ? (tail.yuan ? 'tailYuan' : 'tail') : cells.length === 1 ? 'mismatchOne' : 'mismatch',
      severity: verdict === 'tail' ? 'warning' : 'error',
      data: { ...(verdict === 'tail' && tail.yuan ? { diff: tail.diff } : {}), group: GROUP_NAME[group], parts: cells.map((c) => `${c.item.name} ${fmt2(c.cell.read!.value)}`).join(' + '), column: declaredGroup && column === 'other' ? GROUP_NAME[group] + '合计' : COLUMN_NAME[column] },
      pair: { kind: 'label-sum', label: val('amount', total), sum: val('amount', parts) },
    });
  }
  // "按收入性质分：518.94" must itself equal 全年执行数.
  const exec = numValue(b.executed);
  const g = numValue(declaredGroup);
  if (declaredGroup && g && exec) {
    const v = compareSum(exec, g, ctx.policy, form.amountUnit?.unit);
    if (v !== 'ok') {
      ctx.report({
        form, grid: form.grid, row: declaredGroup.row, col: declaredGroup.col, messageId: 'group',
        severity: v === 'tail' ? 'warning' : 'error', data: { group: GROUP_NAME[group] },
        pair: { kind: 'label-sum', label: val('amount', g), sum: val('amount', exec) },
      });
    }
  }
}

export const fundBreakdownSum: Rule = {
  meta: {
    id: 'fund-breakdown-sum',
    severity: 'error',
    title: '资金构成合计',
    messages: {
      mismatch: '{group}：{parts} = {sum}，与{column} {label} 不一致，请核对各项金额。',
      mismatchOne: '{group}：只填了{parts}，与{column} {label} 不一致，请核对各项金额。',
      tail: '{group}：{parts} = {sum}，与{column} {label} 相差 0.01，属万元取整的尾差，请核对或加注说明。',
      tailYuan: '{group}：{parts} = {sum}，与{column} {label} 相差 {diff} 元（不超过 0.01 万元），可能是由万元折算为元时的取整尾差，请核对或加注说明。',
      group: '{group}标注的合计 {label} 与全年执行数 {sum} 不一致。',
    },
  },
  check(ctx) {
    for (const form of ctx.performanceForms) {
      if (!form.budget) continue;
      for (const group of ['income', 'expense', 'project'] as const) {
        const items = form.budget.funds.filter((f) => f.group === group);
        if (items.length) checkGroup(ctx, form, group, items);
      }
    }
  },
};

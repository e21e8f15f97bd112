// Shared arithmetic for the 基础数据表 sum rules: a total row against its numbered items, an item against its sub-rows.
import { numValue } from '../forms/fields';
import type { BasicDataForm, BasicRow } from '../forms/model';
import type { RuleContext } from './types';
import { compareSum, fmt2, held, sum, tailInYuan, val } from './util';

export function checkRowSum(
  ctx: RuleContext, form: BasicDataForm, total: BasicRow, parts: BasicRow[], messageIds: { mismatch: string; tail: string; tailYuan: string },
): void {
  if (parts.length === 0) return;
  form.columns.forEach((column, i) => {
    const t = total.values[i];
    const tv = numValue(t);
    const values = parts.map((p) => numValue(p.values[i]));
    if (!t || !tv || values.every((v) => v === null)) return;
    const partsSum = sum(values.filter((v): v is NonNullable<typeof v> => v !== null));
    const verdict = compareSum(tv, partsSum, ctx.policy, form.amountUnit?.unit);
    if (verdict === 'ok') return;
    const tail = tailInYuan(form, tv, partsSum);
    ctx.report({
      form, grid: form.grid, row: t.row, col: t.col,
      messageId: verdict === 'tail' ? (tail.yuan ? messageIds.tailYuan : messageIds.tail) : messageIds.mismatch,
      severity: verdict === 'tail' ? 'warning' : 'error',
      data: { ...(verdict === 'tail' && tail.yuan ? { diff: tail.diff } : {}), row: total.label.trim(), column: column.label.replace(/\s+/g, ''), parts: parts.map((p, k) => `${p.label.replace(/\s+/g, '')} ${values[k] ? fmt2(values[k]!) : '空'}`).join(' + ') },
      pair: { kind: 'value', expected: val('amount', partsSum), found: held(t, 'amount') },
    });
  });
}

/**
 * A section total left empty while its rows below hold figures ("项目支出：" blank, "1、业务工作专项 938.8 | 320 | 689.16"):
 * nothing can be checked against it, nor the 自评表's 项目支出 against it. One warning at the row, naming the empty columns
 * and what their rows add up to. (An item heading left blank over its own rows — "3、公共专项资金（一个专项一行）" — is
 * a layout, not an omission, and is not passed here.)
 */
export function checkEmptyTotal(ctx: RuleContext, form: BasicDataForm, total: BasicRow, parts: BasicRow[], messageId: string): void {
  const empty: string[] = [];
  const sums: string[] = [];
  let at: { row: number; col: number } | null = null;
  form.columns.forEach((column, i) => {
    const t = total.values[i];
    if (!t || (t.raw !== null && t.raw !== undefined && String(t.raw).trim() !== '')) return;
    const values = parts.map((p) => numValue(p.values[i])).filter((v): v is NonNullable<typeof v> => v !== null);
    if (values.length === 0) return;
    empty.push(column.label.replace(/\s+/g, ''));
    sums.push(fmt2(sum(values)));
    at ??= { row: t.row, col: t.col };
  });
  if (!at || empty.length === 0) return;
  const cell: { row: number; col: number } = at;
  ctx.report({
    form, grid: form.grid, row: cell.row, col: cell.col, messageId, severity: 'warning',
    data: { row: total.label.trim(), columns: empty.join('、'), sums: sums.join('、') },
  });
}

/** The numbered items of a section and, for each item, the un-numbered rows under it. */
export function sectionStructure(form: BasicDataForm, section: BasicRow['section']) {
  const rows = form.rows.filter((r) => r.section === section);
  const total = rows.find((r) => r.role === 'total') ?? null;
  const items: { item: BasicRow; subs: BasicRow[] }[] = [];
  for (const r of rows) {
    if (r.role === 'item') items.push({ item: r, subs: [] });
    else if (r.role === 'sub' && items.length) items[items.length - 1]!.subs.push(r);
  }
  return { total, items };
}

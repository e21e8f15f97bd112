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

// Notes a figure's finding carries about the same figure elsewhere: another paragraph that states it
// differently, or a sum of the sentence it belongs to that does not add up. Rendered from the templates
// of the rule that reports (meta.messages.noteSum / noteElsewhere) with the data they are made from.
import { fmt2 } from '../../values';
import { figureWhere, matches, showStated } from '../compare';
import { factKey } from '../facts';
import type { StatedFigure } from '../types';
import { QUANTITY_KIND as QUANTITY_KIND_OF, QUANTITY_LABEL } from '../vocab';
import type { QuantityId } from '../types';
import type { StatementRuleContext } from './types';

export function notesFor(ctx: StatementRuleContext, index: number, templates: Record<string, string>): Record<string, string> {
  const f = ctx.statement.figures[index]!;
  const data: Record<string, string> = { found: showStated(f) };
  const notes: string[] = [];
  const other = ctx.statement.figures.find((g, j) => j !== index && factKey(g) === factKey(f) && !g.quotesDeclared && g.value !== f.value && ctx.verdicts[j]?.kind !== 'mismatch');
  if (other) {
    data.otherParagraph = String(other.paragraph);
    data.otherWhere = figureWhere(other);
    data.other = showStated(other);
    notes.push(fill(templates.noteElsewhere!, data));
  }
  // "预算收入518.94万元" where 518.94 is the 执行数: say which figure of the workbook the text took.
  if (ctx.verdicts[index]?.kind === 'mismatch' && templates.noteOther) {
    const facts = ctx.workbook.facts;
    const same = Object.keys(facts).find((k) => {
      const fact = facts[k]!;
      const q = k.split(':')[0] as QuantityId;
      return k !== factKey(f) && !k.includes(':') && !fact.derived && fact.declared !== null && matches(f, fact.declared, ctx.precision) && f.kind === kindOf(q, ctx);
    });
    if (same) {
      data.otherLabel = QUANTITY_LABEL[same as QuantityId].replace(/（.*$/, '');
      notes.push(fill(templates.noteOther, data));
    }
  }
  const sum = ctx.failingSums.find((s) => s.sum.total === index || s.sum.parts.includes(index));
  if (sum) {
    data.partsSum = `${fmt2(sum.partsSum)}万元`;
    data.total = `${fmt2(sum.total)}万元`;
    notes.push(fill(templates.noteSum!, data));
  }
  data.note = notes.join('');
  return data;
}

export function fill(template: string, data: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (data[k] !== undefined ? String(data[k]) : m));
}

function kindOf(q: QuantityId, ctx: StatementRuleContext): string {
  return QUANTITY_KIND_OF[q] ?? ctx.statement.figures.find((g) => g.quantity === q)?.kind ?? '';
}

/** The figure's name for messages: "全年预算数", or "产出指标得分" for a 一级指标's figure. */
export function labelOf(f: StatedFigure): string {
  return f.key ? `${f.key}${QUANTITY_LABEL[f.quantity]}` : QUANTITY_LABEL[f.quantity];
}

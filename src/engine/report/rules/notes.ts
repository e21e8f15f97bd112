// Notes a figure's finding carries about the same figure elsewhere: another paragraph that states it
// differently, or a sum of the sentence it belongs to that does not add up. Rendered from the templates
// of the rule that reports (meta.messages.noteSum / noteElsewhere) with the data they are made from.
import { fmt2 } from '../../values';
import { showStated } from '../compare';
import type { StatementRuleContext } from './types';

export function notesFor(ctx: StatementRuleContext, index: number, templates: Record<string, string>): Record<string, string> {
  const f = ctx.statement.figures[index]!;
  const data: Record<string, string> = {};
  const notes: string[] = [];
  const other = ctx.statement.figures.find((g, j) => j !== index && g.quantity === f.quantity && !g.quotesDeclared && g.value !== f.value && ctx.verdicts[j]?.kind !== 'mismatch');
  if (other) {
    data.otherParagraph = String(other.paragraph);
    data.other = showStated(other);
    notes.push(fill(templates.noteElsewhere!, data));
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

// Labels and figures for the review's outputs: the project's presentation layer (src/present), plus the
// few words only the review needs. Nothing else in src/review turns a figure into text.
import type { FormKind } from '../engine';
import { KIND_LABEL as FORM_KIND_LABEL, findingParts, parseDecimal } from '../present';
import type { ReviewFinding } from './types';

export { SEVERITY_LABEL, SEVERITY_RANK, differs, findingText, problemLines } from '../present';

export const KIND_LABEL: Record<FormKind | 'unrecognised' | 'report', string> = {
  ...FORM_KIND_LABEL,
  unrecognised: '未能识别的表格',
  report: '自评报告',
};

/** "99.6" → "99.60"; null/absent → null; text that is not a number stays as it is. */
export function score2(value: string | null | undefined): string | null {
  if (value == null || value.trim() === '') return null;
  const d = parseDecimal(value);
  return d ? d.toFixed(2) : value;
}

/** A decimal string as a number for a spreadsheet cell (display only; never used for arithmetic). */
export function cellNumber(value: string | null | undefined): number | string | null {
  const s = score2(value);
  if (s === null) return null;
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s;
}

export function formLabel(kind: FormKind | 'unrecognised' | 'report', projectName?: string): string {
  return projectName ? `${KIND_LABEL[kind]}（${projectName}）` : KIND_LABEL[kind];
}

/** One line, at most `max` characters. */
export function short(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * The 应为 / 填报 columns of 问题明细. 填报 is what the cell holds, 应为 what it should hold; a label-sum
 * pair names its own words (标注 is what the label states, 合计 what its parts add up to).
 */
export function detailColumns(f: Pick<ReviewFinding, 'pair' | 'expected' | 'found'>): { expected: string | null; found: string | null } {
  const parts = findingParts(f);
  const get = (role: string) => parts.find((p) => p.role === role);
  if (f.pair?.kind === 'label-sum') {
    const label = get('label');
    const sum = get('sum');
    return { expected: sum ? `${sum.word} ${sum.text}` : null, found: label ? `${label.word} ${label.text}` : null };
  }
  if (f.pair?.kind === 'format') {
    const fmt = get('numberFormat');
    return { expected: fmt ? `${fmt.word} ${fmt.text}` : null, found: null };
  }
  return { expected: get('expected')?.text ?? null, found: get('found')?.text ?? null };
}

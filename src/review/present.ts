// Labels and figures for the review's outputs, from the project's presentation layer (src/present).
import type { FormKind } from '../engine';
import { KIND_LABEL as FORM_KIND_LABEL, SEVERITY_LABEL, fixed2 } from '../present';

export { SEVERITY_LABEL };

export const KIND_LABEL: Record<FormKind | 'unrecognised', string> = { ...FORM_KIND_LABEL, unrecognised: '未能识别的表格' };

/** "99.6" → "99.60"; null/absent → null; text that is not a number stays as it is. */
export function score2(value: string | null | undefined): string | null {
  if (value == null || value === '') return null;
  return fixed2(value);
}

/** A decimal string as a number for a spreadsheet cell (display only; never used for arithmetic). */
export function cellNumber(value: string | null | undefined): number | string | null {
  const s = score2(value);
  if (s === null) return null;
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s;
}

export function formLabel(kind: FormKind | 'unrecognised', projectName?: string): string {
  return projectName ? `${KIND_LABEL[kind]}（${projectName}）` : KIND_LABEL[kind];
}

/** One line, at most `max` characters. */
export function short(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

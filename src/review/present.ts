// Labels and figures for the review's outputs, kept in one place so they can follow the project's
// presentation layer (src/present) once it exists.
import Decimal from 'decimal.js';
import type { FormKind, Severity } from '../engine';

export const KIND_LABEL: Record<FormKind | 'unrecognised', string> = {
  overall: '部门整体支出绩效自评表',
  project: '项目支出绩效自评表',
  'basic-data': '基础数据表',
  unrecognised: '未能识别的表格',
};

export const SEVERITY_LABEL: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };

const D = Decimal.clone({ rounding: Decimal.ROUND_HALF_UP, precision: 40 });

/** "99.6" → "99.60"; null/absent → null; text that is not a number stays as it is. */
export function score2(value: string | null | undefined): string | null {
  if (value == null || value === '') return null;
  try {
    const d = new D(value.trim());
    return d.isFinite() ? d.toFixed(2) : value;
  } catch {
    return value;
  }
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

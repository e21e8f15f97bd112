// The declared-versus-recomputed rows of a form (执行率, 执行率得分, 总分, 等级; 控制率 for 基础数据表),
// one list for the pane's card, the CLI table and the reviewer's documents.
import type { FormReport, Report } from '../engine/types';
import { differs, fixed2, percent } from './values';
import { FACT_LABEL, KIND_LABEL, type FactKey } from './words';

export interface CompareRow {
  key: FactKey;
  label: string;
  /** What the form states, formatted; null when the cell is empty or unreadable (未填). */
  declared: string | null;
  /** What the engine recomputed, formatted; null when it could not be recomputed. */
  recomputed: string | null;
  /** Declared and recomputed both present and different at display precision. */
  differs: boolean;
}

function row(key: FactKey, declared: string | null | undefined, recomputed: string | null | undefined, kind: 'rate' | 'score' | 'text'): CompareRow {
  const hasD = declared != null && declared !== '';
  const hasR = recomputed != null && recomputed !== '';
  const show = (s: string) => (kind === 'rate' ? percent(s) : kind === 'score' ? fixed2(s) : s);
  return {
    key,
    label: FACT_LABEL[key],
    declared: hasD ? show(declared) : null,
    recomputed: hasR ? show(recomputed) : null,
    differs: hasD && hasR && (kind === 'text' ? declared.trim() !== recomputed.trim() : differs(declared, recomputed, kind === 'rate')),
  };
}

/** The rows a form has, in the one order. */
export function compareRows(form: FormReport): CompareRow[] {
  const rows: CompareRow[] = [];
  const e = form.execution;
  if (e) {
    rows.push(row('rate', e.declaredRate, e.rate, 'rate'));
    rows.push(row('executionScore', e.declaredScore, e.score, 'score'));
  }
  if (form.total) rows.push(row('total', form.total.declared, form.total.recomputed, 'score'));
  if (form.grade) rows.push(row('grade', form.grade.declared, form.grade.recomputed, 'text'));
  const s = form.basic?.staffing;
  if (s) rows.push(row('staffingRate', s.declaredRate, s.rate, 'rate'));
  return rows;
}

/** "部门整体支出绩效自评表（工作表“X”，A1:I40）". */
export function formHeading(form: Pick<FormReport, 'kind' | 'sheet' | 'range'>): string {
  return `${KIND_LABEL[form.kind] ?? form.kind}（工作表“${form.sheet}”，${form.range}）`;
}

/** The internal problems of a report as one Chinese line each, naming the sheet (and rule) they concern. */
export function problemLines(report: Pick<Report, 'internalProblems' | 'problems'>): string[] {
  if (report.internalProblems?.length) {
    return report.internalProblems.map((p) => {
      const where = p.sheet !== undefined ? `工作表“${p.sheet}”` : '本文件';
      return `${where}未完整检查：${p.message}`;
    });
  }
  return (report.problems ?? []).map((m) => `未完整检查：${m}`);
}

/** Whether a report is complete: no internal problem (a file with one counts as not fully checked). */
export function fullyChecked(report: Pick<Report, 'internalProblems' | 'problems'>): boolean {
  return !(report.internalProblems?.length || report.problems?.length);
}

// The `check --json` summary (issue 17): per file and per form — unit, kind, totals, grades, counts — so a
// program reading the JSON need not walk findings. Units are read exactly as `selfeval review` reads them.
import type { Report, Severity } from '../engine';
import { normalizeUnit, unitOf } from '../review/check-one';
import type { FileOutcome } from './outcome';

type Counts = Record<Severity, number>;

export interface JsonSummaryForm {
  file: string;
  sheet: string;
  unit?: string;
  kind: string;
  projectName?: string;
  year?: number;
  total?: { declared: string | null; recomputed: string | null };
  grade?: { declared: string | null; recomputed: string | null };
  counts: Counts;
}

export interface JsonSummaryFile {
  file: string;
  /** 'checked': forms found; 'no-form': read, but no self-evaluation form in it; 'unreadable'. */
  status: 'checked' | 'no-form' | 'unreadable';
  unit?: string;
  forms: number;
  counts: Counts;
}

export interface JsonSummary {
  files: number;
  unreadable: number;
  units: string[];
  forms: number;
  counts: Counts;
  perFile: JsonSummaryFile[];
  perForm: JsonSummaryForm[];
}

const zero = (): Counts => ({ error: 0, warning: 0, info: 0 });

/** The unit a file's forms name (normalised), absent when none does. */
export function fileUnit(o: FileOutcome): string | undefined {
  return o.ok ? unitOf(o.report) : undefined;
}

function formCounts(report: Report, i: number): Counts {
  const c = zero();
  for (const f of report.findings) if (f.form === i) c[f.severity]++;
  return c;
}

/** One file's share of the summary, computed where the file was checked (a worker thread, perhaps). */
export interface SummaryPart {
  file: JsonSummaryFile;
  forms: JsonSummaryForm[];
  unit?: string;
}

export function summaryPart(o: FileOutcome): SummaryPart {
  if (!o.ok) return { file: { file: o.file, status: 'unreadable', forms: 0, counts: zero() }, forms: [] };
  const unit = fileUnit(o);
  const forms = o.report.forms.map((form, i): JsonSummaryForm => {
    const u = normalizeUnit(form.unit) ?? unit;
    return {
      file: o.file,
      sheet: form.sheet,
      ...(u ? { unit: u } : {}),
      kind: form.kind,
      ...(form.projectName ? { projectName: form.projectName } : {}),
      ...(form.year !== undefined ? { year: form.year } : {}),
      ...(form.total ? { total: { declared: form.total.declared ?? null, recomputed: form.total.recomputed } } : {}),
      ...(form.grade ? { grade: { declared: form.grade.declared ?? null, recomputed: form.grade.recomputed } } : {}),
      counts: formCounts(o.report, i),
    };
  });
  const file: JsonSummaryFile = {
    file: o.file,
    status: o.report.forms.length > 0 ? 'checked' : 'no-form',
    ...(unit ? { unit } : {}),
    forms: o.report.forms.length,
    counts: { ...o.report.counts },
  };
  return { file, forms, ...(unit ? { unit } : {}) };
}

export function jsonSummary(outcomes: readonly FileOutcome[]): JsonSummary {
  return mergeSummary(outcomes.map(summaryPart));
}

export function mergeSummary(parts: readonly SummaryPart[]): JsonSummary {
  const counts = zero();
  const units = new Set<string>();
  for (const p of parts) {
    if (p.unit) units.add(p.unit);
    for (const k of Object.keys(counts) as Severity[]) counts[k] += p.file.counts[k];
  }
  const perForm = parts.flatMap((p) => p.forms);
  return {
    files: parts.length,
    unreadable: parts.filter((p) => p.file.status === 'unreadable').length,
    units: [...units].sort(new Intl.Collator('zh-CN', { numeric: true }).compare),
    forms: perForm.length,
    counts,
    perFile: parts.map((p) => p.file),
    perForm,
  };
}

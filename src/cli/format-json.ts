// --json output: one document for all files. Fields that do not apply are omitted; a declared
// value that is absent from the sheet is null; numbers stay decimal strings.
import type { Finding, FormReport } from '../engine';
import type { FileErrorCode, FileOutcome } from './outcome';
import { fileUnit, jsonSummary, type JsonSummary } from './json-summary';

export interface JsonExecution {
  rate: string;
  declaredRate?: string | null;
  score: string;
  declaredScore?: string | null;
  weight?: string;
}

export interface JsonForm {
  kind: FormReport['kind'];
  sheet: string;
  range: string;
  title?: string;
  unit?: string;
  projectName?: string;
  year?: number;
  framework?: 'current' | 'old';
  execution?: JsonExecution;
  total?: { declared: string | null; recomputed: string };
  grade?: { declared: string | null; recomputed: string };
}

export interface JsonFinding {
  rule: string;
  severity: Finding['severity'];
  sheet: string;
  cell: string;
  message: string;
  expected?: string;
  found?: string;
}

export interface JsonFile {
  file: string;
  /** The unit the file's forms name (see json-summary.ts). */
  unit?: string;
  /** Only when the file could not be read. */
  error?: string;
  errorCode?: FileErrorCode;
  forms?: JsonForm[];
  findings?: JsonFinding[];
  counts?: { error: number; warning: number; info: number };
}

export interface JsonOutput {
  files: JsonFile[];
  summary: JsonSummary;
}

/** Copies the listed keys whose value is not undefined (null is kept: it means "not filled in"). */
function pick<T extends object, K extends keyof T>(src: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (src[k] !== undefined) out[k] = src[k];
  return out;
}

export function formToJson(form: FormReport): JsonForm {
  const out: JsonForm = {
    kind: form.kind,
    sheet: form.sheet,
    range: form.range,
    ...pick(form, ['title', 'unit', 'projectName', 'year', 'framework'] as const),
  };
  if (form.execution) {
    const e = form.execution;
    out.execution = {
      rate: e.rate,
      ...pick(e, ['declaredRate'] as const),
      score: e.score,
      ...pick(e, ['declaredScore', 'weight'] as const),
    };
  }
  if (form.total) out.total = { declared: form.total.declared ?? null, recomputed: form.total.recomputed };
  if (form.grade) out.grade = { declared: form.grade.declared ?? null, recomputed: form.grade.recomputed };
  return out;
}

export function findingToJson(f: Finding): JsonFinding {
  return {
    rule: f.rule,
    severity: f.severity,
    sheet: f.sheet,
    cell: f.cell,
    message: f.message,
    ...pick(f, ['expected', 'found'] as const),
  };
}

export function outcomeToJson(o: FileOutcome): JsonFile {
  if (!o.ok) return { file: o.file, error: o.message, errorCode: o.code };
  const unit = fileUnit(o);
  return {
    file: o.file,
    ...(unit ? { unit } : {}),
    forms: o.report.forms.map(formToJson),
    findings: o.report.findings.map(findingToJson),
    counts: { ...o.report.counts },
  };
}

export function formatJson(outcomes: readonly FileOutcome[]): string {
  const doc: JsonOutput = { files: outcomes.map(outcomeToJson), summary: jsonSummary(outcomes) };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

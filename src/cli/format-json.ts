// --json output: one document for all files. Fields that do not apply are omitted; a declared
// value that is absent from the sheet is null; numbers stay decimal strings.
import type { Finding, FindingFix, FindingPair, FormReport, Report } from '../engine';
import { findingParts, fixText, problemLines } from '../present';
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
  total?: { declared: string | null; recomputed: string | null };
  grade?: { declared: string | null; recomputed: string | null };
}

export interface JsonFinding {
  rule: string;
  messageId?: string;
  /** The message template's data (message = template filled with data). */
  data?: Record<string, string | number>;
  severity: Finding['severity'];
  sheet: string;
  cell: string;
  message: string;
  /** Typed figures: value {found: what the cell holds, expected}, label-sum {label, sum}, or format. */
  pair?: FindingPair;
  /** The definite correction the pane's 改正 applies, and its words ("改为 9.66"). */
  fix?: FindingFix;
  fixText?: string;
  /** Display strings, in the shared words: 应为 / 填报 (value), 标注 / 合计 (label-sum). */
  expected?: string;
  found?: string;
  words?: { word: string; text: string }[];
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
  /** false when a rule or sheet failed inside the engine (then internalProblems says where). */
  fullyChecked?: boolean;
  internalProblems?: NonNullable<Report['internalProblems']>;
  /** The same problems as the text output's lines. */
  problemLines?: string[];
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
  const words = findingParts(f).map((p) => ({ word: p.word, text: p.text }));
  const fix = fixText(f.fix);
  return {
    rule: f.rule,
    ...pick(f, ['messageId', 'data'] as const),
    severity: f.severity,
    sheet: f.sheet,
    cell: f.cell,
    message: f.message,
    ...pick(f, ['pair', 'fix'] as const),
    ...(fix ? { fixText: fix } : {}),
    ...pick(f, ['expected', 'found'] as const),
    ...(words.length ? { words } : {}),
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
    fullyChecked: !o.report.internalProblems?.length && !o.report.problems?.length,
    ...(o.report.internalProblems?.length ? { internalProblems: o.report.internalProblems, problemLines: problemLines(o.report) } : {}),
  };
}

/** Indents every line but the first of a JSON text by `depth` levels of two spaces (its place in the document). */
function nest(json: string, depth: number): string {
  return json.replace(/\n/g, `\n${'  '.repeat(depth)}`);
}

/** One file's entry of the --json document, as JSON text in its place (a worker thread can make it). */
export function fileJsonText(o: FileOutcome): string {
  return nest(JSON.stringify(outcomeToJson(o), null, 2), 2);
}

/**
 * The --json document from its files' entries (fileJsonText) and the summary: exactly the text of
 * JSON.stringify({ files, summary }, null, 2), without holding every file's entry as objects.
 */
export function assembleJson(fileTexts: readonly string[], summary: JsonSummary): string {
  const files = fileTexts.length === 0 ? '[]' : `[\n${fileTexts.map((t) => `    ${t}`).join(',\n')}\n  ]`;
  return `{\n  "files": ${files},\n  "summary": ${nest(JSON.stringify(summary, null, 2), 1)}\n}\n`;
}

export function formatJson(outcomes: readonly FileOutcome[]): string {
  return assembleJson(outcomes.map(fileJsonText), jsonSummary(outcomes));
}

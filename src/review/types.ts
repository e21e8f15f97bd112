// The reviewer's desk (issue 17): types shared by the CLI (`selfeval review`), worker threads and the
// in-browser 审核台. Everything here is plain data (structured-clone and JSON safe); no Node, no DOM.
import type { FindingPair, FormKind, Report, ScoringPolicy, Severity } from '../engine';
import type { InflateRaw } from '../xlsx/fast';

export interface ReviewInput {
  /** As shown to the user (relative path). */
  path: string;
  /** Base name. */
  name: string;
  bytes: Uint8Array;
  /** Set by a shell that converted the file first (".xls" → LibreOffice): the original's name, for 检查说明. */
  convertedFrom?: string;
}

export interface CheckOptions {
  policy: ScoringPolicy;
  /** Raw-deflate for the fast reader (Node's zlib, or fflate in a page); web streams when absent. */
  inflateRaw?: InflateRaw;
}

/** Serialisable by structured clone: what a worker thread posts back. */
export interface FileOutcome {
  path: string;
  name: string;
  status: 'checked' | 'report' | 'unreadable' | 'not-selfeval';
  /** Unit name read from the forms (or from the report), absent when unknown. */
  unit?: string;
  year?: number;
  /** Engine report (status 'checked'). */
  report?: Report;
  /** The 自评报告's extracted figures (status 'report'; shape owned by the reportcheck engineer). */
  statement?: unknown;
  /** One Chinese line (status 'unreadable' / 'not-selfeval'). */
  refusal?: string;
  /** Content digest of the bytes read (hex), to recognise the same file submitted twice. */
  digest?: string;
  /** The original name when the shell converted this file (e.g. "单位.xls"). */
  convertedFrom?: string;
}

/** One row of the 汇总 sheet: one form. */
export interface ReviewFormRow {
  unit: string;
  /** 'unrecognised': a file the engine saw a form in but could not read it as one (its findings still count). */
  kind: FormKind | 'unrecognised' | 'report';
  projectName?: string;
  file: string;
  sheet: string;
  year?: number;
  totalDeclared: string | null;
  totalRecomputed: string | null;
  gradeDeclared: string | null;
  gradeRecomputed: string | null;
  errors: number;
  warnings: number;
  /** The first errors in short (empty when none). */
  mainProblems: string[];
  /** Round two: compared with the previous review (absent in round one). */
  previous?: RoundCounts & { formWasThere: boolean };
}

export interface RoundCounts {
  fixed: number;
  remaining: number;
  added: number;
}

/** One row of 问题明细 / one item of a letter's 问题清单. */
export interface ReviewFinding {
  unit: string;
  file: string;
  sheet: string;
  cell: string;
  severity: Severity;
  rule: string;
  message: string;
  expected?: string;
  found?: string;
  /** The typed figures (engine's FindingPair), formatted through src/present. */
  pair?: FindingPair;
  /** What the finding belongs to, e.g. "项目支出绩效自评表（某某项目）"; "" for the workbook. */
  formLabel: string;
  /** Matches the same problem across rounds: form identity + rule + sheet + cell. */
  key: string;
  /** Round two: 'remaining' (仍存在) or 'added' (新发现). */
  round?: 'remaining' | 'added';
  /** Where the finding came from: a workbook check, or the 自评报告 check (with the quoted paragraph). */
  source?: 'workbook' | 'report';
  quote?: string;
}

export type NoteKind =
  | 'unreadable'
  | 'not-selfeval'
  | 'duplicate'
  | 'same-unit'
  | 'unit-missing'
  | 'converted'
  | 'incomplete'
  /** A 自评报告 without the unit's workbook (or without a form it could be checked against). */
  | 'report-unpaired'
  /** A unit whose workbooks came without a 自评报告 (said only when reports were submitted at all). */
  | 'no-report';

/** A line of 检查说明 about one input file. */
export interface ReviewNote {
  file: string;
  kind: NoteKind;
  reason: string;
}

export interface ReviewUnit {
  name: string;
  /** 'form' when read from the forms, 'file' when taken from a file name. */
  nameSource: 'form' | 'file';
  year?: number;
  files: string[];
  forms: ReviewFormRow[];
  /** Errors first, then warnings, then info; in sheet/cell order within a level. */
  findings: ReviewFinding[];
  /** Round two: problems of the previous review that are gone (已整改). */
  fixed?: PreviousFinding[];
  /** Round two: problems of the previous review whose form or report was not submitted again (cannot be confirmed). */
  unverified?: PreviousFinding[];
  /** Round two: true when the previous review had this unit. */
  inPrevious?: boolean;
}

export interface ReviewMeta {
  policyName: string;
  /** The policy's description, for 审核依据. */
  policyLabel?: string;
  /** ISO date (YYYY-MM-DD). */
  date: string;
  version: string;
  previous?: PreviousReview;
}

export interface ReviewResult {
  meta: ReviewMeta;
  units: ReviewUnit[];
  /** All form rows, errors first (the 汇总 sheet's order). */
  forms: ReviewFormRow[];
  /** All findings (the 问题明细 sheet's order: unit, then errors first). */
  findings: ReviewFinding[];
  notes: ReviewNote[];
  counts: {
    files: number;
    checked: number;
    unreadable: number;
    notSelfeval: number;
    duplicates: number;
    units: number;
    forms: number;
    errors: number;
    warnings: number;
  };
}

/** What review.json keeps of a review so the next round can compare with it. */
export interface PreviousFinding {
  key: string;
  severity: Severity;
  sheet: string;
  cell: string;
  message: string;
  formLabel: string;
}

export interface PreviousReview {
  format: 'selfeval-review';
  version: 1;
  date: string;
  policyName: string;
  units: { name: string; forms: string[]; findings: PreviousFinding[] }[];
}

// The engine's contract with its shells. Everything here is plain data so a snapshot can come
// from Office.js, exceljs (CLI) or exceljs in the browser (preview), and a report can be
// serialised to JSON without loss. Numbers that are amounts, rates or scores travel as decimal
// strings so no shell ever does float arithmetic on them.

/** A cell value as Excel reports it: numbers, strings ("" when empty), booleans, error strings ("#DIV/0!"). */
export type CellValue = number | string | boolean | null;

/** 0-based, inclusive rectangle. */
export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface SheetSnapshot {
  name: string;
  /**
   * Row-major values starting at A1 (row 0, column 0). Rows may have different lengths; anything
   * outside is empty. Non-anchor cells of a merged area read "" (as Excel reports them).
   */
  values: CellValue[][];
  /** Same shape as values (may be shorter): Excel number format per cell, e.g. "0.00%", "General". */
  numberFormats?: (string | null | undefined)[][];
  /** Same shape as values (may be shorter): the formula text ("=SUM(B2:B4)") or "" / null. */
  formulas?: (string | null | undefined)[][];
  /** Merged areas. Absent when the host cannot report them (ExcelApi < 1.13): the engine copes. */
  merges?: CellRange[];
  hidden?: boolean;
}

export interface WorkbookSnapshot {
  sheets: SheetSnapshot[];
  /** For messages only. */
  fileName?: string;
}

export type Severity = 'error' | 'warning' | 'info';

/**
 * A figure in a finding, typed so every shell formats it the same way (the presentation layer does;
 * nothing else turns these into text). Numeric kinds carry a decimal string, never a float.
 * - amount: 万元/元 amount, shown 2 dp; score/weight: 分, shown 2 dp; rate: a FRACTION ("0.9662" = 96.62%);
 * - count: an integer (人数); grade: 优/良/中/差; text: what a text cell holds; format: a number format.
 */
export interface FindingValue {
  /** range: a score range "min..max" (a qualitative band), both ends 2 dp. */
  kind: 'amount' | 'score' | 'weight' | 'rate' | 'count' | 'grade' | 'text' | 'format' | 'range';
  value: string;
  /**
   * For a rate that a cell holds: how the cell holds it. "fraction" (0.9231, in a % format or not) or
   * "points" (92.31 typed without %, meaning 92.31%). `value` is always the fraction.
   */
  scale?: 'fraction' | 'points';
}

/**
 * The two figures a finding shows, with fixed meanings (issue 11):
 * - value: `found` is exactly what the cell holds (never a computed figure); `expected` is what it should hold.
 * - label-sum: a label's stated figure ("效益指标(30分)" → 30) against the sum of the parts (标注 / 合计).
 * - format: only the number format is wrong; `numberFormat` is the one to set; no value pair is offered.
 */
export type FindingPair =
  | { kind: 'value'; found?: FindingValue; expected?: FindingValue }
  | { kind: 'label-sum'; label: FindingValue; sum: FindingValue }
  | { kind: 'format'; numberFormat: string };

/**
 * A definite correction of the finding's own cell (the pane's 改正): write `value` (a number is written as a
 * number) and/or set `numberFormat`. Absent when the tool cannot know the right content.
 */
export interface FindingFix {
  value?: number | string;
  numberFormat?: string;
}

export interface Finding {
  /** Stable rule id, e.g. "execution-score". */
  rule: string;
  /** Key into the rule's meta.messages; with `data` it reproduces `message` (RuleTester-style). */
  messageId?: string;
  /** The template data the message was rendered from. */
  data?: Record<string, string | number>;
  /** Typed figures (see FindingPair); the display strings expected/found are derived from these. */
  pair?: FindingPair;
  fix?: FindingFix;
  severity: Severity;
  sheet: string;
  /** A1 address of the cell to fix. */
  cell: string;
  /** 0-based row / column of that cell. */
  row: number;
  col: number;
  /** zh-CN, says what is wrong and what to do. */
  message: string;
  /** Display strings (2-decimal where numeric), absent when not applicable. */
  expected?: string;
  found?: string;
  /** Index into Report.forms of the form this finding belongs to, when any. */
  form?: number;
  /** Stable key for ignore lists: rule|sheet|cell (+ discriminator when one rule fires twice on a cell). */
  key: string;
  /**
   * Findings in a 自评报告 (issue 16): the 1-based paragraph number and a short quote around the figure.
   * Then `sheet` is the report's file name, `cell` reads "第N段", row = paragraph − 1, col = offset in it.
   * A figure in a table: `cell` reads "表N第R行", `paragraph` is the one the table follows, `quote` the row label
   * and column header ("年度资金总额 / 全年执行数"), col = the table column (0-based), data.table/row/col 1-based;
   * a table that was not checked (report-table-unread): `cell` reads "第N个表格", no quote.
   */
  paragraph?: number;
  quote?: string;
}

export type FormKind = 'overall' | 'project' | 'basic-data';

export interface ExecutionSummary {
  /** Recomputed 执行率 as a fraction, 4 decimals ("0.9662" = 96.62%). */
  rate: string;
  /** Recomputed 执行率得分, 2 decimals. */
  score: string;
  /** Declared 执行率 as a fraction (4 decimals), null when absent/unreadable. */
  declaredRate?: string | null;
  declaredScore?: string | null;
  /** 分值 of the execution row (10 or 20). */
  weight?: string;
  budget?: string;
  initialBudget?: string | null;
  executed?: string;
  /** The form has no 全年预算数 column: `budget` is its 年初预算数, the figure the 执行率 is taken on (nothing is known of adjustments). */
  budgetIsInitial?: true;
}

export interface BlockSummary {
  /** 一级指标 name without its weight, e.g. "产出指标". */
  name: string;
  declaredWeight: string | null;
  weightSum: string;
  declaredScore: string;
  recomputedScore: string;
  cell: string;
}

export interface IndicatorSummary {
  level1: string;
  level2: string;
  name: string;
  target: string;
  actual: string;
  weight: string | null;
  declaredScore: string | null;
  /** null when the indicator cannot be scored mechanically (then the declared score is carried). */
  recomputedScore: string | null;
  /** How it was scored: "positive" | "reverse" | "equal" | "qualitative" | "unscored". */
  method: string;
  row: number;
  /** A1 of the 得分 cell. */
  scoreCell: string;
  reasonCell?: string;
  reason?: string;
  /** Quantitative detail for narrative text, display strings. */
  shortfall?: string;
  overAchieved?: boolean;
}

export interface BasicDataSummary {
  staffing?: { authorised: string; actual: string; rate: string | null; declaredRate: string | null };
  /** Named rows with their three year columns (previous actual, budget, actual). */
  rows: Record<string, { previous: string | null; budget: string | null; actual: string | null }>;
  columnYears?: (number | null)[];
}

export interface FormReport {
  kind: FormKind;
  sheet: string;
  /** A1 range the form occupies, e.g. "A1:I40". */
  range: string;
  title?: string;
  unit?: string;
  projectName?: string;
  year?: number;
  /**
   * The unit the form's amounts are in, as the form states it ("单位：元", "年度预算申请（万元）"); absent when it
   * states none. Amount strings of the form (execution, funds, basic rows) are always as the cells hold them.
   */
  amountUnit?: '元' | '万元';
  /** "old" for pre-2020 framework forms (投入/过程/产出/效益), which are recognised but not scored per indicator. */
  framework?: 'current' | 'old';
  /**
   * Absent when each indicator has its 分值. "block": no 分值 column, the weights only in the 一级 labels (湖北 项目自评表);
   * "none": no 分值 and no 得分 (转移支付 绩效目标自评表). Either way no indicator's own score is recomputed.
   */
  weights?: 'block' | 'none';
  execution?: ExecutionSummary;
  /** recomputed is null when the total could not be recomputed (the 执行率得分 was not identified): the declared total is still shown. */
  total?: { declared: string | null; recomputed: string | null };
  grade?: { declared: string | null; recomputed: string | null };
  blocks?: BlockSummary[];
  indicators?: IndicatorSummary[];
  /** Fund breakdown figures read from the budget block (label → amount, display strings). */
  funds?: Record<string, string>;
  basic?: BasicDataSummary;
  goals?: { expected: string; actual: string };
}

export interface Report {
  forms: FormReport[];
  findings: Finding[];
  /** Name of the scoring policy used. */
  policy: string;
  counts: { error: number; warning: number; info: number };
  /** zh-CN notes on sheets or rules the engine could not process; the rest of the report stands. */
  problems?: string[];
  /**
   * The same problems as data (issue 11): every shell shows them, and a report with any is "not fully
   * checked" (CLI exit 2). `sheet` is absent for a workbook-level problem; `rule` for a sheet that failed.
   */
  internalProblems?: { sheet?: string; rule?: string; message: string }[];
}

// Internal models of recognised forms: every figure keeps the cell it came from, so rules can
// point at the cell to fix. Computed figures are attached by scoring/compute.ts.
import type { CellValue, FormKind } from '../types';
import type { Dec, IndicatorValue, NumberRead } from '../values';
import type { Grid } from '../grid';
import type { DeclaredRate } from '../scoring/declared';
import type { AmountUnitName } from './vocabulary';

export interface CellRef {
  row: number;
  col: number;
}

/** A number read from a cell, with where it came from. */
export interface NumCell extends CellRef {
  read: NumberRead | null;
  raw: CellValue;
  /** Number embedded in label text ("其中：一般公共预算：518.94"): the cell holds text on purpose. */
  embedded?: boolean;
  /** What the figure is, set when the form registers it in numericCells. */
  role?: NumericRole;
}

export type NumericRole = 'amount' | 'rate' | 'score' | 'weight';

export interface LabeledField extends CellRef {
  /** The label cell. */
  labelRow: number;
  labelCol: number;
  /** The value as text, "" when empty. */
  text: string;
  /** true when the value is written in the label cell itself ("填表人：曹红蕾"). */
  inline: boolean;
}

export type BudgetColumn = 'initial' | 'budget' | 'executed' | 'other';

export interface FundItem {
  /** Canonical name: 一般公共预算 / 政府性基金拨款 / 纳入专户管理的非税收入拨款 / 其他资金 / 基本支出 / 项目支出 / 当年财政拨款 / 上年结转资金. */
  name: string;
  group: 'income' | 'expense' | 'project';
  label: CellRef;
  values: { column: BudgetColumn; cell: NumCell }[];
}

export interface FundGroup {
  group: 'income' | 'expense';
  label: CellRef;
  /** "按收入性质分：518.94" */
  declaredTotal: NumCell | null;
}

export interface IndicatorRow {
  row: number;
  level1: string;
  level1Cell: CellRef;
  level2: string;
  name: string;
  nameCell: CellRef;
  targetCell: CellRef | null;
  actualCell: CellRef | null;
  target: IndicatorValue;
  actual: IndicatorValue;
  /** From a 指标性质 column (≥ ≤ =), overriding what the target text says. */
  operator: string | null;
  /** From a 计量单位 column. */
  unit: string | null;
  weight: NumCell | null;
  score: NumCell | null;
  coefficient: NumCell | null;
  reasonCell: CellRef | null;
  reason: string;
  // Filled by scoring:
  computed?: IndicatorScore;
}

export interface IndicatorScore {
  method: 'positive' | 'reverse' | 'equal' | 'qualitative' | 'coefficient' | 'unscored';
  /** Recomputed score rounded to 2 dp, or null when it cannot be scored mechanically. */
  score: Dec | null;
  /** For qualitative scoring: the allowed band [min, max] in points. */
  band?: { min: Dec; max: Dec; tier: 1 | 2 | 3 };
  met?: boolean;
  /** actual ÷ target for positive/equal indicators. */
  ratio?: Dec;
  overAchieved?: boolean;
  /** Why the actual cannot be measured ("comparison", "multi", "unit-mismatch"). */
  notMeasurable?: 'comparison' | 'multi' | 'unit-mismatch' | 'no-number';
  /** Score the total should carry: recomputed when available, else declared. */
  carried: Dec | null;
  /** Display shortfall for narrative text, e.g. "差20个". */
  shortfall?: string;
  /** How the score was computed, with its operands (scoring/explain.ts turns it into words). */
  formula?: IndicatorFormula;
}

/** The method and operands of a recomputed indicator score (target/actual brought to one scale). */
export type IndicatorFormula =
  | { kind: 'full'; weight: Dec }
  | { kind: 'zero-target'; weight: Dec }
  | { kind: 'coefficient'; weight: Dec; coefficient: Dec }
  | { kind: 'ratio' | 'reverse-ratio' | 'reverse-linear'; weight: Dec; target: Dec; actual: Dec; percent: boolean };

/** 执行率得分 with the method that produced it: the policy branch, the unrounded rate, capped or not. */
export interface ExecutionResult {
  score: Dec;
  weight: Dec;
  /** 执行数 ÷ 预算数, unrounded. */
  rate: Dec;
  executed: Dec;
  budget: Dec;
  branch: 'proportional' | 'stepped';
  /** Proportional: the rate was above 100% and counted as 100%. */
  capped: boolean;
  /** Stepped: the step the rate falls in (null: below every step) and the next higher step's minimum. */
  step?: { min: Dec; share: Dec } | null;
  stepUpper?: Dec | null;
}

export interface IndicatorBlock {
  name: string;
  label: string;
  cell: CellRef;
  declaredWeight: Dec | null;
  rows: IndicatorRow[];
}

/** The unit a form's amounts are in, as the form itself states it ("单位：元", "年度预算申请（万元）"), and where. */
export interface AmountUnit {
  unit: AmountUnitName;
  cell: CellRef;
}

/** Where a recognised form sits and what its title says; shared by every kind of form. */
export interface FormPlacement {
  grid: Grid;
  sheet: string;
  top: number;
  left: number;
  bottom: number;
  right: number;
  title: string;
  titleCell: CellRef | null;
  year: number | null;
  /** Stated amount unit; null when the form states none (then nothing is assumed). */
  amountUnit: AmountUnit | null;
}

export interface PerformanceForm extends FormPlacement {
  kind: 'overall' | 'project';
  yearCell: CellRef | null;
  unit: LabeledField | null;
  projectName: LabeledField | null;
  framework: 'current' | 'old';
  budget: {
    headerRow: number;
    cols: Partial<Record<'initial' | 'budget' | 'executed' | 'weight' | 'rate' | 'score', number>>;
    /** Weight read from the 得分 header ("得分(20分*执行率)"). */
    headerWeight: Dec | null;
    totalRow: number | null;
    initial: NumCell | null;
    planned: NumCell | null;
    executed: NumCell | null;
    weight: NumCell | null;
    rate: NumCell | null;
    score: NumCell | null;
    funds: FundItem[];
    groups: FundGroup[];
  } | null;
  goals: { expected: string; actual: string; expectedCell: CellRef | null; actualCell: CellRef | null } | null;
  indicatorHeaderRow: number;
  indicatorCols: Partial<Record<IndicatorColumn, number>>;
  /** The weight the side label left of the indicator header states for all indicators ("绩效指标(90分)", "年度绩效目标(80分)"). */
  indicatorsLabel?: { row: number; col: number; label: string; weight: Dec } | null;
  blocks: IndicatorBlock[];
  totalRow: number | null;
  totalWeight: NumCell | null;
  totalScore: NumCell | null;
  grade: LabeledField | null;
  footer: Record<string, LabeledField>;
  /**
   * Parts of the form that could not be checked because a column or row role could not be identified (issue 12
   * pattern 10): said at info level, naming the cell, instead of guessing.
   */
  unchecked: UncheckedPart[];
  /** Every cell of the form that should hold a number (for number-stored-as-text, precision checks). */
  /** Every figure the form holds, each tagged with its role (one list, no wrapper objects per cell). */
  numericCells: NumCell[];
  computed?: PerformanceComputed;
}

export interface UncheckedPart extends CellRef {
  /**
   * What could not be checked: the 执行率得分 (no 得分 column), the 执行率 (no 年度资金总额 row), the 总分 (no 总分 row),
   * the 执行率得分's 分值 (stated nowhere and not implied by the totals), the indicators' scores (a form that scores
   * nothing: no 分值 and no 得分 column, as the 转移支付 绩效目标自评表), each indicator's 分值 (weights only in the
   * 一级 labels, as 湖北's 项目自评表).
   */
  part: 'execution-score' | 'execution-rate' | 'total-score' | 'execution-weight' | 'indicator-scores' | 'indicator-weights';
  /** The header text that was not recognised ("" when the column is simply absent). */
  label: string;
}

export type IndicatorColumn =
  | 'level1' | 'level2' | 'level3' | 'target' | 'targetInitial' | 'targetAdjusted' | 'actual'
  | 'weight' | 'score' | 'coefficient' | 'reason' | 'operator' | 'unit' | 'core';

export interface PerformanceComputed {
  rate: Dec | null;
  /** The 执行率得分 with its method; null when no rate could be computed. */
  execution: ExecutionResult | null;
  /** The declared 执行率, read once with its scale (scoring/declared.ts). */
  declaredRate: DeclaredRate | null;
  /** Why no rate was computed although 预算数 and 执行数 are filled: 预算数 0 with spending, or negative. */
  budgetProblem: 'zero-budget' | 'negative-budget' | 'negative-executed' | null;
  executionScore: Dec | null;
  executionWeight: Dec | null;
  indicatorSum: Dec;
  total: Dec | null;
  grade: string | null;
  declaredPartsSum: Dec | null;
  /** Per block (same order as form.blocks): Σ 分值, Σ declared 得分, Σ carried scores, and how many rows have a 分值. */
  blockSums: { weight: Dec; declared: Dec; carried: Dec; weighted: number }[];
  /** Σ of every indicator 分值. */
  weightSum: Dec;
}

export interface BasicRow {
  label: string;
  labelCell: CellRef;
  /** Section the row belongs to. */
  section: 'three' | 'project' | 'public' | 'other';
  /** Role within the section. */
  role: 'total' | 'item' | 'sub' | 'partial' | 'single';
  /** Item number for 1、2、3、 rows. */
  index: number | null;
  values: (NumCell | null)[];
}

export interface BasicDataForm extends FormPlacement {
  kind: 'basic-data';
  staffing: {
    authorised: NumCell | null;
    actual: NumCell | null;
    rate: NumCell | null;
    actualLabel: CellRef | null;
    actualLabelYear: number | null;
  } | null;
  /** Column positions and year labels of 上年决算数 / 本年预算数 / 本年决算数. */
  columns: { col: number; label: string; year: number | null; kind: 'previous' | 'budget' | 'actual'; cell: CellRef }[];
  rows: BasicRow[];
  buildingsLabel: { cell: CellRef; year: number | null; text: string } | null;
  footer: Record<string, LabeledField>;
  /** Every figure the form holds, each tagged with its role (one list, no wrapper objects per cell). */
  numericCells: NumCell[];
  /** 在职人员控制率 recomputed and declared (with its scale), set by the check. */
  computed?: { staffingRate: Dec | null; declaredStaffingRate: DeclaredRate | null };
}

export interface UnreadableForm {
  kind: 'unreadable';
  grid: Grid;
  sheet: string;
  cell: CellRef;
  expectedKind: FormKind;
  missing: string[];
}

export type FormModel = PerformanceForm | BasicDataForm;

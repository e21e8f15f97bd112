// The rule registry: every check the engine runs, in report order.
import type { Rule } from './types';
import { executionRate } from './execution-rate';
import { executionScore } from './execution-score';
import { executionOverBudget } from './execution-over-budget';
import { fundBreakdownSum } from './fund-breakdown-sum';
import { indicatorScore } from './indicator-score';
import { indicatorScoreExceedsWeight } from './indicator-score-exceeds-weight';
import { deviationReasonMissing } from './deviation-reason-missing';
import { overAchievement } from './over-achievement';
import { weightSubtotal } from './weight-subtotal';
import { weightTotal } from './weight-total';
import { totalScore } from './total-score';
import { grade } from './grade';
import { staffingControlRate } from './staffing-control-rate';
import { threePublicSum } from './three-public-sum';
import { projectSpendingSum } from './project-spending-sum';
import { subsetExceedsTotal } from './subset-exceeds-total';
import { crossSheetMismatch } from './cross-sheet-mismatch';
import { yearMismatch } from './year-mismatch';
import { requiredFieldEmpty } from './required-field-empty';
import { actualNotMeasurable } from './actual-not-measurable';
import { numberStoredAsText } from './number-stored-as-text';
import { precisionArtifact } from './precision-artifact';
import { formulaError } from './formula-error';
import { templateTextLeft } from './template-text-left';
import { unreadableForm } from './unreadable-form';
import { roleUnrecognised } from './role-unrecognised';

export const RULES: readonly Rule[] = [
  unreadableForm,
  roleUnrecognised,
  formulaError,
  executionRate,
  executionScore,
  executionOverBudget,
  fundBreakdownSum,
  indicatorScoreExceedsWeight,
  indicatorScore,
  deviationReasonMissing,
  overAchievement,
  weightSubtotal,
  weightTotal,
  totalScore,
  grade,
  staffingControlRate,
  threePublicSum,
  projectSpendingSum,
  subsetExceedsTotal,
  crossSheetMismatch,
  yearMismatch,
  requiredFieldEmpty,
  actualNotMeasurable,
  numberStoredAsText,
  precisionArtifact,
  templateTextLeft,
];

export type { Rule, RuleMeta, RuleContext } from './types';

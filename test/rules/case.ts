// Fixture shape for rule tests (the ESLint RuleTester model): valid cases must not trigger the rule,
// invalid cases must trigger it exactly at the listed cells.
import type { FindingFix, FindingPair, Severity, SheetSnapshot } from '../../src/engine/types';
import type { ScoringPolicy } from '../../src/engine/scoring/policy';
import { buildForm, sheetOf, validProjectSpec, type BuiltForm, type FormSpec } from '../support/build-form';

export interface RuleCase {
  name: string;
  sheets: SheetSnapshot[];
  policy?: ScoringPolicy;
  /** For invalid cases: where the rule must fire (sheet defaults to the first sheet). */
  findings?: {
    cell: string; severity?: Severity; sheet?: string; expected?: string; found?: string;
    /** The message id (a key of the rule's meta.messages) and, partially, the data it was rendered from. */
    messageId?: string; data?: Record<string, string | number>;
    /** The typed pair and the 改正, compared exactly when given (null: none offered). */
    pair?: FindingPair; fix?: FindingFix | null;
  }[];
}

export interface RuleFixtures {
  valid: RuleCase[];
  invalid: RuleCase[];
}

export function a1(pos: [number, number]): string {
  return `${String.fromCharCode(65 + pos[1])}${pos[0] + 1}`;
}

/** A project form sheet built from the valid spec after `edit` changes it. */
export function project(edit: (spec: FormSpec) => void = () => {}, name = '项目1'): { sheets: SheetSnapshot[]; form: BuiltForm } {
  const spec = validProjectSpec();
  edit(spec);
  const form = buildForm(spec);
  return { sheets: [sheetOf(name, form)], form };
}

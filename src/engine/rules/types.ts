// The ESLint model: a rule is metadata plus a check(context) that reports findings against cells.
import type { Grid } from '../grid';
import type { BasicDataForm, FormModel, PerformanceForm, UnreadableForm } from '../forms/model';
import type { ScoringPolicy } from '../scoring/policy';
import type { FindingFix, FindingPair, FormKind, Severity } from '../types';

export interface RuleMeta {
  /** Stable id, kebab-case; never renamed (ignore lists and docs refer to it). */
  id: string;
  /** Default severity; a report may raise or lower it (e.g. a rounding tail is a warning). */
  severity: Severity;
  /** zh-CN short title for the catalogue. */
  title: string;
  /** zh-CN message templates with {placeholders}. */
  messages: Record<string, string>;
  /**
   * zh-CN paragraph: what the rule checks and where the rule comes from. Workbook rules keep theirs in
   * rules/docs.ts (RULE_DOCS, out of the pane's bundle; see ruleDocs()); report rules carry it here.
   */
  docs?: string;
  /**
   * The kinds of form a rule compares across sheets. Absent: the rule judges each sheet's forms on their own
   * and runs while that sheet is in hand. Present: it runs once at the end, over the forms of these kinds
   * from every sheet; only those forms are kept that long (a workbook of hundreds of project forms then never
   * holds all their indicator rows at once).
   */
  crossSheet?: readonly FormKind[];
}

export interface ReportArgs {
  form?: FormModel;
  grid: Grid;
  row: number;
  col: number;
  /** Must be a key of the rule's meta.messages (an unknown id is an internal problem, and fails the tests). */
  messageId: string;
  data?: Record<string, string | number>;
  /**
   * The typed figures (issue 11): `found` is what the cell holds, never a computed figure. The finding's
   * display strings expected/found, and the template slots {expected} {found} {label} {sum} {numberFormat},
   * are made from it by the presentation layer.
   */
  pair?: FindingPair;
  fix?: FindingFix;
  /** Display strings for findings without a typed pair (text facts such as years). */
  expected?: string;
  found?: string;
  severity?: Severity;
}

/** What a rule sees: one sheet's forms, or for a crossSheet rule the forms of its kinds from every sheet. */
export interface RuleContext {
  policy: ScoringPolicy;
  forms: FormModel[];
  performanceForms: PerformanceForm[];
  basicForms: BasicDataForm[];
  unreadable: UnreadableForm[];
  report(args: ReportArgs): void;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
}

// Report rules have the shape of the workbook rules (meta + check), over a Statement and a form's facts.
import type { RuleMeta } from '../../rules/types';
import type { Dec } from '../../values';
import type { Precision, SumCheck, Verdict } from '../compare';
import type { WorkbookFacts } from '../facts';
import type { FigureKind, Statement } from '../types';

export interface StatementReportArgs {
  /** Index into statement.figures: the figure the finding stands at. */
  figure?: number;
  /** Or a whole table (1-based table number, see Statement.uncheckedTables): a finding about what was not checked. */
  table?: number;
  messageId: string;
  data: Record<string, string | number>;
  /** The workbook's figure (or grade) the stated one is compared with. */
  expected?: { kind: FigureKind; value: Dec | string };
  severity?: 'error' | 'warning' | 'info';
}

export interface StatementRuleContext {
  statement: Statement;
  workbook: WorkbookFacts;
  precision: Precision;
  /** One verdict per figure (null: nothing in the workbook to compare with). */
  verdicts: (Verdict | null)[];
  /** Asserted sums the text's own figures do not satisfy. */
  failingSums: SumCheck[];
  report(args: StatementReportArgs): void;
}

export interface StatementRule {
  meta: RuleMeta;
  check(context: StatementRuleContext): void;
}

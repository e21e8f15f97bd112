// The report rules (issue 16), in report order. docs/rules.md lists them after the workbook rules.
import type { StatementRule } from './types';
import { reportFigure } from './report-figure';
import { reportFigureStale } from './report-figure-stale';
import { reportFigureInconsistent } from './report-figure-inconsistent';
import { reportSum } from './report-sum';
import { reportGrade } from './report-grade';
import { reportTableUnread } from './report-table-unread';

export const REPORT_RULES: readonly StatementRule[] = [reportFigure, reportFigureStale, reportFigureInconsistent, reportSum, reportGrade, reportTableUnread];

export type { StatementRule, StatementRuleContext } from './types';

// 自评报告 check (issue 16): snapshot → statement (extract) → findings against the workbook (rules).
export type { ReportSnapshot, ReportParagraph, ReportTable, Statement, StatedFigure, StatedSum, QuantityId, FigureKind } from './types';
export { extractStatement, headingLevel, normalizePhrase } from './extract';
export { checkStatement, checkStatementAgainst, matchStatement, REPORT_SHEET, type StatementMatch } from './check';
export { formFor, workbookFacts, type WorkbookFacts, type QuantityFact } from './facts';
export { REPORT_RULES, type StatementRule } from './rules';
export { QUANTITY_LABEL } from './vocab';
export { snapshotFromRendered } from './rendered';

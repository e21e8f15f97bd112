// checkStatement: the report rules over one statement and the workbook(s) it goes with.
import type { Finding, FindingValue, Report } from '../types';
import { D, fmt2, type Dec } from '../values';
import { failingSums, figureWhere, precisionOf, quoteAround, showStated, verdict } from './compare';
import { factKey, formFor, workbookFacts, type WorkbookFacts } from './facts';
import { fill } from './rules/notes';
import { REPORT_RULES } from './rules';
import type { StatementReportArgs, StatementRuleContext } from './rules/types';
import type { FigureKind, Statement } from './types';

/** Where a finding in a report stands: what the `sheet` field of its findings holds. */
export const REPORT_SHEET = '自评报告';

function findingValue(kind: FigureKind, value: Dec | string): FindingValue {
  if (kind === 'grade') return { kind: 'grade', value: String(value) };
  const d = new D(value as Dec);
  if (kind === 'rate') return { kind: 'rate', value: d.div(100).toDecimalPlaces(4, D.ROUND_HALF_UP).toString() };
  if (kind === 'count') return { kind: 'count', value: d.toFixed(0) };
  return { kind, value: fmt2(d) };
}

function display(kind: FigureKind, value: Dec | string): string {
  if (kind === 'grade') return String(value);
  const d = new D(value as Dec);
  if (kind === 'count') return d.toFixed(0);
  return kind === 'rate' ? `${fmt2(d)}%` : fmt2(d);
}

export interface StatementMatch {
  /** The workbook report and form the statement was compared with; absent when none fits. */
  reportIndex?: number;
  formIndex?: number;
  findings: Finding[];
}

/** Runs the report rules against one form's facts. Never throws: a failing rule becomes an info finding. */
export function checkStatementAgainst(statement: Statement, workbook: WorkbookFacts): Finding[] {
  const findings: Finding[] = [];
  // Document order: a paragraph's figures, then the tables that follow it (by table, row, column).
  const order = new Map<Finding, number[]>();
  const precision = precisionOf(statement);
  const verdicts = statement.figures.map((f) => verdict(f, workbook.facts[factKey(f)], precision));
  let ruleId = '';
  const ctx: StatementRuleContext = {
    statement,
    workbook,
    precision,
    verdicts,
    failingSums: failingSums(statement),
    report(args: StatementReportArgs) {
      const rule = REPORT_RULES.find((r) => r.meta.id === ruleId)!;
      const template = rule.meta.messages[args.messageId] ?? args.messageId;
      const sheet = statement.fileName ?? REPORT_SHEET;
      if (args.figure === undefined) {
        // A finding about a whole table (what could not be checked): it stands after the paragraph the table follows.
        const t = statement.uncheckedTables?.find((x) => x.table === args.table);
        const paragraph = t?.paragraph ?? 0;
        const data: Record<string, string | number> = { ...args.data, table: args.table ?? 0, paragraph };
        findings.push({
          rule: rule.meta.id,
          messageId: args.messageId,
          data,
          severity: args.severity ?? rule.meta.severity,
          sheet,
          cell: `第${args.table ?? 0}个表格`,
          row: Math.max(0, paragraph - 1),
          col: 0,
          paragraph,
          message: fill(template, data),
          form: workbook.formIndex,
          key: `${rule.meta.id}|${sheet}|t${args.table ?? 0}`,
        });
        order.set(findings[findings.length - 1]!, [paragraph, 1, args.table ?? 0, 0, 0]);
        return;
      }
      const f = statement.figures[args.figure]!;
      const inTable = f.table !== undefined;
      const where = figureWhere(f);
      const quote = inTable ? f.phrase : quoteAround(statement.paragraphs[f.paragraph] ?? '', f.offset, f.text.length);
      const data: Record<string, string | number> = {
        ...args.data,
        paragraph: f.paragraph,
        quote,
        ...(inTable ? { table: f.table!, row: f.row ?? 0, col: f.col ?? 0 } : {}),
        where: inTable ? `${where}“${quote}”${f.unitGuessed ? '（表格未注明单位，按万元和百分数读取，仅作提示）' : ''}：` : `${where}“${quote}”：`,
      };
      const found: FindingValue = findingValue(f.kind, f.kind === 'grade' ? f.value : new D(f.value));
      let severity = args.severity ?? rule.meta.severity;
      // No error rests on a guess: a figure whose unit the table does not state is compared at warning level at most.
      if (f.unitGuessed && severity === 'error') severity = 'warning';
      findings.push({
        rule: rule.meta.id,
        messageId: args.messageId,
        data,
        pair: { kind: 'value', found, ...(args.expected ? { expected: findingValue(args.expected.kind, args.expected.value) } : {}) },
        severity,
        sheet,
        cell: where,
        row: Math.max(0, f.paragraph - 1),
        col: inTable ? (f.col ?? 1) - 1 : f.offset,
        paragraph: f.paragraph,
        quote,
        message: fill(template, data),
        found: showStated(f),
        ...(args.expected ? { expected: display(args.expected.kind, args.expected.value) } : {}),
        form: workbook.formIndex,
        key: inTable ? `${rule.meta.id}|${sheet}|t${f.table}r${f.row}c${f.col}` : `${rule.meta.id}|${sheet}|p${f.paragraph}@${f.offset}`,
      });
      order.set(findings[findings.length - 1]!, inTable ? [f.paragraph, 1, f.table!, f.row ?? 0, f.col ?? 0] : [f.paragraph, 0, 0, 0, f.offset]);
    },
  };
  for (const rule of REPORT_RULES) {
    ruleId = rule.meta.id;
    try {
      rule.check(ctx);
    } catch (err) {
      findings.push({
        rule: rule.meta.id,
        severity: 'info',
        sheet: statement.fileName ?? REPORT_SHEET,
        cell: '',
        row: 0,
        col: 0,
        message: `核对报告时规则“${rule.meta.title}”内部出错（${err instanceof Error ? err.message : String(err)}），这一项未能核对，请把报告和工作簿发给维护人员。`,
        key: `${rule.meta.id}|internal`,
      });
    }
  }
  const keyOf = (f: Finding) => order.get(f) ?? [f.paragraph ?? 0, 0, 0, 0, f.col];
  return findings.sort((a, b) => {
    const x = keyOf(a);
    const y = keyOf(b);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return 0;
  });
}

/**
 * The report rules for one statement against the workbooks submitted with it: the first workbook with a
 * form of the statement's unit (see formFor) is used. No matching form: no findings, and reportIndex absent
 * (the shell says the report has no workbook).
 */
export function matchStatement(statement: Statement, workbookReports: readonly Report[]): StatementMatch {
  for (let r = 0; r < workbookReports.length; r++) {
    const report = workbookReports[r]!;
    const formIndex = formFor(statement, report);
    if (formIndex === null) continue;
    const wb = workbookFacts(report, formIndex);
    if (!wb) continue;
    return { reportIndex: r, formIndex, findings: checkStatementAgainst(statement, wb) };
  }
  return { findings: [] };
}

/** The findings of one statement against the workbooks submitted with it (see matchStatement). */
export function checkStatement(statement: Statement, workbookReports: readonly Report[]): Finding[] {
  return matchStatement(statement, workbookReports).findings;
}

// Shared by the 自评报告 tests: fixture workbooks checked by the engine, generated reports as snapshots.
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { checkWorkbook, listTemplates, renderTemplate, type FormReport, type Report } from '../../src/engine';
import { extractStatement, snapshotFromRendered, type ReportSnapshot } from '../../src/engine/report';
import { readXlsx } from '../../src/xlsx/read';

export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'xlsx');

export async function loadWorkbook(file: string): Promise<Report> {
  const read = await readXlsx(readFileSync(path.join(FIXTURES, file)), file);
  if (!read.ok) throw new Error(read.message);
  return checkWorkbook(read.snapshot);
}

export function fixtureWorkbooks(): string[] {
  return readdirSync(FIXTURES).filter((n) => n.endsWith('.xlsx'));
}

export interface GeneratedReport {
  workbook: string;
  template: 'overall-report' | 'project-report';
  formIndex: number;
  snapshot: ReportSnapshot;
}

/** Every 自评报告 the product's templates write for a workbook (one per applicable form). */
export function generatedReports(workbook: string, report: Report): GeneratedReport[] {
  const out: GeneratedReport[] = [];
  for (const t of listTemplates(report)) {
    if (t.name !== 'overall-report' && t.name !== 'project-report') continue;
    for (const f of t.forms) {
      const rendered = renderTemplate(report, t.name, { formIndex: f.formIndex });
      if (rendered.error) continue;
      out.push({ workbook, template: t.name, formIndex: f.formIndex, snapshot: snapshotFromRendered(rendered, `${workbook}-${t.name}-${f.formIndex}.docx`) });
    }
  }
  return out;
}

export { extractStatement };

/**
 * A hand-written workbook report for rule tests: 湘江市电化教育馆 2024, an 整体支出 form (its 总分 declared as given,
 * recomputed 99.66) beside a 基础数据表.
 */
export function xiangjiangWorkbook(declaredTotal: string): { overall: FormReport; basic: FormReport; report: Report } {
  const overall: FormReport = {
    kind: 'overall',
    sheet: '整体支出绩效自评表',
    range: 'A1:I40',
    unit: '湘江市电化教育馆',
    year: 2024,
    execution: { rate: '0.9600', score: '9.60', declaredRate: '0.9600', declaredScore: '9.60', weight: '10.00', budget: '300.00', initialBudget: '280.00', executed: '288.00' },
    total: { declared: declaredTotal, recomputed: '99.66' },
    grade: { declared: '优', recomputed: '优' },
    funds: { 一般公共预算: '288.00', 基本支出: '205.00', 项目支出: '83.00' },
  };
  const basic: FormReport = {
    kind: 'basic-data',
    sheet: '基础数据表',
    range: 'A1:G25',
    year: 2024,
    basic: {
      staffing: { authorised: '20', actual: '18', rate: '0.9000', declaredRate: '0.9000' },
      rows: {
        三公经费: { previous: '2.00', budget: '2.20', actual: '1.80' },
        '1、公务用车购置和维护经费': { previous: '1.50', budget: '1.60', actual: '1.40' },
        '2、出国经费': { previous: '0.00', budget: '0.00', actual: '0.00' },
        '3、公务接待': { previous: '0.50', budget: '0.60', actual: '0.40' },
        公用经费: { previous: '30.00', budget: '32.00', actual: '25.00' },
        '项目支出：': { previous: '80.00', budget: '90.00', actual: '83.00' },
      },
    },
  };
  return { overall, basic, report: { forms: [basic, overall], findings: [], policy: 'default', counts: { error: 0, warning: 0, info: 0 } } };
}

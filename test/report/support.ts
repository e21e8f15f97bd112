// Shared by the 自评报告 tests: fixture workbooks checked by the engine, generated reports as snapshots.
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { checkWorkbook, listTemplates, renderTemplate, type Report } from '../../src/engine';
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

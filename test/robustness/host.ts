// Snapshot → fake Excel workbook, plus the one cycle the add-in runs: read, check, mark, clear.
import { checkWorkbook, type Report } from '../../src/engine';
import type { WorkbookSnapshot } from '../../src/engine/types';
import type { MarkOptions } from '../../src/excel/types';
import { createOfficeGateway } from '../../src/excel/office-gateway';
import { HostWorkbook, createFakeExcel, type FakeExcelOptions, type SheetLike } from '../../src/host/fake-excel';

/** A HostWorkbook holding what the snapshot holds (values, formulas, number formats, merges). */
export function hostFromSnapshot(snapshot: WorkbookSnapshot, extra: (sheet: SheetLike, index: number) => SheetLike = (s) => s): HostWorkbook {
  return HostWorkbook.fromSnapshotLike({
    sheets: snapshot.sheets.map((s, i) =>
      extra(
        {
          name: s.name,
          values: s.values.map((row) => row.map((v) => (v === null ? '' : v))),
          formulas: s.formulas,
          numberFormats: s.numberFormats,
          merges: s.merges ?? [],
          hidden: s.hidden,
        },
        i,
      ),
    ),
  });
}

export interface Cycle {
  report: Report;
  /** cellsState() with the marks on. */
  marked: string;
  /** cellsState() after clearMarks. */
  cleared: string;
}

/** readSnapshot → checkWorkbook → applyMarks → clearMarks through the real gateway. */
export async function checkAndClear(wb: HostWorkbook, options: { host?: FakeExcelOptions; marks?: MarkOptions } = {}): Promise<Cycle> {
  const host = createFakeExcel(wb, options.host);
  const gateway = createOfficeGateway(host.api);
  const snapshot = await gateway.readSnapshot();
  const report = checkWorkbook(snapshot);
  await gateway.applyMarks(report.findings, options.marks);
  const marked = JSON.stringify(wb.cellsState());
  await gateway.clearMarks();
  return { report, marked, cleared: JSON.stringify(wb.cellsState()) };
}

/** Keys of the cells whose state differs between two cellsState() JSON strings (for messages). */
export function stateDiff(a: string, b: string): string[] {
  const A = JSON.parse(a) as { sheets: { name: string; [k: string]: unknown }[] };
  const B = JSON.parse(b) as { sheets: { name: string; [k: string]: unknown }[] };
  const out: string[] = [];
  const n = Math.max(A.sheets.length, B.sheets.length);
  for (let i = 0; i < n; i++) {
    const x = A.sheets[i];
    const y = B.sheets[i];
    if (!x || !y) {
      out.push(`sheet #${i} only on one side`);
      continue;
    }
    for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) {
      const u = x[key];
      const v = y[key];
      if (JSON.stringify(u) === JSON.stringify(v)) continue;
      if (key === 'cells' && u && v && typeof u === 'object' && typeof v === 'object') {
        const cu = u as Record<string, unknown>;
        const cv = v as Record<string, unknown>;
        for (const addr of new Set([...Object.keys(cu), ...Object.keys(cv)])) {
          if (JSON.stringify(cu[addr]) !== JSON.stringify(cv[addr])) out.push(`${x.name}!${addr}: ${JSON.stringify(cu[addr])} → ${JSON.stringify(cv[addr])}`);
        }
      } else {
        out.push(`${x.name}.${key}: ${JSON.stringify(u)} → ${JSON.stringify(v)}`);
      }
    }
  }
  return out;
}

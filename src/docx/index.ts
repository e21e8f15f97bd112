// 自评报告 in, Statement out: what `selfeval check`, `selfeval review` (src/review) and the pane call.
import { extractStatement, type Statement } from '../engine/report';
import { readDocx } from './read';

export { readDocx, snapshotFromDocument, type ReadDocxResult } from './read';

export type ReadReportResult = { ok: true; statement: Statement } | { ok: false; code: 'not-docx' | 'doc' | 'unreadable'; message: string };

/** True for a file name the report reader takes (.docx; .doc is recognised to be refused with advice). */
export function isReportFileName(name: string): boolean {
  return /\.(docx|doc)$/i.test(name) && !/^(~\$|\._)/.test(name.replace(/^.*[\\/]/, ''));
}

/** Reads a .docx report and extracts its stated figures. Never throws. */
export async function readReport(bytes: Uint8Array, fileName?: string): Promise<ReadReportResult> {
  const read = await readDocx(bytes, fileName);
  if (!read.ok) return read;
  return { ok: true, statement: extractStatement(read.snapshot) };
}

/**
 * The FileOutcome fields of a 自评报告 for `selfeval review` (src/review/check-one.ts), pure and browser-safe:
 *   if (isReportFileName(input.name)) return { ...base, ...(await reportOutcome(input.bytes, input.name)) };
 * then, once every file is checked, each statement against its unit's workbook reports:
 *   matchStatement(outcome.statement as Statement, reportsOfThatUnit) → { findings (paragraph, quote), reportIndex? }
 * (reportIndex absent: the report has no workbook of its unit — say so).
 */
export async function reportOutcome(
  bytes: Uint8Array,
  fileName: string,
): Promise<{ status: 'report'; statement: Statement; unit?: string; year?: number } | { status: 'unreadable'; refusal: string }> {
  try {
    const read = await readReport(bytes, fileName);
    if (!read.ok) return { status: 'unreadable', refusal: read.message };
    const s = read.statement;
    return { status: 'report', statement: s, ...(s.unit ? { unit: s.unit } : {}), ...(s.year ? { year: s.year } : {}) };
  } catch (err) {
    return { status: 'unreadable', refusal: `读取自评报告时发生内部错误（${err instanceof Error ? err.message : String(err)}），请把该文件发给维护人员` };
  }
}

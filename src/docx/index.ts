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

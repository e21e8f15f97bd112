// The harness page's and the pane tests' sample: the committed sample workbook samples/changsha-2024.xlsx
// as a snapshot (harness-snapshot.json, checked against the file by test/taskpane/harness-data.test.ts)
// and the report the engine makes of it. Real engine output, never hand-written findings.
import { checkWorkbook } from '../engine/check';
import type { Report, WorkbookSnapshot } from '../engine/types';
import snapshot from './harness-snapshot.json';

/** A snapshot whose sheet order is the workbook order the list follows. */
export const SAMPLE_SNAPSHOT: WorkbookSnapshot = snapshot as WorkbookSnapshot;

export const SAMPLE_REPORT: Report = checkWorkbook(SAMPLE_SNAPSHOT);

export const SAMPLE_FINDINGS = SAMPLE_REPORT.findings;

export const EMPTY_REPORT: Report = { policy: 'default', forms: [], findings: [], counts: { error: 0, warning: 0, info: 0 } };

// What checking one input produced: a report, or the reason the file could not be read.
import type { Report } from '../engine';
import { fullyChecked } from '../present';
import type { ReadErrorCode } from '../xlsx/read';

export type FileErrorCode =
  | ReadErrorCode
  /** Path does not exist. */
  | 'missing'
  /** A directory without .xlsx/.xlsm files. */
  | 'no-xlsx'
  /** Over the CLI's file-size limit. */
  | 'too-big'
  /** The operating system refused to read it (permissions…). */
  | 'io'
  /** Not a regular file (a FIFO, a device, a link to one). */
  | 'not-file'
  /** A bug in selfeval while checking this file. */
  | 'internal';

export type FileOutcome =
  | { file: string; ok: true; report: Report }
  | { file: string; ok: false; code: FileErrorCode; message: string };

export function hasErrorFinding(report: Report): boolean {
  return report.counts.error > 0 || report.findings.some((f) => f.severity === 'error');
}

/** 2 when the file could not be read or was not fully checked (an internal problem), 1 when it has an error finding, else 0. */
export function fileExitCode(o: FileOutcome): 0 | 1 | 2 {
  if (!o.ok || !fullyChecked(o.report)) return 2;
  return hasErrorFinding(o.report) ? 1 : 0;
}

/** The run's exit code: the worst of its files' (fileExitCode). */
export function exitCodeFor(outcomes: readonly FileOutcome[]): 0 | 1 | 2 {
  return worstExitCode(outcomes.map(fileExitCode));
}

export function worstExitCode(codes: readonly (0 | 1 | 2)[]): 0 | 1 | 2 {
  return codes.reduce<0 | 1 | 2>((worst, c) => (c > worst ? c : worst), 0);
}

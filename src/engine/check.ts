import type { Report, WorkbookSnapshot } from './types';
import { DEFAULT_POLICY, type ScoringPolicy } from './scoring/policy';

export interface CheckOptions {
  policy?: ScoringPolicy;
}

/** Recognises the forms in a snapshot, recomputes them and runs every rule. Never throws. */
export function checkWorkbook(snapshot: WorkbookSnapshot, options: CheckOptions = {}): Report {
  const policy = options.policy ?? DEFAULT_POLICY;
  // Placeholder until the engine lands (lead is writing it now): returns an empty report.
  void snapshot;
  return { forms: [], findings: [], policy: policy.name, counts: { error: 0, warning: 0, info: 0 } };
}

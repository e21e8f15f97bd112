// The caches of one check, owned by one object made by checkWorkbook and dropped with it: workbooks repeat
// the same weights, scores, targets and texts thousands of times, and parsed values are immutable, so one
// parse (or one score object) per distinct input serves them all. Bounded so a sheet of unique values
// cannot grow them. Nothing here outlives the check, and no check sees another's entries.
import type { CellValue } from './types';
import type { IndicatorValue, NumberRead } from './values';
import type { IndicatorScore } from './forms/model';
import type { ScoringPolicy } from './scoring/policy';
import type { Dec } from './values';

export const MEMO_LIMIT = 50_000;

/** Policy thresholds as decimals, parsed once per policy in a check, and what is derived from them. */
export interface PolicyNumbers {
  tier1: Dec;
  tier2: Dec;
  over: Dec;
  /** target × over-achievement threshold, per target instance (parsed targets are shared between rows). */
  overOf: WeakMap<Dec, Dec>;
  /** Qualitative bands per 分值 instance, indexed by tier. */
  bandsOf: WeakMap<Dec, { min: Dec; max: Dec; tier: 1 | 2 | 3 }[]>;
}

export class CheckMemo {
  /** Cell reads, keyed by number format, then by the raw value itself (no key strings are built). */
  readonly numbers = new Map<string, Map<CellValue, NumberRead | null>>();
  readonly indicators = new Map<string, Map<CellValue, IndicatorValue>>();
  parsed = 0;
  /** Qualitative tier of an (actual, target) text pair; 0 = says nothing. */
  readonly tiers = new Map<string, Map<string, 1 | 2 | 3 | 0>>();
  tierCount = 0;
  /** Shared, read-only indicator results (full marks on a 分值 instance, a band, a carried score). */
  readonly shared = new Map<unknown, Map<unknown, IndicatorScore>>();
  readonly policies = new Map<ScoringPolicy, PolicyNumbers>();
}

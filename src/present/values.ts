// Display of the figures a Report carries. Every figure arrives as a decimal string; formatting is
// decimal.js half-up at 2 decimals, so every shell shows the same digits for the same fact.
import { D, type Dec } from '../engine/values/decimal';
import type { FindingValue } from '../engine/types';

/** Shown where a figure is absent. */
export const NONE = '—';

export function parseDecimal(s: string | number | null | undefined): Dec | null {
  if (s === null || s === undefined) return null;
  const t = typeof s === 'number' ? String(s) : s.trim();
  if (t === '') return null;
  try {
    const d = new D(t);
    return d.isFinite() ? d : null;
  } catch {
    return null;
  }
}

/** "9.6" → "9.60"; text that is not a number is shown as is; absent → "—". */
export function fixed2(s: string | null | undefined): string {
  const d = parseDecimal(s);
  if (d) return d.toFixed(2);
  return s && s.trim() ? s : NONE;
}

/** A weight without needless decimals ("40" → "40", "12.50" → "12.5"), rounded half-up to 2 dp first. */
export function plain(s: string | null | undefined): string {
  const d = parseDecimal(s);
  if (d) return d.toDecimalPlaces(2).toString();
  return s && s.trim() ? s : NONE;
}

/** A fraction ("0.9662") as a 2-decimal percent ("96.62%"). */
export function percent(s: string | null | undefined): string {
  const d = parseDecimal(s);
  if (d) return `${d.times(100).toFixed(2)}%`;
  return s && s.trim() ? s : NONE;
}

/** One FindingValue as text: amounts/scores/weights 2 dp, rates as percent, counts whole, text as is. */
export function formatValue(v: FindingValue | null | undefined): string {
  if (!v) return NONE;
  switch (v.kind) {
    case 'amount':
    case 'score':
    case 'weight':
      return fixed2(v.value);
    case 'rate':
      return percent(v.value);
    case 'count': {
      const d = parseDecimal(v.value);
      return d ? d.toDecimalPlaces(0).toString() : v.value;
    }
    case 'range': {
      // "min..max": a score range (qualitative band), both ends 2 dp.
      const [lo, hi] = v.value.split('..');
      return `${fixed2(lo)}–${fixed2(hi)}`;
    }
    default:
      return v.value;
  }
}

/**
 * Whether two figures differ at display precision (2 dp; rates as percent points). An absent figure is
 * not a difference (the findings say what is missing); two texts differ when they are not equal.
 */
export function differs(a: string | null | undefined, b: string | null | undefined, asPercent = false): boolean {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  if (!x || !y) {
    if (a && b && !x && !y) return a.trim() !== b.trim();
    return false;
  }
  const scale = asPercent ? 100 : 1;
  return !x.times(scale).toDecimalPlaces(2).eq(y.times(scale).toDecimalPlaces(2));
}

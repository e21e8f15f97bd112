// Display helpers for the decimal strings a Report carries. decimal.js only: no float math on amounts.
import Decimal from 'decimal.js';

const D = Decimal.clone({ rounding: Decimal.ROUND_HALF_UP, precision: 40 });

function parse(s: string): Decimal | null {
  try {
    const d = new D(s.trim());
    return d.isFinite() ? d : null;
  } catch {
    return null;
  }
}

/** "0.9662" → "96.62%"; text that is not a number is shown as it is. */
export function fractionToPercent(fraction: string): string {
  const d = parse(fraction);
  return d ? `${d.times(100).toFixed(2)}%` : fraction;
}

/** "9.6" → "9.60"; text that is not a number is shown as it is. */
export function twoDecimals(value: string): string {
  const d = parse(value);
  return d ? d.toFixed(2) : value;
}

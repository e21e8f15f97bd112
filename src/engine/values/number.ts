// Plain numbers in cells: number cells, numbers stored as text, percent formats.
import type { CellValue } from '../types';
import { D, type Dec } from './decimal';
import { isErrorValue, normalizeText } from './text';

export interface NumberRead {
  value: Dec;
  fromText: boolean;
  /** The cell shows a percent: a number under a % format, or text ending in %. value is then the fraction. */
  percent: boolean;
  /** The number format has a (non-literal) %. Excel ignores formats on text, so text cells still report it here. */
  percentFormat: boolean;
  raw: CellValue;
  /**
   * Digits after the point in the stored value: the number's shortest form for number cells
   * (9.15088499999996 → 14), the digits as written for text ("96.620%" → 3).
   */
  decimalsStored: number;
}

// sign, integer (grouped or not), fraction, or a leading-dot fraction, optional exponent, optional %.
const PLAIN_NUM = /^([+-]?)\s*(?:(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d{1,4}))?\s*(%?)$/;
const COMMA_G = /,/g;
/** Longer than any double written out in full (5e-324 is 326 characters): skipping it bounds the work. */
const MAX_PLAIN_LEN = 400;

/** What parsePlainNumber found: the value (a fraction when percent) and the decimals as written. */
export interface PlainNumber {
  value: Dec;
  percent: boolean;
  decimals: number;
}

/**
 * Parses a string that is nothing but a number: "2,773.47", " -5 ", "５１８．９４", "98%", "１００％", "1e3".
 * Returns null for anything else (units, words, dates, several numbers).
 */
export function parsePlainNumber(s: string): PlainNumber | null {
  let t = s.trim();
  if (t.length === 0 || t.length > MAX_PLAIN_LEN) return null;
  const c0 = t.charCodeAt(0);
  // Cheap rejection before NFKC: a number starts with a digit, sign, dot, or a full-width/minus form of one.
  if (c0 >= 0x2000) {
    if (!(c0 >= 0xff0b && c0 <= 0xff19) && c0 !== 0x2212 && c0 !== 0x2012 && c0 !== 0x2013) return null;
    t = normalizeText(t).trim();
  } else if (!((c0 >= 48 && c0 <= 57) || c0 === 43 || c0 === 45 || c0 === 46)) {
    return null;
  } else if (!isAsciiOnlyFast(t)) {
    t = normalizeText(t).trim();
  }
  return parseNormalizedNumber(t);
}

/** parsePlainNumber for text already trimmed and normalised (normalizeText). */
export function parseNormalizedNumber(t: string): PlainNumber | null {
  if (t.length === 0 || t.length > MAX_PLAIN_LEN) return null;
  const m = PLAIN_NUM.exec(t);
  if (!m) return null;
  const sign = m[1] ?? '';
  const int = m[2];
  const frac = m[3] ?? m[4] ?? '';
  const exp = m[5];
  const percent = m[6] === '%';
  const digits = int === undefined ? '0' : int.length > 3 && int.indexOf(',') >= 0 ? int.replace(COMMA_G, '') : int;
  let value: Dec;
  let decimals = frac.length;
  if (exp !== undefined) {
    value = new D(sign + digits + (frac ? '.' + frac : '') + 'e' + exp);
    if (!value.isFinite()) return null;
    decimals = value.decimalPlaces();
    if (percent) value = value.div(100);
  } else {
    // Moving the point in the string is exact and much cheaper than a Decimal division.
    value = new D(decimalString(sign, digits, frac, percent ? -2 : 0));
  }
  if (value.isZero() && value.isNegative()) value = new D(0);
  return { value, percent, decimals };
}

/** sign + digits.frac with the decimal point moved `shift` places right (negative: left), as a plain string. */
export function decimalString(sign: string, int: string, frac: string, shift: number): string {
  if (shift === 0) return frac ? sign + int + '.' + frac : sign + int;
  const all = int + frac;
  const point = int.length + shift;
  if (point <= 0) return sign + '0.' + '0'.repeat(-point) + all;
  if (point >= all.length) return sign + all + '0'.repeat(point - all.length);
  return sign + all.slice(0, point) + '.' + all.slice(point);
}

function isAsciiOnlyFast(t: string): boolean {
  for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) > 127) return false;
  return true;
}

/**
 * True when an Excel number format scales by 100 and shows %: "0%", "0.00%", "0.0%;[Red]-0.0%".
 * A quoted or escaped % ("0\"%\"", "0\\%") is literal text and does not count.
 */
export function isPercentFormat(fmt: string | null | undefined): boolean {
  if (typeof fmt !== 'string' || fmt.indexOf('%') < 0) return false;
  const n = Math.min(fmt.length, 256);
  for (let i = 0; i < n; i++) {
    const c = fmt.charCodeAt(i);
    if (c === 37 /* % */) return true;
    if (c === 34 /* " */) {
      const close = fmt.indexOf('"', i + 1);
      if (close < 0) return false;
      i = close;
    } else if (c === 92 /* \ */ || c === 95 /* _ */ || c === 42 /* * */) {
      i++; // next character is literal (or a padding/fill character)
    } else if (c === 91 /* [ */) {
      const close = fmt.indexOf(']', i + 1);
      if (close < 0) return false;
      i = close;
    }
  }
  return false;
}

/**
 * The literal text a format adds to the first section: `0.00"万元"` → "万元", `0\个` → "个".
 * "" when none (the common case, answered without allocating).
 */
export function formatLiteral(fmt: string | null | undefined): string {
  if (typeof fmt !== 'string' || (fmt.indexOf('"') < 0 && fmt.indexOf('\\') < 0)) return '';
  const n = Math.min(fmt.length, 256);
  let out = '';
  for (let i = 0; i < n; i++) {
    const c = fmt.charCodeAt(i);
    if (c === 59 /* ; */) break;
    if (c === 34) {
      const close = fmt.indexOf('"', i + 1);
      if (close < 0) break;
      out += fmt.slice(i + 1, close);
      i = close;
    } else if (c === 92) {
      if (i + 1 < n) out += fmt[i + 1];
      i++;
    } else if (c === 95 || c === 42) {
      i++;
    } else if (c === 91) {
      const close = fmt.indexOf(']', i + 1);
      if (close < 0) break;
      i = close;
    }
  }
  return out.trim();
}

/**
 * Reads a cell that should hold a plain number (amounts, 分值, 得分, 执行率, 控制率).
 * null for empty cells, errors, booleans and anything that is not just a number (an optional
 * trailing % is the only suffix allowed: "518.94万元" is not a plain number).
 */
export function readNumber(v: CellValue | undefined, numberFormat?: string | null): NumberRead | null {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return null;
    // decimal.js reads a JS number through its shortest string form, so 9.15088499999996 stays exact.
    const value = new D(v === 0 ? 0 : v);
    const pf = isPercentFormat(numberFormat);
    return { value, fromText: false, percent: pf, percentFormat: pf, raw: v, decimalsStored: value.decimalPlaces() };
  }
  if (typeof v !== 'string' || v.length === 0) return null;
  if (isErrorValue(v)) return null;
  const p = parsePlainNumber(v);
  if (!p) return null;
  return {
    value: p.value,
    fromText: true,
    percent: p.percent,
    percentFormat: isPercentFormat(numberFormat),
    raw: v,
    decimalsStored: p.decimals,
  };
}

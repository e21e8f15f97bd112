// 年度指标值 / 实际完成值 cells: operator + number + unit, or prose.
import type { CellValue } from '../types';
import { D, type Dec } from './decimal';
import { decimalString, formatLiteral, isPercentFormat, parseNormalizedNumber } from './number';
import { cellText, isErrorValue, normalizeText } from './text';
import { findStrongOp, matchOpBefore, matchUnit, MEASURED_OPS, SUFFIX_OPS, type Op, type OpEntry, type SuffixOp } from './vocab';

export type { Op } from './vocab';
export type IndicatorKind = 'empty' | 'quantity' | 'multi' | 'text' | 'error';
export type Direction = 'positive' | 'reverse' | 'equal';

export interface IndicatorValue {
  kind: IndicatorKind;
  /** Comparison written in the cell (symbols or words: ≥, 不低于, 以上, 控制在…以内), for quantity and multi. */
  op?: Op;
  /** The operator as written after NFKC ("≥", "不低于", "以上", "达到"); see isComparisonValue. */
  opText?: string;
  /** quantity only: ge/gt → positive, le/lt → reverse, eq or none → equal. */
  direction?: Direction;
  /** quantity only: after 万 (×1e4) / 亿 (×1e8) and percent → fraction (98% → 0.98). */
  value?: Dec;
  /** Canonical base unit ("个", "人次", "元", "天", "平方米"), "%" for percent, "" when none or unknown. */
  unit: string;
  percent: boolean;
  /** The cell is just a number: "1", "0.85", 10 under a General format. */
  bare: boolean;
  /** Trimmed original text (numbers stringified). */
  text: string;
  /** Numbers found after removing years, dates, times, ordinals and document numbers. */
  numberCount: number;
}

/**
 * True when the value is written as a comparison ("≥300万元", "100个以上", "不低于90%"), i.e. not a measured
 * value when it appears as 实际完成值. "达到100%" / "满意度达90%" report a level reached and do not count.
 */
export function isComparisonValue(iv: IndicatorValue): boolean {
  return iv.op !== undefined && !(iv.opText !== undefined && MEASURED_OPS.has(iv.opText));
}

function make(
  kind: IndicatorKind,
  text: string,
  numberCount: number,
  value?: Dec,
  unit = '',
  percent = false,
  bare = false,
  op?: Op,
  opText?: string,
): IndicatorValue {
  const direction: Direction | undefined =
    kind !== 'quantity' ? undefined : op === 'ge' || op === 'gt' ? 'positive' : op === 'le' || op === 'lt' ? 'reverse' : 'equal';
  // Fixed key set keeps one object shape for every result.
  return { kind, op, opText, direction, value, unit, percent, bare, text, numberCount };
}

/**
 * Parses a 年度指标值 / 实际完成值 cell. Never throws: anything unreadable comes back as text or error.
 * A number cell under a % format is a fraction (0.98 shown as 98%); a number cell under a format with a
 * literal unit (`0.00"万元"`) takes that unit.
 */
export function parseIndicatorValue(v: CellValue | undefined, numberFormat?: string | null): IndicatorValue {
  try {
    if (v === null || v === undefined) return make('empty', '', 0);
    if (typeof v === 'number') return fromNumber(v, numberFormat);
    if (typeof v === 'boolean') return make('text', v ? '是' : '否', 0);
    if (typeof v !== 'string') return make('text', cellText(v), 0);
    const text = v.trim();
    if (text.length === 0) return make('empty', '', 0);
    if (isErrorValue(text)) return make('error', text, 0);
    const t = normalizeText(text);
    const c0 = t.charCodeAt(0);
    // Only text that starts like a number can be a plain number; skip the regex for prose.
    if ((c0 >= 48 && c0 <= 57) || c0 === 43 || c0 === 45 || c0 === 46) {
      const plain = parseNormalizedNumber(t.trim());
      if (plain) return make('quantity', text, 1, plain.value, plain.percent ? '%' : '', plain.percent, !plain.percent);
    }
    return scan(text, t);
  } catch {
    return make('error', typeof v === 'string' ? v.trim() : '', 0);
  }
}

function fromNumber(v: number, fmt: string | null | undefined): IndicatorValue {
  if (!Number.isFinite(v)) return make('error', String(v), 0);
  let value = new D(v === 0 ? 0 : v);
  const text = cellText(v);
  if (isPercentFormat(fmt)) return make('quantity', text, 1, value, '%', true, false);
  const lit = formatLiteral(fmt);
  if (!lit) return make('quantity', text, 1, value, '', false, true);
  // The format prints a unit after the number: the cell reads like the text "<number><literal>".
  const c = lit.charCodeAt(0);
  if (c === 37) return make('quantity', text, 1, value.div(100), '%', true, false);
  if (c === 0x2030) return make('quantity', text, 1, value.div(1000), '‰', false, false);
  const lt = normalizeText(lit);
  let q = 0;
  let shift = 0;
  if (lt.charCodeAt(0) === 0x4e07) { shift = 4; q = 1; } // 万
  else if (lt.charCodeAt(0) === 0x4ebf) { shift = 8; q = 1; } // 亿
  const u = matchUnit(lt, q);
  if (shift) value = value.times(POW10[shift]!);
  return make('quantity', text, 1, value, u ? u.unit : '', false, false);
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isAsciiLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x3000;

function skipSpaces(t: string, i: number): number {
  while (i < t.length && isSpace(t.charCodeAt(i))) i++;
  return i;
}

function intAt(t: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) v = v * 10 + (t.charCodeAt(i) - 48);
  return v;
}

function digitsEnd(t: string, i: number): number {
  while (i < t.length && isDigit(t.charCodeAt(i))) i++;
  return i;
}

const YEAR = 0x5e74; // 年
const DU = 0x5ea6; // 度
const MONTH = 0x6708; // 月
const DAY = 0x65e5; // 日
const HAO = 0x53f7; // 号
const FEN = 0x4efd; // 份
const isYear = (y: number): boolean => y >= 1900 && y <= 2100;
// After "N日": a deadline, not a duration ("31日前", "15日止"); "10日内" stays a duration.
const DAY_DEADLINE = new Set([0x524d /* 前 */, 0x6b62 /* 止 */, 0x8d77 /* 起 */, 0x81f3 /* 至 */, 0x5230 /* 到 */, 45, 126]);
const OPEN_BRACKETS = new Set([0x3014, 0x3010, 91, 40, 0x3016]);
const CLOSE_BRACKETS = new Set([0x3015, 0x3011, 93, 41, 0x3017]);

/**
 * If the digits t[i, j) start a year, date, time or document number, returns where it ends; else -1.
 * "2024年度", "2024-2025年", "2025.5.6", "2025-05-06", "12月31日", "12月", "31日前", "8:30", "〔2020〕10号".
 */
function matchDate(t: string, i: number, j: number): number {
  const len = j - i;
  const c = j < t.length ? t.charCodeAt(j) : 0;
  if (len === 4) {
    const y = intAt(t, i, j);
    if (!isYear(y)) return -1;
    if (c === YEAR) return t.charCodeAt(j + 1) === DU ? j + 2 : j + 1;
    if (i > 0 && OPEN_BRACKETS.has(t.charCodeAt(i - 1)) && CLOSE_BRACKETS.has(c)) {
      // 财预〔2020〕10号: the serial number after a bracketed year is not a quantity either.
      const d = digitsEnd(t, j + 1);
      return d > j + 1 && t.charCodeAt(d) === HAO ? d + 1 : j + 1;
    }
    if (c === 45 || c === 47 || c === 126 || c === 0x81f3 /* 至 */ || c === 0x5230 /* 到 */) {
      const d = digitsEnd(t, j + 1);
      const dl = d - (j + 1);
      if (dl === 4 && isYear(intAt(t, j + 1, d))) {
        let e = d;
        if (t.charCodeAt(e) === YEAR) e++;
        if (t.charCodeAt(e) === DU) e++;
        return e;
      }
      if ((c === 45 || c === 47) && dl >= 1 && dl <= 2) {
        const m = intAt(t, j + 1, d);
        if (m < 1 || m > 12) return -1;
        let e = d;
        if (t.charCodeAt(e) === c) {
          const d2 = digitsEnd(t, e + 1);
          if (d2 - (e + 1) >= 1 && d2 - (e + 1) <= 2) e = d2;
        }
        if (t.charCodeAt(e) === DAY || t.charCodeAt(e) === HAO) e++;
        return e;
      }
      return -1;
    }
    if (c === 46) {
      // 2025.5.6 (two dots) is a date; 2025.05 alone may be an amount and stays a number.
      const d = digitsEnd(t, j + 1);
      const dl = d - (j + 1);
      if (dl < 1 || dl > 2 || t.charCodeAt(d) !== 46) return -1;
      const m = intAt(t, j + 1, d);
      const d2 = digitsEnd(t, d + 1);
      const dl2 = d2 - (d + 1);
      if (m < 1 || m > 12 || dl2 < 1 || dl2 > 2) return -1;
      return t.charCodeAt(d2) === DAY ? d2 + 1 : d2;
    }
    return -1;
  }
  if (len > 2) return -1;
  const v = intAt(t, i, j);
  if (c === MONTH && v >= 1 && v <= 12) {
    const e = j + 1;
    const d = digitsEnd(t, e);
    if (d - e >= 1 && d - e <= 2 && (t.charCodeAt(d) === DAY || t.charCodeAt(d) === HAO)) return d + 1;
    return t.charCodeAt(e) === FEN ? e + 1 : e;
  }
  if ((c === DAY || c === HAO) && v >= 1 && v <= 31) {
    if (c === HAO) return j + 1; // "3号楼", "10号文": labels, not quantities
    const nx = t.charCodeAt(j + 1);
    if (DAY_DEADLINE.has(nx)) return j + 1;
    const nx2 = t.charCodeAt(j + 2);
    if ((nx === 0x4e4b /* 之 */ || nx === 0x4ee5 /* 以 */) && (nx2 === 0x524d /* 前 */ || nx2 === 0x540e /* 后 */)) return j + 1;
    return -1;
  }
  if (c === 58 && v <= 24 && isDigit(t.charCodeAt(j + 1)) && isDigit(t.charCodeAt(j + 2)) && !isDigit(t.charCodeAt(j + 3))) {
    return j + 3;
  }
  return -1;
}

const COMMA_G = /,/g;
const POW10: Record<number, Dec> = { 4: new D('1e4'), 8: new D('1e8'), 12: new D('1e12') };

/** text: trimmed original; t: normalizeText(text). */
function scan(text: string, t: string): IndicatorValue {
  const n = t.length;
  let count = 0;
  let value: Dec | undefined;
  let unit = '';
  let percent = false;
  let op: Op | undefined;
  let opText: string | undefined;
  let i = 0;
  while (i < n) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) {
      i++;
      continue;
    }
    const j = digitsEnd(t, i);
    const prev = i > 0 ? t.charCodeAt(i - 1) : 0;
    // Identifiers (ISO9001, A3, m2), ordinals (第3), and the tail of dotted sequences (1.2.3) are not quantities.
    if (isAsciiLetter(prev) || prev === 0x7b2c /* 第 */ || (prev === 46 && i >= 2 && isDigit(t.charCodeAt(i - 2)))) {
      i = j;
      continue;
    }
    const dateEnd = matchDate(t, i, j);
    if (dateEnd > 0) {
      i = dateEnd;
      continue;
    }
    let k = j;
    let grouped = false;
    if (j - i <= 3) {
      while (
        t.charCodeAt(k) === 44 &&
        isDigit(t.charCodeAt(k + 1)) && isDigit(t.charCodeAt(k + 2)) && isDigit(t.charCodeAt(k + 3)) &&
        !isDigit(t.charCodeAt(k + 4))
      ) {
        k += 4;
        grouped = true;
      }
    }
    let numEnd = k;
    if (t.charCodeAt(k) === 46 && isDigit(t.charCodeAt(k + 1))) numEnd = digitsEnd(t, k + 1);
    count++;
    if (count > 1) {
      i = numEnd;
      continue;
    }

    // The first number: sign, unit, operator.
    let start = i;
    let neg = false;
    if (prev === 45 || prev === 43) {
      const p2 = i > 1 ? t.charCodeAt(i - 2) : 0;
      // "90%-100%", "1-2", "x-1" are ranges or names; "-5%" or "增长-5%" carry a sign.
      if (!(isDigit(p2) || isAsciiLetter(p2) || p2 === 37 || p2 === 41 || p2 === 46)) {
        neg = prev === 45;
        start = i - 1;
      }
    }
    let int = t.slice(i, k);
    if (grouped) int = int.replace(COMMA_G, '');
    const frac = numEnd > k ? t.slice(k + 1, numEnd) : '';
    const p = skipSpaces(t, numEnd);
    const pc = p < n ? t.charCodeAt(p) : 0;
    let end = numEnd;
    let time = false;
    let shift = 0;
    if (pc === 37) {
      percent = true;
      unit = '%';
      shift = -2;
      end = p + 1;
    } else if (pc === 0x2030) {
      unit = '‰';
      shift = -3;
      end = p + 1;
    } else {
      let q = p;
      if (pc === 0x4e07 /* 万 */) {
        shift = 4;
        q++;
        if (t.charCodeAt(q) === 0x4ebf) { shift = 12; q++; } // 万亿
      } else if (pc === 0x4ebf /* 亿 */) {
        shift = 8;
        q++;
      }
      const u = matchUnit(t, q);
      if (u) {
        unit = u.unit;
        time = u.time;
        q += u.text.length;
        if (t.charCodeAt(q) === 47 /* / */) {
          const per = matchUnit(t, q + 1); // 次/年, 元/人, 小时/年
          if (per) {
            unit += '/' + per.unit;
            time = false;
            q += 1 + per.text.length;
          }
        }
      }
      if (u || shift) end = q;
    }
    let val = new D(decimalString(neg ? '-' : '', int, frac, shift));
    if (val.isZero() && val.isNegative()) val = new D(0);
    value = val;

    let e = start;
    while (e > 0 && isSpace(t.charCodeAt(e - 1))) e--;
    const pre: OpEntry | null = matchOpBefore(t, e) ?? findStrongOp(t, e);
    let s = skipSpaces(t, end);
    if (t.startsWith('(含)', s)) s = skipSpaces(t, s + 3);
    let sfx: SuffixOp | null = null;
    for (const so of SUFFIX_OPS) {
      if (t.startsWith(so.text, s) && (!so.timeOnly || time)) {
        sfx = so;
        break;
      }
    }
    // "控制在5%以内", "控制在90%以上", "达到100个以上": the suffix is the more specific word.
    if (sfx && (!pre || pre.weak)) {
      op = sfx.op;
      opText = sfx.text;
    } else if (pre) {
      op = pre.op;
      opText = pre.text;
    }
    i = end;
  }
  if (count === 0) return make('text', text, 0);
  if (count === 1) return make('quantity', text, 1, value, unit, percent, false, op, opText);
  return make('multi', text, count, undefined, '', false, false, op, opText);
}

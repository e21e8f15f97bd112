// Text helpers shared by the parsers: Unicode normalisation, error values, empty placeholders.
import type { CellValue } from '../types';

/** Any non-ASCII character. */
// eslint-disable-next-line no-control-regex -- ASCII range test
export const NON_ASCII = /[^\x00-\x7f]/;
/**
 * Strings made only of characters NFKC leaves alone and never composes (ASCII, CJK ideographs, common CJK
 * punctuation, curly quotes, ≤ ≥, em dash) skip the normaliser, which costs several times this test.
 */
// eslint-disable-next-line no-control-regex -- ASCII range test
const NFKC_STABLE = /^[\x00-\x7f\u2264\u2265\u2018\u2019\u201c\u201d\u2014\u3001-\u3035\u303b-\u303f\u3400-\u4dbf\u4e00-\u9fff]*$/;
const SPECIAL_TEST = /[\u2212\u2012\u2013\u2267\u2a7e\u2266\u2a7d\u200b-\u200d\u2060\ufeff]/;
const ALL_SPACE_G = /[\s\u200b-\u200d\u2060\ufeff]+/g;
const SPECIAL_G = /[\u2212\u2012\u2013\u2267\u2a7e\u2266\u2a7d\u200b-\u200d\u2060\ufeff]/g;
const SPECIAL_MAP: Record<string, string> = {
  '\u2212': '-', // minus sign (NFKC keeps it)
  '\u2012': '-', // figure dash
  '\u2013': '-', // en dash
  '\u2267': '≥',
  '\u2a7e': '≥',
  '\u2266': '≤',
  '\u2a7d': '≤',
};
const specialRepl = (c: string): string => SPECIAL_MAP[c] ?? '';

/**
 * NFKC (full-width digits, letters, ％, （）, ：, ＞＝ → ASCII) plus the few look-alikes NFKC keeps
 * (− ≧ ⩾ ≦ ⩽) and zero-width characters removed. ASCII input is returned unchanged.
 */
export function normalizeText(s: string): string {
  if (NFKC_STABLE.test(s)) return s;
  const n = s.normalize('NFKC');
  return SPECIAL_TEST.test(n) ? n.replace(SPECIAL_G, specialRepl) : n;
}

// Every form of a workbook repeats the same header and label texts, so their keys are remembered for the
// length of one check (cleared by resetLabelMemo, bounded so a sheet of unique texts cannot grow it).
const labelMemo = new Map<string, string>();
const LABEL_MEMO_LIMIT = 20_000;
const LABEL_MEMO_MAX_LENGTH = 80;

export function resetLabelMemo(): void {
  labelMemo.clear();
}

/** Header-label key: NFKC, no whitespace at all, no trailing colon ("三级\n指标：" → "三级指标"). */
export function normalizeLabel(s: string): string {
  if (typeof s !== 'string' || s.length > LABEL_MEMO_MAX_LENGTH) return labelKey(s);
  const hit = labelMemo.get(s);
  if (hit !== undefined) return hit;
  const key = labelKey(s);
  if (labelMemo.size < LABEL_MEMO_LIMIT) labelMemo.set(s, key);
  return key;
}

function labelKey(s: string): string {
  const str = typeof s === 'string' ? s : s === null || s === undefined ? '' : String(s);
  const t = (NFKC_STABLE.test(str) ? str : str.normalize('NFKC')).replace(ALL_SPACE_G, '');
  let e = t.length;
  while (e > 0 && t.charCodeAt(e - 1) === 58 /* : */) e--;
  return e === t.length ? t : t.slice(0, e);
}

const ERROR_VALUES = new Set([
  '#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#GETTING_DATA', '#SPILL!', '#CALC!',
  '#FIELD!', '#BLOCKED!', '#CONNECT!', '#BUSY!', '#UNKNOWN!', '#PYTHON!', '#EXTERNAL!',
]);

/** True for an Excel error value ("#DIV/0!", "#N/A", …) as the host reports it. */
export function isErrorValue(v: CellValue | undefined): boolean {
  if (typeof v !== 'string' || v.length < 4 || v.length > 40) return false;
  let t = v;
  if (t.charCodeAt(0) !== 35 /* # */) {
    t = t.trim();
    if (t.charCodeAt(0) !== 35) return false;
  } else if (t.charCodeAt(t.length - 1) <= 32) {
    t = t.trim();
  }
  return ERROR_VALUES.has(t.toUpperCase());
}

const EMPTY_PLACEHOLDERS = new Set(['无', '0', '/', '\\', '同上', '暂无', 'N/A', 'n/a', '空', '略']);
const DASHES_ONLY = /^[-—–―─━~_…]+$/;
const ZEROS_ONLY = /^0+(?:\.0+)?$/;
const TRAILING_STOP = /[。.．,，;；!！]+$/;

/**
 * True when a cell says nothing: null, "", whitespace, the number 0, error values, and the placeholders
 * reviewers do not accept as a 偏差原因 ("无", "0", "/", "—", "——", "-", "同上", "暂无", "无。").
 */
export function isEmptyText(v: CellValue | undefined): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'number') return v === 0;
  if (typeof v !== 'string') return false;
  let t = v.trim();
  if (t.length === 0) return true;
  if (t.length > 40) return false;
  if (isErrorValue(t)) return true;
  if (NON_ASCII.test(t)) t = t.normalize('NFKC').replace(ALL_SPACE_G, '');
  t = t.replace(TRAILING_STOP, '');
  if (t.length === 0) return true;
  return EMPTY_PLACEHOLDERS.has(t) || DASHES_ONLY.test(t) || ZEROS_ONLY.test(t);
}

/** Display string for messages: numbers in their shortest plain form, booleans 是/否, strings trimmed. */
export function cellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return String(v);
    if (v === 0) return '0';
    const s = String(v);
    return s.indexOf('e') < 0 ? s : expToPlain(s);
  }
  if (typeof v === 'boolean') return v ? '是' : '否';
  return String(v);
}

/** "1.5e-7" → "0.00000015", "1e+21" → "1000000000000000000000", keeping every digit of the shortest form. */
function expToPlain(s: string): string {
  const neg = s.charCodeAt(0) === 45;
  const body = neg ? s.slice(1) : s;
  const e = body.indexOf('e');
  const mant = body.slice(0, e);
  const exp = Number(body.slice(e + 1));
  const dot = mant.indexOf('.');
  const digits = dot < 0 ? mant : mant.slice(0, dot) + mant.slice(dot + 1);
  const point = (dot < 0 ? mant.length : dot) + exp;
  let out: string;
  if (point <= 0) out = '0.' + '0'.repeat(-point) + digits;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = digits.slice(0, point) + '.' + digits.slice(point);
  return neg ? '-' + out : out;
}

// Cell text as Excel would display it: a value rendered through its number format. Covers what
// budget forms use (General, 0, 0.00, 0%, 0.00%, #,##0.00, literals such as "万元", sections for
// negatives, [Red]/[$¥-804] tags, dates and times); anything stranger falls back to General.
// Rounding goes through decimal.js half-up (Excel's 四舍五入), never float arithmetic.
import Decimal from 'decimal.js';

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });
type Dec = InstanceType<typeof D>;

export type DisplayValue = number | string | boolean | null | undefined;

/** Splits a format into its ;-separated sections, ignoring ; inside quotes, brackets or after \. */
export function splitSections(format: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let bracket = false;
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch === '\\' && !quoted && i + 1 < format.length) {
      cur += ch + format[i + 1];
      i++;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '[') bracket = true;
    else if (!quoted && ch === ']') bracket = false;
    if (ch === ';' && !quoted && !bracket) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  out.push(cur);
  return out;
}

type Token = { kind: 'lit'; text: string } | { kind: 'code'; text: string };

/** Literal text (quoted, escaped, padding, currency tags) versus format code characters. */
function tokenize(section: string): Token[] {
  const out: Token[] = [];
  const lit = (text: string) => {
    const last = out[out.length - 1];
    if (last && last.kind === 'lit') last.text += text;
    else out.push({ kind: 'lit', text });
  };
  const code = (text: string) => {
    const last = out[out.length - 1];
    if (last && last.kind === 'code') last.text += text;
    else out.push({ kind: 'code', text });
  };
  for (let i = 0; i < section.length; i++) {
    const ch = section[i]!;
    if (ch === '"') {
      const end = section.indexOf('"', i + 1);
      lit(end < 0 ? section.slice(i + 1) : section.slice(i + 1, end));
      i = end < 0 ? section.length : end;
    } else if (ch === '\\') {
      if (i + 1 < section.length) lit(section[++i]!);
    } else if (ch === '_') {
      // _x: a space as wide as x.
      i++;
      lit(' ');
    } else if (ch === '*') {
      i++; // *x: repeat x to fill the cell; nothing to fill in a preview.
    } else if (ch === '[') {
      const end = section.indexOf(']', i + 1);
      const inner = end < 0 ? section.slice(i + 1) : section.slice(i + 1, end);
      i = end < 0 ? section.length : end;
      // [$¥-804] shows "¥"; [Red], [$-804], [>=100] show nothing.
      if (inner.startsWith('$')) {
        const dash = inner.indexOf('-');
        lit(dash < 0 ? inner.slice(1) : inner.slice(1, dash));
      } else if (/^(h+|m+|s+)$/i.test(inner)) {
        code(`[${inner}]`); // elapsed time
      }
    } else {
      code(ch);
    }
  }
  return out;
}

function codeText(tokens: Token[]): string {
  return tokens
    .filter((t) => t.kind === 'code')
    .map((t) => t.text)
    .join('');
}

function isDateCode(code: string): boolean {
  // Number codes are 0 # ? . , % E+ and punctuation; any date/time letter makes it a date format.
  const c = code.replace(/AM\/PM|A\/P/gi, 'h').replace(/E[+-]/gi, '');
  return /[ymdhs]/i.test(c);
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** Excel's General: up to 10 significant digits, scientific when very large or very small. */
export function formatGeneral(value: number): string {
  if (!Number.isFinite(value)) return '#NUM!';
  if (value === 0) return '0';
  const d = new D(value);
  const abs = d.abs();
  if (abs.gte(1e11) || abs.lt(1e-9)) {
    const [mant, exp] = d.toExponential(5).split('e');
    const e = Number(exp);
    return `${trimZeros(mant!)}E${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return trimZeros(d.toSignificantDigits(10).toFixed());
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** One numeric section (no date codes) applied to a non-negative Decimal. */
function formatNumberSection(tokens: Token[], value: Dec): string {
  const code = codeText(tokens);
  const percents = (code.match(/%/g) ?? []).length;
  let v = value;
  for (let i = 0; i < percents; i++) v = v.times(100);

  // The numeric pattern: from the first digit placeholder to the last one.
  const first = code.search(/[0#?]/);
  if (first < 0) return tokens.map((t) => t.text).join('');
  let last = first;
  for (let i = 0; i < code.length; i++) if ('0#?'.includes(code[i]!)) last = i;
  let pattern = code.slice(first, last + 1);
  // Commas right after the last placeholder divide by 1000 each.
  let scaleCommas = 0;
  for (let i = last + 1; i < code.length && code[i] === ','; i++) scaleCommas++;
  for (let i = 0; i < scaleCommas; i++) v = v.div(1000);

  const sci = /E[+-]/i.exec(code.slice(first));
  if (sci) pattern = pattern.split(/E/i)[0]!;
  const dot = pattern.indexOf('.');
  const intPat = dot < 0 ? pattern : pattern.slice(0, dot);
  const fracPat = dot < 0 ? '' : pattern.slice(dot + 1).replace(/[^0#?]/g, '');
  const minInt = (intPat.match(/0/g) ?? []).length;
  const thousands = /[0#?],+[0#?]/.test(intPat);
  const maxFrac = fracPat.length;
  const minFrac = (/^0*/.exec(fracPat)?.[0] ?? '').length;

  let numberText: string;
  if (sci) {
    const [mant, exp] = v.toExponential(maxFrac).split('e');
    const e = Number(exp);
    numberText = `${mant}E${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  } else {
    const fixed = v.toFixed(maxFrac);
    let [intDigits, frac = ''] = fixed.split('.');
    // Optional decimals (#) drop trailing zeros down to the required ones.
    while (frac.length > minFrac && frac.endsWith('0')) frac = frac.slice(0, -1);
    if (intDigits === '0' && minInt === 0) intDigits = '';
    intDigits = intDigits!.padStart(minInt, '0');
    if (thousands) intDigits = groupThousands(intDigits);
    // "#.##" shows 5 as "5." in Excel: the point stays even when no decimals do.
    numberText = frac.length || dot >= 0 ? `${intDigits}.${frac}` : intDigits;
  }

  // Reassemble: literals and code characters around the pattern, the number in its place.
  let out = '';
  let pos = 0; // index into `code`
  for (const t of tokens) {
    if (t.kind === 'lit') {
      out += t.text;
      continue;
    }
    for (const ch of t.text) {
      if (pos === first) out += numberText;
      else if (pos > first && pos <= last) {
        // inside the pattern: already emitted
      } else if (ch === ',' && pos > last && pos <= last + scaleCommas) {
        // a scaling comma shows nothing
      } else out += ch;
      pos++;
    }
  }
  return out;
}

const MS_PER_DAY = 86_400_000;

/** Excel serial (1900 system) → UTC date parts. */
function serialToParts(serial: number) {
  // Serial 60 is Excel's fictitious 1900-02-29; days before it are one off.
  const days = Math.floor(serial);
  const adjusted = days < 60 ? days + 1 : days;
  const ms = Math.round((serial - days) * MS_PER_DAY);
  const t = Date.UTC(1899, 11, 30) + adjusted * MS_PER_DAY + ms;
  const dt = new Date(t);
  return {
    y: dt.getUTCFullYear(),
    m: dt.getUTCMonth() + 1,
    d: dt.getUTCDate(),
    wd: dt.getUTCDay(),
    h: dt.getUTCHours(),
    mi: dt.getUTCMinutes(),
    s: dt.getUTCSeconds(),
    totalHours: Math.floor(serial * 24),
  };
}

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
const pad2 = (n: number) => String(n).padStart(2, '0');

function formatDateSection(tokens: Token[], serial: number): string {
  if (serial < 0) return '#'.repeat(8);
  const p = serialToParts(serial);
  const ampm = tokens.some((t) => t.kind === 'code' && /AM\/PM|A\/P/i.test(t.text));
  let out = '';
  let prevWasHour = false;
  for (const t of tokens) {
    if (t.kind === 'lit') {
      out += t.text;
      continue;
    }
    const s = t.text;
    let i = 0;
    while (i < s.length) {
      const rest = s.slice(i);
      const run = /^(\[[hms]+\]|y+|m+|d+|h+|s+|AM\/PM|A\/P|\.0+)/i.exec(rest);
      if (!run) {
        out += s[i];
        i++;
        continue;
      }
      const tok = run[0];
      const lower = tok.toLowerCase();
      i += tok.length;
      if (lower.startsWith('[h')) {
        out += String(p.totalHours);
        prevWasHour = true;
      } else if (lower[0] === 'y') out += lower.length <= 2 ? pad2(p.y % 100) : String(p.y);
      else if (lower[0] === 'm') {
        // m after h, or before s, is minutes.
        const minutes = prevWasHour || /^[^a-z]*s/i.test(s.slice(i));
        if (minutes) out += lower.length >= 2 ? pad2(p.mi) : String(p.mi);
        else out += lower.length >= 3 ? `${p.m}月` : lower.length === 2 ? pad2(p.m) : String(p.m);
        prevWasHour = false;
      } else if (lower[0] === 'd') out += lower.length >= 3 ? WEEKDAYS[p.wd]! : lower.length === 2 ? pad2(p.d) : String(p.d);
      else if (lower[0] === 'h') {
        const h = ampm ? ((p.h + 11) % 12) + 1 : p.h;
        out += lower.length >= 2 ? pad2(h) : String(h);
        prevWasHour = true;
      } else if (lower[0] === 's') {
        out += lower.length >= 2 ? pad2(p.s) : String(p.s);
        prevWasHour = false;
      } else if (lower === 'am/pm') out += p.h < 12 ? 'AM' : 'PM';
      else if (lower === 'a/p') out += p.h < 12 ? 'A' : 'P';
      // .0 fractions of seconds: not shown in the preview
    }
  }
  return out;
}

function sectionFor(sections: string[], value: number): { section: string; abs: boolean } {
  if (sections.length >= 2 && value < 0) return { section: sections[1]!, abs: true };
  if (sections.length >= 3 && value === 0) return { section: sections[2]!, abs: false };
  return { section: sections[0]!, abs: false };
}

/** The text Excel shows for this value under this number format. */
export function formatCellValue(value: DisplayValue, numberFormat?: string | null): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  const format = numberFormat && numberFormat.trim() !== '' ? numberFormat : 'General';
  const sections = splitSections(format);
  if (typeof value === 'string') {
    // A fourth section (or any section with @) formats text; otherwise text shows as it is.
    const textSection = sections.length >= 4 ? sections[3]! : sections.find((s) => s.includes('@'));
    if (!textSection) return value;
    return tokenize(textSection)
      .map((t) => (t.kind === 'lit' ? t.text : t.text.replace(/@/g, value)))
      .join('');
  }
  if (!Number.isFinite(value)) return '#NUM!';
  const { section, abs } = sectionFor(sections, value);
  const tokens = tokenize(section);
  const code = codeText(tokens);
  if (/general/i.test(code)) {
    // "General" possibly with literals around it, e.g. General"元".
    const g = formatGeneral(abs ? Math.abs(value) : value);
    return tokens.map((t) => (t.kind === 'lit' ? t.text : t.text.replace(/general/i, g))).join('');
  }
  if (code.trim() === '@' || code === '') {
    // Text-only formats show numbers as General (plus any literals).
    const lit = tokens.filter((t) => t.kind === 'lit').map((t) => t.text).join('');
    return code === '' && lit ? lit : formatGeneral(value);
  }
  if (isDateCode(code)) return formatDateSection(tokens, value);
  if (!/[0#?]/.test(code)) return formatGeneral(value);
  const d = new D(value);
  const magnitude = d.abs();
  const text = formatNumberSection(tokens, magnitude);
  if (abs || !d.isNegative()) return text;
  // A single section shows the minus sign itself, unless the value rounds to zero.
  const digits = text.replace(/[^1-9]/g, '');
  return digits === '' ? text : `-${text}`;
}

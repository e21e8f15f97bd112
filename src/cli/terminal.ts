// Text from a workbook or a path never reaches the terminal as control characters: a cell holding
// ESC (Excel's "_x001B_", "&#27;") or a file name with one could erase lines, print a fake "未发现问题"
// over a real error, hide the rest or write to the clipboard (OSC 52). Two layers:
// - forTerminal(): every string of an outcome, before any text formatter sees it (one pass, so the
//   formatters need not care): controls become visible placeholders, line breaks and tabs a space;
// - safeIo(): the CLI's writer, as a last guard for anything printed from any command: only the
//   colour codes of src/cli/color.ts (when colour is on) and the progress line's "\r ESC[K" pass.
// JSON is escaped instead (jsonSafe): the document keeps the exact text.
import type { CliIo } from './io';

// C0 (but for \n), DEL, C1. Matching control characters is the point of these patterns.
/* eslint-disable no-control-regex */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;
const CONTROL_TEST = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

/** A visible stand-in for one control character: its Control Picture (␛, ␇, ␡…), or ⟨U+0085⟩ for C1. */
export function placeholder(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/** One piece of workbook or path text, safe to print: line breaks and tabs read as a space. */
export function safeText(s: string): string {
  if (!CONTROL_TEST.test(s) && s.indexOf('\n') < 0) return s;
  return s.replace(/\r\n|[\t\n\r]/g, ' ').replace(CONTROL, placeholder);
}

/** A deep copy of any plain data (an outcome, a report) with every string passed through safeText. */
export function forTerminal<T>(value: T): T {
  return sanitizeDeep(value, 0) as T;
}

function sanitizeDeep(v: unknown, depth: number): unknown {
  if (typeof v === 'string') return safeText(v);
  if (v === null || typeof v !== 'object' || depth > 50) return v;
  if (Array.isArray(v)) return v.map((x) => sanitizeDeep(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = sanitizeDeep(x, depth + 1);
  return out;
}

// What the CLI itself writes: colour codes (color.ts) and, on stderr, the progress line's clear.
const OWN_SGR = /\x1b\[(?:0|1|31|33|90)m/y;
const CLEAR_LINE = /\r\x1b\[K/y;
/* eslint-enable no-control-regex */

/** Text with every control character that is not the CLI's own replaced by a placeholder. */
export function guardTerminal(text: string, allowColour: boolean, allowClear: boolean): string {
  if (!CONTROL_TEST.test(text)) return text;
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x0a || !((code < 0x20) || (code >= 0x7f && code <= 0x9f))) continue;
    if (allowColour && code === 0x1b) {
      OWN_SGR.lastIndex = i;
      if (OWN_SGR.test(text)) {
        i = OWN_SGR.lastIndex - 1;
        continue;
      }
    }
    if (allowClear && code === 0x0d) {
      CLEAR_LINE.lastIndex = i;
      if (CLEAR_LINE.test(text)) {
        i = CLEAR_LINE.lastIndex - 1;
        continue;
      }
    }
    out += text.slice(from, i) + placeholder(text[i]!);
    from = i + 1;
  }
  return out + text.slice(from);
}

/** The io with both writers guarded (colour passes only where the CLI may use it: a terminal). */
export function safeIo(io: CliIo): CliIo {
  return {
    ...io,
    stdout: (t) => io.stdout(guardTerminal(t, io.stdoutIsTTY, false)),
    stderr: (t) => io.stderr(guardTerminal(t, io.stderrIsTTY, io.stderrIsTTY)),
  };
}

/** JSON text with DEL and C1 characters escaped too (JSON.stringify leaves them raw; some terminals
 * act on U+009B as on ESC [). Valid JSON, same strings. */
export function jsonSafe(json: string): string {
  return json.replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

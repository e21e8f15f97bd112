// Terminal display width: CJK ideographs and full-width forms take two columns, so padding by
// string length would misalign every table that holds Chinese text.

// eslint-disable-next-line no-control-regex
const ANSI_RE = /\x1b\[[0-9;]*m/g;

export function stripAnsi(s: string): string {
  return s.replace(ANSI_RE, '');
}

/** East Asian Wide (W) and Fullwidth (F) ranges; ambiguous characters count as one column. */
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) || // Hangul Jamo
    (cp >= 0x2e80 && cp <= 0x303e) || // CJK radicals, punctuation (、。「」)
    (cp >= 0x3041 && cp <= 0x33ff) || // kana, CJK symbols
    (cp >= 0x3400 && cp <= 0x4dbf) || // CJK extension A
    (cp >= 0x4e00 && cp <= 0x9fff) || // CJK unified ideographs
    (cp >= 0xa000 && cp <= 0xa4cf) || // Yi
    (cp >= 0xac00 && cp <= 0xd7a3) || // Hangul syllables
    (cp >= 0xf900 && cp <= 0xfaff) || // CJK compatibility ideographs
    (cp >= 0xfe10 && cp <= 0xfe19) || // vertical forms
    (cp >= 0xfe30 && cp <= 0xfe6f) || // CJK compatibility / small forms
    (cp >= 0xff00 && cp <= 0xff60) || // full-width forms (（），：％)
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) || // emoji
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd) // CJK extensions B–G
  );
}

function isZeroWidth(cp: number): boolean {
  return (
    (cp >= 0x0300 && cp <= 0x036f) || // combining diacritics
    (cp >= 0x200b && cp <= 0x200f) || // zero-width space, joiners, marks
    (cp >= 0xfe00 && cp <= 0xfe0f) || // variation selectors
    cp === 0xfeff
  );
}

/** Number of terminal columns the text occupies (ANSI colour codes ignored). */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of stripAnsi(text)) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) continue;
    if (isZeroWidth(cp)) continue;
    w += isWide(cp) ? 2 : 1;
  }
  return w;
}

export function padEndWidth(text: string, width: number): string {
  const gap = width - displayWidth(text);
  return gap > 0 ? text + ' '.repeat(gap) : text;
}

export function padStartWidth(text: string, width: number): string {
  const gap = width - displayWidth(text);
  return gap > 0 ? ' '.repeat(gap) + text : text;
}

export type Align = 'left' | 'right';

/**
 * Lays out rows as aligned columns separated by two spaces. Cells may carry ANSI colour codes;
 * widths are measured without them. Trailing spaces are trimmed.
 */
export function formatTable(rows: string[][], align: Align[] = [], indent = ''): string[] {
  const cols = Math.max(0, ...rows.map((r) => r.length));
  const widths: number[] = [];
  for (let c = 0; c < cols; c++) widths.push(Math.max(0, ...rows.map((r) => displayWidth(r[c] ?? ''))));
  return rows.map((r) => {
    const cells = r.map((cell, c) =>
      align[c] === 'right' ? padStartWidth(cell, widths[c]!) : padEndWidth(cell, widths[c]!),
    );
    return (indent + cells.join('  ')).replace(/\s+$/, '');
  });
}

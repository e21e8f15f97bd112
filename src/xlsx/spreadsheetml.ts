// SpreadsheetML as other writers spell it, made plain for our readers and for exceljs: namespace
// prefixes on elements ("<x:row>", as OpenXML SDK exporters write) and rows and cells without their
// optional r attribute. Web APIs only.
import { colName } from '../engine/grid';

// Namespaces whose elements other writers (OpenXML SDK exporters) spell with a prefix ("<x:c>").
const PREFIXABLE = new Set([
  'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
  'http://purl.oclc.org/ooxml/spreadsheetml/main',
  'http://schemas.openxmlformats.org/package/2006/relationships',
]);

/** The part with the prefix of the SpreadsheetML / relationships namespace taken off its element
 * names, so "<x:row>" reads as "<row>" (which is what it means). */
export function unprefix(xml: string): string {
  if (xml.indexOf('xmlns:') < 0) return xml;
  let out = xml;
  // Declarations sit on the root element (OpenXML SDK writes them there).
  for (const m of xml.slice(0, 8192).matchAll(/\bxmlns:([A-Za-z_][\w.-]*)\s*=\s*["']([^"']*)["']/g)) {
    if (!PREFIXABLE.has(m[2]!)) continue;
    const prefix = m[1]!.replace(/[.-]/g, '\\$&');
    out = out.replace(new RegExp(`<(/?)${prefix}:`, 'g'), '<$1');
  }
  return out;
}

/**
 * A cell reference with any number of letters and digits (so that far addresses are reported, not
 * mistaken for text), 0-based; null when it is not a reference at all.
 */
export function cellRef(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,7})\$?([0-9]{1,12})$/.exec(ref.trim());
  if (!m) return null;
  let col = 0;
  const letters = m[1]!.toUpperCase();
  for (let i = 0; i < letters.length; i++) col = col * 26 + (letters.charCodeAt(i) - 64);
  const row = Number(m[2]);
  if (row < 1) return null;
  return { row: row - 1, col: col - 1 };
}


const ROW_OR_CELL = /<(row|c)\b([^>]*?)(\/?)>/g;
const HAS_R = /(?:^|\s)r\s*=\s*["']([^"']*)["']/;

/** A worksheet part (unprefixed) with the r attribute written on every row and cell that left it
 * out: a row follows the previous row, a cell the previous cell of its row. */
export function addAddresses(xml: string): string {
  let row = 0;
  let col = 0;
  let changed = false;
  const out = xml.replace(ROW_OR_CELL, (tag, name: string, attrs: string, close: string) => {
    const r = HAS_R.exec(attrs)?.[1];
    if (name === 'row') {
      row = r !== undefined && /^\s*\d+\s*$/.test(r) ? Number(r) : row + 1;
      col = 0;
      if (r !== undefined) return tag;
      changed = true;
      return `<row r="${row}"${attrs}${close}>`;
    }
    if (r !== undefined) {
      const p = cellRef(r);
      if (p) col = p.col + 1;
      return tag;
    }
    col++;
    changed = true;
    return `<c r="${colName(col - 1)}${Math.max(row, 1)}"${attrs}${close}>`;
  });
  return changed ? out : xml;
}

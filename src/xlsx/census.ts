// What a workbook's sheets would cost the exceljs parser, counted before it is handed the file.
// exceljs creates an object for every stored cell (styled empty ones too) and for every merged
// cell, checks each merge against all earlier ones (quadratic), and our conversion sizes rows to
// their last column: a small hostile file can take minutes or gigabytes. This scan reads only tags
// and attributes, linear in the XML, and refuses (one Chinese line naming the sheet) past the limits
// of src/engine/limits.ts. Web APIs only: the preview uses it too.
import { MAX_EXCELJS_MERGED_CELLS, MAX_EXCELJS_MERGES, SheetBudget } from '../engine/limits';
import { cellRef, unprefix } from './spreadsheetml';
import type { ZipEntry } from './sniff';
import { entryBody, inflateCapped, nonUtf8Encoding } from './zip';

async function partText(bytes: Uint8Array, e: ZipEntry): Promise<string | null> {
  const body = entryBody(bytes, e);
  if (!body) return null;
  let data: Uint8Array | null;
  try {
    data = e.method === 0 ? body : e.method === 8 ? (await inflateCapped(body, e.uncompressedSize, true)).data : null;
  } catch {
    return null;
  }
  if (!data) return null;
  const label = nonUtf8Encoding(data) ?? 'utf-8';
  try {
    return new TextDecoder(label).decode(data);
  } catch {
    return new TextDecoder('latin1').decode(data);
  }
}

/** Sheet part name → sheet name, from the workbook and its relationships (best effort). */
async function sheetNames(bytes: Uint8Array, byName: Map<string, ZipEntry>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const book = byName.get('xl/workbook.xml');
  const rels = byName.get('xl/_rels/workbook.xml.rels');
  if (!book || !rels) return out;
  const bookXml = await partText(bytes, book);
  const relsXml = await partText(bytes, rels);
  if (!bookXml || !relsXml) return out;
  const targets = new Map<string, string>();
  for (const m of unprefix(relsXml).matchAll(/<Relationship\b([^>]*)>/g)) {
    const id = /\bId\s*=\s*["']([^"']*)["']/.exec(m[1]!)?.[1];
    const target = /\bTarget\s*=\s*["']([^"']*)["']/.exec(m[1]!)?.[1];
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`);
  }
  for (const m of unprefix(bookXml).matchAll(/<sheet\b([^>]*)>/g)) {
    const name = /\bname\s*=\s*["']([^"']*)["']/.exec(m[1]!)?.[1];
    const id = /\b[\w]+:id\s*=\s*["']([^"']*)["']/.exec(m[1]!)?.[1];
    const target = id ? targets.get(id) : undefined;
    if (name && target) out.set(target.toLowerCase(), name.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'"));
  }
  return out;
}

const TAG = /<(?:[A-Za-z_][\w.-]*:)?(row|c|mergeCell)\b([^>]*)>/g;
const R_ATTR = /(?:^|\s)r\s*=\s*["']([^"']*)["']/;
const REF_ATTR = /(?:^|\s)ref\s*=\s*["']([^"']*)["']/;

/** One sheet's XML against the limits: the refusal message, or null. */
export function censusSheet(sheet: string, xml: string, bookSlotsBefore = 0): { problem: string | null; used: number } {
  const budget = new SheetBudget(sheet, bookSlotsBefore, MAX_EXCELJS_MERGES, MAX_EXCELJS_MERGED_CELLS);
  const problem = scan(budget, xml);
  return { problem, used: budget.used };
}

function scan(budget: SheetBudget, xml: string): string | null {
  let row = -1;
  let col = -1;
  TAG.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TAG.exec(xml)) !== null) {
    const kind = m[1]!;
    const attrs = m[2]!;
    if (kind === 'row') {
      const r = R_ATTR.exec(attrs)?.[1];
      row = r !== undefined && /^\s*\d{1,12}\s*$/.test(r) ? Number(r) - 1 : row + 1;
      col = -1;
      continue;
    }
    if (kind === 'c') {
      const r = R_ATTR.exec(attrs)?.[1];
      const pos = r !== undefined ? cellRef(r) : { row: Math.max(row, 0), col: col + 1 };
      if (!pos) continue; // the parser reports a bad address itself
      col = pos.col;
      // Every stored cell costs exceljs an object, content or not.
      const problem = budget.cell(pos.row, pos.col);
      if (problem) return problem;
      continue;
    }
    const ref = REF_ATTR.exec(attrs)?.[1];
    if (!ref) continue;
    const [a, b] = ref.split(':');
    const tl = a ? cellRef(a) : null;
    const br = b ? cellRef(b) : tl;
    if (!tl || !br) continue;
    const problem = budget.merge(Math.min(tl.row, br.row), Math.min(tl.col, br.col), Math.max(tl.row, br.row), Math.max(tl.col, br.col));
    if (problem) return problem;
  }
  return null;
}

/**
 * Whether the exceljs parser may be handed this package: null when yes, else the refusal (one
 * Chinese line naming the sheet). Parts that cannot be read here are left to the parser.
 */
export async function censusForExceljs(bytes: Uint8Array, entries: readonly ZipEntry[]): Promise<string | null> {
  const byName = new Map<string, ZipEntry>();
  for (const e of entries) byName.set(e.name.replace(/^\/+/, '').toLowerCase(), e);
  const names = await sheetNames(bytes, byName).catch(() => new Map<string, string>());
  let book = 0;
  for (const [key, e] of byName) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(key)) continue;
    const xml = await partText(bytes, e);
    if (!xml) continue;
    const { problem, used } = censusSheet(names.get(key) ?? e.name, xml, book);
    if (problem) return problem;
    book += used;
  }
  return null;
}

// Rewrites a workbook the way other writers spell the same content (issue 12 pattern 4): every
// SpreadsheetML and relationships element with a namespace prefix ("<x:row>", as OpenXML SDK
// exporters write), and the optional r attribute left out of rows and cells wherever position
// alone says it (a row right after the previous one, a cell right after the previous one).
import { unzipSync, zipSync, strFromU8, strToU8 } from 'fflate';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** Prefixes every element of the part's default namespace when that is `ns`. */
export function prefixElements(xml: string, ns: string, prefix: string): string {
  const decl = new RegExp(`\\sxmlns=(["'])${ns.replace(/[./]/g, '\\$&')}\\1`);
  if (!decl.test(xml)) return xml;
  return xml
    .replace(decl, ` xmlns:${prefix}="${ns}"`)
    .replace(/<(\/?)([A-Za-z_][\w.-]*)(?=[\s/>])/g, (m, slash: string, name: string) => `<${slash}${prefix}:${name}`);
}

function colOf(ref: string): number {
  const letters = /^[A-Z]+/.exec(ref)![0];
  let n = 0;
  for (const ch of letters) n = n * 26 + ch.charCodeAt(0) - 64;
  return n - 1;
}

/** Drops r from rows and cells whose position follows from the previous one (unprefixed part). */
export function dropAddresses(xml: string): string {
  let prevRow = 0;
  let prevCol = -1;
  return xml.replace(/<(row|c)\b([^>]*?)(\/?)>/g, (tag, name: string, attrs: string, close: string) => {
    const m = /\sr="([^"]*)"/.exec(attrs);
    if (!m) return tag;
    if (name === 'row') {
      const n = Number(m[1]);
      prevCol = -1;
      const drop = n === prevRow + 1;
      prevRow = n;
      return drop ? `<row${attrs.replace(m[0], '')}${close}>` : tag;
    }
    const col = colOf(m[1]!);
    const drop = col === prevCol + 1;
    prevCol = col;
    return drop ? `<c${attrs.replace(m[0], '')}${close}>` : tag;
  });
}

export interface OtherWriterOptions {
  prefix?: boolean;
  dropR?: boolean;
}

/** The same workbook as another writer would store it. */
export function asOtherWriter(bytes: Uint8Array, opts: OtherWriterOptions = { prefix: true, dropR: true }): Uint8Array {
  const files = unzipSync(bytes);
  const out: Record<string, Uint8Array> = {};
  for (const [name, data] of Object.entries(files)) {
    if (!/\.(xml|rels)$/.test(name) || name === '[Content_Types].xml') {
      out[name] = data;
      continue;
    }
    let xml = strFromU8(data);
    if (opts.dropR && /^xl\/worksheets\/[^/]+\.xml$/.test(name)) xml = dropAddresses(xml);
    if (opts.prefix) xml = name.endsWith('.rels') ? prefixElements(xml, RELS, 'pr') : prefixElements(xml, MAIN, 'x');
    out[name] = strToU8(xml);
  }
  return zipSync(out);
}

// Reading zip entries ourselves, for the two things exceljs (through JSZip) cannot be trusted with:
// - an entry whose headers understate its size inflates to whatever it really holds, in memory,
//   before JSZip notices (a "lying" zip bomb can exhaust the process): inflate big entries once,
//   streaming, and stop as soon as one exceeds what it declared;
// - XML parts in another encoding than UTF-8 (GBK from some exporters, UTF-16 which OPC allows):
//   JSZip decodes every part as UTF-8, so names and text come out as U+FFFD. Such parts are
//   re-encoded to UTF-8 and the archive rebuilt (stored) for a second parse.
// Web APIs only (DecompressionStream, TextDecoder): this also runs in the browser preview.
import type { ZipEntry } from './sniff';
import { addAddresses, unprefix } from './spreadsheetml';

const LOCAL_SIG = 0x04034b50;

/** Compressed entries at least this big are inflated once to check their declared size. Smaller ones
 * cannot expand past ~1032 × this (deflate's maximum ratio), i.e. ~66 MB: harmless. */
export const VERIFY_ENTRY_BYTES = 64 * 1024;

/** The entry's raw (possibly compressed) data, or null when its local header is out of place. */
export function entryBody(bytes: Uint8Array, e: ZipEntry): Uint8Array | null {
  const off = e.localOffset;
  if (off < 0 || off + 30 > bytes.length) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(off, true) !== LOCAL_SIG) return null;
  const start = off + 30 + view.getUint16(off + 26, true) + view.getUint16(off + 28, true);
  const end = start + e.compressedSize;
  if (end > bytes.length) return null;
  return bytes.subarray(start, end);
}

function hasInflate(): boolean {
  try {
    new DecompressionStream('deflate-raw');
    return true;
  } catch {
    return false;
  }
}

/**
 * Inflates a deflated body, giving up (exceeded: true) as soon as the output passes `cap` bytes.
 * Keeps the output only when asked. Throws on damaged deflate data.
 */
export async function inflateCapped(body: Uint8Array, cap: number, keep: boolean): Promise<{ exceeded: boolean; data: Uint8Array | null }> {
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(body);
      controller.close();
    },
  });
  // Typed loosely: the DOM and Node typings of the web streams differ in generics.
  const reader = (source.pipeThrough(new DecompressionStream('deflate-raw') as never) as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > cap) {
      await reader.cancel().catch(() => undefined);
      return { exceeded: true, data: null };
    }
    if (keep) chunks.push(value);
  }
  if (!keep) return { exceeded: false, data: null };
  const out = new Uint8Array(total);
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return { exceeded: false, data: out };
}

/**
 * The first entry that inflates to more than its declared size, or null. Entries that cannot be
 * read are left for the parser to report; without DecompressionStream nothing is checked.
 */
export async function findLyingEntry(bytes: Uint8Array, entries: readonly ZipEntry[]): Promise<ZipEntry | null> {
  const big = entries.filter((e) => e.method === 8 && e.compressedSize >= VERIFY_ENTRY_BYTES);
  if (big.length === 0 || !hasInflate()) return null;
  for (const e of big) {
    const body = entryBody(bytes, e);
    if (!body) continue;
    try {
      if ((await inflateCapped(body, e.uncompressedSize, false)).exceeded) return e;
    } catch {
      // Damaged deflate data: JSZip fails on it with its own message.
    }
  }
  return null;
}

// ---- encodings ---------------------------------------------------------------------------------

/** The encoding an XML part is written in when it is not UTF-8 (a WHATWG label), else null. */
export function nonUtf8Encoding(data: Uint8Array): string | null {
  if (data.length >= 2 && data[0] === 0xff && data[1] === 0xfe) return 'utf-16le';
  if (data.length >= 2 && data[0] === 0xfe && data[1] === 0xff) return 'utf-16be';
  // UTF-16 without a byte order mark: "<?" with zero bytes between.
  if (data.length >= 4 && data[0] === 0x3c && data[1] === 0 && data[2] === 0x3f && data[3] === 0) return 'utf-16le';
  if (data.length >= 4 && data[0] === 0 && data[1] === 0x3c && data[2] === 0 && data[3] === 0x3f) return 'utf-16be';
  let head = '';
  const from = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? 3 : 0;
  for (let i = from; i < Math.min(data.length, from + 200); i++) head += String.fromCharCode(data[i]!);
  const m = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']+)["']/i.exec(head);
  if (!m) return null;
  const label = m[1]!.trim().toLowerCase();
  return label === 'utf-8' || label === 'utf8' ? null : label;
}

/** The part as UTF-8 with its declaration saying so, or null when the encoding is unknown here. */
function toUtf8(data: Uint8Array, label: string): Uint8Array | null {
  let text: string;
  try {
    text = new TextDecoder(label).decode(data);
  } catch {
    return null;
  }
  text = text.replace(/^\uFEFF/, '').replace(/^(\s*<\?xml[^>]*?\bencoding\s*=\s*["'])[^"']+(["'])/i, '$1UTF-8$2');
  return new TextEncoder().encode(text);
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 of data, continuing from `prev` (the tests' zip builders share it). */
export function crc32(data: Uint8Array, prev = 0): number {
  let c = (prev ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

interface OutEntry {
  name: string;
  method: number;
  crc: number;
  size: number;
  body: Uint8Array;
}

/** A plain zip (no data descriptors, no ZIP64: callers stay far below 4 GB). */
function writeZip(entries: OutEntry[]): Uint8Array {
  const nameBytes = entries.map((e) => Uint8Array.from(e.name, (ch) => ch.charCodeAt(0) & 0xff));
  let total = 22;
  entries.forEach((e, i) => (total += 30 + 46 + 2 * nameBytes[i]!.length + e.body.length));
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  const offsets: number[] = [];
  let p = 0;
  entries.forEach((e, i) => {
    const name = nameBytes[i]!;
    offsets.push(p);
    view.setUint32(p, LOCAL_SIG, true);
    view.setUint16(p + 4, 20, true);
    view.setUint16(p + 8, e.method, true);
    view.setUint32(p + 14, e.crc, true);
    view.setUint32(p + 18, e.body.length, true);
    view.setUint32(p + 22, e.size, true);
    view.setUint16(p + 26, name.length, true);
    out.set(name, p + 30);
    out.set(e.body, p + 30 + name.length);
    p += 30 + name.length + e.body.length;
  });
  const cdStart = p;
  entries.forEach((e, i) => {
    const name = nameBytes[i]!;
    view.setUint32(p, 0x02014b50, true);
    view.setUint16(p + 4, 20, true);
    view.setUint16(p + 6, 20, true);
    view.setUint16(p + 10, e.method, true);
    view.setUint32(p + 16, e.crc, true);
    view.setUint32(p + 20, e.body.length, true);
    view.setUint32(p + 24, e.size, true);
    view.setUint16(p + 28, name.length, true);
    view.setUint32(p + 42, offsets[i]!, true);
    out.set(name, p + 46);
    p += 46 + name.length;
  });
  view.setUint32(p, 0x06054b50, true);
  view.setUint16(p + 8, entries.length, true);
  view.setUint16(p + 10, entries.length, true);
  view.setUint32(p + 12, p - cdStart, true);
  view.setUint32(p + 16, cdStart, true);
  return out;
}

/**
 * The archive with every XML part made plain for exceljs — re-encoded as UTF-8 when it is not,
 * namespace prefixes taken off SpreadsheetML elements, r attributes written on rows and cells that
 * left them out — stored; the other entries copied as they are. Null when no part needed it or an
 * entry could not be read.
 */
export async function reencodeXmlParts(bytes: Uint8Array, entries: readonly ZipEntry[]): Promise<Uint8Array | null> {
  if (!hasInflate()) return null;
  const out: OutEntry[] = [];
  let changed = 0;
  for (const e of entries) {
    const body = entryBody(bytes, e);
    if (!body || (e.method !== 0 && e.method !== 8)) return null;
    const copy: OutEntry = { name: e.name, method: e.method, crc: e.crc32, size: e.uncompressedSize, body };
    if (!/\.(xml|rels|vml)$/i.test(e.name)) {
      out.push(copy);
      continue;
    }
    let data: Uint8Array | null;
    try {
      data = e.method === 0 ? body : (await inflateCapped(body, e.uncompressedSize, true)).data;
    } catch {
      return null;
    }
    if (!data) return null;
    const label = nonUtf8Encoding(data);
    let utf8 = label ? toUtf8(data, label) : null;
    if (label && !utf8) {
      out.push(copy);
      continue;
    }
    const text = new TextDecoder().decode(utf8 ?? data);
    let plain = unprefix(text);
    if (/^\/?xl\/worksheets\/[^/]+\.xml$/i.test(e.name)) plain = addAddresses(plain);
    if (plain !== text) utf8 = new TextEncoder().encode(plain);
    if (!utf8) {
      out.push(copy);
      continue;
    }
    changed++;
    out.push({ name: e.name, method: 0, crc: crc32(utf8), size: utf8.length, body: utf8 });
  }
  return changed ? writeZip(out) : null;
}

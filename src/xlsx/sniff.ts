// Looks at the raw bytes before exceljs does, so that files exceljs would choke on (or that would
// exhaust memory) get a precise Chinese message instead of a parser error. No Node APIs: this also
// runs in the browser preview.

export type SniffCode = 'corrupt' | 'legacy-xls' | 'encrypted' | 'too-large';

export type SniffResult = { ok: true; entries: ZipEntry[] } | { ok: false; code: SniffCode; message: string };

export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

/** What reading an entry's data needs (see ./zip.ts). */
export interface ZipEntry extends ZipEntryInfo {
  /** 0 stored, 8 deflated (others are not used by xlsx writers). */
  method: number;
  crc32: number;
  /** Offset of the entry's local header in the bytes given (prepended data accounted for). */
  localOffset: number;
}

/** Total declared uncompressed size above which a workbook is refused. */
export const MAX_UNCOMPRESSED_TOTAL = 1024 * 1024 * 1024;
/** Compression ratio above which a big entry is treated as a zip bomb. */
export const MAX_RATIO = 200;
/** Entries smaller than this are cheap to inflate whatever their ratio. */
export const BIG_ENTRY = 16 * 1024 * 1024;

const CFB_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const EOCD_SIG = 0x06054b50;
const EOCD64_LOCATOR_SIG = 0x07064b50;
const EOCD64_SIG = 0x06064b50;
const CD_ENTRY_SIG = 0x02014b50;

function startsWith(bytes: Uint8Array, sig: readonly number[]): boolean {
  if (bytes.length < sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (bytes[i] !== sig[i]) return false;
  return true;
}

/** UTF-16LE bytes of an ASCII name, as CFB directory entries store stream names. */
function utf16le(name: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < name.length; i++) out.push(name.charCodeAt(i), 0);
  return out;
}

function containsBytes(bytes: Uint8Array, pattern: readonly number[]): boolean {
  const first = pattern[0]!;
  const last = bytes.length - pattern.length;
  let i = bytes.indexOf(first);
  while (i !== -1 && i <= last) {
    let j = 1;
    while (j < pattern.length && bytes[i + j] === pattern[j]) j++;
    if (j === pattern.length) return true;
    i = bytes.indexOf(first, i + 1);
  }
  return false;
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024 * 1024)).toFixed(1)} GB`;
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

function sniffCfb(bytes: Uint8Array): SniffResult {
  // Password-protected .xlsx/.xlsm files are OOXML wrapped in a CFB container with these streams.
  if (containsBytes(bytes, utf16le('EncryptionInfo')) || containsBytes(bytes, utf16le('EncryptedPackage'))) {
    return {
      ok: false,
      code: 'encrypted',
      message: '文件设置了打开密码（已加密），无法读取；请在 Excel 中打开，依次点“文件 → 信息 → 保护工作簿 → 用密码进行加密”清空密码并保存后再检查',
    };
  }
  if (containsBytes(bytes, utf16le('WordDocument'))) {
    return { ok: false, code: 'corrupt', message: '这是 Word 文档（.doc），不是 Excel 工作簿；请选择要检查的自评表（.xlsx）文件' };
  }
  if (containsBytes(bytes, utf16le('PowerPoint Document'))) {
    return { ok: false, code: 'corrupt', message: '这是 PowerPoint 演示文稿（.ppt），不是 Excel 工作簿；请选择要检查的自评表（.xlsx）文件' };
  }
  return {
    ok: false,
    code: 'legacy-xls',
    message: '这是旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后再检查',
  };
}

function sniffNonZip(bytes: Uint8Array): SniffResult {
  const head = String.fromCharCode(...bytes.subarray(0, 512)).replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().toLowerCase();
  if (head.startsWith('<html') || head.startsWith('<!doctype') || head.startsWith('<table') || head.startsWith('<meta')) {
    return {
      ok: false,
      code: 'corrupt',
      message: '这是网页（HTML）格式的文件，只是扩展名像 Excel；请在 Excel 中打开后另存为 .xlsx 再检查',
    };
  }
  if (head.startsWith('<?xml')) {
    return {
      ok: false,
      code: 'corrupt',
      message: '这是 XML 格式的表格文件（如 Excel 2003 XML），请在 Excel 中打开后另存为 .xlsx 再检查',
    };
  }
  return {
    ok: false,
    code: 'corrupt',
    message: '不是有效的 .xlsx 文件（文件内容不是 Excel 工作簿格式），请在 Excel 中打开后另存为 .xlsx 再检查',
  };
}

const TRUNCATED: SniffResult = {
  ok: false,
  code: 'corrupt',
  message: '文件不完整或已损坏（找不到压缩包目录），可能是下载或复制没有完成，请重新获取文件',
};

/**
 * Reads the zip central directory: entry names and declared sizes. Returns null when the archive is
 * truncated or its directory is inconsistent.
 */
export function readCentralDirectory(bytes: Uint8Array): ZipEntryInfo[] | null {
  return readZipDirectory(bytes)?.map(({ name, compressedSize, uncompressedSize }) => ({ name, compressedSize, uncompressedSize })) ?? null;
}

/** The central directory with what is needed to read each entry's data. */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = bytes.length;
  if (len < 22) return null;
  // The end-of-central-directory record sits in the last 22 + 65535 (max comment) bytes.
  let eocd = -1;
  for (let i = len - 22; i >= Math.max(0, len - 22 - 0xffff); i--) {
    if (bytes[i] === 0x50 && view.getUint32(i, true) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  let count = view.getUint16(eocd + 10, true);
  let cdSize = view.getUint32(eocd + 12, true);
  let cdOffset = view.getUint32(eocd + 16, true);
  let cdEnd = eocd;
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || view.getUint32(loc, true) !== EOCD64_LOCATOR_SIG) return null;
    const e64 = Number(view.getBigUint64(loc + 8, true));
    if (e64 < 0 || e64 + 56 > len || view.getUint32(e64, true) !== EOCD64_SIG) return null;
    count = Number(view.getBigUint64(e64 + 32, true));
    cdSize = Number(view.getBigUint64(e64 + 40, true));
    cdOffset = Number(view.getBigUint64(e64 + 48, true));
    cdEnd = e64;
  }
  // Data prepended to the archive (self-extractors) shifts every offset; JSZip tolerates it, so do we.
  let start = cdOffset;
  if (start + 4 > len || view.getUint32(start, true) !== CD_ENTRY_SIG) {
    start = cdEnd - cdSize;
    if (count > 0 && (start < 0 || start + 4 > len || view.getUint32(start, true) !== CD_ENTRY_SIG)) return null;
  }
  const entries: ZipEntry[] = [];
  // Local header offsets are relative to the archive start, which prepended data moves.
  const shift = start - cdOffset;
  let p = start;
  for (let n = 0; n < count; n++) {
    if (p + 46 > len || view.getUint32(p, true) !== CD_ENTRY_SIG) return null;
    const method = view.getUint16(p + 10, true);
    const crc32 = view.getUint32(p + 16, true);
    let compressedSize = view.getUint32(p + 20, true);
    let uncompressedSize = view.getUint32(p + 24, true);
    let localOffset = view.getUint32(p + 42, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const nameStart = p + 46;
    const extraStart = nameStart + nameLen;
    const next = extraStart + extraLen + commentLen;
    if (next > len) return null;
    // Names are only compared with ASCII part names, so a byte-wise decode is enough.
    let name = '';
    for (let i = nameStart; i < extraStart; i++) name += String.fromCharCode(bytes[i]!);
    if (uncompressedSize === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
      // ZIP64 extended information: the 64-bit fields present are those whose 32-bit field is saturated.
      const extraEnd = extraStart + extraLen;
      let q = extraStart;
      while (q + 4 <= extraEnd) {
        const id = view.getUint16(q, true);
        const size = view.getUint16(q + 2, true);
        if (id === 0x0001) {
          const fieldEnd = Math.min(q + 4 + size, extraEnd);
          let r = q + 4;
          if (uncompressedSize === 0xffffffff && r + 8 <= fieldEnd) {
            uncompressedSize = Number(view.getBigUint64(r, true));
            r += 8;
          }
          if (compressedSize === 0xffffffff && r + 8 <= fieldEnd) {
            compressedSize = Number(view.getBigUint64(r, true));
            r += 8;
          }
          if (localOffset === 0xffffffff && r + 8 <= fieldEnd) {
            localOffset = Number(view.getBigUint64(r, true));
          }
          break;
        }
        q += 4 + size;
      }
    }
    entries.push({ name, compressedSize, uncompressedSize, method, crc32, localOffset: localOffset + shift });
    p = next;
  }
  return entries;
}

/** Classifies raw bytes; on success returns the zip entries (for the workbook-part check). */
export function sniff(bytes: Uint8Array): SniffResult {
  if (bytes.length === 0) {
    return { ok: false, code: 'corrupt', message: '文件是空的（0 字节），请确认文件已经完整保存或下载' };
  }
  if (startsWith(bytes, CFB_SIGNATURE)) return sniffCfb(bytes);
  if (!startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // An empty zip (PK\x05\x06) is still not a workbook.
    return sniffNonZip(bytes);
  }
  const entries = readZipDirectory(bytes);
  if (!entries) return TRUNCATED;

  let total = 0;
  let totalCompressed = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    totalCompressed += e.compressedSize;
    if (e.uncompressedSize >= BIG_ENTRY && e.uncompressedSize > e.compressedSize * MAX_RATIO) {
      const ratio = e.compressedSize > 0 ? Math.round(e.uncompressedSize / e.compressedSize) : Infinity;
      return {
        ok: false,
        code: 'too-large',
        message: `文件中的 ${e.name} 压缩比异常（约 ${Number.isFinite(ratio) ? ratio : '∞'}:1，解压后 ${formatSize(e.uncompressedSize)}），可能是恶意构造的压缩文件，已拒绝读取`,
      };
    }
  }
  if (total > MAX_UNCOMPRESSED_TOTAL) {
    return {
      ok: false,
      code: 'too-large',
      message: `文件解压后约 ${formatSize(total)}，超过 1 GB 的上限，已拒绝读取；请确认这是正常的自评表，或拆分后再检查`,
    };
  }
  if (total >= BIG_ENTRY && total > totalCompressed * MAX_RATIO) {
    return {
      ok: false,
      code: 'too-large',
      message: `文件整体压缩比异常（解压后 ${formatSize(total)}），可能是恶意构造的压缩文件，已拒绝读取`,
    };
  }

  const names = new Set(entries.map((e) => e.name.replace(/^\//, '')));
  if (!names.has('xl/workbook.xml')) {
    if (names.has('xl/workbook.bin')) {
      return { ok: false, code: 'corrupt', message: '这是 .xlsb（二进制）工作簿，请在 Excel 中另存为 .xlsx 后再检查' };
    }
    if (names.has('content.xml') && names.has('mimetype')) {
      return { ok: false, code: 'corrupt', message: '这是 OpenDocument 表格（.ods 等），请另存为 .xlsx 后再检查' };
    }
    if (names.has('word/document.xml')) {
      return { ok: false, code: 'corrupt', message: '这是 Word 文档（.docx），不是 Excel 工作簿；请选择要检查的自评表（.xlsx）文件' };
    }
    if (names.has('ppt/presentation.xml')) {
      return { ok: false, code: 'corrupt', message: '这是 PowerPoint 演示文稿（.pptx），不是 Excel 工作簿；请选择要检查的自评表（.xlsx）文件' };
    }
    return {
      ok: false,
      code: 'corrupt',
      message: '这是一个压缩包，但里面没有 Excel 工作簿（缺少 xl/workbook.xml），请确认选择了正确的 .xlsx 文件',
    };
  }
  return { ok: true, entries };
}

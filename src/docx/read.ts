// The thin shell that reads a 自评报告 (.docx) into a ReportSnapshot with mammoth (no hand-parsed OOXML):
// its document model gives paragraphs (with heading styles) and tables; we only walk it and count.
// Runs in Node (CLI) and in the browser (task pane): the bytes are read where they are, nothing is sent.
import mammoth from 'mammoth';
import type { ReportParagraph, ReportSnapshot, ReportTable } from '../engine/report/types';

export type ReadDocxResult = { ok: true; snapshot: ReportSnapshot } | { ok: false; code: 'not-docx' | 'doc' | 'unreadable'; message: string };

/** mammoth's document model, as far as we walk it. */
interface DocElement {
  type: string;
  children?: DocElement[];
  value?: string;
  styleName?: string | null;
  styleId?: string | null;
  colSpan?: number;
  rowSpan?: number;
}

const OLE = [0xd0, 0xcf, 0x11, 0xe0];

function headingLevelOf(p: DocElement): number | undefined {
  const name = `${p.styleName ?? ''} ${p.styleId ?? ''}`;
  const m = /(?:heading|标题)\s*(\d)/i.exec(name);
  if (m) return Number(m[1]);
  return /^title$|^标题$/i.test((p.styleName ?? '').trim()) ? 0 : undefined;
}

function textOf(e: DocElement): string {
  if (e.type === 'text') return e.value ?? '';
  if (e.type === 'tab') return '\t';
  if (e.type === 'break') return '\n';
  // Footnotes, comments and deleted text are not part of what the report states.
  if (e.type === 'noteReference' || e.type === 'commentReference' || e.type === 'comment') return '';
  return (e.children ?? []).map(textOf).join('');
}

const MAX_SPAN = 64;

/**
 * A table's cell texts on its grid. mammoth gives a merged cell once, with colSpan/rowSpan, and drops the cells
 * it covers below; the positions it covers are filled with '' so every column keeps its index in every row.
 */
function tableGrid(table: DocElement): string[][] {
  const rows: string[][] = [];
  // Columns still covered by a cell merged down from a row above: column → rows left.
  const covered = new Map<number, number>();
  for (const r of (table.children ?? []).filter((x) => x.type === 'tableRow')) {
    const row: string[] = [];
    const place = (text: string) => {
      while ((covered.get(row.length) ?? 0) > 0) row.push('');
      row.push(text);
    };
    for (const c of (r.children ?? []).filter((x) => x.type === 'tableCell')) {
      const start = (() => {
        while ((covered.get(row.length) ?? 0) > 0) row.push('');
        return row.length;
      })();
      place(textOf(c).replace(/\s+/g, ' ').trim());
      const colSpan = Math.min(MAX_SPAN, Math.max(1, Number(c.colSpan) || 1));
      const rowSpan = Math.max(1, Number(c.rowSpan) || 1);
      for (let i = 1; i < colSpan; i++) row.push('');
      if (rowSpan > 1) for (let i = 0; i < colSpan; i++) covered.set(start + i, rowSpan);
    }
    while ([...covered.entries()].some(([col, left]) => left > 0 && col >= row.length)) {
      row.push('');
    }
    for (const [col, left] of covered) covered.set(col, left - 1);
    rows.push(row);
  }
  return rows;
}

/** Walks the document model: body paragraphs numbered in reading order, tables kept beside them. */
export function snapshotFromDocument(doc: DocElement, fileName?: string): ReportSnapshot {
  const paragraphs: ReportParagraph[] = [];
  const tables: ReportTable[] = [];
  const visit = (e: DocElement) => {
    if (e.type === 'paragraph') {
      const text = textOf(e).replace(/\u00a0/g, ' ').trim();
      if (!text) return;
      const p: ReportParagraph = { number: paragraphs.length + 1, text };
      const level = headingLevelOf(e);
      if (level !== undefined) p.headingLevel = level;
      paragraphs.push(p);
      return;
    }
    if (e.type === 'table') {
      tables.push({ number: tables.length + 1, after: paragraphs.length, rows: tableGrid(e) });
      return;
    }
    for (const c of e.children ?? []) visit(c);
  };
  visit(doc);
  return { fileName, paragraphs, tables };
}

/** Reads a .docx; never throws. A .doc (Word 97–2003) is recognised and refused with the way out. */
export async function readDocx(bytes: Uint8Array, fileName?: string): Promise<ReadDocxResult> {
  const name = fileName ?? '报告';
  if (bytes.length >= 4 && OLE.every((b, i) => bytes[i] === b)) {
    return { ok: false, code: 'doc', message: `“${name}”是旧版 Word 文档（.doc），请在 Word 或 WPS 中另存为 .docx 后再核对` };
  }
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    return { ok: false, code: 'not-docx', message: `“${name}”不是 Word 文档（.docx），无法读取` };
  }
  let doc: DocElement | null = null;
  try {
    const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    // Node's mammoth reads `buffer`, the browser build `arrayBuffer`: give both.
    const input = { buffer: bytes, arrayBuffer: ab } as unknown as Parameters<typeof mammoth.convertToHtml>[0];
    await mammoth.convertToHtml(input, {
      externalFileAccess: false,
      transformDocument: (d: DocElement) => {
        doc = d;
        // Nothing of the HTML is used: hand mammoth an empty document so it does no conversion work.
        return { ...d, children: [] };
      },
    });
  } catch {
    return { ok: false, code: 'unreadable', message: `“${name}”无法作为 Word 文档打开（文件可能已损坏，或不是 .docx），请用 Word 或 WPS 打开后重新保存` };
  }
  if (!doc) return { ok: false, code: 'unreadable', message: `“${name}”中没有读到正文` };
  return { ok: true, snapshot: snapshotFromDocument(doc, fileName) };
}

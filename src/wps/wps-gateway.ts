// The WPS 表格 gateway: the same WorkbookGateway contract as the Office gateway, over ET's synchronous,
// VBA-shaped object model (./et-api.ts). The pane is bound to the workbook it was opened for: every
// operation finds that workbook by FullName, so switching windows never sends a write elsewhere.
// Writes are read back (WPS may drop one silently) and undone when they did not apply.
import type { CellRange, CellValue, Finding, WorkbookSnapshot } from '../engine/types';
import { a1 } from '../engine/grid';
import { GatewayError, MESSAGES } from '../excel/errors';
import { literalText } from '../excel/edits';
import { REPORT_COLUMN_CHARS, baseSheetName, cleanLines, findRoom, parseCell, uniqueSheetName, ISSUES_SHEET_NAME, MAX_CELL_CHARS, SCAN_ROWS } from '../excel/insert';
import { MARK_COLORS, isOwnMarkFormula, isOwnNote, markFormula, noteText, planMarks, normalizeCellAddress, SETTINGS_IGNORED_KEY } from '../excel/marks';
import { parseIgnoreEntries, SETTINGS_IGNORE_ENTRIES_KEY, MAX_REASON_CHARS } from '../excel/settings';
import type {
  CellEdit, CellRef, CellState, EditResult, FillItem, FillResult, IgnoreEntry, InsertResult, InsertTextOptions, MarkOptions, WritingGateway,
} from '../excel/types';
import type { EtApplication, EtDocumentProperties, EtFormatCondition, EtRange, EtWorkbook, EtWorksheet } from './et-api';

/** Rows per bulk read: bounded arrays per call on a long sheet. */
export const WPS_BAND_ROWS = 2000;
/** Cells per sheet read at most (a sheet beyond this is refused with a message, as in Excel). */
export const WPS_MAX_SHEET_CELLS = 2_000_000;
/** ET string property chunk (Excel's limit is 255; WPS's is unknown, so stay under it). */
export const PROPERTY_CHUNK = 240;
const XL_EXPRESSION = 2;
/** A row with merges and at most this many columns is walked rather than bisected (cheaper when merges are dense). */
const WALK_COLS = 16;
const GENERAL_NAMES = new Set(['General', 'G/通用格式', '常规', '']);

export const WPS_MESSAGES = {
  notInWps: '未在 WPS 表格中运行，无法读取或标记工作簿。',
  closed: (name: string) => `本窗格对应的工作簿“${name}”已关闭。请在该工作簿中重新打开“绩效自评校核”。`,
  noWorkbook: '当前没有打开的工作簿。请先打开要检查的自评表，再打开“绩效自评校核”。',
  notApplied: (sheet: string, cell: string) =>
    `WPS 没有写入工作表“${sheet}”的 ${cell}（写入后读回的内容不符），已恢复原样。请退出单元格编辑（按 Enter 或 Esc）后重试。`,
  failed: (what: string) =>
    `WPS 执行“${what}”失败。若正在编辑单元格，请先按 Enter 或 Esc 退出编辑；工作簿已保持原样，请重试。`,
  settings: '无法把设置保存到工作簿的自定义属性中（写入后读回不符）。工作簿未被改动，请重试。',
  markNotApplied: '添加标记时 WPS 没有按要求写入，已撤回本次改动，工作簿保持原样。请重试。',
};

interface Bound {
  wb: EtWorkbook;
}

function bgr(hex: string): number {
  const n = parseInt(hex.replace('#', ''), 16);
  return ((n & 0xff) << 16) | (n & 0xff00) | ((n >> 16) & 0xff);
}

/** A 2-D array from Value2/Formula: a scalar is 1×1; an Item(r, c)-wrapped object is unwrapped. */
export function toGrid(raw: unknown, rows: number, cols: number): unknown[][] {
  if (Array.isArray(raw)) return raw.map((r) => (Array.isArray(r) ? r : [r]));
  if (raw && typeof raw === 'object' && typeof (raw as { Item?: unknown }).Item === 'function') {
    const item = (raw as { Item(r: number, c: number): unknown }).Item.bind(raw);
    const out: unknown[][] = [];
    for (let r = 1; r <= rows; r++) {
      const row: unknown[] = [];
      for (let c = 1; c <= cols; c++) row.push(item(r, c));
      out.push(row);
    }
    return out;
  }
  return [[raw]];
}

function cellValue(v: unknown): CellValue {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return String(v);
}

function normFormat(nf: unknown): string {
  return typeof nf === 'string' && !GENERAL_NAMES.has(nf) ? nf : 'General';
}

function sheetsOf(wb: EtWorkbook): EtWorksheet[] {
  const ws = wb.Worksheets;
  const out: EtWorksheet[] = [];
  for (let i = 1, n = ws.Count; i <= n; i++) out.push(ws.Item(i) as EtWorksheet);
  return out;
}

export interface WpsGatewayOptions {
  /** Bind to this workbook (FullName) instead of the active one. */
  fullName?: string;
}

export function createWpsGateway(app: EtApplication | null | undefined, options: WpsGatewayOptions = {}): WritingGateway {
  const boundName = options.fullName ?? app?.ActiveWorkbook?.FullName ?? '';
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T> | T): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };

  /** The workbook this pane belongs to, wherever the user's focus is now. */
  function bound(): Bound {
    if (!app) throw new GatewayError('not-in-excel', WPS_MESSAGES.notInWps);
    if (!boundName) throw new GatewayError('api', WPS_MESSAGES.noWorkbook);
    const books = app.Workbooks;
    for (let i = 1, n = books.Count; i <= n; i++) {
      const wb = books.Item(i);
      if (wb.FullName === boundName) return { wb };
    }
    throw new GatewayError('item-not-found', WPS_MESSAGES.closed(boundName.split(/[\\/]/).pop() ?? boundName));
  }

  function sheetNamed(wb: EtWorkbook, name: string): EtWorksheet {
    for (const ws of sheetsOf(wb)) if (ws.Name === name) return ws;
    throw new GatewayError('item-not-found', MESSAGES.sheetNotFound(name), { sheet: name });
  }

  /** Any host exception during a write becomes a Chinese message; the caller has already undone what it could. */
  function hostError(e: unknown, what: string, sheet?: string): GatewayError {
    if (e instanceof GatewayError) return e;
    return new GatewayError('api', WPS_MESSAGES.failed(what), { ...(sheet ? { sheet } : {}), cause: e });
  }

  // ---- read ------------------------------------------------------------------------------------

  function readSheet(ws: EtWorksheet, name: string): WorkbookSnapshot['sheets'][number] {
    const used = ws.UsedRange;
    const top = used.Row - 1;
    const left = used.Column - 1;
    const rows = used.Rows.Count;
    const cols = used.Columns.Count;
    if (rows * cols > WPS_MAX_SHEET_CELLS) throw new GatewayError('api', MESSAGES.usedRangeTooLarge(name, rows * cols), { sheet: name });
    const values: CellValue[][] = [];
    const formulas: (string | null)[][] = [];
    const formats: (string | null)[][] = [];
    for (let start = 0; start < rows; start += WPS_BAND_ROWS) {
      const n = Math.min(WPS_BAND_ROWS, rows - start);
      const addr = `${a1(top + start, left)}:${a1(top + start + n - 1, left + cols - 1)}`;
      const band = ws.Range(addr);
      const v = toGrid(band.Value2, n, cols);
      const f = toGrid(band.Formula, n, cols);
      // One format for the band, else per column, each column by bisection of its runs.
      const nf = band.NumberFormat;
      let colFormats: unknown[][] | null = null;
      if (nf === null || nf === undefined) {
        colFormats = [];
        for (let c = 0; c < cols; c++) {
          colFormats.push(columnFormats(ws, top + start, left + c, n));
        }
      }
      for (let r = 0; r < n; r++) {
        values.push(v[r]!.map(cellValue));
        formulas.push(f[r]!.map((x) => (typeof x === 'string' && x.startsWith('=') ? x : null)));
        formats.push(Array.from({ length: cols }, (_, c) => normFormat(colFormats ? colFormats[c]![r] : nf)));
      }
    }
    // Trim to the values-only used area (UsedRange also covers formatted empty cells), rows from A1.
    let lastRow = -1;
    let firstRow = Infinity;
    let lastCol = -1;
    values.forEach((row, r) => row.forEach((x, c) => {
      if (x !== '' || formulas[r]![c]) {
        lastRow = Math.max(lastRow, r);
        firstRow = Math.min(firstRow, r);
        lastCol = Math.max(lastCol, c);
      }
    }));
    const out: WorkbookSnapshot['sheets'][number] = { name, values: [], numberFormats: [], formulas: [] };
    for (let r = 0; r <= top + lastRow; r++) {
      const i = r - top;
      if (i < firstRow) {
        out.values.push([]);
        out.numberFormats!.push([]);
        out.formulas!.push([]);
        continue;
      }
      const pad = Array.from({ length: left }, () => '' as CellValue);
      out.values.push([...pad, ...values[i]!.slice(0, lastCol + 1)]);
      out.numberFormats!.push([...pad.map(() => null), ...formats[i]!.slice(0, lastCol + 1)]);
      out.formulas!.push([...pad.map(() => null), ...formulas[i]!.slice(0, lastCol + 1)]);
    }
    out.merges = findMerges(ws, { top, left, bottom: top + rows - 1, right: left + cols - 1 });
    if (ws.Visible !== -1) out.hidden = true;
    return out;
  }

  /**
   * One column's formats over n rows by bisection: a run of equal formats costs one call, so the cost
   * follows the number of format changes, not the row count.
   */
  function columnFormats(ws: EtWorksheet, row: number, col: number, n: number): unknown[] {
    const out: unknown[] = new Array(n);
    const visit = (from: number, count: number): void => {
      const nf = ws.Range(count === 1 ? a1(row + from, col) : `${a1(row + from, col)}:${a1(row + from + count - 1, col)}`).NumberFormat;
      if ((nf !== null && nf !== undefined) || count === 1) {
        out.fill(nf, from, from + count);
        return;
      }
      const half = Math.floor(count / 2);
      visit(from, half);
      visit(from + half, count - half);
    };
    visit(0, n);
    return out;
  }

  /**
   * Merged areas by bisection, rows first (forms merge along rows): a block whose MergeCells is false
   * is skipped whole, so the cost follows the merges, never a per-cell scan of the sheet.
   */
  function findMerges(ws: EtWorksheet, area: CellRange): CellRange[] {
    const found = new Map<string, CellRange>();
    const addr = (r: CellRange) => (r.top === r.bottom && r.left === r.right ? a1(r.top, r.left) : `${a1(r.top, r.left)}:${a1(r.bottom, r.right)}`);
    const record = (range: EtRange): CellRange | null => {
      const text = range.MergeArea.Address(false, false);
      const [a, b] = text.split(':');
      const p = parseCell(a ?? '');
      const q = parseCell(b ?? a ?? '');
      if (!p || !q) return null;
      const rect = { top: p.row, left: p.col, bottom: q.row, right: q.col };
      if (rect.bottom > rect.top || rect.right > rect.left) found.set(`${rect.top},${rect.left}`, rect);
      return rect;
    };
    const visit = (r: CellRange): void => {
      const range = ws.Range(addr(r));
      const mc = range.MergeCells;
      if (mc === false) return;
      const single = r.top === r.bottom && r.left === r.right;
      if (single) {
        record(range);
        return;
      }
      if (r.top === r.bottom && r.right - r.left < WALK_COLS) {
        // A short row with merges: walk it, jumping over each merged area (3 calls per area or cell).
        for (let c = r.left; c <= r.right; ) {
          // Inside an area already found from a row above (a vertical merge): jump without a call.
          const known = [...found.values()].find((m) => r.top >= m.top && r.top <= m.bottom && c >= m.left && c <= m.right);
          if (known) {
            c = known.right + 1;
            continue;
          }
          const m = record(ws.Range(a1(r.top, c)));
          if (m && m.right > c) {
            c = m.right + 1;
            continue;
          }
          c++;
          // Nothing merged in the rest of the row: stop here (2 calls instead of 3 per cell).
          if (c <= r.right && ws.Range(`${a1(r.top, c)}:${a1(r.top, r.right)}`).MergeCells === false) break;
        }
        return;
      }
      if (mc === true) {
        // The block is made of whole merges: if it is one, done; else split as for a mixed block.
        const m = record(ws.Range(a1(r.top, r.left)));
        if (m && m.top === r.top && m.left === r.left && m.bottom === r.bottom && m.right === r.right) return;
      }
      if (r.bottom > r.top) {
        const mid = Math.floor((r.top + r.bottom) / 2);
        visit({ ...r, bottom: mid });
        visit({ ...r, top: mid + 1 });
      } else {
        const mid = Math.floor((r.left + r.right) / 2);
        visit({ ...r, right: mid });
        visit({ ...r, left: mid + 1 });
      }
    };
    visit(area);
    return [...found.values()].sort((a, b) => a.top - b.top || a.left - b.left);
  }

  function readSnapshot(): WorkbookSnapshot {
    const { wb } = bound();
    const sheets = sheetsOf(wb).map((ws) => readSheet(ws, ws.Name));
    return { sheets, fileName: wb.Name };
  }

  // ---- marks -----------------------------------------------------------------------------------

  interface OwnMark {
    sheet: string;
    fc: EtFormatCondition;
  }

  /** Our tagged conditional formats on every sheet's used range (the user's are never touched). */
  function ownMarks(wb: EtWorkbook): { marks: OwnMark[]; notes: { sheet: string; ws: EtWorksheet; cell: string }[] } {
    const marks: OwnMark[] = [];
    const notes: { sheet: string; ws: EtWorksheet; cell: string }[] = [];
    for (const ws of sheetsOf(wb)) {
      const name = ws.Name;
      const fcs = ws.UsedRange.FormatConditions;
      for (let i = 1, n = fcs.Count; i <= n; i++) {
        const fc = fcs.Item(i);
        if (fc.Type === XL_EXPRESSION && isOwnMarkFormula(fc.Formula1)) marks.push({ sheet: name, fc });
      }
    }
    return { marks, notes };
  }

  function assertWritable(ws: EtWorksheet, name: string): void {
    if (ws.ProtectContents) throw new GatewayError('protected', MESSAGES.protectedSheet(name), { sheet: name });
  }

  function applyMarksNow(wb: EtWorkbook, findings: Finding[], opts: MarkOptions = {}): void {
    const planned = planMarks(findings);
    const old = ownMarks(wb);
    const oldNotes = ownNotes(wb, planned.map((m) => m.sheet));
    // Check every sheet first: a refusal leaves the workbook exactly as it was.
    const targets = new Map<string, EtWorksheet>();
    for (const m of planned) if (!targets.has(m.sheet)) targets.set(m.sheet, sheetNamed(wb, m.sheet));
    for (const [name, ws] of targets) assertWritable(ws, name);
    for (const o of old.marks) assertWritable(sheetNamed(wb, o.sheet), o.sheet);
    const added: EtFormatCondition[] = [];
    const addedNotes: EtRange[] = [];
    try {
      for (const m of planned) {
        const cell = targets.get(m.sheet)!.Range(m.address);
        const fc = cell.FormatConditions.Add(XL_EXPRESSION, undefined, markFormula(m.severity));
        added.push(fc);
        fc.Interior.Color = bgr(MARK_COLORS[m.severity]);
        if (!isOwnMarkFormula(fc.Formula1)) throw new GatewayError('api', WPS_MESSAGES.markNotApplied);
      }
      for (const n of oldNotes) n.range.Comment?.Delete();
      if (opts.notes) {
        for (const m of planned) {
          const cell = targets.get(m.sheet)!.Range(m.address);
          if (cell.Comment) continue; // the user's own note stays
          cell.AddComment(noteText(m));
          addedNotes.push(cell);
        }
      }
      for (const o of old.marks) o.fc.Delete();
    } catch (e) {
      for (const fc of added.reverse()) {
        try {
          fc.Delete();
        } catch {
          /* best effort: the message below says so */
        }
      }
      for (const r of addedNotes) r.Comment?.Delete();
      for (const n of oldNotes) if (!n.range.Comment) n.range.AddComment(n.text);
      if (e instanceof GatewayError) throw e;
      throw new GatewayError('api', MESSAGES.marksRolledBack, { cause: e });
    }
  }

  /** Notes we wrote (our prefix), on the given sheets' cells that carry a comment. */
  function ownNotes(wb: EtWorkbook, _sheets: string[]): { range: EtRange; text: string }[] {
    const out: { range: EtRange; text: string }[] = [];
    for (const ws of sheetsOf(wb)) {
      const comments = ws.Comments;
      for (let i = 1, n = comments.Count; i <= n; i++) {
        const c = comments.Item(i);
        const text = c.Text();
        if (isOwnNote(text)) out.push({ range: c.Parent as EtRange, text });
      }
    }
    return out;
  }

  function clearMarksNow(wb: EtWorkbook): void {
    const old = ownMarks(wb);
    const notes = ownNotes(wb, []);
    for (const o of old.marks) assertWritable(sheetNamed(wb, o.sheet), o.sheet);
    try {
      for (const o of old.marks) o.fc.Delete();
      for (const n of notes) n.range.Comment?.Delete();
    } catch (e) {
      throw new GatewayError('api', MESSAGES.marksRollbackFailed, { cause: e });
    }
  }

  // ---- settings (custom document properties, chunked) --------------------------------------------

  function props(wb: EtWorkbook): EtDocumentProperties {
    return wb.CustomDocumentProperties as EtDocumentProperties;
  }

  function propNames(p: EtDocumentProperties): string[] {
    const out: string[] = [];
    for (let i = 1, n = p.Count; i <= n; i++) out.push(p.Item(i).Name);
    return out;
  }

  function readProp(wb: EtWorkbook, key: string): string | null {
    const p = props(wb);
    const names = new Set(propNames(p));
    const count = names.has(`${key}#n`) ? Number(p.Item(`${key}#n`).Value) : 0;
    if (!Number.isInteger(count) || count <= 0) return null;
    let text = '';
    for (let i = 1; i <= count; i++) {
      if (!names.has(`${key}#${i}`)) return null;
      text += String(p.Item(`${key}#${i}`).Value ?? '');
    }
    return text;
  }

  function writeProp(wb: EtWorkbook, key: string, value: string): void {
    const p = props(wb);
    const previous = readProp(wb, key);
    const drop = () => {
      for (const name of propNames(p)) if (name === `${key}#n` || name.startsWith(`${key}#`)) p.Item(name).Delete();
    };
    const put = (text: string) => {
      const chunks = text.match(new RegExp(`[\\s\\S]{1,${PROPERTY_CHUNK}}`, 'g')) ?? [''];
      chunks.forEach((c, i) => p.Add(`${key}#${i + 1}`, false, 4, c));
      p.Add(`${key}#n`, false, 4, String(chunks.length));
    };
    try {
      drop();
      put(value);
      if (readProp(wb, key) !== value) throw new Error('read back differs');
    } catch (e) {
      try {
        drop();
        if (previous !== null) put(previous);
      } catch {
        /* the message below still holds */
      }
      throw new GatewayError('api', WPS_MESSAGES.settings, { cause: e });
    }
  }

  function loadIgnoreEntries(): IgnoreEntry[] {
    const { wb } = bound();
    return parseIgnoreEntries(readProp(wb, SETTINGS_IGNORE_ENTRIES_KEY), readProp(wb, SETTINGS_IGNORED_KEY));
  }

  function saveIgnoreEntries(entries: IgnoreEntry[]): void {
    const { wb } = bound();
    const byKey = new Map<string, IgnoreEntry>();
    for (const e of Array.isArray(entries) ? entries : []) {
      if (!e || typeof e.key !== 'string' || e.key === '') continue;
      const entry: IgnoreEntry = { key: e.key, reason: typeof e.reason === 'string' ? e.reason.trim().slice(0, MAX_REASON_CHARS) : '' };
      if (typeof e.at === 'string' && e.at !== '') entry.at = e.at;
      byKey.set(e.key, entry);
    }
    const clean = [...byKey.values()];
    writeProp(wb, SETTINGS_IGNORE_ENTRIES_KEY, JSON.stringify({ v: 2, entries: clean }));
    writeProp(wb, SETTINGS_IGNORED_KEY, JSON.stringify(clean.map((e) => e.key)));
  }

  // ---- select and events -----------------------------------------------------------------------

  function select(sheet: string, cell: string): void {
    const { wb } = bound();
    const ws = sheetNamed(wb, sheet);
    const address = normalizeCellAddress(cell);
    if (!address) throw new GatewayError('api', MESSAGES.badAddress(sheet, String(cell)), { sheet });
    if (ws.Visible !== -1) throw new GatewayError('api', MESSAGES.hiddenSheet(sheet), { sheet });
    try {
      wb.Activate();
      ws.Activate();
      ws.Range(address).Select();
    } catch (e) {
      throw hostError(e, '定位单元格', sheet);
    }
  }

  /** Application-level events, kept to this pane's workbook. */
  function listen(event: string, handler: (sheet: EtWorksheet, target: EtRange) => void): () => void {
    if (!app) throw new GatewayError('not-in-excel', WPS_MESSAGES.notInWps);
    const fn = (sh: EtWorksheet, target: EtRange) => {
      try {
        const parent = sh.Parent as EtWorkbook | undefined;
        if (parent && parent.FullName !== boundName) return;
        handler(sh, target);
      } catch {
        /* an event for a closed or odd object is not ours to report */
      }
    };
    app.ApiEvent.AddApiEventListener(event, fn);
    return () => app.ApiEvent.RemoveApiEventListener(event, fn);
  }

  // ---- edits -----------------------------------------------------------------------------------

  const written = new Map<string, CellState>();

  function target(sheet: unknown, cell: unknown): { sheet: string; cell: string } {
    const s = typeof sheet === 'string' ? sheet : '';
    const address = normalizeCellAddress(cell);
    if (!s || !address) throw new GatewayError('api', MESSAGES.badAddress(s, String(cell)), { sheet: s });
    return { sheet: s, cell: address };
  }

  function stateOf(sheet: string, cell: string, r: EtRange): CellState {
    const v = r.Value2;
    const f = r.Formula;
    const value = v === undefined || v === null || v === '' ? null : (cellValue(v) as CellState['value']);
    return { sheet, cell, value, numberFormat: normFormat(r.NumberFormat), formula: typeof f === 'string' && f.startsWith('=') ? f : null };
  }

  const same = (a: CellState, b: CellState) => a.value === b.value && a.formula === b.formula && a.numberFormat === b.numberFormat;

  function probe(sheet: string, cell: string): { ws: EtWorksheet; range: EtRange } {
    const { wb } = bound();
    const ws = sheetNamed(wb, sheet);
    if (ws.Visible !== -1) throw new GatewayError('api', MESSAGES.editHidden(sheet), { sheet });
    if (ws.ProtectContents) throw new GatewayError('protected', MESSAGES.protectedEdit(sheet), { sheet });
    const range = ws.Range(cell);
    const m = range.MergeArea;
    if ((m.Rows.Count > 1 || m.Columns.Count > 1) && (m.Row - 1 !== parseCell(cell)!.row || m.Column - 1 !== parseCell(cell)!.col)) {
      throw new GatewayError('api', MESSAGES.editMerged(sheet, cell, a1(m.Row - 1, m.Column - 1)), { sheet });
    }
    return { ws, range };
  }

  /** Writes a state into a cell (format first, then value or formula), undoing it if it did not apply. */
  function put(sheet: string, cell: string, ws: EtWorksheet, before: CellState, next: { value?: CellState['value']; numberFormat?: string; formula?: string | null }): CellState {
    const range = ws.Range(cell);
    try {
      if (next.numberFormat !== undefined) range.NumberFormat = next.numberFormat;
      if (next.formula) range.Formula = next.formula;
      else if (next.value !== undefined) {
        const v = next.value;
        range.Value2 = typeof v === 'string' && v !== '' ? literalText(v, next.numberFormat ?? before.numberFormat) : v === null ? '' : v;
      }
    } catch (e) {
      restoreRaw(ws, cell, before);
      throw hostError(e, '写入单元格', sheet);
    }
    const after = stateOf(sheet, cell, ws.Range(cell));
    const expectFormat = next.numberFormat !== undefined ? normFormat(next.numberFormat) : before.numberFormat;
    const expectValue = next.formula ? undefined : next.value;
    const applied = after.numberFormat === expectFormat && (expectValue === undefined || after.value === expectValue || (expectValue === null && after.value === null)) && (!next.formula || after.formula === next.formula);
    if (!applied) {
      restoreRaw(ws, cell, before);
      throw new GatewayError('api', WPS_MESSAGES.notApplied(sheet, cell), { sheet });
    }
    return after;
  }

  function restoreRaw(ws: EtWorksheet, cell: string, s: CellState): void {
    try {
      const r = ws.Range(cell);
      r.NumberFormat = s.numberFormat || 'General';
      if (s.formula) r.Formula = s.formula;
      else r.Value2 = typeof s.value === 'string' && s.value !== '' ? literalText(s.value, s.numberFormat) : s.value === null ? '' : s.value;
    } catch {
      /* the caller reports the failure */
    }
  }

  function editCell(edit: CellEdit): EditResult {
    const { sheet, cell } = target(edit?.sheet, edit?.cell);
    const hasValue = typeof edit.value === 'number' ? Number.isFinite(edit.value) : typeof edit.value === 'string';
    const hasFormat = typeof edit.numberFormat === 'string' && edit.numberFormat !== '';
    if (!hasValue && !hasFormat) throw new GatewayError('api', MESSAGES.editNothing(sheet, cell), { sheet });
    const { ws, range } = probe(sheet, cell);
    const before = stateOf(sheet, cell, range);
    if (before.formula !== null && edit.confirmFormula !== before.formula) {
      throw new GatewayError('formula-cell', MESSAGES.formulaCell(sheet, cell, before.formula), { sheet, formula: before.formula });
    }
    const after = put(sheet, cell, ws, before, {
      ...(hasFormat ? { numberFormat: edit.numberFormat! } : {}),
      ...(hasValue ? { value: edit.value! } : before.formula ? {} : {}),
    });
    written.set(`${sheet}\u0000${cell}`, after);
    // WPS offers no undo grouping for add-in writes: the pane's own 撤销 (restoreCell) is the way back.
    return { before, hostUndo: false };
  }

  function restoreCell(state: CellState): void {
    const { sheet, cell } = target(state?.sheet, state?.cell);
    const key = `${sheet}\u0000${cell}`;
    const { ws, range } = probe(sheet, cell);
    const now = stateOf(sheet, cell, range);
    const expected = written.get(key);
    if (expected && !same(now, expected)) throw new GatewayError('changed-since', MESSAGES.changedSince(sheet, cell), { sheet });
    if (!same(now, { ...state, sheet, cell })) {
      put(sheet, cell, ws, now, { numberFormat: state.numberFormat || 'General', ...(state.formula ? { formula: state.formula } : { value: state.value }) });
    }
    written.delete(key);
  }

  // ---- text: new sheet, at a cell, fill, table -------------------------------------------------

  function newSheet(wb: EtWorkbook, wanted: string): { ws: EtWorksheet; name: string } {
    if (wb.ProtectStructure) throw new GatewayError('protected', MESSAGES.workbookProtected);
    const sheets = sheetsOf(wb);
    const name = uniqueSheetName(wanted, sheets.map((s) => s.Name));
    const ws = wb.Worksheets.Add(undefined, sheets[sheets.length - 1]) as EtWorksheet;
    try {
      ws.Name = name;
    } catch (e) {
      throw hostError(e, '新建工作表');
    }
    return { ws, name };
  }

  /** Text cells: format "@" first so nothing typed is parsed, then the values, then read back. */
  function writeTextBlock(ws: EtWorksheet, sheet: string, top: number, left: number, rows: string[][]): string {
    const width = Math.max(...rows.map((r) => r.length));
    const address = `${a1(top, left)}:${a1(top + rows.length - 1, left + width - 1)}`;
    const range = ws.Range(address);
    const grid = rows.map((r) => Array.from({ length: width }, (_, c) => r[c] ?? ''));
    range.NumberFormat = '@';
    range.Value2 = grid.length === 1 && width === 1 ? grid[0]![0] : grid;
    const back = toGrid(ws.Range(address).Value2, rows.length, width);
    for (let r = 0; r < grid.length; r++) {
      for (let c = 0; c < width; c++) {
        if (cellValue(back[r]?.[c]) !== grid[r]![c]) throw new GatewayError('api', WPS_MESSAGES.notApplied(sheet, a1(top + r, left + c)), { sheet });
      }
    }
    return address;
  }

  function insertText(lines: string[], opts: InsertTextOptions): InsertResult {
    const clean = cleanLines(lines);
    const headings = new Set(Array.isArray(opts?.headings) ? opts.headings : []);
    const { wb } = bound();
    if (opts?.target === 'new-sheet') {
      const { ws, name } = newSheet(wb, baseSheetName(opts.sheetName));
      try {
        const address = writeTextBlock(ws, name, 0, 0, clean.map((l) => [l]));
        const col = ws.Range(`A1:A${clean.length}`);
        col.WrapText = true;
        col.ColumnWidth = REPORT_COLUMN_CHARS;
        for (const i of headings) if (Number.isInteger(i) && i >= 0 && i < clean.length) ws.Range(`A${i + 1}`).Font.Bold = true;
        return { sheet: name, address, rows: clean.length };
      } catch (e) {
        deleteSheet(ws);
        throw hostError(e, '插入文字');
      }
    }
    let sheetName: string;
    let ws: EtWorksheet;
    let start: { row: number; col: number };
    if (opts?.at) {
      sheetName = opts.at.sheet;
      ws = sheetNamed(wb, sheetName);
      const p = parseCell(opts.at.address);
      if (!p) throw new GatewayError('api', MESSAGES.badAddress(sheetName, opts.at.address), { sheet: sheetName });
      start = p;
    } else {
      const sel = app!.Selection as EtRange | null;
      if (!sel || typeof (sel as { Address?: unknown }).Address !== 'function') throw new GatewayError('api', MESSAGES.notARange);
      const selSheet = (sel as unknown as { Worksheet?: EtWorksheet }).Worksheet;
      ws = selSheet ?? sheetsOf(wb).find((s) => s.Name === (wb as unknown as { ActiveSheet?: EtWorksheet }).ActiveSheet?.Name) ?? sheetsOf(wb)[0]!;
      sheetName = ws.Name;
      start = { row: sel.Row - 1, col: sel.Column - 1 };
    }
    if (ws.Visible !== -1) throw new GatewayError('api', MESSAGES.hiddenInsert(sheetName), { sheet: sheetName });
    if (ws.ProtectContents) throw new GatewayError('protected', MESSAGES.protectedInsert(sheetName), { sheet: sheetName });
    const n = clean.length;
    const colRange = ws.Range(`${a1(start.row, start.col)}:${a1(Math.min(start.row + SCAN_ROWS + n, 1_048_575), start.col)}`);
    const vals = toGrid(colRange.Value2, colRange.Rows.Count, 1).map((r) => r[0]);
    const fms = toGrid(colRange.Formula, colRange.Rows.Count, 1).map((r) => r[0]);
    const merged = colRange.MergeCells !== false;
    const free = (row: number) => {
      const i = row - start.row;
      const v = vals[i];
      const f = fms[i];
      return (v === undefined || v === null || v === '') && !(typeof f === 'string' && f !== '') && (!merged || ws.Range(a1(row, start.col)).MergeCells === false);
    };
    let occupied: number | null = null;
    for (let r = start.row; r < start.row + n; r++) if (!free(r)) { occupied = r; break; }
    if (occupied !== null) {
      const room = findRoom(start.row, n, free, start.row + SCAN_ROWS);
      const suggestion = room === null ? null : a1(room, start.col);
      throw new GatewayError('target-not-empty', MESSAGES.targetNotEmpty(sheetName, a1(start.row, start.col), a1(occupied, start.col), n, suggestion), {
        sheet: sheetName,
        occupied: a1(occupied, start.col),
        ...(suggestion ? { suggestion: { sheet: sheetName, address: suggestion } } : {}),
      });
    }
    try {
      const address = writeTextBlock(ws, sheetName, start.row, start.col, clean.map((l) => [l]));
      for (const i of headings) if (Number.isInteger(i) && i >= 0 && i < n) ws.Range(a1(start.row + i, start.col)).Font.Bold = true;
      return { sheet: sheetName, address, rows: n };
    } catch (e) {
      // Put the cells back as they were: empty, General.
      try {
        const r = ws.Range(`${a1(start.row, start.col)}:${a1(start.row + n - 1, start.col)}`);
        r.Value2 = clean.map(() => ['']);
        r.NumberFormat = 'General';
        r.Font.Bold = false;
      } catch {
        /* reported below */
      }
      throw hostError(e, '插入文字', sheetName);
    }
  }

  function deleteSheet(ws: EtWorksheet): void {
    try {
      (ws as unknown as { Delete?: () => void }).Delete?.();
    } catch {
      /* best effort */
    }
  }

  function fillCells(items: FillItem[]): FillResult {
    const { wb } = bound();
    const result: FillResult = { written: [], skipped: [] };
    const seen = new Set<string>();
    const names = new Map(sheetsOf(wb).map((ws) => [ws.Name, ws] as const));
    for (const item of Array.isArray(items) ? items : []) {
      const sheet = typeof item?.sheet === 'string' ? item.sheet : '';
      const cell = normalizeCellAddress(item?.cell);
      const skip = (reason: FillResult['skipped'][number]['reason']) => result.skipped.push({ sheet, cell: cell ?? String(item?.cell), reason });
      if (!cell) { skip('bad-address'); continue; }
      const text = typeof item.text === 'string' ? item.text : '';
      if (text.trim() === '' || text.length > MAX_CELL_CHARS) { skip('no-text'); continue; }
      const key = `${sheet}\u0000${cell}`;
      if (seen.has(key)) { skip('duplicate'); continue; }
      seen.add(key);
      const ws = names.get(sheet);
      if (!ws) { skip('missing-sheet'); continue; }
      if (ws.ProtectContents) { skip('protected'); continue; }
      const range = ws.Range(cell);
      const m = range.MergeArea;
      const p = parseCell(cell)!;
      if ((m.Rows.Count > 1 || m.Columns.Count > 1) && (m.Row - 1 !== p.row || m.Column - 1 !== p.col)) { skip('merged'); continue; }
      const v = range.Value2;
      const f = range.Formula;
      if ((v !== undefined && v !== null && v !== '') || (typeof f === 'string' && f !== '')) { skip('not-empty'); continue; }
      const before = stateOf(sheet, cell, range);
      try {
        writeTextBlock(ws, sheet, p.row, p.col, [[text]]);
      } catch (e) {
        restoreRaw(ws, cell, before);
        throw hostError(e, '填入单元格', sheet);
      }
      result.written.push(`${sheet}!${cell}`);
    }
    return result;
  }

  function insertTable(rows: string[][], opts: { sheetName: string }): InsertResult {
    const clean = (Array.isArray(rows) ? rows : []).filter(Array.isArray).map((r) => r.map((x) => (typeof x === 'string' ? x : x === null || x === undefined ? '' : String(x))));
    if (clean.length === 0) throw new GatewayError('api', MESSAGES.tableEmpty);
    const { wb } = bound();
    const { ws, name } = newSheet(wb, baseSheetName(opts?.sheetName, ISSUES_SHEET_NAME));
    try {
      const address = writeTextBlock(ws, name, 0, 0, clean);
      const width = Math.max(...clean.map((r) => r.length));
      ws.Range(`A1:${a1(0, width - 1)}`).Font.Bold = true;
      return { sheet: name, address, rows: clean.length };
    } catch (e) {
      deleteSheet(ws);
      throw hostError(e, '导出问题清单');
    }
  }

  const run = <T>(fn: () => T): Promise<T> => serial(() => fn());

  return {
    host: 'wps',
    readSnapshot: () => run(readSnapshot),
    applyMarks: (findings, opts) => run(() => applyMarksNow(bound().wb, findings, opts)),
    checkAndMark: (compute, opts) =>
      run(() => {
        const snapshot = readSnapshot();
        const findings = compute(snapshot);
        applyMarksNow(bound().wb, findings, opts);
        return { snapshot, findings };
      }),
    clearMarks: () => run(() => clearMarksNow(bound().wb)),
    select: (sheet, cell) => run(() => select(sheet, cell)),
    loadIgnored: () => run(() => loadIgnoreEntries().map((e) => e.key)),
    saveIgnored: (keys) =>
      run(() => {
        const known = new Map(loadIgnoreEntries().map((e) => [e.key, e] as const));
        const list = [...new Set((keys ?? []).filter((k): k is string => typeof k === 'string' && k !== ''))];
        saveIgnoreEntries(list.map((key) => known.get(key) ?? { key, reason: '' }));
      }),
    loadIgnoreEntries: () => run(loadIgnoreEntries),
    saveIgnoreEntries: (entries) => run(() => saveIgnoreEntries(entries)),
    onChanged: async (handler) => listen('SheetChange', () => handler()),
    onSelectionChanged: async (handler) =>
      listen('SheetSelectionChange', (sh, t) => {
        const first = t.Address(false, false).split(':')[0]!;
        handler({ sheet: sh.Name, address: first } as CellRef);
      }),
    insertText: (lines, opts) => run(() => insertText(lines, opts)),
    fillCells: (items) => run(() => fillCells(items)),
    insertTable: (rows, opts) => run(() => insertTable(rows, opts)),
    editCell: (edit) => run(() => editCell(edit)),
    restoreCell: (state) => run(() => restoreCell(state)),
  };
}

// A fake WPS 表格 (ET) object model over the same in-memory workbook the fake Excel host uses
// (./model.ts), faithful where WPS differs from Excel: 1-based Item(), Address() and Comment.Text()
// as methods, BGR colours, a mixed-format range's NumberFormat as null, "G/通用格式" for General,
// application-level events for every open workbook, writes that may silently not apply. Every
// property read and method call is counted (`calls`): the analogue of IPC round trips.
// Browser-compatible: the preview page runs it too.
import type {
  EtApplication, EtComment, EtDocumentProperties, EtDocumentProperty, EtFormatCondition, EtFormatConditions,
  EtRange, EtSheets, EtWorkbook, EtWorkbooks, EtWorksheet,
} from '../wps/et-api';
import {
  HostWorkbook, cellA1, cellKey, intersects, isEmptyCell, parseRect, rectA1,
  type HostCell, type HostConditionalFormat, type HostRect, type HostSheet, type HostValue, type WorkbookLike,
} from './model';

export { HostWorkbook };

export interface FakeWpsOptions {
  /** Writes (Value2/Formula/NumberFormat) to these "Sheet!A1" cells are silently dropped. */
  dropWrites?: string[];
  /** The user is typing in a cell: every write throws, as the host refuses. */
  editing?: boolean;
  /** Multi-cell Value2/Formula come back as an object with Item(row, col), as one team reports. */
  itemWrapped?: boolean;
  /** Longest custom document property value accepted (WPS's limit is unknown; Excel's is 255). */
  propertyMaxChars?: number;
}

/** One open document: its cells, its custom document properties, its name. */
export interface FakeWpsDocument {
  workbook: HostWorkbook;
  name: string;
  fullName: string;
  properties: Map<string, string>;
  protectStructure: boolean;
}

const GENERAL = 'G/通用格式';
const VISIBILITY: Record<string, number> = { Visible: -1, Hidden: 0, VeryHidden: 2 };
const XL_EXPRESSION = 2;

/** "#RRGGBB" → BGR integer, as ET's Interior.Color holds it. */
export function rgbToBgr(hex: string): number {
  const n = parseInt(hex.replace('#', ''), 16);
  return ((n & 0xff) << 16) | (n & 0xff00) | ((n >> 16) & 0xff);
}

export function bgrToRgb(bgr: number): string {
  const r = bgr & 0xff;
  const g = (bgr >> 8) & 0xff;
  const b = (bgr >> 16) & 0xff;
  return `#${[r, g, b].map((x) => x.toString(16).padStart(2, '0')).join('').toUpperCase()}`;
}

type Listener = { event: string; fn: (...args: unknown[]) => void };

export class FakeWpsHost {
  calls = 0;
  documents: FakeWpsDocument[] = [];
  active: FakeWpsDocument | null = null;
  listeners: Listener[] = [];
  readonly app: EtApplication;
  /** Formula → value it showed, per cell, so writing a formula back restores its value (no recalc here). */
  private recalled = new Map<string, HostValue>();

  constructor(public options: FakeWpsOptions = {}) {
    const host = this;
    this.app = {
      get ActiveWorkbook() {
        host.tick();
        return host.active ? new FakeEtWorkbook(host, host.active) : null;
      },
      get Workbooks() {
        host.tick();
        return new FakeEtWorkbooks(host);
      },
      get Selection() {
        host.tick();
        if (!host.active) return null;
        const wb = host.active.workbook;
        const s = wb.sheet(wb.activeSheet);
        return new FakeEtRange(host, host.active, s, parseRect(s.selection)!);
      },
      Version: '12.1.0',
      Build: 17900,
      ScreenUpdating: true,
      ApiEvent: {
        AddApiEventListener(event: string, fn: unknown) {
          host.tick();
          if (typeof fn === 'function') host.listeners.push({ event, fn: fn as Listener['fn'] });
        },
        RemoveApiEventListener(event: string, fn: unknown) {
          host.tick();
          host.listeners = host.listeners.filter((l) => !(l.event === event && l.fn === fn));
        },
      },
    };
  }

  tick(): void {
    this.calls++;
  }

  open(workbook: HostWorkbook, name = '自评表.xlsx', properties = new Map<string, string>()): FakeWpsDocument {
    const doc: FakeWpsDocument = { workbook, name, fullName: `D:\\绩效\\${name}`, properties, protectStructure: false };
    this.documents.push(doc);
    this.active = doc;
    return doc;
  }

  /** The user switches to another window. */
  activate(doc: FakeWpsDocument): void {
    this.active = doc;
  }

  get document(): FakeWpsDocument {
    return this.documents[0]!;
  }

  get workbook(): HostWorkbook {
    return this.document.workbook;
  }

  listenerCount(): number {
    return this.listeners.length;
  }

  private fire(event: string, doc: FakeWpsDocument, sheet: HostSheet, rect: HostRect): void {
    const sh = new FakeEtWorksheet(this, doc, sheet);
    const target = new FakeEtRange(this, doc, sheet, rect);
    for (const l of [...this.listeners]) if (l.event === event) l.fn(sh, target);
  }

  async userEdit(sheet: string, address: string, value: string | number, doc = this.document): Promise<void> {
    doc.workbook.setCell(sheet, address, { value });
    this.fire('SheetChange', doc, doc.workbook.sheet(sheet), parseRect(address)!);
  }

  async userSelect(sheet: string, address: string, doc = this.document): Promise<void> {
    const s = doc.workbook.sheet(sheet);
    doc.workbook.activeSheet = sheet;
    s.selection = address.toUpperCase();
    this.active = doc;
    this.fire('SheetSelectionChange', doc, s, parseRect(address)!);
  }

  recall(sheet: HostSheet, key: number, formula: string): HostValue {
    return this.recalled.get(`${sheet.id}|${key}|${formula}`) ?? 0;
  }

  remember(sheet: HostSheet, key: number, cell: HostCell | undefined): void {
    if (cell?.formula) this.recalled.set(`${sheet.id}|${key}|${cell.formula}`, cell.value);
  }
}

export function createFakeWps(input: HostWorkbook | WorkbookLike, options: FakeWpsOptions = {}, name?: string): FakeWpsHost {
  const host = new FakeWpsHost(options);
  host.open(input instanceof HostWorkbook ? input : HostWorkbook.fromSnapshotLike(input), name);
  return host;
}

class FakeEtWorkbooks implements EtWorkbooks {
  constructor(private host: FakeWpsHost) {}
  get Count(): number {
    this.host.tick();
    return this.host.documents.length;
  }
  Item(index: number | string): EtWorkbook {
    this.host.tick();
    const doc = typeof index === 'number' ? this.host.documents[index - 1] : this.host.documents.find((d) => d.name === index);
    if (!doc) throw new Error('下标越界');
    return new FakeEtWorkbook(this.host, doc);
  }
}

class FakeEtWorkbook implements EtWorkbook {
  constructor(private host: FakeWpsHost, readonly doc: FakeWpsDocument) {}
  get Name(): string {
    this.host.tick();
    return this.doc.name;
  }
  get FullName(): string {
    this.host.tick();
    return this.doc.fullName;
  }
  get ProtectStructure(): boolean {
    this.host.tick();
    return this.doc.protectStructure;
  }
  get Worksheets(): EtSheets {
    this.host.tick();
    return new FakeEtSheets(this.host, this.doc);
  }
  get CustomDocumentProperties(): EtDocumentProperties {
    this.host.tick();
    return new FakeEtProperties(this.host, this.doc);
  }
  Activate(): void {
    this.host.tick();
    this.host.active = this.doc;
  }
}

class FakeEtProperties implements EtDocumentProperties {
  constructor(private host: FakeWpsHost, private doc: FakeWpsDocument) {}
  get Count(): number {
    this.host.tick();
    return this.doc.properties.size;
  }
  Item(index: number | string): EtDocumentProperty {
    this.host.tick();
    const name = typeof index === 'number' ? [...this.doc.properties.keys()][index - 1] : index;
    if (name === undefined || !this.doc.properties.has(name)) throw new Error('无效的过程调用或参数');
    const { host, doc } = this;
    return {
      get Name() {
        host.tick();
        return name;
      },
      get Value() {
        host.tick();
        return doc.properties.get(name);
      },
      set Value(v: unknown) {
        host.tick();
        doc.properties.set(name, String(v));
      },
      Delete() {
        host.tick();
        doc.properties.delete(name);
      },
    };
  }
  Add(name: string, _link: boolean, type: number, value: unknown): EtDocumentProperty {
    this.host.tick();
    const text = String(value);
    const cap = this.host.options.propertyMaxChars ?? 255;
    if (type !== 4 || text.length > cap) throw new Error('无效的过程调用或参数');
    if (this.doc.properties.has(name)) throw new Error('名称重复');
    this.doc.properties.set(name, text);
    return this.Item(name);
  }
}

class FakeEtSheets implements EtSheets {
  constructor(private host: FakeWpsHost, private doc: FakeWpsDocument) {}
  get Count(): number {
    this.host.tick();
    return this.doc.workbook.sheets.length;
  }
  Item(index: number | string): FakeEtWorksheet {
    this.host.tick();
    const sheets = this.doc.workbook.sheets;
    const s = typeof index === 'number' ? sheets[index - 1] : sheets.find((x) => x.name.toLowerCase() === String(index).toLowerCase());
    if (!s) throw new Error('下标越界');
    return new FakeEtWorksheet(this.host, this.doc, s);
  }
  Add(before?: unknown, after?: unknown): FakeEtWorksheet {
    this.host.tick();
    if (this.doc.protectStructure) throw new Error('工作簿受保护，不能更改。');
    const wb = this.doc.workbook;
    let n = wb.sheets.length + 1;
    while (wb.sheets.some((s) => s.name === `Sheet${n}`)) n++;
    const sheet = wb.addSheet(`Sheet${n}`);
    wb.sheets.pop();
    const anchor = (before ?? after) as FakeEtWorksheet | undefined;
    const at = anchor ? wb.sheets.indexOf(anchor.sheet) + (after ? 1 : 0) : 0;
    wb.sheets.splice(at < 0 ? wb.sheets.length : at, 0, sheet);
    wb.activeSheet = sheet.name;
    return new FakeEtWorksheet(this.host, this.doc, sheet);
  }
}

export class FakeEtWorksheet implements EtWorksheet {
  constructor(private host: FakeWpsHost, readonly doc: FakeWpsDocument, readonly sheet: HostSheet) {}
  get Name(): string {
    this.host.tick();
    return this.sheet.name;
  }
  set Name(v: string) {
    this.host.tick();
    if (this.doc.workbook.sheets.some((s) => s !== this.sheet && s.name.toLowerCase() === v.toLowerCase())) throw new Error('工作表名称已存在');
    if (this.doc.workbook.activeSheet === this.sheet.name) this.doc.workbook.activeSheet = v;
    this.sheet.name = v;
  }
  get Visible(): number {
    this.host.tick();
    return VISIBILITY[this.sheet.visibility] ?? -1;
  }
  get ProtectContents(): boolean {
    this.host.tick();
    return this.sheet.protected;
  }
  get UsedRange(): FakeEtRange {
    this.host.tick();
    // As in WPS: formatted-but-empty cells count; an empty sheet reports A1.
    const rect = this.doc.workbook.usedRect(this.sheet, false) ?? { top: 0, left: 0, bottom: 0, right: 0 };
    return new FakeEtRange(this.host, this.doc, this.sheet, rect);
  }
  Range(address: string): FakeEtRange {
    this.host.tick();
    const rect = parseRect(String(address));
    if (!rect) throw new Error('方法 Range 作用于对象 Worksheet 时失败');
    return new FakeEtRange(this.host, this.doc, this.sheet, rect);
  }
  get Comments(): { Count: number; Item(i: number): EtComment & { Parent: FakeEtRange } } {
    this.host.tick();
    const { host, doc, sheet } = this;
    const list = () => [...sheet.notes.keys()];
    return {
      get Count() {
        host.tick();
        return list().length;
      },
      Item(i: number) {
        host.tick();
        const addr = list()[i - 1];
        if (!addr) throw new Error('下标越界');
        const range = new FakeEtRange(host, doc, sheet, parseRect(addr)!);
        const c = range.Comment!;
        return { Text: () => c.Text(), Delete: () => c.Delete(), Parent: range };
      },
    };
  }
  Activate(): void {
    this.host.tick();
    if (this.sheet.visibility !== 'Visible') throw new Error('无法激活隐藏的工作表');
    this.doc.workbook.activeSheet = this.sheet.name;
  }
  get Parent(): FakeEtWorkbook {
    this.host.tick();
    return new FakeEtWorkbook(this.host, this.doc);
  }
}

function sameRect(a: HostRect, b: HostRect): boolean {
  return a.top === b.top && a.left === b.left && a.bottom === b.bottom && a.right === b.right;
}

export class FakeEtRange implements EtRange {
  constructor(private host: FakeWpsHost, readonly doc: FakeWpsDocument, readonly sheet: HostSheet, readonly rect: HostRect) {}

  private get wb(): HostWorkbook {
    return this.doc.workbook;
  }
  private single(): boolean {
    return this.rect.top === this.rect.bottom && this.rect.left === this.rect.right;
  }
  private grid<T>(at: (row: number, col: number) => T): T | T[][] {
    const { top, left, bottom, right } = this.rect;
    if (this.single()) return at(top, left);
    if ((bottom - top + 1) * (right - left + 1) > 4_000_000) throw new Error('内存不足');
    const out: T[][] = [];
    for (let r = top; r <= bottom; r++) {
      const row: T[] = [];
      for (let c = left; c <= right; c++) row.push(at(r, c));
      out.push(row);
    }
    if (this.host.options.itemWrapped) {
      const host = this.host;
      return { Item: (r: number, c: number) => (host.tick(), out[r - 1]?.[c - 1]) } as unknown as T[][];
    }
    return out;
  }
  /** Refuses like WPS does, then applies `write` per cell unless the host drops it silently. */
  private write(values: unknown, apply: (cell: HostCell, x: unknown, key: number) => void): void {
    if (this.host.options.editing) throw new Error('无法在编辑单元格时执行此操作');
    if (this.sheet.protected) throw new Error('您试图更改的单元格或图表受保护，因而是只读的。');
    const { top, left, bottom, right } = this.rect;
    for (let r = top; r <= bottom; r++) {
      for (let c = left; c <= right; c++) {
        const x = Array.isArray(values) ? (values as unknown[][])[r - top]?.[c - left] : values;
        if (this.host.options.dropWrites?.includes(`${this.sheet.name}!${cellA1(r, c)}`)) continue;
        const key = cellKey(r, c);
        const cell: HostCell = { ...(this.sheet.cells.get(key) ?? { value: '' }) };
        this.host.remember(this.sheet, key, this.sheet.cells.get(key));
        apply(cell, x, key);
        if (isEmptyCell(cell) && cell.numberFormat === undefined && cell.fill === undefined && cell.bold === undefined && cell.wrapText === undefined) {
          this.sheet.cells.delete(key);
        } else {
          this.sheet.cells.set(key, cell);
        }
      }
    }
  }

  get Value2(): unknown {
    this.host.tick();
    return this.grid((r, c) => {
      const v = this.wb.valueAt(this.sheet, r, c);
      return v === '' ? undefined : v;
    });
  }
  /** Typed input, as in WPS: text cells keep strings, ' keeps the rest literal, = makes a formula. */
  set Value2(v: unknown) {
    this.host.tick();
    this.write(v, (cell, x, key) => {
      delete cell.formula;
      if (x === undefined || x === null) {
        cell.value = '';
        return;
      }
      if (typeof x !== 'string' || cell.numberFormat === '@') {
        cell.value = x as HostValue;
        return;
      }
      if (x.startsWith("'")) cell.value = x.slice(1);
      else if (/^[=+\-@]/.test(x) && x.length > 1) {
        cell.formula = x.startsWith('=') ? x : `=${x}`;
        cell.value = this.host.recall(this.sheet, key, cell.formula);
      } else if (/^\s*(true|false)\s*$/i.test(x)) cell.value = /true/i.test(x);
      else {
        const n = x.trim() === '' ? NaN : Number(x);
        cell.value = Number.isFinite(n) ? n : x;
      }
    });
  }
  get Formula(): unknown {
    this.host.tick();
    return this.grid((r, c) => {
      const v = this.wb.formulaAt(this.sheet, r, c);
      return typeof v === 'string' ? v : String(v);
    });
  }
  set Formula(v: unknown) {
    this.host.tick();
    this.write(v, (cell, x, key) => {
      if (typeof x === 'string' && x.startsWith('=')) {
        cell.formula = x;
        cell.value = this.host.recall(this.sheet, key, x);
      } else {
        delete cell.formula;
        cell.value = (x ?? '') as HostValue;
      }
    });
  }
  get NumberFormat(): unknown {
    this.host.tick();
    let first: string | undefined;
    const { top, left, bottom, right } = this.rect;
    for (let r = top; r <= bottom; r++) {
      for (let c = left; c <= right; c++) {
        const nf = this.sheet.cells.get(cellKey(r, c))?.numberFormat ?? GENERAL;
        if (first === undefined) first = nf;
        else if (nf !== first) return null;
      }
    }
    return first ?? GENERAL;
  }
  set NumberFormat(v: unknown) {
    this.host.tick();
    if (typeof v !== 'string') throw new Error('类型不匹配');
    this.write(v, (cell) => {
      if (v === '' || v === 'General' || v === GENERAL) delete cell.numberFormat;
      else cell.numberFormat = v;
    });
  }
  get Row(): number {
    this.host.tick();
    return this.rect.top + 1;
  }
  get Column(): number {
    this.host.tick();
    return this.rect.left + 1;
  }
  get Rows(): { Count: number } {
    this.host.tick();
    return { Count: this.rect.bottom - this.rect.top + 1 };
  }
  get Columns(): { Count: number } {
    this.host.tick();
    return { Count: this.rect.right - this.rect.left + 1 };
  }
  get MergeCells(): boolean | null {
    this.host.tick();
    const hits = this.sheet.merges.filter((m) => intersects(m, this.rect));
    if (hits.length === 0) return false;
    if (hits.length === 1 && sameRect(hits[0]!, this.rect)) return true;
    // true only when every cell lies in some merge wholly inside the range
    const area = (this.rect.bottom - this.rect.top + 1) * (this.rect.right - this.rect.left + 1);
    let covered = 0;
    for (const m of hits) {
      const inside = m.top >= this.rect.top && m.bottom <= this.rect.bottom && m.left >= this.rect.left && m.right <= this.rect.right;
      if (!inside) return null;
      covered += (m.bottom - m.top + 1) * (m.right - m.left + 1);
    }
    return covered === area ? true : null;
  }
  get MergeArea(): FakeEtRange {
    this.host.tick();
    const m = this.wb.mergeCovering(this.sheet, this.rect.top, this.rect.left);
    return new FakeEtRange(this.host, this.doc, this.sheet, m ? { ...m } : { top: this.rect.top, left: this.rect.left, bottom: this.rect.top, right: this.rect.left });
  }
  Address(rowAbsolute = true, columnAbsolute = true): string {
    this.host.tick();
    const text = rectA1(this.rect);
    if (!rowAbsolute && !columnAbsolute) return text;
    return text.split(':').map((p) => p.replace(/^([A-Z]+)(\d+)$/, '$$$1$$$2')).join(':');
  }
  get FormatConditions(): EtFormatConditions {
    this.host.tick();
    return new FakeEtFormatConditions(this.host, this);
  }
  get Font(): { Bold: unknown } {
    this.host.tick();
    const read = () => this.sheet.cells.get(cellKey(this.rect.top, this.rect.left))?.bold === true;
    const write = (v: unknown) =>
      this.write(undefined, (cell) => {
        cell.bold = v === true;
      });
    const tick = () => this.host.tick();
    return {
      get Bold() {
        tick();
        return read();
      },
      set Bold(v: unknown) {
        tick();
        write(v);
      },
    };
  }
  get WrapText(): unknown {
    this.host.tick();
    return this.sheet.cells.get(cellKey(this.rect.top, this.rect.left))?.wrapText === true;
  }
  set WrapText(v: unknown) {
    this.host.tick();
    this.write(undefined, (cell) => {
      cell.wrapText = v === true;
    });
  }
  get ColumnWidth(): unknown {
    this.host.tick();
    const pts = this.sheet.columnWidths.get(this.rect.left);
    return pts === undefined ? 8.38 : (pts / 0.75 - 5) / 7;
  }
  set ColumnWidth(v: unknown) {
    this.host.tick();
    if (this.sheet.protected) throw new Error('您试图更改的单元格或图表受保护，因而是只读的。');
    for (let c = this.rect.left; c <= this.rect.right; c++) this.sheet.columnWidths.set(c, (Number(v) * 7 + 5) * 0.75);
  }
  get Comment(): EtComment | null {
    this.host.tick();
    const addr = cellA1(this.rect.top, this.rect.left);
    const note = this.sheet.notes.get(addr);
    if (!note) return null;
    const { host, sheet } = this;
    return {
      Text() {
        host.tick();
        return note.content;
      },
      Delete() {
        host.tick();
        if (sheet.protected) throw new Error('您试图更改的单元格或图表受保护，因而是只读的。');
        sheet.notes.delete(addr);
      },
    };
  }
  AddComment(text = ''): EtComment {
    this.host.tick();
    if (this.sheet.protected) throw new Error('您试图更改的单元格或图表受保护，因而是只读的。');
    const addr = cellA1(this.rect.top, this.rect.left);
    if (this.sheet.notes.has(addr)) throw new Error('应用程序定义或对象定义错误');
    this.sheet.notes.set(addr, { content: text, author: 'WPS' });
    return this.Comment!;
  }
  Select(): void {
    this.host.tick();
    if (this.wb.activeSheet !== this.sheet.name) throw new Error('Range 类的 Select 方法无效');
    this.sheet.selection = rectA1(this.rect);
  }
}

const CF_TYPE: Record<string, number> = { CellValue: 1, Custom: XL_EXPRESSION, ColorScale: 3, DataBar: 4, IconSet: 6 };

class FakeEtFormatConditions implements EtFormatConditions {
  constructor(private host: FakeWpsHost, private range: FakeEtRange) {}
  /** The sheet's formats that touch this range, in priority order (as ET lists them). */
  private list(): HostConditionalFormat[] {
    return this.range.sheet.conditionalFormats.filter((cf) => intersects(cf.range, this.range.rect));
  }
  get Count(): number {
    this.host.tick();
    return this.list().length;
  }
  Item(index: number): EtFormatCondition {
    this.host.tick();
    const cf = this.list()[index - 1];
    if (!cf) throw new Error('下标越界');
    return new FakeEtFormatCondition(this.host, this.range.sheet, cf);
  }
  Add(type: number, _operator?: unknown, formula1?: unknown): EtFormatCondition {
    this.host.tick();
    if (this.host.options.editing) throw new Error('无法在编辑单元格时执行此操作');
    if (this.range.sheet.protected) throw new Error('您试图更改的单元格或图表受保护，因而是只读的。');
    const name = Object.entries(CF_TYPE).find(([, n]) => n === type)?.[0] ?? 'Custom';
    const cf: HostConditionalFormat = { type: name, range: { ...this.range.rect }, formula: String(formula1), stopIfTrue: false };
    this.range.sheet.conditionalFormats.unshift(cf);
    return new FakeEtFormatCondition(this.host, this.range.sheet, cf);
  }
}

class FakeEtFormatCondition implements EtFormatCondition {
  constructor(private host: FakeWpsHost, private sheet: HostSheet, private cf: HostConditionalFormat) {}
  get Type(): number {
    this.host.tick();
    return CF_TYPE[this.cf.type] ?? 0;
  }
  get Formula1(): string {
    this.host.tick();
    return this.cf.formula ?? '';
  }
  get Interior(): { Color: unknown } {
    this.host.tick();
    const { host, cf } = this;
    return {
      get Color() {
        host.tick();
        return cf.fill ? rgbToBgr(cf.fill) : 16777215;
      },
      set Color(v: unknown) {
        host.tick();
        cf.fill = bgrToRgb(Number(v));
      },
    };
  }
  Delete(): void {
    this.host.tick();
    if (this.sheet.protected) throw new Error('您试图更改的单元格或图表受保护，因而是只读的。');
    this.sheet.conditionalFormats = this.sheet.conditionalFormats.filter((x) => x !== this.cf);
  }
}

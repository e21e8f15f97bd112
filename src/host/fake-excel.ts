// A fake Excel host: the Excel.js surface the gateway uses (src/excel/office-api.ts), over an
// in-memory HostWorkbook. It behaves like Excel where a gateway bug would hide:
// - proxies queue commands; nothing happens until context.sync(), which is counted and logged;
// - reading a property that was not loaded and synced throws PropertyNotLoaded;
// - a failing command stops the batch, earlier writes stay applied, loads of that batch are lost;
// - ConditionalFormat.id is its priority position (as documented), so stale ids point elsewhere;
// - loading `custom` across a collection with non-Custom formats fails the sync (office-js #2180);
// - APIs above the requirement-set cap fail with ApiNotFound; writes on protected sheets fail with
//   AccessDenied; a missing sheet is ItemNotFound; responses over the payload cap fail the sync;
//   getMergedAreasOrNullObject over more than 512 merged areas fails the sync.
// Simulations: cell-edit mode, a sync failing on the Nth call (optionally after some writes).
// Browser-compatible: no Node imports.
import type {
  OfficeApi,
  XlAsyncResult,
  XlCellValue,
  XlConditionalFormat,
  XlConditionalFormatCollection,
  XlConditionalFormatRule,
  XlConditionalRangeFill,
  XlCustomConditionalFormat,
  XlEventHandlerResult,
  XlEventHandlers,
  XlLoadArg,
  XlNote,
  XlNoteCollection,
  XlRange,
  XlRangeAreas,
  XlRangeCollection,
  XlRangeFont,
  XlRangeFormat,
  XlRequestContext,
  XlRunOptions,
  XlSettings,
  XlWorkbook,
  XlWorksheet,
  XlWorksheetCollection,
  XlWorksheetProtection,
} from '../excel/office-api';
import {
  type HostCell,
  type HostConditionalFormat,
  type HostNote,
  type HostRect,
  type HostSheet,
  type HostValue,
  HostWorkbook,
  MAX_COLS,
  MAX_ROWS,
  cellA1,
  cellKey,
  intersects,
  isEmptyCell,
  parseRect,
  qualifiedAddress,
  rectA1,
} from './model';

export * from './model';

// ---- errors ----------------------------------------------------------------------------------------

/** Shaped like OfficeExtension.Error: code, message, debugInfo. */
export class FakeOfficeError extends Error {
  readonly code: string;
  readonly debugInfo: { code: string; message: string; errorLocation?: string };
  constructor(code: string, message: string, location?: string) {
    super(message);
    this.name = 'RichApi.Error';
    this.code = code;
    this.debugInfo = { code, message, ...(location ? { errorLocation: location } : {}) };
  }
}

const err = {
  notLoaded: (prop: string, type: string) =>
    new FakeOfficeError(
      'PropertyNotLoaded',
      `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
      `${type}.${prop}`,
    ),
  itemNotFound: (what: string) => new FakeOfficeError('ItemNotFound', 'The requested resource doesn\'t exist.', what),
  apiNotFound: (api: string) =>
    new FakeOfficeError('ApiNotFound', 'The API you are trying to use could not be found. It may be available in a newer version of Excel.', api),
  accessDenied: (sheet: string) =>
    new FakeOfficeError('AccessDenied', 'The cell or chart you\'re trying to change is on a protected sheet. To make a change, unprotect the sheet.', sheet),
  cellEdit: () =>
    new FakeOfficeError('InvalidOperationInCellEditMode', 'Excel is in cell-editing mode. Please exit the edit mode by pressing ENTER or TAB or selecting another cell, and then try again.'),
  invalidArgument: (what: string) => new FakeOfficeError('InvalidArgument', 'The argument is invalid or missing or has an incorrect format.', what),
  notPermitted: (what: string) => new FakeOfficeError('InvalidOperation', 'This operation is not permitted for the current object.', what),
  invalidOperation: (what: string) => new FakeOfficeError('InvalidOperation', 'The operation is invalid.', what),
  // Excel's code for this is undocumented; the gateway must cope with any code here.
  tooManyMergedAreas: (n: number) =>
    new FakeOfficeError('GeneralException', `The merged areas count in this range (${n}) is more than 512.`, 'Range.getMergedAreasOrNullObject'),
  closed: () => new FakeOfficeError('InvalidObjectPath', 'The object path is not working: the request context has ended (Excel.run finished).'),
  response: (bytes: number) => new FakeOfficeError('ResponsePayloadSizeLimitExceeded', `The response payload size (${bytes} bytes) has exceeded the limit.`),
  request: (bytes: number) => new FakeOfficeError('RequestPayloadSizeLimitExceeded', `The request payload size (${bytes} bytes) has exceeded the limit.`),
};

/**
 * The members the fake refuses (ApiNotFound) on a host capped below their ExcelApi version, as
 * @types/office-js annotates them (test/excel/requirement-sets.test.ts checks the versions).
 */
export const API_GATES = {
  'RunOptions.mergeUndoGroup': '1.20',
  'WorksheetCollection.onChanged': '1.9',
  'WorksheetCollection.onSelectionChanged': '1.9',
  'Worksheet.onChanged': '1.7',
  'Worksheet.onSelectionChanged': '1.7',
  'Range.getMergedAreasOrNullObject': '1.13',
  'Range.getUsedRangeOrNullObject': '1.4',
  'Range.conditionalFormats': '1.6',
  'Worksheet.notes': '1.18',
  'Workbook.notes': '1.18',
  'RangeFormat.columnWidth': '1.2',
  'RangeFormat.autofitRows': '1.2',
  'RangeFormat.autofitColumns': '1.2',
} as const;
export type GatedApi = keyof typeof API_GATES;

/** Range.getMergedAreas(OrNullObject) fails above this many areas (ExcelApi documentation). */
export const MAX_MERGED_AREAS = 512;

// ---- options and logs ------------------------------------------------------------------------------

export interface FakeExcelOptions {
  /** Highest ExcelApi version the host supports, e.g. "1.7". Default "1.18". */
  apiVersion?: string;
  /** Request and response cap per sync in bytes (Excel on the web: 5 MB). Default 5 * 1024 * 1024. */
  payloadLimitBytes?: number;
  /** Every sync rejects with InvalidOperationInCellEditMode while true. */
  cellEditMode?: boolean;
  /** 1-based number of the sync (counted over the host's life) that fails. */
  failAtSync?: number;
  /** The next sync that contains writes fails (then this flag turns itself off). */
  failNextWriteSync?: boolean;
  /** How many write commands of the failing sync run before it fails. Default: half of them (rounded down). */
  failAfterWrites?: number;
  /** Error code of the injected failure. Default "GeneralException". */
  failCode?: string;
  /**
   * Refuse load paths through items/…/customOrNullObject (InvalidOperation), for hosts that only
   * accept navigation on single objects: exercises the gateway's two-step fallback.
   */
  rejectOrNullObjectPaths?: boolean;
  /** Office.context.document.url */
  url?: string;
  /** settings.saveAsync reports failure while true. */
  failSettingsSave?: boolean;
  /**
   * Keep an undo stack (a copy of the workbook before each undo record) so tests can press Ctrl+Z
   * with host.undo(). Excel makes one record per sync that writes, or one per Excel.run with
   * mergeUndoGroup (ExcelApi 1.20). Off by default: copies cost time on large test workbooks.
   */
  trackUndo?: boolean;
}

/** One Excel.run: its options and the syncs it made (1-based, as in SyncRecord.n). */
export interface RunRecord {
  options: XlRunOptions | null;
  syncs: number[];
}

export interface SyncRecord {
  n: number;
  commands: number;
  writes: number;
  /** Write commands that ran (all of them unless the sync failed midway). */
  applied: number;
  requestBytes: number;
  responseBytes: number;
  ok: boolean;
  error?: string;
}

interface Tx {
  commit(fn: () => void): void;
  respond(value: unknown): void;
}

interface Command {
  write: boolean;
  requestBytes: number;
  run(tx: Tx): void;
}

const encoder = new TextEncoder();
function jsonBytes(v: unknown): number {
  return encoder.encode(JSON.stringify(v) ?? '').length;
}

function cloneValue<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => cloneValue(x)) as unknown as T;
  return v;
}

function versionAtMost(v: string, cap: string): boolean {
  const a = v.split('.').map(Number);
  const b = cap.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return true;
}

type LoadTree = Map<string, LoadTree>;

function parseLoad(arg?: XlLoadArg): LoadTree {
  const tree: LoadTree = new Map();
  const list = arg === undefined ? [] : Array.isArray(arg) ? arg : [arg];
  for (const entry of list) {
    for (const raw of entry.split(',')) {
      const path = raw.trim();
      if (!path) continue;
      let node = tree;
      for (const part of path.split('/').map((p) => p.trim())) {
        let next = node.get(part);
        if (!next) {
          next = new Map();
          node.set(part, next);
        }
        node = next;
      }
    }
  }
  return tree;
}

// ---- the host --------------------------------------------------------------------------------------

type EventKind = 'changed' | 'selection';

interface Listener {
  scope: 'workbook' | HostSheet;
  event: EventKind;
  handler: (args: unknown) => Promise<unknown>;
  id: number;
}

/** One undo record: the workbook as it was before the writes it covers. */
interface UndoRecord {
  run: RunRecord;
  before: HostWorkbook;
}

export class FakeExcelHost {
  readonly workbook: HostWorkbook;
  options: FakeExcelOptions;
  syncCount = 0;
  readonly syncLog: SyncRecord[] = [];
  /** Every Excel.run, with the syncs it made: shows what Excel would undo as one step (mergeUndoGroup). */
  readonly runLog: RunRecord[] = [];
  /** Settings as persisted by saveAsync. */
  savedSettings: Record<string, unknown> = {};
  readonly api: OfficeApi;
  private listeners: Listener[] = [];
  private readonly undoStack: UndoRecord[] = [];
  /**
   * The fake does not calculate. It remembers the value each overwritten formula showed, so writing
   * the same formula back into that cell shows it again (what recalculation gives when nothing the
   * formula reads has changed); any other written formula shows 0.
   */
  private readonly formulaValues = new Map<string, { formula: string; value: HostValue }>();

  rememberFormula(sheet: HostSheet, key: number, cell: HostCell): void {
    if (cell.formula !== undefined) this.formulaValues.set(`${sheet.id}:${key}`, { formula: cell.formula, value: cell.value });
  }

  recalled(sheet: HostSheet, key: number, formula: string): HostValue {
    const m = this.formulaValues.get(`${sheet.id}:${key}`);
    return m && m.formula === formula ? m.value : 0;
  }
  private nextListener = 1;
  private liveSettings: Record<string, unknown> = {};

  constructor(workbook: HostWorkbook, options: FakeExcelOptions = {}) {
    this.workbook = workbook;
    this.options = { ...options };
    const host = this;
    const settings: XlSettings = {
      get: (name) => (name in host.liveSettings ? cloneJson(host.liveSettings[name]) : null),
      set: (name, value) => {
        host.liveSettings[name] = cloneJson(value);
      },
      remove: (name) => {
        delete host.liveSettings[name];
      },
      saveAsync: (callback?: (r: XlAsyncResult) => void) => {
        setTimeout(() => {
          if (host.options.failSettingsSave) {
            callback?.({ status: 'failed', error: { code: 5001, message: 'An internal error has occurred.' } });
            return;
          }
          host.savedSettings = cloneJson(host.liveSettings);
          callback?.({ status: 'succeeded', error: null });
        }, 0);
      },
    };
    this.api = {
      Excel: {
        run: (<T>(a: unknown, b?: unknown): Promise<T> => host.run<T>(a, b)) as OfficeApi['Excel']['run'],
      },
      Office: {
        context: {
          requirements: {
            isSetSupported: (name: string, minVersion?: string) =>
              name === 'ExcelApi' && versionAtMost(String(minVersion ?? '1.1'), host.apiVersion()),
          },
          document: {
            settings,
            get url() {
              return host.options.url ?? null;
            },
          },
        },
      },
    };
  }

  apiVersion(): string {
    return this.options.apiVersion ?? '1.18';
  }

  supports(version: string): boolean {
    return versionAtMost(version, this.apiVersion());
  }

  requireApi(api: GatedApi): void {
    if (!this.supports(API_GATES[api])) throw err.apiNotFound(api);
  }

  /** Settings as the add-in sees them right now (unsaved included). */
  settingsSnapshot(): Record<string, unknown> {
    return cloneJson(this.liveSettings);
  }

  private async run<T>(a: unknown, b?: unknown): Promise<T> {
    let ctx: FakeContext;
    let batch: (c: XlRequestContext) => Promise<T>;
    let options: XlRunOptions | null = null;
    if (typeof a === 'function') {
      ctx = new FakeContext(this);
      batch = a as (c: XlRequestContext) => Promise<T>;
    } else if (isRunOptions(a) && typeof b === 'function') {
      // Excel.run(options, batch): mergeUndoGroup is ExcelApi 1.20; older hosts do not know it.
      options = { ...a };
      if (options.mergeUndoGroup !== undefined) this.requireApi('RunOptions.mergeUndoGroup');
      ctx = new FakeContext(this);
      batch = b as (c: XlRequestContext) => Promise<T>;
    } else if (a instanceof FakeContext && typeof b === 'function') {
      ctx = a;
      batch = b as (c: XlRequestContext) => Promise<T>;
    } else if (a && typeof a === 'object' && (a as { context?: unknown }).context instanceof FakeContext && typeof b === 'function') {
      ctx = (a as { context: FakeContext }).context;
      batch = b as (c: XlRequestContext) => Promise<T>;
    } else {
      throw err.invalidArgument('Excel.run');
    }
    ctx.closed = false;
    const record: RunRecord = { options, syncs: [] };
    this.runLog.push(record);
    ctx.run = record;
    try {
      const result = await batch(ctx);
      // Excel.run flushes whatever is still queued when the batch returns.
      if (ctx.pending.length) await ctx.sync();
      return result;
    } finally {
      ctx.closed = true;
      ctx.pending = [];
    }
  }

  /** Runs one batch like Excel: commands in order, stop at the first failure. */
  async execute(ctx: FakeContext): Promise<void> {
    const commands = ctx.pending;
    ctx.pending = [];
    await Promise.resolve();
    this.syncCount += 1;
    const n = this.syncCount;
    ctx.run?.syncs.push(n);
    const writes = commands.filter((c) => c.write).length;
    const requestBytes = commands.reduce((s, c) => s + c.requestBytes, 0);
    const record: SyncRecord = { n, commands: commands.length, writes, applied: 0, requestBytes, responseBytes: 0, ok: false };
    this.syncLog.push(record);
    const fail = (e: FakeOfficeError): never => {
      record.error = e.code;
      throw e;
    };
    if (this.options.cellEditMode) fail(err.cellEdit());
    const limit = this.options.payloadLimitBytes ?? 5 * 1024 * 1024;
    if (requestBytes > limit) fail(err.request(requestBytes));
    let injected = this.options.failAtSync === n;
    if (this.options.failNextWriteSync && writes > 0) {
      injected = true;
      this.options.failNextWriteSync = false;
    }
    const failAfter = injected ? (this.options.failAfterWrites ?? Math.floor(writes / 2)) : -1;
    if (this.options.trackUndo && writes > 0) {
      const last = this.undoStack.at(-1);
      const merged = ctx.run?.options?.mergeUndoGroup === true && last !== undefined && last.run === ctx.run;
      if (!merged) this.undoStack.push({ run: ctx.run ?? { options: null, syncs: [] }, before: this.workbook.clone() });
    }
    const commits: (() => void)[] = [];
    let responseBytes = 0;
    const tx: Tx = {
      commit: (fn) => commits.push(fn),
      respond: (v) => {
        responseBytes += jsonBytes(v);
        if (responseBytes > limit) throw err.response(responseBytes);
      },
    };
    const injectedError = () =>
      new FakeOfficeError(this.options.failCode ?? 'GeneralException', 'An internal error has occurred.', `injected failure at sync ${n}`);
    let done = 0;
    try {
      // A batch without writes fails before anything runs; otherwise `failAfter` writes go through first.
      if (injected && writes === 0) throw injectedError();
      for (const c of commands) {
        if (injected && c.write && done >= failAfter) throw injectedError();
        c.run(tx);
        if (c.write) record.applied = ++done;
      }
      if (injected) throw injectedError();
    } catch (e) {
      record.responseBytes = responseBytes;
      if (e instanceof FakeOfficeError) fail(e);
      throw e;
    }
    record.responseBytes = responseBytes;
    for (const fn of commits) fn();
    record.ok = true;
  }

  // ---- events ----

  addListener(scope: Listener['scope'], handler: Listener['handler'], event: EventKind = 'changed'): number {
    const id = this.nextListener++;
    this.listeners.push({ scope, event, handler, id });
    return id;
  }

  /** Undo records on the stack (trackUndo). */
  undoDepth(): number {
    return this.undoStack.length;
  }

  /** The user pressing Ctrl+Z once: the workbook goes back to before the last undo record. */
  undo(): boolean {
    const last = this.undoStack.pop();
    if (!last) return false;
    this.workbook.restoreFrom(last.before);
    return true;
  }

  /** The user clicking a cell: selects it and raises onSelectionChanged for workbook and sheet listeners. */
  async userSelect(sheet: string, address: string): Promise<void> {
    const s = this.workbook.sheet(sheet);
    const rect = parseRect(address);
    if (!rect) throw new Error(`bad address ${address}`);
    this.workbook.activeSheet = s.name;
    s.selection = rectA1(rect);
    const args = { type: 'WorksheetSelectionChanged', worksheetId: s.id, address: rectA1(rect) };
    await Promise.all(this.listenersFor('selection', s).map((l) => l.handler(args)));
  }

  private listenersFor(event: EventKind, sheet: HostSheet): Listener[] {
    return this.listeners.filter((l) => l.event === event && (l.scope === 'workbook' || l.scope === sheet));
  }

  removeListener(id: number): void {
    this.listeners = this.listeners.filter((l) => l.id !== id);
  }

  listenerCount(): number {
    return this.listeners.length;
  }

  /** A user typing into a cell: changes it and raises onChanged for workbook and sheet listeners. */
  async userEdit(sheet: string, address: string, value: HostValue): Promise<void> {
    this.workbook.setCell(sheet, address, { value });
    const s = this.workbook.sheet(sheet);
    const args = { type: 'WorksheetChanged', worksheetId: s.id, address, changeType: 'RangeEdited', source: 'Local' };
    await Promise.all(this.listenersFor('changed', s).map((l) => l.handler(args)));
  }
}

function isRunOptions(a: unknown): a is XlRunOptions {
  return !!a && typeof a === 'object' && !(a instanceof FakeContext) && !('context' in a);
}

function cloneJson<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

export function createFakeExcel(workbook: HostWorkbook, options: FakeExcelOptions = {}): FakeExcelHost {
  return new FakeExcelHost(workbook, options);
}

// ---- request context and proxies -------------------------------------------------------------------

export class FakeContext implements XlRequestContext {
  readonly host: FakeExcelHost;
  readonly workbook: FakeWorkbook;
  pending: Command[] = [];
  closed = false;
  /** The Excel.run this context currently serves. */
  run: RunRecord | null = null;

  constructor(host: FakeExcelHost) {
    this.host = host;
    this.workbook = new FakeWorkbook(this);
  }

  queue(write: boolean, run: (tx: Tx) => void, requestBytes = 64): void {
    if (this.closed) throw err.closed();
    this.pending.push({ write, run, requestBytes });
  }

  sync(): Promise<void> {
    if (this.closed) return Promise.reject(err.closed());
    return this.host.execute(this);
  }
}

/** Base of every proxy: lazy location at sync time, loaded-property bookkeeping. */
abstract class FakeObject<E> {
  protected readonly ctx: FakeContext;
  private readonly loaded = new Map<string, unknown>();
  private nullState: boolean | undefined;
  private readonly children = new Map<string, FakeObject<unknown>>();

  constructor(ctx: FakeContext) {
    this.ctx = ctx;
  }

  protected get wb(): HostWorkbook {
    return this.ctx.host.workbook;
  }

  /** The live entity, null for a null object; throws (ItemNotFound, …) when it cannot be found. */
  abstract locate(): E | null;
  protected abstract scalar(entity: E, name: string): unknown;
  protected abstract defaultScalars(): string[];
  protected navigation(_name: string): FakeObject<unknown> | undefined {
    return undefined;
  }
  protected get typeName(): string {
    return this.constructor.name.replace(/^Fake/, '');
  }

  protected child<T extends FakeObject<unknown>>(name: string, make: () => T): T {
    let c = this.children.get(name);
    if (!c) {
      c = make();
      this.children.set(name, c);
    }
    return c as T;
  }

  load(arg?: XlLoadArg): this {
    const tree = parseLoad(arg);
    this.ctx.queue(false, (tx) => this.runLoad(tree, tx));
    return this;
  }

  /** Resolves at the next sync so isNullObject can be read (for *OrNullObject results). */
  protected resolveAtSync(): void {
    this.ctx.queue(false, (tx) => {
      const e = this.locate();
      tx.commit(() => (this.nullState = e === null));
    });
  }

  runLoad(tree: LoadTree, tx: Tx): void {
    const entity = this.locate();
    tx.commit(() => (this.nullState = entity === null));
    if (entity === null) return;
    const effective = tree.size ? tree : new Map(this.defaultScalars().map((n) => [n, new Map()] as const));
    for (const [name, sub] of effective) {
      if (name === 'items' && this instanceof FakeCollection) {
        this.loadItems(entity, sub, tx);
        continue;
      }
      const nav = this.navigation(name);
      if (nav) {
        nav.runLoad(sub, tx);
        continue;
      }
      const value = this.scalar(entity, name);
      tx.respond(value);
      const copy = cloneValue(value);
      tx.commit(() => this.loaded.set(name, copy));
    }
  }

  protected get<T>(name: string): T {
    if (!this.loaded.has(name)) throw err.notLoaded(name, this.typeName);
    return this.loaded.get(name) as T;
  }

  get isNullObject(): boolean {
    if (this.nullState === undefined) throw err.notLoaded('isNullObject', this.typeName);
    return this.nullState;
  }
}

abstract class FakeCollection<E, I extends FakeObject<unknown>> extends FakeObject<E> {
  private loadedItems: I[] | undefined;
  protected abstract itemProxies(entity: E): I[];
  protected defaultScalars(): string[] {
    return ['items'];
  }
  protected scalar(_e: E, name: string): unknown {
    throw err.invalidArgument(`${this.typeName}.${name}`);
  }
  loadItems(entity: E, sub: LoadTree, tx: Tx): void {
    const items = this.itemProxies(entity);
    for (const item of items) item.runLoad(sub, tx);
    tx.commit(() => (this.loadedItems = items));
  }
  get items(): I[] {
    if (!this.loadedItems) throw err.notLoaded('items', this.typeName);
    return this.loadedItems;
  }
}

function sheetOrThrow(wb: HostWorkbook, sheet: HostSheet): HostSheet {
  if (!wb.sheets.includes(sheet)) throw err.itemNotFound('Worksheet');
  return sheet;
}

// ---- workbook / worksheets -------------------------------------------------------------------------

export class FakeWorkbook implements XlWorkbook {
  private readonly ctx: FakeContext;
  readonly worksheets: FakeWorksheetCollection;
  private notesCollection?: FakeNoteCollection;
  constructor(ctx: FakeContext) {
    this.ctx = ctx;
    this.worksheets = new FakeWorksheetCollection(ctx);
  }
  /** ExcelApi 1.18: every note of the workbook; addresses are sheet-qualified ("Sheet1!B7"). */
  get notes(): FakeNoteCollection {
    return (this.notesCollection ??= new FakeNoteCollection(this.ctx, null));
  }
  /** The active sheet's selection. */
  getSelectedRange(): FakeRange {
    const wb = this.ctx.host.workbook;
    return new FakeRange(this.ctx, () => {
      const sheet = wb.findSheet(wb.activeSheet);
      if (!sheet) throw err.itemNotFound('active worksheet');
      const rect = parseRect(sheet.selection);
      if (!rect) throw err.invalidOperation('the selection is not a range');
      return { sheet, rect };
    });
  }
}

export class FakeWorksheetCollection extends FakeCollection<HostWorkbook, FakeWorksheet> implements XlWorksheetCollection {
  private changed?: FakeEventHandlers;
  locate(): HostWorkbook {
    return this.wb;
  }
  protected itemProxies(wb: HostWorkbook): FakeWorksheet[] {
    return wb.sheets.map((s) => new FakeWorksheet(this.ctx, () => sheetOrThrow(wb, s)));
  }
  getItem(name: string): FakeWorksheet {
    return new FakeWorksheet(this.ctx, () => {
      const s = this.wb.findSheet(name);
      if (!s) throw err.itemNotFound(`Worksheet '${name}'`);
      return s;
    });
  }
  getItemOrNullObject(name: string): FakeWorksheet {
    const ws = new FakeWorksheet(this.ctx, () => this.wb.findSheet(name) ?? null);
    ws.markNullable();
    return ws;
  }
  getActiveWorksheet(): FakeWorksheet {
    return new FakeWorksheet(this.ctx, () => {
      const s = this.wb.findSheet(this.wb.activeSheet);
      if (!s) throw err.itemNotFound('active worksheet');
      return s;
    });
  }
  /** Adds a sheet (a write). */
  add(name: string): FakeWorksheet {
    this.ctx.queue(true, () => {
      if (this.wb.findSheet(name)) throw new FakeOfficeError('ItemAlreadyExists', 'A resource with the same name or identifier already exists.', name);
      this.wb.addSheet(name);
    });
    return this.getItem(name);
  }
  get onChanged(): FakeEventHandlers {
    return (this.changed ??= new FakeEventHandlers(this.ctx, 'WorksheetCollection.onChanged', () => 'workbook'));
  }
  private selection?: FakeEventHandlers;
  get onSelectionChanged(): FakeEventHandlers {
    return (this.selection ??= new FakeEventHandlers(this.ctx, 'WorksheetCollection.onSelectionChanged', () => 'workbook', 'selection'));
  }
}

export class FakeWorksheet extends FakeObject<HostSheet> implements XlWorksheet {
  private readonly find: () => HostSheet | null;
  private changed?: FakeEventHandlers;
  constructor(ctx: FakeContext, find: () => HostSheet | null) {
    super(ctx);
    this.find = find;
  }
  markNullable(): void {
    this.resolveAtSync();
  }
  locate(): HostSheet | null {
    return this.find();
  }
  /** The sheet, or ItemNotFound (methods on a null object fail at sync). */
  sheet(): HostSheet {
    const s = this.locate();
    if (!s) throw err.itemNotFound('Worksheet');
    return s;
  }
  protected defaultScalars(): string[] {
    return ['name', 'visibility', 'position'];
  }
  protected scalar(s: HostSheet, name: string): unknown {
    switch (name) {
      case 'name':
        return s.name;
      case 'visibility':
        return s.visibility;
      case 'position':
        return this.wb.sheets.indexOf(s);
      case 'id':
        return s.id;
      default:
        throw err.invalidArgument(`Worksheet.${name}`);
    }
  }
  protected override navigation(name: string): FakeObject<unknown> | undefined {
    if (name === 'protection') return this.protection;
    if (name === 'notes') return this.notes;
    return undefined;
  }
  get name(): string {
    return this.get('name');
  }
  get visibility(): string {
    return this.get('visibility');
  }
  get protection(): FakeWorksheetProtection {
    return this.child('protection', () => new FakeWorksheetProtection(this.ctx, this));
  }
  get notes(): FakeNoteCollection {
    return this.child('notes', () => new FakeNoteCollection(this.ctx, this));
  }
  get onChanged(): FakeEventHandlers {
    return (this.changed ??= new FakeEventHandlers(this.ctx, 'Worksheet.onChanged', () => this.sheet()));
  }
  private selection?: FakeEventHandlers;
  get onSelectionChanged(): FakeEventHandlers {
    return (this.selection ??= new FakeEventHandlers(this.ctx, 'Worksheet.onSelectionChanged', () => this.sheet(), 'selection'));
  }
  getRange(address?: string): FakeRange {
    return new FakeRange(this.ctx, () => {
      const s = this.sheet();
      if (address === undefined) return { sheet: s, rect: { top: 0, left: 0, bottom: MAX_ROWS - 1, right: MAX_COLS - 1 } };
      const rect = parseRect(address);
      if (!rect) throw err.invalidArgument(`Worksheet.getRange('${address}')`);
      return { sheet: s, rect };
    });
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    const r = new FakeRange(this.ctx, () => {
      const s = this.sheet();
      const rect = this.wb.usedRect(s, valuesOnly === true);
      return rect ? { sheet: s, rect } : null;
    });
    r.markNullable();
    return r;
  }
  activate(): void {
    this.ctx.queue(false, () => {
      const s = this.sheet();
      if (s.visibility !== 'Visible') throw err.invalidOperation('Worksheet.activate on a hidden sheet');
      this.wb.activeSheet = s.name;
    });
  }
  delete(): void {
    this.ctx.queue(true, () => {
      const s = this.sheet();
      if (this.wb.sheets.filter((x) => x.visibility === 'Visible').length <= 1 && s.visibility === 'Visible') {
        throw err.invalidOperation('a workbook must keep at least one visible sheet');
      }
      this.wb.deleteSheet(s.name);
    });
  }
}

export class FakeWorksheetProtection extends FakeObject<HostSheet> implements XlWorksheetProtection {
  private readonly ws: FakeWorksheet;
  constructor(ctx: FakeContext, ws: FakeWorksheet) {
    super(ctx);
    this.ws = ws;
  }
  locate(): HostSheet {
    return this.ws.sheet();
  }
  protected defaultScalars(): string[] {
    return ['protected'];
  }
  protected scalar(s: HostSheet, name: string): unknown {
    if (name === 'protected') return s.protected;
    throw err.invalidArgument(`WorksheetProtection.${name}`);
  }
  get protected(): boolean {
    return this.get('protected');
  }
}

// ---- ranges ----------------------------------------------------------------------------------------

interface RangeEntity {
  sheet: HostSheet;
  rect: HostRect;
}

function rows(r: HostRect): number {
  return r.bottom - r.top + 1;
}
function cols(r: HostRect): number {
  return r.right - r.left + 1;
}

function assertWritable(sheet: HostSheet): void {
  if (sheet.protected) throw err.accessDenied(sheet.name);
}

export class FakeRange extends FakeObject<RangeEntity> implements XlRange {
  private readonly find: () => RangeEntity | null;
  constructor(ctx: FakeContext, find: () => RangeEntity | null) {
    super(ctx);
    this.find = find;
  }
  markNullable(): void {
    this.resolveAtSync();
  }
  locate(): RangeEntity | null {
    return this.find();
  }
  private entity(): RangeEntity {
    const e = this.locate();
    if (!e) throw err.itemNotFound('Range');
    return e;
  }
  protected defaultScalars(): string[] {
    return ['address', 'rowCount', 'columnCount', 'rowIndex', 'columnIndex', 'values', 'numberFormat', 'formulas'];
  }
  private grid<T>(e: RangeEntity, cell: (row: number, col: number) => T): T[][] {
    const cells = rows(e.rect) * cols(e.rect);
    // A grid this large could never come back through the 5 MB channel: fail like Excel, do not allocate.
    if (cells > 2_000_000) throw err.response(cells * 3);
    const out: T[][] = [];
    for (let r = e.rect.top; r <= e.rect.bottom; r++) {
      const row: T[] = [];
      for (let c = e.rect.left; c <= e.rect.right; c++) row.push(cell(r, c));
      out.push(row);
    }
    return out;
  }
  protected scalar(e: RangeEntity, name: string): unknown {
    const wb = this.wb;
    switch (name) {
      case 'address':
        return qualifiedAddress(e.sheet.name, e.rect);
      case 'rowCount':
        return rows(e.rect);
      case 'columnCount':
        return cols(e.rect);
      case 'rowIndex':
        return e.rect.top;
      case 'columnIndex':
        return e.rect.left;
      case 'cellCount':
        return rows(e.rect) * cols(e.rect);
      case 'values':
        return this.grid(e, (r, c) => wb.valueAt(e.sheet, r, c));
      case 'formulas':
        return this.grid(e, (r, c) => wb.formulaAt(e.sheet, r, c));
      case 'numberFormat':
        return this.grid(e, (r, c) => wb.numberFormatAt(e.sheet, r, c));
      default:
        throw err.invalidArgument(`Range.${name}`);
    }
  }
  protected override navigation(name: string): FakeObject<unknown> | undefined {
    if (name === 'conditionalFormats') return this.conditionalFormats;
    return undefined;
  }
  get address(): string {
    return this.get('address');
  }
  get rowCount(): number {
    return this.get('rowCount');
  }
  get columnCount(): number {
    return this.get('columnCount');
  }
  get rowIndex(): number {
    return this.get('rowIndex');
  }
  get columnIndex(): number {
    return this.get('columnIndex');
  }
  get values(): XlCellValue[][] {
    return this.get('values');
  }
  /**
   * Writing values, as Excel does it: in a cell formatted as text ("@") a string is stored as typed;
   * elsewhere a string starting with = + - (or @) becomes a formula, a numeric string a number, and
   * a leading apostrophe keeps the rest as literal text.
   */
  set values(v: XlCellValue[][]) {
    const data = cloneValue(v);
    this.ctx.queue(true, () => this.writeGrid(data, (cell, x) => {
      if (typeof x === 'string' && x.startsWith('=') && x.length > 1 && cell.numberFormat !== '@') return { formula: x };
      delete cell.formula;
      if (typeof x !== 'string' || cell.numberFormat === '@') {
        cell.value = x;
        return;
      }
      // A leading apostrophe, as when typed, makes the rest literal text (Excel sets quotePrefix).
      if (x.startsWith("'")) {
        cell.value = x.slice(1);
        return;
      }
      if (/^[+\-@]/.test(x) && x.length > 1) {
        cell.formula = `=${x}`;
        const n = Number(x);
        cell.value = Number.isFinite(n) ? n : 0; // not recalculated here
        return;
      }
      const n = x.trim() === '' ? NaN : Number(x);
      cell.value = Number.isFinite(n) ? n : x;
      return undefined;
    }), jsonBytes(data) + 64);
  }
  get numberFormat(): unknown[][] {
    return this.get('numberFormat');
  }
  set numberFormat(v: unknown[][]) {
    const data = cloneValue(v);
    this.ctx.queue(true, () => this.writeGrid(data, (cell, x) => {
      if (typeof x !== 'string') throw err.invalidArgument('Range.numberFormat');
      if (x === '' || x === 'General') delete cell.numberFormat;
      else cell.numberFormat = x;
    }), jsonBytes(data) + 64);
  }
  get format(): FakeRangeFormat {
    return this.child('format', () => new FakeRangeFormat(this.ctx, () => this.entity()));
  }
  get formulas(): unknown[][] {
    return this.get('formulas');
  }
  set formulas(v: unknown[][]) {
    const data = cloneValue(v);
    this.ctx.queue(true, () => this.writeGrid(data, (cell, x) => {
      if (typeof x === 'string' && x.startsWith('=')) return { formula: x };
      cell.value = x as HostValue;
      delete cell.formula;
      return undefined;
    }), jsonBytes(data) + 64);
  }
  /** `apply` returns { formula } to have the cell take a formula (its value recalled, see FakeExcelHost). */
  private writeGrid(data: unknown[][], apply: (cell: HostCell, x: HostValue) => { formula: string } | undefined | void): void {
    const e = this.entity();
    assertWritable(e.sheet);
    if (data.length !== rows(e.rect) || data.some((r) => !Array.isArray(r) || r.length !== cols(e.rect))) {
      throw err.invalidArgument('Range: the number of rows or columns in the input array doesn\'t match the size or dimensions of the range.');
    }
    for (let r = 0; r < data.length; r++) {
      for (let c = 0; c < data[r]!.length; c++) {
        const key = cellKey(e.rect.top + r, e.rect.left + c);
        const cell = e.sheet.cells.get(key) ?? { value: '' };
        const host = this.ctx.host;
        host.rememberFormula(e.sheet, key, cell);
        const f = apply(cell, data[r]![c] as HostValue);
        if (f) {
          cell.formula = f.formula;
          cell.value = host.recalled(e.sheet, key, f.formula);
        }
        // An empty General cell is no cell at all, as in Excel.
        if (isEmptyCell(cell) && cell.numberFormat === undefined && cell.fill === undefined && cell.bold === undefined && cell.wrapText === undefined) {
          e.sheet.cells.delete(key);
        } else {
          e.sheet.cells.set(key, cell);
        }
      }
    }
  }
  get conditionalFormats(): FakeConditionalFormatCollection {
    return this.child('conditionalFormats', () => new FakeConditionalFormatCollection(this.ctx, () => this.entity()));
  }
  /** ExcelApi 1.4: the used part of this range (bounding box), a null object when none of it is used. */
  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    const r = new FakeRange(this.ctx, () => {
      this.ctx.host.requireApi('Range.getUsedRangeOrNullObject');
      const e = this.entity();
      const used = this.wb.usedRectWithin(e.sheet, e.rect, valuesOnly === true);
      return used ? { sheet: e.sheet, rect: used } : null;
    });
    r.markNullable();
    return r;
  }
  getMergedAreasOrNullObject(): FakeRangeAreas {
    const areas = new FakeRangeAreas(this.ctx, () => {
      this.ctx.host.requireApi('Range.getMergedAreasOrNullObject');
      const e = this.entity();
      const found = e.sheet.merges.filter((m) => intersects(m, e.rect));
      // Excel documents that this fails when the range holds more than 512 merged areas.
      if (found.length > MAX_MERGED_AREAS) throw err.tooManyMergedAreas(found.length);
      return found.length ? { sheet: e.sheet, rects: found } : null;
    });
    areas.markNullable();
    return areas;
  }
  select(): void {
    this.ctx.queue(false, () => {
      const e = this.entity();
      if (e.sheet.visibility !== 'Visible') throw err.invalidOperation('Range.select on a hidden sheet');
      this.wb.activeSheet = e.sheet.name;
      e.sheet.selection = rectA1(e.rect);
    });
  }
}

/** Every cell of a range, created on demand; refuses ranges too large to touch cell by cell. */
function eachCell(e: RangeEntity, fn: (cell: HostCell) => void): void {
  if (rows(e.rect) * cols(e.rect) > 2_000_000) throw err.invalidArgument('range too large for a per-cell format in the fake host');
  for (let r = e.rect.top; r <= e.rect.bottom; r++) {
    for (let c = e.rect.left; c <= e.rect.right; c++) {
      const key = cellKey(r, c);
      const cell = e.sheet.cells.get(key) ?? { value: '' };
      fn(cell);
      e.sheet.cells.set(key, cell);
    }
  }
}

/** Range.format: wrapText, columnWidth (points), font.bold, autofitRows. */
export class FakeRangeFormat extends FakeObject<RangeEntity> implements XlRangeFormat {
  private readonly find: () => RangeEntity;
  constructor(ctx: FakeContext, find: () => RangeEntity) {
    super(ctx);
    this.find = find;
  }
  locate(): RangeEntity {
    return this.find();
  }
  protected defaultScalars(): string[] {
    return ['wrapText', 'columnWidth'];
  }
  protected scalar(e: RangeEntity, name: string): unknown {
    const first = e.sheet.cells.get(cellKey(e.rect.top, e.rect.left));
    if (name === 'wrapText') return first?.wrapText === true;
    if (name === 'columnWidth') return e.sheet.columnWidths.get(e.rect.left) ?? 48;
    throw err.invalidArgument(`RangeFormat.${name}`);
  }
  protected override navigation(name: string): FakeObject<unknown> | undefined {
    return name === 'font' ? this.font : undefined;
  }
  get wrapText(): boolean {
    return this.get('wrapText');
  }
  set wrapText(v: boolean) {
    this.ctx.queue(true, () => {
      const e = this.locate();
      assertWritable(e.sheet);
      eachCell(e, (cell) => (v === true ? (cell.wrapText = true) : delete cell.wrapText));
    });
  }
  get columnWidth(): number {
    return this.get('columnWidth');
  }
  set columnWidth(v: number) {
    this.ctx.queue(true, () => {
      this.ctx.host.requireApi('RangeFormat.columnWidth');
      const e = this.locate();
      assertWritable(e.sheet);
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 255 * 7.5) throw err.invalidArgument('RangeFormat.columnWidth');
      for (let c = e.rect.left; c <= e.rect.right; c++) e.sheet.columnWidths.set(c, v);
    });
  }
  get font(): FakeRangeFont {
    return this.child('font', () => new FakeRangeFont(this.ctx, () => this.locate()));
  }
  autofitRows(): void {
    this.ctx.queue(true, () => {
      this.ctx.host.requireApi('RangeFormat.autofitRows');
      assertWritable(this.locate().sheet);
    });
  }
  /** Sets no width in the model (the fake has no fonts to measure); checks like Excel would. */
  autofitColumns(): void {
    this.ctx.queue(true, () => {
      this.ctx.host.requireApi('RangeFormat.autofitColumns');
      assertWritable(this.locate().sheet);
    });
  }
}

export class FakeRangeFont extends FakeObject<RangeEntity> implements XlRangeFont {
  private readonly find: () => RangeEntity;
  constructor(ctx: FakeContext, find: () => RangeEntity) {
    super(ctx);
    this.find = find;
  }
  locate(): RangeEntity {
    return this.find();
  }
  protected defaultScalars(): string[] {
    return ['bold'];
  }
  protected scalar(e: RangeEntity, name: string): unknown {
    if (name === 'bold') return e.sheet.cells.get(cellKey(e.rect.top, e.rect.left))?.bold === true;
    throw err.invalidArgument(`RangeFont.${name}`);
  }
  get bold(): boolean {
    return this.get('bold');
  }
  set bold(v: boolean) {
    this.ctx.queue(true, () => {
      const e = this.locate();
      assertWritable(e.sheet);
      eachCell(e, (cell) => (v === true ? (cell.bold = true) : delete cell.bold));
    });
  }
}

interface AreasEntity {
  sheet: HostSheet;
  rects: HostRect[];
}

export class FakeRangeAreas extends FakeObject<AreasEntity> implements XlRangeAreas {
  private readonly find: () => AreasEntity | null;
  constructor(ctx: FakeContext, find: () => AreasEntity | null) {
    super(ctx);
    this.find = find;
  }
  markNullable(): void {
    this.resolveAtSync();
  }
  locate(): AreasEntity | null {
    return this.find();
  }
  protected defaultScalars(): string[] {
    return ['address', 'areaCount'];
  }
  protected scalar(e: AreasEntity, name: string): unknown {
    if (name === 'address') return e.rects.map((r) => qualifiedAddress(e.sheet.name, r)).join(', ');
    if (name === 'areaCount') return e.rects.length;
    throw err.invalidArgument(`RangeAreas.${name}`);
  }
  protected override navigation(name: string): FakeObject<unknown> | undefined {
    return name === 'areas' ? this.areas : undefined;
  }
  get areas(): FakeRangeCollection {
    return this.child('areas', () => new FakeRangeCollection(this.ctx, () => this.locate()));
  }
}

export class FakeRangeCollection extends FakeCollection<AreasEntity, FakeRange> implements XlRangeCollection {
  private readonly find: () => AreasEntity | null;
  constructor(ctx: FakeContext, find: () => AreasEntity | null) {
    super(ctx);
    this.find = find;
  }
  locate(): AreasEntity | null {
    return this.find();
  }
  protected itemProxies(e: AreasEntity): FakeRange[] {
    return e.rects.map((rect) => new FakeRange(this.ctx, () => ({ sheet: e.sheet, rect })));
  }
}

// ---- conditional formats ---------------------------------------------------------------------------

export class FakeConditionalFormatCollection
  extends FakeCollection<RangeEntity, FakeConditionalFormat>
  implements XlConditionalFormatCollection
{
  private readonly range: () => RangeEntity;
  constructor(ctx: FakeContext, range: () => RangeEntity) {
    super(ctx);
    this.range = range;
  }
  locate(): RangeEntity {
    this.ctx.host.requireApi('Range.conditionalFormats');
    return this.range();
  }
  protected itemProxies(e: RangeEntity): FakeConditionalFormat[] {
    const out: FakeConditionalFormat[] = [];
    e.sheet.conditionalFormats.forEach((cf, index) => {
      if (!intersects(cf.range, e.rect)) return;
      // Bound by id, and the id is the priority position at load time (as Excel documents it).
      out.push(new FakeConditionalFormat(this.ctx, () => positional(e.sheet, index)));
    });
    return out;
  }
  add(type: 'Custom'): FakeConditionalFormat {
    let created: { sheet: HostSheet; cf: HostConditionalFormat } | undefined;
    this.ctx.queue(true, () => {
      const e = this.locate();
      assertWritable(e.sheet);
      const cf: HostConditionalFormat = { type, range: { ...e.rect }, stopIfTrue: false };
      e.sheet.conditionalFormats.unshift(cf); // Excel adds at the top priority
      created = { sheet: e.sheet, cf };
    });
    return new FakeConditionalFormat(this.ctx, () => {
      if (!created || !created.sheet.conditionalFormats.includes(created.cf)) throw err.itemNotFound('ConditionalFormat');
      return created;
    });
  }
  getItem(id: string): FakeConditionalFormat {
    return new FakeConditionalFormat(this.ctx, () => positional(this.locate().sheet, Number(id)));
  }
}

function positional(sheet: HostSheet, index: number): { sheet: HostSheet; cf: HostConditionalFormat } {
  const cf = Number.isInteger(index) ? sheet.conditionalFormats[index] : undefined;
  if (!cf) throw err.itemNotFound('ConditionalFormat');
  return { sheet, cf };
}

interface CfEntity {
  sheet: HostSheet;
  cf: HostConditionalFormat;
}

export class FakeConditionalFormat extends FakeObject<CfEntity> implements XlConditionalFormat {
  private readonly find: () => CfEntity;
  constructor(ctx: FakeContext, find: () => CfEntity) {
    super(ctx);
    this.find = find;
  }
  locate(): CfEntity {
    return this.find();
  }
  protected defaultScalars(): string[] {
    return ['id', 'priority', 'type', 'stopIfTrue'];
  }
  protected scalar(e: CfEntity, name: string): unknown {
    const index = e.sheet.conditionalFormats.indexOf(e.cf);
    switch (name) {
      case 'id':
        return String(index);
      case 'priority':
        return index;
      case 'type':
        return e.cf.type;
      case 'stopIfTrue':
        return e.cf.stopIfTrue;
      default:
        throw err.invalidArgument(`ConditionalFormat.${name}`);
    }
  }
  protected override navigation(name: string): FakeObject<unknown> | undefined {
    if (name === 'custom') return this.custom;
    if (name === 'customOrNullObject') {
      if (this.ctx.host.options.rejectOrNullObjectPaths) throw err.notPermitted('ConditionalFormat.customOrNullObject in a load path');
      return this.customOrNullObject;
    }
    return undefined;
  }
  get id(): string {
    return this.get('id');
  }
  get priority(): number {
    return this.get('priority');
  }
  get type(): string {
    return this.get('type');
  }
  get stopIfTrue(): boolean {
    return this.get('stopIfTrue');
  }
  set stopIfTrue(v: boolean) {
    this.ctx.queue(true, () => {
      const e = this.locate();
      assertWritable(e.sheet);
      e.cf.stopIfTrue = v;
    });
  }
  get custom(): FakeCustomConditionalFormat {
    return this.child('custom', () => new FakeCustomConditionalFormat(this.ctx, () => {
      const e = this.locate();
      if (e.cf.type !== 'Custom') throw err.notPermitted('ConditionalFormat.custom');
      return e;
    }));
  }
  get customOrNullObject(): FakeCustomConditionalFormat {
    return this.child('customOrNullObject', () => new FakeCustomConditionalFormat(this.ctx, () => {
      const e = this.locate();
      return e.cf.type === 'Custom' ? e : null;
    }));
  }
  delete(): void {
    this.ctx.queue(true, () => {
      const e = this.locate();
      assertWritable(e.sheet);
      e.sheet.conditionalFormats.splice(e.sheet.conditionalFormats.indexOf(e.cf), 1);
    });
  }
}

export class FakeCustomConditionalFormat extends FakeObject<CfEntity> implements XlCustomConditionalFormat {
  private readonly find: () => CfEntity | null;
  constructor(ctx: FakeContext, find: () => CfEntity | null) {
    super(ctx);
    this.find = find;
  }
  locate(): CfEntity | null {
    return this.find();
  }
  protected defaultScalars(): string[] {
    return [];
  }
  protected scalar(_e: CfEntity, name: string): unknown {
    throw err.invalidArgument(`CustomConditionalFormat.${name}`);
  }
  protected override navigation(name: string): FakeObject<unknown> | undefined {
    if (name === 'rule') return this.rule;
    if (name === 'format') return this.format;
    return undefined;
  }
  entity(): CfEntity {
    const e = this.locate();
    if (!e) throw err.itemNotFound('CustomConditionalFormat');
    return e;
  }
  get rule(): FakeConditionalFormatRule {
    return this.child('rule', () => new FakeConditionalFormatRule(this.ctx, this));
  }
  get format(): FakeConditionalRangeFormat {
    return this.child('format', () => new FakeConditionalRangeFormat(this.ctx, this));
  }
}

export class FakeConditionalFormatRule extends FakeObject<CfEntity> implements XlConditionalFormatRule {
  private readonly owner: FakeCustomConditionalFormat;
  constructor(ctx: FakeContext, owner: FakeCustomConditionalFormat) {
    super(ctx);
    this.owner = owner;
  }
  locate(): CfEntity | null {
    return this.owner.locate();
  }
  protected defaultScalars(): string[] {
    return ['formula'];
  }
  protected scalar(e: CfEntity, name: string): unknown {
    if (name === 'formula' || name === 'formulaLocal') return e.cf.formula ?? '';
    throw err.invalidArgument(`ConditionalFormatRule.${name}`);
  }
  get formula(): string {
    return this.get('formula');
  }
  set formula(v: string) {
    this.ctx.queue(true, () => {
      const e = this.owner.entity();
      assertWritable(e.sheet);
      e.cf.formula = v;
    }, v.length + 64);
  }
}

export class FakeConditionalRangeFormat extends FakeObject<CfEntity> {
  private readonly owner: FakeCustomConditionalFormat;
  constructor(ctx: FakeContext, owner: FakeCustomConditionalFormat) {
    super(ctx);
    this.owner = owner;
  }
  locate(): CfEntity | null {
    return this.owner.locate();
  }
  protected defaultScalars(): string[] {
    return [];
  }
  protected scalar(_e: CfEntity, name: string): unknown {
    throw err.invalidArgument(`ConditionalRangeFormat.${name}`);
  }
  protected override navigation(name: string): FakeObject<unknown> | undefined {
    return name === 'fill' ? this.fill : undefined;
  }
  get fill(): FakeConditionalRangeFill {
    return this.child('fill', () => new FakeConditionalRangeFill(this.ctx, this.owner));
  }
}

export class FakeConditionalRangeFill extends FakeObject<CfEntity> implements XlConditionalRangeFill {
  private readonly owner: FakeCustomConditionalFormat;
  constructor(ctx: FakeContext, owner: FakeCustomConditionalFormat) {
    super(ctx);
    this.owner = owner;
  }
  locate(): CfEntity | null {
    return this.owner.locate();
  }
  protected defaultScalars(): string[] {
    return ['color'];
  }
  protected scalar(e: CfEntity, name: string): unknown {
    if (name === 'color') return e.cf.fill ?? null;
    throw err.invalidArgument(`ConditionalRangeFill.${name}`);
  }
  get color(): string {
    return this.get('color');
  }
  set color(v: string) {
    this.ctx.queue(true, () => {
      const e = this.owner.entity();
      assertWritable(e.sheet);
      e.cf.fill = v.toUpperCase();
    });
  }
}

// ---- notes -----------------------------------------------------------------------------------------

interface NoteEntity {
  sheet: HostSheet;
  address: string;
  note: HostNote;
}

/** `owner` null: the workbook-level collection, whose keys are sheet-qualified ("Sheet1!B7"). */
export class FakeNoteCollection extends FakeCollection<HostSheet[], FakeNote> implements XlNoteCollection {
  private readonly owner: FakeWorksheet | null;
  constructor(ctx: FakeContext, owner: FakeWorksheet | null) {
    super(ctx);
    this.owner = owner;
  }
  locate(): HostSheet[] {
    this.ctx.host.requireApi(this.owner ? 'Worksheet.notes' : 'Workbook.notes');
    return this.owner ? [this.owner.sheet()] : this.wb.sheets;
  }
  protected itemProxies(sheets: HostSheet[]): FakeNote[] {
    const out: FakeNote[] = [];
    for (const sheet of sheets) {
      for (const [address, note] of sheet.notes) {
        out.push(new FakeNote(this.ctx, () => {
          if (sheet.notes.get(address) !== note) throw err.itemNotFound('Note');
          return { sheet, address, note };
        }));
      }
    }
    return out;
  }
  private resolveKey(key: string): { sheet: HostSheet; address: string } {
    let sheet: HostSheet;
    let ref = key;
    if (this.owner) {
      sheet = this.locate()[0]!;
    } else {
      this.locate();
      const bang = key.lastIndexOf('!');
      if (bang < 0) throw err.invalidArgument('NoteCollection: address needs a sheet name');
      const name = key.slice(0, bang).replace(/^'(.*)'$/, '$1').replace(/''/g, "'");
      const found = this.wb.findSheet(name);
      if (!found) throw err.itemNotFound(`Worksheet '${name}'`);
      sheet = found;
      ref = key.slice(bang + 1);
    }
    const rect = parseRect(ref);
    if (!rect || rect.top !== rect.bottom || rect.left !== rect.right) throw new FakeOfficeError('InvalidCellAddress', 'The cell address is invalid.', key);
    return { sheet, address: cellA1(rect.top, rect.left) };
  }
  add(cellAddress: string, content: string): FakeNote {
    this.ctx.queue(true, () => {
      const { sheet, address } = this.resolveKey(cellAddress);
      assertWritable(sheet);
      if (sheet.notes.has(address)) throw err.invalidArgument(`a note already exists at ${address}`);
      sheet.notes.set(address, { content: String(content), author: '自评校核' });
    }, String(content).length * 3 + 64);
    return this.getItem(cellAddress);
  }
  getItem(key: string): FakeNote {
    return new FakeNote(this.ctx, () => {
      const { sheet, address } = this.resolveKey(key);
      const note = sheet.notes.get(address);
      if (!note) throw err.itemNotFound('Note');
      return { sheet, address, note };
    });
  }
  getItemOrNullObject(key: string): FakeNote {
    const n = new FakeNote(this.ctx, () => {
      const { sheet, address } = this.resolveKey(key);
      const note = sheet.notes.get(address);
      return note ? { sheet, address, note } : null;
    });
    n.markNullable();
    return n;
  }
}

export class FakeNote extends FakeObject<NoteEntity> implements XlNote {
  private readonly find: () => NoteEntity | null;
  constructor(ctx: FakeContext, find: () => NoteEntity | null) {
    super(ctx);
    this.find = find;
  }
  markNullable(): void {
    this.resolveAtSync();
  }
  locate(): NoteEntity | null {
    return this.find();
  }
  protected defaultScalars(): string[] {
    return ['content', 'authorName'];
  }
  protected scalar(e: NoteEntity, name: string): unknown {
    if (name === 'content') return e.note.content;
    if (name === 'authorName') return e.note.author;
    throw err.invalidArgument(`Note.${name}`);
  }
  get content(): string {
    return this.get('content');
  }
  delete(): void {
    this.ctx.queue(true, () => {
      const e = this.locate();
      if (!e) throw err.itemNotFound('Note');
      assertWritable(e.sheet);
      e.sheet.notes.delete(e.address);
    });
  }
}

// ---- events ----------------------------------------------------------------------------------------

export class FakeEventHandlers implements XlEventHandlers {
  private readonly ctx: FakeContext;
  private readonly apiName: GatedApi;
  private readonly scope: () => 'workbook' | HostSheet;
  private readonly event: EventKind;
  constructor(ctx: FakeContext, apiName: GatedApi, scope: () => 'workbook' | HostSheet, event: EventKind = 'changed') {
    this.ctx = ctx;
    this.apiName = apiName;
    this.scope = scope;
    this.event = event;
  }
  add(handler: (args: unknown) => Promise<unknown>): XlEventHandlerResult {
    let id: number | undefined;
    const ctx = this.ctx;
    ctx.queue(false, (tx) => {
      ctx.host.requireApi(this.apiName);
      const scope = this.scope();
      tx.commit(() => (id = ctx.host.addListener(scope, handler, this.event)));
    });
    return {
      context: ctx,
      remove: () => {
        ctx.queue(false, (tx) => {
          tx.commit(() => {
            if (id !== undefined) ctx.host.removeListener(id);
          });
        });
      },
    };
  }
}

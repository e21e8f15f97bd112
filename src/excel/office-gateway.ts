// The Office.js implementation of WorkbookGateway. It reads, marks and selects; checking never writes
// a cell value, fill, number format or border. The one exception is the user's explicit text insert
// (insert.ts), which writes text only into a new sheet or empty cells. All Excel access goes through an injectable OfficeApi
// (default: the real globals) so the same code runs against the fake host in tests and the preview.
import type { CellRange, CellValue, SheetSnapshot, WorkbookSnapshot, Finding } from '../engine/types';
import type { FillItem, FillResult, InsertResult, InsertTextOptions, MarkOptions, WritingGateway } from './types';
import type {
  OfficeApi,
  XlConditionalFormat,
  XlConditionalFormatCollection,
  XlEventHandlerResult,
  XlNote,
  XlNoteCollection,
  XlRange,
  XlRangeAreas,
  XlRequestContext,
  XlWorksheet,
  XlWorksheetProtection,
} from './office-api';
import { realOfficeApi } from './office-api';
import { GatewayError, MESSAGES, isPayloadError, officeCodeOf, toGatewayError } from './errors';
import {
  MARK_COLORS,
  SETTINGS_IGNORED_KEY,
  SETTINGS_MARKS_KEY,
  isOwnMarkFormula,
  isOwnNote,
  markFormula,
  normalizeCellAddress,
  noteText,
  parseRegistry,
  planFromRegistry,
  planMarks,
  registryFromPlan,
  type MarkRegistry,
  type PlannedMark,
} from './marks';
import { cleanLines, fillEmptyCells, insertAtCell, insertNewSheet, insertTableSheet } from './insert';
import { REQUIREMENTS, createSession, fileNameOf } from './session';
import { createDocumentSettings } from './settings';
import { createEdits } from './edits';
import { createEvents } from './events';
import { BAND_CELLS, type Band, type ReadTuning, bandAddress, bandCells, budgetCells, splitIntoBands, takeGroup } from './read-plan';

export interface OfficeGatewayOptions {
  /** Read batching; the defaults keep every request under Excel on the web's 5 MB cap. */
  read?: ReadTuning;
}

/** Largest used range read from one sheet (a self-evaluation form is a few thousand cells). */
export const MAX_SHEET_CELLS = 2_000_000;

export { REQUIREMENTS } from './session';

const cellKey = (sheet: string, address: string) => `${sheet}\u0000${address}`;

interface SheetScan {
  name: string;
  /** Rules were loaded through customOrNullObject (else: per Custom item, after a sync). */
  viaNullObject: boolean;
  ws: XlWorksheet;
  protection: XlWorksheetProtection;
  formats: XlConditionalFormatCollection;
  notes: XlNoteCollection | null;
  /** Existing note (or null object) per finding cell that should get a note. */
  probes: Map<string, XlNote & { readonly isNullObject: boolean }>;
}

interface Discovery {
  names: string[];
  scans: Map<string, SheetScan>;
}

function asCellValue(v: unknown): CellValue {
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return v === null || v === undefined ? '' : String(v);
}

export function createOfficeGateway(api?: OfficeApi | null, options: OfficeGatewayOptions = {}): WritingGateway {
  const session = createSession(api);
  const { office, need, supports, run, serial } = session;
  const runWrite = async <T>(batch: (ctx: XlRequestContext) => Promise<T>, sheet?: string): Promise<T> => (await session.runWrite(batch, sheet)).value;
  const settings = createDocumentSettings(session);
  const { readRegistry, writeRegistry } = settings;
  const edits = createEdits(session);
  const events = createEvents(session);

  // ---- readSnapshot ------------------------------------------------------------------------------

  async function readSnapshot(): Promise<WorkbookSnapshot> {
    const withMerges = supports(REQUIREMENTS.mergedAreas);
    const fileName = fileNameOf(office?.Office.context.document.url);
    return run(async (ctx) => {
      // Sync 1: the sheets.
      const worksheets = ctx.workbook.worksheets;
      worksheets.load('items/name,items/visibility');
      await ctx.sync();
      const sheets = worksheets.items;

      // Sync 2: every sheet's used range (values only: formatted-but-empty cells do not count) and
      // merged areas. Both hang off the sheet, so they do not wait for each other.
      const loadUsed = (ws: XlWorksheet) => ws.getUsedRangeOrNullObject(true).load('rowIndex,columnIndex,rowCount,columnCount');
      let used: XlRange[] = sheets.map(loadUsed);
      let merged: (XlRangeAreas | null)[] = sheets.map((ws) => (withMerges ? loadMerges(ws) : null));
      try {
        await ctx.sync();
      } catch (e) {
        // Excel refuses getMergedAreas over more than 512 merged areas, failing the whole batch:
        // read the used ranges alone, then the merges apart; such a sheet is read without them.
        if (!withMerges || officeCodeOf(e) === 'InvalidOperationInCellEditMode') throw e;
        used = sheets.map(loadUsed);
        await ctx.sync();
        merged = await mergesApart(ctx, sheets);
      }

      // Sync 3 (more only for very large workbooks): the cells, band by band.
      const data = await loadBands(ctx, sheets, usedAreas(sheets, used));
      return assemble(sheets, merged, data, fileName);
    });
  }

  /** The non-empty used ranges as bands to read; refuses a sheet too large to read. */
  function usedAreas(sheets: XlWorksheet[], used: XlRange[]): Band[] {
    const areas: Band[] = [];
    used.forEach((r, i) => {
      if (r.isNullObject || r.rowCount <= 0 || r.columnCount <= 0) return;
      // A stray value far away would mean millions of cells and thousands of syncs: say so instead.
      if (r.rowCount * r.columnCount > MAX_SHEET_CELLS) {
        throw new GatewayError('api', MESSAGES.usedRangeTooLarge(sheets[i]!.name, r.rowCount * r.columnCount), { sheet: sheets[i]!.name });
      }
      areas.push({ sheet: i, top: r.rowIndex, left: r.columnIndex, rows: r.rowCount, cols: r.columnCount });
    });
    return areas;
  }

  function assemble(
    sheets: XlWorksheet[],
    merged: (XlRangeAreas | null)[],
    data: { band: Band; range: XlRange }[],
    fileName: string | undefined,
  ): WorkbookSnapshot {
    const result: SheetSnapshot[] = sheets.map((ws, i) => {
      const snap: SheetSnapshot = { name: ws.name, values: [], numberFormats: [], formulas: [] };
      if (ws.visibility !== 'Visible') snap.hidden = true;
      const m = merged[i];
      if (m) snap.merges = m.isNullObject ? [] : m.areas.items.map(toCellRange);
      return snap;
    });
    for (const { band, range } of data) placeBand(result[band.sheet]!, band, range);
    return fileName ? { sheets: result, fileName } : { sheets: result };
  }

  function loadMerges(ws: XlWorksheet): XlRangeAreas {
    return ws.getRange().getMergedAreasOrNullObject().load('areas/items/rowIndex,areas/items/columnIndex,areas/items/rowCount,areas/items/columnCount');
  }

  /** Merged areas per sheet, halving the group on failure; null for a sheet Excel will not report. */
  async function mergesApart(ctx: XlRequestContext, sheets: XlWorksheet[]): Promise<(XlRangeAreas | null)[]> {
    const out: (XlRangeAreas | null)[] = sheets.map(() => null);
    const all = sheets.map((_, i) => i);
    // The whole group just failed: start from its halves (a lone sheet is the one that failed).
    const pending: number[][] = all.length > 1 ? [all.slice(0, all.length >> 1), all.slice(all.length >> 1)] : [];
    while (pending.length) {
      const group = pending.pop()!;
      const loaded = group.map((i) => loadMerges(sheets[i]!));
      try {
        await ctx.sync();
        group.forEach((i, k) => (out[i] = loaded[k]!));
      } catch (e) {
        if (officeCodeOf(e) === 'InvalidOperationInCellEditMode') throw e;
        if (group.length > 1) pending.push(group.slice(0, group.length >> 1), group.slice(group.length >> 1));
      }
    }
    return out;
  }

  function toCellRange(r: XlRange): CellRange {
    return { top: r.rowIndex, left: r.columnIndex, bottom: r.rowIndex + r.rowCount - 1, right: r.columnIndex + r.columnCount - 1 };
  }

  /** Loads every band, grouping bands under the byte budget and halving it when Excel says too large. */
  async function loadBands(ctx: XlRequestContext, sheets: XlWorksheet[], areas: Band[]): Promise<{ band: Band; range: XlRange }[]> {
    const bandSize = options.read?.bandCells ?? BAND_CELLS;
    let budget = budgetCells(options.read);
    const pending: Band[] = areas.flatMap((a) => splitIntoBands(a, Math.min(bandSize, budget)));
    const out: { band: Band; range: XlRange }[] = [];
    while (pending.length) {
      const group = takeGroup(pending, budget);
      const ranges = group.map((b) => sheets[b.sheet]!.getRange(bandAddress(b)).load('values,numberFormat,formulas'));
      try {
        await ctx.sync();
      } catch (e) {
        if (!isPayloadError(e)) throw e;
        const only = group.length === 1 ? group[0]! : null;
        if (only && only.rows === 1) {
          throw new GatewayError('api', MESSAGES.tooLarge(sheets[only.sheet]!.name), { officeCode: officeCodeOf(e), cause: e });
        }
        // Our estimate was too low for this content: retry the same cells with half the budget.
        budget = Math.max(1, Math.min(budget, group.reduce((n, b) => n + bandCells(b), 0)) >> 1);
        pending.unshift(...group);
        continue;
      }
      group.forEach((band, i) => out.push({ band, range: ranges[i]! }));
    }
    return out;
  }

  function placeBand(snap: SheetSnapshot, band: Band, range: XlRange): void {
    const values = range.values;
    const formats = range.numberFormat;
    const formulas = range.formulas;
    const rows = snap.values;
    const nf = snap.numberFormats!;
    const fx = snap.formulas!;
    // Rows above the used range stay empty arrays ("anything outside is empty").
    while (rows.length < band.top) {
      rows.push([]);
      nf.push([]);
      fx.push([]);
    }
    for (let r = 0; r < band.rows; r++) {
      const vRow: CellValue[] = new Array<CellValue>(band.left).fill('');
      const nRow: (string | null)[] = new Array<string | null>(band.left).fill(null);
      const fRow: (string | null)[] = new Array<string | null>(band.left).fill(null);
      const vs = values[r] ?? [];
      for (let c = 0; c < band.cols; c++) {
        const v = asCellValue(vs[c]);
        vRow.push(v);
        const f = formats[r]?.[c];
        nRow.push(typeof f === 'string' ? f : null);
        // Range.formulas echoes constants; only "=..." that differs from the value is a formula.
        const fm = formulas[r]?.[c];
        fRow.push(typeof fm === 'string' && fm.startsWith('=') && fm !== v ? fm : null);
      }
      rows[band.top + r] = vRow;
      nf[band.top + r] = nRow;
      fx[band.top + r] = fRow;
    }
  }

  // ---- marks -------------------------------------------------------------------------------------

  // Reading rules through items/customOrNullObject is one round trip; if a host refuses that path,
  // fall back (for the rest of this session) to loading types first and Custom rules after.
  let rulesViaNullObject = true;

  function queueScan(ws: XlWorksheet, name: string, withNotes: boolean, probeCells: readonly string[]): SheetScan {
    const protection = ws.protection.load('protected');
    // The whole sheet's formats: a mark moved by inserted rows is still found. Rules are read via
    // customOrNullObject because loading `custom` across mixed format types fails the whole sync.
    const viaNullObject = rulesViaNullObject;
    const formats = ws
      .getRange()
      .conditionalFormats.load(viaNullObject ? 'items/type,items/priority,items/customOrNullObject/rule/formula' : 'items/type,items/priority');
    let notes: XlNoteCollection | null = null;
    const probes = new Map<string, XlNote & { readonly isNullObject: boolean }>();
    if (withNotes) {
      notes = ws.notes.load('items/content');
      for (const address of probeCells) {
        const probe = notes.getItemOrNullObject(address);
        probe.load('content');
        probes.set(address, probe);
      }
    }
    return { name, viaNullObject, ws, protection, formats, notes, probes };
  }

  /** Fallback path only: one more sync to read the rules of the Custom formats found. */
  async function loadTypedRules(ctx: XlRequestContext, scans: Iterable<SheetScan>): Promise<void> {
    let queued = false;
    for (const scan of scans) {
      if (scan.viaNullObject) continue;
      for (const cf of scan.formats.items) {
        if (cf.type !== 'Custom') continue;
        cf.custom.rule.load('formula');
        queued = true;
      }
    }
    if (queued) await ctx.sync();
  }

  async function discover(
    ctx: XlRequestContext,
    registry: MarkRegistry | null,
    required: ReadonlySet<string>,
    probeCells: ReadonlyMap<string, string[]>,
    withNotes: boolean,
  ): Promise<Discovery> {
    try {
      return await discoverOnce(ctx, registry, required, probeCells, withNotes);
    } catch (e) {
      const code = officeCodeOf(e);
      if (!rulesViaNullObject || !(code === 'InvalidOperation' || code === 'InvalidArgument' || code === 'ApiNotFound')) throw e;
      rulesViaNullObject = false;
      return discoverOnce(ctx, registry, required, probeCells, withNotes);
    }
  }

  /**
   * Finds the add-in's marks. One sync when every sheet is already known to the registry; a second
   * one scans sheets added, copied or renamed since; a third only when a registered sheet vanished.
   */
  async function discoverOnce(
    ctx: XlRequestContext,
    registry: MarkRegistry | null,
    required: ReadonlySet<string>,
    probeCells: ReadonlyMap<string, string[]>,
    withNotes: boolean,
  ): Promise<Discovery> {
    const worksheets = ctx.workbook.worksheets;
    const tentative = new Set<string>([...Object.keys(registry?.marks ?? {}), ...required]);
    const known = new Set(registry?.known ?? []);
    let scans = new Map<string, SheetScan>();
    let vanished = false;
    worksheets.load('items/name');
    for (const name of tentative) scans.set(name, queueScan(worksheets.getItem(name), name, withNotes, probeCells.get(name) ?? []));
    try {
      await ctx.sync();
    } catch (e) {
      if (officeCodeOf(e) !== 'ItemNotFound') throw e;
      vanished = true;
      scans = new Map();
      worksheets.load('items/name');
      await ctx.sync();
    }
    const names = worksheets.items.map((ws) => ws.name);
    for (const name of required) {
      if (!names.includes(name)) throw new GatewayError('item-not-found', MESSAGES.sheetNotFound(name), { sheet: name });
    }
    const rest = worksheets.items.filter((ws) => !scans.has(ws.name) && (!known.has(ws.name) || (vanished && tentative.has(ws.name))));
    if (rest.length) {
      for (const ws of rest) scans.set(ws.name, queueScan(ws, ws.name, withNotes, probeCells.get(ws.name) ?? []));
      await ctx.sync();
    }
    await loadTypedRules(ctx, scans.values());
    return { names, scans };
  }

  function ruleFormula(scan: SheetScan, cf: XlConditionalFormat): string {
    return scan.viaNullObject ? cf.customOrNullObject.rule.formula : cf.custom.rule.formula;
  }

  function ownFormats(scan: SheetScan): XlConditionalFormat[] {
    return scan.formats.items.filter((cf) => cf.type === 'Custom' && isOwnMarkFormula(ruleFormula(scan, cf)));
  }

  /** Custom formats without a rule: a write sync failing between add() and setting the rule leaves these. */
  function rulelessFormats(scan: SheetScan): XlConditionalFormat[] {
    return scan.formats.items.filter((cf) => cf.type === 'Custom' && !ruleFormula(scan, cf));
  }

  function ownNotes(scan: SheetScan): XlNote[] {
    return scan.notes ? scan.notes.items.filter((n) => isOwnNote(n.content)) : [];
  }

  /** Queues deletion of every mark found (and of `extra` formats); returns how many deletions it queued. */
  function queueRemovals(d: Discovery, extra?: ReadonlyMap<string, XlConditionalFormat[]>): number {
    let count = 0;
    for (const scan of d.scans.values()) {
      // Highest priority number first: a format's id is its position, so deleting from the end keeps
      // the other queued references pointing at the same formats.
      const own = [...ownFormats(scan), ...(extra?.get(scan.name) ?? [])].sort((a, b) => b.priority - a.priority);
      for (const cf of own) cf.delete();
      const notes = ownNotes(scan);
      for (const n of notes) n.delete();
      count += own.length + notes.length;
    }
    return count;
  }

  function queueAdds(d: Discovery, planned: readonly PlannedMark[], notes: ReadonlyMap<string, string>): void {
    for (const m of planned) {
      const scan = d.scans.get(m.sheet)!;
      const cf = scan.ws.getRange(m.address).conditionalFormats.add('Custom');
      cf.custom.rule.formula = markFormula(m.severity);
      cf.custom.format.fill.color = MARK_COLORS[m.severity];
      const note = notes.get(cellKey(m.sheet, m.address));
      if (note !== undefined) scan.ws.notes.add(m.address, note);
    }
  }

  function sheetsWithMarks(d: Discovery): string[] {
    return [...d.scans.values()].filter((s) => ownFormats(s).length > 0 || ownNotes(s).length > 0).map((s) => s.name);
  }

  function assertWritable(d: Discovery, sheets: Iterable<string>): void {
    for (const name of sheets) {
      const scan = d.scans.get(name);
      if (scan && scan.protection.protected) throw new GatewayError('protected', MESSAGES.protectedSheet(name), { sheet: name });
    }
  }

  async function applyMarks(findings: Finding[], opts: MarkOptions = {}): Promise<void> {
    need();
    const planned = planMarks(findings);
    const notesSupported = supports(REQUIREMENTS.notes);
    const writeNotes = opts.notes === true && notesSupported;
    const registry = readRegistry();
    const required = new Set(planned.map((m) => m.sheet));
    const probeCells = new Map<string, string[]>();
    if (writeNotes) for (const m of planned) (probeCells.get(m.sheet) ?? probeCells.set(m.sheet, []).get(m.sheet)!).push(m.address);

    await run(async (ctx) => {
      const d = await discover(ctx, registry, required, probeCells, notesSupported);
      assertWritable(d, new Set([...sheetsWithMarks(d), ...required]));

      const notes = notesFor(d, planned, writeNotes);
      await writeMarks(ctx, d, registry, planned, notes, notesSupported);
    });
  }

  /** The notes to write: one per planned mark, except where the user has a note of their own. */
  function notesFor(d: Discovery, planned: readonly PlannedMark[], writeNotes: boolean): Map<string, string> {
    const notes = new Map<string, string>();
    if (!writeNotes) return notes;
    for (const m of planned) {
      const probe = d.scans.get(m.sheet)!.probes.get(m.address);
      // A note the user wrote stays; the explanation is in the task pane anyway.
      if (probe && !probe.isNullObject && !isOwnNote(probe.content)) continue;
      notes.set(cellKey(m.sheet, m.address), noteText(m));
    }
    return notes;
  }

  /** The one write sync (old marks off, new marks on), rolled back on failure; then the registry. */
  async function writeMarks(
    ctx: XlRequestContext,
    d: Discovery,
    registry: MarkRegistry | null,
    planned: readonly PlannedMark[],
    notes: ReadonlyMap<string, string>,
    notesSupported: boolean,
  ): Promise<void> {
    const removed = queueRemovals(d);
    queueAdds(d, planned, notes);
    try {
      if (removed + planned.length > 0) await ctx.sync();
    } catch (e) {
      const failure = toGatewayError(e);
      if (failure.code === 'cell-edit-mode') throw failure; // Excel refused the whole batch.
      await rollback(ctx, registry, d, notesSupported).catch((r) => {
        throw new GatewayError('api', MESSAGES.marksRollbackFailed, { officeCode: officeCodeOf(r) ?? failure.officeCode, cause: e });
      });
      throw failure.code === 'api' ? new GatewayError('api', MESSAGES.marksRolledBack, { officeCode: failure.officeCode, cause: e }) : failure;
    }
    await writeRegistry(registryFromPlan(planned, notes, d.names));
  }

  /** After a failed write sync: remove whatever marks exist on the touched sheets, put back the previous ones. */
  async function rollback(ctx: XlRequestContext, previous: MarkRegistry | null, d: Discovery, notesSupported: boolean): Promise<void> {
    const worksheets = ctx.workbook.worksheets;
    const again: Discovery = { names: d.names, scans: new Map() };
    for (const name of d.scans.keys()) again.scans.set(name, queueScan(worksheets.getItem(name), name, notesSupported, []));
    await ctx.sync();
    await loadTypedRules(ctx, again.scans.values());
    // Formats added before the failure whose rule was never set carry no tag; they are the newest
    // rule-less ones (Excel adds at the top priority) beyond those the sheet already had.
    const orphans = new Map<string, XlConditionalFormat[]>();
    for (const [name, scan] of again.scans) {
      const before = d.scans.get(name);
      const had = before ? rulelessFormats(before).length : 0;
      const now = rulelessFormats(scan).sort((a, b) => a.priority - b.priority);
      orphans.set(name, now.slice(0, Math.max(0, now.length - had)));
    }
    queueRemovals(again, orphans);
    if (previous) {
      const { planned, notes } = planFromRegistry(previous);
      queueAdds(again, planned.filter((m) => again.scans.has(m.sheet)), notesSupported ? notes : new Map());
    }
    await ctx.sync();
  }

  async function clearMarks(): Promise<void> {
    need();
    const notesSupported = supports(REQUIREMENTS.notes);
    const registry = readRegistry();
    await run(async (ctx) => {
      const d = await discover(ctx, registry, new Set(), new Map(), notesSupported);
      const touched = sheetsWithMarks(d);
      assertWritable(d, touched);
      if (touched.length) {
        queueRemovals(d);
        await ctx.sync();
      }
      await writeRegistry({ v: 1, marks: {}, known: d.names });
    });
  }

  // ---- the whole check in one Excel.run -----------------------------------------------------------

  /** Office.js proxies belong to one RequestContext, so reading and marking share one Excel.run. */
  const SPLIT = Symbol('split');

  function refusesNullObjectPath(e: unknown): boolean {
    const code = officeCodeOf(e);
    return code === 'InvalidOperation' || code === 'InvalidArgument' || code === 'ApiNotFound';
  }

  async function checkAndMark(
    compute: (snapshot: WorkbookSnapshot) => Finding[],
    opts: MarkOptions = {},
  ): Promise<{ snapshot: WorkbookSnapshot; findings: Finding[] }> {
    need();
    // Without customOrNullObject the rules need a sync of their own: the separate flow is no worse.
    if (!rulesViaNullObject) return checkSplit(compute, opts);
    const withMerges = supports(REQUIREMENTS.mergedAreas);
    const notesSupported = supports(REQUIREMENTS.notes);
    const writeNotes = opts.notes === true && notesSupported;
    const registry = readRegistry();
    const fileName = fileNameOf(office?.Office.context.document.url);
    // The engine's own errors go back to the caller as they are, not dressed as Excel errors.
    let computeFailure: { error: unknown } | null = null;

    const out = await run(async (ctx): Promise<{ snapshot: WorkbookSnapshot; findings: Finding[] } | typeof SPLIT | null> => {
      // Sync 1: the sheets.
      const worksheets = ctx.workbook.worksheets;
      worksheets.load('items/name,items/visibility');
      await ctx.sync();
      const sheets = worksheets.items;
      const names = sheets.map((ws) => ws.name);

      // Sync 2: used ranges, merged areas and every sheet's marks (formats with their rules, notes,
      // protection). All hang off the sheets, so one round trip whatever the sheet count.
      const loadUsed = (ws: XlWorksheet) => ws.getUsedRangeOrNullObject(true).load('rowIndex,columnIndex,rowCount,columnCount');
      const scanAll = () => new Map(sheets.map((ws) => [ws.name, queueScan(ws, ws.name, notesSupported, [])] as const));
      let used: XlRange[] = sheets.map(loadUsed);
      let merged: (XlRangeAreas | null)[] = sheets.map((ws) => (withMerges ? loadMerges(ws) : null));
      let scans = scanAll();
      try {
        await ctx.sync();
      } catch (e) {
        if (officeCodeOf(e) === 'InvalidOperationInCellEditMode') throw e;
        if (!withMerges) {
          if (!refusesNullObjectPath(e)) throw e;
          rulesViaNullObject = false;
          return SPLIT;
        }
        // Too many merged areas, or a host refusing customOrNullObject: retry without the merges.
        used = sheets.map(loadUsed);
        scans = scanAll();
        try {
          await ctx.sync();
        } catch (e2) {
          if (officeCodeOf(e2) === 'InvalidOperationInCellEditMode' || !refusesNullObjectPath(e2)) throw e2;
          rulesViaNullObject = false;
          return SPLIT;
        }
        merged = await mergesApart(ctx, sheets);
      }

      // Sync 3 (more only for very large workbooks): the cells, band by band.
      const data = await loadBands(ctx, sheets, usedAreas(sheets, used));
      const snapshot = assemble(sheets, merged, data, fileName);

      let findings: Finding[];
      try {
        findings = compute(snapshot);
      } catch (error) {
        computeFailure = { error };
        return null;
      }

      const planned = planMarks(findings);
      const d: Discovery = { names, scans };
      const required = new Set(planned.map((m) => m.sheet));
      for (const name of required) {
        if (!scans.has(name)) throw new GatewayError('item-not-found', MESSAGES.sheetNotFound(name), { sheet: name });
      }
      assertWritable(d, new Set([...sheetsWithMarks(d), ...required]));

      // Notes only (off by default): which finding cells carry a note of the user's, to leave alone.
      if (writeNotes && planned.length > 0) {
        for (const m of planned) {
          const scan = scans.get(m.sheet)!;
          if (!scan.notes) continue;
          const probe = scan.notes.getItemOrNullObject(m.address);
          probe.load('content');
          scan.probes.set(m.address, probe);
        }
        await ctx.sync();
      }

      await writeMarks(ctx, d, registry, planned, notesFor(d, planned, writeNotes), notesSupported);
      return { snapshot, findings };
    });
    if (computeFailure) throw (computeFailure as { error: unknown }).error;
    if (out === SPLIT) return checkSplit(compute, opts);
    return out!;
  }

  /** The separate flow: readSnapshot, compute, applyMarks (two Excel.run calls). */
  async function checkSplit(
    compute: (snapshot: WorkbookSnapshot) => Finding[],
    opts: MarkOptions,
  ): Promise<{ snapshot: WorkbookSnapshot; findings: Finding[] }> {
    const snapshot = await readSnapshot();
    const findings = compute(snapshot);
    await applyMarks(findings, opts);
    return { snapshot, findings };
  }

  // ---- select, settings, events ------------------------------------------------------------------

  async function select(sheet: string, cell: string): Promise<void> {
    const address = normalizeCellAddress(cell);
    if (!address) throw new GatewayError('api', MESSAGES.badAddress(sheet, String(cell)), { sheet });
    await run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItemOrNullObject(sheet);
      ws.load('visibility');
      await ctx.sync();
      if (ws.isNullObject) throw new GatewayError('item-not-found', MESSAGES.sheetNotFound(sheet), { sheet });
      if (ws.visibility !== 'Visible') throw new GatewayError('api', MESSAGES.hiddenSheet(sheet), { sheet });
      ws.activate();
      ws.getRange(address).select();
      await ctx.sync();
    }, sheet);
  }

  // ---- text ----------------------------------------------------------------------------------------

  async function insertText(lines: string[], opts: InsertTextOptions): Promise<InsertResult> {
    need();
    const clean = cleanLines(lines);
    const headings = new Set(Array.isArray(opts?.headings) ? opts.headings : []);
    const withMerges = supports(REQUIREMENTS.mergedAreas);
    try {
      if (opts?.target === 'new-sheet') return await runWrite((ctx) => insertNewSheet(ctx, clean, headings, opts.sheetName));
      return await runWrite((ctx) => insertAtCell(ctx, clean, headings, opts?.at, withMerges), opts?.at?.sheet);
    } catch (e) {
      // Excel's AccessDenied maps to the marks' wording ("无法添加或清除标记"), wrong here.
      if (e instanceof GatewayError && e.code === 'protected' && e.officeCode) {
        const message = opts?.target === 'new-sheet' ? MESSAGES.workbookProtected : MESSAGES.protectedInsert(e.sheet);
        throw new GatewayError('protected', message, { officeCode: e.officeCode, sheet: e.sheet, cause: e });
      }
      throw e;
    }
  }

  async function fillCells(items: FillItem[]): Promise<FillResult> {
    need();
    const withMerges = supports(REQUIREMENTS.mergedAreas);
    return runWrite((ctx) => fillEmptyCells(ctx, items, withMerges));
  }

  async function insertTable(rows: string[][], opts: { sheetName: string }): Promise<InsertResult> {
    need();
    try {
      return await runWrite((ctx) => insertTableSheet(ctx, rows, opts?.sheetName));
    } catch (e) {
      if (e instanceof GatewayError && e.code === 'protected' && e.officeCode) {
        throw new GatewayError('protected', MESSAGES.workbookProtected, { officeCode: e.officeCode, cause: e });
      }
      throw e;
    }
  }

  return {
    readSnapshot: () => serial(readSnapshot),
    applyMarks: (findings, opts) => serial(() => applyMarks(findings, opts)),
    checkAndMark: (compute, opts) => serial(() => checkAndMark(compute, opts)),
    clearMarks: () => serial(clearMarks),
    select,
    loadIgnored: settings.loadIgnored,
    saveIgnored: settings.saveIgnored,
    loadIgnoreEntries: settings.loadIgnoreEntries,
    saveIgnoreEntries: settings.saveIgnoreEntries,
    onChanged: events.onChanged,
    onSelectionChanged: events.onSelectionChanged,
    insertText: (lines, opts) => serial(() => insertText(lines, opts)),
    fillCells: (items) => serial(() => fillCells(items)),
    editCell: (edit) => serial(() => edits.editCell(edit)),
    restoreCell: (state) => serial(() => edits.restoreCell(state)),
    insertTable: (rows, opts) => serial(() => insertTable(rows, opts)),
  };
}

export { GatewayError, type GatewayErrorCode } from './errors';
export { MARK_COLORS } from './marks';

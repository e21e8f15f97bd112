// Putting the add-in's marks on and taking them off (planning and recognising them is marks.ts).
//
// Formats are recognised by their rule (marks.ts). Notes carry the user's words, so a note is the
// add-in's only when the registry says the add-in wrote that exact text on that cell and the cell still
// holds exactly that text: a note the user edited, appended to or wrote with the same prefix is theirs
// and is never overwritten or deleted. (If the registry is lost, the add-in's old notes stay: leaving a
// note is better than deleting a user's.)
//
// Writes go in syncs of at most MARK_SYNC_BYTES estimated request bytes, so tens of thousands of
// findings fit Excel on the web's 5 MB request cap; a write refused as too large is retried in halves.
import type { Finding, WorkbookSnapshot } from '../engine/types';
import type { MarkOptions } from './types';
import type { XlConditionalFormat, XlConditionalFormatCollection, XlNote, XlRequestContext, XlWorksheet, XlWorksheetProtection } from './office-api';
import { GatewayError, MESSAGES, isPayloadError, officeCodeOf, toGatewayError } from './errors';
import { MARK_COLORS, isOwnMarkFormula, markFormula, noteText, planFromRegistry, planMarks, registryFromPlan, type MarkRegistry, type PlannedMark } from './marks';
import { readWorkbook, type ReadOptions } from './read';
import { REQUIREMENTS, fileNameOf, type Session } from './session';
import type { DocumentSettings } from './settings';
import type { ReadTuning } from './read-plan';

/** Estimated request bytes per write sync of marks (Excel on the web refuses requests over 5 MB). */
export const MARK_SYNC_BYTES = 2_000_000;
/**
 * Estimated request bytes of adding one mark. Office.js sends each object path (getRange,
 * conditionalFormats, add, custom, rule, format, fill) and each action as JSON of roughly 100–200
 * bytes: about 1.3 KB a mark, rounded up. A deletion is a path and an action.
 */
export const MARK_OP_BYTES = 1_500;
export const DELETE_OP_BYTES = 400;

const cellKey = (sheet: string, address: string) => `${sheet}\u0000${address}`;

type NoteProbe = XlNote & { readonly isNullObject: boolean };

interface SheetScan {
  name: string;
  /** Rules were loaded through customOrNullObject (else: per Custom item, after a sync). */
  viaNullObject: boolean;
  ws: XlWorksheet;
  protection: XlWorksheetProtection;
  formats: XlConditionalFormatCollection;
  /** The note (or null object) on each probed cell; null when notes are unsupported. */
  notes: Map<string, NoteProbe> | null;
}

interface Discovery {
  names: string[];
  scans: Map<string, SheetScan>;
  registry: MarkRegistry | null;
}

/** One queued write with its estimated request size. */
interface WriteOp {
  bytes: number;
  queue(): void;
}

export interface Marks {
  applyMarks(findings: Finding[], options?: MarkOptions): Promise<void>;
  clearMarks(): Promise<void>;
  checkAndMark(compute: (snapshot: WorkbookSnapshot) => Finding[], options?: MarkOptions): Promise<{ snapshot: WorkbookSnapshot; findings: Finding[] }>;
}

/** Addresses of the notes the registry says the add-in wrote, per sheet, and all of them. */
function registryNoteCells(registry: MarkRegistry | null): { bySheet: Map<string, string[]>; all: string[] } {
  const bySheet = new Map<string, string[]>();
  const all = new Set<string>();
  for (const [sheet, list] of Object.entries(registry?.marks ?? {})) {
    for (const m of list) {
      if (m.note === undefined) continue;
      (bySheet.get(sheet) ?? bySheet.set(sheet, []).get(sheet)!).push(m.address);
      all.add(m.address);
    }
  }
  return { bySheet, all: [...all] };
}

export function createMarks(session: Session, settings: DocumentSettings, readOptions: () => Omit<ReadOptions, 'fileName'> & { tuning?: ReadTuning }): Marks {
  const { need, supports, run } = session;
  // Reading rules through items/customOrNullObject is one round trip; if a host refuses that path,
  // fall back (for the rest of this session) to loading types first and Custom rules after.
  let rulesViaNullObject = true;

  function refusesNullObjectPath(e: unknown): boolean {
    const code = officeCodeOf(e);
    return code === 'InvalidOperation' || code === 'InvalidArgument' || code === 'ApiNotFound';
  }

  /** Note cells to probe on a sheet: the registry's notes there (on an unknown sheet, anywhere) and `extra`. */
  function noteCellsFor(name: string, registry: MarkRegistry | null, extra: readonly string[] = []): string[] {
    const cells = registryNoteCells(registry);
    const known = new Set(registry?.known ?? []);
    const base = known.has(name) ? (cells.bySheet.get(name) ?? []) : cells.all;
    return [...new Set([...base, ...extra])];
  }

  function queueScan(ws: XlWorksheet, name: string, noteCells: readonly string[] | null): SheetScan {
    const protection = ws.protection.load('protected');
    // The whole sheet's formats: a mark moved by inserted rows is still found. Rules are read via
    // customOrNullObject because loading `custom` across mixed format types fails the whole sync.
    const viaNullObject = rulesViaNullObject;
    const formats = ws
      .getRange()
      .conditionalFormats.load(viaNullObject ? 'items/type,items/priority,items/customOrNullObject/rule/formula' : 'items/type,items/priority');
    let notes: Map<string, NoteProbe> | null = null;
    if (noteCells) {
      notes = new Map();
      for (const address of noteCells) probeNote(ws, notes, address);
    }
    return { name, viaNullObject, ws, protection, formats, notes };
  }

  function probeNote(ws: XlWorksheet, notes: Map<string, NoteProbe>, address: string): void {
    if (notes.has(address)) return;
    const probe = ws.notes.getItemOrNullObject(address);
    probe.load('content');
    notes.set(address, probe);
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

  async function discover(ctx: XlRequestContext, registry: MarkRegistry | null, required: ReadonlySet<string>, planned: ReadonlyMap<string, string[]>, withNotes: boolean): Promise<Discovery> {
    try {
      return await discoverOnce(ctx, registry, required, planned, withNotes);
    } catch (e) {
      if (!rulesViaNullObject || !refusesNullObjectPath(e)) throw e;
      rulesViaNullObject = false;
      return discoverOnce(ctx, registry, required, planned, withNotes);
    }
  }

  /**
   * Finds the add-in's marks. One sync when every sheet is already known to the registry; a second
   * one scans sheets added, copied or renamed since; a third only when a registered sheet vanished.
   */
  async function discoverOnce(ctx: XlRequestContext, registry: MarkRegistry | null, required: ReadonlySet<string>, planned: ReadonlyMap<string, string[]>, withNotes: boolean): Promise<Discovery> {
    const worksheets = ctx.workbook.worksheets;
    const tentative = new Set<string>([...Object.keys(registry?.marks ?? {}), ...required]);
    const known = new Set(registry?.known ?? []);
    const cellsOf = (name: string) => (withNotes ? noteCellsFor(name, registry, planned.get(name)) : null);
    let scans = new Map<string, SheetScan>();
    let vanished = false;
    worksheets.load('items/name');
    for (const name of tentative) scans.set(name, queueScan(worksheets.getItem(name), name, cellsOf(name)));
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
      for (const ws of rest) scans.set(ws.name, queueScan(ws, ws.name, cellsOf(ws.name)));
      await ctx.sync();
    }
    await loadTypedRules(ctx, scans.values());
    return { names, scans, registry };
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

  /** Texts of notes the add-in wrote on this cell, per the registry. */
  function ownNoteTexts(registry: MarkRegistry | null, sheet: string, address: string): Set<string> {
    const texts = new Set<string>();
    if (!registry) return texts;
    const here = registry.marks[sheet]?.find((m) => m.address === address)?.note;
    if (here !== undefined) texts.add(here);
    if (!registry.known.includes(sheet)) {
      // A sheet copied or renamed since: a note identical to one the add-in wrote on that cell is a copy of it.
      for (const list of Object.values(registry.marks)) for (const m of list) if (m.address === address && m.note !== undefined) texts.add(m.note);
    }
    return texts;
  }

  function contentOf(probe: NoteProbe | undefined): string | null {
    return probe && !probe.isNullObject ? probe.content : null;
  }

  /** The add-in's notes on a scanned sheet: exact registry text on exactly that cell. */
  function ownNotes(d: Discovery, scan: SheetScan): { address: string; probe: NoteProbe }[] {
    const out: { address: string; probe: NoteProbe }[] = [];
    for (const [address, probe] of scan.notes ?? []) {
      const content = contentOf(probe);
      if (content !== null && ownNoteTexts(d.registry, scan.name, address).has(content)) out.push({ address, probe });
    }
    return out;
  }

  function sheetsWithMarks(d: Discovery): string[] {
    return [...d.scans.values()].filter((s) => ownFormats(s).length > 0 || ownNotes(d, s).length > 0).map((s) => s.name);
  }

  function assertWritable(d: Discovery, sheets: Iterable<string>): void {
    for (const name of sheets) {
      const scan = d.scans.get(name);
      if (scan && scan.protection.protected) throw new GatewayError('protected', MESSAGES.protectedSheet(name), { sheet: name });
    }
  }

  /** Deletions of every mark found (and of `extra` formats): formats of a sheet highest priority first. */
  function removalOps(d: Discovery, extra?: ReadonlyMap<string, XlConditionalFormat[]>): WriteOp[] {
    const ops: WriteOp[] = [];
    for (const scan of d.scans.values()) {
      // A format's id is its position: deleting from the end keeps the other references (also those
      // of later syncs) pointing at the same formats.
      const own = [...ownFormats(scan), ...(extra?.get(scan.name) ?? [])].sort((a, b) => b.priority - a.priority);
      for (const cf of own) ops.push({ bytes: DELETE_OP_BYTES, queue: () => cf.delete() });
      for (const n of ownNotes(d, scan)) ops.push({ bytes: DELETE_OP_BYTES, queue: () => n.probe.delete() });
    }
    return ops;
  }

  function addOps(d: Discovery, planned: readonly PlannedMark[], notes: ReadonlyMap<string, string>): WriteOp[] {
    return planned.map((m) => {
      const scan = d.scans.get(m.sheet)!;
      const note = notes.get(cellKey(m.sheet, m.address));
      return {
        bytes: MARK_OP_BYTES + (note === undefined ? 0 : note.length * 3 + DELETE_OP_BYTES),
        queue: () => {
          const cf = scan.ws.getRange(m.address).conditionalFormats.add('Custom');
          cf.custom.rule.formula = markFormula(m.severity);
          cf.custom.format.fill.color = MARK_COLORS[m.severity];
          if (note !== undefined) scan.ws.notes.add(m.address, note);
        },
      };
    });
  }

  /**
   * Runs the ops in syncs under the byte budget. A sync refused as too large ran nothing: its ops are
   * retried in halves. Any other failure is thrown as a GatewayError carrying `chunksDone` (how many
   * syncs had already gone through), so the caller knows whether anything was applied.
   */
  async function writeInChunks(ctx: XlRequestContext, ops: readonly WriteOp[]): Promise<{ synced: number }> {
    let budget = MARK_SYNC_BYTES;
    let i = 0;
    let synced = 0;
    while (i < ops.length) {
      let bytes = 0;
      let end = i;
      while (end < ops.length && (end === i || bytes + ops[end]!.bytes <= budget)) bytes += ops[end++]!.bytes;
      for (let k = i; k < end; k++) ops[k]!.queue();
      try {
        await ctx.sync();
      } catch (e) {
        if (isPayloadError(e) && end - i > 1) {
          budget = Math.max(1, bytes >> 1);
          continue;
        }
        throw Object.assign(toGatewayError(e), { chunksDone: synced });
      }
      synced++;
      i = end;
    }
    return { synced };
  }

  /** The notes to write: one per planned mark, except where a note that is not the add-in's is in the way. */
  function notesFor(d: Discovery, planned: readonly PlannedMark[], writeNotes: boolean): Map<string, string> {
    const notes = new Map<string, string>();
    if (!writeNotes) return notes;
    for (const m of planned) {
      const probe = d.scans.get(m.sheet)!.notes?.get(m.address);
      const content = contentOf(probe);
      // A note the user wrote (or changed) stays; the explanation is in the task pane anyway.
      if (content !== null && !ownNoteTexts(d.registry, m.sheet, m.address).has(content)) continue;
      notes.set(cellKey(m.sheet, m.address), noteText(m));
    }
    return notes;
  }

  /** The write (old marks off, new marks on), rolled back on failure; then the registry. */
  async function writeMarks(ctx: XlRequestContext, d: Discovery, planned: readonly PlannedMark[], notes: ReadonlyMap<string, string>, notesSupported: boolean): Promise<void> {
    const ops = [...removalOps(d), ...addOps(d, planned, notes)];
    try {
      await writeInChunks(ctx, ops);
    } catch (e) {
      const failure = e as GatewayError & { chunksDone?: number };
      // Excel refused the whole first batch: nothing changed.
      if (failure.code === 'cell-edit-mode' && !failure.chunksDone) throw failure;
      await rollback(ctx, d, notes, notesSupported).catch((r) => {
        throw new GatewayError('api', MESSAGES.marksRollbackFailed, { officeCode: officeCodeOf(r) ?? failure.officeCode, cause: e });
      });
      throw failure.code === 'api' ? new GatewayError('api', MESSAGES.marksRolledBack, { officeCode: failure.officeCode, cause: e }) : failure;
    }
    await settings.writeRegistry(registryFromPlan(planned, notes, d.names));
  }

  /**
   * After a failed write: every touched sheet back to how discovery found it. Formats: whatever marks
   * are there come off, the previous ones go back on. Notes: a cell whose note is the add-in's (old or
   * just attempted) gets the note it had at discovery; a note the user wrote is never touched.
   */
  async function rollback(ctx: XlRequestContext, d: Discovery, attempted: ReadonlyMap<string, string>, notesSupported: boolean): Promise<void> {
    const worksheets = ctx.workbook.worksheets;
    const again: Discovery = { names: d.names, scans: new Map(), registry: d.registry };
    for (const [name, scan] of d.scans) {
      const cells = scan.notes ? [...scan.notes.keys()] : [];
      again.scans.set(name, queueScan(worksheets.getItem(name), name, notesSupported ? cells : null));
    }
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
    const ops: WriteOp[] = [];
    for (const scan of again.scans.values()) {
      const own = [...ownFormats(scan), ...(orphans.get(scan.name) ?? [])].sort((a, b) => b.priority - a.priority);
      for (const cf of own) ops.push({ bytes: DELETE_OP_BYTES, queue: () => cf.delete() });
    }
    for (const [name, scan] of again.scans) {
      const start = d.scans.get(name)!;
      for (const [address, probe] of scan.notes ?? []) {
        const was = contentOf(start.notes?.get(address));
        const now = contentOf(probe);
        if (now === was) continue;
        const ours = ownNoteTexts(d.registry, name, address);
        const tried = attempted.get(cellKey(name, address));
        if (tried !== undefined) ours.add(tried);
        if (now !== null && !ours.has(now)) continue; // the user's
        ops.push({
          bytes: 2 * DELETE_OP_BYTES + (was?.length ?? 0) * 3,
          queue: () => {
            if (now !== null) probe.delete();
            if (was !== null) scan.ws.notes.add(address, was);
          },
        });
      }
    }
    if (d.registry) {
      const { planned } = planFromRegistry(d.registry);
      ops.push(...addOps(again, planned.filter((m) => again.scans.has(m.sheet)), new Map()));
    }
    await writeInChunks(ctx, ops);
  }

  async function applyMarks(findings: Finding[], opts: MarkOptions = {}): Promise<void> {
    need();
    const planned = planMarks(findings);
    const notesSupported = supports(REQUIREMENTS.notes);
    const writeNotes = opts.notes === true && notesSupported;
    const registry = settings.readRegistry();
    const required = new Set(planned.map((m) => m.sheet));
    const probeCells = new Map<string, string[]>();
    if (writeNotes) for (const m of planned) (probeCells.get(m.sheet) ?? probeCells.set(m.sheet, []).get(m.sheet)!).push(m.address);

    await run(async (ctx) => {
      const d = await discover(ctx, registry, required, probeCells, notesSupported);
      assertWritable(d, new Set([...sheetsWithMarks(d), ...required]));
      await writeMarks(ctx, d, planned, notesFor(d, planned, writeNotes), notesSupported);
    });
  }

  async function clearMarks(): Promise<void> {
    need();
    const notesSupported = supports(REQUIREMENTS.notes);
    const registry = settings.readRegistry();
    await run(async (ctx) => {
      const d = await discover(ctx, registry, new Set(), new Map(), notesSupported);
      assertWritable(d, sheetsWithMarks(d));
      const ops = removalOps(d);
      if (ops.length) await writeInChunks(ctx, ops);
      await settings.writeRegistry({ v: 1, marks: {}, known: d.names });
    });
  }

  /** Office.js proxies belong to one RequestContext, so reading and marking share one Excel.run. */
  const SPLIT = Symbol('split');

  async function checkAndMark(compute: (snapshot: WorkbookSnapshot) => Finding[], opts: MarkOptions = {}): Promise<{ snapshot: WorkbookSnapshot; findings: Finding[] }> {
    need();
    // Without customOrNullObject the rules need a sync of their own: the separate flow is no worse.
    if (!rulesViaNullObject) return checkSplit(compute, opts);
    const notesSupported = supports(REQUIREMENTS.notes);
    const writeNotes = opts.notes === true && notesSupported;
    const registry = settings.readRegistry();
    const fileName = fileNameOf(session.office?.Office.context.document.url);
    // The engine's own errors go back to the caller as they are, not dressed as Excel errors.
    let computeFailure: { error: unknown } | null = null;

    const out = await run(async (ctx): Promise<{ snapshot: WorkbookSnapshot; findings: Finding[] } | typeof SPLIT | null> => {
      let read;
      try {
        read = await readWorkbook(ctx, { ...readOptions(), ...(fileName ? { fileName } : {}) }, (sheets) =>
          new Map(sheets.map((ws) => [ws.name, queueScan(ws, ws.name, notesSupported ? noteCellsFor(ws.name, registry) : null)] as const)),
        );
      } catch (e) {
        if (officeCodeOf(e) === 'InvalidOperationInCellEditMode' || !refusesNullObjectPath(e)) throw e;
        rulesViaNullObject = false;
        return SPLIT;
      }
      const { snapshot, sheets, extra: scans } = read;

      let findings: Finding[];
      try {
        findings = compute(snapshot);
      } catch (error) {
        computeFailure = { error };
        return null;
      }

      const planned = planMarks(findings);
      const d: Discovery = { names: sheets.map((ws) => ws.name), scans, registry };
      const required = new Set(planned.map((m) => m.sheet));
      for (const name of required) {
        if (!scans.has(name)) throw new GatewayError('item-not-found', MESSAGES.sheetNotFound(name), { sheet: name });
      }
      assertWritable(d, new Set([...sheetsWithMarks(d), ...required]));

      // Notes only (off by default): what is on each finding cell now, to leave the user's notes alone.
      if (writeNotes && planned.length > 0) {
        for (const m of planned) {
          const scan = scans.get(m.sheet)!;
          if (scan.notes) probeNote(scan.ws, scan.notes, m.address);
        }
        await ctx.sync();
      }

      await writeMarks(ctx, d, planned, notesFor(d, planned, writeNotes), notesSupported);
      return { snapshot, findings };
    });
    if (computeFailure) throw (computeFailure as { error: unknown }).error;
    if (out === SPLIT) return checkSplit(compute, opts);
    return out!;
  }

  /** The separate flow: read, compute, applyMarks (two Excel.run calls). */
  async function checkSplit(compute: (snapshot: WorkbookSnapshot) => Finding[], opts: MarkOptions): Promise<{ snapshot: WorkbookSnapshot; findings: Finding[] }> {
    const fileName = fileNameOf(session.office?.Office.context.document.url);
    const snapshot = await run(async (ctx) => (await readWorkbook(ctx, { ...readOptions(), ...(fileName ? { fileName } : {}) }, () => null)).snapshot);
    const findings = compute(snapshot);
    await applyMarks(findings, opts);
    return { snapshot, findings };
  }

  return { applyMarks, clearMarks, checkAndMark };
}

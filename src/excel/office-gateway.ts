// The Office.js implementation of WorkbookGateway, composed of one module per concern:
//   session.ts      Excel.run, requirement sets, the write queue
//   read.ts         the one read path (snapshot), used alone and by checkAndMark
//   mark-writer.ts  marks on and off (marks.ts: what a mark is), checkAndMark
//   edits.ts        改正 and its 撤销
//   insert.ts       text into a new sheet or empty cells; 问题清单
//   settings.ts     what is kept in the document: mark registry, 忽略 entries
//   events.ts       select, change and selection events
// Checking never writes a cell value, fill, number format or border; cell values are written only by
// the user's explicit 改正 (one cell) and text inserts (new sheets or empty cells). All Excel access
// goes through an injectable OfficeApi (default: the real globals), so the same code runs against the
// fake host in tests and the preview.
import type { WorkbookSnapshot } from '../engine/types';
import type { FillItem, FillResult, HostKind, InsertResult, InsertTextOptions, WritingGateway } from './types';
import type { OfficeApi } from './office-api';
import { GatewayError, MESSAGES } from './errors';
import { cleanLines, fillEmptyCells, insertAtCell, insertNewSheet, insertTableSheet } from './insert';
import { readWorkbook } from './read';
import type { ReadTuning } from './read-plan';
import { REQUIREMENTS, createSession, fileNameOf } from './session';
import { createDocumentSettings } from './settings';
import { createEdits } from './edits';
import { createEvents } from './events';
import { createMarks } from './mark-writer';

export interface OfficeGatewayOptions {
  /** Read batching; the defaults keep every request under Excel on the web's 5 MB cap. */
  read?: ReadTuning;
  /** What the pane calls the host (default 'excel'; the browser preview says 'preview'). */
  host?: HostKind;
}

export { REQUIREMENTS } from './session';
export { MAX_SHEET_CELLS } from './read';

export function createOfficeGateway(api?: OfficeApi | null, options: OfficeGatewayOptions = {}): WritingGateway {
  const session = createSession(api);
  const { need, supports, run, serial } = session;
  const settings = createDocumentSettings(session);
  const readOptions = () => ({ withMerges: supports(REQUIREMENTS.mergedAreas), ...(options.read ? { tuning: options.read } : {}) });
  const marks = createMarks(session, settings, readOptions);
  const edits = createEdits(session);
  const events = createEvents(session);
  const runWrite = async <T>(batch: Parameters<typeof session.runWrite<T>>[0], sheet?: string): Promise<T> => (await session.runWrite(batch, sheet)).value;

  async function readSnapshot(): Promise<WorkbookSnapshot> {
    need();
    const opts = readOptions();
    const fileName = fileNameOf(session.office?.Office.context.document.url);
    return run(async (ctx) => (await readWorkbook(ctx, { ...opts, ...(fileName ? { fileName } : {}) }, () => null)).snapshot);
  }

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
    host: options.host ?? 'excel',
    readSnapshot: () => serial(readSnapshot),
    applyMarks: (findings, opts) => serial(() => marks.applyMarks(findings, opts)),
    checkAndMark: (compute, opts) => serial(() => marks.checkAndMark(compute, opts)),
    clearMarks: () => serial(marks.clearMarks),
    select: events.select,
    loadIgnored: settings.loadIgnored,
    saveIgnored: settings.saveIgnored,
    loadIgnoreEntries: settings.loadIgnoreEntries,
    saveIgnoreEntries: settings.saveIgnoreEntries,
    onChanged: events.onChanged,
    onSelectionChanged: events.onSelectionChanged,
    insertText: (lines, opts) => serial(() => insertText(lines, opts)),
    fillCells: (items) => serial(() => fillCells(items)),
    insertTable: (rows, opts) => serial(() => insertTable(rows, opts)),
    editCell: (edit) => serial(() => edits.editCell(edit)),
    restoreCell: (state) => serial(() => edits.restoreCell(state)),
  };
}

export { GatewayError, type GatewayErrorCode } from './errors';
export { MARK_COLORS } from './marks';

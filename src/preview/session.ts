// One opened workbook: the fake Excel host over it, the real Office.js gateway over the fake's API,
// and the views the page and the test hooks take of the host (cells with display text, marks,
// selection). Every Excel.run the gateway finishes, and every user action in the grid, bumps a
// version the grid re-renders on.
import type { Severity } from '../engine/types';
import { createOfficeGateway } from '../excel/office-gateway';
import type { OfficeApi } from '../excel/office-api';
import { isOwnMarkFormula } from '../excel/marks';
import type { WorkbookGateway } from '../excel/types';
import { createWpsGateway } from '../wps/wps-gateway';
import { FakeWpsHost } from '../host/fake-wps';
import {
  FakeExcelHost,
  cellA1,
  cellKey,
  createFakeExcel,
  parseRect,
  type HostRect,
  type HostSheet,
  type HostValue,
  type HostWorkbook,
  type WorkbookState,
  MAX_COLS,
} from '../host/fake-excel';
import type { SheetLayout } from './from-exceljs';
import { formatCellValue } from './number-format';

export interface MarkInfo {
  severity: Severity;
  /** The overlay colour the gateway asked for. */
  fill: string | null;
}

export interface PreviewCell {
  value: HostValue;
  /** What the grid shows: the value through its number format. */
  text: string;
  formula: string | null;
  numberFormat: string;
  /** The cell's own fill, "#RRGGBB", or null. */
  fill: string | null;
  /** Whether an add-in mark (its conditional-format overlay) covers the cell. */
  marked: boolean;
  mark: Severity | null;
  markFill: string | null;
  note: string | null;
}

export interface PreviewSheetSnapshot {
  name: string;
  visibility: string;
  /** A1 → cell, for every cell the host stores or the add-in marks. */
  cells: Record<string, PreviewCell>;
}

export interface PreviewSnapshot {
  fileName: string;
  sheets: PreviewSheetSnapshot[];
}

const MARK_SEVERITY = /"selfeval:(error|warning|info)"/i;
/** Marks are single cells; a format covering more than this many cells is not ours to draw. */
const MAX_MARK_CELLS = 10_000;

function rectSize(r: HostRect): number {
  return (r.bottom - r.top + 1) * (r.right - r.left + 1);
}

/** cellKey → the add-in's mark on that cell (the highest-priority one when several overlap). */
export function marksOf(sheet: HostSheet): Map<number, MarkInfo> {
  const out = new Map<number, MarkInfo>();
  for (const cf of sheet.conditionalFormats) {
    if (cf.type !== 'Custom' || !isOwnMarkFormula(cf.formula) || rectSize(cf.range) > MAX_MARK_CELLS) continue;
    const severity = (MARK_SEVERITY.exec(cf.formula ?? '')?.[1]?.toLowerCase() ?? 'info') as Severity;
    for (let r = cf.range.top; r <= cf.range.bottom; r++) {
      for (let c = cf.range.left; c <= cf.range.right; c++) {
        const key = cellKey(r, c);
        // conditionalFormats is in priority order: the first one found wins, as in Excel.
        if (!out.has(key)) out.set(key, { severity, fill: cf.fill ?? null });
      }
    }
  }
  return out;
}

/** The gateway with `done` called after every call settles (the WPS host has no Excel.run to hook). */
function afterEach(gateway: WorkbookGateway, done: () => void): WorkbookGateway {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(gateway)) {
    out[key] = typeof value !== 'function' ? value : (...args: unknown[]) => {
      const p = Promise.resolve((value as (...a: unknown[]) => unknown).apply(gateway, args));
      p.then(done, done);
      return p;
    };
  }
  return out as unknown as WorkbookGateway;
}

export class PreviewSession {
  readonly host: FakeExcelHost;
  gateway: WorkbookGateway;
  readonly fileName: string;
  readonly layout: Map<string, SheetLayout>;
  /** preview.html?host=wps: the WPS gateway over a fake ET host on the same workbook. */
  readonly wps: FakeWpsHost | null = null;
  private version = 0;
  private readonly listeners = new Set<() => void>();

  constructor(workbook: HostWorkbook, layout: Map<string, SheetLayout>, fileName: string, hostKind: 'excel' | 'wps' = 'excel') {
    this.fileName = fileName;
    this.layout = layout;
    // document.url carries the file name, as Excel reports it, so findings name the same file as the CLI.
    this.host = createFakeExcel(workbook, { url: fileName });
    const inner = this.host.api;
    const changed = () => this.changed();
    const run = ((...args: unknown[]) => {
      const p = (inner.Excel.run as (...a: unknown[]) => Promise<unknown>)(...args);
      p.then(changed, changed);
      return p;
    }) as OfficeApi['Excel']['run'];
    // The real Office.js gateway, over the fake host's Excel/Office objects.
    this.gateway = createOfficeGateway({ Office: inner.Office, Excel: { run } }, { host: 'preview' });
    if (hostKind === 'wps') {
      this.wps = new FakeWpsHost();
      this.wps.open(workbook, fileName);
      this.gateway = afterEach(createWpsGateway(this.wps.app), changed);
    }
  }

  get workbook(): HostWorkbook {
    return this.host.workbook;
  }

  getVersion = (): number => this.version;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  changed(): void {
    this.version++;
    for (const l of this.listeners) l();
  }

  // ---- user actions in the grid (what a person does in Excel) ----

  activate(sheet: string): void {
    const s = this.workbook.findSheet(sheet);
    if (!s || s.visibility !== 'Visible') return;
    this.workbook.activeSheet = sheet;
    this.changed();
  }

  /** Clicking a cell: selects it and raises the selection events the pane listens to, as Excel does. */
  selectCell(sheet: string, address: string): void {
    const s = this.workbook.findSheet(sheet);
    if (!s || s.visibility !== 'Visible') return;
    this.workbook.activeSheet = sheet;
    s.selection = address;
    this.changed();
    void (this.wps ?? this.host).userSelect(sheet, address).then(
      () => this.changed(),
      () => this.changed(),
    );
  }

  /** Typing into a cell; raises onChanged like Excel. Returns a Chinese reason when refused. */
  async editCell(sheet: string, address: string, input: string): Promise<string | null> {
    const s = this.workbook.findSheet(sheet);
    if (!s) return `没有工作表“${sheet}”`;
    if (s.protected) return `工作表“${sheet}”受保护，不能编辑`;
    const text = input.trim();
    const value: HostValue = text !== '' && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : input;
    // Typing over a formula replaces it; the preview does not calculate formulas.
    const cell = this.workbook.getCell(sheet, address);
    if (cell?.formula !== undefined) this.workbook.setCell(sheet, address, { formula: undefined });
    await (this.wps ?? this.host).userEdit(sheet, address, value);
    this.changed();
    return null;
  }

  // ---- views ----

  selection(): { sheet: string; address: string } {
    const sheet = this.workbook.findSheet(this.workbook.activeSheet);
    return { sheet: this.workbook.activeSheet, address: sheet?.selection ?? 'A1' };
  }

  cellView(sheet: HostSheet, row: number, col: number, marks: Map<number, MarkInfo>): PreviewCell {
    const wb = this.workbook;
    const cell = sheet.cells.get(cellKey(row, col));
    const value = wb.valueAt(sheet, row, col);
    const numberFormat = wb.numberFormatAt(sheet, row, col);
    const mark = marks.get(cellKey(row, col));
    return {
      value,
      text: formatCellValue(value, numberFormat),
      formula: cell?.formula ?? null,
      numberFormat,
      fill: cell?.fill ?? null,
      marked: mark !== undefined,
      mark: mark?.severity ?? null,
      markFill: mark?.fill ?? null,
      note: sheet.notes.get(cellA1(row, col))?.content ?? null,
    };
  }

  snapshot(): PreviewSnapshot {
    return {
      fileName: this.fileName,
      sheets: this.workbook.sheets.map((sheet) => {
        const marks = marksOf(sheet);
        const keys = new Set<number>([...sheet.cells.keys(), ...marks.keys()]);
        for (const addr of sheet.notes.keys()) {
          const r = parseRect(addr);
          if (r) keys.add(cellKey(r.top, r.left));
        }
        const cells: Record<string, PreviewCell> = {};
        for (const key of [...keys].sort((a, b) => a - b)) {
          const row = Math.floor(key / MAX_COLS);
          const col = key % MAX_COLS;
          cells[cellA1(row, col)] = this.cellView(sheet, row, col, marks);
        }
        return { name: sheet.name, visibility: sheet.visibility, cells };
      }),
    };
  }

  /** The host's whole model (conditional formats, notes, merges, selection): for exact before/after checks. */
  state(): WorkbookState {
    return this.workbook.cellsState();
  }
}

// The add-in's view of a workbook host. The Office.js implementation lives in ./office-gateway.ts;
// the preview and the tests provide their own hosts behind the same Excel API surface.
import type { Finding, WorkbookSnapshot } from '../engine/types';

export interface MarkOptions {
  /** Also write the explanation as a cell note (ExcelApi 1.18); off by default. */
  notes?: boolean;
}

export interface InsertTextOptions {
  /**
   * 'new-sheet' writes one paragraph per row into column A of a new sheet named 自评报告 (or 自评报告(2) …).
   * 'selection' writes one paragraph per row from the active cell (or `at`) downwards, and only into
   * empty cells: otherwise it rejects with GatewayError 'target-not-empty' and writes nothing.
   */
  target: 'new-sheet' | 'selection';
  /** 'new-sheet': the name to use instead of 自评报告 (made unique the same way). */
  sheetName?: string;
  /** 'selection': start here instead of the active cell (the pane's "插入到 A25 起"). */
  at?: CellRef;
  /** Indexes into `lines` of headings, written bold. */
  headings?: number[];
}

export interface CellRef {
  sheet: string;
  /** A1 address of one cell, e.g. "A25". */
  address: string;
}

export interface InsertResult {
  sheet: string;
  /** The A1 range written, e.g. "A1:A32". */
  address: string;
  rows: number;
}

export interface FillItem {
  sheet: string;
  /** A1 address of one cell. */
  cell: string;
  text: string;
}

/** Why fillCells left a cell alone (labels in errors.ts FILL_SKIP_LABELS). */
export type FillSkipReason =
  | 'not-empty'
  | 'merged'
  | 'missing-sheet'
  | 'protected'
  | 'bad-address'
  | 'no-text'
  | 'duplicate'
  /** Below ExcelApi 1.13 merged areas cannot be seen, so a cell is not written into an existing sheet. */
  | 'merge-unknown';

export interface FillResult {
  /** Cells written, sheet-qualified as the pane shows them: "项目1!H12". */
  written: string[];
  skipped: { sheet: string; cell: string; reason: FillSkipReason }[];
}

export interface WorkbookGateway extends GatewayExtras {
  /** Reads every sheet into a snapshot in a constant number of context.sync() calls. */
  readSnapshot(): Promise<WorkbookSnapshot>;
  /** Replaces the add-in's marks with marks for these findings, in one sync. */
  applyMarks(findings: Finding[], options?: MarkOptions): Promise<void>;
  /** Removes every mark the add-in added, and nothing else. */
  clearMarks(): Promise<void>;
  /** Activates the sheet and selects the cell. */
  select(sheet: string, cell: string): Promise<void>;
  /** Ignore keys remembered in the document (Office settings / custom XML). */
  loadIgnored(): Promise<string[]>;
  saveIgnored(keys: string[]): Promise<void>;
  /** Subscribes to edits; returns an unsubscribe function. */
  onChanged(handler: () => void): Promise<() => void>;
  /**
   * Writes text as text (numberFormat "@": a line starting with = + - @ stays literal). Optional so
   * read-only hosts and older mocks still satisfy the interface; the Office gateway always has it.
   */
  insertText?(lines: string[], options: InsertTextOptions): Promise<InsertResult>;
  /** Writes each text into its cell if that cell is empty at the time of writing; reports the rest. */
  fillCells?(items: FillItem[]): Promise<FillResult>;
  /**
   * A whole check in one Excel.run: reads the workbook, calls `compute` on the snapshot, and replaces
   * the marks with marks for the findings it returns — at most 3 read syncs + 1 write sync whatever
   * the sheet count (notes: one more read to spare the user's own notes). Errors thrown by `compute`
   * reach the caller unchanged; a failed write is rolled back as with applyMarks. Optional: hosts
   * without it are driven through readSnapshot + applyMarks.
   */
  checkAndMark?(compute: (snapshot: WorkbookSnapshot) => Finding[], options?: MarkOptions): Promise<{ snapshot: WorkbookSnapshot; findings: Finding[] }>;
}

/** One 忽略 the clerk recorded, stored in the document so a reviewer opening it sees what was ignored and why. */
export interface IgnoreEntry {
  /** Finding.key */
  key: string;
  /** Required for errors (the pane asks); may be '' for warnings/infos. */
  reason: string;
  /** ISO time it was ignored. */
  at?: string;
}

/** The clerk's 改正 of one cell: the finding's FindingFix, addressed. */
export interface CellEdit {
  sheet: string;
  /** A1 address of one cell. */
  cell: string;
  value?: number | string;
  numberFormat?: string;
  /**
   * The formula the pane showed the clerk and she confirmed overwriting; a cell holding a formula is
   * refused (GatewayError 'formula-cell') unless this equals it.
   */
  confirmFormula?: string;
}

/** What a cell held before an edit: writing it back (restoreCell) is the pane's own 撤销. */
export interface CellState {
  sheet: string;
  cell: string;
  value: string | number | boolean | null;
  numberFormat: string;
  formula: string | null;
}

export interface EditResult {
  before: CellState;
  /** True when the host grouped the write as one undo step (ExcelApi 1.20); the pane then says 可按 Ctrl+Z 撤销. */
  hostUndo: boolean;
}

export type HostKind = 'excel' | 'wps' | 'preview';

/**
 * Additions for the clerk's pane (issue 13) and the WPS host (issue 14). Optional so read-only hosts and
 * older mocks still satisfy WorkbookGateway; the Office and WPS gateways implement all of them.
 */
export interface GatewayExtras {
  /** Which host this gateway drives; the pane says so plainly. */
  readonly host?: HostKind;
  /** Writes one cell's value and/or number format (改正), one undo step where supported. */
  editCell?(edit: CellEdit): Promise<EditResult>;
  /** Puts back what editCell returned as `before` (the pane's 撤销 when the host has no undo grouping). */
  restoreCell?(state: CellState): Promise<void>;
  /** Selection changes in this workbook only; returns an unsubscribe function. */
  onSelectionChanged?(handler: (ref: CellRef) => void): Promise<() => void>;
  /** Ignore entries with reasons; hosts that only store keys return reason ''. */
  loadIgnoreEntries?(): Promise<IgnoreEntry[]>;
  saveIgnoreEntries?(entries: IgnoreEntry[]): Promise<void>;
  /** 导出问题清单: a new sheet (name made unique) holding these rows as text, first row bold; overwrites nothing. */
  insertTable?(rows: string[][], options: { sheetName: string }): Promise<InsertResult>;
}

/** A gateway that can write text (the Office gateway, over Excel or the fake host). */
export type WritingGateway = WorkbookGateway & Required<Pick<WorkbookGateway, 'insertText' | 'fillCells' | 'checkAndMark'>>;

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
export type FillSkipReason = 'not-empty' | 'merged' | 'missing-sheet' | 'protected' | 'bad-address' | 'no-text' | 'duplicate';

export interface FillResult {
  /** Cells written, sheet-qualified as the pane shows them: "项目1!H12". */
  written: string[];
  skipped: { sheet: string; cell: string; reason: FillSkipReason }[];
}

export interface WorkbookGateway {
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

/** A gateway that can write text (the Office gateway, over Excel or the fake host). */
export type WritingGateway = WorkbookGateway & Required<Pick<WorkbookGateway, 'insertText' | 'fillCells' | 'checkAndMark'>>;

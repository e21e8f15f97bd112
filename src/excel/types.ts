// The add-in's view of a workbook host. The Office.js implementation lives in ./office-gateway.ts;
// the preview and the tests provide their own hosts behind the same Excel API surface.
import type { Finding, WorkbookSnapshot } from '../engine/types';

export interface MarkOptions {
  /** Also write the explanation as a cell note (ExcelApi 1.18); off by default. */
  notes?: boolean;
}

export interface InsertTextOptions {
  /** 'new-sheet' writes one paragraph per row into a new sheet named 自评报告 (or 自评报告(2) …). */
  target: 'new-sheet' | 'selection';
  sheetName?: string;
}

export interface InsertResult {
  sheet: string;
  address: string;
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
}

// The slice of Office.js the gateway uses, as small structural interfaces. The gateway takes an
// OfficeApi object instead of touching the Excel/Office globals, so tests and the browser preview
// can pass the fake host (src/host/fake-excel.ts). Anything not declared here the gateway must not
// use: the fake implements exactly this surface.

export type XlLoadArg = string | string[];

/** OfficeExtension.ClientObject: properties readable only after load + sync. */
export interface XlClientObject {
  readonly isNullObject: boolean;
}

/**
 * OfficeExtension.ClientRequestContext as an event handler result carries it: opaque here, only ever
 * handed back to Excel.run to remove the handler (it is not an Excel.RequestContext: no workbook).
 */
export interface XlClientRequestContext {
  sync(): Promise<unknown>;
}

export interface XlEventHandlerResult {
  readonly context: XlClientRequestContext;
  remove(): void;
}

export interface XlEventHandlers {
  add(handler: (args: unknown) => Promise<unknown>): XlEventHandlerResult;
}

export interface XlRequestContext {
  readonly workbook: XlWorkbook;
  sync(): Promise<void>;
}

export interface XlWorkbook {
  readonly worksheets: XlWorksheetCollection;
  /** The selected range (ExcelApi 1.1); fails at sync when the selection is not a range (a chart, a shape). */
  getSelectedRange(): XlRange;
}

export interface XlWorksheetCollection {
  readonly items: XlWorksheet[];
  load(arg?: XlLoadArg): XlWorksheetCollection;
  getItem(name: string): XlWorksheet;
  getItemOrNullObject(name: string): XlWorksheet;
  getActiveWorksheet(): XlWorksheet;
  /** Adds a worksheet (a write); fails with ItemAlreadyExists when the name is taken. */
  add(name: string): XlWorksheet;
  /** ExcelApi 1.9. */
  readonly onChanged: XlEventHandlers;
  /** ExcelApi 1.9: selection changes on any sheet of this workbook (args: WorksheetSelectionChangedEventArgs). */
  readonly onSelectionChanged: XlEventHandlers;
}

/** Excel.WorksheetSelectionChangedEventArgs. */
export interface XlSelectionChangedArgs {
  /** A1 address of the selection, without the sheet ("B7", "B7:C9"). */
  address: string;
  /** Worksheet.id, not its name. */
  worksheetId: string;
}

export interface XlWorksheetProtection {
  readonly protected: boolean;
  load(arg?: XlLoadArg): XlWorksheetProtection;
}

export interface XlWorksheet extends XlClientObject {
  readonly name: string;
  readonly visibility: string;
  readonly protection: XlWorksheetProtection;
  /** ExcelApi 1.18. */
  readonly notes: XlNoteCollection;
  /** ExcelApi 1.7. */
  readonly onChanged: XlEventHandlers;
  /** ExcelApi 1.7. */
  readonly onSelectionChanged: XlEventHandlers;
  load(arg?: XlLoadArg): XlWorksheet;
  /** No address: the whole sheet. */
  getRange(address?: string): XlRange;
  getUsedRangeOrNullObject(valuesOnly?: boolean): XlRange;
  activate(): void;
  /** Only for a sheet the add-in itself just added (undoing a failed text insert). */
  delete(): void;
}

export type XlCellValue = number | string | boolean;

export interface XlRange extends XlClientObject {
  readonly address: string;
  readonly rowCount: number;
  readonly columnCount: number;
  readonly rowIndex: number;
  readonly columnIndex: number;
  /** Written only by the text insert, after numberFormat "@" so nothing is read as a formula. */
  values: XlCellValue[][];
  numberFormat: unknown[][];
  /** Written only by restoreCell, to put back a formula an edit replaced. */
  formulas: unknown[][];
  readonly format: XlRangeFormat;
  readonly conditionalFormats: XlConditionalFormatCollection;
  load(arg?: XlLoadArg): XlRange;
  /** ExcelApi 1.13. */
  getMergedAreasOrNullObject(): XlRangeAreas;
  /** ExcelApi 1.4: the used part of this range. */
  getUsedRangeOrNullObject(valuesOnly?: boolean): XlRange;
  select(): void;
}

export interface XlRangeFont {
  bold: boolean;
}

export interface XlRangeFormat {
  wrapText: boolean;
  /** Points (ExcelApi 1.2). */
  columnWidth: number;
  readonly font: XlRangeFont;
  /** ExcelApi 1.2. */
  autofitRows(): void;
  /** ExcelApi 1.2. */
  autofitColumns(): void;
}

export interface XlRangeCollection {
  readonly items: XlRange[];
}

export interface XlRangeAreas extends XlClientObject {
  readonly areas: XlRangeCollection;
  load(arg?: XlLoadArg): XlRangeAreas;
}

export interface XlConditionalFormatCollection {
  readonly items: XlConditionalFormat[];
  load(arg?: XlLoadArg): XlConditionalFormatCollection;
  add(type: 'Custom'): XlConditionalFormat;
}

export interface XlConditionalRangeFill {
  color: string;
}

export interface XlConditionalFormatRule {
  formula: string;
  load(arg?: XlLoadArg): XlConditionalFormatRule;
}

export interface XlConditionalRangeFormat {
  readonly fill: XlConditionalRangeFill;
}

export interface XlCustomConditionalFormat extends XlClientObject {
  readonly rule: XlConditionalFormatRule;
  readonly format: XlConditionalRangeFormat;
}

export interface XlConditionalFormat {
  readonly id: string;
  readonly priority: number;
  readonly type: string;
  stopIfTrue: boolean;
  /** Throws for non-Custom formats; loading it through a collection with mixed types fails the sync. */
  readonly custom: XlCustomConditionalFormat;
  /** A null object for non-Custom formats: the safe way to read rules across a mixed collection. */
  readonly customOrNullObject: XlCustomConditionalFormat;
  delete(): void;
}

export interface XlNote {
  readonly content: string;
  load(arg?: XlLoadArg): XlNote;
  delete(): void;
}

export interface XlNoteCollection {
  readonly items: XlNote[];
  load(arg?: XlLoadArg): XlNoteCollection;
  add(cellAddress: string, content: string): XlNote;
  getItemOrNullObject(key: string): XlNote & XlClientObject;
}

/** Excel.RunOptions. */
export interface XlRunOptions {
  /** ExcelApi 1.20: every sync of this Excel.run is one undo step. */
  mergeUndoGroup?: boolean;
}

export interface XlExcel {
  run<T>(batch: (context: XlRequestContext) => Promise<T>): Promise<T>;
  run<T>(options: XlRunOptions, batch: (context: XlRequestContext) => Promise<T>): Promise<T>;
  /** Re-enters an earlier context (needed to remove event handlers it registered). */
  run<T>(context: XlClientRequestContext, batch: (context: XlRequestContext) => Promise<T>): Promise<T>;
}

export interface XlAsyncResult {
  /** "succeeded" / "failed" at run time (Office.AsyncResultStatus; typed as a numeric enum in @types/office-js). */
  status: unknown;
  error?: { code?: number | string; message?: string } | null;
}

export interface XlSettings {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  remove(name: string): void;
  saveAsync(callback?: (result: XlAsyncResult) => void): void;
}

export interface XlOffice {
  context: {
    requirements: { isSetSupported(name: string, minVersion?: string): boolean };
    document: { settings: XlSettings; url?: string | null };
  };
}

export interface OfficeApi {
  Excel: XlExcel;
  Office: XlOffice;
}

/** The real globals when running inside Excel, or null (then every call fails with 'not-in-excel'). */
export function realOfficeApi(): OfficeApi | null {
  const g = globalThis as unknown as { Excel?: unknown; Office?: { context?: unknown } };
  if (!g.Excel || typeof (g.Excel as { run?: unknown }).run !== 'function') return null;
  if (!g.Office || !g.Office.context) return null;
  // The globals are untyped here (unknown); test/excel/office-api-compat.ts proves the real Office.js
  // types are assignable to these interfaces, so this cast is the one boundary and a checked one.
  return { Excel: g.Excel as XlExcel, Office: g.Office as unknown as XlOffice };
}

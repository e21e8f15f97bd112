// The slice of WPS 表格's (ET) JS API the WPS gateway uses, declared structurally as
// src/excel/office-api.ts declares Office.js's. test/wps/et-typings.check.ts proves the published
// typings (et-jsapi-declare) are assignable to it, so a renamed or retyped member fails the build.
// Everything here is synchronous: each property read or call is one round trip to the host.

export interface EtCount {
  readonly Count: number;
}

export interface EtInterior {
  /** BGR integer (0xBBGGRR), not RGB. */
  Color: unknown;
}

export interface EtFont {
  Bold: unknown;
}

export interface EtFormatCondition {
  /** XlFormatConditionType: 1 cell value, 2 expression, … */
  readonly Type: number;
  readonly Formula1: string;
  readonly Interior: EtInterior;
  Delete(): unknown;
}

export interface EtFormatConditions {
  readonly Count: number;
  Item(Index: number): EtFormatCondition;
  /** Optional arguments are passed as undefined, never left out of order. */
  Add(Type: number, Operator?: unknown, Formula1?: unknown): EtFormatCondition;
}

export interface EtComment {
  /** A method in ET (the text when called without arguments). */
  Text(): string;
  Delete(): unknown;
}

export interface EtComments {
  readonly Count: number;
  Item(Index: number): EtComment & { readonly Parent: unknown };
}

export interface EtRange {
  /** A scalar for one cell, a 2-D array (rows) for several; may be Item-wrapped on some builds. */
  Value2: unknown;
  /** As Value2; constants come back as text. */
  Formula: unknown;
  /** One string for the whole range, or null when the cells differ. */
  NumberFormat: unknown;
  readonly Row: number;
  readonly Column: number;
  readonly Rows: EtCount;
  readonly Columns: EtCount;
  /** true all merged, false none, null mixed. */
  readonly MergeCells: unknown;
  readonly MergeArea: EtRange;
  Address(RowAbsolute?: boolean, ColumnAbsolute?: boolean): string;
  readonly FormatConditions: EtFormatConditions;
  readonly Font: EtFont;
  WrapText: unknown;
  /** In characters (VBA unit), not points. */
  ColumnWidth: unknown;
  readonly Comment: EtComment | null;
  AddComment(Text?: string): EtComment;
  Select(): unknown;
}

export interface EtWorksheet {
  Name: string;
  /** XlSheetVisibility: -1 visible, 0 hidden, 2 very hidden. */
  Visible: number;
  readonly ProtectContents: boolean;
  readonly UsedRange: EtRange;
  Range(Cell1: string): EtRange;
  readonly Comments: EtComments;
  Activate(): unknown;
  readonly Parent: unknown;
}

export interface EtSheets {
  readonly Count: number;
  /** 1-based, or a name. */
  Item(Index: number | string): unknown;
  Add(Before?: unknown, After?: unknown, Count?: unknown, Type?: unknown): unknown;
}

/** Kso DocumentProperty: untyped in the published typings (TypedIDispatch<any>). */
export interface EtDocumentProperty {
  readonly Name: string;
  Value: unknown;
  Delete(): unknown;
}

export interface EtDocumentProperties {
  readonly Count: number;
  Item(Index: number | string): EtDocumentProperty;
  /** Type 4 = msoPropertyTypeString. */
  Add(Name: string, LinkToContent: boolean, Type: number, Value: unknown): EtDocumentProperty;
}

export interface EtWorkbook {
  readonly Name: string;
  readonly FullName: string;
  readonly Worksheets: EtSheets;
  readonly ProtectStructure: boolean;
  /** typed `any` in et-jsapi-declare. */
  readonly CustomDocumentProperties: unknown;
  Activate(): unknown;
}

export interface EtWorkbooks {
  readonly Count: number;
  Item(Index: number | string): EtWorkbook;
}

export interface EtApiEvent {
  AddApiEventListener(EventName: string, Callback: unknown): unknown;
  RemoveApiEventListener(EventName: string, Callback: unknown): unknown;
}

export interface EtApplication {
  readonly ActiveWorkbook: EtWorkbook | null;
  readonly Workbooks: EtWorkbooks;
  /** A Range, or a shape when one is selected. */
  readonly Selection: unknown;
  readonly Version: string;
  readonly Build: unknown;
  ScreenUpdating: boolean;
  readonly ApiEvent: EtApiEvent;
}

/** The ET host of this page, if it runs inside WPS 表格: the global `Application` (or legacy `wps`). */
export function realEtApi(scope: unknown = globalThis): EtApplication | null {
  const g = scope as { Application?: unknown; wps?: unknown };
  for (const candidate of [g.Application, g.wps]) {
    if (!candidate || typeof candidate !== 'object') continue;
    const app = candidate as Partial<EtApplication> & { EtApplication?: unknown };
    // Office.js does not define these; a browser has neither.
    if ('ActiveWorkbook' in app && 'ApiEvent' in app) return app as EtApplication;
  }
  return null;
}

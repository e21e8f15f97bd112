// Compile-time proof that the real Office.js objects (@types/office-js) fit the slice the gateway
// declares in src/excel/office-api.ts: if Excel's API and the slice drift apart, `tsc` fails here (and
// office-api-compat.test.ts, which compiles this file, fails in the test run).
import type { OfficeApi, XlExcel, XlOffice, XlRange, XlRequestContext, XlWorkbook, XlWorksheet, XlWorksheetCollection } from '../../src/excel/office-api';

/** Compiles only when U is assignable to T. */
type Assignable<T, U extends T> = U;

export type RequestContextFits = Assignable<XlRequestContext, Excel.RequestContext>;
export type WorkbookFits = Assignable<XlWorkbook, Excel.Workbook>;
export type WorksheetCollectionFits = Assignable<XlWorksheetCollection, Excel.WorksheetCollection>;
export type WorksheetFits = Assignable<XlWorksheet, Excel.Worksheet>;
export type RangeFits = Assignable<XlRange, Excel.Range>;
export type ExcelFits = Assignable<XlExcel, typeof Excel>;
export type OfficeContextFits = Assignable<XlOffice['context'], typeof Office.context>;
export type OfficeFits = Assignable<XlOffice, typeof Office>;

/** What realOfficeApi() hands the gateway, built from the real globals without a cast. */
export function fromGlobals(excel: typeof Excel, office: typeof Office): OfficeApi {
  return { Excel: excel, Office: office };
}

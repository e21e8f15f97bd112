// Compile-time only (test/wps/et-typings.test.ts runs tsc on this folder): the published ET typings
// must be assignable to the slice the gateway is written against, so a renamed or retyped member in
// et-jsapi-declare fails here instead of on a clerk's machine. Kept out of the main tsconfig because
// the typings declare globals (Application, wps) the rest of the code must not lean on.
/// <reference types="et-jsapi-declare" />
import type {
  EtApplication, EtComment, EtFormatCondition, EtFormatConditions, EtRange, EtSheets, EtWorkbook, EtWorkbooks, EtWorksheet,
} from '../../../src/wps/et-api';

declare const range: Et.Range;
declare const sheet: Et.Worksheet;
declare const book: Et.Workbook;
declare const sheets: Et.Sheets;
declare const books: Et.Workbooks;
declare const fcs: Et.FormatConditions;
declare const fc: Et.FormatCondition;
declare const comment: Et.Comment;

export const checks: [EtRange, EtWorksheet, EtWorkbook, EtSheets, EtWorkbooks, EtFormatConditions, EtFormatCondition, EtComment, EtApplication] = [
  range, sheet, book, sheets, books, fcs, fc, comment, Application,
];

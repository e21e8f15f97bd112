// What every gateway module shares: the injected Office API, requirement-set checks, Excel.run with
// errors mapped to GatewayError, and the queue that keeps writes from interleaving.
import type { OfficeApi, XlRequestContext } from './office-api';
import { realOfficeApi } from './office-api';
import { GatewayError, MESSAGES, toGatewayError } from './errors';

/**
 * Minimum ExcelApi versions of the optional features. The floor is what the manifest requires; every
 * member above it is used only after `supports(...)` (test/excel/requirement-sets.test.ts checks this
 * against the annotations of @types/office-js).
 */
export const REQUIREMENTS = {
  floor: '1.7',
  worksheetsOnChanged: '1.9',
  worksheetsOnSelectionChanged: '1.9',
  mergedAreas: '1.13',
  notes: '1.18',
  /** Excel.run({ mergeUndoGroup }): every sync of one run is one undo step. */
  undoGroup: '1.20',
} as const;

export interface Session {
  readonly office: OfficeApi | null;
  /** The API, or GatewayError 'not-in-excel'. */
  need(): OfficeApi;
  supports(version: string): boolean;
  /** Excel.run with errors mapped; `sheet` names the sheet in the message when known. */
  run<T>(batch: (ctx: XlRequestContext) => Promise<T>, sheet?: string): Promise<T>;
  /**
   * For writes the user asked for: with ExcelApi 1.20 every sync of the batch is one undo step
   * (mergeUndoGroup). Returns whether that grouping was used.
   */
  runWrite<T>(batch: (ctx: XlRequestContext) => Promise<T>, sheet?: string): Promise<{ value: T; grouped: boolean }>;
  /** Runs operations one after another (a re-check must not interleave with a clear or an edit). */
  serial<T>(op: () => Promise<T>): Promise<T>;
}

export function createSession(api?: OfficeApi | null): Session {
  const office: OfficeApi | null = api === undefined ? realOfficeApi() : api;
  let queue: Promise<unknown> = Promise.resolve();

  function need(): OfficeApi {
    if (!office) throw new GatewayError('not-in-excel', MESSAGES.notInExcel);
    return office;
  }

  function supports(version: string): boolean {
    try {
      return need().Office.context.requirements.isSetSupported('ExcelApi', version) === true;
    } catch {
      return false;
    }
  }

  return {
    office,
    need,
    supports,
    async run(batch, sheet) {
      const a = need();
      try {
        return await a.Excel.run(batch);
      } catch (e) {
        throw toGatewayError(e, sheet);
      }
    },
    async runWrite(batch, sheet) {
      const a = need();
      const grouped = supports(REQUIREMENTS.undoGroup);
      try {
        const value = grouped ? await a.Excel.run({ mergeUndoGroup: true }, batch) : await a.Excel.run(batch);
        return { value, grouped };
      } catch (e) {
        throw toGatewayError(e, sheet);
      }
    },
    serial(op) {
      const next = queue.then(op, op);
      queue = next.catch(() => undefined);
      return next;
    },
  };
}

/** The workbook's file name from Office.context.document.url, when there is one. */
export function fileNameOf(url: unknown): string | undefined {
  if (typeof url !== 'string' || url === '') return undefined;
  const tail = url.split(/[\\/]/).pop() ?? '';
  const clean = tail.split(/[?#]/)[0] ?? '';
  if (!clean) return undefined;
  try {
    return decodeURIComponent(clean);
  } catch {
    return clean;
  }
}

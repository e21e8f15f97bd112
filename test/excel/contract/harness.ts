// The gateway contract: ONE list of scenarios (scenarios.ts) run against any host through a
// GatewayHarness. The Office gateway over the fake Excel host is plugged in by
// test/excel/gateway-contract.test.ts; a second host (WPS) writes its own factory and calls
// contractSuite(title, factory, capabilities) from suite.ts in a test file of its own.
import type { CellRef, WorkbookGateway } from '../../../src/excel/types';
import type { HostWorkbook, WorkbookLike } from '../../../src/host/model';

export interface HarnessCell {
  value: string | number | boolean;
  formula?: string;
  numberFormat?: string;
}

export interface GatewayHarness {
  gateway: WorkbookGateway;
  /** Everything the workbook holds (cells, formats, merges, notes, sheets, selection), comparable with toEqual. */
  state(): unknown;
  /** One cell as the host stores it; undefined for an empty cell. */
  cell(sheet: string, address: string): HarnessCell | undefined;
  sheetNames(): string[];
  /** The active sheet and its selected range (A1, no sheet name). */
  selection(): CellRef;
  /** The user types a value (raising change events). */
  userEdit(sheet: string, address: string, value: string | number): Promise<void>;
  /** The user clicks a cell (raising selection events). */
  userSelect(sheet: string, address: string): Promise<void>;
  userRenameSheet(from: string, to: string): void;
  /** Ctrl+Z once; absent where the host's undo is not modelled. */
  undo?(): boolean;
  /** The same document opened again with a fresh gateway (what was saved in it stays). */
  reopen(): GatewayHarness;
  /** Handlers currently registered with the host (for unsubscribe checks). */
  listenerCount(): number;
}

export interface HarnessOptions {
  /** Highest ExcelApi version the host offers (the Office factory honours it; others may ignore it). */
  apiVersion?: string;
  /** Model the host's undo stack (Office factory: trackUndo). */
  undo?: boolean;
}

export type GatewayFactory = (workbook: WorkbookLike, options?: HarnessOptions) => GatewayHarness;

export interface Scenario {
  name: string;
  /** Scenarios that need a host capability name it; a factory without it skips them. */
  needs?: ('undo' | 'api-version')[];
  run(factory: GatewayFactory): Promise<void>;
}

/** The harness parts that read the shared in-memory workbook directly: the same for every fake host. */
export function workbookViews(wb: HostWorkbook): Pick<GatewayHarness, 'state' | 'cell' | 'sheetNames' | 'selection' | 'userRenameSheet'> {
  return {
    state: () => wb.cellsState(),
    cell: (sheet, address) => {
      const c = wb.getCell(sheet, address);
      if (!c) return undefined;
      const out: HarnessCell = { value: c.value };
      if (c.formula !== undefined) out.formula = c.formula;
      if (c.numberFormat !== undefined) out.numberFormat = c.numberFormat;
      return out;
    },
    sheetNames: () => wb.sheets.map((s) => s.name),
    selection: () => ({ sheet: wb.activeSheet, address: wb.sheet(wb.activeSheet).selection }),
    userRenameSheet: (from, to) => wb.renameSheet(from, to),
  };
}

// The gateway contract scenarios (test/excel/contract) against the Office gateway over the fake host.
import { createOfficeGateway } from '../../src/excel/office-gateway';
import { HostWorkbook, createFakeExcel, type FakeExcelHost, type WorkbookLike } from '../../src/host/fake-excel';
import { workbookViews, type GatewayFactory, type GatewayHarness, type HarnessOptions } from './contract/harness';
import { contractSuite } from './contract/suite';

function harnessOf(host: FakeExcelHost): GatewayHarness {
  const wb = host.workbook;
  return {
    gateway: createOfficeGateway(host.api),
    ...workbookViews(wb),
    userEdit: (sheet, address, value) => host.userEdit(sheet, address, value),
    userSelect: (sheet, address) => host.userSelect(sheet, address),
    undo: host.options.trackUndo ? () => host.undo() : undefined,
    reopen: () => {
      // A new session on the same document: only what saveAsync persisted survives.
      const again = createFakeExcel(wb, { ...host.options });
      for (const [k, v] of Object.entries(host.savedSettings)) again.api.Office.context.document.settings.set(k, v);
      again.savedSettings = { ...host.savedSettings };
      return harnessOf(again);
    },
    listenerCount: () => host.listenerCount(),
  };
}

const officeFactory: GatewayFactory = (workbook: WorkbookLike, options: HarnessOptions = {}) =>
  harnessOf(createFakeExcel(HostWorkbook.fromSnapshotLike(workbook), { apiVersion: options.apiVersion ?? '1.18', trackUndo: options.undo === true }));

contractSuite('gateway contract: Office gateway over the fake Excel host', officeFactory, ['undo', 'api-version']);

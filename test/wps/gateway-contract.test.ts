// The shared gateway contract (test/excel/contract) against the WPS gateway over the fake ET host.
import { createWpsGateway } from '../../src/wps/wps-gateway';
import { HostWorkbook, createFakeWps, type FakeWpsHost } from '../../src/host/fake-wps';
import type { WorkbookLike } from '../../src/host/model';
import { workbookViews, type GatewayFactory, type GatewayHarness } from '../excel/contract/harness';
import { contractSuite } from '../excel/contract/suite';

export function wpsHarness(host: FakeWpsHost): GatewayHarness {
  const wb = host.workbook;
  return {
    gateway: createWpsGateway(host.app),
    ...workbookViews(wb),
    userEdit: (sheet, address, value) => host.userEdit(sheet, address, value),
    userSelect: (sheet, address) => host.userSelect(sheet, address),
    // Custom document properties live in the document itself: the same document opened again keeps them.
    reopen: () => {
      const again = createFakeWps(wb, { ...host.options }, host.document.name);
      again.document.properties = host.document.properties;
      return wpsHarness(again);
    },
    listenerCount: () => host.listenerCount(),
  };
}

export const wpsFactory: GatewayFactory = (workbook: WorkbookLike) => wpsHarness(createFakeWps(HostWorkbook.fromSnapshotLike(workbook)));

// WPS has neither undo grouping nor ExcelApi versions: those scenarios show as skipped.
contractSuite('gateway contract: WPS gateway over the fake ET host', wpsFactory, []);

// The same scenarios where multi-cell Value2/Formula come back Item(r, c)-wrapped instead of arrays.
const wrappedFactory: GatewayFactory = (workbook: WorkbookLike) => wpsHarness(createFakeWps(HostWorkbook.fromSnapshotLike(workbook), { itemWrapped: true }));
contractSuite('gateway contract: WPS gateway, Item-wrapped Value2', wrappedFactory, []);

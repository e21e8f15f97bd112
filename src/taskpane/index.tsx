// Task pane entry: inside WPS 表格 (a global ET Application) mount with the WPS gateway; inside Excel
// wait for office.js, then mount with the Office.js gateway; anywhere else (a plain browser, another
// Office host) explain where the pane works.
import { createOfficeGateway } from '../excel/office-gateway';
import { createWpsGateway } from '../wps/wps-gateway';
import { realEtApi } from '../wps/et-api';
import { loadEngine, mountNotInExcel, mountTaskpane, removeBootFallback } from './mount';
import { officeHostInfo, wpsHostInfo } from './host-info';

function rootElement(): HTMLElement {
  const el = document.getElementById('root');
  if (el) return el;
  const div = document.createElement('div');
  div.id = 'root';
  document.body.appendChild(div);
  return div;
}

// The bundle runs, so the browser is new enough: drop the page's fallback text before office.js is ready.
removeBootFallback();

// WPS first: its pane may also have loaded office.js, which then reports no host.
const et = realEtApi();
// Fetch the engine while office.js starts: the first check needs it right after Office.onReady.
if (et || typeof Office !== 'undefined') void loadEngine().catch(() => undefined);

if (et) {
  mountTaskpane(rootElement(), { gateway: () => createWpsGateway(et), hostInfo: () => wpsHostInfo(et) });
} else if (typeof Office === 'undefined') {
  mountNotInExcel(rootElement(), 'no-office');
} else {
  void Office.onReady((info) => {
    if (info.host === Office.HostType.Excel) {
      mountTaskpane(rootElement(), { gateway: createOfficeGateway, hostInfo: officeHostInfo });
    } else {
      // onReady resolves with host null when the page is opened in a plain browser.
      if (info.host) mountNotInExcel(rootElement(), 'wrong-host', String(info.host));
      else mountNotInExcel(rootElement(), 'no-host');
    }
  });
}

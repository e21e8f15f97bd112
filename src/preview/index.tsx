// Browser preview entry (dist/preview/preview.html, `npm run preview`): a workbook view on the left,
// the real task pane on the right, joined by the real Office.js gateway over the fake Excel host.
// office.js is never loaded: the pane gets its gateway explicitly, so its "not in Excel" check never runs.
//   preview.html?workbook=fixtures/zhuzhou-2024.xlsx   open a same-origin workbook
//   preview.html?autostart=1                           check as soon as a workbook opens, as in Excel
//   preview.html?host=wps                              the pane over the WPS gateway and a fake WPS 表格
import * as React from 'react';
import { createRoot } from 'react-dom/client';
import { PreviewController, type PreviewHostHooks } from './controller';
import { PreviewApp } from './PreviewApp';
import { loadEngine } from '../taskpane/mount';

declare global {
  interface Window {
    previewHost?: PreviewHostHooks;
  }
}

const params = new URLSearchParams(window.location.search);
const appRoot = document.getElementById('app')!;
const paneRoot = document.getElementById('pane')!;
const controller = new PreviewController({ paneRoot, autoStart: params.get('autostart') === '1', host: params.get('host') === 'wps' ? 'wps' : 'excel' });
window.previewHost = controller.hooks;
// As in Excel: the engine chunk downloads while the page starts.
void loadEngine().catch(() => undefined);

createRoot(appRoot).render(<PreviewApp controller={controller} />);

const workbook = params.get('workbook');
if (workbook) void controller.loadUrl(workbook);

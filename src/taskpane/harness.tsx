// Harness page (dist/harness.html, development builds only): the real pane, driven by an in-memory
// gateway and hand-built reports, so its states can be looked at and screenshotted without Excel.
//   harness.html?state=summary|list|empty|error|celledit|running|notexcel
//                     |templates|templates-fill|templates-occupied
// The templates states run the real engine and the real Office gateway over the fake Excel host
// (harness-templates.ts), so inserting and filling there really happens, in memory.
import type { Finding, Report } from '../engine/types';
import type { MarkOptions, WorkbookGateway } from '../excel/types';
import { createOfficeGateway } from '../excel/office-gateway';
import { HostWorkbook, createFakeExcel } from '../host/fake-excel';
import { TEMPLATE_WORKBOOK } from './harness-templates';
import { mountNotInExcel, mountTaskpane } from './mount';
import { EMPTY_REPORT, SAMPLE_REPORT, SAMPLE_SNAPSHOT } from './harness-data';

type HarnessState =
  | 'summary'
  | 'list'
  | 'empty'
  | 'error'
  | 'celledit'
  | 'running'
  | 'notexcel'
  | 'templates'
  | 'templates-fill'
  | 'templates-occupied';
const STATES: HarnessState[] = [
  'summary',
  'list',
  'empty',
  'error',
  'celledit',
  'running',
  'notexcel',
  'templates',
  'templates-fill',
  'templates-occupied',
];

class HarnessGateway implements WorkbookGateway {
  private ignored: string[] = [];
  constructor(private readonly state: HarnessState) {}

  async readSnapshot() {
    if (this.state === 'running') return new Promise<never>(() => {}); // stays in the running state
    if (this.state === 'celledit') {
      throw Object.assign(new Error('Excel is in cell-editing mode.'), { code: 'cell-edit-mode' });
    }
    if (this.state === 'error') {
      throw Object.assign(new Error('The request failed with status code of 500.'), {
        code: 'GeneralException',
        debugInfo: { errorLocation: 'Workbook.worksheets' },
      });
    }
    return SAMPLE_SNAPSHOT;
  }
  async applyMarks(findings: Finding[], options?: MarkOptions) {
    console.info(`[harness] applyMarks ${findings.length}`, options);
  }
  async clearMarks() {
    console.info('[harness] clearMarks');
  }
  async select(sheet: string, cell: string) {
    console.info(`[harness] select ${sheet}!${cell}`);
  }
  async loadIgnored() {
    return [...this.ignored];
  }
  async saveIgnored(keys: string[]) {
    this.ignored = [...keys];
  }
  async onChanged() {
    return () => {};
  }
}

const param = new URLSearchParams(window.location.search).get('state') as HarnessState | null;
const state: HarnessState = param && STATES.includes(param) ? param : 'summary';
const report: Report = state === 'empty' ? EMPTY_REPORT : SAMPLE_REPORT;
const root = document.getElementById('root')!;

if (state === 'notexcel') {
  mountNotInExcel(root, 'no-office');
} else if (state.startsWith('templates')) {
  const host = createFakeExcel(HostWorkbook.fromSnapshotLike(TEMPLATE_WORKBOOK), { url: '2024年项目支出绩效自评.xlsx' });
  const pane = mountTaskpane(root, {
    gateway: createOfficeGateway(host.api),
    storage: null,
    hostInfo: () => ({ host: 'harness', userAgent: navigator.userAgent }),
    initialTab: 'templates',
    autoStart: false,
  });
  void pane.controller.start().then(async () => {
    const t = await pane.controller.loadTemplates();
    if (state === 'templates-fill') {
      t.choose('deviation-drafts');
      await t.fillDrafts();
    }
    // The active cell is 项目1!A1 (the form's title): the insert is refused with a suggestion.
    if (state === 'templates-occupied') await t.insertAtSelection();
  });
  (window as unknown as { selfevalPane?: unknown; selfevalHost?: unknown }).selfevalPane = pane;
  (window as unknown as { selfevalHost?: unknown }).selfevalHost = host;
} else {
  const pane = mountTaskpane(root, {
    gateway: () => new HarnessGateway(state),
    check: () => report,
    storage: null,
    hostInfo: () => ({ host: 'harness', userAgent: navigator.userAgent }),
    initialTab: state === 'list' ? 'list' : 'summary',
    autoStart: state !== 'list',
  });
  if (state === 'list') {
    // Show navigation in use: the third finding is current.
    void pane.controller.start().then(() => pane.controller.goTo(2));
  }
  (window as unknown as { selfevalPane?: unknown }).selfevalPane = pane;
}

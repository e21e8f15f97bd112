import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Finding, Report, WorkbookSnapshot } from '../../src/engine/types';
import type { MarkOptions, WorkbookGateway } from '../../src/excel/types';
import {
  AUTO_RECHECK_MS,
  CELL_EDIT_MESSAGE,
  STORAGE_KEY,
  TaskpaneController,
  groupBySeverity,
  orderFindings,
  policyFor,
  type CheckFn,
} from '../../src/taskpane/controller';
import { SAMPLE_REPORT, SAMPLE_SNAPSHOT, EMPTY_REPORT } from '../../src/taskpane/harness-data';

/** A gateway that records what the pane asks of Excel and keeps ignore keys like a document would. */
class MockGateway implements WorkbookGateway {
  snapshot: WorkbookSnapshot = SAMPLE_SNAPSHOT;
  stored: string[] = [];
  marks: { keys: string[]; options?: MarkOptions }[] = [];
  cleared = 0;
  selected: [string, string][] = [];
  saved: string[][] = [];
  reads = 0;
  failRead: unknown = null;
  failSelect: unknown = null;
  failMarks: unknown = null;
  changeHandler: (() => void) | null = null;
  unsubscribed = 0;

  async readSnapshot() {
    this.reads++;
    if (this.failRead) throw this.failRead;
    return this.snapshot;
  }
  async applyMarks(findings: Finding[], options?: MarkOptions) {
    if (this.failMarks) throw this.failMarks;
    this.marks.push({ keys: findings.map((f) => f.key), options });
  }
  async clearMarks() {
    this.cleared++;
  }
  async select(sheet: string, cell: string) {
    if (this.failSelect) throw this.failSelect;
    this.selected.push([sheet, cell]);
  }
  async loadIgnored() {
    return [...this.stored];
  }
  async saveIgnored(keys: string[]) {
    this.saved.push([...keys]);
    this.stored = [...keys];
  }
  async onChanged(handler: () => void) {
    this.changeHandler = handler;
    return () => {
      this.unsubscribed++;
      this.changeHandler = null;
    };
  }
  get lastMarks() {
    return this.marks[this.marks.length - 1];
  }
}

class MemoryStore {
  data = new Map<string, string>();
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.data.set(k, v);
  }
}

function setup(report: Report = SAMPLE_REPORT, store = new MemoryStore()) {
  const gateway = new MockGateway();
  const check = vi.fn<CheckFn>(() => report);
  const controller = new TaskpaneController({
    gateway,
    check,
    storage: store,
    versions: { selfeval: '0.1.0' },
    hostInfo: () => ({ host: 'Excel', platform: 'PC', version: '16.0.17928' }),
  });
  return { gateway, check, controller, store };
}

const keysOf = (fs: Finding[]) => fs.map((f) => f.key);
const allKeys = SAMPLE_REPORT.findings.map((f) => f.key);
const errorKey = SAMPLE_REPORT.findings.find((f) => f.rule === 'execution-score')!.key;
const basicKey = SAMPLE_REPORT.findings.find((f) => f.sheet === '基础数据表')!.key;

describe('ordering helpers', () => {
  it('orders errors, then warnings, then infos; workbook order (sheet, row, column) within each', () => {
    const shuffled = [...SAMPLE_REPORT.findings].reverse();
    const sheets = SAMPLE_SNAPSHOT.sheets.map((s) => s.name);
    const ordered = orderFindings(shuffled, sheets);
    const rank = { error: 0, warning: 1, info: 2 } as const;
    for (let i = 1; i < ordered.length; i++) {
      const a = ordered[i - 1]!;
      const b = ordered[i]!;
      expect(rank[a.severity]).toBeLessThanOrEqual(rank[b.severity]);
      if (a.severity === b.severity) {
        const order = sheets.indexOf(a.sheet) - sheets.indexOf(b.sheet) || a.row - b.row || a.col - b.col;
        expect(order).toBeLessThanOrEqual(0);
      }
    }
    expect(ordered[0]!.severity).toBe('error');
  });

  it('groups consecutive findings by severity and keeps flat indexes', () => {
    const ordered = orderFindings(SAMPLE_REPORT.findings, SAMPLE_SNAPSHOT.sheets.map((s) => s.name));
    const groups = groupBySeverity(ordered);
    const present = (['error', 'warning', 'info'] as const).filter((sev) => SAMPLE_REPORT.counts[sev] > 0);
    expect(groups.map((g) => g.severity)).toEqual(present);
    const flat = groups.flatMap((g) => g.items);
    expect(flat.map((x) => x.index)).toEqual(ordered.map((_, i) => i));
    expect(flat.map((x) => x.finding)).toEqual(ordered);
  });

  it('puts sheets missing from the snapshot after the known ones', () => {
    const extra: Finding = { ...SAMPLE_REPORT.findings[0], severity: 'info', sheet: '其他', key: 'x|其他|A1' };
    const ordered = orderFindings([extra, ...SAMPLE_REPORT.findings], SAMPLE_SNAPSHOT.sheets.map((s) => s.name));
    expect(ordered[ordered.length - 1].sheet).toBe('其他');
  });
});

describe('policyFor', () => {
  it('uses the preset as is when no tolerance is given', () => {
    const r = policyFor({ preset: 'linear', tolerance: '' });
    expect('policy' in r && r.policy.reverseFormula).toBe('linear');
    expect('policy' in r && r.policy.sumTolerance).toBe('0.01');
  });
  it('overrides the sum tolerance on top of the preset', () => {
    const r = policyFor({ preset: 'stepped', tolerance: '0.02' });
    expect('policy' in r && r.policy.sumTolerance).toBe('0.02');
    expect('policy' in r && r.policy.executionScoring).toBe('stepped');
  });
  it.each(['abc', '-1', '1e3', '0.0.1', '1001'])('rejects tolerance %s with a Chinese message', (tol) => {
    const r = policyFor({ preset: 'default', tolerance: tol });
    expect('error' in r && r.error).toMatch(/尾数容差/);
  });
  it('rejects an unknown preset', () => {
    const r = policyFor({ preset: 'nope', tolerance: '' });
    expect('error' in r && r.error).toMatch(/未知的评分规则/);
  });
});

describe('TaskpaneController', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('checks on start: reads once, runs the engine with the policy, marks every finding', async () => {
    const { gateway, check, controller } = setup();
    const seen: string[] = [];
    controller.subscribe(() => seen.push(controller.getState().status));
    await controller.start();
    const s = controller.getState();
    expect(seen[0]).toBe('running');
    expect(s.status).toBe('ready');
    expect(gateway.reads).toBe(1);
    expect(check).toHaveBeenCalledTimes(1);
    expect(check.mock.calls[0][0]).toBe(SAMPLE_SNAPSHOT);
    expect(check.mock.calls[0][1].policy?.name).toBe('default');
    expect(s.counts).toEqual(SAMPLE_REPORT.counts);
    expect(new Set(gateway.lastMarks.keys)).toEqual(new Set(allKeys));
    expect(gateway.lastMarks.options).toEqual({ notes: false });
    expect(s.marksShown).toBe(true);
    expect(s.runs).toBe(1);
  });

  it('marks only non-ignored findings and hides them from the counts', async () => {
    const { gateway, controller } = setup();
    gateway.stored = [errorKey, 'stale|sheet|A1'];
    await controller.start();
    const s = controller.getState();
    expect(keysOf(s.findings)).not.toContain(errorKey);
    expect(s.counts.error).toBe(3);
    expect(s.hiddenCount).toBe(1);
    expect(gateway.lastMarks.keys).not.toContain(errorKey);
    expect(gateway.lastMarks.keys).toHaveLength(allKeys.length - 1);
  });

  it('ignore persists the key, drops the finding and re-marks without re-reading', async () => {
    const { gateway, controller } = setup();
    await controller.start();
    await controller.ignore(basicKey);
    const s = controller.getState();
    expect(gateway.saved).toEqual([[basicKey]]);
    expect(s.ignoredKeys).toEqual([basicKey]);
    const ignored = SAMPLE_REPORT.findings.find((f) => f.key === basicKey)!;
    expect(s.counts[ignored.severity]).toBe(SAMPLE_REPORT.counts[ignored.severity] - 1);
    expect(s.hiddenCount).toBe(1);
    expect(gateway.lastMarks.keys).not.toContain(basicKey);
    expect(gateway.lastMarks.keys).toHaveLength(allKeys.length - 1);
    expect(gateway.reads).toBe(1);

    // A fresh pane on the same document picks the key up again.
    const again = new TaskpaneController({ gateway, check: () => SAMPLE_REPORT });
    await again.start();
    expect(keysOf(again.getState().findings)).not.toContain(basicKey);
  });

  it('reset ignore restores every finding, saves an empty list and re-marks all', async () => {
    const { gateway, controller } = setup();
    gateway.stored = [errorKey, basicKey];
    await controller.start();
    expect(controller.getState().findings).toHaveLength(allKeys.length - 2);
    await controller.resetIgnored();
    const s = controller.getState();
    expect(gateway.saved[gateway.saved.length - 1]).toEqual([]);
    expect(s.findings).toHaveLength(allKeys.length);
    expect(s.hiddenCount).toBe(0);
    expect(new Set(gateway.lastMarks.keys)).toEqual(new Set(allKeys));
  });

  it('clear marks removes them and ignoring afterwards does not bring them back', async () => {
    const { gateway, controller } = setup();
    await controller.start();
    const marksBefore = gateway.marks.length;
    await controller.clearMarks();
    expect(gateway.cleared).toBe(1);
    expect(controller.getState().marksShown).toBe(false);
    expect(controller.getState().findings).toHaveLength(allKeys.length); // list stays
    await controller.ignore(errorKey);
    expect(gateway.marks.length).toBe(marksBefore);
    // The next check marks again.
    await controller.check();
    expect(gateway.marks.length).toBe(marksBefore + 1);
    expect(controller.getState().marksShown).toBe(true);
  });

  it('shows the cell-edit state with the Chinese instruction, and 重试 recovers', async () => {
    const { gateway, controller } = setup();
    gateway.failRead = Object.assign(new Error('Excel is in cell-editing mode'), { code: 'cell-edit-mode' });
    await controller.start();
    let s = controller.getState();
    expect(s.status).toBe('cell-edit');
    expect(s.error?.message).toBe(CELL_EDIT_MESSAGE);
    expect(CELL_EDIT_MESSAGE).toBe('请先按 Enter 或 Esc 退出单元格编辑');
    expect(gateway.marks).toHaveLength(0);
    gateway.failRead = null;
    await controller.check();
    s = controller.getState();
    expect(s.status).toBe('ready');
    expect(s.error).toBeNull();
  });

  it('treats Office\'s own InvalidOperationInCellEditMode code the same way', async () => {
    const { gateway, controller } = setup();
    gateway.failRead = { code: 'InvalidOperationInCellEditMode', message: 'The operation is not supported in cell edit mode.' };
    await controller.start();
    expect(controller.getState().status).toBe('cell-edit');
  });

  it('reports other API errors in Chinese and builds a diagnostic without cell contents', async () => {
    const { gateway, controller } = setup();
    gateway.failRead = Object.assign(new Error('Wait until the previous call completes.'), {
      code: 'GeneralException',
      debugInfo: { errorLocation: 'Range.getValues' },
    });
    await controller.start();
    const s = controller.getState();
    expect(s.status).toBe('error');
    expect(s.error?.message).toBe('读取工作簿时出错（GeneralException：Wait until the previous call completes.）。');
    const diag = JSON.parse(controller.diagnostic());
    expect(diag.error).toEqual({
      name: 'Error',
      code: 'GeneralException',
      officeCode: null,
      message: 'Wait until the previous call completes.',
      location: 'Range.getValues',
    });
    expect(diag.host).toEqual({ host: 'Excel', platform: 'PC', version: '16.0.17928' });
    expect(diag.versions).toEqual({ selfeval: '0.1.0' });
    // Nothing from the workbook: no sheet names, no finding messages.
    const text = controller.diagnostic();
    for (const sheet of SAMPLE_SNAPSHOT.sheets) expect(text).not.toContain(sheet.name);
  });

  it('keeps a gateway error that is already Chinese as it is', async () => {
    const { gateway, controller } = setup();
    gateway.failRead = Object.assign(new Error('工作簿太大，读取超时。'), { code: 'timeout' });
    await controller.start();
    expect(controller.getState().error?.message).toBe('工作簿太大，读取超时。');
  });

  it('diagnostic after a successful check carries no findings or sheet names', async () => {
    const { controller } = setup();
    await controller.start();
    const text = controller.diagnostic();
    expect(JSON.parse(text).error).toBeNull();
    for (const f of SAMPLE_REPORT.findings) {
      expect(text).not.toContain(f.sheet);
      expect(text).not.toContain(f.message);
    }
  });

  it('a failed mark write keeps the report and says so', async () => {
    const { gateway, controller } = setup();
    gateway.failMarks = { code: 'cell-edit-mode', message: 'x' };
    await controller.start();
    const s = controller.getState();
    expect(s.status).toBe('ready');
    expect(s.findings).toHaveLength(allKeys.length);
    expect(s.marksShown).toBe(false);
    expect(s.notice).toContain(CELL_EDIT_MESSAGE);
  });

  it('next / previous walk the ordered list, wrap around and select each cell', async () => {
    const { gateway, controller } = setup();
    await controller.start();
    const list = controller.getState().findings;
    await controller.next();
    expect(controller.getState().current).toBe(0);
    await controller.next();
    expect(controller.getState().current).toBe(1);
    expect(gateway.selected).toEqual([
      [list[0].sheet, list[0].cell],
      [list[1].sheet, list[1].cell],
    ]);
    await controller.previous();
    await controller.previous();
    expect(controller.getState().current).toBe(list.length - 1);
    expect(gateway.selected[gateway.selected.length - 1]).toEqual([list[list.length - 1].sheet, list[list.length - 1].cell]);
    await controller.next();
    expect(controller.getState().current).toBe(0);
  });

  it('previous from nothing selected goes to the last finding; goTo selects a given one', async () => {
    const { gateway, controller } = setup();
    await controller.start();
    const list = controller.getState().findings;
    await controller.previous();
    expect(controller.getState().current).toBe(list.length - 1);
    await controller.goTo(4);
    expect(gateway.selected[gateway.selected.length - 1]).toEqual([list[4].sheet, list[4].cell]);
  });

  it('ignoring the current finding keeps 下一个 on the one after it', async () => {
    const { controller } = setup();
    await controller.start();
    const list = controller.getState().findings;
    await controller.goTo(2);
    await controller.ignore(list[2].key);
    await controller.next();
    expect(controller.getState().findings[controller.getState().current].key).toBe(list[3].key);
  });

  it('a failed select leaves a notice, not an error state', async () => {
    const { gateway, controller } = setup();
    await controller.start();
    gateway.failSelect = { code: 'ItemNotFound', message: 'The requested resource doesn\'t exist.' };
    await controller.goTo(0);
    const s = controller.getState();
    expect(s.status).toBe('ready');
    expect(s.notice).toMatch(/^定位到“.+”[A-Z]+\d+时出错（ItemNotFound/);
  });

  it('navigation with no findings does nothing', async () => {
    const { gateway, controller } = setup(EMPTY_REPORT);
    await controller.start();
    await controller.next();
    await controller.previous();
    expect(gateway.selected).toEqual([]);
    expect(controller.getState().current).toBe(-1);
  });

  it('auto re-check debounces edits by 1.5 s and stops when switched off', async () => {
    const { gateway, controller } = setup();
    await controller.start();
    await controller.setAutoRecheck(true);
    expect(gateway.changeHandler).not.toBeNull();
    vi.advanceTimersByTime(1000); // past the own-write echo window
    gateway.changeHandler!();
    await vi.advanceTimersByTimeAsync(1000);
    gateway.changeHandler!();
    await vi.advanceTimersByTimeAsync(AUTO_RECHECK_MS - 1);
    expect(gateway.reads).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(gateway.reads).toBe(2);
    await controller.setAutoRecheck(false);
    expect(gateway.unsubscribed).toBe(1);
    expect(gateway.changeHandler).toBeNull();
  });

  it('ignores change events echoing its own mark writes', async () => {
    const { gateway, controller } = setup();
    await controller.setAutoRecheck(true);
    await controller.start();
    gateway.changeHandler!(); // arrives right after applyMarks
    await vi.advanceTimersByTimeAsync(AUTO_RECHECK_MS * 2);
    expect(gateway.reads).toBe(1);
  });

  it('remembers options and settings in storage and restores them', async () => {
    const store = new MemoryStore();
    const { controller, gateway } = setup(SAMPLE_REPORT, store);
    await controller.start();
    await controller.setNotes(true);
    expect(gateway.lastMarks.options).toEqual({ notes: true });
    await controller.setSettings({ preset: 'linear', tolerance: '0.02' });
    await controller.setAutoRecheck(true);
    expect(JSON.parse(store.getItem(STORAGE_KEY)!)).toEqual({
      autoRecheck: true,
      notes: true,
      preset: 'linear',
      tolerance: '0.02',
    });
    const { controller: next, check, gateway: g2 } = setup(SAMPLE_REPORT, store);
    expect(next.getState().options).toEqual({ autoRecheck: true, notes: true });
    expect(next.getState().settings).toEqual({ preset: 'linear', tolerance: '0.02' });
    await next.start();
    expect(g2.changeHandler).not.toBeNull(); // auto re-check resubscribed on open
    const policy = check.mock.calls[0][1].policy!;
    expect(policy.reverseFormula).toBe('linear');
    expect(policy.sumTolerance).toBe('0.02');
  });

  it('a valid settings change re-checks; an invalid one is reported and not stored', async () => {
    const store = new MemoryStore();
    const { controller, check } = setup(SAMPLE_REPORT, store);
    await controller.start();
    await controller.setSettings({ preset: 'stepped' });
    expect(check).toHaveBeenCalledTimes(2);
    expect(check.mock.calls[1][1].policy?.executionScoring).toBe('stepped');
    await controller.setSettings({ tolerance: '一分' });
    expect(controller.getState().settingsError).toMatch(/尾数容差/);
    expect(check).toHaveBeenCalledTimes(2);
    expect(JSON.parse(store.getItem(STORAGE_KEY)!).tolerance).toBe('');
    // The next check still uses the last valid settings.
    await controller.check();
    expect(check.mock.calls[2][1].policy?.executionScoring).toBe('stepped');
    expect(check.mock.calls[2][1].policy?.sumTolerance).toBe('0.01');
  });

  it('ignores corrupt storage', () => {
    const store = new MemoryStore();
    store.setItem(STORAGE_KEY, '{not json');
    const { controller } = setup(SAMPLE_REPORT, store);
    expect(controller.getState().settings).toEqual({ preset: 'default', tolerance: '' });
    store.setItem(STORAGE_KEY, JSON.stringify({ preset: 'gone', autoRecheck: 'yes' }));
    const second = setup(SAMPLE_REPORT, store).controller;
    expect(second.getState().settings.preset).toBe('default');
    expect(second.getState().options.autoRecheck).toBe(false);
  });

  it('coalesces checks requested while one is running into one more run', async () => {
    const { gateway, controller } = setup();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const read = gateway.readSnapshot.bind(gateway);
    gateway.readSnapshot = async () => {
      await gate;
      return read();
    };
    const first = controller.check();
    void controller.check();
    void controller.check();
    release();
    await first;
    expect(gateway.reads).toBe(2);
  });

  it('an empty report is ready with no findings and no marks left behind', async () => {
    const { gateway, controller } = setup(EMPTY_REPORT);
    await controller.start();
    const s = controller.getState();
    expect(s.status).toBe('ready');
    expect(s.report?.forms).toEqual([]);
    expect(gateway.lastMarks.keys).toEqual([]); // replaces any marks from a previous session
  });

  it('an engine exception becomes an error state, not a crash', async () => {
    const gateway = new MockGateway();
    const controller = new TaskpaneController({
      gateway,
      check: () => {
        throw new TypeError('boom');
      },
    });
    await controller.start();
    expect(controller.getState().status).toBe('error');
    expect(controller.getState().error?.message).toBe('检查工作簿时出错（boom）。');
  });
});

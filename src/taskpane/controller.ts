// The task pane's logic, free of React and Office.js so it can be tested in Node with a mock
// gateway: run a check, keep the ignore list, apply/clear marks, step through findings, debounce
// re-checks after edits, persist settings. The view subscribes to state snapshots.
import { POLICY_PRESETS, resolvePolicy, type ScoringPolicy } from '../engine/scoring/policy';
import type { CheckOptions } from '../engine/check';
import type { Finding, Report, Severity, WorkbookSnapshot } from '../engine/types';
import type { CellRef, CellState, IgnoreEntry, WorkbookGateway } from '../excel/types';
import { copyText } from './clipboard';
import { CELL_EDIT_MESSAGE, describeError, errorCode, errorMessage, isCellEditError } from './errors';
import {
  exportRows,
  firstCell,
  listText,
  normaliseEntries,
  orderFindings,
  planFixes,
  type PlannedFix,
} from './findings';
import { cellRef } from './format';
import type { TemplatesController } from './templates';

export { groupBySeverity, orderFindings, planFixes, type PlannedFix } from './findings';

export { CELL_EDIT_MESSAGE, describeError, errorCode, isCellEditError } from './errors';

export type CheckFn = (snapshot: WorkbookSnapshot, options: CheckOptions) => Report;

/** What the pane shows in its main area. */
export type PaneStatus = 'idle' | 'running' | 'ready' | 'cell-edit' | 'error';

export interface PaneOptions {
  /** Re-check 1.5 s after the last edit (gateway.onChanged). */
  autoRecheck: boolean;
  /** Also write the explanation as cell notes when marking. */
  notes: boolean;
}

export interface PaneSettings {
  /** Key of POLICY_PRESETS. */
  preset: string;
  /** 尾数容差 for sums of parts; "" = the preset's own value. */
  tolerance: string;
}

export interface PaneError {
  /** zh-CN, shown to the user. */
  message: string;
  code?: string;
}

export type SeverityFilter = Severity | 'all';

/** A finding the clerk ignored, with the reason she gave. */
export interface IgnoredItem {
  finding: Finding;
  reason: string;
  at?: string;
}

/** The last 改正 (or 全部改正): what the cells held before, for 撤销. */
export interface LastEdit {
  /** "项目1!H5" per cell written. */
  cells: string[];
  /** What each cell held before, in write order. */
  before: CellState[];
  /** The host grouped every write as one undo step (Ctrl+Z undoes it); otherwise the pane offers 撤销. */
  hostUndo: boolean;
  /** zh-CN, what was done, e.g. "已改正 项目1!H5：9.68 改为 9.66". */
  text: string;
}

/** A result the pane shows and announces (改正, 撤销, 导出, 复制). */
export interface PaneMessage {
  intent: 'success' | 'warning' | 'error' | 'info';
  /** zh-CN. */
  text: string;
}

export interface PaneState {
  status: PaneStatus;
  report: Report | null;
  /** Non-ignored findings: errors, warnings, infos, each in workbook order (sheet, row, column). */
  findings: Finding[];
  /** Counts of the non-ignored findings. */
  counts: Record<Severity, number>;
  /** Which severity the list shows ('all': every one); 上一个/下一个 walk the shown ones. */
  filter: SeverityFilter;
  /** Every 忽略 stored in the workbook (also for findings the current report does not have). */
  ignoreEntries: IgnoreEntry[];
  /** Keys of ignoreEntries (kept for older callers). */
  ignoredKeys: string[];
  /** Findings of the current report the clerk ignored, in list order, with reasons. */
  ignored: IgnoredItem[];
  /** ignored.length: the counts' 已忽略 N. */
  hiddenCount: number;
  /** Index into findings of the one last selected, -1 when none. */
  current: number;
  /** Bumped when a selection in the sheet picked a finding: the view shows the list and that item. */
  selectionSeq: number;
  /** Where keyboard focus should go after the list changed under it (忽略): a finding key, or null for the list itself. */
  focus: { key: string | null; seq: number };
  /** Whether the add-in's marks are currently in the workbook. */
  marksShown: boolean;
  /** A 改正/撤销/导出 in progress. */
  busy: 'fix' | 'undo' | 'export' | 'copy' | null;
  lastEdit: LastEdit | null;
  message: PaneMessage | null;
  error: PaneError | null;
  /** A non-blocking message (a select or save that failed), zh-CN. */
  notice: string | null;
  options: PaneOptions;
  settings: PaneSettings;
  settingsError: string | null;
  /** Finished checks since mount; lets the view announce completion. */
  runs: number;
}

/** What 改正 did: written, or it needs the clerk to confirm overwriting a formula, or it failed. */
export type FixOutcome =
  | { status: 'done' }
  | { status: 'confirm'; formula: string; plan: PlannedFix }
  | { status: 'failed'; message: string }
  | { status: 'none' };

/** The subset of Web Storage the controller uses (localStorage in the pane, a Map in tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface ControllerDeps {
  gateway: WorkbookGateway;
  /** The engine; or `loadCheck`, which fetches it (a chunk requested when the pane starts loading). */
  check?: CheckFn;
  loadCheck?: () => Promise<CheckFn>;
  storage?: KeyValueStore | null;
  /** Host facts for the diagnostic (Office version, platform, requirement sets); never cell contents. */
  hostInfo?: () => Record<string, unknown>;
  /** Product and library versions for the diagnostic. */
  versions?: Record<string, string>;
  /** Debounce for re-checks after edits. */
  debounceMs?: number;
  /** Clipboard write for the 模板 tab (navigator.clipboard with an execCommand fallback by default). */
  copy?: (text: string) => Promise<boolean>;
}

export const STORAGE_KEY = 'selfeval.taskpane.v1';
export const AUTO_RECHECK_MS = 1500;
/** Change events this soon after our own write are echoes of it (marks, notes), not user edits. */
const OWN_WRITE_ECHO_MS = 500;

const DEFAULT_OPTIONS: PaneOptions = { autoRecheck: false, notes: false };
const DEFAULT_SETTINGS: PaneSettings = { preset: 'default', tolerance: '' };

const TOLERANCE_RE = /^\d+(\.\d+)?$/;

/** The policy for these settings, or a zh-CN reason why they are invalid. */
export function policyFor(settings: PaneSettings): { policy: ScoringPolicy } | { error: string } {
  if (!POLICY_PRESETS[settings.preset]) {
    return { error: `未知的评分规则“${settings.preset}”，请重新选择。` };
  }
  const tol = settings.tolerance.trim();
  if (tol === '') {
    const r = resolvePolicy(settings.preset);
    return r.ok ? { policy: r.policy } : { error: r.errors.join(' ') };
  }
  // Validate here too: resolvePolicy's messages name the JSON field, the pane names the input.
  if (!TOLERANCE_RE.test(tol) || Number(tol) > 1000) {
    return { error: '尾数容差必须是 0 到 1000 之间的数字（万元），例如 0.01。' };
  }
  const r = resolvePolicy({ extends: settings.preset, sumTolerance: tol });
  return r.ok ? { policy: r.policy } : { error: r.errors.join(' ') };
}

function countFindings(findings: Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

export class TaskpaneController {
  private state: PaneState;
  private readonly listeners = new Set<() => void>();
  private readonly deps: ControllerDeps;
  private ignoredLoaded = false;
  private sheetOrder: string[] = [];
  private running: Promise<void> | null = null;
  private rerun = false;
  private unsubscribeChanges: (() => void) | null = null;
  private subscribing: Promise<void> | null = null;
  private debounceTimer: ReturnType<typeof setTimeout> | null = null;
  private writing = 0;
  private lastOwnWrite = 0;
  private lastError: unknown = null;
  private disposed = false;
  /** The last valid settings: what checks use and what is stored. */
  private appliedSettings: PaneSettings;
  /** The 模板 tab's controller, loaded with its code when the tab is first opened (loadTemplates). */
  private templatesController: TemplatesController | null = null;
  private templatesLoading: Promise<TemplatesController> | null = null;
  /** The snapshot of the last check: formulas for 改正's confirmation. */
  private snapshot: WorkbookSnapshot | null = null;
  private unsubscribeSelection: (() => void) | null = null;
  private selectionSubscribed = false;
  private focusSeq = 0;

  constructor(deps: ControllerDeps) {
    this.deps = deps;
    const stored = this.readStorage();
    this.state = {
      status: 'idle',
      report: null,
      findings: [],
      counts: { error: 0, warning: 0, info: 0 },
      filter: 'all',
      ignoreEntries: [],
      ignoredKeys: [],
      ignored: [],
      hiddenCount: 0,
      current: -1,
      selectionSeq: 0,
      focus: { key: null, seq: 0 },
      marksShown: false,
      busy: null,
      lastEdit: null,
      message: null,
      error: null,
      notice: null,
      options: { ...DEFAULT_OPTIONS, ...stored.options },
      settings: { ...DEFAULT_SETTINGS, ...stored.settings },
      settingsError: null,
      runs: 0,
    };
    if ('error' in policyFor(this.state.settings)) this.state.settings = { ...DEFAULT_SETTINGS };
    this.appliedSettings = this.state.settings;
  }

  // --- store protocol (useSyncExternalStore) ---------------------------------------------

  getState = (): PaneState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<PaneState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  // --- lifecycle ---------------------------------------------------------------------------

  /** Runs the first check (the pane checks once on open) and restores the auto re-check subscription. */
  async start(): Promise<void> {
    if (this.state.options.autoRecheck) await this.subscribeChanges();
    await this.check();
  }

  /** The 模板 tab's controller once loaded (loadTemplates), else null. */
  get templates(): TemplatesController | null {
    return this.templatesController;
  }

  /** Loads the 模板 tab's code (a separate chunk: most clerks never open it) and its controller. */
  loadTemplates(): Promise<TemplatesController> {
    if (this.templatesController) return Promise.resolve(this.templatesController);
    this.templatesLoading ??= import(/* webpackChunkName: "templates" */ './templates').then(({ TemplatesController: T }) => {
      const t = new T({
        gateway: this.deps.gateway,
        copy: this.deps.copy ?? copyText,
        ownWrite: (op) => this.ownWrite(op),
      });
      if (this.state.report) t.setReport(this.state.report);
      this.templatesController = t;
      return t;
    });
    return this.templatesLoading;
  }

  /** Sheet selections pick their finding in the list (ExcelApi 1.7 events, behind the gateway's own check). */
  private async subscribeSelection(): Promise<void> {
    const on = this.deps.gateway.onSelectionChanged;
    if (!on || this.selectionSubscribed) return;
    this.selectionSubscribed = true;
    try {
      const off = await on.call(this.deps.gateway, (ref) => this.onSheetSelection(ref));
      if (this.disposed) off();
      else this.unsubscribeSelection = off;
    } catch {
      // Hosts without selection events still work; the red cell then explains itself in its note only.
    }
  }

  /** A cell selected in the sheet: select its finding in the pane, if it has one. */
  onSheetSelection(ref: CellRef): void {
    if (this.disposed || !this.state.report) return;
    const cell = firstCell(ref.address);
    const index = this.state.findings.findIndex((f) => f.sheet === ref.sheet && f.cell.replace(/\$/g, '').toUpperCase() === cell);
    if (index < 0) return;
    const f = this.state.findings[index]!;
    const filter = this.state.filter === 'all' || this.state.filter === f.severity ? this.state.filter : 'all';
    if (index === this.state.current && filter === this.state.filter) return;
    this.set({ current: index, filter, selectionSeq: this.state.selectionSeq + 1 });
  }

  dispose(): void {
    this.disposed = true;
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    this.debounceTimer = null;
    this.unsubscribeChanges?.();
    this.unsubscribeChanges = null;
    this.unsubscribeSelection?.();
    this.unsubscribeSelection = null;
    this.listeners.clear();
    this.templatesController?.dispose();
  }

  /** A write the pane makes: change events it raises are echoes, not user edits. */
  private async ownWrite<T>(op: () => Promise<T>): Promise<T> {
    this.writing++;
    try {
      return await op();
    } finally {
      this.writing--;
      this.lastOwnWrite = Date.now();
    }
  }

  // --- checking ----------------------------------------------------------------------------

  /** Reads the workbook, runs the engine, marks non-ignored findings. Calls during a run coalesce into one more run. */
  check(): Promise<void> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.rerun = false;
        await this.runOnce();
      } while (this.rerun && !this.disposed);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runOnce(): Promise<void> {
    const policy = policyFor(this.appliedSettings);
    if ('error' in policy) {
      this.set({ settingsError: policy.error });
      return;
    }
    this.set({ status: 'running', error: null, notice: null });
    let report: Report;
    let entries = this.state.ignoreEntries;
    let stage = '加载检查程序';
    let check: CheckFn;
    try {
      check = this.deps.check ?? (await this.deps.loadCheck!());
    } catch (e) {
      this.lastError = e;
      this.set({ status: 'error', error: { message: '检查程序未能加载，请关闭任务窗格后重新打开。', code: errorCode(e) } });
      return;
    }
    stage = '读取工作簿';
    // Fused check only: set by the compute callback (a holder, as the closure assigns it).
    const fused: { report?: Report; view?: ReturnType<TaskpaneController['visible']> } = {};
    // undefined: marks not written yet (separate flow); null: written; else why they were not.
    let marked: { error: unknown } | null | undefined;
    try {
      if (!this.ignoredLoaded) {
        entries = await this.loadEntries();
        this.ignoredLoaded = true;
      }
      const checkAndMark = this.deps.gateway.checkAndMark;
      if (checkAndMark) {
        // Read, check and mark in one Excel.run: 3 read syncs + 1 write sync whatever the sheet count.
        const keys = entries;
        let echoing = false;
        try {
          await checkAndMark.call(
            this.deps.gateway,
            (snapshot) => {
              this.snapshot = snapshot;
              this.sheetOrder = snapshot.sheets.map((s) => s.name);
              stage = '检查工作簿';
              fused.report = check(snapshot, { policy: policy.policy });
              fused.view = this.visible(fused.report, keys);
              // From here on, change events are echoes of our own marks.
              this.writing++;
              echoing = true;
              return fused.view.findings;
            },
            { notes: this.state.options.notes },
          );
          marked = null;
        } catch (e) {
          if (!fused.view) throw e; // reading or checking failed: reported as before
          marked = { error: e };
        } finally {
          if (echoing) {
            this.writing--;
            this.lastOwnWrite = Date.now();
          }
        }
        report = fused.report!;
      } else {
        const snapshot = await this.deps.gateway.readSnapshot();
        this.snapshot = snapshot;
        this.sheetOrder = snapshot.sheets.map((s) => s.name);
        stage = '检查工作簿';
        report = check(snapshot, { policy: policy.policy });
      }
    } catch (e) {
      this.lastError = e;
      if (isCellEditError(e)) {
        this.set({ status: 'cell-edit', error: { message: CELL_EDIT_MESSAGE, code: errorCode(e) } });
      } else {
        this.set({ status: 'error', error: { message: describeError(e, stage), code: errorCode(e) } });
      }
      return;
    }
    this.lastError = null;
    const previousKey = this.state.findings[this.state.current]?.key;
    const view = fused.view ?? this.visible(report, entries);
    const current = previousKey ? view.findings.findIndex((f) => f.key === previousKey) : -1;
    this.set({
      status: 'ready',
      report,
      ...view,
      current,
      settingsError: null,
      runs: this.state.runs + 1,
    });
    this.templatesController?.setReport(report);
    // Once there are findings to point at, a selected cell can select its finding.
    void this.subscribeSelection();
    if (marked === undefined) await this.writeMarks(view.findings);
    else if (marked === null) this.set({ marksShown: true });
    else this.set(this.marksFailed(marked.error));
  }

  private visible(report: Report, entries: IgnoreEntry[]) {
    const byKey = new Map(entries.map((e) => [e.key, e]));
    const ordered = orderFindings(report.findings, this.sheetOrder);
    const findings: Finding[] = [];
    const ignored: IgnoredItem[] = [];
    for (const f of ordered) {
      const e = byKey.get(f.key);
      if (e) ignored.push({ finding: f, reason: e.reason, ...(e.at ? { at: e.at } : {}) });
      else findings.push(f);
    }
    return {
      findings,
      counts: countFindings(findings),
      ignoreEntries: entries,
      ignoredKeys: entries.map((e) => e.key),
      ignored,
      hiddenCount: ignored.length,
    };
  }

  /** Replaces the marks with marks for these findings; a failure leaves the report up with a notice. */
  private async writeMarks(findings: Finding[]): Promise<void> {
    this.writing++;
    try {
      await this.deps.gateway.applyMarks(findings, { notes: this.state.options.notes });
      this.set({ marksShown: true });
    } catch (e) {
      this.set(this.marksFailed(e));
    } finally {
      this.writing--;
      this.lastOwnWrite = Date.now();
    }
  }

  private marksFailed(e: unknown): Partial<PaneState> {
    return {
      marksShown: false,
      notice: isCellEditError(e) ? `标记未能写入：${CELL_EDIT_MESSAGE}，然后点“重新检查”。` : describeError(e, '写入标记'),
    };
  }

  /** Removes every mark the add-in added; the findings stay listed. */
  async clearMarks(): Promise<void> {
    this.writing++;
    try {
      await this.deps.gateway.clearMarks();
      this.set({ marksShown: false, notice: null });
    } catch (e) {
      this.set({
        notice: isCellEditError(e) ? `${CELL_EDIT_MESSAGE}，然后再点“清除标记”。` : describeError(e, '清除标记'),
      });
    } finally {
      this.writing--;
      this.lastOwnWrite = Date.now();
    }
  }

  // --- ignore list -------------------------------------------------------------------------

  /** Ignore entries from the workbook; hosts that only keep keys give reason ''. */
  private async loadEntries(): Promise<IgnoreEntry[]> {
    const gw = this.deps.gateway;
    if (gw.loadIgnoreEntries) return normaliseEntries(await gw.loadIgnoreEntries());
    return normaliseEntries((await gw.loadIgnored()).map((key) => ({ key, reason: '' })));
  }

  /**
   * Ignores a finding with the clerk's reason (required for an error). Returns a zh-CN reason the
   * ignore was refused, or null. The highlight moves to the next finding on the same sheet.
   */
  async ignore(key: string, reason = ''): Promise<string | null> {
    if (this.state.ignoredKeys.includes(key)) return null;
    const finding = this.state.findings.find((f) => f.key === key);
    const why = reason.trim().slice(0, 200);
    if (finding?.severity === 'error' && why === '') return '忽略错误前请写明理由，审核人员打开工作簿时会看到。';
    const at = new Date().toISOString();
    await this.updateIgnored([...this.state.ignoreEntries, { key, reason: why, at }], finding);
    return null;
  }

  /** Shows an ignored finding again. */
  async unignore(key: string): Promise<void> {
    if (!this.state.ignoredKeys.includes(key)) return;
    await this.updateIgnored(this.state.ignoreEntries.filter((e) => e.key !== key));
  }

  async resetIgnored(): Promise<void> {
    if (this.state.ignoreEntries.length === 0) return;
    await this.updateIgnored([]);
  }

  private async updateIgnored(entries: IgnoreEntry[], ignoredNow?: Finding): Promise<void> {
    const previousKey = this.state.findings[this.state.current]?.key;
    const report = this.state.report;
    const view = report
      ? this.visible(report, entries)
      : { findings: [], counts: this.state.counts, ignoreEntries: entries, ignoredKeys: entries.map((e) => e.key), ignored: [], hiddenCount: 0 };
    let current = previousKey ? view.findings.findIndex((f) => f.key === previousKey) : -1;
    let focusKey: string | null = null;
    let select: Finding | null = null;
    if (ignoredNow) {
      // Stay on the same sheet: the next finding there after the ignored one (in list order), else the one before.
      const shown = this.shownOf(view.findings);
      const oldIndex = this.state.findings.findIndex((f) => f.key === ignoredNow.key);
      const after = shown.find((f) => f.sheet === ignoredNow.sheet && this.state.findings.indexOf(f) > oldIndex);
      const before = [...shown].reverse().find((f) => f.sheet === ignoredNow.sheet);
      const target = after ?? before ?? null;
      current = target ? view.findings.indexOf(target) : -1;
      focusKey = target?.key ?? null;
      select = target;
    }
    this.set({ ...view, current, notice: null, focus: ignoredNow ? { key: focusKey, seq: ++this.focusSeq } : this.state.focus });
    this.writing++;
    try {
      const gw = this.deps.gateway;
      if (gw.saveIgnoreEntries) await gw.saveIgnoreEntries(entries);
      else await gw.saveIgnored(entries.map((e) => e.key));
    } catch (e) {
      this.set({ notice: `忽略列表未能保存到工作簿：${describeError(e, '保存')}` });
    } finally {
      this.writing--;
      this.lastOwnWrite = Date.now();
    }
    if (report && this.state.marksShown) await this.writeMarks(view.findings);
    if (select) await this.selectCell(select);
  }

  // --- filter and navigation -----------------------------------------------------------------

  /** The findings the list shows under the current filter. */
  shown(): Finding[] {
    return this.shownOf(this.state.findings);
  }

  private shownOf(findings: Finding[]): Finding[] {
    const f = this.state.filter;
    return f === 'all' ? findings : findings.filter((x) => x.severity === f);
  }

  setFilter(filter: SeverityFilter): void {
    if (filter === this.state.filter) return;
    const cur = this.state.findings[this.state.current];
    const keep = cur && (filter === 'all' || cur.severity === filter);
    this.set({ filter, current: keep ? this.state.current : -1 });
  }

  /** Makes findings[index] current and selects its cell in Excel. */
  async goTo(index: number): Promise<void> {
    const f = this.state.findings[index];
    if (!f) return;
    this.set({ current: index });
    await this.selectCell(f);
  }

  private async selectCell(f: Finding): Promise<void> {
    try {
      await this.deps.gateway.select(f.sheet, f.cell);
      if (this.state.notice) this.set({ notice: null });
    } catch (e) {
      this.set({
        notice: isCellEditError(e)
          ? `${CELL_EDIT_MESSAGE}，然后再定位。`
          : describeError(e, `定位到“${f.sheet}”${f.cell}`),
      });
    }
  }

  private step(delta: 1 | -1): Promise<void> {
    const shown = this.shown();
    const n = shown.length;
    if (n === 0) return Promise.resolve();
    const cur = this.state.findings[this.state.current];
    const at = cur ? shown.indexOf(cur) : -1;
    const nextAt = at < 0 ? (delta > 0 ? 0 : n - 1) : (at + delta + n) % n;
    return this.goTo(this.state.findings.indexOf(shown[nextAt]!));
  }

  next(): Promise<void> {
    return this.step(1);
  }

  previous(): Promise<void> {
    return this.step(-1);
  }

  // --- 改正 --------------------------------------------------------------------------------

  /** Whether this host can write a correction at all. */
  canFix(): boolean {
    return typeof this.deps.gateway.editCell === 'function';
  }

  /** Whether the pane can put back what 改正 replaced (its own 撤销, offered even where Ctrl+Z also works). */
  canUndo(): boolean {
    return typeof this.deps.gateway.restoreCell === 'function';
  }

  /** The writes 改正 would make for one finding ([]: it has no definite correction). */
  planFor(key: string): PlannedFix | null {
    const f = this.state.findings.find((x) => x.key === key);
    return f ? this.planOf(f) : null;
  }

  /** planFor without the lookup (the list renders one per item). */
  planOf(f: Finding): PlannedFix | null {
    return f.fix ? (planFixes([f], this.snapshot)[0] ?? null) : null;
  }

  /** The writes 全部改正 would make: every non-ignored finding with a definite correction, one per cell. */
  planAll(): PlannedFix[] {
    return planFixes(this.state.findings, this.snapshot);
  }

  /**
   * 改正 one finding: writes only its cell's value and/or number format, then re-checks. A cell holding a
   * formula is written only when `confirmFormula` names that formula (the pane asked the clerk first).
   */
  async fix(key: string, confirmFormula?: string): Promise<FixOutcome> {
    const plan = this.planFor(key);
    if (!plan) return { status: 'none' };
    if (plan.formula && confirmFormula !== plan.formula) return { status: 'confirm', formula: plan.formula, plan };
    return this.applyPlans([plan], `已改正 ${cellRef(plan.sheet, plan.cell)}：${plan.change}`);
  }

  /** 全部改正, after the clerk saw planAll() and said yes (formula cells included: the list named them). */
  async fixAll(plans: PlannedFix[] = this.planAll()): Promise<FixOutcome> {
    if (plans.length === 0) return { status: 'none' };
    return this.applyPlans(plans, `已改正 ${plans.length} 处`);
  }

  private async applyPlans(plans: PlannedFix[], text: string): Promise<FixOutcome> {
    const editCell = this.deps.gateway.editCell;
    if (!editCell) {
      const message = '当前环境不能改写单元格，请按“应为”手动修改。';
      this.set({ message: { intent: 'warning', text: message } });
      return { status: 'failed', message };
    }
    this.set({ busy: 'fix', message: null });
    const before: CellState[] = [];
    const cells: string[] = [];
    let hostUndo = true;
    let failure: string | null = null;
    await this.ownWrite(async () => {
      for (const p of plans) {
        try {
          const r = await editCell.call(this.deps.gateway, p.formula ? { ...p.edit, confirmFormula: p.formula } : p.edit);
          before.push(r.before);
          cells.push(cellRef(p.sheet, p.cell));
          hostUndo &&= r.hostUndo;
        } catch (e) {
          failure = isCellEditError(e)
            ? `${CELL_EDIT_MESSAGE}，然后再点“改正”。`
            : errorCode(e) === 'formula-cell'
              ? `${cellRef(p.sheet, p.cell)} 现在含有公式，未改写。请重新检查后再改正。`
              : describeError(e, `改正 ${cellRef(p.sheet, p.cell)}`);
          break;
        }
      }
    });
    const lastEdit: LastEdit | null = before.length ? { cells, before, hostUndo: hostUndo && before.length === 1, text } : this.state.lastEdit;
    const done = before.length === plans.length;
    this.set({
      busy: null,
      lastEdit,
      message: done
        ? { intent: 'success', text: `${text}。${lastEdit!.hostUndo ? '也可按 Ctrl+Z 撤销。' : ''}` }
        : { intent: 'error', text: before.length ? `已改正 ${before.length} 处后停止：${failure}` : failure! },
    });
    if (before.length) await this.check();
    return done ? { status: 'done' } : { status: 'failed', message: failure! };
  }

  /** 撤销: writes back what the last 改正 replaced (value, number format, formula), then re-checks. */
  async undo(): Promise<void> {
    const last = this.state.lastEdit;
    const restore = this.deps.gateway.restoreCell;
    if (!last || !restore) return;
    this.set({ busy: 'undo', message: null });
    let failure: string | null = null;
    await this.ownWrite(async () => {
      for (const b of [...last.before].reverse()) {
        try {
          await restore.call(this.deps.gateway, b);
        } catch (e) {
          failure = isCellEditError(e) ? `${CELL_EDIT_MESSAGE}，然后再点“撤销”。` : describeError(e, `撤销 ${cellRef(b.sheet, b.cell)}`);
          break;
        }
      }
    });
    this.set({
      busy: null,
      lastEdit: failure ? last : null,
      message: failure ? { intent: 'error', text: failure } : { intent: 'success', text: `已撤销：${last.cells.join('、')} 恢复为改正前的内容。` },
    });
    if (!failure) await this.check();
  }

  dismissMessage(): void {
    if (this.state.message) this.set({ message: null });
  }

  // --- 问题清单 ----------------------------------------------------------------------------

  /** The 问题清单 rows (header first): active findings, then ignored ones with their reasons. */
  exportRows(): string[][] {
    const report = this.state.report;
    return report ? exportRows(report, this.state.findings, this.state.ignored) : [];
  }

  /** 导出问题清单: a new sheet 问题清单 (or 问题清单(2) …) holding the list as text; overwrites nothing. */
  async exportList(): Promise<void> {
    const insert = this.deps.gateway.insertTable;
    const rows = this.exportRows();
    if (rows.length <= 1) return;
    if (!insert) {
      this.set({ message: { intent: 'warning', text: '当前环境不能插入工作表，请用“复制”把问题清单粘贴到别处。' } });
      return;
    }
    this.set({ busy: 'export', message: null });
    try {
      const r = await this.ownWrite(() => insert.call(this.deps.gateway, rows, { sheetName: '问题清单' }));
      this.set({ busy: null, message: { intent: 'success', text: `已导出 ${rows.length - 1} 项到新工作表“${r.sheet}”。` } });
    } catch (e) {
      this.set({
        busy: null,
        message: { intent: 'error', text: isCellEditError(e) ? `${CELL_EDIT_MESSAGE}，然后再导出。` : describeError(e, '导出问题清单') },
      });
    }
  }

  /** The 问题清单 as plain text (what 复制 puts on the clipboard). */
  listText(): string {
    return listText(this.snapshot?.fileName, this.exportRows());
  }

  /** 复制: the list as plain text on the clipboard; false when the clipboard refused (the view then shows the text). */
  async copyList(): Promise<boolean> {
    const text = this.listText();
    const ok = await (this.deps.copy ?? copyText)(text);
    this.set({
      message: ok
        ? { intent: 'success', text: `问题清单已复制（${this.exportRows().length - 1} 项），可粘贴到邮件或聊天中。` }
        : { intent: 'warning', text: '无法自动复制，请手动复制下面的文字。' },
    });
    return ok;
  }

  // --- options and settings ----------------------------------------------------------------

  async setAutoRecheck(on: boolean): Promise<void> {
    this.set({ options: { ...this.state.options, autoRecheck: on } });
    this.writeStorage();
    if (on) await this.subscribeChanges();
    else {
      if (this.debounceTimer) clearTimeout(this.debounceTimer);
      this.debounceTimer = null;
      this.unsubscribeChanges?.();
      this.unsubscribeChanges = null;
    }
  }

  /** Notes follow the option on the next write; marks already shown are rewritten now. */
  async setNotes(on: boolean): Promise<void> {
    this.set({ options: { ...this.state.options, notes: on } });
    this.writeStorage();
    if (this.state.report && this.state.marksShown) await this.writeMarks(this.state.findings);
  }

  /** Validates and stores new settings; a valid change re-checks when a report is showing. */
  async setSettings(patch: Partial<PaneSettings>): Promise<void> {
    const settings = { ...this.state.settings, ...patch };
    const r = policyFor(settings);
    if ('error' in r) {
      this.set({ settings, settingsError: r.error });
      return;
    }
    const changed = JSON.stringify(this.appliedSettings) !== JSON.stringify(settings);
    this.appliedSettings = settings;
    this.set({ settings, settingsError: null });
    this.writeStorage();
    if (changed && this.state.report) await this.check();
  }

  private async subscribeChanges(): Promise<void> {
    if (this.unsubscribeChanges || this.subscribing) return this.subscribing ?? undefined;
    this.subscribing = (async () => {
      try {
        const off = await this.deps.gateway.onChanged(() => this.onWorkbookChanged());
        if (this.state.options.autoRecheck && !this.disposed) this.unsubscribeChanges = off;
        else off();
      } catch (e) {
        this.set({
          options: { ...this.state.options, autoRecheck: false },
          notice: `无法监听编辑，自动重新检查已关闭：${describeError(e, '注册事件')}`,
        });
      } finally {
        this.subscribing = null;
      }
    })();
    return this.subscribing;
  }

  private onWorkbookChanged(): void {
    if (!this.state.options.autoRecheck || this.disposed) return;
    if (this.writing > 0 || Date.now() - this.lastOwnWrite < OWN_WRITE_ECHO_MS) return;
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = null;
      void this.check();
    }, this.deps.debounceMs ?? AUTO_RECHECK_MS);
  }

  // --- diagnostics -------------------------------------------------------------------------

  /** JSON for 复制诊断信息: the error, host facts and versions. Never cell contents or findings. */
  diagnostic(): string {
    const e = this.lastError;
    let host: Record<string, unknown> = {};
    try {
      host = this.deps.hostInfo?.() ?? {};
    } catch (err) {
      host = { unavailable: errorMessage(err) };
    }
    const error =
      e === null
        ? null
        : {
            name: e instanceof Error ? e.name : typeof e,
            code: errorCode(e) ?? null,
            // GatewayError keeps the Office code behind its own (e.g. InvalidOperationInCellEditMode).
            officeCode: (e as { officeCode?: unknown })?.officeCode ?? null,
            message: errorMessage(e),
            // Office errors say which API call failed; that names no cell contents.
            location: (e as { debugInfo?: { errorLocation?: unknown } })?.debugInfo?.errorLocation ?? null,
          };
    return JSON.stringify(
      {
        product: 'selfeval',
        time: new Date().toISOString(),
        status: this.state.status,
        error,
        host,
        versions: this.deps.versions ?? {},
        policy: this.appliedSettings.preset,
        customTolerance: this.appliedSettings.tolerance !== '',
        options: this.state.options,
        checks: this.state.runs,
      },
      null,
      2,
    );
  }

  // --- persistence -------------------------------------------------------------------------

  private readStorage(): { options: Partial<PaneOptions>; settings: Partial<PaneSettings> } {
    try {
      const raw = this.deps.storage?.getItem(STORAGE_KEY);
      if (!raw) return { options: {}, settings: {} };
      const data = JSON.parse(raw) as Record<string, unknown>;
      const options: Partial<PaneOptions> = {};
      const settings: Partial<PaneSettings> = {};
      if (typeof data.autoRecheck === 'boolean') options.autoRecheck = data.autoRecheck;
      if (typeof data.notes === 'boolean') options.notes = data.notes;
      if (typeof data.preset === 'string') settings.preset = data.preset;
      if (typeof data.tolerance === 'string') settings.tolerance = data.tolerance;
      return { options, settings };
    } catch {
      // Unreadable storage (private mode, corrupt JSON) just means defaults.
      return { options: {}, settings: {} };
    }
  }

  private writeStorage(): void {
    try {
      this.deps.storage?.setItem(STORAGE_KEY, JSON.stringify({ ...this.state.options, ...this.appliedSettings }));
    } catch {
      // Storage can be unavailable in some Office webviews; settings then last for the session.
    }
  }
}

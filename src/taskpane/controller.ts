// The task pane's logic, free of React and Office.js so it can be tested in Node with a mock
// gateway: run a check, keep the ignore list, apply/clear marks, step through findings, debounce
// re-checks after edits, persist settings. The view subscribes to state snapshots.
import { POLICY_PRESETS, resolvePolicy } from '../engine';
import type { CheckOptions, Finding, Report, ScoringPolicy, Severity, WorkbookSnapshot } from '../engine';
import type { WorkbookGateway } from '../excel/types';
import { copyText } from './clipboard';
import { CELL_EDIT_MESSAGE, describeError, errorCode, errorMessage, isCellEditError } from './errors';
import { TemplatesController } from './templates';

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

export interface PaneState {
  status: PaneStatus;
  report: Report | null;
  /** Non-ignored findings, ordered by sheet (workbook order), severity, row, column. */
  findings: Finding[];
  counts: Record<Severity, number>;
  ignoredKeys: string[];
  /** Findings of the current report hidden by the ignore list. */
  hiddenCount: number;
  /** Index into findings of the one last selected, -1 when none. */
  current: number;
  /** Whether the add-in's marks are currently in the workbook. */
  marksShown: boolean;
  error: PaneError | null;
  /** A non-blocking message (a select or save that failed), zh-CN. */
  notice: string | null;
  options: PaneOptions;
  settings: PaneSettings;
  settingsError: string | null;
  /** Finished checks since mount; lets the view announce completion. */
  runs: number;
}

/** The subset of Web Storage the controller uses (localStorage in the pane, a Map in tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface ControllerDeps {
  gateway: WorkbookGateway;
  check: CheckFn;
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

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

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

/** Findings in the order the list shows them and 上一个/下一个 walks them. */
export function orderFindings(findings: Finding[], sheetOrder: string[]): Finding[] {
  const rank = new Map(sheetOrder.map((s, i) => [s, i]));
  const firstSeen = new Map<string, number>();
  findings.forEach((f, i) => {
    if (!firstSeen.has(f.sheet)) firstSeen.set(f.sheet, i);
  });
  const sheetRank = (s: string) => rank.get(s) ?? sheetOrder.length + (firstSeen.get(s) ?? 0);
  return findings
    .map((f, i) => ({ f, i }))
    .sort(
      (a, b) =>
        sheetRank(a.f.sheet) - sheetRank(b.f.sheet) ||
        SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] ||
        a.f.row - b.f.row ||
        a.f.col - b.f.col ||
        a.i - b.i,
    )
    .map((x) => x.f);
}

export interface FindingGroup {
  sheet: string;
  severities: { severity: Severity; items: { finding: Finding; index: number }[] }[];
}

/** Groups an ordered finding list by sheet, then severity, keeping each item's flat index. */
export function groupFindings(findings: Finding[]): FindingGroup[] {
  const groups: FindingGroup[] = [];
  findings.forEach((finding, index) => {
    let g = groups[groups.length - 1];
    if (!g || g.sheet !== finding.sheet) {
      g = { sheet: finding.sheet, severities: [] };
      groups.push(g);
    }
    let s = g.severities[g.severities.length - 1];
    if (!s || s.severity !== finding.severity) {
      s = { severity: finding.severity, items: [] };
      g.severities.push(s);
    }
    s.items.push({ finding, index });
  });
  return groups;
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
  /** The 模板 tab: renders narrative text from the current report and writes it into the workbook. */
  readonly templates: TemplatesController;

  constructor(deps: ControllerDeps) {
    this.deps = deps;
    this.templates = new TemplatesController({
      gateway: deps.gateway,
      copy: deps.copy ?? copyText,
      ownWrite: (op) => this.ownWrite(op),
    });
    const stored = this.readStorage();
    this.state = {
      status: 'idle',
      report: null,
      findings: [],
      counts: { error: 0, warning: 0, info: 0 },
      ignoredKeys: [],
      hiddenCount: 0,
      current: -1,
      marksShown: false,
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

  dispose(): void {
    this.disposed = true;
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    this.debounceTimer = null;
    this.unsubscribeChanges?.();
    this.unsubscribeChanges = null;
    this.listeners.clear();
    this.templates.dispose();
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
    let ignoredKeys = this.state.ignoredKeys;
    let stage = '读取工作簿';
    // Fused check only: set by the compute callback (a holder, as the closure assigns it).
    const fused: { report?: Report; view?: ReturnType<TaskpaneController['visible']> } = {};
    // undefined: marks not written yet (separate flow); null: written; else why they were not.
    let marked: { error: unknown } | null | undefined;
    try {
      if (!this.ignoredLoaded) {
        ignoredKeys = [...new Set(await this.deps.gateway.loadIgnored())];
        this.ignoredLoaded = true;
      }
      const checkAndMark = this.deps.gateway.checkAndMark;
      if (checkAndMark) {
        // Read, check and mark in one Excel.run: 3 read syncs + 1 write sync whatever the sheet count.
        const keys = ignoredKeys;
        let echoing = false;
        try {
          await checkAndMark.call(
            this.deps.gateway,
            (snapshot) => {
              this.sheetOrder = snapshot.sheets.map((s) => s.name);
              stage = '检查工作簿';
              fused.report = this.deps.check(snapshot, { policy: policy.policy });
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
        this.sheetOrder = snapshot.sheets.map((s) => s.name);
        stage = '检查工作簿';
        report = this.deps.check(snapshot, { policy: policy.policy });
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
    const view = fused.view ?? this.visible(report, ignoredKeys);
    const current = previousKey ? view.findings.findIndex((f) => f.key === previousKey) : -1;
    this.set({
      status: 'ready',
      report,
      ignoredKeys,
      ...view,
      current,
      settingsError: null,
      runs: this.state.runs + 1,
    });
    this.templates.setReport(report);
    if (marked === undefined) await this.writeMarks(view.findings);
    else if (marked === null) this.set({ marksShown: true });
    else this.set(this.marksFailed(marked.error));
  }

  private visible(report: Report, ignoredKeys: string[]) {
    const ignored = new Set(ignoredKeys);
    const shown = report.findings.filter((f) => !ignored.has(f.key));
    const findings = orderFindings(shown, this.sheetOrder);
    return {
      findings,
      counts: countFindings(findings),
      hiddenCount: report.findings.length - shown.length,
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

  async ignore(key: string): Promise<void> {
    if (this.state.ignoredKeys.includes(key)) return;
    await this.updateIgnored([...this.state.ignoredKeys, key]);
  }

  async resetIgnored(): Promise<void> {
    if (this.state.ignoredKeys.length === 0) return;
    await this.updateIgnored([]);
  }

  private async updateIgnored(ignoredKeys: string[]): Promise<void> {
    const previousKey = this.state.findings[this.state.current]?.key;
    const report = this.state.report;
    const view = report ? this.visible(report, ignoredKeys) : { findings: [], counts: this.state.counts, hiddenCount: 0 };
    let current = previousKey ? view.findings.findIndex((f) => f.key === previousKey) : -1;
    // The ignored item vanished: keep the cursor where it was so 下一个 continues from there.
    if (current < 0 && this.state.current >= 0 && view.findings.length) {
      current = Math.min(this.state.current, view.findings.length) - 1;
    }
    this.set({ ignoredKeys, ...view, current, notice: null });
    this.writing++;
    try {
      await this.deps.gateway.saveIgnored(ignoredKeys);
    } catch (e) {
      this.set({ notice: `忽略列表未能保存到工作簿：${describeError(e, '保存')}` });
    } finally {
      this.writing--;
      this.lastOwnWrite = Date.now();
    }
    if (report && this.state.marksShown) await this.writeMarks(view.findings);
  }

  // --- navigation --------------------------------------------------------------------------

  /** Makes findings[index] current and selects its cell in Excel. */
  async goTo(index: number): Promise<void> {
    const f = this.state.findings[index];
    if (!f) return;
    this.set({ current: index });
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

  next(): Promise<void> {
    const n = this.state.findings.length;
    if (n === 0) return Promise.resolve();
    return this.goTo(this.state.current < 0 ? 0 : (this.state.current + 1) % n);
  }

  previous(): Promise<void> {
    const n = this.state.findings.length;
    if (n === 0) return Promise.resolve();
    return this.goTo(this.state.current < 0 ? n - 1 : (this.state.current - 1 + n) % n);
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

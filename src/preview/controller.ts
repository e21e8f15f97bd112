// The preview page's state: which workbook is open (a PreviewSession), loading and its errors, the
// task pane mounted beside it, and the window.previewHost hooks automated tests read.
import type { Severity } from '../engine/types';
import { mountTaskpane, type MountedPane } from '../taskpane/mount';
import type { WorkbookState } from '../host/model';
import { loadWorkbook } from './load';
import { PreviewSession, type PreviewSnapshot } from './session';

export type PreviewStatus = 'empty' | 'loading' | 'ready' | 'error';

export interface PreviewPageState {
  status: PreviewStatus;
  /** The file being loaded or shown. */
  fileName: string | null;
  /** zh-CN, when status is 'error'. */
  message: string | null;
  session: PreviewSession | null;
  /** Loads finished since the page opened. */
  loads: number;
}

export interface PreviewFinding {
  rule: string;
  severity: Severity;
  sheet: string;
  cell: string;
  message: string;
}

/** window.previewHost: what end-to-end tests (and curious developers) can ask the preview. */
export interface PreviewHostHooks {
  /** Resolves when the first workbook has loaded (rejects never; see status() for errors). */
  ready: Promise<void>;
  /** True once a workbook is loaded. */
  loaded: boolean;
  status(): { state: PreviewStatus; fileName: string | null; message: string | null; loads: number };
  /** Per sheet, every stored or marked cell: value, display text, number format, fill, mark. */
  snapshot(): PreviewSnapshot | null;
  /** The host's whole model (conditional formats, notes, merges, selection). */
  state(): WorkbookState | null;
  /** The active sheet and its selected range, as the gateway's select() left them. */
  selection(): { sheet: string; address: string } | null;
  /** context.sync() calls the fake host has served for the current workbook. */
  syncCount(): number;
  /** The findings the task pane lists (ignored ones excluded), in list order. */
  findings(): PreviewFinding[];
  /** Loads a same-origin URL, like ?workbook=. */
  load(url: string): Promise<void>;
  /** Closes the task pane and opens a fresh one on the same workbook (as closing and reopening it in Excel). */
  reopenPane(): void;
}

function fileNameOfUrl(url: string): string {
  const tail = url.split(/[?#]/)[0]!.split('/').pop() ?? '';
  try {
    return decodeURIComponent(tail) || 'workbook.xlsx';
  } catch {
    return tail || 'workbook.xlsx';
  }
}

export interface PreviewControllerOptions {
  /** Element the task pane mounts into (outside the React tree of the page). */
  paneRoot: HTMLElement;
  /** Run a check as soon as a workbook opens, as the pane does in Excel (default false). */
  autoStart?: boolean;
  /** 'wps': drive the pane through the WPS gateway over a fake ET host (preview.html?host=wps). */
  host?: 'excel' | 'wps';
}

export class PreviewController {
  private state: PreviewPageState = { status: 'empty', fileName: null, message: null, session: null, loads: 0 };
  private readonly listeners = new Set<() => void>();
  private pane: MountedPane | null = null;
  private paneEl: HTMLElement | null = null;
  private loadSeq = 0;
  private resolveReady!: () => void;
  readonly hooks: PreviewHostHooks;

  constructor(private readonly options: PreviewControllerOptions) {
    const ready = new Promise<void>((resolve) => (this.resolveReady = resolve));
    const self = this;
    this.hooks = {
      ready,
      loaded: false,
      status: () => ({ state: self.state.status, fileName: self.state.fileName, message: self.state.message, loads: self.state.loads }),
      snapshot: () => self.state.session?.snapshot() ?? null,
      state: () => self.state.session?.state() ?? null,
      selection: () => self.state.session?.selection() ?? null,
      syncCount: () => self.state.session?.host.syncCount ?? 0,
      findings: () =>
        (self.pane?.controller.getState().findings ?? []).map((f) => ({
          rule: f.rule,
          severity: f.severity,
          sheet: f.sheet,
          cell: f.cell,
          message: f.message,
        })),
      load: (url: string) => self.loadUrl(url),
      reopenPane: () => {
        if (self.state.session) self.mountPane(self.state.session);
      },
    };
  }

  getState = (): PreviewPageState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<PreviewPageState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  async loadFile(file: File): Promise<void> {
    const seq = ++this.loadSeq;
    this.set({ status: 'loading', fileName: file.name, message: null });
    let bytes: ArrayBuffer;
    try {
      bytes = await file.arrayBuffer();
    } catch {
      if (seq === this.loadSeq) this.set({ status: 'error', message: `无法读取文件“${file.name}”，请确认文件没有被其他程序占用。` });
      return;
    }
    await this.loadBytes(bytes, file.name, seq);
  }

  async loadUrl(url: string): Promise<void> {
    const seq = ++this.loadSeq;
    const name = fileNameOfUrl(url);
    this.set({ status: 'loading', fileName: name, message: null });
    let target: URL;
    try {
      target = new URL(url, window.location.href);
    } catch {
      this.set({ status: 'error', message: `工作簿地址无效：${url}` });
      return;
    }
    // The preview talks to nobody but the server it came from.
    if (target.origin !== window.location.origin) {
      this.set({ status: 'error', message: `只能打开与预览页同源的文件（${window.location.origin}），不能打开 ${target.origin} 上的文件。` });
      return;
    }
    let bytes: ArrayBuffer;
    try {
      const res = await fetch(target.href, { credentials: 'same-origin', cache: 'no-store' });
      if (!res.ok) {
        if (seq === this.loadSeq) this.set({ status: 'error', message: `无法下载“${name}”（HTTP ${res.status}），请确认文件存在：${target.pathname}` });
        return;
      }
      bytes = await res.arrayBuffer();
    } catch {
      if (seq === this.loadSeq) this.set({ status: 'error', message: `无法下载“${name}”，请确认预览服务仍在运行。` });
      return;
    }
    await this.loadBytes(bytes, name, seq);
  }

  private async loadBytes(bytes: ArrayBuffer, fileName: string, seq: number): Promise<void> {
    const result = await loadWorkbook(bytes, fileName);
    if (seq !== this.loadSeq) return; // a newer load started meanwhile
    if (!result.ok) {
      this.set({ status: 'error', message: result.message });
      return;
    }
    const session = new PreviewSession(result.workbook, result.layout, fileName, this.options.host ?? 'excel');
    this.mountPane(session);
    this.set({ status: 'ready', fileName, message: null, session, loads: this.state.loads + 1 });
    this.hooks.loaded = true;
    this.resolveReady();
  }

  /** A new workbook is a new document: a fresh pane instance, as Excel opens one per workbook. */
  private mountPane(session: PreviewSession): void {
    this.pane?.unmount();
    this.paneEl?.remove();
    this.options.paneRoot.querySelector('[data-pane-placeholder]')?.remove();
    const el = document.createElement('div');
    el.className = 'pane-instance';
    this.options.paneRoot.appendChild(el);
    this.paneEl = el;
    this.pane = mountTaskpane(el, {
      gateway: session.gateway,
      autoStart: this.options.autoStart === true,
      hostInfo: () => ({
        host: 'preview',
        apiVersion: session.host.apiVersion(),
        userAgent: typeof navigator !== 'undefined' ? navigator.userAgent : null,
      }),
    });
  }
}

// Mounts the pane into a page. Excel (index.tsx), the browser preview and the harness all come
// through here, each passing its own gateway, so the pane never knows which host it drives.
import * as React from 'react';
import { createRoot } from 'react-dom/client';
import { FluentProvider, webLightTheme, type Theme } from '@fluentui/react-components';
import type { HostKind, WorkbookGateway } from '../excel/types';
import { TaskpaneController, type CheckFn, type KeyValueStore } from './controller';
import { App, NotInExcel, type NotInExcelReason, type PaneTab } from './App';

declare const __SELFEVAL_VERSION__: string | undefined;

let engine: Promise<CheckFn> | null = null;

/**
 * The engine, as its own chunk. Entry points call this as early as they can (index.tsx before office.js
 * is ready), so it downloads while Office starts and the pane's first paint does not wait for it.
 */
export function loadEngine(): Promise<CheckFn> {
  engine ??= import(/* webpackChunkName: "engine" */ '../engine/check').then((m) => m.checkWorkbook);
  // A failed load may succeed on the next 检查评分.
  engine.catch(() => {
    engine = null;
  });
  return engine;
}

/** Chinese faces after Segoe UI: Windows (YaHei), Mac (PingFang), Linux (WenQuanYi). */
const theme: Theme = {
  ...webLightTheme,
  fontFamilyBase:
    "'Segoe UI', 'Microsoft YaHei', 'PingFang SC', 'Hiragino Sans GB', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif",
};

export interface MountOptions {
  /** The workbook host, or a factory for it. */
  gateway: WorkbookGateway | (() => WorkbookGateway);
  /** The engine; checkWorkbook by default. */
  check?: CheckFn;
  /** Where settings live; window.localStorage by default (null: session only). */
  storage?: KeyValueStore | null;
  hostInfo?: () => Record<string, unknown>;
  /** Run a check as soon as the pane opens (default true). */
  autoStart?: boolean;
  initialTab?: PaneTab;
}

function failingGateway(error: unknown): WorkbookGateway {
  const fail = () => Promise.reject(error);
  return {
    readSnapshot: fail,
    applyMarks: fail,
    clearMarks: fail,
    select: fail,
    loadIgnored: fail,
    saveIgnored: fail,
    onChanged: fail,
  };
}

export interface MountedPane {
  controller: TaskpaneController;
  unmount(): void;
}

function defaultStorage(): KeyValueStore | null {
  try {
    return window.localStorage;
  } catch {
    return null; // blocked storage (some webviews, private mode)
  }
}

export function appVersion(): string {
  return typeof __SELFEVAL_VERSION__ === 'string' ? __SELFEVAL_VERSION__ : 'dev';
}

/** The page's "could not start" text (taskpane.html) goes once the bundle runs. */
export function removeBootFallback(): void {
  document.getElementById('boot-fallback')?.remove();
}

/** Which host the pane drives, said plainly (the clerk may have both Excel and WPS installed). */
export const HOST_LABELS: Record<HostKind, string> = {
  excel: '当前在 Microsoft Excel 中运行',
  wps: '当前在 WPS 表格中运行',
  preview: '当前在浏览器预览中运行（不改动原文件）',
};

function HostLine({ host }: { host: HostKind | undefined }) {
  // Excel is the host the pane was made for and the preview page says what it is; in WPS the clerk
  // may have both installed, so the pane says where it runs (a header line costs a list row at 560 px).
  if (host !== 'wps') return null;
  return (
    <div data-host={host} style={{ fontSize: 12, color: '#616161', padding: '4px 12px 0' }}>
      {HOST_LABELS[host]}
    </div>
  );
}

export function mountTaskpane(root: HTMLElement, options: MountOptions): MountedPane {
  removeBootFallback();
  let gateway: WorkbookGateway;
  try {
    gateway = typeof options.gateway === 'function' ? options.gateway() : options.gateway;
  } catch (e) {
    // A host that cannot even build its gateway still gets the error state and 复制诊断信息.
    gateway = failingGateway(e);
  }
  const controller = new TaskpaneController({
    gateway,
    ...(options.check ? { check: options.check } : { loadCheck: loadEngine }),
    storage: options.storage === undefined ? defaultStorage() : options.storage,
    hostInfo: options.hostInfo,
    versions: { selfeval: appVersion(), react: React.version },
  });
  const reactRoot = createRoot(root);
  reactRoot.render(
    <FluentProvider theme={theme}>
      <HostLine host={gateway.host} />
      <App controller={controller} initialTab={options.initialTab} />
    </FluentProvider>,
  );
  if (options.autoStart !== false) void controller.start();
  return {
    controller,
    unmount() {
      controller.dispose();
      reactRoot.unmount();
    },
  };
}

/** The "not running inside Excel" page. */
export function mountNotInExcel(root: HTMLElement, reason: NotInExcelReason, host?: string): () => void {
  removeBootFallback();
  const reactRoot = createRoot(root);
  reactRoot.render(
    <FluentProvider theme={theme}>
      <NotInExcel reason={reason} host={host} />
    </FluentProvider>,
  );
  return () => reactRoot.unmount();
}

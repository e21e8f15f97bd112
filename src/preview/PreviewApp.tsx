// The preview page's left side: open a workbook (picker, drag-and-drop, the server's samples), its
// sheet tabs and the grid. The task pane on the right is mounted by PreviewController.
import * as React from 'react';
import type { PreviewController } from './controller';
import { Grid } from './Grid';
import { marksOf, type PreviewSession } from './session';

interface FileList {
  samples: string[];
  fixtures: string[];
}

/** The server's list of sample workbooks (scripts/preview.mjs serves /files.json); none elsewhere. */
function useServerFiles(): FileList | null {
  const [files, setFiles] = React.useState<FileList | null>(null);
  React.useEffect(() => {
    let live = true;
    fetch('files.json', { cache: 'no-store' })
      .then((r) => (r.ok ? r.json() : null))
      .then((j: unknown) => {
        if (!live || !j || typeof j !== 'object') return;
        const o = j as Partial<FileList>;
        const strings = (a: unknown) => (Array.isArray(a) ? a.filter((x): x is string => typeof x === 'string') : []);
        setFiles({ samples: strings(o.samples), fixtures: strings(o.fixtures) });
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return files;
}

function SheetTabs({ session, version }: { session: PreviewSession; version: number }) {
  const wb = session.workbook;
  const visible = wb.sheets.filter((s) => s.visibility === 'Visible');
  const hidden = wb.sheets.length - visible.length;
  // `version` changes whenever the host model does (marks added or cleared).
  const counts = React.useMemo(() => new Map(wb.sheets.map((s) => [s.name, marksOf(s).size])), [wb, version]);
  return (
    <div className="tabs" role="tablist" aria-label="工作表">
      {visible.map((s) => {
        const n = counts.get(s.name) ?? 0;
        return (
          <button
            key={s.name}
            type="button"
            role="tab"
            aria-selected={s.name === wb.activeSheet}
            className={s.name === wb.activeSheet ? 'tab active' : 'tab'}
            onClick={() => session.activate(s.name)}
          >
            {s.name}
            {n > 0 && <span className="tab-marks" aria-label={`${n} 个标记`}>{n}</span>}
          </button>
        );
      })}
      {hidden > 0 && <span className="tabs-note">另有 {hidden} 个隐藏工作表</span>}
    </div>
  );
}

function Workbook({ session }: { session: PreviewSession }) {
  const version = React.useSyncExternalStore(session.subscribe, session.getVersion);
  const wb = session.workbook;
  const sheet = wb.findSheet(wb.activeSheet) ?? wb.sheets.find((s) => s.visibility === 'Visible');
  return (
    <section className="workbook" aria-label={`工作簿 ${session.fileName}`}>
      <SheetTabs session={session} version={version} />
      {sheet ? <Grid session={session} sheet={sheet} version={version} /> : <p className="notice">这个工作簿没有可见的工作表。</p>}
    </section>
  );
}

export function PreviewApp({ controller }: { controller: PreviewController }) {
  const state = React.useSyncExternalStore(controller.subscribe, controller.getState);
  const files = useServerFiles();
  const input = React.useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = React.useState(false);

  // Drop a file anywhere on the page.
  React.useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const file = e.dataTransfer?.files?.[0];
      if (file) void controller.loadFile(file);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [controller]);

  const links = [...(files?.samples ?? []).map((f) => `samples/${f}`), ...(files?.fixtures ?? []).map((f) => `fixtures/${f}`)];

  return (
    <div className="left">
      <header className="bar">
        <h1>绩效自评校核 · 浏览器预览</h1>
        <button type="button" className="open" onClick={() => input.current?.click()}>
          打开 .xlsx 文件…
        </button>
        <input
          ref={input}
          type="file"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-label="选择 .xlsx 文件"
          hidden
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void controller.loadFile(file);
            e.target.value = '';
          }}
        />
        <span className="file" aria-live="polite">
          {state.status === 'loading' && `正在打开 ${state.fileName ?? ''}…`}
          {state.status === 'ready' && state.fileName}
        </span>
        <span className="drop-hint">也可以把文件拖到页面上</span>
      </header>

      {state.status === 'error' && (
        <p className="error" role="alert">
          {state.message}
        </p>
      )}

      {state.session ? (
        <Workbook key={state.loads} session={state.session} />
      ) : (
        state.status !== 'loading' && (
          <div className="welcome">
            <p>选择或拖入一个 .xlsx 工作簿。左边显示工作簿，右边是真实的任务窗格（经 Office.js 网关驱动模拟的 Excel），点“检查评分”开始检查。</p>
            {links.length > 0 && (
              <>
                <p>示例工作簿：</p>
                <ul>
                  {links.map((l) => (
                    <li key={l}>
                      <a href={`preview.html?workbook=${encodeURIComponent(l)}`}>{l}</a>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )
      )}

      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          松开鼠标以打开文件
        </div>
      )}
    </div>
  );
}

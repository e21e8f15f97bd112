// 审核台 (review.html): the reviewer's desk without installing anything. Files or a folder are picked or
// dropped, read and checked inside this page (Web Workers, the fast reader), and 汇总表.xlsx and the
// letters (审核意见.zip) are offered as downloads. Nothing is uploaded; the page makes no request.
import { POLICY_PRESETS, presetByName, DEFAULT_POLICY } from '../engine';
import { parallelCheckers, parseReviewState, type PreviousReview } from '../review';
import { LEGACY, runReview, selectFiles, type PickedFile, type RunOutput } from './run';

declare const __SELFEVAL_VERSION__: string | undefined;
const VERSION = typeof __SELFEVAL_VERSION__ === 'string' ? __SELFEVAL_VERSION__ : 'dev';

export interface DeskStatus {
  state: 'idle' | 'ready' | 'running' | 'done' | 'error';
  files: number;
  done: number;
  message: string;
  ms?: number;
}

declare global {
  interface Window {
    reviewDesk?: { status(): DeskStatus };
  }
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

let status: DeskStatus = { state: 'idle', files: 0, done: 0, message: '' };
window.reviewDesk = { status: () => ({ ...status }) };

let picked: PickedFile[] = [];
let previous: PreviousReview | undefined;
const urls: string[] = [];

function fromFile(f: File): PickedFile {
  const rel = (f as File & { webkitRelativePath?: string }).webkitRelativePath;
  return { path: rel && rel !== '' ? rel : f.name, name: f.name, size: f.size, read: () => f.arrayBuffer() };
}

/** Everything under a dropped entry (folders recursively). */
async function fromEntry(entry: FileSystemEntry, out: PickedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((ok, fail) => (entry as FileSystemFileEntry).file(ok, fail));
    const path = entry.fullPath.replace(/^\//, '');
    out.push({ path, name: file.name, size: file.size, read: () => file.arrayBuffer() });
    return;
  }
  if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries returns the listing in batches until an empty one.
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((ok, fail) => reader.readEntries(ok, fail));
      if (batch.length === 0) break;
      for (const e of batch) await fromEntry(e, out);
    }
  }
}

function setStatus(next: Partial<DeskStatus>): void {
  status = { ...status, ...next };
  const line = $('status');
  line.textContent = status.message;
  line.className = status.state === 'error' ? 'status error' : 'status';
}

function showPicked(): void {
  const list = $('picked');
  list.replaceChildren();
  const legacy = picked.filter((f) => LEGACY.test(f.name)).length;
  list.append(el('p', {}, picked.length === 0 ? '没有找到自评材料文件（.xlsx / .xlsm，以及需要转换的 .xls / .et）。' : `已选择 ${picked.length} 个文件。`));
  if (legacy > 0) {
    list.append(
      el('p', { class: 'warn' }, `其中 ${legacy} 个是旧版 .xls 或 WPS .et 文件，浏览器中无法读取：请用 Excel 或 WPS 打开后“另存为” .xlsx 再加入。这些文件会列在汇总表的“检查说明”中。`),
    );
  }
  $<HTMLButtonElement>('start').disabled = picked.length === 0;
  setStatus({ state: picked.length ? 'ready' : 'idle', files: picked.length, done: 0, message: picked.length ? '点击“开始审核”。文件只在本机浏览器中读取和检查，不会上传。' : '' });
}

function take(files: PickedFile[]): void {
  picked = selectFiles(files);
  $('results').replaceChildren();
  showPicked();
}

function download(bytes: Uint8Array, name: string, type: string, id: string, label: string): HTMLAnchorElement {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  urls.push(url);
  return el('a', { id, href: url, download: name, class: 'download' }, label);
}

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function showResults(out: RunOutput): void {
  const { result } = out;
  const c = result.counts;
  const box = $('results');
  box.replaceChildren(
    el('h2', {}, '审核结果'),
    el('p', {}, `共 ${c.files} 个文件、${c.units} 个单位、${c.forms} 张表：错误 ${c.errors} 处，警告 ${c.warnings} 处；无法读取 ${c.unreadable} 个，不是自评表 ${c.notSelfeval} 个。`),
    el(
      'p',
      { class: 'downloads' },
      download(out.summary, '汇总表.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'download-summary', '下载 汇总表.xlsx'),
      download(out.letters, '审核意见.zip', 'application/zip', 'download-letters', `下载 审核意见（${out.letterCount} 份，.zip）`),
    ),
  );
  const table = el('table', { class: 'units' });
  table.append(el('thead', {}, el('tr', {}, ...['单位', '表格', '错误', '警告', '复核总分'].map((h) => el('th', {}, h)))));
  const body = el('tbody');
  for (const u of result.units) {
    const errors = u.forms.reduce((n, f) => n + f.errors, 0);
    const warnings = u.forms.reduce((n, f) => n + f.warnings, 0);
    const totals = u.forms.map((f) => f.totalRecomputed).filter((t): t is string => Boolean(t));
    body.append(
      el('tr', errors ? { class: 'has-errors' } : {}, el('td', {}, u.name), el('td', {}, String(u.forms.length)), el('td', {}, String(errors)), el('td', {}, String(warnings)), el('td', {}, totals.join('、') || '—')),
    );
  }
  table.append(body);
  box.append(table);
  if (result.notes.length) {
    box.append(el('h3', {}, '检查说明'));
    const ul = el('ul', { class: 'notes' });
    for (const n of result.notes) ul.append(el('li', {}, `${n.file}：${n.reason}`));
    box.append(ul);
  }
}

async function start(): Promise<void> {
  if (picked.length === 0 || status.state === 'running') return;
  for (const u of urls.splice(0)) URL.revokeObjectURL(u);
  $('results').replaceChildren();
  const policy = presetByName($<HTMLSelectElement>('policy').value) ?? DEFAULT_POLICY;
  const bar = $<HTMLProgressElement>('progress');
  bar.max = picked.length;
  bar.value = 0;
  bar.hidden = false;
  $<HTMLButtonElement>('start').disabled = true;
  const t0 = performance.now();
  setStatus({ state: 'running', files: picked.length, done: 0, message: `正在检查 0/${picked.length}…` });
  try {
    const out = await runReview(picked, {
      policy,
      previous,
      version: VERSION,
      date: today(),
      // As many Web Workers as pay for their own compile (src/review/parallel.ts), four at most.
      workers: Math.min(4, parallelCheckers(picked.length, picked.reduce((n, f) => n + f.size, 0), navigator.hardwareConcurrency || 2)),
      makeWorker: () => new Worker(/* webpackChunkName: "review-worker" */ new URL('./worker.ts', import.meta.url)),
      onProgress: (done, total) => {
        bar.value = done;
        const elapsed = performance.now() - t0;
        const left = done < total ? `，剩余约 ${Math.max(1, Math.round(((elapsed / done) * (total - done)) / 1000))} 秒` : '';
        setStatus({ done, message: done < total ? `正在检查 ${done}/${total}${left}` : '正在生成汇总表和审核意见…' });
      },
    });
    showResults(out);
    setStatus({ state: 'done', done: picked.length, ms: Math.round(out.ms), message: `审核完成：${picked.length} 个文件，用时 ${(out.ms / 1000).toFixed(1)} 秒。` });
  } catch (err) {
    setStatus({ state: 'error', message: `审核未能完成（${err instanceof Error ? err.message : String(err)}）。这不是您文件的问题，请把所选文件和这条信息发给维护人员。` });
  } finally {
    bar.hidden = true;
    $<HTMLButtonElement>('start').disabled = picked.length === 0;
  }
}

async function readPrevious(file: File | undefined): Promise<void> {
  const note = $('previous-note');
  previous = undefined;
  if (!file) {
    note.textContent = '';
    return;
  }
  const parsed = parseReviewState(await file.text());
  if (parsed.ok) {
    previous = parsed.state;
    note.textContent = `将与 ${parsed.state.date} 的上一轮审核比较（${parsed.state.units.length} 个单位）。`;
    note.className = '';
  } else {
    note.textContent = parsed.message;
    note.className = 'warn';
  }
}

function init(): void {
  const select = $<HTMLSelectElement>('policy');
  for (const p of Object.values(POLICY_PRESETS)) select.append(el('option', p.name === DEFAULT_POLICY.name ? { value: p.name, selected: '' } : { value: p.name }, p.label));
  const files = $<HTMLInputElement>('files');
  const folder = $<HTMLInputElement>('folder');
  files.addEventListener('change', () => take([...(files.files ?? [])].map(fromFile)));
  folder.addEventListener('change', () => take([...(folder.files ?? [])].map(fromFile)));
  $<HTMLInputElement>('previous').addEventListener('change', (e) => void readPrevious((e.target as HTMLInputElement).files?.[0]));
  $('start').addEventListener('click', () => void start());
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const items = [...(e.dataTransfer?.items ?? [])];
    const entries = items.map((i) => i.webkitGetAsEntry?.()).filter((x): x is FileSystemEntry => Boolean(x));
    if (entries.length === 0) {
      take([...(e.dataTransfer?.files ?? [])].map(fromFile));
      return;
    }
    const out: PickedFile[] = [];
    void Promise.all(entries.map((en) => fromEntry(en, out))).then(
      () => take(out),
      () => setStatus({ state: 'error', message: '无法读取拖入的文件或文件夹，请改用“选择文件”或“选择文件夹”。' }),
    );
  });
  setStatus({ state: 'idle', message: '' });
}

init();

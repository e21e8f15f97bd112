// The 审核台's batch: files in → FileOutcomes (Web Workers running checkOne) → the review (src/review:
// assembleReview, 汇总表.xlsx, letters) → two downloads: 汇总表.xlsx and 审核意见.zip (the letters and
// review.json for the next round). Nothing leaves the page.
import { zipSync } from 'fflate';
import { assembleReview, buildLetters, buildSummaryXlsx, reviewState, type FileOutcome, type PreviousReview, type ReviewInput, type ReviewResult } from '../review';
import type { ScoringPolicy } from '../engine';
import type { CheckReply, CheckRequest } from './worker';

/** What the page can read. Legacy .xls / WPS .et need converting first; Word and PDF are listed as not workbooks. */
export const WORKBOOK = /\.(xlsx|xlsm)$/i;
export const LEGACY = /\.(xls|et)$/i;
const LISTED = /\.(xlsx|xlsm|xls|et|docx?|wps|pdf)$/i;
// Excel's lock files (~$name.xlsx) and macOS resource forks (._name.xlsx) are not submissions.
const JUNK = /(^|\/)(~\$|\._)[^/]*$/;

export const LEGACY_REFUSAL =
  '审核台在浏览器中无法读取旧版 .xls 或 WPS .et 文件：请用 Excel 或 WPS 打开该文件，“另存为” Excel 工作簿（.xlsx）后重新加入；或请管理员用命令行 selfeval review 审核（装有 LibreOffice 时会自动转换）';

export interface PickedFile {
  /** Relative path as the user sees it (folder/name), or the name. */
  path: string;
  name: string;
  /** Bytes, as the file system says (chooses how many Web Workers to start). */
  size: number;
  read(): Promise<ArrayBuffer>;
}

/** Files worth listing, in the order the CLI uses (natural order of the path); junk dropped. */
export function selectFiles(files: readonly PickedFile[]): PickedFile[] {
  const collator = new Intl.Collator('zh-CN', { numeric: true });
  const seen = new Set<string>();
  return files
    .filter((f) => LISTED.test(f.name) && !JUNK.test(f.path))
    .filter((f) => (seen.has(f.path) ? false : (seen.add(f.path), true)))
    .sort((a, b) => collator.compare(a.path, b.path));
}

export interface RunOptions {
  policy: ScoringPolicy;
  previous?: PreviousReview;
  version: string;
  /** Today, YYYY-MM-DD. */
  date: string;
  workers: number;
  makeWorker: () => Worker;
  onProgress?: (done: number, total: number) => void;
}

export interface RunOutput {
  result: ReviewResult;
  outcomes: FileOutcome[];
  summary: Uint8Array;
  letters: Uint8Array;
  letterCount: number;
  ms: number;
}

/** Checks every file in up to `workers` Web Workers; a worker that fails costs only its file. */
async function checkAll(files: readonly PickedFile[], options: RunOptions): Promise<FileOutcome[]> {
  const outcomes = new Array<FileOutcome>(files.length);
  let next = 0;
  let done = 0;
  const total = files.length;
  const settle = (i: number, o: FileOutcome) => {
    outcomes[i] = o;
    done++;
    options.onProgress?.(done, total);
  };
  const unreadable = (f: PickedFile, refusal: string): FileOutcome => ({ path: f.path, name: f.name, status: 'unreadable', refusal });

  const lane = async () => {
    let worker: Worker | null = null;
    try {
      while (next < files.length) {
        const i = next++;
        const file = files[i]!;
        if (LEGACY.test(file.name)) {
          settle(i, unreadable(file, LEGACY_REFUSAL));
          continue;
        }
        let bytes: Uint8Array;
        try {
          bytes = new Uint8Array(await file.read());
        } catch {
          settle(i, unreadable(file, '浏览器无法读取该文件（可能已被移动、删除或没有权限），请重新选择'));
          continue;
        }
        worker ??= options.makeWorker();
        const input: ReviewInput = { path: file.path, name: file.name, bytes };
        const w = worker;
        const outcome = await new Promise<FileOutcome | null>((resolve) => {
          w.onmessage = (e: MessageEvent<CheckReply>) => resolve(e.data.id === i ? e.data.outcome : null);
          w.onerror = (e) => {
            e.preventDefault();
            resolve(null);
          };
          w.postMessage({ id: i, input, policyName: options.policy.name } satisfies CheckRequest, [bytes.buffer]);
        });
        if (outcome) settle(i, outcome);
        else {
          // The worker died (out of memory, a bug): this file is one line, a fresh worker takes the rest.
          w.terminate();
          worker = null;
          settle(i, unreadable(file, '检查该文件时浏览器的工作线程意外终止（文件可能过大或被恶意构造），请确认文件后重试'));
        }
      }
    } finally {
      worker?.terminate();
    }
  };
  const lanes = Math.max(1, Math.min(options.workers, files.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  return outcomes;
}

export async function runReview(files: readonly PickedFile[], options: RunOptions): Promise<RunOutput> {
  const t0 = performance.now();
  const outcomes = await checkAll(files, options);
  const result = assembleReview(outcomes, {
    policyName: options.policy.name,
    policyLabel: options.policy.label,
    date: options.date,
    version: options.version,
    ...(options.previous ? { previous: options.previous } : {}),
  });
  const summary = await buildSummaryXlsx(result);
  const letters = await buildLetters(result);
  const zipped: Record<string, Uint8Array> = {};
  for (const l of letters) zipped[`审核意见/${l.fileName}`] = l.bytes;
  zipped['review.json'] = new TextEncoder().encode(JSON.stringify(reviewState(result), null, 2));
  // Letters are already compressed (.docx is a zip): store them.
  const letterZip = zipSync(zipped, { level: 0 });
  return { result, outcomes, summary, letters: letterZip, letterCount: letters.length, ms: performance.now() - t0 };
}

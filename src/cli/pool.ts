// Runs the CLI's per-file work on all cores: a small pool of worker threads, each loading the CLI itself
// (the one bundle in dist/node, or the sources through tsx) and running named tasks registered with
// registerTask. Results come back by structured clone, in whatever order workers finish; the caller
// gets each with its input index, so output can stay in input order.
//
// A worker that crashes, runs out of its heap or exceeds the per-file time limit costs only the file it
// was on: that file gets the caller's failure value, a fresh worker takes the remaining files.
// This is the only module of the CLI that may use worker_threads (test/security/dependencies.test.ts).
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

type Handler = (payload: unknown) => Promise<unknown>;
const HANDLERS = new Map<string, Handler>();

/** Makes `run(payload)` callable in workers under `name`. Call at module level of a module main.ts loads. */
export function registerTask<P, R>(name: string, run: (payload: P) => Promise<R>): void {
  HANDLERS.set(name, run as Handler);
}

export type PoolFailure =
  /** The worker died (an uncaught error, or it exited) while on this item. */
  | { kind: 'crash'; detail: string }
  /** The worker ran out of the heap it is allowed. */
  | { kind: 'memory'; limitMb: number }
  /** The item took longer than the time limit. */
  | { kind: 'timeout'; limitSeconds: number };

export interface PoolOptions<P, R> {
  /** Worker threads to run at most; 1 (or a single item) runs in this thread, without workers. */
  jobs: number;
  /** Called once per item as soon as its result is known (in completion order). */
  onResult?: (index: number, result: R) => void;
  /** The result for an item whose worker failed (never called when running in this thread). */
  failed: (index: number, payload: P, failure: PoolFailure) => R;
  /** Per-item wall-clock limit in a worker. */
  timeoutMs?: number;
  /** Heap limit of each worker. */
  maxHeapMb?: number;
}

const POOL_MARK = 'selfeval-pool-worker';
const READY = 'ready';
/** Items handed to a worker at a time: the one it runs and the next. */
const IN_FLIGHT = 2;
const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

/** Cores this process may use. */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Bytes of workbooks a worker must have to win back what it costs. Each worker is a new JavaScript engine:
 * it loads the CLI (about a tenth of a second) and compiles the hot code again, and compiling is most of
 * the cost: in a one-thread run of 200 small workbooks the optimising compiler uses about 1 s of CPU on
 * a second core, beside 0.8 s of checking. Measured on 2 cores (README 性能): a folder of 3.6 MB runs
 * faster on one thread (0.85 s against 0.94 s on two), 12 MB gains 1.17× and 18 MB 1.21×.
 */
export const WORKER_MIN_BYTES = 4 * 1024 * 1024;
/** Below this many bytes in all, files are checked in this thread (two workers' worth). */
export const PARALLEL_MIN_BYTES = 2 * WORKER_MIN_BYTES;

/**
 * Workers for a run of `count` files totalling `bytes`, when the user did not say: one per core, but
 * only as many as have WORKER_MIN_BYTES each, and none (this thread) when that is fewer than two.
 */
export function autoJobs(count: number, bytes: number, cores = defaultJobs()): number {
  const jobs = Math.min(cores, count, Math.floor(bytes / WORKER_MIN_BYTES));
  return jobs >= 2 ? jobs : 1;
}

/** The worker's heap by default: what this process was given (so --max-old-space-size carries over). */
function defaultHeapMb(): number {
  return Math.max(128, Math.floor(getHeapStatistics().heap_size_limit / (1024 * 1024)));
}

interface TaskMessage {
  id: number;
  task: string;
  payload: unknown;
}
type ReplyMessage = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

function startWorker(heapMb: number): Worker {
  const options = { workerData: { [POOL_MARK]: true }, resourceLimits: { maxOldGenerationSizeMb: heapMb }, stdout: false, stderr: false };
  // The CLI's entry module: in the bundle that is this very file; in a tsc build or the sources, main.
  const ext = path.extname(__filename);
  const entry = path.join(__dirname, `main${ext}`);
  if (ext === '.ts') {
    // Running from the sources (tests, SELFEVAL_FROM_SOURCE): the worker needs tsx to load them too.
    // Resolved here: eval'd code resolves modules from the working directory, which may be anywhere.
    const tsx = require.resolve('tsx/cjs');
    return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(entry)});`, { ...options, eval: true });
  }
  return new Worker(entry, options);
}

async function runHere(task: string, payload: unknown): Promise<unknown> {
  const handler = HANDLERS.get(task);
  if (!handler) throw new Error(`unknown pool task ${task}`);
  return handler(payload);
}

/**
 * Runs `task` over every payload and resolves with the results in input order. Never rejects for an
 * item's failure (see PoolOptions.failed); rejects only when the task is not registered.
 */
export async function runPool<P, R>(task: string, payloads: readonly P[], options: PoolOptions<P, R>): Promise<R[]> {
  if (!HANDLERS.has(task)) throw new Error(`unknown pool task ${task}`);
  const results = new Array<R>(payloads.length);
  const jobs = Math.min(Math.max(1, Math.floor(options.jobs)), payloads.length);
  if (jobs <= 1) {
    for (let i = 0; i < payloads.length; i++) {
      results[i] = (await runHere(task, payloads[i])) as R;
      options.onResult?.(i, results[i]!);
    }
    return results;
  }

  const heapMb = options.maxHeapMb ?? defaultHeapMb();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Items not yet handed out, in input order; an item a lost worker had queued but not started goes back
  // to the front.
  const queue = payloads.map((_, i) => i);
  let done = 0;
  return new Promise<R[]>((resolve) => {
    const finish = (index: number, result: R) => {
      results[index] = result;
      done++;
      options.onResult?.(index, result);
      if (done === payloads.length) resolve(results);
    };

    // Without a worker (the platform refused one), the remaining items run in this thread.
    const runInline = async () => {
      for (let index = queue.shift(); index !== undefined; index = queue.shift()) finish(index, (await runHere(task, payloads[index])) as R);
    };

    const spawn = () => {
      if (queue.length === 0) return;
      let worker: Worker;
      try {
        worker = startWorker(heapMb);
      } catch {
        void runInline();
        return;
      }
      // Handed to this worker, oldest first. The worker runs them one after another; keeping the next one
      // already queued there means it never waits for this thread to hand it out (on a busy machine this
      // thread may not get the CPU for a while).
      const inflight: number[] = [];
      let timer: NodeJS.Timeout | undefined;
      let failure: PoolFailure | null = null;
      let settled = false;
      let ready = false;

      // The time limit runs for the oldest item: it has been running since the previous one finished.
      const arm = () => {
        clearTimeout(timer);
        if (inflight.length === 0) return;
        timer = setTimeout(() => {
          failure = { kind: 'timeout', limitSeconds: timeoutMs / 1000 };
          void worker.terminate();
        }, timeoutMs);
      };

      const give = () => {
        const wasIdle = inflight.length === 0;
        while (inflight.length < IN_FLIGHT && queue.length > 0) {
          const index = queue.shift()!;
          inflight.push(index);
          worker.postMessage({ id: index, task, payload: payloads[index] } satisfies TaskMessage);
        }
        if (inflight.length === 0) {
          settled = true;
          void worker.terminate();
          return;
        }
        if (wasIdle) arm();
      };

      // Called once when the worker is gone for whatever reason: its current item fails, the rest go on.
      const lost = (why: PoolFailure) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (!ready) {
          // It died before it could even load: another would too. This thread does the rest.
          void runInline();
          return;
        }
        const [current, ...waiting] = inflight.splice(0);
        queue.unshift(...waiting);
        if (current !== undefined) finish(current, options.failed(current, payloads[current]!, failure ?? why));
        spawn();
      };

      worker.on('message', (reply: ReplyMessage | typeof READY) => {
        // Items are sent once the worker has loaded the CLI, so loading never counts against their time.
        if (reply === READY) {
          ready = true;
          return give();
        }
        if (reply.id !== inflight[0]) return;
        inflight.shift();
        if (reply.ok) finish(reply.id, reply.result as R);
        else finish(reply.id, options.failed(reply.id, payloads[reply.id]!, { kind: 'crash', detail: reply.error }));
        arm();
        give();
      });
      worker.on('error', (err: Error & { code?: string }) => {
        if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') lost({ kind: 'memory', limitMb: heapMb });
        else lost({ kind: 'crash', detail: err.message });
      });
      worker.on('exit', (code) => lost({ kind: 'crash', detail: `worker exited with code ${code}` }));
    };

    for (let i = 0; i < jobs; i++) spawn();
  });
}

// ---- in a worker ----------------------------------------------------------------------------------

if (!isMainThread && parentPort && (workerData as Record<string, unknown> | null)?.[POOL_MARK]) {
  const port = parentPort;
  // Modules loading after this one (check.ts and the rest of the CLI) register their tasks synchronously:
  // by the next macrotask everything is there.
  setImmediate(() => port.postMessage(READY));
  // One item after another, in the order they came: the parent's time limit and failure attribution rely on it.
  let chain: Promise<void> = Promise.resolve();
  port.on('message', (message: TaskMessage) => {
    chain = chain.then(() =>
      runHere(message.task, message.payload).then(
        (result) => port.postMessage({ id: message.id, ok: true, result } satisfies ReplyMessage),
        (err: unknown) => port.postMessage({ id: message.id, ok: false, error: err instanceof Error ? err.message : String(err) } satisfies ReplyMessage),
      ),
    );
  });
}

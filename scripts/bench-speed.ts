// The CLI as the user feels it (issue 17), measured as whole processes of the built CLI (bin/selfeval.js →
// the dist/node bundle), side by side in one run so both figures see the same machine:
// - a folder of 200 workbooks checked in one process (--jobs 1) and on every core (the default);
// - the cold start of one `selfeval check` of a small workbook against `node -e 0`.
// Runs are interleaved (A B A B …) and the median is quoted; ratios are per pair, then the median.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = join(__dirname, '..');
const BIN = join(ROOT, 'bin', 'selfeval.js');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.SELFEVAL_FROM_SOURCE;
  return env;
}

/**
 * CPU time (user + system, ms) of this process's finished children, from /proc (Linux); null elsewhere.
 * A one-thread run still keeps a second core busy (the optimising compiler and the garbage collector run
 * beside it): CPU ÷ wall says how much, and so how much a second core can still add.
 */
function childrenCpuMs(): number | null {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
    // After the command name: state is field 3, cutime and cstime are fields 16 and 17 (clock ticks, 100 per second).
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return null;
  }
}

/** Wall time of one process in ms (and its CPU time when known); throws with its stderr when it fails to run. */
function timeProcessCpu(args: string[], cwd: string): { ms: number; cpuMs: number | null } {
  const cpu0 = childrenCpuMs();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, env: childEnv(), stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - t0;
  const cpu1 = childrenCpuMs();
  if (r.status === null || r.status > 1) throw new Error(`${args.join(' ')} 退出码 ${r.status}：${r.stderr}`);
  return { ms, cpuMs: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0 };
}

function timeProcess(args: string[], cwd: string): number {
  return timeProcessCpu(args, cwd).ms;
}

/** Wall time until every one of several processes started together has finished. */
async function timeTogether(argLists: string[][], cwd: string): Promise<number> {
  const t0 = performance.now();
  await Promise.all(
    argLists.map(
      (args) =>
        new Promise<void>((resolve, reject) => {
          const child = spawn(process.execPath, args, { cwd, env: childEnv(), stdio: ['ignore', 'ignore', 'ignore'] });
          child.on('error', reject);
          child.on('exit', (code) => (code === null || code > 1 ? reject(new Error(`${args.join(' ')} 退出码 ${code}`)) : resolve()));
        }),
    ),
  );
  return performance.now() - t0;
}

export interface SpeedOptions {
  /** Workbooks to put in the folder: each is written `copies` times. */
  workbooks: Buffer[];
  files?: number;
  folderRounds?: number;
  coldRuns?: number;
  /** A small workbook for the cold start. */
  small: Buffer;
}

/**
 * A folder of `files` workbooks checked in one thread and with a worker per core, interleaved over
 * `rounds`; and the ceiling of any way of sharing the work: the folder split in one part per core, each
 * part checked by a one-thread process of its own, all at once, with nothing passed between them.
 */
async function folderBench(tmp: string, name: string, workbooks: readonly Buffer[], files: number, rounds: number) {
  const cores = availableParallelism();
  const folder = join(tmp, name);
  const parts = Array.from({ length: cores }, (_, k) => join(tmp, `${name}-part${k}`));
  for (const dir of [folder, ...parts]) mkdirSync(dir);
  let bytes = 0;
  for (let i = 0; i < files; i++) {
    const fileName = `单位${String(i + 1).padStart(4, '0')}.xlsx`;
    const data = workbooks[i % workbooks.length]!;
    bytes += data.length;
    writeFileSync(join(folder, fileName), data);
    writeFileSync(join(parts[i % cores]!, fileName), data);
  }
  // The worker count is said explicitly: by default a small folder is checked in one thread (faster here).
  const serialArgs = [BIN, 'check', '--json', '--jobs', '1', name];
  const parallelArgs = [BIN, 'check', '--json', '--jobs', String(cores), name];
  const partArgs = parts.map((p) => [BIN, 'check', '--json', '--jobs', '1', p]);
  // One warm-up of each first (disk cache).
  timeProcess(serialArgs, tmp);
  timeProcess(parallelArgs, tmp);
  const serial: number[] = [];
  const serialCpu: number[] = [];
  const parallel: number[] = [];
  const split: number[] = [];
  const speedups: number[] = [];
  const ceilings: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const s = timeProcessCpu(serialArgs, tmp);
    const p = timeProcess(parallelArgs, tmp);
    const c = cores < 2 ? s.ms : await timeTogether(partArgs, tmp);
    serial.push(s.ms);
    if (s.cpuMs !== null) serialCpu.push(s.cpuMs);
    parallel.push(p);
    split.push(c);
    speedups.push(s.ms / p);
    ceilings.push(s.ms / c);
  }
  return {
    files,
    bytes,
    cores,
    oneProcessMs: Math.round(median(serial)),
    allCoresMs: Math.round(median(parallel)),
    speedup: Number(median(speedups).toFixed(2)),
    // Cores the one-thread run keeps busy on average (its CPU time ÷ its wall time).
    oneProcessCoresBusy: serialCpu.length ? Number((median(serialCpu) / median(serial)).toFixed(2)) : null,
    splitProcessesMs: Math.round(median(split)),
    ceilingSpeedup: Number(median(ceilings).toFixed(2)),
  };
}

export async function speedBench(options: SpeedOptions) {
  const tmp = mkdtempSync(join(tmpdir(), 'selfeval-bench-speed-'));
  try {
    writeFileSync(join(tmp, 'small.xlsx'), options.small);
    const cores = availableParallelism();
    const folderResult = await folderBench(tmp, 'folder', options.workbooks, options.files ?? 200, options.folderRounds ?? 3);
    // A large batch, where the default does use every core (README 性能).
    const largeResult = await folderBench(tmp, 'large', options.workbooks, 1000, 2);

    // Cold start: the whole process, check of one small workbook vs an empty node.
    const coldArgs = [BIN, 'check', 'small.xlsx'];
    const nodeArgs = ['-e', '0'];
    timeProcess(coldArgs, tmp);
    timeProcess(nodeArgs, tmp);
    const cold: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < (options.coldRuns ?? 11); i++) {
      cold.push(timeProcess(coldArgs, tmp));
      bare.push(timeProcess(nodeArgs, tmp));
    }

    const coldResult = {
      checkSmallMs: Math.round(median(cold)),
      nodeEmptyMs: Math.round(median(bare)),
      overNodeMs: Math.round(median(cold) - median(bare)),
    };
    return {
      folder200: folderResult,
      folder1000: largeResult,
      coldStart: coldResult,
      targets: {
        // On one core there is nothing to gain: the target is for two or more.
        folderSpeedup1_8On2Cores: cores < 2 ? null : folderResult.speedup >= 1.8,
        coldCheckUnder350ms: coldResult.checkSmallMs <= 350,
      },
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

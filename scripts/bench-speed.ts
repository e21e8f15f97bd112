// The CLI as the user feels it (issue 17), measured as whole processes of the built CLI (bin/selfeval.js →
// the dist/node bundle), side by side in one run so both figures see the same machine:
// - a folder of 200 workbooks checked in one process (--jobs 1) and on every core (the default);
// - the cold start of one `selfeval check` of a small workbook against `node -e 0`.
// Runs are interleaved (A B A B …) and the median is quoted; ratios are per pair, then the median.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = join(__dirname, '..');
const BIN = join(ROOT, 'bin', 'selfeval.js');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Wall time of one process in ms; throws with its stderr when it fails to run. */
function timeProcess(args: string[], cwd: string): number {
  const env = { ...process.env };
  delete env.SELFEVAL_FROM_SOURCE;
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status === null || r.status > 1) throw new Error(`${args.join(' ')} 退出码 ${r.status}：${r.stderr}`);
  return ms;
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

export async function speedBench(options: SpeedOptions) {
  const files = options.files ?? 200;
  const tmp = mkdtempSync(join(tmpdir(), 'selfeval-bench-speed-'));
  try {
    const folder = join(tmp, 'folder');
    mkdirSync(folder);
    for (let i = 0; i < files; i++) writeFileSync(join(folder, `单位${String(i + 1).padStart(3, '0')}.xlsx`), options.workbooks[i % options.workbooks.length]!);
    writeFileSync(join(tmp, 'small.xlsx'), options.small);
    const cores = availableParallelism();

    // Folder: one process vs all cores, interleaved; one warm-up of each first (disk cache, tsx-free build).
    const serialArgs = [BIN, 'check', '--json', '--jobs', '1', 'folder'];
    const parallelArgs = [BIN, 'check', '--json', 'folder'];
    timeProcess(serialArgs, tmp);
    timeProcess(parallelArgs, tmp);
    const serial: number[] = [];
    const parallel: number[] = [];
    const speedups: number[] = [];
    for (let round = 0; round < (options.folderRounds ?? 3); round++) {
      const s = timeProcess(serialArgs, tmp);
      const p = timeProcess(parallelArgs, tmp);
      serial.push(s);
      parallel.push(p);
      speedups.push(s / p);
    }

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

    const folderResult = {
      files,
      bytes: options.workbooks.reduce((n, b) => n + b.length, 0) * Math.ceil(files / options.workbooks.length),
      cores,
      oneProcessMs: Math.round(median(serial)),
      allCoresMs: Math.round(median(parallel)),
      speedup: Number(median(speedups).toFixed(2)),
    };
    const coldResult = {
      checkSmallMs: Math.round(median(cold)),
      nodeEmptyMs: Math.round(median(bare)),
      overNodeMs: Math.round(median(cold) - median(bare)),
    };
    return {
      folder200: folderResult,
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

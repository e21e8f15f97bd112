// Runs bin/selfeval.js as a child process, from the TypeScript sources (SELFEVAL_FROM_SOURCE) so a
// stale dist/ build is never what the tests exercise.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const BIN = path.join(ROOT, 'bin', 'selfeval.js');

/**
 * Whether the compiled CLI (dist/node/cli/main.js, one bundle) is at least as new as every source it is built
 * from: process tests that measure time and memory run it when it is, the sources through tsx otherwise.
 */
export function buildIsFresh(): boolean {
  const built = path.join(ROOT, 'dist', 'node', 'cli', 'main.js');
  if (!existsSync(built)) return false;
  const builtAt = statSync(built).mtimeMs;
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((m, d) => {
      const p = path.join(dir, d.name);
      return Math.max(m, d.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }, 0);
  return ['cli', 'xlsx', 'engine', 'review', 'present', 'docx'].every((d) => !existsSync(path.join(ROOT, 'src', d)) || newest(path.join(ROOT, 'src', d)) <= builtAt);
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; bin?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, SELFEVAL_FROM_SOURCE: '1', ...opts.env };
    delete env.NO_COLOR;
    delete env.FORCE_COLOR;
    if (opts.env && 'NO_COLOR' in opts.env) env.NO_COLOR = opts.env.NO_COLOR;
    const child = spawn(process.execPath, [opts.bin ?? BIN, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Signs of a leaked stack trace or raw exception. */
export function expectNoStackTrace(text: string): void {
  if (/\n\s+at .+[:(]\d+/.test(text) || /\b(TypeError|ReferenceError|RangeError|SyntaxError|Error):/.test(text) || /node:internal/.test(text)) {
    throw new Error(`output contains a stack trace or raw error:\n${text}`);
  }
}

/** A CLI process measured from outside: wall time and, through test/robustness/rss-probe.cjs, its peak memory. */
export interface MeasuredRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Peak resident memory in MB, when the process exited normally. */
  rssMb: number | null;
}

/**
 * Runs `selfeval <args>` the way the hostile-input tests measure it: no colour, the built CLI when fresh (else
 * the sources), `rssFile` receiving its peak memory, killed after `killAfterMs` so a runaway child never
 * outlives its test.
 */
export function runMeasured(args: string[], opts: { cwd: string; rssFile: string; killAfterMs: number; fromBuild: boolean; nodeArgs?: string[] }): Promise<MeasuredRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', SELFEVAL_RSS_FILE: opts.rssFile };
  delete env.FORCE_COLOR;
  delete env.SELFEVAL_DEBUG;
  if (opts.fromBuild) delete env.SELFEVAL_FROM_SOURCE;
  else env.SELFEVAL_FROM_SOURCE = '1';
  const probe = path.join(ROOT, 'test', 'robustness', 'rss-probe.cjs');
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '-r', probe, BIN, ...args], { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const killer = setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      const ms = performance.now() - t0;
      const rss = existsSync(opts.rssFile) ? Number(readFileSync(opts.rssFile, 'utf8')) : NaN;
      resolve({ code, signal, stdout, stderr, ms, rssMb: Number.isFinite(rss) ? Math.round(rss / 1024) : null });
    });
  });
}

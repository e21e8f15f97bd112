// Runs bin/selfeval.js as a child process, from the TypeScript sources (SELFEVAL_FROM_SOURCE) so a
// stale dist/ build is never what the tests exercise.
import { spawn } from 'node:child_process';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const BIN = path.join(ROOT, 'bin', 'selfeval.js');

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

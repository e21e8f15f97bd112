// The CLI's view of its process, injectable so tests can run commands in-process.

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
}

let pipeGuard = false;

export function processIo(): CliIo {
  if (!pipeGuard) {
    pipeGuard = true;
    // `selfeval check dir | head` closes the pipe early: stop quietly instead of crashing on EPIPE.
    for (const stream of [process.stdout, process.stderr]) {
      stream.on('error', (err: NodeJS.ErrnoException) => {
        process.exit(err.code === 'EPIPE' ? (process.exitCode ?? 0) : 2);
      });
    }
  }
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
}

// main() in-process with a fake terminal: progress and colour depend on TTY flags and NO_COLOR.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { buildPlainWorkbook, makeTempDir, workbookBytes } from '../xlsx/helpers';

let tmp: { dir: string; cleanup: () => void };

beforeAll(async () => {
  tmp = makeTempDir('selfeval-main-');
  const bytes = await workbookBytes(buildPlainWorkbook());
  writeFileSync(path.join(tmp.dir, '一.xlsx'), bytes);
  writeFileSync(path.join(tmp.dir, '二.xlsx'), bytes);
});
afterAll(() => tmp?.cleanup());

function fakeIo(opts: Partial<Pick<CliIo, 'stdoutIsTTY' | 'stderrIsTTY' | 'env'>> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    stdoutIsTTY: opts.stdoutIsTTY ?? false,
    stderrIsTTY: opts.stderrIsTTY ?? false,
    env: opts.env ?? {},
    cwd: tmp.dir,
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('main', () => {
  it('shows progress on a terminal stderr when checking several files, and clears it', async () => {
    const t = fakeIo({ stderrIsTTY: true });
    expect(await main(['check', '一.xlsx', '二.xlsx'], t.io)).toBe(0);
    // A bar with the count (issue 17): drawn at the start, redrawn as each file is done.
    expect(t.stderr()).toMatch(/正在检查 ░+ 0\/2/);
    expect(t.stderr()).toMatch(/正在检查 █+░+ 1\/2，剩余约 \d+ 秒/);
    expect(t.stderr()).toMatch(/正在检查 █+ 2\/2/);
    expect(t.stderr().endsWith('\r\x1b[K')).toBe(true);
    expect(t.stdout()).not.toContain('正在检查');
  });

  it('shows no progress for a single file or a non-terminal stderr', async () => {
    const one = fakeIo({ stderrIsTTY: true });
    await main(['check', '一.xlsx'], one.io);
    expect(one.stderr()).toBe('');
    const piped = fakeIo({ stderrIsTTY: false });
    await main(['check', '一.xlsx', '二.xlsx'], piped.io);
    expect(piped.stderr()).toBe('');
  });

  it('colours only a terminal stdout, and never with --no-color or NO_COLOR', async () => {
    const tty = fakeIo({ stdoutIsTTY: true });
    await main(['check', '一.xlsx'], tty.io);
    expect(tty.stdout()).toContain('\x1b[');
    for (const [args, env] of [
      [['check', '--no-color', '一.xlsx'], {}],
      [['check', '一.xlsx'], { NO_COLOR: '1' }],
    ] as const) {
      const t = fakeIo({ stdoutIsTTY: true, env });
      await main([...args], t.io);
      expect(t.stdout()).not.toContain('\x1b[');
      expect(t.stdout()).toContain('文件：一.xlsx');
    }
  });

  it('--json writes nothing but the JSON document to stdout', async () => {
    const t = fakeIo({ stderrIsTTY: false });
    await main(['check', '--json', '一.xlsx', '二.xlsx'], t.io);
    const doc = JSON.parse(t.stdout());
    expect(doc.files.map((f: { file: string }) => f.file)).toEqual(['一.xlsx', '二.xlsx']);
  });

  it('turns an unexpected exception into one internal-error line with a hint, exit 2', async () => {
    const t = fakeIo();
    const original = COMMANDS.check!.run;
    COMMANDS.check!.run = async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'x')");
    };
    try {
      expect(await main(['check', 'a.xlsx'], t.io)).toBe(2);
    } finally {
      COMMANDS.check!.run = original;
    }
    const lines = t.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^selfeval 内部错误：Cannot read properties of undefined \(reading 'x'\)。.*SELFEVAL_DEBUG=1/);
    expect(t.stderr()).not.toMatch(/\n\s+at /);
  });

  it('shows the stack only when SELFEVAL_DEBUG is set', async () => {
    const t = fakeIo({ env: { SELFEVAL_DEBUG: '1' } });
    const original = COMMANDS.check!.run;
    COMMANDS.check!.run = async () => {
      throw new Error('boom');
    };
    try {
      await main(['check'], t.io);
    } finally {
      COMMANDS.check!.run = original;
    }
    expect(t.stderr()).toMatch(/\n\s+at /);
  });

  it('dispatches subcommands from the COMMANDS table', async () => {
    const t = fakeIo();
    COMMANDS.echo = { usage: 'selfeval echo', summary: '测试', run: async (args, io) => (io.stdout(args.join(',')), 7) };
    try {
      expect(await main(['echo', 'a', 'b'], t.io)).toBe(7);
      expect(t.stdout()).toBe('a,b');
      const help = fakeIo();
      await main(['--help'], help.io);
      expect(help.stdout()).toContain('selfeval echo');
    } finally {
      delete COMMANDS.echo;
    }
  });
});

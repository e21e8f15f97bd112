// `selfeval check` on a folder with worker threads (issue 17): same output as one file after another,
// in input order whatever order the workers finish in; a file whose worker runs out of memory or time is
// one line and every other file is still reported; progress on a non-terminal is plain, sparse lines.
import { copyFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { Progress, formatDuration } from '../../src/cli/progress';
import { autoJobs } from '../../src/cli/pool';
import { writeMillionCellWorkbook } from '../robustness/hostile-files';
import { FIXTURES } from '../e2e/support';
import { makeTempDir } from '../xlsx/helpers';

let tmp: { dir: string; cleanup: () => void };
const dir = () => path.join(tmp.dir, '报送');

beforeAll(async () => {
  tmp = makeTempDir('selfeval-pool-');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(dir());
  // "0-大.xlsx" sorts first and takes longest, so later files finish before it.
  await writeMillionCellWorkbook(path.join(dir(), '0-大.xlsx'), 40_000, 10);
  copyFileSync(path.join(FIXTURES, 'zhuzhou-2024.xlsx'), path.join(dir(), '1-株洲.xlsx'));
  copyFileSync(path.join(FIXTURES, 'changsha-2024.xlsx'), path.join(dir(), '2-长沙.xlsx'));
  copyFileSync(path.join(FIXTURES, 'multi-forms.xlsx'), path.join(dir(), '3-多表.xlsx'));
  writeFileSync(path.join(dir(), '4-坏.xlsx'), 'not a zip');
  copyFileSync(path.join(FIXTURES, 'projects-2020.xlsx'), path.join(dir(), '5-项目.xlsx'));
}, 120_000);
afterAll(() => tmp?.cleanup());

function fakeIo(env: Record<string, string> = {}, stderrIsTTY = false) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), stdoutIsTTY: false, stderrIsTTY, env, cwd: tmp.dir };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('selfeval check on a folder, in worker threads', () => {
  it('prints exactly what one-at-a-time checking prints, in input order (text and JSON)', async () => {
    for (const json of [[], ['--json']]) {
      const serial = fakeIo();
      const parallel = fakeIo();
      const codeSerial = await main(['check', ...json, '--jobs', '1', '报送'], serial.io);
      const codeParallel = await main(['check', ...json, '--jobs', '3', '报送'], parallel.io);
      expect(codeParallel).toBe(codeSerial);
      expect(codeSerial).toBe(2); // 4-坏.xlsx cannot be read
      expect(parallel.stdout()).toBe(serial.stdout());
      // Nothing but (on a slow machine) plain progress lines.
      for (const line of parallel.stderr().split('\n').filter(Boolean)) expect(line).toMatch(/^正在检查：已完成 \d+\/6，/);
      if (json.length) {
        const files = (JSON.parse(parallel.stdout()) as { files: { file: string }[] }).files.map((f) => path.basename(f.file));
        expect(files).toEqual(['0-大.xlsx', '1-株洲.xlsx', '2-长沙.xlsx', '3-多表.xlsx', '4-坏.xlsx', '5-项目.xlsx']);
      } else {
        const order = [...parallel.stdout().matchAll(/^(?:文件：|无法读取 )\S*?([0-9]-[^\s：]+)/gm)].map((m) => m[1]);
        expect(order).toEqual(['0-大.xlsx', '1-株洲.xlsx', '2-长沙.xlsx', '3-多表.xlsx', '4-坏.xlsx', '5-项目.xlsx']);
      }
    }
  }, 120_000);

  it('a file whose worker runs out of its heap is one line; every other file is still checked', async () => {
    const whole = fakeIo();
    await main(['check', '--json', '--jobs', '1', '报送'], whole.io);
    const t = fakeIo({ SELFEVAL_WORKER_HEAP_MB: '48' });
    expect(await main(['check', '--json', '--jobs', '2', '报送'], t.io)).toBe(2);
    const files = (JSON.parse(t.stdout()) as { files: { file: string; error?: string }[] }).files;
    const expected = (JSON.parse(whole.stdout()) as { files: unknown[] }).files;
    expect(files).toHaveLength(6);
    expect(files[0]!.error).toMatch(/^检查该文件所需内存超过上限（48 MB），已停止检查/);
    // The others are exactly what they are without the limit.
    expect(files.slice(1)).toEqual(expected.slice(1));
  }, 120_000);

  it('a file over the time limit is one line; the worker is replaced and the rest are checked', async () => {
    const t = fakeIo({ SELFEVAL_FILE_TIMEOUT_S: '0.05' });
    expect(await main(['check', '--jobs', '2', '报送'], t.io)).toBe(2);
    const out = t.stdout();
    // The 40 000-row file takes far longer than 0.05 s; small ones may or may not beat the limit on a
    // busy machine, but every file is reported, in order, by a report or by the one line.
    expect(out).toMatch(/^无法读取 \S*0-大\.xlsx：检查该文件超过 0.05 秒仍未完成，已停止/m);
    const reported = [...out.matchAll(/^(?:文件：|无法读取 )\S*?([0-9]-[^\s：]+)/gm)].map((m) => m[1]);
    expect(reported).toEqual(['0-大.xlsx', '1-株洲.xlsx', '2-长沙.xlsx', '3-多表.xlsx', '4-坏.xlsx', '5-项目.xlsx']);
  }, 120_000);

  it('rejects a --jobs that is not a positive whole number', async () => {
    for (const bad of ['0', 'x', '1.5']) {
      const t = fakeIo();
      expect(await main(['check', '--jobs', bad, '报送'], t.io)).toBe(2);
      expect(t.stderr()).toContain('--jobs 需要 1 到 256 之间的整数');
    }
  });
});

describe('how many workers by default', () => {
  it('none for one file, batches under 8 MB in all, or one core; one per core that has 4 MB of workbooks to check', () => {
    expect(autoJobs(1, 50e6, 8)).toBe(1);
    expect(autoJobs(5, 100_000, 2)).toBe(1);
    expect(autoJobs(12, 900_000, 2)).toBe(1);
    expect(autoJobs(200, 50e6, 1)).toBe(1);
    // 200 small workbooks (3.6 MB) run faster in one thread than on two cores (README 性能).
    expect(autoJobs(200, 3.6e6, 2)).toBe(1);
    expect(autoJobs(60, 7.9 * 1024 * 1024, 2)).toBe(1);
    expect(autoJobs(460, 12e6, 2)).toBe(2);
    expect(autoJobs(3, 30e6, 4)).toBe(3);
    // Sixteen cores, 18 MB: four workers of 4 MB each, not sixteen that would each compile the checker again.
    expect(autoJobs(1000, 18 * 1024 * 1024, 16)).toBe(4);
    expect(autoJobs(1000, 200e6, 16)).toBe(16);
  });
});

describe('progress', () => {
  function run(tty: boolean, total: number, steps: number[]) {
    let now = 0;
    const t = fakeIo({}, tty);
    const p = new Progress(t.io, total, { tty, enabled: true, now: () => now });
    p.draw();
    for (const dt of steps) {
      now += dt;
      p.advance();
    }
    p.finish();
    return t.stderr();
  }

  it('on a terminal: a bar redrawn in place with the count and the remaining time, erased at the end', () => {
    const s = run(true, 4, [1000, 1000, 1000, 1000]);
    expect(s.startsWith(`\r\x1b[K正在检查 ${'░'.repeat(24)} 0/4`)).toBe(true);
    expect(s).toContain(`\r\x1b[K正在检查 ${'█'.repeat(12)}${'░'.repeat(12)} 2/4，剩余约 2 秒`);
    expect(s).not.toContain('\n');
    expect(s.endsWith('\r\x1b[K')).toBe(true);
  });

  it('elsewhere: plain lines, at most one per five seconds, and a closing line when any was written', () => {
    expect(run(false, 5, [100, 100, 100, 100, 100])).toBe('');
    const s = run(false, 6, [3000, 3000, 3000, 3000, 3000, 3000]);
    expect(s.split('\n').filter(Boolean)).toEqual([
      '正在检查：已完成 2/6，剩余约 12 秒',
      '正在检查：已完成 4/6，剩余约 6 秒',
      '正在检查：已完成 6/6，用时 18 秒',
    ]);
    expect(s).not.toContain('\x1b');
  });

  it('formats durations in seconds, then minutes', () => {
    expect(formatDuration(200)).toBe('1 秒');
    expect(formatDuration(59_400)).toBe('59 秒');
    expect(formatDuration(125_000)).toBe('2 分 05 秒');
  });
});

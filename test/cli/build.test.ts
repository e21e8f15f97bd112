// The compiled CLI (tsconfig.cli.json: CommonJS, node10 resolution) run through bin/selfeval.js,
// laid out as after `npm ci` (package.json, bin/, dist/node/) but in a temp directory so the
// project's own dist/ is left alone.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOverallForm, makeCfb, makeTempDir, workbookBytes } from '../xlsx/helpers';
import { reencodedWorkbook, wrongScoreSheet } from '../robustness/hostile-files';
import { FIXTURES } from '../e2e/support';
import { expectNoStackTrace, ROOT, runCli } from './run';

const exec = promisify(execFile);
let tmp: { dir: string; cleanup: () => void };
let tscOutput = '';

beforeAll(async () => {
  tmp = makeTempDir('selfeval-build-');
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    await exec(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.cli.json'), '--outDir', path.join(tmp.dir, 'dist', 'node')], { cwd: ROOT });
  } catch (err) {
    // tsc still emits on type errors; keep its output to report errors in the CLI's own files.
    tscOutput = String((err as { stdout?: string }).stdout ?? err);
  }
  // The second step of npm run build:cli: the bundle bin/selfeval.js runs, over tsc's dist/node/cli/main.js.
  await exec(process.execPath, [path.join(ROOT, 'scripts', 'build-cli.mjs'), '--outdir', path.join(tmp.dir, 'dist', 'node')], { cwd: ROOT });
  mkdirSync(path.join(tmp.dir, 'bin'));
  copyFileSync(path.join(ROOT, 'bin', 'selfeval.js'), path.join(tmp.dir, 'bin', 'selfeval.js'));
  copyFileSync(path.join(ROOT, 'package.json'), path.join(tmp.dir, 'package.json'));
  writeFileSync(path.join(tmp.dir, 'form.xlsx'), await workbookBytes(buildOverallForm()));
  writeFileSync(path.join(tmp.dir, 'old.xls'), makeCfb(['Workbook']));
  // GBK-declared XML parts: the direct reader declines them, the exceljs path reads them.
  writeFileSync(path.join(tmp.dir, 'gbk.xlsx'), await reencodedWorkbook([wrongScoreSheet('项目自评表')], 'gbk'));
  mkdirSync(path.join(tmp.dir, 'folder'));
  for (const name of ['zhuzhou-2024.xlsx', 'changsha-2024.xlsx', 'multi-forms.xlsx']) copyFileSync(path.join(FIXTURES, name), path.join(tmp.dir, 'folder', name));
  copyFileSync(path.join(tmp.dir, 'gbk.xlsx'), path.join(tmp.dir, 'folder', 'gbk.xlsx'));
  writeFileSync(path.join(tmp.dir, 'folder', 'broken.xlsx'), 'not a zip');
  // Preloaded into a run: prints which of our dependencies the process loaded.
  writeFileSync(
    path.join(tmp.dir, 'probe.cjs'),
    [
      "const Module = require('node:module');",
      'const seen = new Set();',
      'const load = Module._load;',
      "Module._load = function (request, ...rest) { if (/^(exceljs|decimal\\.js)$/.test(request)) seen.add(request); return load.call(this, request, ...rest); };",
      "process.on('exit', () => process.stderr.write(`LOADED:${[...seen].sort().join(',')}\\n`));",
    ].join('\n'),
  );
}, 180_000);

afterAll(() => tmp?.cleanup());

describe('compiled CLI (dist/node)', () => {
  it('compiles src/cli and src/xlsx without type errors under tsconfig.cli.json', () => {
    const ours = tscOutput.split('\n').filter((l) => /src[\\/](cli|xlsx)[\\/]/.test(l));
    expect(ours).toEqual([]);
    expect(existsSync(path.join(tmp.dir, 'dist', 'node', 'cli', 'main.js'))).toBe(true);
  });

  it('bin/selfeval.js runs the build: --version, check, and a clean error for a legacy file', async () => {
    const bin = path.join(tmp.dir, 'bin', 'selfeval.js');
    // Without SELFEVAL_FROM_SOURCE the bin must pick dist/node; NODE_PATH supplies the dependencies.
    const env = { SELFEVAL_FROM_SOURCE: undefined, NODE_PATH: path.join(ROOT, 'node_modules') };
    const version = await runCli(['--version'], { bin, cwd: tmp.dir, env });
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);

    const check = await runCli(['check', '--json', 'form.xlsx'], { bin, cwd: tmp.dir, env });
    expectNoStackTrace(check.stderr);
    expect([0, 1]).toContain(check.code);
    expect(JSON.parse(check.stdout).files[0].file).toBe('form.xlsx');

    const old = await runCli(['check', 'old.xls'], { bin, cwd: tmp.dir, env });
    expect(old.code).toBe(2);
    expect(old.stdout.trim()).toBe('无法读取 old.xls：这是旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后再检查');
  });

  it('is one bundle that loads exceljs only for a file the direct reader declines', async () => {
    const bin = path.join(tmp.dir, 'bin', 'selfeval.js');
    const env = { SELFEVAL_FROM_SOURCE: undefined, NODE_PATH: path.join(ROOT, 'node_modules') };
    const run = (args: string[]) => exec(process.execPath, ['-r', path.join(tmp.dir, 'probe.cjs'), bin, ...args], { cwd: tmp.dir, env: { ...process.env, ...env } }).catch((e: { stdout: string; stderr: string }) => e);
    const fast = await run(['check', 'form.xlsx']);
    expect(fast.stdout).toContain('文件：form.xlsx');
    // decimal.js is inside the bundle, exceljs is not loaded at all.
    expect(fast.stderr).toContain('LOADED:\n');
    const fallback = await run(['check', 'gbk.xlsx']);
    expect(fallback.stderr).toContain('LOADED:exceljs\n');
    expect(fallback.stdout).toContain('项目支出绩效自评表（工作表“项目自评表”');
    // The bundle requires nothing of ours beside it: only Node's modules and exceljs.
    const text = readFileSync(path.join(tmp.dir, 'dist', 'node', 'cli', 'main.js'), 'utf8');
    const required = new Set([...text.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1]!.replace(/^node:/, '')));
    for (const r of required) expect(r === 'exceljs' || r === 'tsx/cjs' || !r.includes('/') || /^(fs|path)\//.test(r), r).toBe(true);
    expect(required.has('decimal.js')).toBe(false);
  });

  it('checks a folder in worker threads from the bundle: the same output as one file at a time', async () => {
    const bin = path.join(tmp.dir, 'bin', 'selfeval.js');
    const env = { SELFEVAL_FROM_SOURCE: undefined, NODE_PATH: path.join(ROOT, 'node_modules') };
    const serial = await runCli(['check', '--jobs', '1', 'folder'], { bin, cwd: tmp.dir, env });
    const parallel = await runCli(['check', '--jobs', '2', 'folder'], { bin, cwd: tmp.dir, env });
    expectNoStackTrace(parallel.stderr);
    expect(parallel.code).toBe(2);
    expect(parallel.stdout).toBe(serial.stdout);
    expect(parallel.stdout).toContain('无法读取 folder/broken.xlsx');
    expect(parallel.stdout).toContain('文件：folder/gbk.xlsx');
  });
});

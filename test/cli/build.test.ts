// The compiled CLI (tsconfig.cli.json: CommonJS, node10 resolution) run through bin/selfeval.js,
// laid out as after `npm ci` (package.json, bin/, dist/node/) but in a temp directory so the
// project's own dist/ is left alone.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOverallForm, makeCfb, makeTempDir, workbookBytes } from '../xlsx/helpers';
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
  mkdirSync(path.join(tmp.dir, 'bin'));
  copyFileSync(path.join(ROOT, 'bin', 'selfeval.js'), path.join(tmp.dir, 'bin', 'selfeval.js'));
  copyFileSync(path.join(ROOT, 'package.json'), path.join(tmp.dir, 'package.json'));
  writeFileSync(path.join(tmp.dir, 'form.xlsx'), await workbookBytes(buildOverallForm()));
  writeFileSync(path.join(tmp.dir, 'old.xls'), makeCfb(['Workbook']));
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
});

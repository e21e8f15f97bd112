// What ships: the production dependencies are exactly the reviewed list (a new one needs a README
// entry saying what it is for and that it makes no network calls), and the code that runs on the
// user's machine — engine, xlsx reader, CLI, gateway, task pane — imports no networking module and
// calls no network API. The browser preview (src/preview) fetches its own sample files from the
// local preview server and is not part of the add-in or the CLI.
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');

const EXPECTED_DEPENDENCIES = ['@fluentui/react-components', 'decimal.js', 'docx', 'exceljs', 'fflate', 'mammoth', 'react', 'react-dom'];

function sources(dir: string): { file: string; text: string }[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && /\.(ts|tsx)$/.test(d.name))
    .map((d) => {
      const file = path.join(d.parentPath ?? (d as unknown as { path: string }).path, d.name);
      return { file: path.relative(ROOT, file), text: readFileSync(file, 'utf8') };
    });
}

describe('dependencies', () => {
  it('production dependencies are exactly the reviewed list', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    expect(Object.keys(pkg.dependencies ?? {}).sort()).toEqual(EXPECTED_DEPENDENCIES);
  });

  it('no optional or bundled dependencies slip in beside them', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    for (const key of ['optionalDependencies', 'bundleDependencies', 'bundledDependencies', 'peerDependencies']) {
      expect(pkg[key], key).toBeUndefined();
    }
  });
});

describe('code that runs for the user makes no network calls', () => {
  const DIRS = ['src/engine', 'src/xlsx', 'src/cli', 'src/excel', 'src/taskpane', 'src/host', 'src/review', 'src/review-page'];
  const files = DIRS.flatMap((d) => sources(d));

  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  /**
   * The only exceptions, each one named module doing one job, for a stated reason: LibreOffice conversion
   * of .xls/.et (child_process, no shell; see the converter test below) and the worker pool that checks
   * files on all cores (worker_threads: its workers load the CLI's own code, checked here like the rest,
   * and talk only to the parent thread through postMessage).
   */
  const NARROW_ALLOWANCES: { file: string; module: string }[] = [
    { file: path.join('src', 'cli', 'legacy.ts'), module: 'child_process' },
    { file: path.join('src', 'cli', 'pool.ts'), module: 'worker_threads' },
  ];

  it('imports no networking or process-spawning module', () => {
    const bad: string[] = [];
    const allowedSeen: string[] = [];
    for (const { file, text } of files) {
      for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]((?:node:)?[\w./@-]+)['"]/g)) {
        const mod = m[1]!.replace(/^node:/, '');
        if (/^(http|https|http2|net|tls|dgram|dns|child_process|cluster|worker_threads|inspector)(\/|$)/.test(mod) || /^(axios|node-fetch|undici|got|ws|socket\.io)/.test(mod)) {
          if (NARROW_ALLOWANCES.some((a) => a.file === file && a.module === mod)) allowedSeen.push(`${file}: ${mod}`);
          else bad.push(`${file}: ${m[1]}`);
        }
      }
    }
    expect(bad).toEqual([]);
    // An allowance nobody uses any more is removed, not left open for the next import.
    expect(allowedSeen.sort()).toEqual(NARROW_ALLOWANCES.map((a) => `${a.file}: ${a.module}`).sort());
  });

  it('workers run only our own code: the CLI pool (its entry module) and the 审核台 (its bundled worker file)', () => {
    const withWorker = files.filter(({ text }) => /\bnew\s+Worker\s*\(/.test(text.replace(/\/\/.*$/gm, ''))).map((f) => f.file);
    expect(withWorker.sort()).toEqual([path.join('src', 'cli', 'pool.ts'), path.join('src', 'review-page', 'index.ts')]);
    const page = files.find((f) => f.file === path.join('src', 'review-page', 'index.ts'))!.text;
    const pageWorkers = [...page.matchAll(/new\s+Worker\s*\(([^;]*?)\)\s*,?\s*\n/g)].map((m) => m[1]!.replace(/\/\*[\s\S]*?\*\//g, '').trim());
    expect(pageWorkers).toEqual(["new URL('./worker.ts', import.meta.url)"]);
    const pool = files.find((f) => f.file === path.join('src', 'cli', 'pool.ts'))!.text;
    // The worker script is the CLI's entry module next to the pool, or (from the sources) that module through tsx.
    for (const m of pool.matchAll(/new\s+Worker\s*\(([^,]+),/g)) expect(m[1]!.trim()).toMatch(/^(entry|`require\(\$\{JSON\.stringify\(tsx\)\}\); require\(\$\{JSON\.stringify\(entry\)\}\);`)$/);
    expect(pool).toContain("const tsx = require.resolve('tsx/cjs');");
    expect(pool).toMatch(/const entry = path\.join\(__dirname, `main\$\{ext\}`\);/);
  });

  it('the converter starts LibreOffice without a shell and with a timeout', () => {
    const text = readFileSync(path.join(ROOT, 'src/cli/legacy.ts'), 'utf8');
    const code = text.replace(/\/\/.*$/gm, '');
    expect(code).toMatch(/\bspawn\(cmd, args, \{[^}]*shell: false/);
    expect(code).toMatch(/setTimeout\(/);
    expect(code).toMatch(/SIGKILL/);
    expect(code).not.toMatch(/\b(exec|execSync|spawnSync|execFileSync)\(|shell:\s*true/);
  });

  it('the review module stays pure: no Node module, no DOM (it runs in worker threads and the 审核台 page)', () => {
    const bad: string[] = [];
    for (const { file, text } of sources('src/review')) {
      for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]([\w./@:-]+)['"]/g)) {
        if (/^node:|^(fs|path|os|zlib|crypto|buffer|stream|url|util)(\/|$)/.test(m[1]!)) bad.push(`${file}: ${m[1]}`);
      }
      if (/\b(document|window|process)\./.test(text.replace(/\/\/.*$/gm, ''))) bad.push(`${file}: DOM or process global`);
    }
    expect(bad).toEqual([]);
  });

  it('calls no fetch / XMLHttpRequest / WebSocket / sendBeacon / EventSource', () => {
    const bad: string[] = [];
    for (const { file, text } of files) {
      const code = text.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
      if (/(?<![\w$.])fetch\s*\(|\.fetch\s*\(|XMLHttpRequest|WebSocket|sendBeacon|EventSource/.test(code)) bad.push(file);
    }
    expect(bad).toEqual([]);
  });
});

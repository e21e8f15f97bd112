#!/usr/bin/env node
// The README's test command: lints the sources (ESLint), builds what the tests exercise (CLI, task pane bundle), runs every vitest
// suite (unit, CLI on real .xlsx, fake Excel host, headless Chromium end-to-end), and ends with the plain
// line "N passed, N failed" that CI reads. Exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'test-output');
mkdirSync(out, { recursive: true });

function run(cmd, args, label) {
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  console.log(`[${label}] ${r.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return r.status === 0;
}

let buildFailures = 0;
// ESLint (typescript-eslint recommended, eslint.config.mjs): a lint failure counts as one failure.
if (!run('npx', ['eslint', '--max-warnings=0', '.'], 'eslint')) buildFailures++;
if (!run('npm', ['run', '--silent', 'build:cli'], 'build:cli')) buildFailures++;
if (existsSync(join(root, 'webpack.config.js'))) {
  if (!run('npx', ['webpack', '--mode', 'production'], 'webpack')) buildFailures++;
}

const jsonFile = join(out, 'vitest.json');
const extra = process.argv.slice(2);
run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${jsonFile}`, ...extra], 'vitest');

let passed = 0;
let failed = buildFailures;
let ok = false;
try {
  const report = JSON.parse(readFileSync(jsonFile, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0);
  // A suite that fails to load has no failed tests but is still a failure.
  const brokenSuites = (report.testResults ?? []).filter((s) => s.status === 'failed' && (s.assertionResults ?? []).every((a) => a.status !== 'failed'));
  failed += brokenSuites.length;
  for (const s of brokenSuites) console.log(`suite failed to run: ${s.name}\n${s.message ?? ''}`);
  ok = true;
} catch (e) {
  console.log(`could not read the vitest report: ${e.message}`);
  failed += 1;
}
if (ok && passed + failed === 0) {
  console.log('no tests ran');
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

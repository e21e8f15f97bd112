// The pane's initial JavaScript (what taskpane.html loads before the first screen) stays within
// 150 KB gzipped (issue 13); the 模板 tab, 设置 and the overview cards are chunks loaded when opened,
// and the engine a chunk requested at once, in parallel with office.js starting.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist');
const BUDGET = 150_000;

beforeAll(() => {
  if (!existsSync(path.join(DIST, 'taskpane.html'))) {
    execFileSync('npx', ['webpack', '--mode', 'production'], { cwd: ROOT, stdio: 'ignore', timeout: 280_000 });
  }
}, 300_000);

function initialScripts(): string[] {
  const html = readFileSync(path.join(DIST, 'taskpane.html'), 'utf8');
  return [...html.matchAll(/<script[^>]*\ssrc=["']?([^"'\s>]+\.js)/g)].map((m) => m[1]!).filter((src) => !/^https?:/.test(src));
}

describe('task pane bundle', () => {
  it(`initial JavaScript ≤ ${BUDGET / 1000} KB gzipped`, () => {
    const scripts = initialScripts();
    expect(scripts.length).toBeGreaterThan(0);
    const gz = scripts.reduce((n, src) => n + gzipSync(readFileSync(path.join(DIST, src)), { level: 9 }).length, 0);
    expect(gz).toBeLessThanOrEqual(BUDGET);
  });

  it('模板, 设置 and the overview cards are separate chunks, not in the initial script', () => {
    const files = readdirSync(DIST);
    for (const chunk of ['templates', 'settings', 'formcard', 'engine']) {
      expect(files.some((f) => f.startsWith(`${chunk}.`) && f.endsWith('.js')), chunk).toBe(true);
    }
    const initial = initialScripts().map((src) => readFileSync(path.join(DIST, src), 'utf8')).join('\n');
    // Text only the lazy parts carry.
    for (const text of ['注明复核更正', '编辑后自动重新检查', '各一级指标得分']) expect(initial.includes(text), text).toBe(false);
    // The entry asks for the engine before Office is ready.
    expect(initial.includes('engine'), 'engine chunk requested by the entry').toBe(true);
  });
});

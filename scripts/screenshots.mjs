// Renders dist/harness.html in headless Chromium at task-pane width and saves one screenshot per
// state under test-output/screens/. Fails on horizontal overflow, page errors or CSP violations.
//   npx webpack --mode development && node scripts/screenshots.mjs
// Needs /usr/bin/chromium (or CHROMIUM=path) and a CJK font (fonts-wqy-microhei on Debian).
import { mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serveStatic } from './serve-static.mjs';

const WIDTH = Number(process.env.PANE_WIDTH ?? 350);
const OUT = join('test-output', 'screens');
const STATES = ['summary', 'list', 'empty', 'error', 'celledit', 'running', 'notexcel', 'templates', 'templates-fill', 'templates-occupied'];

if (!existsSync('dist/harness.html')) {
  console.error('dist/harness.html 不存在：先运行 npx webpack --mode development');
  process.exit(1);
}
await mkdir(OUT, { recursive: true });
const server = await serveStatic('dist', 0);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const problems = [];
try {
  for (const state of STATES) {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: 900 }, locale: 'zh-CN' });
    const logs = [];
    page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`${state}: page error ${e.message}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP ${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(`${server.url}harness.html?state=${state}`);
    await page.waitForSelector('main');
    if (state !== 'running') await page.waitForFunction(() => !document.querySelector('main[aria-busy="true"]'));
    await page.waitForTimeout(200);

    if (state === 'summary') {
      // Open 设置 and its scoring panel so the screenshot shows them (both load on first open).
      await page.getByRole('button', { name: '设置', exact: true }).click();
      await page.getByRole('button', { name: /评分规则/ }).click();
    }
    if (state === 'list') {
      // Keyboard: Tab to 下一个 and press Enter; the harness gateway logs the selection.
      await page.getByRole('button', { name: '下一个问题' }).focus();
      await page.keyboard.press('Enter');
      await page.waitForTimeout(100);
      if (!logs.some((l) => l.includes('[harness] select'))) problems.push('list: 下一个 did not select a cell');
    }

    if (state === 'templates') {
      if ((await page.getByRole('tab', { name: '模板', selected: true }).count()) !== 1) problems.push('templates: 模板 tab not selected');
      if ((await page.locator('textarea').inputValue()).length < 100) problems.push('templates: no text in the editor');
    }
    if (state === 'templates-fill') {
      await page.getByText('已填入：').waitFor();
      await page.getByText('未填入：').waitFor();
    }
    if (state === 'templates-occupied') {
      await page.getByRole('button', { name: /^插入到 [A-Z]+\d+ 起$/ }).waitFor();
    }

    const overflow = await page.evaluate(() => {
      const doc = document.documentElement;
      const wide = [...document.querySelectorAll('main *')]
        .filter((el) => el.getBoundingClientRect().right > doc.clientWidth + 0.5)
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`.slice(0, 80));
      return { scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, wide };
    });
    if (overflow.scrollWidth > overflow.clientWidth || overflow.wide.length) {
      problems.push(`${state}: overflows ${overflow.scrollWidth}px > ${overflow.clientWidth}px (${overflow.wide.join(', ')})`);
    }
    for (const l of logs) if (l.startsWith('error')) problems.push(`${state}: ${l}`);

    const file = join(OUT, `${state}.png`);
    await page.screenshot({ path: file, fullPage: true });
    // The first screenful at 1:1, for reading the text closely.
    await page.screenshot({ path: join(OUT, `${state}-top.png`) });
    console.log(`wrote ${file}`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}

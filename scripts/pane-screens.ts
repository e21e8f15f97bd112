// The README's pane screenshots (docs/pane-*.png): the real pane over the real gateway and the fake
// Excel host in the browser preview, on samples/changsha-2024.xlsx, at the pane's real size
// (360 × 560 px). Needs /usr/bin/chromium and fonts-wqy-microhei.
//   npx tsx scripts/pane-screens.ts
import { join } from 'node:path';
import { FIXTURES, ROOT, openPage, startPreview, waitLoaded } from '../test/e2e/support';

async function main() {
  const session = await startPreview();
  try {
    const { page, problems } = await openPage(session.browser.context, session.server.origin);
    await page.setViewportSize({ width: 1200, height: 560 });
    await page.goto(session.server.url);
    await page.setInputFiles('input[type=file]', join(FIXTURES, 'changsha-2024.xlsx'));
    await waitLoaded(page);
    const pane = page.locator('#pane');
    const save = async (name: string) => {
      await page.waitForTimeout(150);
      await pane.screenshot({ path: join(ROOT, 'docs', `pane-${name}.png`) });
      console.log(`docs/pane-${name}.png`);
    };

    await page.getByRole('button', { name: '检查评分', exact: true }).click();
    await page.locator('#pane li[data-key]').first().waitFor();
    await save('errors-first');

    const score = (await page.evaluate(() => window.previewHost!.findings())).find((f) => f.rule === 'execution-score');
    if (!score) throw new Error('长沙样例中没有执行率得分的错误');
    await page.locator('#pane li[data-key]', { hasText: score.message }).getByRole('button', { name: /^改正 / }).click();
    await page.getByRole('button', { name: /^撤销/ }).waitFor();
    await save('fixed');

    const error = (await page.evaluate(() => window.previewHost!.findings())).find((f) => f.severity === 'error')!;
    const item = page.locator('#pane li[data-key]', { hasText: error.message });
    await item.getByRole('button', { name: /^忽略 / }).click();
    await page.keyboard.type('分值按财政局批复的指标表设置，已电话确认');
    await save('ignore-reason');
    await page.keyboard.press('Enter');
    await page.waitForFunction((e) => !window.previewHost!.findings().some((x) => x.rule === e.rule && x.cell === e.cell), error);
    await page.getByRole('button', { name: /已忽略（1）/ }).click();
    await page.locator('#pane li', { hasText: '忽略理由：' }).scrollIntoViewIfNeeded();
    await save('ignored');

    await page.getByRole('tab', { name: /^概览/ }).click();
    await page.evaluate(() => document.getElementById('pane')!.scrollTo(0, 0));
    await save('overview');
    if (problems.length) throw new Error(problems.join('\n'));
  } finally {
    await session.close();
  }
}

main().catch((e) => {
  console.error(`截图失败：${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});

// The real pane in headless Chromium over the WPS gateway and the fake WPS 表格 host
// (preview.html?host=wps): the pane says it runs in WPS, finds what it finds over Excel, marks as
// tagged conditional formats, 改正 and 撤销 one cell, and 清除标记 leaves the workbook as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, shot, startPreview, waitLoaded, type PreviewSession } from './support';

let session: PreviewSession;

beforeAll(async () => {
  session = await startPreview();
}, 180_000);

afterAll(async () => {
  await session?.close();
});

async function open(host: 'wps' | 'excel'): Promise<{ page: Page; problems: string[] }> {
  const { page, problems } = await openPage(session.browser.context, session.server.origin);
  await page.setViewportSize({ width: 1200, height: 700 });
  await page.goto(`${session.server.url}?workbook=fixtures/changsha-2024.xlsx${host === 'wps' ? '&host=wps' : ''}`);
  await waitLoaded(page);
  return { page, problems };
}

async function check(page: Page): Promise<void> {
  await page.getByRole('button', { name: '检查评分', exact: true }).click();
  await page.locator('#pane li[data-key]').first().waitFor({ state: 'visible', timeout: 20_000 });
}

const ownMarks = (page: Page) =>
  page.evaluate(() => window.previewHost!.state()!.sheets.flatMap((s) => s.conditionalFormats.filter((c) => /selfeval:/.test(c.formula ?? '')).map((c) => `${s.name}!${c.range}`)));

describe('the pane over the fake WPS 表格 host', () => {
  it('says it runs in WPS, finds what it finds in Excel, marks, and clears back to the original workbook', async () => {
    const excel = await open('excel');
    await check(excel.page);
    const excelKeys = (await excel.page.evaluate(() => window.previewHost!.findings())).map((f) => `${f.rule}|${f.sheet}|${f.cell}|${f.message}`);
    await excel.page.close();

    const { page, problems } = await open('wps');
    expect(await page.locator('#pane [data-host="wps"]').textContent()).toBe('当前在 WPS 表格中运行');
    const original = await page.evaluate(() => window.previewHost!.state());
    await check(page);
    const findings = await page.evaluate(() => window.previewHost!.findings());
    expect(findings.map((f) => `${f.rule}|${f.sheet}|${f.cell}|${f.message}`)).toEqual(excelKeys);
    const marks = await ownMarks(page);
    expect(marks.length).toBeGreaterThan(0);
    await shot(page, 'wps-1-checked');

    // 下一个 (nothing chosen yet: the first finding) selects its cell in the host.
    await page.getByRole('button', { name: '下一个问题' }).click();
    await page.waitForFunction((f) => {
      const s = window.previewHost!.selection();
      return s?.sheet === f.sheet && s.address === f.cell;
    }, findings[0]!, { timeout: 8000 });

    await page.getByRole('button', { name: '清除标记' }).click();
    await page.waitForFunction(() => !window.previewHost!.state()!.sheets.some((s) => s.conditionalFormats.some((c) => /selfeval:/.test(c.formula ?? ''))), undefined, { timeout: 8000 });
    const cleared = await page.evaluate(() => window.previewHost!.state()!);
    // Only the selection moved.
    expect({ ...cleared, activeSheet: '', sheets: cleared.sheets.map((s) => ({ ...s, selection: '' })) }).toEqual({
      ...original!,
      activeSheet: '',
      sheets: original!.sheets.map((s) => ({ ...s, selection: '' })),
    });
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);

  it('改正 turns 9.68 into 9.66 through the WPS gateway; 撤销 puts 9.68 back', async () => {
    const { page, problems } = await open('wps');
    await check(page);
    const score = (await page.evaluate(() => window.previewHost!.findings())).find((f) => f.rule === 'execution-score')!;
    expect(score).toBeDefined();
    const value = () =>
      page.evaluate((f) => window.previewHost!.snapshot()!.sheets.find((s) => s.name === f.sheet)!.cells[f.cell]!.value, score);
    expect(await value()).toBe(9.68);
    await page.locator('#pane li[data-key]', { hasText: score.message }).getByRole('button', { name: /^改正 / }).click();
    await page.waitForFunction((f) => !window.previewHost!.findings().some((x) => x.rule === f.rule && x.cell === f.cell), score);
    expect(await value()).toBe(9.66);
    await shot(page, 'wps-2-fixed');
    await page.getByRole('button', { name: /^撤销/ }).click();
    await page.waitForFunction((f) => window.previewHost!.findings().some((x) => x.rule === f.rule && x.cell === f.cell), score);
    expect(await value()).toBe(9.68);
    expect(problems).toEqual([]);
    await page.close();
  });
});

// The 模板 tab in the preview: after a check of the 长沙 workbook, 插入到新工作表 writes the generated
// 自评报告 into a new sheet 自评报告, one paragraph per row, as text, with the recomputed total (99.66).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_COLUMN_POINTS } from '../../src/excel/insert';
import { openPage, shot, startPreview, waitLoaded, type Browser, type PreviewServer, type PreviewSession } from './support';

let session: PreviewSession;
let server: PreviewServer;
let browser: Browser;

beforeAll(async () => {
  session = await startPreview();
  ({ server, browser } = session);
}, 180_000);

afterAll(async () => {
  await session?.close();
});

describe('preview: 模板 tab', () => {
  it('inserts the 自评报告 into a new sheet, as text, with the recomputed figures', async () => {
    const { page, problems } = await openPage(browser.context, server.origin);
    await page.goto(`${server.url}?workbook=fixtures/changsha-2024.xlsx`);
    await waitLoaded(page);
    const before = (await page.evaluate(() => window.previewHost!.snapshot()))!;
    expect(before.sheets.map((s) => s.name)).not.toContain('自评报告');

    await page.getByRole('button', { name: '检查评分', exact: true }).click();
    await page.getByRole('tab', { name: /^问题/ }).waitFor({ timeout: 30_000 });
    await page.getByRole('tab', { name: '模板' }).click();
    const preview = page.getByRole('textbox').last();
    await expect.poll(async () => preview.inputValue(), { timeout: 20_000 }).toContain('99.66');
    await shot(page, 'templates-1-preview');

    await page.getByRole('button', { name: /插入到新工作表/ }).click();
    await expect.poll(async () => (await page.evaluate(() => window.previewHost!.snapshot()))!.sheets.map((s) => s.name), { timeout: 20_000 })
      .toContain('自评报告');
    const after = (await page.evaluate(() => window.previewHost!.snapshot()))!;
    const report = after.sheets.find((s) => s.name === '自评报告')!;
    const column = Object.entries(report.cells).filter(([a]) => /^A\d+$/.test(a)).map(([, c]) => c);
    const text = column.map((c) => String(c.value)).join('\n');
    expect(column.length).toBeGreaterThan(5);
    expect(text).toContain('长沙市现代教育技术中心');
    expect(text).toContain('99.66');
    expect(text).not.toMatch(/总分为99\.68|99\.70|undefined|NaN/);
    expect(text).toContain("经复核，总分应为99.66分（表中填报99.68分）");
    for (const c of column) {
      expect(c.formula).toBeNull();
      expect(c.numberFormat).toBe('@');
    }
    // The other sheets are untouched by the insert.
    for (const s of before.sheets) {
      const a = after.sheets.find((x) => x.name === s.name)!;
      for (const [addr, cell] of Object.entries(s.cells)) expect(a.cells[addr]?.value).toEqual(cell.value);
    }
    // The report column is drawn at the width the insert set (points → pixels), not Excel's default 64 px.
    const width = await page.locator('table.grid colgroup col').nth(1).evaluate((el) => (el as HTMLElement).style.width);
    expect(width).toBe(`${Math.round((REPORT_COLUMN_POINTS * 4) / 3)}px`);
    await shot(page, 'templates-2-inserted');
    expect(problems).toEqual([]);
  });
});

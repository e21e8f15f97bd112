// The preview in headless Chromium beyond the happy path: a workbook that is no 自评表 (opened by
// drag-and-drop) shows the empty state; hostile cell text (opened with the file picker) shows as
// text and never runs; number formats, fills and merges on the grid; broken and foreign files.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildForm, validProjectSpec } from '../support/build-form';
import {
  FIXTURES,
  openPage,
  shot,
  waitLoaded,
  type Browser,
  startPreview,
  type PreviewServer,
  type PreviewSession,
} from './support';

const IMG = '<img src=x onerror=window.__xss=1>';
const JS = 'javascript:alert(1)';

let session: PreviewSession;
let server: PreviewServer;
let browser: Browser;
let tmp: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'selfeval-e2e-'));
  session = await startPreview();
  ({ server, browser } = session);
}, 180_000);

afterAll(async () => {
  await session?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** A project form whose texts are script payloads, plus a sheet of formats, fills and merges. */
async function hostileWorkbook(): Promise<string> {
  const spec = validProjectSpec({ name: IMG, unit: JS });
  spec.indicators[0] = { ...spec.indicators[0]!, name: IMG, actual: JS, score: 10 };
  const form = buildForm(spec);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('项目表');
  form.values.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v === '' || v === null) return;
      const cell = ws.getCell(r + 1, c + 1);
      cell.value = v;
      const nf = form.numberFormats[r]?.[c];
      if (nf && nf !== 'General') cell.numFmt = nf;
    }),
  );
  for (const m of form.merges) ws.mergeCells(m.top + 1, m.left + 1, m.bottom + 1, m.right + 1);

  const f = wb.addWorksheet('格式');
  f.getCell('A1').value = IMG;
  f.getCell('B1').value = JS;
  f.getCell('C1').value = { text: '链接', hyperlink: JS };
  const formats: [string, number, string][] = [
    ['A3', 1234.5, '#,##0.00'],
    ['B3', 0.9662, '0.00%'],
    ['C3', 0.5, '0%'],
    ['D3', 2.345, '0.00'],
    ['E3', 0.1 + 0.2, 'General'],
  ];
  for (const [addr, v, nf] of formats) {
    f.getCell(addr).value = v;
    if (nf !== 'General') f.getCell(addr).numFmt = nf;
  }
  f.getCell('F3').value = { formula: 'B3*100', result: 96.62 };
  f.getCell('F3').numFmt = '0.00';
  f.getCell('A5').value = '黄色';
  f.getCell('A5').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
  f.getCell('A6').value = '合并';
  f.mergeCells('A6:C7');
  const file = join(tmp, 'hostile.xlsx');
  writeFileSync(file, Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
  return file;
}

describe('preview: edge cases', () => {
  it('the start page lists the server\'s samples and fixtures', async () => {
    const { page, problems } = await openPage(browser.context, server.origin);
    await page.goto(server.url);
    await page.getByRole('link', { name: 'fixtures/zhuzhou-2024.xlsx' }).waitFor();
    expect(await page.evaluate(() => window.previewHost!.status().state)).toBe('empty');
    await expect(page.getByText('打开工作簿后，这里显示绩效自评校核的任务窗格').isVisible()).resolves.toBe(true);
    await shot(page, 'start-page');
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);

  it('an unrelated workbook dropped on the page shows the empty state and no marks', async () => {
    const { page, problems } = await openPage(browser.context, server.origin);
    await page.goto(server.url);
    const b64 = readFileSync(join(FIXTURES, 'unrelated.xlsx')).toString('base64');
    await page.evaluate((data) => {
      const bytes = Uint8Array.from(atob(data), (ch) => ch.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'unrelated.xlsx'));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        document.body.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      }
    }, b64);
    await waitLoaded(page);
    expect(await page.evaluate(() => window.previewHost!.status().fileName)).toBe('unrelated.xlsx');
    const before = await page.evaluate(() => window.previewHost!.snapshot());
    await page.getByRole('button', { name: '检查评分', exact: true }).click();
    await page.getByText('未找到绩效自评表').waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => window.previewHost!.findings())).toEqual([]);
    await page.waitForFunction(() => window.previewHost!.syncCount() > 0);
    expect(await page.evaluate(() => window.previewHost!.snapshot())).toEqual(before);
    expect(await page.locator('table.grid td[data-mark]').count()).toBe(0);
    await shot(page, 'unrelated-empty-state');
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);

  it('script-like cell text is shown literally and never runs; formats, fills and merges are drawn', async () => {
    const file = await hostileWorkbook();
    const { page, problems } = await openPage(browser.context, server.origin);
    await page.goto(server.url);
    await page.setInputFiles('input[type=file]', file);
    await waitLoaded(page);

    await page.getByRole('tab', { name: '格式' }).click();
    const text = (addr: string) => page.locator(`table.grid td[data-addr="${addr}"]`).textContent();
    expect(await text('A1')).toBe(IMG);
    expect(await text('B1')).toBe(JS);
    expect(await text('C1')).toBe('链接');
    expect(await text('A3')).toBe('1,234.50');
    expect(await text('B3')).toBe('96.62%');
    expect(await text('C3')).toBe('50%');
    expect(await text('D3')).toBe('2.35');
    expect(await text('E3')).toBe('0.3');
    expect(await text('F3')).toBe('96.62');
    const a5 = page.locator('table.grid td[data-addr="A5"]');
    expect(await a5.evaluate((td) => getComputedStyle(td).backgroundColor)).toBe('rgb(255, 255, 0)');
    const a6 = page.locator('table.grid td[data-addr="A6"]');
    expect(await a6.getAttribute('colspan')).toBe('3');
    expect(await a6.getAttribute('rowspan')).toBe('2');
    expect(await page.locator('table.grid td[data-addr="B6"], table.grid td[data-addr="A7"]').count()).toBe(0);
    const snap = (await page.evaluate(() => window.previewHost!.snapshot()))!;
    const cells = snap.sheets.find((s) => s.name === '格式')!.cells;
    expect(cells.A5).toMatchObject({ value: '黄色', fill: '#FFFF00', marked: false });
    expect(cells.B3).toMatchObject({ value: 0.9662, numberFormat: '0.00%', text: '96.62%' });
    await shot(page, 'hostile-formats');

    await page.getByRole('tab', { name: '项目表' }).click();
    await page.getByRole('button', { name: '检查评分', exact: true }).click();
    const issues = page.getByRole('tab', { name: /^问题（\d+）$/ });
    await issues.waitFor({ timeout: 15_000 });
    await issues.click();
    const quoted = page.locator('main li', { hasText: IMG });
    await quoted.first().waitFor();
    expect(await quoted.count()).toBeGreaterThan(0);
    expect((await page.evaluate(() => window.previewHost!.findings())).some((f) => f.message.includes(JS))).toBe(true);
    await page.locator('main li', { hasText: JS }).first().waitFor();
    await page.getByRole('tab', { name: /^概览/ }).click();
    await page.getByText(JS).first().waitFor();
    await shot(page, 'hostile-checked');

    // Give a would-be onerror handler time to fire, then look for any trace of execution.
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);

  it('typing into a cell raises onChanged through the gateway and the pane re-checks by itself', async () => {
    const { page, problems } = await openPage(browser.context, server.origin);
    await page.goto(`${server.url}?workbook=fixtures/zhuzhou-2024.xlsx`);
    await waitLoaded(page);
    await page.getByRole('button', { name: '设置', exact: true }).click();
    await page.getByRole('checkbox', { name: '编辑后自动重新检查' }).check();
    await page.getByRole('button', { name: '检查评分', exact: true }).click();
    const findings = () => page.evaluate(() => window.previewHost!.findings());
    await page.waitForFunction(() => window.previewHost!.findings().some((f) => f.rule === 'staffing-control-rate'));
    const target = (await findings()).find((f) => f.rule === 'staffing-control-rate')!;
    const count = (await findings()).length;
    await page.getByRole('tab', { name: target.sheet }).click();
    // The pane ignores change events within 0.5 s of its own writes (they are echoes of the marks):
    // wait for the marks, then longer than that, as a person would.
    await page.getByRole('button', { name: '清除标记', exact: true }).and(page.locator(':enabled')).waitFor();
    await page.waitForTimeout(700);

    // The truncated 控制率 corrected by hand, as a clerk would in Excel.
    await page.locator(`table.grid td[data-addr="${target.cell}"]`).dblclick();
    const editor = page.getByRole('textbox', { name: `编辑 ${target.cell}` });
    await editor.fill('0.9231');
    await editor.press('Enter');
    await page.waitForFunction((n) => window.previewHost!.findings().length === n - 1, count, { timeout: 10_000 });
    expect((await findings()).some((f) => f.rule === 'staffing-control-rate')).toBe(false);
    const cell = (await page.evaluate(() => window.previewHost!.snapshot()))!.sheets.find((s) => s.name === target.sheet)!.cells[target.cell]!;
    expect(cell).toMatchObject({ value: 0.9231, text: '92.31%', marked: false });
    await shot(page, 'edit-rechecked');
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);

  it('a damaged file and a file on another origin give a Chinese message, no pane, no foreign request', async () => {
    const { page, problems } = await openPage(browser.context, server.origin);
    await page.goto(`${server.url}?workbook=fixtures/corrupt.xlsx`);
    await page.waitForFunction(() => window.previewHost!.status().state === 'error');
    const message = (await page.evaluate(() => window.previewHost!.status().message))!;
    expect(message).toMatch(/corrupt\.xlsx/);
    expect(message).toMatch(/[\u4e00-\u9fff]/);
    await expect(page.getByRole('alert').textContent()).resolves.toBe(message);
    expect(await page.locator('#pane main').count()).toBe(0);
    await shot(page, 'corrupt-file');

    await page.goto(`${server.url}?workbook=${encodeURIComponent('http://example.com/a.xlsx')}`);
    await page.waitForFunction(() => window.previewHost!.status().state === 'error');
    expect(await page.evaluate(() => window.previewHost!.status().message)).toMatch(/同源/);
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);
});

// The clerk's pane (issue 13) in headless Chromium: the real pane over the real Office.js gateway and
// the fake Excel host in the browser preview, at the real pane height (560 px). Errors first; 改正 and
// 撤销 change exactly one cell; a selected red cell selects its finding; an ignored error keeps its
// reason across reopening; 导出问题清单 adds a sheet and overwrites nothing. Screenshots in test-output/e2e/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { PreviewSnapshot } from '../../src/preview/session';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SHOTS, openPage, shot, startPreview, waitLoaded, type PreviewSession } from './support';

/** The pane alone, at its real size. */
async function paneShot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.locator('#pane').screenshot({ path: join(SHOTS, `${name}-pane.png`) });
  await shot(page, name);
}

let session: PreviewSession;

beforeAll(async () => {
  session = await startPreview();
}, 180_000);

afterAll(async () => {
  await session?.close();
});

const PANE_HEIGHT = 560;

async function openChangsha(): Promise<{ page: Page; problems: string[] }> {
  const { page, problems } = await openPage(session.browser.context, session.server.origin);
  await page.setViewportSize({ width: 1200, height: PANE_HEIGHT });
  await page.goto(`${session.server.url}?workbook=fixtures/changsha-2024.xlsx`);
  await waitLoaded(page);
  return { page, problems };
}

/** 检查评分, then wait for the list's first item; returns the milliseconds that took. */
async function check(page: Page): Promise<number> {
  const t0 = Date.now();
  await page.getByRole('button', { name: '检查评分', exact: true }).click();
  await page.locator('#pane li[data-key]').first().waitFor({ state: 'visible', timeout: 15_000 });
  return Date.now() - t0;
}

/** Cells' values, formulas and number formats only (marks come and go with re-checks). */
function contents(snap: PreviewSnapshot): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const s of snap.sheets) {
    out[s.name] = Object.fromEntries(Object.entries(s.cells).map(([a, c]) => [a, { value: c.value, formula: c.formula, numberFormat: c.numberFormat, fill: c.fill, note: c.note }]));
  }
  return out;
}

const snapshot = (page: Page) => page.evaluate(() => window.previewHost!.snapshot()!);

describe('the clerk’s pane in the preview (长沙 sample, 560 px high)', () => {
  it('errors first: the first visible item is an error, four or more items visible, the header and 上一个/下一个 stay put', async () => {
    const { page, problems } = await openChangsha();
    await check(page);
    // The 问题 tab opened by itself (there are errors).
    expect(await page.getByRole('tab', { name: /^问题/, selected: true }).count()).toBe(1);
    const listed = await page.evaluate(() => window.previewHost!.findings());
    expect(listed[0]!.severity).toBe('error');
    const rank = { error: 0, warning: 1, info: 2 } as const;
    for (let i = 1; i < listed.length; i++) expect(rank[listed[i - 1]!.severity]).toBeLessThanOrEqual(rank[listed[i]!.severity]);
    const first = page.locator('#pane li[data-key]').first();
    expect(await first.locator('[data-pill]').first().textContent()).toBe('错误');

    await paneShot(page, 'clerk-1-errors-first');
    // At least four findings fully inside the pane's visible area, below the fixed header.
    const visible = await page.evaluate(() => {
      const pane = document.getElementById('pane')!.getBoundingClientRect();
      const header = document.querySelector('#pane main > div')!.getBoundingClientRect();
      return [...document.querySelectorAll('#pane li[data-key]')].filter((li) => {
        const r = li.getBoundingClientRect();
        return r.top >= header.bottom - 1 && r.bottom <= pane.bottom + 1;
      }).length;
    });
    expect(visible).toBeGreaterThanOrEqual(4);

    // Scroll the list to the end: 检查评分 and 下一个 are still where they were.
    const before = await page.getByRole('button', { name: '下一个问题' }).boundingBox();
    await page.evaluate(() => document.getElementById('pane')!.scrollTo(0, 1e6));
    const after = await page.getByRole('button', { name: '下一个问题' }).boundingBox();
    expect(after).toEqual(before);
    expect(await page.getByRole('button', { name: '检查评分', exact: true }).isVisible()).toBe(true);
    // Keyboard: Tab to 下一个 and press Enter twice: the host's selection follows the list.
    await page.getByRole('button', { name: '下一个问题' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.waitForFunction((f) => {
      const s = window.previewHost!.selection();
      return s?.sheet === f.sheet && s.address === f.cell;
    }, listed[1]!);
    expect(await page.locator('#pane li[aria-current="true"]').getAttribute('data-key')).toBeTruthy();
    // Results are announced.
    expect(await page.locator('#pane [role=status][aria-live=polite]').first().textContent()).toMatch(/检查完成：错误 \d+/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('改正 on 执行率得分 turns 9.68 into 9.66 and the finding goes; 撤销 restores 9.68 and nothing else changed', async () => {
    const { page, problems } = await openChangsha();
    await check(page);
    const checked = await snapshot(page);
    const score = (await page.evaluate(() => window.previewHost!.findings())).find((f) => f.rule === 'execution-score')!;
    expect(score).toBeDefined();
    const cellOf = (snap: PreviewSnapshot) => snap.sheets.find((s) => s.name === score.sheet)!.cells[score.cell]!;
    expect(cellOf(checked).value).toBe(9.68);

    const item = page.locator(`#pane li[data-key]`, { hasText: score.message });
    // By keyboard: focus 改正 and press Enter.
    await item.getByRole('button', { name: /^改正 / }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((f) => !window.previewHost!.findings().some((x) => x.rule === f.rule && x.cell === f.cell), score);
    const fixed = await snapshot(page);
    expect(cellOf(fixed).value).toBe(9.66);
    // Only that cell's value changed.
    const a = contents(checked);
    const b = contents(fixed);
    a[score.sheet]![score.cell] = { ...(a[score.sheet]![score.cell] as object), value: 9.66 };
    expect(b).toEqual(a);
    await expect(page.getByText('已改正').first().isVisible()).resolves.toBe(true);
    await paneShot(page, 'clerk-2-fixed');

    await page.getByRole('button', { name: /^撤销/ }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((f) => window.previewHost!.findings().some((x) => x.rule === f.rule && x.cell === f.cell), score);
    const undone = await snapshot(page);
    expect(cellOf(undone).value).toBe(9.68);
    // The workbook is exactly as after the check: contents and marks.
    expect(undone).toEqual(checked);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('selecting a marked cell in the sheet selects its finding in the pane', async () => {
    const { page, problems } = await openChangsha();
    await check(page);
    const listed = await page.evaluate(() => window.previewHost!.findings());
    // The last finding in the list: far down, so the pane has to scroll to it.
    const target = listed[listed.length - 1]!;
    await page.locator('.tabs [role=tab]', { hasText: target.sheet }).click();
    await page.locator(`table.grid td[data-addr="${target.cell}"]`).click();
    await page.waitForFunction((t) => {
      const li = document.querySelector('#pane li[aria-current="true"]');
      return li?.textContent?.includes(t.message) ?? false;
    }, target);
    const inView = await page.locator('#pane li[aria-current="true"]').evaluate((li) => {
      const pane = document.getElementById('pane')!.getBoundingClientRect();
      const r = li.getBoundingClientRect();
      return r.top < pane.bottom && r.bottom > pane.top;
    });
    expect(inView).toBe(true);
    await paneShot(page, 'clerk-3-selected');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('忽略 an error asks a reason; it stays visible in 已忽略 with its reason after reopening the pane', async () => {
    const { page, problems } = await openChangsha();
    await check(page);
    const listed = await page.evaluate(() => window.previewHost!.findings());
    const error = listed.find((f) => f.severity === 'error' && f.rule !== 'execution-score')!;
    const item = page.locator('#pane li[data-key]', { hasText: error.message });
    await item.getByRole('button', { name: /^忽略 / }).click();
    // The reason field has focus; an empty reason is refused.
    await page.keyboard.press('Enter');
    await expect(item.getByRole('alert').textContent()).resolves.toContain('理由');
    await page.keyboard.type('已与财政局确认，按批复口径');
    await page.keyboard.press('Enter');
    await page.waitForFunction((e) => !window.previewHost!.findings().some((x) => x.rule === e.rule && x.cell === e.cell), error);
    // Focus went to the next finding on the same sheet, not to another sheet.
    const focused = await page.evaluate(() => document.activeElement?.closest('li')?.textContent ?? '');
    const next = (await page.evaluate(() => window.previewHost!.findings())).find((f) => f.sheet === error.sheet && f.message && focused.includes(f.message));
    expect(next?.sheet).toBe(error.sheet);
    expect(await page.getByText('已忽略 1').count()).toBeGreaterThan(0);

    // Close and reopen the pane on the same workbook.
    await page.evaluate(() => window.previewHost!.reopenPane());
    await check(page);
    const toggle = page.getByRole('button', { name: /已忽略（1）/ });
    await toggle.click();
    const ignored = page.locator('#pane li', { hasText: '忽略理由：已与财政局确认，按批复口径' });
    await expect(ignored.textContent()).resolves.toContain(error.message);
    await ignored.scrollIntoViewIfNeeded();
    await paneShot(page, 'clerk-4-ignored');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('导出问题清单 adds a sheet 问题清单 with the list as text and overwrites nothing', async () => {
    const { page, problems } = await openChangsha();
    await check(page);
    const before = await snapshot(page);
    const listed = await page.evaluate(() => window.previewHost!.findings());
    await page.getByRole('button', { name: '导出问题清单' }).click();
    await page.waitForFunction(() => window.previewHost!.snapshot()!.sheets.some((s) => s.name.startsWith('问题清单')));
    const after = await snapshot(page);
    expect(after.sheets.slice(0, before.sheets.length)).toEqual(before.sheets);
    const sheet = after.sheets[after.sheets.length - 1]!;
    expect(sheet.name).toBe('问题清单');
    expect(['A1', 'B1', 'C1', 'D1', 'E1', 'F1', 'G1'].map((a) => sheet.cells[a]!.value)).toEqual(['单位', '工作表', '单元格', '级别', '问题', '应为', '填报']);
    const rows = new Set(Object.keys(sheet.cells).map((a) => Number(/\d+/.exec(a)![0])));
    expect(rows.size).toBe(listed.length + 1);
    for (const c of Object.values(sheet.cells)) {
      expect(c.formula).toBeNull();
      expect(typeof c.value === 'string' || c.value === null).toBe(true);
    }
    expect(sheet.cells.C2!.value).toBe(listed[0]!.cell);
    // A second export makes 问题清单(2); the first stays as it was.
    await page.getByRole('button', { name: '导出问题清单' }).click();
    await page.waitForFunction(() => window.previewHost!.snapshot()!.sheets.some((s) => s.name === '问题清单(2)'));
    const again = await snapshot(page);
    expect(again.sheets.find((s) => s.name === '问题清单')).toEqual(sheet);
    expect(problems).toEqual([]);
    await page.close();
  });
  it('全部改正 lists the changes first and then writes exactly those cells', async () => {
    const { page, problems } = await openChangsha();
    await check(page);
    const checked = await snapshot(page);
    await page.getByRole('button', { name: '全部改正', exact: true }).click();
    const items = await page.locator('#pane ol li').allTextContents();
    expect(items.length).toBeGreaterThan(1);
    // Nothing written before the clerk says yes.
    expect(contents(await snapshot(page))).toEqual(contents(checked));
    const cells = items.map((t) => /^(.+)!([A-Z]+\d+)：/.exec(t)!.slice(1, 3) as [string, string]);
    await page.getByRole('button', { name: /^确定改正 \d+ 处$/ }).click();
    await page.getByText(/^已改正 \d+ 处/).first().waitFor();
    const fixed = await snapshot(page);
    const a = contents(checked);
    const b = contents(fixed);
    const changed: string[] = [];
    for (const sheet of Object.keys(b)) {
      for (const addr of Object.keys(b[sheet]!)) {
        if (JSON.stringify(a[sheet]?.[addr]) !== JSON.stringify(b[sheet]![addr])) changed.push(`${sheet}!${addr}`);
      }
    }
    expect(changed.sort()).toEqual(cells.map(([sh, c]) => `${sh}!${c}`).sort());
    // No finding with a definite correction is left.
    expect(await page.getByRole('button', { name: '全部改正', exact: true }).count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('复制 puts the list on the clipboard as plain text', async () => {
    const { page, problems } = await openChangsha();
    await session.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.server.origin });
    await check(page);
    const listed = await page.evaluate(() => window.previewHost!.findings());
    await page.getByRole('button', { name: '复制问题清单' }).click();
    await page.getByText(/问题清单已复制/).first().waitFor();
    const text = await page.evaluate(() => navigator.clipboard.readText());
    const lines = text.split('\n');
    expect(lines[0]).toBe(`changsha-2024.xlsx 问题清单（共 ${listed.length} 项）`);
    expect(lines).toHaveLength(listed.length + 1);
    expect(lines[1]).toContain(`【错误】`);
    expect(lines[1]).toContain(`${listed[0]!.sheet}!${listed[0]!.cell}：`);
    expect(problems).toEqual([]);
    await page.close();
  });
});

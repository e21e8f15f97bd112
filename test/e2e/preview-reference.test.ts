// The preview in headless Chromium on the two reference workbooks: the real task pane, the real
// Office.js gateway, the fake Excel host. Check → the CLI's findings listed and marked → 定位 moves
// the selection → 清除标记 restores the workbook exactly. Screenshots in test-output/e2e/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreviewSnapshot } from '../../src/preview/session';
import {
  FIXTURES,
  SHOTS,
  cliFindings,
  openPage,
  shot,
  waitLoaded,
  type Browser,
  startPreview,
  type PreviewServer,
  type PreviewSession,
} from './support';

let session: PreviewSession;
let server: PreviewServer;
let browser: Browser;
const timings: Record<string, number> = {};

beforeAll(async () => {
  session = await startPreview();
  ({ server, browser } = session);
}, 180_000);

afterAll(async () => {
  await session?.close();
  if (Object.keys(timings).length) {
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(join(SHOTS, 'timings.json'), JSON.stringify(timings, null, 2));
  }
});

const SEVERITY_RANK: Record<string, number> = { error: 3, warning: 2, info: 1 };

/** sheet → A1 → the most severe finding's severity: what the marks should be. */
function expectedMarks(findings: { sheet: string; cell: string; severity: string }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of findings) {
    const key = `${f.sheet}!${f.cell.replace(/\$/g, '').toUpperCase()}`;
    const prev = out.get(key);
    if (!prev || SEVERITY_RANK[f.severity]! > SEVERITY_RANK[prev]!) out.set(key, f.severity);
  }
  return out;
}

function marksIn(snap: PreviewSnapshot): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of snap.sheets) for (const [addr, c] of Object.entries(s.cells)) if (c.marked) out.set(`${s.name}!${addr}`, c.mark!);
  return out;
}

for (const [name, label] of [
  ['zhuzhou-2024.xlsx', 'zhuzhou'],
  ['changsha-2024.xlsx', 'changsha'],
] as const) {
  describe(`preview: ${name}`, () => {
    it('check lists the CLI findings and marks their cells; 定位 selects; 清除标记 restores the workbook', async () => {
      const expected = cliFindings(join(FIXTURES, name));
      expect(expected.length).toBeGreaterThan(0);

      const { page, problems } = await openPage(browser.context, server.origin);
      await page.goto(`${server.url}?workbook=fixtures/${name}`);
      await waitLoaded(page);

      // The grid shows the model's cells through their number formats.
      const before = (await page.evaluate(() => window.previewHost!.snapshot()))!;
      const beforeState = await page.evaluate(() => window.previewHost!.state());
      expect(marksIn(before).size).toBe(0);
      const active = (await page.evaluate(() => window.previewHost!.selection()))!.sheet;
      const shown = await page.$$eval('table.grid td[data-addr]', (tds) => Object.fromEntries(tds.map((td) => [td.getAttribute('data-addr'), td.textContent])));
      const activeCells = before.sheets.find((s) => s.name === active)!.cells;
      let compared = 0;
      for (const [addr, cell] of Object.entries(activeCells)) {
        if (!(addr in shown)) continue; // covered by a merge
        expect(shown[addr], `${active}!${addr}`).toBe(cell.text);
        if (cell.text !== '') compared++;
      }
      expect(compared).toBeGreaterThan(20);
      await shot(page, `${label}-1-loaded`);

      // 检查评分 → the 问题 tab → the list.
      const syncsBefore = await page.evaluate(() => window.previewHost!.syncCount());
      const t0 = Date.now();
      await page.getByRole('button', { name: '检查评分', exact: true }).click();
      const issuesTab = page.getByRole('tab', { name: `问题（${expected.length}）` });
      await issuesTab.waitFor({ timeout: 15_000 });
      await issuesTab.click();
      const items = page.locator('main li');
      await items.first().waitFor();
      timings[`${label}: 检查评分 → findings list (ms)`] = Date.now() - t0;
      expect(await items.count()).toBe(expected.length);

      // Same findings as the CLI: rule + sheet + cell, and each message shown in the list.
      const listed = await page.evaluate(() => window.previewHost!.findings());
      const key = (f: { rule: string; sheet: string; cell: string }) => `${f.rule}|${f.sheet}|${f.cell}`;
      expect(listed.map(key).sort()).toEqual(expected.map(key).sort());
      for (const f of expected) {
        await expect(page.locator('main li', { hasText: f.message }).first().isVisible(), f.message).resolves.toBe(true);
      }

      // Marks: one per finding cell, most severe colour, drawn on the grid.
      await page.waitForFunction(() => Object.values(window.previewHost!.snapshot()!.sheets).some((s) => Object.values(s.cells).some((c) => c.marked)));
      const checked = (await page.evaluate(() => window.previewHost!.snapshot()))!;
      expect(marksIn(checked)).toEqual(expectedMarks(expected));
      expect(await page.evaluate(() => window.previewHost!.syncCount())).toBeGreaterThan(syncsBefore);
      const gridMarks = await page.$$eval('table.grid td[data-mark]', (tds) => tds.map((td) => `${td.getAttribute('data-addr')}:${td.getAttribute('data-mark')}`).sort());
      const activeNow = (await page.evaluate(() => window.previewHost!.selection()))!.sheet;
      const wantGrid = [...expectedMarks(expected)].filter(([k]) => k.startsWith(`${activeNow}!`)).map(([k, v]) => `${k.slice(activeNow.length + 1)}:${v}`).sort();
      expect(gridMarks).toEqual(wantGrid);
      await shot(page, `${label}-2-checked`);

      // 定位: click a finding (on another sheet when there is one) → the host's selection moves there.
      // The lowest such cell, so the grid has to scroll to it.
      const rowOf = (f: { cell: string }) => Number(/\d+/.exec(f.cell)![0]);
      const others = expected.filter((f) => f.sheet !== activeNow);
      const target = (others.length ? others : expected).reduce((a, b) => (rowOf(b) > rowOf(a) ? b : a));
      // The list shows findings in findings() order; messages can repeat, so pick by position.
      const index = listed.findIndex((f) => key(f) === key(target));
      const item = page.locator('main li').nth(index);
      expect(await item.textContent()).toContain(target.message);
      await item.getByRole('button').first().click();
      await page.waitForFunction(
        ([sheet, cell]) => {
          const s = window.previewHost!.selection();
          return s?.sheet === sheet && s.address === cell;
        },
        [target.sheet, target.cell] as const,
      );
      const activeTab = await page.locator('.tabs [role=tab][aria-selected=true]').textContent();
      expect(activeTab?.startsWith(target.sheet)).toBe(true);
      const selectedAddrs = await page.$$eval('table.grid td.selected', (tds) => tds.map((td) => td.getAttribute('data-addr')));
      expect(selectedAddrs).toContain(target.cell);
      // …and the grid shows it: the cell lies inside the scrolled viewport.
      const inView = await page.locator(`table.grid td[data-addr="${target.cell}"]`).evaluate((td) => {
        const box = document.querySelector('.grid-scroll')!.getBoundingClientRect();
        const r = td.getBoundingClientRect();
        return r.top >= box.top && r.top < box.bottom && r.left >= box.left && r.left < box.right;
      });
      expect(inView).toBe(true);
      await shot(page, `${label}-3-located`);

      // 清除标记: the workbook is exactly as loaded (only the selection moved).
      await page.getByRole('button', { name: '清除标记', exact: true }).click();
      await page.waitForFunction(() => window.previewHost!.snapshot()!.sheets.every((s) => Object.values(s.cells).every((c) => !c.marked)));
      const after = await page.evaluate(() => window.previewHost!.snapshot());
      expect(after).toEqual(before);
      const afterState = await page.evaluate(() => window.previewHost!.state());
      const noSelection = (s: typeof afterState) => ({ ...s!, activeSheet: '', sheets: s!.sheets.map((x) => ({ ...x, selection: '' })) });
      expect(noSelection(afterState)).toEqual(noSelection(beforeState));
      expect(await page.locator('table.grid td[data-mark]').count()).toBe(0);
      await shot(page, `${label}-4-cleared`);

      expect(problems).toEqual([]);
      await page.close();
    }, 90_000);
  });
}

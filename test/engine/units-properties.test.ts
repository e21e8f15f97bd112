// Property (amount units): writing every amount of one form of every fixture in 元 (× 10 000) and stating
// "单位：元" on that form adds no finding and loses none at the same cells (only a precision-artifact note on an
// amount with more than 2 decimals in 万元 may go: in 元 it holds none past 分). Each form alone, so every
// cross-form comparison (基础数据表 in 元 against a 自评表 in 万元 and the other way) is exercised.
import { readFileSync, readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkWorkbook, type Report, type WorkbookSnapshot } from '../../src/engine';
import { readXlsx } from '../../src/xlsx/read';
import { formInYuan, formsOf } from '../support/units';

const dir = new URL('../fixtures/xlsx/', import.meta.url);
const NAMES = readdirSync(dir).filter((n) => n.endsWith('.xlsx') && !['corrupt.xlsx', 'empty.xlsx'].includes(n)).sort();

const bases: { name: string; snap: WorkbookSnapshot; report: Report }[] = [];

beforeAll(async () => {
  for (const name of NAMES) {
    const r = await readXlsx(new Uint8Array(readFileSync(new URL(name, dir))), name);
    if (!r.ok) throw new Error(`${name}: ${r.message}`);
    bases.push({ name, snap: r.snapshot, report: checkWorkbook(r.snapshot) });
  }
});

/** Findings by rule, severity and cell (the figures shown change with the unit, on purpose). */
function keys(report: Report): string[] {
  return report.findings.map((f) => `${f.rule}|${f.severity}|${f.sheet}!${f.cell}`).sort();
}

describe('one form written in 元 with "单位：元"', () => {
  it('gives the same findings for every form of every fixture', () => {
    let tried = 0;
    for (const b of bases) {
      for (const sheet of b.snap.sheets) {
        formsOf(sheet).forEach((_f, i) => {
          const v = formInYuan(b.snap, sheet.name, i);
          if (!v) return;
          tried++;
          const report = checkWorkbook(v.snapshot);
          const label = `${b.name} ${sheet.name} form ${i} (${v.amounts} amounts, unit at r${v.unitCell[0] + 1}c${v.unitCell[1] + 1})`;
          const now = keys(report);
          const before = keys(b.report);
          expect(now.filter((k) => !before.includes(k)), `${label}: new findings`).toEqual([]);
          // An amount with more than 2 decimals in 万元 holds none past 分 once in 元: its precision note goes, rightly.
          expect(before.filter((k) => !now.includes(k) && !k.startsWith('precision-artifact|')), `${label}: lost findings`).toEqual([]);
          const unit = report.forms.filter((f) => f.sheet === sheet.name).map((f) => f.amountUnit);
          expect(unit, label).toContain('元');
        });
      }
    }
    expect(tried).toBeGreaterThanOrEqual(30);
  });
});

// A published 四川 form (family-sichuan.xlsx, docs/fixtures.md) read as a clerk fills it, and the ways it broke before:
// the goals block above the budget block, the "总额" total row, "实施单位（盖章）". And when the budget block's 执行率得分
// cannot be identified, the total is not recomputed from the indicators alone (no error rests on a guess).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkWorkbook, type WorkbookSnapshot } from '../../src/engine';
import { readXlsx } from '../../src/xlsx/read';

let snap: WorkbookSnapshot;
beforeAll(async () => {
  const r = await readXlsx(new Uint8Array(readFileSync(new URL('../fixtures/xlsx/family-sichuan.xlsx', import.meta.url))), 'family-sichuan.xlsx');
  if (!r.ok) throw new Error(r.message);
  snap = r.snapshot;
});

/** The snapshot with one text cell of every sheet replaced. */
function withText(from: string, to: string): WorkbookSnapshot {
  return { sheets: snap.sheets.map((s) => ({ ...s, values: s.values.map((row) => row.map((v) => (v === from ? to : v))) })) };
}

describe('四川 项目支出绩效自评表', () => {
  it('reads the unit beside "实施单位（盖章）", the project, the goals above the budget block and the "总额" row', () => {
    const report = checkWorkbook(snap);
    const ok = report.forms.find((f) => f.sheet === '四川-正确')!;
    expect(ok.unit).toBe('青神县发展和改革局');
    expect(ok.projectName).toBe('51000021R000000019951-工资性支出');
    expect(ok.goals?.expected).toMatch(/^严格执行相关政策/);
    expect(ok.goals?.actual).toBe('工资及社保按月足额发放、缴纳，无结余资金。');
    expect(ok.execution).toMatchObject({ rate: '1.0000', score: '10.00', weight: '10.00', budget: '251.89', initialBudget: '238.93', executed: '251.89' });
    expect(ok.total).toEqual({ declared: '100.00', recomputed: '100.00' });
    expect(report.findings.filter((f) => f.sheet === '四川-正确')).toEqual([]);
  });

  it('a budget total row it cannot identify leaves the total unchecked (info at the total), never "总分应为 90"', () => {
    const report = checkWorkbook(withText('总额', '资金情况'));
    const mine = report.findings.filter((f) => f.sheet === '四川-正确').map((f) => [f.rule, f.severity, f.cell, f.messageId, f.data]);
    expect(mine).toEqual([
      ['role-unrecognised', 'info', 'A7', 'budgetTotal', expect.anything()],
      ['total-score', 'info', 'J16', 'executionUnknown', { indicators: '90.00', found: '100.00' }],
    ]);
    const form = report.forms.find((f) => f.sheet === '四川-正确')!;
    expect(form.total).toEqual({ declared: '100.00', recomputed: null });
    expect(form.grade).toBeUndefined();
    expect(report.findings.some((f) => f.severity === 'error' && f.sheet === '四川-正确')).toBe(false);
  });
});

describe('a total that cannot be recomputed', () => {
  it('keeps what the form declares (declared 100.00, recomputed null) for the summary, the pane and the letters', () => {
    const form = checkWorkbook(withText('总额', '资金情况')).forms.find((f) => f.sheet === '四川-正确')!;
    expect(form.total).toEqual({ declared: '100.00', recomputed: null });
  });
});

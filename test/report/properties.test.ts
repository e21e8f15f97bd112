// Property (issue 16): a report the product's own 自评报告 template writes from any fixture workbook gives no
// finding against that workbook; changing any one figure the report states gives exactly one finding, at
// that figure (its paragraph and offset).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine';
import { D, fmt2 } from '../../src/engine/values';
import { checkStatementAgainst, workbookFacts, type ReportSnapshot, type StatedFigure, type Statement } from '../../src/engine/report';
import { extractStatement, fixtureWorkbooks, generatedReports, loadWorkbook, type GeneratedReport } from './support';

const cases: { report: Report; generated: GeneratedReport }[] = [];

beforeAll(async () => {
  for (const name of fixtureWorkbooks()) {
    let report: Report;
    try {
      report = await loadWorkbook(name);
    } catch {
      continue; // corrupt.xlsx and the like: no template to generate
    }
    for (const g of generatedReports(name, report)) cases.push({ report, generated: g });
  }
});

/** The figure written differently: one unit more in its last written decimal (a grade one step down). */
function changed(f: StatedFigure): string {
  if (f.kind === 'grade') return f.value === '良' ? '中' : '良';
  const m = /^(\d[\d,]*)(?:\.(\d+))?/.exec(f.text)!;
  const decimals = m[2]?.length ?? 0;
  const value = new D(`${m[1]!.replace(/,/g, '')}${m[2] ? `.${m[2]}` : ''}`).plus(new D(1).div(new D(10).pow(decimals)));
  return f.text.replace(m[0], value.toFixed(decimals));
}

function mutate(g: GeneratedReport, f: StatedFigure) {
  const paragraphs = g.snapshot.paragraphs.map((p) => {
    if (p.number !== f.paragraph) return p;
    const before = p.text.slice(0, f.offset);
    const at = p.text.slice(f.offset);
    const original = f.kind === 'grade' ? at.replace(/^([“"「]?)(优秀|良好|中等|优|良|中|差)/, (_m, q: string) => `${q}${changed(f)}`) : at.replace(f.text, changed(f));
    return { ...p, text: before + original };
  });
  return { ...g.snapshot, paragraphs };
}

function facts(c: (typeof cases)[number]) {
  const wb = workbookFacts(c.report, c.generated.formIndex);
  expect(wb).not.toBeNull();
  return wb!;
}

describe('generated 自评报告 against their own workbook', () => {
  it('covers the fixture workbooks (overall and project reports)', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
    expect(cases.some((c) => c.generated.template === 'overall-report')).toBe(true);
    expect(cases.some((c) => c.generated.template === 'project-report')).toBe(true);
  });

  it('gives no finding, and reads the figures each template states', () => {
    for (const c of cases) {
      const statement = extractStatement(c.generated.snapshot);
      const label = `${c.generated.workbook} ${c.generated.template} #${c.generated.formIndex}`;
      expect(checkStatementAgainst(statement, facts(c)), label).toEqual([]);
      const quantities = new Set(statement.figures.map((f) => f.quantity));
      // Whatever the workbook knows of these, the template states and the check reads.
      for (const q of ['budget', 'executed', 'rate', 'execScore', 'total', 'basic', 'project', 'staffAuthorised', 'staffActual', 'staffRate'] as const) {
        if (facts(c).facts[q]) expect(quantities.has(q), `${label}: ${q}`).toBe(true);
      }
      // A form that scores nothing (绩效目标自评表 without 分值/得分) has no total or grade to state.
      if (facts(c).facts.total) expect(quantities.has('total') && quantities.has('grade'), `${label}: total and grade`).toBe(true);
    }
  });

  it('reads every figure the templates state, except the workbook’s own prose and per-indicator figures', () => {
    // Left alone on purpose: 年度总体目标/实际完成情况 quote the form's text; a 三级指标's 指标值, 实际完成值, 分值 and
    // 得分 are the indicator table's, not the report's; a 一级指标 without a name cannot be keyed.
    const allowed = (paragraph: string, at: number) =>
      /^(年度总体目标|实际完成情况)：/.test(paragraph) || /”（分值|年度指标值|实际完成|差\d|得分情况：分值|“[^”]*$/.test(paragraph.slice(Math.max(0, at - 40), at));
    let checked = 0;
    for (const c of cases) {
      const statement = extractStatement(c.generated.snapshot);
      const placed = new Set(statement.figures.map((f) => `${f.paragraph}@${f.offset}`));
      for (const p of c.generated.snapshot.paragraphs) {
        for (const m of p.text.matchAll(/(?<![\d.])\d[\d,]*(?:\.\d+)?\s*(?:万元|元|分(?![别之])|%|人(?!次))/g)) {
          checked++;
          if (placed.has(`${p.number}@${m.index}`)) continue;
          expect(allowed(p.text, m.index!), `${c.generated.workbook} 第${p.number}段 “${p.text.slice(Math.max(0, m.index! - 20), m.index! + m[0].length)}” is not read`).toBe(true);
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('gives exactly one finding, at the changed figure, for any one figure changed', () => {
    let tried = 0;
    for (const c of cases) {
      const statement: Statement = extractStatement(c.generated.snapshot);
      statement.figures.forEach((f, i) => {
        const snapshot = mutate(c.generated, f);
        const again = extractStatement(snapshot);
        const label = `${c.generated.workbook} ${c.generated.template} #${c.generated.formIndex}: 第${f.paragraph}段 ${f.quantity} ${f.text} → ${changed(f)}`;
        // The changed figure is still read with the same meaning.
        expect(again.figures.length, label).toBe(statement.figures.length);
        expect(again.figures[i]!.quantity, label).toBe(f.quantity);
        const findings = checkStatementAgainst(again, facts(c));
        expect(findings.map((x) => `${x.rule}@${x.paragraph}:${x.col}`), label).toHaveLength(1);
        expect(findings[0]!.paragraph, label).toBe(f.paragraph);
        expect(findings[0]!.col, label).toBe(f.offset);
        expect(findings[0]!.message, label).toContain(`第${f.paragraph}段`);
        tried++;
      });
    }
    expect(tried).toBeGreaterThan(100);
  });
});

/**
 * The budget table a clerk puts in the report, from the form's own figures: 年初预算数 / 全年预算数 / 全年执行数 /
 * 执行率 / 分值 / 得分 of the 年度资金总额 row, and the 全年执行数 of 基本支出 and 项目支出 (what the form has).
 */
function budgetTable(report: Report, formIndex: number): string[][] {
  const form = report.forms[formIndex]!;
  const e = form.execution;
  // The table says 万元: a form kept in 元 (its amountUnit) is converted, as a clerk writing the report would.
  const money = (v: string | null | undefined) => (v ? fmt2(new D(v).div(form.amountUnit === '元' ? 10000 : 1)) : '');
  const rows = [
    ['单位：万元', '', '', '', '', '', ''],
    ['项目', '年初预算数', '全年预算数', '全年执行数', '执行率', '分值', '得分'],
    ['年度资金总额', money(e?.initialBudget), money(e?.budget), money(e?.executed), e?.rate ? `${fmt2(new D(e.rate).mul(100))}%` : '', e?.weight ? fmt2(new D(e.weight)) : '', e?.score ? fmt2(new D(e.score)) : ''],
  ];
  for (const part of ['基本支出', '项目支出']) if (form.funds?.[part]) rows.push([part, '', '', money(form.funds[part]), '', '', '']);
  return rows;
}

/** The generated report with the budget table right after its title. */
function withTable(g: GeneratedReport, report: Report, rows = budgetTable(report, g.formIndex)): ReportSnapshot {
  return { ...g.snapshot, tables: [{ number: 1, after: 1, rows }] };
}

describe('generated 自评报告 with a budget table built from the workbook', () => {
  it('reads the table and gives no finding', () => {
    let read = 0;
    for (const c of cases) {
      const label = `${c.generated.workbook} ${c.generated.template} #${c.generated.formIndex}`;
      const statement = extractStatement(withTable(c.generated, c.report));
      const inTable = statement.figures.filter((f) => f.table === 1);
      // Every figure the table holds is read (none is left unchecked), and none is a guess.
      const filled = budgetTable(c.report, c.generated.formIndex).slice(2).flatMap((r) => r.slice(1).filter(Boolean));
      expect(inTable.map((f) => f.text), label).toEqual(filled);
      expect(inTable.some((f) => f.unitGuessed), label).toBe(false);
      expect(statement.uncheckedTables, label).toBeUndefined();
      expect(checkStatementAgainst(statement, facts(c)), label).toEqual([]);
      read += inTable.length;
    }
    expect(read).toBeGreaterThan(50);
  });

  it('gives exactly one finding, at that cell, for any one table figure changed', () => {
    let tried = 0;
    for (const c of cases) {
      const rows = budgetTable(c.report, c.generated.formIndex);
      rows.forEach((row, r) => {
        if (r < 2) return;
        row.forEach((cell, col) => {
          if (col === 0 || !cell) return;
          const m = /^(\d+)\.(\d\d)(%?)$/.exec(cell)!;
          const changedCell = `${new D(`${m[1]}.${m[2]}`).plus('0.01').toFixed(2)}${m[3]}`;
          const mutated = rows.map((x) => [...x]);
          mutated[r]![col] = changedCell;
          const label = `${c.generated.workbook} ${c.generated.template} #${c.generated.formIndex}: 表1第${r + 1}行第${col + 1}列 ${cell} → ${changedCell}`;
          const findings = checkStatementAgainst(extractStatement(withTable(c.generated, c.report, mutated)), facts(c));
          expect(findings.map((f) => `${f.rule}@${f.cell}`), label).toEqual([`${findings[0]?.rule}@表1第${r + 1}行`]);
          expect(findings[0]!.data, label).toMatchObject({ table: 1, row: r + 1, col: col + 1 });
          expect(findings[0]!.found, label).toBe(changedCell);
          expect(findings[0]!.message, label).toMatch(new RegExp(`^表1第${r + 1}行“${rows[r]![0]} / ${rows[1]![col]}”：`));
          tried++;
        });
      });
    }
    expect(tried).toBeGreaterThan(50);
  });
});

/** The same table written other ways a clerk does: in 元, with the unit in each header, transposed, as label | value. */
const VARIANTS: Record<string, (rows: string[][]) => string[][]> = {
  yuan: (rows) => [['金额单位：元'], ...rows.slice(1).map((r, i) => (i === 0 ? r : r.map((c, j) => (j === 0 || !c || c.endsWith('%') || j >= 5 ? c : fmt2(new D(c).mul(10000))))))],
  headerUnits: (rows) => rows.slice(1).map((r, i) => (i === 0 ? r.map((c, j) => (j >= 1 && j <= 3 ? `${c}（万元）` : c)) : r)),
  transposed: (rows) => {
    const body = rows.slice(1);
    return body[0]!.map((_, j) => body.map((r, i) => (i === 0 && j === 0 ? '项目（万元）' : r[j] ?? '')));
  },
  labelValue: (rows) => [['项目', '金额（万元）'], ...rows.slice(2).flatMap((r) => rows[1]!.slice(1).map((h, j) => [`${r[0]}${h}`, r[j + 1]!]).filter((x) => x[1] !== ''))],
};

describe('the budget table written other ways', () => {
  for (const [name, transform] of Object.entries(VARIANTS)) {
    it(`${name}: every figure read, no finding`, () => {
      for (const c of cases) {
        const label = `${c.generated.workbook} ${c.generated.template} #${c.generated.formIndex} (${name})`;
        const base = budgetTable(c.report, c.generated.formIndex);
        const statement = extractStatement(withTable(c.generated, c.report, transform(base)));
        const want = base.slice(2).flatMap((r) => r.slice(1).filter(Boolean)).length;
        expect(statement.figures.filter((f) => f.table === 1), label).toHaveLength(want);
        expect(statement.figures.some((f) => f.unitGuessed), label).toBe(false);
        expect(checkStatementAgainst(statement, facts(c)), label).toEqual([]);
      }
    });
  }
});

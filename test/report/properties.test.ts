// Property (issue 16): a report the product's own 自评报告 template writes from any fixture workbook gives no
// finding against that workbook; changing any one figure the report states gives exactly one finding, at
// that figure (its paragraph and offset).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine';
import { D } from '../../src/engine/values';
import { checkStatementAgainst, workbookFacts, type StatedFigure, type Statement } from '../../src/engine/report';
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
      expect(quantities.has('total') && quantities.has('grade'), `${label}: total and grade`).toBe(true);
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

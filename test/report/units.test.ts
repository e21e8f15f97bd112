// The 自评报告 check with a workbook in 元 (issue: amounts in 元 versus 万元). The report's figures are in 万元 after
// extraction; a workbook form stating "单位：元" (or "（元）") is brought to 万元 before comparing, and a finding
// shows the cell's figure as held, in 元. A form stating no unit whose figures are the report's × 10 000 is a
// warning asking for the unit, never an error.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkWorkbook, type Finding, type Report, type WorkbookSnapshot } from '../../src/engine';
import { checkStatementAgainst, extractStatement, matchStatement, workbookFacts, type Statement, type StatedFigure } from '../../src/engine/report';
import { readReport } from '../../src/docx';
import { readXlsx } from '../../src/xlsx/read';
import { D } from '../../src/engine/values';
import { formInYuan, formsOf } from '../support/units';
import { FIXTURES, generatedReports, type GeneratedReport } from './support';

async function snapshotOf(file: string): Promise<WorkbookSnapshot> {
  const r = await readXlsx(new Uint8Array(readFileSync(path.join(FIXTURES, file))), file);
  if (!r.ok) throw new Error(r.message);
  return r.snapshot;
}

/** Every form of every sheet of the workbook written in 元, one at a time (with the unit stated, or not). */
function yuanVariants(snap: WorkbookSnapshot, stated: boolean): { label: string; snapshot: WorkbookSnapshot }[] {
  const out: { label: string; snapshot: WorkbookSnapshot }[] = [];
  for (const sheet of snap.sheets) {
    formsOf(sheet).forEach((_f, i) => {
      const v = formInYuan(snap, sheet.name, i);
      if (!v) return;
      if (!stated) {
        // The same figures in 元, with the form saying nothing about its unit.
        const s = v.snapshot.sheets.find((x) => x.name === sheet.name)!;
        const [r, c] = v.unitCell;
        s.values[r]![c] = String(s.values[r]![c]).replace(/单位[:：]?元|[（(]元[)）]/, '');
      }
      out.push({ label: `${sheet.name} form ${i}`, snapshot: v.snapshot });
    });
  }
  return out;
}

const brief = (fs: Finding[]) => fs.map((f) => `${f.rule}|${f.messageId}|${f.severity}|p${f.paragraph}@${f.col}`).sort();

/** An amount the text states, one cent more ("518.94万元" → "518.95万元"). */
function bumped(g: GeneratedReport, f: StatedFigure) {
  const m = /^(\d[\d,]*)(?:\.(\d+))?/.exec(f.text)!;
  const decimals = m[2]?.length ?? 0;
  const value = new D(`${m[1]!.replace(/,/g, '')}${m[2] ? `.${m[2]}` : ''}`).plus(new D(1).div(new D(10).pow(decimals)));
  return {
    ...g.snapshot,
    paragraphs: g.snapshot.paragraphs.map((p) => (p.number !== f.paragraph ? p : { ...p, text: p.text.slice(0, f.offset) + p.text.slice(f.offset).replace(f.text, f.text.replace(m[0], value.toFixed(decimals))) })),
  };
}

describe('自评报告 in 万元 against a workbook in 元', () => {
  let snap: WorkbookSnapshot;
  let base: Report;
  let generated: GeneratedReport[];
  let seed: Statement;
  beforeAll(async () => {
    snap = await snapshotOf('zhuzhou-2024.xlsx');
    base = checkWorkbook(snap);
    generated = generatedReports('zhuzhou-2024.xlsx', base).filter((g) => g.template === 'overall-report');
    const read = await readReport(new Uint8Array(readFileSync(path.join(FIXTURES, 'zhuzhou-2024-report.docx'))), 'zhuzhou-2024-report.docx');
    if (!read.ok) throw new Error(read.message);
    seed = read.statement;
  });

  it('gives no finding for a consistent report, whichever form is in 元, and exactly one for one changed amount', () => {
    expect(generated.length).toBe(1);
    const g = generated[0]!;
    const statement = extractStatement(g.snapshot);
    const variants = yuanVariants(snap, true);
    expect(variants.length).toBe(2); // the 基础数据表 and the 整体支出 form
    let changed = 0;
    for (const v of variants) {
      const report = checkWorkbook(v.snapshot);
      expect(report.forms.map((f) => f.amountUnit), v.label).toContain('元');
      const facts = workbookFacts(report, g.formIndex)!;
      expect(checkStatementAgainst(statement, facts), v.label).toEqual([]);
      statement.figures.forEach((f, i) => {
        if (f.kind !== 'amount' || !facts.facts[f.quantity] || facts.facts[f.quantity]!.derived) return;
        const again = extractStatement(bumped(g, f));
        expect(again.figures[i]!.quantity).toBe(f.quantity);
        const findings = checkStatementAgainst(again, facts);
        const label = `${v.label}: 第${f.paragraph}段 ${f.quantity} ${f.text}`;
        expect(findings.map((x) => `${x.rule}@${x.paragraph}:${x.col}`), label).toEqual([`report-figure@${f.paragraph}:${f.offset}`]);
        expect(findings[0]!.severity, label).toBe('warning'); // one cent off: the 0.01 万元 tail
        // The workbook figure is shown as the cell holds it when that cell is in 元.
        if (facts.facts[f.quantity]!.unit === '元') {
          expect(findings[0]!.message, label).toMatch(/\d+\.\d\d元（折合\d+\.\d\d万元）/);
          changed++;
        }
      });
    }
    expect(changed).toBeGreaterThanOrEqual(8);
  });

  it('reports a wrong amount against a workbook in 元 as an error, with the cell’s 元 figure', () => {
    const g = generated[0]!;
    const statement = extractStatement(g.snapshot);
    const i = statement.figures.findIndex((f) => f.quantity === 'executed');
    const f = statement.figures[i]!;
    const wrong = { ...g.snapshot, paragraphs: g.snapshot.paragraphs.map((p) => (p.number !== f.paragraph ? p : { ...p, text: p.text.slice(0, f.offset) + p.text.slice(f.offset).replace(f.text, '500.00万元') })) };
    const overall = yuanVariants(snap, true).find((v) => v.label.startsWith('整体'))!;
    const findings = checkStatementAgainst(extractStatement(wrong), workbookFacts(checkWorkbook(overall.snapshot), g.formIndex)!);
    expect(findings.map((x) => [x.rule, x.messageId, x.severity])).toEqual([['report-figure', 'wrong', 'error']]);
    expect(findings[0]!.message).toContain('填报5189400.00元（折合518.94万元）');
    expect(findings[0]!.found).toBe('500.00万元');
  });

  it('finds in the reference report what it finds against the workbook in 万元, no more', () => {
    const before = brief(matchStatement(seed, [base]).findings);
    expect(before.length).toBeGreaterThan(0);
    for (const v of yuanVariants(snap, true)) {
      expect(brief(matchStatement(seed, [checkWorkbook(v.snapshot)]).findings), v.label).toEqual(before);
    }
  });

  it('with no unit stated and the workbook’s figures the report’s × 10 000: warnings asking for the unit, no error', () => {
    const g = generated[0]!;
    const statement = extractStatement(g.snapshot);
    let warned = 0;
    for (const v of yuanVariants(snap, false)) {
      const report = checkWorkbook(v.snapshot);
      expect(report.forms.map((f) => f.amountUnit ?? null), v.label).toContain(null);
      const findings = checkStatementAgainst(statement, workbookFacts(report, g.formIndex)!);
      const amounts = findings.filter((x) => x.messageId === 'unitUnstated');
      expect(findings.filter((x) => x.severity === 'error'), v.label).toEqual([]);
      for (const x of amounts) {
        expect(x.severity).toBe('warning');
        expect(x.message).toContain('请在表头注明金额单位');
      }
      warned += amounts.length;
    }
    expect(warned).toBeGreaterThanOrEqual(8);
  });
});

describe('drafts from a workbook in 元', () => {
  it('write every amount in 万元 (units-yuan-basic.xlsx: 基础数据表 in 元, 自评表 in 万元)', async () => {
    const report = checkWorkbook(await snapshotOf('units-yuan-basic.xlsx'));
    const [g] = generatedReports('units-yuan-basic.xlsx', report).filter((x) => x.template === 'overall-report');
    const text = g!.snapshot.paragraphs.map((p) => p.text).join('\n');
    // 公用经费 295,500 元 and 三公经费 10,000 元 of the 基础数据表, 项目支出 184.49 万元 of the 自评表.
    expect(text).toContain('29.55万元');
    expect(text).toContain('1.00万元');
    expect(text).toContain('184.49万元');
    expect(text).not.toMatch(/295500|1844900|10000\.00万元/);
    expect(checkStatementAgainst(extractStatement(g!.snapshot), workbookFacts(report, g!.formIndex)!)).toEqual([]);
  });
});

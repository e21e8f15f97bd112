// The two reference 自评报告 (seeds 000 株洲, 001 长沙) as .docx fixtures, read through mammoth and checked
// against their workbooks: every contradiction issue 16 lists is reported with its paragraph and both
// figures, and nothing else at error level. A report written from a workbook's own figures (the product's
// template, saved as .docx) gives no finding.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderTemplate, type Finding, type Report } from '../../src/engine';
import { matchStatement, type Statement } from '../../src/engine/report';
import { readDocx } from '../../src/docx/read';
import { readReport } from '../../src/docx';
import { buildDocx, type Block } from '../fixtures/reports';
import { FIXTURES, loadWorkbook } from './support';

async function statementOf(file: string): Promise<Statement> {
  const read = await readReport(new Uint8Array(readFileSync(path.join(FIXTURES, file))), file);
  if (!read.ok) throw new Error(read.message);
  return read.statement;
}

const errors = (fs: Finding[]) => fs.filter((f) => f.severity === 'error');

describe('株洲 (seed 000)', () => {
  let statement: Statement;
  let workbook: Report;
  let findings: Finding[];
  beforeAll(async () => {
    statement = await statementOf('zhuzhou-2024-report.docx');
    workbook = await loadWorkbook('zhuzhou-2024.xlsx');
    const m = matchStatement(statement, [workbook]);
    expect(m.reportIndex).toBe(0);
    expect(workbook.forms[m.formIndex!]!.kind).toBe('overall');
    findings = m.findings;
  });

  it('reads the unit and year from the report', () => {
    expect(statement.unit).toBe('株洲市教育技术装备所');
    expect(statement.year).toBe(2024);
  });

  it('"预算收入518.94万元" while the 自评表 declares 全年预算数 520.83 (518.94 is the 执行数), in both paragraphs', () => {
    const hits = errors(findings).filter((f) => f.data?.label === '全年预算数');
    expect(hits.map((f) => f.paragraph)).toHaveLength(2);
    for (const f of hits) {
      expect(f.rule).toBe('report-figure');
      expect(f.found).toBe('518.94万元');
      expect(f.expected).toBe('520.83');
      expect(f.quote).toContain('预算收入518.94万元');
      expect(f.message).toContain(`第${f.paragraph}段`);
      expect(f.message).toMatch(/518\.94万元.*520\.83万元.*518\.94万元是表中全年执行数的数字/);
      expect(statement.paragraphs[f.paragraph!]).toContain('预算收入518.94万元');
    }
  });

  it('"其中基本支出325.55万元" against the 334.45 of the 自评表 and of the text two paragraphs later; the parts add up to 510.04, not 518.94', () => {
    const hits = errors(findings).filter((f) => f.data?.label === '基本支出');
    expect(hits).toHaveLength(2);
    for (const f of hits) {
      expect(f.found).toBe('325.55万元');
      expect(f.expected).toBe('334.45');
      expect(f.quote).toContain('基本支出325.55万元');
      expect(f.message).toMatch(/写作334\.45万元/);
    }
    const later = statement.figures.find((x) => x.quantity === 'basic' && x.value === '334.45')!;
    expect(hits[0]!.paragraph).toBeLessThan(later.paragraph);
    const withSum = hits.filter((f) => /各部分之和为510\.04万元，与所述合计518\.94万元/.test(f.message));
    expect(withSum).toHaveLength(1);
    expect(statement.paragraphs[withSum[0]!.paragraph!]).toContain('2024年支出518.94万元，其中基本支出325.55万元，项目支出184.49万元');
  });

  it('reports nothing else at error level', () => {
    expect(errors(findings)).toHaveLength(4);
    const others = findings.filter((x) => x.severity !== 'error' && x.rule !== 'report-figure');
    // The report's copy of the 基础数据表 (its first table) repeats the declared 控制率 92.30% (recomputed 92.31%),
    // and the indicator tables' figures have no meaning the check can give them: said, not skipped.
    expect(others.map((f) => `${f.rule}:${f.cell}`)).toEqual(['report-figure-stale:表1第2行', 'report-table-unread:第3个表格', 'report-table-unread:第4个表格']);
    expect(others[0]!.message).toMatch(/^表1第2行“控制率”：报告写作92\.30%.*复核应为92\.31%/);
    expect(others[1]!.severity).toBe('info');
  });

  it('reads the figures of its copy of the 自评表 and the 基础数据表 (tables), consistent with the workbook', () => {
    const inTables = statement.figures.filter((f) => f.table !== undefined);
    const at = (q: string) => inTables.find((f) => f.quantity === q);
    expect(at('budget')).toMatchObject({ table: 2, row: 3, value: '520.83', phrase: '年度资金总额 / 全年预算数' });
    expect(at('executed')?.value).toBe('518.94');
    expect(at('execScore')?.value).toBe('9.96');
    expect(at('threeActual')).toMatchObject({ table: 1, value: '1.01' });
    expect(findings.filter((f) => f.data?.table === 2)).toEqual([]);
  });
});

describe('长沙 (seed 001)', () => {
  let statement: Statement;
  let findings: Finding[];
  beforeAll(async () => {
    statement = await statementOf('changsha-2024-report.docx');
    findings = matchStatement(statement, [await loadWorkbook('changsha-2024.xlsx')]).findings;
  });

  it('reads the unit of the attached report', () => {
    expect(statement.unit).toBe('长沙市现代教育技术中心');
    expect(statement.year).toBe(2024);
  });

  it('the total given as 99.70 and as "99.7分": 表中填报 99.68，复核应为 99.66', () => {
    const hits = errors(findings);
    expect(hits.map((f) => f.found)).toEqual(['99.70分', '99.7分']);
    for (const f of hits) {
      expect(f.rule).toBe('report-figure');
      expect(f.message).toContain(`表中填报99.68分，复核应为99.66分，报告写作${f.found}`);
      expect(f.expected).toBe('99.66');
      expect(f.pair).toEqual({ kind: 'value', found: { kind: 'score', value: '99.70' }, expected: { kind: 'score', value: '99.66' } });
    }
    expect(hits[0]!.quote).toContain('绩效自评得分 99.70 分');
    expect(hits[1]!.quote).toContain('本次自评得分 99.7 分');
  });

  it('"99.7分" and "99.70分" are the same figure to the text (no inconsistency finding)', () => {
    expect(findings.filter((f) => f.rule === 'report-figure-inconsistent')).toEqual([]);
  });

  it('reports nothing else at error level (rounding tails and the headcount measure are warnings)', () => {
    expect(errors(findings)).toHaveLength(2);
    const warnings = findings.filter((f) => f.severity === 'warning' && f.data?.table === undefined).map((f) => f.messageId);
    expect(warnings.every((m) => m === 'tail' || m === 'headcount')).toBe(true);
    // Its copy of the 自评表 (table 17) repeats the declared 预算执行率得分 9.68 (recomputed 9.66).
    expect(findings.filter((f) => f.severity === 'warning' && f.data?.table !== undefined).map((f) => `${f.rule}:${f.cell}:${f.found}`)).toEqual(['report-figure-stale:表17第3行:9.68']);
  });

  it('says which of its 决算 tables were not checked: unread ones, and those under another fund’s heading', () => {
    const unread = findings.filter((f) => f.rule === 'report-table-unread');
    expect(unread.length).toBeGreaterThan(0);
    for (const f of unread) expect(f.severity).toBe('info');
    expect(unread.filter((f) => f.messageId === 'outOfScope').map((f) => f.data?.heading)).toEqual(['政府性基金预算财政拨款收入支出决算表', '国有资本经营预算财政拨款支出决算表']);
    expect(unread.find((f) => f.messageId === 'unread')!.message).toMatch(/^第\d+个表格（第\d+段之后）中的数字未能识别含义，未核对，请人工对照自评表。$/);
    // Its 支出决算表's 合计 row (本年支出合计 / 基本支出 / 项目支出) is read and agrees with the workbook.
    expect(statement.figures.filter((f) => f.table === 4).map((f) => `${f.quantity}=${f.value}`)).toEqual(['executed=2773.47', 'basic=642.36', 'project=2131.1']);
  });
});

describe('a report written from the workbook’s own figures', () => {
  it.each(['zhuzhou-2024.xlsx', 'changsha-2024.xlsx', 'multi-forms.xlsx', 'family-shifted.xlsx'])('%s: template → .docx → mammoth gives no finding', async (file) => {
    const workbook = await loadWorkbook(file);
    const rendered = renderTemplate(workbook, 'overall-report');
    expect(rendered.error).toBeUndefined();
    const blocks: Block[] = [
      { kind: 'heading', level: 1, text: rendered.title },
      ...rendered.paragraphs.map((p): Block => (p.kind === 'heading' ? { kind: 'heading', level: (p.level ?? 1) + 1, text: p.text } : { kind: 'paragraph', text: p.text })),
    ];
    const bytes = await buildDocx(blocks);
    const read = await readDocx(new Uint8Array(bytes), 'clean.docx');
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const { extractStatement } = await import('../../src/engine/report');
    const statement = extractStatement(read.snapshot);
    expect(statement.figures.length).toBeGreaterThan(10);
    const m = matchStatement(statement, [workbook]);
    expect(m.reportIndex).toBe(0);
    expect(m.findings).toEqual([]);
  });
});

describe('the statement payload for selfeval review', () => {
  it('reportOutcome gives status, unit, year and a statement that survives structured clone', async () => {
    const { reportOutcome } = await import('../../src/docx');
    const out = await reportOutcome(new Uint8Array(readFileSync(path.join(FIXTURES, 'changsha-2024-report.docx'))), 'changsha-2024-report.docx');
    expect(out).toMatchObject({ status: 'report', unit: '长沙市现代教育技术中心', year: 2024 });
    if (out.status !== 'report') return;
    const copy = structuredClone(out.statement);
    expect(copy).toEqual(out.statement);
    const m = matchStatement(copy, [await loadWorkbook('zhuzhou-2024.xlsx'), await loadWorkbook('changsha-2024.xlsx')]);
    expect(m.reportIndex).toBe(1);
    expect(m.findings.filter((f) => f.severity === 'error')).toHaveLength(2);
    const bad = await reportOutcome(new Uint8Array([1, 2, 3]), 'x.docx');
    expect(bad).toMatchObject({ status: 'unreadable', refusal: expect.stringContaining('不是 Word 文档') });
  });
});

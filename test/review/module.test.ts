// The review module in-process (pure: no files, no processes): grouping, duplicates, round-two keys,
// text that must never become a formula, letter file names, review.json validation.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type Finding, type Report } from '../../src/engine';
import { nodeInflateRaw } from '../../src/cli/inflate';
import {
  assembleReview,
  buildSummaryXlsx,
  checkOne,
  formSentence,
  letterFileName,
  normalizeUnit,
  parseReviewState,
  reviewState,
  safeText,
  type FileOutcome,
} from '../../src/review';

const META = { policyName: 'default', date: '2026-12-04', version: 'test' };
const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'xlsx');

function finding(over: Partial<Finding>): Finding {
  return { rule: 'total-score', severity: 'error', sheet: 'S', cell: 'H21', row: 20, col: 7, message: '总分应为 97.50 分', key: 'total-score|S|H21', form: 0, ...over };
}

function outcome(pathName: string, unit: string | undefined, findings: Finding[], digest = pathName): FileOutcome {
  const report: Report = {
    forms: [{ kind: 'overall', sheet: 'S', range: 'A1:I40', ...(unit ? { unit } : {}), year: 2024, total: { declared: '99.68', recomputed: '99.66' } }],
    findings,
    policy: 'default',
    counts: { error: findings.filter((f) => f.severity === 'error').length, warning: findings.filter((f) => f.severity === 'warning').length, info: 0 },
  };
  return { path: pathName, name: path.basename(pathName), status: 'checked', report, ...(unit ? { unit } : {}), year: 2024, digest };
}

describe('assembleReview', () => {
  it('groups by unit, keeps the first of identical files, falls back to the file name', () => {
    const r = assembleReview(
      [
        outcome('in/甲-重发.xlsx', '甲单位', [finding({})], 'same'),
        outcome('in/甲.xlsx', '甲单位', [finding({})], 'same'),
        outcome('in/甲-项目.xlsx', '甲单位', []),
        outcome('in/无名.xlsx', undefined, []),
      ],
      META,
    );
    // Units in Chinese (pinyin) order: 甲 jiǎ before 无 wú.
    expect(r.units.map((u) => [u.name, u.files])).toEqual([
      ['甲单位', ['in/甲.xlsx', 'in/甲-项目.xlsx']],
      ['无名', ['in/无名.xlsx']],
    ]);
    expect(r.notes.find((n) => n.kind === 'duplicate')).toEqual({ file: 'in/甲-重发.xlsx', kind: 'duplicate', reason: expect.stringContaining('与 in/甲.xlsx 内容完全相同') });
    expect(r.notes.some((n) => n.kind === 'unit-missing' && n.file === 'in/无名.xlsx')).toBe(true);
    expect(r.forms[0]!.errors).toBe(1);
    expect(r.counts).toMatchObject({ files: 4, checked: 3, duplicates: 1, units: 2, errors: 1 });
  });

  it('round two: a problem keeps its key when other cells change; a form not resubmitted is not 已整改', () => {
    const first = assembleReview([outcome('a.xlsx', '甲', [finding({}), finding({ rule: 'execution-score', cell: 'I4', key: 'execution-score|S|I4' })])], META);
    const state = parseReviewState(JSON.stringify(reviewState(first)));
    expect(state.ok).toBe(true);
    if (!state.ok) return;
    const second = assembleReview([outcome('a2.xlsx', '甲', [finding({ message: '总分应为 97.60 分' }), finding({ rule: 'weight-subtotal', cell: 'B32', key: 'weight-subtotal|S|B32' })])], { ...META, previous: state.state });
    const u = second.units[0]!;
    expect(u.fixed!.map((f) => f.cell)).toEqual(['I4']);
    expect(u.findings.map((f) => [f.cell, f.round])).toEqual([['H21', 'remaining'], ['B32', 'added']]);
    expect(second.forms[0]!.previous).toEqual({ formWasThere: true, fixed: 1, remaining: 1, added: 1 });
    // Only another unit's file this round: 甲's problems are not called corrected.
    const third = assembleReview([outcome('b.xlsx', '乙', [])], { ...META, previous: state.state });
    expect(third.units.map((x) => x.name)).toEqual(['乙']);
    expect(third.units[0]!.inPrevious).toBe(false);
    // 甲 resubmits nothing of its overall form (only a project form): those problems are unverified, not fixed.
    const projectOnly = outcome('p.xlsx', '甲', []);
    projectOnly.report!.forms = [{ kind: 'project', sheet: 'P', range: 'A1:I30', unit: '甲', projectName: '某项目' }];
    const fourth = assembleReview([projectOnly], { ...META, previous: state.state });
    expect(fourth.units[0]!.fixed).toEqual([]);
    expect(fourth.units[0]!.unverified!.map((f) => f.cell).sort()).toEqual(['H21', 'I4']);
  });
});

describe('letters', () => {
  it('a form whose total could not be recomputed: its declared total is named, and that it was not checked', () => {
    const o = outcome('in/乙.xlsx', '乙单位', []);
    if (!o.report) throw new Error('no report');
    o.report.forms[0]!.total = { declared: '100.00', recomputed: null };
    const r = assembleReview([o], META);
    expect(r.forms[0]).toMatchObject({ totalDeclared: '100.00', totalRecomputed: null });
    expect(formSentence(r.forms[0]!)).toBe('部门整体支出绩效自评表（in/乙.xlsx，工作表“S”）：申报总分 100.00 分，未能复核（预算执行部分的执行率得分未能识别）；发现错误 0 处、警告 0 处。');
  });
});

describe('text that must stay text', () => {
  it('escapes leading = + - @ and drops control characters; the cells are strings, never formulas', async () => {
    expect(safeText('=HYPERLINK("http://x","y")')).toBe('\'=HYPERLINK("http://x","y")');
    expect(safeText('+1')).toBe("'+1");
    expect(safeText('-1')).toBe("'-1");
    expect(safeText('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(safeText('a\u0007b')).toBe('ab');
    const r = assembleReview([outcome('x.xlsx', '=1+1', [finding({ message: '=cmd|calc', sheet: '@S' })])], META);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildSummaryXlsx(r)) as unknown as ArrayBuffer);
    const unitCell = wb.getWorksheet('汇总')!.getCell('A2');
    expect(unitCell.value).toBe("'=1+1");
    expect(unitCell.formula).toBeUndefined();
    const detail = wb.getWorksheet('问题明细')!;
    expect(detail.getCell('F2').value).toBe("'=cmd|calc");
    expect(detail.getCell('C2').value).toBe("'@S");
  });

  it('unit names: spaces and labels trimmed; letter file names have no path or reserved characters', () => {
    expect(normalizeUnit(' 单位名称：长沙市 现代教育\u3000技术中心 ')).toBe('长沙市现代教育技术中心');
    expect(normalizeUnit('  ')).toBeUndefined();
    expect(letterFileName('../a/b:c*?')).toBe('_a_b_c__.docx');
    expect(letterFileName('...')).toBe('未命名单位.docx');
  });

  it('review.json that is not ours is refused in Chinese', () => {
    expect(parseReviewState('{')).toEqual({ ok: false, message: expect.stringContaining('不是有效的 JSON') });
    expect(parseReviewState('{"format":"other"}')).toEqual({ ok: false, message: expect.stringContaining('不是 selfeval review 写出的文件') });
  });
});

describe('checkOne', () => {
  it('reads a workbook with the fast reader and names its unit; refuses what is not a self-evaluation', async () => {
    const opts = { policy: DEFAULT_POLICY, inflateRaw: nodeInflateRaw };
    const a = await checkOne({ path: 'z.xlsx', name: 'z.xlsx', bytes: readFileSync(path.join(FIXTURES, 'zhuzhou-2024.xlsx')) }, opts);
    expect(a).toMatchObject({ status: 'checked', unit: '株洲市教育技术装备所', year: 2024 });
    const b = await checkOne({ path: 'u.xlsx', name: 'u.xlsx', bytes: readFileSync(path.join(FIXTURES, 'unrelated.xlsx')) }, opts);
    expect(b).toMatchObject({ status: 'not-selfeval', refusal: expect.stringContaining('没有找到绩效自评表') });
    const c = await checkOne({ path: 'c.xlsx', name: 'c.xlsx', bytes: readFileSync(path.join(FIXTURES, 'corrupt.xlsx')) }, opts);
    expect(c.status).toBe('unreadable');
    const d = await checkOne({ path: 'r.docx', name: 'r.docx', bytes: readFileSync(path.join(FIXTURES, 'zhuzhou-2024-report.docx')) }, opts);
    expect(d).toMatchObject({ status: 'report', unit: '株洲市教育技术装备所' });
    // What a worker posts back survives structured clone.
    expect(structuredClone(a)).toEqual(a);
    expect(structuredClone(d)).toEqual(d);
  });
});

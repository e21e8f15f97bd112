// Text and JSON formatting from hand-built reports (independent of what the engine finds today).
import { describe, expect, it } from 'vitest';
import type { Finding, FormReport, Report } from '../../src/engine';
import { COLOR, PLAIN, useColor } from '../../src/cli/color';
import { assembleJson, fileJsonText, formatJson, outcomeToJson } from '../../src/cli/format-json';
import { jsonSummary, mergeSummary, summaryPart } from '../../src/cli/json-summary';
import { formatFileText, formatFindings, formatForm, formatSummary } from '../../src/cli/format-text';
import { exitCodeFor, type FileOutcome } from '../../src/cli/outcome';
import { displayWidth, stripAnsi } from '../../src/cli/width';

function finding(p: Partial<Finding> & Pick<Finding, 'cell' | 'row' | 'col' | 'message'>): Finding {
  return { rule: 'test-rule', severity: 'error', sheet: '自评表', key: `k|${p.cell}`, ...p };
}

const OVERALL: FormReport = {
  kind: 'overall',
  sheet: '自评表',
  range: 'A1:I40',
  unit: '长沙市现代教育技术中心',
  year: 2024,
  execution: { rate: '0.9662', score: '9.66', declaredRate: '0.9662', declaredScore: '9.68', weight: '10' },
  total: { declared: '99.68', recomputed: '99.66' },
  grade: { declared: null, recomputed: '优' },
};

const FINDINGS: Finding[] = [
  finding({ rule: 'total-score', cell: 'H40', row: 39, col: 7, message: '总分有误', expected: '99.66', found: '99.68' }),
  finding({ rule: 'execution-score', cell: 'H6', row: 5, col: 7, message: '执行率得分有误', expected: '9.66', found: '9.68' }),
  finding({ rule: 'footer', severity: 'warning', cell: 'B42', row: 41, col: 1, message: '填表人未填写，请补填。' }),
  finding({ rule: 'amount-float', severity: 'info', sheet: '基础数据表', cell: 'D12', row: 11, col: 3, message: '金额未四舍五入到两位小数', found: '2210.109493' }),
  finding({ rule: 'weights', cell: 'B20', row: 19, col: 1, message: '效益指标分值合计 28.00 分，与标注的 30.00 分不符。', expected: '30.00', found: '28.00' }),
];

function report(forms: FormReport[], findings: Finding[]): Report {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return { forms, findings, policy: 'default', counts };
}

describe('formatForm', () => {
  it('shows kind, sheet, range, unit, year and the declared/recomputed table with mismatch markers', () => {
    const lines = formatForm(OVERALL);
    expect(lines[0]).toBe('部门整体支出绩效自评表（工作表“自评表”，A1:I40）');
    expect(lines[1]).toBe('  单位：长沙市现代教育技术中心　年度：2024');
    const rows = lines.slice(2);
    expect(rows[0]).toMatch(/^ {2}项目\s+填报\s+复核$/);
    expect(rows[1]).toMatch(/^ {2}执行率\s+96\.62%\s+96\.62%$/);
    expect(rows[2]).toMatch(/^ {2}执行率得分\s+9\.68\s+9\.66\s+✗ 不一致$/);
    expect(rows[3]).toMatch(/^ {2}总分\s+99\.68\s+99\.66\s+✗ 不一致$/);
    expect(rows[4]).toMatch(/^ {2}等级\s+未填\s+优$/);
    // Columns line up in display width, CJK counting double.
    const col = (line: string, text: string) => displayWidth(line.slice(0, line.indexOf(text)));
    expect(col(rows[1]!, '96.62%')).toBe(col(rows[0]!, '填报'));
    expect(col(rows[4]!, '未填')).toBe(col(rows[0]!, '填报'));
    expect(col(rows[2]!, '9.66')).toBe(col(rows[0]!, '复核'));
  });

  it('names the project for project forms, marks old-framework forms and shows raw fractions as percents', () => {
    const lines = formatForm({
      kind: 'project',
      sheet: '项目3',
      range: 'B2:J30',
      projectName: '名师云课堂',
      execution: { rate: '0.96619', score: '9.66', declaredRate: '0.9661907', declaredScore: null },
      framework: 'old',
    });
    expect(lines[0]).toBe('项目支出绩效自评表（工作表“项目3”，B2:J30）');
    expect(lines[1]).toBe('  项目：名师云课堂');
    expect(lines[2]).toContain('旧版指标体系');
    expect(lines.join('\n')).toMatch(/执行率\s+96\.62%\s+96\.62%\n/);
    expect(lines.join('\n')).toMatch(/执行率得分\s+未填\s+9\.66$/m);
  });
});

describe('formatFindings', () => {
  it('groups by sheet, orders by position, and prints severity, cell, message and 应为/填报', () => {
    const lines = formatFindings(FINDINGS);
    expect(lines).toEqual([
      '  工作表“自评表”',
      '    错误  H6   执行率得分有误；应为 9.66，填报 9.68',
      '    错误  B20  效益指标分值合计 28.00 分，与标注的 30.00 分不符。',
      '    错误  H40  总分有误；应为 99.66，填报 99.68',
      '    警告  B42  填表人未填写，请补填。',
      '  工作表“基础数据表”',
      '    提示  D12  金额未四舍五入到两位小数；填报 2210.109493',
    ]);
  });

  it('colours severities only with the colour palette', () => {
    const coloured = formatFindings(FINDINGS, COLOR).join('\n');
    expect(coloured).toContain('\x1b[31m错误\x1b[0m');
    expect(coloured).toContain('\x1b[33m警告\x1b[0m');
    expect(coloured).toContain('\x1b[90m提示\x1b[0m');
    expect(stripAnsi(coloured)).toBe(formatFindings(FINDINGS, PLAIN).join('\n'));
    expect(formatFindings(FINDINGS, PLAIN).join('\n')).not.toContain('\x1b');
  });
});

describe('formatFileText', () => {
  it('prints a header, the forms, the counts and the findings', () => {
    const text = formatFileText({ file: '2024自评表.xlsx', ok: true, report: report([OVERALL], FINDINGS) });
    const lines = text.split('\n');
    expect(lines[0]).toBe('文件：2024自评表.xlsx');
    expect(lines[1]).toBe('='.repeat(displayWidth('文件：2024自评表.xlsx')));
    expect(text).toContain('检查结果：错误 3 个，警告 1 个，提示 1 个');
    expect(text.indexOf('部门整体支出绩效自评表')).toBeLessThan(text.indexOf('检查结果'));
  });

  it('says when no form was recognised and when nothing is wrong', () => {
    expect(formatFileText({ file: 'a.xlsx', ok: true, report: report([], []) })).toContain('未识别到绩效自评表');
    expect(formatFileText({ file: 'a.xlsx', ok: true, report: report([OVERALL], []) })).toContain('未发现问题。');
  });

  it('prints one line for an unreadable file', () => {
    const text = formatFileText({ file: 'old.xls', ok: false, code: 'legacy-xls', message: '这是旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后再检查' });
    expect(text).toBe('无法读取 old.xls：这是旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后再检查\n');
  });
});

describe('formatSummary', () => {
  it('aligns CJK file names by display width', () => {
    const outcomes: FileOutcome[] = [
      { file: '长沙市现代教育技术中心2024年自评表.xlsx', ok: true, report: report([OVERALL], FINDINGS) },
      { file: 'b.xlsx', ok: true, report: report([{ ...OVERALL, total: { declared: null, recomputed: '85.5' }, grade: { declared: '良', recomputed: '良' } }], []) },
      { file: '旧表.xls', ok: false, code: 'legacy-xls', message: 'x' },
    ];
    const lines = formatSummary(outcomes).split('\n');
    const header = lines[1]!;
    const rows = lines.filter((l) => /\.xlsx?\s/.test(l));
    expect(rows).toHaveLength(3);
    // Every row ends at the same display column, and the right-aligned 警告 column lines up.
    const widths = [header, ...rows].map(displayWidth);
    expect(new Set(widths).size).toBe(1);
    expect(rows[0]).toMatch(/99\.68\s+99\.66\s+优\s+3\s+1$/);
    expect(rows[1]).toMatch(/^b\.xlsx\s+未填\s+85\.50\s+良\s+0\s+0$/);
    expect(rows[2]).toMatch(/^旧表\.xls\s+无法读取/);
    expect(lines.at(-2)).toBe('共 3 个文件：1 个有错误，1 个无法读取，1 个未发现错误。');
  });

  it('summarises a workbook of many project forms by grade distribution', () => {
    const project = (g: string): FormReport => ({ kind: 'project', sheet: g, range: 'A1:I30', total: { declared: '90', recomputed: '90' }, grade: { declared: null, recomputed: g } });
    const text = formatSummary([{ file: 'p.xlsx', ok: true, report: report([project('优'), project('优'), project('良')], []) }]);
    expect(text).toMatch(/p\.xlsx\s+3张表\s+见上文\s+优2 良1/);
  });
});

describe('exitCodeFor', () => {
  const ok = (findings: Finding[]): FileOutcome => ({ file: 'a.xlsx', ok: true, report: report([], findings) });
  const warn = finding({ severity: 'warning', cell: 'A1', row: 0, col: 0, message: 'w' });
  const err = finding({ cell: 'A2', row: 1, col: 0, message: 'e' });
  const unreadable: FileOutcome = { file: 'b.xls', ok: false, code: 'legacy-xls', message: 'm' };

  it('is 0 without error findings, 1 with any, 2 when any file could not be read', () => {
    expect(exitCodeFor([])).toBe(0);
    expect(exitCodeFor([ok([]), ok([warn])])).toBe(0);
    expect(exitCodeFor([ok([warn]), ok([err])])).toBe(1);
    expect(exitCodeFor([ok([err]), unreadable])).toBe(2);
    expect(exitCodeFor([unreadable, ok([])])).toBe(2);
  });

  it('trusts counts as well as the findings list', () => {
    const counted: FileOutcome = { file: 'c.xlsx', ok: true, report: { forms: [], findings: [], policy: 'default', counts: { error: 1, warning: 0, info: 0 } } };
    expect(exitCodeFor([counted])).toBe(1);
  });
});

describe('formatJson', () => {
  it('is assembled from per-file entries (as worker threads send them) into exactly JSON.stringify of the whole document', () => {
    const all: FileOutcome[] = [
      { file: 'a.xlsx', ok: true, report: report([OVERALL, { kind: 'basic-data', sheet: '基础数据表', range: 'A1:E30', year: 2024 }], FINDINGS) },
      { file: 'b.xls', ok: false, code: 'legacy-xls', message: '这是旧版 .xls 文件\n第二行 "引号" \\ 反斜杠' },
      { file: 'c.xlsx', ok: true, report: report([], []) },
    ];
    for (const outcomes of [[], all.slice(0, 1), all.slice(1, 2), all]) {
      const whole = `${JSON.stringify({ files: outcomes.map(outcomeToJson), summary: jsonSummary(outcomes) }, null, 2)}\n`;
      expect(formatJson(outcomes)).toBe(whole);
      expect(assembleJson(outcomes.map(fileJsonText), mergeSummary(outcomes.map(summaryPart)))).toBe(whole);
    }
  });

  it('omits what does not apply, keeps null for declared values left empty, and keeps decimal strings', () => {
    const outcomes: FileOutcome[] = [
      { file: 'a.xlsx', ok: true, report: report([OVERALL, { kind: 'basic-data', sheet: '基础数据表', range: 'A1:E30', year: 2024 }], FINDINGS.slice(0, 3)) },
      { file: 'b.xls', ok: false, code: 'legacy-xls', message: '这是旧版 .xls 文件' },
    ];
    const text = formatJson(outcomes);
    const doc = JSON.parse(text);
    expect(text.endsWith('}\n')).toBe(true);
    expect(doc.files[0].forms[0]).toEqual({
      kind: 'overall',
      sheet: '自评表',
      range: 'A1:I40',
      unit: '长沙市现代教育技术中心',
      year: 2024,
      execution: { rate: '0.9662', declaredRate: '0.9662', score: '9.66', declaredScore: '9.68', weight: '10' },
      total: { declared: '99.68', recomputed: '99.66' },
      grade: { declared: null, recomputed: '优' },
    });
    expect(doc.files[0].forms[1]).toEqual({ kind: 'basic-data', sheet: '基础数据表', range: 'A1:E30', year: 2024 });
    expect(doc.files[0].findings[0]).toEqual({
      rule: 'total-score',
      severity: 'error',
      sheet: '自评表',
      cell: 'H40',
      message: '总分有误',
      expected: '99.66',
      found: '99.68',
      words: [{ word: '应为', text: '99.66' }, { word: '填报', text: '99.68' }],
    });
    expect(doc.files[0].findings[2]).toEqual({ rule: 'footer', severity: 'warning', sheet: '自评表', cell: 'B42', message: '填表人未填写，请补填。' });
    expect(doc.files[0].counts).toEqual({ error: 2, warning: 1, info: 0 });
    expect(doc.files[0].fullyChecked).toBe(true);
    expect(doc.files[1]).toEqual({ file: 'b.xls', error: '这是旧版 .xls 文件', errorCode: 'legacy-xls' });
  });
});

describe('useColor', () => {
  it('needs a terminal, no --no-color and NO_COLOR unset', () => {
    expect(useColor(true, false, {})).toBe(true);
    expect(useColor(false, false, {})).toBe(false);
    expect(useColor(true, true, {})).toBe(false);
    expect(useColor(true, false, { NO_COLOR: '1' })).toBe(false);
    expect(useColor(true, false, { NO_COLOR: '' })).toBe(false);
  });
});

describe('internal problems (issue 11)', () => {
  const broken: Report = {
    ...report([OVERALL], []),
    problems: ['工作表“自评表”：检查规则“执行率”（execution-rate）出错，相关项目未检查：x'],
    internalProblems: [{ sheet: '自评表', rule: 'execution-rate', message: '检查规则“执行率”（execution-rate）出错，相关项目未检查：x' }],
  };
  const outcome: FileOutcome = { file: 'a.xlsx', ok: true, report: broken };

  it('prints one Chinese line naming the sheet instead of 未发现问题', () => {
    const text = formatFileText(outcome);
    expect(text).toContain('工作表“自评表”未完整检查：检查规则“执行率”（execution-rate）出错');
    expect(text).not.toContain('未发现问题');
  });

  it('counts the file as not fully checked: exit 2, and says so in the JSON', () => {
    expect(exitCodeFor([outcome])).toBe(2);
    expect(exitCodeFor([{ file: 'a.xlsx', ok: true, report: report([OVERALL], []) }])).toBe(0);
    const doc = JSON.parse(formatJson([outcome]));
    expect(doc.files[0].fullyChecked).toBe(false);
    expect(doc.files[0].internalProblems).toEqual(broken.internalProblems);
    expect(doc.files[0].problemLines).toEqual(['工作表“自评表”未完整检查：检查规则“执行率”（execution-rate）出错，相关项目未检查：x']);
    expect(formatSummary([outcome])).toContain('1 个文件未完整检查');
  });
});

// Figures in the 自评报告's tables (tables.ts): read with the paragraphs' vocabulary into the same StatedFigure
// data, checked by the same rules, with findings that name the table cell; tables with figures the check
// cannot read are said to be unchecked (report-table-unread), never skipped silently.
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine';
import { checkStatementAgainst, extractStatement, workbookFacts, type ReportSnapshot } from '../../src/engine/report';
import { readDocx } from '../../src/docx';
import { buildTableReport } from '../fixtures/reports';
import { xiangjiangWorkbook } from './support';

const { overall, report: workbook } = xiangjiangWorkbook('99.66');
const facts = workbookFacts(workbook, 1)!;
const TITLE = '2024年度湘江市电化教育馆部门整体支出绩效自评报告';

/** A report: the title, an optional caption paragraph, then the tables (each after the caption). */
function snapshot(tables: string[][][], caption = '预算执行情况如下表：', more: string[] = []): ReportSnapshot {
  const paragraphs = [TITLE, caption, ...more].map((text, i) => ({ number: i + 1, text }));
  return { fileName: '报告.docx', paragraphs, tables: tables.map((rows, i) => ({ number: i + 1, after: 2, rows })) };
}
const check = (s: ReportSnapshot) => checkStatementAgainst(extractStatement(s), facts);

const BUDGET = [
  ['单位：万元', '', '', '', ''],
  ['项目', '年初预算数', '全年预算数', '全年执行数', '执行率'],
  ['年度资金总额', '280.00', '300.00', '288.00', '96.00%'],
  ['基本支出', '', '', '205.00', ''],
  ['项目支出', '', '', '83.00', ''],
];

describe('a budget table (年初预算数 / 全年预算数 / 全年执行数 / 执行率 by 年度资金总额 / 基本支出 / 项目支出)', () => {
  it('is read into the quantities the paragraphs use, with where each figure stands', () => {
    const st = extractStatement(snapshot([BUDGET]));
    expect(st.figures.map((f) => `${f.quantity}=${f.value}@${f.table}:${f.row}:${f.col}`)).toEqual([
      'initialBudget=280@1:3:2',
      'budget=300@1:3:3',
      'executed=288@1:3:4',
      'rate=96@1:3:5',
      'basic=205@1:4:4',
      'project=83@1:5:4',
    ]);
    expect(st.figures[2]).toMatchObject({ paragraph: 2, phrase: '年度资金总额 / 全年执行数', text: '288.00', kind: 'amount', decimals: 2 });
    expect(st.figures.some((f) => f.unitGuessed)).toBe(false);
    expect(st.uncheckedTables).toBeUndefined();
  });

  it('consistent with the workbook: no finding', () => {
    expect(check(snapshot([BUDGET]))).toEqual([]);
  });

  it('one figure changed: exactly one finding, at that cell, naming the table, row and labels', () => {
    const rows = BUDGET.map((r) => [...r]);
    rows[2]![3] = '288.95';
    const got = check(snapshot([rows]));
    expect(got).toHaveLength(1);
    const f = got[0]!;
    expect(f).toMatchObject({ rule: 'report-figure', messageId: 'wrong', severity: 'error', cell: '表1第3行', paragraph: 2, quote: '年度资金总额 / 全年执行数', found: '288.95', expected: '288.00' });
    expect(f.data).toMatchObject({ table: 1, row: 3, col: 4, found: '288.95', declared: '288.00万元', label: '全年执行数' });
    expect(f.message).toBe('表1第3行“年度资金总额 / 全年执行数”：报告写作288.95，部门整体支出绩效自评表中全年执行数填报288.00万元。请按表格改正报告，或核实表格。');
    expect(f.key).toBe('report-figure|报告.docx|t1r3c4');
  });

  it('the unit from a "（万元）" header, or from the caption', () => {
    const header = [['项目', '全年预算数（万元）', '全年执行数（万元）'], ['合计', '300.00', '288.00']];
    expect(extractStatement(snapshot([header])).figures.every((f) => !f.unitGuessed)).toBe(true);
    expect(check(snapshot([header]))).toEqual([]);
    const bare = [['项目', '全年预算数', '全年执行数'], ['合计', '300.00', '288.00']];
    expect(extractStatement(snapshot([bare], '表1 预算执行情况（单位：万元）')).figures.every((f) => !f.unitGuessed)).toBe(true);
  });

  it('in 元 ("金额单位：元"): converted like the paragraphs, checked at error level', () => {
    const rows = [['项目', '全年预算数', '全年执行数'], ['年度资金总额', '3,000,000.00', '2,880,000.00']];
    const st = extractStatement(snapshot([rows], '金额单位：元'));
    expect(st.figures.map((f) => `${f.quantity}=${f.value}/${f.decimals}`)).toEqual(['budget=300/6', 'executed=288/6']);
    expect(check(snapshot([rows], '金额单位：元'))).toEqual([]);
    rows[1]![2] = '2,890,000.00';
    const got = check(snapshot([rows], '金额单位：元'));
    expect(got.map((f) => `${f.rule}:${f.messageId}:${f.severity}:${f.cell}`)).toEqual(['report-figure:wrong:error:表1第2行']);
    expect(got[0]!.pair).toEqual({ kind: 'value', found: { kind: 'amount', value: '289.00' }, expected: { kind: 'amount', value: '288.00' } });
  });

  it('without a unit: read as 万元, a wrong figure is a warning (no error rests on a guess), and the message says why', () => {
    const rows = [['项目', '全年预算数', '全年执行数'], ['年度资金总额', '300.00', '298.00']];
    const st = extractStatement(snapshot([rows]));
    expect(st.figures.every((f) => f.unitGuessed)).toBe(true);
    const got = check(snapshot([rows]));
    expect(got.map((f) => `${f.rule}:${f.messageId}:${f.severity}:${f.cell}`)).toEqual(['report-figure:wrong:warning:表1第2行']);
    expect(got[0]!.message).toMatch(/^表1第2行“年度资金总额 \/ 全年执行数”（表格未注明单位[^）]*）：报告写作298\.00/);
    // The same table, consistent: nothing.
    rows[1]![2] = '288.00';
    expect(check(snapshot([rows]))).toEqual([]);
  });

  it('a rate without "%" is a guess too: a fraction ("0.9600") or percent points, compared at warning level', () => {
    const rows = [['项目', '全年执行数（万元）', '执行率'], ['年度资金总额', '288.00', '0.9700']];
    const got = check(snapshot([rows]));
    expect(got.map((f) => `${f.rule}:${f.severity}:${f.found}:${f.expected}`)).toEqual(['report-figure:warning:0.9700:96.00%']);
  });

  it('the 自评表 layout: the 年度资金总额 row’s 分值 and 得分 are the 预算执行率 indicator’s', () => {
    const rows = [
      ['年度预算申请(万元)', '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'],
      ['年度资金总额', '280.00', '300.00', '288.00', '10', '96.00%', '9.70'],
    ];
    const got = check(snapshot([rows]));
    expect(got.map((f) => `${f.rule}:${f.cell}:${f.data?.label}`)).toEqual(['report-figure:表1第2行:预算执行率得分']);
  });
});

describe('other table shapes', () => {
  it('two columns, label | value ("全年预算数 | 520.83"), with the unit in the header "金额（万元）"', () => {
    const rows = [['项目', '金额（万元）'], ['全年预算数', '300.00'], ['全年执行数', '288.00'], ['其中：基本支出', '205.00'], ['项目支出', '83.00']];
    const st = extractStatement(snapshot([rows]));
    expect(st.figures.map((f) => f.quantity)).toEqual(['budget', 'executed', 'basic', 'project']);
    expect(check(snapshot([rows]))).toEqual([]);
    rows[3]![1] = '215.00';
    expect(check(snapshot([rows])).map((f) => `${f.rule}:${f.cell}:${f.quote}`)).toEqual(['report-figure:表1第4行:其中：基本支出 / 金额（万元）']);
  });

  it('transposed: quantities down the side, subjects across', () => {
    const rows = [['（万元）', '基本支出', '项目支出'], ['全年执行数', '205.00', '84.00']];
    expect(check(snapshot([rows])).map((f) => `${f.cell}:${f.data?.col}:${f.data?.label}`)).toEqual(['表1第2行:3:项目支出']);
  });

  it('a “三公”经费 table: 预算数 / 决算数 by its parts', () => {
    const rows = [
      ['项目', '预算数', '决算数'],
      ['“三公”经费合计', '2.20', '1.80'],
      ['其中：公务用车购置及运行维护费', '1.60', '1.40'],
      ['因公出国（境）费', '0.00', '0.00'],
      ['公务接待费', '0.60', '0.40'],
    ];
    const st = extractStatement(snapshot([rows], '“三公”经费情况（单位：万元）'));
    expect(st.figures.map((f) => f.quantity)).toEqual(['threeBudget', 'threeActual', 'carBudget', 'carActual', 'abroadBudget', 'abroadActual', 'receptionBudget', 'receptionActual']);
    expect(check(snapshot([rows], '“三公”经费情况（单位：万元）'))).toEqual([]);
  });

  it('a grade and a total in a label/value table', () => {
    const rows = [['自评得分', '99.66'], ['评价等级', '良']];
    const got = check(snapshot([rows]));
    expect(got.map((f) => `${f.rule}:${f.cell}:${f.data?.expected}`)).toEqual(['report-grade:表1第2行:优']);
  });

  it('another year’s column ("2023年决算数") is not this year’s figure', () => {
    const rows = [['经费控制情况（万元）', '2023年决算数', '2024年预算数', '2024年决算数'], ['三公经费', '2.00', '2.20', '1.80']];
    const st = extractStatement(snapshot([rows]));
    expect(st.figures.map((f) => `${f.quantity}@${f.col}`)).toEqual(['threeBudget@3', 'threeActual@4']);
  });

  it('one quantity under two columns with different figures (a merged 预算数/决算数 header): neither is read', () => {
    const rows = [
      ['预算数', '', '决算数', ''],
      ['公务接待费', '因公出国（境）费', '公务接待费', '因公出国（境）费'],
      ['0.60', '0.00', '0.40', '0.00'],
    ];
    const st = extractStatement(snapshot([rows], '单位：万元'));
    // 公务接待费 is 0.60 in one column and 0.40 in the other: which is the 决算数 is a guess.
    expect(st.figures.filter((f) => f.quantity === 'receptionActual')).toEqual([]);
  });

  it('a figure in a table that contradicts the text, where the workbook has no such figure: said at both places', () => {
    const bare: Report = { ...workbook, forms: [{ ...overall, funds: {} }] };
    const st = extractStatement(snapshot([[['项目', '金额（万元）'], ['基本支出', '200.00']]], '预算执行情况如下表：', ['2024年度基本支出205.00万元。']));
    const got = checkStatementAgainst(st, workbookFacts(bare, 0)!);
    expect(got.map((f) => `${f.rule}:${f.cell}`)).toEqual(['report-figure-inconsistent:第3段']);
    expect(got[0]!.message).toContain('基本支出在表1第2行写作200.00，这里写作205.00万元');
  });
});

describe('tables the check cannot read', () => {
  it('figures without a header or labels the vocabulary knows: one info finding naming the table', () => {
    const rows = [['科目代码', '科目名称', '金额'], ['2050199', '其他教育管理事务支出', '642.36'], ['2050299', '其他普通教育支出', '46.95']];
    const got = check(snapshot([BUDGET, rows]));
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ rule: 'report-table-unread', messageId: 'unread', severity: 'info', cell: '第2个表格', paragraph: 2, data: { table: 2, paragraph: 2 } });
    expect(got[0]!.message).toBe('第2个表格（第2段之后）中的数字未能识别含义，未核对，请人工对照自评表。');
  });

  it('text-only and serial-number tables, and empty ones: nothing', () => {
    const text = [['序号', '指标', '完成情况'], ['1', '培训', '已完成'], ['2', '竞赛', '已完成']];
    expect(check(snapshot([text, [], [[]], [['', '']]]))).toEqual([]);
  });

  it('a table under another fund’s caption: said to be out of scope, not read', () => {
    const st = extractStatement(snapshot([BUDGET], '政府性基金预算财政拨款收入支出决算表'));
    expect(st.figures).toEqual([]);
    expect(st.uncheckedTables).toEqual([{ table: 1, paragraph: 2, reason: 'outOfScope', heading: '政府性基金预算财政拨款收入支出决算表' }]);
  });

  it('a long table is read in linear time (20,000 rows of 科目 detail under one header)', () => {
    const rows = [['科目代码', '科目名称', '本年支出合计', '基本支出', '项目支出', '上缴上级支出', '经营支出', '其他']];
    for (let i = 0; i < 20_000; i++) rows.push([String(2050000 + i), `科目${i}`, '12.50', '2.50', '10.00', '0.00', '0.00', '0.00']);
    const started = performance.now();
    const st = extractStatement(snapshot([rows]));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(st.uncheckedTables).toEqual([{ table: 1, paragraph: 2, reason: 'unread' }]);
  });

  it('a table before any paragraph stands at paragraph 0 (row 0), and is checked like any other', () => {
    const s = snapshot([]);
    s.tables = [{ number: 1, after: 0, rows: [['项目', '全年预算数（万元）'], ['年度资金总额', '310.00']] }];
    const got = check(s);
    expect(got.map((f) => `${f.cell}:${f.paragraph}:${f.row}:${f.col}`)).toEqual(['表1第2行:0:0:1']);
  });

  it('bad input never throws: rows that are not arrays, cells that are not strings', () => {
    const bad = { paragraphs: [{ number: 1, text: TITLE }], tables: [{ number: 1, after: 1, rows: [null, ['全年预算数', 7], 'x'] }, null, { number: 2 }] } as unknown as ReportSnapshot;
    expect(() => check(bad)).not.toThrow();
  });
});

describe('the .docx reader keeps a table on its grid', () => {
  it('merged cells (across and down) appear once, where they start, and the positions they cover are empty', async () => {
    const read = await readDocx(new Uint8Array(await buildTableReport()), '表格报告.docx');
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.snapshot.tables[0]).toEqual({
      number: 1,
      after: 2,
      rows: [
        ['项目', '预算数', '', '全年执行数', '执行率'],
        ['', '年初预算数', '全年预算数', '', ''],
        ['年度资金总额', '325.55', '520.83', '519.94', '99.64%'],
        ['基本支出', '', '', '334.45', ''],
        ['项目支出', '', '', '184.49', ''],
      ],
    });
    // So the merged header "全年执行数" names the column below it.
    const st = extractStatement(read.snapshot);
    expect(st.figures.map((f) => `${f.quantity}@${f.row}:${f.col}`)).toEqual(['initialBudget@3:2', 'budget@3:3', 'executed@3:4', 'rate@3:5', 'basic@4:4', 'project@5:4']);
  });
});

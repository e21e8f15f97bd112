// The 自评报告 rules (src/engine/report/rules) in the catalogue: complete metadata, ids that do not clash
// with the workbook rules, and for every rule valid texts that stay silent and invalid texts that fire at
// the right paragraph with the right message id and data.
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine';
import { RULES } from '../../src/engine/rules';
import { checkStatementAgainst, extractStatement, REPORT_RULES, workbookFacts } from '../../src/engine/report';
import { xiangjiangWorkbook } from '../report/support';

const { overall, report } = xiangjiangWorkbook('99.68');
const TITLE = '2024年度湘江市电化教育馆部门整体支出绩效自评报告';

/** A workbook without 基本支出 or 基础数据表: figures the text states can only be compared with each other. */
const bare: Report = { ...report, forms: [{ ...overall, funds: {} }] };

/** Tables follow the last paragraph, numbered from 1. */
function check(texts: string[], against: Report = report, tables: string[][][] = []) {
  const statement = extractStatement({
    paragraphs: [TITLE, ...texts].map((text, i) => ({ number: i + 1, text })),
    tables: tables.map((rows, i) => ({ number: i + 1, after: texts.length + 1, rows })),
  });
  return checkStatementAgainst(statement, workbookFacts(against, against === report ? 1 : 0)!);
}

type Case = {
  name: string;
  texts: string[];
  tables?: string[][][];
  bare?: true;
  fires?: { paragraph: number; messageId: string; severity?: string; data?: Record<string, string | number> }[];
};

const CASES: Record<string, { valid: Case[]; invalid: Case[] }> = {
  'report-figure': {
    valid: [
      { name: 'figures as in the tables', texts: ['2024年度全年预算数300.00万元，其中年初预算数280.00万元，年中调整追加20.00万元。全年执行数288.00万元，预算执行率为96.00%。'] },
      { name: 'the recomputed total (the table’s own error is the workbook rule’s)', texts: ['2024年度部门整体支出绩效自评总分为99.66分，评价等级为“优”。'] },
      { name: 'fewer decimals where the whole report writes them so', texts: ['全年预算数300万元，全年执行数288万元。'] },
    ],
    invalid: [
      { name: 'the 执行数 written as 预算收入', texts: ['2024年预算收入288.00万元，其中年初预算280.00万元，调整追加8.00万元。'], fires: [{ paragraph: 2, messageId: 'wrong', data: { found: '288.00万元', declared: '300.00万元' } }, { paragraph: 2, messageId: 'derived', severity: 'warning' }] },
      { name: 'declared and recomputed differ: all three figures', texts: ['本次自评得分99.70分。'], fires: [{ paragraph: 2, messageId: 'wrongBoth', data: { declared: '99.68分', recomputed: '99.66分', found: '99.70分' } }] },
      { name: '"99.7分" beside "99.70分" is read as 99.70', texts: ['绩效自评得分99.66分。', '本次自评得分99.7分。'], fires: [{ paragraph: 3, messageId: 'wrongBoth' }] },
      { name: 'a 0.01 tail is a warning', texts: ['2024年度基本支出205.01万元。'], fires: [{ paragraph: 2, messageId: 'tail', severity: 'warning' }] },
      { name: 'a headcount is a warning (口径)', texts: ['实有在职人数19人。'], fires: [{ paragraph: 2, messageId: 'headcount', severity: 'warning' }] },
      { name: 'a quoted declared figure that is not the table’s', texts: ['经复核，在职人员控制率应为90.00%（表中填报91.00%）。'], fires: [{ paragraph: 2, messageId: 'quote' }] },
    ],
  },
  'report-figure-stale': {
    valid: [{ name: 'the recomputed figure', texts: ['绩效自评得分99.66分。'] }],
    invalid: [{ name: 'the table’s wrong total repeated', texts: ['绩效自评得分99.68分。'], fires: [{ paragraph: 2, messageId: 'stale', severity: 'warning', data: { recomputed: '99.66分' } }] }],
  },
  'report-figure-inconsistent': {
    valid: [{ name: 'a figure without a workbook counterpart stated alike twice', bare: true, texts: ['2024年度基本支出200.00万元。', '基本支出200万元。'] }],
    invalid: [{ name: 'stated differently in two places', bare: true, texts: ['2024年度基本支出200.00万元。', '基本支出205.00万元。'], fires: [{ paragraph: 3, messageId: 'differs', data: { otherParagraph: 2, other: '200.00万元', found: '205.00万元' } }] }],
  },
  'report-sum': {
    valid: [{ name: 'parts that add up', texts: ['2024年支出288.00万元，其中基本支出205.00万元，项目支出83.00万元。'] }],
    invalid: [
      { name: 'parts that do not add up (no workbook figure to blame)', bare: true, texts: ['2024年度基本支出200.00万元，其中人员经费150.00万元，公用经费40.00万元。'], fires: [{ paragraph: 2, messageId: 'parts', data: { partsSum: '190.00万元' } }] },
      { name: 'a 0.01 tail is a warning', bare: true, texts: ['2024年支出288.00万元，其中基本支出205.00万元，项目支出82.99万元。'], fires: [{ paragraph: 2, messageId: 'tail', severity: 'warning' }] },
    ],
  },
  'report-table-unread': {
    valid: [
      { name: 'a budget table the check reads', texts: ['预算执行情况如下表（单位：万元）：'], tables: [[['项目', '全年预算数', '全年执行数'], ['年度资金总额', '300.00', '288.00']]] },
      { name: 'a table of text and serial numbers only', texts: ['主要工作如下：'], tables: [[['序号', '工作'], ['1', '开展培训'], ['2', '完成验收']]] },
    ],
    invalid: [
      {
        name: 'a table of figures without a header or labels the vocabulary knows',
        texts: ['支出明细如下：'],
        tables: [[['科目', '金额'], ['办公费', '12.50'], ['印刷费', '3.20']]],
        fires: [{ paragraph: 2, messageId: 'unread', data: { table: 1, paragraph: 2 } }],
      },
      {
        name: 'a table under a heading about one project',
        texts: ['（三）教育信息化专项项目', '该项目情况如下：'],
        tables: [[['全年预算数', '100.00'], ['全年执行数', '90.00']]],
        fires: [{ paragraph: 3, messageId: 'outOfScope', data: { table: 1, heading: '（三）教育信息化专项项目' } }],
      },
    ],
  },
  'report-grade': {
    valid: [{ name: '“优秀” for 优', texts: ['评价等级为“优秀”。'] }],
    invalid: [{ name: '良 for a total of 99.66', texts: ['评价等级为“良”。'], fires: [{ paragraph: 2, messageId: 'wrong', data: { expected: '优', found: '良' } }] }],
  },
};

describe('report rule catalogue', () => {
  it('has unique kebab-case ids, distinct from the workbook rules, and complete metadata', () => {
    const ids = REPORT_RULES.map((r) => r.meta.id);
    expect(new Set([...ids, ...RULES.map((r) => r.meta.id)]).size).toBe(ids.length + RULES.length);
    for (const r of REPORT_RULES) {
      expect(r.meta.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(['error', 'warning', 'info']).toContain(r.meta.severity);
      expect(r.meta.title).toMatch(/[\u4e00-\u9fa5]/);
      expect(Object.keys(r.meta.messages).length).toBeGreaterThan(0);
      for (const m of Object.values(r.meta.messages)) expect(m).toMatch(/[\u4e00-\u9fa5]/);
      expect(r.meta.docs?.length).toBeGreaterThan(40);
      expect(r.meta.docs).toMatch(/依据/);
    }
  });

  it('has valid and invalid cases for every rule', () => {
    for (const r of REPORT_RULES) {
      const c = CASES[r.meta.id];
      expect(c, r.meta.id).toBeDefined();
      expect(c!.valid.length, r.meta.id).toBeGreaterThan(0);
      expect(c!.invalid.length, r.meta.id).toBeGreaterThan(0);
    }
  });
});

for (const rule of REPORT_RULES) {
  const c = CASES[rule.meta.id];
  if (!c) continue;
  describe(rule.meta.id, () => {
    for (const v of c.valid) {
      it(`valid: ${v.name}`, () => {
        expect(check(v.texts, v.bare ? bare : report, v.tables).filter((f) => f.rule === rule.meta.id)).toEqual([]);
      });
    }
    for (const v of c.invalid) {
      it(`invalid: ${v.name}`, () => {
        const mine = check(v.texts, v.bare ? bare : report, v.tables).filter((f) => f.rule === rule.meta.id);
        const want = v.fires ?? [];
        expect(want.length).toBeGreaterThan(0);
        {
          expect(mine.map((f) => `${f.paragraph}:${f.messageId}`)).toEqual(want.map((w) => `${w.paragraph}:${w.messageId}`));
          want.forEach((w, i) => {
            const hit = mine[i]!;
            expect(hit.severity).toBe(w.severity ?? rule.meta.severity);
            for (const [k, val] of Object.entries(w.data ?? {})) expect(hit.data?.[k]).toBe(val);
            expect(hit.message).toMatch(/^(第\d+段“|表\d+第\d+行“|第\d+个表格（)/);
            expect(hit.message).not.toMatch(/\{\w+\}/);
          });
        }
      });
    }
  });
}

describe('report-sum and report-figure-inconsistent', () => {
  it('a sum whose parts are each right but do not add up to the stated total', () => {
    const got = check(['2024年支出288.00万元，其中基本支出205.00万元，项目支出83.00万元。', '2024年度“三公”经费决算1.90万元，其中公务用车购置和维护经费1.40万元，公务接待费0.40万元。']);
    // 1.90 differs from the table (1.80): one finding at it, carrying the sum.
    expect(got.map((f) => `${f.rule}:${f.paragraph}`)).toEqual(['report-figure:3']);
    expect(got[0]!.message).toMatch(/各部分之和为1\.80万元，与所述合计1\.90万元也不符/);
  });
});

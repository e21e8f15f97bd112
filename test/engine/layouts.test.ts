// Layout variations the recogniser must take in its stride (domain.md §1.4).
import { describe, expect, it } from 'vitest';
import { checkWorkbook } from '../../src/engine';
import type { CellValue, SheetSnapshot } from '../../src/engine/types';
import { buildForm, sheetOf, validProjectSpec } from '../support/build-form';

describe('layouts', () => {
  it('a form not at A1 is read at its offset', () => {
    const f = buildForm({ ...validProjectSpec(), at: { row: 5, col: 3 } });
    const report = checkWorkbook({ sheets: [sheetOf('偏移', f)] });
    expect(report.forms).toHaveLength(1);
    expect(report.forms[0]!.range.startsWith('D6')).toBe(true);
    expect(report.forms[0]!.total).toEqual({ declared: '99.50', recomputed: '99.50' });
    expect(report.findings).toEqual([]);
  });

  it('three forms stacked in one sheet are three forms', () => {
    const a = buildForm(validProjectSpec({ name: '甲' }));
    const b = buildForm({ ...validProjectSpec({ name: '乙' }), at: { row: a.rows + 2, col: 0 } });
    const c = buildForm({ ...validProjectSpec({ name: '丙' }), at: { row: a.rows + b.rows + 4, col: 0 } });
    const report = checkWorkbook({ sheets: [sheetOf('合表', a, b, c)] });
    expect(report.forms.map((f) => f.projectName)).toEqual(['甲', '乙', '丙']);
    expect(report.findings).toEqual([]);
  });

  it('a 总分 label merged from column A, left of the 一级指标 column, ends the indicators', () => {
    // 绩效指标 label in A, 一级指标 in B; 总分 merged A:F; footer starts in A.
    const values: CellValue[][] = [
      ['2024年度项目支出绩效自评表'],
      ['项目名称', '测试项目'],
      ['', '', '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'],
      ['年度资金总额', '', 100, 100, 100, 10, 1, 10],
      ['绩效指标', '一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施'],
      ['', '产出指标(60分)', '数量指标', '培训人次', '≥100人次', '100人次', 60, 60, ''],
      ['', '效益指标(30分)', '社会效益指标', '能力提升', '提升', '已提升', 30, 30, ''],
      ['总分', '', '', '', '', '', 100, 100, ''],
      ['填表人：张三', '', '', '', '', '', '', '', ''],
    ];
    const sheet: SheetSnapshot = { name: '表', values, numberFormats: [[], [], [], ['', '', '', '', '', '', '0%']], merges: [{ top: 7, left: 0, bottom: 7, right: 5 }, { top: 4, left: 0, bottom: 6, right: 0 }] };
    for (let c = 1; c <= 5; c++) values[7]![c] = '';
    const report = checkWorkbook({ sheets: [sheet] });
    expect(report.forms[0]!.total).toEqual({ declared: '100.00', recomputed: '100.00' });
    expect(report.forms[0]!.indicators).toHaveLength(2);
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('full-width brackets, line breaks in headers and synonyms', () => {
    const values: CellValue[][] = [
      ['项目支出绩效自评表'],
      ['项目名称：', '测试'],
      ['', '', '年初预算数', '调整后\n预算数', '预算执行数', '权重', '执行率', '得分'],
      ['年度资金总额', '', 100, 100, 90, 10, 0.9, 9],
      ['一级\n指标', '二级 指标', '三级\n指标', '指标值', '完成值', '权重', '得分', '未完成原因分析'],
      ['产出指标（90分）', '数量指标', '培训人次', '≥１００人次', '９０人次', 90, 81, '部分教师未参训'],
      ['总分', '', '', '', '', 100, 90, ''],
    ];
    const report = checkWorkbook({ sheets: [{ name: '表', values, numberFormats: [[], [], [], ['', '', '', '', '', '', '0%']] }] });
    const form = report.forms[0]!;
    expect(form.execution).toMatchObject({ rate: '0.9000', score: '9.00' });
    expect(form.blocks?.[0]).toMatchObject({ name: '产出指标', declaredWeight: '90.00', weightSum: '90.00' });
    expect(form.total).toEqual({ declared: '90.00', recomputed: '90.00' });
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

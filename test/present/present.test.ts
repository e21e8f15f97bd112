// The presentation layer: one formatting per value kind, one vocabulary for pairs, one finding order.
import { describe, expect, it } from 'vitest';
import type { Finding, FormReport } from '../../src/engine/types';
import {
  compareRows, displayStrings, findingText, fixText, formatValue, orderFindings, pairParts, pairText, problemLines,
} from '../../src/present';

describe('formatValue', () => {
  it('formats each kind', () => {
    expect(formatValue({ kind: 'amount', value: '2773.465' })).toBe('2773.47');
    expect(formatValue({ kind: 'score', value: '9.6' })).toBe('9.60');
    expect(formatValue({ kind: 'weight', value: '30' })).toBe('30.00');
    expect(formatValue({ kind: 'rate', value: '0.923077' })).toBe('92.31%');
    expect(formatValue({ kind: 'rate', value: '0.9231', scale: 'points' })).toBe('92.31%');
    expect(formatValue({ kind: 'count', value: '12' })).toBe('12');
    expect(formatValue({ kind: 'range', value: '8..10' })).toBe('8.00–10.00');
    expect(formatValue({ kind: 'grade', value: '优' })).toBe('优');
    expect(formatValue({ kind: 'text', value: '2,773.47' })).toBe('2,773.47');
    expect(formatValue({ kind: 'format', value: '0.00%' })).toBe('0.00%');
  });
});

describe('pairs', () => {
  it('uses one word pair per kind', () => {
    expect(pairText(pairParts({ kind: 'value', expected: { kind: 'score', value: '9.66' }, found: { kind: 'score', value: '9.68' } }))).toBe('应为 9.66，填报 9.68');
    expect(pairText(pairParts({ kind: 'label-sum', label: { kind: 'weight', value: '30' }, sum: { kind: 'weight', value: '28' } }))).toBe('标注 30.00，合计 28.00');
    expect(pairText(pairParts({ kind: 'format', numberFormat: '0.00%' }))).toBe('应设置格式 0.00%');
    expect(displayStrings({ kind: 'format', numberFormat: '0.00%' })).toEqual({});
    expect(displayStrings({ kind: 'label-sum', label: { kind: 'weight', value: '30' }, sum: { kind: 'weight', value: '28' } })).toEqual({});
    expect(displayStrings({ kind: 'value', found: { kind: 'text', value: '—' } })).toEqual({ found: '—' });
  });

  it('states a figure once per line', () => {
    const f = { message: '执行率得分应为 9.66 分，表中填报 9.68 分。', pair: { kind: 'value', expected: { kind: 'score', value: '9.66' }, found: { kind: 'score', value: '9.68' } } } as const;
    expect(findingText(f)).toBe('执行率得分应为 9.66 分，表中填报 9.68 分。');
    expect(findingText({ message: '得分有误', pair: f.pair })).toBe('得分有误；应为 9.66，填报 9.68');
  });

  it('describes the fix', () => {
    expect(fixText({ value: 9.66 })).toBe('改为 9.66');
    expect(fixText({ numberFormat: '0.00%' })).toBe('设置格式为 0.00%');
    expect(fixText({ value: 0.9662 })).toBe('改为 0.9662');
    expect(fixText(undefined)).toBeNull();
  });
});

describe('order and rows', () => {
  it('orders by sheet, row, column, severity, rule', () => {
    const f = (sheet: string, row: number, col: number, severity: Finding['severity'], rule: string) => ({ sheet, row, col, severity, rule });
    const list = [f('B', 0, 0, 'error', 'x'), f('A', 2, 0, 'info', 'y'), f('A', 2, 0, 'error', 'z'), f('A', 1, 5, 'warning', 'a')];
    expect(orderFindings(list, ['A', 'B']).map((x) => `${x.sheet}${x.row}${x.col}${x.rule}`)).toEqual(['A15a', 'A20z', 'A20y', 'B00x']);
  });

  it('makes the declared-versus-recomputed rows', () => {
    const form = {
      kind: 'overall', sheet: 'S', range: 'A1:I40',
      execution: { rate: '0.9662', declaredRate: '0.9231', score: '9.66', declaredScore: '9.66' },
      total: { declared: null, recomputed: '95.5' },
      grade: { declared: '优', recomputed: '优' },
    } as FormReport;
    expect(compareRows(form)).toEqual([
      { key: 'rate', label: '执行率', declared: '92.31%', recomputed: '96.62%', differs: true },
      { key: 'executionScore', label: '执行率得分', declared: '9.66', recomputed: '9.66', differs: false },
      { key: 'total', label: '总分', declared: null, recomputed: '95.50', differs: false },
      { key: 'grade', label: '等级', declared: '优', recomputed: '优', differs: false },
    ]);
  });

  it('names the sheet of an internal problem', () => {
    expect(problemLines({ internalProblems: [{ sheet: '表1', rule: 'x', message: '检查规则 x 出错' }] })).toEqual(['工作表“表1”未完整检查：检查规则 x 出错']);
  });
});

describe('severity-first order (the pane list)', () => {
  it('puts errors first within a sheet, then by position', () => {
    const f = (sheet: string, row: number, severity: Finding['severity']) => ({ sheet, row, col: 0, severity, rule: 'r' });
    const list = [f('A', 1, 'info'), f('A', 5, 'error'), f('A', 2, 'error'), f('B', 0, 'error')];
    expect(orderFindings(list, ['A', 'B'], 'severity').map((x) => `${x.sheet}${x.row}`)).toEqual(['A2', 'A5', 'A1', 'B0']);
  });
});

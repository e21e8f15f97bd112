// The header vocabulary (src/engine/forms/vocabulary.ts), row by row: every synonym resolves to its role through
// the label normaliser the parsers use, no two matching entries tie on precedence, and the wordings that must NOT
// take a role do not.
import { describe, expect, it } from 'vitest';
import { normalizeLabel } from '../../src/engine/values';
import {
  BUDGET_HEADERS, BUDGET_NOT, INDICATOR_HEADERS, INDICATOR_NOT, budgetRole, headerCore, indicatorRole, matchingEntries,
  type HeaderEntry,
} from '../../src/engine/forms/vocabulary';

const rows = <R extends string>(table: readonly HeaderEntry<R>[]) => table.flatMap((e) => e.synonyms.map((s) => [s, e.role] as [string, R]));

describe('indicator header vocabulary', () => {
  it.each(rows(INDICATOR_HEADERS))('%j → %s', (label, role) => {
    expect(indicatorRole(normalizeLabel(label))).toBe(role);
    // Full-width brackets, spaces and line breaks do not change the role.
    const variant = label.replace(/\(/g, '（').replace(/\)/g, '）').split('').join(' ');
    expect(indicatorRole(normalizeLabel(variant))).toBe(role);
  });
  it.each(INDICATOR_NOT.map((n) => [n.label, n.not, n.is] as const))('%j is not %s (it is %s)', (label, not, is) => {
    const r = indicatorRole(normalizeLabel(label));
    expect(r).not.toBe(not);
    expect(r).toBe(is);
  });
  it('no synonym is matched by two entries of the same precedence', () => {
    for (const [label] of rows(INDICATOR_HEADERS)) {
      const m = matchingEntries(INDICATOR_HEADERS, normalizeLabel(label));
      const top = Math.max(...m.map((e) => e.precedence));
      expect(m.filter((e) => e.precedence === top).map((e) => e.role), label).toHaveLength(1);
    }
  });
});

describe('budget header vocabulary', () => {
  it.each(rows(BUDGET_HEADERS))('%j → %s', (label, role) => {
    expect(budgetRole(normalizeLabel(label))).toBe(role);
    expect(budgetRole(normalizeLabel(label.replace(/\(/g, '（').replace(/\)/g, '）') + ' '))).toBe(role);
  });
  it.each(BUDGET_NOT.map((n) => [n.label, n.not, n.is] as const))('%j is not %s (it is %s)', (label, not, is) => {
    const r = budgetRole(normalizeLabel(label));
    expect(r).not.toBe(not);
    expect(r).toBe(is);
  });
  it('no synonym is matched by two entries of the same precedence', () => {
    for (const [label] of rows(BUDGET_HEADERS)) {
      const m = matchingEntries(BUDGET_HEADERS, normalizeLabel(label));
      const top = Math.max(...m.map((e) => e.precedence));
      expect(m.filter((e) => e.precedence === top).map((e) => e.role), label).toHaveLength(1);
    }
  });
  it('the issue-11 wordings', () => {
    expect(budgetRole(normalizeLabel('执行率得分'))).toBe('score');
    expect(budgetRole(normalizeLabel('自评得分'))).toBe('score');
    expect(budgetRole(normalizeLabel('预算执行率'))).toBe('rate');
    expect(budgetRole(normalizeLabel('评分系数'))).toBe('coefficient');
    expect(budgetRole(normalizeLabel('预算执行率得分(20分)'))).toBe('score');
  });
  it('fund breakdown labels are not header columns', () => {
    for (const l of ['其中：一般公共预算', '基本支出', '项目支出', '年度资金总额', '其他资金', '当年财政拨款']) {
      expect(budgetRole(normalizeLabel(l)), l).toBeNull();
    }
  });
  it('annotations in brackets are not part of the core', () => {
    expect(headerCore('得分(20分*执行率)')).toBe('得分');
    expect(headerCore('执行率(B/A)')).toBe('执行率');
    expect(headerCore('其中:执行数【万元】')).toBe('执行数');
  });
});

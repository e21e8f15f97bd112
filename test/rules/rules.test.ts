/// <reference types="vite/client" />
// Every rule: complete metadata, valid cases that stay silent, invalid cases that fire at the right cells.
import { describe, expect, it } from 'vitest';
import { checkWorkbook } from '../../src/engine';
import { RULES } from '../../src/engine/rules';
import { fillTemplate } from '../../src/engine/check';
import type { Finding } from '../../src/engine/types';
import type { RuleFixtures } from './case';

const modules = import.meta.glob<{ default: RuleFixtures }>('./fixtures/*.ts', { eager: true });
const fixtures = new Map(Object.entries(modules).map(([path, m]) => [path.replace(/^.*\/(.*)\.ts$/, '$1'), m.default]));

describe('rule catalogue', () => {
  it('has unique kebab-case ids and complete metadata', () => {
    const ids = RULES.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      expect(r.meta.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(['error', 'warning', 'info']).toContain(r.meta.severity);
      expect(r.meta.title).toMatch(/[\u4e00-\u9fa5]/);
      expect(Object.keys(r.meta.messages).length).toBeGreaterThan(0);
      for (const m of Object.values(r.meta.messages)) expect(m).toMatch(/[\u4e00-\u9fa5]/);
      expect(r.meta.docs.length).toBeGreaterThan(40);
    }
  });

  it('includes every rule the issue asks for', () => {
    const required = ['execution-rate', 'execution-score', 'execution-over-budget', 'fund-breakdown-sum', 'indicator-score',
      'indicator-score-exceeds-weight', 'deviation-reason-missing', 'over-achievement', 'weight-subtotal', 'weight-total',
      'total-score', 'grade', 'staffing-control-rate', 'three-public-sum', 'project-spending-sum', 'subset-exceeds-total',
      'cross-sheet-mismatch', 'year-mismatch', 'required-field-empty', 'actual-not-measurable', 'number-stored-as-text',
      'precision-artifact', 'formula-error', 'template-text-left', 'unreadable-form'];
    expect(RULES.map((r) => r.meta.id).sort()).toEqual(expect.arrayContaining(required));
  });

  it('has valid and invalid fixtures for every rule', () => {
    for (const r of RULES) {
      const f = fixtures.get(r.meta.id);
      expect(f, `fixtures for ${r.meta.id}`).toBeDefined();
      expect(f!.valid.length, `valid fixtures for ${r.meta.id}`).toBeGreaterThan(0);
      expect(f!.invalid.length, `invalid fixtures for ${r.meta.id}`).toBeGreaterThan(0);
    }
  });
});

/** RuleTester-style: every finding names a message of its rule, and its message is that template filled with its data. */
function expectWellFormed(findings: readonly Finding[]): void {
  for (const x of findings) {
    const rule = RULES.find((r) => r.meta.id === x.rule);
    expect(rule, `rule ${x.rule}`).toBeDefined();
    expect(x.messageId, `${x.rule} at ${x.cell} has a message id`).toBeDefined();
    expect(Object.hasOwn(rule!.meta.messages, x.messageId!), `${x.rule}: unknown message id ${x.messageId}`).toBe(true);
    expect(x.message).toBe(fillTemplate(rule!.meta.messages[x.messageId!]!, x.data));
    expect(x.message).not.toMatch(/\{\w+\}/);
  }
}

for (const rule of RULES) {
  const f = fixtures.get(rule.meta.id);
  if (!f) continue;
  describe(rule.meta.id, () => {
    for (const c of f.valid) {
      it(`valid: ${c.name}`, () => {
        const report = checkWorkbook({ sheets: c.sheets }, c.policy ? { policy: c.policy } : {});
        expect(report.findings.filter((x) => x.rule === rule.meta.id)).toEqual([]);
        expectWellFormed(report.findings);
        expect(report.problems ?? []).toEqual([]);
      });
    }
    for (const c of f.invalid) {
      it(`invalid: ${c.name}`, () => {
        const report = checkWorkbook({ sheets: c.sheets }, c.policy ? { policy: c.policy } : {});
        const got = report.findings.filter((x) => x.rule === rule.meta.id);
        const want = c.findings ?? [];
        expect(want.length).toBeGreaterThan(0);
        expect(got.map((x) => `${x.sheet}!${x.cell}`).sort()).toEqual(want.map((w) => `${w.sheet ?? c.sheets[0]!.name}!${w.cell}`).sort());
        for (const w of want) {
          const hit = got.find((x) => x.cell === w.cell && x.sheet === (w.sheet ?? c.sheets[0]!.name))!;
          if (w.severity) expect(hit.severity).toBe(w.severity);
          if (w.expected !== undefined) expect(hit.expected).toBe(w.expected);
          if (w.found !== undefined) expect(hit.found).toBe(w.found);
          if (w.messageId !== undefined) expect(hit.messageId).toBe(w.messageId);
          if (w.data !== undefined) expect(hit.data).toMatchObject(w.data);
          if (w.pair !== undefined) expect(hit.pair).toEqual(w.pair);
          if (w.fix !== undefined) expect(hit.fix ?? null).toEqual(w.fix);
          expect(hit.message).toMatch(/[\u4e00-\u9fa5]/);
          expect(hit.message).not.toMatch(/\{\w+\}/);
        }
        expectWellFormed(report.findings);
        // Message id and data of every finding the rule makes here, pinned (review the diff when they change).
        expect(got.map((x) => ({ cell: x.cell, severity: x.severity, messageId: x.messageId, data: x.data, pair: x.pair, fix: x.fix ?? null }))).toMatchSnapshot();
        expect(report.problems ?? []).toEqual([]);
      });
    }
  });
}

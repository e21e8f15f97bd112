// Issue 11 "Done when": over every fixture and sample workbook and over generated workbooks, under every
// policy preset — every finding's `found` is what its cell holds; every explanation's arithmetic gives the
// number it explains; and the pane, the CLI text, the JSON and the report text show the same figures.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import Decimal from 'decimal.js';
import { checkWorkbook, POLICY_PRESETS, renderTemplate, renderedToText, type Finding, type FindingValue, type Report, type WorkbookSnapshot } from '../../src/engine';
import { fillTemplate } from '../../src/engine/check';
import { Grid } from '../../src/engine/grid';
import { locateForms } from '../../src/engine/forms/locate';
import { computePerformance } from '../../src/engine/scoring/compute';
import { explainExecutionScore, explainIndicatorScore } from '../../src/engine/scoring/explain';
import { RULES } from '../../src/engine/rules';
import { compareRows, findingParts, findingText } from '../../src/present';
import { formatFileText } from '../../src/cli/format-text';
import { outcomeToJson } from '../../src/cli/format-json';
import * as pane from '../../src/taskpane/format';
import { readXlsx } from '../../src/xlsx/read';
import { buildForm, sheetOf, validProjectSpec } from '../support/build-form';
import { buildBasic } from '../support/build-basic';

const ROOT = join(__dirname, '..', '..');
/** How many checks of each kind ran (a property that never meets its case proves nothing). */
const seen = { found: 0, foundRate: 0, execution: 0, indicator: 0, reportRate: 0, note: 0 };
const POLICIES = Object.values(POLICY_PRESETS);

async function workbooks(): Promise<{ name: string; snapshot: WorkbookSnapshot }[]> {
  const out: { name: string; snapshot: WorkbookSnapshot }[] = [];
  for (const dir of ['test/fixtures/xlsx', 'samples']) {
    for (const file of readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.xlsx')).sort()) {
      const r = await readXlsx(readFileSync(join(ROOT, dir, file)), file);
      if (r.ok) out.push({ name: `${dir}/${file}`, snapshot: r.snapshot });
    }
  }
  return out;
}

function cellOf(snapshot: WorkbookSnapshot, f: Finding) {
  const sheet = snapshot.sheets.find((s) => s.name === f.sheet)!;
  return { raw: sheet.values[f.row]?.[f.col] ?? '', format: sheet.numberFormats?.[f.row]?.[f.col] ?? null };
}

/** `found` is what the cell holds: its text as written, its number, or its rate in the scale it is held in. */
function expectFoundIsHeld(snapshot: WorkbookSnapshot, f: Finding, found: FindingValue): void {
  const { raw } = cellOf(snapshot, f);
  const where = `${f.rule} ${f.sheet}!${f.cell}`;
  if (found.kind === 'text' || found.kind === 'grade') {
    // A year found in a label ("2023年决算数") is part of the label's text; everything else is the whole text.
    if (f.rule === 'year-mismatch' || f.rule === 'cross-sheet-mismatch') expect(String(raw), where).toContain(found.value);
    else expect(String(raw).trim(), where).toBe(found.value);
    return;
  }
  seen.found++;
  expect(typeof raw, where).toBe('number');
  const held = new Decimal(raw as number);
  if (found.kind === 'rate') {
    const scale = found.scale === 'points' ? 100 : 1;
    seen.foundRate++;
    expect(new Decimal(found.value).times(scale).eq(held), where).toBe(true);
    return;
  }
  expect(new Decimal(found.value).eq(held), where).toBe(true);
}

function expectTrue(snapshot: WorkbookSnapshot, report: Report, policyName: string): void {
  for (const f of report.findings) {
    const rule = RULES.find((r) => r.meta.id === f.rule)!;
    expect(Object.hasOwn(rule.meta.messages, f.messageId!), `${f.rule}.${f.messageId}`).toBe(true);
    expect(f.message).toBe(fillTemplate(rule.meta.messages[f.messageId!]!, f.data));
    if (f.pair?.kind === 'value' && f.pair.found) expectFoundIsHeld(snapshot, f, f.pair.found);
    if (f.pair?.kind !== 'value') {
      expect(f.found, `${f.rule}: no 填报 without a value pair`).toBeUndefined();
      expect(f.expected).toBeUndefined();
    }
  }
  // Explanations: recompute every form and check the arithmetic each explanation states.
  for (const sheet of snapshot.sheets) {
    const { forms } = locateForms(new Grid(sheet));
    for (const form of forms) {
      if (form.kind === 'basic-data') continue;
      const policy = POLICY_PRESETS[policyName]!;
      const c = computePerformance(form, policy);
      if (c.execution) seen.execution++;
      if (c.execution) expect(explainExecutionScore(c.execution).value.eq(c.execution.score), `${sheet.name} 执行率得分`).toBe(true);
      for (const block of form.blocks) {
        for (const row of block.rows) {
          const e = row.computed ? explainIndicatorScore(row.computed) : null;
          if (e) seen.indicator++;
          if (e) expect(e.value.eq(row.computed!.score!), `${sheet.name} row ${row.row + 1}: ${e.text}`).toBe(true);
        }
      }
    }
  }
  // One fact, one figure: the CLI text, the JSON and the pane read the same rows and words.
  const text = formatFileText({ file: 'x.xlsx', ok: true, report });
  const json = outcomeToJson({ file: 'x.xlsx', ok: true, report });
  for (const form of report.forms) {
    const rows = compareRows(form);
    expect(pane.compareRows(form)).toEqual(rows);
    for (const r of rows) {
      if (r.declared) expect(text).toContain(r.declared);
      if (r.recomputed) expect(text).toContain(r.recomputed);
    }
    const rate = rows.find((r) => r.key === 'rate');
    if (rate?.recomputed && form.kind === 'overall' && form.execution) {
      const report_ = renderedToText(renderTemplate(report, 'overall-report', { formIndex: report.forms.indexOf(form) }));
      expect(report_).toContain(rate.recomputed);
      seen.reportRate++;
      if (rate.declared && rate.differs) seen.note++;
      if (rate.declared && rate.differs) expect(report_).toContain(`表中填报${rate.declared}`);
    }
  }
  report.findings.forEach((f, i) => {
    expect(text).toContain(findingText(f).split('\n')[0]!.slice(0, 20));
    expect(json.findings![i]!.words ?? []).toEqual(findingParts(f).map((p) => ({ word: p.word, text: p.text })));
    expect(pane.findingParts(f)).toEqual(findingParts(f));
  });
}

describe('every fixture and sample, every policy', async () => {
  const books = await workbooks();
  it('reads the committed workbooks', () => expect(books.length).toBeGreaterThan(5));
  for (const { name, snapshot } of books) {
    for (const policy of POLICIES) {
      it(`${name} under ${policy.name}`, () => expectTrue(snapshot, checkWorkbook(snapshot, { policy }), policy.name));
    }
  }
});

// Generated workbooks: budgets, rates in every scale and format, scores, indicator actuals in either direction.
const generated = fc.record({
  planned: fc.integer({ min: 1, max: 500000 }).map((n) => n / 100),
  share: fc.integer({ min: 0, max: 13000 }).map((n) => n / 10000),
  rateScale: fc.constantFrom('fraction%', 'fractionGeneral', 'points', 'text'),
  rateNoise: fc.integer({ min: -300, max: 300 }).map((n) => n / 1e6),
  scoreDelta: fc.integer({ min: -200, max: 200 }).map((n) => n / 100),
  actual: fc.integer({ min: 0, max: 300 }),
  reverseActual: fc.integer({ min: 1, max: 30 }),
  staffing: fc.record({ authorised: fc.integer({ min: 1, max: 200 }), actual: fc.integer({ min: 0, max: 220 }), points: fc.boolean() }),
}).map((g) => {
  const executed = Math.round(g.planned * g.share * 100) / 100;
  const rate = executed / g.planned + g.rateNoise;
  const rateCell = g.rateScale === 'points' ? Math.round(rate * 10000) / 100 : g.rateScale === 'text' ? `${(rate * 100).toFixed(2)}%` : rate;
  const spec = validProjectSpec();
  spec.budget = { planned: g.planned, executed, weight: 10, rate: rateCell, rateFormat: g.rateScale === 'fraction%' ? '0.00%' : 'General', score: Math.max(0, Math.round((10 * Math.min(1, executed / g.planned) + g.scoreDelta) * 100) / 100) };
  spec.funds = [];
  spec.indicators[0]!.actual = `${g.actual}人次`;
  spec.indicators[4] = { l1: '效益指标(30分)', l2: '可持续影响指标', name: '投诉次数', target: '≤8次', actual: `${g.reverseActual}次`, weight: 15, score: 15 };
  const s = g.staffing;
  const staffRate = s.actual / s.authorised;
  const basic = buildBasic('基础数据表', { staffing: { authorised: s.authorised, actual: s.actual, rate: s.points ? Math.round(staffRate * 10000) / 100 : Math.round(staffRate * 10000) / 10000, rateFormat: s.points ? 'General' : '0.00%' } });
  return { sheets: [sheetOf('自评表', buildForm({ ...spec, kind: 'overall' })), basic.sheet] } as WorkbookSnapshot;
});

describe('generated workbooks, every policy', () => {
  it('say only what is true', () => {
    fc.assert(fc.property(generated, fc.constantFrom(...POLICIES), (snapshot, policy) => {
      expectTrue(snapshot, checkWorkbook(snapshot, { policy }), policy.name);
    }), { numRuns: 150, seed: 11 });
    for (const [k, n] of Object.entries(seen)) expect(n, k).toBeGreaterThan(0);
  });
});

// The pane's sample data is the engine's output on a committed sample workbook, with real rule ids.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkWorkbook } from '../../src/engine';
import { RULES } from '../../src/engine/rules';
import { SAMPLE_REPORT, SAMPLE_SNAPSHOT } from '../../src/taskpane/harness-data';
import { readXlsx } from '../../src/xlsx/read';

describe('harness data', () => {
  it('is the snapshot of samples/changsha-2024.xlsx', async () => {
    const r = await readXlsx(readFileSync(join(__dirname, '..', '..', 'samples', 'changsha-2024.xlsx')), '2024年绩效自评.xlsx');
    expect(r.ok).toBe(true);
    if (r.ok) expect(JSON.parse(JSON.stringify(r.snapshot))).toEqual(JSON.parse(JSON.stringify(SAMPLE_SNAPSHOT)));
  });

  it('is the engine report of that snapshot, with rule ids and message ids that exist', () => {
    expect(SAMPLE_REPORT).toEqual(checkWorkbook(SAMPLE_SNAPSHOT));
    for (const f of SAMPLE_REPORT.findings) {
      const rule = RULES.find((r) => r.meta.id === f.rule);
      expect(rule, f.rule).toBeDefined();
      expect(Object.hasOwn(rule!.meta.messages, f.messageId!)).toBe(true);
    }
    expect(SAMPLE_REPORT.findings.some((f) => f.rule === 'execution-score' && f.expected === '9.66' && f.found === '9.68')).toBe(true);
  });
});

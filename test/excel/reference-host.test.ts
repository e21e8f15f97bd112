// The add-in on the reference workbooks, through the real gateway over the fake Excel host: it finds
// exactly what the CLI finds, marks exactly those cells, and clearing leaves every cell as it was —
// including the user's own fills and conditional formats. Sync counts do not depend on the sheet count.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkWorkbook } from '../../src/engine';
import { createOfficeGateway } from '../../src/excel/office-gateway';
import { createFakeExcel, HostWorkbook } from '../../src/host/fake-excel';
import { readXlsx } from '../../src/xlsx/read';

const root = new URL('../../', import.meta.url).pathname;
const FILES = ['zhuzhou-2024.xlsx', 'changsha-2024.xlsx', 'projects-2020.xlsx', 'multi-forms.xlsx'];

function cliFindings(file: string): string[] {
  let out = '';
  try {
    out = execFileSync('node', ['bin/selfeval.js', 'check', '--json', file], { cwd: root, encoding: 'utf8', env: { ...process.env, SELFEVAL_FROM_SOURCE: '1' } });
  } catch (e) {
    out = (e as { stdout: string }).stdout; // exit 1 = error findings, still one JSON document
  }
  const doc = JSON.parse(out) as { files: { findings: { rule: string; sheet: string; cell: string }[] }[] };
  return doc.files[0]!.findings.map((f) => `${f.rule}|${f.sheet}|${f.cell}`).sort();
}

async function hostFor(file: string) {
  const r = await readXlsx(new Uint8Array(readFileSync(`${root}${file}`)), file);
  if (!r.ok) throw new Error(r.message);
  const wb = HostWorkbook.fromSnapshotLike({
    sheets: r.snapshot.sheets.map((s) => ({
      name: s.name,
      values: s.values.map((row) => row.map((v) => (v === null ? '' : v))),
      formulas: s.formulas,
      numberFormats: s.numberFormats,
      merges: s.merges,
    })),
  });
  // A user's own fill and conditional format that must survive check + clear.
  const first = wb.sheets[0]!;
  wb.setCell(first.name, 'A1', { fill: '#FFFF00' });
  wb.addConditionalFormat(first.name, { type: 'custom', range: 'A1:B2', formula: '=A1>0', fill: '#00FF00' });
  return wb;
}

describe.each(FILES)('%s in the fake Excel host', (name) => {
  const file = `test/fixtures/xlsx/${name}`;

  it('finds what the CLI finds, marks exactly those cells, and clears back to the original', async () => {
    const wb = await hostFor(file);
    const host = createFakeExcel(wb);
    const gateway = createOfficeGateway(host.api);
    const before = JSON.stringify(wb.cellsState());

    const syncs0 = host.syncCount;
    const snapshot = await gateway.readSnapshot();
    expect(host.syncCount - syncs0).toBeLessThanOrEqual(3);
    const report = checkWorkbook(snapshot);
    expect(report.findings.map((f) => `${f.rule}|${f.sheet}|${f.cell}`).sort()).toEqual(cliFindings(file));

    await gateway.applyMarks(report.findings);
    const state = wb.cellsState();
    const marked = new Set<string>();
    for (const s of state.sheets) {
      for (const cf of s.conditionalFormats) if (cf.formula?.includes('selfeval')) marked.add(`${s.name}|${cf.range}`);
    }
    const expected = new Set(report.findings.map((f) => `${f.sheet}|${f.cell}`));
    expect([...marked].sort()).toEqual([...expected].sort());

    // Re-checking replaces marks rather than adding more.
    await gateway.applyMarks(report.findings);
    const again = wb.cellsState().sheets.flatMap((s) => s.conditionalFormats.filter((cf) => cf.formula?.includes('selfeval')));
    expect(again.length).toBe(expected.size);

    await gateway.clearMarks();
    expect(JSON.stringify(wb.cellsState())).toBe(before);
  });
});

describe('sync counts', () => {
  it('reading 1 sheet and 100 sheets takes the same number of syncs', async () => {
    const counts: number[] = [];
    for (const n of [1, 100]) {
      const wb = HostWorkbook.fromSnapshotLike({ sheets: Array.from({ length: n }, (_, i) => ({ name: `S${i}`, values: [['一级指标', '二级指标'], [1, 2]] })) });
      const host = createFakeExcel(wb);
      const gateway = createOfficeGateway(host.api);
      const s0 = host.syncCount;
      const snap = await gateway.readSnapshot();
      expect(snap.sheets.length).toBe(n);
      counts.push(host.syncCount - s0);
    }
    expect(counts[0]).toBe(counts[1]);
    expect(counts[0]).toBeLessThanOrEqual(3);
  });
});

// The XML-level meaning-preserving variants of issue 12 (on top of the snapshot-level ones in
// layouts-properties.test.ts): every fixture written as other writers store it — namespace-prefixed SpreadsheetML,
// cells and rows without the optional r attribute, strings inline instead of shared — reads to the same findings
// at the same cells, the same forms and the same totals.
import { readFileSync, readdirSync } from 'node:fs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { checkWorkbook, type Report } from '../../src/engine';
import { readXlsx } from '../../src/xlsx/read';
import { asOtherWriter } from '../support/other-writers';

const dir = new URL('../fixtures/xlsx/', import.meta.url);
const NAMES = readdirSync(dir).filter((n) => n.endsWith('.xlsx') && !['corrupt.xlsx', 'empty.xlsx'].includes(n)).sort();

/** Shared strings written inline in each cell (t="inlineStr"), as some exporters do. */
function inlineStrings(bytes: Uint8Array): Uint8Array {
  const files = unzipSync(bytes);
  const sst = files['xl/sharedStrings.xml'];
  if (!sst) return bytes;
  const items = [...strFromU8(sst).matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => m[1]!);
  const out: Record<string, Uint8Array> = {};
  for (const [name, data] of Object.entries(files)) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(name)) {
      out[name] = data;
      continue;
    }
    const xml = strFromU8(data).replace(/<c\b([^>]*?)\st="s"([^>]*)><v>(\d+)<\/v><\/c>/g, (_m, a: string, b: string, idx: string) =>
      `<c${a} t="inlineStr"${b}><is>${items[Number(idx)] ?? ''}</is></c>`);
    out[name] = strToU8(xml);
  }
  return zipSync(out);
}

function summary(r: Report) {
  return {
    findings: r.findings.map((f) => `${f.rule}|${f.severity}|${f.sheet}!${f.cell}|${f.expected ?? ''}|${f.found ?? ''}`).sort(),
    forms: r.forms.map((f) => JSON.stringify([f.kind, f.sheet, f.range, f.framework ?? null, f.total ?? null, f.execution ?? null, f.blocks ?? null,
      f.indicators?.map((i) => [i.weight, i.declaredScore, i.recomputedScore]) ?? null, f.basic ?? null])).sort(),
  };
}

async function check(bytes: Uint8Array, name: string) {
  const r = await readXlsx(bytes, name);
  if (!r.ok) throw new Error(`${name}: ${r.message}`);
  return summary(checkWorkbook(r.snapshot));
}

const WRITERS: [string, (b: Uint8Array) => Uint8Array][] = [
  ['prefixed XML', (b) => asOtherWriter(b, { prefix: true, dropR: false })],
  ['cells without r', (b) => asOtherWriter(b, { prefix: false, dropR: true })],
  ['inline strings', inlineStrings],
  ['all three', (b) => asOtherWriter(inlineStrings(b), { prefix: true, dropR: true })],
];

describe('other writers’ XML for every fixture', () => {
  it.each(NAMES)('%s', async (name) => {
    const bytes = new Uint8Array(readFileSync(new URL(name, dir)));
    const base = await check(bytes, name);
    for (const [what, write] of WRITERS) {
      const variant = write(bytes);
      expect(variant.length, what).toBeGreaterThan(0);
      expect(await check(variant, name), `${name}: ${what}`).toEqual(base);
    }
  });

  it('the inline-string rewrite really removes shared-string cells', () => {
    const bytes = new Uint8Array(readFileSync(new URL('changsha-2024.xlsx', dir)));
    const sheet = Object.entries(unzipSync(inlineStrings(bytes))).find(([n]) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))![1];
    const xml = strFromU8(sheet);
    expect(xml).toContain('t="inlineStr"');
    expect(xml).not.toMatch(/t="s"/);
  });
});

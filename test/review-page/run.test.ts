// The 审核台's pieces that run without a browser: fflate as the fast reader's inflate (same snapshot as
// Node's zlib, a lying entry stopped at its declared size) and which picked files are submissions.
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/engine';
import { checkOne } from '../../src/review';
import { nodeInflateRaw } from '../../src/cli/inflate';
import { fflateInflateRaw } from '../../src/review-page/inflate';
import { LEGACY_REFUSAL, selectFiles, type PickedFile } from '../../src/review-page/run';
import { FIXTURES } from '../e2e/support';

describe('fflateInflateRaw', () => {
  it('inflates exactly, and refuses (null) data that holds more than the cap', () => {
    const data = new TextEncoder().encode('<row r="1"><c r="A1"><v>1</v></c></row>'.repeat(500));
    const body = new Uint8Array(deflateRawSync(data));
    expect(fflateInflateRaw(body, data.length)).toEqual(data);
    expect(fflateInflateRaw(body, data.length - 1)).toBeNull();
    expect(fflateInflateRaw(body, 10)).toBeNull();
  });

  it('gives checkOne the same outcome as Node zlib on every fixture workbook', async () => {
    const names = readdirSync(FIXTURES).filter((n) => /\.xlsx$/.test(n));
    expect(names.length).toBeGreaterThan(8);
    for (const name of names) {
      const input = () => ({ path: name, name, bytes: new Uint8Array(readFileSync(path.join(FIXTURES, name))) });
      const viaFflate = await checkOne(input(), { policy: DEFAULT_POLICY, inflateRaw: fflateInflateRaw });
      const viaZlib = await checkOne(input(), { policy: DEFAULT_POLICY, inflateRaw: nodeInflateRaw });
      expect(viaFflate, name).toEqual(viaZlib);
    }
  });
});

describe('selectFiles', () => {
  const f = (p: string): PickedFile => ({ path: p, name: p.replace(/^.*\//, ''), size: 0, read: async () => new ArrayBuffer(0) });
  it('keeps workbooks, legacy files and reports in natural order; drops lock files, resource forks and others', () => {
    const picked = selectFiles(['d/单位10.xlsx', 'd/单位2.xlsx', 'd/~$单位2.xlsx', 'd/._单位3.xlsx', 'd/说明.txt', 'd/旧.xls', 'd/wps.et', 'd/报告.docx', 'd/单位2.xlsx'].map(f));
    const paths = picked.map((p) => p.path);
    expect([...paths].sort()).toEqual(['d/wps.et', 'd/单位10.xlsx', 'd/单位2.xlsx', 'd/报告.docx', 'd/旧.xls']);
    // Natural order, as the CLI lists a folder: 单位2 before 单位10.
    expect(paths.indexOf('d/单位2.xlsx')).toBeLessThan(paths.indexOf('d/单位10.xlsx'));
  });
  it('says how to convert a legacy file', () => {
    expect(LEGACY_REFUSAL).toMatch(/另存为.*\.xlsx/);
  });
});

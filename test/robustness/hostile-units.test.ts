// Issue 15 / issue 12 pattern 4, piece by piece: the preview's loading path on cases 1 and 3, other
// writers' SpreadsheetML in both readers and the preview, the terminal guard, reading only regular
// files within the byte limit, the grid's merged areas in linear time, the add-in's used-area limit.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Grid } from '../../src/engine/grid';
import { MAX_SHEET_AREA, usedAreaProblem } from '../../src/engine/limits';
import { bandsRefusal, snapshotSlots, usedAreaRefusal } from '../../src/excel/read-plan';
import { createOfficeGateway } from '../../src/excel/office-gateway';
import { HostWorkbook, createFakeExcel } from '../../src/host/fake-excel';
import { readInputFile, expandInputs } from '../../src/cli/files';
import { forTerminal, guardTerminal, jsonSafe, safeIo, safeText } from '../../src/cli/terminal';
import { COLOR } from '../../src/cli/color';
import { loadWorkbook } from '../../src/preview/load';
import { readWithExceljs, readXlsx } from '../../src/xlsx/read';
import { nodeInflateRaw } from '../../src/cli/inflate';
import { asOtherWriter } from '../support/other-writers';
import { makeTempDir } from '../xlsx/helpers';
import * as C from './hostile-cases';

const ROOT = path.resolve(__dirname, '../..');

describe('the preview loading path on issue 15 cases 1 and 3', () => {
  it.each([
    ['XFD on 20,000 rows', () => C.xfdOnEveryRow(20_000), /工作表“明细”的内容分布过广/],
    ['row 1,048,576 on 60 sheets', () => C.lastRowOnEverySheet(60), /工作表“表\d+”.*超出读取上限/],
    ['row 9,999,999', () => C.rowPastLimit(), /超出 Excel 的范围/],
    ['20,000 merges and an ISO date', () => C.mergesWithIsoDate(20_000), /工作表“合并”有超过 5,000 个合并单元格区域/],
    ['100,000 merges', () => C.manyMerges(100_000), /工作表“合并”有超过 5,000 个合并单元格区域/],
    ['one merge over the whole sheet', () => C.wholeSheetMerge(), /工作表“整表合并”的合并单元格共覆盖约 .* 万个单元格/],
  ])('%s: one Chinese line naming the sheet, in bounded time and memory', async (_label, build, reason) => {
    const bytes = build();
    const before = process.memoryUsage().rss;
    const t0 = performance.now();
    const r = await loadWorkbook(bytes, 'x.xlsx');
    const ms = performance.now() - t0;
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toMatch(reason);
    expect(r.message).not.toContain('\n');
    expect(ms).toBeLessThan(5_000);
    expect((process.memoryUsage().rss - before) / 1024 / 1024).toBeLessThan(300);
  });

  it.each([
    ['2,000 merges and an ISO date', () => C.mergesWithIsoDate(2_000)],
    ['3,000 merges', () => C.manyMerges(3_000)],
  ])('%s: loaded (the merges the preview can draw) in bounded time', async (_label, build) => {
    const t0 = performance.now();
    const r = await loadWorkbook(build(), 'x.xlsx');
    expect(r.ok).toBe(true);
    expect(performance.now() - t0).toBeLessThan(20_000);
    if (r.ok) expect(r.workbook.sheets[0]!.merges.length).toBeGreaterThanOrEqual(2_000);
  });
});

describe('other writers: prefixed SpreadsheetML, rows and cells without r (issue 12 pattern 4)', () => {
  const dirs = ['test/fixtures/xlsx', 'samples'];
  const files = dirs.flatMap((d) => readdirSync(path.join(ROOT, d)).filter((n) => n.endsWith('.xlsx')).map((n) => path.join(ROOT, d, n)));

  it('every bundled workbook reads the same through the direct reader, the exceljs path and the preview', async () => {
    let compared = 0;
    for (const file of files) {
      const original = new Uint8Array(readFileSync(file));
      const base = await readXlsx(original, 'x.xlsx', { inflateRaw: nodeInflateRaw });
      if (!base.ok) continue;
      for (const opts of [{ prefix: true }, { dropR: true }, { prefix: true, dropR: true }]) {
        const other = asOtherWriter(original, opts);
        const label = `${path.basename(file)} ${JSON.stringify(opts)}`;
        const direct = await readXlsx(other, 'x.xlsx', { inflateRaw: nodeInflateRaw });
        expect(direct.ok, label).toBe(true);
        if (direct.ok) expect(direct.snapshot.sheets, label).toEqual(base.snapshot.sheets);
        const viaExceljs = await readWithExceljs(other, 'x.xlsx');
        expect(viaExceljs.ok, label).toBe(true);
        if (viaExceljs.ok) expect(viaExceljs.snapshot.sheets, label).toEqual(base.snapshot.sheets);
        const preview = await loadWorkbook(other, 'x.xlsx');
        expect(preview.ok, label).toBe(true);
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(30);
  }, 120_000);

  it('a sheet whose part is missing: named, the others read; all missing: refused naming them', async () => {
    const body = C.snapshotBody({ values: [['项目', 1]] });
    const one = await readXlsx(C.rawBook([{ name: '甲', body }, { name: '乙', body: null }]), 'x.xlsx', { inflateRaw: nodeInflateRaw });
    expect(one.ok).toBe(true);
    if (one.ok) {
      expect(one.snapshot.sheets.map((s) => s.name)).toEqual(['甲']);
      expect(one.problems).toEqual([{ sheet: '乙', message: expect.stringMatching(/^工作表“乙”的内容在文件中缺失（压缩包里没有 xl\/worksheets\/sheet2\.xml）/) }]);
    }
    const none = await readXlsx(C.rawBook([{ name: '甲', body: null }, { name: '乙', body: null }]), 'x.xlsx', { inflateRaw: nodeInflateRaw });
    expect(none).toMatchObject({ ok: false, code: 'corrupt', message: expect.stringMatching(/所有工作表的内容都缺失（“甲”、“乙”）/) });
  });
});

describe('terminal output', () => {
  it('workbook text: controls become visible placeholders, line breaks and tabs a space', () => {
    expect(safeText('a\u001b[2Kb\rc\nd\te\u0007\u009b\u007f')).toBe('a␛[2Kb c d e␇⟨U+009B⟩␡');
    expect(forTerminal({ a: ['x\u001b'], b: { c: '\u0085' }, n: 1 })).toEqual({ a: ['x␛'], b: { c: '⟨U+0085⟩' }, n: 1 });
  });
  it('the writer lets through only the CLI colours (on a terminal) and its progress line clear', () => {
    const red = COLOR.red('错误');
    expect(guardTerminal(`${red}\n`, true, false)).toBe(`${red}\n`);
    expect(guardTerminal(`${red}\n`, false, false)).toBe('␛[31m错误␛[0m\n');
    expect(guardTerminal('\u001b[8m隐藏\u001b]52;c;eA==\u0007', true, true)).toBe('␛[8m隐藏␛]52;c;eA==␇');
    expect(guardTerminal('\r\u001b[K正在检查', false, true)).toBe('\r\u001b[K正在检查');
    expect(guardTerminal('\r\u001b[K正在检查', false, false)).toBe('␍␛[K正在检查');
    const out: string[] = [];
    const io = safeIo({ stdout: (t) => out.push(t), stderr: (t) => out.push(t), stdoutIsTTY: false, stderrIsTTY: false, env: {}, cwd: '/' });
    io.stdout('无问题\u001b[1A\u001b[2K');
    expect(out).toEqual(['无问题␛[1A␛[2K']);
  });
  it('JSON escapes DEL and C1 too, and stays the same document', () => {
    const json = JSON.stringify({ s: 'a\u009bb\u007f\u001b' });
    expect(jsonSafe(json)).toBe('{"s":"a\\u009bb\\u007f\\u001b"}');
    expect(JSON.parse(jsonSafe(json))).toEqual(JSON.parse(json));
  });
});

describe('reading files', () => {
  const tmp = makeTempDir('selfeval-files-');
  afterAll(() => tmp.cleanup());
  const p = (n: string) => path.join(tmp.dir, n);

  it('refuses FIFOs, devices and links to them without reading; follows links to regular files', async () => {
    execFileSync('mkfifo', [p('pipe.xlsx')]);
    symlinkSync('/dev/zero', p('zero.xlsx'));
    writeFileSync(p('real.xlsx'), 'PK');
    symlinkSync(p('real.xlsx'), p('link.xlsx'));
    const t0 = performance.now();
    expect(await readInputFile(p('pipe.xlsx'))).toMatchObject({ ok: false, code: 'not-file', message: expect.stringContaining('命名管道（FIFO）') });
    expect(await readInputFile(p('zero.xlsx'))).toMatchObject({ ok: false, code: 'not-file', message: expect.stringContaining('设备文件') });
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(await readInputFile(p('link.xlsx'))).toMatchObject({ ok: true });
    const inputs = await expandInputs([tmp.dir], '/');
    expect(inputs.map((i) => [path.basename(i.file), 'error' in i ? i.error : 'ok'])).toEqual([
      ['link.xlsx', 'ok'],
      ['pipe.xlsx', 'not-file'],
      ['real.xlsx', 'ok'],
      ['zero.xlsx', 'not-file'],
    ]);
  });

  it('the size limit holds on the bytes actually read (a file that reports 0 bytes)', async () => {
    // /proc files report size 0 but have content.
    const r = await readInputFile('/proc/self/status', 64);
    expect(r).toMatchObject({ ok: false, code: 'too-big', message: expect.stringMatching(/以上，超过 200 MB 的上限/) });
    writeFileSync(p('small.xlsx'), Buffer.alloc(100, 1));
    expect(await readInputFile(p('small.xlsx'), 64)).toMatchObject({ ok: false, code: 'too-big' });
    expect(await readInputFile(p('small.xlsx'), 100)).toMatchObject({ ok: true });
  });
});

describe('the grid on many and huge merged areas', () => {
  it('100,000 merges, one over the whole sheet, overlapping ones: built in linear time, lookups right', () => {
    const values: (string | number)[][] = Array.from({ length: 200_001 }, (_, r) => (r % 1000 === 0 ? ['x', 1] : []));
    const merges = Array.from({ length: 100_000 }, (_, i) => ({ top: 2 * i + 1, left: 0, bottom: 2 * i + 1, right: 1 }));
    const t0 = performance.now();
    const g = new Grid({ name: 's', values, merges });
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(g.anchor(3, 1)).toEqual({ row: 3, col: 0 });
    expect(g.anchor(4, 1)).toEqual({ row: 4, col: 1 });

    const wide = Array.from({ length: 300_000 }, (_, r) => (r === 299_999 ? Array(20).fill(1) : r === 0 ? ['标题'] : []));
    const t1 = performance.now();
    const whole = new Grid({ name: 'w', values: wide, merges: [{ top: 0, left: 0, bottom: 1_048_575, right: 16_383 }, { top: 5, left: 2, bottom: 7, right: 3 }] });
    expect(performance.now() - t1).toBeLessThan(1_000);
    expect(whole.value(299_999, 19)).toBe('标题');
    expect(whole.anchor(6, 3)).toEqual({ row: 5, col: 2 });

    // Overlapping hostile areas stop being indexed past a fixed amount of work.
    const many = Array.from({ length: 50_000 }, () => ({ top: 0, left: 0, bottom: 1_999, right: 999 }));
    const t2 = performance.now();
    new Grid({ name: 'o', values: Array.from({ length: 2_000 }, () => Array(1_000).fill(1)), merges: many });
    expect(performance.now() - t2).toBeLessThan(2_000);
  });
});

describe("the add-in's read plan", () => {
  it('refuses a used area past the limit before loading it, naming the sheet', () => {
    expect(usedAreaProblem('表1', 1000, 20)).toBeNull();
    expect(usedAreaProblem('表1', 20_000, 16_384)).toMatch(/^工作表“表1”的已用区域过大（20,000 行 × 16,384 列/);
    expect(usedAreaProblem('表1', Math.ceil(MAX_SHEET_AREA / 2), 3)).not.toBeNull();
    expect(usedAreaRefusal('明细', { rows: 1_048_576, cols: 16_384 })).toMatch(/工作表“明细”的已用区域过大/);
    expect(usedAreaRefusal('明细', { rows: 40, cols: 9 })).toBeNull();
  });
  it('sparse used parts: refused by what the assembled snapshot would allocate, not by the cells they hold', () => {
    // A form (A1:I40) and one value in XFD on each of 20,000 rows, read as two parts.
    const form = { top: 0, left: 0, rows: 40, cols: 9 };
    const far = { top: 0, left: 16_383, rows: 20_000, cols: 1 };
    expect(snapshotSlots([form])).toBe(40 * 9 + 40);
    expect(snapshotSlots([form, { top: 100, left: 2, rows: 10, cols: 3 }])).toBe(40 * 9 + 10 * 5 + 110);
    expect(bandsRefusal('明细', [form])).toBeNull();
    expect(bandsRefusal('明细', [form, far])).toMatch(/^工作表“明细”的内容分布过广（用到第 20,000 行、第 XFD 列/);
    // One stray value at the last row: a million short rows, still within the limit.
    expect(bandsRefusal('明细', [form, { top: 1_048_575, left: 0, rows: 1, cols: 1 }])).toBeNull();
  });
  it('the add-in refuses case 1 (a value in XFD on 20,000 rows) by name instead of assembling 327 million cells', async () => {
    const wb = new HostWorkbook();
    const s = wb.addSheet('明细');
    for (let r = 0; r < 20_000; r++) s.cells.set(r * 16_384 + 16_383, { value: 1 });
    const host = createFakeExcel(wb);
    const before = process.memoryUsage().rss;
    await expect(createOfficeGateway(host.api).readSnapshot()).rejects.toMatchObject({ code: 'api', message: expect.stringMatching(/工作表“明细”的内容分布过广/) });
    expect((process.memoryUsage().rss - before) / 1024 / 1024).toBeLessThan(300);
  });
});

// readXlsx in-process on the inputs the zip layer (src/xlsx/zip.ts) exists for: XML parts in GBK or
// UTF-16, an archive with data in front of it, and an entry that inflates past its declared size.
import { describe, expect, it } from 'vitest';
import { readXlsx } from '../../src/xlsx/read';
import { readZipDirectory } from '../../src/xlsx/sniff';
import { entryBody, nonUtf8Encoding } from '../../src/xlsx/zip';
import { inflateRawSync } from 'node:zlib';
import { GBK_SHEET_NAME, buildLyingBomb, encodeGbk, reencodedWorkbook, wrongScoreSheet } from './hostile-files';
import { checkWorkbook } from '../../src/engine';
import { snapshotToXlsx } from '../support/write-xlsx';

const ascii = (s: string) => new TextEncoder().encode(s);

describe('nonUtf8Encoding', () => {
  it.each([
    ['<?xml version="1.0" encoding="GBK"?><a/>', 'gbk'],
    ["<?xml version='1.0' encoding='gb2312' standalone='yes'?><a/>", 'gb2312'],
    ['\uFEFF<?xml version="1.0" encoding="Big5"?><a/>', 'big5'],
    ['<?xml version="1.0" encoding="UTF-8"?><a/>', null],
    ['<?xml version="1.0" encoding="utf8"?><a/>', null],
    ['<?xml version="1.0"?><a/>', null],
    ['<a encoding="GBK"/>', null],
  ])('%s → %s', (xml, label) => {
    expect(nonUtf8Encoding(ascii(xml))).toBe(label);
  });

  it('recognises UTF-16 with and without a byte order mark', () => {
    const le = new Uint8Array(Buffer.from('<?xml version="1.0"?><a/>', 'utf16le'));
    expect(nonUtf8Encoding(le)).toBe('utf-16le');
    expect(nonUtf8Encoding(Uint8Array.from([0xff, 0xfe, ...le]))).toBe('utf-16le');
    const be = Uint8Array.from(le, (_, i) => le[i ^ 1]!);
    expect(nonUtf8Encoding(be)).toBe('utf-16be');
  });
});

describe('readXlsx on re-encoded workbooks', () => {
  it('the GBK encoder used by these tests agrees with the platform decoder', () => {
    expect([...encodeGbk('项目自评表')]).toEqual([...GBK_SHEET_NAME]);
    expect(new TextDecoder('gbk').decode(encodeGbk('年度资金总额≥95%（万元）'))).toBe('年度资金总额≥95%（万元）');
  });

  it.each(['gbk', 'utf-16le'] as const)('%s: names and text read as written, the wrong score found', async (encoding) => {
    const bytes = await reencodedWorkbook([wrongScoreSheet('项目自评表'), wrongScoreSheet('第二张')], encoding);
    const r = await readXlsx(bytes, `${encoding}.xlsx`);
    if (!r.ok) throw new Error(r.message);
    expect(r.snapshot.sheets.map((s) => s.name)).toEqual(['项目自评表', '第二张']);
    expect(r.snapshot.sheets[0]!.values[0]![0]).toBe('2024年度项目支出绩效自评表');
    expect(JSON.stringify(r.snapshot)).not.toContain('\uFFFD');
    const report = checkWorkbook(r.snapshot);
    expect(report.findings.filter((f) => f.cell === 'H5').map((f) => f.sheet)).toEqual(['项目自评表', '第二张']);
  });

  it('finds entry data when the archive has data in front of it (self-extractor style)', async () => {
    const bytes = await reencodedWorkbook([wrongScoreSheet('项目自评表')], 'gbk');
    const prefixed = new Uint8Array(Buffer.concat([Buffer.alloc(1000, 0x4d), bytes]));
    const plain = readZipDirectory(new Uint8Array(bytes))!;
    const shifted = readZipDirectory(prefixed)!;
    expect(shifted.map((e) => e.localOffset)).toEqual(plain.map((e) => e.localOffset + 1000));
    const wb = shifted.find((e) => e.name === 'xl/workbook.xml')!;
    const body = Buffer.from(entryBody(prefixed, wb)!);
    expect(new TextDecoder('gbk').decode(inflateRawSync(body))).toContain('name="项目自评表"');
  });

  it('a genuine U+FFFD in a UTF-8 workbook is kept as it is', async () => {
    const bytes = await snapshotToXlsx([{ name: '表\uFFFD', values: [['替换字符\uFFFD照原样']] }]);
    const r = await readXlsx(bytes);
    expect(r.ok && r.snapshot.sheets[0]!.name).toBe('表\uFFFD');
    expect(r.ok && r.snapshot.sheets[0]!.values[0]![0]).toBe('替换字符\uFFFD照原样');
  });
});

describe('an entry that inflates past its declared size', () => {
  it('is refused without inflating it whole: quick, and the heap barely grows', async () => {
    const bomb = buildLyingBomb(1500);
    const heap0 = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const t0 = performance.now();
    const r = await readXlsx(bomb, 'bomb.xlsx');
    const ms = performance.now() - t0;
    const grown = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers - heap0;
    expect(r).toMatchObject({ ok: false, code: 'too-large' });
    expect(r.ok ? '' : r.message).toBe('文件中的 xl/worksheets/sheet1.xml 实际解压后远大于文件声明的大小，可能是恶意构造的压缩文件，已拒绝读取');
    expect(ms).toBeLessThan(10_000);
    expect(grown).toBeLessThan(200 * 1024 * 1024);
  });
});

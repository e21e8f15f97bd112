import { describe, expect, it } from 'vitest';
import { readCentralDirectory, sniff } from '../../src/xlsx/sniff';
import { makeCfb, makeZip } from './helpers';

describe('readCentralDirectory', () => {
  it('lists entries with their declared sizes', () => {
    const zip = makeZip([
      { name: 'xl/workbook.xml', data: '<workbook/>' },
      { name: 'xl/worksheets/sheet1.xml', data: 'abc', declaredUncompressed: 123456, declaredCompressed: 3 },
    ]);
    expect(readCentralDirectory(zip)).toEqual([
      { name: 'xl/workbook.xml', compressedSize: 11, uncompressedSize: 11 },
      { name: 'xl/worksheets/sheet1.xml', compressedSize: 3, uncompressedSize: 123456 },
    ]);
  });

  it('reads ZIP64 sizes from the extra field', () => {
    const zip = makeZip([{ name: 'big.xml', data: 'x', zip64: true, declaredUncompressed: 5 * 2 ** 32, declaredCompressed: 7 }]);
    expect(readCentralDirectory(zip)).toEqual([{ name: 'big.xml', compressedSize: 7, uncompressedSize: 5 * 2 ** 32 }]);
  });

  it('tolerates bytes prepended to the archive', () => {
    const zip = makeZip([{ name: 'xl/workbook.xml', data: '<workbook/>' }]);
    const shifted = new Uint8Array(zip.length + 100);
    shifted.set(zip, 100);
    expect(readCentralDirectory(shifted)?.map((e) => e.name)).toEqual(['xl/workbook.xml']);
  });

  it('returns null for a truncated archive', () => {
    const zip = makeZip([{ name: 'xl/workbook.xml', data: '<workbook/>'.repeat(50) }]);
    expect(readCentralDirectory(zip.slice(0, zip.length - 30))).toBeNull();
    expect(readCentralDirectory(zip.slice(0, 10))).toBeNull();
  });
});

describe('sniff', () => {
  it('classifies containers by signature', () => {
    expect(sniff(makeCfb(['Workbook']))).toMatchObject({ ok: false, code: 'legacy-xls' });
    expect(sniff(makeCfb(['EncryptionInfo', 'EncryptedPackage']))).toMatchObject({ ok: false, code: 'encrypted' });
    expect(sniff(makeCfb(['WordDocument']))).toMatchObject({ ok: false, code: 'corrupt' });
    expect(sniff(new TextEncoder().encode('<?xml version="1.0"?><Workbook/>'))).toMatchObject({ ok: false, code: 'corrupt' });
    expect(sniff(makeZip([{ name: 'xl/workbook.xml', data: '<workbook/>' }]))).toMatchObject({ ok: true });
  });

  it('allows a big entry with an ordinary compression ratio', () => {
    const zip = makeZip([
      { name: 'xl/workbook.xml', data: '<workbook/>' },
      { name: 'xl/worksheets/sheet1.xml', data: 'x', declaredUncompressed: 100 * 1024 * 1024, declaredCompressed: 5 * 1024 * 1024 },
    ]);
    expect(sniff(zip).ok).toBe(true);
  });
});

// Builders for test inputs: small self-evaluation workbooks (exceljs), hand-made zips with chosen
// central-directory sizes, and CFB (OLE) containers like legacy .xls and password-protected .xlsx.
import ExcelJS from 'exceljs';
import { crc32 } from '../../src/xlsx/zip';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export function makeTempDir(prefix = 'selfeval-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function workbookBytes(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

export interface FormOptions {
  /** 执行率得分 as entered; the correct value for the budget below is 9.66. */
  executionScore?: number;
  /** 总分 as entered; the correct value is 99.66 (9.66 + 90). */
  total?: number;
  sheetName?: string;
  unit?: string;
}

/**
 * A small 部门整体支出绩效自评表 laid out like the seeds (长沙 2024): budget block, goals, an
 * indicator block whose 分值 add up to 90 (+10 for 执行率), total row and footer.
 * 执行率 = 2773.47 ÷ 2870.52 = 96.62%, so 执行率得分 = 9.66 and 总分 = 99.66.
 */
export function buildOverallForm(opts: FormOptions = {}): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(opts.sheetName ?? '整体支出自评表');
  const put = (addr: string, v: ExcelJS.CellValue, numFmt?: string) => {
    const c = ws.getCell(addr);
    c.value = v;
    if (numFmt) c.numFmt = numFmt;
  };
  put('A1', '2024年度部门整体支出绩效自评表');
  ws.mergeCells('A1:I1');
  put('A2', '预算部门名称');
  ws.mergeCells('A2:B2');
  put('C2', opts.unit ?? '长沙市现代教育技术中心');
  ws.mergeCells('C2:I2');
  ['年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'].forEach((h, i) => put(`${'CDEFGH'[i]}3`, h));
  put('A4', '年度预算申请（万元）');
  ws.mergeCells('A4:A7');
  put('B4', '年度资金总额');
  put('C4', 629.55, '0.00');
  put('D4', 2870.52, '0.00');
  put('E4', 2773.47, '0.00');
  put('F4', 10);
  put('G4', { formula: 'E4/D4', result: 0.966190794699218 }, '0.00%');
  put('H4', opts.executionScore ?? 9.66, '0.00');
  put('B5', '按支出性质分：');
  put('B6', '基本支出');
  put('E6', 642.37, '0.00');
  put('B7', '项目支出');
  put('E7', 2131.1, '0.00');
  put('A8', '年度总体目标');
  put('B8', '预期目标');
  put('C8', '提升教育信息化水平');
  ws.mergeCells('C8:E8');
  put('F8', '实际完成情况');
  put('G8', '教育信息化水平明显提升');
  ws.mergeCells('G8:I8');
  ['绩效指标', '一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施'].forEach(
    (h, i) => put(`${'ABCDEFGHI'[i]}9`, h),
  );
  const rows: [string, string, string, string, string, number, number][] = [
    ['产出指标（50分）', '数量指标', '组织市级教师培训', '≥5次', '5次', 25, 25],
    ['', '质量指标', '系统适配工作', '全面开展', '全面开展', 25, 25],
    ['效益指标（30分）', '社会效益指标', '帮扶学校', '达成', '达成', 30, 30],
    ['满意度指标（10分）', '服务对象满意度指标', '教师满意度', '≥90%', '95%', 10, 10],
  ];
  rows.forEach(([l1, l2, l3, target, actual, weight, score], i) => {
    const r = 10 + i;
    if (l1) put(`B${r}`, l1);
    put(`C${r}`, l2);
    put(`D${r}`, l3);
    put(`E${r}`, target);
    put(`F${r}`, actual);
    put(`G${r}`, weight);
    put(`H${r}`, score);
  });
  ws.mergeCells('B10:B11');
  ws.mergeCells('A9:A13');
  put('A14', '总分');
  ws.mergeCells('A14:F14');
  put('G14', 100);
  put('H14', opts.total ?? 99.66, '0.00');
  put('A16', '填表人：张三');
  put('D16', '填报日期：2025年1月10日');
  put('G16', '联系电话：0731-12345678');
  return wb;
}

/** A workbook with data that is not a self-evaluation form. */
export function buildPlainWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('会议记录');
  ws.getCell('A1').value = '会议日期';
  ws.getCell('B1').value = '参会人数';
  ws.getCell('A2').value = '三月';
  ws.getCell('B2').value = 12;
  return wb;
}

// ---------------------------------------------------------------------------------------------
// Zip

export interface ZipEntrySpec {
  name: string;
  data: string | Uint8Array;
  /** Sizes written into the central directory instead of the real ones (to fake a zip bomb). */
  declaredUncompressed?: number;
  declaredCompressed?: number;
  /** Write the sizes as ZIP64 extra fields. */
  zip64?: boolean;
}

/** A zip with stored (uncompressed) entries and optionally lying central-directory sizes. */
export function makeZip(entries: ZipEntrySpec[], prefix: Uint8Array = new Uint8Array(0)): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = prefix.length;
  for (const e of entries) {
    const data = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : Buffer.from(e.data);
    const name = Buffer.from(e.name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);

    const unc = e.declaredUncompressed ?? data.length;
    const comp = e.declaredCompressed ?? data.length;
    const extra = e.zip64 ? Buffer.alloc(20) : Buffer.alloc(0);
    if (e.zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(16, 2);
      extra.writeBigUInt64LE(BigInt(unc), 4);
      extra.writeBigUInt64LE(BigInt(comp), 12);
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(e.zip64 ? 0xffffffff : comp, 20);
    central.writeUInt32LE(e.zip64 ? 0xffffffff : unc, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name, extra);
    offset += local.length + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([Buffer.from(prefix), ...locals, cd, eocd]));
}

// ---------------------------------------------------------------------------------------------
// CFB (OLE compound file)

/** A minimal compound file whose directory holds the given stream names. */
export function makeCfb(streamNames: string[]): Uint8Array {
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x003e, 24); // minor version
  header.writeUInt16LE(0x0003, 26); // major version 3
  header.writeUInt16LE(0xfffe, 28); // byte order
  header.writeUInt16LE(9, 30); // 512-byte sectors
  header.writeUInt16LE(6, 32);
  header.writeUInt32LE(1, 44); // one FAT sector
  header.writeUInt32LE(1, 48); // directory starts at sector 1
  header.writeUInt32LE(4096, 56);
  header.writeUInt32LE(0xfffffffe, 60);
  header.writeUInt32LE(0xfffffffe, 68);
  header.fill(0xff, 76, 512);
  header.writeUInt32LE(0, 76); // FAT in sector 0
  const fat = Buffer.alloc(512, 0xff);
  fat.writeUInt32LE(0xfffffffd, 0);
  fat.writeUInt32LE(0xfffffffe, 4);
  const dir = Buffer.alloc(512);
  ['Root Entry', ...streamNames].slice(0, 4).forEach((name, i) => {
    const base = i * 128;
    const utf16 = Buffer.from(name, 'utf16le');
    utf16.copy(dir, base);
    dir.writeUInt16LE(utf16.length + 2, base + 64);
    dir.writeUInt8(i === 0 ? 5 : 2, base + 66);
  });
  return new Uint8Array(Buffer.concat([header, fat, dir]));
}

// 汇总表.xlsx: 汇总 (one row per form, errors first), 问题明细 (one row per finding), 检查说明 (policy,
// date, version, counts, every file that was skipped and why). exceljs; bytes out, no Node APIs.
import ExcelJS from 'exceljs';
import { KIND_LABEL, SEVERITY_LABEL, cellNumber, detailColumns, differs } from './present';
import type { ReviewFormRow, ReviewResult } from './types';

/** Text that a spreadsheet could take for a formula gets a leading apostrophe (shown, never evaluated). */
export function safeText(text: string | null | undefined): string {
  if (text == null) return '';
  // Control characters are not allowed in cell XML and would only garble the cell.
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
  return /^[=+\-@\t\r]/.test(clean) ? `'${clean}` : clean;
}

/** A text cell, or an empty cell (null) when there is nothing to show. */
function opt(text: string | null | undefined): string | null {
  return text == null || text === '' ? null : safeText(text);
}

/** Display width in column units: CJK and full-width characters take two. */
function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

/**
 * Row height for wrapped text. Excel grows rows on open but LibreOffice and print previews keep the
 * stored height, so the height is set from the longest wrapped cell (15 points a line).
 */
function fitHeight(row: ExcelJS.Row, ws: ExcelJS.Worksheet): void {
  let lines = 1;
  row.eachCell((cell, col) => {
    if (typeof cell.value !== 'string') return;
    const width = Math.max(4, (ws.getColumn(col).width ?? 10) - 1);
    const n = cell.value.split('\n').reduce((sum, part) => sum + Math.max(1, Math.ceil(textWidth(part) / width)), 0);
    lines = Math.max(lines, n);
  });
  if (lines > 1) row.height = Math.min(409, 15 * lines);
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const ERROR_FONT: Partial<ExcelJS.Font> = { color: { argb: 'FFC00000' }, bold: true };

function header(ws: ExcelJS.Worksheet, columns: { header: string; key: string; width: number; numFmt?: string }[]): void {
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width, ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}) }));
  const row = ws.getRow(1);
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.numFmt = '@';
  });
  ws.views = [{ state: 'frozen', ySplit: 1, xSplit: 0 }];
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
}

function previousText(row: ReviewFormRow): string {
  const p = row.previous;
  if (!p) return '';
  if (!p.formWasThere) return `上轮无此表；新发现 ${p.added}`;
  return `已整改 ${p.fixed}，仍存在 ${p.remaining}，新发现 ${p.added}`;
}

export async function buildSummaryXlsx(result: ReviewResult): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'selfeval';
  wb.created = new Date(`${result.meta.date}T00:00:00Z`);
  const round2 = Boolean(result.meta.previous);

  // Printed as reviewers print it: A4 landscape, all columns on one page width, header row on every page.
  const print: Partial<ExcelJS.PageSetup> = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' };
  const summary = wb.addWorksheet('汇总', { pageSetup: print });
  header(summary, [
    { header: '单位', key: 'unit', width: 26 },
    { header: '表格类型', key: 'kind', width: 22 },
    { header: '项目名称', key: 'project', width: 30 },
    { header: '文件', key: 'file', width: 28 },
    { header: '工作表', key: 'sheet', width: 16 },
    { header: '申报总分', key: 'td', width: 10, numFmt: '0.00' },
    { header: '复核总分', key: 'tr', width: 10, numFmt: '0.00' },
    { header: '申报等级', key: 'gd', width: 9 },
    { header: '复核等级', key: 'gr', width: 9 },
    { header: '错误', key: 'errors', width: 7, numFmt: '0' },
    { header: '警告', key: 'warnings', width: 7, numFmt: '0' },
    { header: '主要问题', key: 'main', width: 60 },
    ...(round2 ? [{ header: '上轮', key: 'prev', width: 30 }] : []),
  ]);
  for (const r of result.forms) {
    const row = summary.addRow({
      unit: safeText(r.unit),
      kind: KIND_LABEL[r.kind],
      project: opt(r.projectName),
      file: safeText(r.file),
      sheet: safeText(r.sheet),
      td: cellNumber(r.totalDeclared),
      tr: cellNumber(r.totalRecomputed),
      gd: opt(r.gradeDeclared),
      gr: opt(r.gradeRecomputed),
      errors: r.errors,
      warnings: r.warnings,
      main: opt(r.mainProblems.join('\n')),
      ...(round2 ? { prev: previousText(r) } : {}),
    });
    row.alignment = { vertical: 'top', wrapText: true };
    fitHeight(row, summary);
    if (r.errors > 0) row.getCell('errors').font = ERROR_FONT;
    if (differs(r.totalDeclared, r.totalRecomputed)) row.getCell('td').font = ERROR_FONT;
  }

  const detail = wb.addWorksheet('问题明细', { pageSetup: print });
  header(detail, [
    { header: '单位', key: 'unit', width: 26 },
    { header: '文件', key: 'file', width: 30 },
    { header: '工作表', key: 'sheet', width: 18 },
    { header: '单元格', key: 'cell', width: 8 },
    { header: '级别', key: 'sev', width: 7 },
    { header: '问题', key: 'msg', width: 80 },
    { header: '应为', key: 'exp', width: 12 },
    { header: '填报', key: 'found', width: 12 },
    ...(round2 ? [{ header: '上轮', key: 'round', width: 9 }] : []),
  ]);
  for (const f of result.findings) {
    const cols = detailColumns(f);
    const row = detail.addRow({
      unit: safeText(f.unit),
      file: safeText(f.file),
      sheet: safeText(f.sheet),
      cell: f.cell,
      sev: SEVERITY_LABEL[f.severity],
      msg: safeText(f.quote ? `${f.message}\n原文：“${f.quote}”` : f.message),
      // 应为/填报 stay text: they are the engine's display strings ("92.31%", "6.00–7.99"), not numbers to add up.
      exp: opt(cols.expected),
      found: opt(cols.found),
      ...(round2 ? { round: f.round === 'remaining' ? '仍存在' : '新发现' } : {}),
    });
    row.alignment = { vertical: 'top', wrapText: true };
    fitHeight(row, detail);
    for (const k of ['exp', 'found']) row.getCell(k).numFmt = '@';
    if (f.severity === 'error') row.getCell('sev').font = ERROR_FONT;
  }

  const notes = wb.addWorksheet('检查说明');
  notes.columns = [
    { key: 'a', width: 30 },
    { key: 'b', width: 90 },
  ];
  const c = result.counts;
  const lines: [string, string | number][] = [
    ['评分规则', safeText(result.meta.policyLabel ? `${result.meta.policyName}：${result.meta.policyLabel}` : result.meta.policyName)],
    ['审核日期', result.meta.date],
    ['程序版本', `selfeval ${result.meta.version}`],
    ['收到文件', c.files],
    ['已检查文件', c.checked],
    ['无法读取', c.unreadable],
    ['不是自评表', c.notSelfeval],
    ['重复文件', c.duplicates],
    ['单位数', c.units],
    ['表格数', c.forms],
    ['错误', c.errors],
    ['警告', c.warnings],
  ];
  if (result.meta.previous) lines.push(['上一轮审核', `${result.meta.previous.date}（与其比较：已整改 / 仍存在 / 新发现）`]);
  notes.addRow(['汇总表说明']).font = { bold: true, size: 13 };
  for (const [k, v] of lines) {
    const row = notes.addRow([k, v]);
    row.getCell(1).font = { bold: true };
    row.getCell(2).alignment = { horizontal: 'left' };
  }
  notes.addRow([]);
  const h = notes.addRow(['文件', '说明']);
  h.font = { bold: true };
  h.eachCell((cell) => (cell.fill = HEADER_FILL));
  if (result.notes.length === 0) notes.addRow(['（无）', '所有文件均已读取并检查']);
  const label: Record<string, string> = {
    unreadable: '无法读取',
    'not-selfeval': '不是自评表',
    duplicate: '重复文件',
    'same-unit': '同一单位多个文件',
    'unit-missing': '未读到单位名称',
    converted: '已转换格式',
    incomplete: '未能完整检查',
    'report-unpaired': '报告未核对',
    'no-report': '未收到自评报告',
  };
  for (const n of result.notes) {
    const row = notes.addRow([safeText(n.file), safeText(`【${label[n.kind] ?? n.kind}】${n.reason}`)]);
    row.alignment = { vertical: 'top', wrapText: true };
    fitHeight(row, notes);
  }

  const out = await wb.xlsx.writeBuffer();
  return out instanceof Uint8Array ? out : new Uint8Array(out as ArrayBuffer);
}

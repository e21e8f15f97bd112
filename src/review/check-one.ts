// One submitted file → FileOutcome. Pure and browser-safe: the CLI, a worker thread and the 审核台 page
// all call this. Never throws: a file that cannot be read becomes a refusal in plain Chinese.
import { checkWorkbook, type Report } from '../engine';
import { readReport } from '../docx';
import { readXlsx } from '../xlsx/read';
import type { CheckOptions, FileOutcome, ReviewInput } from './types';

/** FNV-1a, twice with different seeds (64 bits in all): enough to tell submitted files apart, no crypto API needed. */
export function digestBytes(bytes: Uint8Array): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < bytes.length; i++) {
    const x = bytes[i]!;
    a = Math.imul(a ^ x, 0x01000193);
    b = Math.imul(b ^ x, 0x01000193 + 2);
  }
  return `${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}-${bytes.length}`;
}

/** Unit names as people type them: stray spaces, full-width spaces, line breaks inside a merged cell. */
export function normalizeUnit(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const s = name.replace(/[\s\u3000]+/g, '').replace(/^(单位名称|预算单位|部门名称|填报单位)[:：]?/, '').trim();
  return s === '' ? undefined : s;
}

export function unitOf(report: Report): string | undefined {
  for (const f of report.forms) {
    const u = normalizeUnit(f.unit);
    if (u) return u;
  }
  return undefined;
}

export function yearOf(report: Report): number | undefined {
  for (const f of report.forms) if (typeof f.year === 'number' && f.year > 1990 && f.year < 2200) return f.year;
  return undefined;
}

const REPORT_DOC = /\.(docx?|wps)$/i;

export async function checkOne(input: ReviewInput, options: CheckOptions): Promise<FileOutcome> {
  const base = { path: input.path, name: input.name, digest: digestBytes(input.bytes), ...(input.convertedFrom ? { convertedFrom: input.convertedFrom } : {}) };
  if (REPORT_DOC.test(input.name)) {
    // A 自评报告: its stated figures are checked against the unit's workbooks when the review is assembled.
    try {
      const read = await readReport(input.bytes, input.name);
      if (!read.ok) return { ...base, status: 'unreadable', refusal: read.message };
      const unit = normalizeUnit(read.statement.unit);
      const year = read.statement.year;
      return { ...base, status: 'report', statement: read.statement, ...(unit ? { unit } : {}), ...(year ? { year } : {}) };
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      return { ...base, status: 'unreadable', refusal: `读取自评报告时发生内部错误（${detail.replace(/\s+/g, ' ')}），请把该文件和这条信息发给维护人员` };
    }
  }
  try {
    const read = await readXlsx(input.bytes, input.name, options.inflateRaw ? { inflateRaw: options.inflateRaw } : {});
    if (!read.ok) return { ...base, status: 'unreadable', refusal: read.message };
    const checked = checkWorkbook(read.snapshot, { policy: options.policy });
    // Sheets the reader could not read: the file is not fully checked, and the review says so.
    const report: Report = read.problems?.length
      ? { ...checked, internalProblems: [...(checked.internalProblems ?? []), ...read.problems.map((p) => ({ sheet: p.sheet, message: p.message }))] }
      : checked;
    const recognised = report.forms.length > 0 || report.findings.some((f) => f.severity === 'error');
    if (!recognised) {
      return {
        ...base,
        status: 'not-selfeval',
        refusal: '没有找到绩效自评表（基础数据表、部门整体支出或项目支出绩效自评表），不像是自评材料；请确认是否选错了文件',
      };
    }
    const unit = unitOf(report);
    const year = yearOf(report);
    return { ...base, status: 'checked', report, ...(unit ? { unit } : {}), ...(year ? { year } : {}) };
  } catch (err) {
    // Reader and engine promise never to throw; if one does, the other files are still reviewed.
    const detail = err instanceof Error ? err.message : String(err);
    return { ...base, status: 'unreadable', refusal: `检查时发生内部错误（${detail.replace(/\s+/g, ' ')}），请把该文件和这条信息发给维护人员` };
  }
}

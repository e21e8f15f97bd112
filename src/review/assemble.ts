// Outcomes of all submitted files → one review: units (each gets one letter), the 汇总 rows, the
// 问题明细 rows, and a note for every file that was skipped or merged. Pure; never throws on bad outcomes.
import type { Finding, FormReport, Report } from '../engine';
import { matchStatement, type Statement } from '../engine/report';
import { SEVERITY_RANK, formLabel, problemLines, short } from './present';
import type {
  FileOutcome,
  PreviousFinding,
  PreviousReview,
  ReviewFinding,
  ReviewFormRow,
  ReviewMeta,
  ReviewNote,
  ReviewResult,
  ReviewUnit,
} from './types';

const collator = new Intl.Collator('zh-CN', { numeric: true });
const MAIN_PROBLEMS = 3;

/** Identity of a form across rounds: its kind and, for a project form, the project (else its sheet). */
export function formIdentity(form: { kind: FormReport['kind'] | 'unrecognised' | 'report'; projectName?: string; sheet: string } | undefined): string {
  if (!form || form.kind === 'unrecognised') return 'workbook';
  if (form.kind === 'report') return `report:${(form.projectName ?? '').replace(/\s+/g, '')}`;
  if (form.kind === 'project') return `project:${(form.projectName ?? form.sheet).replace(/\s+/g, '')}`;
  return form.kind;
}

/** The round-to-round key of a finding: its form's identity + rule + sheet + cell (the engine's key). */
export function findingKey(form: FormReport | undefined, f: Finding): string {
  return `${formIdentity(form)}|${f.key || `${f.rule}|${f.sheet}|${f.cell}`}`;
}

/** "某单位2024年自评表.xlsx" → "某单位2024年自评表": the unit's stand-in when no form names it. */
export function unitFromFileName(name: string): string {
  const base = name.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '').trim();
  return base === '' ? name : base;
}

function formOfFinding(forms: FormReport[], f: Finding): number | undefined {
  if (f.form !== undefined && forms[f.form]) return f.form;
  // Findings outside any form count towards a form on the same sheet, else the file's first form.
  const onSheet = forms.findIndex((x) => x.sheet === f.sheet);
  if (onSheet >= 0) return onSheet;
  return forms.length > 0 ? 0 : undefined;
}

interface UnitDraft {
  unit: ReviewUnit;
  identities: Set<string>;
  years?: number[];
  /** The unit's checked workbooks, for pairing its 自评报告. */
  workbooks: Report[];
  hasReport?: boolean;
}

/** The year most of a unit's files state (the latest on a tie): one old form does not date the letter. */
function commonYear(years: number[] | undefined): number | undefined {
  if (!years || years.length === 0) return undefined;
  const n = new Map<number, number>();
  for (const y of years) n.set(y, (n.get(y) ?? 0) + 1);
  return [...n.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]![0];
}

export function assembleReview(outcomes: FileOutcome[], meta: ReviewMeta): ReviewResult {
  const notes: ReviewNote[] = [];
  const units = new Map<string, UnitDraft>();
  // Extensions aside, so "单位.xlsx" comes before "单位-重发.xlsx" and the resent copy is the duplicate.
  const stem = (p: string) => p.replace(/\.[^./\\]+$/, '');
  const sorted = [...outcomes].sort((a, b) => collator.compare(stem(a.path), stem(b.path)) || collator.compare(a.path, b.path));
  const seen = new Map<string, string>();
  let duplicates = 0;
  const reports: FileOutcome[] = [];

  for (const o of sorted) {
    if (o.convertedFrom) {
      // A Word 97–2003 自评报告 became .docx; a workbook became .xlsx.
      const doc = /\.(docx?|wps)$/i.test(o.convertedFrom);
      notes.push({ file: o.path, kind: 'converted', reason: `由 ${o.convertedFrom} 经 LibreOffice 转换为 ${doc ? '.docx 后核对' : '.xlsx 后检查'}` });
    }
    if (o.status === 'unreadable') {
      notes.push({ file: o.path, kind: 'unreadable', reason: o.refusal ?? '无法读取' });
      continue;
    }
    if (o.status === 'report' && o.statement) {
      const first = o.digest ? seen.get(o.digest) : undefined;
      if (first !== undefined) {
        duplicates++;
        notes.push({ file: o.path, kind: 'duplicate', reason: `与 ${first} 内容完全相同，按重复提交处理，只计一次` });
      } else {
        if (o.digest) seen.set(o.digest, o.path);
        reports.push(o);
      }
      continue;
    }
    if (o.status === 'not-selfeval' || o.status === 'report') {
      notes.push({ file: o.path, kind: 'not-selfeval', reason: o.refusal ?? '不是绩效自评表工作簿，未检查' });
      continue;
    }
    if (o.digest) {
      const first = seen.get(o.digest);
      if (first !== undefined) {
        duplicates++;
        notes.push({ file: o.path, kind: 'duplicate', reason: `与 ${first} 内容完全相同，按重复提交处理，只计一次` });
        continue;
      }
      seen.set(o.digest, o.path);
    }
    const report = o.report;
    if (!report) {
      notes.push({ file: o.path, kind: 'unreadable', reason: o.refusal ?? '检查结果缺失（内部错误），请重试' });
      continue;
    }
    let unitName = o.unit;
    let nameSource: 'form' | 'file' = 'form';
    if (!unitName) {
      unitName = unitFromFileName(o.name);
      nameSource = 'file';
      notes.push({ file: o.path, kind: 'unit-missing', reason: `表中没有读到单位名称，按文件名归入“${unitName}”` });
    }
    let draft = units.get(unitName);
    if (!draft) {
      draft = { unit: { name: unitName, nameSource, files: [], forms: [], findings: [] }, identities: new Set(), workbooks: [] };
      units.set(unitName, draft);
    } else {
      notes.push({ file: o.path, kind: 'same-unit', reason: `与 ${draft.unit.files.join('、')} 同属“${unitName}”，合并为一份审核意见` });
      if (draft.unit.nameSource === 'file' && nameSource === 'form') draft.unit.nameSource = 'form';
    }
    const u = draft.unit;
    u.files.push(o.path);
    draft.workbooks.push(report);
    if (o.year !== undefined) (draft.years ??= []).push(o.year);
    for (const line of problemLines(report)) notes.push({ file: o.path, kind: 'incomplete', reason: line });

    const forms = report.forms;
    const rows: ReviewFormRow[] = forms.map((form) => ({
      unit: unitName,
      kind: form.kind,
      ...(form.projectName ? { projectName: form.projectName } : {}),
      file: o.path,
      sheet: form.sheet,
      ...(form.year !== undefined ? { year: form.year } : {}),
      totalDeclared: form.total?.declared ?? null,
      totalRecomputed: form.total?.recomputed ?? null,
      gradeDeclared: form.grade?.declared ?? null,
      gradeRecomputed: form.grade?.recomputed ?? null,
      errors: 0,
      warnings: 0,
      mainProblems: [],
    }));
    if (rows.length === 0 && report.findings.length > 0) {
      // Half-recognised: no form came out, but its findings must still show in 汇总.
      rows.push({
        unit: unitName, kind: 'unrecognised', file: o.path, sheet: report.findings[0]!.sheet,
        totalDeclared: null, totalRecomputed: null, gradeDeclared: null, gradeRecomputed: null, errors: 0, warnings: 0, mainProblems: [],
      });
    }
    draft.identities.add('workbook');
    for (const form of forms) draft.identities.add(formIdentity(form));
    for (const f of report.findings) {
      const i = formOfFinding(forms, f);
      const form = f.form !== undefined ? forms[f.form] : undefined;
      const row = i === undefined ? rows[0] : rows[i];
      if (row) {
        if (f.severity === 'error') {
          row.errors++;
          if (row.mainProblems.length < MAIN_PROBLEMS) row.mainProblems.push(`${f.cell}：${short(f.message, 50)}`);
        } else if (f.severity === 'warning') row.warnings++;
      }
      u.findings.push(reviewFinding(f, unitName, o.path, form ? formLabel(form.kind, form.projectName) : '', findingKey(form, f), 'workbook'));
    }
    u.forms.push(...rows);
  }

  for (const o of reports) pairReport(o, units, notes);
  if (reports.length > 0) {
    for (const d of units.values()) {
      if (!d.hasReport) notes.push({ file: d.unit.files[0] ?? d.unit.name, kind: 'no-report', reason: `没有收到“${d.unit.name}”的自评报告，报告文字未核对` });
    }
  }

  const list = [...units.values()].sort((a, b) => collator.compare(a.unit.name, b.unit.name));
  for (const d of list) {
    const y = commonYear(d.years);
    if (y !== undefined) d.unit.year = y;
  }
  for (const d of list) d.unit.findings.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  if (meta.previous) compareRounds(list, meta.previous);

  const unitList = list.map((d) => d.unit);
  const forms = unitList.flatMap((u) => u.forms);
  // Errors first (most errors on top), then warnings; otherwise the units' alphabetical order.
  const order = new Map(forms.map((r, i) => [r, i]));
  forms.sort((a, b) => Number(b.errors > 0) - Number(a.errors > 0) || b.errors - a.errors || b.warnings - a.warnings || order.get(a)! - order.get(b)!);
  const findings = unitList.flatMap((u) => u.findings);

  const count = (s: FileOutcome['status']) => outcomes.filter((o) => o.status === s).length;
  return {
    meta,
    units: unitList,
    forms,
    findings,
    notes,
    counts: {
      files: outcomes.length,
      checked: count('checked') - duplicates,
      unreadable: count('unreadable'),
      notSelfeval: count('not-selfeval') + count('report'),
      duplicates,
      units: unitList.length,
      forms: forms.length,
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
    },
  };
}

const squash = (s: string | undefined) => (s ?? '').replace(/[\s\u3000]+/g, '');

/**
 * Pairs a 自评报告 with its unit's workbooks (by the unit name it states; else the unit whose forms the
 * engine's matchStatement accepts) and adds its findings — each with the paragraph it quotes — to that unit.
 */
function pairReport(o: FileOutcome, units: Map<string, UnitDraft>, notes: ReviewNote[]): void {
  const statement = o.statement as Statement;
  const want = squash(o.unit);
  const drafts = [...units.values()];
  const byName = want ? drafts.filter((d) => d.unit.name === want || d.unit.name.includes(want) || want.includes(d.unit.name)) : [];
  let target: UnitDraft | undefined;
  let match: ReturnType<typeof matchStatement> | undefined;
  for (const d of byName.length > 0 ? byName : drafts) {
    const m = matchStatement(statement, d.workbooks);
    if (m.reportIndex !== undefined) {
      target = d;
      match = m;
      break;
    }
  }
  if (!target || !match) {
    const who = o.unit ? `“${o.unit}”` : '（报告中未读到单位名称）';
    const why = byName.length > 0
      ? `${who}的自评表中没有与这份${statement.kind === 'project' ? '项目支出' : '部门整体支出'}自评报告对应的表，报告数字未核对`
      : `没有收到${who}的自评表，报告数字无从核对`;
    notes.push({ file: o.path, kind: 'report-unpaired', reason: why });
    return;
  }
  const u = target.unit;
  target.hasReport = true;
  u.files.push(o.path);
  if (u.year === undefined && o.year !== undefined) (target.years ??= []).push(o.year);
  const row: ReviewFormRow = {
    unit: u.name,
    kind: 'report',
    ...(statement.projectName ? { projectName: statement.projectName } : {}),
    file: o.path,
    sheet: statement.kind === 'project' ? '项目支出绩效自评报告' : '部门整体支出绩效自评报告',
    totalDeclared: null,
    totalRecomputed: null,
    gradeDeclared: null,
    gradeRecomputed: null,
    errors: 0,
    warnings: 0,
    mainProblems: [],
  };
  const identity = formIdentity({ kind: 'report', projectName: statement.projectName, sheet: row.sheet });
  target.identities.add(identity);
  // Paragraph numbers move when text is added above; the quoted words around the figure do not (unless
  // the figure itself changes — then the problem is gone or a new one). Repeats of one quote are numbered.
  const seenQuote = new Map<string, number>();
  for (const f of match.findings) {
    const anchor = `${f.rule}|${squash(f.quote) || f.cell}`;
    const n = (seenQuote.get(anchor) ?? 0) + 1;
    seenQuote.set(anchor, n);
    if (f.severity === 'error') {
      row.errors++;
      if (row.mainProblems.length < MAIN_PROBLEMS) row.mainProblems.push(`${f.cell}：${short(f.message, 50)}`);
    } else if (f.severity === 'warning') row.warnings++;
    u.findings.push(reviewFinding(f, u.name, o.path, formLabel('report', statement.projectName), `${identity}|${anchor}#${n}`, 'report'));
  }
  u.forms.push(row);
}

/** One finding as the review's outputs list it; workbook and report findings share this shape. */
function reviewFinding(f: Finding, unit: string, file: string, label: string, key: string, source: ReviewFinding['source']): ReviewFinding {
  return {
    unit,
    file,
    sheet: f.sheet,
    cell: f.cell,
    severity: f.severity,
    rule: f.rule,
    message: f.message,
    ...(f.expected !== undefined ? { expected: f.expected } : {}),
    ...(f.found !== undefined ? { found: f.found } : {}),
    ...(f.pair ? { pair: f.pair } : {}),
    formLabel: label,
    key,
    source,
    ...(f.quote ? { quote: f.quote } : {}),
  };
}

function formPart(key: string): string {
  return key.slice(0, key.indexOf('|'));
}

function compareRounds(list: UnitDraft[], previous: PreviousReview): void {
  const before = new Map(previous.units.map((u) => [u.name, u]));
  for (const { unit, identities } of list) {
    const prev = before.get(unit.name);
    unit.inPrevious = Boolean(prev);
    const prevKeys = new Map<string, PreviousFinding>((prev?.findings ?? []).map((f) => [f.key, f]));
    const nowKeys = new Set(unit.findings.map((f) => f.key));
    for (const f of unit.findings) f.round = prevKeys.has(f.key) ? 'remaining' : 'added';
    // A problem counts as corrected only when its form was submitted again and the problem is gone.
    unit.fixed = [...prevKeys.values()].filter((f) => !nowKeys.has(f.key) && identities.has(formPart(f.key)));
    unit.unverified = [...prevKeys.values()].filter((f) => !nowKeys.has(f.key) && !identities.has(formPart(f.key)));
    const prevForms = new Set(prev?.forms ?? []);
    for (const row of unit.forms) {
      const id = formIdentity({ kind: row.kind, projectName: row.projectName, sheet: row.sheet });
      const mine = unit.findings.filter((f) => formPart(f.key) === id);
      row.previous = {
        formWasThere: prevForms.has(id),
        fixed: unit.fixed.filter((f) => formPart(f.key) === id).length,
        remaining: mine.filter((f) => f.round === 'remaining').length,
        added: mine.filter((f) => f.round === 'added').length,
      };
    }
  }
}

// The engine's entry point: snapshot → forms → recomputation → rules → report. Never throws.
import type { Finding, FormReport, IndicatorSummary, Report, Severity, WorkbookSnapshot } from './types';
import { DEFAULT_POLICY, type ScoringPolicy } from './scoring/policy';
import { Grid, a1, rangeA1 } from './grid';
import { locateForms } from './forms/locate';
import type { BasicDataForm, FormModel, IndicatorRow, PerformanceForm, UnreadableForm } from './forms/model';
import { computePerformance, resetScoringMemo } from './scoring/compute';
import { RULES } from './rules';
import type { ReportArgs, RuleContext } from './rules/types';
import { numValue, resetParseMemo } from './forms/fields';
import { fmt2, toFixed4 } from './values';
import { normalizeGrade } from './rules/grade';

export interface CheckOptions {
  policy?: ScoringPolicy;
}

export interface ParsedWorkbook {
  forms: FormModel[];
  unreadable: UnreadableForm[];
  /** zh-CN descriptions of sheets the engine could not process (a bug or absurd input), never thrown. */
  problems: string[];
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Recognises and recomputes every form in the snapshot. */
export function parseWorkbook(snapshot: WorkbookSnapshot, policy: ScoringPolicy = DEFAULT_POLICY): ParsedWorkbook {
  const forms: FormModel[] = [];
  const unreadable: UnreadableForm[] = [];
  const problems: string[] = [];
  resetParseMemo();
  resetScoringMemo();
  const sheets = Array.isArray(snapshot?.sheets) ? snapshot.sheets : [];
  for (const sheet of sheets) {
    try {
      if (!sheet || !Array.isArray(sheet.values)) continue;
      const grid = new Grid(sheet);
      const found = locateForms(grid);
      for (const f of found.forms) {
        if (f.kind !== 'basic-data') f.computed = computePerformance(f, policy);
        forms.push(f);
      }
      unreadable.push(...found.unreadable);
    } catch (e) {
      problems.push(`工作表“${String(sheet?.name)}”无法处理：${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { forms, unreadable, problems };
}

function fillTemplate(template: string, data: Record<string, string | number> = {}, expected?: string, found?: string): string {
  return template.replace(/\{(\w+)\}/g, (m, key: string) => {
    if (key in data) return String(data[key]);
    if (key === 'expected' && expected !== undefined) return expected;
    if (key === 'found' && found !== undefined) return found;
    return m;
  });
}

export function checkWorkbook(snapshot: WorkbookSnapshot, options: CheckOptions = {}): Report {
  const policy = options.policy ?? DEFAULT_POLICY;
  const parsed = parseWorkbook(snapshot, policy);
  const findings: Finding[] = [];
  const byKey = new Map<string, number>();
  const formIndex = new Map<FormModel, number>();
  parsed.forms.forEach((f, i) => formIndex.set(f, i));
  let current = RULES[0]!;
  const ctx: RuleContext = {
    policy,
    forms: parsed.forms,
    performanceForms: parsed.forms.filter((f): f is PerformanceForm => f.kind !== 'basic-data'),
    basicForms: parsed.forms.filter((f): f is BasicDataForm => f.kind === 'basic-data'),
    unreadable: parsed.unreadable,
    report(args: ReportArgs) {
      const meta = current.meta;
      const template = meta.messages[args.messageId] ?? Object.values(meta.messages)[0] ?? '';
      const cell = a1(args.row, args.col);
      const key = `${meta.id}|${args.grid.name}|${cell}`;
      const finding: Finding = {
        rule: meta.id,
        severity: args.severity ?? meta.severity,
        sheet: args.grid.name,
        cell,
        row: args.row,
        col: args.col,
        message: fillTemplate(template, args.data, args.expected, args.found),
        key,
        ...(args.expected !== undefined ? { expected: args.expected } : {}),
        ...(args.found !== undefined ? { found: args.found } : {}),
        ...(args.form && formIndex.has(args.form) ? { form: formIndex.get(args.form)! } : {}),
      };
      // One finding per rule and cell: keep the most severe.
      const existing = byKey.get(key);
      if (existing !== undefined) {
        if (SEVERITY_RANK[finding.severity] < SEVERITY_RANK[findings[existing]!.severity]) findings[existing] = finding;
        return;
      }
      byKey.set(key, findings.length);
      findings.push(finding);
    },
  };
  for (const rule of RULES) {
    current = rule;
    try {
      rule.check(ctx);
    } catch (e) {
      parsed.problems.push(`检查规则 ${rule.meta.id} 出错：${e instanceof Error ? e.message : String(e)}`);
    }
  }
  // Stable order: sheet order of appearance, then row, then column.
  const sheetOrder = new Map<string, number>();
  (snapshot?.sheets ?? []).forEach((s, i) => sheetOrder.set(s?.name, i));
  findings.sort((a, b) =>
    (sheetOrder.get(a.sheet) ?? 0) - (sheetOrder.get(b.sheet) ?? 0) || a.row - b.row || a.col - b.col
    || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.rule.localeCompare(b.rule));
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return {
    forms: parsed.forms.map(summarise),
    findings,
    policy: policy.name,
    counts,
    ...(parsed.problems.length ? { problems: parsed.problems } : {}),
  };
}

function summariseIndicator(r: IndicatorRow): IndicatorSummary {
  const w = numValue(r.weight);
  const d = numValue(r.score);
  const c = r.computed;
  const wText = w ? fmt2(w) : null;
  const reasonCell = r.reasonCell;
  // Built field by field (no conditional spreads): this runs for every indicator row of every form.
  const out: IndicatorSummary = {
    level1: r.level1,
    level2: r.level2,
    name: r.name,
    target: r.target.text,
    actual: r.actual.text,
    weight: wText,
    // Full marks: score and recomputed score are the very 分值 instance, formatted once.
    declaredScore: d ? (d === w ? wText : fmt2(d)) : null,
    recomputedScore: c?.score ? (c.score === w ? wText : fmt2(c.score)) : null,
    method: c?.method ?? 'unscored',
    row: r.row,
    scoreCell: a1(r.score?.row ?? r.row, r.score?.col ?? 0),
    // Optional fields are always present (undefined when absent, which JSON leaves out) so all summaries
    // share one shape instead of growing a property store each.
    reasonCell: reasonCell ? a1(reasonCell.row, reasonCell.col) : undefined,
    reason: reasonCell ? r.reason : undefined,
    shortfall: c?.shortfall ? c.shortfall : undefined,
    overAchieved: c?.overAchieved ? true : undefined,
  };
  return out;
}

function summarise(form: FormModel): FormReport {
  const range = rangeA1({ top: form.top, left: form.left, bottom: form.bottom, right: Math.max(form.right, form.left) });
  if (form.kind === 'basic-data') {
    const rows: NonNullable<FormReport['basic']>['rows'] = {};
    const idx = (k: 'previous' | 'budget' | 'actual') => form.columns.findIndex((c) => c.kind === k);
    for (const r of form.rows) {
      const get = (k: 'previous' | 'budget' | 'actual') => {
        const v = numValue(r.values[idx(k)]);
        return v ? fmt2(v) : null;
      };
      const name = r.label.replace(/\s+/g, '');
      rows[name] ??= { previous: get('previous'), budget: get('budget'), actual: get('actual') };
    }
    const s = form.staffing;
    const authorised = numValue(s?.authorised);
    const actual = numValue(s?.actual);
    const rate = authorised && actual && !authorised.isZero() ? actual.div(authorised) : null;
    const declared = s?.rate?.read ? s.rate.read.value : null;
    return {
      kind: 'basic-data', sheet: form.sheet, range, title: form.title || undefined,
      ...(form.year ? { year: form.year } : {}),
      basic: {
        ...(s && authorised && actual ? { staffing: { authorised: authorised.toString(), actual: actual.toString(), rate: rate ? toFixed4(rate) : null, declaredRate: declared ? toFixed4(declared) : null } } : {}),
        rows,
        columnYears: form.columns.map((c) => c.year),
      },
    };
  }
  const c = form.computed;
  const b = form.budget;
  const out: FormReport = {
    kind: form.kind,
    sheet: form.sheet,
    range,
    framework: form.framework,
  };
  if (form.title) out.title = form.title;
  if (form.unit?.text) out.unit = form.unit.text;
  if (form.projectName?.text) out.projectName = form.projectName.text;
  if (form.year) out.year = form.year;
  if (b && c?.rate) {
    const declaredRate = b.rate?.read ? (b.rate.read.percent || b.rate.read.percentFormat || b.rate.read.value.abs().lte('1.5') ? b.rate.read.value : b.rate.read.value.div(100)) : null;
    out.execution = {
      rate: toFixed4(c.rate),
      score: c.executionScore ? fmt2(c.executionScore) : '',
      declaredRate: declaredRate ? toFixed4(declaredRate) : null,
      declaredScore: b.score?.read ? fmt2(b.score.read.value) : null,
      ...(c.executionWeight ? { weight: fmt2(c.executionWeight) } : {}),
      ...(numValue(b.planned) ? { budget: fmt2(numValue(b.planned)!) } : {}),
      initialBudget: numValue(b.initial) ? fmt2(numValue(b.initial)!) : null,
      ...(numValue(b.executed) ? { executed: fmt2(numValue(b.executed)!) } : {}),
    };
  }
  if (c?.total) {
    out.total = { declared: form.totalScore?.read ? fmt2(form.totalScore.read.value) : null, recomputed: fmt2(c.total) };
    out.grade = { declared: form.grade?.text ? normalizeGrade(form.grade.text) : null, recomputed: c.grade ?? '' };
  }
  out.blocks = form.blocks.map((bl, i) => {
    const sums = c?.blockSums[i];
    return {
      name: bl.name,
      declaredWeight: bl.declaredWeight ? fmt2(bl.declaredWeight) : null,
      weightSum: sums ? fmt2(sums.weight) : '0.00',
      declaredScore: sums ? fmt2(sums.declared) : '0.00',
      recomputedScore: sums ? fmt2(sums.carried) : '0.00',
      cell: a1(bl.cell.row, bl.cell.col),
    };
  });
  const indicators: IndicatorSummary[] = [];
  for (const bl of form.blocks) for (const r of bl.rows) indicators.push(summariseIndicator(r));
  out.indicators = indicators;
  if (b) {
    const funds: Record<string, string> = {};
    for (const f of b.funds) {
      const v = f.values.find((x) => x.column === 'executed') ?? f.values.find((x) => x.column === 'other') ?? f.values[0];
      const n = numValue(v?.cell);
      if (n && !(f.name in funds)) funds[f.name] = fmt2(n);
    }
    out.funds = funds;
  }
  if (form.goals) out.goals = { expected: form.goals.expected, actual: form.goals.actual };
  return out;
}

// What the workbook says about each quantity a report can state: the figure the cell holds (declared),
// the figure the engine recomputes, or a figure derived from two cells. Read from the engine's Report
// (the same FormReport summaries the templates and the other shells use); nothing is re-derived here
// that the engine already knows.
import type { FormReport, Report } from '../types';
import { D, inWan, round2, toDec, YUAN_PER_WAN, type AmountUnitName, type Dec } from '../values';
import { basicFormFor } from '../templates/facts';
import { normalizePhrase } from './extract';
import type { QuantityId, StatedFigure, Statement } from './types';

/** Where a figure's workbook fact is kept: the quantity, or "blockScore:产出指标" for a 一级指标's figure. */
export function factKey(f: Pick<StatedFigure, 'quantity' | 'key'>): string {
  return f.key ? `${f.quantity}:${normalizePhrase(f.key)}` : f.quantity;
}

export interface QuantityFact {
  /** What the workbook's cell holds; null when no cell holds this quantity (derived). */
  declared: Dec | null;
  /** What it should be after recomputation; equal to declared when the engine does not recompute it. */
  recomputed: Dec | null;
  /** Derived from two cells ("全年预算数−年初预算数"): a mismatch is a warning, the text's wording may differ. */
  derived?: true;
  /** Where the figure comes from, for messages: "整体支出绩效自评表" / "基础数据表". */
  source: string;
  /**
   * Amounts only: the unit the form the cell belongs to states ("元": declared and recomputed were converted to
   * 万元, the cell holds declared × 10 000); null when that form states no unit (its figures are taken as 万元).
   */
  unit?: AmountUnitName | null;
  /**
   * What the figure would be if a form that states no unit were in 元 (÷ 10 000; for a figure of two forms, each
   * such form in turn and both). A text figure equal to one of these is not claimed wrong: the unit is asked for.
   */
  ifYuan?: Dec[];
}

type Scale = (d: Dec) => Dec;
const AS_READ: Scale = (d) => d;
const FROM_YUAN: Scale = (d) => d.div(YUAN_PER_WAN);

/** The values of fn with each form whose unit is unstated taken as in 元, every combination but "as read". */
function ifYuan(fn: (own: Scale, basic: Scale) => Dec | null, ownUnstated: boolean, basicUnstated: boolean): Dec[] | undefined {
  const out: Dec[] = [];
  for (const o of ownUnstated ? [AS_READ, FROM_YUAN] : [AS_READ]) {
    for (const b of basicUnstated ? [AS_READ, FROM_YUAN] : [AS_READ]) {
      if (o === AS_READ && b === AS_READ) continue;
      const v = fn(o, b);
      if (v) out.push(v);
    }
  }
  return out.length ? out : undefined;
}

export interface WorkbookFacts {
  form: FormReport;
  /** Index into Report.forms. */
  formIndex: number;
  facts: Partial<Record<string, QuantityFact>>;
  /** Recomputed and declared grade of the form. */
  grade?: { declared: string | null; recomputed: string | null };
}

const dec = (s: string | null | undefined): Dec | null => (s === null || s === undefined || s === '' ? null : toDec(s));
const pct = (s: string | null | undefined): Dec | null => {
  const d = dec(s);
  return d ? d.mul(100) : null;
};

function basicRow(basic: FormReport | null, test: (label: string) => boolean) {
  const rows = basic?.basic?.rows;
  if (!rows) return null;
  const key = Object.keys(rows).find((k) => test(k.replace(/\s+/g, '').replace(/^(\d+[、.．]|其中[:：]?)+/, '')));
  return key ? rows[key]! : null;
}

const FORM_NAME = { overall: '部门整体支出绩效自评表', project: '项目支出绩效自评表', 'basic-data': '基础数据表' } as const;

/** The facts of one performance form (and the 基础数据表 beside it). */
export function workbookFacts(report: Report, formIndex: number): WorkbookFacts | null {
  const form = report?.forms?.[formIndex];
  if (!form || form.kind === 'basic-data') return null;
  const facts: Partial<Record<string, QuantityFact>> = {};
  const own = FORM_NAME[form.kind];
  const put = (q: QuantityId | string, declared: Dec | null, recomputed: Dec | null, source: string) => {
    if (declared || recomputed) facts[q] = { declared, recomputed: recomputed ?? declared, source };
  };
  // An amount a cell holds, in 万元 (the report's unit), with the unit its form states.
  const ownUnit = form.amountUnit ?? null;
  const wan = (s: string | null | undefined, unit: AmountUnitName | null): Dec | null => {
    const d = dec(s);
    return d ? inWan(d, unit) : null;
  };
  const putAmount = (q: QuantityId | string, s: string | null | undefined, unit: AmountUnitName | null, source: string) => {
    const d = wan(s, unit);
    if (d) facts[q] = { declared: d, recomputed: d, source, unit, ...(unit === null ? { ifYuan: [FROM_YUAN(d)] } : {}) };
  };
  const derive = (q: QuantityId | string, value: Dec | null, source: string, alternatives?: Dec[]) => {
    if (value) facts[q] = { declared: null, recomputed: value, derived: true, source, ...(alternatives ? { ifYuan: alternatives } : {}) };
  };
  // A difference of two amounts of one form: as read, and ÷ 10 000 when that form states no unit.
  const deriveAmount = (q: QuantityId | string, value: Dec, unit: AmountUnitName | null, source: string) =>
    derive(q, value, source, ifYuan((o) => o(value), unit === null, false));
  const e = form.execution;
  const budget = wan(e?.budget, ownUnit);
  const initial = wan(e?.initialBudget, ownUnit);
  putAmount('budget', e?.budget, ownUnit, own);
  putAmount('initialBudget', e?.initialBudget, ownUnit, own);
  if (budget && initial) deriveAmount('adjustment', round2(budget).minus(round2(initial)), ownUnit, own);
  putAmount('executed', e?.executed, ownUnit, own);
  put('rate', pct(e?.declaredRate), pct(e?.rate), own);
  put('execWeight', dec(e?.weight), null, own);
  put('execScore', dec(e?.declaredScore), dec(e?.score), own);
  put('total', dec(form.total?.declared), dec(form.total?.recomputed), own);
  const executed = wan(e?.executed, ownUnit);
  putAmount('fundCurrent', form.funds?.['当年财政拨款'], ownUnit, own);
  putAmount('fundCarried', form.funds?.['上年结转资金'], ownUnit, own);
  // 一级指标: the 分值 the text should state is the sum of its 三级指标 (as the template writes it), the label's
  // figure is what the form declares; the 得分 as recomputed.
  for (const b of form.blocks ?? []) {
    const name = normalizePhrase(b.name);
    const declaredWeight = dec(b.declaredWeight);
    const sum = dec(b.weightSum);
    put(`blockWeight:${name}`, declaredWeight, sum && !sum.isZero() ? sum : declaredWeight, own);
    put(`blockScore:${name}`, dec(b.declaredScore), dec(b.recomputedScore), own);
  }
  if (budget && executed && round2(budget).gte(round2(executed))) deriveAmount('unspent', round2(budget).minus(round2(executed)), ownUnit, own);
  if (budget && executed && round2(executed).gt(round2(budget))) deriveAmount('overspent', round2(executed).minus(round2(budget)), ownUnit, own);

  if (form.kind === 'overall') {
    const basicForm = basicFormFor(report, form);
    const b = '基础数据表';
    const basicUnit = basicForm?.amountUnit ?? null;
    const basicSpending = wan(form.funds?.['基本支出'], ownUnit);
    putAmount('generalFund', form.funds?.['一般公共预算'], ownUnit, own);
    putAmount('basic', form.funds?.['基本支出'], ownUnit, own);
    const projectRow = basicRow(basicForm, (l) => l.startsWith('项目支出'));
    if (form.funds?.['项目支出']) putAmount('project', form.funds['项目支出'], ownUnit, own);
    else putAmount('project', projectRow?.actual, basicUnit, b);
    putAmount('projectBudget', projectRow?.budget, basicUnit, b);
    const pub = wan(basicRow(basicForm, (l) => l.startsWith('公用经费'))?.actual, basicUnit);
    putAmount('public', basicRow(basicForm, (l) => l.startsWith('公用经费'))?.actual, basicUnit, b);
    // 人员经费 = 基本支出 (自评表) − 公用经费 (基础数据表): two forms, each perhaps in 元 without saying so.
    const personnelOf = (o: Scale, p: Scale) => (basicSpending && pub ? round2(o(basicSpending)).minus(round2(p(pub))) : null);
    const personnel = personnelOf(AS_READ, AS_READ);
    const mixed = (fn: (o: Scale, p: Scale) => Dec | null) => ifYuan(fn, ownUnit === null, basicUnit === null);
    if (personnel) derive('personnel', personnel, `${own}、${b}`, mixed(personnelOf));
    // Shares as the text states them: percent of the 全年执行数 / of 基本支出.
    const ratio = (part: Dec | null, whole: Dec | null) => (part && whole && whole.gt(0) ? part.div(whole).mul(100) : null);
    const share = (q: QuantityId, part: Dec | null, whole: Dec | null, source: string, alternatives?: Dec[]) => {
      const r = ratio(part, whole);
      if (r) derive(q, r, source, alternatives);
    };
    const project = wan(form.funds?.['项目支出'], ownUnit);
    share('basicShare', basicSpending, executed, own);
    share('projectShare', project, executed, own);
    share('personnelShare', personnel, basicSpending, `${own}、${b}`, mixed((o, p) => ratio(personnelOf(o, p), basicSpending && o(basicSpending))));
    share('publicShare', pub, basicSpending, `${own}、${b}`, mixed((o, p) => ratio(pub && p(pub), basicSpending && o(basicSpending))));
    // Year on year (基础数据表: 上年决算数 → 本年决算数).
    const change = (qa: QuantityId, qp: QuantityId, row: { previous: string | null; actual: string | null } | null) => {
      const prev = wan(row?.previous, basicUnit);
      const now = wan(row?.actual, basicUnit);
      if (!prev || !now) return;
      const diff = round2(now).minus(round2(prev));
      deriveAmount(qa, diff, basicUnit, b);
      if (!round2(prev).isZero()) derive(qp, diff.div(round2(prev).abs()).mul(100), b);
    };
    change('projectChange', 'projectChangePct', projectRow);
    change('threeChange', 'threeChangePct', basicRow(basicForm, (l) => l.startsWith('三公经费')));
    const rows: [QuantityId, QuantityId, (l: string) => boolean][] = [
      ['threeBudget', 'threeActual', (l) => l.startsWith('三公经费')],
      ['carBudget', 'carActual', (l) => l.startsWith('公务用车购置')],
      ['carPurchaseBudget', 'carPurchaseActual', (l) => l.startsWith('公车购置')],
      ['carRunningBudget', 'carRunningActual', (l) => l.startsWith('公车运行')],
      ['abroadBudget', 'abroadActual', (l) => l.includes('出国')],
      ['receptionBudget', 'receptionActual', (l) => l.startsWith('公务接待')],
    ];
    for (const [qb, qa, test] of rows) {
      const row = basicRow(basicForm, test);
      putAmount(qb, row?.budget, basicUnit, b);
      putAmount(qa, row?.actual, basicUnit, b);
    }
    const st = basicForm?.basic?.staffing;
    put('staffAuthorised', dec(st?.authorised), null, b);
    put('staffActual', dec(st?.actual), null, b);
    put('staffRate', pct(st?.declaredRate), pct(st?.rate), b);
  }
  return { form, formIndex, facts, grade: form.grade ? { declared: form.grade.declared, recomputed: form.grade.recomputed } : undefined };
}

const norm = (s: string | undefined) => (s ?? '').replace(/[\s（）()“”"]/g, '');

/**
 * The form a statement describes: the 整体支出 form of the same unit (a 项目 report: the project form of the
 * same name). Null when none fits; a single candidate of the right kind is taken when names are absent.
 */
export function formFor(statement: Statement, report: Report): number | null {
  const forms = report?.forms ?? [];
  const kind = statement.kind === 'project' ? 'project' : 'overall';
  const candidates = forms.map((f, i) => ({ f, i })).filter((x) => x.f.kind === kind);
  if (candidates.length === 0) return null;
  const want = norm(statement.kind === 'project' ? statement.projectName : statement.unit);
  if (want) {
    const hit = candidates.find((x) => {
      const have = norm(x.f.kind === 'project' ? x.f.projectName : x.f.unit);
      return have !== '' && (have === want || have.includes(want) || want.includes(have));
    });
    if (hit) return hit.i;
    // A named report never silently takes another unit's form; only an unnamed form may stand in.
    const unnamed = candidates.filter((x) => norm(x.f.kind === 'project' ? x.f.projectName : x.f.unit) === '');
    return unnamed.length === 1 ? unnamed[0]!.i : null;
  }
  return candidates.length === 1 ? candidates[0]!.i : null;
}

export const ZERO = new D(0);

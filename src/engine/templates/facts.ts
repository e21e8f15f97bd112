// Facts: the named values templates fill in, computed from the engine's Report. Every figure is a
// decimal string in the Report; arithmetic here is decimal.js only, displayed at 2 dp half-up.
// A fact that cannot be known is simply absent, so the renderer falls back to a placeholder.
import type { FormReport, IndicatorSummary, Report } from '../types';
import { D, fmt2, fmtPercent, inWan, toDec, type AmountUnitName, type Dec } from '../values';
import { FORMAT, PHRASES, type DEVIATION } from './catalog';

export type Facts = Map<string, string>;

export interface FactOptions {
  noteCorrections: boolean;
}

const ZERO = new D(0);
const TAIL = new D('0.01');

/** Fills a phrase's {name} slots (all known by construction). */
export function phrase(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
}

function dec(s: string | null | undefined): Dec | null {
  if (s === null || s === undefined || s === '') return null;
  return toDec(s);
}

/** An amount a form holds, in 万元 (the unit every draft writes): a form stating 元 is divided by 10 000. */
function wan(s: string | null | undefined, unit: AmountUnitName | null | undefined): Dec | null {
  const d = dec(s);
  return d ? inWan(d, unit) : null;
}

function wanRecord<K extends string>(r: Partial<Record<K, string | null>> | null | undefined, unit: AmountUnitName | null | undefined): Partial<Record<K, string>> | undefined {
  if (!r) return undefined;
  const out: Partial<Record<K, string>> = {};
  for (const k of Object.keys(r) as K[]) {
    const d = wan(r[k], unit);
    if (d) out[k] = d.toString();
  }
  return out;
}

export function amount(d: Dec): string {
  return `${fmt2(d)}${FORMAT.amountUnit}`;
}

export function score(d: Dec): string {
  return `${fmt2(d)}${FORMAT.scoreUnit}`;
}

/** Weights read naturally without trailing zeros ("40分", "2.5分"); still rounded half-up to 2 dp first. */
export function weight(d: Dec): string {
  return `${new D(fmt2(d)).toString()}${FORMAT.scoreUnit}`;
}

function people(d: Dec): string {
  return `${d.toString()}${FORMAT.personUnit}`;
}

function count(n: number): string {
  return `${n}${FORMAT.countUnit}`;
}

function quote(s: string): string {
  return `${FORMAT.quoteOpen}${s}${FORMAT.quoteClose}`;
}

const CJK = '\\u3000-\\u303f\\u3400-\\u9fff\\uff00-\\uffef\\u2018-\\u201d';
const SPACE_NEAR_CJK = new RegExp(`(?<=[${CJK}]) +| +(?=[${CJK}])`, 'g');

/** Workbook text for a sentence: one line, no stray spaces next to Chinese (merged cells often wrap "满意\n度"). */
export function cleanText(s: string | null | undefined): string {
  if (typeof s !== 'string') return '';
  return s.replace(/\s+/g, ' ').replace(SPACE_NEAR_CJK, '').trim();
}

// A value that reads as a figure ("≥100人次", "约700万人次", "98%") is written as is; prose is quoted.
const FIGURE = /^(约|不低于|不少于|不高于|不超过|大于|小于|高于|低于|达到)?\s*(≥|≤|>=|<=|>|<|=|＞|＜|≧|≦)?\s*[-+]?[\d０-９]/;

/** An indicator value inside a sentence: figures plain, prose in quotation marks ("“明显提升”"). */
export function valueText(raw: string | null | undefined): string {
  const t = cleanText(raw);
  if (!t) return '';
  return FIGURE.test(t) && t.length <= 20 ? t : quote(t);
}

const BARE = /^\d+(\.\d+)?$/;

/**
 * A bare number next to a percent (domain.md §2): a fraction up to 1 ("0.9" in a % cell shows 90%), percent
 * points above 1. Shown as the percent the sheet displays, so a draft never says "实际完成0.9".
 */
export function percentShown(value: string, other: string): string {
  const t = cleanText(value);
  if (!BARE.test(t) || !/[%％]/.test(other)) return t;
  const d = toDec(t);
  if (!d) return t;
  const pct = d.lte(1) ? d.times(100) : d;
  return `${new D(fmt2(pct)).toString()}%`;
}

/** Workbook prose used as a whole sentence: cleaned, ending in 。 unless it already ends a sentence. */
export function asSentence(raw: string | null | undefined): string {
  const t = cleanText(raw).replace(/[，,、；;：:]+$/, '');
  if (!t) return '';
  return /[。！？!?.…”」）)]$/.test(t) ? t : `${t}。`;
}

/** Text of a year-to-year comparison ("与上年相比，减少0.59万元，降低36.88%"). */
export function changePhrase(previous: Dec, current: Dec): string {
  const p = new D(fmt2(previous));
  const c = new D(fmt2(current));
  const diff = c.minus(p);
  if (diff.isZero()) return PHRASES.changeSame;
  const abs = amount(diff.abs());
  if (p.isZero()) return diff.isPositive() ? phrase(PHRASES.changeFromZero, { amount: abs }) : PHRASES.changeSame;
  const pct = fmtPercent(diff.abs().div(p.abs()));
  return phrase(diff.isPositive() ? PHRASES.changeUp : PHRASES.changeDown, { amount: abs, percent: pct });
}

export function adjustmentPhrase(initial: Dec, budget: Dec): string {
  const diff = new D(fmt2(budget)).minus(new D(fmt2(initial)));
  if (diff.isZero()) return PHRASES.adjustmentNone;
  return phrase(diff.isPositive() ? PHRASES.adjustmentUp : PHRASES.adjustmentDown, { amount: amount(diff.abs()) });
}

function correction(what: string, expected: string, found: string): string {
  return phrase(PHRASES.correction, { what, expected, found });
}

function set(f: Facts, key: string, value: string | null | undefined): void {
  if (value !== null && value !== undefined && value !== '') f.set(key, value);
}

/** Flags are known-but-empty facts: `when` sees them, a sentence can never print them. */
function flag(f: Facts, key: string, on: boolean): void {
  if (on) f.set(key, '');
}

/** The 基础数据表 that goes with a performance form: same year when there is one, else the first. */
export function basicFormFor(report: Report, form: FormReport): FormReport | null {
  const basics = report.forms.filter((f) => f.kind === 'basic-data' && f.basic);
  if (basics.length === 0) return null;
  return basics.find((b) => form.year && b.year === form.year) ?? basics[0]!;
}

function basicRow(basic: FormReport | null, pattern: RegExp) {
  const rows = basic?.basic?.rows;
  if (!rows) return null;
  const key = Object.keys(rows).find((k) => pattern.test(k.replace(/\s+/g, '')));
  return key ? rows[key]! : null;
}

const INCOME = ['一般公共预算', '政府性基金拨款', '纳入专户管理的非税收入拨款', '其他资金'];
const PROJECT_FUNDS = ['当年财政拨款', '上年结转资金', '其他资金'];

/** "一般公共预算518.94万元；无政府性基金拨款、…" when the listed items add up to the executed total. */
function breakdown(funds: Record<string, string> | undefined, names: string[], executed: Dec | null): string | null {
  if (!funds || !executed) return null;
  const present = names.filter((n) => dec(funds[n]) !== null);
  if (present.length === 0) return null;
  let sum = ZERO;
  for (const n of present) sum = sum.plus(dec(funds[n])!);
  // Fund rows may come from another column (年初/全年预算); only state them when they are the executed split.
  if (sum.minus(executed).abs().gt(TAIL)) return null;
  const positive = present.filter((n) => !dec(funds[n])!.isZero()).map((n) => phrase(PHRASES.fundItem, { name: n, amount: amount(dec(funds[n])!) }));
  const zeros = present.filter((n) => dec(funds[n])!.isZero());
  const parts: string[] = [];
  if (positive.length) parts.push(positive.join('，'));
  if (zeros.length) parts.push(phrase(PHRASES.fundsNone, { names: zeros.join(FORMAT.listSeparator) }));
  return parts.join(FORMAT.clauseSeparator);
}

/** Score an indicator carries: recomputed when the engine could, else what the sheet declares. */
function effectiveScore(i: IndicatorSummary): Dec | null {
  return dec(i.recomputedScore) ?? dec(i.declaredScore);
}

export type DeviationKind = keyof typeof DEVIATION;

export interface Deviation {
  kind: DeviationKind;
  indicator: IndicatorSummary;
  facts: Facts;
}

/** True when every indicator has a weight and a score, so "no deviation" can be said with confidence. */
export function indicatorsComplete(form: FormReport): boolean {
  const list = form.indicators ?? [];
  return list.length > 0 && list.every((i) => dec(i.weight) !== null && effectiveScore(i) !== null);
}

/** Indicators that need a 偏差原因: scored below their weight, or far above a positive target. */
export function deviations(form: FormReport): Deviation[] {
  const out: Deviation[] = [];
  for (const i of form.indicators ?? []) {
    const w = dec(i.weight);
    const sc = effectiveScore(i);
    let kind: DeviationKind | null = null;
    if (i.overAchieved) kind = 'over-achieved';
    else if (w && sc && sc.lt(w)) {
      if (i.shortfall?.startsWith('差')) kind = 'under';
      else if (i.shortfall?.startsWith('超出')) kind = 'over-reverse';
      else kind = 'partial';
    }
    if (!kind) continue;
    const f: Facts = new Map();
    set(f, 'name', cleanText(i.name) || cleanText(i.level2));
    set(f, 'target', valueText(percentShown(i.target, i.actual)));
    set(f, 'actual', valueText(percentShown(i.actual, i.target)));
    set(f, 'shortfall', i.shortfall);
    if (sc) set(f, 'score', score(sc));
    if (w) set(f, 'weight', weight(w));
    f.set('todo', FORMAT.placeholderShort);
    out.push({ kind, indicator: i, facts: f });
  }
  return out;
}

/** Every fact a report template can use for one performance form. */
export function formFacts(report: Report, form: FormReport, options: FactOptions): Facts {
  const f: Facts = new Map();
  const note = options.noteCorrections;
  const unit = cleanText(form.unit);
  const projectName = cleanText(form.projectName);
  set(f, 'unit', unit);
  set(f, 'projectName', projectName);
  f.set('unitName', unit || '本单位');
  f.set('formName', projectName || unit || form.sheet);
  const basic = form.kind === 'overall' ? basicFormFor(report, form) : null;
  const year = form.year ?? basic?.year;
  if (year) {
    f.set('year', String(year));
    f.set('yearPrefix', `${year}年`);
  }
  f.set('yearLabel', year ? `${year}年度` : '本年度');

  // Budget and execution.
  const ex = form.execution;
  const budget = wan(ex?.budget, form.amountUnit);
  const initial = wan(ex?.initialBudget, form.amountUnit);
  const executed = wan(ex?.executed, form.amountUnit);
  if (budget) set(f, 'budget', amount(budget));
  if (initial) set(f, 'initialBudget', amount(initial));
  if (executed) set(f, 'executed', amount(executed));
  // A form with only a 年初预算数 says nothing of adjustments: "年中无预算调整" would be a guess.
  if (budget && initial && !ex?.budgetIsInitial) set(f, 'adjustment', adjustmentPhrase(initial, budget));
  const rate = dec(ex?.rate);
  if (rate) {
    set(f, 'rate', fmtPercent(rate));
    const declared = dec(ex?.declaredRate);
    if (note && declared && fmtPercent(declared) !== fmtPercent(rate)) set(f, 'rateNote', correction('预算执行率', fmtPercent(rate), fmtPercent(declared)));
  }
  const execScore = dec(ex?.score);
  if (execScore) {
    set(f, 'execScore', score(execScore));
    const declared = dec(ex?.declaredScore);
    if (note && declared && fmt2(declared) !== fmt2(execScore)) set(f, 'execScoreNote', correction('预算执行率得分', score(execScore), score(declared)));
  }
  const execWeight = dec(ex?.weight);
  if (execWeight) set(f, 'execWeight', weight(execWeight));
  if (budget && executed) {
    const gap = new D(fmt2(budget)).minus(new D(fmt2(executed)));
    // gt/lt, not isPositive/isNegative: decimal.js calls 0 positive, and "尚有0.00万元未执行" is not a sentence to write.
    if (gap.gt(0)) {
      set(f, 'unspent', amount(gap));
      flag(f, 'isUnderspent', true);
    } else if (gap.lt(0)) {
      set(f, 'overspent', amount(gap.abs()));
      flag(f, 'isOverspent', true);
    }
  }

  // Funds by nature.
  const funds = wanRecord(form.funds, form.amountUnit) as Record<string, string> | undefined;
  const share = (name: string, key: string, shareKey: string) => {
    const v = dec(funds?.[name]);
    if (!v) return null;
    set(f, key, amount(v));
    if (executed && executed.gt(ZERO)) set(f, shareKey, fmtPercent(v.div(executed)));
    return v;
  };
  if (form.kind === 'overall') {
    const basicSpending = share('基本支出', 'basicSpending', 'basicShare');
    share('项目支出', 'projectSpending', 'projectShare');
    set(f, 'incomeBreakdown', ((b) => (b ? `按收入性质分，${b}` : null))(breakdown(funds, INCOME, executed)));
    const gov = dec(funds?.['政府性基金拨款']);
    if (gov) {
      if (gov.isZero()) flag(f, 'isGovFundNone', true);
      else set(f, 'govFund', amount(gov));
    }
    const gp = dec(funds?.['一般公共预算']);
    flag(f, 'isAllGeneralPublic', Boolean(gp && executed && gp.gt(ZERO) && gp.minus(executed).abs().lte(TAIL)));

    // 基础数据表.
    const staffing = basic?.basic?.staffing;
    const authorised = dec(staffing?.authorised);
    const actualStaff = dec(staffing?.actual);
    if (authorised && actualStaff) {
      set(f, 'staffAuthorised', people(authorised));
      set(f, 'staffActual', people(actualStaff));
      const r = dec(staffing?.rate);
      if (r) {
        set(f, 'staffRate', fmtPercent(r));
        const declared = dec(staffing?.declaredRate);
        if (note && declared && fmtPercent(declared) !== fmtPercent(r)) set(f, 'staffRateNote', correction('在职人员控制率', fmtPercent(r), fmtPercent(declared)));
      }
    }
    const three = wanRecord(basicRow(basic, /^三公经费/), basic?.amountUnit);
    const threeActual = dec(three?.actual);
    const threeBudget = dec(three?.budget);
    const threePrevious = dec(three?.previous);
    if (threeActual) set(f, 'threeActual', amount(threeActual));
    if (threeBudget) set(f, 'threeBudget', amount(threeBudget));
    if (threeActual && threePrevious) set(f, 'threeChange', changePhrase(threePrevious, threeActual));
    const proj = wanRecord(basicRow(basic, /^项目支出/), basic?.amountUnit);
    const projActual = dec(proj?.actual);
    const projBudget = dec(proj?.budget);
    const projPrevious = dec(proj?.previous);
    if (projActual) set(f, 'projectRowActual', amount(projActual));
    if (projBudget) set(f, 'projectRowBudget', amount(projBudget));
    if (projActual && projPrevious) set(f, 'projectRowChange', changePhrase(projPrevious, projActual));
    const pub = wan(basicRow(basic, /^公用经费/)?.actual, basic?.amountUnit);
    if (basicSpending && pub) {
      const personnel = new D(fmt2(basicSpending)).minus(new D(fmt2(pub)));
      // 基本支出 = 人员经费 + 公用经费; a negative remainder means the two tables disagree: say nothing.
      if (!personnel.isNegative()) set(f, 'basicComposition', phrase(PHRASES.basicComposition, { personnel: amount(personnel), public: amount(pub) }));
    }
  } else {
    set(f, 'projectFunds', ((b) => (b ? `资金来源：${b}` : null))(breakdown(funds, PROJECT_FUNDS, executed)));
  }

  // Goals.
  set(f, 'goalsExpected', asSentence(form.goals?.expected));
  set(f, 'goalsActual', asSentence(form.goals?.actual));

  // Indicators and blocks.
  const indicators = form.indicators ?? [];
  if (indicators.length) {
    let full = 0;
    const short: string[] = [];
    for (const i of indicators) {
      const w = dec(i.weight);
      const sc = effectiveScore(i);
      if (w && sc && sc.lt(w)) short.push(phrase(PHRASES.shortItem, { name: cleanText(i.name), weight: weight(w), score: score(sc) }));
      else if (w && sc) full++;
    }
    set(f, 'indicatorCount', count(indicators.length));
    // Without the indicators' own 分值 nothing says which got full marks.
    if (!form.weights) set(f, 'indicatorsFull', count(full));
    if (short.length) {
      set(f, 'indicatorsShort', phrase(PHRASES.indicatorsShort, { count: count(short.length) }));
      set(f, 'shortCount', count(short.length));
      set(f, 'shortList', short.join(FORMAT.listSeparator));
    }
  }
  const blocks = form.blocks ?? [];
  if (blocks.length) {
    const items: string[] = [];
    const notes: string[] = [];
    for (const b of blocks) {
      const declaredWeight = dec(b.declaredWeight);
      const sum = dec(b.weightSum);
      const recomputed = dec(b.recomputedScore);
      const declaredScore = dec(b.declaredScore);
      const w = sum && !sum.isZero() ? sum : declaredWeight;
      const name = cleanText(b.name);
      // A block without a name (one 指标名称 column, no 一级指标) is no 一级指标: "得分应为…" without a subject would read as
      // the 自评总分.
      if (!name || !w || !recomputed) continue;
      items.push(phrase(PHRASES.blockItem, { name, weight: weight(w), score: score(recomputed) }));
      if (note && declaredWeight && sum && !form.weights && fmt2(declaredWeight) !== fmt2(sum)) {
        notes.push(phrase(PHRASES.weightMismatch, { block: name, sum: weight(sum), declared: weight(declaredWeight) }));
      }
      if (note && declaredScore && fmt2(declaredScore) !== fmt2(recomputed)) {
        notes.push(correction(`${name}得分`, score(recomputed), score(declaredScore)));
      }
    }
    if (items.length) set(f, 'blockList', PHRASES.blocksIntro + items.join(FORMAT.clauseSeparator));
    if (notes.length) set(f, 'blockNotes', notes.join(''));
  }

  // Total and grade: only when something was scored (an empty form recomputes to 0, which says nothing).
  const anyScore = Boolean(execScore) || indicators.some((i) => effectiveScore(i) !== null);
  const total = anyScore ? dec(form.total?.recomputed) : null;
  if (total) {
    set(f, 'total', score(total));
    const declared = dec(form.total?.declared);
    if (note && declared && fmt2(declared) !== fmt2(total)) set(f, 'totalNote', correction('总分', score(total), score(declared)));
  }
  const grade = total ? form.grade?.recomputed : null;
  if (grade) {
    set(f, 'grade', quote(grade));
    const declared = form.grade?.declared;
    if (note && declared && declared !== grade) set(f, 'gradeNote', correction('评价等级', quote(grade), quote(declared)));
  }
  return f;
}

// Recomputes 执行率, 执行率得分, indicator scores, total and grade (domain.md §3), exactly, in decimal.
import { D, gt, gte, isComparisonValue, lte, normalizeLabel, round2, sumBy, type Dec, type IndicatorValue } from '../values';
import type { BasicDataForm, ExecutionResult, IndicatorRow, IndicatorScore, PerformanceComputed, PerformanceForm } from '../forms/model';
import { readDeclaredRate } from './declared';
import { CheckMemo, MEMO_LIMIT, type PolicyNumbers } from '../memo';
import { numValue } from '../forms/fields';
import type { ScoringPolicy } from './policy';

const ZERO = new D(0);
const CENT = new D('0.01');

/** Policy thresholds as decimals, parsed once per policy in a check. */
function numbersOf(policy: ScoringPolicy, memo: CheckMemo): PolicyNumbers {
  let n = memo.policies.get(policy);
  if (!n) {
    n = { tier1: new D(policy.qualitativeBands.tier1Min), tier2: new D(policy.qualitativeBands.tier2Min), over: new D(policy.overAchievementThreshold), overOf: new WeakMap(), bandsOf: new WeakMap() };
    memo.policies.set(policy, n);
  }
  return n;
}
const ONE = new D(1);
const HUNDRED = new D(100);

/** Why 预算数/执行数 give no rate: 预算数 0 with spending, a negative 预算数 or 执行数; null when fine. */
export function budgetProblemOf(executed: Dec | null, budget: Dec | null): PerformanceComputed['budgetProblem'] {
  if (!budget || !executed) return budget && budget.isNegative() ? 'negative-budget' : null;
  if (budget.isNegative()) return 'negative-budget';
  if (budget.isZero()) return executed.isZero() ? null : 'zero-budget';
  if (executed.isNegative()) return 'negative-executed';
  return null;
}

/**
 * 执行率得分 with its method: proportional (分值 × min(执行率, 100%), from the unrounded rate) or stepped
 * (the share of the step the rate falls in). The result is 2 dp half-up.
 */
export function executionResult(executed: Dec, budget: Dec, weight: Dec, policy: ScoringPolicy): ExecutionResult {
  const rate = executed.div(budget);
  if (policy.executionScoring === 'stepped') {
    let upper: Dec | null = null;
    for (const step of policy.executionSteps) {
      const min = new D(step.min);
      if (rate.gte(min)) {
        const share = new D(step.share);
        return { score: round2(weight.mul(share)), weight, rate, executed, budget, branch: 'stepped', capped: false, step: { min, share }, stepUpper: upper };
      }
      upper = min;
    }
    return { score: ZERO, weight, rate, executed, budget, branch: 'stepped', capped: false, step: null, stepUpper: upper };
  }
  const capped = gt(rate, ONE);
  const used = capped ? ONE : rate.isNegative() ? ZERO : rate;
  return { score: round2(weight.mul(used)), weight, rate, executed, budget, branch: 'proportional', capped };
}

export function gradeOf(total: Dec, policy: ScoringPolicy): string {
  const t = round2(total);
  for (const band of policy.gradeBands) if (t.gte(band.min)) return band.grade;
  return policy.gradeBands[policy.gradeBands.length - 1]?.grade ?? '';
}

type Direction = 'positive' | 'reverse' | 'equal';

function directionFromOperator(op: string | null): Direction | null {
  if (!op) return null;
  const s = normalizeLabel(op);
  if (/^(≥|>=|>|＞|≧|不低于|不少于|大于|高于|正向|至少)/.test(s)) return 'positive';
  if (/^(≤|<=|<|＜|≦|不高于|不超过|小于|低于|反向)/.test(s)) return 'reverse';
  if (/^(=|＝|等于|定量|等值)/.test(s)) return 'equal';
  return null;
}

/** Text says which qualitative tier an actual falls in (domain.md §3); null when it says nothing. */
export function qualitativeTier(actual: string, target: string): 1 | 2 | 3 | null {
  const a = normalizeLabel(actual);
  if (!a) return null;
  if (/(未达成|未完成|未达到|未实现|没有完成|没有达到|未能|效果较差|较差|未开展|未落实|未按时)/.test(a)) return 3;
  if (/(部分|基本完成|基本达成|基本实现|基本达到|一定效果|大部分|初步)/.test(a)) return 2;
  const t = normalizeLabel(target);
  if (t && (a === t || a.includes(t))) return 1;
  if (/(达成|完成|全面|按时|及时|已|实现|达到|满意|提升|提高|促进|加强|完善|常态化|未发生|未出现|无事故|全力推进|保障|应保尽保)/.test(a)) return 1;
  return null;
}

type Band = { min: Dec; max: Dec; tier: 1 | 2 | 3 };

/** The score range of a qualitative tier; computed once per 分值 instance (forms repeat the same few 分值). */
export function qualitativeBand(weight: Dec, tier: 1 | 2 | 3, policy: ScoringPolicy, memo: CheckMemo = new CheckMemo()): Band {
  const n = numbersOf(policy, memo);
  let bands = n.bandsOf.get(weight);
  if (!bands) {
    bands = [];
    n.bandsOf.set(weight, bands);
  }
  return (bands[tier] ??= computeBand(weight, tier, n));
}

function computeBand(weight: Dec, tier: 1 | 2 | 3, n: PolicyNumbers): Band {
  const t1 = weight.mul(n.tier1);
  const t2 = weight.mul(n.tier2);
  if (tier === 1) return { min: round2(t1), max: weight, tier };
  if (tier === 2) return { min: round2(t2), max: round2(t1).minus(CENT), tier };
  return { min: ZERO, max: round2(t2).minus(CENT), tier };
}

/** Brings target and actual to a common scale; null when their units cannot be reconciled. */
function comparable(target: IndicatorValue, actual: IndicatorValue, unitColumn: string | null): { t: Dec; a: Dec; percent: boolean } | null {
  let t = target.value!;
  let a = actual.value!;
  const unitCol = unitColumn ? unitColumn.normalize('NFKC').trim() : '';
  const percentCol = unitCol === '%';
  const tPct = target.percent || percentCol;
  const aPct = actual.percent || percentCol;
  // A bare number next to a percent: ≤ 1 is a fraction ("1" means 100%), above 1 is percent points.
  if (tPct && !target.percent && target.bare && gt(t, ONE)) t = t.div(HUNDRED);
  if (aPct && !actual.percent && actual.bare && gt(a, ONE)) a = a.div(HUNDRED);
  if (target.percent && !aPct && actual.bare && gt(a, ONE)) a = a.div(HUNDRED);
  if (actual.percent && !tPct && target.bare && gt(t, ONE)) t = t.div(HUNDRED);
  if (tPct || aPct || target.percent || actual.percent) return { t, a, percent: true };
  const tu = target.unit;
  const au = actual.unit;
  if (tu && au && tu !== au) return null;
  return { t, a, percent: false };
}

function unscoredRow(memo: CheckMemo, declared: Dec | null, notMeasurable?: IndicatorScore['notMeasurable']): IndicatorScore {
  if (!notMeasurable) return sharedGet(memo, 'unscored', declared) ?? sharedPut(memo, 'unscored', declared, { method: 'unscored', score: null, carried: declared });
  return { method: 'unscored', score: null, carried: declared, notMeasurable };
}

/** One indicator's recomputed score; `memo` is the check's (a fresh one when scoring a row on its own). */
export function scoreIndicator(row: IndicatorRow, policy: ScoringPolicy, memo: CheckMemo = new CheckMemo()): IndicatorScore {
  const weight = numValue(row.weight);
  const declared = numValue(row.score);
  if (!weight || weight.isNegative()) return unscoredRow(memo, declared);
  const coefficient = numValue(row.coefficient);
  if (coefficient && row.coefficient?.read) {
    const c = row.coefficient.read.percent || lte(coefficient, ONE) ? coefficient : coefficient.div(HUNDRED);
    const s = round2(weight.mul(c));
    return { method: 'coefficient', score: s, carried: s, formula: { kind: 'coefficient', weight, coefficient: c } };
  }
  const { target, actual } = row;
  const direction = directionFromOperator(row.operator) ?? (target.direction as Direction | undefined) ?? 'equal';
  if (target.kind === 'quantity' && target.value) {
    if (actual.kind === 'multi') return unscoredRow(memo, declared, 'multi');
    if (actual.kind === 'quantity' && isComparisonValue(actual)) return unscoredRow(memo, declared, 'comparison');
    if (actual.kind === 'quantity' && actual.value) {
      const pair = comparable(target, actual, row.unit);
      if (!pair) return unscoredRow(memo, declared, 'unit-mismatch');
      return scoreQuantity(pair.t, pair.a, weight, direction, policy, target.unit || actual.unit, pair.percent, memo);
    }
    if (actual.kind === 'text') return scoreQualitative(row, weight, declared, policy, memo);
    return unscoredRow(memo, declared);
  }
  if (target.kind === 'text' || target.kind === 'empty') {
    if (actual.kind === 'empty') return unscoredRow(memo, declared);
    return scoreQualitative(row, weight, declared, policy, memo);
  }
  if (target.kind === 'multi') return scoreQualitative(row, weight, declared, policy, memo);
  return unscoredRow(memo, declared);
}

// Forms repeat the same actual/target texts row after row: the tier of a text pair is worked out once
// per check instead of normalising both texts on every row. Most rows also score the same way as many
// others (full marks on a shared 分值 instance, a qualitative band, a carried declared score): those
// results are shared, read-only objects, made once per check (memo.shared).
function sharedGet(memo: CheckMemo, kind: unknown, key: unknown): IndicatorScore | undefined {
  return memo.shared.get(kind)?.get(key);
}

function sharedPut(memo: CheckMemo, kind: unknown, key: unknown, v: IndicatorScore): IndicatorScore {
  let byKey = memo.shared.get(kind);
  if (!byKey) {
    byKey = new Map();
    memo.shared.set(kind, byKey);
  }
  if (byKey.size < MEMO_LIMIT) byKey.set(key, v);
  return v;
}

function tierOf(actual: IndicatorValue, target: IndicatorValue, memo: CheckMemo): 1 | 2 | 3 | null {
  let byTarget = memo.tiers.get(actual.text);
  let t = byTarget?.get(target.text);
  if (t === undefined) {
    t = qualitativeTier(actual.text, target.text) ?? 0;
    if (memo.tierCount++ < MEMO_LIMIT) {
      if (!byTarget) {
        byTarget = new Map();
        memo.tiers.set(actual.text, byTarget);
      }
      byTarget.set(target.text, t);
    }
  }
  return t === 0 ? null : t;
}

function scoreQualitative(row: IndicatorRow, weight: Dec, declared: Dec | null, policy: ScoringPolicy, memo: CheckMemo): IndicatorScore {
  const tier = tierOf(row.actual, row.target, memo);
  if (!tier) return { method: 'qualitative', score: null, carried: declared };
  const band = qualitativeBand(weight, tier, policy, memo);
  return sharedGet(memo, band, declared) ?? sharedPut(memo, band, declared, { method: 'qualitative', score: null, band, carried: declared, met: tier === 1 });
}

function scoreQuantity(t: Dec, a: Dec, weight: Dec, direction: Direction, policy: ScoringPolicy, unit: string, percent: boolean, memo: CheckMemo): IndicatorScore {
  const method = direction;
  const clamp = (x: Dec) => round2(gt(x, weight) ? weight : x.isNegative() ? ZERO : x);
  const full = round2(weight);
  if (direction === 'reverse') {
    if (lte(a, t)) return sharedGet(memo, 'reverse-met', full) ?? sharedPut(memo, 'reverse-met', full, { method, score: full, carried: full, met: true, formula: { kind: 'full', weight: full } });
    let s: Dec;
    let formula: IndicatorScore['formula'];
    if (t.isZero()) {
      s = ZERO;
      formula = { kind: 'zero-target', weight };
    } else if (policy.reverseFormula === 'linear') {
      s = ONE.minus(a.minus(t).div(t)).mul(weight);
      formula = { kind: 'reverse-linear', weight, target: t, actual: a, percent };
    } else {
      s = t.div(a).mul(weight);
      formula = { kind: 'reverse-ratio', weight, target: t, actual: a, percent };
    }
    const score = clamp(s);
    return { method, score, carried: score, met: false, shortfall: describeGap(a.minus(t), unit, 'over'), formula };
  }
  // positive and equal: below target scores in proportion; at or above target is met.
  if (lte(t, ZERO) || gte(a, t)) {
    // Multiplying instead of dividing: the ratio itself is only needed to explain an over-achievement.
    const over = gt(t, ZERO) && gte(a, overThreshold(t, numbersOf(policy, memo)));
    if (!over) return sharedGet(memo, method, full) ?? sharedPut(memo, method, full, { method, score: full, carried: full, met: true, overAchieved: false, formula: { kind: 'full', weight: full } });
    return { method, score: full, carried: full, met: true, overAchieved: true, ratio: a.div(t), formula: { kind: 'full', weight: full } };
  }
  const ratio = a.div(t);
  const score = clamp(ratio.mul(weight));
  return { method, score, carried: score, met: false, ratio, shortfall: describeGap(t.minus(a), unit, 'under'), formula: { kind: 'ratio', weight, target: t, actual: a, percent } };
}

function overThreshold(t: Dec, n: PolicyNumbers): Dec {
  let v = n.overOf.get(t);
  if (v === undefined) {
    v = t.mul(n.over);
    n.overOf.set(t, v);
  }
  return v;
}

function describeGap(gap: Dec, unit: string, kind: 'under' | 'over'): string {
  const u = unit === '%' ? '个百分点' : unit;
  const v = unit === '%' ? gap.mul(HUNDRED) : gap;
  const s = v.toDecimalPlaces(2).toString();
  return kind === 'under' ? `差${s}${u}` : `超出${s}${u}`;
}

/** Recomputes a form; `memo` is the check's caches (a fresh one when computing a form on its own). */
export function computePerformance(form: PerformanceForm, policy: ScoringPolicy, memo: CheckMemo = new CheckMemo()): PerformanceComputed {
  const b = form.budget;
  const executed = numValue(b?.executed);
  const planned = numValue(b?.planned);
  const budgetProblem = budgetProblemOf(executed, planned);
  const executionWeight = numValue(b?.weight) ?? b?.headerWeight ?? (b ? new D(10) : null);
  const declaredExec = numValue(b?.score);
  const execution = executed && planned && executionWeight && !budgetProblem && !planned.isZero()
    ? executionResult(executed, planned, executionWeight, policy) : null;
  const rate = execution ? execution.rate : null;
  const executionScoreValue = execution ? execution.score : null;
  const declaredRate = readDeclaredRate(b?.rate, { recomputed: rate, score: declaredExec, weight: executionWeight });
  // A form that scores nothing (no 分值/得分 columns) keeps its 执行率 but has no 执行率得分, indicator score or total.
  const scoreless = form.unchecked.some((u) => u.part === 'indicator-scores');
  let indicatorSum = ZERO;
  let declaredSum = declaredExec ?? ZERO;
  let weightSum = ZERO;
  const blockSums: PerformanceComputed['blockSums'] = [];
  for (const block of form.blocks) {
    let weighted = 0;
    for (const row of block.rows) {
      row.computed = form.framework === 'old' || scoreless ? { method: 'unscored', score: null, carried: numValue(row.score) } : scoreIndicator(row, policy, memo);
      if (numValue(row.weight)) weighted++;
    }
    const bw = sumBy(block.rows, (r) => numValue(r.weight));
    const bd = sumBy(block.rows, (r) => numValue(r.score));
    const bc = sumBy(block.rows, (r) => r.computed!.carried);
    blockSums.push({ weight: bw, declared: bd, carried: bc, weighted });
    indicatorSum = indicatorSum.plus(bc);
    declaredSum = declaredSum.plus(bd);
    weightSum = weightSum.plus(bw);
  }
  const execPart = form.framework === 'old' ? declaredExec : executionScoreValue ?? declaredExec;
  // A budget block whose 执行率得分 could not be identified (no 年度资金总额 row, no 得分 column) leaves the total
  // unknown: adding 0 for it would make the indicators' sum look like the total and call a right total wrong.
  const totalUnknown = form.framework !== 'old' && b !== null && execPart === null
    && form.unchecked.some((u) => u.part === 'execution-rate' || u.part === 'execution-score');
  const total = totalUnknown || scoreless ? null : round2(indicatorSum.plus(execPart ?? ZERO));
  return {
    rate,
    execution,
    declaredRate,
    budgetProblem,
    executionScore: scoreless ? null : executionScoreValue,
    executionWeight: scoreless ? null : executionWeight,
    indicatorSum,
    total,
    grade: total ? gradeOf(total, policy) : null,
    declaredPartsSum: round2(declaredSum),
    blockSums,
    weightSum,
  };
}

/** 在职人员控制率 of a 基础数据表: recomputed (在职 ÷ 编制) and declared, read once with its scale. */
export function computeBasic(form: BasicDataForm): NonNullable<BasicDataForm['computed']> {
  const s = form.staffing;
  const authorised = numValue(s?.authorised);
  const actual = numValue(s?.actual);
  const staffingRate = authorised && actual && authorised.gt(ZERO) ? actual.div(authorised) : null;
  return { staffingRate, declaredStaffingRate: readDeclaredRate(s?.rate, { recomputed: staffingRate }) };
}

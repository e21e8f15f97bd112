// Explanations generated from the method data of the figure they explain (issue 11): the operands are
// shown at the precision the arithmetic needs, so "分值 × 执行率" always reproduces the score it states,
// under every policy. Each explanation also returns the value its shown operands give, for the tests.
import { D, round2, type Dec } from '../values';
import type { ExecutionResult, IndicatorScore } from '../forms/model';

export interface Explanation {
  /** zh-CN, e.g. "分值 10.00 × 执行率 96.648%". */
  text: string;
  /** The figure the shown operands give, rounded half-up to 2 dp (equals the explained score). */
  value: Dec;
}

const ONE = new D(1);
const ZERO = new D(0);
const HUNDRED = new D(100);

/** A fraction shown as percent points with `dp` decimals: 0.96648 → "96.648%" at 3. */
function pctText(fraction: Dec, dp: number): string {
  return `${fraction.mul(HUNDRED).toFixed(dp)}%`;
}

/** The shown percent back as a fraction (what a reader computes with). */
function pctValue(fraction: Dec, dp: number): Dec {
  return new D(fraction.mul(HUNDRED).toFixed(dp)).div(HUNDRED);
}

/** The fewest decimals (2 to 8) at which `ok` holds for the shown rate; 8 otherwise. */
function precisionFor(ok: (dp: number) => boolean): number {
  for (let dp = 2; dp < 8; dp++) if (ok(dp)) return dp;
  return 8;
}

/** A plain decimal without trailing zeros, at most 6 decimals (operands as the sheet holds them). */
function num(d: Dec): string {
  return d.toDecimalPlaces(6).toString();
}

export function explainExecutionScore(e: ExecutionResult): Explanation {
  const w = e.weight;
  const wText = w.toFixed(2);
  if (e.branch === 'stepped') {
    const step = e.step;
    const upper = e.stepUpper;
    // Show the rate precisely enough that it visibly falls in its band.
    const inBand = (dp: number) => {
      const shown = pctValue(e.rate, dp);
      return (!step || shown.gte(step.min)) && (!upper || shown.lt(upper));
    };
    const dp = precisionFor(inBand);
    const rateText = pctText(e.rate, dp);
    if (!step) return { text: `执行率 ${rateText} 低于最低一档，按分档计分得 0 分`, value: ZERO };
    const band = upper ? `不低于 ${pctText(step.min, 0)}、低于 ${pctText(upper, 0)}` : `不低于 ${pctText(step.min, 0)}`;
    const value = round2(w.mul(step.share));
    return { text: `执行率 ${rateText} ${band}，按分档计分得分值的 ${num(step.share.mul(HUNDRED))}%：${wText} × ${num(step.share.mul(HUNDRED))}%`, value };
  }
  if (e.capped) return { text: `执行率 ${pctText(e.rate, 2)} 超过 100%，按 100% 计：分值 ${wText} × 100%`, value: round2(w) };
  if (e.rate.isNegative()) return { text: `执行率为负数，按 0 计`, value: ZERO };
  const dp = precisionFor((d) => round2(w.mul(pctValue(e.rate, d))).eq(e.score));
  return { text: `分值 ${wText} × 执行率 ${pctText(e.rate, dp)}`, value: round2(w.mul(pctValue(e.rate, dp))) };
}

/** An operand of an indicator formula: percent indicators are shown in percent, others as held. */
function operand(d: Dec, percent: boolean): { text: string; value: Dec } {
  if (!percent) return { text: num(d), value: new D(num(d)) };
  const p = d.mul(HUNDRED).toDecimalPlaces(6);
  return { text: `${p.toString()}%`, value: p.div(HUNDRED) };
}

function clampTo(weight: Dec, x: Dec): { value: Dec; note: string } {
  if (x.gt(weight)) return { value: round2(weight), note: '，不超过分值' };
  if (x.isNegative()) return { value: ZERO, note: '，不低于 0 分' };
  return { value: round2(x), note: '' };
}

/** The arithmetic of a recomputed indicator score, or null when it was not computed by a formula. */
export function explainIndicatorScore(s: IndicatorScore): Explanation | null {
  const f = s.formula;
  if (!f || !s.score) return null;
  const w = f.weight;
  const wText = w.toFixed(2);
  if (f.kind === 'full') return { text: `已达到指标值，得满分 ${wText}`, value: round2(w) };
  if (f.kind === 'zero-target') return { text: `指标值为 0 而实际超出，得 0 分`, value: ZERO };
  if (f.kind === 'coefficient') {
    // The coefficient is a share (normalised in compute); shown in percent as the 得分系数(%) column shows it.
    const c = operand(f.coefficient, true);
    const r = clampTo(w, w.mul(c.value));
    return { text: `得分系数 ${c.text} × 分值 ${wText}${r.note}`, value: r.value };
  }
  const t = operand(f.target, f.percent);
  const a = operand(f.actual, f.percent);
  if (f.kind === 'ratio') {
    const r = clampTo(w, a.value.div(t.value).mul(w));
    return { text: `实际值 ${a.text} ÷ 指标值 ${t.text} × 分值 ${wText}${r.note}`, value: r.value };
  }
  if (f.kind === 'reverse-ratio') {
    const r = clampTo(w, t.value.div(a.value).mul(w));
    return { text: `反向指标：指标值 ${t.text} ÷ 实际值 ${a.text} × 分值 ${wText}${r.note}`, value: r.value };
  }
  const r = clampTo(w, ONE.minus(a.value.minus(t.value).div(t.value)).mul(w));
  return { text: `反向指标按线性扣分：(1 − (实际值 ${a.text} − 指标值 ${t.text}) ÷ 指标值 ${t.text}) × 分值 ${wText}${r.note}`, value: r.value };
}

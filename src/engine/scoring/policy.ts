// The scoring policy: every rule that varies between provinces, as one validated data object.
// Presets are readable by a reviewer; a JSON file may override any field on top of a preset.

export interface ExecutionStep {
  /** Lower bound of the execution rate, as a fraction ("0.8" = 80%). */
  min: string;
  /** Share of the execution 分值 awarded at or above min ("0.7" = 7 of 10). */
  share: string;
}

export interface GradeBand {
  /** Lower bound of the total score for this grade. */
  min: string;
  grade: string;
}

export interface ScoringPolicy {
  name: string;
  /** zh-CN description shown in the settings panel. */
  label: string;
  /** Reverse indicators not met: "ratio" = 指标值 ÷ 实际 × 分值; "linear" = (1 − (实际 − 指标值) ÷ 指标值) × 分值. */
  reverseFormula: 'ratio' | 'linear';
  /** Qualitative tiers: tier 1 is [tier1Min, 100%], tier 2 [tier2Min, tier1Min), tier 3 [0, tier2Min). */
  qualitativeBands: { tier1Min: string; tier2Min: string };
  /** A positive indicator whose actual reaches this multiple of its target needs an explanation. */
  overAchievementThreshold: string;
  /** 执行率得分: "proportional" = 分值 × min(执行率, 100%); "stepped" uses executionSteps. */
  executionScoring: 'proportional' | 'stepped';
  executionSteps: ExecutionStep[];
  /** Sums of amounts off by at most this are rounding tails (warning), more is an error. */
  sumTolerance: string;
  gradeBands: GradeBand[];
}

export const DEFAULT_POLICY: ScoringPolicy = {
  name: 'default',
  label: '默认（财预〔2020〕10号）：反向指标按比例，定性80/60，超额120%，执行率按比例',
  reverseFormula: 'ratio',
  qualitativeBands: { tier1Min: '0.8', tier2Min: '0.6' },
  overAchievementThreshold: '1.2',
  executionScoring: 'proportional',
  executionSteps: [
    { min: '1', share: '1' },
    { min: '0.8', share: '0.7' },
    { min: '0.6', share: '0.5' },
    { min: '0', share: '0' },
  ],
  sumTolerance: '0.01',
  gradeBands: [
    { min: '90', grade: '优' },
    { min: '80', grade: '良' },
    { min: '60', grade: '中' },
    { min: '0', grade: '差' },
  ],
};

export const POLICY_PRESETS: Record<string, ScoringPolicy> = {
  default: DEFAULT_POLICY,
  linear: {
    ...DEFAULT_POLICY,
    name: 'linear',
    label: '反向指标线性扣分：(1 −（实际 − 指标值）÷ 指标值) × 分值，达到指标值两倍得0分',
    reverseFormula: 'linear',
  },
  'bands-80-50': {
    ...DEFAULT_POLICY,
    name: 'bands-80-50',
    label: '定性指标分档 80/50：部分达成 [50%, 80%)，未达成 [0, 50%)',
    qualitativeBands: { tier1Min: '0.8', tier2Min: '0.5' },
  },
  'over-130': {
    ...DEFAULT_POLICY,
    name: 'over-130',
    label: '超额完成阈值 130%：实际达到指标值130%及以上须说明原因',
    overAchievementThreshold: '1.3',
  },
  stepped: {
    ...DEFAULT_POLICY,
    name: 'stepped',
    label: '执行率分档计分：100%得满分，[80%,100%) 得7/10，[60%,80%) 得5/10，60%以下0分',
    executionScoring: 'stepped',
  },
};

/** A preset by name, own keys only: "constructor", "toString", "__proto__" are not presets. */
export function presetByName(name: unknown): ScoringPolicy | undefined {
  return typeof name === 'string' && Object.hasOwn(POLICY_PRESETS, name) ? POLICY_PRESETS[name] : undefined;
}

export type PolicyResult = { ok: true; policy: ScoringPolicy } | { ok: false; errors: string[] };

const DECIMAL_RE = /^-?\d+(\.\d+)?$/;

function isDecimalString(v: unknown): v is string {
  return typeof v === 'string' && DECIMAL_RE.test(v);
}

/**
 * Builds a policy from a preset name or a partial object (`{"extends": "linear", "sumTolerance": "0.02"}`),
 * validating every field. Numbers given as JSON numbers are accepted and turned into strings.
 * Errors are zh-CN sentences naming the field.
 */
export function resolvePolicy(input: string | Record<string, unknown> | undefined | null): PolicyResult {
  if (input === undefined || input === null || input === '') return { ok: true, policy: DEFAULT_POLICY };
  if (typeof input === 'string') {
    const preset = presetByName(input);
    if (preset) return { ok: true, policy: preset };
    return {
      ok: false,
      errors: [`未知的评分规则预设“${input}”。可用：${Object.keys(POLICY_PRESETS).join('、')}。`],
    };
  }
  if (typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, errors: ['评分规则必须是 JSON 对象。'] };
  }
  const errors: string[] = [];
  const baseName = input.extends ?? 'default';
  const base = presetByName(baseName);
  if (!base) {
    return { ok: false, errors: [`extends：未知的预设“${String(baseName)}”。可用：${Object.keys(POLICY_PRESETS).join('、')}。`] };
  }
  const known = new Set([...Object.keys(DEFAULT_POLICY), 'extends']);
  for (const key of Object.keys(input)) {
    if (!known.has(key)) errors.push(`未知字段“${key}”。`);
  }
  const dec = (v: unknown): unknown => (typeof v === 'number' && Number.isFinite(v) ? String(v) : v);
  const policy: ScoringPolicy = {
    ...base,
    name: typeof input.name === 'string' ? input.name : `${base.name}+custom`,
    label: typeof input.label === 'string' ? input.label : `${base.label}（自定义）`,
  };
  if (input.reverseFormula !== undefined) {
    if (input.reverseFormula === 'ratio' || input.reverseFormula === 'linear') policy.reverseFormula = input.reverseFormula;
    else errors.push('reverseFormula 只能是 "ratio" 或 "linear"。');
  }
  if (input.executionScoring !== undefined) {
    if (input.executionScoring === 'proportional' || input.executionScoring === 'stepped') policy.executionScoring = input.executionScoring;
    else errors.push('executionScoring 只能是 "proportional" 或 "stepped"。');
  }
  const fraction = (field: string, v: unknown, max = '1'): string | undefined => {
    const s = dec(v);
    if (!isDecimalString(s) || Number(s) < 0 || Number(s) > Number(max)) {
      errors.push(`${field} 必须是 0 到 ${max} 之间的小数。`);
      return undefined;
    }
    return s;
  };
  if (input.qualitativeBands !== undefined) {
    const b = input.qualitativeBands as Record<string, unknown>;
    const t1 = fraction('qualitativeBands.tier1Min', b?.tier1Min ?? base.qualitativeBands.tier1Min);
    const t2 = fraction('qualitativeBands.tier2Min', b?.tier2Min ?? base.qualitativeBands.tier2Min);
    if (t1 && t2) {
      if (Number(t2) > Number(t1)) errors.push('qualitativeBands.tier2Min 不能大于 tier1Min。');
      else policy.qualitativeBands = { tier1Min: t1, tier2Min: t2 };
    }
  }
  if (input.overAchievementThreshold !== undefined) {
    const t = fraction('overAchievementThreshold', input.overAchievementThreshold, '10');
    if (t) {
      if (Number(t) <= 1) errors.push('overAchievementThreshold 必须大于 1（例如 1.2 表示 120%）。');
      else policy.overAchievementThreshold = t;
    }
  }
  if (input.sumTolerance !== undefined) {
    const t = fraction('sumTolerance', input.sumTolerance, '1000');
    if (t) policy.sumTolerance = t;
  }
  if (input.executionSteps !== undefined) {
    if (!Array.isArray(input.executionSteps) || input.executionSteps.length === 0) {
      errors.push('executionSteps 必须是非空数组。');
    } else {
      const steps: ExecutionStep[] = [];
      input.executionSteps.forEach((s: unknown, i: number) => {
        const o = s as Record<string, unknown>;
        const min = fraction(`executionSteps[${i}].min`, o?.min, '10');
        const share = fraction(`executionSteps[${i}].share`, o?.share);
        if (min && share) steps.push({ min, share });
      });
      steps.sort((a, b) => Number(b.min) - Number(a.min));
      policy.executionSteps = steps;
    }
  }
  if (input.gradeBands !== undefined) {
    if (!Array.isArray(input.gradeBands) || input.gradeBands.length === 0) {
      errors.push('gradeBands 必须是非空数组。');
    } else {
      const bands: GradeBand[] = [];
      input.gradeBands.forEach((g: unknown, i: number) => {
        const o = g as Record<string, unknown>;
        const min = fraction(`gradeBands[${i}].min`, o?.min, '1000');
        if (typeof o?.grade !== 'string' || o.grade === '') errors.push(`gradeBands[${i}].grade 必须是非空文字。`);
        else if (min) bands.push({ min, grade: o.grade });
      });
      bands.sort((a, b) => Number(b.min) - Number(a.min));
      policy.gradeBands = bands;
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, policy };
}

import { describe, expect, it } from 'vitest';
import Decimal from 'decimal.js';
import { barPercent, differs, fixed2, maxOf, percent, plain, presetShortName } from '../../src/taskpane/format';
import { POLICY_PRESETS } from '../../src/engine';

describe('pane number display', () => {
  it('formats scores half-up to 2 decimals without float noise', () => {
    expect(fixed2('9.665')).toBe('9.67');
    expect(fixed2('9.15088499999996')).toBe('9.15');
    expect(fixed2('40')).toBe('40.00');
    expect(fixed2(null)).toBe('—');
    expect(fixed2('未填')).toBe('未填');
  });
  it('shows fractions as 2-decimal percents', () => {
    expect(percent('0.9661907')).toBe('96.62%');
    expect(percent('0.923076')).toBe('92.31%');
    expect(percent('1')).toBe('100.00%');
    expect(percent(undefined)).toBe('—');
  });
  it('drops needless decimals from weights', () => {
    expect(plain('40.00')).toBe('40');
    expect(plain('12.50')).toBe('12.5');
  });
  it('compares declared and recomputed at display precision', () => {
    expect(differs('9.68', '9.66')).toBe(true);
    expect(differs('9.660', '9.66')).toBe(false);
    // A raw fraction that shows as the same percent is not a difference in the summary.
    expect(differs('0.9661907', '0.9662', true)).toBe(false);
    expect(differs('0.9230', '0.9231', true)).toBe(true);
    // Missing declared values are left to the findings.
    expect(differs(null, '9.66')).toBe(false);
    expect(differs('优', '良')).toBe(true);
  });
  it('scales bars against the largest value and clamps', () => {
    const max = maxOf(['40', '28.00', null, '12']);
    expect(max.eq(new Decimal(40))).toBe(true);
    expect(barPercent('10', max)).toBe(25);
    expect(barPercent('50', max)).toBe(100);
    expect(barPercent('-1', max)).toBe(0);
    expect(barPercent('x', max)).toBe(0);
    expect(barPercent('1', new Decimal(0))).toBe(0);
  });
});

describe('preset names in the settings select', () => {
  it('uses each preset label up to its colon, all in Chinese and distinct', () => {
    const names = Object.keys(POLICY_PRESETS).map(presetShortName);
    expect(names[0]).toBe('默认（财预〔2020〕10号）');
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/[\u4e00-\u9fff]/);
  });
});

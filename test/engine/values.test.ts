import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  D,
  cellText,
  cmp,
  eq,
  gt,
  gte,
  lt,
  lte,
  sumBy,
  fmt2,
  fmtAmount,
  fmtPercent,
  formatLiteral,
  isComparisonValue,
  isEmptyText,
  isErrorValue,
  isPercentFormat,
  normalizeLabel,
  parseIndicatorValue,
  readNumber,
  round2,
  toDec,
  toFixed4,
  type IndicatorValue,
} from '../../src/engine/values';

/** Compact view of a parsed indicator value for assertions. */
function iv(v: Parameters<typeof parseIndicatorValue>[0], fmt?: string | null) {
  const r = parseIndicatorValue(v, fmt);
  return {
    kind: r.kind,
    op: r.op,
    direction: r.direction,
    value: r.value?.toString(),
    unit: r.unit,
    percent: r.percent,
    bare: r.bare,
    numberCount: r.numberCount,
  };
}

describe('D and formatting helpers', () => {
  it('is configured for 40 digits and half-up', () => {
    expect(D.precision).toBe(40);
    expect(D.rounding).toBe(D.ROUND_HALF_UP);
    expect(new D('0.1').plus('0.2').toString()).toBe('0.3');
    expect(new D(1).div(3).toString()).toBe('0.' + '3'.repeat(40));
    // plain notation for small and large values
    expect(new D('1e-7').toString()).toBe('0.0000001');
    expect(new D('1e21').toString()).toBe('1000000000000000000000');
  });

  it('round2 rounds half-up (四舍五入), away from zero', () => {
    expect(round2(new D('2.345')).toString()).toBe('2.35');
    expect(round2(new D('2.344')).toString()).toBe('2.34');
    expect(round2(new D('-2.345')).toString()).toBe('-2.35');
    // the float 9.665 would round to 9.66 with Number#toFixed; decimal rounding of its shortest form gives 9.67
    expect(round2(new D(9.665)).toString()).toBe('9.67');
    expect(round2(new D('10')).toString()).toBe('10');
    expect(round2('abc').isNaN()).toBe(true);
  });

  it('fmt2 always shows two decimals and never "-0.00"', () => {
    expect(fmt2(new D('9.66'))).toBe('9.66');
    expect(fmt2(new D('9.665'))).toBe('9.67');
    expect(fmt2(new D(10))).toBe('10.00');
    expect(fmt2(new D('-0.001'))).toBe('0.00');
    expect(fmt2(new D('-0.005'))).toBe('-0.01');
    expect(fmt2(new D('0.966190794699218').times(10))).toBe('9.66');
    expect(fmt2(new D(NaN))).toBe('');
    expect(fmt2('not a number')).toBe('');
  });

  it('fmtPercent shows a fraction as a 2-decimal percent', () => {
    expect(fmtPercent(new D('0.9661907'))).toBe('96.62%');
    expect(fmtPercent(new D(12).div(13))).toBe('92.31%');
    expect(fmtPercent(new D(1))).toBe('100.00%');
    expect(fmtPercent(new D('0.99645'))).toBe('99.65%');
    expect(fmtPercent(new D('-0.00001'))).toBe('0.00%');
  });

  it('fmtAmount is plain with 2 decimals, no separators', () => {
    expect(fmtAmount(new D('2773.47'))).toBe('2773.47');
    expect(fmtAmount(new D('2773.465'))).toBe('2773.47');
    expect(fmtAmount(new D('1234567.891'))).toBe('1234567.89');
    expect(fmtAmount(new D('518.94'))).toBe('518.94');
    expect(fmtAmount(new D(190))).toBe('190.00');
  });

  it('toFixed4 gives a 4-decimal fraction', () => {
    expect(toFixed4(new D('0.9661907'))).toBe('0.9662');
    expect(toFixed4(new D(12).div(13))).toBe('0.9231');
    expect(toFixed4(new D(1))).toBe('1.0000');
    expect(toFixed4(new D('0.85'))).toBe('0.8500');
  });

  it('toDec converts safely', () => {
    expect(toDec('2773.47')!.toString()).toBe('2773.47');
    expect(toDec(9.15088499999996)!.toString()).toBe('9.15088499999996');
    expect(toDec('x')).toBeNull();
    expect(toDec(Infinity)).toBeNull();
    expect(toDec(null)).toBeNull();
  });
});

describe('cmp: allocation-free comparison', () => {
  // Decimals of every shape: zero and -0, NaN, ±Infinity, multi-word digit arrays, tiny and huge exponents.
  const special = fc.constantFrom('0', '-0', 'NaN', 'Infinity', '-Infinity', '1e-40', '-1e-40', '12345678901234567890.123456789', '0.0000001');
  const decimalText = fc.oneof(
    special,
    fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }).map(String),
    fc.tuple(fc.integer({ min: -99_999, max: 99_999 }), fc.integer({ min: 0, max: 99_999_999 })).map(([a, b]) => `${a}.${b}`),
    fc.tuple(fc.integer({ min: -9, max: 9 }), fc.integer({ min: -30, max: 30 })).map(([a, e]) => `${a}e${e}`),
  );

  it('agrees with decimal.js comparedTo and its predicates on any pair', () => {
    fc.assert(fc.property(decimalText, decimalText, (xs, ys) => {
      const x = new D(xs);
      const y = new D(ys);
      const expected = x.comparedTo(y);
      if (Number.isNaN(expected)) expect(cmp(x, y)).toBeNaN();
      else expect(cmp(x, y)).toBe(expected);
      expect([lt(x, y), lte(x, y), gt(x, y), gte(x, y), eq(x, y)]).toEqual([x.lt(y), x.lte(y), x.gt(y), x.gte(y), x.eq(y)]);
    }), { numRuns: 2000 });
  });

  it('orders equal values written differently as equal', () => {
    expect(cmp(new D('9.660'), new D('9.66'))).toBe(0);
    expect(cmp(new D('-0'), new D('0'))).toBe(0);
    expect(cmp(new D('2.5'), new D('10'))).toBe(-1);
    expect(cmp(new D('-2.5'), new D('-10'))).toBe(1);
  });
});

describe('sumBy: exact sums with repeated instances', () => {
  it('equals adding one by one, for runs of shared instances, distinct values and gaps', () => {
    const pool = ['2.5', '10', '0.01', '-3.33', '123456789.123456', '0'].map((x) => new D(x));
    const item = fc.oneof(fc.constantFrom(...pool), fc.constant(null), fc.integer({ min: -10_000, max: 10_000 }).map((n) => new D(n).div(100)));
    fc.assert(fc.property(fc.array(item, { maxLength: 60 }), (xs) => {
      const naive = xs.reduce((a: InstanceType<typeof D>, x) => (x ? a.plus(x) : a), new D(0));
      expect(sumBy(xs, (x) => x).toString()).toBe(naive.toString());
    }), { numRuns: 500 });
  });

  it('is 0 for an empty list and skips nulls', () => {
    expect(sumBy([], (x: null) => x).toString()).toBe('0');
    const w = new D('2.5');
    expect(sumBy([w, w, null, w, new D('1.25')], (x) => x).toString()).toBe('8.75');
  });
});

describe('normalizeLabel', () => {
  it.each([
    ['产出指标（40分）', '产出指标(40分)'],
    ['产出指标 (30分)', '产出指标(30分)'],
    ['产出指标\n（40分）', '产出指标(40分)'],
    ['三级\n指标', '三级指标'],
    ['三级\r\n指标\t内容', '三级指标内容'],
    ['年度指标值：', '年度指标值'],
    ['绩效指标::', '绩效指标'],
    [' 全 年 预算数 ', '全年预算数'],
    ['\u3000分值\u00a0', '分值'],
    ['ＡＢＣ１２３', 'ABC123'],
    ['【一级】', '【一级】'],
    ['财预〔2020〕10号', '财预〔2020〕10号'],
    ['［1］', '[1]'],
    ['年度预算申请（万元）', '年度预算申请(万元)'],
    ['得分(20分*执行率)', '得分(20分*执行率)'],
    ['偏差原因\u200b分析', '偏差原因分析'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeLabel(input)).toBe(expected);
  });

  it('keeps a colon that is not trailing', () => {
    expect(normalizeLabel('其中：当年财政拨款')).toBe('其中:当年财政拨款');
  });
});

describe('isErrorValue', () => {
  it.each(['#DIV/0!', '#REF!', '#VALUE!', '#N/A', '#NAME?', '#NUM!', '#NULL!', '#SPILL!', '#CALC!', ' #N/A ', '#div/0!'])(
    '%j is an error',
    (v) => expect(isErrorValue(v)).toBe(true),
  );
  it.each([null, '', '#', '#1', 'DIV/0', '#标签', 0, true, '# DIV/0!'])('%j is not an error', (v) => {
    expect(isErrorValue(v)).toBe(false);
  });
});

describe('readNumber', () => {
  it('reads number cells exactly, keeping float artefacts', () => {
    const r = readNumber(9.15088499999996)!;
    expect(r.value.toString()).toBe('9.15088499999996');
    expect(r.fromText).toBe(false);
    expect(r.percent).toBe(false);
    expect(r.percentFormat).toBe(false);
    expect(r.raw).toBe(9.15088499999996);
    expect(r.decimalsStored).toBe(14);
    expect(readNumber(2210.109493)!.decimalsStored).toBe(6);
    expect(readNumber(2773.47)!.decimalsStored).toBe(2);
    expect(readNumber(190)!.decimalsStored).toBe(0);
    expect(readNumber(0.966190794699218)!.value.toString()).toBe('0.966190794699218');
    expect(readNumber(1e-7)!.decimalsStored).toBe(7);
    expect(readNumber(-0)!.value.isNegative()).toBe(false);
  });

  it('treats a number under a percent format as a fraction', () => {
    for (const fmt of ['0.00%', '0%', '0.0%;[Red]-0.0%', '#,##0.00%']) {
      const r = readNumber(0.9662, fmt)!;
      expect(r.value.toString()).toBe('0.9662');
      expect(r.percent).toBe(true);
      expect(r.percentFormat).toBe(true);
    }
    expect(readNumber(0.9662, 'General')!.percent).toBe(false);
    expect(readNumber(0.9662, '0.00')!.percent).toBe(false);
    expect(readNumber(0.9662, null)!.percent).toBe(false);
  });

  it.each([
    ['2773.47', '2773.47', false, 2],
    ['2,773.47', '2773.47', false, 2],
    ['2，773.47', '2773.47', false, 2],
    ['1,234,567', '1234567', false, 0],
    [' 518.94 ', '518.94', false, 2],
    ['５１８．９４', '518.94', false, 2],
    ['+5', '5', false, 0],
    ['-5', '-5', false, 0],
    ['−5', '-5', false, 0],
    ['98%', '0.98', true, 0],
    ['98 %', '0.98', true, 0],
    ['96.62%', '0.9662', true, 2],
    ['１００％', '1', true, 0],
    ['100.00%', '1', true, 2],
    ['-5%', '-0.05', true, 0],
    ['.5', '0.5', false, 1],
    ['5.', '5', false, 0],
    ['3.0', '3', false, 1],
    ['0.0000001', '0.0000001', false, 7],
    ['1e308', '1e+308', false, 0],
    ['1.5E3', '1500', false, 0],
    ['2210.109493', '2210.109493', false, 6],
  ])('text %j → %s (percent %s, %i decimals)', (text, value, percent, decimals) => {
    const r = readNumber(text)!;
    expect(r).not.toBeNull();
    expect(r.value.eq(new D(value))).toBe(true);
    expect(r.fromText).toBe(true);
    expect(r.percent).toBe(percent);
    expect(r.raw).toBe(text);
    expect(r.decimalsStored).toBe(decimals);
  });

  it.each([
    null,
    '',
    '   ',
    '518.94万元',
    '20个',
    '≥95%',
    '1,2',
    '12,34.5',
    '1 2',
    '2025.5.6',
    'NaN',
    'Infinity',
    '-',
    '+',
    '.',
    '%',
    '98%%',
    '#DIV/0!',
    '#N/A',
    true,
    false,
    NaN,
    Infinity,
    -Infinity,
    '约100',
    '100元',
    '0x10',
  ])('%j is not a plain number', (v) => {
    expect(readNumber(v as never)).toBeNull();
  });

  it('reports the percent format for text cells too, without scaling them', () => {
    const r = readNumber('0.98', '0%')!;
    expect(r.value.toString()).toBe('0.98');
    expect(r.percent).toBe(false);
    expect(r.percentFormat).toBe(true);
  });
});

describe('isPercentFormat / formatLiteral', () => {
  it('finds only a scaling %', () => {
    expect(isPercentFormat('0.00%')).toBe(true);
    expect(isPercentFormat('0%')).toBe(true);
    expect(isPercentFormat('0.0%;[Red]-0.0%')).toBe(true);
    expect(isPercentFormat('[Red]0.00%')).toBe(true);
    expect(isPercentFormat('0.00"%"')).toBe(false);
    expect(isPercentFormat('0\\%')).toBe(false);
    expect(isPercentFormat('General')).toBe(false);
    expect(isPercentFormat('#,##0.00')).toBe(false);
    expect(isPercentFormat(undefined)).toBe(false);
    expect(isPercentFormat('"unterminated %')).toBe(false);
  });
  it('extracts literal text of the first section', () => {
    expect(formatLiteral('0.00"万元"')).toBe('万元');
    expect(formatLiteral('0\\个')).toBe('个');
    expect(formatLiteral('0"个";-0"个"')).toBe('个');
    expect(formatLiteral('[$-804]0"人次"')).toBe('人次');
    expect(formatLiteral('General')).toBe('');
    expect(formatLiteral(null)).toBe('');
  });
});

describe('parseIndicatorValue: operators, numbers, units', () => {
  it.each<[string, Partial<ReturnType<typeof iv>>]>([
    ['≥95%', { kind: 'quantity', op: 'ge', direction: 'positive', value: '0.95', unit: '%', percent: true, bare: false }],
    ['≤3.0万元', { kind: 'quantity', op: 'le', direction: 'reverse', value: '30000', unit: '元', percent: false }],
    ['2.8万元', { kind: 'quantity', op: undefined, direction: 'equal', value: '28000', unit: '元' }],
    ['>=200个', { kind: 'quantity', op: 'ge', direction: 'positive', value: '200', unit: '个' }],
    ['＞＝200个', { kind: 'quantity', op: 'ge', direction: 'positive', value: '200', unit: '个' }],
    ['≧200个', { kind: 'quantity', op: 'ge', direction: 'positive', value: '200', unit: '个' }],
    ['⩾ 200 个', { kind: 'quantity', op: 'ge', direction: 'positive', value: '200', unit: '个' }],
    ['>200个', { kind: 'quantity', op: 'gt', direction: 'positive', value: '200' }],
    ['<3天', { kind: 'quantity', op: 'lt', direction: 'reverse', value: '3', unit: '天' }],
    ['＜＝5%', { kind: 'quantity', op: 'le', direction: 'reverse', value: '0.05', unit: '%' }],
    ['=100%', { kind: 'quantity', op: 'eq', direction: 'equal', value: '1', unit: '%' }],
    ['不低于90%', { kind: 'quantity', op: 'ge', direction: 'positive', value: '0.9', unit: '%', percent: true }],
    ['不少于5次', { kind: 'quantity', op: 'ge', direction: 'positive', value: '5', unit: '次' }],
    ['达到100%', { kind: 'quantity', op: 'ge', direction: 'positive', value: '1', unit: '%', percent: true }],
    ['至少3个', { kind: 'quantity', op: 'ge', direction: 'positive', value: '3', unit: '个' }],
    ['100个以上', { kind: 'quantity', op: 'ge', direction: 'positive', value: '100', unit: '个' }],
    ['100个及以上', { kind: 'quantity', op: 'ge', direction: 'positive', value: '100', unit: '个' }],
    ['95%（含）以上', { kind: 'quantity', op: 'ge', direction: 'positive', value: '0.95', unit: '%' }],
    ['控制在5%以内', { kind: 'quantity', op: 'le', direction: 'reverse', value: '0.05', unit: '%', percent: true }],
    ['控制在90%以上', { kind: 'quantity', op: 'ge', direction: 'positive', value: '0.9' }],
    ['控制在5%', { kind: 'quantity', op: 'le', direction: 'reverse', value: '0.05' }],
    ['不超过10天', { kind: 'quantity', op: 'le', direction: 'reverse', value: '10', unit: '天' }],
    ['不超过10日', { kind: 'quantity', op: 'le', direction: 'reverse', value: '10', unit: '天' }],
    ['5个工作日内', { kind: 'quantity', op: 'le', direction: 'reverse', value: '5', unit: '工作日' }],
    ['3天内完成', { kind: 'quantity', op: 'le', direction: 'reverse', value: '3', unit: '天' }],
    ['10日之内', { kind: 'quantity', op: 'le', direction: 'reverse', value: '10', unit: '天' }],
    ['5个以下', { kind: 'quantity', op: 'le', direction: 'reverse', value: '5', unit: '个' }],
    ['≤100%', { kind: 'quantity', op: 'le', direction: 'reverse', value: '1', unit: '%', percent: true }],
    ['约700万人次', { kind: 'quantity', op: undefined, direction: 'equal', value: '7000000', unit: '人次' }],
    ['1.5亿元', { kind: 'quantity', direction: 'equal', value: '150000000', unit: '元' }],
    ['700万', { kind: 'quantity', value: '7000000', unit: '' }],
    ['20个', { kind: 'quantity', op: undefined, direction: 'equal', value: '20', unit: '个', bare: false }],
    ['1次', { kind: 'quantity', direction: 'equal', value: '1', unit: '次', bare: false }],
    ['100%', { kind: 'quantity', direction: 'equal', value: '1', unit: '%', percent: true, bare: false }],
    ['1', { kind: 'quantity', direction: 'equal', value: '1', unit: '', percent: false, bare: true }],
    [' 0.85 ', { kind: 'quantity', value: '0.85', unit: '', bare: true }],
    ['2,773.47', { kind: 'quantity', value: '2773.47', unit: '', bare: true }],
    ['９８％', { kind: 'quantity', value: '0.98', unit: '%', percent: true, bare: false }],
    ['-5%', { kind: 'quantity', value: '-0.05', unit: '%', percent: true }],
    ['增长-5%', { kind: 'quantity', value: '-0.05', unit: '%' }],
    ['100.00%', { kind: 'quantity', value: '1', unit: '%', percent: true }],
    ['5‰', { kind: 'quantity', value: '0.005', unit: '‰', percent: false }],
    ['提高2个百分点', { kind: 'quantity', value: '2', unit: '个百分点', percent: false }],
    ['100m²', { kind: 'quantity', value: '100', unit: '平方米' }],
    ['100㎡', { kind: 'quantity', value: '100', unit: '平方米' }],
    ['100平方米', { kind: 'quantity', value: '100', unit: '平方米' }],
    ['12千米', { kind: 'quantity', value: '12', unit: '公里' }],
    ['1次/年', { kind: 'quantity', value: '1', unit: '次/年' }],
    ['≥20小时/年', { kind: 'quantity', op: 'ge', value: '20', unit: '小时/年' }],
    ['6个月', { kind: 'quantity', value: '6', unit: '个月' }],
    ['24小时', { kind: 'quantity', value: '24', unit: '小时' }],
    ['30分钟', { kind: 'quantity', value: '30', unit: '分钟' }],
    ['100Mbps', { kind: 'quantity', value: '100', unit: 'Mbps' }],
    ['95分', { kind: 'quantity', value: '95', unit: '分' }],
    ['50台（套）', { kind: 'quantity', value: '50', unit: '台' }],
    ['3项工作', { kind: 'quantity', value: '3', unit: '项' }],
    ['≥300万元', { kind: 'quantity', op: 'ge', direction: 'positive', value: '3000000', unit: '元' }],
  ])('%j', (text, expected) => {
    expect(iv(text)).toMatchObject({ numberCount: 1, ...expected });
  });

  it('an unknown word after the number gives unit "" and not bare', () => {
    expect(iv('5G基站')).toMatchObject({ kind: 'quantity', value: '5', unit: '', bare: false });
    expect(iv('3成')).toMatchObject({ kind: 'quantity', value: '3', unit: '', bare: false });
  });
});

describe('parseIndicatorValue: sentences', () => {
  it.each<[string, Partial<ReturnType<typeof iv>>]>([
    ['全市共规划中考实验操作考点250个', { kind: 'quantity', value: '250', unit: '个', numberCount: 1, direction: 'equal' }],
    ['确立20个“名师云课堂”建设单位', { kind: 'quantity', value: '20', unit: '个', numberCount: 1 }],
    ['名师云课堂约700万人次收看', { kind: 'quantity', value: '7000000', unit: '人次', numberCount: 1, direction: 'equal' }],
    ['教职工满意度达90%', { kind: 'quantity', value: '0.9', unit: '%', percent: true, numberCount: 1 }],
    ['组织市级教师培训5次', { kind: 'quantity', value: '5', unit: '次', numberCount: 1 }],
    ['满意度不低于上年水平的95%', { kind: 'quantity', op: 'ge', value: '0.95', numberCount: 1 }],
    ['2024年完成率≥95%', { kind: 'quantity', op: 'ge', value: '0.95', numberCount: 1 }],
    ['信息技术共29个课题获得立项,实验教学与装备管理41个微课题立项', { kind: 'multi', numberCount: 2, value: undefined }],
    ['信息技术共29个课题获得立项，实验教学与装备管理41个微课题立项', { kind: 'multi', numberCount: 2 }],
    ['12/13', { kind: 'multi', numberCount: 2 }],
    ['90%-100%', { kind: 'multi', numberCount: 2 }],
    ['7×24小时', { kind: 'multi', numberCount: 2 }],
    ['培训3次，覆盖1,200人次', { kind: 'multi', numberCount: 2 }],
  ])('%j', (text, expected) => {
    expect(iv(text)).toMatchObject(expected);
  });

  it('multi values carry no value and no direction, but keep a leading operator', () => {
    const r = parseIndicatorValue('≥3个，≤5天');
    expect(r.kind).toBe('multi');
    expect(r.value).toBeUndefined();
    expect(r.direction).toBeUndefined();
    expect(r.op).toBe('ge');
  });
});

describe('parseIndicatorValue: text, years and dates', () => {
  it.each([
    '达成',
    '促进',
    '全面开展',
    '2024年度内及时完成',
    '按时完整公开',
    '2024年度及时完成计划事项',
    'Ⅱ级',
    '2025.5.6前完成',
    '2025-05-06',
    '2025/5/6',
    '2024年12月31日前完成',
    '12月底前完成',
    '12月31日',
    '31日前完成',
    '2024-2025学年',
    '2024年6月',
    '按财预〔2020〕10号文件要求执行',
    '每天8:30开放',
    '第3季度完成',
    '通过ISO9001认证',
    '有效',
    '是',
  ])('%j is text with no numbers', (text) => {
    expect(iv(text)).toMatchObject({ kind: 'text', numberCount: 0, value: undefined, direction: undefined, unit: '' });
  });

  it('strips dates but keeps the quantity beside them', () => {
    expect(iv('2024年培训5次')).toMatchObject({ kind: 'quantity', value: '5', unit: '次', numberCount: 1 });
    expect(iv('2025年5月6日前完成3个项目')).toMatchObject({ kind: 'quantity', value: '3', unit: '个', numberCount: 1 });
    expect(iv('2025.05.06前≥95%')).toMatchObject({ kind: 'quantity', op: 'ge', value: '0.95', numberCount: 1 });
  });

  it('keeps a 4-digit number that is not a year, and 2025.05 as an amount', () => {
    expect(iv('3000人')).toMatchObject({ kind: 'quantity', value: '3000', unit: '人' });
    expect(iv('2024')).toMatchObject({ kind: 'quantity', value: '2024', bare: true });
    expect(iv('2025.05万元')).toMatchObject({ kind: 'quantity', value: '20250500', unit: '元' });
  });

  it('keeps the trimmed original text', () => {
    expect(parseIndicatorValue('  ≥95%  ').text).toBe('≥95%');
    expect(parseIndicatorValue('５１８．９４万元').text).toBe('５１８．９４万元');
    expect(parseIndicatorValue(0.966190794699218).text).toBe('0.966190794699218');
  });
});

describe('parseIndicatorValue: cells that are not text', () => {
  it('empty and error cells', () => {
    expect(iv(null)).toMatchObject({ kind: 'empty', numberCount: 0 });
    expect(iv('')).toMatchObject({ kind: 'empty', numberCount: 0 });
    expect(iv('  \n ')).toMatchObject({ kind: 'empty' });
    expect(iv(undefined as never)).toMatchObject({ kind: 'empty' });
    expect(iv('#DIV/0!')).toMatchObject({ kind: 'error', numberCount: 0 });
    expect(parseIndicatorValue('#DIV/0!').text).toBe('#DIV/0!');
    expect(iv('#N/A')).toMatchObject({ kind: 'error' });
    expect(iv(NaN)).toMatchObject({ kind: 'error' });
  });

  it('number cells are bare unless formatted', () => {
    expect(iv(1)).toMatchObject({ kind: 'quantity', value: '1', bare: true, percent: false, unit: '', direction: 'equal' });
    expect(iv(0.85)).toMatchObject({ kind: 'quantity', value: '0.85', bare: true });
    expect(iv(0.966190794699218)).toMatchObject({ kind: 'quantity', value: '0.966190794699218', bare: true });
    expect(iv(10, 'General')).toMatchObject({ value: '10', bare: true });
    expect(iv(0.98, '0%')).toMatchObject({ kind: 'quantity', value: '0.98', percent: true, unit: '%', bare: false });
    expect(iv(0.98, '0.00%')).toMatchObject({ value: '0.98', percent: true });
    expect(iv(2.8, '0.0"万元"')).toMatchObject({ value: '28000', unit: '元', bare: false, percent: false });
    expect(iv(20, '0"个"')).toMatchObject({ value: '20', unit: '个', bare: false });
    expect(iv(98, '0"%"')).toMatchObject({ value: '0.98', unit: '%', percent: true, bare: false });
    expect(iv(5, '"约"0')).toMatchObject({ value: '5', unit: '', bare: false });
  });

  it('booleans are text', () => {
    expect(iv(true)).toMatchObject({ kind: 'text', numberCount: 0 });
    expect(parseIndicatorValue(false).text).toBe('否');
  });
});

describe('isComparisonValue', () => {
  it.each([
    ['≥300万元', true],
    ['100个以上', true],
    ['不低于90%', true],
    ['控制在5%以内', true],
    ['达到100%', false],
    ['教职工满意度达90%', false],
    ['96%', false],
    ['约700万人次', false],
  ])('%j → %s', (text, expected) => {
    expect(isComparisonValue(parseIndicatorValue(text))).toBe(expected);
  });
});

describe('isEmptyText', () => {
  it.each([null, undefined, '', '   ', '\u3000', '无', '0', '/', '／', '—', '——', '-', '--', '同上', '无。', '暂无', ' 无 ', 0, '#N/A', '0.00', '－'])(
    '%j counts as empty',
    (v) => expect(isEmptyText(v as never)).toBe(true),
  );
  it.each(['无偏差', '已完成', '因疫情延期', 1, true, false, '0.5', '同上年', '无法按期完成，已调整'])('%j is filled', (v) => {
    expect(isEmptyText(v)).toBe(false);
  });
});

describe('cellText', () => {
  it('shows values as a reader expects', () => {
    expect(cellText(null)).toBe('');
    expect(cellText('  达成 ')).toBe('达成');
    expect(cellText(9.15088499999996)).toBe('9.15088499999996');
    expect(cellText(0.966190794699218)).toBe('0.966190794699218');
    expect(cellText(100)).toBe('100');
    expect(cellText(-0)).toBe('0');
    expect(cellText(1e-7)).toBe('0.0000001');
    expect(cellText(-1.5e-7)).toBe('-0.00000015');
    expect(cellText(1e21)).toBe('1000000000000000000000');
    expect(cellText(1.25e22)).toBe('12500000000000000000000');
    expect(cellText(true)).toBe('是');
    expect(cellText(false)).toBe('否');
    expect(cellText('#DIV/0!')).toBe('#DIV/0!');
  });
});

describe('robustness', () => {
  const KINDS = new Set(['empty', 'quantity', 'multi', 'text', 'error']);
  function checkInvariants(r: IndicatorValue): void {
    expect(KINDS.has(r.kind)).toBe(true);
    expect(r.numberCount).toBeGreaterThanOrEqual(0);
    expect(typeof r.unit).toBe('string');
    expect(typeof r.text).toBe('string');
    if (r.kind === 'quantity') {
      expect(r.value!.isFinite()).toBe(true);
      expect(r.numberCount).toBe(1);
      expect(r.direction).toBeDefined();
    } else {
      expect(r.value).toBeUndefined();
      expect(r.direction).toBeUndefined();
    }
    if (r.kind === 'multi') expect(r.numberCount).toBeGreaterThanOrEqual(2);
    if (r.kind === 'text') expect(r.numberCount).toBe(0);
  }

  it('never throws on odd input', () => {
    const odd: unknown[] = [
      '1e308', '-1e308', '1e9999', '9'.repeat(500), '1'.repeat(10_000), '达'.repeat(10_000), '≥'.repeat(5000) + '5%',
      '1,'.repeat(5000), '2024年'.repeat(2000), '\u0000\u0001\u0002', '\u0000123\u0007', '\ud800', '\udfff5个', 'NaN', '-NaN',
      'Infinity', '∞', '0x1F', '1_000', '１e５', '５．', '．５', '%', '万', '万元', '个', '≥', '以上', '-', '+-5', '--5',
      '1.2.3', '..5', '5..', ',5', '5,', 'e5', '5e', '１２／１３', {}, [], Symbol.iterator, 10n,
      Number.MAX_VALUE, Number.MIN_VALUE, -Number.MAX_VALUE, 5e-324,
    ];
    for (const v of odd) {
      const r = parseIndicatorValue(v as never);
      checkInvariants(r);
      expect(() => readNumber(v as never)).not.toThrow();
      expect(() => isEmptyText(v as never)).not.toThrow();
      expect(() => isErrorValue(v as never)).not.toThrow();
      if (typeof v !== 'symbol') expect(() => cellText(v as never)).not.toThrow();
      if (typeof v === 'string') expect(() => normalizeLabel(v)).not.toThrow();
    }
    expect(readNumber(Number.MIN_VALUE)!.value.isZero()).toBe(false);
    expect(readNumber('9'.repeat(500))).toBeNull(); // too long to be a plain number
    expect(parseIndicatorValue('9'.repeat(500)).kind).toBe('quantity'); // but still one number
    expect(readNumber(cellText(-5e-324))!.value.eq(new D('-5e-324'))).toBe(true);
    expect(parseIndicatorValue('1,'.repeat(5000)).kind).toBe('multi');
  });

  it('property: arbitrary strings never throw and keep the invariants', () => {
    const chars = fc.constantFrom(
      ...'0123456789.,%-+ ≥≤><=万亿元个次人天日年月度以上下内约达不低于超过第〔〕()（）：:／/１２３％．，\n\t\u3000'.split(''),
    );
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: chars, maxLength: 40 })), (s) => {
        checkInvariants(parseIndicatorValue(s));
        const n = readNumber(s);
        if (n) expect(n.value.isFinite()).toBe(true);
        expect(typeof isEmptyText(s)).toBe('boolean');
        expect(typeof normalizeLabel(s)).toBe('string');
      }),
      { numRuns: 3000 },
    );
  });

  it('property: every finite double reads back exactly as its shortest form', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const r = readNumber(x)!;
        expect(r.value.eq(new D(String(x)))).toBe(true);
        expect(parseIndicatorValue(x).value!.eq(r.value)).toBe(true);
        // text form of the same number parses to the same value
        const t = readNumber(cellText(x))!;
        expect(t.value.eq(r.value)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: grouped and percent text round-trips', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: 0, max: 99 }), (int, cents) => {
        const abs = int < 0n ? -int : int;
        const grouped = abs.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
        const text = `${int < 0n ? '-' : ''}${grouped}.${String(cents).padStart(2, '0')}`;
        const expected = new D(`${int < 0n ? '-' : ''}${abs}.${String(cents).padStart(2, '0')}`);
        expect(readNumber(text)!.value.eq(expected)).toBe(true);
        expect(readNumber(text + '%')!.value.eq(expected.div(100))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('performance', () => {
  it('reads 100,000 mixed cells quickly', () => {
    const pool: (string | number | null)[] = [
      '', null, '产出指标（40分）', '数量指标', 2773.47, 10, 9.66, '≥95%', '达成', '按时完整公开', 0.966190794699218,
      '全市共规划中考实验操作考点250个', '2,773.47', '无', '偏差原因：由于疫情影响，部分培训延期举办', 100, '', null, '', 0,
    ];
    // warm up the JIT so the measurement reflects steady state
    for (let i = 0; i < 20_000; i++) {
      const v = pool[i % pool.length]!;
      readNumber(v);
      parseIndicatorValue(v);
    }
    const t0 = performance.now();
    let found = 0;
    for (let i = 0; i < 100_000; i++) {
      const v = pool[i % pool.length]!;
      if (readNumber(v)) found++;
      if (typeof v === 'string') normalizeLabel(v);
      isEmptyText(v);
    }
    const ms = performance.now() - t0;
    expect(found).toBe(35_000);
    // Generous: CI shares two cores with browser tests; this guards against accidental quadratic work, npm run bench measures speed.
    expect(ms).toBeLessThan(2000);
  });
});

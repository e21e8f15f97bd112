// Cell-value parsing for the engine: decimals, labels, plain numbers, indicator values, empty placeholders.
export { cmp, D, eq, fmt2, fmtAmount, fmtPercent, gt, gte, lt, lte, resetFormatCache, round2, sumBy, toDec, toFixed4, type Dec } from './decimal';
export { inWan, fromWan, YUAN_PER_WAN, type AmountUnitName } from './units';
export { cellText, isEmptyText, isErrorValue, normalizeLabel, normalizeText, resetLabelMemo } from './text';
export { formatLiteral, isPercentFormat, parsePlainNumber, readNumber, type NumberRead, type PlainNumber } from './number';
export {
  isComparisonValue,
  parseIndicatorValue,
  type Direction,
  type IndicatorKind,
  type IndicatorValue,
  type Op,
} from './indicator';

// The presentation layer: the one place figures, words and orderings of a Report become text. Pure
// TypeScript (no DOM, no Node): the CLI, the pane, the preview and the reviewer's documents all use it.
export { NONE, differs, fixed2, formatValue, parseDecimal, percent, plain } from './values';
export {
  COMPARE_WORDS, FACT_LABEL, FIX_WORDS, KIND_LABEL, PAIR_WORDS, PROBLEM_WORDS, SEVERITY_LABEL, SEVERITY_RANK, type FactKey,
} from './words';
export {
  displayStrings, findingParts, findingText, fixText, groupBySheet, mentions, orderFindings, pairParts, pairText, partsNotInMessage,
  type PairPart,
} from './findings';
export { compareRows, formHeading, fullyChecked, problemLines, type CompareRow } from './forms';

// The review module (issue 17): pure, browser-safe; the CLI, worker threads and the 审核台 page call it.
export * from './types';
export { checkOne, digestBytes, normalizeUnit } from './check-one';
export { assembleReview, findingKey, formIdentity, unitFromFileName } from './assemble';
export { buildSummaryXlsx, safeText } from './summary-xlsx';
export { buildLetters, formSentence, letterFileName, letterTitle } from './letters';
export { reviewState, parseReviewState } from './state';
export { parallelCheckers, WORKER_MIN_BYTES } from './parallel';

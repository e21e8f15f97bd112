// Public surface of the engine. Shells import from here only.
export * from './types';
export * from './scoring/policy';
export { checkWorkbook } from './check';
export type { CheckOptions } from './check';
export * from './templates';
export * from './report';

// How many checkers to run side by side for a batch, in the CLI (worker threads) and the 审核台 page (Web Workers).
// Each checker is a new JavaScript engine that compiles the checking code again before it runs at full speed;
// on two cores that compiling costs about as much CPU as checking 200 small workbooks (README 性能). So a
// checker is worth starting only with WORKER_MIN_BYTES of workbooks to check.

/** Bytes of workbooks one more checker needs to win back its own start and compile. */
export const WORKER_MIN_BYTES = 4 * 1024 * 1024;

/** Checkers for `count` files totalling `bytes` on `cores` cores: one per core that has WORKER_MIN_BYTES to check, at least one. */
export function parallelCheckers(count: number, bytes: number, cores: number): number {
  return Math.max(1, Math.min(cores, count, Math.floor(bytes / WORKER_MIN_BYTES)));
}

// Half A of the structure-aware fuzzing (see fuzz-run.ts): seeds SEED + 0 onwards.
import { describe, it } from 'vitest';
import { HALF, SEED, runFuzz } from './fuzz-run';

describe('structure-aware fuzzing of the reading and checking pipeline (a)', () => {
  it(`${HALF} hostile packages: a result or one refusal line each, no exception, nothing forged on the terminal, bounded time`, async () => {
    await runFuzz(SEED + 0, HALF);
  }, 240_000);
});

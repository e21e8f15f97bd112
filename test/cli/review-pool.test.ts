// selfeval review's checking step in worker threads (issue 17): checkOne run by workers gives the same
// FileOutcome as checkOne in this thread, in input order; a worker over its limits costs one file.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/engine';
import { checkOne, type ReviewInput } from '../../src/review';
import { checkAllInPool } from '../../src/cli/review-pool';
import { nodeInflateRaw } from '../../src/cli/inflate';
import type { CliIo } from '../../src/cli/io';
import { FIXTURES } from '../e2e/support';
import { writeMillionCellWorkbook } from '../robustness/hostile-files';
import { makeTempDir } from '../xlsx/helpers';

const NAMES = ['zhuzhou-2024.xlsx', 'corrupt.xlsx', 'changsha-2024.xlsx', 'unrelated.xlsx', 'multi-forms.xlsx', 'legacy.xls'];
const inputs = (): ReviewInput[] =>
  NAMES.map((name) => ({ path: `报送/${name}`, name, bytes: new Uint8Array(readFileSync(path.join(FIXTURES, name))) }));

function io(env: Record<string, string> = {}): CliIo & { err: string[] } {
  const err: string[] = [];
  return { stdout: () => undefined, stderr: (t) => void err.push(t), stdoutIsTTY: false, stderrIsTTY: false, env, cwd: process.cwd(), err };
}

describe('checkAllInPool', () => {
  it('workers post back exactly the FileOutcome checkOne gives in this thread, in input order', async () => {
    const here = await Promise.all(inputs().map((i) => checkOne(i, { policy: DEFAULT_POLICY, inflateRaw: nodeInflateRaw })));
    const seen: number[] = [];
    const pooled = await checkAllInPool(inputs(), DEFAULT_POLICY, io(), { jobs: 2, onResult: (i) => seen.push(i) });
    expect(pooled).toEqual(here);
    expect(pooled.map((o) => o.name)).toEqual(NAMES);
    expect(pooled.map((o) => o.status)).toEqual(['checked', 'unreadable', 'checked', 'not-selfeval', 'checked', 'unreadable']);
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  }, 120_000);

  it('a file whose worker runs out of its heap is one unreadable line; the others are reviewed as usual', async () => {
    const tmp = makeTempDir('selfeval-review-pool-');
    try {
      const big = path.join(tmp.dir, 'big.xlsx');
      await writeMillionCellWorkbook(big, 40_000, 10);
      const all = [{ path: '报送/big.xlsx', name: 'big.xlsx', bytes: new Uint8Array(readFileSync(big)) }, ...inputs()];
      const here = await Promise.all(inputs().map((i) => checkOne(i, { policy: DEFAULT_POLICY, inflateRaw: nodeInflateRaw })));
      const pooled = await checkAllInPool(all, DEFAULT_POLICY, io({ SELFEVAL_WORKER_HEAP_MB: '48' }), { jobs: 2 });
      expect(pooled[0]).toEqual({ path: '报送/big.xlsx', name: 'big.xlsx', status: 'unreadable', refusal: expect.stringMatching(/^检查该文件所需内存超过上限（48 MB）/) });
      expect(pooled.slice(1)).toEqual(here);
    } finally {
      tmp.cleanup();
    }
  }, 120_000);
});

// `selfeval review`'s checking step on all cores: each file's checkOne (src/review, the same function the
// 审核台 page runs) in a worker thread, which posts back a structured-clone FileOutcome. Progress on stderr
// as for `selfeval check`; a worker that crashes or exceeds its limits makes that file one 'unreadable'
// line, every other file is still reviewed. Results are in input order.
import type { ScoringPolicy } from '../engine';
import { checkOne, type FileOutcome, type ReviewInput } from '../review';
import { poolFailureOutcome, poolLimits } from './check';
import { nodeInflateRaw } from './inflate';
import type { CliIo } from './io';
import { autoJobs, registerTask, runPool } from './pool';
import { Progress } from './progress';

interface ReviewJob {
  input: ReviewInput;
  policy: ScoringPolicy;
}

registerTask('review-check-one', (job: ReviewJob) => checkOne(job.input, { policy: job.policy, inflateRaw: nodeInflateRaw }));

export interface CheckAllOptions {
  /** --jobs when the user gave it; otherwise chosen from the number and size of the files. */
  jobs?: number | null;
  /** Called as each file is done (completion order), e.g. for a log line. */
  onResult?: (index: number, outcome: FileOutcome) => void;
}

/** checkOne over every input, in worker threads when that pays; resolves in input order, never rejects per file. */
export async function checkAllInPool(inputs: readonly ReviewInput[], policy: ScoringPolicy, io: CliIo, options: CheckAllOptions = {}): Promise<FileOutcome[]> {
  const bytes = inputs.reduce((n, i) => n + i.bytes.length, 0);
  const jobs = options.jobs ?? autoJobs(inputs.length, bytes);
  const progress = new Progress(io, inputs.length, { tty: io.stderrIsTTY, enabled: inputs.length > 1 });
  progress.draw();
  const outcomes = await runPool<ReviewJob, FileOutcome>(
    'review-check-one',
    inputs.map((input) => ({ input, policy })),
    {
      jobs,
      ...poolLimits(io.env),
      failed: (_i, job, failure) => {
        const line = poolFailureOutcome(job.input.path, failure);
        return { path: job.input.path, name: job.input.name, status: 'unreadable', refusal: line.ok ? '' : line.message };
      },
      onResult: (index, outcome) => {
        options.onResult?.(index, outcome);
        progress.advance();
      },
    },
  );
  progress.finish();
  return outcomes;
}

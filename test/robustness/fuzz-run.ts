// Issue 15: ≥ 10,000 hostile packages per run through the CLI's own pipeline (read → check → text and
// JSON output), in process. For each: no exception escapes, the outcome is a report or exactly one
// refusal line, nothing printed carries a control character, and it finishes in bounded time.
// Two test files run half each, side by side (fuzz-a / fuzz-b).
import { expect } from 'vitest';
import { checkBytes, outcomeText } from '../../src/cli/check';
import { formatJson } from '../../src/cli/format-json';
import { guardTerminal, jsonSafe } from '../../src/cli/terminal';
import { resolvePolicy } from '../../src/engine';
import { fuzzPackage } from './fuzz-packages';

/** Packages per half (SELFEVAL_FUZZ_COUNT sets the total). */
export const HALF = Math.ceil(Number(process.env.SELFEVAL_FUZZ_COUNT ?? 10_000) / 2);
export const SEED = Number(process.env.SELFEVAL_FUZZ_SEED ?? 20_261_204);
/** Per package, generously above what any takes on a busy 2-core machine. */
const PACKAGE_MS = 5_000;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

export async function runFuzz(firstSeed: number, COUNT: number): Promise<void> {
  {
    const resolved = resolvePolicy(undefined);
    if (!resolved.ok) throw new Error('default policy');
    const stats = { reports: 0, refused: 0, withForms: 0, sheetProblems: 0, maxMs: 0, maxSeed: 0, bytes: 0 };
    const refusals = new Map<string, number>();
    const byTrait = new Map<string, { n: number; ms: number }>();
    const t0 = performance.now();
    for (let i = 0; i < COUNT; i++) {
      const seed = firstSeed + i;
      const { bytes, traits } = fuzzPackage(seed);
      stats.bytes += bytes.length;
      const name = `fuzz-${seed}.xlsx`;
      const started = performance.now();
      let outcome;
      try {
        outcome = await checkBytes(bytes, name, name, resolved.policy);
      } catch (err) {
        throw new Error(`seed ${seed} (${traits.join(', ')}): exception escaped: ${(err as Error).stack}`, { cause: err });
      }
      const ms = performance.now() - started;
      for (const t of new Set(traits)) {
        const e = byTrait.get(t) ?? byTrait.set(t, { n: 0, ms: 0 }).get(t)!;
        e.n++;
        e.ms += ms;
      }
      if (ms > stats.maxMs) {
        stats.maxMs = ms;
        stats.maxSeed = seed;
      }
      expect(ms, `seed ${seed} (${traits.join(', ')})`).toBeLessThan(PACKAGE_MS);
      const text = outcomeText(outcome);
      const shown = guardTerminal(text, false, false);
      expect(CONTROL.test(shown), `seed ${seed}: control character in ${JSON.stringify(shown)}`).toBe(false);
      // The formatter's input is already clean: the writer's guard finds nothing left to replace.
      expect(shown, `seed ${seed}`).toBe(text);
      const json = jsonSafe(formatJson([outcome]));
      expect(CONTROL.test(json.replace(/\n/g, ''))).toBe(false);
      expect(JSON.parse(json).files).toHaveLength(1);
      if (outcome.ok) {
        stats.reports++;
        if (outcome.report.forms.length) stats.withForms++;
        if (outcome.report.internalProblems?.length) stats.sheetProblems++;
      } else {
        stats.refused++;
        const lines = text.split('\n').filter((l) => l !== '');
        expect(lines, `seed ${seed}`).toHaveLength(1);
        expect(lines[0]!.startsWith(`无法读取 ${name}：`)).toBe(true);
        // Chinese, and no parser English.
        expect(outcome.message, `seed ${seed}`).toMatch(/[\u4e00-\u9fff]{4}/);
        expect(outcome.message, `seed ${seed}`).not.toMatch(/[A-Za-z]{3,} [a-z]{3,}|Error|undefined|Bug/);
        const kind = outcome.message.slice(0, 14);
        refusals.set(kind, (refusals.get(kind) ?? 0) + 1);
      }
    }
    const total = performance.now() - t0;
    console.log(`[fuzz] ${COUNT} packages (${Math.round(stats.bytes / 1024)} KB) in ${Math.round(total)} ms; reports ${stats.reports} (with forms ${stats.withForms}, with unreadable sheets ${stats.sheetProblems}), refused ${stats.refused}; slowest ${Math.round(stats.maxMs)} ms (seed ${stats.maxSeed})`);
    console.log('[fuzz] mean ms by trait:', JSON.stringify([...byTrait].map(([t, e]) => [t, e.n, Math.round(e.ms / e.n)])));
    console.log('[fuzz] refusals by kind:', JSON.stringify([...refusals].sort((a, b) => b[1] - a[1]).slice(0, 12)));
    // The generator must exercise both outcomes and real forms, not collapse into one kind.
    expect(stats.reports).toBeGreaterThan(COUNT * 0.3);
    expect(stats.refused).toBeGreaterThan(COUNT * 0.1);
    expect(stats.withForms).toBeGreaterThan(COUNT * 0.05);
    expect(stats.sheetProblems).toBeGreaterThan(0);
  }
}

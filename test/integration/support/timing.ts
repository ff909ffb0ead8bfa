import { randomInt } from 'node:crypto';

/**
 * Small helpers for the timing comparisons of the security spec. Timings are printed for the docs;
 * the assertions that may fail a run stay structural (what the code does), never "this took less
 * than N ms" on a shared machine.
 */

/** Runs `run` and returns its result with the wall-clock time it took, in milliseconds. */
export async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = process.hrtime.bigint();
  const result = await run();
  return { result, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

export function median(values: number[]): number {
  if (!values.length) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** A copy of `items` in random order (Fisher–Yates on the CSPRNG): interleaves the kinds measured. */
export function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** One line for the logs and docs: `<label>: unknown p50 X ms, wrong password p50 Y ms, n=…`. */
export function timingSummary(label: string, samples: { unknown: number[]; wrongPassword: number[] }): string {
  const unknown = median(samples.unknown);
  const wrong = median(samples.wrongPassword);
  const difference = unknown - wrong;
  return (
    `timing ${label}: unknown p50 ${unknown.toFixed(1)} ms, wrong password p50 ${wrong.toFixed(1)} ms, ` +
    `difference ${difference >= 0 ? '+' : ''}${difference.toFixed(1)} ms (${((100 * difference) / wrong).toFixed(1)} %), ` +
    `n=${samples.unknown.length}+${samples.wrongPassword.length}`
  );
}

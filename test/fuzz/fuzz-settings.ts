/**
 * Settings shared by the fuzz specs (`*.fuzz.spec.ts`, `dto-fuzz.integration-spec.ts`): one seed and
 * a bounded number of runs per property, so a run is repeatable and its time known.
 *
 * - `FUZZ_SEED` (default {@link DEFAULT_FUZZ_SEED}) seeds every property; fast-check prints the seed
 *   and the shrunk counterexample of a failure, rerun with `FUZZ_SEED=<seed>` to replay it.
 * - `FUZZ_RUNS_FACTOR` (default 1) multiplies every property's runs, for a longer hunt
 *   (`FUZZ_RUNS_FACTOR=20 npx jest --selectProjects unit --testPathPatterns fuzz`).
 *
 * Test code only (specs read the environment directly; the apps read it through their config).
 */
import fc from 'fast-check';

export const DEFAULT_FUZZ_SEED = 20_260_601;

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}=${raw} is not a positive number`);
  return value;
}

export const FUZZ_SEED = Math.trunc(positiveNumber('FUZZ_SEED', DEFAULT_FUZZ_SEED));
export const FUZZ_RUNS_FACTOR = positiveNumber('FUZZ_RUNS_FACTOR', 1);

/** fast-check parameters for one property: the shared seed and `numRuns` × `FUZZ_RUNS_FACTOR`. */
export function fuzzRuns<T>(numRuns: number): fc.Parameters<T> {
  return { seed: FUZZ_SEED, numRuns: Math.max(1, Math.round(numRuns * FUZZ_RUNS_FACTOR)) };
}

/** `bytes` with `count` bytes XOR-ed at positions drawn from `positions` (taken modulo the length). */
export function flipBytes(bytes: Buffer, flips: readonly { at: number; mask: number }[]): Buffer {
  const copy = Buffer.from(bytes);
  if (copy.length === 0) return copy;
  for (const { at, mask } of flips) copy[at % copy.length] ^= mask;
  return copy;
}

/** Arbitrary single-byte faults: a position (any non-negative integer, taken modulo the length) and a non-zero XOR mask. */
export const byteFlip = fc.record({ at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) });

/**
 * Calls `run`; returns its result, or the error when it is an instance of `allowed`. Any other
 * error is rethrown, so the property fails on it with the input that caused it.
 */
export function expectOnly<T>(allowed: abstract new (...args: never[]) => Error, run: () => T): T | Error {
  try {
    return run();
  } catch (error) {
    if (error instanceof allowed) return error;
    throw error;
  }
}

/** {@link expectOnly} for promises. */
export async function expectOnlyAsync<T>(allowed: abstract new (...args: never[]) => Error, run: () => Promise<T>): Promise<T | Error> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof allowed) return error;
    throw error;
  }
}

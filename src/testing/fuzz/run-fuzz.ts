/** Runs one fuzz target with fast-check: a fixed number of mutated inputs from a seed, shrunk on failure. */
import fc from 'fast-check';
import { isProgrammingError, type FuzzTarget } from './targets';

export interface FuzzOutcome {
  target: string;
  runs: number;
  seed: number;
  seconds: number;
  /** The slowest single input (a parser that takes seconds on a few KB is a finding too). */
  slowestMs: number;
  /** Inputs the parser refused with its own error (the rest were accepted). */
  refused: number;
  failure?: { error: string; inputBase64: string; path: string | null };
}

export function fuzz(target: FuzzTarget, options: { runs: number; seed: number }): FuzzOutcome {
  let slowestMs = 0;
  let refused = 0;
  const started = performance.now();
  const details = fc.check(
    fc.property(target.inputs(), (input) => {
      const t0 = performance.now();
      try {
        if (target.run(input)) refused++;
      } catch (error) {
        if (isProgrammingError(error)) throw error;
        refused++;
      } finally {
        slowestMs = Math.max(slowestMs, performance.now() - t0);
      }
    }),
    { numRuns: options.runs, seed: options.seed },
  );
  const outcome: FuzzOutcome = { target: target.name, runs: details.numRuns, seed: options.seed, seconds: (performance.now() - started) / 1000, slowestMs, refused };
  if (details.failed && details.counterexample) {
    const error = details.errorInstance;
    outcome.failure = {
      error: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error),
      inputBase64: Buffer.from(details.counterexample[0]).toString('base64'),
      path: details.counterexamplePath,
    };
  }
  return outcome;
}

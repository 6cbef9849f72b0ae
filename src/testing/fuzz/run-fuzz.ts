/** Runs one fuzz target with fast-check: a fixed number of mutated inputs from a seed, shrunk on failure. */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { ContractViolation, isProgrammingError, type FuzzTarget } from './fuzz-target';

export interface FuzzOutcome {
  target: string;
  runs: number;
  seed: number;
  seconds: number;
  /** The slowest single input (a parser that takes seconds on a few KB is a finding too). */
  slowestMs: number;
  /** Inputs the parser refused with its own error (the rest were accepted). */
  refused: number;
  /** The largest heap growth over the run's start seen after an input (garbage included: an upper bound). */
  peakHeapGrowthMb: number;
  failure?: { error: string; inputBase64: string; path: string | null };
}

/** Longest an asynchronous target may take for one input before it counts as a hang. */
export const ASYNC_INPUT_TIMEOUT_MS = 10_000;

/** Heap one input may leave behind, after a full collection, beyond the run's start; more is a failure (a leak or a runaway allocation). */
export const INPUT_MEMORY_LIMIT_MB = 256;

// A full collection on demand, so that garbage is not taken for retained memory (no --expose-gc needed).
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const heapBytes = (): number => {
  const heap = getHeapStatistics();
  return heap.used_heap_size + heap.external_memory;
};

const prepared = new Map<FuzzTarget, Promise<void>>();

/** Runs a target's prepare() once per process. */
export async function prepareTarget(target: FuzzTarget): Promise<void> {
  if (!target.prepare) return;
  if (!prepared.has(target)) prepared.set(target, target.prepare());
  await prepared.get(target);
}

export async function fuzz(target: FuzzTarget, options: { runs: number; seed: number; timeoutMs?: number; memoryLimitMb?: number }): Promise<FuzzOutcome> {
  await prepareTarget(target);
  let slowestMs = 0;
  let refused = 0;
  const limit = (options.memoryLimitMb ?? INPUT_MEMORY_LIMIT_MB) * 2 ** 20;
  collectGarbage();
  const baseline = heapBytes();
  let peakGrowth = 0;
  const checkMemory = (): void => {
    const growth = heapBytes() - baseline;
    peakGrowth = Math.max(peakGrowth, growth);
    if (growth <= limit) return;
    collectGarbage();
    const retained = heapBytes() - baseline;
    if (retained > limit) {
      throw new ContractViolation(`${target.parser} keeps ${(retained / 2 ** 20).toFixed(0)} MB after one input (limit ${limit / 2 ** 20} MB beyond the run's start)`);
    }
  };
  const failed = (error: unknown): void => {
    if (isProgrammingError(error)) throw error;
    refused++;
  };
  const started = performance.now();
  const parameters = { numRuns: options.runs, seed: options.seed };
  const details = target.async
    ? await fc.check(
        fc.asyncProperty(target.inputs(), async (input) => {
          const t0 = performance.now();
          try {
            if (await target.run(input)) refused++;
          } catch (error) {
            failed(error);
          } finally {
            slowestMs = Math.max(slowestMs, performance.now() - t0);
          }
          checkMemory();
        }),
        { ...parameters, timeout: options.timeoutMs ?? ASYNC_INPUT_TIMEOUT_MS },
      )
    : fc.check(
        fc.property(target.inputs(), (input) => {
          const t0 = performance.now();
          try {
            if (target.run(input) === true) refused++;
          } catch (error) {
            failed(error);
          } finally {
            slowestMs = Math.max(slowestMs, performance.now() - t0);
          }
          checkMemory();
        }),
        parameters,
      );
  const outcome: FuzzOutcome = { target: target.name, runs: details.numRuns, seed: options.seed, seconds: (performance.now() - started) / 1000, slowestMs, refused, peakHeapGrowthMb: peakGrowth / 2 ** 20 };
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

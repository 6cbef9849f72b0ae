/**
 * What a fuzz target is and what counts as a failure. The property is the same for all: the parser returns,
 * or throws an error it meant to throw. A TypeError, RangeError or ReferenceError (an unchecked index, a
 * missing field, a buffer read past its end), anything thrown that is not an Error, or a ContractViolation
 * (the target's own check: an error outside the parser's typed errors, a paging that never ends) is a bug.
 */
import { readFileSync } from 'node:fs';
import type fc from 'fast-check';
import { HAS_CONFORMANCE, conformancePath } from '../conformance';

export interface FuzzTarget {
  name: string;
  /** What is parsed, for the runner's listing. */
  parser: string;
  /** Work before the first input (a session recorded from a simulator); awaited once per process. */
  prepare?(): Promise<void>;
  inputs(): fc.Arbitrary<Uint8Array>;
  /**
   * Parses one input; true when the parser refused it (a result with errors, or its own typed error); throws
   * only what the parser throws or a ContractViolation. A Promise for parsers that are asynchronous.
   */
  run(input: Uint8Array): boolean | Promise<boolean>;
  /** run() returns a Promise: the runner awaits it and ends an input after `timeoutMs` (a hang is a failure). */
  async?: boolean;
}

/** The parser broke its contract without a programming error: an untyped error, no end, a result out of bounds. */
export class ContractViolation extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ContractViolation';
  }
}

/** Errors a parser throws by mistake rather than by design. */
export function isProgrammingError(error: unknown): boolean {
  return !(error instanceof Error) || error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError || error instanceof ContractViolation;
}

/** A violation naming the error that was not one of the parser's own, with it as the cause. */
export function untyped(parser: string, error: unknown): ContractViolation {
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new ContractViolation(`${parser} threw an error that is not its own typed error: ${what}`, { cause: error });
}

/**
 * A read-out reader's verdict: true when refused. The AR 2418-6 reader turns its own exceptions into an
 * `internal.read` problem (so the user sees a message, not a crash): for the fuzzer that is the bug it is.
 */
export function refusedReadout(result: { ok: boolean; problems: readonly { code: string; en: string }[] }): boolean {
  const internal = result.problems.find((p) => p.code === 'internal.read');
  if (internal) throw new TypeError(internal.en);
  return !result.ok;
}

/** A real file of ../shared/conformance as a seed, none when the folder is absent. */
export function realFile(...parts: string[]): Uint8Array[] {
  return HAS_CONFORMANCE ? [readFileSync(conformancePath(...parts))] : [];
}


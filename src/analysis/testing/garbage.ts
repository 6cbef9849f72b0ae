/**
 * Garbage collections on demand for memory tests, without starting Node with --expose-gc (the flag set at
 * run time exposes `gc` to new contexts).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async' }) => void;

/** A scavenge: frees what only young objects referred to; objects that died in the old generation still hold theirs. */
export function minorGc(): void {
  gc({ type: 'minor', execution: 'sync' });
}

export function fullGc(): void {
  gc({ type: 'major', execution: 'sync' });
}

/** Bytes the process holds in ArrayBuffer backing stores (the typed-array columns live there). */
export function arrayBufferBytes(): number {
  return process.memoryUsage().arrayBuffers;
}

/** Lets the current job end (WeakRefs and finalisation depend on it). */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

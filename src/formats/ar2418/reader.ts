/**
 * Reading AR 2418-6 documents: from memory or streamed from a file, through the streaming reader
 * (stream-reader.ts; limits in read-options.ts, scanners in text-scan.ts, the reading draft in reading-draft.ts).
 *
 * No DOM is built; the model is filled while the parser walks the file and the element order, occurrence
 * and leaf types are checked against `SCHEMA` on the way. The original bytes are returned untouched: from
 * memory as the bytes given, from a file as a handle to that file (`OriginalBytes`), so that the heap holds
 * no copy of the document after the read. Any DOCTYPE is rejected; size, depth, text length and element
 * count are limited; malformed input ends the read with a problem, never with an exception.
 */
import { open } from 'node:fs/promises';
import { originalFile, originalInMemory, stampOf } from '../../platform/original-bytes';
import { DEFAULT_READ_LIMITS, type Ar2418ReadResult, type ReadOptions } from './read-options';
import { changedProblem, ioProblem, sizeProblem } from './read-problems';
import { Ar2418StreamReader } from './stream-reader';

export { DEFAULT_READ_LIMITS, type Ar2418ReadResult, type ReadLimits, type ReadOptions } from './read-options';
export { Ar2418StreamReader } from './stream-reader';

const CHUNK = 1 << 20;

/** Reads a document from memory. */
export function readAr2418(bytes: Uint8Array, options: ReadOptions = {}): Ar2418ReadResult {
  const reader = new Ar2418StreamReader(options);
  for (let i = 0; i < bytes.length && !reader.stopped; i += CHUNK) reader.write(bytes.subarray(i, Math.min(bytes.length, i + CHUNK)));
  return reader.end(originalInMemory(bytes));
}

/**
 * Reads a document from a file, streaming through two 1 MB buffers (the next chunk is read while the
 * parser works on the current one); stops early when a limit is exceeded. The result's `original` refers
 * to the file, which is never written: reading it later checks that it is still the file read.
 */
export async function readAr2418File(path: string, options: ReadOptions = {}): Promise<Ar2418ReadResult> {
  const limits = { ...DEFAULT_READ_LIMITS, ...options.limits };
  const reader = new Ar2418StreamReader(options);
  try {
    const handle = await open(path, 'r');
    try {
      const before = await handle.stat();
      if (before.size > limits.maxBytes) return reader.failWith(sizeProblem(before.size, limits.maxBytes));
      const buffers = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
      let total = 0;
      let turn = 0;
      let pending = handle.read(buffers[0]!, 0, CHUNK, 0);
      for (;;) {
        const { bytesRead, buffer } = await pending;
        if (bytesRead === 0) break;
        total += bytesRead;
        turn ^= 1;
        pending = handle.read(buffers[turn]!, 0, CHUNK, total);
        reader.write(buffer.subarray(0, bytesRead));
        if (reader.stopped) {
          await pending;
          break;
        }
      }
      const after = await handle.stat();
      if (!reader.stopped && (after.size !== total || after.mtimeMs !== before.mtimeMs)) return reader.failWith(changedProblem(path));
      return reader.end(originalFile(path, total, stampOf(after)));
    } finally {
      await handle.close();
    }
  } catch (error) {
    return reader.failWith(ioProblem(path, error));
  }
}

/**
 * Reading AR 2418-6 documents: from memory or streamed from a file, through the streaming reader
 * (stream-reader.ts; limits in read-options.ts, scanners in text-scan.ts, the reading draft in reading-draft.ts).
 *
 * No DOM is built; the model is filled while the parser walks the file and the element order, occurrence
 * and leaf types are checked against `SCHEMA` on the way. The original bytes are returned untouched.
 * Any DOCTYPE is rejected; size, depth, text length and element count are limited; malformed input ends
 * the read with a problem, never with an exception.
 */
import { open, stat } from 'node:fs/promises';
import { DEFAULT_READ_LIMITS, type Ar2418ReadResult, type ReadOptions } from './read-options';
import { ioProblem, sizeProblem } from './read-problems';
import { Ar2418StreamReader } from './stream-reader';

export { DEFAULT_READ_LIMITS, type Ar2418ReadResult, type ReadLimits, type ReadOptions } from './read-options';
export { Ar2418StreamReader } from './stream-reader';

/** Reads a document from memory. */
export function readAr2418(bytes: Uint8Array, options: ReadOptions = {}): Ar2418ReadResult {
  const reader = new Ar2418StreamReader(options);
  const CHUNK = 1 << 20;
  for (let i = 0; i < bytes.length && !reader.stopped; i += CHUNK) reader.write(bytes.subarray(i, Math.min(bytes.length, i + CHUNK)));
  return reader.end(bytes);
}

/** Reads a document from a file, streaming; stops early when a limit is exceeded. */
export async function readAr2418File(path: string, options: ReadOptions = {}): Promise<Ar2418ReadResult> {
  const limits = { ...DEFAULT_READ_LIMITS, ...options.limits };
  const reader = new Ar2418StreamReader(options);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    return reader.failWith(ioProblem(path, error));
  }
  if (size > limits.maxBytes) return reader.failWith(sizeProblem(size, limits.maxBytes));
  // one buffer of the file's size, filled chunk by chunk while the parser runs: no second copy
  let buffer = Buffer.allocUnsafe(size);
  let filled = 0;
  try {
    const handle = await open(path, 'r');
    try {
      const CHUNK = 1 << 20;
      for (;;) {
        if (filled === buffer.length) {
          // the file may have grown since stat: probe before making room
          const probe = Buffer.allocUnsafe(CHUNK);
          const { bytesRead: more } = await handle.read(probe, 0, CHUNK, null);
          if (more === 0) break;
          const grown = Buffer.allocUnsafe(Math.min(limits.maxBytes + CHUNK, Math.max(buffer.length * 2, CHUNK)));
          buffer.copy(grown, 0, 0, filled);
          probe.copy(grown, filled, 0, more);
          buffer = grown;
          reader.write(buffer.subarray(filled, filled + more));
          filled += more;
          if (reader.stopped) break;
          continue;
        }
        const { bytesRead } = await handle.read(buffer, filled, Math.min(CHUNK, buffer.length - filled), null);
        if (bytesRead === 0) break;
        reader.write(buffer.subarray(filled, filled + bytesRead));
        filled += bytesRead;
        if (reader.stopped) break;
      }
    } finally {
      await handle.close();
    }
  } catch (error) {
    return reader.failWith(ioProblem(path, error));
  }
  return reader.end(new Uint8Array(buffer.buffer, buffer.byteOffset, filled));
}

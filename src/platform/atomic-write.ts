/**
 * The one way files the user keeps are written: beside the target under a temporary name, flushed to disk,
 * then renamed over it, so a reader (or a crash) sees the old file or the whole new one, never a part.
 * An output that is one of the inputs is refused before a byte is written; `exclusive` refuses any existing
 * target (archive exports, trust store entries).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export type OutputFileErrorCode = 'OUTPUT_IS_INPUT' | 'OUTPUT_EXISTS';

export class OutputFileError extends Error {
  constructor(
    readonly code: OutputFileErrorCode,
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'OutputFileError';
  }
}

export interface AtomicWriteOptions {
  /** Files the output must not replace (the command's inputs). */
  inputs?: readonly string[];
  /** Refuse an existing target instead of replacing it. */
  exclusive?: boolean;
  /** File mode of a new file (e.g. 0o600 for files holding secrets). */
  mode?: number;
}

export function writeFileAtomic(path: string, content: Uint8Array | string, options: AtomicWriteOptions = {}): void {
  const target = resolve(path);
  const input = options.inputs?.find((candidate) => sameFile(candidate, target));
  if (input !== undefined) {
    throw new OutputFileError('OUTPUT_IS_INPUT', target, `${target} is also an input (${input}); choose another output file: an input is never overwritten.`);
  }
  if (options.exclusive && existsSync(target)) throw existsError(target);
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = openSync(temp, 'wx', options.mode ?? 0o666);
    try {
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (options.exclusive) placeExclusively(temp, target);
    else renameSync(temp, target);
  } finally {
    rmSync(temp, { force: true });
  }
  syncDirectory(dirname(target));
}

/** A hard link cannot replace an existing name, so two writers racing for one name cannot both win. */
function placeExclusively(temp: string, target: string): void {
  try {
    linkSync(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw existsError(target);
    // file systems without hard links (FAT on a USB stick): checked above, a rename is the best left
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
    if (existsSync(target)) throw existsError(target);
    renameSync(temp, target);
  }
}

function existsError(target: string): OutputFileError {
  return new OutputFileError('OUTPUT_EXISTS', target, `${target} exists; choose a new file name (an existing file is never overwritten).`);
}

/** The rename itself is durable only once the directory entry is on disk (not possible on Windows: skipped). */
function syncDirectory(dir: string): void {
  if (process.platform === 'win32') return;
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // a directory that cannot be opened for sync (some network file systems) still has the renamed file
  }
}

export function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  if (!existsSync(a) || !existsSync(b)) return false;
  try {
    if (realpathSync(a) === realpathSync(b)) return true;
    const sa = statSync(a);
    const sb = statSync(b);
    return sa.ino === sb.ino && sa.dev === sb.dev;
  } catch {
    return false;
  }
}

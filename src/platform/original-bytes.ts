/**
 * A read-out's original bytes (what the gateway or the file delivered, byte for byte) as a handle: the size
 * and SHA-256 and where they are kept, read only when needed (verify, export, report, archive). A 90 MB
 * device document then costs the heap nothing after it was read.
 *
 * - `originalInMemory(bytes)`: bytes the caller holds anyway (in-memory reads, small signed exports).
 * - `originalFile(path, …)`: a file on disk (the user's input file, read in place and never written; or a
 *   copy the engine stored with `storeOriginal`). Each read checks that the file is still the one read
 *   (size, modification time, inode; the SHA-256 once it is known) and otherwise fails with
 *   `OriginalUnavailableError` naming the cause and the next step, never with other bytes.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { writeFileAtomic } from './atomic-write';

export interface OriginalBytes {
  /** Number of bytes. */
  readonly size: number;
  /** The file holding them, when they are kept on disk. */
  readonly path?: string;
  /** SHA-256 of the bytes, hex (computed once, on first use, when not known already). */
  sha256(): string;
  /** The bytes exactly as they came; `OriginalUnavailableError` when the stored copy is gone or changed. */
  read(): Uint8Array;
}

/** The stored original is gone or no longer the bytes that were read. */
export class OriginalUnavailableError extends Error {
  constructor(
    readonly path: string,
    readonly reason: 'missing' | 'changed',
    message: string,
  ) {
    super(message);
    this.name = 'OriginalUnavailableError';
  }
}

export function sha256HexOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

class MemoryOriginal implements OriginalBytes {
  private hash: string | undefined;
  constructor(private readonly bytes: Uint8Array) {}
  get size(): number {
    return this.bytes.length;
  }
  sha256(): string {
    return (this.hash ??= sha256HexOf(this.bytes));
  }
  read(): Uint8Array {
    return this.bytes;
  }
}

export function originalInMemory(bytes: Uint8Array): OriginalBytes {
  return new MemoryOriginal(bytes);
}

/** What identifies the version of a file that was read. */
export interface FileStamp {
  mtimeMs: number;
  ino: number;
}

export function stampOf(stats: Stats): FileStamp {
  return { mtimeMs: stats.mtimeMs, ino: stats.ino };
}

class FileOriginal implements OriginalBytes {
  constructor(
    readonly path: string,
    readonly size: number,
    private readonly stamp: FileStamp,
    private hash: string | undefined,
  ) {}

  sha256(): string {
    return (this.hash ??= sha256HexOf(this.read()));
  }

  read(): Uint8Array {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch (error) {
      throw new OriginalUnavailableError(
        this.path,
        'missing',
        `The original bytes (${this.size} bytes) were kept in ${this.path}, which can no longer be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); open the file or read the gateway again.`,
      );
    }
    try {
      const stats = fstatSync(fd);
      if (stats.size !== this.size || stats.mtimeMs !== this.stamp.mtimeMs || stats.ino !== this.stamp.ino) throw this.changed('its size or modification time differs');
      const bytes = Buffer.allocUnsafe(this.size);
      let filled = 0;
      while (filled < this.size) {
        const n = readSync(fd, bytes, filled, this.size - filled, filled);
        if (n === 0) throw this.changed('it is shorter now');
        filled += n;
      }
      if (this.hash !== undefined && sha256HexOf(bytes) !== this.hash) throw this.changed('its SHA-256 differs');
      return bytes;
    } finally {
      closeSync(fd);
    }
  }

  private changed(detail: string): OriginalUnavailableError {
    return new OriginalUnavailableError(
      this.path,
      'changed',
      `${this.path} is no longer the file that was read (${detail}): its original bytes are not given out as they are not the same; open the file again.`,
    );
  }
}

/** The bytes of a file read in place (it is never written); `sha256` when the reader already computed it. */
export function originalFile(path: string, size: number, stamp: FileStamp, sha256?: string): OriginalBytes {
  return new FileOriginal(path, size, stamp, sha256);
}

/**
 * Writes `bytes` once, atomically, to `path` (a file of the engine's own, never the user's) and returns the
 * handle; the caller drops its copy of the bytes afterwards.
 */
export function storeOriginal(path: string, bytes: Uint8Array): OriginalBytes {
  const sha256 = sha256HexOf(bytes);
  writeFileAtomic(path, bytes, { exclusive: true, mode: 0o600 });
  return new FileOriginal(path, bytes.length, stampOf(statSync(path)), sha256);
}

/**
 * Verification results keyed by a hash of the original bytes (plus trust anchors and options), so that a
 * second opening of the same data costs one SHA-256 instead of thousands of ECDSA checks. A memory LRU
 * serves the running process; the file cache keeps results beside archived data across runs.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../platform/atomic-write';

export interface VerificationCache<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
}

export class MemoryVerificationCache<T> implements VerificationCache<T> {
  private readonly entries = new Map<string, T>();
  constructor(private readonly maxEntries = 32) {}

  get(key: string): T | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}

/** One JSON file per key in `dir`; values are (de)serialised by the given codec. */
export class FileVerificationCache<T> implements VerificationCache<T> {
  constructor(
    private readonly dir: string,
    private readonly codec: { encode(value: T): unknown; decode(json: unknown): T },
  ) {}

  get(key: string): T | undefined {
    try {
      return this.codec.decode(JSON.parse(readFileSync(this.path(key), 'utf8')));
    } catch {
      return undefined;
    }
  }

  set(key: string, value: T): void {
    mkdirSync(this.dir, { recursive: true });
    writeFileAtomic(this.path(key), JSON.stringify(this.codec.encode(value)));
  }

  private path(key: string): string {
    if (!/^[0-9a-f]{16,128}$/.test(key)) throw new Error(`Invalid cache key ${key}`);
    return join(this.dir, `${key}.verification.json`);
  }
}

/** Tries the caches in order; a hit in a later one is copied to the earlier ones. */
export class LayeredVerificationCache<T> implements VerificationCache<T> {
  constructor(private readonly layers: VerificationCache<T>[]) {}

  get(key: string): T | undefined {
    for (let i = 0; i < this.layers.length; i++) {
      const value = this.layers[i]!.get(key);
      if (value !== undefined) {
        for (let j = 0; j < i; j++) this.layers[j]!.set(key, value);
        return value;
      }
    }
    return undefined;
  }

  set(key: string, value: T): void {
    for (const layer of this.layers) layer.set(key, value);
  }
}

/**
 * The data a simulated gateway serves by default: the project's signed sample (src/simulator/sample) for the
 * last N full Berlin months, cached on disk because signing 140,000 readings takes seconds (P-256) to a minute
 * (brainpool) on a small machine. The cache holds the document in V8's serialisation: the demo gateway's
 * start reads 24 months from it in a fraction of the time a parse of the same data as AR 2418-6 XML takes
 * (`npm run bench -- demo`). The cache key covers every input and the V8 version, so a stale or foreign
 * file is never served; an unreadable one is signed anew.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { berlinParts, berlinTime } from '../../model/time/berlin';
import type { Ar2418Document } from '../../model/types';
import { SAMPLE_GENERATOR_VERSION, generateSignedSampleDocument } from '../sample/sample-document';
import type { PkiCurve } from '../sample/sample-options';
import { writeFileAtomic } from '../../platform/atomic-write';

export interface SimulatorSampleOptions {
  gatewayId: string;
  months: number;
  /** Curve of the gateway signature key (default brainpoolP256r1, as in real gateways). */
  curve?: PkiCurve;
  /** The data end at the start of this instant's Berlin month (default now). */
  now?: number;
  /** Default: <tmpdir>/trudi-simulator-cache; `false` disables the cache. */
  cacheDir?: string | false;
  onStatus?: (message: string) => void;
}

export async function simulatorSample(options: SimulatorSampleOptions): Promise<Ar2418Document> {
  const now = berlinParts(options.now ?? Date.now());
  const start = berlinTime(now.year, now.month - options.months, 1);
  const curve = options.curve ?? 'brainpoolP256r1';
  const key = createHash('sha256').update(JSON.stringify([SAMPLE_GENERATOR_VERSION, options.gatewayId, options.months, start, curve, process.versions.v8])).digest('hex').slice(0, 24);
  const dir = options.cacheDir === false ? undefined : (options.cacheDir ?? join(tmpdir(), 'trudi-simulator-cache'));
  const file = dir ? join(dir, `sample-${key}.v8`) : undefined;
  if (file && existsSync(file)) {
    const cached = cachedDocument(file);
    if (cached) return cached;
  }
  options.onStatus?.(`signing ${options.months} months of sample readings (${curve}); cached afterwards${file ? ` in ${file}` : ''} …`);
  const { document } = await generateSignedSampleDocument({ months: options.months, start, curve, gatewayId: options.gatewayId, seed: `simulator|${options.gatewayId}` });
  if (file && dir) {
    mkdirSync(dir, { recursive: true });
    writeFileAtomic(file, serialize(document));
  }
  return document;
}

/** The cached document, or undefined when the file cannot be read as one (it is then signed anew). */
function cachedDocument(file: string): Ar2418Document | undefined {
  try {
    const value = deserialize(readFileSync(file)) as Partial<Ar2418Document> | null;
    if (value?.kind === 'device' && Array.isArray(value.usagePoints) && value.usagePoints.length > 0) return value as Ar2418Document;
  } catch {
    // a truncated or foreign file
  }
  return undefined;
}

/**
 * The data a simulated gateway serves by default: the project's signed sample (src/simulator/sample) for the
 * last N full Berlin months, cached on disk as AR 2418-6 XML because signing 140,000 brainpool readings takes
 * a minute on a small machine. The cache key covers every input, so a stale file is never served.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAr2418 } from '../../formats/ar2418/reader';
import { writeAr2418Bytes } from '../../formats/ar2418/writer';
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
  const key = createHash('sha256').update(JSON.stringify([SAMPLE_GENERATOR_VERSION, options.gatewayId, options.months, start, curve])).digest('hex').slice(0, 24);
  const dir = options.cacheDir === false ? undefined : (options.cacheDir ?? join(tmpdir(), 'trudi-simulator-cache'));
  const file = dir ? join(dir, `sample-${key}.xml`) : undefined;
  if (file && existsSync(file)) {
    const read = readAr2418(new Uint8Array(readFileSync(file)));
    if (read.ok && read.document) return read.document;
  }
  options.onStatus?.(`signing ${options.months} months of sample readings (${curve}); cached afterwards${file ? ` in ${file}` : ''} …`);
  const { document } = await generateSignedSampleDocument({ months: options.months, start, curve, gatewayId: options.gatewayId, seed: `simulator|${options.gatewayId}` });
  if (file && dir) {
    mkdirSync(dir, { recursive: true });
    writeFileAtomic(file, writeAr2418Bytes(document));
  }
  return document;
}

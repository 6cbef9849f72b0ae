/**
 * `npm run bench -- verify`: 70,080 brainpoolP256r1 per-reading signatures (24 months of 15-minute values,
 * one channel) verified by the worker pool, compared with the single-core rate of
 * `openssl speed -seconds 3 ecdsabrp256r1` measured in the same run; the cached re-verification; and the
 * pure-JS engine (@noble/curves, lowS: false) on a sample.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryVerificationCache } from '../src/crypto/cache/verification-cache';
import { Certificate } from '../src/crypto/certificates/certificate';
import { bundledTestAnchors } from '../src/crypto/chain/trust-anchors';
import { trudiSimMessage } from '../src/crypto/signatures/message-formats';
import { runVerifyJob } from '../src/crypto/workers/run-job';
import { packItems } from '../src/crypto/workers/verify-job';
import { verifyDocument, type DocumentVerification } from '../src/crypto/verify-document';
import { VerifyPool } from '../src/crypto/workers/verify-pool';
import { readAr2418 } from '../src/formats/ar2418/reader';
import { writeAr2418Bytes } from '../src/formats/ar2418/writer';
import { berlinTime } from '../src/model/time/berlin';
import type { Ar2418Document } from '../src/model/types';
import { generateSignedSampleDocument } from '../src/simulator/sample/sample-document';
import { readReadout } from '../src/formats/readout';
import { k461Xml, ppcSignedMessage, signPpcReading } from '../src/simulator/gateway/ppc-export';
import { createTestPki } from '../src/simulator/pki/test-pki';

const READINGS = 70_080;

/**
 * Single-core verify/s of `openssl speed -seconds 3 ecdsabrp256r1`. By default openssl counts CPU user time;
 * with `elapsed` it counts wall-clock time (what a loaded, shared machine really delivers).
 */
function opensslVerifyRate(elapsed = false): number | undefined {
  try {
    const args = ['speed', ...(elapsed ? ['-elapsed'] : []), '-seconds', '3', 'ecdsabrp256r1'];
    const out = execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const line = out.split('\n').find((l) => /brainpoolP256r1/.test(l) && /\d+\.\d+\s*$/.test(l));
    const numbers = line?.trim().split(/\s+/).map(Number).filter((n) => Number.isFinite(n));
    return numbers?.at(-1);
  } catch {
    return undefined;
  }
}

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

export async function run(): Promise<void> {
  const cores = availableParallelism();
  const out = (line: string) => process.stdout.write(`${line}\n`);

  let t = performance.now();
  const pool = new VerifyPool(cores);
  // The signed file is kept in the temp folder: signing 70,080 readings takes longer than verifying them.
  const cachedFile = join(tmpdir(), 'trudi-bench-verify-70080-brainpoolP256r1.xml');
  let bytes: Uint8Array;
  if (existsSync(cachedFile)) {
    bytes = readFileSync(cachedFile);
  } else {
    const { document } = await generateSignedSampleDocument({ months: 24, start: berlinTime(2022, 1, 1), channels: ['import'], gaps: false, seed: 'bench' }, pool);
    bytes = writeAr2418Bytes(document);
    writeFileSync(cachedFile, bytes);
  }
  const read = readAr2418(bytes);
  const doc: Ar2418Document = read.document!;
  const count = doc.usagePoints[0]!.meterReadings[0]!.intervalBlocks.reduce((n, b) => n + b.readings.length, 0);
  out(`data: ${count} signed brainpoolP256r1 readings (${(bytes.length / 1024 / 1024).toFixed(1)} MB XML, ${cachedFile}), ready in ${seconds(t).toFixed(1)} s`);
  if (count !== READINGS) out(`warning: expected ${READINGS} readings`);

  out('measuring: openssl speed -seconds 3 ecdsabrp256r1 (single core; CPU time, then wall clock) …');
  const opensslRate = opensslVerifyRate();
  const opensslElapsedRate = opensslVerifyRate(true);
  out(opensslRate ? `openssl speed ecdsabrp256r1: ${opensslRate.toFixed(0)} verify/s per CPU second (openssl's default measure)` : 'openssl speed: not available');
  if (opensslElapsedRate) out(`openssl speed -elapsed ecdsabrp256r1: ${opensslElapsedRate.toFixed(0)} verify/s wall clock (same machine load as the runs below)`);
  out(`machine load average (1 min): ${loadavg()[0]!.toFixed(2)} on ${cores} cores`);

  // Node's per-call rate on this thread: the same OpenSSL math plus Node's call overhead.
  const firstBlocks = doc.usagePoints[0]!.meterReadings[0]!.intervalBlocks.slice(0, 21);
  const mr = doc.usagePoints[0]!.meterReadings[0]!;
  const messages = firstBlocks.flatMap((b) => b.readings.map((reading) => trudiSimMessage({ usagePoint: doc.usagePoints[0]!, meterReading: mr, reading })));
  const signatures = firstBlocks.flatMap((b) => b.readings.map((reading) => new Uint8Array(Buffer.from(reading.signature!, 'hex'))));
  const spki = new Certificate(doc.usagePoints[0]!.certificates.find((c) => c.certType === 1)!.certContent).spki;
  let cpu = process.cpuUsage();
  t = performance.now();
  runVerifyJob({ spki, hash: 'sha256', curveSize: 32, engine: 'openssl', curve: 'brainpoolP256r1', ...packItems(messages, signatures) });
  let wall = seconds(t);
  let cpuSeconds = cpuSecondsSince(cpu);
  out(`node crypto.verify, one thread: ${(messages.length / wall).toFixed(0)}/s wall clock, ${(messages.length / cpuSeconds).toFixed(0)}/s per CPU second`);

  // Start the workers before timing (worker start-up under tsx costs a few hundred ms once per process).
  const warmUp = structuredClone(doc);
  warmUp.usagePoints[0]!.meterReadings[0]!.intervalBlocks = warmUp.usagePoints[0]!.meterReadings[0]!.intervalBlocks.slice(0, 7);
  await verifyDocument(warmUp, undefined, { pool, cache: false });

  cpu = process.cpuUsage();
  t = performance.now();
  const result = await verifyDocument(doc, read.original.read(), { pool, cache: false, trustAnchors: bundledTestAnchors() });
  wall = seconds(t);
  cpuSeconds = cpuSecondsSince(cpu);
  const rate = count / wall;
  out(`pool (${pool.size} workers on ${cores} cores): ${count} verifications in ${wall.toFixed(2)} s = ${rate.toFixed(0)} verifications/s; valid ${result.valid}, invalid ${result.invalid}`);
  out(`  CPU used: ${cpuSeconds.toFixed(1)} s (${(count / cpuSeconds).toFixed(0)} verifications per CPU second; ${((cpuSeconds / wall) * 100).toFixed(0)} % of one core on average)`);
  if (opensslRate) out(`ratio pool (wall clock) / openssl speed (one core): ${(rate / opensslRate).toFixed(2)} (goal >= 1.7 on 2 cores)`);
  if (opensslElapsedRate) out(`ratio pool / openssl speed -elapsed, same load: ${(rate / opensslElapsedRate).toFixed(2)}`);
  if (opensslRate) out(`per-CPU-second efficiency vs openssl: ${(count / cpuSeconds / opensslRate).toFixed(2)} (x ${cores} cores = ${((cores * count) / cpuSeconds / opensslRate).toFixed(2)} reachable on an idle machine)`);

  const cache = new MemoryVerificationCache<DocumentVerification>();
  await verifyDocument(doc, read.original.read(), { pool, cache });
  t = performance.now();
  const cached = await verifyDocument(doc, read.original.read(), { pool, cache });
  out(`cached re-verification (SHA-256 of ${(read.original.size / 1024 / 1024).toFixed(1)} MB + lookup): ${(seconds(t) * 1000).toFixed(0)} ms (goal <= 200 ms), cached=${cached.cached}`);

  const sampleSize = 500;
  const small = structuredClone(doc);
  const blocks = small.usagePoints[0]!.meterReadings[0]!.intervalBlocks;
  let kept = 0;
  small.usagePoints[0]!.meterReadings[0]!.intervalBlocks = blocks.filter((b) => (kept += b.readings.length) <= sampleSize + 96);
  const smallCount = small.usagePoints[0]!.meterReadings[0]!.intervalBlocks.reduce((n, b) => n + b.readings.length, 0);
  const singleWorker = new VerifyPool(1);
  // Warm up the worker and noble's lazily built tables, then time.
  const warmNoble = structuredClone(small);
  warmNoble.usagePoints[0]!.meterReadings[0]!.intervalBlocks = warmNoble.usagePoints[0]!.meterReadings[0]!.intervalBlocks.slice(0, 3);
  await verifyDocument(warmNoble, undefined, { pool: singleWorker, cache: false, engine: 'noble' });
  cpu = process.cpuUsage();
  t = performance.now();
  const noble = await verifyDocument(small, undefined, { pool: singleWorker, cache: false, engine: 'noble', trustAnchors: bundledTestAnchors() });
  const nobleWall = seconds(t);
  const nobleCpu = cpuSecondsSince(cpu);
  const nobleRate = smallCount / nobleWall;
  out(
    `pure JS (@noble/curves, lowS: false, one worker): ${smallCount} verifications at ${nobleRate.toFixed(0)}/s wall clock ` +
      `(${(1000 / nobleRate).toFixed(2)} ms each), ${(smallCount / nobleCpu).toFixed(0)} per CPU second; valid ${noble.valid}`,
  );
  if (opensslRate) out(`pure JS vs openssl, per CPU second: ${(smallCount / nobleCpu / opensslRate).toFixed(2)}`);
  await singleWorker.close();

  // PPC: the same pool on K461 readings (r‖s‖Qx‖Qy, key taken from the signature), against the AR 2418-6 rate above.
  const ppc = ppcBenchExport();
  out(`PPC: ${ppc.readings} signed K461 readings (${(ppc.bytes.length / 1024 / 1024).toFixed(1)} MB XML, ${ppc.file}), ready`);
  const ppcRead = readReadout(ppc.bytes);
  cpu = process.cpuUsage();
  t = performance.now();
  const ppcResult = await verifyDocument(ppcRead.document!, ppcRead.original, { pool, cache: false });
  const ppcWall = seconds(t);
  const ppcRate = ppcResult.readings / ppcWall;
  out(`PPC pool: ${ppcResult.readings} verifications in ${ppcWall.toFixed(2)} s = ${ppcRate.toFixed(0)} verifications/s (${(ppcResult.readings / cpuSecondsSince(cpu)).toFixed(0)} per CPU second); signatureMatches ${ppcResult.signatureMatches}, invalid ${ppcResult.invalid}`);
  out(`ratio PPC / AR 2418-6 (pool, wall clock, same run): ${(ppcRate / rate).toFixed(2)} (goal: about 1)`);
  await pool.close();
}

/** 6 months of quarter hours of one PPC channel, signed the PPC way (kept in the temp folder: signing is slower than verifying). */
function ppcBenchExport(): { bytes: Uint8Array; readings: number; file: string } {
  const readings = 17_520;
  const file = join(tmpdir(), `trudi-bench-verify-ppc-${readings}.xml`);
  if (existsSync(file)) return { bytes: readFileSync(file), readings, file };
  const key = createTestPki({ gatewayId: 'EPPC0012345678', seed: 'bench' }).gatewaySignature.key;
  const logicalName = '0100010800ff.1lgz0012345678.sm';
  const start = Date.UTC(2024, 0, 1);
  const entries = Array.from({ length: readings }, (_, i) => {
    const at = readings - 1 - i; // newest first, as the gateway lists them
    const entry = { value: 1_000_000 + at * 37, scaler: -1, unit: 30, status: 0, captureTime: new Date(start + at * 900_000 + 1000).toISOString().replace('.000Z', 'Z') };
    return { ...entry, signature: signPpcReading(key, ppcSignedMessage(logicalName, entry)) };
  });
  const bytes = Buffer.from(k461Xml({ objectId: '01005e31803c.1lgz0012345678.sm', columns: [{ logicalName, entries }] }), 'utf8');
  writeFileSync(file, bytes);
  return { bytes, readings, file };
}


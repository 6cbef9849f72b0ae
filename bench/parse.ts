/**
 * `npm run bench -- parse`: a generated 24-month, 15-minute, two-channel signed device document
 * (≈140,000 readings) is read and validated; the time and peak memory are compared with a bare saxes
 * scan of the same file, measured in the same run. Each measurement runs in a fresh Node process so that
 * the peak RSS belongs to that measurement alone.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TextDecoder } from 'node:util';
import { SaxesParser } from 'saxes';
import { makeSampleDevice } from '../src/formats/ar2418/sample-document';
import { writeAr2418 } from '../src/formats/ar2418/writer';
import { validateAr2418File } from '../src/formats/ar2418/validate';
import { berlinTime } from '../src/model/time/berlin';

const REPEAT = 3;

interface ChildResult {
  ms: number[];
  peakRssMb: number;
  readings?: number;
  errors?: number;
}

function saxesScan(path: string): void {
  const bytes = readFileSync(path);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const parser = new SaxesParser({ xmlns: false, position: true });
  const CHUNK = 1 << 20;
  for (let i = 0; i < bytes.length; i += CHUNK) parser.write(decoder.decode(bytes.subarray(i, i + CHUNK), { stream: true }));
  parser.close();
}

async function child(mode: string, path: string): Promise<void> {
  const ms: number[] = [];
  let readings = 0;
  let errors = 0;
  for (let i = 0; i < REPEAT; i++) {
    const started = performance.now();
    if (mode === 'saxes') saxesScan(path);
    else {
      const result = await validateAr2418File(path);
      readings = 0;
      for (const up of result.document?.usagePoints ?? []) for (const mr of up.meterReadings) for (const b of mr.intervalBlocks) readings += b.readings.length;
      errors = result.problems.filter((p) => p.severity === 'error').length;
    }
    ms.push(performance.now() - started);
  }
  const result: ChildResult = { ms, peakRssMb: process.resourceUsage().maxRSS / 1024, readings, errors };
  process.stdout.write(JSON.stringify(result));
}

function measure(mode: string, path: string): ChildResult {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', mode, path], { encoding: 'utf8' });
  return JSON.parse(out) as ChildResult;
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-parse-'));
  try {
    const start = berlinTime(2023, 1, 1);
    const end = berlinTime(2025, 1, 1);
    const perChannel = Math.round((end - start) / 900_000) + 1;
    let t = performance.now();
    const doc = makeSampleDevice({ start, readings: perChannel, periodSeconds: 900, signed: true });
    const generateMs = performance.now() - t;
    t = performance.now();
    const xml = writeAr2418(doc);
    const writeMs = performance.now() - t;
    const path = join(dir, 'device-24-months.xml');
    writeFileSync(path, xml);
    const sizeMb = statSync(path).size / 1024 / 1024;
    process.stdout.write(
      `document: 2 channels × ${perChannel} readings = ${2 * perChannel} readings, signed, ${sizeMb.toFixed(1)} MB\n` +
        `generate model ${generateMs.toFixed(0)} ms, writeAr2418 ${writeMs.toFixed(0)} ms\n`,
    );
    const bare = measure('saxes', path);
    const ours = measure('validate', path);
    const best = (r: ChildResult) => Math.min(...r.ms);
    const fmt = (r: ChildResult) => `best ${best(r).toFixed(0)} ms (runs: ${r.ms.map((x) => x.toFixed(0)).join(', ')}), peak RSS ${r.peakRssMb.toFixed(0)} MB`;
    process.stdout.write(`bare saxes scan:        ${fmt(bare)}\n`);
    process.stdout.write(`read + validate:        ${fmt(ours)}; ${ours.readings} readings, ${ours.errors} errors\n`);
    const ratio = best(ours) / best(bare);
    process.stdout.write(`ratio to bare scan:     ${ratio.toFixed(2)} (goal ≤ 1.5) ${ratio <= 1.5 ? 'met' : 'NOT met'}\n`);
    process.stdout.write(`peak RSS read+validate: ${ours.peakRssMb.toFixed(0)} MB (goal ≤ 200 MB) ${ours.peakRssMb <= 200 ? 'met' : 'NOT met'}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  await child(process.argv[3] ?? '', process.argv[4] ?? '');
}

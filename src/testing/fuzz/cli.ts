/**
 * `npm run fuzz -- [NAME…] [--runs N] [--seed S]`: runs the fuzz targets (all without a name), prints runs per
 * second, how many inputs the parser refused, the slowest input and the largest heap growth; one input that leaves
 * more than INPUT_MEMORY_LIMIT_MB retained is a failure; a failure prints the error and writes the
 * shrunk input to test-results/fuzz/NAME-SEED.bin. Exit 1 on a failure, 2 on a usage error.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../conformance';
import { fuzz } from './run-fuzz';
import { FUZZ_TARGETS } from './targets';

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { runs: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean' } } });
  const names = FUZZ_TARGETS.map((t) => t.name);
  if (values.help) {
    process.stdout.write(`npm run fuzz -- [${names.join('|')}…] [--runs N] [--seed S]\n${FUZZ_TARGETS.map((t) => `  ${t.name.padEnd(14)} ${t.parser}`).join('\n')}\n`);
    return 0;
  }
  const unknown = positionals.filter((n) => !names.includes(n));
  if (unknown.length > 0) {
    process.stderr.write(`fuzz: unknown target ${unknown.join(', ')}; the targets are ${names.join(', ')}.\n`);
    return 2;
  }
  const runs = Number(values.runs ?? 10_000);
  const seed = Number(values.seed ?? Date.now() % 2 ** 31);
  if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
    process.stderr.write('fuzz: --runs takes a positive whole number, --seed a whole number.\n');
    return 2;
  }
  let failed = 0;
  for (const target of FUZZ_TARGETS.filter((t) => positionals.length === 0 || positionals.includes(t.name))) {
    const o = await fuzz(target, { runs, seed });
    const line = `${target.name.padEnd(14)} ${String(o.runs).padStart(7)} runs in ${o.seconds.toFixed(1).padStart(6)} s = ${String(Math.round(o.runs / o.seconds)).padStart(6)}/s, refused ${((100 * o.refused) / o.runs).toFixed(0).padStart(3)} %, slowest ${o.slowestMs.toFixed(1)} ms, heap ≤ ${o.peakHeapGrowthMb.toFixed(0)} MB over the start, seed ${seed}`;
    process.stdout.write(`${line}${o.failure ? '  FAILED' : ''}\n`);
    if (o.failure) {
      failed++;
      const dir = join(PROJECT_ROOT, 'test-results', 'fuzz');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${target.name}-${seed}.bin`);
      writeFileSync(file, Buffer.from(o.failure.inputBase64, 'base64'));
      process.stdout.write(`  ${o.failure.error.split('\n').slice(0, 6).join('\n  ')}\n  input: ${file} (path ${o.failure.path})\n`);
    }
  }
  return failed > 0 ? 1 : 0;
}

// The fuzz smoke run of `npm test`: every target, a few hundred mutated inputs from a fixed seed, so a
// failure is reproducible with `npm run fuzz -- NAME --seed 20261202 --runs 300`. The adapter targets replay a
// simulator recording: unchanged, the replay must read the data, else every input would be refused for nothing.
import { describe, expect, it } from 'vitest';
import { fuzz, prepareTarget } from './run-fuzz';
import { FUZZ_TARGETS } from './targets';
import type { FuzzTarget } from './fuzz-target';
import { GATEWAY_FUZZ_TARGETS } from './gateway-targets';
import { mutatedBytes } from './mutate';

const SMOKE = { runs: 300, seed: 20261202 };

describe('fuzz smoke: no parser fails with a programming error on mutated input', () => {
  for (const target of FUZZ_TARGETS) {
    it(`${target.name}: ${target.parser}`, async () => {
      const outcome = await fuzz(target, SMOKE);
      expect(outcome.failure?.error ?? 'no failure').toBe('no failure');
      expect(outcome.runs).toBe(SMOKE.runs);
      // mutations must reach the parser's refusals, else the target tests nothing
      expect(outcome.refused).toBeGreaterThan(0);
    }, 120_000);
  }

  it('the harness itself fails on a parser that throws a TypeError, and shrinks the input', async () => {
    const broken: FuzzTarget = {
      name: 'broken',
      parser: 'reads byte 10 of a buffer without checking its length',
      inputs: () => mutatedBytes([Buffer.alloc(40, 0x41)]),
      run: (input) => {
        if (input.length < 11) throw new TypeError(`no byte 10 in ${input.length} bytes`);
        return false;
      },
    };
    const outcome = await fuzz(broken, SMOKE);
    expect(outcome.failure?.error).toMatch(/^TypeError: no byte 10/);
    expect(Buffer.from(outcome.failure!.inputBase64, 'base64').length).toBeLessThan(11);
  });

  for (const target of GATEWAY_FUZZ_TARGETS) {
    it(`${target.name}: the recorded read-out replayed without a change is read (the replay answers what the adapter asks)`, async () => {
      await prepareTarget(target);
      const noAnswerReplaced = new Uint8Array([0xff, 0xff]);
      expect(await target.run(noAnswerReplaced)).toBe(false);
    }, 120_000);
  }

  it('the harness fails a parser that keeps memory from input to input, and names how much', async () => {
    const kept: Uint8Array[] = [];
    const leaking: FuzzTarget = {
      name: 'leaking',
      parser: 'keeps a 4 MB buffer for every input',
      inputs: () => mutatedBytes([Buffer.alloc(24, 0x41)]),
      run: () => {
        kept.push(new Uint8Array(4 * 2 ** 20).fill(1));
        return false;
      },
    };
    const outcome = await fuzz(leaking, { ...SMOKE, runs: 50, memoryLimitMb: 32 });
    kept.length = 0;
    expect(outcome.failure?.error).toMatch(/^ContractViolation: keeps a 4 MB buffer for every input keeps \d+ MB after one input \(limit 32 MB/);
  });

  it('the harness fails an asynchronous parser that never answers (a hang), after the timeout', async () => {
    const hanging: FuzzTarget = {
      name: 'hanging',
      parser: 'waits for an answer that never comes when the input is shorter than 20 bytes',
      async: true,
      inputs: () => mutatedBytes([Buffer.alloc(24, 0x41)]),
      run: (input) => (input.length < 20 ? new Promise<boolean>(() => undefined) : Promise.resolve(false)),
    };
    const outcome = await fuzz(hanging, { ...SMOKE, runs: 50, timeoutMs: 100 });
    expect(outcome.failure?.error).toMatch(/timeout/i);
  }, 60_000);
});


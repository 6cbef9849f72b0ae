// The fuzz smoke run of `npm test`: every target, a few hundred mutated inputs from a fixed seed, so a
// failure is reproducible with `npm run fuzz -- NAME --seed 20261202 --runs 300`.
import { describe, expect, it } from 'vitest';
import { fuzz } from './run-fuzz';
import { FUZZ_TARGETS, type FuzzTarget } from './targets';
import { mutatedBytes } from './mutate';

const SMOKE = { runs: 300, seed: 20261202 };

describe('fuzz smoke: no parser fails with a programming error on mutated input', () => {
  for (const target of FUZZ_TARGETS) {
    it(`${target.name}: ${target.parser}`, () => {
      const outcome = fuzz(target, SMOKE);
      expect(outcome.failure?.error ?? 'no failure').toBe('no failure');
      expect(outcome.runs).toBe(SMOKE.runs);
      // mutations must reach the parser's refusals, else the target tests nothing
      expect(outcome.refused).toBeGreaterThan(0);
    }, 120_000);
  }

  it('the harness itself fails on a parser that throws a TypeError, and shrinks the input', () => {
    const broken: FuzzTarget = {
      name: 'broken',
      parser: 'reads byte 10 of a buffer without checking its length',
      inputs: () => mutatedBytes([Buffer.alloc(40, 0x41)]),
      run: (input) => {
        if (input.length < 11) throw new TypeError(`no byte 10 in ${input.length} bytes`);
        return false;
      },
    };
    const outcome = fuzz(broken, SMOKE);
    expect(outcome.failure?.error).toMatch(/^TypeError: no byte 10/);
    expect(Buffer.from(outcome.failure!.inputBase64, 'base64').length).toBeLessThan(11);
  });
});

// Every input a fuzz run found (src/testing/fuzz/regressions/TARGET--WHAT.bin, the shrunk input as the
// runner wrote it) is run through its target again: each must now end in a result or the parser's own error.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isProgrammingError } from './fuzz-target';
import { prepareTarget } from './run-fuzz';
import { FUZZ_TARGETS } from './targets';

const DIR = join(import.meta.dirname, 'regressions');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.bin'));

describe('inputs found by fuzzing stay fixed', () => {
  it('has the found inputs, each named after a target', () => {
    expect(FILES.length).toBeGreaterThan(0);
    for (const file of FILES) expect(FUZZ_TARGETS.map((t) => t.name), file).toContain(file.split('--')[0]);
  });

  for (const file of FILES) {
    it(file, async () => {
      const target = FUZZ_TARGETS.find((t) => t.name === file.split('--')[0])!;
      await prepareTarget(target);
      let thrown: unknown;
      try {
        await target.run(new Uint8Array(readFileSync(join(DIR, file))));
      } catch (error) {
        thrown = error;
      }
      expect(thrown !== undefined && isProgrammingError(thrown) ? String((thrown as Error).stack ?? thrown) : 'a result or the parser’s own error').toBe('a result or the parser’s own error');
    }, 60_000);
  }
});

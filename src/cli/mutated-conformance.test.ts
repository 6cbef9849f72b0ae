// 150 damaged copies of the real conformance files (bit flips, cut and doubled ranges, inserted bytes: the
// fuzz mutations, fixed seed) through `trudi validate` and `trudi verify --json`: each ends with a verdict or
// a clear error and its documented exit code (0 valid, 1 findings, 3 unreadable), never with an internal error.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { conformanceXmlFiles } from '../testing/conformance';
import { runCli } from '../analysis/testing/run-cli';
import { CONFORMANCE_SKIP_REASON, HAS_CONFORMANCE, conformancePath } from '../testing/conformance';
import { mutatedBytes } from '../testing/fuzz/mutate';

const DOCUMENTS = 150;
const INTERNAL = /internal|TypeError|RangeError|ReferenceError|at .*\.ts:\d+/i;

describe.skipIf(!HAS_CONFORMANCE)(`${DOCUMENTS} damaged conformance documents${HAS_CONFORMANCE ? '' : ` (${CONFORMANCE_SKIP_REASON})`}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'trudi-mutated-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const files = [...conformanceXmlFiles(), 'ppc/k461_exportMeterValues_2025-10-26.xml'];
  const perFile = Math.ceil(DOCUMENTS / files.length);
  const documents = files.flatMap((file, i) =>
    fc.sample(mutatedBytes([readFileSync(conformancePath(file))], 4), { numRuns: perFile, seed: 20261202 + i }).map((bytes, k) => ({ name: `${file.replace(/\W/g, '_')}-${k}.xml`, bytes })),
  ).slice(0, DOCUMENTS);

  it('validate and verify end with a verdict or a clear error, never an internal one', async () => {
    expect(documents).toHaveLength(DOCUMENTS);
    const codes = { validate: new Map<number, number>(), verify: new Map<number, number>() };
    for (const { name, bytes } of documents) {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      const validate = await runCli(['validate', path, '--lang', 'en']);
      expect([0, 1, 3], `validate ${name}: ${validate.stderr}`).toContain(validate.code);
      expect(validate.stdout + validate.stderr, name).not.toMatch(INTERNAL);
      const verify = await runCli(['verify', path, '--json', '--test-roots']);
      expect([0, 1, 3], `verify ${name}: ${verify.stderr}`).toContain(verify.code);
      expect(verify.stderr, name).not.toMatch(INTERNAL);
      if (verify.code !== 3) expect(() => JSON.parse(verify.stdout), name).not.toThrow();
      else expect(verify.stderr, name).toMatch(/could not be read|cannot be read|not/);
      codes.validate.set(validate.code, (codes.validate.get(validate.code) ?? 0) + 1);
      codes.verify.set(verify.code, (codes.verify.get(verify.code) ?? 0) + 1);
    }
    // the mutations must leave some documents readable, else verify is never reached
    expect(codes.verify.get(3) ?? 0).toBeLessThan(DOCUMENTS);
  }, 300_000);
});

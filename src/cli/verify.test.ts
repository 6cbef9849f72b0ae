import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_TRUST_DIR } from '../crypto/chain/trust-anchors';
import { readAr2418 } from '../formats/ar2418/reader';
import { writeAr2418 } from '../formats/ar2418/writer';
import { forgeReading, selfSignedSigner } from '../simulator/testing/forge-reading';
import { EXIT } from './command';
import { main } from './main';

async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  const code = await main(args, { stdout, stderr });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('trudi sample + trudi verify', () => {
  let dir: string;
  let file: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trudi-verify-'));
    file = join(dir, 'sample.xml');
    const { code, stdout, stderr } = await runCli(['sample', '--months', '1', '--channels', 'import', '--out', file, '--seed', 'cli']);
    expect(code, stderr).toBe(EXIT.ok);
    expect(stdout).toMatch(/signed readings/);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints exactly the issue\'s JSON shape and exits 0 for an intact sample', async () => {
    const { code, stdout } = await runCli(['verify', file, '--json', '--test-roots']);
    expect(code).toBe(EXIT.ok);
    const json = JSON.parse(stdout) as Record<string, unknown> & { chain: { status: string; test: boolean } };
    expect(Object.keys(json)).toEqual(['readings', 'valid', 'invalid', 'notCheckable', 'absent', 'signatureMatches', 'signerNotEstablished', 'chain', 'signers', 'invalidReadings']);
    expect(json.readings).toBe(31 * 96 - 107); // January minus the three planned gaps (8 + 96 + 3)
    expect(json.valid).toBe(json.readings);
    expect(json.signatureMatches).toBe(json.readings);
    expect(json.chain.status).toBe('valid');
    expect(json.chain.test).toBe(true);
    expect(json.invalidReadings).toEqual([]);
  });

  it('an exit code of 0 is earned: readings without signatures are not verified (exit 1, saying how many)', async () => {
    const signed = readAr2418(readFileSync(file)).document!;
    for (const mr of signed.usagePoints[0]!.meterReadings) for (const block of mr.intervalBlocks) for (const r of block.readings.slice(0, 10)) delete r.signature;
    const partly = join(dir, 'partly-unsigned.xml');
    writeFileSync(partly, writeAr2418(signed));
    const { code, stdout } = await runCli(['verify', partly, '--test-roots']);
    expect(code).toBe(EXIT.findings);
    expect(stdout).toMatch(/not verified: \d+ of \d+ readings without an earned check mark/);
    const intact = await runCli(['verify', file, '--test-roots']);
    expect(intact.stdout).toMatch(/verified: all \d+ readings \(against a TEST root/);
  });

  it('exits non-zero and lists the one reading whose value was changed', async () => {
    const text = readFileSync(file, 'utf8');
    const at = text.indexOf('<espi:value>', text.indexOf('<IntervalReading>', text.length / 2));
    const end = text.indexOf('<', at + 12);
    const changed = `${text.slice(0, at + 12)}${Number(text.slice(at + 12, end)) + 1000}${text.slice(end)}`;
    const tampered = join(dir, 'tampered.xml');
    writeFileSync(tampered, changed);
    const { code, stdout } = await runCli(['verify', tampered, '--json', '--test-roots']);
    expect(code).toBe(EXIT.findings);
    const json = JSON.parse(stdout) as { invalid: number; invalidReadings: { value: number; reason: string }[] };
    expect(json.invalid).toBe(1);
    expect(json.invalidReadings[0]!.value).toBe(Number(text.slice(at + 12, end)) + 1000);
    expect(json.invalidReadings[0]!.reason).toBe('signatureMismatch');
  });

  it('reports an unknown root without --test-roots (nothing trusted by default), and accepts the root given with --trust', async () => {
    const untrusted = await runCli(['verify', file, '--json']);
    expect(untrusted.code).toBe(EXIT.findings);
    const json = JSON.parse(untrusted.stdout) as { readings: number; valid: number; signatureMatches: number; signerNotEstablished: number; chain: { status: string; test: boolean } };
    expect(json.chain).toMatchObject({ status: 'unknownRoot', test: false });
    expect(json.valid).toBe(0);
    expect(json.signatureMatches).toBe(json.readings);
    expect(json.signerNotEstablished).toBe(json.readings);
    const text = await runCli(['verify', file]);
    expect(text.code).toBe(EXIT.findings);
    expect(text.stdout).toMatch(/0 valid, 0 invalid/);
    expect(text.stdout).toMatch(/no installed root establishes the signer/);
    const trusted = await runCli(['verify', file, '--trust', join(BUNDLED_TRUST_DIR, 'trudi-test-root-brainpool.pem')]);
    expect(trusted.code).toBe(EXIT.ok);
    expect(trusted.stdout).toMatch(/chain: valid \(TEST root/);
    expect(trusted.stdout).toMatch(/valid \(TEST root: test data, not evidence/);
  });

  it("the issue's forgery (self-signed certType-3 certificate in the file, value raised, re-signed): exactly that reading invalid, exit non-zero", async () => {
    const read = readAr2418(readFileSync(file));
    const doc = read.document!;
    const forged = forgeReading(doc, selfSignedSigner(doc.usagePoints[0]!.smgw.smgwId), { certId: 4, certType: 3, at: { meterReading: 0, block: 0, index: 10 }, delta: 100_000 });
    const path = join(dir, 'forged.xml');
    writeFileSync(path, writeAr2418(doc));
    const { code, stdout } = await runCli(['verify', path, '--json', '--test-roots']);
    expect(code).toBe(EXIT.findings);
    const json = JSON.parse(stdout) as { readings: number; valid: number; invalid: number; invalidReadings: { value: number; reason: string; certId: number }[] };
    expect(json.invalid).toBe(1);
    expect(json.valid).toBe(json.readings - 1);
    expect(json.invalidReadings).toEqual([expect.objectContaining({ value: forged.value, reason: 'signerNotSignatureCertificate', certId: 4 })]);
  });

  it('names the cause for a missing file and bad usage', async () => {
    const missing = await runCli(['verify', join(dir, 'nope.xml')]);
    expect(missing.code).toBe(EXIT.failure);
    expect(missing.stderr).toMatch(/could not be read/);
    expect((await runCli(['verify'])).code).toBe(EXIT.usage);
    expect((await runCli(['sample', '--months', '0', '--out', join(dir, 'x.xml')])).code).toBe(EXIT.usage);
    expect((await runCli(['sample', '--curve', 'secp256k1', '--out', join(dir, 'x.xml')])).stderr).toMatch(/--curve must be one of/);
  });
});

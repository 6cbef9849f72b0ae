/** `trudi trust add|list|remove` and its effect on `trudi verify`, against the real store in a temporary TRUDI_HOME. */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_TRUST_DIR } from '../crypto/chain/trust-anchors';
import { toPem } from '../crypto/pki/pem';
import { createTestPki } from '../simulator/pki/test-pki';
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

interface VerifyJson {
  readings: number;
  valid: number;
  chain: { status: string; test: boolean; trustAnchor: { origin: string } | null };
}

async function verifyJson(file: string, ...extra: string[]): Promise<{ code: number; json: VerifyJson }> {
  const { code, stdout } = await runCli(['verify', file, '--json', ...extra]);
  return { code, json: JSON.parse(stdout) as VerifyJson };
}

describe('trudi trust', () => {
  let dir: string;
  let sample: string;
  let rootsZip: string;
  const previousHome = process.env.TRUDI_HOME;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trudi-trust-cli-'));
    process.env.TRUDI_HOME = join(dir, 'home');
    sample = join(dir, 'sample.xml');
    const { code, stderr } = await runCli(['sample', '--months', '1', '--channels', 'import', '--out', sample, '--seed', 'trust-cli']);
    expect(code, stderr).toBe(EXIT.ok);
    const roots = Object.fromEntries(readdirSync(BUNDLED_TRUST_DIR).filter((n) => n.endsWith('.pem')).map((n) => [`roots/${n}`, new Uint8Array(readFileSync(join(BUNDLED_TRUST_DIR, n)))]));
    rootsZip = join(dir, 'test-roots.zip');
    writeFileSync(rootsZip, zipSync({ ...roots, 'roots/README.md': new TextEncoder().encode('TEST roots') }));
  });
  afterAll(() => {
    process.env.TRUDI_HOME = previousHome;
    rmSync(dir, { recursive: true, force: true });
  });

  it('a TEST-signed sample verifies valid only after the TEST roots are installed, still labelled TEST; removed, it is unknown again', async () => {
    const before = await verifyJson(sample);
    expect(before.code).toBe(EXIT.findings);
    expect(before.json.chain.status).toBe('unknownRoot');
    expect(before.json.valid).toBe(0);

    const added = await runCli(['trust', 'add', rootsZip]);
    expect(added.code, added.stderr).toBe(EXIT.ok);
    expect(added.stdout).toMatch(/installed C=DE, O=TRuDI test SM-PKI, CN=TRuDI TEST Root CA brainpool \(not for production\) \(root, TEST: test data only, not evidence\)/);
    expect(added.stdout).toMatch(/skipped test-roots\.zip!roots\/README\.md/);

    const after = await verifyJson(sample);
    expect(after.code).toBe(EXIT.ok);
    expect(after.json.valid).toBe(after.json.readings);
    expect(after.json.chain).toMatchObject({ status: 'valid', test: true, trustAnchor: { origin: 'user' } });
    const text = await runCli(['verify', sample]);
    expect(text.stdout).toMatch(/TEST root/);

    const listed = await runCli(['trust', 'list', '--json']);
    const { certificates } = JSON.parse(listed.stdout) as { certificates: { fingerprintSha256: string; test: boolean; kind: string }[] };
    expect(certificates.map((c) => [c.kind, c.test])).toEqual([
      ['root', true],
      ['root', true],
    ]);
    for (const c of certificates) expect((await runCli(['trust', 'remove', c.fingerprintSha256])).code).toBe(EXIT.ok);
    expect((await runCli(['trust', 'list'])).stdout).toMatch(/No root or Sub-CA installed/);
    expect((await verifyJson(sample)).json.chain.status).toBe('unknownRoot');
  });

  it('--trust FILE trusts a root for one run without installing it', async () => {
    const once = await verifyJson(sample, '--trust', join(BUNDLED_TRUST_DIR, 'trudi-test-root-brainpool.pem'));
    expect(once.json.chain).toMatchObject({ status: 'valid', test: true });
    expect((await runCli(['trust', 'list', '--json'])).stdout).toMatch(/"certificates": \[\]/);
  });

  it('refuses a gateway certificate naming the file and the reason, installs nothing, exits non-zero', async () => {
    const gateway = join(dir, 'gateway-sig.pem');
    writeFileSync(gateway, toPem(createTestPki({ seed: 'trust-cli' }).gatewaySignature.certificate, 'CERTIFICATE'));
    const refused = await runCli(['trust', 'add', join(BUNDLED_TRUST_DIR, 'trudi-test-root-nist.pem'), gateway]);
    expect(refused.code).toBe(EXIT.failure);
    expect(refused.stderr).toMatch(/gateway-sig\.pem: not a CA certificate: .* Nothing was installed\./);
    expect((await runCli(['trust', 'list', '--json'])).stdout).toMatch(/"certificates": \[\]/);
    const unknown = await runCli(['trust', 'remove', 'AA'.repeat(32)]);
    expect(unknown.code).toBe(EXIT.failure);
    expect(unknown.stderr).toMatch(/no installed certificate has the fingerprint/);
    expect((await runCli(['trust', 'remove', 'nope'])).code).toBe(EXIT.usage);
  });
});

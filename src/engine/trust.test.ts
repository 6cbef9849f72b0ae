/** TEST roots only where they belong: the engine's own demo data, never an opened file. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import { BUNDLED_TRUST_DIR } from '../crypto/chain/trust-anchors';
import { toPem } from '../crypto/pki/pem';
import { createTestPki } from '../simulator/pki/test-pki';
import { writeAr2418 } from '../formats/ar2418/writer';
import { generateSignedSampleDocument } from '../simulator/sample/sample-document';
import { Engine } from './engine';

async function signedSampleBase64(): Promise<string> {
  const { document } = await generateSignedSampleDocument({ months: 1, periodSeconds: 86_400, seed: 'engine-trust' });
  return Buffer.from(writeAr2418(document)).toString('base64');
}

describe('Engine: which roots a verification trusts', () => {
  it('a TEST-signed file is not trusted: unknown root, no check mark, the load profile carries no TEST verdicts', async () => {
    const engine = new Engine();
    const opened = await engine.openFile({ name: 'sample.xml', contentBase64: await signedSampleBase64() });
    const result = await engine.verifyReadout({ readoutId: opened.readoutId });
    expect(result.chain).toMatchObject({ status: 'unknownRoot', test: false, trustAnchor: null });
    expect(result.valid).toBe(0);
    expect(result.signatureMatches).toBe(result.readings);
    expect(result.signerNotEstablished).toBe(result.readings);
    const channel = opened.channels[0]!;
    const profile = await engine.getLoadProfile({ readoutId: opened.readoutId, channelId: channel.channelId, from: '2024-01-01T00:00:00+01:00', to: '2024-01-05T00:00:00+01:00' });
    expect(profile.testPki).toBe(false);
    expect(profile.points.length).toBeGreaterThan(0);
    expect(profile.points.every((p) => p.signature === 'signerNotEstablished')).toBe(true);
  });

  it('a read-out of the built-in demo gateway is verified under the TEST roots, and its load profile says so', async () => {
    const engine = new Engine({ demoGatewayMonths: 1 });
    try {
      const gateway = await engine.startDemoGateway();
      const summary = await engine.readGateway({
        host: gateway.host,
        port: gateway.port,
        pin: gateway.fingerprint,
        credentials: { kind: 'password', user: gateway.user, password: gateway.password },
      });
      const result = await engine.verifyReadout({ readoutId: summary.readoutId });
      expect(result.chain).toMatchObject({ status: 'valid', test: true });
      expect(result.valid).toBe(result.readings);
      const channel = summary.channels[0]!;
      const day = summary.first.slice(0, 10);
      const profile = await engine.getLoadProfile({ readoutId: summary.readoutId, channelId: channel.channelId, from: `${day}T00:00:00+01:00`, to: `${day}T23:59:59+01:00` });
      expect(profile.testPki).toBe(true);
      expect(profile.points.some((p) => p.signature === 'valid')).toBe(true);
    } finally {
      await engine.close();
    }
  }, 180_000);
});

describe('Engine: the trust store', () => {
  it('a TEST-signed file turns valid (labelled TEST) once its root is installed, and stays so after a restart until removed', async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'trudi-engine-trust-'));
    try {
      const contentBase64 = await signedSampleBase64();
      const engine = new Engine({ configDir });
      expect(await engine.listTrustAnchors()).toEqual([]);
      const opened = await engine.openFile({ name: 'sample.xml', contentBase64 });
      expect((await engine.verifyReadout({ readoutId: opened.readoutId })).chain.status).toBe('unknownRoot');

      const root = readFileSync(join(BUNDLED_TRUST_DIR, 'trudi-test-root-brainpool.pem'));
      const { added } = await engine.addTrustAnchors({ files: [{ name: 'root.pem', contentBase64: root.toString('base64') }] });
      expect(added).toMatchObject([{ kind: 'root', test: true }]);
      const result = await engine.verifyReadout({ readoutId: opened.readoutId });
      expect(result.chain).toMatchObject({ status: 'valid', test: true });
      expect(result.valid).toBe(result.readings);

      const restarted = new Engine({ configDir });
      expect(await restarted.listTrustAnchors()).toEqual(added);
      const again = await restarted.openFile({ name: 'sample.xml', contentBase64 });
      expect((await restarted.verifyReadout({ readoutId: again.readoutId })).valid).toBe(result.readings);
      const range = { readoutId: again.readoutId, channelId: again.channels[0]!.channelId, from: '2024-01-01T00:00:00+01:00', to: '2024-01-05T00:00:00+01:00' };
      expect((await restarted.getLoadProfile(range)).points.every((p) => p.signature === 'valid')).toBe(true);
      await restarted.removeTrustAnchor(added[0]!.fingerprintSha256);
      // The check marks computed under the removed root are not shown any more, not even before the next check.
      const unverified = await restarted.getLoadProfile(range);
      expect(unverified.points.length).toBeGreaterThan(0);
      expect(unverified.points.every((p) => p.signature === 'unverified')).toBe(true);
      expect((await restarted.verifyReadout({ readoutId: again.readoutId })).chain.status).toBe('unknownRoot');
      await expect(restarted.removeTrustAnchor(added[0]!.fingerprintSha256)).rejects.toMatchObject({ code: 'UNKNOWN_TRUST_ANCHOR' });
    } finally {
      rmSync(configDir, { recursive: true, force: true });
    }
  });

  it('refuses a gateway certificate in German and English, naming the file', async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'trudi-engine-trust-'));
    try {
      const engine = new Engine({ configDir });
      const pem = toPem(createTestPki({ seed: 'engine-trust' }).gatewaySignature.certificate, 'CERTIFICATE');
      const error = await engine.addTrustAnchors({ files: [{ name: 'gateway.pem', contentBase64: Buffer.from(pem).toString('base64') }] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ code: 'TRUST_FILE_REJECTED', details: { file: 'gateway.pem', problem: 'notCa' } });
      expect((error as ApiError).de).toMatch(/^gateway\.pem ist kein CA-Zertifikat/);
      expect((error as ApiError).en).toMatch(/^gateway\.pem: not a CA certificate/);
      expect(await engine.listTrustAnchors()).toEqual([]);
      await expect(new Engine().addTrustAnchors({ files: [{ name: 'x.pem', contentBase64: 'AA==' }] })).rejects.toMatchObject({ code: 'NO_TRUST_STORE' });
    } finally {
      rmSync(configDir, { recursive: true, force: true });
    }
  });
});

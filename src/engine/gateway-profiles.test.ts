/**
 * Gateway profiles and confirmed fingerprints kept by the engine: a fingerprint is confirmed once, a restarted
 * engine reads the same gateway again without asking, a changed certificate is caught; secrets are stored
 * only when asked, and then encrypted. Real TLS (simulator on 127.0.0.1) and a real archive.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unsignedSample } from '../han/testing/fixtures';
import { startSimulator } from '../simulator/gateway/server';
import { Engine } from './engine';
import { GatewayProfiles, PROFILES_FILE } from './gateway-profiles';

const dir = mkdtempSync(join(tmpdir(), 'trudi-profiles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('gateway profiles and pins kept by the engine', () => {
  it('confirm once, restart, read again without a second confirmation; a changed certificate is caught', { timeout: 180_000 }, async () => {
    const home = { configDir: join(dir, 'config'), archiveDir: join(dir, 'archive') };
    const sim = await startSimulator({ vendor: 'emh', document: unsignedSample(1, 'EEMH0012345678') });
    const port = sim.port;
    const request = { host: sim.host, port, vendor: 'emh' as const, credentials: { kind: 'password' as const, user: 'consumer1', password: 'secret' } };
    let readoutId: string;
    try {
      const first = new Engine(home);
      const profile = await first.saveGatewayProfile({ name: 'Keller', host: sim.host, port, vendor: 'emh', user: 'consumer1' });
      expect(profile).toMatchObject({ name: 'Keller', hasSecret: false });
      const asked = await first.readGateway(request).catch((e: unknown) => e);
      expect(asked).toMatchObject({ code: 'HAN_PIN_REQUIRED', details: { fingerprint: sim.fingerprint } });
      readoutId = (await first.readGateway({ ...request, pin: sim.fingerprint })).readoutId;
      await first.close();

      const second = new Engine(home);
      expect((await second.listGatewayProfiles()).map((p) => p.name)).toEqual(['Keller']);
      // No pin in the request: the engine pins the visit to the fingerprint confirmed before.
      const again = await second.readGateway(request);
      expect(again.gatewayId).toBe('EEMH0012345678');
      expect((await second.listReadouts()).map((r) => r.readoutId)).toContain(readoutId);
      await second.close();
    } finally {
      await sim.close();
    }
    // Another certificate at the same address: caught on the next visit, with both fingerprints.
    const other = await startSimulator({ vendor: 'emh', port, document: unsignedSample(1, 'EEMH0087654321') });
    try {
      expect(other.fingerprint).not.toBe(sim.fingerprint);
      const third = new Engine(home);
      const changed = await third.readGateway(request).catch((e: unknown) => e);
      expect(changed).toMatchObject({ code: 'HAN_CERTIFICATE_CHANGED', details: { expected: sim.fingerprint, fingerprint: other.fingerprint } });
      await third.close();
    } finally {
      await other.close();
    }
  });

  it('stores a secret only when asked, encrypted with the passphrase', () => {
    const configDir = join(dir, 'secrets');
    const profiles = new GatewayProfiles(configDir);
    const plain = profiles.save({ name: 'ohne', host: '192.168.1.200', port: 443, user: 'u', secret: 'hunter2-password' });
    expect(plain.hasSecret).toBe(false);
    const kept = profiles.save({ name: 'mit', host: '192.168.1.201', port: 443, user: 'u', storeSecret: true, secret: 'hunter2-password', secretPassphrase: 'long passphrase' });
    expect(kept.hasSecret).toBe(true);
    const file = readFileSync(join(configDir, PROFILES_FILE), 'utf8');
    expect(file).not.toContain('hunter2');
    expect(new GatewayProfiles(configDir).secret(kept.id, 'long passphrase')).toBe('hunter2-password');
    expect(() => profiles.secret(kept.id, 'wrong passphrase')).toThrow(expect.objectContaining({ code: 'WRONG_PASSPHRASE' }));
    expect(() => profiles.save({ name: 'kurz', host: 'h', port: 1, storeSecret: true, secret: 's', secretPassphrase: 'short' })).toThrow(/at least 8 characters/);
    profiles.delete(plain.id);
    expect(new GatewayProfiles(configDir).list().map((p) => p.name)).toEqual(['mit']);
  });
});

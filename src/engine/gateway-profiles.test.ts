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
import { SealingKeychain } from './testing/sealing-keychain';

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

  it('stores a secret only when asked, encrypted with the passphrase', async () => {
    const configDir = join(dir, 'secrets');
    const profiles = new GatewayProfiles(configDir);
    const plain = await profiles.save({ name: 'ohne', host: '192.168.1.200', port: 443, user: 'u', secret: 'hunter2-password' });
    expect(plain.hasSecret).toBe(false);
    const kept = await profiles.save({ name: 'mit', host: '192.168.1.201', port: 443, user: 'u', storeSecret: true, secret: 'hunter2-password', secretPassphrase: 'long passphrase' });
    expect(kept).toMatchObject({ hasSecret: true, secretIn: 'passphrase' });
    const file = readFileSync(join(configDir, PROFILES_FILE), 'utf8');
    expect(file).not.toContain('hunter2');
    expect(await new GatewayProfiles(configDir).secret(kept.id, 'long passphrase')).toBe('hunter2-password');
    await expect(profiles.secret(kept.id, 'wrong passphrase')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await expect(profiles.secret(kept.id)).rejects.toMatchObject({ code: 'PASSPHRASE_REQUIRED' });
    await expect(profiles.save({ name: 'kurz', host: 'h', port: 1, storeSecret: true, secret: 's', secretPassphrase: 'short' })).rejects.toThrow(/at least 8 characters/);
    // No keychain here (web mode, CLI): a secret without a passphrase is refused, not stored in the clear.
    await expect(profiles.save({ name: 'offen', host: 'h', port: 1, storeSecret: true, secret: 'hunter2-password' })).rejects.toMatchObject({ code: 'PASSPHRASE_REQUIRED' });
    await profiles.delete(plain.id);
    expect(new GatewayProfiles(configDir).list().map((p) => p.name)).toEqual(['mit']);
  });

  it('seals a secret with the OS keychain when the engine has one, and opens it only there', async () => {
    const configDir = join(dir, 'keychain');
    const keychain = new SealingKeychain();
    const profiles = new GatewayProfiles(configDir, keychain);
    const kept = await profiles.save({ name: 'app', host: 'h', port: 1, user: 'u', storeSecret: true, secret: 'hunter2-password' });
    expect(kept).toMatchObject({ hasSecret: true, secretIn: 'keychain' });
    expect(keychain.sealed).toBe(1);
    expect(readFileSync(join(configDir, PROFILES_FILE), 'utf8')).not.toContain('hunter2');
    expect(await new GatewayProfiles(configDir, keychain).secret(kept.id)).toBe('hunter2-password');
    // The same file opened without the keychain (web mode, CLI): a clear error, not a wrong secret.
    await expect(new GatewayProfiles(configDir).secret(kept.id, 'any passphrase')).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    // Another keychain (another user or machine) cannot open it.
    await expect(new GatewayProfiles(configDir, new SealingKeychain()).secret(kept.id)).rejects.toThrow();
  });

  it('reads a gateway by its profile: the stored secret opened in the engine, never returned', { timeout: 180_000 }, async () => {
    const sim = await startSimulator({ vendor: 'emh', document: unsignedSample(1, 'EEMH0012345678') });
    try {
      const engine = new Engine({ configDir: join(dir, 'profile-read'), archiveDir: join(dir, 'profile-read-archive') });
      const base = { host: sim.host, port: sim.port, vendor: 'emh', user: 'consumer1', pin: sim.fingerprint };
      const stored = await engine.saveGatewayProfile({ ...base, name: 'Keller', storeSecret: true, secret: 'secret', secretPassphrase: 'long passphrase' });
      const bare = await engine.saveGatewayProfile({ ...base, name: 'Ohne Passwort' });
      expect(JSON.stringify(await engine.listGatewayProfiles())).not.toContain('"secret"');
      await expect(engine.readGateway({ profileId: stored.id })).rejects.toMatchObject({ code: 'PASSPHRASE_REQUIRED' });
      await expect(engine.readGateway({ profileId: stored.id, passphrase: 'wrong passphrase' })).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
      await expect(engine.readGateway({ profileId: bare.id })).rejects.toMatchObject({ code: 'SECRET_REQUIRED', details: { profileId: bare.id } });
      await expect(engine.readGateway({ profileId: 'no-such-profile' })).rejects.toMatchObject({ code: 'UNKNOWN_PROFILE' });
      const read = await engine.readGateway({ profileId: stored.id, passphrase: 'long passphrase' });
      expect(read.gatewayId).toBe('EEMH0012345678');
      expect(JSON.stringify(read)).not.toContain('secret"');
      // A password typed for a profile without a stored one.
      expect((await engine.readGateway({ profileId: bare.id, secret: 'secret' })).gatewayId).toBe('EEMH0012345678');
      // A wrong stored password reaches the gateway and fails there (Digest), not silently.
      await expect(engine.readGateway({ profileId: bare.id, secret: 'not the password' })).rejects.toMatchObject({ code: expect.stringMatching(/^HAN_/) });
      await engine.close();
    } finally {
      await sim.close();
    }
  });
});

/**
 * The desktop app's keychain path without Electron: main/'s safeStorage keychain on the fake `electron` module
 * (main/testing/fake-electron.ts: real AES-GCM sealing under a per-process key, switchable), answering the
 * engine's keychain requests as the SidecarClient does (answerKeychain), behind the engine's ipcKeychain and its
 * profile store (gateways.json in a temporary config folder).
 */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { safeStorage } from 'electron';
import { ApiError } from '../src/api/errors';
import { GatewayProfiles } from '../src/engine/gateway-profiles';
import { answerKeychain, ipcKeychain, type KeychainRequest } from '../src/engine/keychain';
import { profileReadRequest } from '../src/engine/profile-read';
import { safeStorageKeychain } from './keychain';

const SECRET = 'Zähler-Passwort 42!';
const fake = safeStorage as unknown as { available: boolean; backend: string; encrypted: number; decrypted: number };

/** The engine's profiles with the desktop keychain: requests go to main/'s safeStorage keychain and back. */
function desktopProfiles(configDir: string, platform: NodeJS.Platform = 'linux'): GatewayProfiles {
  const supervisor = safeStorageKeychain(safeStorage, platform);
  const channel = ipcKeychain((request: KeychainRequest) => queueMicrotask(() => channel.answer(answerKeychain(supervisor, request))));
  return new GatewayProfiles(configDir, channel.keychain);
}

async function failure(work: Promise<unknown>): Promise<ApiError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

const profile = { name: 'Keller', host: '192.168.100.1', port: 443, vendor: 'emh', user: 'consumer1' };

afterEach(() => {
  fake.available = true;
  fake.backend = 'gnome_libsecret';
  vi.restoreAllMocks();
});

describe('profile secrets in the OS keychain (Electron safeStorage, fake electron)', () => {
  it('a saved secret goes through encryptString and is kept only sealed; decryptString opens it for a read, also after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trudi-keychain-'));
    const encrypt = vi.spyOn(safeStorage, 'encryptString');
    const decrypt = vi.spyOn(safeStorage, 'decryptString');
    const saved = await desktopProfiles(dir).save({ ...profile, storeSecret: true, secret: SECRET });
    expect(saved).toMatchObject({ hasSecret: true, secretIn: 'keychain' });
    expect(encrypt).toHaveBeenCalledTimes(1);
    expect(encrypt).toHaveBeenCalledWith(SECRET);
    const sealed = encrypt.mock.results[0]!.value as Buffer;

    // The profile file holds what safeStorage returned, and the secret in no form of its own.
    const text = readFileSync(join(dir, 'gateways.json'), 'utf8');
    const stored = (JSON.parse(text) as { profiles: { secret?: { kind: string; data: string } }[] }).profiles[0]!.secret;
    expect(stored).toEqual({ kind: 'os-keychain', data: sealed.toString('base64') });
    for (const form of [SECRET, Buffer.from(SECRET).toString('base64'), Buffer.from(SECRET).toString('hex'), encodeURIComponent(SECRET), JSON.stringify(SECRET).slice(1, -1)]) {
      expect(text).not.toContain(form);
    }
    expect(Buffer.from(stored!.data, 'base64').includes(Buffer.from(SECRET))).toBe(false);
    // The DTO the renderer gets has no secret either.
    expect(JSON.stringify(saved)).not.toContain(SECRET);
    expect(decrypt).not.toHaveBeenCalled();

    // A read (here after an engine restart: a new store on the same file) opens it with decryptString.
    const read = await profileReadRequest(desktopProfiles(dir), { profileId: saved.id });
    expect(decrypt).toHaveBeenCalledTimes(1);
    expect((decrypt.mock.calls[0]![0] as Buffer).equals(sealed)).toBe(true);
    expect(read.credentials).toEqual({ kind: 'password', user: 'consumer1', password: SECRET });
  });

  it('without encryption (isEncryptionAvailable() false) the save is refused with the cause and what to do; nothing is written; a passphrase works', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trudi-keychain-'));
    fake.available = false;
    const encrypt = vi.spyOn(safeStorage, 'encryptString');
    const profiles = desktopProfiles(dir);
    const refused = await failure(profiles.save({ ...profile, storeSecret: true, secret: SECRET }));
    expect(refused.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(refused.en).toMatch(/OS keychain is not available.*Store it with a passphrase instead, or do not store it and type it at each read/);
    expect(refused.de).toMatch(/Schlüsselbund.*nicht verfügbar.*mit einem Passwort/);
    expect(encrypt).not.toHaveBeenCalled();
    // Nothing half-saved: no profile, no file.
    expect(profiles.list()).toEqual([]);
    expect(existsSync(join(dir, 'gateways.json'))).toBe(false);

    // What the message offers works: the secret encrypted with a passphrase (scrypt + AES-GCM), not in the clear.
    const saved = await profiles.save({ ...profile, storeSecret: true, secret: SECRET, secretPassphrase: 'ein langes Passwort' });
    expect(saved.secretIn).toBe('passphrase');
    expect(readFileSync(join(dir, 'gateways.json'), 'utf8')).not.toContain(SECRET);
    expect(await profiles.secret(saved.id, 'ein langes Passwort')).toBe(SECRET);
    // Or not stored at all: the profile without a secret.
    expect((await profiles.save({ ...profile, name: 'ohne' })).hasSecret).toBe(false);
  });

  it('a sealed secret while the keychain is unavailable: a clear error at the read, and a typed password still reads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trudi-keychain-'));
    const profiles = desktopProfiles(dir);
    const saved = await profiles.save({ ...profile, storeSecret: true, secret: SECRET });
    fake.available = false;
    const decrypt = vi.spyOn(safeStorage, 'decryptString');
    const refused = await failure(profileReadRequest(profiles, { profileId: saved.id }));
    expect(refused.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(refused.en).toMatch(/cannot be opened\. Type the password for this read/);
    expect(refused.de).toMatch(/Geben Sie das Passwort für dieses Auslesen ein/);
    expect(decrypt).not.toHaveBeenCalled();
    const typed = await profileReadRequest(profiles, { profileId: saved.id, secret: 'typed' });
    expect(typed.credentials).toEqual({ kind: 'password', user: 'consumer1', password: 'typed' });
    // The keychain back: the stored secret opens again (the profile kept it).
    fake.available = true;
    expect(await profiles.secret(saved.id)).toBe(SECRET);
  });

  it('Linux with only basic_text (a key built into Chromium) counts as no keychain; on macOS and Windows the backend is not asked', async () => {
    fake.backend = 'basic_text';
    const linux = await failure(desktopProfiles(mkdtempSync(join(tmpdir(), 'trudi-keychain-')), 'linux').save({ ...profile, storeSecret: true, secret: SECRET }));
    expect(linux.code).toBe('KEYCHAIN_UNAVAILABLE');
    const backend = vi.spyOn(safeStorage, 'getSelectedStorageBackend');
    for (const platform of ['darwin', 'win32'] as const) {
      const saved = await desktopProfiles(mkdtempSync(join(tmpdir(), 'trudi-keychain-')), platform).save({ ...profile, storeSecret: true, secret: SECRET });
      expect(saved.secretIn).toBe('keychain');
    }
    expect(backend).not.toHaveBeenCalled();
  });

  it('a secret the keychain cannot open (sealed by another user or computer) names the likely cause and the next step', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trudi-keychain-'));
    const profiles = desktopProfiles(dir);
    const saved = await profiles.save({ ...profile, storeSecret: true, secret: SECRET });
    // safeStorage throws when the data was not sealed with this user's key (here: the real fake's GCM check fails).
    vi.spyOn(safeStorage, 'decryptString').mockImplementation(() => {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    });
    const refused = await failure(profiles.secret(saved.id));
    expect(refused.code).toBe('KEYCHAIN_FAILED');
    expect(refused.en).toMatch(/could not open the stored secret \(Error while decrypting.*another user or on another computer\. Type the password for this read, and save the profile with the secret again/);
    expect(refused.de).toMatch(/anderen Benutzer oder auf einem anderen Rechner/);
  });

  it('a keychain that does not answer (a permission dialog left open) fails after its time with what to do', async () => {
    vi.useFakeTimers();
    try {
      const silent = ipcKeychain(() => undefined);
      const pending = failure(silent.keychain.decrypt('AAAA'));
      await vi.advanceTimersByTimeAsync(120_000);
      const refused = await pending;
      expect(refused.code).toBe('KEYCHAIN_UNAVAILABLE');
      expect(refused.en).toBe('The OS keychain did not answer within 2 minutes (it may be waiting for your permission in a system dialog). Allow the access and try again, or type the password.');
    } finally {
      vi.useRealTimers();
    }
  });
});

/**
 * Gateway profiles and confirmed fingerprints, kept by the engine (not by the browser, whose storage is new
 * at every launch of the web mode): `<config dir>/gateways.json`, written atomically (temporary file +
 * rename), readable by the user only.
 *
 * A profile holds name, address, port, vendor, user, gateway id, pinned fingerprint and client certificate
 * (PKCS#12, itself passphrase-protected). Secrets (the password or the certificate's passphrase) are never
 * stored unless the caller asks, and then sealed by the OS keychain when the engine has one (the desktop app:
 * Electron safeStorage in main/, asked over the sidecar channel, see keychain.ts), else encrypted with a
 * passphrase the user gives (scrypt + AES-256-GCM; web mode and CLI).
 *
 * A fingerprint confirmed once for a gateway (its id when known, else host:port) pins every later visit:
 * a changed certificate then fails with HAN_CERTIFICATE_CHANGED instead of being trusted.
 */
import { createCipheriv, createDecipheriv, randomBytes, randomUUID, scryptSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { GatewayProfileDto, SaveGatewayProfileRequest } from '../api/dto';
import { ApiError } from '../api/errors';
import type { Keychain } from './keychain';
import { writeFileAtomic } from '../platform/atomic-write';

export const PROFILES_FILE = 'gateways.json';

interface EncryptedSecret {
  kdf: 'scrypt';
  salt: string;
  iv: string;
  tag: string;
  data: string;
}

/** A secret sealed by the OS keychain (Electron safeStorage): only the same user on the same machine opens it. */
interface KeychainSecret {
  kind: 'os-keychain';
  data: string;
}

type StoredSecret = EncryptedSecret | KeychainSecret;

interface StoredProfile extends Omit<GatewayProfileDto, 'hasSecret' | 'secretIn'> {
  secret?: StoredSecret;
}

interface StoredFile {
  version: 1;
  profiles: StoredProfile[];
  /** Confirmed fingerprints by gateway key (gateway id or host:port). */
  pins: Record<string, { fingerprint: string; confirmedAt: string }>;
}

export function gatewayKey(target: { host: string; port: number; gatewayId?: string | undefined }): string {
  return target.gatewayId ? `id:${target.gatewayId}` : `${target.host}:${target.port}`;
}

function keyFrom(passphrase: string, salt: Buffer): Buffer {
  return scryptSync(passphrase, salt, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
}

export function encryptSecret(secret: string, passphrase: string): EncryptedSecret {
  if (passphrase.length < 8) throw ApiError.localized('BAD_REQUEST', 'Das Passwort zum Verschlüsseln muss mindestens 8 Zeichen haben.', 'The passphrase that encrypts the secret must have at least 8 characters.');
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(passphrase, salt), iv);
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return { kdf: 'scrypt', salt: salt.toString('base64'), iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

export function decryptSecret(secret: EncryptedSecret, passphrase: string): string {
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFrom(passphrase, Buffer.from(secret.salt, 'base64')), Buffer.from(secret.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(secret.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(secret.data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw ApiError.localized('WRONG_PASSPHRASE', 'Das Passwort passt nicht zum gespeicherten Geheimnis des Profils.', 'The passphrase does not open the secret stored with the profile.');
  }
}

export class GatewayProfiles {
  readonly file: string;
  private data: StoredFile;

  /** `keychain`: the OS keychain that seals secrets stored without a passphrase (the desktop app). */
  constructor(
    configDir: string,
    private readonly keychain?: Keychain,
  ) {
    this.file = join(configDir, PROFILES_FILE);
    this.data = existsSync(this.file) ? GatewayProfiles.read(this.file) : { version: 1, profiles: [], pins: {} };
  }

  private static read(file: string): StoredFile {
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as StoredFile;
      if (parsed.version !== 1 || !Array.isArray(parsed.profiles) || typeof parsed.pins !== 'object') throw new Error('unknown layout');
      return parsed;
    } catch (error) {
      throw new Error(`${file} cannot be read (${(error as Error).message}); move it away to start with no saved gateways.`, { cause: error });
    }
  }

  private write(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileAtomic(this.file, `${JSON.stringify(this.data, null, 2)}\n`, { mode: 0o600 });
  }

  list(): GatewayProfileDto[] {
    return this.data.profiles.map(({ secret, ...profile }) => {
      const dto: GatewayProfileDto = { ...profile, hasSecret: secret !== undefined };
      if (secret) dto.secretIn = 'kind' in secret ? 'keychain' : 'passphrase';
      return dto;
    });
  }

  /** A profile by id, or else by its name (the CLI's `--profile NAME`). */
  find(idOrName: string): GatewayProfileDto {
    const profile = this.list().find((p) => p.id === idOrName) ?? this.list().find((p) => p.name === idOrName);
    if (!profile) {
      const names = this.list().map((p) => `"${p.name}"`);
      throw ApiError.localized(
        'UNKNOWN_PROFILE',
        `Es gibt kein Gateway-Profil „${String(idOrName)}“ (gespeichert: ${names.join(', ') || 'keine'}).`,
        `There is no gateway profile "${String(idOrName)}" (saved: ${names.join(', ') || 'none'}).`,
      );
    }
    return profile;
  }

  async save(request: SaveGatewayProfileRequest): Promise<GatewayProfileDto> {
    if (!request || typeof request.name !== 'string' || !request.name.trim()) throw ApiError.localized('BAD_REQUEST', 'Geben Sie dem Profil einen Namen.', 'Give the profile a name.');
    if (typeof request.host !== 'string' || !request.host) throw new ApiError('BAD_REQUEST', 'The gateway address (host) is missing.');
    if (!Number.isInteger(request.port) || request.port < 1 || request.port > 65535) throw new ApiError('BAD_REQUEST', `The port ${String(request.port)} is not valid (1-65535).`);
    const existing = request.id ? this.data.profiles.find((p) => p.id === request.id) : undefined;
    if (request.id && !existing) throw new ApiError('UNKNOWN_PROFILE', `No gateway profile with id "${request.id}".`);
    const profile: StoredProfile = { id: existing?.id ?? randomUUID(), name: request.name.trim(), host: request.host, port: request.port };
    for (const field of ['vendor', 'user', 'gatewayId', 'pin', 'clientCertificateBase64'] as const) {
      const value = request[field];
      if (typeof value === 'string' && value) (profile as unknown as Record<string, string>)[field] = value;
    }
    if (request.storeSecret) {
      if (typeof request.secret !== 'string' || !request.secret) throw ApiError.localized('BAD_REQUEST', 'Zum Speichern fehlt das Geheimnis (Passwort).', 'Storing the secret needs the secret (password).');
      profile.secret = await this.seal(request.secret, request.secretPassphrase);
    } else if (existing?.secret && request.keepSecret) {
      profile.secret = existing.secret;
    }
    this.data.profiles = existing ? this.data.profiles.map((p) => (p.id === existing.id ? profile : p)) : [...this.data.profiles, profile];
    if (profile.pin) this.data.pins[gatewayKey(profile)] = { fingerprint: profile.pin, confirmedAt: new Date().toISOString() };
    this.write();
    return this.list().find((p) => p.id === profile.id)!;
  }

  delete(id: string): void {
    const before = this.data.profiles.length;
    this.data.profiles = this.data.profiles.filter((p) => p.id !== id);
    if (this.data.profiles.length === before) throw new ApiError('UNKNOWN_PROFILE', `No gateway profile with id "${String(id)}".`);
    this.write();
  }

  /** With a passphrase: scrypt + AES-GCM; without: the OS keychain, when the engine has one. */
  private async seal(secret: string, passphrase: string | undefined): Promise<StoredSecret> {
    if (typeof passphrase === 'string') return encryptSecret(secret, passphrase);
    if (!this.keychain) {
      throw ApiError.localized(
        'PASSPHRASE_REQUIRED',
        'Hier gibt es keinen Schlüsselbund des Betriebssystems (Web-Modus oder Kommandozeile): Geben Sie ein Passwort an, mit dem das Geheimnis verschlüsselt wird.',
        'There is no OS keychain here (web mode or command line): give a passphrase that encrypts the secret.',
      );
    }
    return { kind: 'os-keychain', data: await this.keychain.encrypt(secret) };
  }

  /** The stored secret of a profile: opened by the OS keychain, or decrypted with the passphrase. */
  async secret(id: string, passphrase?: string): Promise<string> {
    const profile = this.data.profiles.find((p) => p.id === id);
    if (!profile) throw new ApiError('UNKNOWN_PROFILE', `No gateway profile with id "${String(id)}".`);
    if (!profile.secret) throw ApiError.localized('NO_SECRET', 'Für dieses Profil ist kein Geheimnis gespeichert.', 'No secret is stored with this profile.');
    if ('kind' in profile.secret) {
      if (!this.keychain) {
        throw ApiError.localized(
          'KEYCHAIN_UNAVAILABLE',
          'Das Geheimnis dieses Profils liegt im Schlüsselbund der Desktop-Anwendung; hier (Web-Modus oder Kommandozeile) ist er nicht erreichbar. Geben Sie das Passwort ein oder lesen Sie in der Desktop-Anwendung.',
          'The secret of this profile is in the desktop app\'s OS keychain, which is not reachable here (web mode or command line). Type the password or read in the desktop app.',
        );
      }
      return this.keychain.decrypt(profile.secret.data);
    }
    if (typeof passphrase !== 'string' || !passphrase) {
      throw ApiError.localized('PASSPHRASE_REQUIRED', 'Das Geheimnis dieses Profils ist mit einem Passwort verschlüsselt: Geben Sie es an.', 'The secret of this profile is encrypted with a passphrase: give it.');
    }
    return decryptSecret(profile.secret, passphrase);
  }

  /** The fingerprint confirmed for this gateway before, if any. */
  pinFor(target: { host: string; port: number; gatewayId?: string | undefined }): string | undefined {
    return this.data.pins[gatewayKey(target)]?.fingerprint ?? (target.gatewayId ? this.data.pins[`${target.host}:${target.port}`]?.fingerprint : undefined);
  }

  /** Remembers a fingerprint the user confirmed (a read pinned to it succeeded). */
  confirmPin(target: { host: string; port: number; gatewayId?: string | undefined }, fingerprint: string): void {
    const key = gatewayKey(target);
    if (this.data.pins[key]?.fingerprint === fingerprint) return;
    this.data.pins[key] = { fingerprint, confirmedAt: new Date().toISOString() };
    this.write();
  }
}

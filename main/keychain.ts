/**
 * The OS keychain for the engine's profile secrets: Electron safeStorage (macOS Keychain, Windows DPAPI,
 * Linux Secret Service or KWallet). On Linux without either, Electron falls back to `basic_text`, a key
 * compiled into Chromium: that is no keychain, so it is refused and the user is asked for a passphrase instead.
 * Every failure names the cause and what the user can do instead (a passphrase, or typing the password).
 */
import type { SafeStorage } from 'electron';
import { ApiError } from '../src/api/errors';
import type { SupervisorKeychain } from '../src/engine/keychain';

type Storage = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>;

function unavailable(op: 'seal' | 'open'): ApiError {
  const cause = {
    de: 'Der Schlüsselbund des Betriebssystems ist nicht verfügbar (unter Linux: kein Secret Service oder KWallet)',
    en: 'The OS keychain is not available (on Linux: no Secret Service or KWallet)',
  };
  return op === 'seal'
    ? ApiError.localized(
        'KEYCHAIN_UNAVAILABLE',
        `${cause.de}, das Geheimnis kann dort nicht gespeichert werden. Speichern Sie es mit einem Passwort oder speichern Sie es nicht und geben Sie es bei jedem Auslesen ein.`,
        `${cause.en}, so the secret cannot be stored there. Store it with a passphrase instead, or do not store it and type it at each read.`,
      )
    : ApiError.localized(
        'KEYCHAIN_UNAVAILABLE',
        `${cause.de}, das gespeicherte Geheimnis dieses Profils lässt sich nicht öffnen. Geben Sie das Passwort für dieses Auslesen ein; sobald der Schlüsselbund wieder da ist (entsperrt, unter Linux Secret Service oder KWallet gestartet), gilt das gespeicherte wieder.`,
        `${cause.en}, so the secret stored with this profile cannot be opened. Type the password for this read; once the keychain is back (unlocked, on Linux a Secret Service or KWallet running), the stored one works again.`,
      );
}

export function safeStorageKeychain(storage: Storage, platform: NodeJS.Platform): SupervisorKeychain {
  const check = (op: 'seal' | 'open') => {
    const weak = platform === 'linux' && storage.getSelectedStorageBackend() === 'basic_text';
    if (!storage.isEncryptionAvailable() || weak) throw unavailable(op);
  };
  return {
    encrypt(plain) {
      check('seal');
      let sealed: Buffer;
      try {
        sealed = storage.encryptString(plain);
      } catch (error) {
        throw ApiError.localized(
          'KEYCHAIN_FAILED',
          `Der Schlüsselbund des Betriebssystems konnte das Geheimnis nicht versiegeln (${(error as Error).message}). Speichern Sie es mit einem Passwort oder geben Sie es bei jedem Auslesen ein.`,
          `The OS keychain could not seal the secret (${(error as Error).message}). Store it with a passphrase instead, or type it at each read.`,
        );
      }
      return sealed.toString('base64');
    },
    decrypt(sealed) {
      check('open');
      try {
        return storage.decryptString(Buffer.from(sealed, 'base64'));
      } catch (error) {
        throw ApiError.localized(
          'KEYCHAIN_FAILED',
          `Der Schlüsselbund des Betriebssystems konnte das gespeicherte Geheimnis nicht öffnen (${(error as Error).message}); vermutlich wurde es von einem anderen Benutzer oder auf einem anderen Rechner versiegelt. Geben Sie das Passwort für dieses Auslesen ein und speichern Sie das Profil mit dem Geheimnis neu.`,
          `The OS keychain could not open the stored secret (${(error as Error).message}); it was probably sealed by another user or on another computer. Type the password for this read, and save the profile with the secret again.`,
        );
      }
    },
  };
}

/**
 * The OS keychain for the engine's profile secrets: Electron safeStorage (macOS Keychain, Windows DPAPI,
 * Linux Secret Service or KWallet). On Linux without either, Electron falls back to `basic_text`, a key
 * compiled into Chromium: that is no keychain, so it is refused and the user is asked for a passphrase instead.
 */
import type { SafeStorage } from 'electron';
import { ApiError } from '../src/api/errors';
import type { SupervisorKeychain } from '../src/engine/keychain';

type Storage = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>;

export function safeStorageKeychain(storage: Storage, platform: NodeJS.Platform): SupervisorKeychain {
  const check = () => {
    const weak = platform === 'linux' && storage.getSelectedStorageBackend() === 'basic_text';
    if (!storage.isEncryptionAvailable() || weak) {
      throw ApiError.localized(
        'KEYCHAIN_UNAVAILABLE',
        'Der Schlüsselbund des Betriebssystems ist nicht verfügbar (unter Linux: kein Secret Service oder KWallet). Speichern Sie das Geheimnis mit einem Passwort oder geben Sie es bei jedem Auslesen ein.',
        'The OS keychain is not available (on Linux: no Secret Service or KWallet). Store the secret with a passphrase, or type it at each read.',
      );
    }
  };
  return {
    encrypt(plain) {
      check();
      return storage.encryptString(plain).toString('base64');
    },
    decrypt(sealed) {
      check();
      return storage.decryptString(Buffer.from(sealed, 'base64'));
    },
  };
}

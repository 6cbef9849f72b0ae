/**
 * A keychain for tests that really seals: AES-256-GCM under a random key of its own (as the OS keychain keeps a
 * key per user), so a secret sealed by one instance opens only there.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Keychain, SupervisorKeychain } from '../keychain';

export class SealingKeychain implements Keychain {
  readonly sync: SupervisorKeychain;
  sealed = 0;
  opened = 0;
  private readonly key = randomBytes(32);

  constructor() {
    this.sync = {
      encrypt: (plain) => {
        this.sealed++;
        const iv = randomBytes(12);
        const cipher = createCipheriv('aes-256-gcm', this.key, iv);
        const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
        return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
      },
      decrypt: (sealed) => {
        this.opened++;
        const bytes = Buffer.from(sealed, 'base64');
        const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, 12));
        decipher.setAuthTag(bytes.subarray(12, 28));
        return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
      },
    };
  }

  async encrypt(plain: string): Promise<string> {
    return this.sync.encrypt(plain);
  }

  async decrypt(sealed: string): Promise<string> {
    return this.sync.decrypt(sealed);
  }
}

/**
 * The OS keychain as the engine sees it: seals and opens profile secrets. In the desktop app the engine runs
 * as a sidecar of Electron's main process, which owns the keychain (Electron `safeStorage`); the engine asks
 * it over the sidecar's IPC channel (KEYCHAIN_ENV set by the SidecarClient when the supervisor offers one).
 * Web mode and the CLI have none: secrets there are stored only encrypted with a passphrase.
 */
import type { ApiErrorPayload } from '../api/dto';
import { ApiError } from '../api/errors';

export interface Keychain {
  /** The secret sealed (base64). */
  encrypt(plain: string): Promise<string>;
  decrypt(sealed: string): Promise<string>;
}

/** What a supervisor offers (Electron main: safeStorage). Throws an ApiError when the keychain is unavailable. */
export interface SupervisorKeychain {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

/** Set to `ipc` in the sidecar's environment when its supervisor answers keychain requests. */
export const KEYCHAIN_ENV = 'TRUDI_KEYCHAIN';

/** Engine → supervisor. */
export interface KeychainRequest {
  type: 'keychain';
  id: number;
  op: 'encrypt' | 'decrypt';
  data: string;
}

/** Supervisor → engine. */
export interface KeychainAnswer {
  type: 'keychain-result';
  id: number;
  data?: string;
  error?: ApiErrorPayload;
}

/** How long the engine waits for the keychain (macOS may ask the user to allow access). */
const KEYCHAIN_TIMEOUT_MS = 120_000;

/** The engine's side: a Keychain whose requests travel to the supervisor; `answer` takes its replies. */
export function ipcKeychain(post: (request: KeychainRequest) => void): { keychain: Keychain; answer(message: KeychainAnswer): void } {
  let nextId = 1;
  const pending = new Map<number, { resolve(data: string): void; reject(error: Error): void; timer: NodeJS.Timeout }>();
  const ask = (op: KeychainRequest['op'], data: string) =>
    new Promise<string>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(
          ApiError.localized(
            'KEYCHAIN_UNAVAILABLE',
            `Der Schlüsselbund des Betriebssystems hat nicht innerhalb von ${KEYCHAIN_TIMEOUT_MS / 60_000} Minuten geantwortet (er wartet vielleicht in einem Fenster des Systems auf Ihre Erlaubnis). Erlauben Sie den Zugriff und versuchen Sie es noch einmal, oder geben Sie das Passwort ein.`,
            `The OS keychain did not answer within ${KEYCHAIN_TIMEOUT_MS / 60_000} minutes (it may be waiting for your permission in a system dialog). Allow the access and try again, or type the password.`,
          ),
        );
      }, KEYCHAIN_TIMEOUT_MS);
      pending.set(id, { resolve, reject, timer });
      post({ type: 'keychain', id, op, data });
    });
  return {
    keychain: { encrypt: (plain) => ask('encrypt', plain), decrypt: (sealed) => ask('decrypt', sealed) },
    answer(message) {
      const waiting = pending.get(message.id);
      if (!waiting) return;
      pending.delete(message.id);
      clearTimeout(waiting.timer);
      if (message.error) waiting.reject(ApiError.fromPayload(message.error));
      else waiting.resolve(message.data ?? '');
    },
  };
}

/** The supervisor's side: answers one request with its keychain. */
export function answerKeychain(keychain: SupervisorKeychain, request: KeychainRequest): KeychainAnswer {
  try {
    const data = request.op === 'encrypt' ? keychain.encrypt(request.data) : keychain.decrypt(request.data);
    return { type: 'keychain-result', id: request.id, data };
  } catch (error) {
    const payload =
      error instanceof ApiError
        ? error.toPayload()
        : ApiError.localized(
            'KEYCHAIN_FAILED',
            `Der Schlüsselbund des Betriebssystems konnte das Geheimnis nicht ${request.op === 'encrypt' ? 'versiegeln' : 'öffnen'}: ${(error as Error).message}. ${request.op === 'encrypt' ? 'Speichern Sie es mit einem Passwort oder geben Sie es bei jedem Auslesen ein.' : 'Geben Sie das Passwort für dieses Auslesen ein.'}`,
            `The OS keychain could not ${request.op === 'encrypt' ? 'seal' : 'open'} the secret: ${(error as Error).message}. ${request.op === 'encrypt' ? 'Store it with a passphrase instead, or type it at each read.' : 'Type the password for this read.'}`,
          ).toPayload();
    return { type: 'keychain-result', id: request.id, error: payload };
  }
}

/**
 * Entry of the engine sidecar: a plain Node process (with OpenSSL, unlike Electron's BoringSSL) that the
 * desktop shell forks with an IPC channel. It answers TrudiApi calls and forwards progress events.
 */
import { isApiMethod } from '../api/contract';
import { defaultArchiveDir } from '../archive/location';
import { appDirs } from '../platform/app-dirs';
import { reportError } from './error-report';
import { Engine } from './engine';
import { KEYCHAIN_ENV, ipcKeychain } from './keychain';
import type { SidecarMessage, SupervisorMessage } from './sidecar-protocol';

export function runSidecar(): void {
  const send = process.send?.bind(process);
  if (!send) {
    process.stderr.write('The engine sidecar must be started with an IPC channel (child_process.fork).\n');
    process.exitCode = 2;
    return;
  }
  const post = (message: SidecarMessage) => send(message);
  // The supervisor (Electron main) owns the OS keychain; the engine asks it for profile secrets.
  const keychain = process.env[KEYCHAIN_ENV] === 'ipc' ? ipcKeychain(post) : undefined;
  const engine = new Engine({ transport: 'ipc', archiveDir: defaultArchiveDir(), configDir: appDirs().config, ...(keychain ? { keychain: keychain.keychain } : {}) });
  engine.onProgress((event) => post({ type: 'progress', event }));

  process.on('message', (raw: unknown) => {
    const message = raw as SupervisorMessage;
    if (message?.type === 'keychain-result' && typeof message.id === 'number') return keychain?.answer(message);
    if (!message || message.type !== 'call' || typeof message.id !== 'number') return;
    const call = message;
    void (async () => {
      try {
        if (!isApiMethod(call.method)) throw Object.assign(new Error(`Unknown API method "${call.method}".`), { code: 'UNKNOWN_METHOD' });
        const fn = engine[call.method] as (...a: unknown[]) => Promise<unknown>;
        const result = await fn.apply(engine, Array.isArray(call.args) ? call.args : []);
        post({ type: 'result', id: call.id, result: result ?? null });
      } catch (error) {
        const payload = reportError(error, { where: 'sidecar', method: call.method });
        const code = (error as { code?: unknown }).code;
        post({ type: 'error', id: call.id, error: typeof code === 'string' && payload.code === 'INTERNAL' ? { ...payload, code } : payload });
      }
    })();
  });
  process.on('disconnect', () => void engine.close().finally(() => process.exit(0)));
  post({ type: 'ready', pid: process.pid });
}

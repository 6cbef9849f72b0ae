/**
 * Entry of the engine sidecar: a plain Node process (with OpenSSL, unlike Electron's BoringSSL) that the
 * desktop shell forks with an IPC channel. It answers TrudiApi calls and forwards progress events.
 */
import { isApiMethod } from '../api/contract';
import { defaultArchiveDir } from '../archive/location';
import { appDirs } from '../platform/app-dirs';
import { reportError } from './error-report';
import { Engine } from './engine';
import type { SidecarCall, SidecarMessage } from './sidecar-protocol';

export function runSidecar(): void {
  const send = process.send?.bind(process);
  if (!send) {
    process.stderr.write('The engine sidecar must be started with an IPC channel (child_process.fork).\n');
    process.exitCode = 2;
    return;
  }
  const post = (message: SidecarMessage) => send(message);
  const engine = new Engine({ transport: 'ipc', archiveDir: defaultArchiveDir(), configDir: appDirs().config });
  engine.onProgress((event) => post({ type: 'progress', event }));

  process.on('message', (raw: unknown) => {
    const call = raw as SidecarCall;
    if (!call || call.type !== 'call' || typeof call.id !== 'number') return;
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

/**
 * Starts the engine sidecar for the desktop shell. The engine needs a Node runtime with OpenSSL (brainpool,
 * TR-03116-3 CBC suites), which Electron's own BoringSSL lacks: TRUDI_NODE, else `node` on the PATH.
 */
import { SidecarClient } from '../src/engine/sidecar-client';

export function startEngine(log: (line: string) => void): SidecarClient {
  const nodePath = process.env.TRUDI_NODE ?? 'node';
  const client = new SidecarClient({
    nodePath,
    onLifecycle: (event) => log(`engine ${event.kind} pid=${event.pid ?? '-'} code=${event.code ?? '-'} restarts=${event.restarts}`),
  });
  void client.start().catch((error: unknown) => log(`engine failed to start with ${nodePath}: ${String(error)}`));
  return client;
}

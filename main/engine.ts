/**
 * Starts and supervises the engine sidecar for the desktop shell (see engine-launch.ts for which runtime).
 * A crashed engine is restarted by the SidecarClient; `onRestarted` lets the shell bring the UI back.
 */
import type { SupervisorKeychain } from '../src/engine/keychain';
import { SidecarClient } from '../src/engine/sidecar-client';
import type { EngineLaunch } from './engine-launch';

/** `keychain`: the OS keychain the engine asks to seal and open gateway profile secrets. */
export function startEngine(launch: EngineLaunch, log: (line: string) => void, onRestarted: () => void, keychain?: SupervisorKeychain): SidecarClient {
  const client = new SidecarClient({
    nodePath: launch.nodePath,
    entry: launch.entry,
    env: launch.env,
    ...(keychain ? { keychain } : {}),
    onLifecycle: (event) => {
      log(`engine ${event.kind} pid=${event.pid ?? '-'} code=${event.code ?? '-'} restarts=${event.restarts}`);
      if (event.kind === 'started' && event.restarts > 0) onRestarted();
    },
  });
  void client.start().catch((error: unknown) => log(`engine failed to start with ${launch.nodePath}: ${String(error)}`));
  return client;
}

/**
 * Builds the object the preload exposes as `window.trudi`: exactly the TrudiApi contract, built from an
 * `invoke` and a `subscribe` function (ipcRenderer in the preload). Nothing of ipcRenderer leaks.
 */
import type { TrudiApi } from '../src/api/contract';
import type { ProgressEvent } from '../src/api/dto';
import { buildRemoteApi } from '../src/api/remote';

export const CALL_CHANNEL = 'trudi:call';
export const PROGRESS_CHANNEL = 'trudi:progress';

export interface PreloadTransport {
  invoke(channel: string, method: string, args: unknown[]): Promise<unknown>;
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
}

export function buildExposedApi(transport: PreloadTransport): TrudiApi {
  return buildRemoteApi(
    (method, args) => transport.invoke(CALL_CHANNEL, method, args),
    (listener: (event: ProgressEvent) => void) => transport.subscribe(PROGRESS_CHANNEL, (payload) => listener(payload as ProgressEvent)),
  );
}

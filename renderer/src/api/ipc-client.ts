/**
 * TrudiApi over the Electron preload (`window.trudi`). The preload's promises reject with an Error whose
 * message carries `TRUDI_API_ERROR:{"code","message"}` (Electron may prefix it with its own text); this
 * maps them back to ApiError so the UI sees the same errors as in web mode.
 */
import { API_METHODS } from '../../../src/api/contract';
import type { ApiMethod, TrudiApi } from '../../../src/api/contract';
import { ApiError } from '../../../src/api/errors';

export const IPC_ERROR_PREFIX = 'TRUDI_API_ERROR:';

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const at = message.indexOf(IPC_ERROR_PREFIX);
  if (at >= 0) {
    try {
      const payload = JSON.parse(message.slice(at + IPC_ERROR_PREFIX.length)) as { code?: unknown; message?: unknown };
      if (typeof payload.code === 'string' && typeof payload.message === 'string') {
        return new ApiError(payload.code, payload.message);
      }
    } catch {
      // fall through: not a well-formed payload
    }
  }
  return new ApiError('INTERNAL', message);
}

/**
 * DTOs are JSON-safe by contract. A JSON round trip turns Vue proxies (which structured clone rejects
 * across contextBridge/IPC) into plain data and gives IPC the exact semantics of the HTTP transport.
 */
function toPlainJson(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

export function wrapPreloadApi(preload: TrudiApi): TrudiApi {
  const methods = Object.fromEntries(
    API_METHODS.map((method) => [
      method,
      async (...args: unknown[]) => {
        try {
          return await (preload[method] as (...a: unknown[]) => Promise<unknown>)(...args.map(toPlainJson));
        } catch (error) {
          throw toApiError(error);
        }
      },
    ]),
  ) as Pick<TrudiApi, ApiMethod>;
  return { ...methods, onProgress: (listener) => preload.onProgress(listener) };
}

/**
 * TrudiApi over the Electron preload (`window.trudi`). The preload's promises reject with Errors in the
 * format of src/api/ipc-error.ts; this maps them back to ApiError with every field of the engine's payload
 * (localized texts, details such as the fingerprint to confirm, …), so the UI sees exactly the errors of
 * the web mode.
 */
import { API_METHODS } from '../../../src/api/contract';
import type { ApiMethod, TrudiApi } from '../../../src/api/contract';
import { ApiError } from '../../../src/api/errors';
import { decodeIpcError } from '../../../src/api/ipc-error';
import { bytesToBase64 } from '../files';

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return decodeIpcError(message) ?? new ApiError('INTERNAL', message);
}

/**
 * DTOs are JSON-safe by contract. A JSON round trip turns Vue proxies (which structured clone rejects
 * across contextBridge/IPC) into plain data and gives IPC the exact semantics of the HTTP transport.
 */
function toPlainJson(value: unknown): unknown {
  if (value === undefined) return undefined;
  // A file's bytes (openFile's `content`) cross IPC as base64, as before the web mode sent raw bytes.
  if (typeof value === 'object' && value !== null && (value as { content?: unknown }).content instanceof Uint8Array) {
    const { content, ...rest } = value as { content: Uint8Array };
    return { ...(JSON.parse(JSON.stringify(rest)) as object), contentBase64: bytesToBase64(content) };
  }
  return JSON.parse(JSON.stringify(value));
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

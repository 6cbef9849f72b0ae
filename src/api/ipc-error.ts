/**
 * How an engine error crosses Electron's IPC: `ipcMain.handle` can only reject with an Error whose message
 * reaches the renderer (wrapped by Electron as `Error invoking remote method '<channel>': Error: <message>`).
 * The message therefore carries this prefix and the whole error payload as JSON; the renderer maps it back
 * to an ApiError with every field of the payload, whatever fields ApiErrorPayload gains.
 */
import type { ApiErrorPayload } from './dto';
import { ApiError } from './errors';

export const IPC_ERROR_PREFIX = 'TRUDI_API_ERROR:';

/** The message of the Error that main/ throws to the renderer for this payload. */
export function encodeIpcError(payload: ApiErrorPayload): string {
  return `${IPC_ERROR_PREFIX}${JSON.stringify(payload)}`;
}

function isPayload(value: unknown): value is ApiErrorPayload {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const fields = value as Record<string, unknown>;
  return typeof fields.code === 'string' && typeof fields.message === 'string';
}

/** The ApiError inside an IPC rejection message (with or without Electron's wrapping), if there is one. */
export function decodeIpcError(message: string): ApiError | undefined {
  const at = message.indexOf(IPC_ERROR_PREFIX);
  if (at < 0) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(message.slice(at + IPC_ERROR_PREFIX.length));
  } catch {
    return undefined; // not a well-formed payload
  }
  return isPayload(payload) ? ApiError.fromPayload(payload) : undefined;
}

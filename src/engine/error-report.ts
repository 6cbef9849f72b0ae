/**
 * Turns a failure into the payload for the caller and writes it to the engine log under its correlation
 * id, with the whole cause chain and stack (secrets removed by the log). Every transport (web host, sidecar,
 * CLI) reports through here, so that the id the UI shows names a log entry.
 */
import type { ApiErrorPayload } from '../api/dto';
import { newCorrelationId, toErrorPayload } from '../api/errors';
import { engineLog, type EngineLog } from '../platform/engine-log';

const LOGGED = new WeakSet<object>();

export interface ErrorContext {
  /** Which transport or component answered (web, sidecar, cli, …). */
  where: string;
  /** The API method or command. */
  method?: string;
}

export function reportError(error: unknown, context: ErrorContext, log: EngineLog = engineLog()): ApiErrorPayload {
  const payload = toErrorPayload(error);
  payload.correlationId ??= newCorrelationId();
  if (typeof error === 'object' && error !== null && Object.isExtensible(error)) {
    // Reported again further out (another transport), the same failure keeps its id.
    (error as { correlationId?: string }).correlationId = payload.correlationId;
  }
  const level = payload.code === 'INTERNAL' ? 'error' : payload.code === 'CANCELLED' ? 'info' : 'warn';
  const already = typeof error === 'object' && error !== null && LOGGED.has(error);
  if (!already) {
    log[level]('api.error', { correlationId: payload.correlationId, where: context.where, method: context.method, code: payload.code, error });
    if (typeof error === 'object' && error !== null) LOGGED.add(error);
  }
  return payload;
}

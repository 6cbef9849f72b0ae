/**
 * A command's failure for the person at the terminal and for support: it goes through the engine's error
 * reporting (src/engine/error-report.ts), which writes it with stack and cause chain to the engine log under a
 * correlation id; the terminal gets what lay underneath the message (the causes) and that log entry, so that
 * "report the log" names one entry.
 */
import type { ApiErrorPayload } from '../api/dto';
import { reportError } from '../engine/error-report';
import { engineLog } from '../platform/engine-log';

export interface CliFailure {
  /** Code, message, causes and the correlation id of the log entry. */
  payload: ApiErrorPayload;
  /** Lines for stderr after the command's own message: one per cause, then the log entry. */
  footer: string;
}

export function reportCliFailure(command: string, error: unknown): CliFailure {
  const log = engineLog();
  const payload = reportError(error, { where: 'cli', method: command }, log);
  const lines = (payload.causes ?? []).map((cause) => `  cause: ${cause}`);
  lines.push(`  logged as ${payload.correlationId} in ${log.file} (give this id when you report the problem)`);
  return { payload, footer: `${lines.join('\n')}\n` };
}

/**
 * The engine log: one JSON object per line in `<logs>/engine.log` (the user's data directory, see
 * app-dirs.ts), rotated by size (engine.log → engine.1.log → … → engine.N.log, oldest dropped). Written
 * synchronously so that the line before a crash is on disk. Never holds secrets: fields whose name says
 * secret (password, passphrase, token, authorization, cookie, key, pkcs12, file contents) are replaced by
 * "[redacted]", and secrets inside texts (Bearer tokens, Digest responses, password=…) are masked.
 *
 * Use: `engineLog().error('web.call', { correlationId, method, error })`. Tests pass their own folder via
 * `createEngineLog({ dir })` or TRUDI_HOME. A log that cannot be written never breaks the engine.
 */
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { appDirs } from './app-dirs';

export type LogLevel = 'error' | 'warn' | 'info';
export type LogFields = Record<string, unknown>;

export interface EngineLog {
  readonly file: string;
  error(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
}

export interface EngineLogOptions {
  /** Folder of the log files (default: appDirs().logs). */
  dir?: string;
  /** Size at which engine.log is rotated (default 2 MB). */
  maxBytes?: number;
  /** Rotated files kept besides engine.log (default 4). */
  keep?: number;
  now?: () => Date;
}

const SECRET_KEY = /pass(word|phrase)?|secret|token|authori[sz]ation|cookie|^key$|privatekey|pkcs12|content(base64)?$|credential|^tkn$|session(id)?$|response$/i;
const SECRET_TEXT: [RegExp, string][] = [
  [/(Bearer\s+)[A-Za-z0-9._~+/=-]+/g, '$1[redacted]'],
  [/((?:password|passwort|passphrase|pass|pwd|token|tkn|sessionid|secret)\s*[=:]\s*)("[^"]*"|[^\s&;,]+)/gi, '$1[redacted]'],
  [/(\bresponse\s*=\s*)("[^"]*"|[^\s,]+)/gi, '$1[redacted]'],
  [/(Cookie:\s*)[^\r\n]+/gi, '$1[redacted]'],
];

/** Masks secrets inside a text (tokens, Digest responses, password=… pairs). */
export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_TEXT) out = out.replace(pattern, replacement);
  return out;
}

/** A JSON-safe copy of `value` without secrets; errors become { name, code, message, stack, cause… }. */
export function redact(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (depth > 8) return '[too deep]';
  if (typeof value === 'string') return redactText(value.length > 4000 ? `${value.slice(0, 4000)}… (${value.length} chars)` : value);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? '[function]' : value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (value instanceof Uint8Array) return `[${value.length} bytes]`;
  if (value instanceof Error) return redactError(value, depth, seen);
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redact(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = SECRET_KEY.test(key) && v !== undefined && v !== null && typeof v !== 'boolean' ? '[redacted]' : redact(v, depth + 1, seen);
  return out;
}

function redactError(error: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = { name: error.name, message: redactText(error.message) };
  const fields = error as unknown as Record<string, unknown>;
  for (const key of ['code', 'correlationId', 'details']) if (fields[key] !== undefined) out[key] = redact(fields[key], depth + 1, seen);
  if (error.stack) out.stack = redactText(error.stack.split('\n').slice(0, 12).join('\n'));
  if (error.cause !== undefined) out.cause = redact(error.cause, depth + 1, seen);
  return out;
}

export function createEngineLog(options: EngineLogOptions = {}): EngineLog {
  const dir = options.dir ?? appDirs().logs;
  const file = join(dir, 'engine.log');
  const maxBytes = options.maxBytes ?? 2 * 1024 * 1024;
  const keep = options.keep ?? 4;
  const now = options.now ?? (() => new Date());
  let size: number | undefined;
  let broken = false;

  function rotate(): void {
    rmSync(join(dir, `engine.${keep}.log`), { force: true });
    for (let i = keep - 1; i >= 1; i--) {
      try {
        renameSync(join(dir, `engine.${i}.log`), join(dir, `engine.${i + 1}.log`));
      } catch {
        // not there yet
      }
    }
    renameSync(file, join(dir, keep >= 1 ? 'engine.1.log' : 'engine.0.log'));
    if (keep < 1) rmSync(join(dir, 'engine.0.log'), { force: true });
    size = 0;
  }

  function write(level: LogLevel, event: string, fields: LogFields = {}): void {
    if (broken) return;
    try {
      const line = `${JSON.stringify({ time: now().toISOString(), level, event, pid: process.pid, ...(redact(fields) as LogFields) })}\n`;
      if (size === undefined) {
        mkdirSync(dir, { recursive: true });
        try {
          size = statSync(file).size;
        } catch {
          size = 0;
        }
      }
      if (size > 0 && size + line.length > maxBytes) rotate();
      appendFileSync(file, line, { mode: 0o600 });
      size += Buffer.byteLength(line);
    } catch (error) {
      // The log is a help, never a reason to fail: say it once on stderr and stop trying.
      broken = true;
      process.stderr.write(`engine log ${file} cannot be written: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }

  return {
    file,
    error: (event, fields) => write('error', event, fields),
    warn: (event, fields) => write('warn', event, fields),
    info: (event, fields) => write('info', event, fields),
  };
}

let shared: EngineLog | undefined;

/** The process's engine log in the user's data directory (created on first write). */
export function engineLog(): EngineLog {
  shared ??= createEngineLog();
  return shared;
}

/** Replaces the process's engine log (tests; the CLI with --log-dir). */
export function setEngineLog(log: EngineLog | undefined): void {
  shared = log;
}

/**
 * A diagnostics export of one gateway session: every request and response in order, the response bodies
 * byte for byte, with the credentials removed (Digest and cookies never get here; session tokens, passwords
 * in form bodies and Set-Cookie values are replaced). A user with a real gateway can send it so that an
 * experimental adapter can be checked against what the gateway really answered.
 */
import type { HttpResponse } from './http-connection';

export const DIAGNOSTICS_FORMAT = 'trudi-han-diagnostics-1';

export interface DiagnosticsExchange {
  index: number;
  method: string;
  path: string;
  /** Form or JSON body as sent, secrets replaced by "<removed>". */
  request?: string;
  status: number;
  headers: [string, string][];
  /** The response body exactly as received (base64), except session tokens in HTML forms. */
  bodyBase64: string;
  /** True where tokens were replaced in the body (the bytes then differ from what the gateway sent). */
  bodyRedacted: boolean;
}

const SECRET_FIELDS = /^(tkn|sessionid|password|passwort|pw|secret)$/i;
const REMOVED = '<removed>';

/** A form or JSON request body without tokens and passwords. */
export function redactRequestBody(body: Buffer | undefined): string | undefined {
  if (!body || body.length === 0) return undefined;
  const text = body.toString('utf8');
  if (/^[\w.%+-]+=/.test(text) && !text.trimStart().startsWith('{')) {
    const form = new URLSearchParams(text);
    for (const key of [...form.keys()]) if (SECRET_FIELDS.test(key)) form.set(key, REMOVED);
    return form.toString();
  }
  return text.replace(/"(password|passwort|secret)"\s*:\s*"[^"]*"/gi, `"$1":"${REMOVED}"`);
}

/** Hidden session tokens in HTML (`<input name="tkn" value="…">`) replaced; other bytes untouched. */
export function redactResponseBody(body: Buffer, contentType: string | undefined): { bytes: Buffer; redacted: boolean } {
  if (!/text\/html/i.test(contentType ?? '')) return { bytes: body, redacted: false };
  const text = body.toString('latin1');
  const replaced = text.replace(/(<input\b[^>]*\bname=["']?(?:tkn|sessionid)["']?[^>]*\bvalue=["'])([^"']*)(["'])/gi, `$1${REMOVED}$3`).replace(/(<input\b[^>]*\bvalue=["'])([^"']*)(["'][^>]*\bname=["']?(?:tkn|sessionid)\b)/gi, `$1${REMOVED}$3`);
  return replaced === text ? { bytes: body, redacted: false } : { bytes: Buffer.from(replaced, 'latin1'), redacted: true };
}

export class DiagnosticsRecorder {
  private readonly exchanges: DiagnosticsExchange[] = [];

  constructor(private readonly context: { vendor?: string; host?: string; startedAt?: number } = {}) {}

  /** Pass as GatewayClientOptions.onExchange. */
  readonly onExchange = (method: string, path: string, response: HttpResponse, requestBody?: Buffer): void => {
    const headers: [string, string][] = [];
    for (const [name, values] of response.headers) {
      for (const value of values) headers.push([name, name === 'set-cookie' ? value.replace(/^([^=]+)=[^;]*/, `$1=${REMOVED}`) : value]);
    }
    const contentType = response.headers.get('content-type')?.[0];
    const body = redactResponseBody(response.body, contentType);
    const request = redactRequestBody(requestBody);
    this.exchanges.push({
      index: this.exchanges.length + 1,
      method,
      path: path.replace(/([?&](?:tkn|sessionid|password)=)[^&]*/gi, `$1${REMOVED}`),
      ...(request !== undefined ? { request } : {}),
      status: response.status,
      headers,
      bodyBase64: body.bytes.toString('base64'),
      bodyRedacted: body.redacted,
    });
  };

  get count(): number {
    return this.exchanges.length;
  }

  toJson(extra: Record<string, unknown> = {}): string {
    return JSON.stringify({ format: DIAGNOSTICS_FORMAT, ...this.context, ...extra, exchanges: this.exchanges }, null, 1);
  }
}

/**
 * TrudiApi over the local web mode: `POST /api/call/<method>` with the bearer token, progress events over
 * the WebSocket `/api/events`. See /work/briefs/web-protocol.md.
 */
import { API_METHODS } from '../../../src/api/contract';
import type { ApiMethod, TrudiApi } from '../../../src/api/contract';
import type { ApiErrorPayload, OpenFileRequest, ProgressEvent } from '../../../src/api/dto';
import { ApiError } from '../../../src/api/errors';
import { base64ToBytes } from '../files';

export interface HttpClientOptions {
  /** Page origin, e.g. `http://127.0.0.1:41234`. */
  origin: string;
  token: string;
  fetch?: typeof fetch;
  createSocket?: (url: string) => WebSocket;
}

function isErrorPayload(value: unknown): value is ApiErrorPayload {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ApiErrorPayload).code === 'string' &&
    typeof (value as ApiErrorPayload).message === 'string'
  );
}

/** A file to open travels as its raw bytes (name and operation id in the query), never base64 inside JSON. */
function openFileRequest(request: OpenFileRequest): { query: string; body: Uint8Array } {
  const query = new URLSearchParams({ name: request.name });
  if (request.operationId) query.set('operationId', request.operationId);
  const body = request.content ?? base64ToBytes(request.contentBase64 ?? '');
  return { query: query.toString(), body };
}

export function createHttpClient(options: HttpClientOptions): TrudiApi {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  function requestFor(method: ApiMethod, args: unknown[]): [string, RequestInit] {
    const url = `${options.origin}/api/call/${method}`;
    const authorization = `Bearer ${options.token}`;
    const first = args[0] as OpenFileRequest | undefined;
    if (method === 'openFile' && first && typeof first === 'object' && typeof first.name === 'string') {
      const { query, body } = openFileRequest(first);
      return [`${url}?${query}`, { method: 'POST', headers: { Authorization: authorization, 'Content-Type': 'application/octet-stream' }, body: body as BodyInit }];
    }
    return [url, { method: 'POST', headers: { Authorization: authorization, 'Content-Type': 'application/json' }, body: JSON.stringify({ args }) }];
  }
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url));

  async function call(method: ApiMethod, args: unknown[]): Promise<unknown> {
    let response: Response;
    try {
      response = await doFetch(...requestFor(method, args));
    } catch (error) {
      throw new ApiError(
        'ENGINE_UNREACHABLE',
        `The engine did not answer (${error instanceof Error ? error.message : String(error)}). Is "npx trudi serve" still running?`,
      );
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new ApiError('BAD_RESPONSE', `The engine answered ${response.status} without JSON.`);
    }
    const envelope = body as { result?: unknown; error?: unknown };
    if (!response.ok || envelope.error !== undefined) {
      if (isErrorPayload(envelope.error)) throw ApiError.fromPayload(envelope.error);
      throw new ApiError('BAD_RESPONSE', `The engine answered ${response.status} without an error description.`);
    }
    return envelope.result;
  }

  const listeners = new Set<(event: ProgressEvent) => void>();
  let socket: WebSocket | null = null;

  function openSocket(): void {
    const wsOrigin = options.origin.replace(/^http/, 'ws');
    const ws = createSocket(`${wsOrigin}/api/events?token=${encodeURIComponent(options.token)}`);
    ws.addEventListener('message', (message) => {
      if (typeof message.data !== 'string') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(message.data);
      } catch {
        return;
      }
      const data = parsed as { type?: unknown; event?: ProgressEvent };
      if (data.type === 'progress' && data.event) for (const listener of listeners) listener(data.event);
    });
    ws.addEventListener('close', () => {
      if (socket === ws) socket = null;
    });
    socket = ws;
  }

  const methods = Object.fromEntries(
    API_METHODS.map((method) => [method, (...args: unknown[]) => call(method, args)]),
  ) as Pick<TrudiApi, ApiMethod>;

  return {
    ...methods,
    onProgress(listener) {
      listeners.add(listener);
      if (!socket) openSocket();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && socket) {
          const ws = socket;
          socket = null;
          ws.close();
        }
      };
    },
  };
}

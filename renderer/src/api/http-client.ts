/**
 * TrudiApi over the local web mode: `POST /api/call/<method>` with the bearer token, progress events over
 * the WebSocket `/api/events`, reopened with backoff after a drop and resynchronised from the engine's
 * snapshot of running operations.
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
  /** Timers of the reconnect backoff (tests). */
  setTimeout?: (fn: () => void, ms: number) => ReturnType<typeof setTimeout>;
  clearTimeout?: (timer: ReturnType<typeof setTimeout>) => void;
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
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  const setTimer = options.setTimeout ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const clearTimer = options.clearTimeout ?? ((timer: ReturnType<typeof setTimeout>) => clearTimeout(timer));

  function dispatch(event: ProgressEvent): void {
    for (const listener of listeners) listener(event);
  }

  /**
   * The progress socket. A dropped socket is reopened with backoff (250 ms doubling to 5 s) while anyone
   * listens; on every (re)connect the engine sends a snapshot of the running operations' latest progress,
   * which is delivered like progress events, so that the UI resumes where the drop left it.
   */
  function openSocket(): void {
    const wsOrigin = options.origin.replace(/^http/, 'ws');
    const ws = createSocket(`${wsOrigin}/api/events?token=${encodeURIComponent(options.token)}`);
    ws.addEventListener('open', () => {
      failures = 0;
    });
    ws.addEventListener('message', (message) => {
      if (typeof message.data !== 'string') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(message.data);
      } catch {
        return;
      }
      const data = parsed as { type?: unknown; event?: ProgressEvent; events?: unknown };
      if (data.type === 'progress' && data.event) dispatch(data.event);
      else if (data.type === 'snapshot' && Array.isArray(data.events)) for (const event of data.events as ProgressEvent[]) dispatch(event);
    });
    ws.addEventListener('close', () => {
      if (socket !== ws) return;
      socket = null;
      scheduleReconnect();
    });
    socket = ws;
  }

  function scheduleReconnect(): void {
    if (listeners.size === 0 || reconnectTimer !== undefined) return;
    const delay = Math.min(5000, 250 * 2 ** failures);
    failures++;
    reconnectTimer = setTimer(() => {
      reconnectTimer = undefined;
      if (listeners.size > 0 && !socket) openSocket();
    }, delay);
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
        if (listeners.size > 0) return;
        if (reconnectTimer !== undefined) clearTimer(reconnectTimer);
        reconnectTimer = undefined;
        if (socket) {
          const ws = socket;
          socket = null;
          ws.close();
        }
      };
    },
  };
}

import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/api/errors';
import { createHttpClient } from './http-client';

interface Sent {
  url: string;
  init: RequestInit;
}

function fakeFetch(answer: (sent: Sent) => Response | Promise<Response>) {
  const sent: Sent[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const request = { url: String(input), init: init ?? {} };
    sent.push(request);
    return answer(request);
  }) as typeof fetch;
  return { sent, fetchImpl };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('HTTP client of the web mode', () => {
  it('posts the arguments with the bearer token and returns the result', async () => {
    const { sent, fetchImpl } = fakeFetch(() => json(200, { result: { readoutId: 'demo-1', points: [] } }));
    const api = createHttpClient({ origin: 'http://127.0.0.1:4000', token: 'T0K', fetch: fetchImpl });
    const result = await api.getSeries({ readoutId: 'demo-1', resolution: 'month' });
    expect(result).toEqual({ readoutId: 'demo-1', points: [] });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe('http://127.0.0.1:4000/api/call/getSeries');
    expect(sent[0]!.init.method).toBe('POST');
    expect(new Headers(sent[0]!.init.headers).get('Authorization')).toBe('Bearer T0K');
    expect(JSON.parse(String(sent[0]!.init.body))).toEqual({ args: [{ readoutId: 'demo-1', resolution: 'month' }] });
  });

  it('sends a file to open as raw bytes, not base64 inside JSON', async () => {
    const { sent, fetchImpl } = fakeFetch(() => json(200, { result: { readoutId: 'file-1' } }));
    const api = createHttpClient({ origin: 'http://127.0.0.1:4000', token: 'T0K', fetch: fetchImpl });
    const bytes = new Uint8Array([60, 63, 120, 0, 255]);
    await api.openFile({ name: 'ä b.xml', content: bytes, operationId: 'op-1' });
    await api.openFile({ name: 'c.xml', contentBase64: 'PD94' });
    expect(sent[0]!.url).toBe('http://127.0.0.1:4000/api/call/openFile?name=%C3%A4+b.xml&operationId=op-1');
    expect(new Headers(sent[0]!.init.headers).get('Content-Type')).toBe('application/octet-stream');
    expect(sent[0]!.init.body).toBe(bytes);
    expect([...(sent[1]!.init.body as Uint8Array)]).toEqual([60, 63, 120]);
  });

  it('turns error answers into ApiError with the engine code and message', async () => {
    const { fetchImpl } = fakeFetch(() => json(401, { error: { code: 'UNAUTHORIZED', message: 'Missing or wrong token.' } }));
    const api = createHttpClient({ origin: 'http://127.0.0.1:4000', token: 'x', fetch: fetchImpl });
    const error = await api.getEngineInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', message: 'Missing or wrong token.' });
  });

  it('names a network failure and an answer without JSON', async () => {
    const down = createHttpClient({
      origin: 'http://127.0.0.1:4000',
      token: 'x',
      fetch: fakeFetch(() => Promise.reject(new TypeError('Failed to fetch'))).fetchImpl,
    });
    await expect(down.getEngineInfo()).rejects.toMatchObject({ code: 'ENGINE_UNREACHABLE', message: expect.stringContaining('Failed to fetch') });
    const html = createHttpClient({
      origin: 'http://127.0.0.1:4000',
      token: 'x',
      fetch: fakeFetch(() => new Response('<html>', { status: 502 })).fetchImpl,
    });
    await expect(html.getEngineInfo()).rejects.toMatchObject({ code: 'BAD_RESPONSE', message: expect.stringContaining('502') });
    const noDescription = createHttpClient({
      origin: 'http://127.0.0.1:4000',
      token: 'x',
      fetch: fakeFetch(() => json(500, { oops: true })).fetchImpl,
    });
    await expect(noDescription.getEngineInfo()).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('delivers progress events from the WebSocket and closes it with the last listener', async () => {
    const sockets: FakeSocket[] = [];
    class FakeSocket extends EventTarget {
      closed = false;
      constructor(readonly url: string) {
        super();
        sockets.push(this);
      }
      close() {
        this.closed = true;
      }
      emit(data: string) {
        this.dispatchEvent(new MessageEvent('message', { data }));
      }
    }
    const api = createHttpClient({
      origin: 'http://127.0.0.1:4000',
      token: 'a b',
      fetch: fakeFetch(() => json(200, { result: null })).fetchImpl,
      createSocket: (url) => new FakeSocket(url) as unknown as WebSocket,
    });
    const seen: number[] = [];
    const off1 = api.onProgress((event) => seen.push(event.fraction));
    const off2 = api.onProgress((event) => seen.push(event.fraction * 10));
    expect(sockets).toHaveLength(1);
    expect(sockets[0]!.url).toBe('ws://127.0.0.1:4000/api/events?token=a%20b');
    sockets[0]!.emit(JSON.stringify({ type: 'progress', event: { operationId: 'o', fraction: 0.5, message: '' } }));
    sockets[0]!.emit('not json');
    sockets[0]!.emit(JSON.stringify({ type: 'other' }));
    expect(seen).toEqual([0.5, 5]);
    off1();
    expect(sockets[0]!.closed).toBe(false);
    off2();
    expect(sockets[0]!.closed).toBe(true);
  });
  it('reopens a dropped socket with backoff and resynchronises from the snapshot of running operations', () => {
    const sockets: FakeSocket[] = [];
    class FakeSocket extends EventTarget {
      closed = false;
      constructor(readonly url: string) {
        super();
        sockets.push(this);
      }
      close() {
        this.closed = true;
      }
      drop() {
        this.dispatchEvent(new Event('close'));
      }
      open() {
        this.dispatchEvent(new Event('open'));
      }
      emit(data: string) {
        this.dispatchEvent(new MessageEvent('message', { data }));
      }
    }
    const timers: { fn: () => void; ms: number; cleared: boolean }[] = [];
    const api = createHttpClient({
      origin: 'http://127.0.0.1:4000',
      token: 't',
      fetch: fakeFetch(() => json(200, { result: null })).fetchImpl,
      createSocket: (url) => new FakeSocket(url) as unknown as WebSocket,
      setTimeout: (fn, ms) => {
        const timer = { fn, ms, cleared: false };
        timers.push(timer);
        return timer as unknown as ReturnType<typeof setTimeout>;
      },
      clearTimeout: (timer) => {
        (timer as unknown as { cleared: boolean }).cleared = true;
      },
    });
    const seen: string[] = [];
    const off = api.onProgress((event) => seen.push(`${event.operationId}:${event.fraction}`));
    sockets[0]!.open();
    sockets[0]!.emit(JSON.stringify({ type: 'progress', event: { operationId: 'verify-1', fraction: 0.2, message: 'verify.running' } }));
    // Dropped twice without getting through: the delay doubles.
    sockets[0]!.drop();
    expect(timers.map((t) => t.ms)).toEqual([250]);
    timers[0]!.fn();
    expect(sockets).toHaveLength(2);
    sockets[1]!.drop();
    expect(timers.map((t) => t.ms)).toEqual([250, 500]);
    timers[1]!.fn();
    // Through again: the snapshot brings the progress made meanwhile, then events continue.
    sockets[2]!.open();
    sockets[2]!.emit(JSON.stringify({ type: 'snapshot', events: [{ operationId: 'verify-1', fraction: 0.6, message: 'verify.running' }] }));
    sockets[2]!.emit(JSON.stringify({ type: 'progress', event: { operationId: 'verify-1', fraction: 0.7, message: 'verify.running' } }));
    expect(seen).toEqual(['verify-1:0.2', 'verify-1:0.6', 'verify-1:0.7']);
    // After a successful open the backoff starts over.
    sockets[2]!.drop();
    expect(timers.at(-1)!.ms).toBe(250);
    // The last listener leaving cancels the pending reconnect.
    off();
    expect(timers.at(-1)!.cleared).toBe(true);
    expect(sockets).toHaveLength(3);
  });
});

/**
 * The web host under bad requests and faults: every failure is answered with a status and an error body,
 * and the server keeps answering afterwards. Real HTTP over 127.0.0.1, the real engine.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ProgressEvent } from '../api/dto';
import { Engine } from './engine';
import { createDemoDocument } from './demo-readout';
import { writeAr2418Bytes } from '../formats/ar2418/writer';
import { MAX_FILE_BYTES, startWebHost, type WebHost } from './web-host';
import { appDirs } from '../platform/app-dirs';

/** An engine whose getEngineInfo answers something JSON cannot carry, and whose cancel throws a plain Error. */
class FaultyEngine extends Engine {
  override async getEngineInfo(): Promise<never> {
    return { big: 10n } as never;
  }
  override async cancel(): Promise<void> {
    throw new TypeError('boom inside the engine');
  }
}

let dir: string;
let host: WebHost;
let small: WebHost;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trudi-web-faults-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  host = await startWebHost({ api: new Engine('http'), rendererDir: dir });
  small = await startWebHost({ api: new FaultyEngine('http'), rendererDir: dir, maxFileBytes: 1024 * 1024, maxJsonBytes: 64 * 1024 });
});

afterAll(async () => {
  await host.close();
  await small.close();
  await rm(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One raw request; `body` is written in `chunkSize` pieces until the server answers (or all is sent). */
function send(target: WebHost, options: { path: string; method?: string; headers?: Record<string, string | number>; body?: Buffer | string; chunked?: boolean; chunkSize?: number; totalBytes?: number }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port: target.port, path: options.path, method: options.method ?? 'POST', headers: { Host: `127.0.0.1:${target.port}`, ...options.headers } }, (response) => {
      answered = true;
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (d: string) => (body += d));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      response.on('error', reject);
    });
    let answered = false;
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    if (options.totalBytes !== undefined) {
      // Streams zeros until the server answers: the server must answer long before the upload is done.
      const chunk = Buffer.alloc(options.chunkSize ?? 256 * 1024);
      let sent = 0;
      const pump = (): void => {
        while (!answered && sent < options.totalBytes!) {
          sent += chunk.length;
          if (!request.write(chunk)) {
            request.once('drain', pump);
            return;
          }
        }
        if (!answered) request.end();
      };
      pump();
    } else {
      request.end(options.body);
    }
  });
}

const auth = (target: WebHost) => ({ Authorization: `Bearer ${target.token}` });
const stillAnswers = async (target: WebHost) => {
  const answer = await send(target, { path: '/api/call/getReadoutDetails', headers: { ...auth(target), 'Content-Type': 'application/json' }, body: JSON.stringify({ args: ['none'] }) });
  expect(answer.status).toBe(400);
  expect(JSON.parse(answer.body).error.code).toBe('UNKNOWN_READOUT');
};

describe('web host faults', () => {
  it('opens a file sent as raw bytes (application/octet-stream), name and operation id in the query', async () => {
    const bytes = Buffer.from(writeAr2418Bytes(createDemoDocument()));
    const answer = await send(host, { path: '/api/call/openFile?name=%C3%A4-demo.xml&operationId=op-raw', headers: { ...auth(host), 'Content-Type': 'application/octet-stream' }, body: bytes });
    expect(answer.status).toBe(200);
    const summary = JSON.parse(answer.body).result;
    expect(summary).toMatchObject({ source: 'file', fileName: 'ä-demo.xml' });
    const exported = await send(host, { path: '/api/call/exportReadout', headers: { ...auth(host), 'Content-Type': 'application/json' }, body: JSON.stringify({ args: [{ readoutId: summary.readoutId, format: 'xml' }] }) });
    expect(Buffer.from(JSON.parse(exported.body).result.contentBase64, 'base64').equals(bytes)).toBe(true);
  });

  it('refuses a 600 MB upload with 413 before reading it, and keeps answering', async () => {
    const total = 600 * 1024 * 1024;
    expect(total).toBeGreaterThan(MAX_FILE_BYTES);
    const answer = await send(host, { path: '/api/call/openFile?name=big.xml', headers: { ...auth(host), 'Content-Type': 'application/octet-stream', 'Content-Length': total }, totalBytes: total });
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe('close');
    expect(JSON.parse(answer.body).error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('512 MB') });
    await stillAnswers(host);
  });

  it('refuses a chunked upload once it passes the limit, and keeps answering', async () => {
    const answer = await send(small, { path: '/api/call/openFile?name=big.xml', headers: { ...auth(small), 'Content-Type': 'application/octet-stream', 'Transfer-Encoding': 'chunked' }, totalBytes: 8 * 1024 * 1024, chunkSize: 64 * 1024 });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.code).toBe('PAYLOAD_TOO_LARGE');
    const json = await send(small, { path: '/api/call/getSeries', headers: { ...auth(small), 'Content-Type': 'application/json' }, body: JSON.stringify({ args: ['x'.repeat(100 * 1024)] }) });
    expect(json.status).toBe(413);
    await stillAnswers(small);
  });

  it('answers a result that cannot be serialised with 500 and keeps answering', async () => {
    const answer = await send(small, { path: '/api/call/getEngineInfo', headers: { ...auth(small), 'Content-Type': 'application/json' }, body: '{}' });
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body).error).toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('could not be serialised') });
    await stillAnswers(small);
  });

  it('answers an unexpected engine exception with 500, bad JSON with 400 and a wrong content type with 415', async () => {
    const thrown = await send(small, { path: '/api/call/cancel', headers: { ...auth(small), 'Content-Type': 'application/json' }, body: JSON.stringify({ args: ['x'] }) });
    expect(thrown.status).toBe(500);
    const payload = JSON.parse(thrown.body).error;
    expect(payload).toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('boom'), correlationId: expect.stringMatching(/^[0-9a-f]{8}$/) });
    // The correlation id names the engine log's entry, with the stack.
    const logged = readFileSync(join(appDirs().logs, 'engine.log'), 'utf8').split('\n').filter((l) => l.includes(payload.correlationId));
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0]!)).toMatchObject({ level: 'error', event: 'api.error', where: 'web', method: 'cancel', error: { name: 'TypeError', message: 'boom inside the engine', stack: expect.stringContaining('web-host-faults.test.ts') } });
    const badJson = await send(host, { path: '/api/call/getSeries', headers: { ...auth(host), 'Content-Type': 'application/json' }, body: '{"args": [' });
    expect(badJson.status).toBe(400);
    expect(JSON.parse(badJson.body).error.code).toBe('BAD_REQUEST');
    const wrongType = await send(host, { path: '/api/call/getSeries', headers: { ...auth(host), 'Content-Type': 'text/plain' }, body: 'x' });
    expect(wrongType.status).toBe(415);
    expect(JSON.parse(wrongType.body).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    await stillAnswers(host);
  });

  it('refuses a foreign Host (DNS rebinding) on pages, calls and the WebSocket', async () => {
    for (const path of ['/', '/api/call/getEngineInfo']) {
      const answer = await send(host, { path, method: path === '/' ? 'GET' : 'POST', headers: { ...auth(host), Host: `evil.example:${host.port}` } });
      expect(answer.status, path).toBe(421);
      expect(JSON.parse(answer.body).error).toMatchObject({ code: 'FORBIDDEN_HOST', message: expect.stringContaining(`http://127.0.0.1:${host.port}/`) });
    }
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events?token=${host.token}`, { headers: { Host: `evil.example:${host.port}` } });
    await expect(new Promise((resolve, reject) => { ws.on('open', resolve); ws.on('error', reject); })).rejects.toThrow(/403/);
    await stillAnswers(host);
  });

  it('works under localhost:PORT (Host and Origin)', async () => {
    const origin = `http://localhost:${host.port}`;
    const answer = await send(host, { path: '/api/call/getEngineInfo', headers: { ...auth(host), Host: `localhost:${host.port}`, Origin: origin, 'Content-Type': 'application/json' }, body: '{}' });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).result.transport).toBe('http');
    const page = await send(host, { path: '/', method: 'GET', headers: { Host: `localhost:${host.port}` } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain(`ws://localhost:${host.port}`);
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events?token=${host.token}`, { headers: { Host: `localhost:${host.port}` }, origin });
    await new Promise((resolve, reject) => { ws.on('open', resolve); ws.on('error', reject); });
    ws.close();
  });

  it('survives a garbage request and a client that hangs up mid-upload', async () => {
    const garbage = await new Promise<string>((resolve, reject) => {
      const socket = connect(host.port, '127.0.0.1', () => socket.write('\x00\x01 NOT HTTP\r\n\r\n'));
      let text = '';
      socket.on('data', (d) => (text += String(d)));
      socket.on('end', () => resolve(text));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(garbage.startsWith('HTTP/1.1 400')).toBe(true);
    await new Promise<void>((resolve) => {
      const socket = connect(host.port, '127.0.0.1', () => {
        socket.write(`POST /api/call/openFile?name=x HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nAuthorization: Bearer ${host.token}\r\nContent-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\n<?xml`);
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 50);
      });
    });
    await stillAnswers(host);
  });
  it('sends a (re)connecting socket the latest progress of the operations still running, and forgets finished ones', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const listeners = new Set<(e: ProgressEvent) => void>();
    class SlowEngine extends Engine {
      override onProgress(listener: (e: ProgressEvent) => void): () => void {
        listeners.add(listener);
        return () => listeners.delete(listener);
      }
      override async openDemo(options?: { operationId?: string }): Promise<never> {
        for (const l of listeners) l({ operationId: options!.operationId!, fraction: 0.3, message: 'demo.generating' });
        await gate;
        for (const l of listeners) l({ operationId: options!.operationId!, fraction: 1, message: 'demo.ready' });
        return { readoutId: 'r' } as never;
      }
    }
    const slow = await startWebHost({ api: new SlowEngine('http'), rendererDir: dir });
    try {
      const firstMessage = async () => {
        const ws = new WebSocket(`ws://127.0.0.1:${slow.port}/api/events?token=${slow.token}`);
        const message = await new Promise<unknown>((resolve, reject) => {
          ws.once('message', (data) => resolve(JSON.parse(String(data))));
          ws.once('error', reject);
        });
        ws.close();
        return message;
      };
      const call = send(slow, { path: '/api/call/openDemo', headers: { ...auth(slow), 'Content-Type': 'application/json' }, body: JSON.stringify({ args: [{ operationId: 'slow-1' }] }) });
      await new Promise((r) => setTimeout(r, 200));
      expect(await firstMessage()).toEqual({ type: 'snapshot', events: [{ operationId: 'slow-1', fraction: 0.3, message: 'demo.generating' }] });
      release();
      expect((await call).status).toBe(200);
      expect(await firstMessage()).toEqual({ type: 'snapshot', events: [] });
    } finally {
      await slow.close();
    }
  });
});

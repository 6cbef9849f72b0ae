/**
 * Local web mode: serves the built renderer and the TrudiApi on 127.0.0.1 (HTTP for calls, WebSocket for
 * progress events). Every API request needs the per-launch token; browser requests must come from our
 * own origin.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { TrudiApi } from '../api/contract';
import { isApiMethod } from '../api/contract';
import { toErrorPayload } from '../api/errors';
import { bearerToken, contentSecurityPolicy, createToken, originAllowed, staticPath, tokenMatches } from './web-security';

export interface WebHostOptions {
  api: TrudiApi;
  /** Folder with the built renderer (index.html, assets/). */
  rendererDir: string;
  port?: number;
  token?: string;
}

export interface WebHost {
  url: string;
  /** The URL to open: carries the token in the fragment, which browsers never send to a server. */
  launchUrl: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

// Opened files travel base64-encoded in the body: room for the reader's 512 MB limit.
const MAX_BODY_BYTES = 700 * 1024 * 1024;
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? createToken();
  let ownOrigin = '';
  let csp = '';

  const server = createServer((request, response) => {
    response.setHeader('Content-Security-Policy', csp);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    const path = (request.url ?? '/').split('?')[0]!;
    if (path.startsWith('/api/')) {
      void handleApi(request, response, path).catch((error) => sendJson(response, 500, { error: toErrorPayload(error) }));
    } else {
      void serveStatic(request, response, path);
    }
  });

  async function handleApi(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    if (!originAllowed(request.headers.origin, ownOrigin)) {
      return sendJson(response, 403, { error: { code: 'FORBIDDEN_ORIGIN', message: 'Requests from other origins are refused.' } });
    }
    if (!tokenMatches(token, bearerToken(request.headers.authorization))) {
      return sendJson(response, 401, { error: { code: 'UNAUTHORIZED', message: 'Missing or wrong token: open the URL that the engine printed.' } });
    }
    const match = /^\/api\/call\/([A-Za-z]+)$/.exec(path);
    if (!match || request.method !== 'POST') {
      return sendJson(response, 404, { error: { code: 'UNKNOWN_METHOD', message: `No API method at ${request.method} ${path}.` } });
    }
    const method = match[1];
    if (!isApiMethod(method)) {
      return sendJson(response, 404, { error: { code: 'UNKNOWN_METHOD', message: `Unknown API method "${method}".` } });
    }
    const body = await readBody(request);
    let args: unknown[];
    try {
      const parsed = JSON.parse(body.length ? body : '{}') as { args?: unknown };
      args = Array.isArray(parsed.args) ? parsed.args : [];
    } catch {
      return sendJson(response, 400, { error: { code: 'BAD_REQUEST', message: 'The request body is not JSON.' } });
    }
    try {
      const fn = options.api[method] as (...a: unknown[]) => Promise<unknown>;
      const result = await fn.apply(options.api, args);
      sendJson(response, 200, { result: result ?? null });
    } catch (error) {
      const payload = toErrorPayload(error);
      sendJson(response, payload.code === 'INTERNAL' ? 500 : 400, { error: payload });
    }
  }

  async function serveStatic(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    const file = staticPath(options.rendererDir, path);
    try {
      if (!file || !(await stat(file)).isFile()) throw new Error('not found');
      const content = await readFile(file);
      response.writeHead(200, {
        'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'max-age=3600',
      });
      response.end(request.method === 'HEAD' ? undefined : content);
    } catch {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
    }
  }

  const sockets = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', ownOrigin);
    if (url.pathname !== '/api/events' || !originAllowed(request.headers.origin, ownOrigin) || !tokenMatches(token, url.searchParams.get('token'))) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws));
  });
  const unsubscribe = options.api.onProgress((event) => {
    const message = JSON.stringify({ type: 'progress', event });
    for (const client of sockets.clients) if (client.readyState === client.OPEN) client.send(message);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  ownOrigin = `http://127.0.0.1:${port}`;
  csp = contentSecurityPolicy(port);

  return {
    url: `${ownOrigin}/`,
    launchUrl: `${ownOrigin}/#token=${token}`,
    port,
    token,
    async close() {
      unsubscribe();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify(body));
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('Request body too large.'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

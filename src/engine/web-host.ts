/**
 * Local web mode: serves the built renderer and the TrudiApi on 127.0.0.1 (HTTP for calls, WebSocket for
 * progress events; each new socket first gets a snapshot of the running operations' latest progress, so a
 * page that reconnects after a drop resumes). Every API request needs the per-launch token; browser requests must come from our
 * own origin.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { TrudiApi } from '../api/contract';
import { isApiMethod } from '../api/contract';
import type { ApiErrorPayload, ProgressEvent } from '../api/dto';
import { DEFAULT_READ_LIMITS } from '../formats/ar2418/reader';
import { reportError } from './error-report';
import { createProgressThrottle } from './progress-throttle';
import { RequestBodyError, parseCallArgs, readBodyBytes } from './web-body';
import { bearerToken, contentSecurityPolicy, createToken, hostAllowed, originAllowed, ownOrigins, staticPath, tokenMatches } from './web-security';

export interface WebHostOptions {
  api: TrudiApi;
  /** Folder with the built renderer (index.html, assets/). */
  rendererDir: string;
  port?: number;
  token?: string;
  /** Largest file `openFile` accepts as raw bytes (default: the AR 2418-6 reader's limit). */
  maxFileBytes?: number;
  /** Largest JSON call body (default 64 MB: supplier files and certificates travel base64 inside). */
  maxJsonBytes?: number;
}

export interface WebHost {
  url: string;
  /** The URL to open: carries the token in the fragment, which browsers never send to a server. */
  launchUrl: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Opened files travel as raw bytes (`application/octet-stream`): the same limit as the reader's. */
export const MAX_FILE_BYTES = DEFAULT_READ_LIMITS.maxBytes;
export const MAX_JSON_BYTES = 64 * 1024 * 1024;
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
  const maxFileBytes = options.maxFileBytes ?? MAX_FILE_BYTES;
  const maxJsonBytes = options.maxJsonBytes ?? MAX_JSON_BYTES;
  let port = 0;
  let origins: string[] = [];
  let csp = '';

  const server = createServer((request, response) => {
    response.setHeader('Content-Security-Policy', csp);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    if (!hostAllowed(request.headers.host, port)) {
      refuse(request, response, 421, {
        code: 'FORBIDDEN_HOST',
        message: `Requests for host "${String(request.headers.host ?? '')}" are refused: open http://127.0.0.1:${port}/ (or http://localhost:${port}/).`,
      });
      return;
    }
    const path = (request.url ?? '/').split('?')[0]!;
    const handled = path.startsWith('/api/') ? handleApi(request, response, path) : serveStatic(request, response, path);
    handled.catch((error: unknown) => answerError(request, response, error));
  });
  // A client that sends garbage or hangs up never takes the server with it.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  async function handleApi(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    if (!originAllowed(request.headers.origin, origins)) {
      return refuse(request, response, 403, { code: 'FORBIDDEN_ORIGIN', message: `Requests from other origins are refused: open http://127.0.0.1:${port}/.` });
    }
    if (!tokenMatches(token, bearerToken(request.headers.authorization))) {
      return refuse(request, response, 401, { code: 'UNAUTHORIZED', message: 'Missing or wrong token: open the URL that the engine printed.' });
    }
    const match = /^\/api\/call\/([A-Za-z]+)$/.exec(path);
    if (!match || request.method !== 'POST') {
      return refuse(request, response, 404, { code: 'UNKNOWN_METHOD', message: `No API method at ${request.method} ${path}.` });
    }
    const method = match[1];
    if (!isApiMethod(method)) {
      return refuse(request, response, 404, { code: 'UNKNOWN_METHOD', message: `Unknown API method "${method}".` });
    }
    const args = await readArgs(request, method);
    const operationId = (args[0] as { operationId?: unknown } | undefined)?.operationId;
    let result: unknown;
    try {
      const fn = options.api[method] as (...a: unknown[]) => Promise<unknown>;
      result = await fn.apply(options.api, args);
    } catch (error) {
      if (typeof operationId === 'string') running.delete(operationId);
      const payload = reportError(error, { where: 'web', method });
      return sendJson(response, payload.code === 'INTERNAL' ? 500 : 400, { error: payload });
    }
    if (typeof operationId === 'string') running.delete(operationId);
    let text: string;
    try {
      text = JSON.stringify({ result: result ?? null });
    } catch (error) {
      const payload = reportError(new Error(`The result of ${method} could not be serialised: ${error instanceof Error ? error.message : String(error)}`, { cause: error }), { where: 'web', method });
      return sendJson(response, 500, { error: payload });
    }
    sendText(response, 200, text);
  }

  /** `openFile` takes the file's raw bytes (name and operation id in the query); every other call JSON. */
  async function readArgs(request: IncomingMessage, method: string): Promise<unknown[]> {
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (method === 'openFile' && type === 'application/octet-stream') {
      const query = new URLSearchParams((request.url ?? '').split('?')[1] ?? '');
      const content = await readBodyBytes(request, maxFileBytes, 'The file');
      const operationId = query.get('operationId');
      return [{ name: query.get('name') ?? 'document.xml', content: new Uint8Array(content.buffer, content.byteOffset, content.length), ...(operationId ? { operationId } : {}) }];
    }
    if (type !== '' && type !== 'application/json') {
      throw new RequestBodyError(415, 'UNSUPPORTED_MEDIA_TYPE', `Content-Type "${type}" is not accepted for ${method}: send application/json${method === 'openFile' ? ' or application/octet-stream' : ''}.`);
    }
    return parseCallArgs(await readBodyBytes(request, maxJsonBytes));
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

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (request, socket, head) => {
    socket.on('error', () => socket.destroy());
    let url: URL | undefined;
    try {
      url = new URL(request.url ?? '/', origins[0]);
    } catch {
      url = undefined;
    }
    if (
      !url ||
      url.pathname !== '/api/events' ||
      !hostAllowed(request.headers.host, port) ||
      !originAllowed(request.headers.origin, origins) ||
      !tokenMatches(token, url.searchParams.get('token'))
    ) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      ws.on('error', () => ws.terminate());
      // Resynchronisation: a (re)connected page learns where the running operations stand.
      ws.send(JSON.stringify({ type: 'snapshot', events: [...running.values()] }));
      sockets.emit('connection', ws);
    });
  });
  /** The latest progress of each operation that is still running (its call has not answered yet). */
  const running = new Map<string, ProgressEvent>();
  const throttle = createProgressThrottle((event) => {
    const message = JSON.stringify({ type: 'progress', event });
    for (const client of sockets.clients) if (client.readyState === client.OPEN) client.send(message);
  });
  const unsubscribe = options.api.onProgress((event) => {
    running.delete(event.operationId);
    running.set(event.operationId, event);
    // Bounded: operations whose calls came another way (not through this host) are never ended here.
    if (running.size > 100) running.delete(running.keys().next().value!);
    throttle.push(event);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  port = (server.address() as AddressInfo).port;
  origins = ownOrigins(port);
  const ownOrigin = origins[0]!;
  csp = contentSecurityPolicy(port);

  return {
    url: `${ownOrigin}/`,
    launchUrl: `${ownOrigin}/#token=${token}`,
    port,
    token,
    async close() {
      unsubscribe();
      throttle.dispose();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function sendText(response: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  if (response.headersSent) {
    // Too late for a status: cut the connection so that the client sees an incomplete answer, not a wrong one.
    response.destroy();
    return;
  }
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
  response.end(text);
}

function sendJson(response: ServerResponse, status: number, body: { error: ApiErrorPayload } | { result: unknown }): void {
  sendText(response, status, JSON.stringify(body));
}

/**
 * Answers a request whose body will not be read (refused, too large): `Connection: close`, and the
 * connection is ended once the answer is out, so that an unread upload does not keep it busy.
 */
function refuse(request: IncomingMessage, response: ServerResponse, status: number, error: ApiErrorPayload): void {
  const complete = request.complete;
  sendText(response, status, JSON.stringify({ error }), complete ? {} : { Connection: 'close' });
  if (!complete) {
    response.once('finish', () => {
      // Let the client read the answer before the rest of its upload is discarded.
      request.resume();
      setTimeout(() => request.socket.destroy(), 2000).unref();
    });
  }
}

function answerError(request: IncomingMessage, response: ServerResponse, error: unknown): void {
  if (error instanceof RequestBodyError) {
    refuse(request, response, error.status, { code: error.code, message: error.message });
    return;
  }
  refuse(request, response, 500, reportError(error, { where: 'web', method: request.url?.split('?')[0] }));
}

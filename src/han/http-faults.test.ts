/**
 * The HTTP/1.1 client's fault matrix: each malformed or cut response stream, sent byte for byte by a real TLS
 * server on 127.0.0.1, ends in a clear error (never as data), and the limits hold.
 */
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CancelledError } from '../api/errors';
import { ConnectionLostError, ProtocolError } from './errors';
import { HttpConnection } from './http-connection';
import { DEFAULT_RESPONSE_LIMITS } from './http-response-parser';
import { scriptedServer, type RunningRawServer, type ScriptedAnswer } from './testing/raw-tls-server';

const servers: RunningRawServer[] = [];
const connections: HttpConnection[] = [];
afterEach(async () => {
  for (const c of connections.splice(0)) c.close();
  for (const s of servers.splice(0)) await s.close();
  vi.restoreAllMocks();
});

async function connect(answers: ScriptedAnswer[]): Promise<HttpConnection> {
  const server = await scriptedServer(answers);
  servers.push(server);
  const c = await HttpConnection.open({ host: '127.0.0.1', port: server.port });
  connections.push(c);
  return c;
}

const get = (c: HttpConnection, path = '/') => c.request({ method: 'GET', path, headers: [['Host', '127.0.0.1']] }, { timeoutMs: 5000 });
const CHUNKED = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n';

describe('HTTP/1.1 client fault matrix (real TLS)', () => {
  it('refuses a negative chunk size', async () => {
    const c = await connect([{ pieces: [`${CHUNKED}-5\r\nhello\r\n0\r\n\r\n`] }]);
    await expect(get(c)).rejects.toThrow(/bad chunk size "-5"/);
    expect(c.isOpen).toBe(false);
  });

  it('refuses chunk sizes that are not plain hex or overflow', async () => {
    for (const size of ['0x5', '5 5', '', 'fffffffffffff', '+5']) {
      const c = await connect([{ pieces: [`${CHUNKED}${size}\r\nhello\r\n0\r\n\r\n`] }]);
      await expect(get(c), JSON.stringify(size)).rejects.toThrow(ProtocolError);
    }
  });

  it('refuses chunk data not followed by CRLF (a chunk longer than its size)', async () => {
    const c = await connect([{ pieces: [`${CHUNKED}5\r\nhelloXX\r\n0\r\n\r\n`] }]);
    await expect(get(c)).rejects.toThrow(/chunk data not followed by CRLF/);
    // The same with the CRLF position split across TLS records.
    const split = await connect([{ pieces: [`${CHUNKED}5\r\nhello\r`, 'X0\r\n\r\n'], pauseMs: 20 }]);
    await expect(get(split)).rejects.toThrow(/chunk data not followed by CRLF/);
  });

  it('reads every trailer line up to the empty line, so the next answer on the connection is intact', async () => {
    const c = await connect([
      { pieces: [`${CHUNKED}5\r\nhello\r\n0\r\nX-A: 1\r\n`, 'X-B: 2\r\n', '\r\n'], pauseMs: 30 },
      { pieces: ['HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond'] },
    ]);
    const server = servers.at(-1)!;
    expect((await get(c, '/1')).body.toString()).toBe('hello');
    // Not complete before the empty line that ends the trailer arrived.
    expect(server.piecesWritten).toBe(3);
    expect((await get(c, '/2')).body.toString()).toBe('second');
  });

  it('refuses a malformed trailer line', async () => {
    const c = await connect([{ pieces: [`${CHUNKED}5\r\nhello\r\n0\r\nno colon here\r\n\r\n`] }]);
    await expect(get(c)).rejects.toThrow(/bad trailer line/);
  });

  it('a close-delimited body cut by a reset is an error, not a complete body', async () => {
    const c = await connect([{ pieces: ['HTTP/1.1 200 OK\r\nConnection: close\r\n\r\npartial body'], end: 'reset' }]);
    const error = await get(c).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionLostError);
    expect((error as ConnectionLostError).what).toMatch(/ECONNRESET/);
    expect((error as Error & { cause?: unknown }).cause).toBeInstanceOf(Error);
  });

  it('a close-delimited body ended in order is complete', async () => {
    const c = await connect([{ pieces: ['HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nwhole body'], end: 'close' }]);
    expect((await get(c)).body.toString()).toBe('whole body');
  });

  it('refuses a header over the limit, too many header fields, and conflicting lengths', async () => {
    const big = await connect([{ pieces: [`HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(DEFAULT_RESPONSE_LIMITS.maxHeaderBytes)}\r\n\r\n`] }]);
    await expect(get(big)).rejects.toThrow(/response header larger than 65536 bytes \(limit\)/);
    const many = await connect([{ pieces: [`HTTP/1.1 200 OK\r\n${'X: 1\r\n'.repeat(DEFAULT_RESPONSE_LIMITS.maxHeaderFields + 1)}Content-Length: 0\r\n\r\n`] }]);
    await expect(get(many)).rejects.toThrow(/more than 200 header fields/);
    const conflicting = await connect([{ pieces: ['HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!'] }]);
    await expect(get(conflicting)).rejects.toThrow(/conflicting Content-Length/);
  });

  it('refuses more chunks than the limit', async () => {
    const chunks = '1\r\na\r\n'.repeat(DEFAULT_RESPONSE_LIMITS.maxChunks + 1);
    const c = await connect([{ pieces: [CHUNKED, chunks, '0\r\n\r\n'] }]);
    await expect(get(c)).rejects.toThrow(/more than 100000 chunks in one response \(limit\)/);
  });

  it('refuses a chunked body over the total limit as soon as the chunk size announces it', async () => {
    const c = await connect([{ pieces: [`${CHUNKED}${(DEFAULT_RESPONSE_LIMITS.maxBodyBytes + 1).toString(16)}\r\nx`] }]);
    await expect(get(c)).rejects.toThrow(/response body over 268435456 bytes \(limit\)/);
  });

  it('joins a large chunked body once: bytes copied grow linearly with the body, not quadratically', async () => {
    const size = 4 * 1024 * 1024;
    const body = Buffer.alloc(size, 0x61);
    const records: Buffer[] = [Buffer.from(`${CHUNKED}${size.toString(16)}\r\n`)];
    for (let i = 0; i < size; i += 16 * 1024) records.push(body.subarray(i, i + 16 * 1024));
    records.push(Buffer.from('\r\n0\r\n\r\n'));
    const c = await connect([{ pieces: [Buffer.concat(records)] }]);
    let copied = 0;
    const concat = Buffer.concat.bind(Buffer);
    vi.spyOn(Buffer, 'concat').mockImplementation((list: readonly Uint8Array[], length?: number) => {
      const joined = concat(list, length);
      copied += joined.length;
      return joined;
    });
    const response = await get(c);
    expect(response.body.equals(body)).toBe(true);
    // One join of the body plus small control-byte joins; the old parser copied ~n²/(2·record) ≈ 512 MB here.
    expect(copied).toBeLessThan(3 * size);
  });

  it('clears the connect timer when the caller aborts (nothing keeps running)', async () => {
    // Accepts TCP, never answers the TLS handshake.
    const held: Socket[] = [];
    const tcpServer = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => tcpServer.listen(0, '127.0.0.1', resolve));
    const silent = { port: (tcpServer.address() as AddressInfo).port };
    servers.push({ port: silent.port, close: () => new Promise<void>((r) => { for (const h of held) h.destroy(); tcpServer.close(() => r()); }) });
    // Every timer of the connection's 60 s timeout must be cleared once the caller aborted.
    const pending = new Set<unknown>();
    const realSet = globalThis.setTimeout;
    const realClear = globalThis.clearTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
      const id = realSet(fn, ms);
      if (ms === 60_000) pending.add(id);
      return id;
    }) as typeof setTimeout);
    vi.spyOn(globalThis, 'clearTimeout').mockImplementation(((id?: NodeJS.Timeout) => {
      pending.delete(id);
      realClear(id);
    }) as typeof clearTimeout);
    const tcpAbort = new AbortController();
    const tcp = HttpConnection.open({ host: '127.0.0.1', port: silent.port, signal: tcpAbort.signal, connectTimeoutMs: 60_000 });
    tcpAbort.abort();
    await expect(tcp).rejects.toThrow(CancelledError);
    expect(pending.size, 'TCP connect timer').toBe(0);
    // During the TLS handshake (the server never answers it).
    const tlsAbort = new AbortController();
    const handshake = HttpConnection.open({ host: '127.0.0.1', port: silent.port, signal: tlsAbort.signal, connectTimeoutMs: 60_000 });
    await new Promise((r) => realSet(r, 100));
    tlsAbort.abort();
    await expect(handshake).rejects.toThrow(CancelledError);
    await new Promise((r) => realSet(r, 20));
    expect(pending.size, 'TLS handshake timer').toBe(0);
  });
});

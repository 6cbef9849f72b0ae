/**
 * The minimal TLS client against a real OpenSSL server whose answers are corrupted, truncated, reordered,
 * stalled or forged by a proxy in between: each ends in a clear error (the alert named), never a hang and
 * never data from a connection that failed its checks.
 */
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ContentType, HandshakeType, SUITES, TLS12 } from './constants';
import { parseServerHello } from './handshake-messages';
import { recordBytes } from './record-reader';
import { TlsError } from './tls-error';
import { frame, messageType, startRecordProxy, type ProxyHooks, type ProxySession } from './testing/record-proxy';
import { connectMinimal, curveCertificates, exchange, startNodeTlsServer } from './testing/tls-test-servers';
import { u16, vector16, vector8 } from './wire';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const GCM = SUITES[0]!;
const CBC = SUITES[3]!;

async function behindProxy(hooks: ProxyHooks, suite = GCM) {
  const keylog: Buffer[] = [];
  const server = await startNodeTlsServer({ certificates: curveCertificates('brainpoolP256r1'), ciphers: suite.opensslName, onKeylog: (line) => keylog.push(line) });
  cleanups.push(() => server.close());
  const proxy = await startRecordProxy(server.port, hooks, keylog);
  cleanups.push(() => proxy.close());
  return { server, proxy };
}

async function failure(promise: Promise<unknown>): Promise<TlsError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TlsError);
  return error as TlsError;
}

const flipLast = (message: Buffer, back = 1): Buffer => {
  const copy = Buffer.from(message);
  copy[copy.length - back] = copy[copy.length - back]! ^ 0x01;
  return copy;
};

function withServerHello(messages: Buffer[], change: (body: Buffer) => Buffer): Buffer[] {
  return messages.map((m) => {
    if (messageType(m) !== HandshakeType.serverHello) return m;
    const body = change(m.subarray(4));
    return Buffer.concat([Buffer.of(HandshakeType.serverHello, 0, body.length >> 8, body.length & 0xff), body]);
  });
}

function rebuildServerHello(body: Buffer, edit: { suite?: number; extensions?: { type: number; body: Buffer }[] }): Buffer {
  const hello = parseServerHello(body);
  const extensions = edit.extensions ?? hello.extensions;
  return Buffer.concat([
    u16(hello.version),
    hello.random,
    vector8(hello.sessionId),
    u16(edit.suite ?? hello.suiteCode),
    Buffer.of(hello.compression),
    vector16(Buffer.concat(extensions.map((e) => Buffer.concat([u16(e.type), vector16(e.body)])))),
  ]);
}

describe('a corrupted or forged handshake', () => {
  it('a ServerKeyExchange whose signature was changed is refused (decrypt_error) before any key material is sent', async () => {
    let clientBytesAfterFlight = 0;
    let flightSent = false;
    const { proxy, server } = await behindProxy({
      firstFlight: (messages) => {
        flightSent = true;
        return { bytes: frame(messages.map((m) => (messageType(m) === HandshakeType.serverKeyExchange ? flipLast(m, 3) : m))) };
      },
      clientBytes: (chunk) => {
        if (flightSent) clientBytesAfterFlight += chunk.length;
        return chunk;
      },
    });
    const error = await failure(connectMinimal(proxy.port));
    expect(error).toMatchObject({ side: 'local', alert: 51 });
    expect(error.message).toMatch(/not signed by its certificate's key/);
    // Only the 7-byte fatal alert went out after the forged flight.
    await new Promise((r) => setTimeout(r, 50));
    expect(clientBytesAfterFlight).toBe(7);
    expect(server.connections).toHaveLength(0);
  });

  it('messages out of order (ServerKeyExchange before Certificate) end in unexpected_message', async () => {
    const { proxy } = await behindProxy({
      firstFlight: (m) => ({ bytes: frame([m[0]!, m[2]!, m[1]!, ...m.slice(3)]) }),
    });
    const error = await failure(connectMinimal(proxy.port));
    expect(error).toMatchObject({ side: 'local', alert: 10 });
    expect(error.message).toMatch(/expected certificate, got serverKeyExchange/);
  });

  it('a flight fragmented into 7-byte records is reassembled and the connection works', async () => {
    const { proxy } = await behindProxy({ firstFlight: (m) => ({ bytes: frame(m, 7) }) });
    const tls = await connectMinimal(proxy.port);
    cleanups.push(() => void tls.destroy());
    expect(await exchange(tls, 'ping')).toBe('echo:ping');
  });

  it('a flight cut off in the middle of a record, then closed: "closed during the handshake", naming the step', async () => {
    const { proxy } = await behindProxy({ firstFlight: (m) => ({ bytes: frame(m).subarray(0, 300), close: true }) });
    const error = await failure(connectMinimal(proxy.port));
    expect(error.side).toBe('transport');
    expect(error.message).toMatch(/closed the connection during the TLS handshake \(waiting for/);
  });

  it('a server that stalls after the ClientHello ends in a timeout, not a hang', async () => {
    const { proxy } = await behindProxy({ firstFlight: () => ({ bytes: Buffer.alloc(0) }) });
    const started = Date.now();
    const error = await failure(connectMinimal(proxy.port, { timeoutMs: 300 }));
    expect(error.message).toMatch(/did not finish within 300 ms \(waiting for ServerHello\)/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('an extension that was not requested (renegotiation_info) is refused with unsupported_extension', async () => {
    const { proxy } = await behindProxy({
      firstFlight: (m) => ({ bytes: frame(withServerHello(m, (body) => rebuildServerHello(body, { extensions: [...parseServerHello(body).extensions, { type: 0xff01, body: Buffer.of(0) }] }))) }),
    });
    const error = await failure(connectMinimal(proxy.port));
    expect(error).toMatchObject({ side: 'local', alert: 110 });
  });

  it('a cipher suite that was not offered is refused with illegal_parameter', async () => {
    const { proxy } = await behindProxy({ firstFlight: (m) => ({ bytes: frame(withServerHello(m, (body) => rebuildServerHello(body, { suite: 0xc02f }))) }) });
    const error = await failure(connectMinimal(proxy.port));
    expect(error).toMatchObject({ side: 'local', alert: 47 });
    expect(error.message).toMatch(/0xc02f, which was not offered/);
  });

  it('application data before the handshake is done is refused with unexpected_message', async () => {
    const { proxy } = await behindProxy({ firstFlight: (m) => ({ bytes: Buffer.concat([recordBytes(ContentType.applicationData, TLS12, Buffer.from('early')), frame(m)]) }) });
    const error = await failure(connectMinimal(proxy.port));
    expect(error).toMatchObject({ alert: 10 });
  });

  it('a record longer than 2^14 + 2048 bytes is refused with record_overflow', async () => {
    const { proxy } = await behindProxy({ firstFlight: () => ({ bytes: Buffer.concat([Buffer.of(22, 3, 3, 0x4f, 0xff), Buffer.alloc(100)]) }) });
    const error = await failure(connectMinimal(proxy.port));
    expect(error).toMatchObject({ alert: 22 });
  });

  it('a port that does not speak TLS is named as such', async () => {
    const plain = createTcpServer((socket) => socket.resume().end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => plain.close(() => resolve())));
    const error = await failure(connectMinimal((plain.address() as AddressInfo).port));
    expect(error.message).toMatch(/not TLS/);
  });

  it.each([
    ['GCM', GCM],
    ['CBC', CBC],
  ] as const)('a changed byte in the encrypted server Finished (%s) is bad_record_mac', async (_mode, suite) => {
    const { proxy } = await behindProxy(
      {
        laterRecord: (record, index) => ({ bytes: recordBytes(record.type, record.version, index === 1 ? flipLast(record.fragment, 20) : record.fragment) }),
      },
      suite,
    );
    const error = await failure(connectMinimal(proxy.port));
    expect(error).toMatchObject({ side: 'local', alert: 20 });
  });

  it.each([
    ['GCM', GCM],
    ['CBC', CBC],
  ] as const)('a Finished with wrong verify_data, correctly encrypted (%s), is refused with decrypt_error', async (_mode, suite) => {
    const { proxy } = await behindProxy(
      {
        laterRecord: (record, index, session) => {
          // index 0: the server's ChangeCipherSpec, 1: its encrypted Finished.
          if (index !== 1) return { bytes: recordBytes(record.type, record.version, record.fragment) };
          const { open, seal } = session.crypto('server');
          const plain = open.decrypt(record.type, record.fragment);
          expect(plain[0]).toBe(HandshakeType.finished);
          return { bytes: recordBytes(record.type, record.version, seal.encrypt(record.type, flipLast(plain))) };
        },
      },
      suite,
    );
    const error = await failure(connectMinimal(proxy.port));
    expect(error).toMatchObject({ side: 'local', alert: 51 });
    expect(error.message).toMatch(/Finished message does not match/);
  });
});

describe('an open connection', () => {
  it.each([
    ['GCM', GCM],
    ['CBC', CBC],
  ] as const)('a corrupted application-data record (%s) is an error on the stream, its data is never delivered', async (_mode, suite) => {
    const { proxy } = await behindProxy({ laterRecord: (record, index) => ({ bytes: recordBytes(record.type, record.version, index === 2 ? flipLast(record.fragment, 2) : record.fragment) }) }, suite);
    const tls = await connectMinimal(proxy.port);
    const received: Buffer[] = [];
    tls.on('data', (c: Buffer) => received.push(c));
    const error = await new Promise<Error>((resolve) => {
      tls.once('error', resolve);
      tls.write('ping');
    });
    expect(error).toBeInstanceOf(TlsError);
    expect((error as TlsError).alert).toBe(20);
    expect(received).toEqual([]);
  });

  it('a HelloRequest (renegotiation) is declined with a no_renegotiation warning and the connection stays open', async () => {
    let server: ReturnType<ProxySession['crypto']> | undefined;
    const clientRecords: { type: number; fragment: Buffer }[] = [];
    const clientAlerts: Buffer[] = [];
    let clientCcsIndex = -1;
    let injected = false;
    const { proxy } = await behindProxy({
      laterRecord: (record, index, session) => {
        // Every record after the server's ChangeCipherSpec is opened and re-sealed, so one can be inserted.
        if (index === 0) return { bytes: recordBytes(record.type, record.version, record.fragment) };
        server ??= session.crypto('server');
        const plain = server.open.decrypt(record.type, record.fragment);
        const out = [recordBytes(record.type, record.version, server.seal.encrypt(record.type, plain))];
        if (record.type === ContentType.applicationData && !injected) {
          injected = true;
          out.push(recordBytes(ContentType.handshake, TLS12, server.seal.encrypt(ContentType.handshake, Buffer.of(HandshakeType.helloRequest, 0, 0, 0))));
        }
        return { bytes: Buffer.concat(out) };
      },
      clientRecord: (record, index, session) => {
        const bytes = recordBytes(record.type, record.version, record.fragment);
        if (record.type === ContentType.changeCipherSpec) clientCcsIndex = index;
        if (clientCcsIndex < 0 || index <= clientCcsIndex) return bytes;
        clientRecords.push(record);
        if (record.type !== ContentType.alert) return bytes;
        // Opened only now (the server's key log exists once it has read the client's key exchange).
        const { open } = session.crypto('client');
        const plain = clientRecords.map((r) => open.decrypt(r.type, r.fragment)).at(-1)!;
        clientAlerts.push(plain);
        // Not forwarded: the OpenSSL server never asked for a renegotiation.
        return Buffer.alloc(0);
      },
    });
    const tls = await connectMinimal(proxy.port);
    cleanups.push(() => void tls.destroy());
    expect(await exchange(tls, 'ping')).toBe('echo:ping');
    await new Promise((r) => setTimeout(r, 100));
    expect(clientAlerts).toEqual([Buffer.of(1, 100)]);
    expect(tls.destroyed).toBe(false);
  });

  it('a TCP close without close_notify ends the stream and is reported as not clean', async () => {
    const { proxy } = await behindProxy({ laterRecord: (record, index) => ({ bytes: recordBytes(record.type, record.version, record.fragment), close: index === 2 }) });
    const tls = await connectMinimal(proxy.port);
    const ended = new Promise<void>((resolve) => tls.once('end', () => resolve()));
    tls.resume();
    tls.write('ping');
    await ended;
    expect(tls.closeNotifyReceived).toBe(false);
  });
  it.each([
    ['GCM', GCM],
    ['CBC', CBC],
  ] as const)('two application-data records swapped (%s) are bad_record_mac (sequence numbers), neither delivered', async (_mode, suite) => {
    let held: Buffer | undefined;
    const { proxy } = await behindProxy(
      {
        laterRecord: (record, index) => {
          const bytes = recordBytes(record.type, record.version, record.fragment);
          if (index === 2) {
            held = bytes;
            return { bytes: Buffer.alloc(0) };
          }
          return { bytes: index === 3 ? Buffer.concat([bytes, held!]) : bytes };
        },
      },
      suite,
    );
    const tls = await connectMinimal(proxy.port);
    const received: Buffer[] = [];
    tls.on('data', (c: Buffer) => received.push(c));
    const error = await new Promise<Error>((resolve) => {
      tls.once('error', resolve);
      tls.write('one');
      setTimeout(() => tls.write('two'), 150);
    });
    expect(error).toBeInstanceOf(TlsError);
    expect((error as TlsError).alert).toBe(20);
    expect(received).toEqual([]);
  });

  it('an application-data record cut off in the middle, then closed: an error, the partial record never delivered', async () => {
    const { proxy } = await behindProxy({
      laterRecord: (record, index) => {
        const bytes = recordBytes(record.type, record.version, record.fragment);
        return index === 2 ? { bytes: bytes.subarray(0, Math.floor(bytes.length / 2)), close: true } : { bytes };
      },
    });
    const tls = await connectMinimal(proxy.port);
    const received: Buffer[] = [];
    tls.on('data', (c: Buffer) => received.push(c));
    const outcome = await new Promise<Error | 'end'>((resolve) => {
      tls.once('error', resolve);
      tls.once('end', () => resolve('end'));
      tls.write('ping');
    });
    expect(outcome).toBeInstanceOf(TlsError);
    expect((outcome as TlsError).message).toMatch(/closed|truncated|cut/i);
    expect(received).toEqual([]);
    expect(tls.closeNotifyReceived).toBe(false);
  });
});

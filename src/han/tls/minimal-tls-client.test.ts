/**
 * The minimal TLS client against OpenSSL servers (Node's tls server and `openssl s_server`) on 127.0.0.1:
 * every TR-03116-3 suite on every curve, with and without client certificates.
 */
import { createPrivateKey } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { GROUPS, SUITES, groupByName, type SuiteInfo } from './constants';
import { MinimalTlsSocket } from './minimal-tls-client';
import { TlsError } from './tls-error';
import { ALL_OPENSSL_GROUPS, TEST_CURVES, connectMinimal, curveCertificates, exchange, startNodeTlsServer, startOpensslServer, tcp } from './testing/tls-test-servers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function clientKey(curve: (typeof TEST_CURVES)[number]['curve']) {
  const { client } = curveCertificates(curve);
  return { key: createPrivateKey(client.keyPem), chain: [client.certDer] };
}

describe('against Node (OpenSSL) servers: every suite on every curve', () => {
  const cases = TEST_CURVES.flatMap((curve) => SUITES.map((suite) => [curve.group, suite.name, curve, suite] as const));

  it.each(cases)('%s with %s, without and with a client certificate', async (_group, _suite, curve, suite: SuiteInfo) => {
    const certificates = curveCertificates(curve.curve);
    const server = await startNodeTlsServer({ certificates, ciphers: suite.opensslName, groups: curve.openssl, requestCert: true, requireCert: false });
    cleanups.push(() => server.close());

    const plain = await connectMinimal(server.port);
    cleanups.push(() => void plain.destroy());
    expect(plain.session).toMatchObject({ protocol: 'TLSv1.2', suite, group: { name: curve.group }, certificateRequested: true, clientCertificateSent: false });
    expect(plain.session!.peerCertificate.raw).toEqual(certificates.server.certDer);
    expect(await exchange(plain, 'hello')).toBe('echo:hello');
    expect(server.connections[0]).toMatchObject({ cipher: suite.name, clientCertificate: undefined });

    const mutual = await connectMinimal(server.port, { client: clientKey(curve.curve) });
    cleanups.push(() => void mutual.destroy());
    expect(mutual.session).toMatchObject({ suite, group: { name: curve.group }, clientCertificateSent: true });
    expect(await exchange(mutual, 'with certificate')).toBe('echo:with certificate');
    expect(server.connections[1]!.clientCertificate?.raw).toEqual(certificates.client.certDer);
    expect(server.connections[1]!.authorized).toBe(true);
  });
});

describe('what the client offers and chooses', () => {
  it('sends exactly the minimal ClientHello: TLS 1.2, the four suites, three extensions, nothing else', async () => {
    const server = await startNodeTlsServer({ certificates: curveCertificates('P-256'), ciphers: SUITES.map((s) => s.opensslName).join(':') });
    cleanups.push(() => server.close());
    const tls = await connectMinimal(server.port);
    cleanups.push(() => void tls.destroy());
    const hello = parseClientHello(tls.clientHelloBytes);
    expect(hello.version).toBe(0x0303);
    expect(hello.sessionId).toBe(0);
    expect(hello.suites).toEqual([0xc02b, 0xc02c, 0xc023, 0xc024]);
    expect(hello.suites).not.toContain(0x00ff);
    expect(hello.compression).toEqual([0]);
    expect(hello.extensions.map((e) => e.type)).toEqual([10, 11, 13]);
    expect(hello.groups).toEqual(GROUPS.map((g) => g.code));
    expect(hello.extensions.find((e) => e.type === 13)!.body.toString('hex')).toBe('0006040305030603');
  });

  it('with a client certificate offers only that certificate curve', async () => {
    const certificates = curveCertificates('brainpoolP384r1');
    const server = await startNodeTlsServer({ certificates, ciphers: 'ECDHE-ECDSA-AES256-SHA384', requestCert: true, requireCert: true });
    cleanups.push(() => server.close());
    const tls = await connectMinimal(server.port, { client: clientKey('brainpoolP384r1') });
    cleanups.push(() => void tls.destroy());
    expect(parseClientHello(tls.clientHelloBytes).groups).toEqual([groupByName('brainpoolP384r1')!.code]);
    expect(tls.session!.group.name).toBe('brainpoolP384r1');
  });

  it('a server that requires a client certificate refuses the client without one, with its alert named', async () => {
    const server = await startNodeTlsServer({ certificates: curveCertificates('P-256'), ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256', requestCert: true, requireCert: true });
    cleanups.push(() => server.close());
    const error = (await connectMinimal(server.port).catch((e: unknown) => e)) as TlsError;
    expect(error).toBeInstanceOf(TlsError);
    expect(error.side).toBe('peer');
    expect(error.message).toMatch(/certificate_required|handshake_failure/);
  });

  it('a server certificate on a curve that was not offered is refused before anything is sent', async () => {
    const server = await startNodeTlsServer({ certificates: curveCertificates('brainpoolP256r1'), ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256', groups: ALL_OPENSSL_GROUPS });
    cleanups.push(() => server.close());
    const error = await connectMinimal(server.port, { groups: [groupByName('secp256r1')!] }).catch((e: unknown) => e);
    // OpenSSL itself refuses a certificate outside the client's groups (no shared cipher).
    expect(error).toBeInstanceOf(TlsError);
    expect((error as TlsError).message).toMatch(/handshake_failure|not offered/);
  });

  it('pinning runs on the server certificate, before the client certificate is sent', async () => {
    const certificates = curveCertificates('P-384');
    const server = await startNodeTlsServer({ certificates, ciphers: 'ECDHE-ECDSA-AES256-GCM-SHA384', requestCert: true, requireCert: true });
    cleanups.push(() => server.close());
    const seen: Buffer[] = [];
    const refusal = new Error('pin mismatch');
    const error = await connectMinimal(server.port, {
      client: clientKey('P-384'),
      verifyServerCertificate: (leaf) => {
        seen.push(leaf.raw);
        throw refusal;
      },
    }).catch((e: unknown) => e);
    expect(error).toBe(refusal);
    expect(seen[0]).toEqual(certificates.server.certDer);
    // The server never saw a client certificate (nor finished a handshake).
    expect(server.connections).toHaveLength(0);
  });

  it('probes the server certificate without completing the handshake', async () => {
    const certificates = curveCertificates('brainpoolP512r1');
    const server = await startNodeTlsServer({ certificates, ciphers: 'ECDHE-ECDSA-AES256-GCM-SHA384', requestCert: true, requireCert: true });
    cleanups.push(() => server.close());
    const probe = await MinimalTlsSocket.probeServerCertificate({ socket: await tcp(server.port) });
    expect(probe.peerCertificate.raw).toEqual(certificates.server.certDer);
    expect(server.connections).toHaveLength(0);
  });

  it('the stream ends cleanly with close_notify in both directions', async () => {
    const server = await startNodeTlsServer({ certificates: curveCertificates('P-256'), ciphers: 'ECDHE-ECDSA-AES128-SHA256' });
    cleanups.push(() => server.close());
    const tls = await connectMinimal(server.port);
    // 40,000 bytes go out in three records; the server echoes each piece it reads.
    const payload = await new Promise<string>((resolve) => {
      let text = '';
      tls.on('data', (chunk: Buffer) => {
        text += chunk.toString('latin1');
        if (text.replace(/echo:/g, '').length >= 40_000) resolve(text.replace(/echo:/g, ''));
      });
      tls.write('x'.repeat(40_000));
    });
    expect(payload).toBe('x'.repeat(40_000));
    const closed = new Promise<void>((resolve) => tls.once('close', () => resolve()));
    tls.end();
    await closed;
  });
});

describe('against openssl s_server', () => {
  it.each(SUITES.map((s) => [s.opensslName, s] as const))('%s on brainpoolP256r1 and P-384, with a required client certificate', async (_name, suite) => {
    for (const curve of [TEST_CURVES[2]!, TEST_CURVES[1]!]) {
      const certificates = curveCertificates(curve.curve);
      const server = await startOpensslServer({ certificates, cipher: suite.opensslName, groups: curve.openssl, requireCert: true });
      cleanups.push(() => server.close());
      const tls = await connectMinimal(server.port, { client: clientKey(curve.curve) });
      const page = await exchange(tls, 'GET / HTTP/1.0\r\n\r\n', /<\/HTML>|<\/html>/i);
      expect(page).toMatch(new RegExp(`Cipher is ${suite.opensslName}`));
      expect(page).toMatch(/consumer\.test/);
      tls.destroy();
    }
  }, 60_000);
});

/** The fields of a ClientHello handshake message (for assertions). */
function parseClientHello(message: Buffer) {
  let o = 4;
  const version = message.readUInt16BE(o);
  o += 2 + 32;
  const sessionId = message[o]!;
  o += 1 + sessionId;
  const suitesLength = message.readUInt16BE(o);
  const suites: number[] = [];
  for (let i = 0; i < suitesLength; i += 2) suites.push(message.readUInt16BE(o + 2 + i));
  o += 2 + suitesLength;
  const compression = [...message.subarray(o + 1, o + 1 + message[o]!)];
  o += 1 + message[o]!;
  const end = o + 2 + message.readUInt16BE(o);
  o += 2;
  const extensions: { type: number; body: Buffer }[] = [];
  while (o < end) {
    const type = message.readUInt16BE(o);
    const length = message.readUInt16BE(o + 2);
    extensions.push({ type, body: message.subarray(o + 4, o + 4 + length) });
    o += 4 + length;
  }
  const groupsBody = extensions.find((e) => e.type === 10)!.body;
  const groups: number[] = [];
  for (let i = 2; i < groupsBody.length; i += 2) groups.push(groupsBody.readUInt16BE(i));
  return { version, sessionId, suites, compression, extensions, groups };
}

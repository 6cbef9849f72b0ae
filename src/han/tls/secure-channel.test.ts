/** The HTTP layer over the minimal TLS client: real simulators and OpenSSL servers on 127.0.0.1. */
import { createServer, type TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadClientCertificate } from '../client-certificate';
import { CertificateChangedError, ConnectionLostError, HanTimeoutError, TlsConnectFailedError } from '../errors';
import { fingerprintOf } from '../fingerprint';
import { HttpConnection } from '../http-connection';
import { readGateway } from '../read-gateway';
import { compareReadings, readingsByChannel, simulatorUsagePoint, unsignedSample } from '../testing/fixtures';
import { startSimulator } from '../../simulator/gateway/server';
import { ContentType } from './constants';
import { recordBytes } from './record-reader';
import { startRecordProxy } from './testing/record-proxy';
import { curveCertificates } from './testing/tls-test-servers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function rawTlsServer(onRequest: (socket: TLSSocket) => void): Promise<{ port: number; pin: string }> {
  const certificates = curveCertificates('brainpoolP256r1');
  const server = createServer({ key: certificates.server.keyPem, cert: certificates.server.certPem, ecdhCurve: 'brainpoolP256r1:P-256', maxVersion: 'TLSv1.2' }, (socket) => {
    socket.once('data', () => onRequest(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { port: (server.address() as AddressInfo).port, pin: fingerprintOf(certificates.server.certDer) };
}

describe('HTTP/1.1 over the minimal TLS client', () => {
  it('a whole read from the EMH simulator (client certificate required) equals its data', async () => {
    const sim = await startSimulator({ vendor: 'emh', tlsProfile: 'client-cert-required', document: unsignedSample(2, 'EEMH0012345678') });
    cleanups.push(() => sim.close());
    const identity = sim.clientIdentity();
    const result = await readGateway({
      host: sim.host,
      port: sim.port,
      pin: sim.fingerprint,
      vendor: 'emh',
      credentials: { kind: 'certificate', certificate: { kind: 'pkcs12', data: identity.pkcs12, passphrase: identity.passphrase } },
      client: { tls: 'minimal' },
    });
    expect(compareReadings(readingsByChannel(result.document.usagePoints[0]!), readingsByChannel(simulatorUsagePoint(sim)))).toBe('equal');
    expect(result.connection.tls).toMatchObject({ protocol: 'TLSv1.2', group: identity.curve });
    expect(sim.stats.logins).toBeGreaterThan(0);
  }, 120_000);

  it('reads chunked and close-delimited bodies', async () => {
    let n = 0;
    const { port, pin } = await rawTlsServer((socket) => {
      n++;
      socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n');
      socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil close'));
    });
    const c = await HttpConnection.open({ host: '127.0.0.1', port, pin, tls: 'minimal' });
    expect((await c.request({ method: 'GET', path: '/a', headers: [['Host', 'x']] })).body.toString()).toBe('hello world');
    expect(c.cipher).toMatch(/^TLS_ECDHE_ECDSA_WITH_AES_/);
    expect(c.ephemeralGroup).toBe('brainpoolP256r1');
    expect((await c.request({ method: 'GET', path: '/b', headers: [['Host', 'x']] })).body.toString()).toBe('until close');
    expect(n).toBe(1);
  });

  it('a close-delimited body cut off by a TCP close without close_notify is an error, not data', async () => {
    const { port } = await rawTlsServer((socket) => socket.end('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\npart of the body'));
    // The proxy forwards the data but swallows the close_notify alert, as if the line was cut.
    const proxy = await startRecordProxy(port, { laterRecord: (r) => ({ bytes: r.type === ContentType.alert ? Buffer.alloc(0) : recordBytes(r.type, r.version, r.fragment), close: r.type === ContentType.alert }) });
    cleanups.push(() => proxy.close());
    const c = await HttpConnection.open({ host: '127.0.0.1', port: proxy.port, tls: 'minimal' });
    await expect(c.request({ method: 'GET', path: '/', headers: [] })).rejects.toThrow(ConnectionLostError);
  });

  it('a changed certificate stops the handshake before the client certificate is sent', async () => {
    const sim = await startSimulator({ vendor: 'emh', tlsProfile: 'client-cert-required', document: unsignedSample(1, 'EEMH0012345678') });
    cleanups.push(() => sim.close());
    const identity = sim.clientIdentity();
    const client = loadClientCertificate({ kind: 'pkcs12', data: identity.pkcs12, passphrase: identity.passphrase });
    const wrongPin = fingerprintOf(curveCertificates('P-256').server.certDer);
    const error = await HttpConnection.open({ host: sim.host, port: sim.port, pin: wrongPin, client, tls: 'minimal' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CertificateChangedError);
    expect(sim.stats.connections).toBe(0);
  });

  it('without a pin the client certificate is withheld: a gateway that requires one refuses', async () => {
    const sim = await startSimulator({ vendor: 'emh', tlsProfile: 'client-cert-required', document: unsignedSample(1, 'EEMH0012345678') });
    cleanups.push(() => sim.close());
    const identity = sim.clientIdentity();
    const client = loadClientCertificate({ kind: 'pkcs12', data: identity.pkcs12, passphrase: identity.passphrase });
    const error = await HttpConnection.open({ host: sim.host, port: sim.port, client, tls: 'minimal' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TlsConnectFailedError);
    expect((error as Error).message).toMatch(/alert/);
  });

  it('a gateway that never finishes the handshake ends in a HAN timeout', async () => {
    const { createServer: createTcp } = await import('node:net');
    const silent = createTcp((socket) => socket.resume());
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => silent.close(() => resolve())));
    const port = (silent.address() as AddressInfo).port;
    await expect(HttpConnection.open({ host: '127.0.0.1', port, tls: 'minimal', connectTimeoutMs: 300 })).rejects.toThrow(HanTimeoutError);
  });
});

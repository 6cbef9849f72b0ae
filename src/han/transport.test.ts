/** Transport pieces on their own: client certificates, fingerprints, the HTTP/1.1 parser and TLS refusals. */
import { createServer, type Server, type TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { consumerClientIdentity, gatewayTlsIdentity, tlsPki, type ClientIdentity, type TlsIdentity } from '../simulator/gateway/identities';
import { startSimulator } from '../simulator/gateway/server';
import { generateSampleDocument } from '../simulator/sample/sample-document';
import { loadClientCertificate } from './client-certificate';
import { ClientCertificateInvalidError, ConnectionLostError, HanTimeoutError, TlsConnectFailedError } from './errors';
import { fingerprintOf, normalizeFingerprint, sameFingerprint } from './fingerprint';
import { HttpConnection } from './http-connection';

let client: ClientIdentity;
let server: TlsIdentity;
beforeAll(() => {
  client = consumerClientIdentity(tlsPki('EEMH0012345678', 'brainpoolP384r1'));
  server = gatewayTlsIdentity(tlsPki('EEMH0012345678', 'brainpoolP256r1'));
});

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('client certificates', () => {
  it('loads modern and legacy PKCS#12 (legacy via node-forge) and PEM to the same key and certificate', () => {
    const modern = loadClientCertificate({ kind: 'pkcs12', data: client.pkcs12, passphrase: client.passphrase });
    const legacy = loadClientCertificate({ kind: 'pkcs12', data: client.pkcs12Legacy, passphrase: client.passphrase });
    const pem = loadClientCertificate({ kind: 'pem', cert: client.certPem, key: client.keyPem });
    for (const c of [modern, legacy, pem]) {
      expect(c.curve).toBe('brainpoolP384r1');
      expect(c.subject).toMatch(/CN=consumer1\.EEMH0012345678/);
      expect(c.key).toBe(pem.key);
    }
    // The PKCS#12 files carry the chain too (Sub-CA, root): leaf first.
    expect(legacy.cert.match(/BEGIN CERTIFICATE/g)).toHaveLength(3);
    expect(legacy.cert.startsWith(client.certPem.trim().slice(0, 60))).toBe(true);
  });

  it('names a wrong passphrase and a key that does not fit', () => {
    expect(() => loadClientCertificate({ kind: 'pkcs12', data: client.pkcs12Legacy, passphrase: 'nope' })).toThrow(ClientCertificateInvalidError);
    expect(() => loadClientCertificate({ kind: 'pkcs12', data: client.pkcs12, passphrase: 'nope' })).toThrow(/falsches Passwort/);
    expect(() => loadClientCertificate({ kind: 'pem', cert: client.certPem, key: server.keyPem })).toThrow(/does not belong/);
  });
});

describe('fingerprints', () => {
  it('accepts the usual written forms', () => {
    const f = fingerprintOf(server.certDer);
    expect(f).toMatch(/^sha256:([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const hex = f.slice(7).replace(/:/g, '');
    expect(normalizeFingerprint(hex.toLowerCase())).toBe(f);
    expect(sameFingerprint(`SHA256=${hex}`, f)).toBe(true);
    expect(normalizeFingerprint('sha256:12:34')).toBeUndefined();
  });
});

async function tlsServer(onSocket: (socket: TLSSocket) => void, options: { ciphers?: string; requestCert?: boolean } = {}): Promise<number> {
  const s: Server = createServer(
    { key: server.keyPem, cert: server.certPem, ecdhCurve: 'brainpoolP256r1:P-256', maxVersion: 'TLSv1.2', ciphers: options.ciphers, requestCert: options.requestCert, rejectUnauthorized: options.requestCert, ca: client.caPems },
    onSocket,
  );
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((r) => s.close(r)));
  return (s.address() as AddressInfo).port;
}

describe('HTTP/1.1 over TLS', () => {
  it('reads chunked and close-delimited bodies and keeps the connection alive in between', async () => {
    const port = await tlsServer((socket) => {
      let n = 0;
      socket.on('data', () => {
        n++;
        if (n === 1) socket.write('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6; ext=1\r\n world\r\n0\r\n\r\n');
        else socket.end('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil close');
      });
    });
    const c = await HttpConnection.open({ host: '127.0.0.1', port, pin: fingerprintOf(server.certDer) });
    const first = await c.request({ method: 'GET', path: '/a', headers: [['Host', 'x']] });
    expect(first.body.toString()).toBe('hello world');
    expect(c.isOpen).toBe(true);
    expect(c.ephemeralGroup).toBe('brainpoolP256r1');
    const second = await c.request({ method: 'GET', path: '/b', headers: [['Host', 'x']] });
    expect(second.body.toString()).toBe('until close');
    expect(c.isOpen).toBe(false);
  });

  it('a response cut short of its Content-Length is an error, not data', async () => {
    const port = await tlsServer((socket) => socket.on('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part')));
    const c = await HttpConnection.open({ host: '127.0.0.1', port });
    await expect(c.request({ method: 'GET', path: '/', headers: [] })).rejects.toThrow(ConnectionLostError);
  });

  it('a gateway that accepts the request but never answers ends in a timeout, not a hang', async () => {
    const port = await tlsServer((socket) => socket.on('data', () => undefined));
    const c = await HttpConnection.open({ host: '127.0.0.1', port });
    await expect(c.request({ method: 'GET', path: '/', headers: [] }, { timeoutMs: 200 })).rejects.toThrow(HanTimeoutError);
    expect(c.isOpen).toBe(false);
  });

  it('an absurd Content-Length is refused at once, not buffered', async () => {
    const port = await tlsServer((socket) => socket.on('data', () => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\nx')));
    const c = await HttpConnection.open({ host: '127.0.0.1', port });
    await expect(c.request({ method: 'GET', path: '/', headers: [] })).rejects.toThrow(/limit/);
    expect(c.isOpen).toBe(false);
  });

  it('a GCM-only client cannot reach a CBC-only gateway (why Electron/BoringSSL cannot do this)', async () => {
    const port = await tlsServer(() => undefined, { ciphers: 'ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES256-SHA384' });
    await expect(HttpConnection.open({ host: '127.0.0.1', port, ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384' })).rejects.toThrow(TlsConnectFailedError);
  });

  it('a gateway that requires a client certificate refuses the TLS connection without one', async () => {
    const sim = await startSimulator({ vendor: 'emh', tlsProfile: 'client-cert-required', document: generateSampleDocument({ gatewayId: 'EEMH0012345678', months: 1 }) });
    const simClient = sim.clientIdentity();
    cleanups.push(() => sim.close());
    const without = HttpConnection.open({ host: sim.host, port: sim.port, pin: sim.fingerprint }).then((c) => c.request({ method: 'GET', path: '/json/systeminformations', headers: [['Host', '127.0.0.1']] }));
    await expect(without).rejects.toThrow(/TLS|Verbindung/);
    const withCert = await HttpConnection.open({ host: sim.host, port: sim.port, pin: sim.fingerprint, client: loadClientCertificate({ kind: 'pkcs12', data: simClient.pkcs12Legacy, passphrase: simClient.passphrase }) });
    const r = await withCert.request({ method: 'GET', path: '/json/systeminformations', headers: [['Host', '127.0.0.1']] });
    expect(r.status).toBe(200);
    withCert.close();
  });
});

describe('errors carry what the UI acts on', () => {
  it('fingerprint, lock-out time and address as details, both languages as de/en', async () => {
    const { PinRequiredError, AuthenticationFailedError, TcpConnectFailedError, CertificateChangedError } = await import('./errors');
    const pin = new PinRequiredError('sha256:AB').toPayload();
    expect(pin).toMatchObject({ code: 'HAN_PIN_REQUIRED', details: { fingerprint: 'sha256:AB' } });
    expect(pin.de).toMatch(/Fingerabdruck/);
    expect(pin.en).toMatch(/fingerprint/);
    expect(new CertificateChangedError('sha256:AA', 'sha256:BB').toPayload().details).toEqual({ expected: 'sha256:AA', fingerprint: 'sha256:BB' });
    expect(new AuthenticationFailedError(75).toPayload()).toMatchObject({ details: { lockedForSeconds: 75 } });
    expect(new AuthenticationFailedError(75).en).toMatch(/1 minute and 15 seconds/);
    expect(new AuthenticationFailedError(121).de).toMatch(/2 Minuten und 1 Sekunde gesperrt/);
    expect(new TcpConnectFailedError('192.168.1.200', 443, 'x').toPayload().details).toEqual({ host: '192.168.1.200', port: 443 });
  });
});

/**
 * OpenSSL servers for the minimal TLS client's tests: Node's tls server and `openssl s_server`, with
 * certificates on every TR-03116-3 curve (a test CA per curve issuing a server and a client certificate).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { X509Certificate} from 'node:crypto';
import { type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer as createTcpServer, connect as tcpConnect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import type { CurveName } from '../../../crypto/curves';
import { issueCertificate } from '../../../simulator/pki/certificate-builder';
import { generateKeyPair } from '../../../simulator/pki/keys';
import { toPem } from '../../../crypto/pki/pem';
import type { GroupName } from '../constants';
import { MinimalTlsSocket, type MinimalTlsOptions } from '../minimal-tls-client';

export const TEST_CURVES: { group: GroupName; curve: CurveName; openssl: string }[] = [
  { group: 'secp256r1', curve: 'P-256', openssl: 'prime256v1' },
  { group: 'secp384r1', curve: 'P-384', openssl: 'secp384r1' },
  { group: 'brainpoolP256r1', curve: 'brainpoolP256r1', openssl: 'brainpoolP256r1' },
  { group: 'brainpoolP384r1', curve: 'brainpoolP384r1', openssl: 'brainpoolP384r1' },
  { group: 'brainpoolP512r1', curve: 'brainpoolP512r1', openssl: 'brainpoolP512r1' },
];
export const ALL_OPENSSL_GROUPS = TEST_CURVES.map((c) => c.openssl).join(':');

export interface TestIdentity {
  keyPem: string;
  key: KeyObject;
  certPem: string;
  certDer: Buffer;
}

export interface CurveCertificates {
  caPem: string;
  server: TestIdentity;
  client: TestIdentity;
}

const cache = new Map<CurveName, CurveCertificates>();

/** A CA, a server certificate (CN gateway.test) and a client certificate on one curve (random keys, cached). */
export function curveCertificates(curve: CurveName): CurveCertificates {
  let entry = cache.get(curve);
  if (entry) return entry;
  const caKey = generateKeyPair(curve);
  const validity = { notBefore: new Date(Date.UTC(2020, 0, 1)), notAfter: new Date(Date.UTC(2040, 0, 1)) };
  const ca = issueCertificate({ subject: { commonName: `TLS test CA ${curve}` }, subjectKey: caKey, serialNumber: 1, ...validity, ca: { pathLength: 0 }, keyUsage: ['keyCertSign', 'cRLSign'] });
  const leaf = (commonName: string, serial: number, ext: 'serverAuth' | 'clientAuth'): TestIdentity => {
    const key = generateKeyPair(curve);
    const der = issueCertificate({ subject: { commonName }, subjectKey: key, issuer: { certificate: ca, key: caKey }, serialNumber: serial, ...validity, keyUsage: ['digitalSignature', 'keyAgreement'], extKeyUsage: [ext] });
    return { keyPem: key.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), key: key.privateKey, certPem: toPem(der, 'CERTIFICATE'), certDer: Buffer.from(der) };
  };
  entry = { caPem: toPem(ca, 'CERTIFICATE'), server: leaf('gateway.test', 2, 'serverAuth'), client: leaf('consumer.test', 3, 'clientAuth') };
  cache.set(curve, entry);
  return entry;
}

export interface NodeServerOptions {
  certificates: CurveCertificates;
  ciphers: string;
  groups?: string;
  requestCert?: boolean;
  /** With requestCert: refuse clients without a valid certificate. */
  requireCert?: boolean;
  /** Keys of every connection (NSS key log lines), for a proxy that must read encrypted records. */
  onKeylog?: (line: Buffer) => void;
}

export interface NodeServerConnection {
  cipher: string;
  group: string | undefined;
  clientCertificate: X509Certificate | undefined;
  authorized: boolean;
}

export interface RunningTestServer {
  port: number;
  connections: NodeServerConnection[];
  /** TLS errors the server reported (e.g. a refused client). */
  errors: string[];
  close(): Promise<void>;
}

/** A Node (OpenSSL) TLS 1.2 server that answers every chunk with `echo:` + the chunk. */
export async function startNodeTlsServer(options: NodeServerOptions): Promise<RunningTestServer> {
  const connections: NodeServerConnection[] = [];
  const errors: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer(
    {
      key: options.certificates.server.keyPem,
      cert: options.certificates.server.certPem,
      ca: [options.certificates.caPem],
      minVersion: 'TLSv1.2',
      maxVersion: 'TLSv1.2',
      ciphers: options.ciphers,
      ecdhCurve: options.groups ?? ALL_OPENSSL_GROUPS,
      requestCert: options.requestCert ?? false,
      rejectUnauthorized: options.requireCert ?? false,
    },
    (socket: TLSSocket) => {
      const ephemeral = socket.getEphemeralKeyInfo();
      connections.push({
        cipher: socket.getCipher().standardName ?? socket.getCipher().name,
        group: ephemeral && 'name' in ephemeral ? ephemeral.name : undefined,
        clientCertificate: socket.getPeerX509Certificate(),
        authorized: socket.authorized,
      });
      socket.on('data', (chunk: Buffer) => socket.write(Buffer.concat([Buffer.from('echo:'), chunk])));
      socket.on('error', () => undefined);
    },
  );
  server.on('tlsClientError', (error) => errors.push(error.message));
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  if (options.onKeylog) server.on('keylog', options.onKeylog);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections,
    errors,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

async function freePort(): Promise<number> {
  const probe = createTcpServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export interface OpensslServerOptions {
  certificates: CurveCertificates;
  cipher: string;
  groups: string;
  /** `-Verify 1`: the server requires a client certificate issued by the test CA. */
  requireCert?: boolean;
}

/** `openssl s_server -www` (answers `GET /` with a status page naming the cipher and the client certificate). */
export async function startOpensslServer(options: OpensslServerOptions): Promise<{ port: number; output: () => string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'trudi-s-server-'));
  writeFileSync(join(dir, 'cert.pem'), options.certificates.server.certPem);
  writeFileSync(join(dir, 'key.pem'), options.certificates.server.keyPem);
  writeFileSync(join(dir, 'ca.pem'), options.certificates.caPem);
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const args = ['s_server', '-accept', `127.0.0.1:${port}`, '-cert', join(dir, 'cert.pem'), '-key', join(dir, 'key.pem'), '-tls1_2', '-cipher', options.cipher, '-curves', options.groups, '-www'];
    if (options.requireCert) args.push('-Verify', '1', '-CAfile', join(dir, 'ca.pem'));
    const child: ChildProcess = spawn('openssl', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const started = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 10_000);
      const check = (): void => {
        if (/ACCEPT/.test(output)) {
          clearTimeout(timer);
          resolve(true);
        }
      };
      child.stdout!.on('data', check);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    if (started) {
      return {
        port,
        output: () => output,
        close: () =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      };
    }
    child.kill('SIGKILL');
    if (attempt >= 2) throw new Error(`openssl s_server did not start: ${output}`);
  }
}

/** TCP connect, then the minimal TLS handshake. */
export async function connectMinimal(port: number, options: Omit<MinimalTlsOptions, 'socket' | 'verifyServerCertificate'> & Partial<Pick<MinimalTlsOptions, 'verifyServerCertificate'>> = {}): Promise<MinimalTlsSocket> {
  const socket = await tcp(port);
  return MinimalTlsSocket.connect({ verifyServerCertificate: () => undefined, ...options, socket });
}

export function tcp(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host: '127.0.0.1', port }, () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Writes `text` and collects what arrives until `until` matches or the stream ends. */
export function exchange(stream: MinimalTlsSocket, text: string, until: RegExp = /echo:/): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const onData = (chunk: Buffer): void => {
      received += chunk.toString('latin1');
      if (until.test(received)) done();
    };
    const done = (): void => {
      stream.off('data', onData);
      stream.off('end', done);
      stream.off('error', reject);
      resolve(received);
    };
    stream.on('data', onData);
    stream.once('end', done);
    stream.once('error', reject);
    stream.write(text);
  });
}

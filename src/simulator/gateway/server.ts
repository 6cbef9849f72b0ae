/**
 * A simulated smart meter gateway on a real TLS port: `startSimulator(options) → { port, fingerprint, close() }`.
 * Used by the integration tests, `npx trudi simulate` and the engine's demo mode.
 */
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import type { Ar2418Document } from '../../model/types';
import { fingerprintOf } from '../../han/fingerprint';
import { TR03116_SIGALGS } from '../../han/tls-profile';
import { datasetFromDocument, type GatewayDataset } from './dataset';
import { DigestAuthority, type SimUser } from './digest-authority';
import type { SimContext, SimExchange, SimFaults } from './http-kit';
import type { PkiCurve } from '../sample/sample-options';
import { consumerClientCaPems, consumerClientIdentity, tlsPki, type ClientIdentity, type TlsIdentity } from './identities';
import { simulatorSample } from './sample-data';
import { gateClientHello, type ClientHelloFacts } from './strict-client-hello';
import { TLS_PROFILES, type SimTlsProfileName } from './tls-profiles';
import { SIM_VENDORS, type SimVendor, type SimVendorOptions } from './vendor-profiles';
import type { PpcControl } from './ppc';

export type { SimVendor } from './vendor-profiles';

export interface SimulatorOptions {
  vendor: SimVendor;
  host?: string;
  /** 0 (default) = a free port. */
  port?: number;
  /** Default: Theben 'p384-only' (vendor spec), EMH 'default', Dr. Neuhaus 'cbc-client-cert'. */
  tlsProfile?: SimTlsProfileName;
  /** Refuse ClientHellos with renegotiation_info or the SCSV (default: Dr. Neuhaus only). */
  strictClientHello?: boolean;
  /** PPC portal variants (older sessionid form, session timeout, firmware without exports, page changes). */
  ppc?: SimVendorOptions['ppc'];
  users?: SimUser[];
  /** Months of data when no document is given (default 24). */
  months?: number;
  /** The data to serve; default: the signed sample of the last `months` full months (cached on disk). */
  document?: Ar2418Document;
  /** Curve of the signature key of the default sample (default brainpoolP256r1). */
  signatureCurve?: PkiCurve;
  /** Cache directory of the default sample (false: none). */
  cacheDir?: string | false;
  onStatus?: (message: string) => void;
  /** Gateway id when no document is given (default ETHE0012345678 / EEMH0012345678). */
  smgwId?: string;
  /**
   * The HAN TLS identity; default: the test SM-PKI's HAN TLS certificate on the profile's curve (Theben: with
   * the vendor's explicit NULL signature-algorithm parameters).
   */
  identity?: TlsIdentity;
  /** CA certificates (PEM) whose client certificates log users in; default: the test SM-PKI that issued `clientIdentity()`. */
  clientCa?: string[];
  /** Idle time after which the gateway closes a connection and forgets the session (default 10 min). */
  idleTimeoutMs?: number;
  /** Idle time after which a Digest nonce turns stale (default: idleTimeoutMs). */
  nonceTimeoutMs?: number;
  maxFailures?: number;
  lockMs?: number;
  selfTestCooldownMs?: number;
  windowDays?: number;
  logLimit?: number;
  faults?: SimFaults;
}

export interface RunningSimulator {
  vendor: SimVendor;
  host: string;
  port: number;
  url: string;
  fingerprint: string;
  identity: TlsIdentity;
  dataset: GatewayDataset;
  users: SimUser[];
  /** The consumer's client certificate the simulator accepts (as the metering operator would hand it out). */
  clientIdentity(passphrase?: string): ClientIdentity;
  /** Counters for tests: requests served, TLS connections accepted, successful logins, ClientHellos refused. */
  stats: { requests: number; connections: number; logins: number; refusedHellos: number };
  /** What the refused ClientHellos carried (strict profile). */
  refusedHellos: ClientHelloFacts[];
  /** PPC: the portal's sessions (one at a time), for tests. */
  ppc?: PpcControl;
  close(): Promise<void>;
}

/** The default login: consumer1 / secret, or the client certificate `clientIdentity()` (CN consumer1.<gateway id>). */
export const DEFAULT_USER = { name: 'consumer1', password: 'secret' } as const;

export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const vendor = options.vendor;
  const settings = SIM_VENDORS[vendor];
  const host = options.host ?? '127.0.0.1';
  const profile = TLS_PROFILES[options.tlsProfile ?? settings.defaultTlsProfile];
  const document =
    options.document ??
    (await simulatorSample({ gatewayId: options.smgwId ?? settings.defaultGatewayId, months: options.months ?? 24, curve: options.signatureCurve, cacheDir: options.cacheDir, onStatus: options.onStatus }));
  const dataset = datasetFromDocument(document);
  const pki = tlsPki(dataset.smgwId, profile.certificateCurve, DEFAULT_USER.name);
  const identity = options.identity ?? settings.identity(pki);
  const clientIdentity = (passphrase?: string): ClientIdentity => consumerClientIdentity(pki, passphrase);
  const clientCa = options.clientCa ?? consumerClientCaPems(pki);
  const users = options.users ?? [settings.certificateLogsIn ? { ...DEFAULT_USER, certificateCommonName: pki.consumerClient.subject.commonName } : { ...DEFAULT_USER }];
  const idleTimeoutMs = options.idleTimeoutMs ?? 10 * 60_000;
  const auth = new DigestAuthority({
    realm: settings.realm,
    users,
    offered: settings.offered,
    accepted: settings.accepted,
    idleTimeoutMs: options.nonceTimeoutMs ?? idleTimeoutMs,
    maxFailures: options.maxFailures ?? 3,
    lockMs: options.lockMs ?? 5 * 60_000,
  });
  const stats = { requests: 0, connections: 0, logins: 0, refusedHellos: 0 };
  const refusedHellos: ClientHelloFacts[] = [];
  const ctx: SimContext = {
    dataset,
    auth,
    hanCertificatePem: options.faults?.reportedHanCertificatePem ?? identity.certPem,
    faults: options.faults ?? {},
    windowDays: options.windowDays ?? 31,
    logLimit: options.logLimit ?? 1500,
    selfTestCooldownMs: options.selfTestCooldownMs ?? 10 * 60_000,
    expectedHosts: [host, 'smgw.local'],
    state: { requests: 0, lastSelfTest: 0, logins: 0 },
  };
  const handler = settings.createHandler(ctx, { ...(options.ppc ? { ppc: options.ppc } : {}) });
  const server: Server = createServer(
    {
      key: identity.keyPem,
      cert: identity.certPem,
      minVersion: 'TLSv1.2',
      maxVersion: 'TLSv1.2',
      ciphers: profile.ciphers,
      ecdhCurve: profile.groups,
      sigalgs: TR03116_SIGALGS,
      honorCipherOrder: true,
      // Client certificates are always welcome (certificate first, then Digest); required only by the profile.
      requestCert: true,
      rejectUnauthorized: profile.requireClientCertificate,
      ca: clientCa,
      keepAliveTimeout: idleTimeoutMs,
    },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        ctx.state.requests++;
        stats.requests = ctx.state.requests;
        const socket = req.socket as TLSSocket;
        const url = req.url ?? '/';
        const ex: SimExchange = { req, res, body: Buffer.concat(chunks), path: url.split('?')[0]! };
        if (socket.authorized) {
          const cn = socket.getPeerX509Certificate()?.subject.match(/CN=([^\n]+)/)?.[1];
          const user = users.find((u) => u.certificateCommonName !== undefined && u.certificateCommonName === cn);
          if (user) ex.certificateUser = user;
        }
        try {
          handler.handle(ex);
        } catch (error) {
          if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
          res.end(`Internal error: ${error instanceof Error ? error.message : String(error)}`);
        }
        stats.logins = ctx.state.logins;
      });
    },
  );
  server.on('secureConnection', () => stats.connections++);
  // Idle connections are closed after the vendor's idle timeout; the session (nonce) expires with them.
  server.on('connection', (socket: Socket) => socket.setTimeout(idleTimeoutMs, () => socket.destroy()));
  // The strict profile reads each ClientHello before the TLS server sees it.
  const strict = options.strictClientHello ?? settings.strictClientHello;
  const listener: Server | TcpServer = strict
    ? createTcpServer((socket) =>
        gateClientHello(
          socket,
          (accepted) => server.emit('connection', accepted),
          (facts) => {
            stats.refusedHellos++;
            refusedHellos.push(facts);
          },
        ),
      )
    : server;
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (listener.address() as AddressInfo).port;
  return {
    vendor,
    host,
    port,
    url: `https://${host}:${port}`,
    fingerprint: fingerprintOf(identity.certDer),
    identity,
    dataset,
    users,
    clientIdentity,
    stats,
    refusedHellos,
    ...(handler.ppc ? { ppc: handler.ppc } : {}),
    close: () =>
      new Promise<void>((resolve) => {
        if (listener !== server) listener.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

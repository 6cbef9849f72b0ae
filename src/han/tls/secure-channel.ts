/**
 * The seam between the HTTP layer and TLS: an application-data stream with what the HTTP layer reports about
 * it. Two engines fill it: Node's `tls` (OpenSSL) and the minimal TLS client of this folder.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ClientCredentials } from '../client-certificate';
import { GROUPS, SUITES, groupByName, suiteByName } from './constants';
import { MinimalTlsSocket, type MinimalTlsClientKey } from './minimal-tls-client';

export type TlsEngine = 'openssl' | 'minimal';

export interface SecureChannel {
  /** Application data in both directions. */
  stream: Duplex;
  /** The TCP socket underneath (destroying the TLS stream alone may leave it open). */
  tcp: Socket;
  peerCertificate: X509Certificate;
  protocol: string;
  /** IANA name, e.g. TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384. */
  cipher: string;
  /** OpenSSL's curve name of the ephemeral key, e.g. brainpoolP256r1, prime256v1. */
  group: string | undefined;
  /**
   * False when the gateway closed the connection without close_notify (then a close-delimited body may be
   * cut short). Undefined where the engine cannot tell (Node's tls).
   */
  closedCleanly(): boolean | undefined;
  /** Which TLS client carries the connection. */
  engine: TlsEngine;
}

/** PEM key and chain (as tls.connect takes them) → what the minimal client signs with. */
export function minimalClientKey(credentials: ClientCredentials): MinimalTlsClientKey {
  const chain = (credentials.cert.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((pem) => Buffer.from(new X509Certificate(pem).raw));
  return { key: createPrivateKey(credentials.key), chain };
}

export interface MinimalChannelOptions {
  /** Throws to refuse the server certificate (pin check); runs before anything of the client is sent. */
  verifyServerCertificate: (certificate: X509Certificate) => void;
  /** Sent only when the server asks for it and after `verifyServerCertificate` accepted the server. */
  client?: ClientCredentials;
  /** OpenSSL-style lists (`ECDHE-ECDSA-AES256-SHA384:…`, `P-256:brainpoolP256r1`), as for Node's tls. */
  ciphers?: string;
  groups?: string;
  timeoutMs?: number;
}

function pick<T>(list: string | undefined, all: readonly T[], find: (name: string) => T | undefined, what: string): readonly T[] {
  if (!list) return all;
  return list.split(':').map((name) => {
    const found = find(name.trim());
    if (!found) throw new Error(`the minimal TLS client does not know the ${what} "${name}"`);
    return found;
  });
}

export async function openMinimalChannel(tcp: Socket, options: MinimalChannelOptions): Promise<SecureChannel> {
  const tls = await MinimalTlsSocket.connect({
    socket: tcp,
    suites: pick(options.ciphers, SUITES, suiteByName, 'cipher suite'),
    ...(options.groups ? { groups: pick(options.groups, GROUPS, groupByName, 'group') } : {}),
    ...(options.client ? { client: minimalClientKey(options.client) } : {}),
    verifyServerCertificate: (leaf) => options.verifyServerCertificate(leaf),
    timeoutMs: options.timeoutMs,
  });
  const session = tls.session!;
  return {
    stream: tls,
    tcp,
    peerCertificate: session.peerCertificate,
    protocol: session.protocol,
    cipher: session.suite.name,
    group: session.group.nodeCurve,
    closedCleanly: () => tls.closeNotifyReceived,
    engine: 'minimal',
  };
}

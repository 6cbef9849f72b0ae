/**
 * The client certificate goes only to the pinned gateway (issue 9 item 8), over real TLS 1.2 against the
 * simulator on 127.0.0.1: a loopback proxy records every byte the PC sends. With a wrong pin, and on the
 * trust-on-first-use connection (no pin yet), the client certificate's DER never appears in those bytes
 * (TLS 1.2 sends it in clear), with both TLS engines; with the right pin it does (so the check can fail),
 * over this project's TLS 1.2 client (Node's completes the handshake, client certificate included, before
 * the server's certificate can be looked at).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../simulator/gateway/server';
import type { SimTlsProfileName } from '../simulator/gateway/tls-profiles';
import { loadClientCertificate, type ClientCredentials } from './client-certificate';
import { CertificateChangedError } from './errors';
import { fingerprintOf } from './fingerprint';
import { HttpConnection } from './http-connection';
import { startRecordingProxy, type RecordingProxy } from './testing/recording-proxy';
import { unsignedSample } from './testing/fixtures';
import { curveCertificates } from './tls/testing/tls-test-servers';
import type { TlsEngine } from './tls/secure-channel';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(profile: SimTlsProfileName): Promise<{ sim: RunningSimulator; proxy: RecordingProxy; client: ClientCredentials; der: Buffer }> {
  const sim = await startSimulator({ vendor: 'emh', tlsProfile: profile, document: unsignedSample(1, 'EEMH0012345678') });
  cleanups.push(() => sim.close());
  const proxy = await startRecordingProxy(sim.port, sim.host);
  cleanups.push(() => proxy.close());
  const identity = sim.clientIdentity();
  const client = loadClientCertificate({ kind: 'pkcs12', data: identity.pkcs12, passphrase: identity.passphrase });
  return { sim, proxy, client, der: Buffer.from(identity.certDer) };
}

const sent = (proxy: RecordingProxy, der: Buffer) => proxy.clientBytes().some((bytes) => bytes.includes(der));

describe.each<[TlsEngine, SimTlsProfileName]>([
  ['openssl', 'default'],
  ['openssl', 'client-cert-required'],
  ['minimal', 'default'],
  ['minimal', 'client-cert-required'],
])('client certificate and the pin (%s TLS engine, simulator profile %s)', (engine, profile) => {
  it('a wrong pin: the handshake stops with "certificate changed" before the client certificate is sent', async () => {
    const { proxy, client, der } = await setup(profile);
    const wrongPin = fingerprintOf(curveCertificates('P-256').server.certDer);
    const error = await HttpConnection.open({ host: '127.0.0.1', port: proxy.port, pin: wrongPin, client, tls: engine }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CertificateChangedError);
    expect(proxy.clientBytes().length).toBeGreaterThan(0);
    expect(sent(proxy, der)).toBe(false);
  });

  it('trust on first use (no pin yet): no client certificate is sent', async () => {
    const { proxy, client, der, sim } = await setup(profile);
    const result = await HttpConnection.open({ host: '127.0.0.1', port: proxy.port, client, tls: engine }).then(
      (c) => {
        const fingerprint = c.fingerprint;
        c.close();
        return fingerprint;
      },
      (e: unknown) => e,
    );
    // A gateway that only welcomes a certificate opens without one; one that requires it refuses.
    if (profile === 'default') expect(result).toBe(sim.fingerprint);
    else expect(result).toBeInstanceOf(Error);
    expect(sent(proxy, der)).toBe(false);
  });

  it('the right pin: the client certificate is sent and logs the user in', async () => {
    const { proxy, client, der, sim } = await setup(profile);
    const connection = await HttpConnection.open({ host: '127.0.0.1', port: proxy.port, pin: sim.fingerprint, client, tls: engine });
    cleanups.push(() => connection.close());
    expect(connection.fingerprint).toBe(sim.fingerprint);
    // Node's TLS client would send the certificate before anyone sees the server's: with a client
    // certificate this project's TLS 1.2 client carries the connection, whichever engine was asked for.
    expect(connection.engine).toBe('minimal');
    expect(sent(proxy, der)).toBe(true);
  });
});

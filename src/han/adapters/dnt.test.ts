/**
 * Dr. Neuhaus SMARTY IQ (HGP XML, inferred protocol) against its simulator over real TLS on 127.0.0.1:
 * the strict ClientHello profile, the required client certificate, Digest MD5 and SHA-256, 24-month reads.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bundledTestAnchors } from '../../crypto/chain/trust-anchors';
import { verifyDocument } from '../../crypto/verify-document';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../simulator/gateway/server';
import { loadClientCertificate } from '../client-certificate';
import { ProtocolError, TlsConnectFailedError } from '../errors';
import { GatewayClient } from '../gateway-client';
import { HttpConnection } from '../http-connection';
import { readGateway, type GatewayCredentials, type ReadGatewayOptions } from '../read-gateway';
import { compareReadings, readingsByChannel, signedSample, simulatorUsagePoint, unsignedSample } from '../testing/fixtures';

const GATEWAY = 'EDNT0012345678';
const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

beforeAll(() => signedSample(24, 'P-256', GATEWAY), 300_000);

async function simulator(options: Partial<SimulatorOptions> = {}): Promise<RunningSimulator> {
  const sim = await startSimulator({ vendor: 'dnt', document: unsignedSample(2, GATEWAY), ...options });
  running.push(sim);
  return sim;
}

/** Password user with the consumer certificate the TLS connection requires. */
function credentials(sim: RunningSimulator, password = 'secret'): GatewayCredentials {
  const identity = sim.clientIdentity();
  return { kind: 'certificate', certificate: { kind: 'pkcs12', data: identity.pkcs12, passphrase: identity.passphrase }, user: 'consumer1', password };
}

function read(sim: RunningSimulator, extra: Partial<ReadGatewayOptions> = {}) {
  return readGateway({ host: sim.host, port: sim.port, pin: sim.fingerprint, vendor: 'dnt', gatewayId: GATEWAY, credentials: credentials(sim), client: { backoffMs: 20 }, ...extra });
}

describe('Dr. Neuhaus: the strict TLS profile', () => {
  it('refuses OpenSSL clients (openssl s_client, Node tls) and lets the minimal client through securely', async () => {
    const sim = await simulator();
    const identity = sim.clientIdentity();
    const dir = mkdtempSync(join(tmpdir(), 'trudi-dnt-'));
    writeFileSync(join(dir, 'client.pem'), identity.certPem + identity.keyPem);
    const output = await new Promise<{ code: number | null; text: string }>((resolve) => {
      const child = spawn('openssl', ['s_client', '-connect', `${sim.host}:${sim.port}`, '-tls1_2', '-cert', join(dir, 'client.pem'), '-cipher', 'ECDHE-ECDSA-AES256-SHA384'], { stdio: ['pipe', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (c: Buffer) => (text += c.toString()));
      child.stderr.on('data', (c: Buffer) => (text += c.toString()));
      child.stdin.end('GET /smgw/hgp/evp/ HTTP/1.1\r\n\r\n');
      child.on('exit', (code) => resolve({ code, text }));
    });
    expect(output.code).not.toBe(0);
    expect(output.text).toMatch(/handshake failure|alert number 40/);
    // OpenSSL offers the SCSV (TLS 1.2 hello) or the renegotiation_info extension: either is refused.
    expect(sim.refusedHellos[0]!.scsv || sim.refusedHellos[0]!.renegotiationInfo).toBe(true);

    // Node's tls (used only without a client certificate) is refused the same way.
    await expect(HttpConnection.open({ host: sim.host, port: sim.port, pin: sim.fingerprint })).rejects.toThrow(TlsConnectFailedError);
    expect(sim.stats.refusedHellos).toBe(2);
    expect(sim.stats.connections).toBe(0);

    // With a client certificate the minimal client carries the connection, asked for or not.
    const client = loadClientCertificate({ kind: 'pkcs12', data: identity.pkcs12, passphrase: identity.passphrase });
    for (const tls of ['minimal', undefined] as const) {
      const minimal = await HttpConnection.open({ host: sim.host, port: sim.port, pin: sim.fingerprint, client, ...(tls ? { tls } : {}) });
      expect(minimal.engine).toBe('minimal');
      expect(minimal.cipher).toBe('TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384');
      expect(minimal.ephemeralGroup).toBe('prime256v1');
      minimal.close();
    }
    expect(sim.stats.refusedHellos).toBe(2);
  });

  it('without the client certificate the read fails with a hint that password users need it too', async () => {
    const sim = await simulator();
    const error = (await read(sim, { credentials: { kind: 'password', user: 'consumer1', password: 'secret' } }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(TlsConnectFailedError);
    expect(error.message).toMatch(/auch bei Anmeldung mit Passwort/);
    expect(error.message).toMatch(/also for password users/);
  });

  it('trust on first use works against the strict gateway: the fingerprint comes before any credential', async () => {
    const sim = await simulator();
    const seen: string[] = [];
    const result = await read(sim, { pin: undefined, confirmCertificate: (f) => (seen.push(f), true) });
    expect(seen).toEqual([sim.fingerprint]);
    expect(result.fingerprint).toBe(sim.fingerprint);
    expect(sim.stats.refusedHellos).toBe(0);
  });
});

describe('Dr. Neuhaus: HGP requests', () => {
  it('Digest with SHA-256 (offered first) and with MD5 where forced', async () => {
    const sim = await simulator();
    const identity = sim.clientIdentity();
    const client = loadClientCertificate({ kind: 'pkcs12', data: identity.pkcs12, passphrase: identity.passphrase });
    for (const forceMd5 of [false, true]) {
      const c = new GatewayClient({ host: sim.host, port: sim.port, pin: sim.fingerprint, client, user: 'consumer1', password: 'secret', tls: 'minimal', forceMd5 });
      const headers: [string, string][] = [
        ['Device-ID', GATEWAY],
        ['Transport-Version', '3.0'],
        ['Request-ID', 'r1'],
        ['Accept', 'application/hgp;encap=gzip,xml'],
      ];
      const r = await c.request('GET', '/smgw/hgp/evp/', { headers });
      expect(r.status).toBe(200);
      expect(c.digestAlgorithm).toBe(forceMd5 ? 'MD5' : 'SHA-256');
      expect(r.headers.get('content-type')).toEqual(['application/hgp;encap=gzip']);
      expect(gunzipSync(r.body).toString()).toMatch(/<envelope-consumer-out xmlns="urn:schema-smgw:hgp-3-0"/);
      const wrongDevice = await c.request('GET', '/smgw/hgp/evp/', { headers: [['Device-ID', 'EDNT0099999999'], ...headers.slice(1)] });
      expect(wrongDevice.status).toBe(403);
      c.close();
    }
  });

  it('a wrong gateway id is named as such', async () => {
    const sim = await simulator();
    const error = await read(sim, { gatewayId: 'EDNT0099999999' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as Error).message).toMatch(/refuses the gateway id EDNT0099999999/);
  });

  it('finds the vendor by probing and the gateway id in the HAN certificate', async () => {
    const sim = await simulator();
    const result = await read(sim, { vendor: 'auto', gatewayId: undefined });
    expect(result.vendor).toBe('dnt');
    expect(result.connection.gatewayId).toBe(GATEWAY);
  });

  it('a wrong password is refused without a retry storm', async () => {
    const sim = await simulator();
    const error = await read(sim, { credentials: credentials(sim, 'wrong') }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/Benutzername und Passwort/);
    expect(sim.stats.requests).toBeLessThanOrEqual(2);
  });
});

describe('Dr. Neuhaus: 24-month read', () => {
  it('equals the simulator data, log paged by 100, signatures and chain valid', async () => {
    const sim = await simulator({ document: await signedSample(24, 'P-256', GATEWAY) });
    const progress: number[] = [];
    const result = await read(sim, { progress: (f) => progress.push(f) });
    const [usagePoint] = result.document.usagePoints;
    const expected = simulatorUsagePoint(sim);
    expect(compareReadings(readingsByChannel(usagePoint!), readingsByChannel(expected))).toBe('equal');
    expect(usagePoint!.logEntries).toHaveLength(2000);
    const logOf = (entries: typeof expected.logEntries) => entries.map(({ recordNumber, level, outcome, text, timestamp }) => ({ recordNumber, level, outcome, text, timestamp }));
    expect(logOf(usagePoint!.logEntries)).toEqual(logOf(expected.logEntries));
    expect(usagePoint).toMatchObject({ usagePointId: expected.usagePointId, tariffName: expected.tariffName, invoicingPartyId: expected.invoicingPartyId, customerId: expected.customerId });
    expect(usagePoint!.smgw.manufacturer).toBe('Sagemcom Dr. Neuhaus');
    expect(result.connection.tls.cipher).toMatch(/_CBC_/);
    expect(progress.at(-1)).toBe(1);
    const verification = await verifyDocument(result.document, undefined, { cache: false, trustAnchors: bundledTestAnchors() });
    expect(verification.chain.status).toBe('valid');
    expect(verification.invalid).toBe(0);
    expect(verification.valid).toBe(verification.readings);
    expect(verification.readings).toBeGreaterThan(2 * 69_000);
  }, 300_000);
});

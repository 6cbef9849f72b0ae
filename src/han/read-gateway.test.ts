/**
 * Integration tests over real TLS on 127.0.0.1: the reader against the simulated Theben and EMH gateways.
 * Simulators are started on random ports and stopped by the tests.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError } from '../api/errors';
import { bundledTestAnchors } from '../crypto/chain/trust-anchors';
import { verifyDocument } from '../crypto/verify-document';
import { gatewayTlsIdentity, tlsPki } from '../simulator/gateway/identities';
import { startSimulator, type RunningSimulator, type SimulatorOptions, type SimVendor } from '../simulator/gateway/server';
import { TLS_PROFILES, type SimTlsProfileName } from '../simulator/gateway/tls-profiles';
import {
  AuthenticationFailedError,
  CertificateChangedError,
  ConnectionLostError,
  NoDataInSelectedTimeRangeError,
  PinRequiredError,
  TcpConnectFailedError,
} from './errors';
import { readGateway, type GatewayCredentials, type ReadGatewayOptions } from './read-gateway';
import { fingerprintOf } from './fingerprint';
import { closedPort, compareReadings, readingsByChannel, signedSample, simulatorUsagePoint, unsignedSample } from './testing/fixtures';

const PASSWORD: GatewayCredentials = { kind: 'password', user: 'consumer1', password: 'secret' };
const running: RunningSimulator[] = [];

async function simulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const sim = await startSimulator({ document: await signedSample(24), ...options });
  running.push(sim);
  return sim;
}

function read(sim: RunningSimulator, extra: Partial<ReadGatewayOptions> = {}) {
  return readGateway({ host: sim.host, port: sim.port, pin: sim.fingerprint, vendor: sim.vendor, credentials: PASSWORD, client: { backoffMs: 20 }, ...extra });
}

// Signing 140,000 readings takes a few seconds on an idle machine, much longer on a busy one.
beforeAll(() => signedSample(24), 300_000);

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

/** Verifies signatures and chain with the project's crypto module against the bundled test roots. */
async function expectAllValid(document: Awaited<ReturnType<typeof readGateway>>['document']): Promise<void> {
  const verification = await verifyDocument(document, undefined, { cache: false, trustAnchors: bundledTestAnchors() });
  expect(verification.chain.status).toBe('valid');
  expect(verification.invalid).toBe(0);
  expect(verification.valid).toBe(verification.readings);
  expect(verification.readings).toBeGreaterThan(0);
}

const PROFILES = Object.keys(TLS_PROFILES) as SimTlsProfileName[];

describe.each(['theben', 'emh'] as SimVendor[])('24-month read from the %s simulator', (vendor) => {
  it.each(PROFILES)('over TLS profile %s equals the simulator data', async (profile) => {
    const needsCert = TLS_PROFILES[profile].requireClientCertificate;
    const sim = await simulator({ vendor, tlsProfile: profile });
    const client = sim.clientIdentity();
    const credentials: GatewayCredentials = needsCert
      ? // Theben gets the modern PKCS#12, EMH the legacy one (RC2/3DES) that OpenSSL 3 refuses without forge.
        { kind: 'certificate', certificate: { kind: 'pkcs12', data: vendor === 'theben' ? client.pkcs12 : client.pkcs12Legacy, passphrase: client.passphrase } }
      : PASSWORD;
    const progress: number[] = [];
    const result = await read(sim, { credentials, vendor: 'auto', progress: (f) => progress.push(f) });
    expect(result.vendor).toBe(vendor);
    const [usagePoint] = result.document.usagePoints;
    const expected = simulatorUsagePoint(sim);
    expect(compareReadings(readingsByChannel(usagePoint!), readingsByChannel(expected))).toBe('equal');
    const readings = usagePoint!.meterReadings.reduce((n, m) => n + m.intervalBlocks[0]!.readings.length, 0);
    expect(readings).toBeGreaterThan(2 * 69_000);
    // What the vendors transport of a log entry (no subjectIdentity in either protocol).
    const logOf = (entries: typeof expected.logEntries) => entries.map(({ recordNumber, level, outcome, text, timestamp }) => ({ recordNumber, level, outcome, text, timestamp }));
    expect(logOf(usagePoint!.logEntries)).toEqual(logOf(expected.logEntries));
    expect(usagePoint!.logEntries.length).toBe(2000);
    expect(usagePoint).toMatchObject({ usagePointId: expected.usagePointId, tariffName: expected.tariffName, invoicingPartyId: expected.invoicingPartyId, customerId: expected.customerId });
    expect(usagePoint!.smgw.smgwId).toBe(expected.smgw.smgwId);
    // The HAN TLS certificate is part of the document (certType 3) and is the pinned one.
    expect(usagePoint!.certificates.find((c) => c.certType === 3)?.certContent).toEqual(sim.identity.certDer);
    expect(result.fingerprint).toBe(sim.fingerprint);
    expect(progress.at(-1)).toBe(1);
    const tls = result.connection.tls;
    expect(tls.protocol).toBe('TLSv1.2');
    if (profile === 'cbc-only') expect(tls.cipher).toMatch(/_CBC_/);
    if (profile === 'gcm-only') expect(tls.cipher).toMatch(/_GCM_/);
    if (profile === 'brainpool-only') expect(tls.group).toMatch(/^brainpoolP/);
    if (profile === 'p384-only') expect(tls.group).toBe('secp384r1');
    if (needsCert) expect(sim.stats.logins).toBeGreaterThan(0);
    // Signatures and chain verify (trudi-sim-1 announced by the simulator), once per vendor: 140,000 checks.
    if (profile === 'default') await expectAllValid(result.document);
  }, 300_000);

  it('brainpool signatures (brainpoolP256r1 gateway key) over a brainpool-only TLS profile verify', async () => {
    const sim = await simulator({ vendor, tlsProfile: 'brainpool-only', document: await signedSample(2, 'brainpoolP256r1') });
    const result = await read(sim);
    expect(result.connection.tls.group).toMatch(/^brainpoolP/);
    expect(result.document.generatorVersion).toMatch(/signed-message-format=trudi-sim-1/);
    await expectAllValid(result.document);
    expect(compareReadings(readingsByChannel(result.document.usagePoints[0]!), readingsByChannel(simulatorUsagePoint(sim)))).toBe('equal');
  }, 300_000);
});

describe('failures tell the user what to do', () => {
  it('wrong password: AuthenticationFailed without lock-out, no retry storm', async () => {
    const sim = await simulator({ vendor: 'theben', maxFailures: 3 });
    const error = await read(sim, { credentials: { kind: 'password', user: 'consumer1', password: 'wrong' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationFailedError);
    expect((error as AuthenticationFailedError).lockedForSeconds).toBeUndefined();
    expect((error as Error).message).toMatch(/Benutzername und Passwort/);
    expect((error as Error).message).toMatch(/user name and password/);
    // One challenge and one refused answer: never a loop that would lock the gateway.
    expect(sim.stats.requests).toBe(2);
  });

  it('lock-out after failed logins reports the remaining time, even for the right password', async () => {
    const sim = await simulator({ vendor: 'emh', maxFailures: 3, lockMs: 4 * 60_000 + 30_000 });
    const wrong: GatewayCredentials = { kind: 'password', user: 'consumer1', password: 'wrong' };
    for (let i = 0; i < 2; i++) expect(await read(sim, { credentials: wrong }).catch((e: unknown) => e)).toBeInstanceOf(AuthenticationFailedError);
    const third = (await read(sim, { credentials: wrong }).catch((e: unknown) => e)) as AuthenticationFailedError;
    expect(third.lockedForSeconds).toBe(270);
    const right = (await read(sim).catch((e: unknown) => e)) as AuthenticationFailedError;
    expect(right).toBeInstanceOf(AuthenticationFailedError);
    expect(right.lockedForSeconds).toBeGreaterThan(260);
    expect(right.message).toMatch(/noch 4 Minuten und \d+ Sekunden? gesperrt/);
    expect(right.message).toMatch(/locked for another 4 minutes and \d+ seconds?/);
  });

  it('a changed certificate stops the connection before any credential is sent', async () => {
    const sim = await simulator({ vendor: 'theben' });
    const other = gatewayTlsIdentity(tlsPki('ETHE0099999999', 'P-384'));
    const error = (await read(sim, { pin: fingerprintOf(other.certDer) }).catch((e: unknown) => e)) as CertificateChangedError;
    expect(error).toBeInstanceOf(CertificateChangedError);
    expect(error.actual).toBe(sim.fingerprint);
    expect(error.message).toMatch(/hat sich geändert/);
    expect(sim.stats.requests).toBe(0);
  });

  it('the HAN certificate the Theben gateway reports must be the one TLS presented', async () => {
    const other = gatewayTlsIdentity(tlsPki('ETHE0099999999', 'P-384'));
    const sim = await simulator({ vendor: 'theben', faults: { reportedHanCertificatePem: other.certPem } });
    const error = await read(sim).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CertificateChangedError);
    expect((error as Error).message).toMatch(/HAN certificate reported by the gateway/);
  });

  it('without a pin the fingerprint is shown first (trust on first use), nothing else is sent', async () => {
    const sim = await simulator({ vendor: 'emh' });
    const error = (await read(sim, { pin: undefined }).catch((e: unknown) => e)) as PinRequiredError;
    expect(error).toBeInstanceOf(PinRequiredError);
    expect(error.actual).toBe(sim.fingerprint);
    expect(sim.stats.requests).toBe(0);
    const seen: string[] = [];
    const result = await read(sim, { pin: undefined, from: Date.UTC(2026, 8, 1), to: Date.UTC(2026, 8, 2), confirmCertificate: (f) => (seen.push(f), true) });
    expect(seen).toEqual([sim.fingerprint]);
    expect(result.fingerprint).toBe(sim.fingerprint);
  });

  it('unreachable host: TcpConnectFailed with the hint to put the PC into the HAN subnet', async () => {
    const port = await closedPort();
    const error = (await readGateway({ host: '127.0.0.1', port, pin: 'sha256:' + '00'.repeat(32), vendor: 'theben', credentials: PASSWORD, client: { retries: 1, backoffMs: 10 } }).catch((e: unknown) => e)) as TcpConnectFailedError;
    expect(error).toBeInstanceOf(TcpConnectFailedError);
    expect(error.code).toBe('HAN_TCP_CONNECT_FAILED');
    expect(error.message).toMatch(/HAN-Subnetz/);
    expect(error.message).toMatch(/HAN subnet/);
  });

  it('a connection dropped mid-transfer never yields a document; one drop is retried', async () => {
    const always = await simulator({ vendor: 'theben', faults: { truncateResponse: ({ body }) => body.includes('"readings"') } });
    const error = await read(always).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionLostError);
    expect((error as Error).message).toMatch(/keine unvollständigen Daten/);

    let drops = 0;
    const once = await simulator({ vendor: 'theben', faults: { truncateResponse: ({ body }) => body.includes('"readings"') && drops++ === 3 } });
    const result = await read(once);
    expect(drops).toBeGreaterThan(3);
    expect(compareReadings(readingsByChannel(result.document.usagePoints[0]!), readingsByChannel(simulatorUsagePoint(once)))).toBe('equal');
    expect(once.stats.connections).toBe(2);
  });

  it('cancellation stops the read-out and closes the connection', async () => {
    const sim = await simulator({ vendor: 'emh' });
    const controller = new AbortController();
    const error = await read(sim, { signal: controller.signal, progress: (f) => f > 0.3 && controller.abort() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelledError);
    const served = sim.stats.requests;
    await new Promise((r) => setTimeout(r, 100));
    expect(sim.stats.requests).toBe(served);
  });
});

describe('several contracts', () => {
  it.each(['theben', 'emh'] as SimVendor[])('%s: every contract becomes its own usage point with its own meter data', async (vendor) => {
    const base = unsignedSample(1);
    const second = structuredClone(base.usagePoints[0]!);
    second.tariffName = 'TAF-7-heatpump';
    second.usagePointId = 'DE0009876543210000000000000000001';
    for (const m of second.meterReadings) {
      m.meterId = '1TRU0099999999';
      m.readingType.qualifiedLogicalName = `${m.readingType.obisCode}.1TRU0099999999.sm`;
      for (const b of m.intervalBlocks) for (const r of b.readings) r.value += 1_000_000;
    }
    const sim = await simulator({ vendor, document: { ...base, usagePoints: [base.usagePoints[0]!, second] } });
    const result = await read(sim);
    expect(result.document.usagePoints.map((u) => u.tariffName)).toEqual(['TAF-7', 'TAF-7-heatpump']);
    for (const [i, up] of result.document.usagePoints.entries()) {
      expect(up.usagePointId).toBe(sim.dataset.contracts[i]!.usagePoint.usagePointId);
      expect(compareReadings(readingsByChannel(up), readingsByChannel(sim.dataset.contracts[i]!.usagePoint))).toBe('equal');
    }
  });
});

describe('a contract without data in the range', () => {
  it.each(['theben', 'emh'] as SimVendor[])('%s: is reported and does not abort the read of the others', async (vendor) => {
    const base = unsignedSample(1);
    const later = structuredClone(base.usagePoints[0]!);
    later.tariffName = 'TAF-7-later';
    later.usagePointId = 'DE0009876543210000000000000000002';
    const shift = 90 * 86_400_000;
    for (const m of later.meterReadings) {
      m.meterId = '1TRU0088888888';
      m.readingType.qualifiedLogicalName = `${m.readingType.obisCode}.1TRU0088888888.sm`;
      for (const b of m.intervalBlocks) {
        b.start += shift;
        for (const r of b.readings) {
          r.captureTime += shift;
          if (r.targetTime !== undefined) r.targetTime += shift;
        }
      }
    }
    const sim = await simulator({ vendor, document: { ...base, usagePoints: [base.usagePoints[0]!, later] } });
    const first = sim.dataset.contracts[0]!;
    const result = await read(sim, { from: first.first, to: first.last });
    expect(result.document.usagePoints.map((u) => u.tariffName)).toEqual(['TAF-7']);
    expect(result.contractsWithoutData.map((c) => c.contractId)).toEqual(['TAF-7-later']);
    expect(result.contractsWithoutData[0]!.en).toMatch(/^TAF-7-later: The gateway has no readings in the selected range/);
    // When no contract has data, the read fails with the reason.
    await expect(read(sim, { from: first.first - 400 * 86_400_000, to: first.first - 300 * 86_400_000 })).rejects.toMatchObject({ code: 'HAN_NO_DATA_IN_SELECTED_TIME_RANGE' });
  });
});

describe('vendor windows and timeouts', () => {
  it('Theben readings are paged in windows of at most 31 days', async () => {
    const sim = await simulator({ vendor: 'theben' });
    const windows: number[] = [];
    const result = await read(sim, {
      from: Date.UTC(2025, 0, 1),
      to: Date.UTC(2025, 6, 1),
      client: {
        onExchange: (_m, _p, response) => {
          if (!/json/.test(response.headers.get('content-type')?.[0] ?? '')) return;
          const json = JSON.parse(response.body.toString('utf8')) as { method?: string; channels?: { readings: { 'capture-time': string }[] }[] } | null;
          if (json?.method === 'readings') windows.push(json.channels?.[0]?.readings.length ?? 0);
        },
      },
    });
    // 181 days → 6 windows of ≤ 31 days; none may exceed 31 × 96 readings.
    expect(windows).toHaveLength(6);
    for (const n of windows) expect(n).toBeLessThanOrEqual(31 * 96);
    expect(compareReadings(readingsByChannel(result.document.usagePoints[0]!), readingsByChannel(simulatorUsagePoint(sim), [Date.UTC(2025, 0, 1), Date.UTC(2025, 6, 1)]))).toBe('equal');
  });

  it('a stale nonce is re-challenged transparently (stale=true is not a failed login)', async () => {
    const sim = await simulator({ vendor: 'emh', nonceTimeoutMs: 150, maxFailures: 1 });
    const { GatewayClient } = await import('./gateway-client');
    const challenges: string[] = [];
    const observed = new GatewayClient({
      host: sim.host,
      port: sim.port,
      pin: sim.fingerprint,
      user: 'consumer1',
      password: 'secret',
      hostHeader: '127.0.0.1',
      onExchange: (_m, _p, r) => r.status === 401 && challenges.push(r.headers.get('www-authenticate')!.join()),
    });
    try {
      expect((await observed.request('GET', '/json/metering/origin/')).status).toBe(200);
      await new Promise((r) => setTimeout(r, 300));
      expect((await observed.request('GET', '/json/metering/derived')).status).toBe(200);
      expect(challenges).toHaveLength(2);
      expect(challenges[1]).toMatch(/stale=true/);
      expect(sim.stats.connections).toBe(1);
    } finally {
      observed.close();
    }
  });

  it('a range without data is NoDataInSelectedTimeRange; current registers come from the newest reading', async () => {
    const sim = await simulator({ vendor: 'theben' });
    const error = await read(sim, { from: Date.UTC(2020, 0, 1), to: Date.UTC(2020, 1, 1) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoDataInSelectedTimeRangeError);
    expect((error as Error).message).toMatch(/Vertragslaufzeit/);
    const { GatewayClient } = await import('./gateway-client');
    const { EmhAdapter } = await import('./adapters/emh');
    const emh = await simulator({ vendor: 'emh' });
    const adapter = new EmhAdapter(new GatewayClient({ host: emh.host, port: emh.port, pin: emh.fingerprint, user: 'consumer1', password: 'secret', hostHeader: '127.0.0.1' }));
    try {
      await adapter.connect();
      const [contract] = await adapter.listContracts();
      const current = await adapter.currentRegisters(contract!);
      const expected = simulatorUsagePoint(emh).meterReadings.map((m) => m.intervalBlocks.at(-1)!.readings.at(-1)!.value);
      expect(current.meterReadings.map((m) => m.intervalBlocks[0]!.readings[0]!.value)).toEqual(expected);
    } finally {
      await adapter.disconnect();
    }
  });

  it('after the gateway idle timeout the client reconnects and logs in again', async () => {
    const sim = await simulator({ vendor: 'theben', idleTimeoutMs: 300 });
    const { GatewayClient } = await import('./gateway-client');
    const { ThebenAdapter } = await import('./adapters/theben');
    const adapter = new ThebenAdapter(new GatewayClient({ host: sim.host, port: sim.port, pin: sim.fingerprint, user: 'consumer1', password: 'secret', forceMd5: true }));
    try {
      await adapter.connect();
      const [contract] = await adapter.listContracts();
      expect(sim.stats.connections).toBe(1);
      await new Promise((r) => setTimeout(r, 600));
      const up = await adapter.loadData({ contract: contract!, start: Date.UTC(2026, 8, 1), end: Date.UTC(2026, 8, 3), withLog: false });
      expect(up.meterReadings[0]!.intervalBlocks[0]!.readings.length).toBeGreaterThan(190);
      expect(sim.stats.connections).toBe(2);
      expect(sim.stats.logins).toBeGreaterThan(3);
    } finally {
      await adapter.disconnect();
    }
  });
});

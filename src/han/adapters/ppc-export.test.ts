/**
 * PPC readings from the signed exportMeterValues, against the simulator over real TLS on 127.0.0.1: equal
 * to the simulator's data, every reading with its PPC signature that the verification pipeline checks
 * (valid only under the installed TEST root), the exports read by the same reader as the real export in
 * ../shared/conformance/ppc/, split where the gateway's limit is reached, the HTML table as the fallback
 * agreeing with the export, a broken container refused.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { bundledTestAnchors } from '../../crypto/chain/trust-anchors';
import { verifyCms } from '../../crypto/cms/cms';
import { verifyDocument } from '../../crypto/verify-document';
import { readReadout } from '../../formats/readout';
import type { IntervalReading, UsagePoint } from '../../model/types';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../simulator/gateway/server';
import { CONFORMANCE_SKIP_REASON, HAS_CONFORMANCE, conformancePath } from '../../testing/conformance';
import { ProtocolError } from '../errors';
import { GatewayClient } from '../gateway-client';
import { header } from '../http-connection';
import { readGateway, type ReadGatewayOptions } from '../read-gateway';
import { unsignedSample } from '../testing/fixtures';
import { vendorClientSettings } from '../vendors';
import { PpcAdapter } from './ppc';

const GATEWAY = 'EPPC0012345678';
const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function simulator(options: Partial<SimulatorOptions> = {}): Promise<RunningSimulator> {
  const sim = await startSimulator({ vendor: 'ppc', document: unsignedSample(2, GATEWAY), ...options });
  running.push(sim);
  return sim;
}

const credentials = { kind: 'password', user: 'consumer1', password: 'secret' } as const;

function read(sim: RunningSimulator, extra: Partial<ReadGatewayOptions> = {}) {
  return readGateway({ host: sim.host, port: sim.port, pin: sim.fingerprint, vendor: 'ppc', gatewayId: GATEWAY, credentials, client: { backoffMs: 20 }, withLog: false, ...extra });
}

/** channel → [captureTime, value, usable, signature] in time order. */
function table(usagePoint: UsagePoint, withSignature: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of usagePoint.meterReadings) {
    const rows = m.intervalBlocks.flatMap((b) => b.readings).map((r: IntervalReading) => [r.captureTime, r.value, (r.statusPTB ?? 0) === 0, ...(withSignature ? [r.signature ?? ''] : [])]);
    out[`${m.readingType.obisCode}.${m.meterId}`] = JSON.stringify(rows.sort((a, b) => (a[0] as number) - (b[0] as number)));
  }
  return out;
}

/** The simulator's readings of [from, to] (capture times inclusive). */
function expected(sim: RunningSimulator, from: number, to: number): Record<string, string> {
  const up = sim.dataset.contracts[0]!.usagePoint;
  return table({ ...up, meterReadings: up.meterReadings.map((m) => ({ ...m, intervalBlocks: m.intervalBlocks.map((b) => ({ ...b, readings: b.readings.filter((r) => r.captureTime >= from && r.captureTime <= to) })) })) }, false);
}

function firstCapture(sim: RunningSimulator): number {
  return sim.dataset.contracts[0]!.first;
}

describe('PPC: readings from the signed export', () => {
  it('the whole range from exports equals the simulator data, and every reading verifies under the installed TEST root only', async () => {
    const sim = await simulator();
    const bodies: { path: string; type: string; body: Buffer }[] = [];
    const result = await read(sim, { client: { backoffMs: 20, onExchange: (_m, path, response) => bodies.push({ path, type: header(response, 'content-type') ?? '', body: Buffer.from(response.body) }) } });
    const up = result.document.usagePoints[0]!;
    const first = firstCapture(sim);
    const last = sim.dataset.contracts[0]!.last;
    expect(table(up, false)).toEqual(expected(sim, first, last));
    expect(up.meterReadings.flatMap((m) => m.intervalBlocks.flatMap((b) => b.readings)).every((r) => /^[0-9a-f]{256}$/.test(r.signature ?? ''))).toBe(true);
    expect(sim.ppc!.state.exports).toBeGreaterThan(10);
    expect(sim.ppc!.history.map((h) => h.how)).toEqual(['logout']);
    expect(result.document.generatorVersion).toContain('signed-message-format=ppc-k461-1');
    expect(up.certificates.filter((c) => c.certType === 1)).toHaveLength(1);

    const untrusted = await verifyDocument(result.document, undefined, { cache: false });
    expect(untrusted.valid).toBe(0);
    expect(untrusted.signatureMatches).toBe(untrusted.readings);
    const trusted = await verifyDocument(result.document, undefined, { cache: false, trustAnchors: bundledTestAnchors() });
    expect(trusted.readings).toBeGreaterThan(5000);
    expect(trusted.valid).toBe(trusted.readings);

    // The raw exports as the gateway sent them: CMS with K461 content, read by the reader of the real export.
    const exports = bodies.filter((b) => b.type === 'application/pkcs7-mime');
    expect(exports.length).toBe(sim.ppc!.state.exports);
    const again = readReadout(new Uint8Array(exports[0]!.body));
    expect(again.ok).toBe(true);
    expect(again.document!.source).toMatchObject({ container: 'cms', content: 'k461' });
  }, 300_000);

  it.skipIf(!HAS_CONFORMANCE)(`a simulated export has the real export's structure${HAS_CONFORMANCE ? '' : ` (${CONFORMANCE_SKIP_REASON})`}`, async () => {
    const sim = await simulator();
    const bodies: Buffer[] = [];
    const from = firstCapture(sim) + 24 * 86_400_000;
    await read(sim, { from, to: from + 86_400_000, client: { backoffMs: 20, onExchange: (_m, _p, response) => void (/pkcs7/.test(header(response, 'content-type') ?? '') && bodies.push(Buffer.from(response.body))) } });
    const real = readReadout(new Uint8Array(readFileSync(conformancePath('ppc', 'k461_exportMeterValues_2025-10-26.xml'))));
    const simulated = readReadout(new Uint8Array(bodies[0]!));
    const shape = (doc: NonNullable<typeof real.document>) =>
      doc.usagePoints[0]!.meterReadings.map((m) => ({
        obis: m.readingType.obisCode,
        logicalName: m.readingType.qualifiedLogicalName.replace(m.meterId, 'METER'),
        uom: m.readingType.uom,
        period: m.readingType.measurementPeriod,
        statuses: [...new Set(m.intervalBlocks.flatMap((b) => b.readings.map((r) => r.statusVendor)))],
        signatureLength: m.intervalBlocks[0]!.readings[0]!.signature!.length,
      }));
    expect(real.ok && simulated.ok).toBe(true);
    expect(shape(simulated.document!)).toEqual(shape(real.document!));
    expect(simulated.document!.usagePoints[0]!.usagePointId).toMatch(/^01005e31803c\.[0-9a-z]+\.sm$/i);
    expect(real.document!.usagePoints[0]!.usagePointId).toMatch(/^01005e31803c\.[0-9a-z]+\.sm$/i);
  }, 120_000);

  it('an answer that reaches the limit is asked again in halves; nothing is lost or doubled', async () => {
    const sim = await simulator();
    const from = firstCapture(sim);
    const to = from + 12 * 86_400_000;
    const client = new GatewayClient({ host: sim.host, port: sim.port, pin: sim.fingerprint, user: 'consumer1', password: 'secret', backoffMs: 20, ...vendorClientSettings('ppc', sim.host) });
    const adapter = new PpcAdapter(client, { gatewayId: GATEWAY, exportLimit: 300 });
    try {
      await adapter.connect();
      const [contract] = await adapter.listContracts();
      const up = await adapter.loadData({ contract: contract!, start: from, end: to, withLog: false });
      expect(table(up, false)).toEqual(expected(sim, from, to));
      // 13 Berlin days in 5-day windows are 3 requests; 960 entries per window need 4 answers under 300.
      expect(adapter.exportRequests).toBeGreaterThan(3 * 4);
    } finally {
      await adapter.disconnect();
    }
    expect(sim.ppc!.history.map((h) => h.how)).toEqual(['logout']);
  }, 120_000);

  it('firmware without exports: the HTML table is read instead, and it agrees with the export value for value and signature', async () => {
    // One gateway, its firmware without exports for the second read: the same readings, the same signatures.
    const sim = await simulator();
    const from = firstCapture(sim) + 20 * 86_400_000;
    // Across the 25-hour day (2024-10-27): the HTML's local times and the export's UTC agree.
    const range = { from, to: from + 10 * 86_400_000 };
    const a = await read(sim, range);
    const exportsBefore = sim.ppc!.state.exports;
    sim.ppc!.options.exports = false;
    const b = await read(sim, range);
    expect(sim.ppc!.state.exports).toBe(exportsBefore);
    expect(b.document.generatorVersion).not.toContain('ppc-k461-1');
    const exported = table(a.document.usagePoints[0]!, true);
    expect(Object.values(exported).every((rows) => JSON.parse(rows).length > 900)).toBe(true);
    expect(table(b.document.usagePoints[0]!, true)).toEqual(exported);
    expect(sim.ppc!.history.map((h) => h.how)).toEqual(['logout', 'logout']);
  }, 300_000);

  it('an export whose CMS signature does not match its content is refused, and the session closed', async () => {
    const sim = await simulator({
      faults: {
        replaceBody: ({ body }, original) => {
          if (!body.includes('action=exportMeterValues')) return original;
          const changed = Buffer.from(original);
          const at = changed.indexOf('<ns2:long64>') + '<ns2:long64>'.length;
          changed[at] = changed[at] === 0x31 ? 0x32 : 0x31;
          return changed;
        },
      },
    });
    const from = firstCapture(sim) + 10 * 86_400_000;
    const error = await read(sim, { from, to: from + 86_400_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as Error).message).toMatch(/exportMeterValues .*CMS signature does not match its content/);
    expect(sim.ppc!.history.map((h) => h.how)).toEqual(['logout']);
  }, 120_000);
});

describe('PPC: 24-month read', () => {
  it('24 months of signed exports over TLS: every container valid under the TEST root, every reading verified and equal to the simulator data and its signature', async () => {
    const sim = await simulator({ document: unsignedSample(24, GATEWAY) });
    const exports: Uint8Array[] = [];
    const result = await read(sim, { client: { backoffMs: 20, onExchange: (_m, _p, response) => void (header(response, 'content-type') === 'application/pkcs7-mime' && exports.push(new Uint8Array(response.body))) } });
    const up = result.document.usagePoints[0]!;
    const contract = sim.dataset.contracts[0]!;
    expect(contract.last - contract.first).toBeGreaterThan(23 * 30 * 86_400_000);
    expect(table(up, false)).toEqual(expected(sim, contract.first, contract.last));
    expect(sim.ppc!.history.map((h) => h.how)).toEqual(['logout']);

    // Each signature is the one the simulated gateway made for that reading (its signer keeps them).
    const signer = sim.ppc!.signer(GATEWAY);
    const bySimulator = new Map(contract.channels.map((ch) => [`${ch.obis}.${ch.meterId}`, new Map(signer.entries(ch, ch.readings).map((e, i) => [ch.readings[i]!.captureTime, e.signature]))]));
    let compared = 0;
    const differing: string[] = [];
    for (const m of up.meterReadings) {
      const signatures = bySimulator.get(`${m.readingType.obisCode}.${m.meterId}`)!;
      for (const r of m.intervalBlocks.flatMap((b) => b.readings)) {
        if (r.signature !== signatures.get(r.captureTime)) differing.push(`${m.readingType.obisCode}.${m.meterId} ${new Date(r.captureTime).toISOString()}`);
        compared++;
      }
    }
    expect(differing.slice(0, 5)).toEqual([]);
    expect(compared).toBeGreaterThan(2 * 69_000);

    // CMS: every export's container signature and its chain (Sub-CA → TEST root).
    expect(exports.length).toBe(sim.ppc!.state.exports);
    expect(exports.length).toBeGreaterThan(2 * 69_000 / 1000);
    const containers = exports.map((bytes) => verifyCms(bytes, { trustAnchors: bundledTestAnchors() }).status);
    expect(containers.filter((s) => s !== 'valid')).toEqual([]);

    // Per reading: signature and chain under the installed TEST root.
    const verification = await verifyDocument(result.document, undefined, { cache: false, trustAnchors: bundledTestAnchors() });
    expect(verification.chain.status).toBe('valid');
    expect(verification.chain.test).toBe(true);
    expect(verification.invalid).toBe(0);
    expect(verification.readings).toBe(compared);
    expect(verification.valid).toBe(verification.readings);
  }, 600_000);
});

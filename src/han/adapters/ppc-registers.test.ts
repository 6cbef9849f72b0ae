/**
 * PPC TAF registers (showTarificationRegister, INFERRED page layout: experimental), current registers and
 * firmware versions, against the simulator over real TLS on 127.0.0.1.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { gatewayRegisters } from '../../analysis/gateway-registers';
import { bundledTestAnchors } from '../../crypto/chain/trust-anchors';
import { verifyDocument } from '../../crypto/verify-document';
import { berlinParts, berlinTime } from '../../model/time/berlin';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../simulator/gateway/server';
import { PPC_FIRMWARE } from '../../simulator/gateway/ppc';
import { ProtocolError } from '../errors';
import { GatewayClient } from '../gateway-client';
import { readGateway, type ReadGatewayOptions } from '../read-gateway';
import { unsignedSample } from '../testing/fixtures';
import { generateSampleDocument } from '../../simulator/sample/sample-document';
import { vendorClientSettings } from '../vendors';
import { PpcAdapter } from './ppc';

const GATEWAY = 'EPPC0012345678';
const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function simulator(tariffName: string, options: Partial<SimulatorOptions> = {}): Promise<RunningSimulator> {
  const document = unsignedSample(2, GATEWAY);
  document.usagePoints[0]!.tariffName = tariffName;
  const sim = await startSimulator({ vendor: 'ppc', document, ...options });
  running.push(sim);
  return sim;
}

function read(sim: RunningSimulator, extra: Partial<ReadGatewayOptions> = {}) {
  return readGateway({ host: sim.host, port: sim.port, pin: sim.fingerprint, vendor: 'ppc', gatewayId: GATEWAY, credentials: { kind: 'password', user: 'consumer1', password: 'secret' }, client: { backoffMs: 20 }, withLog: false, ...extra });
}

/** The simulator's register value at `at`: the meter reading at or before it minus the first one (counted from the TAF's start). */
function registerValue(sim: RunningSimulator, obis: string, at: number): { value: number; captureTime: number } {
  const channel = sim.dataset.contracts[0]!.channels.find((c) => c.obis === obis)!;
  const reading = channel.readings.filter((r) => r.captureTime <= at).at(-1)!;
  return { value: reading.value - channel.readings[0]!.value, captureTime: reading.captureTime };
}

const stage = (obis: string, e: number): string => `${obis.slice(0, 8)}${e.toString(16).padStart(2, '0')}${obis.slice(10)}`;

describe('PPC: TAF registers of the billing periods', () => {
  it('a TAF-1 read carries the registers of every closed period as derived lists, equal to the simulator, stages adding up, signatures valid', async () => {
    const sim = await simulator('TAF-1');
    const result = await read(sim);
    const up = result.document.usagePoints[0]!;
    const contract = sim.dataset.contracts[0]!;
    const derived = up.meterReadings.filter((m) => m.readingType.qualifiedLogicalName.endsWith('.TAF-1.sm'));
    const meterObis = contract.channels.map((c) => c.obis).sort();
    expect(derived.map((m) => m.readingType.obisCode).sort()).toEqual(meterObis.flatMap((o) => [stage(o, 0), stage(o, 1)]).sort());
    // Each list id stays apart from the meter's own list of the same OBIS.
    expect(new Set(up.meterReadings.map((m) => m.meterReadingId)).size).toBe(up.meterReadings.length);

    // Closed periods whose end lies within the data: the register read at the period's end.
    const first = berlinParts(contract.first);
    const ends = [1, 2, 3].map((i) => berlinTime(first.year, first.month + i, 1)).filter((t) => t <= contract.last);
    expect(ends.length).toBeGreaterThan(0);
    for (const obis of meterObis) {
      for (const e of [0, 1]) {
        const list = derived.find((m) => m.readingType.obisCode === stage(obis, e))!;
        const readings = list.intervalBlocks.flatMap((b) => b.readings);
        for (const end of ends) {
          const expected = registerValue(sim, obis, end);
          const got = readings.find((r) => r.targetTime === end);
          expect(got, `${stage(obis, e)} at ${new Date(end).toISOString()}`).toMatchObject({ value: expected.value, captureTime: expected.captureTime });
        }
        // The open period: the newest value.
        expect(readings.at(-1)!.value).toBe(registerValue(sim, obis, contract.last).value);
      }
    }

    const report = gatewayRegisters(up);
    const sums = report.checks.filter((c) => c.kind === 'sumOfStages');
    expect(sums.length).toBeGreaterThan(0);
    expect(report.disagreements).toBe(0);

    const verification = await verifyDocument(result.document, undefined, { cache: false, trustAnchors: bundledTestAnchors() });
    expect(verification.valid).toBe(verification.readings);
    expect(verification.readings).toBeGreaterThan(derived.reduce((n, m) => n + m.intervalBlocks.flatMap((b) => b.readings).length, 0));
    expect(sim.ppc!.history.map((h) => h.how)).toEqual(['logout']);
  }, 300_000);

  it('a TAF-7 read asks for no registers', async () => {
    const sim = await simulator('TAF-7');
    let registerRequests = 0;
    const from = sim.dataset.contracts[0]!.first;
    const result = await read(sim, { from, to: from + 86_400_000, client: { backoffMs: 20, onExchange: (_m, _p, _r, body) => void (body?.toString('latin1').includes('action=showTarificationRegister') && registerRequests++) } });
    expect(registerRequests).toBe(0);
    expect(result.document.usagePoints[0]!.meterReadings.every((m) => !m.readingType.qualifiedLogicalName.includes('TAF-7'))).toBe(true);
  }, 120_000);

  it('a register row the parser does not understand names the page and the element; the session is closed', async () => {
    // Tariff stage 2 on a row whose OBIS names stage 1.
    const sim = await simulator('TAF-1', { ppc: { mutatePage: (action, html) => (action === 'showTarificationRegister' ? html.replace(/(table_tafregister_line2">(?:<td[^>]*>[^<]*<\/td>){5}<td id="table_tafregister_col_kostenstufe">)1/, '$12') : html) } });
    const error = await read(sim).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as Error).message).toMatch(/page "showTarificationRegister", element #table_tafregister_line2 #table_tafregister_col_kostenstufe: tariff stage 2 does not match OBIS/);
    expect(sim.ppc!.history.map((h) => h.how)).toEqual(['logout']);
  }, 120_000);
});

describe('PPC: current registers and firmware versions', () => {
  async function withAdapter<T>(sim: RunningSimulator, run: (adapter: PpcAdapter) => Promise<T>): Promise<T> {
    const client = new GatewayClient({ host: sim.host, port: sim.port, pin: sim.fingerprint, user: 'consumer1', password: 'secret', backoffMs: 20, ...vendorClientSettings('ppc', sim.host) });
    const adapter = new PpcAdapter(client, { gatewayId: GATEWAY });
    try {
      return await run(adapter);
    } finally {
      await adapter.disconnect();
    }
  }

  it('TAF-1: the registers of the open billing period; the versions page and the footer give the firmware', async () => {
    const sim = await simulator('TAF-1');
    const contract = sim.dataset.contracts[0]!;
    const { current, connected } = await withAdapter(sim, async (adapter) => {
      const connected = await adapter.connect();
      const [info] = await adapter.listContracts();
      return { current: await adapter.currentRegisters(info!), connected };
    });
    const values = Object.fromEntries(current.meterReadings.map((m) => [m.readingType.qualifiedLogicalName, m.intervalBlocks.map((b) => b.readings.map((r) => r.value))]));
    const expected = Object.fromEntries(contract.channels.flatMap((c) => [0, 1].map((e) => [`${stage(c.obis, e)}.TAF-1.sm`, [[registerValue(sim, c.obis, contract.last).value]]])));
    expect(values).toEqual(expected);
    // The versions page shows name and version (no checksum); the footer's version is added under its element id.
    expect(connected.firmware).toEqual([...contract.usagePoint.smgw.firmwareComponents.map(({ name, version }) => ({ name, version })), { name: 'div_fwversion', version: PPC_FIRMWARE }]);
    expect(sim.ppc!.history.map((h) => h.how)).toEqual(['logout']);
  }, 120_000);

  it('TAF-7: the newest reading of each meter register up to now, from the signed export', async () => {
    // Data from 20 days ago on (and beyond now: the gateway serves only up to the asked time).
    const now = Date.now();
    const start = berlinTime(berlinParts(now - 20 * 86_400_000).year, berlinParts(now - 20 * 86_400_000).month, berlinParts(now - 20 * 86_400_000).day);
    const document = generateSampleDocument({ months: 1, gatewayId: GATEWAY, start, seed: 'ppc-current' });
    const sim = await startSimulator({ vendor: 'ppc', document });
    running.push(sim);
    const contract = sim.dataset.contracts[0]!;
    const current = await withAdapter(sim, async (adapter) => {
      await adapter.connect();
      const [info] = await adapter.listContracts();
      return adapter.currentRegisters(info!);
    });
    const after = Date.now();
    const got = Object.fromEntries(current.meterReadings.map((m) => [m.readingType.obisCode, m.intervalBlocks.flatMap((b) => b.readings)]));
    expect(Object.keys(got).sort()).toEqual(contract.channels.map((c) => c.obis).sort());
    for (const c of contract.channels) {
      const [reading, ...more] = got[c.obis]!;
      expect(more).toHaveLength(0);
      // The newest reading at the time of the request: between the start and the end of the test.
      const candidates = c.readings.filter((r) => r.captureTime <= after && r.captureTime > now - 16 * 60_000);
      expect(candidates.map((r) => r.captureTime)).toContain(reading!.captureTime);
      expect(reading!.value).toBe(c.readings.find((r) => r.captureTime === reading!.captureTime)!.value);
      expect(reading!.signature).toMatch(/^[0-9a-f]{256}$/);
    }
    expect(sim.ppc!.history.map((h) => h.how)).toEqual(['logout']);
  }, 120_000);
});

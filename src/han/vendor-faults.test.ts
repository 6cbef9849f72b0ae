/**
 * Fault tests on all four vendor protocols over real TLS: cut-off, scrambled, refused (500), stalled and reset
 * answers to the data requests. Each ends in a clear error or a clean retry with the right data, never in
 * wrong data; a PPC session is closed in every case.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator, type SimVendor } from '../simulator/gateway/server';
import type { SimFaults } from '../simulator/gateway/http-kit';
import { ConnectionLostError, DeviceError, HanError, HanTimeoutError, ProtocolError } from './errors';
import { readGateway, type GatewayCredentials } from './read-gateway';
import { readingsByChannel, simulatorUsagePoint, unsignedSample } from './testing/fixtures';

const GATEWAYS: Record<SimVendor, string> = { theben: 'ETHE0012345678', emh: 'EEMH0012345678', ppc: 'EPPC0012345678', dnt: 'EDNT0012345678' };
/** Which request carries readings, per vendor. */
const DATA_REQUEST: Record<SimVendor, (r: { path: string; body: string }) => boolean> = {
  theben: (r) => r.body.includes('"readings"'),
  emh: (r) => /\/\d{4}-\d{2}\/extended$/.test(r.path),
  ppc: (r) => r.body.includes('action=exportMeterValues&'),
  dnt: (r) => r.path.includes('list=OML'),
};
const VENDORS = Object.keys(GATEWAYS) as SimVendor[];

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function attempt(vendor: SimVendor, faults: SimFaults) {
  const sim = await startSimulator({ vendor, document: unsignedSample(1, GATEWAYS[vendor]), faults });
  running.push(sim);
  const identity = sim.clientIdentity();
  const credentials: GatewayCredentials =
    vendor === 'dnt' ? { kind: 'certificate', certificate: { kind: 'pkcs12', data: identity.pkcs12, passphrase: identity.passphrase }, user: 'consumer1', password: 'secret' } : { kind: 'password', user: 'consumer1', password: 'secret' };
  const outcome: { result?: Awaited<ReturnType<typeof readGateway>>; error?: unknown } = await readGateway({ host: sim.host, port: sim.port, pin: sim.fingerprint, vendor, gatewayId: GATEWAYS[vendor], credentials, withLog: false, client: { backoffMs: 10, requestTimeoutMs: 1500 } }).then(
    (result) => ({ result }),
    (error: unknown) => ({ error }),
  );
  return { sim, ...outcome };
}

function expectClosedPpcSession(sim: RunningSimulator): void {
  if (sim.vendor !== 'ppc') return;
  expect(sim.ppc!.session).toBeUndefined();
  expect(sim.ppc!.history.every((h) => h.how === 'logout')).toBe(true);
}

/** Either the right data (a clean retry) or a HanError; never a document that differs from the gateway's data. */
function expectRightDataOrClearError(sim: RunningSimulator, outcome: { result?: Awaited<ReturnType<typeof readGateway>>; error?: unknown }): void {
  if (outcome.result) {
    const actual = readingsByChannel(outcome.result.document.usagePoints[0]!);
    const expected = readingsByChannel(simulatorUsagePoint(sim));
    const values = (m: typeof actual) => Object.fromEntries(Object.entries(m).map(([k, l]) => [k, l.map((r) => [r.value, r.captureTime])]));
    expect(JSON.stringify(values(actual))).toBe(JSON.stringify(values(expected)));
  } else {
    expect(outcome.error).toBeInstanceOf(HanError);
  }
  expectClosedPpcSession(sim);
}

describe.each(VENDORS)('%s: faults on the data requests', (vendor) => {
  const once = (kind: 'corrupt' | 'status' | 'stall' | 'reset') => {
    let done = false;
    return (r: { path: string; body: string }) => {
      if (done || !DATA_REQUEST[vendor](r)) return undefined;
      done = true;
      return kind;
    };
  };
  const always = (kind: 'corrupt' | 'status' | 'stall' | 'reset') => (r: { path: string; body: string }) => (DATA_REQUEST[vendor](r) ? kind : undefined);

  it('a cut-off answer: a clean retry or a clear error', async () => {
    const outcome = await attempt(vendor, { truncateResponse: (r) => DATA_REQUEST[vendor](r) && r.index < 30 });
    expectRightDataOrClearError(outcome.sim, outcome);
    const always = await attempt(vendor, { truncateResponse: (r) => DATA_REQUEST[vendor](r) });
    expect(always.error).toBeInstanceOf(ConnectionLostError);
    expectClosedPpcSession(always.sim);
  });

  it('a scrambled answer is a protocol error, never data', async () => {
    const outcome = await attempt(vendor, { fault: always('corrupt') });
    expect(outcome.error, String(outcome.error)).toBeInstanceOf(ProtocolError);
    expectClosedPpcSession(outcome.sim);
  });

  it('an unexpected status is a device error', async () => {
    const outcome = await attempt(vendor, { fault: always('status') });
    expect(outcome.error).toBeInstanceOf(DeviceError);
    expect((outcome.error as DeviceError).status).toBe(500);
    expectClosedPpcSession(outcome.sim);
  });

  it('a stalled answer ends in a timeout (or a clean retry), not a hang', async () => {
    const first = await attempt(vendor, { fault: once('stall') });
    expectRightDataOrClearError(first.sim, first);
    const stalled = await attempt(vendor, { fault: always('stall') });
    expect(stalled.error).toBeInstanceOf(HanTimeoutError);
    expectClosedPpcSession(stalled.sim);
  });

  it('a reset connection: a clean retry or a clear error', async () => {
    const outcome = await attempt(vendor, { fault: once('reset') });
    expectRightDataOrClearError(outcome.sim, outcome);
  });
});

describe('PPC: a logout that fails', () => {
  it('is repeated on a new connection: the session is closed', async () => {
    let resets = 0;
    const outcome = await attempt('ppc', { fault: (r) => (r.body.includes('action=logout') && resets++ === 0 ? 'reset' : undefined) });
    expect(outcome.result, String(outcome.error)).toBeDefined();
    expect(resets).toBeGreaterThan(1);
    expectClosedPpcSession(outcome.sim);
  });
});

/**
 * Fault tests on all four vendor protocols over real TLS: cut-off, scrambled, refused (500), stalled and reset
 * answers to the data requests. Each ends in a clear error or a clean retry with the right data, never in
 * wrong data; a PPC session is closed in every case.
 *
 * No fault is observed by racing a timer: every answer the simulator sends is awaited under a bound no real
 * answer reaches (ANSWERED_TIMEOUT_MS), so cut-off, scrambled, refused and reset answers are seen by what
 * arrives or by the connection closing. Only the requests the simulator stalls get the short bound, chosen by
 * the same rule on both sides (the client's nth data request is the simulator's nth), so a slow real answer
 * under load can never be taken for a stall.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator, type SimVendor } from '../simulator/gateway/server';
import type { SimFaults } from '../simulator/gateway/http-kit';
import { ApiError, toErrorPayload } from '../api/errors';
import { ConnectionLostError, DeviceError, HanError, HanTimeoutError, ProtocolError } from './errors';
import { readGateway, type GatewayCredentials } from './read-gateway';
import { readingsByChannel, simulatorUsagePoint, unsignedSample } from './testing/fixtures';
import { faultTestTimeouts, type SentRequest } from './testing/fault-timeouts';

const GATEWAYS: Record<SimVendor, string> = { theben: 'ETHE0012345678', emh: 'EEMH0012345678', ppc: 'EPPC0012345678', dnt: 'EDNT0012345678' };
/** Which request carries readings, per vendor. */
const DATA_REQUEST: Record<SimVendor, (r: { path: string; body: string }) => boolean> = {
  theben: (r) => r.body.includes('"readings"'),
  emh: (r) => /\/\d{4}-\d{2}\/extended$/.test(r.path),
  ppc: (r) => r.body.includes('action=exportMeterValues&'),
  dnt: (r) => r.path.includes('list=OML'),
};
const VENDORS = Object.keys(GATEWAYS) as SimVendor[];
/** Which requests the simulator stalls, asked with the same request on the client (before sending) and the simulator (on arrival). */
type StallRule = () => (r: SentRequest) => boolean;

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function attempt(vendor: SimVendor, faults: SimFaults, stalls?: StallRule) {
  const stalledBySimulator = stalls?.();
  const stalledForClient = stalls?.();
  const sim = await startSimulator({ vendor, document: unsignedSample(1, GATEWAYS[vendor]), faults: stalledBySimulator ? { ...faults, fault: (r) => (stalledBySimulator(r) ? 'stall' : faults.fault?.(r)) } : faults });
  running.push(sim);
  const identity = sim.clientIdentity();
  const credentials: GatewayCredentials =
    vendor === 'dnt' ? { kind: 'certificate', certificate: { kind: 'pkcs12', data: identity.pkcs12, passphrase: identity.passphrase }, user: 'consumer1', password: 'secret' } : { kind: 'password', user: 'consumer1', password: 'secret' };
  // The served month only (the default range, up to today, would add empty windows and nothing else).
  const { first, last } = sim.dataset.contracts[0]!;
  const outcome: { result?: Awaited<ReturnType<typeof readGateway>>; error?: unknown } = await readGateway({
    host: sim.host,
    port: sim.port,
    pin: sim.fingerprint,
    vendor,
    gatewayId: GATEWAYS[vendor],
    credentials,
    from: first,
    to: last,
    withLog: false,
    client: { backoffMs: 10, ...faultTestTimeouts(stalledForClient) },
  }).then(
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

/** The read's readings equal the gateway's data (values and times). */
function expectRightData(sim: RunningSimulator, result: Awaited<ReturnType<typeof readGateway>>): void {
  const actual = readingsByChannel(result.document.usagePoints[0]!);
  const expected = readingsByChannel(simulatorUsagePoint(sim));
  const values = (m: typeof actual) => Object.fromEntries(Object.entries(m).map(([k, l]) => [k, l.map((r) => [r.value, r.captureTime])]));
  expect(JSON.stringify(values(actual))).toBe(JSON.stringify(values(expected)));
}

/** Either the right data (a clean retry) or a HanError; never a document that differs from the gateway's data. */
function expectRightDataOrClearError(sim: RunningSimulator, outcome: { result?: Awaited<ReturnType<typeof readGateway>>; error?: unknown }): void {
  if (outcome.result) expectRightData(sim, outcome.result);
  else expect(outcome.error).toBeInstanceOf(HanError);
  expectClosedPpcSession(sim);
}

describe.each(VENDORS)('%s: faults on the data requests', (vendor) => {
  const isData = DATA_REQUEST[vendor];
  const always = (kind: 'corrupt' | 'status' | 'reset') => (r: SentRequest) => (isData(r) ? kind : undefined);
  /** The first data request only (counted on each side by itself). */
  const firstDataRequest: StallRule = () => {
    let seen = 0;
    return (r) => isData(r) && seen++ === 0;
  };
  const everyDataRequest: StallRule = () => isData;

  it('a cut-off answer: a clean retry or a clear error', async () => {
    const outcome = await attempt(vendor, { truncateResponse: (r) => isData(r) && r.index < 30 });
    expectRightDataOrClearError(outcome.sim, outcome);
    const always = await attempt(vendor, { truncateResponse: (r) => isData(r) });
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
    const first = await attempt(vendor, {}, firstDataRequest);
    expectRightDataOrClearError(first.sim, first);
    if (first.error) expect(first.error, String(first.error)).toBeInstanceOf(HanTimeoutError);
    const stalled = await attempt(vendor, {}, everyDataRequest);
    expect(stalled.error, String(stalled.error)).toBeInstanceOf(HanTimeoutError);
    expectClosedPpcSession(stalled.sim);
  });

  it('a reset connection: a clean retry or a clear error', async () => {
    let resets = 0;
    const outcome = await attempt(vendor, { fault: (r) => (isData(r) && resets++ === 0 ? 'reset' : undefined) });
    expect(resets).toBeGreaterThan(0);
    expectRightDataOrClearError(outcome.sim, outcome);
  });
});

describe('PPC: a logout that fails', () => {
  const isLogout = (r: SentRequest) => r.body.includes('action=logout');

  it('is repeated on a new connection: the session is closed', async () => {
    let logouts = 0;
    const outcome = await attempt('ppc', { fault: (r) => (isLogout(r) && logouts++ === 0 ? 'reset' : undefined) });
    expect(outcome.result, String(outcome.error)).toBeDefined();
    // The first logout's answer was lost; the adapter asked again rather than leave the session open.
    expect(logouts).toBeGreaterThan(1);
    expect(outcome.result!.sessionLeftOpen).toBeUndefined();
    expectRightDataOrClearError(outcome.sim, outcome);
  });

  it('that never succeeds: the read-out keeps its data and says that the session may stay open', async () => {
    let logouts = 0;
    const outcome = await attempt('ppc', { fault: (r) => (isLogout(r) && ++logouts > 0 ? 'status' : undefined) });
    expect(outcome.result, String(outcome.error)).toBeDefined();
    // Asked again on a new connection before giving up, then said so in both languages.
    expect(logouts).toBeGreaterThan(1);
    expect(outcome.result!.sessionLeftOpen?.en).toMatch(/could not be logged out/);
    expect(outcome.result!.sessionLeftOpen?.de).toMatch(/konnte nicht abgemeldet werden/);
    expectRightData(outcome.sim, outcome.result!);
  });

  it('that never succeeds after a failed read: the error carries since when the session may stay open, across a transport', async () => {
    let logouts = 0;
    const before = Date.now();
    const outcome = await attempt('ppc', { fault: (r) => (DATA_REQUEST.ppc(r) ? 'status' : isLogout(r) && ++logouts > 0 ? 'status' : undefined) });
    expect(outcome.error, String(outcome.result)).toBeInstanceOf(DeviceError);
    expect(logouts).toBeGreaterThan(1);
    const payload = toErrorPayload(outcome.error);
    expect(payload.code).toBe('HAN_DEVICE_ERROR');
    expect(payload.sessionLeftOpen?.en).toMatch(/could not be logged out/);
    expect(payload.sessionLeftOpen?.de).toMatch(/konnte nicht abgemeldet werden/);
    const since = Date.parse(payload.sessionLeftOpen!.since);
    expect(since).toBeGreaterThanOrEqual(before);
    expect(since).toBeLessThanOrEqual(Date.now());
    // As the web transport carries it: JSON, then the error again.
    expect(ApiError.fromPayload(JSON.parse(JSON.stringify(payload)) as typeof payload).sessionLeftOpen).toEqual(payload.sessionLeftOpen);
  });
});

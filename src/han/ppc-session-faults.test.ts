/**
 * PPC faults on every step of a session, not only on the data request (src/han/vendor-faults.test.ts):
 * the login page, the meter, versions and tariff pages, the billing periods and TAF registers, the value
 * form and the log, each cut off, scrambled, refused (500), stalled or reset, over real TLS against the
 * simulator. Each read ends in a clear error (or a clean retry with the right data), never in wrong data,
 * and the gateway's one session is closed afterwards (the next read gets in), also when the logout itself
 * keeps failing: then the result says that the session stays open until the gateway ends it.
 * As in vendor-faults.test.ts, only the requests the simulator stalls get a short bound; every answer it
 * sends is awaited under one no real answer reaches, so no fault is taken from a race with a timer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../simulator/gateway/server';
import type { SimFaults } from '../simulator/gateway/http-kit';
import { HanError } from './errors';
import { readGateway, type ReadGatewayOptions } from './read-gateway';
import { readingsByChannel, simulatorUsagePoint, unsignedSample } from './testing/fixtures';
import { faultTestTimeouts, type SentRequest } from './testing/fault-timeouts';

const GATEWAY = 'EPPC0012345678';
const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

type Kind = 'corrupt' | 'status' | 'stall' | 'reset' | 'truncate';

/** The steps of a TAF-1 session, by the request that asks for them. */
const STEPS: Record<string, (r: SentRequest) => boolean> = {
  login: (r) => r.method === 'GET',
  meterform: (r) => r.body.includes('action=meterform'),
  showMeterProfile: (r) => r.body.includes('action=showMeterProfile'),
  swversions: (r) => r.body.includes('action=swversions'),
  tariffform: (r) => r.body.includes('action=tariffform'),
  showTariffProfile: (r) => r.body.includes('action=showTariffProfile'),
  showTarification: (r) => r.body.includes('action=showTarification&'),
  showMeterValuesForm: (r) => r.body.includes('action=showMeterValuesForm'),
  showTarificationRegister: (r) => r.body.includes('action=showTarificationRegister'),
  exportLogData: (r) => r.body.includes('action=exportLogData'),
};

async function simulator(faults: SimFaults): Promise<RunningSimulator> {
  const document = unsignedSample(1, GATEWAY);
  document.usagePoints[0]!.tariffName = 'TAF-1';
  const sim = await startSimulator({ vendor: 'ppc', document, faults });
  running.push(sim);
  return sim;
}

/** A 3-day read; `stalled` picks the requests the simulator stalls (asked by the client before sending each). */
function read(sim: RunningSimulator, extra: Partial<ReadGatewayOptions> = {}, stalled?: (r: SentRequest) => boolean) {
  const from = sim.dataset.contracts[0]!.first;
  return readGateway({
    host: sim.host,
    port: sim.port,
    pin: sim.fingerprint,
    vendor: 'ppc',
    gatewayId: GATEWAY,
    credentials: { kind: 'password', user: 'consumer1', password: 'secret' },
    from,
    to: from + 3 * 86_400_000,
    withLog: true,
    client: { backoffMs: 10, ...faultTestTimeouts(stalled) },
    ...extra,
  }).then(
    (result) => ({ result, error: undefined }),
    (error: unknown) => ({ result: undefined, error }),
  );
}

/** The fault on every matching request while `active` holds. */
function faults(step: (r: SentRequest) => boolean, kind: Kind, active: () => boolean): SimFaults {
  if (kind === 'truncate') return { truncateResponse: (r) => active() && step(r) };
  return { fault: (r) => (active() && step(r) ? kind : undefined) };
}

/** Readings of the served document in the read's range (the meter lists; the TAF lists are checked elsewhere). */
function expectRightData(sim: RunningSimulator, result: NonNullable<Awaited<ReturnType<typeof read>>['result']>): void {
  const from = sim.dataset.contracts[0]!.first;
  const range: [number, number] = [from, from + 3 * 86_400_000];
  // Values and times (the read's readings carry the export's signatures, the served document has none).
  const plain = (m: ReturnType<typeof readingsByChannel>) => Object.fromEntries(Object.entries(m).filter(([k]) => !k.endsWith('.TAF-1.sm')).map(([k, l]) => [k, l.map(({ value, captureTime }) => [value, captureTime])]));
  const got = plain(readingsByChannel(result.document.usagePoints[0]!));
  expect(Object.values(got).every((l) => l.length > 200)).toBe(true);
  expect(got).toEqual(plain(readingsByChannel(simulatorUsagePoint(sim), range)));
}

describe.each(Object.keys(STEPS))('PPC: faults on %s', (stepName) => {
  it.each<Kind>(['truncate', 'corrupt', 'status', 'stall', 'reset'])('%s once: the right data or a clear error, and the session is closed', async (kind) => {
    let seen = 0;
    let sent = 0;
    const step = STEPS[stepName]!;
    const sim = await simulator(faults((r) => step(r) && seen++ === 0, kind, () => true));
    const outcome = await read(sim, {}, kind === 'stall' ? (r) => step(r) && sent++ === 0 : undefined);
    if (outcome.result) expectRightData(sim, outcome.result);
    else expect(outcome.error, String(outcome.error)).toBeInstanceOf(HanError);
    expect(outcome.result ? outcome.result.sessionLeftOpen : (outcome.error as HanError).details?.sessionLeftOpen).toBeUndefined();
    // Closed: every session ended with a logout, and the next read gets in.
    const next = await read(sim, { withLog: false, client: { backoffMs: 10 } });
    expect(next.error, String(next.error)).toBeUndefined();
    expect(sim.ppc!.session).toBeUndefined();
    expect(sim.ppc!.history.map((h) => h.how), JSON.stringify(sim.ppc!.history)).toEqual(sim.ppc!.history.map(() => 'logout'));
  }, 60_000);

  it.each<Kind>(['truncate', 'corrupt', 'status', 'stall', 'reset'])('%s every time: a clear error; the session closed, or the user told that it stays open', async (kind) => {
    let active = true;
    const sim = await simulator(faults(STEPS[stepName]!, kind, () => active));
    const outcome = await read(sim, {}, kind === 'stall' ? STEPS[stepName] : undefined);
    if (outcome.result) expectRightData(sim, outcome.result);
    else expect(outcome.error, String(outcome.error)).toBeInstanceOf(HanError);
    // A failed read carries the notice as on a read-out (the UI shows it next to the error), and in its text.
    const notice = outcome.result ? outcome.result.sessionLeftOpen : (outcome.error as HanError).sessionLeftOpen;
    if (outcome.error) expect((outcome.error as HanError).details?.sessionLeftOpen === true).toBe(notice !== undefined);
    const leftOpen = notice !== undefined;
    active = false;
    if (leftOpen) {
      // Said so in both languages, with when; the gateway holds the session until its own timeout.
      expect(notice.en).toMatch(/could not be logged out/);
      expect(notice.de).toMatch(/konnte nicht abgemeldet werden/);
      expect(Number.isNaN(Date.parse(notice.since ?? ''))).toBe(false);
      if (outcome.error) expect((outcome.error as HanError).en).toMatch(/could not be logged out/);
      expect(sim.ppc!.session).toBeDefined();
      sim.ppc!.expireSession();
    } else {
      expect(sim.ppc!.session).toBeUndefined();
    }
    const next = await read(sim, { withLog: false, client: { backoffMs: 10 } });
    expect(next.error, String(next.error)).toBeUndefined();
    expect(sim.ppc!.history.filter((h) => h.how !== 'logout').length).toBe(leftOpen ? 1 : 0);
  }, 60_000);
});

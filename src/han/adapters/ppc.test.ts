/**
 * PPC (HTML portal, experimental) against its simulator over real TLS on 127.0.0.1: the single-session rule,
 * logout in every path, lock-out, rotating handles and tokens, the older sessionid form, DST in local-time
 * HTML, and pages the parser does not know.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../simulator/gateway/server';
import { AuthenticationFailedError, ProtocolError } from '../errors';
import { readGateway, type ReadGatewayOptions } from '../read-gateway';
import { compareReadings, readingsByChannel, simulatorUsagePoint, unsignedSample } from '../testing/fixtures';
import { PpcSessionBusyError } from './ppc/ppc-session';

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

function read(sim: RunningSimulator, extra: Partial<ReadGatewayOptions> = {}) {
  return readGateway({ host: sim.host, port: sim.port, pin: sim.fingerprint, vendor: 'ppc', gatewayId: GATEWAY, credentials: { kind: 'password', user: 'consumer1', password: 'secret' }, client: { backoffMs: 20 }, ...extra });
}

/** Readings without the signature (the HTML table carries what the simulator signed). */
function plain(map: ReturnType<typeof readingsByChannel>) {
  return Object.fromEntries(Object.entries(map).map(([k, list]) => [k, list.map(({ value, captureTime }) => ({ value, captureTime }))]));
}

describe('PPC: reading the HTML value table', () => {
  it('two months through DST (local times without offset) equal the simulator data; the session is logged out', async () => {
    // The sample starts 2024-10-01: two months contain the 25-hour day 2024-10-27.
    const sim = await simulator({ ppc: { exports: false } });
    const result = await read(sim);
    const actual = readingsByChannel(result.document.usagePoints[0]!);
    const expected = readingsByChannel(simulatorUsagePoint(sim));
    expect(compareReadings(plain(actual) as never, plain(expected) as never)).toBe('equal');
    expect(sim.ppc!.history.map((h) => h.how), JSON.stringify(sim.ppc!.history)).toEqual(['logout']);
    expect(sim.ppc!.history[0]!.how).toBe('logout');
    expect(sim.ppc!.selfTests).toBe(0);
  }, 300_000);

  it('handles change per session; the older sessionid form without cookie works too', async () => {
    const sim = await simulator({ ppc: { sessionStyle: 'sessionid', exports: false } });
    const from = simulatorUsagePoint(sim).meterReadings[0]!.intervalBlocks[0]!.readings[0]!.captureTime;
    const first = await read(sim, { from, to: from + 86_400_000, withLog: false });
    const second = await read(sim, { from, to: from + 86_400_000, withLog: false });
    expect(compareReadings(readingsByChannel(first.document.usagePoints[0]!), readingsByChannel(second.document.usagePoints[0]!))).toBe('equal');
    expect(sim.ppc!.history.map((h) => h.how)).toEqual(['logout', 'logout']);
    const [a, b] = sim.ppc!.history;
    expect(a!.handles.length).toBeGreaterThan(0);
    expect(a!.handles.some((h) => b!.handles.includes(h))).toBe(false);
  });
});

describe('PPC: one session at a time', () => {
  it('another open session is named, and our attempt leaves nothing open', async () => {
    const sim = await simulator();
    sim.ppc!.openForeignSession('homeassistant');
    const error = await read(sim).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PpcSessionBusyError);
    expect((error as Error).message).toMatch(/nur eine Sitzung/);
    expect((error as Error).message).toMatch(/only one session/);
    expect(sim.ppc!.history.filter((h) => h.user !== 'homeassistant')).toHaveLength(0);
  });

  it('a failure in the middle of the read still logs out', async () => {
    const sim = await simulator({ faults: { truncateResponse: ({ body }) => body.includes('action=exportMeterValues&') } });
    await expect(read(sim)).rejects.toThrow();
    expect(sim.ppc!.history.at(-1)!.how).toBe('logout');
    expect(sim.ppc!.session).toBeUndefined();
  });

  it('the portal lock-out after failed logins reports the time left', async () => {
    const sim = await simulator({ maxFailures: 2, lockMs: 3 * 60_000 + 20_000 });
    for (let i = 0; i < 2; i++) await read(sim, { credentials: { kind: 'password', user: 'consumer1', password: 'wrong' } }).catch(() => undefined);
    const error = (await read(sim).catch((e: unknown) => e)) as AuthenticationFailedError;
    expect(error).toBeInstanceOf(AuthenticationFailedError);
    expect(error.lockedForSeconds).toBeGreaterThan(190);
    expect(error.message).toMatch(/3 Minuten und \d+ Sekunden? gesperrt/);
  });
});

describe('PPC: unknown pages fail precisely', () => {
  it('a value table whose layout changed names the page and the element', async () => {
    const sim = await simulator({ ppc: { exports: false, mutatePage: (action, html) => (action === 'showMeterValues' ? html.replace(/table_metervalues_col_wert/g, 'table_metervalues_col_value') : html) } });
    const error = await read(sim).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as Error).message).toMatch(/page "showMeterValues", element #table_metervalues_line1 #table_metervalues_col_wert: missing/);
    expect(sim.ppc!.history.at(-1)!.how).toBe('logout');
  });
});

describe('PPC: the meter profile', () => {
  const profileOnly = (change: (html: string) => string) => (action: string, html: string) => (action === 'showMeterProfile' ? change(html) : html);
  const firstReading = (sim: RunningSimulator) => simulatorUsagePoint(sim).meterReadings[0]!.intervalBlocks[0]!.readings[0]!.captureTime;

  it('is read for every meter of the list; its interval is the period of a list too short to show one', async () => {
    const sim = await simulator({ ppc: { mutatePage: profileOnly((html) => html.replace('>900 s<', '>3600 s<')) } });
    const asked: string[] = [];
    const at = firstReading(sim);
    // One reading per list: no spacing to detect, so the period is the profile's (here changed to 3600 s).
    const single = await read(sim, { from: at, to: at, withLog: false, client: { backoffMs: 20, onExchange: (_m, _p, _r, body) => asked.push(body?.toString('utf8') ?? '') } });
    const meters = new Set(simulatorUsagePoint(sim).meterReadings.map((m) => m.meterId));
    expect(asked.filter((b) => b.includes('action=showMeterProfile&')).length).toBe(meters.size);
    const lists = single.document.usagePoints[0]!.meterReadings;
    expect(lists.length).toBeGreaterThan(0);
    for (const list of lists) expect([list.intervalBlocks[0]!.readings.length, list.readingType.measurementPeriod]).toEqual([1, 3600]);
    // A day of readings shows its own spacing (900 s): the read keeps what the readings show.
    const day = await read(sim, { from: at, to: at + 86_400_000, withLog: false });
    for (const list of day.document.usagePoints[0]!.meterReadings) expect(list.readingType.measurementPeriod).toBe(900);
    expect(sim.ppc!.history.map((h) => h.how)).toEqual(['logout', 'logout']);
  });

  it.each([
    ['another meter', (html: string) => html.replaceAll(/>Zähler-ID<\/td><td class="value">([0-9a-z]+)/i.exec(html)![1]!, 'XYZ0000000001'), /#table_meterprofile "Zähler-ID": meter XYZ0000000001, but the meter list's entry is/],
    ['a name of another meter', (html: string) => html.replace(/(>Name<\/td><td class="value">[0-9a-f]{12}\.)([0-9a-z]+)/i, '$1other1'), /#table_meterprofile "Name": "[0-9a-f]{12}\.other1\.sm" names meter other1/],
    ['an interval in minutes', (html: string) => html.replace('>900 s<', '>15 min<'), /#table_meterprofile "Ausleseintervall": "15 min" is not "<n> s"/],
    ['a register that is no OBIS code', (html: string) => html.replace('1-0:2.8.0*255', 'Bezug'), /#table_meterprofile "Register": "Bezug" is not an OBIS code/],
    ['a row of three cells', (html: string) => html.replace('<td class="label">Ausleseintervall</td>', '<td class="label">Ausleseintervall</td><td>x</td>'), /#table_meterprofile row 3: 3 cells instead of label and value/],
    ['no profile table', (html: string) => html.replace(/table_meterprofile/g, 'table_profile'), /page "showMeterProfile", element #table_meterprofile: missing/],
  ])('%s: an error naming the page and the element, no data, and the session is closed', async (_name, change, message) => {
    const sim = await simulator({ ppc: { mutatePage: profileOnly(change) } });
    const error = await read(sim, { withLog: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as Error).message).toMatch(/page "showMeterProfile"/);
    expect((error as Error).message).toMatch(message);
    expect(sim.ppc!.session).toBeUndefined();
    expect(sim.ppc!.history.map((h) => h.how)).toEqual(['logout']);
  });

  it.each([true, false])('a register the profile does not list is refused in the export and in the HTML table (exports: %s)', async (exports) => {
    const sim = await simulator({ ppc: { exports, mutatePage: profileOnly((html) => html.replace(', 1-0:2.8.0*255', '')) } });
    const at = firstReading(sim);
    const error = await read(sim, { from: at, to: at + 86_400_000, withLog: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as Error).message).toMatch(new RegExp(`${exports ? 'exportMeterValues' : 'showMeterValues'} \\S+: register 1-0:2\\.8\\.0\\*255 is not in the meter profile \\(page "showMeterProfile", #table_meterprofile "Register": 1-0:1\\.8\\.0\\*255\\)`));
    expect(sim.ppc!.history.map((h) => h.how)).toEqual(['logout']);
  });
});

describe('PPC: the log', () => {
  it('exportLogData is paged at 1,000 entries by time: every entry of the range once, in order', async () => {
    const document = unsignedSample(1, GATEWAY);
    const up = document.usagePoints[0]!;
    const first = up.meterReadings[0]!.intervalBlocks[0]!.readings[0]!.captureTime;
    // 2,600 entries 10 minutes apart (18 days), three pages.
    up.logEntries = Array.from({ length: 2600 }, (_, i) => ({ recordNumber: i + 1, level: 1 + (i % 3), outcome: i % 7 === 0 ? 1 : 0, text: `Ereignis ${i + 1}`, timestamp: first + 600_000 * (i + 1), subjectIdentity: 'SMGW' }));
    const sim = await simulator({ document });
    let logRequests = 0;
    const result = await read(sim, {
      from: first,
      to: first + 20 * 86_400_000,
      withLog: true,
      client: { backoffMs: 20, onExchange: (_m, _p, _r, body) => void (body?.toString('latin1').includes('action=exportLogData') && logRequests++) },
    });
    const log = result.document.usagePoints[0]!.logEntries;
    expect(log.map((e) => e.recordNumber)).toEqual(up.logEntries.map((e) => e.recordNumber));
    expect(log.map((e) => e.timestamp)).toEqual(up.logEntries.map((e) => e.timestamp));
    expect(logRequests).toBe(3);
    expect(sim.ppc!.history.map((h) => h.how)).toEqual(['logout']);
  }, 120_000);
});

describe('PPC: billing periods', () => {
  it('showTarification of a TAF-1 profile, paged: every month from the first reading, the current one open', async () => {
    const document = unsignedSample(1, GATEWAY);
    document.usagePoints[0]!.tariffName = 'TAF-1';
    const sim = await simulator({ document });
    const from = sim.dataset.contracts[0]!.first;
    const result = await read(sim, { from, to: from + 86_400_000, withLog: false });
    const periods = result.contracts[0]!.billingPeriods!;
    expect(result.contracts[0]!.tafNumber).toBe(1);
    // 2024-10 up to this month: more than two pages of 12.
    expect(periods.length).toBeGreaterThan(24);
    expect(new Date(periods[0]!.begin).toISOString()).toBe('2024-09-30T22:00:00.000Z');
    periods.slice(1).forEach((p, i) => expect(p.begin).toBe(periods[i]!.end));
    expect(periods.at(-1)!.end).toBeUndefined();
    expect(periods.at(-1)!.begin).toBeLessThanOrEqual(Date.now());
    expect(sim.ppc!.history.map((h) => h.how)).toEqual(['logout']);
  }, 120_000);

  it('a billing-period row the parser does not know names the page and the element', async () => {
    const document = unsignedSample(1, GATEWAY);
    document.usagePoints[0]!.tariffName = 'TAF-1';
    const sim = await simulator({ document, ppc: { mutatePage: (action, html) => (action === 'showTarification' ? html.replace(/(table_tarification_col_periodbegin">)\d{4}-/, '$1ab-') : html) } });
    const error = await read(sim, { withLog: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as Error).message).toMatch(/page "showTarification", element #table_tarification_line1 #table_tarification_col_periodbegin/);
    expect(sim.ppc!.history.at(-1)!.how).toBe('logout');
  });
});

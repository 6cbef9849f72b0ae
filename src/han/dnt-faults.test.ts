/**
 * Dr. Neuhaus (HGP XML, inferred protocol) faults beyond the OML data request of
 * src/han/vendor-faults.test.ts: the evaluation-profile list, a profile, the certificates, the status
 * and the consumer log, each cut off, scrambled, refused (500), stalled or reset, and a gzip body that is
 * cut short, over real TLS (the minimal TLS client against the strict simulator). Each read ends in a
 * clear error or a clean retry with the right data, never in wrong data.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../simulator/gateway/server';
import type { SimFaults } from '../simulator/gateway/http-kit';
import { HanError, ProtocolError } from './errors';
import { readGateway } from './read-gateway';
import { readingsByChannel, simulatorUsagePoint, unsignedSample } from './testing/fixtures';

const GATEWAY = 'EDNT0012345678';
const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

type Request = { method: string; path: string; body: string; index: number };
const STEPS: Record<string, (r: Request) => boolean> = {
  'evp list': (r) => /\/evp\/?$/.test(r.path),
  'evp profile': (r) => /\/evp\/[^/?]+$/.test(r.path),
  certificates: (r) => r.path.includes('method=get-cert'),
  'consumer log': (r) => r.path.includes('/log/consumer'),
};

async function attempt(faults: SimFaults) {
  const sim = await startSimulator({ vendor: 'dnt', document: unsignedSample(1, GATEWAY), faults });
  running.push(sim);
  const identity = sim.clientIdentity();
  const from = sim.dataset.contracts[0]!.first;
  const outcome = await readGateway({
    host: sim.host,
    port: sim.port,
    pin: sim.fingerprint,
    vendor: 'dnt',
    gatewayId: GATEWAY,
    credentials: { kind: 'certificate', certificate: { kind: 'pkcs12', data: identity.pkcs12, passphrase: identity.passphrase }, user: 'consumer1', password: 'secret' },
    from,
    to: from + 2 * 86_400_000,
    withLog: true,
    client: { backoffMs: 10, requestTimeoutMs: 3000 },
  }).then(
    (result) => ({ result, error: undefined }),
    (error: unknown) => ({ result: undefined, error }),
  );
  return { sim, from, ...outcome };
}

describe.each(Object.keys(STEPS))('Dr. Neuhaus: faults on the %s', (name) => {
  it.each(['truncate', 'corrupt', 'status', 'stall', 'reset'] as const)('%s every time: a clear error or the right data', async (kind) => {
    let hits = 0;
    const step = (r: Request) => STEPS[name]!(r) && ++hits > 0;
    const faults: SimFaults = kind === 'truncate' ? { truncateResponse: step } : { fault: (r) => (step(r) ? kind : undefined) };
    const { sim, from, result, error } = await attempt(faults);
    if (result) {
      const plain = (m: ReturnType<typeof readingsByChannel>) => Object.fromEntries(Object.entries(m).map(([k, l]) => [k, l.map(({ value, captureTime }) => [value, captureTime])]));
      expect(plain(readingsByChannel(result.document.usagePoints[0]!))).toEqual(plain(readingsByChannel(simulatorUsagePoint(sim), [from, from + 2 * 86_400_000])));
    } else {
      expect(error, String(error)).toBeInstanceOf(HanError);
    }
    // The step was asked for and met the fault.
    expect(hits).toBeGreaterThan(0);
  }, 90_000);
});

describe('Dr. Neuhaus: a gzip body cut short', () => {
  it('is a protocol error naming the request, never data', async () => {
    const { error } = await attempt({ replaceBody: (r, answer) => (r.path.includes('list=OML') && answer.length > 20 ? answer.subarray(0, Math.floor(answer.length / 2)) : undefined) });
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as Error).message).toMatch(/list=OML.*gzip body cannot be unpacked/);
  }, 90_000);
});

/**
 * Gateway data the adapters cannot use ends in a HanError that names the answer and the field: a log paging
 * that does not advance, certificates that cannot be parsed, an unknown vendor string. Real TLS simulators.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator, type SimVendor } from '../simulator/gateway/server';
import type { SimFaults } from '../simulator/gateway/http-kit';
import { THEBEN_LOG_LIMIT } from './adapters/theben';
import { ProtocolError } from './errors';
import { readGateway } from './read-gateway';
import { closedPort, unsignedSample } from './testing/fixtures';

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function read(vendor: SimVendor, gatewayId: string, faults: SimFaults, withLog = false): Promise<unknown> {
  const sim = await startSimulator({ vendor, document: unsignedSample(1, gatewayId), faults });
  running.push(sim);
  return readGateway({ host: sim.host, port: sim.port, pin: sim.fingerprint, vendor, gatewayId, credentials: { kind: 'password', user: 'consumer1', password: 'secret' }, withLog, client: { backoffMs: 10, requestTimeoutMs: 5000 } }).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('adapters under unusable gateway data', () => {
  it('Theben: a log paging that keeps answering the same page ends with an error naming the answer', async () => {
    let logCalls = 0;
    const error = await read('theben', 'ETHE0012345678', {
      replaceBody: (request, answer) => {
        if (!request.body.includes('"method":"log"')) return undefined;
        logCalls++;
        // Always the first page, whatever fromindex was asked.
        const json = JSON.parse(answer.toString('utf8')) as Record<string, unknown>;
        json.entries = Array.from({ length: THEBEN_LOG_LIMIT }, (_, i) => ({ index: i, level: 1, outcome: 0, message: `entry ${i}`, time: '2024-10-02T00:00:00Z' }));
        return JSON.stringify(json);
      },
    }, true);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).en).toMatch(/log: the page asked from index 1500 answered entries 0–1499 again; the gateway does not advance/);
    expect(logCalls).toBe(2);
  });

  it('Theben: a HAN certificate in smgw-info that cannot be parsed names the answer and field', async () => {
    const error = await read('theben', 'ETHE0012345678', {
      replaceBody: (request, answer) => {
        if (!request.body.includes('"method":"smgw-info"')) return undefined;
        const json = JSON.parse(answer.toString('utf8')) as { certificates: Record<string, unknown> };
        json.certificates['han.tls'] = Buffer.from('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n').toString('hex');
        return JSON.stringify(json);
      },
    });
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).en).toMatch(/smgw-info certificates\.han\.tls: the certificate cannot be parsed/);
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('EMH: a certificate download that cannot be parsed names the request and the certificate', async () => {
    const error = await read('emh', 'EEMH0012345678', {
      replaceBody: (request) => (request.path.endsWith('/download/certificate.pem') ? '-----BEGIN CERTIFICATE-----\nMIIBroken\n-----END CERTIFICATE-----\n' : undefined),
    });
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).en).toMatch(/GET \/json\/download\/certificate\.pem certificate 1: the certificate cannot be parsed/);
  });

  it('an unknown vendor string is refused before any connection, never read as another vendor', async () => {
    const port = await closedPort();
    const error = await readGateway({ host: '127.0.0.1', port, pin: 'sha256:' + '00:'.repeat(31) + '00', vendor: 'siemens' as never, credentials: { kind: 'password', user: 'u', password: 'p' } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNKNOWN_VENDOR', details: { vendor: 'siemens' }, en: expect.stringMatching(/theben, emh, dnt, ppc/) });
  });
});

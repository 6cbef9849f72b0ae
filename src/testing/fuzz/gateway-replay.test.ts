// The replay of a recorded read-out (the fuzz targets theben-json, emh-json, hgp-xml): the answers of the
// recording, 404 for a request it does not have, the mutated body in place of one answer, a bound on requests.
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../han/errors';
import { ContractViolation } from './fuzz-target';
import { ReplayClient, readContracts, recordSession } from './gateway-replay';

describe('gateway replay', () => {
  it('replays a Theben read-out, answers unknown requests 404, puts the mutated body in place and stops an adapter that keeps asking', async () => {
    const recording = await recordSession('theben', 'ETHE0012345678');
    expect(recording.answers.map((a) => JSON.parse(a.key.split('\n')[1] || '{}').method)).toEqual([undefined, 'smgw-info', 'user-info', 'usage-point-info', 'readings', 'log']);
    const [usagePoint] = await readContracts('theben', new ReplayClient(recording, { index: -1, body: Buffer.alloc(0) }), recording.gatewayId, recording.range);
    expect(usagePoint!.meterReadings.map((m) => m.intervalBlocks[0]!.readings.length)).toEqual([192, 192]);

    const client = new ReplayClient(recording, { index: 2, body: Buffer.from('{"method":"user-info","usage-points":[]}') });
    expect((await client.request('GET', '/not/recorded')).status).toBe(404);
    await expect(readContracts('theben', client, recording.gatewayId, recording.range)).rejects.toMatchObject({ code: 'HAN_NO_TAF_PROFILE_FOR_USER' });

    const broken = new ReplayClient(recording, { index: 3, body: Buffer.from('{"method":"usage-point-info","databases":[{"database":"origin","channels":[null]}]}') });
    await expect(readContracts('theben', broken, recording.gatewayId, recording.range)).rejects.toThrow(ProtocolError);

    const asking = new ReplayClient(recording, { index: -1, body: Buffer.alloc(0) });
    let thrown: unknown;
    for (let i = 0; i < 100 && !thrown; i++) await asking.request('GET', '/smgw/m2m').catch((error: unknown) => (thrown = error));
    expect(thrown).toBeInstanceOf(ContractViolation);
    expect((thrown as Error).message).toMatch(/the adapter does not stop: 45 requests where the recorded read-out took 6/);
  }, 60_000);
});

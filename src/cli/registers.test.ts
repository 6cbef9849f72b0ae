/**
 * `trudi registers --host …`: a real read over TLS against the simulator, with the gateway's current
 * registers next to the newest reading of the read-out; the password from TRUDI_PASSWORD as `trudi read`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../analysis/testing/run-cli';
import { readAr2418File } from '../formats/ar2418/reader';
import { SAMPLE_START, unsignedSample } from '../han/testing/fixtures';
import { berlinParts, berlinTime } from '../model/time/berlin';
import { generateSampleDocument } from '../simulator/sample/sample-document';
import type { MeterReading } from '../model/types';
import { startSimulator } from '../simulator/gateway/server';

const dir = mkdtempSync(join(tmpdir(), 'trudi-registers-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The newest reading of a list in kWh, straight from the document the simulator serves. */
function newestKwh(m: MeterReading): { value: number; captureTime: number } {
  const readings = m.intervalBlocks.flatMap((b) => b.readings).sort((a, b) => a.captureTime - b.captureTime);
  const last = readings.at(-1)!;
  return { value: Number((last.value * 10 ** (m.readingType.powerOfTenMultiplier + m.readingType.scaler - 3)).toFixed(6)), captureTime: last.captureTime };
}

describe('trudi registers --host', () => {
  // EMH asks for each meter's newest reading whenever it was; PPC (as Theben) for the readings of the last
  // two days: its data end yesterday.
  const today = berlinParts(Date.now());
  const recentStart = berlinTime(today.year, today.month - 1, today.day - 1);
  const cases = [
    { vendor: 'emh', document: unsignedSample(2, 'EEMH0012345678'), from: SAMPLE_START + 31 * 86_400_000, to: SAMPLE_START + 45 * 86_400_000 },
    { vendor: 'ppc', document: generateSampleDocument({ months: 1, start: recentStart, gatewayId: 'EPPC0012345678', seed: 'registers' }), from: recentStart + 5 * 86_400_000, to: recentStart + 10 * 86_400_000 },
  ] as const;
  for (const { vendor, document, from, to } of cases) {
    it(`${vendor}: reads the gateway and shows its current registers next to the newest reading of the read-out`, async () => {
      const gatewayId = document.usagePoints[0]!.smgw.smgwId;
      const sim = await startSimulator({ vendor, document });
      try {
        const out = join(dir, `${vendor}.xml`);
        const args = ['registers', '--host', sim.host, '--port', String(sim.port), '--vendor', vendor, '--user', 'consumer1', '--pin', sim.fingerprint, '--from', new Date(from).toISOString(), '--to', new Date(to).toISOString()];
        const json = await runCli([...args, '--out', out, '--json'], { TRUDI_PASSWORD: 'secret' });
        expect(json.stderr).toMatch(new RegExp(`gateway ${gatewayId} \\(${vendor}\\)`));
        expect(json.code).toBe(0);
        const result = JSON.parse(json.stdout);
        expect(result.usagePoints).toHaveLength(1);
        const current = result.usagePoints[0].current;
        expect(current.status).toBe('delivered');
        // The gateway's current registers: each list's newest reading (after the read range's end).
        const expected = document.usagePoints[0]!.meterReadings.map((m) => ({ meterId: m.meterId, value: newestKwh(m).value }));
        expect(current.registers.map((r: { meterId: string; value: number }) => ({ meterId: r.meterId, value: r.value }))).toEqual(expected);
        expect(current.registers.every((r: { displayUnit: string }) => r.displayUnit === 'kWh')).toBe(true);
        // Next to it: the newest reading of the read-out, which ends at --to; the register has grown since.
        const written = await readAr2418File(out);
        expect(written.ok).toBe(true);
        const inReadout = written.document!.usagePoints[0]!.meterReadings.map(newestKwh);
        expect(current.registers.map((r: { lastInReadout: { value: number } }) => r.lastInReadout.value)).toEqual(inReadout.map((x) => x.value));
        expect(inReadout.every((x) => x.captureTime <= to)).toBe(true);
        for (const [i, r] of current.registers.entries()) expect(r.value).toBeGreaterThan(inReadout[i]!.value);

        const text = await runCli(args, { TRUDI_PASSWORD: 'secret' });
        expect(text.code).toBe(0);
        expect(text.stdout).toContain('Current registers (as the gateway reports them now):');
        expect(text.stdout).toMatch(new RegExp(` ${expected[0]!.value} kWh.*; newest in the read-out ${inReadout[0]!.value} kWh`));
      } finally {
        await sim.close();
      }
    });
  }

  it('a gateway that fails the current-register request: the read goes on, the section says why', async () => {
    const document = unsignedSample(1, 'EEMH0012345678');
    // HTTP 500 for the newest-reading request of each meter (…/origin/METER/extended without a month).
    const sim = await startSimulator({ vendor: 'emh', document, faults: { fault: (r) => (/\/origin\/[^/]+\/extended(\?|$)/.test(r.path) ? 'status' : undefined) } });
    try {
      const run = await runCli(['registers', '--host', sim.host, '--port', String(sim.port), '--vendor', 'emh', '--user', 'consumer1', '--pin', sim.fingerprint, '--json'], { TRUDI_PASSWORD: 'secret' });
      expect(run.code).toBe(0);
      const [report] = JSON.parse(run.stdout).usagePoints;
      expect(report.current).toMatchObject({ status: 'failed', error: { code: expect.stringMatching(/^HAN_/), de: expect.any(String), en: expect.any(String) } });
      const text = await runCli(['registers', '--host', sim.host, '--port', String(sim.port), '--vendor', 'emh', '--user', 'consumer1', '--pin', sim.fingerprint], { TRUDI_PASSWORD: 'secret' });
      expect(text.stdout).toContain('Current registers: the gateway did not deliver them:');
    } finally {
      await sim.close();
    }
  });

  it('a wrong TRUDI_PASSWORD is refused by the gateway (exit 3, the cause named)', async () => {
    const sim = await startSimulator({ vendor: 'emh', document: unsignedSample(1, 'EEMH0012345678') });
    try {
      const run = await runCli(['registers', '--host', sim.host, '--port', String(sim.port), '--vendor', 'emh', '--user', 'consumer1', '--pin', sim.fingerprint], { TRUDI_PASSWORD: 'wrong' });
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/trudi registers: .*\[HAN_AUTHENTICATION_FAILED\]/);
    } finally {
      await sim.close();
    }
  });

  it('refuses a file together with --host, and gateway options without --host', async () => {
    expect((await runCli(['registers', 'x.xml', '--host', '127.0.0.1'])).code).toBe(2);
    const fileWithRange = await runCli(['registers', 'x.xml', '--from', '2024-01-01']);
    expect(fileWithRange.code).toBe(2);
    expect(fileWithRange.stderr).toMatch(/--from belongs to a gateway read/);
  });
});

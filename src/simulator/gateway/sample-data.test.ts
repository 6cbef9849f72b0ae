import { mkdtempSync, readdirSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { simulatorSample } from './sample-data';

const dir = mkdtempSync(join(tmpdir(), 'trudi-sim-cache-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('simulator sample data', () => {
  it('signs the last full months once and serves the cached file afterwards, the same document', async () => {
    const now = Date.UTC(2026, 2, 15);
    const statuses: string[] = [];
    const first = await simulatorSample({ gatewayId: 'EEMH0012345678', months: 1, curve: 'P-256', now, cacheDir: dir, onStatus: (m) => statuses.push(m) });
    expect(statuses).toHaveLength(1);
    expect(readdirSync(dir).filter((f) => f.endsWith('.v8'))).toHaveLength(1);
    const second = await simulatorSample({ gatewayId: 'EEMH0012345678', months: 1, curve: 'P-256', now, cacheDir: dir, onStatus: (m) => statuses.push(m) });
    expect(statuses).toHaveLength(1);
    const readings = (doc: typeof first) => doc.usagePoints[0]!.meterReadings.map((m) => m.intervalBlocks.flatMap((b) => b.readings));
    expect(readings(second)).toEqual(readings(first));
    expect(second).toEqual(first);
    const all = readings(first).flat();
    // February 2026 (Berlin), signed in the trudi-sim-1 format.
    expect(all[0]!.captureTime).toBeGreaterThanOrEqual(Date.UTC(2026, 0, 31, 23));
    expect(all.at(-1)!.captureTime).toBeLessThan(Date.UTC(2026, 1, 28, 23));
    expect(all.every((r) => /^[0-9A-F]{128}$/.test(r.signature ?? ''))).toBe(true);
    expect(first.generatorVersion).toMatch(/signed-message-format=trudi-sim-1/);
    // Another gateway id is another key: a new file.
    await simulatorSample({ gatewayId: 'EEMH0012345679', months: 1, curve: 'P-256', now, cacheDir: dir });
    expect(readdirSync(dir).filter((f) => f.endsWith('.v8'))).toHaveLength(2);
  });

  it('signs anew when the cached file is damaged', async () => {
    const own = mkdtempSync(join(tmpdir(), 'trudi-sim-cache-test-'));
    try {
      const now = Date.UTC(2026, 2, 15);
      const statuses: string[] = [];
      const first = await simulatorSample({ gatewayId: 'EEMH0012345678', months: 1, curve: 'P-256', now, cacheDir: own, onStatus: (m) => statuses.push(m) });
      const [file] = readdirSync(own).filter((f) => f.endsWith('.v8'));
      truncateSync(join(own, file!), 1000);
      const again = await simulatorSample({ gatewayId: 'EEMH0012345678', months: 1, curve: 'P-256', now, cacheDir: own, onStatus: (m) => statuses.push(m) });
      expect(statuses).toHaveLength(2);
      expect(again.usagePoints[0]!.meterReadings[0]!.intervalBlocks.length).toBe(first.usagePoints[0]!.meterReadings[0]!.intervalBlocks.length);
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });
});

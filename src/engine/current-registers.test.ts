/**
 * TrudiApi.getGatewayRegisters with the current-register section: a HAN read-out (EMH simulator over real
 * TLS) carries what the gateway reported, also after a restart from the SQLite archive; a file, a sync and a
 * read-out archived before schema 4 say why they have none.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAr2418 } from '../formats/ar2418/writer';
import { unsignedSample } from '../han/testing/fixtures';
import type { MeterReading } from '../model/types';
import { startSimulator, type RunningSimulator } from '../simulator/gateway/server';
import { Archive } from '../archive/archive';
import { Engine } from './engine';

const dir = mkdtempSync(join(tmpdir(), 'trudi-current-registers-'));
const document = unsignedSample(2, 'EEMH0012345678');
let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ vendor: 'emh', document });
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The newest reading of a list in kWh, straight from the document. */
function newestKwh(m: MeterReading): number {
  const last = m.intervalBlocks.flatMap((b) => b.readings).sort((a, b) => a.captureTime - b.captureTime).at(-1)!;
  return Number((last.value * 10 ** (m.readingType.powerOfTenMultiplier + m.readingType.scaler - 3)).toFixed(6));
}

describe('getGatewayRegisters: current registers', () => {
  it('a gateway read-out has what the gateway reported, also after a restart from the SQLite archive; one archived before schema 4 says it was not kept', { timeout: 120_000 }, async () => {
    const home = { configDir: join(dir, 'config'), archiveDir: join(dir, 'archive') };
    const engine = new Engine(home);
    const credentials = { kind: 'password' as const, user: 'consumer1', password: 'secret' };
    const summary = await engine.readGateway({ host: sim.host, port: sim.port, vendor: 'emh', pin: sim.fingerprint, credentials, to: '2024-11-15T00:00:00+01:00' });
    const [report] = await engine.getGatewayRegisters({ readoutId: summary.readoutId });
    const current = report!.current!;
    if (current.status !== 'delivered') throw new Error(`expected delivered, got ${JSON.stringify(current)}`);
    expect(current.registers.map((r) => r.value)).toEqual(document.usagePoints[0]!.meterReadings.map(newestKwh));
    // The read-out ends at `to`; the gateway's registers have grown since.
    for (const r of current.registers) {
      expect(r.lastInReadout).not.toBeNull();
      expect(Date.parse(r.lastInReadout!.time)).toBeLessThanOrEqual(Date.parse('2024-11-15T00:00:00+01:00'));
      expect(r.value).toBeGreaterThan(r.lastInReadout!.value);
    }

    // A sync does not ask for them.
    const synced = await engine.syncGateway({ host: sim.host, port: sim.port, vendor: 'emh', pin: sim.fingerprint, credentials });
    const [syncReport] = await engine.getGatewayRegisters({ readoutId: synced.readout.readoutId });
    expect(syncReport!.current).toMatchObject({ status: 'none', reason: 'notRead' });
    await engine.close();

    // After a restart the read-out is reopened from the SQLite archive: its current registers come along.
    const restarted = new Engine(home);
    try {
      const [again] = await restarted.getGatewayRegisters({ readoutId: summary.readoutId });
      expect(again!.current).toEqual(current);
      expect(again!.registers).toEqual(report!.registers);
      const [syncAgain] = await restarted.getGatewayRegisters({ readoutId: synced.readout.readoutId });
      expect(syncAgain!.current).toMatchObject({ status: 'none', reason: 'notRead' });
    } finally {
      await restarted.close();
    }

    // A read-out archived before the archive kept them (schema < 4: the column is NULL) says so; so does an
    // unreadable record. Neither keeps the read-out from opening.
    for (const stored of [null, '{"format":"current-registers/99"}']) {
      const archive = Archive.open(home.archiveDir);
      archive.run('UPDATE readouts SET current_registers = ? WHERE id = ?', stored, summary.readoutId);
      archive.close();
      const older = new Engine(home);
      try {
        const [old] = await older.getGatewayRegisters({ readoutId: summary.readoutId });
        expect(old!.current).toMatchObject({ status: 'none', reason: 'notKept', de: expect.stringContaining('Archiv'), en: expect.stringContaining('Read the gateway again') });
        expect(old!.registers).toEqual(report!.registers);
      } finally {
        await older.close();
      }
    }
  });

  it('a failed current-register request survives the restart as failed, with the gateway error', { timeout: 120_000 }, async () => {
    // HTTP 500 for the newest-reading request of each meter (…/origin/METER/extended without a month).
    const failing = await startSimulator({ vendor: 'emh', document, faults: { fault: (r) => (/\/origin\/[^/]+\/extended(\?|$)/.test(r.path) ? 'status' : undefined) } });
    const home = { configDir: join(dir, 'config-failed'), archiveDir: join(dir, 'archive-failed') };
    try {
      const engine = new Engine(home);
      const credentials = { kind: 'password' as const, user: 'consumer1', password: 'secret' };
      const summary = await engine.readGateway({ host: failing.host, port: failing.port, vendor: 'emh', pin: failing.fingerprint, credentials, to: '2024-11-15T00:00:00+01:00' });
      const [report] = await engine.getGatewayRegisters({ readoutId: summary.readoutId });
      expect(report!.current).toMatchObject({ status: 'failed', error: { code: expect.any(String) } });
      await engine.close();
      const restarted = new Engine(home);
      try {
        const [again] = await restarted.getGatewayRegisters({ readoutId: summary.readoutId });
        expect(again!.current).toEqual(report!.current);
      } finally {
        await restarted.close();
      }
    } finally {
      await failing.close();
    }
  });

  it('a file read-out has none and says so', async () => {
    const engine = new Engine();
    const summary = await engine.openFile({ name: 'emh.xml', contentBase64: Buffer.from(writeAr2418(document)).toString('base64') });
    const [report] = await engine.getGatewayRegisters({ readoutId: summary.readoutId });
    expect(report!.current).toMatchObject({ status: 'none', reason: 'file', en: expect.stringContaining('from a file') });
    await engine.close();
  });
});

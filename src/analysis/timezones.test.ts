/**
 * The same results whatever the machine's time zone: the probe (generated data across both DST changes)
 * and the CLI on real files run in child processes under TZ=UTC, America/New_York and Asia/Tokyo and
 * must print exactly what this process (and Europe/Berlin) computes.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { HAS_CONFORMANCE, PROJECT_ROOT, conformancePath } from '../testing/conformance';
import { reportSkippedRealFileTests } from '../testing/conformance-skip';
import { tzProbe } from './testing/tz-probe';

const run = promisify(execFile);
const ZONES = ['UTC', 'America/New_York', 'Asia/Tokyo', 'Europe/Berlin'];

async function inZone(tz: string, args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, args, { cwd: PROJECT_ROOT, env: { ...process.env, TZ: tz }, maxBuffer: 256 * 1024 * 1024 });
  return stdout;
}

describe('results independent of the machine time zone', () => {
  const reference = JSON.stringify(tzProbe());

  it.each(ZONES)('generated DST data under TZ=%s', async (tz) => {
    const stdout = await inZone(tz, ['--import', 'tsx', 'src/analysis/testing/tz-probe.ts']);
    const line = JSON.parse(stdout);
    expect(line.tz).toBe(tz);
    // the child really ran in that zone
    expect(line.offset).toBe({ UTC: 0, 'America/New_York': 240, 'Asia/Tokyo': -540, 'Europe/Berlin': -120 }[tz]);
    expect(JSON.stringify(line.result)).toBe(reference);
  });

  describe.skipIf(!HAS_CONFORMANCE)('CLI on real files', () => {
    const taf1 = ['bin/trudi.mjs', 'taf', '--device', conformancePath('trudi/taf1/result_1_month.xml'), '--supplier', conformancePath('trudi/taf1/supplier_1_month.xml'), '--json'];
    const taf2 = ['bin/trudi.mjs', 'taf', '--device', conformancePath('trudi/taf2/result_3_days_gap_day_change_5.xml'), '--supplier', conformancePath('trudi/taf2/supplier_2_day.xml'), '--json'];
    const consumption = ['bin/trudi.mjs', 'consumption', conformancePath('trudi/samples/result_oml_winter_to_summer_time.xml'), '--json'];
    let berlin: string[] = [];
    beforeAll(async () => {
      berlin = await Promise.all([inZone('Europe/Berlin', taf1), inZone('Europe/Berlin', taf2), inZone('Europe/Berlin', consumption)]);
    });

    it.each(ZONES.filter((z) => z !== 'Europe/Berlin'))('taf and consumption under TZ=%s', async (tz) => {
      const [a, b, c] = await Promise.all([inZone(tz, taf1), inZone(tz, taf2), inZone(tz, consumption)]);
      expect(JSON.parse(a)).toMatchObject({ begin: '2017-10-01T00:00:00+02:00', end: '2017-11-01T00:00:00+01:00', registers: [{ amount: 29800 }] });
      expect(JSON.parse(b).registers.map((r: { amount: number }) => r.amount)).toEqual([500, 1200, 300]);
      const report = JSON.parse(c);
      expect(report.day[0].start).toBe('2017-03-26T00:00:00+01:00');
      expect(report.days[0].hours).toBe(23);
      expect(report.days[0].channels[0].expected).toBe(92);
      expect([a, b, c]).toEqual(berlin);
    });
  });
  reportSkippedRealFileTests('CLI on real files');
});

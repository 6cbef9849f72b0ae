import { describe, expect, it } from 'vitest';
import { berlinTime } from '../model/time/berlin';
import { prepareChannel } from './channel';
import { displayReport } from './display';
import { loadProfile, valueListRows } from './load-profile';
import { makeDerivedRegister, makeDevice, makeOvl } from './testing/fixtures';

describe('display function', () => {
  it('shows the gateway’s own registers with billing periods and daily values', () => {
    const monthly = makeDerivedRegister('0100010801ff', [
      { t: berlinTime(2019, 1, 1), value: 1000 },
      { t: berlinTime(2019, 2, 1), value: 1500 },
      { t: berlinTime(2019, 3, 1), value: 1900 },
    ]);
    monthly.intervalBlocks[0]!.readings[2]!.statusPTB = 3;
    const daily = makeDerivedRegister('0100010800ff', [0, 1, 2, 3].map((d) => ({ t: berlinTime(2019, 3, 1 + d), value: 100 + d * 7 })), 'TAF-6');
    const report = displayReport(makeDevice([makeOvl({ start: berlinTime(2019, 3, 1), end: berlinTime(2019, 3, 2), periodSeconds: 900 }), monthly, daily]));
    expect(report.originalValueLists.map((l) => l.obis)).toEqual(['1-0:1.8.0*255']);
    const [m, d] = report.gatewayRegisters;
    expect(m).toMatchObject({ obis: '1-0:1.8.1*255', tariffStage: 1, tafId: 'TAF-2-ID' });
    expect(m!.periods).toEqual([
      { start: '2019-01-01T00:00:00+01:00', end: '2019-02-01T00:00:00+01:00', raw: 500, value: 0.05 },
      { start: '2019-02-01T00:00:00+01:00', end: '2019-03-01T00:00:00+01:00', raw: null, value: null },
    ]);
    expect(m!.readings[2]).toEqual({ time: '2019-03-01T00:00:00+01:00', raw: 1900, value: 0.19, ptb: 3 });
    expect(d).toMatchObject({ kind: 'daily', tafId: 'TAF-6' });
    expect(d!.periods.map((p) => p.raw)).toEqual([7, 7, 7]);
  });
});

describe('load profile and value list rows', () => {
  const start = berlinTime(2018, 10, 28);
  const end = berlinTime(2018, 10, 29);
  const channel = prepareChannel(makeOvl({ start, end, periodSeconds: 900, omit: (t) => t === start + 3 * 900_000, status: (t) => (t === start + 10 * 900_000 ? 3 : 0) }));

  it('per-period energies at the measured resolution over the 25-hour day, null around gaps and unusable values', () => {
    const points = loadProfile(channel, start, end);
    expect(points.length).toBe(100);
    expect(points.filter((p) => p.raw === null).length).toBe(4);
    expect(points[0]).toEqual({ start: '2018-10-28T00:00:00+02:00', end: '2018-10-28T00:15:00+02:00', raw: 10, value: 0.001 });
    expect(points[2]!.raw).toBeNull();
  });

  it('lists a day with gap rows', () => {
    const { date, rows } = valueListRows(channel, start, end);
    expect(date).toBe('2018-10-28');
    expect(rows.length).toBe(100);
    expect(rows[3]).toEqual({ time: '2018-10-28T00:45:00+02:00', value: null, ptb: null, gap: true });
    expect(rows[10]!.ptb).toBe(3);
    expect(rows.filter((r) => r.gap).length).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { berlinTime } from '../model/time/berlin';
import { computeConsumption } from './consumption';
import { makeDevice, makeOvl } from './testing/fixtures';

const T = berlinTime;

describe('consumption series (§ 61/62) in Europe/Berlin', () => {
  it('days of 23 and 25 hours on DST changes', () => {
    const ovl = makeOvl({ start: T(2018, 3, 24), end: T(2018, 3, 27), periodSeconds: 900 });
    const report = computeConsumption(makeDevice([ovl]));
    expect(report.day.map((p) => [p.start, p.importRaw])).toEqual([
      ['2018-03-24T00:00:00+01:00', 960],
      ['2018-03-25T00:00:00+01:00', 920],
      ['2018-03-26T00:00:00+02:00', 960],
    ]);
    expect(report.day[0]!.import).toBe(0.096);
    expect(report.unit).toBe('kWh');
    const autumn = computeConsumption(makeDevice([makeOvl({ start: T(2018, 10, 28), end: T(2018, 10, 29), periodSeconds: 900 })]));
    expect(autumn.day.map((p) => p.importRaw)).toEqual([1000]);
    expect(autumn.days[0]!.hours).toBe(25);
    expect(autumn.days[0]!.channels[0]!.expected).toBe(100);
  });

  it('weeks start on Monday; partial weeks say which boundary reading is missing', () => {
    const ovl = makeOvl({ start: T(2017, 12, 27), end: T(2018, 1, 16), periodSeconds: 3600 });
    const report = computeConsumption(makeDevice([ovl]));
    expect(report.week.map((p) => [p.start, p.importRaw])).toEqual([
      ['2017-12-25T00:00:00+01:00', null],
      ['2018-01-01T00:00:00+01:00', 7 * 24 * 10],
      ['2018-01-08T00:00:00+01:00', 7 * 24 * 10],
      ['2018-01-15T00:00:00+01:00', null],
    ]);
    expect(report.week[0]!.incomplete).toEqual([
      { code: 'missing-reading', at: '2017-12-25T00:00:00+01:00', de: 'Kein Messwert zum Zeitpunkt 2017-12-25T00:00:00+01:00 vorhanden.', en: 'No reading at 2017-12-25T00:00:00+01:00.' },
    ]);
    expect(report.week[3]!.incomplete![0]!.at).toBe('2018-01-22T00:00:00+01:00');
  });

  it('months and years across DST use exact boundary readings', () => {
    const ovl = makeOvl({ start: T(2018, 1, 1), end: T(2019, 1, 1), periodSeconds: 3600 });
    const report = computeConsumption(makeDevice([ovl]));
    expect(report.month.map((p) => p.importRaw)).toEqual([744, 672, 743, 720, 744, 720, 744, 744, 720, 745, 720, 744].map((h) => h * 10));
    expect(report.year.map((p) => [p.start, p.importRaw])).toEqual([['2018-01-01T00:00:00+01:00', 8760 * 10]]);
  });

  it('marks a period incomplete when its boundary reading is missing or unusable, and keeps gaps inside', () => {
    const ovl = makeOvl({
      start: T(2018, 5, 1),
      end: T(2018, 5, 5),
      periodSeconds: 900,
      omit: (t) => t === T(2018, 5, 2) || t === T(2018, 5, 4, 12),
      status: (t) => (t === T(2018, 5, 3) ? 4 : 0),
    });
    const report = computeConsumption(makeDevice([ovl]));
    expect(report.day.map((p) => p.importRaw)).toEqual([null, null, null, 960]);
    expect(report.day[0]!.incomplete!.map((r) => r.code)).toEqual(['missing-reading']);
    expect(report.day[1]!.incomplete!.map((r) => r.code)).toEqual(['missing-reading', 'unusable-reading']);
    expect(report.day[2]!.incomplete![0]!.en).toBe('The reading at 2018-05-03T00:00:00+02:00 is not usable (PTB status 4: fatal error).');
    expect(report.days.map((d) => [d.date, d.gaps, d.level])).toEqual([
      ['2018-05-01', 0, 'ok'],
      ['2018-05-02', 1, 'warning'],
      ['2018-05-03', 0, 'fatal'],
      ['2018-05-04', 1, 'warning'],
    ]);
    expect(report.days[2]!.channels[0]).toMatchObject({ expected: 96, values: 96, ok: 95, fatal: 1 });
  });

  it('feed-in and net from an export list (§ 62)', () => {
    const imp = makeOvl({ start: T(2018, 6, 1), end: T(2018, 6, 3), periodSeconds: 900, step: 10 });
    const exp = makeOvl({ obis: '0100020800ff', start: T(2018, 6, 1), end: T(2018, 6, 3), periodSeconds: 900, step: (t) => (t >= T(2018, 6, 2) ? 30 : 0) });
    const report = computeConsumption(makeDevice([imp, exp]));
    expect(report.day.map((p) => [p.import, p.export, p.net])).toEqual([
      [0.096, 0, 0.096],
      [0.096, 0.288, -0.192],
    ]);
    expect(report.export!.obis).toBe('1-0:2.8.0*255');
  });

  it('gas days run 06:00-06:00, in m³', () => {
    const gas = makeOvl({ obis: '0700030100ff', start: T(2018, 1, 1, 6), end: T(2018, 1, 4, 6), periodSeconds: 3600, step: 5 });
    gas.readingType.uom = 42;
    gas.readingType.scaler = -3;
    const report = computeConsumption(makeDevice([gas], { serviceCategory: 1 }));
    expect(report.gasDay).toBe(true);
    expect(report.unit).toBe('m³');
    expect(report.day.map((p) => [p.start, p.import])).toEqual([
      ['2018-01-01T06:00:00+01:00', 0.12],
      ['2018-01-02T06:00:00+01:00', 0.12],
      ['2018-01-03T06:00:00+01:00', 0.12],
    ]);
    expect(report.days.map((d) => d.date)).toEqual(['2018-01-01', '2018-01-02', '2018-01-03']);
    expect(report.month[0]!.start).toBe('2018-01-01T06:00:00+01:00');
  });

  it('covers the last 24 months by default, 36 months of billing history, and honours --from/--to', () => {
    const ovl = makeOvl({ start: T(2016, 1, 1), end: T(2019, 1, 1), periodSeconds: 3600 });
    const report = computeConsumption(makeDevice([ovl]));
    expect(report.window).toEqual({ from: '2017-01-01T00:00:00+01:00', to: '2019-01-01T00:00:00+01:00' });
    expect(report.day.length).toBe(730);
    expect(report.month.length).toBe(24);
    // 2017-01-01 is a Sunday and 2018-12-31 a Monday: the weeks at both ends overlap the window
    expect(report.week.length).toBe(106);
    expect([report.week[0]!.start, report.week[0]!.importRaw]).toEqual(['2016-12-26T00:00:00+01:00', 7 * 24 * 10]);
    expect(report.year.map((p) => p.start)).toEqual(['2017-01-01T00:00:00+01:00', '2018-01-01T00:00:00+01:00']);
    expect(report.billingMonths.length).toBe(36);
    expect(report.billingMonths[0]!.start).toBe('2016-01-01T00:00:00+01:00');
    expect(() => computeConsumption(makeDevice([ovl]), { from: T(1990, 1, 1), to: T(2019, 1, 1) })).toThrow(expect.objectContaining({ code: 'RANGE_TOO_LARGE' }));
    const limited = computeConsumption(makeDevice([ovl]), { from: T(2018, 3, 1), to: T(2018, 4, 1) });
    expect(limited.day.length).toBe(31);
    expect(limited.month.map((p) => p.importRaw)).toEqual([7430]);
  });
});

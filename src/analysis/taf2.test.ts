import { describe, expect, it } from 'vitest';
import { berlinTime } from '../model/time/berlin';
import type { MeterReading } from '../model/types';
import { computeTaf2 } from './taf2';
import { makeDerivedRegister, makeDevice, makeOvl, makeProfile, makeSupplier, twoTariffDay, type OvlSpec } from './testing/fixtures';
import { AnalysisError } from './errors';

const Q = 15 * 60_000;
const STAGES = [
  { tariffNumber: 1, obis: '0100010801ff' },
  { tariffNumber: 2, obis: '0100010802ff' },
];
/** T1 00-06, T2 06-21, T1 21-24: the calendar of the TRuDI test files. */
const DAY = twoTariffDay(1, 2, 6, 21);
const D0 = berlinTime(2017, 11, 4);
const D1 = berlinTime(2017, 11, 5);
const D2 = berlinTime(2017, 11, 6);
const SWITCH = berlinTime(2017, 11, 4, 6);

function registers(readings: MeterReading[], start = D0, days = 1, dayProfiles = [{ dayId: 1, tariffs: DAY }], stages = STAGES) {
  const profile = makeProfile({ start, duration: days * 86400, stages, dayProfiles });
  const result = computeTaf2(makeDevice(readings), makeSupplier(profile));
  return { result, amounts: Object.fromEntries(result.registers.map((r) => [r.obis, r.amount])) };
}

function day(spec: Partial<OvlSpec> = {}, end = D1): MeterReading {
  return makeOvl({ start: D0, end, periodSeconds: 900, ...spec });
}

describe('TAF-2 booking rules', () => {
  it('books each tariff period from switch to switch without gaps', () => {
    const { result, amounts } = registers([day()]);
    expect(amounts).toEqual({ '1-0:1.8.1*255': 360, '1-0:1.8.2*255': 600, '1-0:1.8.63*255': 0 });
    expect(result.begin).toBe('2017-11-04T00:00:00+01:00');
    expect(result.end).toBe('2017-11-05T00:00:00+01:00');
    expect(result.totals).toEqual([{ obis: '1-0:1.8.0*255', tariffNumber: 0, amount: 960, scaler: -1, unit: 'Wh' }]);
  });

  it.each([-4, -3, -2, -1, 0, 1, 2, 3, 4])('a one-reading gap %i quarter-hours from a switch costs the tariff only when it sits on the switch', (offset) => {
    const missing = SWITCH + offset * Q;
    const { amounts } = registers([day({ omit: (t) => t === missing })]);
    if (offset === 0) expect(amounts).toEqual({ '1-0:1.8.1*255': 350, '1-0:1.8.2*255': 590, '1-0:1.8.63*255': 20 });
    else expect(amounts).toEqual({ '1-0:1.8.1*255': 360, '1-0:1.8.2*255': 600, '1-0:1.8.63*255': 0 });
  });

  for (let before = 0; before <= 3; before++) {
    for (let after = 0; after <= 3; after++) {
      it(`a gap over the switch (${before} before, ${after} after) books last before → first after to 63`, () => {
        const { amounts } = registers([day({ omit: (t) => t >= SWITCH - before * Q && t <= SWITCH + after * Q })]);
        expect(amounts).toEqual({
          '1-0:1.8.1*255': 360 - (before + 1) * 10,
          '1-0:1.8.2*255': 600 - (after + 1) * 10,
          '1-0:1.8.63*255': (before + after + 2) * 10,
        });
      });
    }
  }

  it('a gap that ends exactly at a switch costs nothing', () => {
    const { amounts } = registers([day({ omit: (t) => t > SWITCH - 4 * Q && t < SWITCH })]);
    expect(amounts).toEqual({ '1-0:1.8.1*255': 360, '1-0:1.8.2*255': 600, '1-0:1.8.63*255': 0 });
  });

  it.each([
    [3, true],
    [4, true],
    [2, false],
    [1, false],
  ])('PTB %i at the switch point is %s treated as a gap', (ptb, gap) => {
    const { amounts } = registers([day({ status: (t) => (t === SWITCH ? ptb : 0) })]);
    expect(amounts['1-0:1.8.63*255']).toBe(gap ? 20 : 0);
    expect(amounts['1-0:1.8.1*255']! + amounts['1-0:1.8.2*255']! + amounts['1-0:1.8.63*255']!).toBe(960);
  });

  it('a gap at the start of a day with the same tariff on both sides stays in that tariff', () => {
    const { result, amounts } = registers([day({ end: D2, omit: (t) => t >= D1 - Q && t <= D1 + 2 * Q })], D0, 2);
    expect(amounts).toEqual({ '1-0:1.8.1*255': 720, '1-0:1.8.2*255': 1200, '1-0:1.8.63*255': 0 });
    const range = result.days[1]!.ranges[0]!;
    expect([range.start, range.end, range.tariffNumber]).toEqual(['2017-11-04T23:30:00+01:00', '2017-11-05T06:00:00+01:00', 1]);
  });

  it('a gap at the start of a day that ends at a switch goes to the error register', () => {
    const { amounts } = registers([day({ end: D2, omit: (t) => t >= D1 - Q && t < berlinTime(2017, 11, 5, 6) })], D0, 2);
    // 23:30 → 06:00 (26 quarter-hours) goes to 63
    expect(amounts).toEqual({ '1-0:1.8.1*255': 720 - 260, '1-0:1.8.2*255': 1200, '1-0:1.8.63*255': 260 });
  });

  it('keeps every measuring range checkable in one step and the day sums equal to the registers', () => {
    const { result } = registers([day({ end: D2, omit: (t) => t === SWITCH || t === D1 })], D0, 2);
    const sums = new Map<string, number>();
    for (const d of result.days) {
      for (const r of d.ranges) {
        expect(r.amount).toBe(r.endValue - r.startValue);
        sums.set(r.obis, (sums.get(r.obis) ?? 0) + r.amount);
      }
    }
    for (const r of result.registers) expect(sums.get(r.obis) ?? 0).toBe(r.amount);
  });

  it('reads capture times a few seconds late, without targetTime or stated period, the same way', () => {
    const { amounts } = registers([day({ captureDelaySeconds: 3, statePeriod: false, omit: (t) => t === SWITCH })]);
    expect(amounts).toEqual({ '1-0:1.8.1*255': 350, '1-0:1.8.2*255': 590, '1-0:1.8.63*255': 20 });
  });
});

describe('TAF-2 with other measurement periods', () => {
  const cases: [string, number, Record<string, number>][] = [
    ['30 min', 1800, { '1-0:1.8.1*255': 360, '1-0:1.8.2*255': 600, '1-0:1.8.63*255': 0 }],
    ['45 min', 2700, { '1-0:1.8.1*255': 360, '1-0:1.8.2*255': 600, '1-0:1.8.63*255': 0 }],
    ['1 h', 3600, { '1-0:1.8.1*255': 360, '1-0:1.8.2*255': 600, '1-0:1.8.63*255': 0 }],
    ['3 h', 10800, { '1-0:1.8.1*255': 360, '1-0:1.8.2*255': 600, '1-0:1.8.63*255': 0 }],
    // 18:00 → 24:00 spans the 21:00 switch
    ['6 h', 21600, { '1-0:1.8.1*255': 240, '1-0:1.8.2*255': 480, '1-0:1.8.63*255': 240 }],
    // a daily list cannot meet the intra-day switches
    ['1 day', 86400, { '1-0:1.8.1*255': 0, '1-0:1.8.2*255': 0, '1-0:1.8.63*255': 960 }],
  ];
  it.each(cases)('%s period', (_name, period, expected) => {
    const { amounts } = registers([day({ periodSeconds: period, step: (period / 900) * 10 })]);
    expect(amounts).toEqual(expected);
  });

  it('a 30-minute list with a missing reading at the switch books the hour around it to 63', () => {
    const { amounts } = registers([day({ periodSeconds: 1800, step: 20, omit: (t) => t === SWITCH })]);
    expect(amounts).toEqual({ '1-0:1.8.1*255': 340, '1-0:1.8.2*255': 580, '1-0:1.8.63*255': 40 });
  });
});

describe('TAF-2 on DST days', () => {
  const dayT2 = twoTariffDay(1, 2, 8, 20);
  it.each([
    ['spring (23 h)', 2018, 3, 25, 92],
    ['autumn (25 h)', 2018, 10, 28, 100],
  ])('%s: 96 wall-clock slots, totals right', (_name, y, m, d, quarters) => {
    const start = berlinTime(y, m, d);
    const end = berlinTime(y, m, d + 1);
    expect((end - start) / Q).toBe(quarters);
    const profile = makeProfile({ start, duration: (end - start) / 1000, stages: STAGES, dayProfiles: [{ dayId: 1, tariffs: dayT2 }] });
    const result = computeTaf2(makeDevice([makeOvl({ start, end, periodSeconds: 900 })]), makeSupplier(profile));
    const amounts = Object.fromEntries(result.registers.map((r) => [r.obis, r.amount]));
    expect(amounts).toEqual({ '1-0:1.8.1*255': quarters * 10 - 480, '1-0:1.8.2*255': 480, '1-0:1.8.63*255': 0 });
  });

  it('autumn: a switch at 02:30 maps to its first occurrence; the repeated hour stays in the new tariff', () => {
    const start = berlinTime(2018, 10, 28);
    const end = berlinTime(2018, 10, 29);
    const tariffs = Array.from({ length: 96 }, (_, slot) => (slot < 10 ? 1 : 2));
    const profile = makeProfile({ start, duration: 90000, stages: STAGES, dayProfiles: [{ dayId: 1, tariffs }] });
    const result = computeTaf2(makeDevice([makeOvl({ start, end, periodSeconds: 900 })]), makeSupplier(profile));
    expect(result.registers.map((r) => r.amount)).toEqual([100, 900, 0]);
  });

  it('spring: a switch at the skipped 02:30 takes effect at 03:00 CEST', () => {
    const start = berlinTime(2018, 3, 25);
    const end = berlinTime(2018, 3, 26);
    const tariffs = Array.from({ length: 96 }, (_, slot) => (slot < 10 ? 1 : 2));
    const profile = makeProfile({ start, duration: 82800, stages: STAGES, dayProfiles: [{ dayId: 1, tariffs }] });
    const result = computeTaf2(makeDevice([makeOvl({ start, end, periodSeconds: 900 })]), makeSupplier(profile));
    expect(result.registers.map((r) => r.amount)).toEqual([80, 840, 0]);
    expect(result.days[0]!.ranges[1]!.start).toBe('2018-03-25T03:00:00+02:00');
  });
});

describe('TAF-2 import and export', () => {
  it('tariffs each list with the stages of its direction and adds both error registers', () => {
    const stages = [...STAGES, { tariffNumber: 3, obis: '0100020801ff' }, { tariffNumber: 4, obis: '0100020802ff' }];
    const profiles = [
      { dayId: 1, tariffs: DAY },
      { dayId: 2, tariffs: twoTariffDay(3, 4, 10, 16) },
    ];
    const imp = day();
    const exp = day({ obis: '0100020800ff', step: (t) => (t >= SWITCH ? 5 : 0), omit: (t) => t === berlinTime(2017, 11, 4, 16) });
    const profile = makeProfile({ start: D0, duration: 86400, stages, dayProfiles: profiles });
    // one calendar entry per profile and date, as in the TRuDI files
    profile.specialDayProfiles = [...profile.specialDayProfiles, ...profile.specialDayProfiles.map((s) => ({ ...s, dayId: 2 }))];
    const result = computeTaf2(makeDevice([imp, exp]), makeSupplier(profile));
    expect(result.registers.map((r) => [r.obis, r.tariffNumber, r.amount])).toEqual([
      ['1-0:1.8.1*255', 1, 360],
      ['1-0:1.8.2*255', 2, 600],
      // export from 06:00, 5 per quarter-hour; T4 10:00-16:00; the reading at the 16:00 switch is missing
      ['1-0:2.8.1*255', 3, 5 * (16 + 32) - 5],
      ['1-0:2.8.2*255', 4, 5 * 24 - 5],
      ['1-0:1.8.63*255', 63, 0],
      ['1-0:2.8.63*255', 63, 10],
    ]);
  });
});

describe('TAF-2 errors and comparison', () => {
  it('refuses when no reading lies inside the billing period', () => {
    const profile = makeProfile({ start: D2, duration: 86400, stages: STAGES, dayProfiles: [{ dayId: 1, tariffs: DAY }] });
    expect(() => computeTaf2(makeDevice([day()]), makeSupplier(profile))).toThrow(expect.objectContaining({ code: 'NO_READINGS_IN_PERIOD' }));
  });

  it('refuses when every reading is critical or fatal', () => {
    const profile = makeProfile({ start: D0, duration: 86400, stages: STAGES, dayProfiles: [{ dayId: 1, tariffs: DAY }] });
    const error = (() => {
      try {
        computeTaf2(makeDevice([day({ status: (t) => (t < SWITCH ? 3 : 4) })]), makeSupplier(profile));
      } catch (e) {
        return e;
      }
    })() as AnalysisError;
    expect(error).toBeInstanceOf(AnalysisError);
    expect(error.code).toBe('ALL_READINGS_UNUSABLE');
    expect(error.messageDe).toBe('Die PTB oder FNN Stati aller Messwerte sind kritisch oder fatal.');
  });

  it('compares with the gateway’s own TAF-2 registers', () => {
    const gw1 = makeDerivedRegister('0100010801ff', [
      { t: D0, value: 5000 },
      { t: D1, value: 5360 },
    ]);
    const gw2 = makeDerivedRegister('0100010802ff', [
      { t: D0, value: 7000 },
      { t: D1, value: 7601 },
    ]);
    const { result } = registers([day(), gw1, gw2]);
    expect(result.gatewayComparison.map((c) => [c.obis, c.status, c.gateway])).toEqual([
      ['1-0:1.8.1*255', 'equal', 360],
      ['1-0:1.8.2*255', 'different', 601],
    ]);
  });

  it('reports identity mismatches and missing calendar days in German and English', () => {
    const profile = makeProfile({ start: D0, duration: 2 * 86400, stages: STAGES, dayProfiles: [{ dayId: 1, tariffs: DAY }], calendarTo: D1 });
    const result = computeTaf2(makeDevice([day({ end: D2 })], { usagePointId: 'OTHER' }), makeSupplier(profile));
    const codes = result.checks.map((c) => c.code);
    expect(codes).toContain('supplier.usage-point');
    expect(result.checks.find((c) => c.code === 'supplier.missing-day')!.de).toBe('Tagesprofil für Tag 05.11.2017 nicht vorhanden.');
    // a day at the end of the period without calendar is booked to no register, and that is said
    expect(result.registers.map((r) => r.amount)).toEqual([360, 600, 0]);
    expect(codes).toContain('taf2.outside-calendar');
  });

  it('books a day inside the period without calendar entry to the error register', () => {
    const profile = makeProfile({
      start: D0,
      duration: 3 * 86400,
      stages: STAGES,
      dayProfiles: [{ dayId: 1, tariffs: DAY }],
      dayIdFor: (_y, _m, d) => (d === 5 ? undefined : 1),
    });
    const result = computeTaf2(makeDevice([day({ end: berlinTime(2017, 11, 7) })]), makeSupplier(profile));
    expect(result.registers.map((r) => r.amount)).toEqual([720, 1200, 960]);
    expect(result.checks.find((c) => c.code === 'supplier.missing-day')!.en).toBe('No day profile for 05.11.2017.');
  });
});

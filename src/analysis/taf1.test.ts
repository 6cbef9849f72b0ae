import { describe, expect, it } from 'vitest';
import { berlinTime } from '../model/time/berlin';
import type { MeterReading } from '../model/types';
import { AnalysisError } from './errors';
import { computeTaf } from './taf';
import { computeTaf1 } from './taf1';
import { makeDerivedRegister, makeDevice, makeOvl, makeProfile, makeSupplier } from './testing/fixtures';

const OCT = berlinTime(2017, 10, 1);
const NOV = berlinTime(2017, 11, 1);
const ALL_1 = Array.from({ length: 96 }, () => 1);
const ALL_2 = Array.from({ length: 96 }, () => 2);

function profile(start = OCT, end = NOV, extra: Partial<Parameters<typeof makeProfile>[0]> = {}) {
  return makeProfile({ taf: 1, start, duration: (end - start) / 1000, stages: [{ tariffNumber: 1, obis: '0100010801ff' }], dayProfiles: [{ dayId: 1, tariffs: ALL_1 }], ...extra });
}

function month(spec: Partial<Parameters<typeof makeOvl>[0]> = {}): MeterReading {
  return makeOvl({ start: OCT, end: NOV, periodSeconds: 900, ...spec });
}

function errorOf(fn: () => unknown): AnalysisError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AnalysisError) return error;
    throw error;
  }
  throw new Error('expected an AnalysisError');
}

describe('TAF-1', () => {
  it('one register: reading at period end − reading at period start (October with its 25-hour day)', () => {
    const result = computeTaf(makeDevice([month()]), makeSupplier(profile()));
    expect(result.taf).toBe(1);
    expect([result.begin, result.end]).toEqual(['2017-10-01T00:00:00+02:00', '2017-11-01T00:00:00+01:00']);
    expect(result.registers).toEqual([{ obis: '1-0:1.8.1*255', tariffNumber: 1, amount: (31 * 96 + 4) * 10, scaler: -1, unit: 'Wh' }]);
    expect(result.days[0]!.ranges[0]).toMatchObject({ startValue: 1000, endValue: 1000 + (31 * 96 + 4) * 10 });
  });

  it('import and export lists, each with its one day profile', () => {
    const exp = month({ obis: '0100020800ff', step: 3 });
    const p = profile(OCT, NOV, {
      stages: [
        { tariffNumber: 1, obis: '0100010801ff' },
        { tariffNumber: 2, obis: '0100020801ff' },
      ],
      dayProfiles: [
        { dayId: 1, tariffs: ALL_1 },
        { dayId: 2, tariffs: ALL_2 },
      ],
    });
    const result = computeTaf1(makeDevice([month(), exp]), makeSupplier(p));
    expect(result.registers.map((r) => [r.obis, r.amount])).toEqual([
      ['1-0:1.8.1*255', 29800],
      ['1-0:2.8.1*255', 8940],
    ]);
  });

  it('gaps and bad statuses inside the period do not matter; usable boundary readings do', () => {
    const result = computeTaf1(makeDevice([month({ omit: (t) => t === berlinTime(2017, 10, 10), status: (t) => (t === berlinTime(2017, 10, 11) ? 4 : 0) })]), makeSupplier(profile()));
    expect(result.registers[0]!.amount).toBe(29800);
  });

  it.each([
    ['missing', { omit: (t: number) => t === NOV }],
    ['critical', { status: (t: number) => (t === NOV ? 3 : 0) }],
    ['fatal', { status: (t: number) => (t === OCT ? 4 : 0) }],
  ])('refuses a %s boundary reading', (_name, spec) => {
    const error = errorOf(() => computeTaf1(makeDevice([month(spec)]), makeSupplier(profile())));
    expect(error.code).toBe('BOUNDARY_READING_UNUSABLE');
    expect(error.messageDe).toMatch(/^Zu dem Zeitpunkt 2017-1\d-01T00:00:00\+0[12]:00 ist kein Wert vorhanden oder der Status kritisch oder fatal\.$/);
  });

  it('refuses a billing period that does not start on the 1st or lasts 5 months', () => {
    const second = berlinTime(2017, 10, 2);
    expect(errorOf(() => computeTaf1(makeDevice([month()]), makeSupplier(profile(second, berlinTime(2017, 11, 2))))).code).toBe('INVALID_BILLING_PERIOD');
    const five = makeOvl({ start: berlinTime(2017, 6, 1), end: NOV, periodSeconds: 3600 });
    expect(errorOf(() => computeTaf1(makeDevice([five]), makeSupplier(profile(berlinTime(2017, 6, 1), NOV)))).en).toMatch(/5 months/);
  });

  it('refuses derived registers, missing original lists and a calendar that does not fit', () => {
    const derived = makeDerivedRegister('0100010801ff', [{ t: OCT, value: 1 }]);
    expect(errorOf(() => computeTaf1(makeDevice([month(), derived]), makeSupplier(profile()))).code).toBe('TAF1_NOT_ONLY_OVL');
    expect(errorOf(() => computeTaf1(makeDevice([derived]), makeSupplier(profile()))).code).toBe('NO_ORIGINAL_VALUE_LIST');
    const short = profile(OCT, NOV, { calendarTo: berlinTime(2017, 10, 30) });
    expect(errorOf(() => computeTaf1(makeDevice([month()]), makeSupplier(short))).code).toBe('TAF1_CALENDAR_DAYS');
    const switching = profile(OCT, NOV, { stages: [{ tariffNumber: 1, obis: '0100010801ff' }, { tariffNumber: 2, obis: '0100010802ff' }], dayProfiles: [{ dayId: 1, tariffs: [...ALL_1.slice(0, 48), ...ALL_2.slice(48)] }] });
    expect(errorOf(() => computeTaf1(makeDevice([month(), month({ obis: '0100020800ff' })]), makeSupplier(switching))).code).toBe('TAF1_DAY_PROFILE');
  });

  it("own view: TRuDI's refusal kept verbatim, recomputed from the original value lists, the gateway's registers beside it", () => {
    const amount = (31 * 96 + 4) * 10;
    const agreeing = makeDerivedRegister('0100010801ff', [
      { t: OCT, value: 500 },
      { t: NOV, value: 500 + amount },
    ]);
    const device = makeDevice([month(), agreeing]);
    const trudi = errorOf(() => computeTaf(device, makeSupplier(profile())));
    expect(trudi.code).toBe('TAF1_NOT_ONLY_OVL');
    const own = computeTaf(device, makeSupplier(profile()), { ownView: true });
    // The amounts are those of the original value list alone: the derived list takes no part.
    expect(own.registers).toEqual(computeTaf(makeDevice([month()]), makeSupplier(profile())).registers);
    expect(own.notTrudiIdentical!.trudiVerdict).toEqual({ code: 'TAF1_NOT_ONLY_OVL', de: trudi.messageDe, en: trudi.messageEn });
    expect(own.notTrudiIdentical!.de).toMatch(/^Eigene Ansicht, nicht TRuDI-identisch: TRuDI lehnt diese Prüfung ab\./);
    expect(own.notTrudiIdentical!.en).toContain('1-0:1.8.1*255');
    expect(own.gatewayComparison).toEqual([expect.objectContaining({ obis: '1-0:1.8.1*255', recomputed: amount, gateway: amount, status: 'equal' })]);

    const contradicting = makeDerivedRegister('0100010801ff', [
      { t: OCT, value: 500 },
      { t: NOV, value: 500 + amount + 70 },
    ]);
    const differing = computeTaf1(makeDevice([month(), contradicting]), makeSupplier(profile()), { ownView: true });
    expect(differing.gatewayComparison).toEqual([expect.objectContaining({ recomputed: amount, gateway: amount + 70, status: 'different' })]);
    // A read-out of original value lists only is TRuDI-identical also in the own view.
    expect(computeTaf(makeDevice([month()]), makeSupplier(profile()), { ownView: true }).notTrudiIdentical).toBeUndefined();
  });

  it('computeTaf refuses TAF-6/7 supplier files', () => {
    expect(errorOf(() => computeTaf(makeDevice([month()]), makeSupplier(profile(OCT, NOV, { taf: 7 })))).code).toBe('UNSUPPORTED_TAF');
  });
});

import { describe, expect, it } from 'vitest';
import { berlinTime } from '../model/time/berlin';
import { baseShare, berlinDaysByYear, computeBillCost, costOfTaf } from './bill-cost';
import { parseDecimalText, parsePlainDecimal } from './decimal';
import { parsePrices } from './prices';
import type { TafRegister } from './taf-result';
import { computeTaf2 } from './taf2';
import { makeDevice, makeOvl, makeProfile, makeSupplier, twoTariffDay } from './testing/fixtures';

const JANUARY = { start: '2026-01-01T00:00:00+01:00', end: '2026-02-01T00:00:00+01:00' };
const registers: TafRegister[] = [
  { obis: '1-0:1.8.1*255', tariffNumber: 1, amount: 123456, scaler: 0, unit: 'Wh' },
  { obis: '1-0:1.8.2*255', tariffNumber: 2, amount: 654321, scaler: -1, unit: 'Wh' },
  { obis: '1-0:1.8.63*255', tariffNumber: 63, amount: 0, scaler: 0, unit: 'Wh' },
];

describe('bill cost', () => {
  it('prices each register exactly and rounds each line to the cent', () => {
    const prices = parsePrices({ currency: 'EUR', energyPerKwh: { '1-0:1.8.1*255': '0,3012', '1.8.2': 0.2511 } });
    const cost = computeBillCost(registers, prices, JANUARY);
    expect(cost.lines.map((l) => [l.obis, l.energyKwh, l.pricePerKwh, l.exactCost, l.cost, l.status])).toEqual([
      ['1-0:1.8.1*255', '123.456', '0.3012', '37.1849472', '37.18', 'priced'],
      ['1-0:1.8.2*255', '65.4321', '0.2511', '16.43000031', '16.43', 'priced'],
      ['1-0:1.8.63*255', '0', null, '0', '0.00', 'zero-energy'],
    ]);
    expect(cost).toMatchObject({ energyTotal: '53.61', total: '53.61', complete: true, missing: [], vat: 'not-applied' });
    expect(cost.base).toBeUndefined();
  });

  it('adds the base price pro rata by Berlin calendar days', () => {
    const prices = parsePrices({ energyPerKwh: { '1-0:1.8.1*255': '0.30', '1-0:1.8.2*255': '0.20' }, basePricePerYear: '119,88' });
    const cost = computeBillCost(registers, prices, JANUARY);
    // 37.0368 → 37.04; 13.08642 → 13.09; 119.88 × 31 / 365 = 10.1816… → 10.18
    expect(cost.base).toEqual({ perYear: '119.88', days: 31, years: [{ year: 2026, days: 31, daysInYear: 365, share: '10.18' }], share: '10.18' });
    expect(cost).toMatchObject({ energyTotal: '50.13', total: '60.31', complete: true });
  });

  it('splits the base price at a year boundary (365 and 366 days) and counts DST days as one day', () => {
    const base = parseDecimalText('119.88')!;
    const across = baseShare(base, { start: '2027-12-01T00:00:00+01:00', end: '2028-02-01T00:00:00+01:00' });
    expect(across.years).toEqual([
      { year: 2027, days: 31, daysInYear: 365, share: '10.18' },
      { year: 2028, days: 31, daysInYear: 366, share: '10.15' },
    ]);
    expect(across).toMatchObject({ days: 62, share: '20.33' });
    expect(baseShare(base, { start: '2026-01-01T00:00:00+01:00', end: '2027-01-01T00:00:00+01:00' }).share).toBe('119.88');
    expect(baseShare(base, { start: '2028-01-01T00:00:00+01:00', end: '2029-01-01T00:00:00+01:00' })).toMatchObject({ days: 366, share: '119.88' });
    // March and October with their 23- and 25-hour days.
    expect(berlinDaysByYear(berlinTime(2026, 3, 1), berlinTime(2026, 4, 1))).toEqual([{ year: 2026, days: 31 }]);
    expect(berlinDaysByYear(berlinTime(2026, 10, 25), berlinTime(2026, 10, 26))).toEqual([{ year: 2026, days: 1 }]);
    // A period starting after midnight still touches its first day.
    // A partly covered day counts pro rata by time: 18 of 24 hours of 1 May.
    expect(berlinDaysByYear(berlinTime(2026, 5, 1, 6), berlinTime(2026, 5, 3))).toEqual([{ year: 2026, days: 1.75 }]);
  });

  it('counts a partly covered DST day by its own length (23 h in spring, 25 h in autumn)', () => {
    // 29 March 2026 has 23 hours: from 01:00 to midnight are 22 of them (02:00-03:00 does not exist).
    expect(berlinDaysByYear(berlinTime(2026, 3, 29, 1), berlinTime(2026, 3, 30))).toEqual([{ year: 2026, days: 22 / 23 }]);
    // 25 October 2026 has 25 hours: midnight to 12:00 are 13 of them.
    expect(berlinDaysByYear(berlinTime(2026, 10, 25), berlinTime(2026, 10, 25, 12))).toEqual([{ year: 2026, days: 13 / 25 }]);
    // Yearly base 365.00 EUR: 13/25 of a day = 0.52 EUR exactly; 22/23 of a day = 0.9565… → 0.96 EUR.
    expect(baseShare(parsePlainDecimal('365'), { start: '2026-10-25T00:00:00+02:00', end: '2026-10-25T12:00:00+01:00' }).share).toBe('0.52');
    expect(baseShare(parsePlainDecimal('365'), { start: '2026-03-29T01:00:00+01:00', end: '2026-03-30T00:00:00+02:00' }).share).toBe('0.96');
    // Half of a normal day over a year end: 12 h of 31 Dec and 12 h of 1 Jan.
    const split = baseShare(parsePlainDecimal('365'), { start: '2025-12-31T12:00:00+01:00', end: '2026-01-01T12:00:00+01:00' });
    expect(split.years.map((y) => [y.year, y.days, y.share])).toEqual([
      [2025, 0.5, '0.50'],
      [2026, 0.5, '0.50'],
    ]);
  });

  it('never gives a total that was not earned: an unpriced stage makes it incomplete and is named', () => {
    const withError = registers.map((r) => (r.tariffNumber === 63 ? { ...r, amount: 500 } : r));
    const prices = parsePrices({ energyPerKwh: { '1-0:1.8.1*255': '0.30', '1-0:1.8.9*255': '0.10' }, basePricePerYear: 100 });
    const cost = costOfTaf({ registers: withError, billingPeriod: JANUARY }, prices);
    expect(cost.lines.map((l) => [l.obis, l.cost, l.status])).toEqual([
      ['1-0:1.8.1*255', '37.04', 'priced'],
      ['1-0:1.8.2*255', null, 'not-priced'],
      ['1-0:1.8.63*255', null, 'not-priced'],
    ]);
    expect(cost.complete).toBe(false);
    expect(cost.missing).toEqual([
      { obis: '1-0:1.8.2*255', reason: 'not-priced' },
      { obis: '1-0:1.8.63*255', reason: 'not-priced' },
    ]);
    expect(cost.unusedPrices).toEqual(['1-0:1.8.9*255']);
    expect(cost.lines[2]!.notes[0]!.en).toMatch(/missing or faulty readings/);
    expect(cost.total).toBe('45.53'); // 37.04 + 100 × 31/365 = 8.49, marked incomplete
  });

  it('keeps the incomplete marker of a register without a recomputed energy', () => {
    const reason = { de: 'Kein Zählerstand am Ende.', en: 'No reading at the end.' };
    const cost = computeBillCost([{ obis: '1-0:1.8.0*255', tariffNumber: 0, amount: null, scaler: 0, unit: 'Wh', notes: [reason] }], parsePrices({ energyPerKwh: { '1.8.0': '0.3' } }), JANUARY);
    expect(cost.lines[0]).toMatchObject({ energyKwh: null, cost: null, status: 'no-energy', notes: [reason] });
    expect(cost).toMatchObject({ complete: false, missing: [{ obis: '1-0:1.8.0*255', reason: 'no-energy' }] });
  });

  it('a negative price (feed-in) gives a credit', () => {
    const cost = computeBillCost([{ obis: '1-0:2.8.1*255', tariffNumber: 1, amount: 10_000, scaler: 0, unit: 'Wh' }], parsePrices({ energyPerKwh: { '2.8.1': '-0.082' } }), JANUARY);
    expect(cost.lines[0]!.cost).toBe('-0.82');
    expect(cost.total).toBe('-0.82');
  });

  it('prices a recomputed TAF-2 bill check: cost = register kWh × price', () => {
    const start = berlinTime(2026, 3, 28);
    const end = berlinTime(2026, 3, 30);
    const profile = makeProfile({
      start,
      duration: (end - start) / 1000,
      stages: [
        { tariffNumber: 1, obis: '0100010801ff' },
        { tariffNumber: 2, obis: '0100010802ff' },
      ],
      dayProfiles: [{ dayId: 1, tariffs: twoTariffDay(1, 2, 6, 21) }],
    });
    const result = computeTaf2(makeDevice([makeOvl({ start, end, periodSeconds: 900 })]), makeSupplier(profile));
    const cost = costOfTaf(result, parsePrices({ energyPerKwh: { '1.8.1': '0.25', '1.8.2': '0.35' }, basePricePerYear: '73' }));
    const kwh = (obis: string) => {
      const r = result.registers.find((x) => x.obis === obis)!;
      return (r.amount * 10 ** r.scaler) / 1000;
    };
    expect(kwh('1-0:1.8.1*255')).toBeGreaterThan(0);
    expect(Number(cost.lines[0]!.cost)).toBeCloseTo(kwh('1-0:1.8.1*255') * 0.25, 2);
    expect(Number(cost.lines[1]!.cost)).toBeCloseTo(kwh('1-0:1.8.2*255') * 0.35, 2);
    expect(cost.base).toMatchObject({ days: 2, share: '0.40' }); // 73 × 2/365
    expect(cost.complete).toBe(true);
  });
});

describe('prices', () => {
  it('names the field and gives an example on bad input', () => {
    const bad = (value: unknown) => {
      try {
        parsePrices(value, 'p.json');
      } catch (error) {
        return (error as Error & { code: string }).code + ' ' + (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(bad([])).toMatch(/^BAD_PRICES p\.json: \(top level\)/);
    expect(bad({ energyPerKwh: {}, currency: 'USD' })).toMatch(/currency: "USD" is not supported/);
    expect(bad({})).toMatch(/energyPerKwh: is missing/);
    expect(bad({ energyPerKwh: { 'tariff 1': 0.3 } })).toMatch(/energyPerKwh\["tariff 1"\]: "tariff 1" is not the OBIS code/);
    expect(bad({ energyPerKwh: { '1.8.1': '0,3x' } })).toMatch(/energyPerKwh\["1.8.1"\]: "0,3x" is not an amount/);
    expect(bad({ energyPerKwh: { '1.8.1': '0.1234567' } })).toMatch(/more than 6 decimals/);
    expect(bad({ energyPerKwh: { '1.8.1': 1, '1-0:1.8.1*255': 2 } })).toMatch(/given more than once/);
    expect(bad({ energyPerKwh: {}, basePricePerYear: '-5' })).toMatch(/basePricePerYear: "-5" is not an amount in EUR \(not negative\)/);
    expect(bad({ energyPerKwh: {}, vat: 19 })).toMatch(/vat: unknown field/);
    expect(bad({ energyPerKwh: { '1.8.1': true } })).toMatch(/must be a number/);
  });
});

describe('VAT on net prices', () => {
  it('adds the VAT once on the net total, exact and rounded to cents; gross is the total', () => {
    const registers = [{ obis: '1-0:1.8.1*255', tariffNumber: 1, amount: 1234567, scaler: -1, unit: 'Wh' }];
    const period = { start: '2026-01-01T00:00:00+01:00', end: '2026-02-01T00:00:00+01:00' };
    const net = computeBillCost(registers, parsePrices({ energyPerKwh: { '1.8.1': '0.3012' }, basePricePerYear: '119.88' }), period);
    // 123.4567 kWh × 0.3012 = 37.18515… → 37.19; base 119.88 × 31/365 = 10.1814… → 10.18; net 47.37.
    expect([net.energyTotal, net.base!.share, net.total, net.vat]).toEqual(['37.19', '10.18', '47.37', 'not-applied']);
    const gross = computeBillCost(registers, parsePrices({ energyPerKwh: { '1.8.1': '0.3012' }, basePricePerYear: '119.88', vatPercent: '19' }), period);
    // 47.37 × 0.19 = 9.0003 → 9.00; gross 56.37.
    expect(gross.vat).toEqual({ percent: '19', net: '47.37', amount: '9.00', gross: '56.37' });
    expect(gross.total).toBe('56.37');
    expect(gross.rules.en).toContain('The prices are net: 19 % VAT on the net total');
    const reduced = computeBillCost(registers, parsePrices({ energyPerKwh: { '1.8.1': '0.3012' }, vatPercent: '7,5' }), period);
    // 37.19 × 0.075 = 2.78925 → 2.79; gross 39.98.
    expect(reduced.vat).toEqual({ percent: '7.5', net: '37.19', amount: '2.79', gross: '39.98' });
  });

  it('refuses a VAT rate that is not 0 … 100 with at most 2 decimals, naming the field', () => {
    const bad = (vatPercent: unknown) => {
      try {
        parsePrices({ energyPerKwh: {}, vatPercent });
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(bad('101')).toMatch(/vatPercent: 101 % is not a VAT rate/);
    expect(bad('-19')).toMatch(/vatPercent: .*not negative/);
    expect(bad('19.125')).toMatch(/vatPercent: .*more than 2 decimals/);
    expect(bad('0')).toBe('accepted');
  });
});

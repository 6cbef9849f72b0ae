/**
 * Properties of the bill cost, over seeded random registers, prices and periods: each line is the exact
 * product rounded to the cent (checked with integer arithmetic on the raw values, independent of decimal.ts),
 * the total is the sum of the rounded lines and the base share, the base price of any whole calendar year is
 * the yearly price, and the days of a period split at a Berlin midnight add up.
 */
import { describe, expect, it } from 'vitest';
import { berlinTime, formatBerlinIso } from '../model/time/berlin';
import { baseShare, berlinDaysByYear, computeBillCost, type CostRegister } from './bill-cost';
import { parseDecimalText } from './decimal';
import { parsePrices } from './prices';
import { seededRandom } from './testing/fixtures';

/** Cents of raw Wh × 10^scaler × price (micro-euro per kWh), rounded half away from zero, in BigInt. */
function expectedCents(raw: number, scaler: number, microEuroPerKwh: bigint): bigint {
  // EUR = raw × 10^scaler / 1000 × micro / 10^6; cents = raw × micro × 10^scaler / 10^7
  let top = BigInt(raw) * microEuroPerKwh;
  let bottom = 10n ** 7n;
  if (scaler >= 0) top *= 10n ** BigInt(scaler);
  else bottom *= 10n ** BigInt(-scaler);
  const negative = top < 0n;
  const magnitude = negative ? -top : top;
  const q = (2n * magnitude + bottom) / (2n * bottom);
  return negative ? -q : q;
}

const cents = (text: string) => BigInt(text.replace('.', ''));

describe('bill cost properties', () => {
  it('lines are exact products rounded to the cent; the total is their sum plus the base share', () => {
    const random = seededRandom(20261203);
    for (let run = 0; run < 300; run++) {
      const count = 1 + Math.floor(random() * 5);
      const registers: CostRegister[] = [];
      const energyPerKwh: Record<string, string> = {};
      const micro = new Map<string, bigint>();
      for (let stage = 1; stage <= count; stage++) {
        const obis = `1-0:1.8.${stage}*255`;
        const scaler = -1 + Math.floor(random() * 3);
        registers.push({ obis, tariffNumber: stage, amount: Math.floor(random() * 50_000_000), scaler, unit: 'Wh' });
        if (random() < 0.85) {
          const price = BigInt(Math.floor(random() * 900_000)) * (random() < 0.1 ? -1n : 1n);
          micro.set(obis, price);
          energyPerKwh[obis] = `${price < 0n ? '-' : ''}${(price < 0n ? -price : price).toString().padStart(7, '0').replace(/^(\d+)(\d{6})$/, '$1,$2')}`;
        }
      }
      const [y, m, d] = [2024 + Math.floor(random() * 4), 1 + Math.floor(random() * 12), 1 + Math.floor(random() * 28)];
      const dayCount = 1 + Math.floor(random() * 500);
      const start = berlinTime(y, m, d);
      const end = berlinTime(y, m, d + dayCount); // Berlin midnights: 23- and 25-hour days included
      const period = { start: formatBerlinIso(start), end: formatBerlinIso(end) };
      const cost = computeBillCost(registers, parsePrices({ energyPerKwh, basePricePerYear: '119,88' }), period);

      let sum = 0n;
      for (const [i, line] of cost.lines.entries()) {
        const register = registers[i]!;
        const price = micro.get(register.obis);
        if (price === undefined) {
          expect(line.status).toBe(register.amount === 0 ? 'zero-energy' : 'not-priced');
          continue;
        }
        const expected = expectedCents(register.amount!, register.scaler, price);
        expect(cents(line.cost!), `${register.amount} × 10^${register.scaler} Wh × ${energyPerKwh[register.obis]}`).toBe(expected);
        sum += expected;
      }
      expect(cents(cost.energyTotal)).toBe(sum);
      expect(cents(cost.total)).toBe(sum + cents(cost.base!.share));
      expect(cost.complete).toBe(cost.lines.every((l) => l.status === 'priced' || l.status === 'zero-energy'));
      expect(cost.missing.map((m) => m.obis)).toEqual(cost.lines.filter((l) => l.cost === null).map((l) => l.obis));
      expect(cost.base!.days).toBe(dayCount);
    }
  });

  it('a whole calendar year costs the yearly base price; days of a split period add up', () => {
    const random = seededRandom(7);
    for (let run = 0; run < 200; run++) {
      const year = 2000 + Math.floor(random() * 60);
      const perYear = parseDecimalText(`${Math.floor(random() * 100_000)},${String(Math.floor(random() * 100)).padStart(2, '0')}`)!;
      const whole = baseShare(perYear, { start: formatBerlinIso(berlinTime(year, 1, 1)), end: formatBerlinIso(berlinTime(year + 1, 1, 1)) });
      expect(whole.share).toBe(baseShare(perYear, { start: formatBerlinIso(berlinTime(year, 1, 1)), end: formatBerlinIso(berlinTime(year + 1, 1, 1)) }).perYear);
      expect(whole.days).toBe(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 366 : 365);

      const start = berlinTime(year, 1 + Math.floor(random() * 12), 1 + Math.floor(random() * 28));
      const cut = berlinTime(year, 1, 1 + Math.floor(random() * 700));
      const end = berlinTime(year + 2, 1 + Math.floor(random() * 12), 1);
      if (cut <= start || cut >= end) continue;
      const days = (a: number, b: number) => berlinDaysByYear(a, b).reduce((n, y) => n + y.days, 0);
      expect(days(start, cut) + days(cut, end)).toBe(days(start, end));
    }
  });
});

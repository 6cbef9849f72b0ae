import { describe, expect, it } from 'vitest';
import { billedValues, enteredPrices, pricesKey } from './entered';

describe('values entered in the bill check', () => {
  it('no price and no base price: no prices at all (the check runs without cost)', () => {
    expect(enteredPrices({}, '')).toBeUndefined();
    expect(enteredPrices({ '1-0:1.8.1*255': '   ' }, ' ')).toBeUndefined();
  });

  it('keeps the entered prices as typed (decimal comma too), trimmed, without the empty ones', () => {
    expect(enteredPrices({ '1-0:1.8.1*255': ' 12,3456 ', '1-0:1.8.2*255': '', '1-0:1.8.63*255': '10' }, '')).toEqual({
      currency: 'EUR',
      energyPerKwh: { '1-0:1.8.1*255': '12,3456', '1-0:1.8.63*255': '10' },
    });
  });

  it('a base price alone is priced (the registers then lack prices)', () => {
    expect(enteredPrices({}, ' 119,88')).toEqual({ currency: 'EUR', energyPerKwh: {}, basePricePerYear: '119,88' });
  });

  it('a VAT rate is sent as the prices\' vatPercent, trimmed; blank means no VAT', () => {
    expect(enteredPrices({ '1-0:1.8.1*255': '0,30' }, '', ' 19 ')).toEqual({ currency: 'EUR', energyPerKwh: { '1-0:1.8.1*255': '0,30' }, vatPercent: '19' });
    expect(enteredPrices({ '1-0:1.8.1*255': '0,30' }, '', '  ')).not.toHaveProperty('vatPercent');
    // A rate alone goes to the engine too, which checks it (a bad rate is an error naming vatPercent).
    expect(enteredPrices({}, '', '7,5')).toEqual({ currency: 'EUR', energyPerKwh: {}, vatPercent: '7,5' });
  });

  it('does not judge the numbers: a typo goes to the engine, which names the field', () => {
    expect(enteredPrices({ '1-0:1.8.1*255': '12,3x' }, '')?.energyPerKwh).toEqual({ '1-0:1.8.1*255': '12,3x' });
  });

  it('lists the billed values with a value, trimmed, in the order entered', () => {
    expect(billedValues({ '1-0:1.8.2*255': ' 0,05', '1-0:1.8.1*255': '', '1-0:1.8.0*255': '1.5 ' })).toEqual([
      { obis: '1-0:1.8.2*255', value: '0,05' },
      { obis: '1-0:1.8.0*255', value: '1.5' },
    ]);
  });

  it('the prices key changes with any price and is the same for the same prices', () => {
    const before = pricesKey(enteredPrices({ a: '1' }, '2'));
    expect(pricesKey(enteredPrices({ a: ' 1 ' }, '2 '))).toBe(before);
    expect(pricesKey(enteredPrices({ a: '1', b: '3' }, '2'))).not.toBe(before);
    expect(pricesKey(enteredPrices({ a: '1' }, ''))).not.toBe(before);
    expect(pricesKey(enteredPrices({ a: '1' }, '2', '19'))).not.toBe(before);
    expect(pricesKey(enteredPrices({ a: '1' }, '2', '19'))).not.toBe(pricesKey(enteredPrices({ a: '1' }, '2', '7')));
    expect(pricesKey(enteredPrices({ a: '1' }, '2', ' '))).toBe(before);
    expect(pricesKey(undefined)).toBe('null');
  });
});

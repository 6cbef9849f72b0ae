import { describe, expect, it } from 'vitest';
import { parseBilledValue, parseBilledValues, parseDecimal } from './billed';
import { formatterFor } from './format';
import { berlinTime } from '../model/time/berlin';

describe('billed values from the command line and the app', () => {
  it('reads German and English numbers as written on bills', () => {
    expect(parseDecimal('1234,5')).toEqual({ value: 1234.5, decimals: 1 });
    expect(parseDecimal('1234.5')).toEqual({ value: 1234.5, decimals: 1 });
    expect(parseDecimal('1.234,56')).toEqual({ value: 1234.56, decimals: 2 });
    expect(parseDecimal('1,234.56')).toEqual({ value: 1234.56, decimals: 2 });
    expect(parseDecimal('1.234.567')).toEqual({ value: 1234567, decimals: 0 });
    expect(parseDecimal('12 345,0')).toEqual({ value: 12345, decimals: 1 });
    expect(parseDecimal('0,0360')).toEqual({ value: 0.036, decimals: 4 });
    for (const bad of ['', 'abc', '1,2,3', '12.34.5', '1.2,3.4', '-5', '1e3', ',']) expect(parseDecimal(bad), bad).toBeUndefined();
  });

  it('accepts an OBIS code in its full or short form and an optional kWh', () => {
    expect(parseBilledValue('1-0:1.8.1*255=1234,5')).toEqual({ obis: '1-0:1.8.1*255', value: 1234.5, decimals: 1 });
    expect(parseBilledValue('1.8.2 = 17 kWh')).toEqual({ obis: '1-0:1.8.2*255', value: 17, decimals: 0 });
  });

  it('says what is wrong, in German and English', () => {
    expect(() => parseBilledValue('1-0:1.8.1*255')).toThrow(/=/);
    try {
      parseBilledValue('Tarif1=12');
      expect.unreachable();
    } catch (error) {
      expect((error as { de: string }).de).toMatch(/keine OBIS-Kennzahl/);
      expect((error as { en: string }).en).toMatch(/not an OBIS code/);
    }
    expect(() => parseBilledValues(['1.8.1=1', '1-0:1.8.1*255=2'])).toThrow(/more than once/);
  });
});

describe('report formatting', () => {
  it('writes numbers and legal times in the report language, whatever the PC zone', () => {
    const de = formatterFor('de');
    const en = formatterFor('en');
    expect(de.number(1234567.891, 2)).toBe('1.234.567,89');
    expect(en.number(1234567.891, 2)).toBe('1,234,567.89');
    expect(de.signed(-0.5, 1)).toBe('−0,5');
    expect(en.signed(2, 0)).toBe('+2');
    expect(de.signed(0, 2)).toBe('0,00');
    const t = berlinTime(2017, 11, 4, 0, 15);
    expect(de.dateTime(t)).toBe('04.11.2017 00:15');
    expect(en.dateTime(t)).toBe('2017-11-04 00:15');
    // The repeated autumn hour names its zone.
    const first = berlinTime(2025, 10, 26, 2, 30);
    expect(de.dateTime(first)).toBe('26.10.2025 02:30 MESZ');
    expect(en.dateTime(first + 3_600_000)).toBe('2025-10-26 02:30 CET');
  });
});

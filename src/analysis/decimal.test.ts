import { describe, expect, it } from 'vitest';
import { add, decimalOf, formatDecimal, multiply, parseDecimalText, parsePlainDecimal, roundDecimal, scaleRounded, sum } from './decimal';

const d = (text: string) => parseDecimalText(text, { allowNegative: true })!;

describe('exact decimals', () => {
  it('parses German and English writing exactly', () => {
    expect(d('0,3012')).toEqual({ coefficient: 3012n, exponent: -4 });
    expect(d('1.234,56')).toEqual({ coefficient: 123456n, exponent: -2 });
    expect(d('1,234.56')).toEqual({ coefficient: 123456n, exponent: -2 });
    expect(d('-0.082')).toEqual({ coefficient: -82n, exponent: -3 });
    expect(parseDecimalText('-0.082')).toBeUndefined();
    for (const bad of ['', 'abc', '1,2,3', '1e3', ',', '--1', '12.34.5']) expect(parseDecimalText(bad, { allowNegative: true }), bad).toBeUndefined();
  });

  it('adds without binary drift: 0.1 + 0.2 = 0.3 and ten thousand × 0.01 = 100', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(formatDecimal(add(d('0.1'), d('0.2')))).toBe('0.3');
    expect(formatDecimal(sum(Array.from({ length: 10_000 }, () => d('0.01'))), 2)).toBe('100.00');
  });

  it('multiplies exactly and rounds half away from zero', () => {
    expect(formatDecimal(multiply(decimalOf(123456, -3), d('0.3012')))).toBe('37.1849472');
    expect(formatDecimal(roundDecimal(d('2.345'), 2), 2)).toBe('2.35');
    expect(formatDecimal(roundDecimal(d('2.3449'), 2), 2)).toBe('2.34');
    expect(formatDecimal(roundDecimal(d('-2.345'), 2), 2)).toBe('-2.35');
    expect(formatDecimal(roundDecimal(d('7'), 2), 2)).toBe('7.00');
  });

  it('scales by a fraction with one rounding step', () => {
    expect(formatDecimal(scaleRounded(d('119.88'), 31, 365, 2), 2)).toBe('10.18');
    expect(formatDecimal(scaleRounded(d('119.88'), 31, 366, 2), 2)).toBe('10.15');
    expect(formatDecimal(scaleRounded(d('1'), 1, 8, 2), 2)).toBe('0.13');
    expect(formatDecimal(scaleRounded(d('-1'), 1, 8, 2), 2)).toBe('-0.13');
  });

  it('formats and reads back its own text', () => {
    for (const text of ['0', '-12.3', '0.000001', '123456789012345678.9']) expect(formatDecimal(parsePlainDecimal(text))).toBe(text);
    expect(formatDecimal(d('5'), 2)).toBe('5.00');
    expect(() => parsePlainDecimal('1,5')).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import type { BillCheckResult, TafRegisterDto } from '../../../src/api/dto';
import { allRanges, amountText, dayAmountText, displayUnit, isErrorRegister, isNonZeroErrorRegister, obisTariffStage, scaledAmount } from './amounts';

function register(obis: string, tariffNumber: number, amount: number, scaler = -1, unit = 'Wh'): TafRegisterDto {
  return { obis, tariffNumber, amount, scaler, unit } as TafRegisterDto;
}

describe('the bill check amounts', () => {
  it('applies the scaler and shows Wh as kWh with exactly the digits the scaler gives', () => {
    expect(amountText(register('1-0:1.8.1*255', 1, 310), 'de-DE')).toBe('0,0310 kWh');
    expect(amountText(register('1-0:1.8.1*255', 1, 123456789, 0), 'en-GB')).toBe('123,456.789 kWh');
    expect(scaledAmount(register('1-0:1.8.1*255', 1, 5, 3), 'de-DE')).toBe('5');
    expect(amountText(register('x', 1, 42, 0, 'varh'), 'de-DE')).toBe('42 varh');
    expect(displayUnit('Wh')).toBe('kWh');
    expect(displayUnit('kWh')).toBe('kWh');
  });

  it('the error register is the OBIS tariff stage 63, whatever tariff number the supplier file gives it; flagged only with energy booked', () => {
    expect(isErrorRegister(register('1-0:1.8.63*255', 63, 0))).toBe(true);
    expect(isErrorRegister(register('1-0:2.8.63*255', 63, 0))).toBe(true);
    // The TAF-7 supplier file of January 2018 numbers its error register 3.
    expect(isErrorRegister(register('1-0:1.8.63*255', 3, 0))).toBe(true);
    // TestImportExportDirections: tariff number 3 is export tariff 1.
    expect(isErrorRegister(register('1-0:2.8.1*255', 3, 0))).toBe(false);
    expect(isErrorRegister(register('1-0:1.8.1*255', 1, 90))).toBe(false);
    expect(isErrorRegister(register('1-0:1.8.163*255', 63, 90))).toBe(false);
    expect(isNonZeroErrorRegister(register('1-0:1.8.63*255', 63, 0))).toBe(false);
    expect(isNonZeroErrorRegister(register('1-0:1.8.63*255', 3, 90))).toBe(true);
    expect(isNonZeroErrorRegister(register('1-0:1.8.1*255', 1, 90))).toBe(false);
  });

  it('reads the tariff stage E of a display OBIS code', () => {
    expect(obisTariffStage('1-0:1.8.63*255')).toBe(63);
    expect(obisTariffStage('1-0:2.8.0*255')).toBe(0);
    expect(obisTariffStage('1-0:1.8.2')).toBe(2);
    expect(obisTariffStage('010001083fff')).toBeUndefined();
    expect(obisTariffStage('')).toBeUndefined();
  });

  it("a day's raw amount takes its register's scaler and unit; an unknown register keeps the raw number", () => {
    const registers = [register('1-0:1.8.1*255', 1, 310), register('1-0:2.8.1*255', 1, 7, 0)];
    expect(dayAmountText(registers, '1-0:1.8.1*255', 25, 'de-DE')).toBe('0,0025 kWh');
    expect(dayAmountText(registers, '1-0:2.8.1*255', 7, 'de-DE')).toBe('0,007 kWh');
    expect(dayAmountText(registers, '1-0:1.8.9*255', 25, 'de-DE')).toBe('25');
  });

  it('lists the measuring ranges of every day in order', () => {
    const range = (start: string) => ({ start, end: start, tariffNumber: 1, startValue: 0, endValue: 1, amount: 1 });
    const days = [
      { date: '2017-11-04', registers: [], ranges: [range('a'), range('b')] },
      { date: '2017-11-05', registers: [], ranges: [] },
      { date: '2017-11-06', registers: [], ranges: [range('c')] },
    ] as unknown as BillCheckResult['days'];
    expect(allRanges(days).map((r) => r.start)).toEqual(['a', 'b', 'c']);
  });
});

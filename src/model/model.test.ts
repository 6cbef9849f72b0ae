import { describe, expect, it } from 'vitest';
import { obisHexToText, obisTextToHex, obisDirection, withTariffStage, obisEquals, describeObis, isErrorRegister } from './obis';
import { parseGatewayId, gatewayIdToHex, sameGatewayId, gatewayFlag } from './gateway-id';
import { alignToPeriod, targetTimeOf, TARGET_TIME_TOLERANCE_WIDE } from './target-time';
import { matchStandardPeriod, detectPeriodFromReadings } from './measurement-period';
import { findGapsInTimes, findDuplicateTimes } from './gaps';
import { isOriginalValueList, parseQualifiedLogicalName } from './value-list';
import { displayQuantity, scaledValueText, unitText } from './units';
import { sortReadings } from './sorting';
import type { IntervalReading } from './types';

const t = (iso: string) => Date.parse(iso);

describe('OBIS', () => {
  it('converts hex and text', () => {
    expect(obisHexToText('0100010800FF')).toBe('1-0:1.8.0*255');
    expect(obisHexToText('010001083fff')).toBe('1-0:1.8.63*255');
    expect(obisHexToText('0700030100FF')).toBe('7-0:3.1.0*255');
    expect(obisTextToHex('1-0:2.8.0*255')).toBe('0100020800ff');
    expect(obisTextToHex('1.8.1')).toBe('0100010801ff');
    expect(obisTextToHex('1-0:1.8.0*256')).toBeUndefined();
    expect(obisHexToText('0100010800F')).toBeUndefined();
    expect(obisDirection('0100020800ff')).toBe('export');
    expect(withTariffStage('0100010800FF', 63)).toBe('010001083fff');
    expect(obisEquals('0100010800FF', '1-0:1.8.0*255')).toBe(true);
    expect(describeObis('010001083fff').en).toBe('active energy import, error register');
  });

  it('knows the error register by value group E = 63, in hex and text form', () => {
    expect(isErrorRegister('010001083fff')).toBe(true);
    expect(isErrorRegister('010002083FFF')).toBe(true);
    expect(isErrorRegister('1-0:1.8.63*255')).toBe(true);
    expect(isErrorRegister('1-0:1.8.3*255')).toBe(false);
    expect(isErrorRegister('0100010800ff')).toBe(false);
    expect(isErrorRegister('Fehlerregister')).toBe(false);
  });
});

describe('gateway ids (DIN 43863-5)', () => {
  it('reads plain, hex and .sm forms', () => {
    expect(parseGatewayId('EPPC0210486901')).toEqual({ id: 'EPPC0210486901', medium: 'E', flag: 'PPC', block: '02', serial: '10486901' });
    expect(parseGatewayId('0A0E5050430200A00475')?.id).toBe('EPPC0210486901');
    expect(parseGatewayId('elgz0012345678.sm')?.flag).toBe('LGZ');
    expect(gatewayIdToHex('EPPC0210486901')).toBe('0A0E5050430200A00475');
    expect(parseGatewayId('0A01454D4800005DE461')?.id).toBe('1EMH0006153313');
    expect(sameGatewayId('ELGZ0012345678', 'elgz0012345678.sm')).toBe(true);
    expect(gatewayFlag('EDNT0017038437')).toBe('DNT');
    expect(parseGatewayId('1XXXyyy')).toBeUndefined();
  });
});

describe('target time', () => {
  it('aligns within 1 % of the period', () => {
    expect(alignToPeriod(t('2017-07-15T00:30:03+02:00'), 900)).toBe(t('2017-07-15T00:30:00+02:00'));
    expect(alignToPeriod(t('2017-10-28T23:57:51+02:00'), 86400)).toBe(t('2017-10-29T00:00:00+02:00'));
    expect(alignToPeriod(t('2017-07-15T00:30:10+02:00'), 900)).toBeUndefined();
    expect(alignToPeriod(t('2017-07-15T00:30:20+02:00'), 900, TARGET_TIME_TOLERANCE_WIDE)).toBe(t('2017-07-15T00:30:00+02:00'));
    expect(alignToPeriod(t('2017-11-01T00:05:00+01:00'), 30 * 86400)).toBe(t('2017-11-01T00:00:00+01:00'));
  });
  it('prefers a written targetTime', () => {
    expect(targetTimeOf({ captureTime: 5, targetTime: 1 }, 900)).toBe(1);
    expect(targetTimeOf({ captureTime: 5 }, undefined)).toBeUndefined();
  });
});

describe('measurement period', () => {
  it('matches spacings within 2 %', () => {
    expect(matchStandardPeriod(904)).toBe(900);
    expect(matchStandardPeriod(86488)).toBe(86400);
    expect(matchStandardPeriod(200)).toBeUndefined();
    expect(matchStandardPeriod(31 * 86400)).toBe(30 * 86400);
  });
  it('takes the most frequent spacing and ignores PTB >= 3', () => {
    const r = (iso: string, statusPTB = 0): IntervalReading => ({ value: 0, captureTime: t(iso), duration: 0, statusPTB });
    const readings = [r('2017-01-01T00:00:02Z'), r('2017-01-01T00:15:01Z'), r('2017-01-01T00:20:00Z', 3), r('2017-01-01T00:30:03Z'), r('2017-01-01T01:30:00Z')];
    expect(detectPeriodFromReadings(readings)).toBe(900);
  });
});

describe('gaps', () => {
  it('finds missing quarter hours and days across DST', () => {
    const q = [t('2017-11-05T00:00:00+01:00'), t('2017-11-05T00:15:00+01:00'), t('2017-11-05T01:00:00+01:00')];
    expect(findGapsInTimes(q, 900)).toEqual([{ from: t('2017-11-05T00:30:00+01:00'), to: t('2017-11-05T00:45:00+01:00'), missing: 2 }]);
    const days = [t('2018-03-24T00:00:00+01:00'), t('2018-03-25T00:00:00+01:00'), t('2018-03-26T00:00:00+02:00'), t('2018-03-28T00:00:00+02:00')];
    expect(findGapsInTimes(days, 86400)).toEqual([{ from: t('2018-03-27T00:00:00+02:00'), to: t('2018-03-27T00:00:00+02:00'), missing: 1 }]);
    expect(findDuplicateTimes([1, 2, 2, 2, 3, 3])).toEqual([2, 3]);
  });
});

describe('value lists, units, sorting', () => {
  it('tells OVL from derived registers', () => {
    const rt = { powerOfTenMultiplier: 0, uom: 72, scaler: -1, obisCode: '0100010800ff', qualifiedLogicalName: '0100010800FF.1ISK0000000001.sm' };
    expect(isOriginalValueList({ meterId: '1ISK0000000001', readingType: rt })).toBe(true);
    expect(isOriginalValueList({ meterId: '1ISK0000000001', readingType: { ...rt, qualifiedLogicalName: '0100010801ff.TAF-2-ID.sm' } })).toBe(false);
    expect(parseQualifiedLogicalName('0100010800FF.0A01454D4800005DE461.sm')).toEqual({ obisCode: '0100010800ff', owner: '0A01454D4800005DE461' });
  });
  it('scales values exactly', () => {
    expect(scaledValueText(639108, -1)).toBe('63910.8');
    expect(scaledValueText(5, -3, ',')).toBe('0,005');
    expect(scaledValueText(-12, 2)).toBe('-1200');
    expect(displayQuantity(639108, { scaler: -1, uom: 72, powerOfTenMultiplier: 0 })).toEqual({ value: 63.9108, unit: 'kWh' });
    expect(unitText({ uom: 72, powerOfTenMultiplier: 3 })).toBe('kWh');
  });
  it('sorts readings by target time and returns the permutation', () => {
    const rs: IntervalReading[] = [3, 1, 2].map((n) => ({ value: n, captureTime: n * 1000, duration: 0 }));
    expect(sortReadings(rs)).toEqual([1, 2, 0]);
    expect(rs.map((r) => r.value)).toEqual([1, 2, 3]);
    expect(sortReadings(rs)).toBeUndefined();
  });
});

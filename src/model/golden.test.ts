import { describe, expect, it } from 'vitest';
import { HAS_CONFORMANCE, conformancePath } from '../testing/conformance';
import { reportSkippedRealFileTests } from '../testing/conformance-skip';
import { readAr2418File } from '../formats/ar2418/reader';
import { measurementPeriodOf } from './measurement-period';
import { findGaps, targetTimes } from './gaps';
import { targetTimeOf } from './target-time';
import { ptbStatusOf } from './status';
import { berlinTime } from './time/berlin';
import { isOriginalValueList } from './value-list';

describe.skipIf(!HAS_CONFORMANCE)('golden facts from the real files', () => {
  it('result_3_days_geterrorlist.xml, day 2017-11-05: 96 values, 1 gap, 3 fatal, 1 warning, 2 temporary, 3 critical, 86 ok', async () => {
    const { document } = await readAr2418File(conformancePath('trudi/samples/result_3_days_geterrorlist.xml'));
    const mr = document!.usagePoints[0]!.meterReadings[0]!;
    const period = measurementPeriodOf(mr);
    expect(period).toBe(900);
    const from = berlinTime(2017, 11, 5);
    const to = berlinTime(2017, 11, 6);
    const readings = mr.intervalBlocks.flatMap((b) => b.readings).filter((r) => {
      const target = targetTimeOf(r, period)!;
      return target >= from && target < to;
    });
    const gaps = findGaps(readings, 900);
    const missing = gaps.reduce((n, g) => n + g.missing, 0);
    expect(readings.length + missing).toBe(96);
    expect(gaps).toHaveLength(1);
    const counts = [0, 0, 0, 0, 0];
    for (const r of readings) counts[ptbStatusOf(r)!]!++;
    expect(counts).toEqual([86, 1, 2, 3, 3]);
  });

  it('result_oml_winter_to_summer_time.xml: 21 readings, no gap across the DST switch', async () => {
    const { document } = await readAr2418File(conformancePath('trudi/samples/result_oml_winter_to_summer_time.xml'));
    const mr = document!.usagePoints[0]!.meterReadings[0]!;
    const readings = mr.intervalBlocks.flatMap((b) => b.readings);
    expect(readings).toHaveLength(21);
    expect(isOriginalValueList(mr)).toBe(true);
    const period = measurementPeriodOf(mr)!;
    expect(targetTimes(readings, period)).toHaveLength(21);
    expect(findGaps(readings, period)).toEqual([]);
  });
});

reportSkippedRealFileTests('real-file facts');

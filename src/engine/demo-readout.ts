/**
 * The built-in demo read-out: one generated household year (2025) at 15-minute resolution with PV feed-in,
 * as an AR 2418-6 device model. Deterministic, so the same numbers appear on every machine.
 */
import type { Ar2418Document, IntervalReading, MeterReading } from '../model/types';
import { berlinTime } from '../model/time/berlin';
import { generateHouseholdSeries } from '../simulator/sample/load-shapes';

export const DEMO_GATEWAY_ID = 'EDEM0100000001';
export const DEMO_METER_ID = '1DEM0012345678';
export const DEMO_YEAR = 2025;
const OK_STATUS_FNN = 'A000000020000000';

export function createDemoDocument(): Ar2418Document {
  const series = generateHouseholdSeries({
    start: berlinTime(DEMO_YEAR, 1, 1),
    end: berlinTime(DEMO_YEAR + 1, 1, 1),
    periodSeconds: 900,
    seed: 'trudi-demo',
    pv: true,
  });
  const channel = (obisCode: string, values: number[]): MeterReading => {
    const readings: IntervalReading[] = series.times.map((time, i) => ({
      value: values[i]!,
      captureTime: time,
      duration: 0,
      targetTime: time,
      statusFNN: OK_STATUS_FNN,
      statusPTB: 0,
    }));
    return {
      meterId: DEMO_METER_ID,
      meterReadingId: `${obisCode}.${DEMO_METER_ID}`,
      readingType: {
        powerOfTenMultiplier: 0,
        uom: 72,
        scaler: 0,
        obisCode,
        qualifiedLogicalName: `${obisCode}.${DEMO_METER_ID}.sm`,
        measurementPeriod: 900,
      },
      intervalBlocks: [{ start: series.times[0]!, duration: (series.times.at(-1)! - series.times[0]!) / 1000, readings }],
    };
  };
  return {
    kind: 'device',
    schemaVersion: '1.2',
    usagePoints: [
      {
        serviceCategory: 0,
        usagePointId: 'DE0000000000000000000000000000001',
        customerId: 'demo-consumer',
        invoicingPartyId: 'demo-supplier',
        smgw: { certIds: [], smgwId: DEMO_GATEWAY_ID, firmwareComponents: [] },
        certificates: [],
        tariffName: 'demo-taf7',
        logEntries: [],
        meterReadings: [channel('0100010800ff', series.importWh), channel('0100020800ff', series.exportWh)],
      },
    ],
  };
}

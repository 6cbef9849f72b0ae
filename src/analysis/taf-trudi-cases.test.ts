/**
 * TRuDI's remaining bill-check behaviour (issue 10, item 5) on files built here:
 * a day profile switching at every quarter hour (TRuDI's 23:45 rule and the literal reading side by side),
 * a calendar naming an undefined day profile, and TAF-1 with two meters on one OBIS code.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeAr2418 } from '../formats/ar2418/writer';
import { berlinTime } from '../model/time/berlin';
import type { Ar2418Document, UsagePoint } from '../model/types';
import { computeTaf } from './taf';
import { computeTaf2 } from './taf2';
import { makeDevice, makeOvl, makeProfile, makeSupplier } from './testing/fixtures';
import { runCli } from './testing/run-cli';

const Q = 15 * 60_000;
const D0 = berlinTime(2019, 5, 6);
const D1 = berlinTime(2019, 5, 7);
const D2 = berlinTime(2019, 5, 8);
const STAGES = [
  { tariffNumber: 1, obis: '0100010801ff' },
  { tariffNumber: 2, obis: '0100010802ff' },
];
/** Tariff 1 in even, tariff 2 in odd quarter hours: 96 switch points, the last at 23:45 (to tariff 2). */
const ALTERNATING = Array.from({ length: 96 }, (_, slot) => (slot % 2 === 0 ? 1 : 2));
/** Energy of quarter hour `slot` of any day: slot + 1 raw units, so every quarter hour is recognisable. */
const energy = (slot: number) => slot + 1;
const slotOf = (t: number) => Math.round((t - (t >= D1 ? D1 : D0)) / Q);

const dir = mkdtempSync(join(tmpdir(), 'trudi-taf-cases-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, usagePoint: UsagePoint, kind: Ar2418Document['kind']): string {
  const path = join(dir, name);
  writeFileSync(path, writeAr2418({ kind, schemaVersion: '1.2', usagePoints: [usagePoint] }));
  return path;
}

function alternating(omit?: (t: number) => boolean) {
  const ovl = makeOvl({ start: D0, end: D2, periodSeconds: 900, step: (t) => energy(slotOf(t)), ...(omit ? { omit } : {}) });
  const profile = makeProfile({ start: D0, duration: (D2 - D0) / 1000, stages: STAGES, dayProfiles: [{ dayId: 1, tariffs: ALTERNATING }] });
  return { device: makeDevice([ovl]), supplier: makeSupplier(profile) };
}

/** Expected registers by the booking rules, per day: literal or TRuDI's 23:45 rule; `gap` = [first, last] missing slot. */
function expected(rule: 'trudi' | 'literal', gap?: [number, number]) {
  const sums: Record<number, number> = { 1: 0, 2: 0, 63: 0 };
  for (let slot = 0; slot < 96; slot++) {
    const tariff = rule === 'trudi' && slot === 95 ? ALTERNATING[94]! : ALTERNATING[slot]!;
    // A gap across switch points: last reading before → first after goes to the error register.
    const inGap = gap !== undefined && slot >= gap[0] - 1 && slot <= gap[1];
    sums[inGap ? 63 : tariff]! += energy(slot);
  }
  return sums;
}

function amounts(result: ReturnType<typeof computeTaf2>) {
  return Object.fromEntries(result.registers.map((r) => [r.tariffNumber, r.amount]));
}

describe('a day profile switching tariff at every quarter hour (96 switch points)', () => {
  it('books 23:45–24:00 to the tariff valid before 23:45 as TRuDI 1.0 does, and states the literal reading as a finding', () => {
    const { device, supplier } = alternating();
    const result = computeTaf2(device, supplier);
    const trudi = expected('trudi');
    const literal = expected('literal');
    // two equal days
    expect(amounts(result)).toEqual({ 1: 2 * trudi[1]!, 2: 2 * trudi[2]!, 63: 0 });
    expect(trudi[1]! - literal[1]!).toBe(energy(95));
    expect(result.literalReading).toEqual([
      {
        obis: '1-0:1.8.0*255',
        meterId: device.meterReadings[0]!.meterId,
        dates: ['2019-05-06', '2019-05-07'],
        literalTariffs: [2],
        registers: [
          { obis: '1-0:1.8.1*255', tariffNumber: 1, trudi: 2 * trudi[1]!, literal: 2 * literal[1]!, difference: -2 * energy(95) },
          { obis: '1-0:1.8.2*255', tariffNumber: 2, trudi: 2 * trudi[2]!, literal: 2 * literal[2]!, difference: 2 * energy(95) },
        ],
      },
    ]);
    const finding = result.checks.find((c) => c.code === 'taf2.trudi-last-quarter-hour')!;
    expect(finding.severity).toBe('info');
    expect(finding.de).toContain('23:45–24:00');
    expect(finding.de).toContain(`1-0:1.8.2*255 +${2 * energy(95)}`);
    expect(finding.en).toContain(`1-0:1.8.1*255 -${2 * energy(95)}`);
    // every quarter hour of a day is its own measuring range, except the merged 23:30–24:00
    const ranges = result.days[0]!.ranges;
    expect(ranges).toHaveLength(95);
    expect(ranges[94]).toMatchObject({ start: '2019-05-06T23:30:00+02:00', end: '2019-05-07T00:00:00+02:00', tariffNumber: 1, amount: energy(94) + energy(95) });
  });

  it('with a two-hour gap across switch points: last reading before → first after to the error register', () => {
    // readings 10:15 … 11:45 missing (slots 41 … 47): 10:00 → 12:00 goes to 63
    const gapStart = berlinTime(2019, 5, 6, 10, 15);
    const gapEnd = berlinTime(2019, 5, 6, 11, 45);
    const { device, supplier } = alternating((t) => t >= gapStart && t <= gapEnd);
    const result = computeTaf2(device, supplier);
    const day0 = expected('trudi', [41, 47]);
    const day1 = expected('trudi');
    expect(amounts(result)).toEqual({ 1: day0[1]! + day1[1]!, 2: day0[2]! + day1[2]!, 63: day0[63]! });
    expect(day0[63]).toBe([40, 41, 42, 43, 44, 45, 46, 47].reduce((s, i) => s + energy(i), 0));
    const errorRange = result.days[0]!.ranges.find((r) => r.tariffNumber === 63)!;
    expect([errorRange.start, errorRange.end]).toEqual(['2019-05-06T10:00:00+02:00', '2019-05-06T12:00:00+02:00']);
    // energy is conserved
    const total = result.registers.reduce((s, r) => s + r.amount, 0);
    expect(total).toBe(2 * Array.from({ length: 96 }, (_, i) => energy(i)).reduce((a, b) => a + b, 0));
    // the 23:45 finding stays, unchanged by the gap
    expect(result.literalReading![0]!.registers.map((r) => r.difference)).toEqual([-2 * energy(95), 2 * energy(95)]);
  });

  it('a missing reading at 23:45: TRuDI keeps 23:30–24:00 in tariff 1, the literal reading books it to the error register', () => {
    const missing = berlinTime(2019, 5, 6, 23, 45);
    const { device, supplier } = alternating((t) => t === missing);
    const result = computeTaf2(device, supplier);
    const trudi = expected('trudi');
    expect(amounts(result)).toEqual({ 1: 2 * trudi[1]!, 2: 2 * trudi[2]!, 63: 0 });
    expect(result.literalReading![0]!.registers).toEqual([
      { obis: '1-0:1.8.1*255', tariffNumber: 1, trudi: 2 * trudi[1]!, literal: 2 * trudi[1]! - 2 * energy(95) - energy(94), difference: -2 * energy(95) - energy(94) },
      { obis: '1-0:1.8.2*255', tariffNumber: 2, trudi: 2 * trudi[2]!, literal: 2 * trudi[2]! + energy(95), difference: energy(95) },
      { obis: '1-0:1.8.63*255', tariffNumber: 63, trudi: 0, literal: energy(94) + energy(95), difference: energy(94) + energy(95) },
    ]);
  });

  it('a day profile whose last switch is earlier than 23:45 gives no finding', () => {
    const tariffs = ALTERNATING.map((t, slot) => (slot >= 94 ? 1 : t));
    const profile = makeProfile({ start: D0, duration: (D1 - D0) / 1000, stages: STAGES, dayProfiles: [{ dayId: 1, tariffs }] });
    const ovl = makeOvl({ start: D0, end: D1, periodSeconds: 900, step: (t) => energy(slotOf(t)) });
    const result = computeTaf2(makeDevice([ovl]), makeSupplier(profile));
    expect(result.literalReading).toBeUndefined();
    expect(result.checks.map((c) => c.code)).not.toContain('taf2.trudi-last-quarter-hour');
  });

  it('through the CLI: the TRuDI result with the literal reading in `literalReading` and the text output', async () => {
    const { device, supplier } = alternating();
    const devicePath = write('alternating-device.xml', device, 'device');
    const supplierPath = write('alternating-supplier.xml', supplier, 'supplier');
    const json = await runCli(['taf', '--device', devicePath, '--supplier', supplierPath, '--json']);
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout);
    expect(out.literalReading[0].registers.map((r: { difference: number }) => r.difference)).toEqual([-2 * energy(95), 2 * energy(95)]);
    const text = await runCli(['taf', '--device', devicePath, '--supplier', supplierPath]);
    expect(text.stdout).toContain('TRuDI 1.0');
  });
});

describe('a special day profile naming a dayId no DayProfile defines', () => {
  const profile = makeProfile({
    start: D0,
    duration: (D2 - D0) / 1000,
    stages: STAGES,
    dayProfiles: [{ dayId: 1, tariffs: ALTERNATING }],
    dayIdFor: (_y, _m, d) => (d === 7 ? 9 : 1),
  });
  const device = makeDevice([makeOvl({ start: D0, end: D2, periodSeconds: 900 })]);

  it('is refused with an error naming the day and the id', () => {
    expect(() => computeTaf(device, makeSupplier(profile))).toThrow(expect.objectContaining({ code: 'UNKNOWN_DAY_PROFILE', message: expect.stringContaining('dayId 9 for 07.05.2019') }));
    expect(() => computeTaf(device, makeSupplier({ ...profile, tariffUseCase: 1 }))).toThrow(expect.objectContaining({ code: 'UNKNOWN_DAY_PROFILE' }));
  });

  it('npx trudi taf exits non-zero and names day and id in both languages', async () => {
    const devicePath = write('unknown-day-device.xml', device, 'device');
    const supplierPath = write('unknown-day-supplier.xml', makeSupplier(profile), 'supplier');
    const json = await runCli(['taf', '--device', devicePath, '--supplier', supplierPath, '--json']);
    expect(json.code).not.toBe(0);
    const { error } = JSON.parse(json.stdout);
    expect(error.code).toBe('UNKNOWN_DAY_PROFILE');
    expect(error.de).toContain('für den 07.05.2019 die dayId 9');
    expect(error.message).toContain('present: 1');
    const text = await runCli(['taf', '--device', devicePath, '--supplier', supplierPath]);
    expect(text.code).not.toBe(0);
    expect(text.stderr).toContain('dayId 9');
  });
});

describe('TAF-1 with two original value lists of different meters and the same OBIS code', () => {
  const start = berlinTime(2019, 10, 1);
  const end = berlinTime(2019, 11, 1);
  const meterA = makeOvl({ start, end, periodSeconds: 86400, meterId: '1EMH0000000001', startValue: 5000, step: 70 });
  const meterB = makeOvl({ start, end, periodSeconds: 86400, meterId: '1EMH0000000002', startValue: 100, step: 3 });
  const profile = makeProfile({ taf: 1, start, duration: (end - start) / 1000, stages: [{ tariffNumber: 1, obis: '0100010801ff' }], dayProfiles: [{ dayId: 1, tariffs: new Array(96).fill(1) }] });

  it('gives one summary register adding both and one accounting section per meter', async () => {
    const devicePath = write('two-meters-device.xml', makeDevice([meterA, meterB]), 'device');
    const supplierPath = write('two-meters-supplier.xml', makeSupplier(profile), 'supplier');
    const { code, stdout } = await runCli(['taf', '--device', devicePath, '--supplier', supplierPath, '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    // 31 days of October (the 25-hour day counts once): 31 × 70 and 31 × 3
    expect(out.registers).toEqual([{ obis: '1-0:1.8.1*255', tariffNumber: 1, amount: 31 * 70 + 31 * 3, scaler: -1, unit: 'Wh' }]);
    expect(out.totals[0].amount).toBe(31 * 73);
    expect(out.days).toHaveLength(1);
    expect(out.days[0].ranges).toEqual([
      { obis: '1-0:1.8.1*255', tariffNumber: 1, meterId: '1EMH0000000001', start: '2019-10-01T00:00:00+02:00', end: '2019-11-01T00:00:00+01:00', startValue: 5000, endValue: 5000 + 31 * 70, amount: 31 * 70 },
      { obis: '1-0:1.8.1*255', tariffNumber: 1, meterId: '1EMH0000000002', start: '2019-10-01T00:00:00+02:00', end: '2019-11-01T00:00:00+01:00', startValue: 100, endValue: 100 + 31 * 3, amount: 31 * 3 },
    ]);
  });
});

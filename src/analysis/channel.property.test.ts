/**
 * Property: the prepared channel's hot loop (inline target-time rounding, repeated FNN words, the
 * skipped sort and compaction of ascending lists) gives exactly what the plain definition gives: every
 * reading's target time by `targetTimeOf`, its status by `ptbStatus`, readings without a target time left
 * out, sorted by target time, of equal target times the one with the better status kept.
 * Random lists: periods 1 min … 1 day and irregular, capture delays inside and outside the tolerance,
 * written target times, shuffled and repeated readings, gaps, PTB and FNN statuses, several blocks.
 * Capture times and source positions are built lazily for lists delivered in order: read one by one
 * (`captureAt`) and as columns, both equal the definition.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { targetTimeOf } from '../model/target-time';
import type { IntervalReading, MeterReading } from '../model/types';
import { buildChannel } from './channel';
import { measurementPeriodOf, ptbStatus } from './model-access';

const PERIODS = [60, 300, 900, 1800, 3600, 7200, 86400, 1000];
const FNN = ['A000000020000000', 'A000000020000100', 'A000000000000000', '0000000000000000', 'zz'];

interface Reference {
  times: number[];
  captures: number[];
  sources: number[];
  values: number[];
  status: number[];
  unaligned: number;
  duplicates: number;
}

/** The plain definition, reading by reading. */
function reference(list: MeterReading): Reference {
  const period = measurementPeriodOf(list);
  const rows: { t: number; c: number; o: number; v: number; s: number }[] = [];
  let ordinal = 0;
  let unaligned = 0;
  for (const block of list.intervalBlocks) {
    for (const r of block.readings) {
      const o = ordinal++;
      const t = period === undefined ? (r.targetTime ?? r.captureTime) : targetTimeOf(r, period);
      if (t === undefined) {
        unaligned++;
        continue;
      }
      rows.push({ t, c: r.captureTime, o, v: r.value, s: ptbStatus(r) });
    }
  }
  rows.sort((a, b) => a.t - b.t || a.s - b.s || a.o - b.o);
  const kept = rows.filter((row, i) => i === 0 || rows[i - 1]!.t !== row.t);
  return {
    times: kept.map((r) => r.t),
    captures: kept.map((r) => r.c),
    sources: kept.map((r) => r.o),
    values: kept.map((r) => r.v),
    status: kept.map((r) => r.s),
    unaligned,
    duplicates: rows.length - kept.length,
  };
}

const readingArb = (periodMs: number) =>
  fc.record({
    slot: fc.integer({ min: 0, max: 40 }),
    delay: fc.oneof(fc.integer({ min: -3, max: 3 }).map((s) => s * 1000), fc.integer({ min: -periodMs, max: periodMs })),
    written: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    value: fc.integer({ min: 0, max: 1_000_000 }),
    ptb: fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 6 })),
    fnn: fc.oneof(fc.constant(undefined), fc.constantFrom(...FNN)),
  });

const listArb = fc
  .record({ period: fc.constantFrom(...PERIODS), stated: fc.boolean(), ascending: fc.boolean(), distinct: fc.boolean(), blocks: fc.integer({ min: 1, max: 3 }) })
  .chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      readings: fc.array(readingArb(shape.period * 1000), { minLength: 0, maxLength: 60 }),
    }),
  )
  .map(({ shape, readings }) => {
    const periodMs = shape.period * 1000;
    const base = Date.UTC(2024, 2, 30, 22);
    // Distinct ascending slots (with gaps): lists delivered in order, whose capture columns are built lazily.
    let slot = 0;
    const rows: IntervalReading[] = readings.map((r) => {
      slot = shape.distinct ? slot + 1 + (r.slot % 3) : r.slot;
      const target = base + slot * periodMs;
      const reading: IntervalReading = { value: r.value, captureTime: target + r.delay, duration: 0 };
      if (r.written) reading.targetTime = target;
      if (r.ptb !== undefined) reading.statusPTB = r.ptb;
      if (r.fnn !== undefined) reading.statusFNN = r.fnn;
      return reading;
    });
    if (shape.ascending) rows.sort((a, b) => a.captureTime - b.captureTime);
    const size = Math.ceil(rows.length / shape.blocks);
    const blocks = Array.from({ length: shape.blocks }, (_, i) => ({ start: base, duration: 86400, readings: rows.slice(i * size, (i + 1) * size) }));
    const list: MeterReading = {
      meterId: '1EMH0012345678',
      meterReadingId: 'id',
      readingType: { powerOfTenMultiplier: 0, uom: 72, scaler: -1, obisCode: '0100010800FF', qualifiedLogicalName: '0100010800ff.1EMH0012345678.sm' },
      intervalBlocks: blocks,
    };
    if (shape.stated) list.readingType.measurementPeriod = shape.period;
    return list;
  });

describe('prepared channel', () => {
  it('equals the reading-by-reading definition', () => {
    fc.assert(
      fc.property(listArb, (list) => {
        const channel = buildChannel(list);
        const expected = reference(list);
        // Capture times read one by one before the column exists (it is built on first read).
        expect(Array.from({ length: channel.times.length }, (_, i) => channel.captureAt(i))).toEqual(expected.captures);
        expect({
          times: [...channel.times],
          captures: [...channel.captures],
          sources: [...channel.sources],
          values: [...channel.values],
          status: [...channel.status],
          unaligned: channel.unaligned,
          duplicates: channel.duplicates,
        }).toEqual(expected);
      }),
      { numRuns: 400, seed: 2418 },
    );
  });
});

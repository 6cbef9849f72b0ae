import { describe, expect, it } from 'vitest';
import { readAr2418 } from '../../formats/ar2418/reader';
import { writeAr2418, writeAr2418Bytes } from '../../formats/ar2418/writer';
import { berlinTime } from '../../model/time/berlin';
import { generateSampleDocument, generateSignedSampleDocument, SAMPLE_GENERATOR_VERSION } from './sample-document';

describe('sample document', () => {
  it('is a deterministic function of the options', () => {
    const a = writeAr2418(generateSampleDocument({ months: 1, seed: 's' }));
    expect(writeAr2418(generateSampleDocument({ months: 1, seed: 's' }))).toBe(a);
    expect(writeAr2418(generateSampleDocument({ months: 1, seed: 't' }))).not.toBe(a);
  });

  it('covers DST days, gaps, status words, log entries and the three certificates', () => {
    const doc = generateSampleDocument({ months: 12, start: berlinTime(2024, 1, 1), channels: ['import', 'export'], seed: 'x' });
    const up = doc.usagePoints[0]!;
    expect(doc.generatorVersion).toBe(SAMPLE_GENERATOR_VERSION);
    expect(up.certificates.map((c) => c.certType)).toEqual([1, 2, 3]);
    expect(up.logEntries.length).toBeGreaterThan(10);
    const [imp, exp] = up.meterReadings;
    expect(imp!.readingType.qualifiedLogicalName).toBe(`0100010800ff.${imp!.meterId}.sm`);
    expect(exp!.readingType.obisCode).toBe('0100020800ff');
    const blockOf = (y: number, m: number, d: number) => imp!.intervalBlocks.find((b) => b.start === berlinTime(y, m, d))!;
    expect(blockOf(2024, 3, 31).duration).toBe(23 * 3600);
    expect(blockOf(2024, 3, 31).readings).toHaveLength(92);
    expect(blockOf(2024, 10, 27).readings).toHaveLength(100);
    const readings = imp!.intervalBlocks.flatMap((b) => b.readings);
    expect(readings.length).toBe(366 * 96 - 107);
    const statuses = new Set(readings.map((r) => r.statusFNN));
    expect([...statuses].sort()).toEqual(['A000000020000000', 'A002000020000000', 'A004000020000000', 'A008000020000000']);
    for (let i = 1; i < readings.length; i++) expect(readings[i]!.value).toBeGreaterThanOrEqual(readings[i - 1]!.value);
    // Capture times lie 1-4 s after the quarter hour, like a real gateway's.
    for (const r of readings.slice(0, 50)) expect((r.captureTime / 1000) % 900).toBeGreaterThanOrEqual(1);
    expect(exp!.intervalBlocks.flatMap((b) => b.readings).at(-1)!.value).toBeGreaterThan(1_000_000);
  });

  it('round-trips through the AR 2418-6 writer and reader with every reading signed', async () => {
    const { document } = await generateSignedSampleDocument({ months: 1, periodSeconds: 86_400, seed: 'rt' });
    const read = readAr2418(writeAr2418Bytes(document));
    expect(read.ok, JSON.stringify(read.problems.filter((p) => p.severity === 'error').slice(0, 3))).toBe(true);
    const readings = read.document!.usagePoints[0]!.meterReadings.flatMap((m) => m.intervalBlocks.flatMap((b) => b.readings));
    expect(readings.length).toBe(2 * (31 - 3));
    for (const r of readings) expect(r.signature).toMatch(/^[0-9A-F]{128}$/);
  });
});

describe('sample document, minimal style', () => {
  it('fills every reading field with fixed ids and known register values', () => {
    const doc = generateSampleDocument({ style: 'minimal', readings: 4, channels: ['0100010800ff', '0100020800FF'] });
    expect(doc.schemaVersion).toBe('1.2');
    const up = doc.usagePoints[0]!;
    expect(up.smgw.smgwId).toBe('EXXX0012345678');
    expect(up.tariffName).toBe('TAF7-Beispiel');
    const [imp, exp] = up.meterReadings;
    expect(exp!.readingType.obisCode).toBe('0100020800ff');
    expect(imp!.intervalBlocks).toHaveLength(1);
    const readings = imp!.intervalBlocks[0]!.readings;
    expect(readings.map((r) => r.targetTime! - berlinTime(2024, 1, 1))).toEqual([0, 900_000, 1_800_000, 2_700_000]);
    expect(readings.map((r) => r.captureTime - r.targetTime!)).toEqual([0, 3000, 0, 3000]);
    expect(readings[0]!.value).toBe(1_000_000);
    expect(exp!.intervalBlocks[0]!.readings[0]!.value).toBe(2_000_000);
    expect(readings.every((r) => r.statusPTB === 0 && r.signature === undefined)).toBe(true);
  });

  it('steps day readings along Berlin midnights across the DST change', () => {
    const doc = generateSampleDocument({ style: 'minimal', readings: 3, periodSeconds: 86_400, start: berlinTime(2024, 3, 30) });
    const targets = doc.usagePoints[0]!.meterReadings[0]!.intervalBlocks[0]!.readings.map((r) => r.targetTime);
    expect(targets).toEqual([berlinTime(2024, 3, 30), berlinTime(2024, 3, 31), berlinTime(2024, 4, 1)]);
    expect(targets[2]! - targets[1]!).toBe(23 * 3600 * 1000);
  });

  it('leaves the planned gaps with consistent FNN and PTB status when asked', () => {
    const doc = generateSampleDocument({ style: 'minimal', readings: 400, gaps: true });
    const readings = doc.usagePoints[0]!.meterReadings[0]!.intervalBlocks[0]!.readings;
    expect(readings.length).toBe(400 - 8 - 96 - 3);
    expect(readings.filter((r) => r.statusPTB !== 0).map((r) => r.statusPTB)).toEqual([1, 2, 1, 2, 1, 2]);
    const read = readAr2418(writeAr2418Bytes(doc));
    expect(read.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('writes placeholder signatures of the real sizes, the same on every run, and refuses real signing', async () => {
    const a = generateSampleDocument({ style: 'minimal', readings: 3, placeholderSignatures: true });
    const r = a.usagePoints[0]!.meterReadings[0]!.intervalBlocks[0]!.readings[1]!;
    expect(r.signature).toMatch(/^[0-9A-F]{128}$/);
    expect(r.meterSig).toMatch(/^[0-9A-F]{64}$/);
    expect(r.certId).toBe(1);
    expect(writeAr2418(generateSampleDocument({ style: 'minimal', readings: 3, placeholderSignatures: true }))).toBe(writeAr2418(a));
    await expect(generateSignedSampleDocument({ style: 'minimal' })).rejects.toThrow(/placeholder signatures only/);
    expect(() => generateSampleDocument({ style: 'minimal', channels: ['0100'] })).toThrow(/12 hex digits/);
  });
});

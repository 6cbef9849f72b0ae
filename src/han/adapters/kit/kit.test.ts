import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../errors';
import { ChannelCollector, integerValue, obisHex, statusFnn } from './readings';
import { berlinWallCandidates, berlinWallText, isoUtc, parseInstant, resolveBerlinNewestFirst } from './time';

describe('adapter kit: time', () => {
  it('takes instants only with an offset (a time without one would be read in the PC zone)', () => {
    expect(parseInstant('2025-10-26T23:00:01Z', 'x')).toBe(Date.UTC(2025, 9, 26, 23, 0, 1));
    expect(parseInstant('2025-10-26T02:00:00+01:00', 'x')).toBe(Date.UTC(2025, 9, 26, 1));
    expect(() => parseInstant('2025-10-26T02:00:00', 'capture')).toThrow(/capture: "2025-10-26T02:00:00" is not a time with offset/);
    expect(isoUtc(Date.UTC(2025, 0, 1, 0, 0, 0, 999))).toBe('2025-01-01T00:00:00Z');
  });

  it('Berlin wall times: two instants in the repeated hour, none in the skipped one', () => {
    expect(berlinWallCandidates('2025-10-26 02:15:00')).toEqual([Date.UTC(2025, 9, 26, 0, 15), Date.UTC(2025, 9, 26, 1, 15)]);
    expect(berlinWallCandidates('29.03.2026 02:30')).toEqual([]);
    expect(berlinWallCandidates('2026-03-29 03:00:00')).toEqual([Date.UTC(2026, 2, 29, 1)]);
    expect(berlinWallCandidates('2026-13-01 00:00')).toBeUndefined();
    expect(berlinWallText(Date.UTC(2025, 9, 26, 1, 15))).toBe('2025-10-26 02:15:00');
  });

  it('a newest-first list through the autumn change resolves the repeated hour by order', () => {
    // 03:00 CET … 02:00 CET, 02:45 CEST … 02:00 CEST, 01:45 CEST, in 15-minute steps.
    const instants: number[] = [];
    for (let t = Date.UTC(2025, 9, 26, 2); t >= Date.UTC(2025, 9, 25, 23, 45); t -= 900_000) instants.push(t);
    const texts = instants.map(berlinWallText);
    expect(texts.filter((t) => t === '2025-10-26 02:15:00')).toHaveLength(2);
    expect(resolveBerlinNewestFirst(texts)).toEqual({ instants });
    // Register pairs: the same time twice in a row stays the same instant.
    const paired = texts.flatMap((t) => [t, t]);
    expect(resolveBerlinNewestFirst(paired)).toEqual({ instants: instants.flatMap((t) => [t, t]) });
    expect(resolveBerlinNewestFirst(['2025-10-26 01:00:00', '2025-10-26 02:00:00'])).toMatchObject({ badIndex: 1 });
    expect(resolveBerlinNewestFirst(['2026-03-29 02:30:00'])).toMatchObject({ badIndex: 0, reason: /skipped/ });
    // The previous page's last row bounds the first row of the next page.
    expect(resolveBerlinNewestFirst(['2025-10-26 02:45:00'], Date.UTC(2025, 9, 26, 1))).toEqual({ instants: [Date.UTC(2025, 9, 26, 0, 45)] });
  });
});

describe('adapter kit: readings', () => {
  it('parses values, status words and OBIS forms strictly', () => {
    expect(integerValue('-17', 'x')).toBe(-17);
    expect(() => integerValue('1.5', 'import')).toThrow(ProtocolError);
    expect(() => integerValue('99999999999999999999', 'import')).toThrow(/too large/);
    expect(statusFnn('a0000000', '20000000')).toBe('A000000020000000');
    expect(statusFnn('a000000', '20000000')).toBeUndefined();
    expect(obisHex('1-0:1.8.0*255')).toBe('0100010800ff');
    expect(obisHex('0100020800FF.1lgz0072999211.sm')).toBe('0100020800ff');
    expect(obisHex('1-0:1.8')).toBeUndefined();
  });

  it('collects pages: the same reading twice is kept once, a contradiction stops the read-out', () => {
    const c = new ChannelCollector();
    const ch = { obis: '0100010800ff', meterId: 'm', scaler: -1, unit: 30 };
    c.add(ch, { value: 1, captureTime: 2000, duration: 0 });
    c.add(ch, { value: 1, captureTime: 2000, duration: 0 });
    c.add(ch, { value: 0, captureTime: 1000, duration: 0 });
    const [reading] = c.meterReadings(0, 5000);
    expect(reading!.intervalBlocks[0]!.readings.map((r) => r.captureTime)).toEqual([1000, 2000]);
    expect(reading!.readingType).toMatchObject({ uom: 72, scaler: -1, qualifiedLogicalName: '0100010800ff.m.sm' });
    expect(() => c.add(ch, { value: 2, captureTime: 2000, duration: 0 })).toThrow(/two different values/);
    expect(() => c.add({ ...ch, scaler: 0 }, { value: 2, captureTime: 3000, duration: 0 })).toThrow(/scaler\/unit changed/);
  });
});

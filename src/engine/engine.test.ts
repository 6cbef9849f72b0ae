import { describe, expect, it } from 'vitest';
import { Engine } from './engine';
import { createDemoDocument } from './demo-readout';
import { berlinTime, formatBerlinIso } from '../model/time/berlin';

describe('Engine', () => {
  it('reports its runtime, with brainpool available in Node', async () => {
    const info = await new Engine().getEngineInfo();
    expect(info.name).toBe('trudi');
    expect(info.brainpool).toBe(true);
    expect(info.node).toBe(process.versions.node);
  });

  it('opens the demo and sums days, weeks, months and the year to the same register difference', async () => {
    const engine = new Engine();
    const events: string[] = [];
    engine.onProgress((e) => events.push(e.message));
    const demo = await engine.openDemo({ operationId: 'op1' });
    expect(demo.demo).toBe(true);
    expect(demo.channels.map((c) => [c.direction, c.readings])).toEqual([
      ['import', 35041],
      ['export', 35041],
    ]);
    expect(events).toEqual(['demo.generating', 'demo.ready']);

    const doc = createDemoDocument();
    const [imp, exp] = doc.usagePoints[0]!.meterReadings.map((m) => m.intervalBlocks[0]!.readings);
    const expectedImportKwh = (imp!.at(-1)!.value - imp![0]!.value) / 1000;
    const expectedExportKwh = (exp!.at(-1)!.value - exp![0]!.value) / 1000;

    for (const resolution of ['day', 'week', 'month', 'year'] as const) {
      const series = await engine.getSeries({ readoutId: demo.readoutId, resolution });
      const complete = series.points.filter((p) => p.import !== null);
      if (resolution === 'week') {
        // 2025-01-01 is a Wednesday: the first and last weeks reach outside the data and are incomplete.
        expect(series.points[0]!.incompleteReason).toMatch(/No reading at 2024-12-30T00:00:00\+01:00/);
        continue;
      }
      expect(complete).toHaveLength(series.points.length);
      expect(series.totals.import).toBeCloseTo(expectedImportKwh, 3);
      expect(series.totals.export).toBeCloseTo(expectedExportKwh, 3);
    }
    const days = await engine.getSeries({ readoutId: demo.readoutId, resolution: 'day' });
    expect(days.points).toHaveLength(365);
    expect(days.points[87]!.start).toBe('2025-03-29T00:00:00+01:00');
    expect(days.points[88]!.start).toBe('2025-03-30T00:00:00+01:00');
    expect(days.points[89]!.start).toBe('2025-03-31T00:00:00+02:00');
    const months = await engine.getSeries({ readoutId: demo.readoutId, resolution: 'month' });
    expect(months.points.map((p) => p.start.slice(0, 7))).toEqual(
      Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`),
    );
    // A PV household imports more in January than in June and exports more in June.
    expect(months.points[0]!.import!).toBeGreaterThan(months.points[5]!.import!);
    expect(months.points[5]!.export!).toBeGreaterThan(months.points[0]!.export!);
    expect(berlinTime(2025, 1, 1)).toBe(Date.parse(days.points[0]!.start));
  });

  it('refuses unknown read-outs and resolutions with coded errors', async () => {
    const engine = new Engine();
    await expect(engine.getSeries({ readoutId: 'nope', resolution: 'day' })).rejects.toMatchObject({ code: 'UNKNOWN_READOUT' });
    const demo = await engine.openDemo();
    await expect(engine.getSeries({ readoutId: demo.readoutId, resolution: 'hour' as never })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('Engine with files', () => {
  it('opens a generated AR 2418-6 file, keeps its bytes and exports them unchanged', async () => {
    const { writeAr2418Bytes } = await import('../formats/ar2418/writer');
    const bytes = writeAr2418Bytes(createDemoDocument());
    const engine = new Engine();
    const summary = await engine.openFile({ name: 'demo.xml', contentBase64: Buffer.from(bytes).toString('base64') });
    expect(summary).toMatchObject({ source: 'file', demo: false, fileName: 'demo.xml', gatewayId: 'EDEM0100000001' });
    expect(summary.channels.map((c) => c.readings)).toEqual([35041, 35041]);
    const exported = await engine.exportReadout({ readoutId: summary.readoutId, format: 'xml' });
    expect(Buffer.from(exported.contentBase64, 'base64').equals(Buffer.from(bytes))).toBe(true);
    const csv = await engine.exportReadout({ readoutId: summary.readoutId, format: 'csv-readings' });
    const lines = Buffer.from(csv.contentBase64, 'base64').toString('utf8').split('\r\n');
    expect(lines).toContain('Zeitstempel;Sollzeitstempel;Status PTB;Status FNN;Wert;Einheit;Signatur des SMGWs;Signatur des Sensors;');
    expect(lines.filter((l) => /^\d\d\.\d\d\.\d{4}/.test(l)).length).toBe(2 * 35041);
    await expect(engine.exportReadout({ readoutId: summary.readoutId, format: 'pdf' as never })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const details = await engine.getReadoutDetails(summary.readoutId);
    expect(details.usagePoints[0]!.channels.map((c) => [c.obis, c.original, c.periodSeconds])).toEqual([
      ['1-0:1.8.0*255', true, 900],
      ['1-0:2.8.0*255', true, 900],
    ]);
    const profile = await engine.getLoadProfile({ readoutId: summary.readoutId, channelId: summary.channels[0]!.channelId, from: '2025-03-30T00:00:00+01:00', to: '2025-03-31T00:00:00+02:00' });
    expect(profile.points).toHaveLength(92);
    expect(profile.gaps).toEqual([]);
    expect(profile.points[0]!.delta).toBeGreaterThanOrEqual(0);
    expect(profile.points[1]!.delta).toBeGreaterThanOrEqual(0);
  });

  it('refuses a file that is not AR 2418-6 with the cause and the next step', async () => {
    const engine = new Engine();
    const bad = Buffer.from('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><UsagePoints/>').toString('base64');
    await expect(engine.openFile({ name: 'evil.xml', contentBase64: bad })).rejects.toMatchObject({
      code: 'UNREADABLE_FILE',
      de: expect.stringMatching(/„evil\.xml“.*DOCTYPE.*Prüfen Sie/s),
      en: expect.stringMatching(/"evil\.xml".*DOCTYPE.*Check that you chose/s),
    });
    await expect(engine.openFile({ name: 'x.xml', contentBase64: '' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('gives the same register totals at every resolution for a 3-month sample with gaps (was 768.8/750.0/569.2/0 kWh)', async () => {
    const { writeAr2418Bytes } = await import('../formats/ar2418/writer');
    const { generateSampleDocument } = await import('../simulator/sample/sample-document');
    const document = generateSampleDocument({ months: 3 });
    const engine = new Engine();
    const summary = await engine.openFile({ name: 'sample.xml', contentBase64: Buffer.from(writeAr2418Bytes(document)).toString('base64') });
    // The register difference straight from the document: last minus first usable import reading.
    const readings = document.usagePoints[0]!.meterReadings.find((m) => m.readingType.obisCode === '0100010800ff')!.intervalBlocks.flatMap((b) => b.readings);
    const { ptbStatusOf } = await import('../model/status');
    const usable = readings.filter((r) => (ptbStatusOf(r) ?? 5) < 3);
    const expectedKwh = (usable.at(-1)!.value - usable[0]!.value) / 1000;
    const totals = [];
    for (const resolution of ['day', 'week', 'month', 'year'] as const) {
      const series = await engine.getSeries({ readoutId: summary.readoutId, resolution });
      totals.push(series.totals);
      // Some periods lack a boundary reading: shown as missing, never as 0.
      for (const p of series.points) if (p.import === null) expect(p.incompleteReason).toBeTruthy();
    }
    for (const t of totals) expect(t).toEqual(totals[0]);
    expect(totals[0]!.import).toBeCloseTo(expectedKwh, 3);
    expect(totals[0]!.from).toBe(formatBerlinIso(usable[0]!.captureTime));
    expect(totals[0]!.to).toBe(formatBerlinIso(usable.at(-1)!.captureTime));
    expect(totals[0]!.coverage).toBeGreaterThan(0.9);
    expect(totals[0]!.coverage).toBeLessThan(1);
  });

  it('daily load profile across both DST changes: one value per day, no phantom gap, deltas on the 23- and 25-hour days', async () => {
    const { generateSampleDocument } = await import('../simulator/sample/sample-document');
    const { writeAr2418Bytes } = await import('../formats/ar2418/writer');
    const document = generateSampleDocument({ months: 10, periodSeconds: 86400, gaps: false, start: berlinTime(2024, 3, 1), channels: ['import'] });
    const engine = new Engine();
    const summary = await engine.openFile({ name: 'daily.xml', contentBase64: Buffer.from(writeAr2418Bytes(document)).toString('base64') });
    const channelId = summary.channels[0]!.channelId;
    const from = formatBerlinIso(berlinTime(2024, 3, 30));
    const to = formatBerlinIso(berlinTime(2024, 10, 29));
    const profile = await engine.getLoadProfile({ readoutId: summary.readoutId, channelId, from, to });
    expect(profile.periodSeconds).toBe(86400);
    expect(profile.gaps).toEqual([]);
    expect(profile.points).toHaveLength(213);
    const at = (iso: string) => profile.points.find((p) => p.time === iso)!;
    for (const day of ['2024-03-31T00:00:00+01:00', '2024-04-01T00:00:00+02:00', '2024-10-27T00:00:00+02:00', '2024-10-28T00:00:00+01:00']) {
      expect(at(day).delta).not.toBeNull();
    }
    // The columns hold the same readings.
    const columns = await engine.getLoadProfileColumns({ readoutId: summary.readoutId, channelId, from, to });
    expect(columns.times.map(formatBerlinIso)).toEqual(profile.points.map((p) => p.time));
    expect(columns.deltas).toEqual(profile.points.map((p) => p.delta));
    expect(columns.signatures.map((c) => columns.signatureLegend[c])).toEqual(profile.points.map((p) => p.signature));
  });

  it('24 months of quarter hours in one call in columns (the old cap was 3,000 points)', async () => {
    const { generateSampleDocument } = await import('../simulator/sample/sample-document');
    const engine = new Engine();
    const document = generateSampleDocument({ months: 24, channels: ['import'] });
    const summary = await engine.openFile({
      name: 'two-years.xml',
      contentBase64: Buffer.from((await import('../formats/ar2418/writer')).writeAr2418Bytes(document)).toString('base64'),
    });
    const channelId = summary.channels[0]!.channelId;
    const request = { readoutId: summary.readoutId, channelId, from: '2024-01-01T00:00:00+01:00', to: '2026-01-01T00:00:00+01:00' };
    const columns = await engine.getLoadProfileColumns(request);
    const readings = document.usagePoints[0]!.meterReadings[0]!.intervalBlocks.reduce((n, b) => n + b.readings.length, 0);
    expect(readings).toBeGreaterThan(69_000);
    expect(columns.times.length).toBe(readings);
    expect(columns.unaligned).toBeUndefined();
    // Every nominal quarter hour of the two years is either a reading or a gap.
    expect(columns.times.length + columns.gaps.length).toBe((Date.parse(request.to) - Date.parse(request.from)) / 900_000);
    expect(columns.ptb).toHaveLength(columns.times.length);
    const points = await engine.getLoadProfile(request);
    expect(points.points).toHaveLength(columns.times.length);
  });

  it('a read-out with several contracts: every one reachable in summary, series, consumption and load profile', async () => {
    const { generateSampleDocument } = await import('../simulator/sample/sample-document');
    const { writeAr2418Bytes } = await import('../formats/ar2418/writer');
    const { ptbStatusOf } = await import('../model/status');
    const document = generateSampleDocument({ months: 1 });
    const second = structuredClone(document.usagePoints[0]!);
    second.usagePointId = 'DE0009876543210000000000000000001';
    second.tariffName = 'TAF-7-heatpump';
    for (const m of second.meterReadings) {
      m.meterId = '1TRU0099999999';
      m.meterReadingId = `${m.readingType.obisCode}.1TRU0099999999`;
      m.readingType.qualifiedLogicalName = `${m.readingType.obisCode}.1TRU0099999999.sm`;
      for (const b of m.intervalBlocks) for (const r of b.readings) r.value = r.value * 2 + 5;
    }
    const empty = structuredClone(second);
    empty.usagePointId = 'DE0009876543210000000000000000002';
    empty.meterReadings = empty.meterReadings.map((m) => ({ ...m, intervalBlocks: [] }));
    document.usagePoints.push(second, empty);
    const engine = new Engine();
    const summary = await engine.openFile({ name: 'contracts.xml', contentBase64: Buffer.from(writeAr2418Bytes(document)).toString('base64') });
    expect(summary.contracts!.map((c) => c.usagePointId)).toEqual(document.usagePoints.map((u) => u.usagePointId));
    expect(summary.contracts![2]!.noData?.en).toMatch(/has no readings/);
    expect(summary.usagePointId).toBe(document.usagePoints[0]!.usagePointId);

    for (const up of document.usagePoints.slice(0, 2)) {
      const list = up.meterReadings.find((m) => m.readingType.obisCode === '0100010800ff')!;
      const usable = list.intervalBlocks.flatMap((b) => b.readings).filter((r) => (ptbStatusOf(r) ?? 5) < 3);
      const expectedKwh = (usable.at(-1)!.value - usable[0]!.value) / 1000;
      const consumption = await engine.getConsumption({ readoutId: summary.readoutId, usagePointId: up.usagePointId });
      expect(consumption.totals.import).toBeCloseTo(expectedKwh, 3);
      expect(consumption.import!.meterReadingId).toBe(list.meterReadingId);
      const series = await engine.getSeries({ readoutId: summary.readoutId, usagePointId: up.usagePointId, resolution: 'month' });
      expect(series.totals).toEqual(consumption.totals);
      const profile = await engine.getLoadProfile({
        readoutId: summary.readoutId,
        usagePointId: up.usagePointId,
        channelId: list.meterReadingId,
        from: '2024-01-10T00:00:00+01:00',
        to: '2024-01-11T00:00:00+01:00',
      });
      expect(profile.usagePointId).toBe(up.usagePointId);
      const reading = list.intervalBlocks.flatMap((b) => b.readings).find((r) => formatBerlinIso(r.captureTime - (r.captureTime % 900_000)) === profile.points[0]!.time)!;
      expect(profile.points[0]!.value).toBeCloseTo(reading.value / 1000, 6);
    }
    // A contract without data is reported as such, and the others still answer.
    const none = await engine.getConsumption({ readoutId: summary.readoutId, usagePointId: document.usagePoints[2]!.usagePointId });
    expect(none.totals.import).toBeNull();
    expect(none.totals.incomplete![0]!.code).toBe('no-channel');
    await expect(engine.getConsumption({ readoutId: summary.readoutId, usagePointId: 'DE-nope' })).rejects.toMatchObject({ code: 'UNKNOWN_USAGE_POINT' });
    const details = await engine.getReadoutDetails(summary.readoutId);
    expect(details.usagePoints).toHaveLength(3);
  });
});

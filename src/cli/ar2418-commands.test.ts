import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from './main';
import { HAS_CONFORMANCE, conformancePath } from '../testing/conformance';
import { reportSkippedRealFileTests } from '../testing/conformance-skip';
import { generateSampleDocument } from '../simulator/sample/sample-document';
import { writeAr2418 } from '../formats/ar2418/writer';

async function trudi(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await main(argv, { stdout, stderr });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'trudi-cli-ar2418-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const good = join(dir, 'good.xml');
const doc = generateSampleDocument({ style: 'minimal', readings: 9, placeholderSignatures: true });
doc.usagePoints[0]!.meterReadings[0]!.intervalBlocks[0]!.readings.splice(4, 1);
writeFileSync(good, writeAr2418(doc));
const broken = join(dir, 'broken.xml');
writeFileSync(broken, writeAr2418(generateSampleDocument({ style: 'minimal', readings: 3 })).replace('<statusPTB>0</statusPTB>', '<statusPTB>9</statusPTB>'));

describe('trudi validate', () => {
  it('exits 0 for valid files and 1 with one located problem per line otherwise', async () => {
    expect(await trudi('validate', good)).toMatchObject({ code: 0, out: `${good}: valid (0 errors, 0 warnings)\n` });
    const r = await trudi('validate', good, broken, '--lang', 'en');
    expect(r.code).toBe(1);
    const lines = r.out.trim().split('\n');
    const text = readFileSync(broken, 'utf8').split('\n');
    const line = text.findIndex((l) => l.includes('<statusPTB>9')) + 1;
    const column = text[line - 1]!.indexOf('<statusPTB>') + 1;
    expect(lines).toContain(
      `${broken}:${line}:${column} /UsagePoints/UsagePoint[1]/MeterReading[1]/IntervalBlock[1]/IntervalReading[1]/statusPTB[1] error [model.status-ptb] The PTB status 9 is invalid (allowed: 0 to 4).`,
    );
    expect(lines.at(-1)).toBe(`${broken}: INVALID (1 errors, 0 warnings)`);
  });
  it('shows notes such as gaps on request', async () => {
    const r = await trudi('validate', good, '--notes', '--lang', 'de');
    expect(r.out).toContain('info [context.gap] Lücke in "0100010800FF.1XXX0012345678.sm": kein Messwert vorhanden von 2024-01-01T01:00:00+01:00');
  });
  it('reports unreadable input and bad usage', async () => {
    const missing = await trudi('validate', join(dir, 'nope.xml'));
    expect(missing.code).toBe(1);
    expect(missing.out).toContain('[io.read]');
    expect((await trudi('validate')).code).toBe(2);
    expect((await trudi('validate', good, '--taf', 'x')).code).toBe(2);
  });
});

describe('trudi inspect', () => {
  it('prints channels, gaps and status as JSON', async () => {
    const r = await trudi('inspect', good, '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { valid: boolean; usagePoints: { channels: { obisText: string; readings: number; gaps: number; missingValues: number; status: { ptb0: number } }[]; certificates: { content: string }[] }[] };
    expect(json.valid).toBe(true);
    const [imp, exp] = json.usagePoints[0]!.channels;
    expect(imp).toMatchObject({ obisText: '1-0:1.8.0*255', readings: 8, gaps: 1, missingValues: 1, status: { ptb0: 8 } });
    expect(exp).toMatchObject({ obisText: '1-0:2.8.0*255', readings: 9, gaps: 0 });
    expect(json.usagePoints[0]!.certificates[0]!.content).toBe('der');
  });
  it('prints a readable summary', async () => {
    const r = await trudi('inspect', good);
    expect(r.out).toContain('channel 1-0:1.8.0*255 active energy import, total — original value list');
    expect(r.out).toContain('gaps: 1 (1 missing values); status PTB 0: 8, 1: 0, 2: 0, 3: 0, 4: 0, none: 0');
  });
});

describe('trudi export', () => {
  it('exports the XML byte for byte and the CSV layouts', async () => {
    const xml = join(dir, 'out.xml');
    expect((await trudi('export', good, '--format', 'xml', '--out', xml)).code).toBe(0);
    expect(readFileSync(xml).equals(readFileSync(good))).toBe(true);
    const log = join(dir, 'log.csv');
    expect((await trudi('export', good, '--format', 'csv-log', '--out', log)).code).toBe(0);
    expect(readFileSync(log, 'utf8')).toMatch(/^\uFEFFNr;Zeitstempel;Level;Outcome;Meldungstext\r\n1;01\.01\.2024 00:05:00;INFO;SUCCESS;consumer: http authorization\r\n$/);
    const readings = join(dir, 'readings.csv');
    expect((await trudi('export', good, '--format', 'csv-readings', '--channel', '1-0:1.8.0*255', '--out', readings)).code).toBe(0);
    const lines = readFileSync(readings, 'utf8').trim().split('\r\n');
    expect(lines).toHaveLength(10);
    expect(lines[5]).toBe(';01.01.2024 01:00:00;;;kein Messwert vorhanden;;;;');
    expect((await trudi('export', good, '--format', 'pdf', '--out', readings)).code).toBe(2);
    expect((await trudi('export', broken.replace('broken', 'absent'), '--format', 'xml', '--out', xml)).code).toBe(3);
  });
});

describe.skipIf(!HAS_CONFORMANCE)('CLI on the real files', () => {
  it('inspect --json: result_3_days_geterrorlist.xml', async () => {
    const r = await trudi('inspect', conformancePath('trudi/samples/result_3_days_geterrorlist.xml'), '--json');
    const ch = (JSON.parse(r.out) as { usagePoints: { channels: Record<string, unknown>[] }[] }).usagePoints[0]!.channels[0]!;
    expect(ch).toMatchObject({ readings: 288, gaps: 1, missingValues: 1, measurementPeriodSeconds: 900, status: { ptb0: 278, ptb1: 1, ptb2: 2, ptb3: 3, ptb4: 4, none: 0 } });
  });
  it('validate: a device file with its supplier file', async () => {
    const r = await trudi('validate', conformancePath('trudi/taf2/result_single_day.xml'), conformancePath('trudi/taf2/supplier_single_day.xml'));
    expect(r.code).toBe(0);
  });
});

reportSkippedRealFileTests('real-file CLI tests');

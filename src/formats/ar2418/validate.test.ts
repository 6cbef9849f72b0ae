import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, openSync, ftruncateSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { conformancePath, conformanceXmlFiles, HAS_CONFORMANCE } from '../../testing/conformance';
import { reportSkippedRealFileTests } from '../../testing/conformance-skip';
import { validateAr2418, validateAr2418File, validatePair } from './validate';
import { readAr2418, readAr2418File } from './reader';
import { writeAr2418 } from './writer';
import { generateSampleDocument } from '../../simulator/sample/sample-document';
import type { Problem } from '../../model/problems';

const base = writeAr2418(generateSampleDocument({ style: 'minimal', readings: 9 }));
const check = (xml: string) => validateAr2418(Buffer.from(xml, 'utf8'));
const codes = (problems: Problem[]) => problems.filter((p) => p.severity === 'error').map((p) => p.code);
function replaceOnce(text: string, from: string | RegExp, to: string): string {
  const out = text.replace(from, to);
  if (out === text) throw new Error(`fixture edit did not apply: ${String(from)}`);
  return out;
}

/** Files whose errors are expected: the case that TRuDI also rejects. */
const EXPECTED_ERRORS: Record<string, string[]> = {
  // billing period 2017-10-02 + 31 days: 2017-11-01 has no SpecialDayProfile (golden case TestTaf1ExceptionInvalidBillingPeriodStart)
  'trudi/taf1/supplier_1_month_start_at_10_2.xml': ['supplier.missing-day'],
};

describe.skipIf(!HAS_CONFORMANCE)('validating the real files', () => {
  it.each(conformanceXmlFiles())('%s validates', async (file) => {
    const result = await validateAr2418File(conformancePath(file));
    expect(codes(result.problems)).toEqual(EXPECTED_ERRORS[file] ?? []);
    for (const p of result.problems) {
      expect(p.de.length).toBeGreaterThan(0);
      expect(p.en.length).toBeGreaterThan(0);
    }
  });

  it('reports the older FNN bit order of the TRuDI sample files', async () => {
    const result = await validateAr2418File(conformancePath('trudi/samples/IF_Adapter_TRuDI_DatenTAF7.xml'));
    const p = result.problems.find((x) => x.code === 'status.fnn-msb-first');
    expect(p?.location?.path).toMatch(/IntervalReading\[1\]$/);
  });

  it('matches every supplier file of the golden cases with its device file', async () => {
    const cases = JSON.parse(readFileSync(conformancePath('cases.json'), 'utf8')) as { cases: { device: string; supplier: string }[] };
    for (const c of cases.cases) {
      const pair = validatePair(await readAr2418File(conformancePath(c.supplier)), await readAr2418File(conformancePath(c.device)));
      expect(codes(pair), `${c.supplier} vs ${c.device}`).toEqual([]);
    }
  });

  it('finds a supplier file that does not belong to the device data', async () => {
    const supplier = await readAr2418File(conformancePath('minimal/minimal_IF_Lieferant_TRuDI.xml'));
    const device = await readAr2418File(conformancePath('trudi/taf2/result_3_days.xml'));
    expect(validatePair(supplier, device).map((p) => `${p.severity}:${p.code}`)).toEqual([
      'error:supplier.usage-point',
      'error:supplier.invoicing-party',
      'error:supplier.smgw',
      'warning:supplier.tariff',
    ]);
  });
});

reportSkippedRealFileTests('real-file validation');

describe('generated documents', () => {
  it('a generated device document is valid', () => {
    expect(check(base).problems).toEqual([]);
  });
});

describe('crafted broken files', () => {
  it('truncated', () => {
    const r = check(base.slice(0, Math.floor(base.length * 0.6)));
    expect(codes(r.problems)).toEqual(['xml.truncated']);
    expect(r.document).toBeUndefined();
    expect(r.problems[0]!.location!.line).toBeGreaterThan(1);
  });

  it('wrong namespace', () => {
    const r = check(replaceOnce(base, 'xmlns="http://vde.de/AR_2418-6.xsd"', 'xmlns="http://example.com/other"'));
    expect(codes(r.problems)).toEqual(['schema.namespace']);
    expect(r.problems[0]!.location).toEqual({ line: 2, column: 1, path: '/{http://example.com/other}UsagePoints' });
  });

  it('bad hex in certContent', () => {
    const r = check(replaceOnce(base, /<certContent>../, '<certContent>ZZ'));
    expect(codes(r.problems)).toEqual(['schema.hex']);
    expect(r.problems[0]!.location!.path).toBe('/UsagePoints/UsagePoint[1]/Certificate[1]/certContent[1]');
    expect(r.problems[0]!.de).toContain('Hex');
  });

  it('non-numeric value', () => {
    const r = check(replaceOnce(base, /<espi:value>\d+<\/espi:value>/, '<espi:value>12a4</espi:value>'));
    expect(codes(r.problems)).toEqual(['schema.integer', 'model.reading-value']);
    expect(r.problems[0]!.location!.path).toBe('/UsagePoints/UsagePoint[1]/MeterReading[1]/IntervalBlock[1]/IntervalReading[1]/espi:value[1]');
  });

  it('overlapping IntervalBlocks', () => {
    const doc = generateSampleDocument({ style: 'minimal', readings: 9 });
    const mr = doc.usagePoints[0]!.meterReadings[0]!;
    const block = mr.intervalBlocks[0]!;
    mr.intervalBlocks = [
      { duration: 3600, start: block.start, readings: block.readings.slice(0, 5) },
      { duration: 3600, start: block.start + 1800_000, readings: block.readings.slice(5) },
    ];
    const r = check(writeAr2418(doc));
    expect(codes(r.problems)).toEqual(['context.blocks-overlap']);
    expect(r.problems[0]!.de).toContain('Es wurden zwei überlappende Intervallblöcke gefunden');
    expect(r.problems[0]!.location!.path).toBe('/UsagePoints/UsagePoint[1]/MeterReading[1]/IntervalBlock[2]');
  });

  it('gapped IntervalBlocks', () => {
    const doc = generateSampleDocument({ style: 'minimal', readings: 9 });
    const mr = doc.usagePoints[0]!.meterReadings[0]!;
    const block = mr.intervalBlocks[0]!;
    mr.intervalBlocks = [
      { duration: 2700, start: block.start, readings: block.readings.slice(0, 4) },
      { duration: 3600, start: block.start + 3600_000, readings: block.readings.slice(4) },
    ];
    const r = check(writeAr2418(doc));
    expect(codes(r.problems)).toEqual(['context.blocks-gap']);
    expect(r.problems[0]!.de).toContain('Lücke zwischen zwei Intervallblöcken');
  });

  it('duplicate timestamps', () => {
    const doc = generateSampleDocument({ style: 'minimal', readings: 9 });
    const readings = doc.usagePoints[0]!.meterReadings[1]!.intervalBlocks[0]!.readings;
    readings[3] = { ...readings[3]!, targetTime: readings[2]!.targetTime!, captureTime: readings[2]!.captureTime };
    const r = check(writeAr2418(doc));
    expect(codes(r.problems)).toEqual(['context.duplicate-time']);
    expect(r.problems[0]!.en).toContain('2024-01-01T00:30:00+01:00');
    expect(r.problems[0]!.location!.path).toBe('/UsagePoints/UsagePoint[1]/MeterReading[2]');
  });

  it('missing status', () => {
    const xml = replaceOnce(base, /\s*<statusFNN>[0-9A-F]+<\/statusFNN>\s*<statusPTB>0<\/statusPTB>/, '');
    const r = check(xml);
    expect(codes(r.problems)).toEqual(['model.reading-status']);
    expect(r.problems[0]!.location!.path).toBe('/UsagePoints/UsagePoint[1]/MeterReading[1]/IntervalBlock[1]/IntervalReading[1]');
    expect(r.problems[0]!.de).toContain('Statusinformation');
  });

  it('invalid status values', () => {
    let xml = replaceOnce(base, '<statusPTB>0</statusPTB>', '<statusPTB>7</statusPTB>');
    xml = replaceOnce(xml, '<statusFNN>A000000020000000</statusFNN>', '<statusFNN>A0000000200000</statusFNN>');
    expect(codes(check(xml).problems)).toEqual(['model.status-fnn', 'model.status-ptb']);
  });

  it('DOCTYPE with entity expansion is rejected at once', () => {
    const lol = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE UsagePoints [',
      '<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">',
      ...Array.from({ length: 9 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`),
      ']>',
      '<UsagePoints xmlns="http://vde.de/AR_2418-6.xsd">&j;</UsagePoints>',
    ].join('\n');
    const started = performance.now();
    const r = check(lol);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(codes(r.problems)).toEqual(['xml.doctype']);
    expect(r.document).toBeUndefined();
    const external = check('<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://127.0.0.1:1/x.dtd"><UsagePoints xmlns="http://vde.de/AR_2418-6.xsd"/>');
    expect(codes(external.problems)).toEqual(['xml.doctype']);
  });

  describe('1 GB-style input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ar2418-limits-'));
    it('a 1 GB file is refused by its size before it is read', async () => {
      const path = join(dir, 'huge.xml');
      const fd = openSync(path, 'w');
      ftruncateSync(fd, 1024 * 1024 * 1024); // sparse: takes no disk space
      closeSync(fd);
      const started = performance.now();
      const r = await readAr2418File(path);
      expect(performance.now() - started).toBeLessThan(2000);
      expect(r.problems.map((p) => p.code)).toEqual(['limit.size']);
      expect(r.problems[0]!.en).toContain('1024.0 MB');
    });
    it('endless repetition stops at the byte limit while streaming', async () => {
      const path = join(dir, 'repeat.xml');
      const entry = '<LogEntry><recordNumber>1</recordNumber></LogEntry>';
      writeFileSync(path, `<UsagePoints xmlns="http://vde.de/AR_2418-6.xsd"><UsagePoint>${entry.repeat(60_000)}</UsagePoint></UsagePoints>`);
      const r = readAr2418(readFileSync(path), { limits: { maxBytes: 1024 * 1024 } });
      expect(r.problems.map((p) => p.code)).toEqual(['limit.size']);
      const elements = readAr2418(readFileSync(path), { limits: { maxElements: 10_000 } });
      expect(elements.problems.map((p) => p.code)).toEqual(['limit.elements']);
      rmSync(dir, { recursive: true, force: true });
    });
    it('deep nesting and giant text are limited', () => {
      const deep = `<UsagePoints xmlns="http://vde.de/AR_2418-6.xsd">${'<MathOperation>'.repeat(100_000)}`;
      expect(codes(check(deep).problems)).toEqual(['limit.depth']);
      const giant = readAr2418(Buffer.from(`<UsagePoints xmlns="http://vde.de/AR_2418-6.xsd"><UsagePoint><usagePointId>${'x'.repeat(300_000)}</usagePointId></UsagePoint></UsagePoints>`), {
        limits: { maxTextLength: 100_000 },
      });
      expect(giant.problems.map((p) => p.code)).toEqual(['limit.text']);
    });
  });

  it('element order, missing elements and unknown elements', () => {
    const swapped = replaceOnce(base, /(<usagePointId>[^<]*<\/usagePointId>)(\s*)(<Customer>[\s\S]*?<\/Customer>)/, '$3$2$1');
    expect(codes(check(swapped).problems)).toEqual(['schema.order']);
    const noSmgwId = replaceOnce(base, /<smgwId>[^<]*<\/smgwId>/, '');
    expect(codes(check(noSmgwId).problems)).toEqual(['schema.missing-element', 'model.smgw-id']);
    const unknown = replaceOnce(base, '<tariffName>', '<vendorThing><x>1</x></vendorThing><tariffName>');
    const r = check(unknown);
    expect(r.valid).toBe(true);
    expect(r.problems.map((p) => p.code)).toEqual(['schema.unknown-element']);
  });

  it('not XML at all, empty input, invalid UTF-8, undeclared prefix', () => {
    expect(codes(check('').problems)).toEqual(['xml.empty']);
    expect(codes(check('hello').problems)).toEqual(['xml.malformed']);
    expect(codes(validateAr2418(new Uint8Array([0x3c, 0x61, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x61, 0x3e])).problems)).toEqual(['xml.encoding']);
    expect(codes(check('<x:UsagePoints/>').problems)).toEqual(['xml.namespace-prefix']);
  });

  it('never throws or hangs on any truncation or byte flip of a valid document', () => {
    const small = writeAr2418(generateSampleDocument({ style: 'minimal', readings: 3 }));
    const bytes = Buffer.from(small);
    for (let cut = 0; cut < bytes.length; cut += 7) {
      const r = readAr2418(bytes.subarray(0, cut));
      expect(r.ok).toBe(false);
    }
    for (let i = 0; i < bytes.length; i += 5) {
      const flipped = Buffer.from(bytes);
      flipped[i] = (flipped[i]! + 1 + (i % 200)) & 0xff;
      const r = validateAr2418(flipped);
      expect(Array.isArray(r.problems)).toBe(true);
    }
  });
});

/**
 * The reading scan (reading-layout.ts) against the reader's saxes path: with the scan on and off, the reader
 * must give the very same model, problems and source locations, for real files, for readings changed in
 * every way the scan has to refuse, and for random byte mutations (fast-check), whatever the chunk sizes.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { originalInMemory } from '../../platform/original-bytes';
import { generateSampleDocument } from '../../simulator/sample/sample-document';
import { conformancePath, conformanceXmlFiles, HAS_CONFORMANCE } from '../../testing/conformance';
import { reportSkippedRealFileTests } from '../../testing/conformance-skip';
import { mutatedBytes } from '../../testing/fuzz/mutate';
import type { Ar2418ReadResult } from './read-options';
import { Ar2418StreamReader } from './stream-reader';
import { writeAr2418 } from './writer';

interface Read {
  result: Ar2418ReadResult;
  scanned: number;
}

function read(bytes: Uint8Array, scanReadings: boolean, chunkSize = 1 << 20): Read {
  const reader = new Ar2418StreamReader({}, { scanReadings });
  for (let i = 0; i < bytes.length && !reader.stopped; i += chunkSize) reader.write(bytes.subarray(i, Math.min(bytes.length, i + chunkSize)));
  return { result: reader.end(originalInMemory(bytes)), scanned: reader.scannedReadings };
}

/** Everything a consumer can see of a read: the model, the problems, and where every object and reading came from. */
function visible(r: Ar2418ReadResult): unknown {
  const where: unknown[] = [];
  for (const up of r.document?.usagePoints ?? []) {
    where.push(r.locations.of(up), r.locations.of(up.smgw), ...up.certificates.map((c) => r.locations.of(c)), ...up.logEntries.map((e) => r.locations.of(e)));
    for (const mr of up.meterReadings) {
      where.push(r.locations.of(mr));
      for (const block of mr.intervalBlocks) {
        where.push(r.locations.of(block));
        for (let i = 0; i < block.readings.length; i++) where.push(r.locations.reading(block, i));
      }
    }
  }
  return { document: r.document, problems: r.problems, ok: r.ok, where };
}

/** Reads with the scan and without it and expects the same; returns how many readings the scan took. */
function expectSameBothWays(bytes: Uint8Array, chunkSize?: number): number {
  const saxes = read(bytes, false, chunkSize);
  const scan = read(bytes, true, chunkSize);
  expect(saxes.scanned).toBe(0);
  expect(visible(scan.result)).toStrictEqual(visible(saxes.result));
  return scan.scanned;
}

const readingCount = (r: Ar2418ReadResult) =>
  (r.document?.usagePoints ?? []).reduce((n, up) => n + up.meterReadings.reduce((m, mr) => m + mr.intervalBlocks.reduce((k, b) => k + b.readings.length, 0), 0), 0);

const minimal = writeAr2418(generateSampleDocument({ style: 'minimal', readings: 40, placeholderSignatures: true }));
const household = writeAr2418(generateSampleDocument({ readings: 40 }));

describe('the reading scan gives what saxes gives', () => {
  it('takes nearly every reading of generated documents, with the same result', () => {
    for (const xml of [minimal, household]) {
      const bytes = Buffer.from(xml);
      const scanned = expectSameBothWays(bytes);
      const readings = readingCount(read(bytes, false).result);
      // the first reading of each block's layout is learnt through saxes
      expect(scanned).toBeGreaterThanOrEqual(readings - 4);
      expect(scanned).toBeGreaterThan(0);
      for (const size of [1, 13, 100, 4096]) expectSameBothWays(bytes, size);
    }
  });

  describe.skipIf(!HAS_CONFORMANCE)('real files', () => {
    it.each(conformanceXmlFiles())('%s', (file) => {
      const bytes = readFileSync(conformancePath(file));
      const readings = readingCount(read(bytes, false).result);
      const scanned = expectSameBothWays(bytes);
      // readings cut by the end of a parser chunk and readings of a new layout go through saxes
      if (readings >= 20) expect(scanned).toBeGreaterThan(readings / 2);
    });
  });

  // one reading in the middle of the minimal document, changed
  const middle = minimal.indexOf('<IntervalReading>', minimal.length / 2);
  const end = minimal.indexOf('</IntervalReading>', middle);
  const changed = (change: (reading: string) => string, whole = (doc: string) => doc) =>
    Buffer.from(whole(minimal.slice(0, middle) + change(minimal.slice(middle, end)) + minimal.slice(end)));
  const cases: [string, Buffer][] = [
    ['a character reference in the value', changed((r) => r.replace(/<espi:value>(\d)/, '<espi:value>&#49;$1'))],
    ['a comment between the children', changed((r) => r.replace('<certId>', '<!-- c --><certId>'))],
    ['a comment in a value', changed((r) => r.replace(/<espi:value>(\d)/, '<espi:value>$1<!-- c -->'))],
    ['CDATA in the signature', changed((r) => r.replace('<signature>', '<signature><![CDATA[AB]]>'))],
    ['an attribute on a child', changed((r) => r.replace('<certId>', '<certId a="1">'))],
    ['a namespace declared on a child', changed((r) => r.replace('<certId>', '<certId xmlns:q="urn:q">'))],
    ['the ESPI prefix bound anew on the reading', changed((r) => r.replace('<IntervalReading>', '<IntervalReading xmlns:espi="http://naesb.org/espi">'))],
    ['spaces around a value', changed((r) => r.replace(/<espi:value>(\d+)</, '<espi:value> $1 <'))],
    ['a space in a start tag', changed((r) => r.replace('<certId>', '<certId >'))],
    ['a space in an end tag', changed((r) => r.replace('</certId>', '</certId >'))],
    ['tabs between the children', changed((r) => r.replace(/\n +/g, '\n\t\t'))],
    ['text between the children', changed((r) => r.replace('<certId>', 'x<certId>'))],
    ['a PTB status above 4', changed((r) => r.replace(/<statusPTB>\d</, '<statusPTB>7<'))],
    ['another valid FNN status', changed((r) => r.replace(/<statusFNN>\w+</, '<statusFNN>A000000020000001<'))],
    ['an FNN status in lower case', changed((r) => r.replace(/<statusFNN>\w+</, '<statusFNN>a000000020000000<'))],
    ['an invalid FNN status', changed((r) => r.replace(/<statusFNN>\w+</, '<statusFNN>A0<'))],
    ['an empty FNN status', changed((r) => r.replace(/<statusFNN>\w+</, '<statusFNN><'))],
    ['a self-closing FNN status', changed((r) => r.replace(/<statusFNN>\w+<\/statusFNN>/, '<statusFNN/>'))],
    ['no target time', changed((r) => r.replace(/<targetTime>[^<]*<\/targetTime>/, ''))],
    ['no value', changed((r) => r.replace(/<espi:value>[^<]*<\/espi:value>/, ''))],
    ['an unknown child', changed((r) => r.replace('<certId>', '<extra>1</extra><certId>'))],
    ['two children swapped', changed((r) => r.replace(/(<certId>\d+<\/certId>)(\s*)(<meterSig>\w+<\/meterSig>)/, '$3$2$1'))],
    ['a child twice', changed((r) => r.replace(/(<certId>\d+<\/certId>)/, '$1$1'))],
    ['a value with a plus sign', changed((r) => r.replace(/<espi:value>/, '<espi:value>+'))],
    ['a negative certificate id', changed((r) => r.replace(/<certId>/, '<certId>-'))],
    ['a value of 17 digits', changed((r) => r.replace(/<espi:value>\d+/, '<espi:value>12345678901234567'))],
    ['a time in UTC', changed((r) => r.replace(/<targetTime>([^<+]*)\+01:00/, '<targetTime>$1Z'))],
    ['a time without zone', changed((r) => r.replace(/<targetTime>([^<+]*)\+01:00/, '<targetTime>$1'))],
    ['a time with a fraction and no zone, 25 characters', changed((r) => r.replace(/<targetTime>([^<+]*)\+01:00/, '<targetTime>$1.1234'))],
    ['a time with a fraction', changed((r) => r.replace(/<targetTime>([^<+]*)\+01:00/, '<targetTime>$1.5+01:00'))],
    ['an impossible date', changed((r) => r.replace(/<targetTime>\d{4}-\d\d-\d\d/, '<targetTime>2024-02-30'))],
    ['a signature longer than 512 characters', changed((r) => r.replace('<signature>', `<signature>${'AB'.repeat(300)}`))],
    ['a non-ASCII character in the signature', changed((r) => r.replace('<signature>', '<signature>Ä'))],
    ['a non-ASCII character before the readings', changed((r) => r, (doc) => doc.replace('TAF7-Beispiel', 'TAF7-Beispiel Ä'))],
    ['a wrongly closed child', changed((r) => r.replace('</certId>', '</certID>'))],
    ['a child left open', changed((r) => r.replace('</certId>', ''))],
    ['the document ending inside the reading', changed((r) => r.slice(0, r.length / 2), (doc) => doc.slice(0, middle + (end - middle) / 2))],
    ['CR line ends', changed((r) => r, (doc) => doc.replace(/\n/g, '\r'))],
    ['CR LF line ends', changed((r) => r, (doc) => doc.replace(/\n/g, '\r\n'))],
    ['no line ends', changed((r) => r, (doc) => doc.replace(/\n\s*/g, ''))],
    // the parser's column after a scanned reading shows in the next one's location
    ['readings side by side, line ends inside them', changed((r) => r, (doc) => doc.replace(/<\/IntervalReading>\s*<IntervalReading>/g, '</IntervalReading><IntervalReading>'))],
    ['a broken element after the readings', changed((r) => r, (doc) => doc.replace('</IntervalBlock>', '<x></IntervalBlock>'))],
  ];
  it.each(cases)('%s', (_name, bytes) => {
    for (const size of [1 << 20, 1, 97]) expectSameBothWays(bytes, size);
  });

  it('a reading in a new layout is learnt, and the readings after it are scanned again', () => {
    const bytes = changed((r) => r.replace(/<targetTime>[^<]*<\/targetTime>/, ''));
    const readings = readingCount(read(bytes, false).result);
    // learnt: the first reading, the changed one (no target time) and the one after it (with it again)
    expect(read(bytes, true).scanned).toBe(readings - 3);
  });

  it('the element and depth limits hold as without the scan', () => {
    const bytes = Buffer.from(minimal);
    const elements = (minimal.match(/<[A-Za-z]/g) ?? []).length;
    for (const limits of [{ maxElements: elements - 5 }, { maxDepth: 6 }, { maxTextLength: 100 }]) {
      const saxes = new Ar2418StreamReader({ limits }, { scanReadings: false });
      const scan = new Ar2418StreamReader({ limits });
      saxes.write(bytes);
      scan.write(bytes);
      const a = saxes.end(originalInMemory(bytes));
      const b = scan.end(originalInMemory(bytes));
      expect(b.problems.length).toBeGreaterThan(0);
      expect(visible(b)).toStrictEqual(visible(a));
    }
  });

  it('random byte mutations read the same with and without the scan, in any chunk size', () => {
    const seeds = [Buffer.from(minimal), Buffer.from(household)];
    fc.assert(
      fc.property(mutatedBytes(seeds), fc.constantFrom(1 << 20, 1000, 61), (bytes, size) => {
        expectSameBothWays(bytes, size);
      }),
      { numRuns: 300 },
    );
  });
});

reportSkippedRealFileTests('reading scan against real files');

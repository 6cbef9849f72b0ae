/**
 * Every golden case of ../shared/conformance/cases.json through the CLI contract (`trudi taf --json`):
 * exactly the expected begin, end and register amounts, or an error where one is expected.
 * The real sample read-outs go through the consumption analysis.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HAS_CONFORMANCE, conformancePath } from '../testing/conformance';
import { reportSkippedRealFileTests } from '../testing/conformance-skip';
import { computeConsumption } from './consumption';
import { readDocumentFile } from './document-files';
import { runCli } from './testing/run-cli';
import { computeTaf } from './taf';

interface GoldenCase {
  name: string;
  taf: number;
  device: string;
  supplier: string;
  expect: { error: true } | { begin: string; end: string; registers: { obis: string; tariffNumber: number; amount: number }[] };
}

function loadCases(): { cases: GoldenCase[]; samples: string[] } {
  return HAS_CONFORMANCE ? JSON.parse(readFileSync(conformancePath('cases.json'), 'utf8')) : { cases: [], samples: [] };
}

const { cases, samples } = loadCases();

/**
 * The specific error of each golden error case (cases.json says only `error: true`): the reason TRuDI gave,
 * as our stable code. An error case without an entry here fails, so a new case gets its code.
 */
const GOLDEN_ERROR_CODES: Record<string, string> = {
  // the device data hold the gateway's derived registers only ("Es ist keine originäre Messwertliste verfügbar.")
  TestTaf1ExceptionNoOVL: 'NO_ORIGINAL_VALUE_LIST',
  // the billing period starts on 2 October: TAF-1 needs the 1st of a month
  TestTaf1ExceptionInvalidBillingPeriodStart: 'INVALID_BILLING_PERIOD',
};

describe.skipIf(!HAS_CONFORMANCE)('golden TAF cases (cases.json)', () => {
  it('has the cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(17);
  });

  for (const c of cases) {
    it(`${c.name} (TAF-${c.taf})`, async () => {
      const { code, stdout } = await runCli(['taf', '--device', conformancePath(c.device), '--supplier', conformancePath(c.supplier), '--json']);
      const output = JSON.parse(stdout);
      if ('error' in c.expect) {
        expect(code).not.toBe(0);
        expect(output.error.code).toBe(GOLDEN_ERROR_CODES[c.name]);
        expect(output.error.message.length).toBeGreaterThan(10);
        expect(output.error.de.length).toBeGreaterThan(10);
        return;
      }
      expect(code).toBe(0);
      expect(output.taf).toBe(c.taf);
      expect({
        begin: output.begin,
        end: output.end,
        registers: output.registers.map((r: { obis: string; tariffNumber: number; amount: number }) => ({ obis: r.obis, tariffNumber: r.tariffNumber, amount: r.amount })),
      }).toEqual(c.expect);
      for (const r of output.registers) {
        expect(Number.isInteger(r.scaler)).toBe(true);
        expect(r.unit).toBe('Wh');
      }
    });
  }
});

describe.skipIf(!HAS_CONFORMANCE)('real samples', () => {
  it('recomputes the January 2018 TAF-7 read-out with its supplier file, energy conserved', async () => {
    const device = await readDocumentFile(conformancePath('trudi/samples/TAF-7-Ablesung_Jan_2018.xml'), 'device');
    const supplier = await readDocumentFile(conformancePath('trudi/samples/Lieferanten-XML_Jan_2018.xml'), 'supplier');
    const result = computeTaf(device.document, supplier.document, { supplierBytes: supplier.original.read() });
    const imp = device.document.usagePoints[0]!.meterReadings.find((m) => m.readingType.obisCode.toLowerCase() === '0100010800ff')!;
    const readings = imp.intervalBlocks.flatMap((b) => b.readings).filter((r) => (r.statusPTB ?? 0) < 3);
    const total = result.registers.reduce((sum, r) => sum + r.amount, 0);
    expect(total).toBe(readings[readings.length - 1]!.value - readings[0]!.value);
    // the file's own error stage (tariff number 3, 1.8.63) takes the error bookings
    expect(result.registers.map((r) => [r.obis, r.tariffNumber])).toEqual([
      ['1-0:1.8.1*255', 1],
      ['1-0:1.8.2*255', 2],
      ['1-0:1.8.63*255', 3],
    ]);
    expect(result.supplierChecksums!.sha3_256).toMatch(/^[0-9A-F]{64}$/);
  });

  for (const sample of samples) {
    it(`consumption of ${sample}`, async () => {
      const { document } = await readDocumentFile(conformancePath(sample), 'device');
      const usagePoint = document.usagePoints.find((u) => u.meterReadings.length > 0);
      if (!usagePoint) {
        expect(document.usagePoints.some((u) => u.analysisProfile)).toBe(true);
        return;
      }
      const report = computeConsumption(usagePoint);
      for (const series of [report.day, report.week, report.month, report.year]) {
        for (const p of series) {
          // every period either has its value or says why not
          if (p.import === null && report.import) expect(p.incomplete!.length).toBeGreaterThan(0);
          else if (report.import) expect(p.importRaw).not.toBeNull();
        }
      }
      expect(report.days.length).toBe(report.day.length);
    });
  }
});

reportSkippedRealFileTests('golden TAF cases and samples');

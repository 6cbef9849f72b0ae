/**
 * A read-out with two contracts: the sample's contract and a second one whose readings are 3 × the first's
 * + 11 (so its energy per interval is 3 ×). `sameMeter`: the second contract lists the same meter (the same
 * channel ids), so only the usagePointId of a request tells the two apart. Shared by unit tests and e2e
 * (e2e/fixtures/two-contracts.ts writes it to a file).
 */
import type { Ar2418Document } from '../model/types';
import { generateSampleDocument } from '../simulator/sample/sample-document';

export const SECOND_CONTRACT_ID = 'DE0009876543210000000000000000001';

export function twoContractDocument(options: { sameMeter?: boolean } = {}): Ar2418Document {
  const document = generateSampleDocument({ months: 1 });
  const second = structuredClone(document.usagePoints[0]!);
  second.usagePointId = SECOND_CONTRACT_ID;
  second.tariffName = 'TAF-7-heatpump';
  for (const m of second.meterReadings) {
    if (!options.sameMeter) {
      m.meterId = '1TRU0099999999';
      m.meterReadingId = `${m.readingType.obisCode}.1TRU0099999999`;
      m.readingType.qualifiedLogicalName = `${m.readingType.obisCode}.1TRU0099999999.sm`;
    }
    for (const b of m.intervalBlocks) for (const r of b.readings) r.value = r.value * 3 + 11;
  }
  document.usagePoints.push(second);
  return document;
}

/**
 * createReport per contract: a read-out with two contracts (src/testing/two-contracts.ts) reports the one
 * the request names, with that contract's own numbers; without a name the first; an unknown name is a coded
 * error naming the contracts the read-out has.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../analysis/testing/run-cli';
import { writeAr2418Bytes } from '../formats/ar2418/writer';
import { HAS_POPPLER, PdfFile, POPPLER_SKIP_REASON } from '../report/testing/poppler';
import { SECOND_CONTRACT_ID, twoContractDocument } from '../testing/two-contracts';
import { Engine } from './engine';

const dir = mkdtempSync(join(tmpdir(), 'trudi-report-contracts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function opened() {
  const engine = new Engine();
  const document = twoContractDocument();
  const summary = await engine.openFile({ name: 'two-contracts.xml', contentBase64: Buffer.from(writeAr2418Bytes(document)).toString('base64') });
  return { engine, document, readoutId: summary.readoutId };
}

describe('createReport per contract', () => {
  it('an unknown usagePointId is UNKNOWN_USAGE_POINT naming the contracts, before any work', async () => {
    const { engine, document, readoutId } = await opened();
    const error = await engine.createReport({ readoutId, usagePointId: 'DE-NOPE', lang: 'en' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNKNOWN_USAGE_POINT' });
    for (const up of document.usagePoints) expect((error as Error).message).toContain(up.usagePointId);
    await engine.close();
  });

  it.skipIf(!HAS_POPPLER)(`reports the contract it is asked for, with its own numbers ${HAS_POPPLER ? '' : POPPLER_SKIP_REASON}`, { timeout: 180_000 }, async () => {
    const { engine, document, readoutId } = await opened();
    const first = document.usagePoints[0]!.usagePointId;
    const texts: Record<string, string> = {};
    for (const usagePointId of [undefined, first, SECOND_CONTRACT_ID]) {
      const file = await engine.createReport({ readoutId, lang: 'en', ...(usagePointId ? { usagePointId } : {}) });
      const pdf = new PdfFile(Buffer.from(file.contentBase64, 'base64'));
      try {
        // Without the line that names the moment the report was made.
        texts[usagePointId ?? 'default'] = pdf.text().replace(/^Made on .*$/gm, '');
      } finally {
        pdf.dispose();
      }
    }
    expect(texts.default).toBe(texts[first]);
    expect(texts[first]).toContain(first);
    expect(texts[first]).not.toContain(SECOND_CONTRACT_ID);
    expect(texts[SECOND_CONTRACT_ID]).toContain(SECOND_CONTRACT_ID);
    expect(texts[SECOND_CONTRACT_ID]).toContain('TAF-7-heatpump');
    // Its own numbers: the second contract's readings are 3 × the first's + 11, so its import is 3 ×.
    const importOf = (text: string) => Number(/1-0:1\.8\.0\*255\s+—\s+([\d,.]+) kWh/.exec(text)![1]!.replace(/,/g, ''));
    const firstImport = importOf(texts[first]!);
    expect(firstImport).toBeGreaterThan(0);
    expect(importOf(texts[SECOND_CONTRACT_ID]!)).toBeCloseTo(3 * firstImport, 3);
    // And they are the engine's own totals of that contract.
    for (const usagePointId of [first, SECOND_CONTRACT_ID]) {
      const consumption = await engine.getConsumption({ readoutId, usagePointId });
      expect(importOf(texts[usagePointId]!)).toBeCloseTo(consumption.totals.import!, 3);
    }
    await engine.close();
  });

  it.skipIf(!HAS_POPPLER)(`trudi report --contract: the named contract; an unknown one exits 2 naming those there are ${HAS_POPPLER ? '' : POPPLER_SKIP_REASON}`, { timeout: 180_000 }, async () => {
    const device = join(dir, 'two-contracts.xml');
    writeFileSync(device, writeAr2418Bytes(twoContractDocument()));
    const out = join(dir, 'second.pdf');
    const ok = await runCli(['report', '--device', device, '--contract', SECOND_CONTRACT_ID, '--lang', 'en', '--out', out]);
    expect(ok.code).toBe(0);
    const pdf = new PdfFile(readFileSync(out));
    try {
      expect(pdf.text()).toContain(`Metering point ${SECOND_CONTRACT_ID}`);
    } finally {
      pdf.dispose();
    }
    const unknown = await runCli(['report', '--device', device, '--contract', 'DE-NOPE', '--lang', 'en', '--out', join(dir, 'nope.pdf')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no contract "DE-NOPE"; it has .*DE0009876543210000000000000000001.*\[UNKNOWN_USAGE_POINT\]/);
  });
});

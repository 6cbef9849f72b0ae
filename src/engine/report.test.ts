/** The engine's createReport: the same generator as the CLI, fed from a loaded read-out. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLED_TRUST_DIR } from '../crypto/chain/trust-anchors';
import { writeAr2418 } from '../formats/ar2418/writer';
import { generateSignedSampleDocument } from '../simulator/sample/sample-document';
import { describe, expect, it } from 'vitest';
import { CONFORMANCE_SKIP_REASON, HAS_CONFORMANCE, conformancePath } from '../testing/conformance';
import { HAS_POPPLER, PdfFile, POPPLER_SKIP_REASON } from '../report/testing/poppler';
import { Engine } from './engine';

const skipReason = !HAS_CONFORMANCE ? CONFORMANCE_SKIP_REASON : !HAS_POPPLER ? POPPLER_SKIP_REASON : '';
const b64 = (path: string) => readFileSync(path).toString('base64');

describe.skipIf(!!skipReason)(`Engine.createReport ${skipReason}`, () => {
  it('reports an opened file with its supplier file and billed values, the original attached byte for byte', { timeout: 180_000 }, async () => {
    const engine = new Engine();
    const devicePath = conformancePath('trudi/taf2/result_3_days.xml');
    const opened = await engine.openFile({ name: 'result_3_days.xml', contentBase64: b64(devicePath) });
    const events: string[] = [];
    engine.onProgress((e) => e.operationId === 'rep1' && events.push(e.message));
    const file = await engine.createReport({
      readoutId: opened.readoutId,
      supplier: { name: 'supplier_2_day.xml', contentBase64: b64(conformancePath('trudi/taf2/supplier_2_day.xml')) },
      billed: [{ obis: '1-0:1.8.1*255', value: '0,1' }],
      lang: 'en',
      operationId: 'rep1',
    });
    expect(file.mimeType).toBe('application/pdf');
    expect(file.fileName).toBe('Report_EDNT0017038437_2017-11-04.pdf');
    expect(file.attachments.map((a) => a.fileName).sort()).toEqual(['result_3_days.xml', 'supplier_2_day.xml']);
    expect(events).toContain('report.layout');
    expect(events.at(-1)).toBe('report.done');
    const pdf = new PdfFile(Buffer.from(file.contentBase64, 'base64'));
    try {
      expect(Buffer.from(pdf.attachments().get('result_3_days.xml')!).equals(readFileSync(devicePath))).toBe(true);
      expect(pdf.text()).toContain('the bill states 0.1 kWh');
    } finally {
      pdf.dispose();
    }
  });

  it('labels the demo read-out as demo data and attaches the document written from it', { timeout: 180_000 }, async () => {
    const engine = new Engine();
    const demo = await engine.openDemo();
    const file = await engine.createReport({ readoutId: demo.readoutId, lang: 'de' });
    const pdf = new PdfFile(Buffer.from(file.contentBase64, 'base64'));
    try {
      expect(pdf.pageText(1)).toContain('DEMODATEN – erzeugte Beispieldaten, TEST-PKI: kein Nachweis für eine Abrechnung');
      expect(pdf.text()).toContain('Die Gerätedaten sind erzeugte Demodaten');
      expect(pdf.attachmentList()).toMatch(/1 embedded files/);
    } finally {
      pdf.dispose();
    }
  });

  it('is cancelled by cancel(operationId), and refuses a device file as tariff file', { timeout: 180_000 }, async () => {
    const engine = new Engine();
    const devicePath = conformancePath('trudi/taf2/resultJan-Sep2017.xml');
    const opened = await engine.openFile({ name: 'long.xml', contentBase64: b64(devicePath) });
    engine.onProgress((e) => {
      if (e.operationId === 'rep2' && e.message === 'report.layout') void engine.cancel('rep2');
    });
    await expect(engine.createReport({ readoutId: opened.readoutId, lang: 'de', operationId: 'rep2' })).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(engine.createReport({ readoutId: opened.readoutId, lang: 'de', supplier: { name: 'long.xml', contentBase64: b64(devicePath) } })).rejects.toMatchObject({ code: 'NOT_A_SUPPLIER_FILE' });
  });
});

describe.skipIf(!HAS_POPPLER)(`Engine.createReport after the roots changed ${HAS_POPPLER ? '' : POPPLER_SKIP_REASON}`, () => {
  it('a root removed after the check gives no check mark in the report (the earlier check is not reused)', { timeout: 180_000 }, async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'trudi-report-roots-'));
    try {
      const engine = new Engine({ configDir });
      const { document } = await generateSignedSampleDocument({ months: 1, periodSeconds: 86_400, seed: 'report-roots' });
      const opened = await engine.openFile({ name: 'sample.xml', contentBase64: Buffer.from(writeAr2418(document)).toString('base64') });
      const root = readFileSync(join(BUNDLED_TRUST_DIR, 'trudi-test-root-brainpool.pem'));
      const { added } = await engine.addTrustAnchors({ files: [{ name: 'root.pem', contentBase64: root.toString('base64') }] });
      const checked = await engine.verifyReadout({ readoutId: opened.readoutId });
      expect(checked.valid).toBe(checked.readings);
      const signatureLine = async () => {
        const file = await engine.createReport({ readoutId: opened.readoutId, lang: 'en' });
        const pdf = new PdfFile(Buffer.from(file.contentBase64, 'base64'));
        try {
          return /Signatures: [^\n]*/.exec(pdf.text())?.[0];
        } finally {
          pdf.dispose();
        }
      };
      expect(await signatureLine()).toMatch(new RegExp(`^Signatures: ${checked.readings} valid, 0 invalid, 0 not checkable`));
      await engine.removeTrustAnchor(added[0]!.fingerprintSha256);
      expect(await signatureLine()).toMatch(new RegExp(`^Signatures: 0 valid, 0 invalid, ${checked.readings} not checkable`));
    } finally {
      rmSync(configDir, { recursive: true, force: true });
    }
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { CancelledError } from '../api/errors';
import { readAr2418 } from '../formats/ar2418/reader';
import { writeAr2418 } from '../formats/ar2418/writer';
import type { Ar2418Document } from '../model/types';
import { createTestPki } from '../simulator/pki/test-pki';
import { generateSignedSampleDocument, type SampleResult } from '../simulator/sample/sample-document';
import { bundledTestAnchors } from './chain/trust-anchors';
import { hasFindings, toSummary, verdictName, verifyDocument, type DocumentVerification } from './verify-document';

const SEED = 'verify-test';
let sample: SampleResult;
let xml: string;

/** Applies `change` to the n-th <IntervalReading> element of the XML text (0-based, document order). */
function tamper(text: string, n: number, change: (element: string) => string): string {
  let at = -1;
  for (let i = 0; i <= n; i++) at = text.indexOf('<IntervalReading>', at + 1);
  const end = text.indexOf('</IntervalReading>', at);
  const element = text.slice(at, end);
  const changed = change(element);
  expect(changed).not.toBe(element);
  return text.slice(0, at) + changed + text.slice(end);
}

async function verifyXml(text: string, options: Parameters<typeof verifyDocument>[2] = {}): Promise<DocumentVerification> {
  const bytes = new TextEncoder().encode(text);
  const read = readAr2418(bytes);
  expect(read.document, JSON.stringify(read.problems.slice(0, 3))).toBeDefined();
  return verifyDocument(read.document!, read.original, { cache: false, trustAnchors: bundledTestAnchors(), ...options });
}

function onlyInvalid(result: DocumentVerification) {
  expect(result.invalid).toBe(1);
  expect(result.invalidReadings).toHaveLength(1);
  return result.invalidReadings[0]!;
}

beforeAll(async () => {
  // One month of hourly import and export readings: > 1,400 signatures, enough to use the worker pool.
  sample = await generateSignedSampleDocument({ months: 1, periodSeconds: 3600, seed: SEED });
  xml = writeAr2418(sample.document);
});

describe('verifyDocument on every SM-PKI curve', () => {
  it.each(['brainpoolP384r1', 'P-256', 'P-384'] as const)('verifies and rejects %s signatures', async (curve) => {
    const { document } = await generateSignedSampleDocument({ months: 1, periodSeconds: 86_400, seed: `curve-${curve}`, curve });
    const text = writeAr2418(document);
    const good = await verifyXml(text);
    expect(good.valid).toBe(good.readings);
    expect(good.chain.status).toBe('valid');
    expect(good.chain.certificates[0]!.curve).toBe(curve);
    const bad = await verifyXml(tamper(text, 5, (e) => e.replace(/<espi:value>(\d+)</, (_, v: string) => `<espi:value>${Number(v) + 1}<`)));
    expect(bad.invalid).toBe(1);
  });
});

describe('verifyDocument on a signed sample', () => {
  it('finds every signature valid with a valid chain to the bundled TEST root', async () => {
    const result = await verifyXml(xml);
    expect(result.readings).toBeGreaterThan(1400);
    expect(result.valid).toBe(result.readings);
    expect(result.invalid + result.notCheckable + result.absent).toBe(0);
    expect(result.chain.status).toBe('valid');
    expect(result.chain.test).toBe(true);
    expect(result.chain.format).toBe('trudi-sim-1');
    expect(result.chain.certificates.map((c) => c.curve)).toEqual(['brainpoolP256r1', 'brainpoolP256r1', 'brainpoolP384r1']);
    expect(hasFindings(result)).toBe(false);
  });

  it('reports exactly the reading whose value changed', async () => {
    const result = await verifyXml(tamper(xml, 100, (e) => e.replace(/<espi:value>(\d+)</, (_, v: string) => `<espi:value>${Number(v) + 1}<`)));
    const bad = onlyInvalid(result);
    expect(bad.reason).toBe('signatureMismatch');
    expect(result.valid).toBe(result.readings - 1);
    expect(hasFindings(result)).toBe(true);
  });

  it('reports exactly the reading whose capture time changed', async () => {
    const original = /<start>([^<]+)<\/start>/.exec(xml.slice(xml.indexOf('<IntervalReading>')))![1]!;
    const text = tamper(xml, 0, (e) => e.replace(/(<start>[^<]*:)(\d\d)(\+|-|Z)/, (_, head: string, s: string, tail: string) => `${head}${String((Number(s) + 1) % 60).padStart(2, '0')}${tail}`));
    const bad = onlyInvalid(await verifyXml(text));
    expect(bad.reason).toBe('signatureMismatch');
    expect(bad.block).toBe(0);
    expect(bad.index).toBe(0);
    expect(new Date(bad.captureTime).getTime()).toBe(new Date(original).getTime() + 1000);
  });

  it('reports exactly the reading whose status word changed', async () => {
    const bad = onlyInvalid(await verifyXml(tamper(xml, 200, (e) => e.replace('<statusFNN>A000000020000000<', '<statusFNN>A002000020000000<'))));
    expect(bad.statusFNN).toBe('A002000020000000');
    expect(bad.reason).toBe('signatureMismatch');
  });

  it('reports exactly the reading with one changed signature byte', async () => {
    const bad = onlyInvalid(
      await verifyXml(tamper(xml, 300, (e) => e.replace(/<signature>(..)/, (_, b: string) => `<signature>${((parseInt(b, 16) ^ 0x01) & 0xff).toString(16).padStart(2, '0').toUpperCase()}`))),
    );
    expect(bad.reason).toBe('signatureMismatch');
  });

  it('gives "expiredAtCaptureTime" when the certificate expired before some readings were captured', async () => {
    const notAfter = new Date(Date.UTC(2024, 0, 15));
    const expiredPki = createTestPki({ seed: SEED, notAfter });
    const doc = structuredClone(sample.document) as Ar2418Document;
    doc.usagePoints[0]!.certificates.find((c) => c.certType === 1)!.certContent = expiredPki.gatewaySignature.certificate;
    const result = await verifyXml(writeAr2418(doc));
    expect(result.chain.status).toBe('expiredAtCaptureTime');
    expect(result.invalid).toBeGreaterThan(0);
    expect(result.valid).toBeGreaterThan(0);
    for (const bad of result.invalidReadings) {
      expect(bad.reason).toBe('certificateExpiredAtCaptureTime');
      expect(new Date(bad.captureTime).getTime()).toBeGreaterThan(notAfter.getTime());
    }
  });

  it('trusts no root by default: the bundled TEST roots only when the caller passes them', async () => {
    const read = readAr2418(new TextEncoder().encode(xml));
    const result = await verifyDocument(read.document!, read.original, { cache: false });
    expect(result.valid).toBe(0);
    expect(result.chain.status).toBe('unknownRoot');
    expect(result.chain.test).toBe(false);
    expect(hasFindings(result)).toBe(true);
  });

  it('gives "unknownRoot" without the matching trust anchor, and counts the signatures not checkable', async () => {
    const result = await verifyXml(xml, { trustAnchors: [] });
    expect(result.chain.status).toBe('unknownRoot');
    expect(result.chain.trustAnchor).toBeNull();
    expect(result.notCheckable).toBe(result.readings);
    expect(result.signerNotEstablished).toBe(result.readings);
    expect(result.signatureMatches).toBe(result.readings);
    expect(result.chain.notCheckableReason).toMatch(/signature matches, but no installed root establishes the signer/);
    expect(hasFindings(result)).toBe(true);
    // The NIST test root does not anchor a brainpool chain either.
    const nistOnly = bundledTestAnchors().filter((a) => a.certificate.details.curve === 'P-384');
    expect((await verifyXml(xml, { trustAnchors: nistOnly })).chain.status).toBe('unknownRoot');
  });

  it('gives "wrongSigner" when the document carries another gateway\'s signature certificate', async () => {
    const other = createTestPki({ seed: 'another-gateway' });
    const doc = structuredClone(sample.document) as Ar2418Document;
    doc.usagePoints[0]!.certificates.find((c) => c.certType === 1)!.certContent = other.gatewaySignature.certificate;
    const result = await verifyXml(writeAr2418(doc));
    expect(result.chain.status).toBe('wrongSigner');
    expect(result.invalid).toBe(result.readings);
    expect(result.invalidReadings[0]!.reason).toBe('signerOfOtherGateway');
  });

  it('gives "signerMismatch" when no signature matches the key of a signer certificate of this gateway', async () => {
    const renewed = createTestPki({ seed: 'another-key', gatewayId: sample.pki.gatewayId });
    const doc = structuredClone(sample.document) as Ar2418Document;
    const usagePoint = doc.usagePoints[0]!;
    usagePoint.certificates.find((c) => c.certType === 1)!.certContent = renewed.gatewaySignature.certificate;
    usagePoint.certificates.push({ certId: 9, certType: 2, certContent: renewed.subCa.certificate });
    const result = await verifyXml(writeAr2418(doc));
    expect(result.chain.status).toBe('wrongSigner');
    expect(result.invalid).toBe(result.readings);
    expect(result.signatureMatches).toBe(0);
    expect(result.invalidReadings[0]!.reason).toBe('signerMismatch');
  });

  it('gives "wrongSigner" when the signer certificate may not sign (a CA certificate as certType 1)', async () => {
    const doc = structuredClone(sample.document) as Ar2418Document;
    doc.usagePoints[0]!.certificates.find((c) => c.certType === 1)!.certContent = sample.pki.subCa.certificate;
    expect((await verifyXml(writeAr2418(doc))).chain.status).toBe('wrongSigner');
  });

  it('says "not checkable" with the reason for a vendor whose format is not published', async () => {
    const doc = structuredClone(sample.document) as Ar2418Document;
    delete doc.generatorVersion;
    doc.usagePoints[0]!.smgw.smgwId = 'EPPC0210486901';
    const result = await verifyXml(writeAr2418(doc));
    expect(result.notCheckable).toBe(result.readings);
    expect(result.chain.format).toBe('unpublished:PPC');
    expect(result.chain.notCheckableReason).toMatch(/not published/);
    expect(result.invalid).toBe(0);
  });

  it('verifies a CMS-signed TAF profile in VendorConfig', async () => {
    const { signCms } = await import('../simulator/pki/sign-cms');
    const doc = structuredClone(sample.document) as Ar2418Document;
    const gateway = sample.pki.gatewaySignature;
    const cms = signCms(new TextEncoder().encode('<taf-profile>TAF-7</taf-profile>'), { certificate: gateway.certificate, key: gateway.key, chain: [sample.pki.subCa.certificate] }, new Date('2024-01-01T00:00:00Z'));
    doc.usagePoints[0]!.vendorConfig = { tafProfile: Buffer.from(cms).toString('hex').toUpperCase() };
    const result = await verifyXml(writeAr2418(doc));
    expect(result.tafProfiles).toEqual([expect.objectContaining({ status: 'valid', chainStatus: 'valid' })]);
    expect(toSummary(result)).not.toHaveProperty('tafProfiles');
  });

  it('counts readings without signature as absent', async () => {
    const doc = structuredClone(sample.document) as Ar2418Document;
    const first = doc.usagePoints[0]!.meterReadings[0]!.intervalBlocks[0]!.readings;
    delete first[0]!.signature;
    delete first[1]!.signature;
    const result = await verifyXml(writeAr2418(doc));
    expect(result.absent).toBe(2);
    expect(result.valid).toBe(result.readings - 2);
    expect(verdictName(result.verdicts[0]!.codes[0]!)).toBe('absent');
  });

  it('serves a second verification of the same bytes from the cache, and the pure-JS engine agrees', async () => {
    const bytes = new TextEncoder().encode(xml);
    const read = readAr2418(bytes);
    const { MemoryVerificationCache } = await import('./cache/verification-cache');
    const cache = new MemoryVerificationCache<DocumentVerification>();
    const first = await verifyDocument(read.document!, read.original, { cache, trustAnchors: bundledTestAnchors() });
    const again = await verifyDocument(read.document!, read.original, { cache, trustAnchors: bundledTestAnchors() });
    expect(first.cached).toBe(false);
    expect(again.cached).toBe(true);
    expect(toSummary(again)).toEqual(toSummary(first));

    // Pure JS on one day of data (about 2 ms per brainpool verification).
    const day = structuredClone(read.document!) as Ar2418Document;
    for (const m of day.usagePoints[0]!.meterReadings) m.intervalBlocks = m.intervalBlocks.slice(0, 1);
    day.usagePoints[0]!.meterReadings[0]!.intervalBlocks[0]!.readings[3]!.value += 1;
    const noble = await verifyDocument(day, undefined, { engine: 'noble', cache: false, trustAnchors: bundledTestAnchors() });
    const openssl = await verifyDocument(day, undefined, { engine: 'openssl', cache: false, trustAnchors: bundledTestAnchors() });
    expect(noble.invalid).toBe(1);
    expect(noble.valid).toBe(openssl.valid);
    expect(noble.valid).toBe(noble.readings - 1);
    expect(noble.invalidReadings).toEqual(openssl.invalidReadings);
  });

  it('finishes on the calling thread when the worker pool fails', async () => {
    const { VerifyPool } = await import('./workers/verify-pool');
    const broken = new VerifyPool(1);
    await broken.close();
    const read = readAr2418(new TextEncoder().encode(xml));
    const result = await verifyDocument(read.document!, read.original, { cache: false, pool: broken, trustAnchors: bundledTestAnchors() });
    expect(result.valid).toBe(result.readings);
  });

  it('reports progress and can be cancelled', async () => {
    const read = readAr2418(new TextEncoder().encode(xml));
    const progress: number[] = [];
    await verifyDocument(read.document!, read.original, { cache: false, onProgress: ({ done }) => progress.push(done) });
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(read.document!.usagePoints[0]!.meterReadings.reduce((n, m) => n + m.intervalBlocks.reduce((k, b) => k + b.readings.length, 0), 0));

    const controller = new AbortController();
    const run = verifyDocument(read.document!, read.original, {
      cache: false,
      signal: controller.signal,
      onProgress: ({ done }) => {
        if (done > 0) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
  });
});

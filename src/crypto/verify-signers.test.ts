/**
 * Every reading is judged by its own signer: the certificate it names must be a signature certificate of
 * the document's own gateway, and that certificate's own chain decides.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readAr2418 } from '../formats/ar2418/reader';
import { writeAr2418 } from '../formats/ar2418/writer';
import type { Ar2418Document } from '../model/types';
import { createTestPki } from '../simulator/pki/test-pki';
import { generateSignedSampleDocument, type SampleResult } from '../simulator/sample/sample-document';
import { forgeReading, resign, selfSignedSigner } from '../simulator/testing/forge-reading';
import { issueCertificate } from '../simulator/pki/certificate-builder';
import { generateKeyPair } from '../simulator/pki/keys';
import { bundledTestAnchors } from './chain/trust-anchors';
import { hasFindings, verdictName, verifyDocument, type DocumentVerification } from './verify-document';

const SEED = 'verify-signers';
const AT = { meterReading: 0, block: 3, index: 0 };
let sample: SampleResult;

beforeAll(async () => {
  sample = await generateSignedSampleDocument({ months: 1, periodSeconds: 86_400, seed: SEED });
});

/** Writes and reads the document again (the verdict is computed on what a file carries). */
async function verify(doc: Ar2418Document, trustAnchors = bundledTestAnchors()): Promise<DocumentVerification> {
  const read = readAr2418(new TextEncoder().encode(writeAr2418(doc)));
  expect(read.document, JSON.stringify(read.problems.slice(0, 3))).toBeDefined();
  return verifyDocument(read.document!, read.original, { cache: false, trustAnchors });
}

function copy(): Ar2418Document {
  return structuredClone(sample.document);
}

function onlyInvalid(result: DocumentVerification) {
  expect(result.invalid).toBe(1);
  expect(result.valid).toBe(result.readings - 1);
  expect(hasFindings(result)).toBe(true);
  const bad = result.invalidReadings[0]!;
  expect(bad.block).toBe(AT.block);
  expect(bad.index).toBe(AT.index);
  return bad;
}

describe('the forgery of issue 9: a self-signed certificate carried in the file', () => {
  it('as certType 3, value raised and re-signed: exactly that reading invalid, not a signature certificate', async () => {
    const doc = copy();
    const forged = forgeReading(doc, selfSignedSigner(sample.pki.gatewayId), { certId: 4, certType: 3, at: AT, delta: 5000 });
    const result = await verify(doc);
    const bad = onlyInvalid(result);
    expect(bad.reason).toBe('signerNotSignatureCertificate');
    expect(bad.certId).toBe(4);
    expect(bad.value).toBe(forged.value);
    // The forged signature does match the forged key: counted, but never valid.
    expect(result.signatureMatches).toBe(result.readings);
    expect(result.chain.status).toBe('valid');
    expect(result.signers.map((s) => [s.certId, s.problem, s.readings])).toEqual([
      [1, null, result.readings - 1],
      [4, 'signerNotSignatureCertificate', 1],
    ]);
    expect(verdictName(result.verdicts[0]!.codes[AT.block]!)).toBe('invalid');
  });

  it('marked certType 1: invalid as self-signed', async () => {
    const doc = copy();
    forgeReading(doc, selfSignedSigner(sample.pki.gatewayId), { certId: 4, certType: 1, at: AT, delta: 1 });
    expect(onlyInvalid(await verify(doc)).reason).toBe('signerSelfSigned');
  });

  /** A forger's own Sub-CA (named `caName`) and a gateway signature certificate it issued. */
  function forgerChain(caName: string) {
    const caKey = generateKeyPair('brainpoolP256r1');
    const ca = issueCertificate({
      subject: { commonName: caName, organization: 'TRuDI test SM-PKI', country: 'DE' },
      subjectKey: caKey,
      serialNumber: 7,
      notBefore: new Date(Date.UTC(2015, 0, 1)),
      notAfter: new Date(Date.UTC(2045, 0, 1)),
      ca: { pathLength: 0 },
      keyUsage: ['keyCertSign', 'cRLSign'],
    });
    const key = generateKeyPair('brainpoolP256r1');
    const certificate = issueCertificate({
      subject: { commonName: `${sample.pki.gatewayId}.SMGW`, organization: 'SMGW', country: 'DE' },
      subjectKey: key,
      issuer: { certificate: ca, key: caKey },
      serialNumber: 8,
      notBefore: new Date(Date.UTC(2020, 0, 1)),
      notAfter: new Date(Date.UTC(2032, 0, 1)),
      keyUsage: ['digitalSignature'],
    });
    return { ca, signer: { certificate, key } };
  }

  it("issued by the forger's own CA as certType 1: invalid, outside the gateway's PKI", async () => {
    const doc = copy();
    const { ca, signer } = forgerChain('Forger CA');
    doc.usagePoints[0]!.certificates.push({ certId: 5, certType: 2, certContent: ca });
    forgeReading(doc, signer, { certId: 4, certType: 1, at: AT, delta: 1 });
    const result = await verify(doc);
    expect(onlyInvalid(result).reason).toBe('signerOutsideGatewayPki');
    expect(result.signers.find((s) => s.certId === 4)!.chain.status).toBe('unknownRoot');
    // Without any installed root nothing is established: every reading "signature matches, signer not established".
    const untrusted = await verify(doc, []);
    expect(untrusted.valid).toBe(0);
    expect(untrusted.invalid).toBe(0);
    expect(untrusted.signerNotEstablished).toBe(untrusted.readings);
  });

  it("issued by a forger's CA that copies the genuine Sub-CA's name: invalid, broken chain", async () => {
    const doc = copy();
    const { ca, signer } = forgerChain('TRuDI TEST GWA Sub-CA brainpoolP256r1');
    doc.usagePoints[0]!.certificates.push({ certId: 5, certType: 2, certContent: ca });
    forgeReading(doc, signer, { certId: 4, certType: 1, at: AT, delta: 1 });
    const result = await verify(doc);
    expect(onlyInvalid(result).reason).toBe('signerChainInvalid');
    expect(result.signers.find((s) => s.certId === 4)!.chain.status).toBe('brokenChain');
  });

  it('names a certId the document does not carry: invalid', async () => {
    const doc = copy();
    forgeReading(doc, selfSignedSigner(sample.pki.gatewayId), { certId: 9, certType: 1, at: AT, delta: 1, addCertificate: false });
    expect(onlyInvalid(await verify(doc)).reason).toBe('unknownSignerCertificate');
  });
});

describe('signers with a valid chain', () => {
  it("a genuine signature certificate of another gateway (foreign subject) signs one reading: invalid, the others valid", async () => {
    const doc = copy();
    const other = createTestPki({ seed: SEED, gatewayId: 'ETRU0099999999' });
    // Same TEST Sub-CA: the foreign certificate's chain is valid; only its subject is wrong.
    expect(Buffer.from(other.subCa.certificate).equals(Buffer.from(sample.pki.subCa.certificate))).toBe(true);
    forgeReading(doc, other.gatewaySignature, { certId: 4, certType: 1, at: AT, delta: 1 });
    const result = await verify(doc);
    const bad = onlyInvalid(result);
    expect(bad.reason).toBe('signerOfOtherGateway');
    expect(bad.signer).toContain('ETRU0099999999');
    const foreign = result.signers.find((s) => s.certId === 4)!;
    expect(foreign.chain.status).toBe('valid');
    expect(foreign.problem).toBe('signerOfOtherGateway');
  });

  it('mixed forged and genuine readings: each forged one invalid with its own reason, the genuine ones valid', async () => {
    const doc = copy();
    const other = createTestPki({ seed: SEED, gatewayId: 'ETRU0099999999' });
    forgeReading(doc, selfSignedSigner(sample.pki.gatewayId), { certId: 4, certType: 3, at: { meterReading: 0, block: 1, index: 0 }, delta: 10 });
    forgeReading(doc, other.gatewaySignature, { certId: 5, certType: 1, at: { meterReading: 1, block: 2, index: 0 }, delta: 10 });
    // A plain edit without re-signing.
    doc.usagePoints[0]!.meterReadings[0]!.intervalBlocks[5]!.readings[0]!.value += 1;
    const result = await verify(doc);
    expect(result.invalid).toBe(3);
    expect(result.valid).toBe(result.readings - 3);
    expect(result.invalidReadings.map((r) => [r.meterReadingId === doc.usagePoints[0]!.meterReadings[0]!.meterReadingId ? 0 : 1, r.block, r.reason]).sort()).toEqual(
      [
        [0, 1, 'signerNotSignatureCertificate'],
        [0, 5, 'signatureMismatch'],
        [1, 2, 'signerOfOtherGateway'],
      ].sort(),
    );
    expect(result.signatureMatches).toBe(result.readings - 1);
  });

  it('a renewal: two genuine signature certificates of the gateway, each reading valid under its own', async () => {
    const doc = copy();
    const renewed = createTestPki({ seed: `${SEED}-renewed`, gatewayId: sample.pki.gatewayId });
    const usagePoint = doc.usagePoints[0]!;
    usagePoint.certificates.push({ certId: 4, certType: 1, parentCertId: 5, certContent: renewed.gatewaySignature.certificate });
    usagePoint.certificates.push({ certId: 5, certType: 2, certContent: renewed.subCa.certificate });
    let renewedCount = 0;
    usagePoint.meterReadings.forEach((meterReading, m) => {
      meterReading.intervalBlocks.forEach((block, b) => {
        if (b < 15) return;
        for (const reading of block.readings) {
          reading.certId = 4;
          resign(doc, reading, m, renewed.gatewaySignature.key);
          renewedCount++;
        }
      });
    });
    expect(renewedCount).toBeGreaterThan(10);
    const result = await verify(doc);
    expect(result.invalid).toBe(0);
    expect(result.valid).toBe(result.readings);
    expect(result.signers.map((s) => [s.certId, s.readings, s.chain.status])).toEqual([
      [1, result.readings - renewedCount, 'valid'],
      [4, renewedCount, 'valid'],
    ]);
    expect(hasFindings(result)).toBe(false);
  });

  it('readings signed with the renewed key but naming the old certificate: invalid', async () => {
    const doc = copy();
    const renewed = createTestPki({ seed: `${SEED}-renewed`, gatewayId: sample.pki.gatewayId });
    resign(doc, doc.usagePoints[0]!.meterReadings[0]!.intervalBlocks[AT.block]!.readings[AT.index]!, 0, renewed.gatewaySignature.key);
    expect(onlyInvalid(await verify(doc)).reason).toBe('signatureMismatch');
  });
});

describe('without an installed root', () => {
  it('a clean document: every signature matches, no signer established, nothing valid', async () => {
    const result = await verify(copy(), []);
    expect(result.valid).toBe(0);
    expect(result.signatureMatches).toBe(result.readings);
    expect(result.signerNotEstablished).toBe(result.readings);
    expect(result.notCheckable).toBe(result.readings);
    expect(result.chain.status).toBe('unknownRoot');
    expect(verdictName(result.verdicts[0]!.codes[0]!)).toBe('signerNotEstablished');
    expect(hasFindings(result)).toBe(true);
  });
});

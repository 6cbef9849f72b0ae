/**
 * PPC per-reading signatures through the verdict pipeline: the real export (../shared/conformance/ppc/, read
 * in place), changed fields, unconfirmed status forms, and the signed export (CMS) of the simulated gateway
 * under the TEST PKI.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readReadout } from '../../formats/readout';
import { createTestPki } from '../../simulator/pki/test-pki';
import { ppcExportCms, ppcSignedMessage, signPpcReading, type K461Export } from '../../simulator/gateway/ppc-export';
import { CONFORMANCE_SKIP_REASON, HAS_CONFORMANCE, conformancePath } from '../../testing/conformance';
import { trustAnchorsFromBytes } from '../chain/trust-anchors';
import { verifyDocument, type DocumentVerification } from '../verify-document';
import { PPC_FORMAT_ID, splitPpcSignature } from './ppc';

const real = (): string => readFileSync(conformancePath('ppc', 'k461_exportMeterValues_2025-10-26.xml'), 'utf8');
const BRAINPOOL_P256_N = BigInt('0xa9fb57dba1eea9bc3e660a909d838d718c397aa3b561a6f7901e0e82974856a7');

async function verifyText(xml: string | Uint8Array, trustAnchors = [] as ReturnType<typeof trustAnchorsFromBytes>): Promise<DocumentVerification> {
  const read = readReadout(typeof xml === 'string' ? Buffer.from(xml) : xml);
  expect(read.problems.filter((p) => p.severity === 'error')).toEqual([]);
  return verifyDocument(read.document!, read.original, { trustAnchors, cache: false });
}

/** The real file with the first occurrence of `from` (inside the first entry of column 1) replaced. */
const changed = (from: string, to: string): string => {
  const xml = real();
  const at = xml.indexOf(from, xml.indexOf('<ns1:entry_gateway_signed id="1">'));
  return xml.slice(0, at) + to + xml.slice(at + from.length);
};

describe.skipIf(!HAS_CONFORMANCE)(`PPC signatures of the real export${HAS_CONFORMANCE ? '' : ` (${CONFORMANCE_SKIP_REASON})`}`, () => {
  it('206 readings, all 206 signatures match, none valid: the key only travels inside the signature', async () => {
    const result = await verifyText(real());
    expect(result).toMatchObject({ readings: 206, signatureMatches: 206, signerNotEstablished: 206, notCheckable: 206, valid: 0, invalid: 0, absent: 0 });
    expect(result.chain.format).toBe(PPC_FORMAT_ID);
    expect(result.chain.notCheckableReason).toMatch(/key only travels inside the signature/);
  });

  it('high-S signatures are part of the real data and are accepted', () => {
    const signatures = [...real().matchAll(/<ns2:smgw_signature>([0-9a-f]+)</g)].map((m) => splitPpcSignature(Buffer.from(m[1]!, 'hex'))!);
    const highS = signatures.filter((s) => BigInt(`0x${Buffer.from(s.signature.subarray(32)).toString('hex')}`) > BRAINPOOL_P256_N / 2n).length;
    expect(signatures).toHaveLength(206);
    expect(highS).toBeGreaterThan(50);
  });

  it.each([
    ['value', '<ns2:long64>18313980<', '<ns2:long64>18313981<'],
    ['capture time', '2025-10-26T23:00:01Z', '2025-10-26T23:00:02Z'],
    ['scaler', '<ns2:scaler>-1<', '<ns2:scaler>-2<'],
    ['unit', '<ns2:unit>30<', '<ns2:unit>27<'],
  ])('a changed %s makes exactly that reading invalid', async (_, from, to) => {
    const result = await verifyText(changed(from, to));
    expect(result).toMatchObject({ readings: 206, invalid: 1, signatureMatches: 205, signerNotEstablished: 205, valid: 0 });
    expect(result.invalidReadings).toHaveLength(1);
    expect(result.invalidReadings[0]).toMatchObject({ qualifiedLogicalName: '0100010800ff.1lgz0072999211.sm', reason: 'signatureMismatch' });
  });

  it('a changed signature byte makes exactly that reading invalid', async () => {
    const xml = real();
    const at = xml.indexOf('<ns2:smgw_signature>') + '<ns2:smgw_signature>'.length;
    const result = await verifyText(xml.slice(0, at) + (xml[at] === '9' ? '8' : '9') + xml.slice(at + 1));
    expect(result).toMatchObject({ invalid: 1, signatureMatches: 205 });
  });

  it('a failing reading with a status other than 0 is not checkable (signed form not confirmed), not invalid', async () => {
    const result = await verifyText(changed('<ns2:unsigned>0<', '<ns2:unsigned>4<'));
    expect(result).toMatchObject({ invalid: 0, signatureMatches: 205, notCheckable: 206, signerNotEstablished: 205 });
    expect(result.chain.notCheckableReason).toMatch(/signature matches|status 4 is not confirmed/);
  });
});

describe('PPC signed export (CMS) of the simulated gateway', () => {
  const pki = createTestPki({ gatewayId: 'EPPC0012345678' });
  const key = pki.gatewaySignature.key;
  const logicalName = '0100010800ff.1lgz0012345678.sm';
  const entries = [0, 1, 2].map((i) => {
    const e = { value: 1000 + i * 7, scaler: -1, unit: 30, status: 0, captureTime: new Date(Date.UTC(2025, 9, 26, 22, 15 * (3 - i), 1)).toISOString().replace('.000Z', 'Z') };
    return { ...e, signature: signPpcReading(key, ppcSignedMessage(logicalName, e)) };
  });
  const data: K461Export = { objectId: '01005e31803c.1lgz0012345678.sm', columns: [{ logicalName, entries }] };
  const exportedAt = new Date(Date.UTC(2026, 1, 3, 10, 0, 0));
  const cms = ppcExportCms(data, { certificate: pki.gatewaySignature.certificate, key, chain: [pki.subCa.certificate] }, exportedAt);
  const root = trustAnchorsFromBytes(pki.root.certificate, 'TEST root', 'bundled-test');

  it('reads the container: the signer certificate becomes the gateway signature certificate, the signing time the export time, the bytes kept', () => {
    const read = readReadout(cms);
    expect(read.original.read()).toBe(cms);
    const doc = read.document!;
    expect(doc.source).toEqual({ content: 'k461', container: 'cms', exportTime: exportedAt.getTime() });
    expect(doc.usagePoints[0]!.smgw.smgwId).toBe('EPPC0012345678');
    expect(doc.usagePoints[0]!.certificates.map((c) => c.certType)).toEqual([1, 2]);
  });

  it('valid only with the root installed (and labelled TEST); without it: signature matches, signer not established', async () => {
    const trusted = await verifyText(cms, root);
    expect(trusted).toMatchObject({ readings: 3, valid: 3, signatureMatches: 3, invalid: 0 });
    expect(trusted.chain.test).toBe(true);
    expect(trusted.container).toMatchObject({ status: 'valid', signer: expect.stringContaining('EPPC0012345678.SMGW'), exportTime: exportedAt.toISOString(), chain: { status: 'valid', test: true } });
    const untrusted = await verifyText(cms);
    expect(untrusted).toMatchObject({ readings: 3, valid: 0, signatureMatches: 3, signerNotEstablished: 3 });
    expect(untrusted.container).toMatchObject({ status: 'untrusted', exportTime: exportedAt.toISOString() });
  });

  it('a changed byte of the content breaks the container signature (the readings are judged by their own)', async () => {
    const bytes = Buffer.from(cms);
    const at = bytes.indexOf(Buffer.from('<ns2:long64>1000<'));
    bytes[at + '<ns2:long64>'.length] = '2'.charCodeAt(0);
    const result = await verifyText(bytes, root);
    expect(result.container!.status).toBe('invalid');
    expect(result.container!.message).toMatch(/content was changed/);
    expect(result).toMatchObject({ invalid: 1, valid: 2 });
  });

  it('a reading signed with another key than the certificate’s is never valid', async () => {
    const other = createTestPki({ gatewayId: 'EPPC0099999999', seed: 'other' }).gatewaySignature.key;
    const forged = { ...entries[0]!, value: 5000 };
    const bad: K461Export = { ...data, columns: [{ logicalName, entries: [{ ...forged, signature: signPpcReading(other, ppcSignedMessage(logicalName, forged)) }, ...entries.slice(1)] }] };
    const result = await verifyText(ppcExportCms(bad, { certificate: pki.gatewaySignature.certificate, key, chain: [pki.subCa.certificate] }, exportedAt), root);
    expect(result).toMatchObject({ readings: 3, valid: 2, signatureMatches: 3, signerNotEstablished: 1 });
  });
});

/** One reading's verification detail on a TEST-signed sample (trudi-sim-1): fields, message, key, r/s, chain, verdict. */
import { createHash, verify, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSignedSampleDocument } from '../simulator/sample/sample-document';
import { bundledTestAnchors } from './chain/trust-anchors';
import { readingVerificationDetail } from './verification-detail';

describe('reading verification detail (trudi-sim-1 sample)', () => {
  it('names every signed field, the exact message and hash, the key of the signer certificate, r and s, its TEST chain and the one verdict', async () => {
    const { document } = await generateSignedSampleDocument({ months: 1, periodSeconds: 86_400, seed: 'detail' });
    const detail = await readingVerificationDetail(document, undefined, { meterReadingIndex: 0, readingIndex: 5 }, { trustAnchors: bundledTestAnchors(), cache: false });
    expect(detail.fields!.map((f) => f.name)).toEqual(['format', 'smgwId', 'qualifiedLogicalName', 'captureTime', 'value', 'scaler', 'uom', 'statusFNN', 'statusPTB', 'statusVendor']);
    expect(detail.message!.text.split('\n')[0]).toBe('trudi-sim-1');
    expect(detail.hash!.hex).toBe(createHash(detail.curve === 'brainpoolP384r1' ? 'sha384' : 'sha256').update(Buffer.from(detail.message!.hex, 'hex')).digest('hex'));
    expect(detail).toMatchObject({ verdict: 'valid', reasonCode: 'valid', publicKey: { source: 'certificate' }, chain: { status: 'valid', test: true, trustAnchor: { origin: 'bundled-test', test: true } } });
    expect(detail.chainCheckedAt).toBe(detail.captureTime);
    expect(detail.reason).toMatch(/TEST root/);
    expect(detail.signer!.subject).toMatch(/SMGW/);
    // r and s as shown verify the shown message under the shown key
    const spkiPrefix = '305a301406072a8648ce3d020106092b2403030208010107034200';
    const key = createPublicKey({ key: Buffer.from(spkiPrefix + detail.publicKey!.hex, 'hex'), format: 'der', type: 'spki' });
    expect(verify('sha256', Buffer.from(detail.message!.hex, 'hex'), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(detail.signature!.r + detail.signature!.s, 'hex'))).toBe(true);

    const untrusted = await readingVerificationDetail(document, undefined, { meterReadingIndex: 0, readingIndex: 5 }, { trustAnchors: [], cache: false });
    expect(untrusted.verdict).toBe('signerNotEstablished');
    expect(untrusted.reason).toMatch(/no installed root/);
    expect(untrusted).toMatchObject({ reasonCode: 'unknownRoot', chain: { status: 'unknownRoot', trustAnchor: null } });

    // The value raised after signing: that reading is invalid with the reason of the pipeline.
    const changed = structuredClone(document);
    changed.usagePoints[0]!.meterReadings[0]!.intervalBlocks.flatMap((b) => b.readings)[5]!.value += 1;
    const altered = await readingVerificationDetail(changed, undefined, { meterReadingIndex: 0, readingIndex: 5 }, { trustAnchors: bundledTestAnchors(), cache: false });
    expect(altered).toMatchObject({ verdict: 'invalid', reasonCode: 'signatureMismatch' });
    await expect(readingVerificationDetail(document, undefined, { meterReadingIndex: 0, readingIndex: 1e6 })).rejects.toThrow(/there is no reading 1000001/);
  });
});

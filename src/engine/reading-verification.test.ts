/** getReadingVerification on the real PPC export (../shared/conformance/ppc/, read in place) opened like a dropped file. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFORMANCE_SKIP_REASON, HAS_CONFORMANCE, conformancePath } from '../testing/conformance';
import { Engine } from './engine';

describe.skipIf(!HAS_CONFORMANCE)(`engine: a PPC K461 export opened as a read-out${HAS_CONFORMANCE ? '' : ` (${CONFORMANCE_SKIP_REASON})`}`, () => {
  it('opens, verifies (206 matches, none valid) and shows one reading’s detail with the documented message', async () => {
    const engine = new Engine();
    const bytes = readFileSync(conformancePath('ppc', 'k461_exportMeterValues_2025-10-26.xml'));
    const summary = await engine.openFile({ name: 'k461_exportMeterValues_2025-10-26.xml', contentBase64: bytes.toString('base64') });
    const verification = await engine.verifyReadout({ readoutId: summary.readoutId });
    expect(verification).toMatchObject({ readings: 206, signatureMatches: 206, valid: 0, invalid: 0 });
    const detail = await engine.getReadingVerification({ readoutId: summary.readoutId, channelId: '0100010800ff', captureTime: '2025-10-26T23:00:01Z' });
    expect(detail.message!.text).toBe('0100010800ff.1lgz0072999211.sm02025-10-26T23:00:01Z18313980-130');
    expect(detail.hash).toEqual({ algorithm: 'SHA-256', hex: '4d9b2d159560d8048e28a2ee1360e389d5003ac3a8cb91e7f072995f54840df1' });
    expect(detail.fields!.map((f) => f.name)).toEqual(['logical_name', 'status', 'capture_time', 'value', 'scaler', 'unit']);
    expect(detail).toMatchObject({ curve: 'brainpoolP256r1', verdict: 'signerNotEstablished', signer: null, publicKey: { source: 'signature' } });
    expect(detail.signature!.r).toBe('9586223bb6ac0db5302ad112cc89bbda2a107fbc9c649171a7c9bdc72de08a63');
    expect(detail.reason).toMatch(/key only travels inside the signature/);
    await expect(engine.getReadingVerification({ readoutId: summary.readoutId, channelId: '0100010800ff', index: 103 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { packItems } from './verify-job';
import { VerifyPool } from './verify-pool';

describe('VerifyPool (worker threads under vitest/tsx)', () => {
  const pool = new VerifyPool(2);
  afterAll(() => pool.close());
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'brainpoolP256r1' });
  const spki = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
  const messages = [1, 2, 3].map((i) => new TextEncoder().encode(`message ${i}`));
  const der = messages.map((m) => new Uint8Array(sign('sha256', m, privateKey)));
  const raw = messages.map((m) => new Uint8Array(sign('sha256', m, { key: privateKey, dsaEncoding: 'ieee-p1363' })));
  const job = (signatures: Uint8Array[], engine: 'openssl' | 'noble' = 'openssl') => ({ spki, hash: 'sha256' as const, curveSize: 32, engine, curve: 'brainpoolP256r1', ...packItems(messages, signatures) });

  it('verifies DER and raw r‖s signatures with OpenSSL and with pure JS, flagging the wrong one', async () => {
    const mixed = [der[0]!, raw[1]!, raw[0]!];
    expect([...(await pool.run(job(mixed)))]).toEqual([1, 1, 0]);
    expect([...(await pool.run(job(mixed, 'noble')))]).toEqual([1, 1, 0]);
  });

  it('signs in the workers', async () => {
    const pkcs8 = new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' }));
    const packed = packItems(messages, []);
    const { signatures, signatureOffsets } = await pool.sign({ pkcs8, hash: 'sha256', encoding: 'ieee-p1363', messages: packed.messages, messageOffsets: packed.messageOffsets });
    expect([...signatureOffsets]).toEqual([0, 64, 128, 192]);
    const produced = [0, 1, 2].map((i) => signatures.subarray(signatureOffsets[i]!, signatureOffsets[i + 1]!));
    expect([...(await pool.run(job(produced)))]).toEqual([1, 1, 1]);
  });

  it('rejects a broken job with the cause and keeps working', async () => {
    await expect(pool.run({ ...job(raw), spki: new Uint8Array([1, 2, 3]) })).rejects.toThrow(/Signature worker failed/);
    expect([...(await pool.run(job(raw)))]).toEqual([1, 1, 1]);
  });

  it('refuses work after close', async () => {
    const closed = new VerifyPool(1);
    await closed.close();
    await expect(closed.run(job(raw))).rejects.toThrow(/closed/);
  });
});

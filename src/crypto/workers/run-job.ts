/** Verifies every signature of a job (in a worker, or inline for small jobs). */
import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { curveByName } from '../curves';
import { publicPointFromSpki, verifyWithNoble, verifyWithOpenssl } from '../signatures/ecdsa';
import type { SignJob, VerifyJob } from './verify-job';

const keys = new Map<string, KeyObject>();

function keyOf(spki: Uint8Array): KeyObject {
  const id = Buffer.from(spki).toString('base64');
  let key = keys.get(id);
  if (!key) {
    key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    if (keys.size > 64) keys.clear();
    keys.set(id, key);
  }
  return key;
}

export function runVerifyJob(job: Omit<VerifyJob, 'id'>): Uint8Array {
  const count = job.messageOffsets.length - 1;
  const results = new Uint8Array(count);
  if (job.engine === 'noble') {
    const curve = curveByName(job.curve);
    if (!curve) throw new Error(`Unknown curve ${job.curve}`);
    const point = publicPointFromSpki(job.spki, curve);
    for (let i = 0; i < count; i++) {
      const message = job.messages.subarray(job.messageOffsets[i]!, job.messageOffsets[i + 1]!);
      const signature = job.signatures.subarray(job.signatureOffsets[i]!, job.signatureOffsets[i + 1]!);
      results[i] = verifyWithNoble(curve, message, point, signature) ? 1 : 0;
    }
    return results;
  }
  const key = keyOf(job.spki);
  for (let i = 0; i < count; i++) {
    const message = job.messages.subarray(job.messageOffsets[i]!, job.messageOffsets[i + 1]!);
    const signature = job.signatures.subarray(job.signatureOffsets[i]!, job.signatureOffsets[i + 1]!);
    results[i] = verifyWithOpenssl(job.hash, message, key, signature, job.curveSize) ? 1 : 0;
  }
  return results;
}

const privateKeys = new Map<string, KeyObject>();

export function runSignJob(job: Omit<SignJob, 'id'>): { signatures: Uint8Array; signatureOffsets: Uint32Array } {
  const id = Buffer.from(job.pkcs8).toString('base64');
  let key = privateKeys.get(id);
  if (!key) {
    key = createPrivateKey({ key: Buffer.from(job.pkcs8), format: 'der', type: 'pkcs8' });
    if (privateKeys.size > 8) privateKeys.clear();
    privateKeys.set(id, key);
  }
  const count = job.messageOffsets.length - 1;
  const parts: Buffer[] = [];
  const signatureOffsets = new Uint32Array(count + 1);
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const signature = sign(job.hash, job.messages.subarray(job.messageOffsets[i]!, job.messageOffsets[i + 1]!), { key, dsaEncoding: job.encoding });
    parts.push(signature);
    offset += signature.length;
    signatureOffsets[i + 1] = offset;
  }
  return { signatures: new Uint8Array(Buffer.concat(parts)), signatureOffsets };
}

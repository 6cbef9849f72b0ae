/** The message format between the verification pool and its workers (transferable typed arrays only). */

export interface VerifyJob {
  kind?: 'verify';
  id: number;
  /** DER SubjectPublicKeyInfo of the signer key (one key per job). */
  spki: Uint8Array;
  hash: 'sha256' | 'sha384' | 'sha512';
  /** Field size in bytes: raw r‖s signatures are twice as long. */
  curveSize: number;
  /** 'openssl' (Node's crypto) or 'noble' (pure JS, `lowS: false`). */
  engine: 'openssl' | 'noble';
  /** Curve name, needed by the pure-JS engine. */
  curve: string;
  /** All messages concatenated; message i is messages[offsets[i] .. offsets[i+1]). */
  messages: Uint8Array;
  messageOffsets: Uint32Array;
  signatures: Uint8Array;
  signatureOffsets: Uint32Array;
}

/** Signing for generated data (sample files, simulator): same pool, same packing. */
export interface SignJob {
  kind: 'sign';
  id: number;
  /** PKCS#8 DER of the signing key. */
  pkcs8: Uint8Array;
  hash: 'sha256' | 'sha384' | 'sha512';
  encoding: 'der' | 'ieee-p1363';
  messages: Uint8Array;
  messageOffsets: Uint32Array;
}

export type CryptoJob = VerifyJob | SignJob;

export interface VerifyJobResult {
  id: number;
  /** 1 = signature matches, 0 = it does not (or is malformed). */
  results?: Uint8Array;
  /** Signatures of a sign job, packed like the messages. */
  signatures?: Uint8Array;
  signatureOffsets?: Uint32Array;
  error?: string;
}

export interface PackedItems {
  messages: Uint8Array;
  messageOffsets: Uint32Array;
  signatures: Uint8Array;
  signatureOffsets: Uint32Array;
}

/** Packs message/signature pairs into the flat arrays of a job. */
export function packItems(messages: Uint8Array[], signatures: Uint8Array[]): PackedItems {
  const messageOffsets = new Uint32Array(messages.length + 1);
  const signatureOffsets = new Uint32Array(signatures.length + 1);
  let m = 0;
  let s = 0;
  for (let i = 0; i < messages.length; i++) {
    m += messages[i]!.length;
    s += signatures[i]?.length ?? 0;
    messageOffsets[i + 1] = m;
    signatureOffsets[i + 1] = s;
  }
  const packedMessages = new Uint8Array(m);
  const packedSignatures = new Uint8Array(s);
  for (let i = 0; i < messages.length; i++) {
    packedMessages.set(messages[i]!, messageOffsets[i]!);
    const signature = signatures[i];
    if (signature) packedSignatures.set(signature, signatureOffsets[i]!);
  }
  return { messages: packedMessages, messageOffsets, signatures: packedSignatures, signatureOffsets };
}

/**
 * The roots one verification trusts: the roots the user installed (the trust store), roots given for this
 * request, and the bundled TEST roots only for read-outs the engine itself produced from its demo data or
 * demo gateway (`LoadedReadout.testPki`, set by the engine, never taken from a file).
 */
import { bundledTestAnchors, trustAnchorsFromBytes, type TrustAnchor } from '../crypto/chain/trust-anchors';
import type { LoadedReadout } from './readouts';
import { decodeBase64 } from './request-values';

export function verificationAnchors(readout: Pick<LoadedReadout, 'testPki'>, imported: string[] | undefined, installed: readonly TrustAnchor[] = []): TrustAnchor[] {
  const anchors = [...installed];
  if (readout.testPki) anchors.push(...bundledTestAnchors());
  for (const [i, anchor] of (imported ?? []).entries()) {
    anchors.push(...trustAnchorsFromBytes(decodeBase64(anchor, `trustAnchorsBase64[${i}]`), `imported root ${i + 1}`));
  }
  return anchors;
}

/** The roots of a verification as one key (their SHA-256 fingerprints, sorted): a result is reused only under the same roots. */
export function anchorsKey(anchors: readonly TrustAnchor[]): string {
  return anchors.map((a) => a.certificate.details.fingerprintSha256).sort().join(',');
}

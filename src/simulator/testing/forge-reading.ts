/**
 * Test helper: forgeries of signed readings, as an attacker with a text editor could make them. A forged
 * certificate is added to the document and one reading names it (certId), gets a new value and is
 * re-signed in the documented `trudi-sim-1` format with the forged certificate's key.
 */
import { issueCertificate, type DistinguishedName } from '../pki/certificate-builder';
import { generateKeyPair, type EcKeyPair } from '../pki/keys';
import { trudiSimMessage } from '../../crypto/signatures/message-formats';
import { signMessage } from '../pki/sign-message';
import type { Ar2418Document, IntervalReading } from '../../model/types';

export interface ForgedSigner {
  certificate: Uint8Array;
  key: EcKeyPair;
}

/** A self-signed end-entity certificate with the gateway's subject (what a forger can make in a minute). */
export function selfSignedSigner(gatewayId: string): ForgedSigner {
  const key = generateKeyPair('brainpoolP256r1');
  const subject: DistinguishedName = { commonName: `${gatewayId}.SMGW`, organization: 'SMGW', country: 'DE' };
  const certificate = issueCertificate({
    subject,
    subjectKey: key,
    serialNumber: 0x0f0f,
    notBefore: new Date(Date.UTC(2020, 0, 1)),
    notAfter: new Date(Date.UTC(2040, 0, 1)),
    keyUsage: ['digitalSignature'],
  });
  return { certificate, key };
}

/** Where a reading is: usage point 0, channel, block and reading index. */
export interface ReadingAt {
  meterReading: number;
  block: number;
  index: number;
}

/**
 * Adds `signer` as certificate `certId` (certType `certType`) to usage point 0, and makes the reading at
 * `at` name it, carry `value + delta` and a fresh signature with the signer's key. Returns the reading.
 */
export function forgeReading(document: Ar2418Document, signer: ForgedSigner, options: { certId: number; certType: number; at: ReadingAt; delta?: number; addCertificate?: boolean }): IntervalReading {
  const usagePoint = document.usagePoints[0]!;
  if (options.addCertificate !== false) {
    usagePoint.certificates.push({ certId: options.certId, certType: options.certType, certContent: signer.certificate });
  }
  const meterReading = usagePoint.meterReadings[options.at.meterReading]!;
  const reading = meterReading.intervalBlocks[options.at.block]!.readings[options.at.index]!;
  reading.value += options.delta ?? 0;
  reading.certId = options.certId;
  return resign(document, reading, options.at.meterReading, signer.key);
}

/** Signs `reading` of channel `meterReading` of usage point 0 again with `key` (trudi-sim-1). */
export function resign(document: Ar2418Document, reading: IntervalReading, meterReading: number, key: EcKeyPair): IntervalReading {
  const usagePoint = document.usagePoints[0]!;
  const message = trudiSimMessage({ usagePoint, meterReading: usagePoint.meterReadings[meterReading]!, reading });
  reading.signature = Buffer.from(signMessage(key.curve.hash, message, key.privateKey)).toString('hex').toUpperCase();
  return reading;
}

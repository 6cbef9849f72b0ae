/**
 * The simulated PPC gateway's signature side: its own TEST signature certificate (brainpoolP256r1, as the
 * real exports' keys are; Sub-CA and the bundled TEST root of the project's SM-PKI), the K461 entry of a
 * simulated reading, and its PPC per-reading signature (src/simulator/gateway/ppc-export.ts), made once per
 * reading and kept: the HTML value table and every export show the same signature for the same reading.
 * Signing is batched per page or export with consecutive nonces (src/simulator/pki/consecutive-nonce-signer.ts;
 * valid ECDSA, ~20 × faster than OpenSSL's brainpool, acceptable only for this public TEST key), so a
 * 24-month read (140,000 readings) costs the simulator seconds instead of minutes.
 *
 * INFERRED: the K461 status of a reading the meter marked (4 "invalid" for any PTB status other than 0),
 * and that the HTML table's `table_metervalues_col_sign` carries the same signature as the export.
 */
import type { IntervalReading } from '../../model/types';
import type { CmsSigner } from '../pki/sign-cms';
import { ConsecutiveNonceSigner } from '../pki/consecutive-nonce-signer';
import { createTestPki, type TestPki } from '../pki/test-pki';
import type { SimChannel } from './dataset';
import { dlmsUnit, iso } from './http-kit';
import { ppcSignatureHex, ppcSignedMessage, type K461Entry } from './ppc-export';

/** The logical name of a register in PPC's exports: `0100010800ff.<meter>.sm`. */
export function ppcLogicalName(channel: SimChannel): string {
  return `${channel.obis}.${channel.meterId}.sm`;
}

export class PpcReadingSigner {
  readonly pki: TestPki;
  private readonly signatures = new Map<SimChannel, Map<number, string>>();
  private readonly fast: ConsecutiveNonceSigner;

  constructor(gatewayId: string) {
    this.pki = createTestPki({ curve: 'brainpoolP256r1', gatewayId, seed: `simulator-ppc-signature|${gatewayId}` });
    this.fast = new ConsecutiveNonceSigner(this.pki.gatewaySignature.key, `simulator-ppc-readings|${gatewayId}`);
  }

  /** The CMS signer of the exports: the gateway signature certificate with its Sub-CA. */
  get cmsSigner(): CmsSigner {
    return { certificate: this.pki.gatewaySignature.certificate, key: this.pki.gatewaySignature.key, chain: [this.pki.subCa.certificate] };
  }

  /** The reading as K461 entry, signed. */
  entry(channel: SimChannel, reading: IntervalReading): K461Entry {
    return this.entries(channel, [reading])[0]!;
  }

  /** The readings of one channel as K461 entries, in the given order; those not signed before in one batch. */
  entries(channel: SimChannel, readings: readonly IntervalReading[]): K461Entry[] {
    const type = channel.reading.readingType;
    const logicalName = ppcLogicalName(channel);
    let byTime = this.signatures.get(channel);
    if (!byTime) this.signatures.set(channel, (byTime = new Map()));
    const unsigned = readings.map((reading) => ({ value: reading.value, scaler: type.scaler, unit: dlmsUnit(type.uom), status: (reading.statusPTB ?? 0) === 0 ? 0 : 4, captureTime: iso(reading.captureTime) }));
    const missing = readings.flatMap((r, i) => (byTime.has(r.captureTime) ? [] : [i]));
    if (missing.length > 0) {
      const key = this.pki.gatewaySignature.key;
      const raw = this.fast.signAll(missing.map((i) => Buffer.from(ppcSignedMessage(logicalName, unsigned[i]!), 'latin1')));
      missing.forEach((i, j) => byTime.set(readings[i]!.captureTime, ppcSignatureHex(key, raw[j]!)));
    }
    return unsigned.map((u, i) => ({ ...u, signature: byTime.get(readings[i]!.captureTime)! }));
  }
}

/**
 * The simulated PPC gateway's signature side: its own TEST signature certificate (brainpoolP256r1, as the
 * real exports' keys are; Sub-CA and the bundled TEST root of the project's SM-PKI), the K461 entry of a
 * simulated reading, and its PPC per-reading signature (src/simulator/gateway/ppc-export.ts), made once per
 * reading and kept: the HTML value table and every export show the same signature for the same reading.
 *
 * INFERRED: the K461 status of a reading the meter marked (4 "invalid" for any PTB status other than 0),
 * and that the HTML table's `table_metervalues_col_sign` carries the same signature as the export.
 */
import type { IntervalReading } from '../../model/types';
import type { CmsSigner } from '../pki/sign-cms';
import { createTestPki, type TestPki } from '../pki/test-pki';
import type { SimChannel } from './dataset';
import { dlmsUnit, iso } from './http-kit';
import { ppcSignedMessage, signPpcReading, type K461Entry } from './ppc-export';

/** The logical name of a register in PPC's exports: `0100010800ff.<meter>.sm`. */
export function ppcLogicalName(channel: SimChannel): string {
  return `${channel.obis}.${channel.meterId}.sm`;
}

export class PpcReadingSigner {
  readonly pki: TestPki;
  private readonly signatures = new Map<SimChannel, Map<number, string>>();

  constructor(gatewayId: string) {
    this.pki = createTestPki({ curve: 'brainpoolP256r1', gatewayId, seed: `simulator-ppc-signature|${gatewayId}` });
  }

  /** The CMS signer of the exports: the gateway signature certificate with its Sub-CA. */
  get cmsSigner(): CmsSigner {
    return { certificate: this.pki.gatewaySignature.certificate, key: this.pki.gatewaySignature.key, chain: [this.pki.subCa.certificate] };
  }

  /** The reading as K461 entry, signed. */
  entry(channel: SimChannel, reading: IntervalReading): K461Entry {
    const type = channel.reading.readingType;
    const unsigned = { value: reading.value, scaler: type.scaler, unit: dlmsUnit(type.uom), status: (reading.statusPTB ?? 0) === 0 ? 0 : 4, captureTime: iso(reading.captureTime) };
    let byTime = this.signatures.get(channel);
    if (!byTime) this.signatures.set(channel, (byTime = new Map()));
    let signature = byTime.get(reading.captureTime);
    if (signature === undefined) {
      signature = signPpcReading(this.pki.gatewaySignature.key, ppcSignedMessage(ppcLogicalName(channel), unsigned));
      byTime.set(reading.captureTime, signature);
    }
    return { ...unsigned, signature };
  }
}

/**
 * PPC's per-reading signature (verified on 396 of 396 real readings, ../shared/knowledge/05-tls-crypto.md):
 * `smgw_signature` = hex of r ‖ s ‖ Qx ‖ Qy (32 bytes each); ECDSA on brainpoolP256r1 with SHA-256 over the
 * ASCII string `logical_name + status + capture_time + value + scaler + unit`, no separators, each field as
 * its K461 XML text. The gateway does not normalise s: high-S signatures are valid (OpenSSL and the pure-JS
 * engine with lowS off accept them).
 *
 * Only status 0 is confirmed by real data; a failing signature of a reading with another status is "not
 * checkable (signed form of status N not confirmed)", never "invalid".
 */
import { dlmsUnitOfEspiUom } from '../../model/dlms-units';
import { captureTimeText } from './capture-time';
import type { ReadingContext, SignedMessageFormat } from './message-formats';

import { PPC_FORMAT_ID } from '../../formats/k461/reader';

export { PPC_FORMAT_ID };
const encoder = new TextEncoder();

/** The K461 fields that take part, in signing order, as text. */
export function ppcSignedFields(context: ReadingContext): { name: string; text: string }[] {
  const { meterReading, reading } = context;
  const unit = dlmsUnitOfEspiUom(meterReading.readingType.uom);
  return [
    { name: 'logical_name', text: meterReading.readingType.qualifiedLogicalName },
    { name: 'status', text: reading.statusVendor ?? String(reading.statusPTB ?? '') },
    { name: 'capture_time', text: captureTimeText(reading.captureTime) },
    { name: 'value', text: String(reading.value) },
    { name: 'scaler', text: String(meterReading.readingType.scaler) },
    { name: 'unit', text: unit === undefined ? `uom${meterReading.readingType.uom}` : String(unit) },
  ];
}

export function ppcMessage(context: ReadingContext): Uint8Array {
  return encoder.encode(ppcSignedFields(context).map((f) => f.text).join(''));
}

/** r‖s and the uncompressed public point 04‖Qx‖Qy of a 128-byte PPC signature; undefined when malformed. */
export function splitPpcSignature(signature: Uint8Array): { signature: Uint8Array; point: Uint8Array } | undefined {
  if (signature.length !== 128) return undefined;
  const point = new Uint8Array(65);
  point[0] = 4;
  point.set(signature.subarray(64), 1);
  return { signature: signature.subarray(0, 64), point };
}

export const PPC_FORMAT: SignedMessageFormat = {
  id: PPC_FORMAT_ID,
  description: 'PPC K461 per-reading signature (logical_name+status+capture_time+value+scaler+unit, r‖s‖Qx‖Qy, brainpoolP256r1/SHA-256)',
  build: ppcMessage,
  embeddedKey: { curve: 'brainpoolP256r1', split: splitPpcSignature },
  unconfirmedForm: ({ reading }) => {
    const status = reading.statusVendor ?? String(reading.statusPTB ?? '');
    return status === '0'
      ? undefined
      : `Not checkable: the signed form of status ${status} is not confirmed (only status 0 was seen in real PPC data). / Nicht prüfbar: Die signierte Form des Status ${status} ist nicht bestätigt.`;
  },
};

/**
 * Signed-message formats: for each source, how the bytes that the gateway signed for one reading are built.
 *
 * The construction real gateways use is defined in the FNN "Lastenheft SMGW Funktionen", which is not
 * public; for those sources the verdict is "present, not checkable" with that reason. This project's own
 * simulator and sample generator sign with the documented format `trudi-sim-1` (see README.md here).
 */
import { gatewayFlag } from '../../model/gateway-id';
import type { IntervalReading, MeterReading, UsagePoint } from '../../model/types';
import type { CurveName } from '../curves';
import { captureTimeText } from './capture-time';
import { PPC_FORMAT, PPC_FORMAT_ID } from './ppc';

export interface ReadingContext {
  usagePoint: UsagePoint;
  meterReading: MeterReading;
  reading: IntervalReading;
}

export interface SignedMessageFormat {
  id: string;
  description: string;
  /** Builds the signed bytes; absent when the construction is not known. */
  build?: (context: ReadingContext) => Uint8Array;
  /** Why signatures of this source cannot be checked (when `build` is absent). */
  notCheckableReason?: string;
  /**
   * The signer's public key travels inside the signature (PPC: r‖s‖Qx‖Qy): `split` returns the signature
   * proper and the SEC1 point, undefined when malformed. The key alone establishes nobody: a reading is
   * valid only when a signature certificate of the gateway carries that key and chains to an installed root.
   */
  embeddedKey?: { curve: CurveName; split: (signature: Uint8Array) => { signature: Uint8Array; point: Uint8Array } | undefined };
  /** When a failing signature of this reading is "not checkable" rather than invalid (an unconfirmed signed form): why. */
  unconfirmedForm?: (context: ReadingContext) => string | undefined;
}

export const TRUDI_SIM_FORMAT_ID = 'trudi-sim-1';
/** Token in AR 2418-6 `GeneratorVersion` announcing the format of the per-reading signatures. */
export const FORMAT_TOKEN_PREFIX = 'signed-message-format=';

const encoder = new TextEncoder();

export { captureTimeText } from './capture-time';

/** The byte string `trudi-sim-1` signs for one reading (UTF-8 lines joined by LF, no trailing LF). */
export function trudiSimMessage(context: ReadingContext): Uint8Array {
  const { usagePoint, meterReading, reading } = context;
  return encoder.encode(
    [
      TRUDI_SIM_FORMAT_ID,
      usagePoint.smgw.smgwId,
      meterReading.readingType.qualifiedLogicalName,
      captureTimeText(reading.captureTime),
      String(reading.value),
      String(meterReading.readingType.scaler),
      String(meterReading.readingType.uom),
      (reading.statusFNN ?? '').toUpperCase(),
      reading.statusPTB === undefined ? '' : String(reading.statusPTB),
      reading.statusVendor ?? '',
    ].join('\n'),
  );
}

export const TRUDI_SIM_FORMAT: SignedMessageFormat = {
  id: TRUDI_SIM_FORMAT_ID,
  description: 'TRuDI simulator / sample generator format (documented in src/crypto/signatures/README.md)',
  build: trudiSimMessage,
};

export const UNPUBLISHED_NOT_CHECKABLE_REASON =
  'The signed-message format of this gateway is not published (FNN "Lastenheft SMGW Funktionen"): the signature is present but cannot be checked. / ' +
  'Das Gateway signiert jeden Messwert in einem nicht veröffentlichten Format (FNN-Lastenheft SMGW-Funktionen): Die Signatur ist vorhanden, aber nicht prüfbar.';

/** Vendors by FLAG code (characters 2-4 of the gateway id). */
const VENDOR_NAMES: Record<string, string> = {
  PPC: 'PPC',
  DNT: 'Sagemcom Dr. Neuhaus',
  THE: 'Theben',
  EMH: 'EMH',
  LGZ: 'Landis+Gyr',
  KIG: 'Kiwigrid',
  DVL: 'devolo',
  EFR: 'EFR',
  DGY: 'Discovergy',
};

function unpublishedFormat(vendor: string): SignedMessageFormat {
  return { id: `unpublished:${vendor}`, description: `${VENDOR_NAMES[vendor] ?? vendor} per-reading signature (format not published)`, notCheckableReason: UNPUBLISHED_NOT_CHECKABLE_REASON };
}

const FORMATS = new Map<string, SignedMessageFormat>([
  [TRUDI_SIM_FORMAT_ID, TRUDI_SIM_FORMAT],
  [PPC_FORMAT_ID, PPC_FORMAT],
]);

/** Looks a format up by id (`trudi-sim-1`, or `unpublished:<FLAG>`). */
export function signedMessageFormat(id: string): SignedMessageFormat | undefined {
  if (id.startsWith('unpublished:')) return unpublishedFormat(id.slice('unpublished:'.length));
  return FORMATS.get(id);
}

/**
 * The format of a usage point's signatures: an explicit choice (a HAN adapter knows its source), else the
 * `signed-message-format=` token of the document's GeneratorVersion, else the vendor's unpublished format.
 */
export function selectSignedMessageFormat(usagePoint: UsagePoint, generatorVersion: string | undefined, explicit?: string): SignedMessageFormat {
  if (explicit) {
    const format = signedMessageFormat(explicit);
    if (!format) throw new Error(`Unknown signed-message format "${explicit}". Known: ${[...FORMATS.keys()].join(', ')}, unpublished:<FLAG>.`);
    return format;
  }
  const token = generatorVersion?.split(/\s+/).find((part) => part.startsWith(FORMAT_TOKEN_PREFIX));
  if (token) {
    const format = signedMessageFormat(token.slice(FORMAT_TOKEN_PREFIX.length));
    if (format) return format;
  }
  const flag = gatewayFlag(usagePoint.smgw.smgwId) ?? 'unknown';
  return unpublishedFormat(flag);
}

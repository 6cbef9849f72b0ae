/**
 * The internal model of AR 2418-6 documents (device read-outs and supplier tariff files).
 *
 * Times are epoch milliseconds (UTC instants); legal time for display and aggregation is Europe/Berlin.
 * Register values are the raw integers from the document (`value`), to be multiplied by 10^scaler.
 * Everything here is plain data: JSON-safe apart from `Uint8Array` certificate contents.
 */

/** espi:ServiceCategory/kind */
export const SERVICE_KIND = {
  electricity: 0,
  gas: 1,
  water: 2,
  pressure: 4,
  heat: 5,
  cold: 6,
  communication: 7,
  time: 8,
} as const;
export type ServiceKind = (typeof SERVICE_KIND)[keyof typeof SERVICE_KIND];

export type DocumentKind = 'device' | 'supplier';

export interface Ar2418Document {
  kind: DocumentKind;
  /** Schema version the document needs: '1.4' when it uses v1.4 elements, else '1.2'. */
  schemaVersion: '1.2' | '1.4';
  generatorVersion?: string;
  usagePoints: UsagePoint[];
  /** Where the document came from when it was not plain AR 2418-6 XML (a signed export). */
  source?: DocumentSource;
}

/** A read-out that came as a gateway's signed export (PPC `exportMeterValues`) or as K461 XML alone. */
export interface DocumentSource {
  /** The format of the content: AR 2418-6 or DKE K461 profile_generic-1. */
  content: 'ar2418' | 'k461';
  /** The content arrived inside CMS SignedData (`.cms` / `.p7m`). */
  container?: 'cms';
  /** The CMS signing time: when the gateway exported the file (not a capture time). Epoch ms. */
  exportTime?: number;
}

export interface UsagePoint {
  serviceCategory: number;
  usagePointId: string;
  customerId: string;
  invoicingPartyId: string;
  smgw: Smgw;
  vendorConfig?: { tafProfile?: string };
  certificates: CertificateEntry[];
  tariffName: string;
  analysisProfile?: AnalysisProfile;
  logEntries: LogEntry[];
  meterReadings: MeterReading[];
}

export interface Smgw {
  certIds: number[];
  smgwId: string;
  manufacturer?: string;
  firmwareVersion?: string;
  firmwareComponents: FirmwareComponent[];
  systemTime?: number;
}

export interface FirmwareComponent {
  name: string;
  version: string;
  checksum?: string;
}

/** certType: 1 gateway signature certificate, 2 Sub-CA, 3 gateway HAN TLS certificate. */
export interface CertificateEntry {
  certId: number;
  certType: number;
  parentCertId?: number;
  /** The bytes behind the hex of `certContent`: DER, a PEM text (possibly a chain) or base64 text. */
  certContent: Uint8Array;
}

export interface LogEntry {
  recordNumber?: number;
  level?: number;
  text?: string;
  outcome?: number;
  timestamp?: number;
  subjectIdentity?: string;
  destination?: string;
  userIdentity?: string;
  evidence?: string;
}

export interface MeterReading {
  meterId: string;
  meterPublicKey?: string;
  meterReadingId: string;
  readingType: ReadingType;
  intervalBlocks: IntervalBlock[];
}

export interface ReadingType {
  powerOfTenMultiplier: number;
  /** espi uom code, e.g. 72 = Wh, 42 = m³. */
  uom: number;
  scaler: number;
  /** 12 hex characters, e.g. `0100010800ff`. */
  obisCode: string;
  /** `<OBIS>.<meterId or TAF id>.sm` */
  qualifiedLogicalName: string;
  /** Seconds, when the document states it. */
  measurementPeriod?: number;
}

export interface IntervalBlock {
  /** Seconds. */
  duration: number;
  start: number;
  readings: IntervalReading[];
}

export interface IntervalReading {
  /** Raw integer register value (apply ReadingType.scaler). */
  value: number;
  /** Capture time (timePeriod/start). */
  captureTime: number;
  /** timePeriod/duration in seconds (0 for register readings). */
  duration: number;
  /** Target time as written in the document, if any. */
  targetTime?: number;
  measurementTimeMeter?: number;
  certId?: number;
  meterSig?: string;
  /** Hex of the gateway's per-reading signature. */
  signature?: string;
  /** 16 hex characters. */
  statusFNN?: string;
  /** 0..4 */
  statusPTB?: number;
  statusVendor?: string;
}

/** Supplier tariff calendar (supplier documents). */
export interface AnalysisProfile {
  tariffUseCase: number;
  tariffId: string;
  billingPeriod: { start: number; duration: number };
  tariffStages: TariffStage[];
  defaultTariffNumber: number;
  dayProfiles: DayProfile[];
  specialDayProfiles: SpecialDayProfile[];
}

export interface TariffStage {
  tariffNumber: number;
  description?: string;
  /** 12 hex characters. */
  obisCode: string;
}

export interface DayProfile {
  dayId: number;
  dayTimeProfiles: DayTimeProfile[];
}

export interface DayTimeProfile {
  startHour: number;
  startMinute: number;
  tariffNumber: number;
}

export interface SpecialDayProfile {
  year: number;
  month: number;
  day: number;
  dayId: number;
}

/**
 * JSON-safe data transfer objects of the TrudiApi contract. Times are ISO 8601 strings with offset.
 * Results that a Node-free module already defines (analysis) are re-exported from it; the others are
 * declared here so the renderer never type-checks Node code.
 */
import type { PricesInput } from '../analysis/prices';
import type { TafResult } from '../analysis/taf-result';
import type { WindowTotals as WindowTotalsDto } from '../analysis/totals';

export interface EngineInfo {
  name: string;
  version: string;
  node: string;
  openssl: string;
  /** Whether the runtime's OpenSSL knows the brainpool curves (needed for gateway TLS and signatures). */
  brainpool: boolean;
  transport: 'ipc' | 'http' | 'in-process';
  /** The packaged build this engine runs from; absent when it runs from the TypeScript sources. */
  release?: EngineRelease;
}

/** What `npm run package:engine` recorded about the shipped engine folder (release.json). */
export interface EngineRelease {
  /** Platform of the package, e.g. `linux-x64`, `win32-x64`, `darwin-arm64`. */
  target: string;
  /** SHA-256 (hex) over every shipped file: the SHA-256 of the folder's SHA256SUMS list. */
  sha256: string;
  /** Number of files the hash covers. */
  files: number;
}

export interface ReadoutSummary {
  /** Identifies the loaded read-out in later calls. */
  readoutId: string;
  source: 'demo' | 'file' | 'gateway';
  /** True for generated data (the demo gateway); the UI labels it. */
  demo: boolean;
  gatewayId: string;
  usagePointId: string;
  channels: ChannelSummary[];
  /** First and last reading over all channels. */
  first: string;
  last: string;
  /** The file name, for opened files. */
  fileName?: string;
  /** Counts of what reading and validating found (details in getReadoutDetails). */
  problems: { errors: number; warnings: number };
  /** Set when the read-out came through an adapter whose vendor protocol is inferred, not verified (vendor name). */
  experimentalVendor?: string;
  /**
   * Every contract (usage point) of the read-out; the fields above describe the first one with readings.
   * Requests take `usagePointId` to address another. Absent in summaries archived before contracts existed.
   */
  contracts?: ContractSummary[];
  /** Contracts of a gateway read that had no data in the requested range (the others were read). */
  contractsWithoutData?: { contractId: string; de: string; en: string }[];
  /**
   * The gateway did not confirm the logout after this read: its one session may stay open a few minutes (PPC).
   * `since`: when the read ended (ISO 8601), the start of that wait; absent in summaries made before it existed.
   */
  sessionLeftOpen?: { de: string; en: string; since?: string };
}

export interface ContractSummary {
  usagePointId: string;
  tariffName: string;
  channels: ChannelSummary[];
  /** First and last reading of the contract ('' when it has none). */
  first: string;
  last: string;
  /** Set when the contract has no readings. */
  noData?: { de: string; en: string };
}

export interface ChannelSummary {
  channelId: string;
  obis: string;
  direction: 'import' | 'export' | 'other';
  unit: string;
  readings: number;
  /** Measurement period in seconds. */
  period: number;
}

export type Resolution = 'day' | 'week' | 'month' | 'year';

export interface SeriesRequest {
  readoutId: string;
  /** The contract; default the first with meter readings. */
  usagePointId?: string;
  resolution: Resolution;
  /** Optional ISO dates limiting the range (inclusive from, exclusive to). */
  from?: string;
  to?: string;
  operationId?: string;
}

export interface SeriesPoint {
  /** Start of the period, ISO 8601 with Europe/Berlin offset. */
  start: string;
  /** Energy in kWh per direction; null where a boundary reading is missing. */
  import: number | null;
  export: number | null;
  /** Why a value is null, for display. */
  incompleteReason?: string;
}

export interface ConsumptionSeries {
  readoutId: string;
  resolution: Resolution;
  unit: 'kWh';
  points: SeriesPoint[];
  /**
   * Over the read-out's window (or the requested range): register difference between the last and the first
   * usable reading, the same for every resolution; null where no two usable readings exist (never 0).
   */
  totals: WindowTotalsDto;
}

export interface ProgressEvent {
  operationId: string;
  /** 0..1, or -1 when indeterminate. */
  fraction: number;
  message: string;
}

/** Error shape that crosses every transport. `code` is stable, `message` is for people. */
export interface ApiErrorPayload {
  code: string;
  message: string;
  /** The message in German and English, where the engine has both. */
  de?: string;
  en?: string;
  /** Structured facts the UI acts on, e.g. `fingerprint` for HAN_PIN_REQUIRED. */
  details?: Record<string, string | number | boolean>;
  /** Names this failure in the engine log; the UI shows it so that a report can point to the log entry. */
  correlationId?: string;
  /** The messages of the error's causes, outermost first (what lay underneath the message). */
  causes?: string[];
  /** A failed gateway read whose logout the gateway did not confirm either: as ReadoutSummary.sessionLeftOpen. */
  sessionLeftOpen?: { de: string; en: string; since: string };
}

/** A finding with a stable code, both languages and, where it has one, its place in the file. */
export interface ProblemDto {
  code: string;
  severity: 'error' | 'warning' | 'info';
  de: string;
  en: string;
  location?: { line: number; column: number; path: string };
}

export interface OpenFileRequest {
  /** The file name as the user picked it (for display and export names). */
  name: string;
  /** The file's bytes, where the transport carries bytes (IPC, the web host's octet-stream body, in-process). */
  content?: Uint8Array;
  /** The file's bytes, base64-encoded (when `content` is absent). */
  contentBase64?: string;
  operationId?: string;
}

export interface ReadoutDetails {
  summary: ReadoutSummary;
  fileName?: string;
  documentKind: 'device' | 'supplier';
  schemaVersion: string;
  usagePoints: UsagePointDto[];
  problems: ProblemDto[];
}

export interface UsagePointDto {
  usagePointId: string;
  serviceCategory: number;
  customerId: string;
  invoicingPartyId: string;
  smgwId: string;
  manufacturer?: string;
  firmwareVersion?: string;
  firmwareComponents: { name: string; version: string; checksum?: string }[];
  tariffName: string;
  channels: ChannelDto[];
  logEntries: LogEntryDto[];
  certificates: CertificateDto[];
}

export interface ChannelDto {
  channelId: string;
  meterId: string;
  /** `1-0:1.8.0*255` */
  obis: string;
  qualifiedLogicalName: string;
  /** Original value list (meter register readings) rather than TAF-derived registers. */
  original: boolean;
  direction: 'import' | 'export' | 'other';
  unit: string;
  scaler: number;
  periodSeconds: number | null;
  readings: number;
  first: string | null;
  last: string | null;
  signed: number;
}

export interface LogEntryDto {
  recordNumber?: number;
  timestamp?: string;
  level?: number;
  outcome?: number;
  text?: string;
  subjectIdentity?: string;
}

export interface CertificateDto {
  certId: number;
  /** 1 gateway signature certificate, 2 Sub-CA, 3 gateway HAN TLS certificate. */
  certType: number;
  parentCertId?: number;
  /** How certContent was encoded: der, pem, base64, placeholder, unreadable. */
  form: string;
  subject?: string;
  issuer?: string;
  serialNumber?: string;
  notBefore?: string;
  notAfter?: string;
  keyAlgorithm?: string;
  curve?: string;
  fingerprintSha256?: string;
  /** Why the details are missing, when the content is a placeholder or unreadable. */
  note?: string;
}

export interface ConsumptionRequest {
  readoutId: string;
  /** The contract; default the first with meter readings. */
  usagePointId?: string;
  from?: string;
  to?: string;
}

/** The gateway's own registers of one contract, or of every contract when usagePointId is not given. */
export interface GatewayRegistersRequest {
  readoutId: string;
  usagePointId?: string;
}

/* The gateway's registers with their checks are the analysis module's own JSON-safe result. */
export type { GatewayRegistersReport, GatewayRegisterList as GatewayRegisterListDto, RegisterCheck as RegisterCheckDto } from '../analysis/gateway-registers';
export type { CurrentRegistersSection as CurrentRegistersSectionDto, CurrentRegister as CurrentRegisterDto } from '../analysis/current-registers';

/* The consumption report is the analysis module's own JSON-safe result. */
export type { IncompleteReason as IncompleteReasonDto } from '../analysis/boundary';
export type { WindowTotals as WindowTotalsDto, DirectionTotal as DirectionTotalDto } from '../analysis/totals';
export type { SeriesPoint as ConsumptionPointDto, ChannelInfo as ConsumptionChannelDto, ConsumptionReport } from '../analysis/consumption';
export type { DayLevel, DayStatus as DayStatusDto } from '../analysis/status-overview';

export interface LoadProfileRequest {
  readoutId: string;
  channelId: string;
  /** The contract (usage point) of the channel; default the first one that has a channel of this id. */
  usagePointId?: string;
  /** ISO 8601; inclusive. */
  from: string;
  /** ISO 8601; exclusive. */
  to: string;
}

/**
 * Per-reading signature verdict. `signerNotEstablished`: the signature matches, but no installed root
 * establishes who signed (never shown as a check mark). `unverified`: signed, verification not run yet.
 */
export type SignatureVerdict = 'valid' | 'invalid' | 'notCheckable' | 'absent' | 'signerNotEstablished' | 'unverified';

export interface LoadProfilePoint {
  /** Target time (ISO 8601, Berlin offset). */
  time: string;
  /** Capture time as the gateway recorded it. */
  captureTime: string;
  /** Register value in the display unit (e.g. kWh). */
  value: number;
  /** Energy since the previous value in the display unit; null after a gap or unusable value. */
  delta: number | null;
  /** PTB status 0..4; 5 when the reading carries no status at all (not usable). */
  ptb: number;
  statusFNN?: string;
  signature: SignatureVerdict;
}

export interface LoadProfile {
  channelId: string;
  usagePointId: string;
  obis: string;
  displayUnit: string;
  periodSeconds: number | null;
  points: LoadProfilePoint[];
  /** The verdicts rest on a TEST root (demo or simulator data): label every one of them TEST. */
  testPki?: boolean;
  /** Target times (ISO) inside the range where a value is missing (Berlin grid of the period). */
  gaps: string[];
  /** Readings of the list left out because their capture time lies off the grid (no target time). */
  unaligned?: number;
}

/** The order of `LoadProfileColumns.signatures` codes. */
export const SIGNATURE_VERDICTS: readonly SignatureVerdict[] = ['valid', 'invalid', 'notCheckable', 'absent', 'unverified', 'signerNotEstablished'];

/**
 * The load profile in columns (one entry per reading in each array), for long ranges: 24 months of
 * quarter hours (≈ 70,000 readings) in one call, e.g. for a zoomable chart. Times are epoch ms.
 */
export interface LoadProfileColumns {
  channelId: string;
  usagePointId: string;
  obis: string;
  displayUnit: string;
  periodSeconds: number | null;
  /** The range asked for (epoch ms, [from, to)). */
  from: number;
  to: number;
  /** Target times, epoch ms, ascending. */
  times: number[];
  /** Capture times as the gateway recorded them, epoch ms. */
  captureTimes: number[];
  /** Register values in the display unit. */
  values: number[];
  /** Energy of the interval ending at the reading (display unit); null after a gap or an unusable value. */
  deltas: (number | null)[];
  /** PTB status 0..4; 5 = no status. */
  ptb: number[];
  /** Signature verdict per reading as an index into `signatureLegend` (= SIGNATURE_VERDICTS). */
  signatures: number[];
  signatureLegend: readonly SignatureVerdict[];
  /** The verdicts rest on a TEST root (demo or simulator data): label every one of them TEST. */
  testPki?: boolean;
  /** Nominal times (epoch ms) in the range without a reading. */
  gaps: number[];
  unaligned?: number;
}

export interface VerificationRequest {
  readoutId: string;
  /** PEM or DER trust anchors the user imported (base64), besides the bundled TEST root. */
  trustAnchorsBase64?: string[];
  operationId?: string;
}

export interface CertificateDetailsDto {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  keyAlgorithm: string;
  curve?: string;
  fingerprintSha256: string;
  isCa: boolean;
  selfSigned: boolean;
}

export interface VerificationResult {
  /** Only for a signed export (CMS SignedData): the container's signature; exportTime is when the gateway exported it. */
  container?: { status: string; message: string; signer: string | null; exportTime: string | null; chain: { status: string; message: string; test: boolean; trustAnchor: string | null } | null };
  readings: number;
  valid: number;
  invalid: number;
  /** Includes `signerNotEstablished`. */
  notCheckable: number;
  absent: number;
  /** Readings whose signature matches under the key the verdict used, anchored or not. */
  signatureMatches: number;
  /** Signature matches, but no installed root establishes the signer (part of notCheckable). */
  signerNotEstablished: number;
  chain: {
    status: string;
    message: string;
    trustAnchor: { subject: string; fingerprintSha256: string; test: boolean; origin: string } | null;
    /** The chain ends in a TEST root: label it "test" wherever it is shown. */
    test: boolean;
    validFrom: string | null;
    validTo: string | null;
    certificates: CertificateDetailsDto[];
    format: string | null;
    notCheckableReason: string | null;
  };
  /** Every distinct certificate that signed readings, with its own chain verdict. */
  signers: {
    usagePointId: string;
    certId: number | null;
    certType: number | null;
    subject: string;
    fingerprintSha256: string;
    /** Why it may not sign this document's readings (null: it may). */
    problem: string | null;
    readings: number;
    signatureMatches: number;
    chain: { status: string; message: string; test: boolean; trustAnchor: string | null };
  }[];
  invalidReadings: {
    meterReadingId: string;
    captureTime: string;
    value: number;
    statusFNN?: string;
    certId?: number;
    signer?: string;
    reason: string;
    message: string;
  }[];
  cached: boolean;
  seconds: number;
}

export interface BillCheckRequest {
  readoutId: string;
  supplier: { name: string; contentBase64: string };
  operationId?: string;
  /**
   * Prices for the billing period (the prices file's shape, README "Prices"): EUR per kWh per register OBIS
   * and a yearly base price; decimal comma or point. With them the result carries `cost`.
   */
  prices?: PricesInput;
}

/* Prices in and the cost out: the analysis module's JSON-safe shapes (as in `trudi taf --prices --json`). */
export type { PricesInput as PricesDto } from '../analysis/prices';
export type { BillCost as BillCostDto, CostLine as CostLineDto } from '../analysis/bill-cost';

/* The bill check result is the analysis module's own JSON-safe result (the shape of `trudi taf --json`). */
export type { TafRegister as TafRegisterDto } from '../analysis/taf-result';
export interface BillCheckResult extends TafResult {
  supplierFileName: string;
}

export interface ExportRequest {
  readoutId: string;
  /** gateway-session: the gateway's answers of a HAN read-out, byte for byte, without credentials (diagnostics). */
  format: 'xml' | 'csv-readings' | 'csv-log' | 'gateway-session';
}

export interface ExportedFile {
  fileName: string;
  mimeType: string;
  contentBase64: string;
}

export type GatewayCredentialsDto =
  | { kind: 'password'; user: string; password: string }
  /** A PKCS#12 container (modern or legacy encryption) from the metering operator, optionally plus Digest login. */
  | { kind: 'pkcs12'; pkcs12Base64: string; passphrase: string; user?: string; password?: string };

/** Vendor protocols the engine speaks (dnt: Sagemcom Dr. Neuhaus, ppc: PPC; both experimental). */
export type GatewayVendorDto = 'theben' | 'emh' | 'dnt' | 'ppc';

export interface GatewayReadRequest {
  /** IP address or host name of the gateway's HAN interface. */
  host: string;
  port: number;
  vendor?: 'auto' | GatewayVendorDto;
  /** The gateway id, when known: its FLAG code picks the vendor protocol. */
  gatewayId?: string;
  credentials: GatewayCredentialsDto;
  /**
   * The SHA-256 fingerprint of the gateway's TLS certificate the user trusts (`sha256:…` or hex). Without
   * it the engine connects, sends no credential, and fails with HAN_PIN_REQUIRED whose `details.fingerprint`
   * the UI shows for confirmation (trust on first use).
   */
  pin?: string;
  from?: string;
  to?: string;
  operationId?: string;
}

/** A saved gateway connection (kept by the engine). Secrets are never part of it; `hasSecret` says one is stored encrypted. */
export interface GatewayProfileDto {
  id: string;
  name: string;
  host: string;
  port: number;
  vendor?: string;
  user?: string;
  gatewayId?: string;
  /** The confirmed SHA-256 fingerprint of the gateway's TLS certificate. */
  pin?: string;
  /** The client certificate (PKCS#12, protected by its own passphrase), base64. */
  clientCertificateBase64?: string;
  hasSecret: boolean;
  /** Where the stored secret is: the OS keychain (desktop app, opened without asking) or encrypted with a passphrase the user gives at each read. */
  secretIn?: 'keychain' | 'passphrase';
}

/**
 * Reads the gateway of a saved profile: address, vendor, gateway id, user, client certificate and pin come
 * from the profile; the secret (password, or the client certificate's passphrase) from `secret` when the user
 * typed it, else from the profile (the OS keychain in the desktop app, else decrypted with `passphrase`).
 * The secret is never sent back.
 */
export interface ProfileReadRequest {
  profileId: string;
  passphrase?: string;
  secret?: string;
  from?: string;
  to?: string;
  operationId?: string;
}

export interface SaveGatewayProfileRequest {
  /** Set to change an existing profile. */
  id?: string;
  name: string;
  host: string;
  port: number;
  vendor?: string;
  user?: string;
  gatewayId?: string;
  pin?: string;
  clientCertificateBase64?: string;
  /**
   * Store the secret (password or certificate passphrase). Off by default. Encrypted with `secretPassphrase`
   * when given; without it sealed by the OS keychain (desktop app only; elsewhere PASSPHRASE_REQUIRED).
   */
  storeSecret?: boolean;
  secret?: string;
  secretPassphrase?: string;
  /** When changing a profile without a new secret: keep the stored one (default: it is removed). */
  keepSecret?: boolean;
}

/** A sync: a saved profile (or an address with credentials, as for readGateway); `to` limits how far it fetches. */
export type SyncGatewayRequest = ProfileReadRequest | GatewayReadRequest;

/** What a sync fetched into the archive, and the gateway's whole archived history opened as a read-out. */
export interface SyncGatewayResult {
  readout: ReadoutSummary;
  gatewayId: string;
  vendor: string;
  requests: number;
  /** Bytes received from the gateway. */
  bytes: number;
  newReadings: number;
  newLogEntries: number;
  /** Readings the gateway now reports with another value than archived (the archived value is kept). */
  conflicts: number;
  /** Per contract: where the fetch started (ISO time; null: nothing new) and how many readings were new. */
  contracts: { tariffName: string; from: string | null; newReadings: number }[];
  seconds: number;
}

/** How to reach the built-in demo gateway (a simulator inside the engine, serving signed test data). */
export interface DemoGateway {
  host: string;
  port: number;
  vendor: GatewayVendorDto;
  gatewayId: string;
  user: string;
  password: string;
  fingerprint: string;
}

/** A verification report of one billing period (issue 12): A4 PDF/A-3 with the original files attached. */
export interface ReportRequest {
  readoutId: string;
  /** The supplier's tariff file, as for checkBill; without it the report covers the meter data of the read-out. */
  supplier?: { name: string; contentBase64: string };
  /** Register values the user read off the bill, in kWh as written there (`1234,5` or `1234.5`). */
  billed?: { obis: string; value: string }[];
  /** Prices as for checkBill: the report then shows the cost per register and the total. */
  prices?: PricesInput;
  /** The contract to report (a read-out may hold several); default the supplier file's, else the first with readings. An unknown id is UNKNOWN_USAGE_POINT. */
  usagePointId?: string;
  lang: 'de' | 'en';
  /** PEM or DER roots the user imported (base64), as for verifyReadout; used when the read-out was not verified yet. */
  trustAnchorsBase64?: string[];
  operationId?: string;
}

export interface ReportFile {
  fileName: string;
  mimeType: 'application/pdf';
  contentBase64: string;
  pages: number;
  /** The files attached to the PDF byte for byte. */
  attachments: { fileName: string; size: number; sha256: string }[];
  /** Set when the bill check failed; the report states why. */
  billCheckError?: { code: string; de: string; en: string };
}

/** One reading's verification detail (owner: issue 9b). */
export interface ReadingVerificationRequest {
  readoutId: string;
  usagePointId?: string;
  /** The value list: its meterReadingId (as in ChannelInfo / ReadoutDetails) or OBIS code. */
  channelId: string;
  /** 0-based index of the reading in the value list, oldest first; or its capture time (ISO 8601). */
  index?: number;
  captureTime?: string;
  trustAnchorsBase64?: string[];
}

/** What one reading's signature covers and its verdict (same verdict as verifyReadout). */
export interface ReadingVerificationDetailDto {
  usagePointId: string;
  meterReadingId: string;
  qualifiedLogicalName: string;
  index: number;
  captureTime: string;
  value: number;
  scaler: number;
  format: string;
  /** The fields that take part, in signing order; null when the format of the source is not published. */
  fields: { name: string; text: string }[] | null;
  message: { text: string; hex: string } | null;
  hash: { algorithm: string; hex: string } | null;
  curve: string | null;
  publicKey: { hex: string; source: 'certificate' | 'signature' } | null;
  signature: { hex: string; encoding: string; r: string; s: string; highS: boolean } | null;
  signer: CertificateDetailsDto | null;
  /** The signer's chain, signer first; `trustAnchor.origin`: a root the user installed or the bundled TEST root (demo/simulator). */
  chain: {
    status: string;
    message: string;
    test: boolean;
    trustAnchor: { subject: string; fingerprintSha256?: string; test?: boolean; origin?: 'bundled-test' | 'user' } | null;
    validFrom?: string | null;
    validTo?: string | null;
    certificates: CertificateDetailsDto[];
  } | null;
  verdict: SignatureVerdict;
  /** Why, as a code (see ReadingVerificationDetail.reasonCode in src/crypto/verification-detail.ts). */
  reasonCode: string;
  /** The time the signer chain was checked at (the reading's capture time); null when no chain was built. */
  chainCheckedAt: string | null;
  /** The reason in plain words (English / German). */
  reason: string;
}

/** An SM-PKI root or Sub-CA the user installed in the trust store; every verification trusts it. */
export interface TrustAnchorDto {
  /** SHA-256 of the DER, upper-case hex pairs with colons: the id to remove it by. */
  fingerprintSha256: string;
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  /** A self-signed root or a Sub-CA. */
  kind: 'root' | 'subCa';
  /** One of this project's TEST roots (or a certificate that says "test" in its subject): test data only. */
  test: boolean;
  /** Its validity has ended since it was installed; readings captured before still check against it. */
  expired: boolean;
}

export interface AddTrustAnchorsRequest {
  /** The files the user picked or dropped: PEM (one or several certificates), DER, or a ZIP of them. */
  files: { name: string; contentBase64: string }[];
}

export interface AddTrustAnchorsResult {
  added: TrustAnchorDto[];
  /** Already in the store (same fingerprint): nothing changed. */
  alreadyInstalled: TrustAnchorDto[];
  /** ZIP entries that are no certificate files by their name (e.g. `sm-pki.zip!readme.pdf`). */
  skipped: string[];
}

/** The steps of a connection test, in order: each runs only when the one before passed. */
export type ConnectionTestStepId = 'tcp' | 'tls' | 'certificate' | 'login';

/**
 * What the user should do about a failed step (the UI links it to its help): han-subnet (the PC's address in
 * the gateway's HAN subnet, address and port), tls (TLS refused), certificate-confirm (first visit: check and
 * confirm the fingerprint), certificate-changed, client-certificate (TLS refused only after the gateway's
 * certificate, at the login: most likely a client certificate is required or refused), credentials (wrong
 * user/password or client certificate),
 * lockout (wait `details.lockedForSeconds`), vendor (another protocol), gateway (the gateway reports an
 * error), timeout, secret (no password given or stored: type it).
 */
export type ConnectionTestAdvice =
  | 'han-subnet'
  | 'tls'
  | 'certificate-confirm'
  | 'certificate-changed'
  | 'client-certificate'
  | 'credentials'
  | 'lockout'
  | 'vendor'
  | 'gateway'
  | 'timeout'
  | 'secret';

export interface ConnectionTestStep {
  step: ConnectionTestStepId;
  /** passed; failed (the test stopped here); skipped (not run because an earlier step failed, or nothing to test with). */
  state: 'passed' | 'failed' | 'skipped';
  /** How long the step took (wall clock; absent when skipped). */
  ms?: number;
  /** A failed step: the engine's error (cause and next step in German and English, code, details such as the fingerprint). */
  error?: ApiErrorPayload;
  advice?: ConnectionTestAdvice;
}

/**
 * A connection test: a saved profile (`profileId`, its secret typed or stored) or an address with optional
 * credentials (without them the login step is skipped). `pin` as for readGateway; without it the profile's
 * pin or the fingerprint the engine remembers for the gateway is used, and on a first visit the certificate
 * step fails with advice certificate-confirm and `fingerprint` to confirm.
 */
export type ConnectionTestRequest =
  | (Omit<GatewayReadRequest, 'credentials' | 'from' | 'to'> & { credentials?: GatewayCredentialsDto })
  | (Omit<ProfileReadRequest, 'from' | 'to'> & { pin?: string });

export interface ConnectionTestResult {
  /** Every step passed. */
  ok: boolean;
  /** The four steps in order (tcp, tls, certificate, login). */
  steps: ConnectionTestStep[];
  /** The first failed step. */
  failedStep?: ConnectionTestStepId;
  host: string;
  port: number;
  /** The SHA-256 fingerprint the gateway presented (from the TLS step on). */
  fingerprint?: string;
  /** Where the fingerprint it was compared with came from; none: first visit. */
  pinSource?: 'request' | 'profile' | 'remembered' | 'none';
  /** After a passed login: the vendor protocol, the gateway id and the TLS parameters of the session. */
  vendor?: GatewayVendorDto;
  gatewayId?: string;
  tls?: { protocol: string; cipher: string; group?: string };
  seconds: number;
}

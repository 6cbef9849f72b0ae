/**
 * TrudiApi: the one contract between the UI and the engine.
 *
 * Every method is async and takes and returns JSON-safe DTOs, so the same contract runs over Electron IPC
 * (preload), HTTP + WebSocket (local web mode) and in-process (tests, CLI). Long operations take an
 * `operationId` chosen by the caller; progress events carry it, and `cancel(operationId)` stops the work.
 * Grow the contract by adding a method here, to API_METHODS and to the engine; transports stay generic.
 */
import type {
  AddTrustAnchorsRequest,
  AddTrustAnchorsResult,
  TrustAnchorDto,
  BillCheckRequest,
  BillCheckResult,
  ConnectionTestRequest,
  ConnectionTestResult,
  ConsumptionReport,
  ConsumptionRequest,
  ConsumptionSeries,
  DemoGateway,
  EngineInfo,
  ExportRequest,
  ExportedFile,
  GatewayProfileDto,
  GatewayRegistersReport,
  GatewayRegistersRequest,
  GatewayReadRequest,
  LoadProfile,
  LoadProfileColumns,
  LoadProfileRequest,
  OpenFileRequest,
  ProgressEvent,
  ReadoutDetails,
  ReadoutSummary,
  ReportFile,
  ReportRequest,
  ProfileReadRequest,
  SaveGatewayProfileRequest,
  SyncGatewayRequest,
  SyncGatewayResult,
  SeriesRequest,
  VerificationRequest,
  ReadingVerificationRequest,
  ReadingVerificationDetailDto,
  VerificationResult,
} from './dto';

export interface TrudiApi {
  getEngineInfo(): Promise<EngineInfo>;
  /** Loads the built-in demo read-out (a generated household year with feed-in). */
  openDemo(options?: { operationId?: string }): Promise<ReadoutSummary>;
  /** Starts (once) the built-in demo gateway: a vendor simulator inside the engine with 24 months of signed data. */
  startDemoGateway(options?: { operationId?: string }): Promise<DemoGateway>;
  /** Reads a gateway over its HAN port (pinned TLS, Digest or client certificate); progress; cancellable. */
  readGateway(request: GatewayReadRequest | ProfileReadRequest): Promise<ReadoutSummary>;
  /**
   * Fetches only what is new on a gateway since the last visit into the archive (each contract from just after
   * its last archived reading; everything the first time), one crash-safe step per contract; progress;
   * cancellable (complete steps stay, the next sync goes on). Opens the gateway's archived history as a read-out.
   */
  syncGateway(request: SyncGatewayRequest): Promise<SyncGatewayResult>;
  /** Opens an AR 2418-6 document the user picked (file dialog or drag-and-drop); the bytes are kept as they are. */
  openFile(request: OpenFileRequest): Promise<ReadoutSummary>;
  /** The open read-outs (after an engine restart: those kept in the archive), in the order opened or last used. */
  listReadouts(): Promise<ReadoutSummary[]>;
  /** Closes a read-out: it leaves the engine's memory and the list; the archived history stays. */
  closeReadout(readoutId: string): Promise<void>;
  /** The saved gateway profiles (no secrets). */
  listGatewayProfiles(): Promise<GatewayProfileDto[]>;
  /** Saves (creates or changes) a gateway profile; a secret only when asked, encrypted with a passphrase. */
  saveGatewayProfile(request: SaveGatewayProfileRequest): Promise<GatewayProfileDto>;
  deleteGatewayProfile(profileId: string): Promise<void>;
  /**
   * Tests the way to a gateway step by step (TCP → TLS → certificate fingerprint → login), stopping at the first
   * failed step with its cause, the next step and an advice; reads nothing. A pin the certificate matched is
   * remembered for the gateway (the user confirmed it). Progress per step; cancellable.
   */
  testConnection(request: ConnectionTestRequest): Promise<ConnectionTestResult>;
  /** Everything a read-out says besides the value lists: ids, channels, log book, certificates, problems. */
  getReadoutDetails(readoutId: string): Promise<ReadoutDetails>;
  /** Energy per day/week/month/year of one resolution, for the dashboard chart. */
  getSeries(request: SeriesRequest): Promise<ConsumptionSeries>;
  /** § 61/62 MsbG: all resolutions, billing-month history and the per-day status overview. */
  getConsumption(request: ConsumptionRequest): Promise<ConsumptionReport>;
  /**
   * The gateway's own registers (TAF-1/2 tariff registers, TAF-6 daily values) as delivered, per contract, with
   * the checks that need no tariff file (stages adding up to the total, obisCode against the logical name).
   */
  getGatewayRegisters(request: GatewayRegistersRequest): Promise<GatewayRegistersReport[]>;
  /** The readings of one channel in a time range (load profile), with status and signature verdicts. */
  getLoadProfile(request: LoadProfileRequest): Promise<LoadProfile>;
  /** The same readings in columns (epoch ms, values, codes): long ranges (24 months of quarter hours) in one call. */
  getLoadProfileColumns(request: LoadProfileRequest): Promise<LoadProfileColumns>;
  /** Verifies the signatures and certificate chain of a read-out (worker threads; progress; cancellable). */
  verifyReadout(request: VerificationRequest): Promise<VerificationResult>;
  /** The SM-PKI roots and Sub-CAs the user installed (trust store in the configuration folder); every verification trusts them. */
  listTrustAnchors(): Promise<TrustAnchorDto[]>;
  /** Installs the CA certificates in the files (PEM, DER, ZIP); refuses all if one is not a CA, expired or unreadable (TRUST_FILE_REJECTED). */
  addTrustAnchors(request: AddTrustAnchorsRequest): Promise<AddTrustAnchorsResult>;
  /** Removes one by its SHA-256 fingerprint (UNKNOWN_TRUST_ANCHOR if none). */
  removeTrustAnchor(fingerprintSha256: string): Promise<void>;
  /** One reading's verification detail: signed fields, message, hash, key, r and s, signer chain, verdict and reason. */
  getReadingVerification(request: ReadingVerificationRequest): Promise<ReadingVerificationDetailDto>;
  /** Recomputes the tariff registers with the supplier's tariff file (TAF-1 / TAF-2). */
  checkBill(request: BillCheckRequest): Promise<BillCheckResult>;
  /** The original document byte for byte, or a TRuDI-style CSV. */
  exportReadout(request: ExportRequest): Promise<ExportedFile>;
  cancel(operationId: string): Promise<void>;
  /** The verification report of one billing period as an A4 PDF/A-3, original files attached (progress; cancellable). */
  createReport(request: ReportRequest): Promise<ReportFile>;
  /** Subscribes to progress of long operations; returns the unsubscribe function. */
  onProgress(listener: (event: ProgressEvent) => void): () => void;
}

/** The request/response methods, i.e. everything but event subscriptions. Transports iterate this list. */
export const API_METHODS = [
  'getEngineInfo',
  'openDemo',
  'startDemoGateway',
  'readGateway',
  'syncGateway',
  'openFile',
  'listReadouts',
  'closeReadout',
  'listGatewayProfiles',
  'saveGatewayProfile',
  'deleteGatewayProfile',
  'testConnection',
  'getReadoutDetails',
  'getSeries',
  'getConsumption',
  'getGatewayRegisters',
  'getLoadProfile',
  'getLoadProfileColumns',
  'verifyReadout',
  'getReadingVerification',
  'listTrustAnchors',
  'addTrustAnchors',
  'removeTrustAnchor',
  'checkBill',
  'exportReadout',
  'cancel',
  'createReport',
] as const satisfies readonly (keyof TrudiApi)[];
export type ApiMethod = (typeof API_METHODS)[number];

/** The event subscriptions of the contract. */
export const API_EVENTS = ['onProgress'] as const satisfies readonly (keyof TrudiApi)[];

/** Every key of `window.trudi`: exactly the contract. */
export const API_KEYS: readonly (keyof TrudiApi)[] = [...API_METHODS, ...API_EVENTS];

export type ApiRequestArgs<M extends ApiMethod> = Parameters<TrudiApi[M]>;
export type ApiResult<M extends ApiMethod> = Awaited<ReturnType<TrudiApi[M]>>;

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && (API_METHODS as readonly string[]).includes(name);
}

/**
 * The engine: the one implementation of TrudiApi, in plain Node. Transports (IPC sidecar, web host,
 * in-process for tests and CLI) wrap an instance of it.
 */
import type { TrudiApi } from '../api/contract';
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
  ProfileReadRequest,
  ProgressEvent,
  ReadoutDetails,
  ReadoutSummary,
  ReportFile,
  ReportRequest,
  SaveGatewayProfileRequest,
  SeriesRequest,
  SyncGatewayRequest,
  SyncGatewayResult,
  VerificationRequest,
  ReadingVerificationRequest,
  ReadingVerificationDetailDto,
  VerificationResult,
} from '../api/dto';
import { ApiError } from '../api/errors';
import { costOfTaf } from '../analysis/bill-cost';
import { computeConsumption } from '../analysis/consumption';
import { computeTaf } from '../analysis/taf';
import { gatewayRegisters } from '../analysis/gateway-registers';
import { parsePrices } from '../analysis/prices';
import { toSummary, verifyDocument } from '../crypto/verify-document';
import { engineInfo } from './release-info';
import { createDemoDocument } from './demo-readout';
import { exportReadout } from './export';
import { DemoGatewayHost, labelExperimentalVendor, readGatewayForEngine } from './gateway';
import { loadProfile, loadProfileColumns } from './load-profile';
import { openDocument, openSupplierDocument } from './open-document';
import { Operations } from './operations';
import { readoutDetails } from './readout-details';
import { createReport } from './report';
import { requestTime } from './request-time';
import { decodeBase64, fileBytes } from './request-values';
import { ReadoutStore, consumptionOf, contractUsagePoint } from './readouts';
import { currentRegistersOfReadout } from './current-registers';
import type { UsagePoint } from '../model/types';
import { readingVerification } from './reading-verification';
import { ReadoutArchive, anchorRecords, type GatewayResponse } from './readout-archive';
import { GatewayProfiles } from './gateway-profiles';
import type { Keychain } from './keychain';
import { isProfileRead, profileReadRequest } from './profile-read';
import { syncFigures, syncForEngine } from './gateway-sync';
import { connectionTestTarget, runConnectionTest } from './connection-test';
import type { VendorId } from '../han/adapter';
import { engineLog } from '../platform/engine-log';
import { anchorsKey, verificationAnchors } from './trust';
import { EngineTrustStore } from './trust-store';
import { verificationMemory, type VerificationMemory } from './verification-memory';
import type { VerifyPool } from '../crypto/workers/verify-pool';

const RESOLUTIONS = new Set(['day', 'week', 'month', 'year']);

export interface EngineOptions {
  transport?: EngineInfo['transport'];
  /** Months of data of the built-in demo gateway (default 24). */
  demoGatewayMonths?: number;
  /** Where gateway profiles, confirmed fingerprints and installed roots (trust/) are kept (sidecar and web mode: the user's config folder); none: not kept. */
  configDir?: string;
  /** Where read-outs are archived so that they survive a restart (sidecar and web mode: the user's archive); none: memory only. */
  archiveDir?: string;
  /** The OS keychain that seals profile secrets stored without a passphrase (the desktop app's main process). */
  keychain?: Keychain;
  /** The signature workers (default: the process-wide pool); tests pass one that counts the signatures it checks. */
  verifyPool?: VerifyPool;
}

export class Engine implements TrudiApi {
  private readonly operations = new Operations();
  private readonly readoutArchive: ReadoutArchive | undefined;
  private readonly profiles: GatewayProfiles | undefined;
  private readonly trust: EngineTrustStore;
  private readonly readouts: ReadoutStore;
  /** Verification caches of this engine; the raw signature outcomes also in its archive (across restarts). */
  readonly verification: VerificationMemory;
  private demoReadout: ReadoutSummary | undefined;
  private readonly demoGateway: DemoGatewayHost;
  private readonly transport: EngineInfo['transport'];

  constructor(options: EngineOptions | EngineInfo['transport'] = {}) {
    const resolved = typeof options === 'string' ? { transport: options } : options;
    this.transport = resolved.transport ?? 'in-process';
    this.demoGateway = new DemoGatewayHost(resolved.demoGatewayMonths);
    this.readoutArchive = resolved.archiveDir ? ReadoutArchive.open(resolved.archiveDir) : undefined;
    this.readouts = new ReadoutStore(this.readoutArchive);
    this.verification = verificationMemory(this.readoutArchive, resolved.verifyPool);
    this.profiles = resolved.configDir ? openProfiles(resolved.configDir, resolved.keychain) : undefined;
    this.trust = new EngineTrustStore(resolved.configDir);
  }

  async getEngineInfo(): Promise<EngineInfo> {
    return engineInfo(this.transport);
  }

  async openDemo(options: { operationId?: string } = {}): Promise<ReadoutSummary> {
    if (this.demoReadout) return this.demoReadout;
    return this.operations.run(options.operationId, 'Opening the demo', async (op) => {
      op.progress(-1, 'demo.generating');
      const document = createDemoDocument();
      op.throwIfCancelled();
      this.demoReadout = this.readouts.add('demo', document, { demo: true }).summary;
      op.progress(1, 'demo.ready');
      return this.demoReadout;
    });
  }

  async startDemoGateway(options: { operationId?: string } = {}): Promise<DemoGateway> {
    return this.operations.run(options.operationId, 'Starting the demo gateway', (op) => this.demoGateway.start(op));
  }

  async readGateway(given: GatewayReadRequest | ProfileReadRequest): Promise<ReadoutSummary> {
    return this.operations.run(given?.operationId, 'Reading the gateway', async (op) => {
      // A saved profile: its connection, and its secret opened here (never sent to the renderer).
      const request = isProfileRead(given) ? await profileReadRequest(this.requireProfiles(), given) : given;
      const responses: GatewayResponse[] = [];
      // A fingerprint confirmed before (kept by the engine) pins this visit; a changed certificate fails.
      const remembered = request?.pin ? undefined : this.profiles?.pinFor(request);
      const result = await readGatewayForEngine(remembered ? { ...request, pin: remembered } : request, op, (response) => responses.push(response));
      this.profiles?.confirmPin(request, result.fingerprint);
      op.throwIfCancelled();
      const demo = this.demoGateway.serves(request.host, request.port);
      const loaded = this.readouts.add('gateway', result.document, { demo, problems: [] });
      labelExperimentalVendor(loaded.summary, result.vendor);
      if (result.contractsWithoutData.length > 0) loaded.summary.contractsWithoutData = result.contractsWithoutData;
      if (result.sessionLeftOpen) loaded.summary.sessionLeftOpen = result.sessionLeftOpen;
      loaded.gatewaySession = result.session;
      loaded.currentRegisters = result.currentRegisters ?? [];
      this.readouts.keepGateway(loaded, result.vendor, responses);
      return loaded.summary;
    });
  }

  async syncGateway(given: SyncGatewayRequest): Promise<SyncGatewayResult> {
    return this.operations.run(given?.operationId, 'Syncing the gateway', async (op) => {
      if (!this.readoutArchive) throw ApiError.localized('NO_ARCHIVE', 'Diese Engine hat kein Archiv, in das sie synchronisieren kann.', 'This engine has no archive to sync into.');
      const resolved = isProfileRead(given) ? await profileReadRequest(this.requireProfiles(), given) : given;
      const remembered = resolved.pin ? undefined : this.profiles?.pinFor(resolved);
      const request = remembered ? { ...resolved, pin: remembered } : resolved;
      const { result, session, document } = await syncForEngine(this.readoutArchive.archive, request, op);
      if (request.pin) this.profiles?.confirmPin(request, request.pin);
      const loaded = this.readouts.add('gateway', document, { demo: this.demoGateway.serves(request.host, request.port), problems: [] });
      // The new read-out holds the gateway's whole archived history: it replaces those of earlier syncs (also
      // from before a restart).
      for (const previous of this.readoutArchive.openSyncedReadouts(result.gatewayId)) this.readouts.close(previous);
      labelExperimentalVendor(loaded.summary, result.vendor as VendorId);
      loaded.gatewaySession = session;
      loaded.currentRegisters = [];
      // Readings and answers are in the archive already (the sync's steps): only the read-out is recorded.
      this.readouts.keepGateway(loaded, result.vendor, [], true);
      return { readout: loaded.summary, ...syncFigures(result) };
    });
  }

  /** Stops what the engine started (the demo gateway) and closes the archive. */
  async close(): Promise<void> {
    await this.demoGateway.stop();
    this.readouts.shutdown();
    this.readoutArchive?.shutdown();
  }

  async listGatewayProfiles(): Promise<GatewayProfileDto[]> {
    return this.profiles?.list() ?? [];
  }

  async saveGatewayProfile(request: SaveGatewayProfileRequest): Promise<GatewayProfileDto> {
    return this.requireProfiles().save(request);
  }

  async deleteGatewayProfile(profileId: string): Promise<void> {
    this.requireProfiles().delete(profileId);
  }

  async testConnection(request: ConnectionTestRequest): Promise<ConnectionTestResult> {
    const target = connectionTestTarget(request, this.profiles, () => this.requireProfiles());
    return this.operations.run(request.operationId, 'Testing the connection', async (op) => {
      const result = await runConnectionTest(target, op);
      // The gateway presented the fingerprint the user confirmed: later visits are pinned to it (also when the
      // login failed, so that a retry with another password is not asked again).
      if (target.pin && result.steps[2]?.state === 'passed') this.profiles?.confirmPin(target, target.pin);
      return result;
    });
  }

  private requireProfiles(): GatewayProfiles {
    if (!this.profiles) throw ApiError.localized('NO_PROFILES', 'Diese Engine speichert keine Gateway-Profile (kein Konfigurationsordner).', 'This engine keeps no gateway profiles (no configuration folder).');
    return this.profiles;
  }

  async listReadouts(): Promise<ReadoutSummary[]> {
    return this.readouts.list();
  }

  async closeReadout(readoutId: string): Promise<void> {
    if (!this.readouts.close(readoutId)) throw new ApiError('UNKNOWN_READOUT', `No read-out with id "${String(readoutId)}" is open.`);
    if (this.demoReadout?.readoutId === readoutId) this.demoReadout = undefined;
  }

  async openFile(request: OpenFileRequest): Promise<ReadoutSummary> {
    const bytes = fileBytes(request);
    const name = typeof request?.name === 'string' && request.name ? request.name : 'document.xml';
    return this.operations.run(request.operationId, 'Opening the file', async (op) => {
      op.progress(-1, 'file.reading');
      const opened = openDocument(bytes, name);
      if (opened.document.kind === 'supplier') {
        throw ApiError.localized(
          'SUPPLIER_FILE',
          `„${name}“ ist eine Tarifdatei des Lieferanten, keine Ablesung. Öffnen Sie zuerst eine Ablesung und verwenden Sie diese Datei dann in der Rechnungsprüfung.`,
          `"${name}" is a supplier tariff file, not a read-out. Open a read-out first, then use this file in the bill check.`,
        );
      }
      op.throwIfCancelled();
      const loaded = this.readouts.addFile(opened.document, bytes, name, opened.problems);
      op.progress(1, 'file.ready');
      return loaded.summary;
    });
  }

  async getReadoutDetails(readoutId: string): Promise<ReadoutDetails> {
    return readoutDetails(this.readouts.get(readoutId));
  }

  async getSeries(request: SeriesRequest): Promise<ConsumptionSeries> {
    if (!request || !RESOLUTIONS.has(request.resolution)) {
      throw new ApiError('BAD_REQUEST', `Unknown resolution "${String(request?.resolution)}"; use day, week, month or year.`);
    }
    const readout = this.readouts.get(request.readoutId);
    const report = consumptionFor(readout, request);
    const points = report[request.resolution].map((p) => {
      const point: ConsumptionSeries['points'][number] = { start: p.start, import: p.import, export: p.export };
      if (p.incomplete?.length) point.incompleteReason = p.incomplete.map((r) => r.en).join(' ');
      return point;
    });
    // Totals come from the register over the window, never from adding up the (possibly incomplete) periods.
    return { readoutId: request.readoutId, resolution: request.resolution, unit: 'kWh', points, totals: report.totals };
  }

  async getConsumption(request: ConsumptionRequest): Promise<ConsumptionReport> {
    const readout = this.readouts.get(request?.readoutId);
    return consumptionFor(readout, request);
  }

  async getGatewayRegisters(request: GatewayRegistersRequest): Promise<GatewayRegistersReport[]> {
    const readout = this.readouts.get(request?.readoutId);
    const report = (up: UsagePoint): GatewayRegistersReport => ({ ...gatewayRegisters(up), current: currentRegistersOfReadout(readout, up) });
    if (request.usagePointId !== undefined) return [report(contractUsagePoint(readout, request.usagePointId))];
    return readout.document.usagePoints.filter((up) => up.meterReadings.length > 0).map(report);
  }

  async getLoadProfile(request: LoadProfileRequest): Promise<LoadProfile> {
    const readout = this.readouts.get(request?.readoutId);
    return loadProfile(readout, request.channelId, requestTime(request.from, 'from'), requestTime(request.to, 'to'), request.usagePointId);
  }

  async getLoadProfileColumns(request: LoadProfileRequest): Promise<LoadProfileColumns> {
    const readout = this.readouts.get(request?.readoutId);
    return loadProfileColumns(readout, request.channelId, requestTime(request.from, 'from'), requestTime(request.to, 'to'), request.usagePointId);
  }

  async verifyReadout(request: VerificationRequest): Promise<VerificationResult> {
    const readout = this.readouts.get(request?.readoutId);
    const anchors = verificationAnchors(readout, request.trustAnchorsBase64, this.trust.anchors());
    return this.operations.run(request.operationId, 'Verifying signatures', async (op) => {
      const started = performance.now();
      op.progress(0, 'verify.running');
      const result = await verifyDocument(readout.document, readout.original, {
        ...this.verification,
        trustAnchors: anchors,
        signal: op.signal,
        onProgress: ({ done, total }) => op.progress(total ? done / total : 1, 'verify.running'),
      });
      op.throwIfCancelled();
      readout.verification = { ...result, anchorsKey: anchorsKey(anchors) };
      this.readoutArchive?.saveVerification(readout.summary.readoutId, readout.summary.gatewayId, toSummary(result), anchorRecords(anchors));
      op.progress(1, 'verify.done');
      return { ...toSummary(result), cached: result.cached, seconds: (performance.now() - started) / 1000 };
    });
  }

  async getReadingVerification(request: ReadingVerificationRequest): Promise<ReadingVerificationDetailDto> {
    const readout = this.readouts.get(request?.readoutId);
    return readingVerification(readout, request, verificationAnchors(readout, request.trustAnchorsBase64, this.trust.anchors()), this.verification);
  }

  async listTrustAnchors(): Promise<TrustAnchorDto[]> {
    return this.trust.list();
  }

  async addTrustAnchors(request: AddTrustAnchorsRequest): Promise<AddTrustAnchorsResult> {
    const result = this.trust.add(request);
    this.readouts.forgetVerifications();
    return result;
  }

  async removeTrustAnchor(fingerprintSha256: string): Promise<void> {
    this.trust.remove(fingerprintSha256);
    // Check marks computed under the removed root must not stay on show.
    this.readouts.forgetVerifications();
  }

  async checkBill(request: BillCheckRequest): Promise<BillCheckResult> {
    const readout = this.readouts.get(request?.readoutId);
    const bytes = decodeBase64(request.supplier?.contentBase64, 'supplier.contentBase64');
    const name = request.supplier?.name || 'supplier.xml';
    // Checked before the work starts: a bad price is the user's to fix, named by its field.
    const prices = request.prices === undefined || request.prices === null ? undefined : parsePrices(request.prices, 'prices');
    return this.operations.run(request.operationId, 'Checking the bill', async (op) => {
      op.progress(-1, 'bill.reading');
      const supplier = openSupplierDocument(bytes, name);
      op.progress(-1, 'bill.computing');
      // Our own view: where TRuDI refuses (TAF-1 with the gateway's registers), the result carries TRuDI's verdict
      // and is labelled not TRuDI-identical (TafResult.notTrudiIdentical), so the registers view can compare.
      const result: BillCheckResult = { ...computeTaf(readout.document, supplier.document, { supplierBytes: bytes, ownView: true }), supplierFileName: name };
      if (prices) result.cost = costOfTaf(result, prices);
      op.progress(1, 'bill.done');
      return result;
    });
  }

  async exportReadout(request: ExportRequest): Promise<ExportedFile> {
    return exportReadout(this.readouts.get(request?.readoutId), request.format);
  }

  async createReport(request: ReportRequest): Promise<ReportFile> {
    const readout = this.readouts.get(request?.readoutId);
    const anchors = verificationAnchors(readout, request.trustAnchorsBase64, this.trust.anchors());
    return this.operations.run(request.operationId, 'Creating the report', (op) => createReport(readout, request, op, anchors));
  }

  async cancel(operationId: string): Promise<void> {
    this.operations.cancel(operationId);
  }

  onProgress(listener: (event: ProgressEvent) => void): () => void {
    return this.operations.onProgress(listener);
  }
}

function openProfiles(dir: string, keychain: Keychain | undefined): GatewayProfiles | undefined {
  try {
    return new GatewayProfiles(dir, keychain);
  } catch (error) {
    engineLog().warn('profiles.unavailable', { dir, error: (error as Error).message });
    process.stderr.write(`TRuDI engine: ${(error as Error).message} Gateway profiles and confirmed fingerprints are not kept in this session.\n`);
    return undefined;
  }
}

/** The consumption report of the contract a request names, over its range (or the default window, cached). */
function consumptionFor(readout: Parameters<typeof consumptionOf>[0], request: { usagePointId?: string; from?: string; to?: string }): ConsumptionReport {
  if (!request.from && !request.to) return consumptionOf(readout, request.usagePointId);
  return computeConsumption(contractUsagePoint(readout, request.usagePointId), rangeOptions(request));
}

function rangeOptions(request: { from?: string; to?: string }): { from?: number; to?: number } {
  const options: { from?: number; to?: number } = {};
  if (request.from) options.from = requestTime(request.from, 'from');
  if (request.to) options.to = requestTime(request.to, 'to');
  return options;
}

/**
 * A whole read-out: connect (pinned TLS), list contracts, load every contract's data for the range,
 * disconnect in `finally`. Returns the AR 2418-6 device document (internal model) and transfer figures.
 */
import type { Ar2418Document, UsagePoint } from '../model/types';
import { deviceDocument, type ConnectResult, type ContractInfo, type GatewayAdapter, type ProgressReporter, type VendorId } from './adapter';
import { loadClientCertificate, type ClientCertificateSource } from './client-certificate';
import { HanError, NoDataInSelectedTimeRangeError, noteSessionLeftOpen, PinRequiredError, ProtocolError, SESSION_LEFT_OPEN } from './errors';
import { GatewayClient, type GatewayClientOptions, type GatewayClientStats } from './gateway-client';
import { HttpConnection } from './http-connection';
import { checkVendorChoice, createAdapter, probeVendor, vendorClientSettings, vendorFromGatewayId } from './vendors';

export type GatewayCredentials =
  | { kind: 'password'; user: string; password: string }
  | { kind: 'certificate'; certificate: ClientCertificateSource; user?: string; password?: string };

export interface ReadGatewayOptions {
  host: string;
  port: number;
  vendor?: VendorId | 'auto';
  /** When known, the FLAG code picks the vendor without probing. */
  gatewayId?: string;
  credentials: GatewayCredentials;
  /** Pinned SHA-256 fingerprint. Without it the certificate is shown via `confirmCertificate` (trust on first use). */
  pin?: string;
  confirmCertificate?: (fingerprint: string) => boolean | Promise<boolean>;
  /** Inclusive range; default: each contract's whole validity up to now. */
  from?: number;
  to?: number;
  contractId?: string;
  /**
   * Where each contract's range starts, overriding `from` (incremental sync: after the last archived reading).
   * A contract whose start lies after its end is skipped: there is nothing new to fetch.
   */
  startFor?: (contract: ContractInfo, connection: ConnectResult) => number | undefined;
  /** Where each contract's log starts (record number; an incremental sync: after the last archived entry). */
  logFromFor?: (contract: ContractInfo, connection: ConnectResult) => number | undefined;
  /** Called with each contract's usage point as soon as it is loaded (a sync stores it as one step). */
  onContract?: (usagePoint: UsagePoint, contract: ContractInfo, connection: ConnectResult) => void | Promise<void>;
  withLog?: boolean;
  /**
   * Also ask each chosen contract's current registers (the adapter's `currentRegisters`: the meters' newest
   * register values). A contract whose gateway refuses or does not deliver them gets an error entry; the
   * read-out itself goes on.
   */
  withCurrentRegisters?: boolean;
  signal?: AbortSignal;
  progress?: ProgressReporter;
  client?: Partial<GatewayClientOptions>;
}

/** The current registers of one contract as the adapter delivered them, or why there are none. */
export type CurrentRegistersOutcome =
  | { contractId: string; usagePoint: UsagePoint }
  | { contractId: string; error: { code: string; de: string; en: string } };

export interface ReadGatewayResult {
  vendor: VendorId;
  document: Ar2418Document;
  connection: ConnectResult;
  contracts: ContractInfo[];
  /** Contracts that had no data in the requested range; the others were read. */
  contractsWithoutData: { contractId: string; de: string; en: string }[];
  fingerprint: string;
  /** Only with `withCurrentRegisters`: one entry per chosen contract. */
  currentRegisters?: CurrentRegistersOutcome[];
  /** The gateway did not confirm the logout: its one session may stay open for a few minutes (PPC). */
  sessionLeftOpen?: { de: string; en: string; since: string };
  stats: GatewayClientStats & { wallMs: number };
}

export type GatewayAdapterOptions = Pick<ReadGatewayOptions, 'host' | 'port' | 'vendor' | 'gatewayId' | 'credentials' | 'signal' | 'client'>;

/**
 * The client options of a visit without the pin: address, credentials (a client certificate loaded and checked
 * here, before any connection), cancellation and overrides.
 */
export function gatewayClientBase(options: GatewayAdapterOptions): GatewayClientOptions {
  const credentials = options.credentials;
  return {
    host: options.host,
    port: options.port,
    client: credentials.kind === 'certificate' ? loadClientCertificate(credentials.certificate) : undefined,
    user: credentials.user,
    password: credentials.password,
    signal: options.signal,
    ...options.client,
  };
}

/**
 * The vendor adapter for a gateway whose certificate is pinned: the vendor chosen, else from the gateway id's
 * FLAG code, else probed by unauthenticated requests. Nothing is sent yet that needs a credential; the
 * adapter's connect() is the first authenticated request (a read-out and the connection test share this).
 */
export async function gatewayAdapter(
  options: GatewayAdapterOptions,
  base: GatewayClientOptions,
  pin: string,
): Promise<{ vendor: VendorId; client: GatewayClient; adapter: GatewayAdapter }> {
  const chosenVendor = checkVendorChoice(options.vendor);
  const vendor =
    chosenVendor !== 'auto'
      ? chosenVendor
      : ((options.gatewayId ? vendorFromGatewayId(options.gatewayId) : undefined) ?? (await probeVendor({ ...base, pin })));
  const client = new GatewayClient({ ...base, pin, ...vendorClientSettings(vendor, options.host), ...options.client });
  const adapter = createAdapter(vendor, client, options.gatewayId ? { gatewayId: options.gatewayId } : {});
  return { vendor, client, adapter };
}

export async function readGateway(options: ReadGatewayOptions): Promise<ReadGatewayResult> {
  const started = performance.now();
  // Checked before any connection: an unknown vendor string never falls through to some adapter.
  checkVendorChoice(options.vendor);
  const base = gatewayClientBase(options);
  let pin = options.pin;
  if (pin === undefined) {
    // Trust on first use: show the fingerprint before any credential (password or client certificate) is sent.
    const seen = (await HttpConnection.probeCertificate({ host: options.host, port: options.port, connectTimeoutMs: base.connectTimeoutMs, signal: options.signal })).fingerprint;
    if (!options.confirmCertificate || !(await options.confirmCertificate(seen))) throw new PinRequiredError(seen);
    pin = seen;
  }
  const { vendor, client, adapter } = await gatewayAdapter(options, base, pin);
  let result: ReadGatewayResult;
  try {
    options.progress?.(-1, 'Verbinde / connecting');
    const connection = await adapter.connect();
    const contracts = await adapter.listContracts();
    const chosen = options.contractId ? contracts.filter((c) => c.tafId === options.contractId) : contracts;
    if (chosen.length === 0) throw new ProtocolError(`no contract "${options.contractId}" (available: ${contracts.map((c) => c.tafId).join(', ')})`);
    const usagePoints = [];
    const contractsWithoutData: { contractId: string; error: NoDataInSelectedTimeRangeError }[] = [];
    for (const [i, contract] of chosen.entries()) {
      const to = Math.min(options.to ?? Date.now(), contract.end ?? Infinity);
      const start = options.startFor?.(contract, connection);
      const from = Math.max(start ?? options.from ?? contract.begin, contract.begin);
      let usagePoint: UsagePoint;
      try {
        if (from > to) throw new NoDataInSelectedTimeRangeError(`${new Date(options.from ?? from).toISOString()} – ${new Date(options.to ?? to).toISOString()}`);
        const logFrom = options.logFromFor?.(contract, connection);
        const request = { contract, start: from, end: to, withLog: options.withLog ?? true, ...(logFrom === undefined ? {} : { logFromRecord: logFrom }) };
        usagePoint = await adapter.loadData(request, (f, message) =>
          options.progress?.(f < 0 ? f : (i + f) / chosen.length, `${contract.tafId}: ${message}`),
        );
      } catch (error) {
        if (!(error instanceof NoDataInSelectedTimeRangeError)) throw error;
        // Nothing after the last archived reading: nothing new for this contract.
        if (start !== undefined) continue;
        // A contract without data in the range is reported; it does not abort the read of the others.
        contractsWithoutData.push({ contractId: contract.tafId, error });
        continue;
      }
      await options.onContract?.(usagePoint, contract, connection);
      usagePoints.push(usagePoint);
    }
    // Only when no contract has data in the range does the read fail.
    if (usagePoints.length === 0 && contractsWithoutData.length === chosen.length) throw contractsWithoutData[0]!.error;
    const currentRegisters = options.withCurrentRegisters ? await currentRegistersOf(adapter, chosen, options.signal) : undefined;
    result = {
      vendor,
      document: deviceDocument(usagePoints, connection.signedMessageFormat),
      connection,
      contracts,
      contractsWithoutData: contractsWithoutData.map((c) => ({ contractId: c.contractId, de: `${c.contractId}: ${c.error.de}`, en: `${c.contractId}: ${c.error.en}` })),
      fingerprint: connection.fingerprint,
      ...(currentRegisters ? { currentRegisters } : {}),
      stats: { ...client.stats, wallMs: performance.now() - started },
    };
  } catch (error) {
    await adapter.disconnect().catch(() => undefined);
    if (adapter.sessionLeftOpen && error instanceof HanError) noteSessionLeftOpen(error, new Date().toISOString());
    throw error;
  }
  await adapter.disconnect().catch(() => undefined);
  return adapter.sessionLeftOpen ? { ...result, sessionLeftOpen: { ...SESSION_LEFT_OPEN, since: new Date().toISOString() } } : result;
}

/**
 * Each contract's current registers. A gateway error (HanError: not offered, refused, malformed) is kept as
 * that contract's outcome; cancellation and programming errors end the read as they would anywhere else.
 */
async function currentRegistersOf(adapter: GatewayAdapter, contracts: readonly ContractInfo[], signal: AbortSignal | undefined): Promise<CurrentRegistersOutcome[]> {
  const out: CurrentRegistersOutcome[] = [];
  for (const contract of contracts) {
    signal?.throwIfAborted();
    try {
      out.push({ contractId: contract.tafId, usagePoint: await adapter.currentRegisters(contract) });
    } catch (error) {
      if (!(error instanceof HanError)) throw error;
      out.push({ contractId: contract.tafId, error: { code: error.code, de: error.de, en: error.en } });
    }
  }
  return out;
}

/**
 * Incremental sync of a gateway into the archive: each contract is fetched only from just after its last
 * archived capture time (all of it the first time), and stored as one step — its readings, its log and every
 * answer of the gateway in that step byte for byte — in one transaction. A sync cut off at any point (a
 * lost connection, cancel, a killed process) leaves the archive as after the last complete step; the next
 * sync goes on from there. The gateway's log is fetched from just after the last archived record number where
 * the adapter pages by index (Theben; inferred, experimental), else for the range; it is deduplicated by record
 * number, time and text either way.
 */
import type { Archive } from '../archive/archive';
import { lastCaptureTimes, lastLogRecords } from '../archive/query';
import { gatewayRowId, storeDocument } from '../archive/store-document';
import { deviceDocument } from '../han/adapter';
import { readGateway, type ReadGatewayOptions } from '../han/read-gateway';
import { engineLog } from '../platform/engine-log';

export type SyncOptions = Omit<ReadGatewayOptions, 'from' | 'startFor' | 'logFromFor' | 'onContract'>;

export interface SyncContract {
  tariffName: string;
  /** Epoch ms the fetch started at (the contract's begin on the first sync). */
  from: number | null;
  newReadings: number;
}

export interface SyncResult {
  gatewayId: string;
  vendor: string;
  requests: number;
  /** Bytes received from the gateway. */
  bytes: number;
  newReadings: number;
  newLogEntries: number;
  /** Readings the gateway now reports with another value than archived (the archived value is kept). */
  conflicts: number;
  /** Contracts with nothing new since the last sync are listed with from = null. */
  contracts: SyncContract[];
  seconds: number;
}

export async function syncGateway(archive: Archive, options: SyncOptions): Promise<SyncResult> {
  const started = performance.now();
  const pending: { method: string; path: string; status: number; contentType?: string; body: Uint8Array; receivedAt: number }[] = [];
  const totals = { newReadings: 0, newLogEntries: 0, conflicts: 0 };
  const contracts: SyncContract[] = [];
  let syncId: number | undefined;
  let last: Map<string, number> | undefined;
  let lastLog: Map<string, number> | undefined;
  const userExchange = options.client?.onExchange;

  /** The answers received since the last step, kept with this step. */
  const storeResponses = (gatewayId: number | undefined): void => {
    for (const response of pending.splice(0)) {
      archive.addOriginal({
        kind: 'response',
        name: `${response.method} ${response.path} → ${response.status}`,
        bytes: response.body,
        receivedAt: response.receivedAt,
        ...(gatewayId === undefined ? {} : { gatewayId }),
        ...(syncId === undefined ? {} : { syncId }),
        ...(response.contentType ? { contentType: response.contentType } : {}),
      });
    }
  };
  const ensureSync = (gatewayId: number): number => {
    syncId ??= archive.run('INSERT INTO syncs (gateway_id, started_at) VALUES (?, ?)', gatewayId, Date.now()).lastInsertRowid;
    return syncId;
  };

  const result = await readGateway({
    ...options,
    client: {
      ...options.client,
      onExchange: (method, path, response, body) => {
        userExchange?.(method, path, response, body);
        const contentType = response.headers.get('content-type')?.[0];
        pending.push({ method, path, status: response.status, body: new Uint8Array(response.body), receivedAt: Date.now(), ...(contentType ? { contentType } : {}) });
      },
    },
    startFor: (contract, connection) => {
      last ??= lastCaptureTimes(archive, connection.gatewayId);
      const times = [...last].filter(([key]) => key.startsWith(`${contract.tafId}/`)).map(([, t]) => t);
      if (times.length === 0) {
        contracts.push({ tariffName: contract.tafId, from: contract.begin, newReadings: 0 });
        return undefined;
      }
      const from = Math.min(...times) + 1;
      contracts.push({ tariffName: contract.tafId, from, newReadings: 0 });
      return from;
    },
    logFromFor: (contract, connection) => {
      lastLog ??= lastLogRecords(archive, connection.gatewayId);
      const record = lastLog.get(contract.tafId);
      return record === undefined ? undefined : record + 1;
    },
    onContract: (usagePoint, contract, connection) => {
      options.signal?.throwIfAborted();
      archive.transaction(() => {
        const stored = storeDocument(archive, deviceDocument([usagePoint], connection.signedMessageFormat), { vendor: String(options.vendor ?? 'auto') === 'auto' ? undefined : String(options.vendor) });
        const gatewayId = stored.gatewayIds[0]!;
        ensureSync(gatewayId);
        storeResponses(gatewayId);
        totals.newReadings += stored.newReadings;
        totals.newLogEntries += stored.newLogEntries;
        totals.conflicts += stored.conflicts;
        const entry = contracts.find((c) => c.tariffName === contract.tafId);
        if (entry) entry.newReadings = stored.newReadings;
        archive.run('UPDATE syncs SET new_readings = ? WHERE id = ?', totals.newReadings, syncId!);
      });
    },
  });

  // The last step: the answers after the last contract (logout), the vendor, the counters and the end.
  archive.transaction(() => {
    const gatewayId = gatewayRowId(archive, result.connection.gatewayId);
    if (gatewayId !== undefined) {
      archive.run('UPDATE gateways SET vendor = ?, last_seen = ? WHERE id = ?', result.vendor, Date.now(), gatewayId);
      ensureSync(gatewayId);
    }
    storeResponses(gatewayId);
    if (syncId !== undefined) {
      archive.run('UPDATE syncs SET finished_at = ?, requests = ?, bytes = ?, new_readings = ? WHERE id = ?', Date.now(), result.stats.requests, result.stats.bytesIn, totals.newReadings, syncId);
    }
  });
  engineLog().info('sync.done', { gatewayId: result.connection.gatewayId, vendor: result.vendor, requests: result.stats.requests, bytes: result.stats.bytesIn, ...totals });
  for (const c of contracts) if (c.newReadings === 0 && !result.document.usagePoints.some((u) => u.tariffName === c.tariffName)) c.from = null;
  return {
    gatewayId: result.connection.gatewayId,
    vendor: result.vendor,
    requests: result.stats.requests,
    bytes: result.stats.bytesIn,
    ...totals,
    contracts,
    seconds: (performance.now() - started) / 1000,
  };
}

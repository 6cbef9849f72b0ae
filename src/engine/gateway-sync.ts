/**
 * The app's sync (TrudiApi.syncGateway): the same incremental sync as `trudi sync` (engine/sync.ts) into the
 * engine's archive, with the engine's progress, cancel and diagnostics session; afterwards the gateway's whole
 * archived history is loaded as one document for the read-out.
 */
import type { GatewayReadRequest, SyncGatewayResult } from '../api/dto';
import type { Archive } from '../archive/archive';
import { loadGatewayDocument } from '../archive/query';
import type { DiagnosticsRecorder } from '../han/diagnostics';
import type { Ar2418Document } from '../model/types';
import { hanReadOptions } from './gateway';
import type { OperationContext } from './operations';
import { syncGateway, type SyncResult } from './sync';

export async function syncForEngine(
  archive: Archive,
  request: GatewayReadRequest,
  op: OperationContext,
): Promise<{ result: SyncResult; session: DiagnosticsRecorder; document: Ar2418Document }> {
  // A sync starts each contract after its archived readings: a requested `from` does not apply; `to` does.
  const { options, session } = hanReadOptions({ ...request, from: undefined } as GatewayReadRequest, op);
  const result = await syncGateway(archive, options);
  op.throwIfCancelled();
  op.progress(-1, 'sync.loading');
  return { result, session, document: loadGatewayDocument(archive, result.gatewayId) };
}

/** The figures of a sync for the API (times as ISO strings). */
export function syncFigures(result: SyncResult): Omit<SyncGatewayResult, 'readout'> {
  return {
    gatewayId: result.gatewayId,
    vendor: result.vendor,
    requests: result.requests,
    bytes: result.bytes,
    newReadings: result.newReadings,
    newLogEntries: result.newLogEntries,
    conflicts: result.conflicts,
    contracts: result.contracts.map((c) => ({ tariffName: c.tariffName, from: c.from === null ? null : new Date(c.from).toISOString(), newReadings: c.newReadings })),
    seconds: result.seconds,
  };
}

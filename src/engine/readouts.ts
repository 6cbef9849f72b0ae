/**
 * The read-outs the engine has loaded, by id, with what the UI needs from them: the model, the original
 * bytes (never rewritten), what reading and validation found, and results computed once per read-out.
 */
import type { DiagnosticsRecorder } from '../han/diagnostics';
import type { ChannelSummary, ContractSummary, ProblemDto, ReadoutSummary } from '../api/dto';
import { ApiError } from '../api/errors';
import { computeConsumption, type ConsumptionReport } from '../analysis/consumption';
import { prepareChannel } from '../analysis/channel';
import type { DocumentVerification } from '../crypto/verify-document';
import type { Ar2418Document, UsagePoint } from '../model/types';
import { formatBerlinIso } from '../model/time/berlin';
import { usagePointOf } from './usage-points';
import type { GatewayResponse, ReadoutArchive } from './readout-archive';

export interface LoadedReadout {
  summary: ReadoutSummary;
  document: Ar2418Document;
  /** What the gateway or the file delivered, byte for byte (absent for generated in-memory data). */
  original?: Uint8Array;
  problems: ProblemDto[];
  /** Results computed on first use (per contract: usage point id). */
  consumption?: Map<string, ConsumptionReport>;
  verification?: DocumentVerification;
  /** HAN read-outs: every request and answer of the gateway session (credentials removed). */
  gatewaySession?: DiagnosticsRecorder;
}

export interface AddReadoutOptions {
  demo: boolean;
  original?: Uint8Array;
  fileName?: string;
  problems?: ProblemDto[];
}

/** How many archived read-outs stay parsed in memory at once (the others are loaded again when used). */
export const MAX_LOADED_ARCHIVED = 3;

interface Entry {
  summary: ReadoutSummary;
  loaded?: LoadedReadout;
  /** Kept in the archive: may be dropped from memory and loaded again. */
  archived: boolean;
}

export class ReadoutStore {
  private readonly entries = new Map<string, Entry>();
  private counter = 0;

  /** With an archive, the read-outs that were open before a restart are listed at once and loaded when used. */
  constructor(private readonly archive?: ReadoutArchive) {
    for (const summary of archive?.openReadouts() ?? []) this.entries.set(summary.readoutId, { summary, archived: true });
  }

  add(source: ReadoutSummary['source'], document: Ar2418Document, options: AddReadoutOptions): LoadedReadout {
    const readoutId = this.archive && source !== 'demo' ? this.archive.newId(source) : `${source}-${++this.counter}`;
    const problems = options.problems ?? [];
    const summary = summarize(readoutId, source, document, options.demo, problems);
    if (options.fileName) summary.fileName = options.fileName;
    const loaded: LoadedReadout = { summary, document, problems };
    if (options.original) loaded.original = options.original;
    this.entries.set(readoutId, { summary, loaded, archived: false });
    return loaded;
  }

  /** Stores a file read-out in the archive (no-op without one); from then on it may leave memory. */
  keepFile(loaded: LoadedReadout, name: string): void {
    if (!this.archive || !loaded.original) return;
    this.archive.saveFile(loaded.summary, loaded.document, loaded.original, name, loaded.problems);
    this.markArchived(loaded.summary.readoutId);
  }

  /** Stores a gateway read-out (readings and every answer of the gateway) in the archive (no-op without one). */
  keepGateway(loaded: LoadedReadout, vendor: string, responses: GatewayResponse[]): void {
    if (!this.archive) return;
    this.archive.saveGateway(loaded.summary, loaded.document, vendor, responses);
    this.markArchived(loaded.summary.readoutId);
  }

  private markArchived(readoutId: string): void {
    const entry = this.entries.get(readoutId);
    if (entry) entry.archived = true;
    this.evict(readoutId);
  }

  get(readoutId: unknown): LoadedReadout {
    const entry = typeof readoutId === 'string' ? this.entries.get(readoutId) : undefined;
    if (!entry) throw new ApiError('UNKNOWN_READOUT', `No read-out with id "${String(readoutId)}" is loaded. Open the demo, a file or a gateway first.`);
    // Most recently used last (Map order), so eviction drops the oldest.
    this.entries.delete(entry.summary.readoutId);
    this.entries.set(entry.summary.readoutId, entry);
    if (!entry.loaded) {
      let archived: ReturnType<ReadoutArchive['load']>;
      try {
        archived = this.archive!.load(entry.summary.readoutId);
      } catch (error) {
        throw ApiError.localized(
          'READOUT_UNAVAILABLE',
          `Die Ablesung „${entry.summary.fileName ?? entry.summary.gatewayId}“ lässt sich nicht aus dem Archiv laden (${(error as Error).message}). Schließen Sie sie und öffnen Sie die Datei oder das Gateway erneut.`,
          `The read-out "${entry.summary.fileName ?? entry.summary.gatewayId}" cannot be loaded from the archive (${(error as Error).message}). Close it and open the file or gateway again.`,
        );
      }
      entry.loaded = { summary: entry.summary, document: archived.document, problems: archived.problems };
      if (archived.original) entry.loaded.original = archived.original;
      this.evict(entry.summary.readoutId);
    }
    return entry.loaded;
  }

  /** The open read-outs, in the order they were opened or last used. */
  list(): ReadoutSummary[] {
    return [...this.entries.values()].map((e) => e.summary);
  }

  /** Closes a read-out: it leaves memory and the list; what the archive holds of it stays. */
  close(readoutId: unknown): boolean {
    const entry = typeof readoutId === 'string' ? this.entries.get(readoutId) : undefined;
    if (!entry) return false;
    this.entries.delete(entry.summary.readoutId);
    if (entry.archived) this.archive?.close(entry.summary.readoutId);
    return true;
  }

  /** Number of read-outs whose documents are in memory now. */
  get loadedCount(): number {
    return [...this.entries.values()].filter((e) => e.loaded).length;
  }

  /** Drops the documents of the least recently used archived read-outs beyond MAX_LOADED_ARCHIVED. */
  private evict(keep: string): void {
    const archivedLoaded = [...this.entries.values()].filter((e) => e.archived && e.loaded);
    for (const entry of archivedLoaded.slice(0, Math.max(0, archivedLoaded.length - MAX_LOADED_ARCHIVED))) {
      if (entry.summary.readoutId !== keep) delete entry.loaded;
    }
  }
}

/**
 * The usage point (contract) a request names; without an id the first with meter readings (else the first).
 * Read-outs of several contracts keep every one reachable.
 */
export function contractUsagePoint(readout: LoadedReadout, usagePointId?: unknown): UsagePoint {
  return usagePointOf(readout, usagePointId, (up) => up.meterReadings.length > 0);
}

/** The consumption report of a contract over its default window, computed once. */
export function consumptionOf(readout: LoadedReadout, usagePointId?: unknown): ConsumptionReport {
  const usagePoint = contractUsagePoint(readout, usagePointId);
  readout.consumption ??= new Map();
  let report = readout.consumption.get(usagePoint.usagePointId);
  if (!report) {
    report = computeConsumption(usagePoint);
    readout.consumption.set(usagePoint.usagePointId, report);
  }
  return report;
}

function summarize(readoutId: string, source: ReadoutSummary['source'], document: Ar2418Document, demo: boolean, problems: ProblemDto[]): ReadoutSummary {
  const contracts = document.usagePoints.map(contractSummary);
  const found = document.usagePoints.findIndex((up) => up.meterReadings.length > 0);
  const main = found >= 0 ? found : 0;
  const usagePoint = document.usagePoints[main];
  const mainContract = contracts[main];
  return {
    readoutId,
    source,
    demo,
    gatewayId: usagePoint?.smgw.smgwId ?? '',
    usagePointId: usagePoint?.usagePointId ?? '',
    channels: mainContract?.channels ?? [],
    first: mainContract?.first ?? '',
    last: mainContract?.last ?? '',
    contracts,
    problems: {
      errors: problems.filter((p) => p.severity === 'error').length,
      warnings: problems.filter((p) => p.severity === 'warning').length,
    },
  };
}

/** One contract (usage point) of a read-out: its channels and the span of its readings. */
function contractSummary(usagePoint: UsagePoint): ContractSummary {
  let first = Infinity;
  let last = -Infinity;
  const channels: ChannelSummary[] = usagePoint.meterReadings.map((meterReading) => {
    const channel = prepareChannel(meterReading, usagePoint.serviceCategory);
    const n = channel.times.length;
    if (n > 0) {
      first = Math.min(first, channel.times[0]!);
      last = Math.max(last, channel.times[n - 1]!);
    }
    return {
      channelId: meterReading.meterReadingId,
      obis: meterReading.readingType.obisCode,
      direction: channel.direction,
      unit: channel.unit,
      readings: n,
      period: channel.periodSeconds ?? 0,
    };
  });
  const contract: ContractSummary = {
    usagePointId: usagePoint.usagePointId,
    tariffName: usagePoint.tariffName,
    channels,
    first: Number.isFinite(first) ? formatBerlinIso(first) : '',
    last: Number.isFinite(last) ? formatBerlinIso(last) : '',
  };
  if (!Number.isFinite(first)) {
    contract.noData = {
      de: `Der Vertrag ${usagePoint.usagePointId} enthält keine Messwerte im gelesenen Zeitraum.`,
      en: `The contract ${usagePoint.usagePointId} has no readings in the range read.`,
    };
  }
  return contract;
}

/**
 * The engine's read-outs in the archive, so that they survive a restart: every opened file (its bytes as
 * they came) and every gateway read-out (each answer of the gateway byte for byte, the readings normalised)
 * is stored in one transaction together with its summary; after a restart the engine lists the read-outs
 * that were open and loads one only when it is used (a file from its original bytes, a gateway read-out
 * from the archived readings of its contracts and range). Closing a read-out keeps the archived history.
 */
import { createHash, randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { ProblemDto, ReadoutSummary } from '../api/dto';
import { Archive } from '../archive/archive';
import type { TrustAnchor } from '../crypto/chain/trust-anchors';
import { engineLog } from '../platform/engine-log';
import { loadGatewayDocument } from '../archive/query';
import { gatewayRowId, storeDocument } from '../archive/store-document';
import type { Ar2418Document } from '../model/types';
import { OriginalUnavailableError, type OriginalBytes } from '../platform/original-bytes';
import { openDocument } from './open-document';
import type { CurrentRegistersOutcome } from '../han/read-gateway';
import { decodeCurrentRegisters, encodeCurrentRegisters } from './archived-current-registers';

/** The name of the read-out row of a sync (gateway read-outs have no file name). */
const SYNCED = 'sync';

export interface GatewayResponse {
  method: string;
  path: string;
  status: number;
  contentType?: string;
  body: Uint8Array;
  receivedAt: number;
}

export interface ArchivedReadout {
  document: Ar2418Document;
  /** A file read-out's bytes as they came, in the archive (read when needed, not held in memory). */
  original?: OriginalBytes;
  problems: ProblemDto[];
  /** A gateway read-out's diagnostics session as JSON (credentials removed), when it was kept. */
  session?: string;
  /** A gateway read-out's current registers as reported at the visit (absent: archived before schema 4, or unreadable). */
  currentRegisters?: CurrentRegistersOutcome[];
}

export class ReadoutArchive {
  constructor(readonly archive: Archive) {}

  /** Opens the archive in `dir`; when it cannot be opened the engine goes on without it and says why on stderr. */
  static open(dir: string, warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): ReadoutArchive | undefined {
    try {
      return new ReadoutArchive(Archive.open(dir));
    } catch (error) {
      engineLog().warn('archive.unavailable', { dir, error: (error as Error).message });
      warn(`TRuDI engine: the archive in ${dir} cannot be used (${(error as Error).message}); read-outs will not be kept after this session.`);
      return undefined;
    }
  }

  newId(source: ReadoutSummary['source']): string {
    return `${source}-${randomBytes(5).toString('hex')}`;
  }

  /** Stores a file read-out with its bytes; returns the handle to the bytes in the archive. */
  saveFile(summary: ReadoutSummary, document: Ar2418Document, bytes: Uint8Array, name: string, problems: ProblemDto[]): OriginalBytes {
    const id = this.archive.transaction(() => {
      const stored = document.kind === 'device' ? storeDocument(this.archive, document, { demo: summary.demo }) : { gatewayIds: [] };
      const gatewayId = stored.gatewayIds.length === 1 ? stored.gatewayIds[0]! : undefined;
      const original = this.archive.addOriginal({ kind: 'file', name, bytes, ...(gatewayId === undefined ? {} : { gatewayId }) });
      this.insert(summary, { originalId: original, gatewayId, problems, name });
      return original;
    });
    return this.original(id, name);
  }

  /** The handle to an archived original (its size and SHA-256 from the archive; the bytes read when asked for). */
  private original(id: number, name: string): OriginalBytes {
    const row = this.archive.get('SELECT size, sha256 FROM originals WHERE id = ?', id);
    if (!row) throw new Error(`The archive holds no original with id ${id}.`);
    return new ArchivedOriginal(this.archive, id, name, Number(row.size), String(row.sha256));
  }

  /** `session`: the diagnostics session as JSON (credentials removed), kept so that it can be exported after a restart. */
  /** `alreadyStored`: the document was loaded from the archive (a sync stored it step by step): only the read-out is recorded. */
  /** `currentRegisters`: what the gateway reported as current registers at the visit (empty for a sync: not asked). */
  saveGateway(
    summary: ReadoutSummary,
    document: Ar2418Document,
    vendor: string,
    responses: GatewayResponse[],
    session?: string,
    alreadyStored = false,
    currentRegisters?: readonly CurrentRegistersOutcome[],
  ): void {
    this.archive.transaction(() => {
      const gatewayId = alreadyStored
        ? gatewayRowId(this.archive, document.usagePoints[0]?.smgw.smgwId ?? summary.gatewayId)
        : storeDocument(this.archive, document, { vendor, demo: summary.demo }).gatewayIds[0];
      for (const response of responses) {
        this.archive.addOriginal({
          kind: 'response',
          name: `${response.method} ${response.path} → ${response.status}`,
          bytes: response.body,
          receivedAt: response.receivedAt,
          ...(gatewayId === undefined ? {} : { gatewayId }),
          ...(response.contentType ? { contentType: response.contentType } : {}),
        });
      }
      let from = Infinity;
      let to = -Infinity;
      for (const up of document.usagePoints) {
        for (const mr of up.meterReadings) {
          for (const block of mr.intervalBlocks) {
            for (const r of block.readings) {
              if (r.captureTime < from) from = r.captureTime;
              if (r.captureTime > to) to = r.captureTime;
            }
          }
        }
      }
      this.insert(summary, {
        gatewayId,
        problems: [],
        vendor,
        // A sync's read-out (the whole archived history) is marked, so that the next sync replaces it.
        ...(alreadyStored ? { name: SYNCED } : {}),
        contracts: document.usagePoints.map((up) => up.tariffName),
        ...(Number.isFinite(from) ? { from, to } : {}),
        ...(session === undefined ? {} : { session }),
        ...(currentRegisters === undefined ? {} : { currentRegisters: encodeCurrentRegisters(currentRegisters) }),
      });
    });
  }

  private insert(
    summary: ReadoutSummary,
    extra: {
      originalId?: number;
      gatewayId?: number | undefined;
      problems: ProblemDto[];
      name?: string;
      vendor?: string;
      contracts?: string[];
      from?: number;
      to?: number;
      session?: string;
      currentRegisters?: string;
    },
  ): void {
    this.archive.run(
      `INSERT INTO readouts (id, source, name, demo, original_id, gateway_id, range_from, range_to, vendor, problems, opened_at, summary, contracts, session, current_registers)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      summary.readoutId,
      summary.source,
      extra.name ?? null,
      summary.demo ? 1 : 0,
      extra.originalId ?? null,
      extra.gatewayId ?? null,
      extra.from ?? null,
      extra.to ?? null,
      extra.vendor ?? null,
      JSON.stringify(extra.problems),
      Date.now(),
      JSON.stringify(summary),
      JSON.stringify(extra.contracts ?? []),
      // Level 1: a 24-month read's session (tens of MB of JSON) compresses in half the time of the default level, about 3 % larger.
      extra.session === undefined ? null : gzipSync(extra.session, { level: 1 }),
      extra.currentRegisters ?? null,
    );
  }

  /** The summaries of the read-outs that were open, oldest first. */
  openReadouts(): ReadoutSummary[] {
    return this.archive.all('SELECT summary FROM readouts WHERE closed_at IS NULL AND summary IS NOT NULL ORDER BY opened_at, rowid').map((row) => JSON.parse(String(row.summary)) as ReadoutSummary);
  }

  has(readoutId: string): boolean {
    return this.archive.get('SELECT 1 AS ok FROM readouts WHERE id = ? AND closed_at IS NULL', readoutId) !== undefined;
  }

  /** Loads an archived read-out again (a file from its original bytes, a gateway read-out from its readings). */
  load(readoutId: string): ArchivedReadout {
    const row = this.archive.get('SELECT r.*, g.smgw_id FROM readouts r LEFT JOIN gateways g ON g.id = r.gateway_id WHERE r.id = ? AND r.closed_at IS NULL', readoutId);
    if (!row) throw new Error(`The archive holds no open read-out "${readoutId}".`);
    const problems = JSON.parse(String(row.problems)) as ProblemDto[];
    if (row.original_id !== null) {
      const name = String(row.name ?? 'document.xml');
      const original = this.original(Number(row.original_id), name);
      // the bytes only for the parse: the read-out keeps the handle
      return { document: openDocument(original.read(), name).document, original, problems };
    }
    if (row.smgw_id === null) throw new Error(`The archived read-out "${readoutId}" names no gateway (it was deleted from the archive).`);
    const range: Parameters<typeof loadGatewayDocument>[2] = { tariffNames: JSON.parse(String(row.contracts)) as string[] };
    if (row.range_from !== null) range.from = Number(row.range_from);
    if (row.range_to !== null) range.to = Number(row.range_to);
    const loaded: ArchivedReadout = { document: loadGatewayDocument(this.archive, String(row.smgw_id), range), problems };
    if (row.session instanceof Uint8Array) loaded.session = gunzipSync(row.session).toString('utf8');
    if (typeof row.current_registers === 'string') {
      try {
        loaded.currentRegisters = decodeCurrentRegisters(row.current_registers, loaded.document);
      } catch (error) {
        // The read-out still opens; its registers view says the current registers were not kept.
        engineLog().warn('archive.currentRegistersUnreadable', { readoutId, error: (error as Error).message });
      }
    }
    return loaded;
  }

  /** Records a verification with the trust anchors it was computed under. */
  saveVerification(readoutId: string, gatewayId: string, summary: unknown, anchors: { label: string; origin: string; test: boolean; sha256: string }[]): void {
    this.archive.transaction(() => {
      this.archive.run(
        'INSERT INTO verifications (readout_id, gateway_id, verified_at, anchors, summary) VALUES ((SELECT id FROM readouts WHERE id = ?), ?, ?, ?, ?)',
        readoutId,
        gatewayRowId(this.archive, gatewayId) ?? null,
        Date.now(),
        JSON.stringify(anchors),
        JSON.stringify(summary),
      );
    });
  }

  /** The open read-outs of earlier syncs of a gateway (a new sync replaces them). */
  openSyncedReadouts(smgwId: string): string[] {
    return this.archive
      .all('SELECT r.id FROM readouts r JOIN gateways g ON g.id = r.gateway_id WHERE g.smgw_id = ? AND r.name = ? AND r.original_id IS NULL AND r.closed_at IS NULL', smgwId, SYNCED)
      .map((row) => String(row.id));
  }

  close(readoutId: string): void {
    this.archive.transaction(() => this.archive.run('UPDATE readouts SET closed_at = ? WHERE id = ? AND closed_at IS NULL', Date.now(), readoutId));
  }

  shutdown(): void {
    this.archive.close();
  }
}

/** An original kept in the archive: read from it when needed, checked against the SHA-256 stored with it. */
class ArchivedOriginal implements OriginalBytes {
  constructor(
    private readonly archive: Archive,
    private readonly id: number,
    private readonly name: string,
    readonly size: number,
    private readonly hash: string,
  ) {}

  sha256(): string {
    return this.hash;
  }

  read(): Uint8Array {
    const where = `archive ${this.archive.path} (original ${this.id}, ${this.name})`;
    let bytes: Uint8Array;
    try {
      bytes = this.archive.originalBytes(this.id);
    } catch (error) {
      throw new OriginalUnavailableError(where, 'missing', `The original bytes of ${this.name} are no longer in the ${where}: ${(error as Error).message} Open the file again.`);
    }
    if (bytes.length !== this.size || createHash('sha256').update(bytes).digest('hex') !== this.hash) {
      throw new OriginalUnavailableError(where, 'changed', `The original bytes of ${this.name} in the ${where} no longer match their stored SHA-256; run npx trudi archive check and open the file again.`);
    }
    return bytes;
  }
}

/** What the archive keeps of the trust anchors a verification was computed under: label, origin, TEST or not, SHA-256 of the DER. */
export function anchorRecords(anchors: readonly TrustAnchor[]): { label: string; origin: string; test: boolean; sha256: string }[] {
  return anchors.map((a) => ({ label: a.label, origin: a.origin, test: a.test, sha256: createHash('sha256').update(a.certificate.der).digest('hex') }));
}

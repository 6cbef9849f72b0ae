/**
 * Exports of the archive: a gateway's archived data as an AR 2418-6 device document (all of its history or a
 * range), and a copy of the whole database (`Archive.copyTo`). Files are created new: an existing file is
 * never overwritten.
 */
import { writeFileAtomic } from '../platform/atomic-write';
import { resolve } from 'node:path';
import { writeAr2418Bytes } from '../formats/ar2418/writer';
import type { Archive } from './archive';
import { loadGatewayDocument, type DocumentRange } from './query';

export interface ExportedGateway {
  file: string;
  bytes: number;
  readings: number;
}

export function exportGatewayXml(archive: Archive, smgwId: string, file: string, range: DocumentRange = {}): ExportedGateway {
  const document = loadGatewayDocument(archive, smgwId, range);
  const bytes = writeAr2418Bytes(document);
  const target = resolve(file);
  writeFileAtomic(target, bytes, { exclusive: true });
  const readings = document.usagePoints.reduce((n, up) => n + up.meterReadings.reduce((m, mr) => m + mr.intervalBlocks.reduce((k, b) => k + b.readings.length, 0), 0), 0);
  return { file: target, bytes: bytes.length, readings };
}

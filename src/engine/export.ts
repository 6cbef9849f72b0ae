/**
 * Exports of a read-out: the original XML byte for byte (written from the model only for generated data),
 * and the CSV layouts users know from TRuDI (value lists, log book).
 */
import type { ExportRequest, ExportedFile } from '../api/dto';
import { ApiError } from '../api/errors';
import { writeAr2418Bytes } from '../formats/ar2418/writer';
import { logCsv } from '../formats/csv/log-csv';
import { readingsCsv } from '../formats/csv/readings-csv';
import type { LoadedReadout } from './readouts';

export function exportReadout(readout: LoadedReadout, format: ExportRequest['format']): ExportedFile {
  const base = (readout.summary.fileName ?? `${readout.summary.gatewayId || 'readout'}.xml`).replace(/\.xml$/i, '');
  const usagePoints = readout.document.usagePoints;
  switch (format) {
    case 'xml': {
      const bytes = readout.original ? readout.original.read() : writeAr2418Bytes(readout.document);
      return file(`${base}.xml`, 'application/xml', bytes);
    }
    case 'csv-readings':
      return file(`${base}_Messwerte.csv`, 'text/csv; charset=utf-8', Buffer.from(readingsCsv(usagePoints.flatMap((u) => u.meterReadings)), 'utf8'));
    case 'csv-log':
      return file(`${base}_Logbuch.csv`, 'text/csv; charset=utf-8', Buffer.from(logCsv(usagePoints.flatMap((u) => u.logEntries)), 'utf8'));
    case 'gateway-session': {
      if (!readout.gatewaySession) {
        throw ApiError.localized('BAD_REQUEST', 'Nur Ablesungen über die HAN-Schnittstelle haben eine Gateway-Sitzung.', 'Only read-outs over the HAN port have a gateway session.');
      }
      return file(`${base}_Gateway-Sitzung.json`, 'application/json', Buffer.from(readout.gatewaySession.toJson({ readout: readout.summary.readoutId }), 'utf8'));
    }
    default:
      throw new ApiError('BAD_REQUEST', `Unknown export format "${String(format)}"; use xml, csv-readings, csv-log or gateway-session.`);
  }
}

function file(fileName: string, mimeType: string, bytes: Uint8Array): ExportedFile {
  return { fileName, mimeType, contentBase64: Buffer.from(bytes).toString('base64') };
}

/** Exports of a read-out: the original XML byte for byte (or written from the model for generated data). */
import type { ExportRequest, ExportedFile } from '../api/dto';
import { ApiError } from '../api/errors';
import { writeAr2418Bytes } from '../formats/ar2418/writer';
import type { LoadedReadout } from './readouts';

export function exportReadout(readout: LoadedReadout, format: ExportRequest['format']): ExportedFile {
  const base = (readout.summary.fileName ?? `${readout.summary.gatewayId || 'readout'}.xml`).replace(/\.xml$/i, '');
  switch (format) {
    case 'xml': {
      const bytes = readout.original ?? writeAr2418Bytes(readout.document);
      return { fileName: `${base}.xml`, mimeType: 'application/xml', contentBase64: Buffer.from(bytes).toString('base64') };
    }
    default:
      throw new ApiError('BAD_REQUEST', `Unknown export format "${String(format)}"; use xml, csv-readings or csv-log.`);
  }
}

/** Reads device and supplier files for the analysis commands, turning reader problems into one clear error. */
import { readReadoutFile } from '../formats/readout';
import type { Ar2418Document } from '../model/types';
import type { Problem } from '../model/problems';
import type { OriginalBytes } from '../platform/original-bytes';
import { AnalysisError } from './errors';

export interface LoadedDocument {
  document: Ar2418Document;
  /** The file exactly as read (a handle: read when attached or compared, not kept in the heap). */
  original: OriginalBytes;
  /** Reader findings that did not prevent reading (shown as warnings). */
  problems: Problem[];
}

export async function readDocumentFile(path: string, role: 'device' | 'supplier'): Promise<LoadedDocument> {
  const result = await readReadoutFile(path);
  if (!result.document) {
    const first = result.problems.find((p) => p.severity === 'error') ?? result.problems[0];
    const roleDe = role === 'device' ? 'Gerätedatei' : 'Lieferantendatei';
    const roleEn = role === 'device' ? 'device file' : 'supplier file';
    throw new AnalysisError(
      result.problems.some((p) => p.code.startsWith('io.')) ? 'UNREADABLE_FILE' : 'INVALID_DOCUMENT',
      `Die ${roleDe} ${path} ist keine lesbare AR-2418-6-Datei: ${first?.de ?? 'unbekannter Fehler'}`,
      `The ${roleEn} ${path} is not a readable AR 2418-6 file: ${first?.en ?? 'unknown error'}`,
    );
  }
  return { document: result.document, original: result.original, problems: result.problems };
}

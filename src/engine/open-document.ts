/** Reads and validates an AR 2418-6 document the user opened; a document that cannot be read at all is an error. */
import type { ProblemDto } from '../api/dto';
import { ApiError } from '../api/errors';
import { validateReadout } from '../formats/readout';
import type { Ar2418Document } from '../model/types';

export interface OpenedDocument {
  document: Ar2418Document;
  problems: ProblemDto[];
}

export function openDocument(bytes: Uint8Array, name: string): OpenedDocument {
  const result = validateReadout(bytes);
  if (!result.document) {
    const first = result.problems.find((p) => p.severity === 'error') ?? result.problems[0];
    const where = first?.location ? ` (${name}:${first.location.line}:${first.location.column} ${first.location.path})` : '';
    throw ApiError.localized(
      'UNREADABLE_FILE',
      `„${name}“ lässt sich nicht als AR-2418-6-Dokument lesen: ${first?.de ?? 'kein AR-2418-6-Inhalt gefunden'}${where}. Prüfen Sie, ob Sie die XML-Datei gewählt haben, die das Gateway oder TRuDI exportiert hat.`,
      `"${name}" cannot be read as an AR 2418-6 document: ${first?.en ?? 'no AR 2418-6 content found'}${where}. Check that you chose the XML file exported from the gateway or by TRuDI.`,
    );
  }
  return { document: result.document, problems: result.problems };
}

/** A supplier tariff file (AnalysisProfile) for the bill check and the report; anything else is a clear error. */
export function openSupplierDocument(bytes: Uint8Array, name: string): OpenedDocument {
  const opened = openDocument(bytes, name);
  if (opened.document.kind !== 'supplier') {
    throw ApiError.localized(
      'NOT_A_SUPPLIER_FILE',
      `„${name}“ ist keine Tarifdatei des Lieferanten (kein AnalysisProfile). Wählen Sie die Datei, die Ihr Lieferant geschickt hat.`,
      `"${name}" is not a supplier tariff file (it has no AnalysisProfile). Choose the tariff file your supplier sent.`,
    );
  }
  return opened;
}

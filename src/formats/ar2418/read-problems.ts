/** The reader's own problems (not the document's): the file cannot be read, is too large, or the reader failed. */
import { problem, type Problem, type SourceLocation } from '../../model/problems';

export function ioProblem(path: string, error: unknown): Problem {
  const reason = error instanceof Error ? error.message : String(error);
  return problem(
    'io.read',
    'error',
    `Die Datei ${path} konnte nicht gelesen werden (${reason}). Bitte Pfad und Zugriffsrechte prüfen.`,
    `The file ${path} could not be read (${reason}). Check the path and the permissions.`,
  );
}

export function sizeProblem(size: number, max: number): Problem {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return problem(
    'limit.size',
    'error',
    `Die Datei ist zu groß (${mb(size)}, erlaubt sind ${mb(max)}). Eine AR-2418-6-Datei über 3 Jahre ist deutlich kleiner; bitte die richtige Datei wählen.`,
    `The file is too large (${mb(size)}, the limit is ${mb(max)}). An AR 2418-6 file covering 3 years is much smaller; please choose the right file.`,
  );
}

export function internalProblem(error: unknown, location: SourceLocation): Problem {
  const reason = error instanceof Error ? error.message : String(error);
  return problem(
    'internal.read',
    'error',
    `Interner Fehler beim Lesen (${reason}). Bitte die Datei mit dieser Meldung an die Entwickler senden.`,
    `Internal error while reading (${reason}). Please send the file with this message to the developers.`,
    location,
  );
}

export function changedProblem(path: string): Problem {
  return problem(
    'io.changed',
    'error',
    `Die Datei ${path} hat sich geändert, während sie gelesen wurde. Bitte warten, bis sie vollständig gespeichert ist, und erneut öffnen.`,
    `The file ${path} changed while it was read. Wait until it is completely saved, then open it again.`,
  );
}

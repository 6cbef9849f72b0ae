/**
 * What the streaming AR 2418-6 reader reports and where: the interface its parts report through, and the
 * fatal problems that end a read (encoding, XML, limits, root), each naming the cause and the next step.
 */
import { problem, type Problem, type Severity, type SourceLocation } from '../../model/problems';
import { NS_AR } from './schema';

/** Where the parts of the reader report problems (the reader knows the element being read). */
export interface ReportSink {
  /** A problem at `location`, by default the element being read. */
  report(code: string, severity: Severity, de: string, en: string, location?: SourceLocation): void;
  /** Reports a problem only the first time its code occurs (vendor quirks repeat on every reading). */
  reportOnce(code: string, severity: Severity, de: string, en: string): void;
  /** Where the open element at `depth` starts. */
  locationAt(depth: number): SourceLocation;
}

/** Start line, column and position among equal siblings of each open element, by depth (root at 1). */
export interface ElementStarts {
  readonly lines: readonly number[];
  readonly columns: readonly number[];
  readonly ordinals: readonly number[];
}

/** Bytes that are no characters of the file's encoding (also a multi-byte character cut off at the end). */
export function encodingProblem(location: SourceLocation): Problem {
  return problem(
    'xml.encoding',
    'error',
    'Die Datei enthält Bytes, die in der angegebenen Zeichenkodierung (UTF-8) ungültig sind. Die Datei ist beschädigt oder keine AR-2418-6-Datei.',
    'The file contains bytes that are invalid in its declared character encoding (UTF-8). The file is damaged or not an AR 2418-6 file.',
    location,
  );
}

export function noDocumentProblem(): Problem {
  return problem('xml.empty', 'error', 'Die Datei enthält kein XML-Dokument.', 'The file contains no XML document.');
}

export function textTooLongProblem(maxTextLength: number, location: SourceLocation): Problem {
  return problem(
    'limit.text',
    'error',
    `Der Inhalt eines Elements ist länger als ${maxTextLength} Zeichen; die Datei wird nicht weiter gelesen.`,
    `The content of an element is longer than ${maxTextLength} characters; the file is not read further.`,
    location,
  );
}

export function doctypeProblem(location: SourceLocation): Problem {
  return problem(
    'xml.doctype',
    'error',
    'Die Datei enthält eine DOCTYPE-Deklaration. Das ist in AR-2418-6-Dateien nicht erlaubt und wird aus Sicherheitsgründen abgelehnt (keine Entitäten, kein Nachladen).',
    'The file contains a DOCTYPE declaration. AR 2418-6 files have none; it is rejected for safety (no entity expansion, no external fetch).',
    location,
  );
}

/** A saxes error as a problem: no document, cut off, or not well-formed. */
export function xmlErrorProblem(error: Error, location: SourceLocation): Problem {
  // saxes prefixes its messages with "line:column: "
  const detail = error.message.replace(/^[^:]*:?\d+:\d+: /, '');
  const truncated = /unclosed|unexpected end/i.test(detail);
  if (/must contain a root element/.test(detail)) return noDocumentProblem();
  return problem(
    truncated ? 'xml.truncated' : 'xml.malformed',
    'error',
    truncated
      ? `Die Datei endet vorzeitig (${detail}). Sie ist vermutlich unvollständig übertragen oder abgeschnitten; bitte erneut auslesen oder speichern.`
      : `Die Datei ist kein wohlgeformtes XML (${detail}). Bitte die Originaldatei verwenden.`,
    truncated
      ? `The file ends prematurely (${detail}). It was probably cut off; please read it out or save it again.`
      : `The file is not well-formed XML (${detail}). Please use the original file.`,
    location,
  );
}

export function namespacePrefixProblem(prefix: string, location: SourceLocation): Problem {
  return problem('xml.namespace-prefix', 'error', `Der Namensraum-Präfix "${prefix}" ist nicht deklariert.`, `The namespace prefix "${prefix}" is not declared.`, location);
}

export function depthProblem(maxDepth: number, location: SourceLocation): Problem {
  return problem(
    'limit.depth',
    'error',
    `Die Elemente sind tiefer als ${maxDepth} Ebenen verschachtelt; das kommt in AR-2418-6-Dateien nicht vor.`,
    `Elements are nested deeper than ${maxDepth} levels; AR 2418-6 files never are.`,
    location,
  );
}

export function elementCountProblem(maxElements: number, location: SourceLocation): Problem {
  return problem(
    'limit.elements',
    'error',
    `Die Datei enthält mehr als ${maxElements} Elemente; sie wird nicht weiter gelesen.`,
    `The file contains more than ${maxElements} elements; it is not read further.`,
    location,
  );
}

/** The root element is not AR 2418-6's UsagePoints (or is, in another namespace). */
export function rootProblem(qname: string, location: SourceLocation): Problem {
  const wrongNamespace = qname.slice(qname.indexOf(':') + 1) === 'UsagePoints';
  return problem(
    wrongNamespace ? 'schema.namespace' : 'schema.root',
    'error',
    wrongNamespace
      ? `Das Wurzelelement "UsagePoints" steht nicht im Namensraum ${NS_AR}. Die Datei ist keine AR-2418-6-Datei oder wurde verändert.`
      : `Das Wurzelelement ist "${qname}", erwartet wird "UsagePoints". Die Datei ist keine AR-2418-6-Datei.`,
    wrongNamespace
      ? `The root element "UsagePoints" is not in the namespace ${NS_AR}. The file is not an AR 2418-6 file or was altered.`
      : `The root element is "${qname}", expected "UsagePoints". The file is not an AR 2418-6 file.`,
    location,
  );
}

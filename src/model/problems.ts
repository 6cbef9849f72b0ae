/**
 * Findings about a document (reading, validation), each with a stable code, a German and an English
 * message and, where it has one, the place in the file.
 */

export type Severity = 'error' | 'warning' | 'info';

export interface SourceLocation {
  /** 1-based line of the element's start tag. */
  line: number;
  /** 1-based column of the element's start tag. */
  column: number;
  /** Element path with 1-based indexes, e.g. `/UsagePoints/UsagePoint[1]/MeterReading[2]/IntervalBlock[1]`. */
  path: string;
}

export interface Problem {
  /** Stable code, e.g. `xml.doctype`, `schema.order`, `model.missing-status`. */
  code: string;
  severity: Severity;
  de: string;
  en: string;
  location?: SourceLocation;
}

export function problem(code: string, severity: Severity, de: string, en: string, location?: SourceLocation): Problem {
  return location ? { code, severity, de, en, location } : { code, severity, de, en };
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** One line: `FILE:LINE:COLUMN PATH error [code] Deutsch / English`. */
export function formatProblem(p: Problem, file?: string, lang: 'de' | 'en' | 'both' = 'both'): string {
  const where = p.location ? `${file ? `${file}:` : ''}${p.location.line}:${p.location.column} ${p.location.path}` : (file ?? '');
  const text = lang === 'de' ? p.de : lang === 'en' ? p.en : `${p.de} / ${p.en}`;
  return `${where ? `${where} ` : ''}${p.severity} [${p.code}] ${text}`;
}

/** Semicolon CSV as German spreadsheet programs expect it (UTF-8 with BOM, CRLF line ends). */

export const BOM = '\uFEFF';
export const CSV_LINE_END = '\r\n';

/** A cell a spreadsheet would run as a formula (OWASP "CSV injection"): log texts and ids come from the gateway. */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(?:[.,]\d+)?$/;

export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  // a leading apostrophe makes Excel and LibreOffice show the text as text; signed numbers stay numbers
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[;"\r\n\t]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(fields: readonly (string | number | undefined)[], trailingSeparator = false): string {
  return fields.map(csvField).join(';') + (trailingSeparator ? ';' : '') + CSV_LINE_END;
}

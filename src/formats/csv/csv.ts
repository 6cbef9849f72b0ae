/** Semicolon CSV as German spreadsheet programs expect it (UTF-8 with BOM, CRLF line ends). */

export const BOM = '\uFEFF';
export const CSV_LINE_END = '\r\n';

export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(fields: readonly (string | number | undefined)[], trailingSeparator = false): string {
  return fields.map(csvField).join(';') + (trailingSeparator ? ';' : '') + CSV_LINE_END;
}

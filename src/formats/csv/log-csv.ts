/** Log export `Nr;Zeitstempel;Level;Outcome;Meldungstext` (UTF-8 with BOM, `;`), the layout TRuDI used. */
import type { LogEntry } from '../../model/types';
import { BOM, csvLine } from './csv';
import { germanDateTime } from './german-time';

export const LOG_LEVELS: Record<number, string> = { 1: 'INFO', 2: 'WARNING', 3: 'ERROR', 4: 'FATAL', 5: 'EXTENSION' };
export const LOG_OUTCOMES: Record<number, string> = { 0: 'SUCCESS', 1: 'FAILURE', 2: 'EXTENSION' };

export function logCsv(entries: readonly LogEntry[]): string {
  const lines = [BOM + csvLine(['Nr', 'Zeitstempel', 'Level', 'Outcome', 'Meldungstext'])];
  for (const e of entries) {
    lines.push(
      csvLine([
        e.recordNumber,
        e.timestamp === undefined ? '' : germanDateTime(e.timestamp),
        e.level === undefined ? '' : (LOG_LEVELS[e.level] ?? String(e.level)),
        e.outcome === undefined ? '' : (LOG_OUTCOMES[e.outcome] ?? String(e.outcome)),
        e.text ?? '',
      ]),
    );
  }
  return lines.join('');
}

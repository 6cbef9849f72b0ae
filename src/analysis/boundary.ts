/**
 * Energy between two boundary instants as reading(end) − reading(start) at exact target times. A missing or
 * unusable boundary reading makes the period incomplete with the reason; nothing is interpolated.
 */
import { formatBerlinIso } from '../model/time/berlin';
import { indexAt, isUsableStatus, type Channel } from './channel';

export interface IncompleteReason {
  code: 'missing-reading' | 'unusable-reading' | 'no-channel' | 'no-usable-readings' | 'partial-window';
  /** The boundary instant concerned (ISO 8601 with Berlin offset), when there is one. */
  at?: string;
  de: string;
  en: string;
}

const PTB_NAMES_DE = ['ok', 'Warnung', 'temporärer Fehler', 'kritischer Fehler', 'fataler Fehler'];
const PTB_NAMES_EN = ['ok', 'warning', 'temporary error', 'critical error', 'fatal error'];

export function missingReading(t: number): IncompleteReason {
  const at = formatBerlinIso(t);
  return {
    code: 'missing-reading',
    at,
    de: `Kein Messwert zum Zeitpunkt ${at} vorhanden.`,
    en: `No reading at ${at}.`,
  };
}

export function unusableReading(t: number, ptb: number): IncompleteReason {
  const at = formatBerlinIso(t);
  return {
    code: 'unusable-reading',
    at,
    de: `Der Messwert zum Zeitpunkt ${at} ist nicht verwendbar (PTB-Status ${ptb}: ${PTB_NAMES_DE[ptb] ?? '?'}).`,
    en: `The reading at ${at} is not usable (PTB status ${ptb}: ${PTB_NAMES_EN[ptb] ?? '?'}).`,
  };
}

export type BoundaryAmount = { raw: number; reasons?: undefined } | { raw: null; reasons: IncompleteReason[] };

/** Checks one boundary: its index when usable, else the reason. */
function boundaryIndex(channel: Channel, t: number): number | IncompleteReason {
  const i = indexAt(channel, t);
  if (i < 0) return missingReading(t);
  const ptb = channel.status[i]!;
  return isUsableStatus(ptb) ? i : unusableReading(t, ptb);
}

/** Raw register difference between the readings at `start` and `end`, or the reasons it cannot be given. */
export function amountBetween(channel: Channel, start: number, end: number): BoundaryAmount {
  const a = boundaryIndex(channel, start);
  const b = boundaryIndex(channel, end);
  if (typeof a === 'number' && typeof b === 'number') return { raw: channel.values[b]! - channel.values[a]! };
  const reasons: IncompleteReason[] = [];
  if (typeof a !== 'number') reasons.push(a);
  if (typeof b !== 'number') reasons.push(b);
  return { raw: null, reasons };
}

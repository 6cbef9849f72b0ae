/**
 * Time handling shared by the vendor adapters: instants with offset as the JSON and XML protocols send
 * them, second-exact UTC text for requests, and Berlin wall-clock times without offset (PPC's HTML) turned
 * into instants across the DST changes.
 */
import { berlinOffsetMinutes, berlinParts, berlinTime } from '../../../model/time/berlin';
import { ProtocolError } from '../../errors';
import { parseTime, TimeParseError } from '../../../model/time/parse-time';

/** An ISO 8601 instant with `Z` or an offset; anything else is a protocol error naming the field. */
export function parseInstant(value: unknown, what: string): number {
  try {
    return parseTime(value, { field: what, zoneless: false, dateOnly: false });
  } catch (error) {
    if (error instanceof TimeParseError) throw new ProtocolError(`${what}: "${String(value)}" is not a time with offset: ${error.reasonEn}`);
    throw error;
  }
}

/** `2025-10-26T23:00:01Z` (whole seconds, UTC). */
export function isoUtc(t: number): string {
  return new Date(Math.floor(t / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** `YYYY-MM-DD HH:MM:SS` in Berlin wall-clock time (how PPC's forms take times). */
export function berlinWallText(t: number): string {
  const p = berlinParts(t);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
}

/**
 * The instants a Berlin wall-clock text without offset can mean: one, two in the repeated autumn hour
 * (CEST first), none in the skipped spring hour. Accepts `YYYY-MM-DD HH:MM[:SS]` and `DD.MM.YYYY HH:MM[:SS]`.
 */
export function berlinWallCandidates(text: string): number[] | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  const german = /^(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  const parts = iso ? [iso[1], iso[2], iso[3], iso[4], iso[5], iso[6]] : german ? [german[3], german[2], german[1], german[4], german[5], german[6]] : undefined;
  if (!parts) return undefined;
  const [year, month, day, hour, minute, second] = parts.map((p) => Number(p ?? 0)) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const out: number[] = [];
  for (const offset of [120, 60]) {
    const t = wall - offset * 60_000;
    if (berlinOffsetMinutes(t) === offset) out.push(t);
  }
  return out;
}

/**
 * Instants for a series of Berlin wall-clock texts listed newest first (as PPC tables are): each text takes
 * the candidate that keeps the series strictly falling, so the repeated autumn hour resolves to CET for the
 * newer and CEST for the older occurrence. Returns the index of the first text that fits no candidate.
 */
export function resolveBerlinNewestFirst(texts: readonly string[], upperBound = Infinity): { instants: number[] } | { badIndex: number; reason: string } {
  const instants: number[] = new Array<number>(texts.length);
  // The instant the newest text cannot exceed (the end of the requested range, or the previous page's last row).
  let later = upperBound;
  for (let i = 0; i < texts.length; i++) {
    const candidates = berlinWallCandidates(texts[i]!);
    if (!candidates) return { badIndex: i, reason: `"${texts[i]}" is not a date and time` };
    if (candidates.length === 0) return { badIndex: i, reason: `"${texts[i]}" lies in the hour skipped at the change to summer time` };
    // Largest candidate below the newer neighbour (equal times occur for the two rows of a register pair).
    const fitting = candidates.filter((c) => c <= later).sort((a, b) => b - a)[0];
    if (fitting === undefined) return { badIndex: i, reason: `"${texts[i]}" is newer than the row before it (the list must be newest first)` };
    instants[i] = fitting;
    later = fitting;
  }
  return { instants };
}

/** Berlin midnight of the calendar day `days` after the one containing `t`. */
export function berlinMidnightAfter(t: number, days = 1): number {
  const p = berlinParts(t);
  return berlinTime(p.year, p.month, p.day + days);
}

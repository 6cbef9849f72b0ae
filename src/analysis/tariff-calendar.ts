/**
 * The supplier's tariff calendar (AnalysisProfile) as instants: for each calendar day of the billing period
 * the day profile's 96 wall-clock slots mapped to Europe/Berlin instants and merged into tariff segments.
 * Spring day: the skipped hour's slots coincide with the following ones (the later slot wins).
 * Autumn day: wall times of the repeated hour map to their first occurrence, so the last slot before 03:00
 * also covers the repeated hour.
 *
 * TRuDI 1.0 quirk, reproduced: when a day's last switch point is 23:45, TRuDI books 23:45–24:00 to the tariff
 * valid BEFORE 23:45. `tariffDays` gives the TRuDI-identical segments and keeps the literal last segment in
 * `literalLastSlot`, so the bill check can state the difference (taf2.ts, `taf2.trudi-last-quarter-hour`).
 */
import type { AnalysisProfile, DayProfile, TariffStage } from '../model/types';
import { berlinTime, nextBerlinDay } from '../model/time/berlin';
import { obisFields } from './model-access';

export interface TariffSegment {
  /** Start instant (epoch ms). */
  start: number;
  tariffNumber: number;
}

export interface TariffDay {
  year: number;
  month: number;
  day: number;
  dayId: number;
  /** Day start and end (epoch ms): 23, 24 or 25 hours apart. */
  start: number;
  end: number;
  /** Segments in order; the first starts at `start`, each lasts until the next one's start (the last until `end`). */
  segments: TariffSegment[];
  /**
   * Set when the day profile switches at 23:45: the literal reading of the file (tariff from 23:45 to `end`)
   * that `segments` (TRuDI-identical) do not follow.
   */
  literalLastSlot?: TariffSegment;
}

/** OBIS C of a tariff stage (1 import, 2 export), or undefined when the code cannot be read. */
export function stageRegisterC(stage: TariffStage): number | undefined {
  return obisFields(stage.obisCode)?.c;
}

/** Day profiles whose every tariff number belongs to a stage with the given OBIS C. */
export function validDayProfileIds(profile: AnalysisProfile, registerC: number): Set<number> {
  const numbers = new Set(profile.tariffStages.filter((s) => stageRegisterC(s) === registerC).map((s) => s.tariffNumber));
  const ids = new Set<number>();
  for (const day of profile.dayProfiles) {
    if (day.dayTimeProfiles.length > 0 && day.dayTimeProfiles.every((p) => numbers.has(p.tariffNumber))) ids.add(day.dayId);
  }
  return ids;
}

interface SegmentTemplate {
  /** Minutes after midnight (wall clock) where the tariff changes; the first is 0. */
  minutes: number[];
  tariffs: number[];
}

const templates = new WeakMap<DayProfile, SegmentTemplate>();

/** Merged wall-clock segments of a day profile (cached per profile object). */
function segmentTemplate(dayProfile: DayProfile): SegmentTemplate {
  let template = templates.get(dayProfile);
  if (!template) {
    const slots = [...dayProfile.dayTimeProfiles].sort((a, b) => a.startHour * 60 + a.startMinute - (b.startHour * 60 + b.startMinute));
    template = { minutes: [], tariffs: [] };
    for (const slot of slots) {
      const minute = slot.startHour * 60 + slot.startMinute;
      if (minute >= 24 * 60) continue;
      const last = template.tariffs.length - 1;
      if (last >= 0 && template.minutes[last] === minute) {
        template.tariffs[last] = slot.tariffNumber;
        continue;
      }
      if (last >= 0 && template.tariffs[last] === slot.tariffNumber) continue;
      template.minutes.push(template.minutes.length === 0 ? 0 : minute);
      template.tariffs.push(slot.tariffNumber);
    }
    templates.set(dayProfile, template);
  }
  return template;
}

/** Tariff segments of one day profile on one calendar date. */
export function daySegments(dayProfile: DayProfile, year: number, month: number, day: number, start = berlinTime(year, month, day), end = nextBerlinDay(start)): TariffSegment[] {
  if (end - start === 86_400_000) {
    // An ordinary day: wall-clock minutes are plain offsets from midnight.
    const { minutes, tariffs } = segmentTemplate(dayProfile);
    const segments: TariffSegment[] = new Array(minutes.length);
    for (let i = 0; i < minutes.length; i++) segments[i] = { start: start + minutes[i]! * 60_000, tariffNumber: tariffs[i]! };
    return segments;
  }
  // DST days: map every wall-clock slot to its instant; in the skipped hour the later slot wins.
  const slots = [...dayProfile.dayTimeProfiles].sort((a, b) => a.startHour * 60 + a.startMinute - (b.startHour * 60 + b.startMinute));
  const byInstant = new Map<number, number>();
  for (const slot of slots) byInstant.set(berlinTime(year, month, day, slot.startHour, slot.startMinute), slot.tariffNumber);
  const instants = [...byInstant.keys()].sort((a, b) => a - b);
  const segments: TariffSegment[] = [];
  for (const t of instants) {
    if (t >= end) continue;
    const tariffNumber = byInstant.get(t)!;
    if (segments.length > 0 && segments[segments.length - 1]!.tariffNumber === tariffNumber) continue;
    segments.push({ start: segments.length === 0 ? start : t, tariffNumber });
  }
  return segments;
}

/**
 * Start and end instants of each SpecialDayProfile's date (parallel to `profile.specialDayProfiles`).
 * Computed once per recomputation and shared by the calendar check and the calendars of import and export;
 * calendars list each date once per day profile, so a repeated date is looked up, not computed again.
 */
export interface CalendarDates {
  start: Float64Array;
  end: Float64Array;
}

export function calendarDates(profile: AnalysisProfile): CalendarDates {
  const specials = profile.specialDayProfiles;
  const start = new Float64Array(specials.length);
  const end = new Float64Array(specials.length);
  const byDate = new Map<number, number>();
  for (let i = 0; i < specials.length; i++) {
    const s = specials[i]!;
    // A key only for plain dates: an out-of-range month or day (which berlinTime carries over) is computed.
    const plain = Number.isInteger(s.year) && s.month >= 1 && s.month <= 12 && s.day >= 1 && s.day <= 31;
    const key = (s.year * 13 + s.month) * 32 + s.day;
    const seen = plain ? byDate.get(key) : undefined;
    if (seen !== undefined) {
      start[i] = start[seen]!;
      end[i] = end[seen]!;
      continue;
    }
    if (plain) byDate.set(key, i);
    start[i] = berlinTime(s.year, s.month, s.day);
    end[i] = nextBerlinDay(start[i]!);
  }
  return { start, end };
}

/**
 * The calendar days, in date order, whose SpecialDayProfile refers to a day profile in `validIds`
 * (the first such entry of a date counts). Days are not clipped to the billing period.
 */
export function tariffDays(profile: AnalysisProfile, validIds: Set<number>, dates: CalendarDates = calendarDates(profile)): TariffDay[] {
  const dayProfiles = new Map(profile.dayProfiles.map((d) => [d.dayId, d]));
  // Calendars usually list their dates in ascending order: a later date cannot have been seen, so the set
  // of seen dates is only built once a date comes out of order.
  let seen: Set<number> | undefined;
  let latest = -Infinity;
  const days: TariffDay[] = [];
  const specials = profile.specialDayProfiles;
  for (let i = 0; i < specials.length; i++) {
    const special = specials[i]!;
    if (!validIds.has(special.dayId)) continue;
    const dayProfile = dayProfiles.get(special.dayId);
    if (!dayProfile) continue;
    const start = dates.start[i]!;
    if (start > latest && !seen) latest = start;
    else {
      seen ??= new Set(days.map((d) => d.start));
      if (seen.has(start)) continue;
      seen.add(start);
    }
    const end = dates.end[i]!;
    const segments = daySegments(dayProfile, special.year, special.month, special.day, start, end);
    const day: TariffDay = { year: special.year, month: special.month, day: special.day, dayId: special.dayId, start, end, segments };
    const last = segments[segments.length - 1];
    // 23:45 wall time: 15 minutes before the end on every day (DST changes happen at 02:00/03:00).
    if (segments.length > 1 && last!.start === end - 15 * 60_000) {
      // TRuDI 1.0: the quarter hour 23:45–24:00 stays with the tariff valid before 23:45.
      day.segments = segments.slice(0, -1);
      day.literalLastSlot = last;
    }
    days.push(day);
  }
  return days.sort((a, b) => a.start - b.start);
}

/** The same days read literally: the tariff from a 23:45 switch point applies until midnight. */
export function literalDays(days: readonly TariffDay[]): TariffDay[] {
  return days.map((d) => (d.literalLastSlot ? { ...d, segments: [...d.segments, d.literalLastSlot] } : d));
}

/**
 * Property: `tariffDays` (which skips the set of seen dates while the calendar ascends) gives what the
 * plain definition gives: per date the first SpecialDayProfile entry whose day profile is valid, in date
 * order. Random calendars: dates around both DST changes and a year end, shuffled, repeated with other
 * day ids, ids without a day profile or outside the valid set.
 * And `calendarDates` (each date computed once, repeats looked up) gives every entry's Berlin day start and
 * end, for dates written plainly and with a carried-over day (28 March + n).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AnalysisProfile } from '../model/types';
import { berlinParts, berlinTime, nextBerlinDay } from '../model/time/berlin';
import { calendarDates, tariffDays } from './tariff-calendar';
import { twoTariffDay } from './testing/fixtures';

const DAY_PROFILES: AnalysisProfile['dayProfiles'] = [1, 2, 3].map((dayId) => ({
  dayId,
  dayTimeProfiles: twoTariffDay(1, 2, dayId + 3, 20 + dayId).map((tariffNumber, slot) => ({ startHour: Math.floor(slot / 4), startMinute: (slot % 4) * 15, tariffNumber })),
}));

/** The plain definition: a set of every date seen. */
function reference(profile: AnalysisProfile, validIds: Set<number>): { start: number; dayId: number }[] {
  const seen = new Set<number>();
  const days: { start: number; dayId: number }[] = [];
  for (const special of profile.specialDayProfiles) {
    if (!validIds.has(special.dayId) || !profile.dayProfiles.some((d) => d.dayId === special.dayId)) continue;
    const start = berlinTime(special.year, special.month, special.day);
    if (seen.has(start)) continue;
    seen.add(start);
    days.push({ start, dayId: special.dayId });
  }
  return days.sort((a, b) => a.start - b.start);
}

// Days from 2024-03-28 on (2024-03-31 and 2024-10-27 change the clock), a few ending in the next year.
const entryArb = fc.record({ offset: fc.integer({ min: 0, max: 290 }), dayId: fc.integer({ min: 0, max: 4 }) });
const calendarArb = fc.record({
  entries: fc.array(entryArb, { maxLength: 40 }),
  ascending: fc.boolean(),
  valid: fc.subarray([0, 1, 2, 3, 4], { minLength: 1 }),
});

describe('tariff calendar days', () => {
  it('equal the first valid entry of each date, in date order', () => {
    fc.assert(
      fc.property(calendarArb, ({ entries, ascending, valid }) => {
        const rows = ascending ? [...entries].sort((a, b) => a.offset - b.offset) : entries;
        const profile: AnalysisProfile = {
          tariffUseCase: 2,
          tariffId: 'tariff-1',
          billingPeriod: { start: berlinTime(2024, 3, 28), duration: 300 * 86400 },
          tariffStages: [
            { tariffNumber: 1, obisCode: '0100010801ff' },
            { tariffNumber: 2, obisCode: '0100010802ff' },
          ],
          defaultTariffNumber: 1,
          dayProfiles: DAY_PROFILES,
          specialDayProfiles: rows.map((r) => ({ year: 2024, month: 3, day: 28 + r.offset, dayId: r.dayId })),
        };
        const validIds = new Set(valid);
        const days = tariffDays(profile, validIds);
        expect(days.map((d) => ({ start: d.start, dayId: d.dayId }))).toEqual(reference(profile, validIds));
      }),
      { numRuns: 300, seed: 2418 },
    );
  });

  it('calendar dates: the day start and end of every entry, repeated and carried-over dates alike', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ offset: fc.integer({ min: 0, max: 290 }), plain: fc.boolean() }), { maxLength: 40 }), (entries) => {
        const specialDayProfiles = entries.map(({ offset, plain }) => {
          if (!plain) return { year: 2024, month: 3, day: 28 + offset, dayId: 1 };
          const p = berlinParts(berlinTime(2024, 3, 28 + offset));
          return { year: p.year, month: p.month, day: p.day, dayId: 1 };
        });
        const profile = { specialDayProfiles } as AnalysisProfile;
        const dates = calendarDates(profile);
        const expected = specialDayProfiles.map((s) => berlinTime(s.year, s.month, s.day));
        expect([...dates.start]).toEqual(expected);
        expect([...dates.end]).toEqual(expected.map((t) => nextBerlinDay(t)));
      }),
      { numRuns: 300, seed: 2418 },
    );
  });
});

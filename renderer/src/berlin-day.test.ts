import { describe, expect, it } from 'vitest';
import { addDays, berlinDateOf, berlinDayRange, berlinMidnight } from './berlin-day';

describe('Berlin calendar days', () => {
  it('midnight carries the offset of the day (winter +01, summer +02)', () => {
    expect(berlinMidnight('2025-01-15')).toBe('2025-01-15T00:00:00+01:00');
    expect(berlinMidnight('2025-07-01')).toBe('2025-07-01T00:00:00+02:00');
  });

  it('DST days are 23 and 25 hours long', () => {
    const spring = berlinDayRange('2025-03-30');
    expect(spring).toEqual({ from: '2025-03-30T00:00:00+01:00', to: '2025-03-31T00:00:00+02:00' });
    expect((Date.parse(spring.to) - Date.parse(spring.from)) / 3_600_000).toBe(23);
    const autumn = berlinDayRange('2025-10-26');
    expect((Date.parse(autumn.to) - Date.parse(autumn.from)) / 3_600_000).toBe(25);
  });

  it('adds days across month and year ends and reads the Berlin date of a time', () => {
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(berlinDateOf('2025-10-31T23:45:00+01:00')).toBe('2025-10-31');
    expect(berlinDateOf('2025-06-30T22:30:00Z')).toBe('2025-07-01');
  });
});

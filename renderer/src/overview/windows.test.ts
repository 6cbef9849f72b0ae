import { describe, expect, it } from 'vitest';
import { addMonths, averagePerDay, daysBetween, isoRange, overviewWindows, relativeChange } from './windows';

describe('overview windows', () => {
  it('a read-out ending at a month boundary compares whole months and whole years', () => {
    const w = overviewWindows('2026-01-01T00:00:00+01:00')!;
    expect(w.month).toEqual({ from: '2025-12-01', to: '2026-01-01' });
    expect(w.wholeMonth).toBe(true);
    expect(w.monthLastYear).toEqual({ from: '2024-12-01', to: '2025-01-01' });
    expect(w.last12).toEqual({ from: '2025-01-01', to: '2026-01-01' });
    expect(w.previous12).toEqual({ from: '2024-01-01', to: '2025-01-01' });
  });

  it('a read-out ending mid-month compares the same days a year earlier, whole days only', () => {
    // The last reading at 13:45 on 15 June: the last whole day is 14 June.
    const w = overviewWindows('2025-06-15T13:45:00+02:00')!;
    expect(w.month).toEqual({ from: '2025-06-01', to: '2025-06-15' });
    expect(w.wholeMonth).toBe(false);
    expect(w.monthLastYear).toEqual({ from: '2024-06-01', to: '2024-06-15' });
    expect(daysBetween(w.month)).toBe(daysBetween(w.monthLastYear));
    expect(w.last12).toEqual({ from: '2024-06-15', to: '2025-06-15' });
  });

  it('a last value at 23:45 on a 15-minute grid still counts its day', () => {
    const w = overviewWindows('2025-01-31T23:45:00+01:00', 900)!;
    expect(w.month).toEqual({ from: '2025-01-01', to: '2025-02-01' });
    expect(w.wholeMonth).toBe(true);
    expect(overviewWindows('2025-01-31T23:45:00+01:00')!.month).toEqual({ from: '2025-01-01', to: '2025-01-31' });
    expect(overviewWindows('2025-01-31T13:45:00+01:00', 900)!.month.to).toBe('2025-01-31');
  });

  it('a leap February is compared with the whole February before; 29 February shifts to the 28th', () => {
    const w = overviewWindows('2024-03-01T00:00:00+01:00')!;
    expect(w.month).toEqual({ from: '2024-02-01', to: '2024-03-01' });
    expect(w.monthLastYear).toEqual({ from: '2023-02-01', to: '2023-03-01' });
    expect(addMonths('2024-02-29', -12)).toBe('2023-02-28');
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
  });

  it('the Berlin date decides, not the PC zone or UTC', () => {
    // 23:30 UTC on 31 May is already 1 June in Berlin.
    expect(overviewWindows('2025-05-31T23:30:00Z')!.month).toEqual({ from: '2025-05-01', to: '2025-06-01' });
  });

  it('ISO ranges carry the Berlin offset of each midnight', () => {
    expect(isoRange({ from: '2025-03-01', to: '2025-04-01' })).toEqual({ from: '2025-03-01T00:00:00+01:00', to: '2025-04-01T00:00:00+02:00' });
  });

  it('changes and averages are null, never 0, without data', () => {
    expect(relativeChange(110, 100)).toBeCloseTo(0.1, 12);
    expect(relativeChange(90, 100)).toBeCloseTo(-0.1, 12);
    expect(relativeChange(null, 100)).toBeNull();
    expect(relativeChange(5, 0)).toBeNull();
    expect(averagePerDay(365, '2025-01-01T00:00:00+01:00', '2026-01-01T00:00:00+01:00')).toBeCloseTo(1, 12);
    // The span of the readings used, including a 23-hour DST day.
    expect(averagePerDay(23, '2025-03-30T00:00:00+01:00', '2025-03-31T00:00:00+02:00')).toBeCloseTo(24, 12);
    expect(averagePerDay(null, '2025-01-01T00:00:00+01:00', '2026-01-01T00:00:00+01:00')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import type { DayStatusDto } from '../../../src/api/dto';
import { channelSum, expectedValues, monthRows, shiftMonth, statusDateText } from './month-rows';

function day(date: string, channels: { expected: number | null; values: number; ok: number }[]): DayStatusDto {
  return {
    date,
    start: `${date}T00:00:00+01:00`,
    end: `${date}T24:00:00+01:00`,
    hours: 24,
    level: 'ok',
    gaps: 0,
    channels: channels.map((c, i) => ({ obis: `obis-${i}`, ...c, gaps: 0, warning: 0, temporary: 0, critical: 0, fatal: 0, noStatus: 0, level: 'ok' })),
  };
}

describe('status calendar rows', () => {
  it('puts each day in its month row at its day of the month, builds each cell once', () => {
    const days = [day('2025-01-30', []), day('2025-01-31', []), day('2025-02-01', []), day('2025-03-15', [])];
    const built: string[] = [];
    const rows = monthRows(days, (y, m) => `${y}/${m}`, (d) => {
      built.push(d.date);
      return { date: d.date, level: d.level, label: `L ${d.date}`, counts: '' };
    });
    expect(rows.map((r) => [r.key, r.label])).toEqual([['2025-01', '2025/1'], ['2025-02', '2025/2'], ['2025-03', '2025/3']]);
    expect(rows[0]!.cells).toHaveLength(31);
    expect(rows[0]!.cells[29]?.label).toBe('L 2025-01-30');
    expect(rows[0]!.cells[30]?.date).toBe('2025-01-31');
    expect(rows[0]!.cells[0]).toBeNull();
    expect(rows[1]!.cells.filter(Boolean).map((c) => c!.date)).toEqual(['2025-02-01']);
    expect(rows[2]!.cells[14]?.date).toBe('2025-03-15');
    expect(built).toEqual(days.map((d) => d.date));
  });

  it('moves by month to the same day, clamped to the shorter month', () => {
    expect(shiftMonth('2025-01-31', 1)).toBe('2025-02-28');
    expect(shiftMonth('2024-01-31', 1)).toBe('2024-02-29');
    expect(shiftMonth('2025-03-31', -1)).toBe('2025-02-28');
    expect(shiftMonth('2025-12-15', 1)).toBe('2026-01-15');
    expect(shiftMonth('2025-01-02', -1)).toBe('2024-12-02');
  });

  it('sums the channels and knows the expected count only when every channel has one', () => {
    const both = day('2025-03-30', [{ expected: 92, values: 90, ok: 88 }, { expected: 92, values: 92, ok: 92 }]);
    expect(channelSum(both, 'values')).toBe(182);
    expect(channelSum(both, 'ok')).toBe(180);
    expect(expectedValues(both)).toBe(184);
    expect(expectedValues(day('2025-03-30', [{ expected: 96, values: 1, ok: 1 }, { expected: null, values: 1, ok: 1 }]))).toBeNull();
  });

  it('writes the date in the UI language', () => {
    expect(statusDateText('2025-02-03', 'de-DE')).toBe('Mo., 03.02.2025');
    expect(statusDateText('2025-02-03', 'en-GB')).toBe('Mon, 03/02/2025');
  });
});

import { describe, expect, it } from 'vitest';
import { formatDateText, monthGrid, parseDateText, shiftMonths, weekdayNames } from './date-field';

describe('date fields in the app language', () => {
  it('writes de and en-GB day first, whatever the browser', () => {
    expect(formatDateText('2025-06-05', 'de-DE')).toBe('05.06.2025');
    expect(formatDateText('2025-06-05', 'en-GB')).toBe('05/06/2025');
    expect(formatDateText('', 'de-DE')).toBe('');
  });

  it('reads what it writes, ISO and short day/month; no impossible dates', () => {
    expect(parseDateText('05.06.2025')).toBe('2025-06-05');
    expect(parseDateText('5/6/2025')).toBe('2025-06-05');
    expect(parseDateText(' 2025-06-05 ')).toBe('2025-06-05');
    expect(parseDateText('31.02.2025')).toBeNull();
    expect(parseDateText('2025-13-01')).toBeNull();
    expect(parseDateText('06/05')).toBeNull();
    expect(parseDateText('')).toBeNull();
    for (const locale of ['de-DE', 'en-GB']) expect(parseDateText(formatDateText('2024-02-29', locale))).toBe('2024-02-29');
  });

  it('a month grid starts on Monday and holds whole weeks', () => {
    const june = monthGrid('2025-06-15');
    expect(june).toHaveLength(6);
    expect(june[0]![0]).toEqual({ date: '2025-05-26', day: 26, outside: true });
    expect(june[0]![6]).toEqual({ date: '2025-06-01', day: 1, outside: false });
    expect(june.at(-1)!.at(-1)).toEqual({ date: '2025-07-06', day: 6, outside: true });
    expect(june.flat().filter((d) => !d.outside)).toHaveLength(30);
    const feb2021 = monthGrid('2021-02-10');
    expect(feb2021).toHaveLength(4);
    expect(shiftMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(shiftMonths('2025-01-15', -1)).toBe('2024-12-15');
    expect(weekdayNames('de-DE', 'long')[0]).toBe('Montag');
    expect(weekdayNames('en-GB', 'long')[6]).toBe('Sunday');
  });
});

import { describe, expect, it } from 'vitest';
import { windowLabel } from './labels';

describe('window labels', () => {
  it('names a whole month, or the days with the last one inclusive', () => {
    expect(windowLabel({ from: '2025-12-01', to: '2026-01-01' }, 'de-DE', true)).toBe('Dezember 2025');
    expect(windowLabel({ from: '2025-12-01', to: '2026-01-01' }, 'en-GB', true)).toBe('December 2025');
    expect(windowLabel({ from: '2024-06-15', to: '2025-06-15' }, 'de-DE', false)).toBe('15.06.2024 – 14.06.2025');
    expect(windowLabel({ from: '2024-06-15', to: '2025-06-15' }, 'en-GB', false)).toBe('15/06/2024 – 14/06/2025');
  });
});

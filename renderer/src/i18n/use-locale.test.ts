import { describe, expect, it } from 'vitest';
import { de } from './de';
import { en } from './en';
import { bilingualSide } from './use-locale';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('texts', () => {
  it('picks the side of "deutsch / English" progress messages; other messages stay as sent', () => {
    expect(bilingualSide('TAF-7: Logbuch gelesen / log read', 'de')).toBe('TAF-7: Logbuch gelesen');
    expect(bilingualSide('TAF-7: Logbuch gelesen / log read', 'en')).toBe('log read');
    expect(bilingualSide('signing 24 months …', 'de')).toBe('signing 24 months …');
  });

  it('German and English have the same keys and no empty text', () => {
    expect(keys(en).sort()).toEqual(keys(de).sort());
    for (const key of keys(de)) expect(key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], de)).not.toBe('');
  });
});

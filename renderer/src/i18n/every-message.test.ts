/**
 * Every message of both languages rendered with n = 0, 1 and 2 (every placeholder given that number):
 * each one compiles, resolves to one plural form, leaves no placeholder behind, and none writes a fixed
 * plural noun after the number 1 ("1 Lücken", "1 warnings"); counted nouns go through `counts.*` (plural
 * forms, see use-locale's `count`).
 */
import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import { de } from './de';
import { en } from './en';

const i18n = createI18n({ legacy: false, locale: 'de', fallbackLocale: 'de', messages: { de, en }, missingWarn: false, fallbackWarn: false });
const { t, locale } = i18n.global;

function leaves(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  return [];
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

/** Plural nouns that never follow "1 " in a correct text. */
const PLURAL_AFTER_ONE = /(?:^|[^\d.,])1 (Werte|Werten|Lücken|Einträge|Einträgen|Zeiträume|Warnungen|Seiten|Tage|Zeitpunkten|Zeitpunkte|Messwerte|Anfragen|Logbucheinträge|Messgrößen|values|gaps|entries|periods|warnings|errors|pages|days|times|readings|requests|channels)\b/;

/** Messages allowed a fixed noun after 1, each with its reason; the list can only shrink. */
const KNOWN_EXCEPTIONS = new Set([
  // Always at least two: the two intervals of the repeated hour share a heat-map cell.
  'heatMap.cellShared',
  // The noun counts the year's days (365 or 366), never one.
  'bill.baseShareYear',
  // The span is written with one decimal ("365,0 Tage"): a decimal takes the plural in both languages.
  'overview.perDayBasis',
]);

describe('every message with n = 0, 1, 2 in both languages', () => {
  const messages = { de: leaves(de), en: leaves(en) };

  it('both languages have the same messages with the same placeholders', () => {
    const keys = (lang: 'de' | 'en') => messages[lang].map(([key]) => key).sort();
    expect(keys('en')).toEqual(keys('de'));
    const enByKey = new Map(messages.en);
    for (const [key, text] of messages.de) expect(new Set(placeholders(enByKey.get(key)!)), key).toEqual(new Set(placeholders(text)));
  });

  for (const lang of ['de', 'en'] as const) {
    it(`${lang}: each message renders one form without leftovers and no plural noun after 1`, () => {
      locale.value = lang;
      const offenders: string[] = [];
      let rendered = 0;
      for (const [key, text] of messages[lang]) {
        for (const n of [0, 1, 2]) {
          const named = Object.fromEntries(placeholders(text).map((p) => [p, String(n)]));
          const out = t(key, named, n);
          rendered++;
          expect(out, key).not.toBe(key);
          expect(out, key).not.toMatch(/\{\w+\}/);
          if (text.includes(' | ')) {
            const forms = text.split(' | ').map((form) => form.trim().replace(/\{(\w+)\}/g, (_, p: string) => named[p] ?? ''));
            expect(forms, key).toContain(out.trim());
          }
          if (n === 1 && PLURAL_AFTER_ONE.test(out) && !KNOWN_EXCEPTIONS.has(key)) offenders.push(`${key}: ${out}`);
        }
      }
      expect(rendered).toBeGreaterThan(600);
      expect(offenders).toEqual([]);
    });
  }

  it('the status cell and the validation summary count in words', () => {
    const cell = (lang: 'de' | 'en', n: number) => {
      locale.value = lang;
      const count = (key: string, k: number) => t(`counts.${key}`, { n: String(k) }, k);
      return t('status.cell', { date: 'D', level: 'L', values: String(n), expected: count('ofValues', n), gaps: count('gaps', n) });
    };
    expect(cell('de', 1)).toBe('D: L, 1 von 1 Wert, 1 Lücke');
    expect(cell('de', 96)).toBe('D: L, 96 von 96 Werten, 96 Lücken');
    expect(cell('de', 0)).toBe('D: L, 0 von 0 Werten, 0 Lücken');
    expect(cell('en', 1)).toBe('D: L, 1 of 1 value, 1 gap');
    expect(cell('en', 2)).toBe('D: L, 2 of 2 values, 2 gaps');
    locale.value = 'de';
    expect(t('problems.summary', { errors: t('counts.errors', { n: '1' }, 1), warnings: t('counts.warnings', { n: '1' }, 1) })).toBe('1 Fehler, 1 Warnung');
    locale.value = 'en';
    expect(t('problems.summary', { errors: t('counts.errors', { n: '0' }, 0), warnings: t('counts.warnings', { n: '1' }, 1) })).toBe('0 errors, 1 warning');
  });
});

import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import { de } from './de';
import { en } from './en';

const i18n = createI18n({ legacy: false, locale: 'de', fallbackLocale: 'de', messages: { de, en } });
const { t, locale } = i18n.global;

function say(lang: 'de' | 'en', key: string, n: number): string {
  locale.value = lang;
  return t(key, { n: String(n) }, n);
}

describe('plurals in both languages', () => {
  it('every counted noun has a singular and a plural form (0 takes the plural)', () => {
    for (const [lang, messages] of [['de', de], ['en', en]] as const) {
      for (const [key, text] of Object.entries(messages.counts)) {
        expect(text.split(' | '), `${lang} counts.${key}`).toHaveLength(2);
        const one = say(lang, `counts.${key}`, 1);
        const many = say(lang, `counts.${key}`, 2);
        expect(one).toMatch(/^1 /);
        expect(many).toMatch(/^2 /);
        // German „Fehler“ is the same word for one and many.
        if (!(lang === 'de' && key === 'errors')) expect(one.slice(2)).not.toBe(many.slice(2));
        expect(say(lang, `counts.${key}`, 0).slice(2)).toBe(many.slice(2));
      }
    }
    expect(say('de', 'counts.values', 1)).toBe('1 Wert');
    expect(say('de', 'counts.gaps', 1)).toBe('1 Lücke');
    expect(say('de', 'counts.gaps', 0)).toBe('0 Lücken');
    expect(say('en', 'counts.entries', 1)).toBe('1 entry');
    expect(say('en', 'counts.badValues', 3)).toBe('3 values with an error status');
  });

  it('the heat map counts say "no gap" for none and the singular for one', () => {
    expect(say('de', 'heatMap.gaps', 0)).toBe('keine Lücke');
    expect(say('de', 'heatMap.days', 1)).toBe('1 Tag');
    expect(say('de', 'heatMap.days', 365)).toBe('365 Tage');
    expect(say('en', 'heatMap.gaps', 1)).toBe('1 gap');
    expect(say('en', 'heatMap.values', 0)).toBe('no value');
  });

  it('no message with a number still writes a fixed plural noun after {count}', () => {
    const offenders: string[] = [];
    const walk = (value: unknown, path: string) => {
      if (typeof value === 'string') {
        if (/\{count\} (Werte|Lücken|Einträge|Zeiträume|values|gaps|entries|periods)\b/.test(value)) offenders.push(path);
      } else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    };
    walk(de, 'de');
    walk(en, 'en');
    expect(offenders).toEqual([]);
  });
});

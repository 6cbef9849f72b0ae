/** vue-i18n setup: German is the default, English the alternative; the choice persists in localStorage. */
import { createI18n } from 'vue-i18n';
import { de } from './de';
import type { MessageSchema } from './de';
import { en } from './en';

export const LOCALES = ['de', 'en'] as const;
export type AppLocale = (typeof LOCALES)[number];
export const LOCALE_STORAGE_KEY = 'trudi.locale';

/** BCP 47 tags used for number and date formatting. */
export const INTL_LOCALE: Record<AppLocale, string> = { de: 'de-DE', en: 'en-GB' };

export function isAppLocale(value: unknown): value is AppLocale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function storedLocale(): AppLocale {
  try {
    const value = localStorage.getItem(LOCALE_STORAGE_KEY);
    return isAppLocale(value) ? value : 'de';
  } catch {
    return 'de';
  }
}

export const i18n = createI18n<[MessageSchema], AppLocale, false>({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: 'de',
  messages: { de, en },
});

export function applyLocale(locale: AppLocale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // storage may be unavailable (privacy mode); the choice then lasts for this page only
  }
}

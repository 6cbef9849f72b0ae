/** Locale helpers for components: the Intl locale and picking the UI language's side of bilingual texts. */
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import type { ApiErrorPayload } from '../../../src/api/dto';
import { INTL_LOCALE, isAppLocale } from '.';
import type { AppLocale } from '.';
import type { deLoadProfile } from './de-load-profile';
import { formatNumber } from '../format';

export type CountKey = keyof (typeof deLoadProfile)['counts'];

/** "deutscher Text / English text": the engine's progress messages carry both languages this way. */
export function bilingualSide(message: string, locale: AppLocale): string {
  const parts = message.split(' / ');
  if (parts.length !== 2) return message;
  return locale === 'de' ? parts[0]! : parts[1]!;
}

export function useLocaleText() {
  const { t, te, locale } = useI18n();
  const appLocale = computed<AppLocale>(() => (isAppLocale(locale.value) ? locale.value : 'de'));
  const intlLocale = computed(() => INTL_LOCALE[appLocale.value]);

  /** The side of a { de, en } text in the UI language. */
  function pick(text: { de?: string; en?: string; message?: string }): string {
    return (appLocale.value === 'de' ? text.de : text.en) ?? text.message ?? text.de ?? text.en ?? '';
  }

  function errorText(error: ApiErrorPayload): string {
    return pick(error);
  }

  /** A progress message: a known key (`verify.running`), a bilingual string, or as sent. */
  function progressText(message: string, fallback: string): string {
    if (!message) return fallback;
    const key = `progress.${message}`;
    if (/^[a-z]+\.[a-z]+$/i.test(message)) return te(key) ? t(key) : fallback;
    return bilingualSide(message, appLocale.value);
  }

  /** A counted noun in the UI language (`counts.values` etc.): the plural form for n, n formatted ("1.234 Werte"). */
  function count(key: CountKey, n: number): string {
    return t(`counts.${key}`, { n: formatNumber(n, intlLocale.value, 0) }, n);
  }

  return { t, te, appLocale, intlLocale, pick, errorText, progressText, count };
}

/** What every section builder needs: the language, its formatter, and a way to say a text in it. */
import { isErrorRegister } from '../../model/obis';
import { formatterFor, type Formatter } from '../format';
import type { ReportFacts } from '../report-facts';
import type { RegisterRow } from '../register-rows';
import type { ReportInput, ReportLanguage } from '../types';

export interface SectionContext {
  lang: ReportLanguage;
  f: Formatter;
  /** The German or the English text. */
  t(de: string, en: string): string;
  /** A bilingual message object (`{de, en}`) in the report's language. */
  pick(message: { de: string; en: string }): string;
  facts: ReportFacts;
  input: ReportInput;
  /** Time of the report (epoch ms). */
  now: number;
  software: { name: string; version: string };
}

export function sectionContext(lang: ReportLanguage, facts: ReportFacts, input: ReportInput, now: number, software: { name: string; version: string }): SectionContext {
  return {
    lang,
    f: formatterFor(lang),
    t: (de, en) => (lang === 'de' ? de : en),
    pick: (message) => (lang === 'de' ? message.de : message.en),
    facts,
    input,
    now,
    software,
  };
}

/** "Tarif 1", "Fehlerregister", "Summe", or the supplier file's own name of the stage. */
export function registerLabel(ctx: SectionContext, row: Pick<RegisterRow, 'obis' | 'tariffNumber' | 'direction'>): string {
  const direction = row.direction === 'export' ? ctx.t('Einspeisung', 'feed-in') : row.direction === 'import' ? ctx.t('Bezug', 'import') : '';
  const errorRegister = isErrorRegister(row.obis);
  const stage = errorRegister ? ctx.t('Fehlerregister', 'error register') : row.tariffNumber === 0 ? ctx.t('Summe', 'total') : `${ctx.t('Tarif', 'tariff')} ${row.tariffNumber}`;
  const description = ctx.facts.supplierPoint?.analysisProfile?.tariffStages.find((s) => s.tariffNumber === row.tariffNumber && !errorRegister)?.description;
  const base = direction ? `${capitalise(direction)}, ${stage}` : capitalise(stage);
  return description ? `${base} (${ctx.t(`„${description}“`, `"${description}"`)})` : base;
}

/** A value in its unit, or a dash. */
export function quantity(ctx: SectionContext, value: number | null | undefined, decimals: number, unit: string): string {
  return value === null || value === undefined ? '—' : `${ctx.f.number(value, decimals)} ${unit}`;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

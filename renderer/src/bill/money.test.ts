import { createI18n } from 'vue-i18n';
import { describe, expect, it } from 'vitest';
import type { BillCostDto, CostLineDto } from '../../../src/api/dto';
import { de } from '../i18n/de';
import { en } from '../i18n/en';
import { baseShareParts, formatEuro, formatPricePerKwh, lineCostText, missingRegistersText, vatRows, type Translate } from './money';

function translate(locale: 'de' | 'en'): Translate {
  const i18n = createI18n({ legacy: false, locale, messages: { de, en } });
  return (key, params) => i18n.global.t(key, params ?? {});
}
const tDe = translate('de');
const tEn = translate('en');

// Spaces in Intl's currency output are no-break spaces; the tests compare with plain ones.
const plain = (text: string) => text.replace(/\u00a0/g, ' ');

function line(overrides: Partial<CostLineDto>): CostLineDto {
  return { obis: '1-0:1.8.1*255', tariffNumber: 1, energyKwh: '0.031', pricePerKwh: '12.3456', cost: '0.38', exactCost: '0.3827136', status: 'priced', notes: [], ...overrides };
}

describe('the bill check money', () => {
  it('writes EUR with two decimals in the UI locale', () => {
    expect(plain(formatEuro('1.26', 'de-DE'))).toBe('1,26 €');
    expect(formatEuro('1234.5', 'en-GB')).toBe('€1,234.50');
    expect(plain(formatEuro('0', 'de-DE'))).toBe('0,00 €');
  });

  it('writes a price per kWh with every decimal entered, at least two', () => {
    expect(formatPricePerKwh('12.3456', 'de-DE')).toBe('12,3456 €/kWh');
    expect(formatPricePerKwh('10', 'de-DE')).toBe('10,00 €/kWh');
    expect(formatPricePerKwh('0.3', 'en-GB')).toBe('0.30 €/kWh');
  });

  it("a register's cost, or why it has none, in the UI language", () => {
    expect(plain(lineCostText(line({}), 'de-DE', tDe))).toBe('0,38 €');
    expect(lineCostText(line({ cost: null, exactCost: null, pricePerKwh: null, status: 'not-priced' }), 'de-DE', tDe)).toBe('ohne Preis');
    expect(lineCostText(line({ cost: null, exactCost: null, energyKwh: null, status: 'no-energy' }), 'en-GB', tEn)).toBe('no energy value');
    expect(lineCostText(undefined, 'de-DE', tDe)).toBe('');
  });

  it('a register without energy but with a price costs nothing rather than lacking a cost', () => {
    expect(plain(lineCostText(line({ energyKwh: '0', cost: '0.00', exactCost: '0', status: 'zero-energy' }), 'de-DE', tDe))).toBe('0,00 €');
  });

  it("the base price's share per calendar year, joined across a year end", () => {
    const base: BillCostDto['base'] = {
      perYear: '119.88',
      days: 2,
      share: '0.66',
      years: [
        { year: 2017, days: 1, daysInYear: 365, share: '0.33' },
        { year: 2018, days: 1, daysInYear: 365, share: '0.33' },
      ],
    };
    expect(plain(baseShareParts(base, 'de-DE', tDe))).toBe('2017: 1/365 Tage = 0,33 € + 2018: 1/365 Tage = 0,33 €');
    expect(baseShareParts(base, 'en-GB', tEn)).toBe('2017: 1/365 days = €0.33 + 2018: 1/365 days = €0.33');
    expect(baseShareParts(undefined, 'de-DE', tDe)).toBe('');
  });

  it('names the registers an incomplete total lacks, each with why', () => {
    const missing: BillCostDto['missing'] = [
      { obis: '1-0:1.8.2*255', reason: 'not-priced' },
      { obis: '1-0:1.8.63*255', reason: 'no-energy' },
    ];
    expect(missingRegistersText(missing, tDe)).toBe('1-0:1.8.2*255 (ohne Preis), 1-0:1.8.63*255 (kein Energiewert)');
    expect(missingRegistersText([], tDe)).toBe('');
  });

  it('writes the applied VAT as net total, "Umsatzsteuer 19 %" with its amount (as in the report) and the gross total; none without a rate', () => {
    const vat = { percent: '19', net: '1.26', amount: '0.24', gross: '1.50' };
    const de = vatRows(vat, 'de-DE', tDe)!;
    expect(Object.fromEntries(Object.entries(de).map(([k, v]) => [k, plain(v)]))).toEqual({ net: '1,26 €', label: 'Umsatzsteuer 19 %', amount: '0,24 €', gross: '1,50 €' });
    expect(vatRows(vat, 'en-GB', tEn)).toEqual({ net: '€1.26', label: 'VAT 19 %', amount: '€0.24', gross: '€1.50' });
    expect(vatRows({ ...vat, percent: '7.5' }, 'de-DE', tDe)!.label).toBe('Umsatzsteuer 7,5 %');
    expect(vatRows('not-applied', 'de-DE', tDe)).toBeUndefined();
  });
});

/** `npx trudi report`: writes the PDF atomically, never over an input, and says what is wrong with bad arguments. */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BillCost } from '../analysis/bill-cost';
import { runCli } from '../analysis/testing/run-cli';
import { CONFORMANCE_SKIP_REASON, HAS_CONFORMANCE, conformancePath } from '../testing/conformance';
import { HAS_POPPLER, PdfFile, POPPLER_SKIP_REASON } from '../report/testing/poppler';

const dir = mkdtempSync(join(tmpdir(), 'trudi-report-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const skipReason = !HAS_CONFORMANCE ? CONFORMANCE_SKIP_REASON : !HAS_POPPLER ? POPPLER_SKIP_REASON : '';

describe.skipIf(!!skipReason)(`trudi report ${skipReason}`, () => {
  const device = () => conformancePath('trudi/taf2/result_single_day_2h-gap.xml');
  const supplier = () => conformancePath('trudi/taf2/supplier_single_day.xml');

  it('writes a German report with the billed values compared, leaving no temporary file', { timeout: 120_000 }, async () => {
    const out = join(dir, 'bericht.pdf');
    const result = await runCli(['report', '--device', device(), '--supplier', supplier(), '--billed', '1-0:1.8.1*255=0,0310', '--billed', '1.8.2=0,07', '--lang', 'de', '--out', out]);
    expect(result.stderr).not.toMatch(/trudi report:/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/bericht\.pdf: \d+ page\(s\), \d+ bytes, PDF\/A-3B; attached: result_single_day_2h-gap\.xml \(28116 bytes/);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const pdf = new PdfFile(readFileSync(out));
    try {
      const text = pdf.text().replace(/\s+/g, ' ');
      expect(text).toContain('Die Rechnung nennt 0,0310 kWh. Das stimmt mit der Nachberechnung überein');
      expect(text).toContain('Die Rechnung nennt 0,07 kWh, nachgerechnet sind 0,0560 kWh. Das sind 0,01 kWh (17,9 %) mehr Energie berechnet, als die Messwerte ergeben.');
      expect(text).toContain('Im Fehlerregister 1-0:1.8.63*255 stehen 0,0090 kWh');
      expect(Buffer.from(pdf.attachments().get('result_single_day_2h-gap.xml')!).equals(readFileSync(device()))).toBe(true);
    } finally {
      pdf.dispose();
    }
  });

  it('--prices adds the cost per register, the base price share and the total as the bill check computes them', { timeout: 120_000 }, async () => {
    const prices = join(dir, 'prices.json');
    writeFileSync(prices, JSON.stringify({ currency: 'EUR', energyPerKwh: { '1-0:1.8.1*255': '12,3456', '1.8.2': '9,87' }, basePricePerYear: '119,88' }));
    const check = await runCli(['taf', '--device', device(), '--supplier', supplier(), '--prices', prices, '--json']);
    const cost = JSON.parse(check.stdout).cost as BillCost;
    expect(cost.lines.map((l) => l.cost)).toEqual(['0.38', '0.55', null]);

    const out = join(dir, 'kosten.pdf');
    const result = await runCli(['report', '--device', device(), '--supplier', supplier(), '--prices', prices, '--lang', 'de', '--out', out]);
    expect(result.code).toBe(0);
    const euro = (amount: string) => `${amount.replace('.', ',')} €`;
    const pdf = new PdfFile(readFileSync(out));
    try {
      const text = pdf.text().replace(/\s+/g, ' ');
      const lines = pdf.layoutLines();
      expect(lines).toContain('Kosten');
      expect(lines).toContain(`Bezug, Tarif 1 („NT“) 1-0:1.8.1*255 0,0310 kWh 12,3456 € ${euro(cost.lines[0]!.cost!)}`);
      expect(lines).toContain(`Bezug, Tarif 2 („HT“) 1-0:1.8.2*255 0,0560 kWh 9,87 € ${euro(cost.lines[1]!.cost!)}`);
      expect(lines).toContain('Bezug, Fehlerregister 1-0:1.8.63*255 0,0090 kWh — ohne Preis');
      expect(lines).toContain(`Grundpreis anteilig 119,88 € je Jahr 2017: 1/365 Tage ${euro(cost.base!.share)}`);
      expect(lines).toContain(`Summe (unvollständig) ${euro(cost.total)}`);
      expect(text).toContain('Die Summe ist unvollständig: Es fehlen 1-0:1.8.63*255 (kein Preis).');
      expect(text).toContain('Keine Umsatzsteuer aufgeschlagen');
      expect(text).toContain(`Kosten mit den eingegebenen Preisen: ${euro(cost.total)}, unvollständig – es fehlen 1-0:1.8.63*255 (kein Preis).`);
    } finally {
      pdf.dispose();
    }

    writeFileSync(prices, JSON.stringify({ energyPerKwh: { '1.8.1': '12.3456', '1.8.2': '9.87', '1.8.63': '10' }, basePricePerYear: '119.88' }));
    const en = join(dir, 'cost.pdf');
    expect((await runCli(['report', '--device', device(), '--supplier', supplier(), '--prices', prices, '--lang', 'en', '--out', en])).code).toBe(0);
    const english = new PdfFile(readFileSync(en));
    try {
      const text = english.text().replace(/\s+/g, ' ');
      const lines = english.layoutLines();
      expect(lines).toContain('Import, error register 1-0:1.8.63*255 0.0090 kWh 10.00 € 0.09 €');
      expect(lines).toContain('Base price pro rata 119.88 € per year 2017: 1/365 days 0.33 €');
      expect(lines).toContain('Total 1.35 €');
      expect(text).toContain('Cost with the prices entered: 1.35 € (no VAT added).');
      expect(text).not.toContain('Total (incomplete)');
    } finally {
      english.dispose();
    }

    // Net prices with 19 % VAT: 1.35 € net, 0.2565 → 0.26 € VAT, 1.61 € gross.
    writeFileSync(prices, JSON.stringify({ energyPerKwh: { '1.8.1': '12.3456', '1.8.2': '9.87', '1.8.63': '10' }, basePricePerYear: '119.88', vatPercent: '19' }));
    const gross = join(dir, 'cost-vat.pdf');
    expect((await runCli(['report', '--device', device(), '--supplier', supplier(), '--prices', prices, '--lang', 'en', '--out', gross])).code).toBe(0);
    const withVat = new PdfFile(readFileSync(gross));
    try {
      const lines = withVat.layoutLines();
      expect(lines).toContain('Net total 1.35 €');
      expect(lines).toContain('VAT 19 % 0.26 €');
      expect(lines).toContain('Total 1.61 €');
      expect(withVat.text().replace(/\s+/g, ' ')).toContain('Cost with the net prices entered: 1.61 € gross (19 % VAT: 0.26 €).');
    } finally {
      withVat.dispose();
    }

    writeFileSync(prices, '{"energyPerKwh": {"1.8.1": "zwölf"}}');
    const bad = await runCli(['report', '--device', device(), '--supplier', supplier(), '--prices', prices, '--lang', 'en', '--out', join(dir, 'bad.pdf')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/energyPerKwh\["1.8.1"\]: "zwölf" is not an amount in EUR.*\[BAD_PRICES\]/);
    expect(existsSync(join(dir, 'bad.pdf'))).toBe(false);
  });

  it('--prices without a supplier file prices the meter register over the range', { timeout: 120_000 }, async () => {
    const prices = join(dir, 'meter-prices.json');
    writeFileSync(prices, JSON.stringify({ energyPerKwh: { '1.8.0': '0,30' }, basePricePerYear: 120 }));
    const out = join(dir, 'meter-cost.pdf');
    expect((await runCli(['report', '--device', device(), '--prices', prices, '--lang', 'en', '--out', out])).code).toBe(0);
    const pdf = new PdfFile(readFileSync(out));
    try {
      const lines = pdf.layoutLines();
      // 960 − 0 raw (10^-1 Wh) = 0.0960 kWh × 0.30 = 0.0288 → 0.03; 120 × 1/365 = 0.3287… → 0.33
      expect(lines).toContain('Import, total 1-0:1.8.0*255 0.0960 kWh 0.30 € 0.03 €');
      expect(lines).toContain('Base price pro rata 120.00 € per year 2017: 1/365 days 0.33 €');
      expect(lines).toContain('Total 0.36 €');
    } finally {
      pdf.dispose();
    }
  });

  it('never writes over an input file', async () => {
    const copy = join(dir, 'device.xml');
    copyFileSync(device(), copy);
    const before = readFileSync(copy);
    const result = await runCli(['report', '--device', copy, '--lang', 'en', '--out', join(dir, '.', 'device.xml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/names an input file; the report never replaces its inputs/);
    expect(readFileSync(copy).equals(before)).toBe(true);
  });

  it('explains bad arguments', async () => {
    const bad = await runCli(['report', '--device', device(), '--billed', 'Tarif1=3', '--lang', 'en', '--out', join(dir, 'x.pdf')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/"Tarif1" is not an OBIS code/);
    const lang = await runCli(['report', '--device', device(), '--lang', 'fr', '--out', join(dir, 'x.pdf')]);
    expect(lang.code).toBe(2);
    expect(lang.stderr).toMatch(/--lang must be de or en/);
    const missing = await runCli(['report', '--device', join(dir, 'nope.xml'), '--lang', 'en', '--out', join(dir, 'x.pdf')]);
    expect(missing.code).toBe(3);
    expect(existsSync(join(dir, 'x.pdf'))).toBe(false);
  });

  it('writes the report and exits 1 when the bill check fails, saying why', { timeout: 120_000 }, async () => {
    const out = join(dir, 'failed.pdf');
    const result = await runCli(['report', '--device', conformancePath('trudi/taf1/result_1_month_no_ovl.xml'), '--supplier', conformancePath('trudi/taf1/supplier_1_month.xml'), '--lang', 'en', '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\(the report says so\)/);
    const pdf = new PdfFile(readFileSync(out));
    try {
      expect(pdf.text()).toContain('Recomputation not possible');
    } finally {
      pdf.dispose();
    }
  });
});

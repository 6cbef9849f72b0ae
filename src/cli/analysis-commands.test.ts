import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeAr2418 } from '../formats/ar2418/writer';
import type { Ar2418Document, UsagePoint } from '../model/types';
import { berlinTime } from '../model/time/berlin';
import { runCli } from '../analysis/testing/run-cli';
import { makeDerivedRegister, makeDevice, makeOvl, makeProfile, makeSupplier, twoTariffDay } from '../analysis/testing/fixtures';
import { supplierFileChecksums } from '../analysis/checksums';

const dir = mkdtempSync(join(tmpdir(), 'trudi-taf-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, usagePoint: UsagePoint, kind: Ar2418Document['kind']): string {
  const path = join(dir, name);
  writeFileSync(path, writeAr2418({ kind, schemaVersion: '1.2', usagePoints: [usagePoint] }));
  return path;
}

const D0 = berlinTime(2019, 3, 30);
const D2 = berlinTime(2019, 4, 1);
const device = makeDevice([makeOvl({ start: D0, end: D2, periodSeconds: 900, captureDelaySeconds: 2, omit: (t) => t === berlinTime(2019, 3, 31, 8) })]);
const profile = makeProfile({
  start: D0,
  duration: (D2 - D0) / 1000,
  stages: [
    { tariffNumber: 1, obis: '0100010801ff' },
    { tariffNumber: 2, obis: '0100010802ff' },
  ],
  dayProfiles: [{ dayId: 1, tariffs: twoTariffDay(1, 2, 8, 20) }],
});
const devicePath = write('device.xml', device, 'device');
const supplierPath = write('supplier.xml', makeSupplier(profile), 'supplier');
const otherSupplierPath = write('other.xml', makeSupplier(profile, { usagePointId: 'DE0009999' }), 'supplier');

describe('trudi taf', () => {
  it('prints the JSON contract with the gap at the switch in the error register (spring DST day included)', async () => {
    const { code, stdout } = await runCli(['taf', '--device', devicePath, '--supplier', supplierPath, '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(Object.keys(out).slice(0, 5)).toEqual(['taf', 'begin', 'end', 'registers', 'days']);
    expect(out).toMatchObject({ taf: 2, begin: '2019-03-30T00:00:00+01:00', end: '2019-04-01T00:00:00+02:00' });
    // 96 + 92 quarter-hours; T2 08:00-20:00 = 48 per day; the 08:00 reading of day 2 is missing
    expect(out.registers).toEqual([
      { obis: '1-0:1.8.1*255', tariffNumber: 1, amount: (48 + 44) * 10 - 10, scaler: -1, unit: 'Wh' },
      { obis: '1-0:1.8.2*255', tariffNumber: 2, amount: 96 * 10 - 10, scaler: -1, unit: 'Wh' },
      { obis: '1-0:1.8.63*255', tariffNumber: 63, amount: 20, scaler: -1, unit: 'Wh' },
    ]);
    expect(out.days.map((d: { date: string }) => d.date)).toEqual(['2019-03-30', '2019-03-31']);
    expect(out.supplierChecksums).toEqual(supplierFileChecksums(new Uint8Array(readFileSync(supplierPath))));
  });

  it('prints a readable summary without --json', async () => {
    const { code, stdout } = await runCli(['taf', '--device', devicePath, '--supplier', supplierPath]);
    expect(code).toBe(0);
    expect(stdout).toContain('1-0:1.8.63*255');
    expect(stdout).toContain('Keccak-288');
  });

  it('reports a supplier file for another metering point; --strict turns it into a non-zero exit', async () => {
    const lenient = await runCli(['taf', '--device', devicePath, '--supplier', otherSupplierPath, '--json']);
    expect(lenient.code).toBe(0);
    expect(JSON.parse(lenient.stdout).checks[0]).toMatchObject({ code: 'supplier.usage-point', severity: 'error' });
    const strict = await runCli(['taf', '--device', devicePath, '--supplier', otherSupplierPath, '--json', '--strict']);
    expect(strict.code).toBe(1);
  });

  it('exits non-zero with {"error": {code, message}} when the files cannot be computed', async () => {
    const swapped = await runCli(['taf', '--device', supplierPath, '--supplier', devicePath, '--json']);
    expect(swapped.code).toBe(1);
    expect(JSON.parse(swapped.stdout).error).toMatchObject({ code: 'NO_ANALYSIS_PROFILE' });
    const missing = await runCli(['taf', '--device', join(dir, 'nope.xml'), '--supplier', supplierPath, '--json']);
    expect(missing.code).toBe(3);
    const error = JSON.parse(missing.stdout).error;
    expect(error.code).toBe('UNREADABLE_FILE');
    expect(error.message).toContain('nope.xml');
    const garbage = join(dir, 'garbage.xml');
    writeFileSync(garbage, '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>');
    const bad = await runCli(['taf', '--device', garbage, '--supplier', supplierPath, '--json']);
    expect(bad.code).not.toBe(0);
    expect(JSON.parse(bad.stdout).error.code).toBe('INVALID_DOCUMENT');
  });

  it('--prices adds the cost per register, the base price share and the total (JSON and text)', async () => {
    const pricesPath = join(dir, 'prices.json');
    writeFileSync(pricesPath, JSON.stringify({ currency: 'EUR', energyPerKwh: { '1-0:1.8.1*255': '0,3012', '1.8.2': 0.2511, '1.8.63': '0.30' }, basePricePerYear: '120' }));
    const { code, stdout } = await runCli(['taf', '--device', devicePath, '--supplier', supplierPath, '--prices', pricesPath, '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    const price: Record<string, number> = { '1-0:1.8.1*255': 0.3012, '1-0:1.8.2*255': 0.2511, '1-0:1.8.63*255': 0.3 };
    let energyTotal = 0;
    for (const register of out.registers as { obis: string; amount: number; scaler: number }[]) {
      const line = out.cost.lines.find((l: { obis: string }) => l.obis === register.obis);
      const expected = Math.round(((register.amount * 10 ** register.scaler) / 1000) * price[register.obis]! * 100) / 100;
      expect(Number(line.cost), register.obis).toBeCloseTo(expected, 6);
      energyTotal += expected;
    }
    expect(out.registers.find((r: { tariffNumber: number }) => r.tariffNumber === 63).amount).toBeGreaterThan(0);
    // 30 and 31 March 2019 (the 23-hour day counts as one day): 120 × 2 / 365 = 0.6575… → 0.66
    expect(out.cost.base).toEqual({ perYear: '120.00', days: 2, years: [{ year: 2019, days: 2, daysInYear: 365, share: '0.66' }], share: '0.66' });
    expect(Number(out.cost.total)).toBeCloseTo(energyTotal + 0.66, 6);
    expect(out.cost).toMatchObject({ complete: true, missing: [], currency: 'EUR', vat: 'not-applied' });

    const text = await runCli(['taf', '--device', devicePath, '--supplier', supplierPath, '--prices', pricesPath]);
    expect(text.stdout).toContain(`total  ${out.cost.total} EUR`);
    expect(text.stdout).toMatch(/base price 120\.00 EUR\/year pro rata \(2019: 2\/365 days = 0\.66\) {2}= 0\.66 EUR/);
  });

  it('--vat PERCENT: the prices are net, the VAT is added on the net total (JSON and cost table); bad or lone --vat refused', async () => {
    const pricesPath = join(dir, 'prices-vat.json');
    writeFileSync(pricesPath, JSON.stringify({ energyPerKwh: { '1.8.1': '0.30', '1.8.2': '0.25', '1.8.63': '0.30' }, basePricePerYear: '120' }));
    const plain = JSON.parse((await runCli(['taf', '--device', devicePath, '--supplier', supplierPath, '--prices', pricesPath, '--json'])).stdout);
    const { code, stdout } = await runCli(['taf', '--device', devicePath, '--supplier', supplierPath, '--prices', pricesPath, '--vat', '19', '--json']);
    expect(code).toBe(0);
    const vat = JSON.parse(stdout).cost.vat;
    const netCents = Math.round(Number(plain.cost.total) * 100);
    const vatCents = Math.round(netCents * 0.19);
    expect(vat).toEqual({ percent: '19', net: plain.cost.total, amount: (vatCents / 100).toFixed(2), gross: ((netCents + vatCents) / 100).toFixed(2) });
    expect(JSON.parse(stdout).cost.total).toBe(vat.gross);
    const text = (await runCli(['taf', '--device', devicePath, '--supplier', supplierPath, '--prices', pricesPath, '--vat', '19'])).stdout;
    expect(text).toContain('net prices, VAT 19 % added');
    expect(text).toContain(`  net  ${vat.net} EUR\n  VAT 19 %  ${vat.amount} EUR\n  total  ${vat.gross} EUR`);
    const bad = await runCli(['taf', '--device', devicePath, '--supplier', supplierPath, '--prices', pricesPath, '--vat', '120']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--vat: 120 % is not a VAT rate (0 to 100).');
    const lone = await runCli(['taf', '--device', devicePath, '--supplier', supplierPath, '--vat', '19']);
    expect(lone.code).toBe(2);
    expect(lone.stderr).toContain('--vat needs --prices');
  });

  it('--prices without a price for a stage with energy: the total is marked incomplete and names the stage', async () => {
    const pricesPath = join(dir, 'partial.json');
    writeFileSync(pricesPath, JSON.stringify({ energyPerKwh: { '1.8.1': '0.30' } }));
    const json = JSON.parse((await runCli(['taf', '--device', devicePath, '--supplier', supplierPath, '--prices', pricesPath, '--json'])).stdout);
    expect(json.cost.complete).toBe(false);
    expect(json.cost.missing).toEqual([
      { obis: '1-0:1.8.2*255', reason: 'not-priced' },
      { obis: '1-0:1.8.63*255', reason: 'not-priced' },
    ]);
    const text = (await runCli(['taf', '--device', devicePath, '--supplier', supplierPath, '--prices', pricesPath])).stdout;
    expect(text).toMatch(/INCOMPLETE: without 1-0:1\.8\.2\*255 \(no price\), 1-0:1\.8\.63\*255 \(no price\)/);
    expect(text).toContain('not priced');
  });

  it('--prices with a bad or missing file: a clear error naming the field or the file', async () => {
    const badPath = join(dir, 'bad-prices.json');
    writeFileSync(badPath, JSON.stringify({ energyPerKwh: { '1.8.1': '0,30 ct' } }));
    const bad = await runCli(['taf', '--device', devicePath, '--supplier', supplierPath, '--prices', badPath, '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).error).toMatchObject({ code: 'BAD_PRICES', message: expect.stringContaining('energyPerKwh["1.8.1"]: "0,30 ct" is not an amount in EUR') });
    writeFileSync(badPath, '{"energyPerKwh": ');
    const broken = await runCli(['taf', '--device', devicePath, '--supplier', supplierPath, '--prices', badPath]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/bad-prices\.json: not valid JSON/);
    const missing = await runCli(['taf', '--device', devicePath, '--supplier', supplierPath, '--prices', join(dir, 'none.json'), '--json']);
    expect(missing.code).toBe(3);
    expect(JSON.parse(missing.stdout).error.message).toMatch(/none\.json cannot be read \(not found\)/);
  });

  it("--own-view: a TAF-1 read-out with the gateway's registers, which TRuDI refuses, is recomputed from the original list and labelled", async () => {
    const OCT = berlinTime(2017, 10, 1);
    const NOV = berlinTime(2017, 11, 1);
    const ovl = makeOvl({ start: OCT, end: NOV, periodSeconds: 900 });
    const amount = (31 * 96 + 4) * 10;
    const gatewayRegister = makeDerivedRegister('0100010801ff', [
      { t: OCT, value: 0 },
      { t: NOV, value: amount },
    ]);
    const taf1Device = write('taf1-with-registers.xml', makeDevice([ovl, gatewayRegister]), 'device');
    const taf1Supplier = write(
      'taf1-supplier.xml',
      makeSupplier(makeProfile({ taf: 1, start: OCT, duration: (NOV - OCT) / 1000, stages: [{ tariffNumber: 1, obis: '0100010801ff' }], dayProfiles: [{ dayId: 1, tariffs: Array.from({ length: 96 }, () => 1) }] })),
      'supplier',
    );
    // TRuDI-identical (default): refused.
    const refused = await runCli(['taf', '--device', taf1Device, '--supplier', taf1Supplier, '--json']);
    expect(refused.code).not.toBe(0);
    expect(JSON.parse(refused.stdout).error.code).toBe('TAF1_NOT_ONLY_OVL');
    const own = await runCli(['taf', '--device', taf1Device, '--supplier', taf1Supplier, '--json', '--own-view']);
    expect(own.code).toBe(0);
    const result = JSON.parse(own.stdout);
    expect(result.notTrudiIdentical.trudiVerdict.code).toBe('TAF1_NOT_ONLY_OVL');
    expect(result.registers).toEqual([{ obis: '1-0:1.8.1*255', tariffNumber: 1, amount, scaler: -1, unit: 'Wh' }]);
    expect(result.gatewayComparison).toEqual([expect.objectContaining({ obis: '1-0:1.8.1*255', recomputed: amount, gateway: amount, status: 'equal' })]);
    const text = await runCli(['taf', '--device', taf1Device, '--supplier', taf1Supplier, '--own-view']);
    expect(text.stdout.split('\n').slice(1, 3)).toEqual([
      'NOT TRuDI-IDENTICAL. TRuDI: For TAF-1 every value list must be an original value list; 1-0:1.8.1*255 is not. [TAF1_NOT_ONLY_OVL]',
      "Own view, not TRuDI-identical: TRuDI refuses this check. Recomputed from the original value lists only (1-0:1.8.0*255); the gateway's registers (1-0:1.8.1*255) stand beside it and take no part in the computation.",
    ]);
    // With prices the cost block is labelled as well: it is the cost of the own view.
    const pricesPath = join(dir, 'taf1-prices.json');
    writeFileSync(pricesPath, JSON.stringify({ energyPerKwh: { '1.8.1': '0.30' } }));
    const priced = (await runCli(['taf', '--device', taf1Device, '--supplier', taf1Supplier, '--own-view', '--prices', pricesPath])).stdout.split('\n');
    const heading = priced.find((l) => l.startsWith('Cost (EUR'));
    expect(heading).toMatch(/\) — own view \/ not TRuDI-identical$/);
    expect(priced[priced.indexOf(heading!) + 1]).toMatch(/^ {2}1-0:1\.8\.1\*255 {2}\d/);
  });

  it('--prices on a TRuDI-identical check: the cost block carries no own-view label', async () => {
    const pricesPath = join(dir, 'plain-prices.json');
    writeFileSync(pricesPath, JSON.stringify({ energyPerKwh: { '1.8.1': '0.30', '1.8.2': '0.20', '1.8.63': '0.30' } }));
    const text = (await runCli(['taf', '--device', devicePath, '--supplier', supplierPath, '--prices', pricesPath])).stdout;
    expect(text).toMatch(/^Cost \(EUR, .*\)$/m);
    expect(text).not.toContain('own view');
  });

  it('rejects bad usage', async () => {
    expect((await runCli(['taf', '--device', devicePath])).code).toBe(2);
    expect((await runCli(['taf', '--device', devicePath, '--supplier', supplierPath, '--taf', '3'])).code).toBe(2);
  });
});

describe('trudi consumption', () => {
  it('prints day/week/month/year series and statuses as JSON, limited by --from/--to', async () => {
    const { code, stdout } = await runCli(['consumption', devicePath, '--json', '--from', '2019-03-31', '--to', '2019-04-01']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.day).toEqual([
      { start: '2019-03-31T00:00:00+01:00', end: '2019-04-01T00:00:00+02:00', import: 0.092, export: null, net: 0.092, importRaw: 920, exportRaw: null },
    ]);
    expect(out.days[0]).toMatchObject({ date: '2019-03-31', hours: 23, gaps: 1, level: 'warning' });
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['day', 'week', 'month', 'year', 'billingMonths', 'days', 'totals']));
    // Totals from the register over the window: the readings used (capture times) and the coverage.
    expect(out.totals).toMatchObject({ import: 0.092, export: null, net: 0.092, from: '2019-03-31T00:00:02+01:00', to: '2019-04-01T00:00:02+02:00' });
    expect(out.totals.coverage).toBeGreaterThan(0);
    expect(out.totals.coverage).toBeLessThan(1);
  });

  it('prints tables without --json and explains bad input', async () => {
    const text = await runCli(['consumption', devicePath]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Months (kWh)');
    expect(text.stdout).toMatch(/Totals \(register difference, kWh\): import \d+\.\d{3}/);
    const bad = await runCli(['consumption', devicePath, '--from', '31.02.2019']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--from: "31.02.2019" has no valid day (31; the month has 28 days)');
    // zone-less German dates and wall times are Berlin time
    const german = JSON.parse((await runCli(['consumption', devicePath, '--json', '--from', '31.03.2019', '--to', '2019-04-01T00:00'])).stdout);
    const iso = JSON.parse((await runCli(['consumption', devicePath, '--json', '--from', '2019-03-31T00:00:00+01:00', '--to', '2019-04-01T00:00:00+02:00'])).stdout);
    expect(german).toEqual(iso);
    const noReadings = await runCli(['consumption', supplierPath, '--json']);
    expect(noReadings.code).toBe(1);
    expect(JSON.parse(noReadings.stdout).error.code).toBe('NO_METER_READINGS');
  });
});

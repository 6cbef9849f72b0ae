/** checkBill with prices: checked before the work starts, the cost of the bill check on the result. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFORMANCE_SKIP_REASON, HAS_CONFORMANCE, conformancePath } from '../testing/conformance';
import { Engine } from './engine';

const base64 = (path: string) => readFileSync(conformancePath(path)).toString('base64');

describe.skipIf(!HAS_CONFORMANCE)(`Engine.checkBill with prices ${HAS_CONFORMANCE ? '' : CONFORMANCE_SKIP_REASON}`, () => {
  it('prices the registers of a golden case and refuses a bad price naming the field before any work', async () => {
    const engine = new Engine();
    const readout = await engine.openFile({ name: 'device.xml', contentBase64: base64('trudi/taf2/result_single_day_2h-gap.xml') });
    const supplier = { name: 'supplier.xml', contentBase64: base64('trudi/taf2/supplier_single_day.xml') };

    const plain = await engine.checkBill({ readoutId: readout.readoutId, supplier });
    expect(plain.cost).toBeUndefined();

    const priced = await engine.checkBill({
      readoutId: readout.readoutId,
      supplier,
      prices: { energyPerKwh: { '1.8.1': '12,3456', '1.8.2': 9.87, '1.8.63': '10' }, basePricePerYear: '119,88' },
    });
    // 0.031 kWh × 12.3456 = 0.3827… → 0.38; 0.056 × 9.87 = 0.55272 → 0.55; 0.009 × 10 = 0.09; 119.88 / 365 = 0.3284… → 0.33
    expect(priced.cost!.lines.map((l) => [l.obis, l.energyKwh, l.cost])).toEqual([
      ['1-0:1.8.1*255', '0.031', '0.38'],
      ['1-0:1.8.2*255', '0.056', '0.55'],
      ['1-0:1.8.63*255', '0.009', '0.09'],
    ]);
    expect(priced.cost).toMatchObject({ energyTotal: '1.02', total: '1.35', complete: true, base: { days: 1, share: '0.33' } });
    expect(priced.registers).toEqual(plain.registers);

    const events: string[] = [];
    const stop = engine.onProgress((e) => events.push(e.message));
    await expect(engine.checkBill({ readoutId: readout.readoutId, supplier, prices: { energyPerKwh: { '1.8.1': 'viel' } }, operationId: 'bad' })).rejects.toMatchObject({
      code: 'BAD_PRICES',
      en: expect.stringContaining('prices: energyPerKwh["1.8.1"]: "viel" is not an amount in EUR'),
      de: expect.stringContaining('„viel“ ist kein Betrag in EUR'),
    });
    await expect(engine.checkBill({ readoutId: readout.readoutId, supplier, prices: 'cheap' as never })).rejects.toMatchObject({ code: 'BAD_PRICES' });
    stop();
    expect(events).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine';
import { berlinTime } from '../model/time/berlin';
import { CONFORMANCE_SKIP_REASON, HAS_CONFORMANCE, conformancePath } from '../testing/conformance';
import { gatewayRegisters } from './gateway-registers';
import { makeDerivedRegister, makeDevice, makeOvl } from './testing/fixtures';
import { runCli } from './testing/run-cli';

const month = (m: number) => berlinTime(2019, m, 1);

describe("the gateway's own registers", () => {
  it('stages that add up to the total agree; a stage off by 7 raw units (0.7 Wh at scaler −1) is reported with the difference', () => {
    const total = makeDerivedRegister('0100010800ff', [{ t: month(1), value: 1000 }, { t: month(2), value: 1600 }]);
    const t1 = makeDerivedRegister('0100010801ff', [{ t: month(1), value: 700 }, { t: month(2), value: 1100 }]);
    const t2 = makeDerivedRegister('0100010802ff', [{ t: month(1), value: 300 }, { t: month(2), value: 507 }]);
    const report = gatewayRegisters(makeDevice([makeOvl({ start: month(1), end: berlinTime(2019, 1, 2), periodSeconds: 900 }), total, t1, t2]));
    expect(report.registers.map((r) => r.obis)).toEqual(['1-0:1.8.0*255', '1-0:1.8.1*255', '1-0:1.8.2*255']);
    const sums = report.checks.filter((c) => c.kind === 'sumOfStages');
    expect(sums.map((c) => c.difference)).toEqual([0, -0.0007]);
    expect(report.disagreements).toBe(1);
  });

  it('a read-out with original value lists only has no registers and nothing to check', () => {
    const report = gatewayRegisters(makeDevice([makeOvl({ start: month(1), end: berlinTime(2019, 1, 2), periodSeconds: 900 })]));
    expect(report).toMatchObject({ registers: [], checks: [], disagreements: 0 });
  });
});

describe.skipIf(!HAS_CONFORMANCE)("the gateway's own registers in TRuDI's TAF-2 sample", () => {
  const file = HAS_CONFORMANCE ? conformancePath('trudi/samples/IF_Adapter_TRuDI_DatenTAF2.xml') : '';

  it('shows the four TAF-2 registers, the list whose obisCode and logical name disagree, and stages 3 Wh short of the total', async () => {
    const r = await runCli(['registers', file, '--json']);
    expect(r.code).toBe(1);
    const { usagePoints, disagreements } = JSON.parse(r.stdout) as { usagePoints: ReturnType<typeof gatewayRegisters>[]; disagreements: number };
    expect(disagreements).toBe(2);
    const [up] = usagePoints;
    expect(up!.registers.map((l) => [l.obis, l.tafId, l.readings.map((x) => x.raw)])).toEqual([
      ['1-0:1.8.0*255', 'TAF-2-ID', [118]],
      ['1-0:1.8.1*255', 'TAF-2-ID', [50]],
      ['1-0:1.8.1*255', 'TAF-2-ID', [65]],
      ['1-0:1.8.63*255', 'TAF-2-ID', [0]],
    ]);
    expect(up!.checks).toContainEqual({ kind: 'obisMismatch', meterReadingId: 'DE00000000000000000000000000000001', obisCode: '1-0:1.8.1*255', qualifiedLogicalName: '0100010802ff.TAF-2-ID.sm' });
    expect(up!.checks.find((c) => c.kind === 'sumOfStages')).toMatchObject({ sum: 0.115, total: { value: 0.118 }, difference: 0.003, unit: 'kWh' });
    const text = await runCli(['registers', file]);
    expect(text.stdout).toContain('differs by 0.003 kWh');
  });

  it('the engine gives the same report for the opened file (getGatewayRegisters)', async () => {
    const engine = new Engine();
    const summary = await engine.openFile({ name: 'taf2.xml', contentBase64: readFileSync(file).toString('base64') });
    const [report] = await engine.getGatewayRegisters({ readoutId: summary.readoutId });
    expect(report!.registers).toHaveLength(4);
    expect(report!.disagreements).toBe(2);
    await expect(engine.getGatewayRegisters({ readoutId: summary.readoutId, usagePointId: 'nope' })).rejects.toMatchObject({ code: expect.any(String) });
  });
});

if (!HAS_CONFORMANCE) describe.skip(`TRuDI's TAF-2 sample: ${CONFORMANCE_SKIP_REASON}`, () => {});

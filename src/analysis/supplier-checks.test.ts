import { describe, expect, it } from 'vitest';
import { berlinTime } from '../model/time/berlin';
import { computeConsumption } from './consumption';
import { AnalysisError } from './errors';
import { checkCalendar, checkIdentity } from './supplier-checks';
import { computeTaf2 } from './taf2';
import { makeDevice, makeOvl, makeProfile, makeSupplier, twoTariffDay } from './testing/fixtures';

const D0 = berlinTime(2020, 2, 27);
const stages = (n: number) => Array.from({ length: n }, (_, i) => ({ tariffNumber: i + 1, obis: `01000108${(i + 1).toString(16).padStart(2, '0')}ff` }));

describe('supplier file against device data', () => {
  const profile = makeProfile({ start: D0, duration: 3 * 86400, stages: stages(2), dayProfiles: [{ dayId: 1, tariffs: twoTariffDay(1, 2, 6, 22) }] });

  it('accepts a matching pair (smgwId case-insensitive) and names each mismatch in German and English', () => {
    const device = makeDevice([]);
    expect(checkIdentity(device, makeSupplier(profile, { smgw: { certIds: [], smgwId: 'eppc0212345678', firmwareComponents: [] } }), profile)).toEqual([]);
    const findings = checkIdentity(device, makeSupplier(profile, { invoicingPartyId: 'other', serviceCategory: 1 }), { ...profile, tariffId: 'x' });
    expect(findings.map((f) => f.code)).toEqual(['supplier.invoicing-party', 'supplier.service-category', 'supplier.tariff-id']);
    expect(findings[0]!.de).toContain('Rechnungssteller');
    expect(findings[0]!.en).toContain('invoicing party');
  });

  it('checks the calendar: 96 slots, known tariffs and day profiles, every day of the period (leap day included)', () => {
    expect(checkCalendar(profile)).toEqual([]);
    const broken = structuredClone(profile);
    broken.dayProfiles[0]!.dayTimeProfiles.splice(40, 2);
    broken.dayProfiles[0]!.dayTimeProfiles[0]!.tariffNumber = 9;
    broken.specialDayProfiles = broken.specialDayProfiles.filter((s) => s.day !== 29);
    broken.specialDayProfiles.push({ year: 2020, month: 3, day: 1, dayId: 7 });
    const codes = checkCalendar(broken).map((f) => f.code);
    expect(codes).toEqual(['supplier.unknown-tariff', 'supplier.day-profile-slots', 'supplier.unknown-day-profile', 'supplier.missing-day']);
    expect(checkCalendar(broken).find((f) => f.code === 'supplier.missing-day')!.de).toBe('Tagesprofil für Tag 29.02.2020 nicht vorhanden.');
    expect(checkCalendar(broken).find((f) => f.code === 'supplier.day-profile-slots')!.en).toContain('first 10:00');
  });

  it('allows at most 20 tariff stages besides the error register', () => {
    const many = makeProfile({ start: D0, duration: 86400, stages: [...stages(21), { tariffNumber: 63, obis: '010001083fff' }], dayProfiles: [{ dayId: 1, tariffs: twoTariffDay(1, 2, 6, 22) }] });
    expect(checkCalendar(many).map((f) => f.code)).toEqual(['supplier.too-many-stages']);
  });

  it('refuses billing periods of zero length or longer than three years without looping over them', () => {
    const device = makeDevice([makeOvl({ start: D0, end: D0 + 86_400_000, periodSeconds: 900 })]);
    for (const duration of [0, -5, 1e12]) {
      const p = { ...profile, billingPeriod: { start: D0, duration } };
      expect(checkCalendar(p).map((f) => f.code)).toEqual(['supplier.period-length']);
      expect(() => computeTaf2(device, makeSupplier(p))).toThrow(expect.objectContaining({ code: 'INVALID_SUPPLIER_FILE' }));
    }
  });

  it('refuses to compute with a day profile that uses a tariff without stage', () => {
    const bad = makeProfile({ start: D0, duration: 86400, stages: stages(2), dayProfiles: [{ dayId: 1, tariffs: twoTariffDay(1, 5, 6, 22) }] });
    const device = makeDevice([makeOvl({ start: D0, end: D0 + 86_400_000, periodSeconds: 900 })]);
    expect(() => computeTaf2(device, makeSupplier(bad))).toThrow(AnalysisError);
  });
});

describe('readings without any status', () => {
  it('are not usable and counted separately', () => {
    const ovl = makeOvl({ start: D0, end: D0 + 86_400_000, periodSeconds: 900 });
    const last = ovl.intervalBlocks[0]!.readings.at(-1)!;
    delete last.statusPTB;
    delete ovl.intervalBlocks[0]!.readings[5]!.statusPTB;
    const report = computeConsumption(makeDevice([ovl]));
    expect(report.day[0]!.incomplete![0]!.code).toBe('unusable-reading');
    expect(report.days[0]!.channels[0]).toMatchObject({ values: 96, ok: 95, noStatus: 1, level: 'critical' });
    const withStatus = computeConsumption(makeDevice([makeOvl({ start: D0, end: D0 + 86_400_000, periodSeconds: 900, status: (t) => (t === D0 + 3_600_000 ? 3 : 0) })]));
    expect(withStatus.days[0]!.channels[0]).toMatchObject({ critical: 1, noStatus: 0, level: 'critical' });
  });
});

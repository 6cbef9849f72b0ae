/** The first page: the result at a glance, and who and what the report is about. */
import { isErrorRegister } from '../../model/obis';
import { formatObis } from '../../analysis/model-access';
import type { Block, StatusLineBlock } from './blocks';
import { costSummaryLine } from './cost';
import { billedDifference } from './registers';
import { completeness } from './status';
import { quantity, type SectionContext } from './context';
import { isTestChain, signatureCounts } from './signatures';

export function summaryBlocks(ctx: SectionContext): Block[] {
  const { facts, t, f } = ctx;
  const lines: StatusLineBlock[] = [];
  const rows = [...facts.registers, ...facts.totals];

  if (facts.tafError) lines.push({ kind: 'status', tone: 'error', text: t(`Nachberechnung nicht möglich: ${facts.tafError.de}`, `Recomputation not possible: ${facts.tafError.en}`) });
  else if (facts.taf) {
    lines.push({
      kind: 'status',
      tone: 'info',
      text: t(
        `Die ${facts.taf.registers.length} Tarifregister (TAF-${facts.taf.taf}) wurden aus den Messwerten nachgerechnet, ${f.dateTime(facts.begin)} bis ${f.dateTime(facts.end)}.`,
        `The ${facts.taf.registers.length} tariff registers (TAF-${facts.taf.taf}) were recomputed from the readings, ${f.dateTime(facts.begin)} to ${f.dateTime(facts.end)}.`,
      ),
    });
  } else {
    lines.push({
      kind: 'status',
      tone: 'info',
      text: t(
        'Ohne Tarifdatei des Lieferanten: Der Bericht zeigt die Zählerstände und Verbräuche des Zeitraums; Tarifregister werden nicht nachgerechnet.',
        "Without the supplier's tariff file: the report shows the meter readings and consumption of the range; tariff registers are not recomputed.",
      ),
    });
  }

  const compared = rows.filter((r) => r.gateway !== null && r.recomputed !== null);
  const differing = compared.filter((r) => r.gateway !== r.recomputed);
  if (compared.length > 0) {
    lines.push(
      differing.length === 0
        ? { kind: 'status', tone: 'ok', text: t(`Alle ${compared.length} Register des Gateways stimmen mit der Nachberechnung überein.`, `All ${compared.length} gateway registers equal the recomputation.`) }
        : { kind: 'status', tone: 'error', text: t(`${differing.length} von ${compared.length} Registern des Gateways weichen von der Nachberechnung ab: ${differing.map((r) => r.obis).join(', ')}.`, `${differing.length} of ${compared.length} gateway registers differ from the recomputation: ${differing.map((r) => r.obis).join(', ')}.`) },
    );
  }

  const costLine = costSummaryLine(ctx);
  if (costLine) lines.push(costLine);

  const billed = rows.filter((r) => r.billed);
  if (billed.length > 0) {
    const off = billed.filter((r) => billedDifference(r) !== 0);
    lines.push(
      off.length === 0
        ? { kind: 'status', tone: 'ok', text: t(`Alle ${billed.length} Rechnungswerte stimmen mit der Nachberechnung überein.`, `All ${billed.length} billed values equal the recomputation.`) }
        : {
            kind: 'status',
            tone: 'error',
            text: t(
              `${off.length} von ${billed.length} Rechnungswerten weichen ab oder sind nicht nachrechenbar: ${off.map((r) => `${r.obis} ${r.recomputed === null ? '(nicht nachrechenbar)' : `${f.signed(billedDifference(r)!, r.billed!.decimals)} ${r.unit}`}`).join('; ')}.`,
              `${off.length} of ${billed.length} billed values differ or cannot be recomputed: ${off.map((r) => `${r.obis} ${r.recomputed === null ? '(not recomputable)' : `${f.signed(billedDifference(r)!, r.billed!.decimals)} ${r.unit}`}`).join('; ')}.`,
            ),
          },
    );
  }

  for (const r of rows.filter((x) => isErrorRegister(x.obis))) {
    const value = r.recomputed ?? 0;
    lines.push(
      value === 0
        ? { kind: 'status', tone: 'ok', text: t(`Fehlerregister ${r.obis}: ${quantity(ctx, 0, r.decimals, r.unit)} (alle Energie ist einem Tarif zugeordnet).`, `Error register ${r.obis}: ${quantity(ctx, 0, r.decimals, r.unit)} (all energy is assigned to a tariff).`) }
        : { kind: 'status', tone: 'warning', text: t(`Fehlerregister ${r.obis}: ${quantity(ctx, value, r.decimals, r.unit)} ohne sichere Tarifzuordnung.`, `Error register ${r.obis}: ${quantity(ctx, value, r.decimals, r.unit)} without a certain tariff.`) },
    );
  }

  const c = completeness(ctx);
  if (c) lines.push(c.summary);

  const v = facts.verification;
  if (v) {
    const counts = signatureCounts(v);
    const test = isTestChain(ctx);
    const tone = v.invalid > 0 ? 'error' : v.valid > 0 && v.valid === counts.signed && !test && v.chain.status === 'valid' ? 'ok' : 'warning';
    lines.push({
      kind: 'status',
      tone,
      text:
        counts.signed === 0
          ? t('Die Messwerte tragen keine Signaturen des Gateways.', 'The readings carry no gateway signatures.')
          : t(
              `Signaturen: ${f.number(v.valid, 0)} gültig, ${f.number(v.invalid, 0)} ungültig, ${f.number(v.notCheckable, 0)} nicht prüfbar von ${f.number(counts.signed, 0)} signierten Messwerten${test ? ' – TEST-PKI, kein Nachweis' : ''}.`,
              `Signatures: ${f.number(v.valid, 0)} valid, ${f.number(v.invalid, 0)} invalid, ${f.number(v.notCheckable, 0)} not checkable of ${f.number(counts.signed, 0)} signed readings${test ? ' – TEST PKI, not evidence' : ''}.`,
            ),
    });
  } else {
    lines.push({ kind: 'status', tone: 'warning', text: t(`Die Signaturen konnten nicht geprüft werden: ${facts.verificationError ?? ''}`, `The signatures could not be checked: ${facts.verificationError ?? ''}`) });
  }

  const errors = facts.taf?.checks.filter((c) => c.severity === 'error').length ?? 0;
  if (errors > 0) {
    lines.push({
      kind: 'status',
      tone: 'warning',
      text: t(`${errors} Hinweis(e) zu Lieferantendatei und Gerätedaten, siehe „Vollständigkeit und Hinweise“.`, `${errors} finding(s) about the supplier file and the device data, see "Completeness and findings".`),
    });
  }
  return [{ kind: 'heading', level: 1, text: t('Ergebnis auf einen Blick', 'Result at a glance') }, ...lines];
}

export function identityBlocks(ctx: SectionContext): Block[] {
  const { facts, t, f, input } = ctx;
  const up = facts.usagePoint;
  const gw = up.smgw;
  const meters = new Map<string, string[]>();
  for (const mr of up.meterReadings) {
    const list = meters.get(mr.meterId) ?? [];
    list.push(formatObis(mr.readingType.obisCode));
    meters.set(mr.meterId, list);
  }
  const profile = facts.supplierPoint?.analysisProfile;
  const source =
    input.source === 'gateway'
      ? t('Auslesung des Gateways über die HAN-Schnittstelle', 'read from the gateway over its HAN port')
      : input.source === 'demo'
        ? t('erzeugte Demodaten', 'generated demo data')
        : t('Datei', 'file');
  const factsList = [
    { label: t('Letztverbraucher (Kunden-ID)', 'Consumer (customer id)'), value: up.customerId || '—', mono: true },
    { label: t('Lieferant / Rechnungssteller', 'Supplier (invoicing party)'), value: supplierText(ctx) || '—', mono: true },
    { label: t('Zählpunkt', 'Metering point'), value: up.usagePointId || '—', mono: true },
    {
      label: t('Smart-Meter-Gateway', 'Smart meter gateway'),
      value: [gw.smgwId || '—', gw.manufacturer, gw.firmwareVersion ? `${t('Firmware', 'firmware')} ${gw.firmwareVersion}` : undefined].filter(Boolean).join(' · '),
    },
    {
      label: t('Zähler', 'Meters'),
      value: [...meters].map(([id, obis]) => `${id} (${obis.join(', ')})`).join('\n') || '—',
      mono: true,
    },
    { label: t('Vertrag (Tarifbezeichnung)', 'Contract (tariff name)'), value: [up.tariffName, profile && profile.tariffId !== up.tariffName ? `${t('Lieferantendatei', 'supplier file')}: ${profile.tariffId}` : undefined].filter(Boolean).join(' · ') || '—' },
    { label: t('Tarifanwendungsfall', 'Tariff use case'), value: profile ? `TAF-${profile.tariffUseCase}${tafName(ctx, profile.tariffUseCase)}` : t('keine Lieferantendatei', 'no supplier file') },
    {
      label: facts.billingPeriod ? t('Abrechnungszeitraum', 'Billing period') : t('Zeitraum', 'Period'),
      value: facts.billingPeriod ? `${f.dateTime(facts.billingPeriod.start)} – ${f.dateTime(facts.billingPeriod.end)}` : `${f.dateTime(facts.begin)} – ${f.dateTime(facts.end)} ${t('(Zeitraum der Messwerte)', '(range of the readings)')}`,
    },
    { label: t('Ausgewertete Messwerte', 'Readings used'), value: `${f.dateTime(facts.begin)} – ${f.dateTime(facts.end)}` },
    { label: t('Gerätedaten', 'Device data'), value: `${facts.device.fileName} (${source}, ${f.bytes(facts.device.size)})` },
  ];
  if (facts.supplier) factsList.push({ label: t('Tarifdatei des Lieferanten', 'Supplier tariff file'), value: `${facts.supplier.fileName} (${f.bytes(facts.supplier.size)})` });
  factsList.push({ label: t('Zeitangaben', 'Times'), value: t('gesetzliche Zeit (Europe/Berlin), unabhängig von der Zeitzone des Rechners', 'legal time (Europe/Berlin), whatever the time zone of the computer') });
  return [{ kind: 'heading', level: 1, text: t('Wer und was', 'Parties and devices') }, { kind: 'facts', facts: factsList }];
}

function supplierText(ctx: SectionContext): string {
  const device = ctx.facts.usagePoint.invoicingPartyId;
  const supplier = ctx.facts.supplierPoint?.invoicingPartyId;
  if (supplier && device && supplier !== device) return `${device} (${ctx.t('Gerätedaten', 'device data')}) · ${supplier} (${ctx.t('Lieferantendatei', 'supplier file')})`;
  return device || supplier || '';
}

function tafName(ctx: SectionContext, taf: number): string {
  const names: Record<number, [string, string]> = {
    1: ['datensparsamer Tarif', 'data-saving tariff'],
    2: ['zeitvariabler Tarif', 'time-variable tariff'],
    6: ['Ablesung auf Abruf', 'read-out on demand'],
    7: ['Zählerstandsgang', 'load profile'],
  };
  const name = names[taf];
  return name ? ` (${ctx.t(name[0], name[1])})` : '';
}

/**
 * The registers: per register the gateway's value, the recomputed value and the billed value, and in plain
 * language what each difference means.
 */
import { isErrorRegister } from '../../model/obis';
import type { RegisterRow } from '../register-rows';
import type { Block, TableRow } from './blocks';
import { quantity, registerLabel, type SectionContext } from './context';

export function registerBlocks(ctx: SectionContext): Block[] {
  const { facts, t } = ctx;
  const blocks: Block[] = [{ kind: 'heading', level: 1, text: t('Register', 'Registers') }];
  if (facts.tafError) {
    blocks.push({ kind: 'notice', tone: 'error', title: t('Nachberechnung nicht möglich', 'Recomputation not possible'), text: ctx.pick(facts.tafError) });
  }
  blocks.push({
    kind: 'paragraph',
    small: true,
    text: facts.taf
      ? t(
          `Nachgerechnet: die Tarifregister aus den Messwerten der Originalwerteliste mit dem Tarifkalender der Lieferantendatei (TAF-${facts.taf.taf}), für ${ctx.f.dateTime(facts.begin)} bis ${ctx.f.dateTime(facts.end)}. Gateway: die Register, die das Gateway selbst gebildet hat, über denselben Zeitraum. Rechnung: die Werte, die Sie von Ihrer Rechnung eingegeben haben.`,
          `Recomputed: the tariff registers from the readings of the original value list with the tariff calendar of the supplier file (TAF-${facts.taf.taf}), for ${ctx.f.dateTime(facts.begin)} to ${ctx.f.dateTime(facts.end)}. Gateway: the registers the gateway formed itself, over the same range. Bill: the values you entered from your bill.`,
        )
      : t(
          `Ohne Tarifdatei des Lieferanten: „nachgerechnet“ ist hier der Zählerstand am Ende minus dem am Beginn des Zeitraums (${ctx.f.dateTime(facts.begin)} bis ${ctx.f.dateTime(facts.end)}); Tarifregister lassen sich erst mit der Lieferantendatei nachrechnen.`,
          `Without the supplier's tariff file: "recomputed" here is the meter reading at the end minus the one at the start of the range (${ctx.f.dateTime(facts.begin)} to ${ctx.f.dateTime(facts.end)}); tariff registers can only be recomputed with the supplier file.`,
        ),
  });
  const anyBilled = [...facts.registers, ...facts.totals].some((r) => r.billed);
  const columns = [
    { header: t('Register', 'Register'), width: 2.3 },
    { header: 'OBIS', width: 1.5, mono: true },
    { header: t('Gateway', 'Gateway'), width: 1.35, align: 'right' as const },
    { header: t('Nachgerechnet', 'Recomputed'), width: 1.35, align: 'right' as const },
    { header: t('Rechnung', 'Bill'), width: 1.2, align: 'right' as const },
    { header: t('Rechnung − nachgerechnet', 'Bill − recomputed'), width: 1.35, align: 'right' as const },
  ];
  const row = (r: RegisterRow, bold = false): TableRow => ({
    cells: [
      registerLabel(ctx, r),
      r.obis,
      quantity(ctx, r.gateway, r.decimals, r.unit),
      quantity(ctx, r.recomputed, r.decimals, r.unit),
      r.billed ? `${ctx.f.number(r.billed.value, r.billed.decimals)} ${r.unit}` : '—',
      billedDifferenceCell(ctx, r),
    ],
    bold,
    ...(rowTone(r) ? { tone: rowTone(r)! } : {}),
  });
  blocks.push({
    kind: 'table',
    id: 'registers',
    columns,
    rows: facts.registers.map((r) => row(r)),
    ...(facts.totals.length ? { footer: facts.totals.map((r) => row(r, true)) } : {}),
    empty: t('Keine Register: Die Gerätedaten enthalten keine Messwerte im Zeitraum.', 'No registers: the device data hold no readings in the range.'),
  });
  if (!anyBilled) {
    blocks.push({
      kind: 'paragraph',
      small: true,
      text: t(
        'Keine Rechnungswerte eingegeben: Tragen Sie die Werte Ihrer Rechnung ein (App: Rechnungsprüfung; Kommandozeile: --billed "1-0:1.8.1*255=1234,5"), dann vergleicht der Bericht sie mit der Nachberechnung.',
        'No billed values entered: enter the values of your bill (app: bill check; command line: --billed "1-0:1.8.1*255=1234.5") and the report compares them with the recomputation.',
      ),
    });
  }
  blocks.push(...explanations(ctx));
  return blocks;
}

function rowTone(r: RegisterRow): 'error' | 'warning' | undefined {
  if (r.billed && r.recomputed !== null && billedDifference(r) !== 0) return 'error';
  if (r.gateway !== null && r.recomputed !== null && r.gateway !== r.recomputed) return 'error';
  if (isErrorRegister(r.obis) && (r.recomputed ?? 0) !== 0) return 'warning';
  return undefined;
}

/** Billed minus recomputed, the recomputed value rounded to the decimals the bill shows. */
export function billedDifference(r: RegisterRow): number | null {
  if (!r.billed || r.recomputed === null) return null;
  const decimals = r.billed.decimals;
  const rounded = Number(r.recomputed.toFixed(decimals));
  return Number((r.billed.value - rounded).toFixed(decimals));
}

function billedDifferenceCell(ctx: SectionContext, r: RegisterRow): string {
  const diff = billedDifference(r);
  if (diff === null) return '—';
  return diff === 0 ? ctx.t('0 (stimmt)', '0 (equal)') : `${ctx.f.signed(diff, r.billed!.decimals)} ${r.unit}`;
}

function explanations(ctx: SectionContext): Block[] {
  const { facts, t, f } = ctx;
  const blocks: Block[] = [];
  const rows = [...facts.registers, ...facts.totals];
  const lines: Block[] = [];
  for (const r of rows) {
    const label = `${registerLabel(ctx, r)} (${r.obis})`;
    const diff = billedDifference(r);
    if (r.billed && r.recomputed === null) {
      lines.push({
        kind: 'status',
        tone: 'warning',
        text: t(
          `${label}: Die Rechnung nennt ${f.number(r.billed.value, r.billed.decimals)} ${r.unit}; nachrechnen lässt sich dieses Register nicht (${missingText(ctx, r)}).`,
          `${label}: the bill states ${f.number(r.billed.value, r.billed.decimals)} ${r.unit}; this register cannot be recomputed (${missingText(ctx, r)}).`,
        ),
      });
    } else if (r.billed && diff === 0) {
      lines.push({
        kind: 'status',
        tone: 'ok',
        text: t(
          `${label}: Die Rechnung nennt ${f.number(r.billed.value, r.billed.decimals)} ${r.unit}. Das stimmt mit der Nachberechnung überein (${f.number(r.recomputed!, r.decimals)} ${r.unit}, auf die Stellen der Rechnung gerundet).`,
          `${label}: the bill states ${f.number(r.billed.value, r.billed.decimals)} ${r.unit}. This equals the recomputation (${f.number(r.recomputed!, r.decimals)} ${r.unit}, rounded to the bill's decimals).`,
        ),
      });
    } else if (r.billed && diff !== null) {
      const more = diff > 0;
      const amount = `${f.number(Math.abs(diff), r.billed.decimals)} ${r.unit}`;
      const share = r.recomputed ? ` (${f.percent((Math.abs(diff) / Math.abs(r.recomputed)) * 100, 1)})` : '';
      const what =
        r.direction === 'export'
          ? t(`${more ? 'mehr' : 'weniger'} Einspeisung, als die Messwerte ergeben`, `${more ? 'more' : 'less'} feed-in than the readings give`)
          : t(`${more ? 'mehr' : 'weniger'} Energie berechnet, als die Messwerte ergeben`, `${more ? 'more' : 'less'} energy billed than the readings give`);
      lines.push({
        kind: 'status',
        tone: 'error',
        text: t(
          `${label}: Die Rechnung nennt ${f.number(r.billed.value, r.billed.decimals)} ${r.unit}, nachgerechnet sind ${f.number(r.recomputed!, r.decimals)} ${r.unit}. Das sind ${amount}${share} ${what}. Fragen Sie Ihren Lieferanten nach dem Grund (zum Beispiel ein anderer Abrechnungszeitraum, ein geschätzter Wert oder ein Ersatzwert) und nennen Sie dabei die Prüfsummen der Tarifdatei aus diesem Bericht.`,
          `${label}: the bill states ${f.number(r.billed.value, r.billed.decimals)} ${r.unit}, the recomputation gives ${f.number(r.recomputed!, r.decimals)} ${r.unit}. That is ${amount}${share} ${what}. Ask your supplier for the reason (for example a different billing period, an estimated value or a substitute value) and quote the tariff file's checksums from this report.`,
        ),
      });
    }
    if (r.gateway !== null && r.recomputed !== null && r.gateway !== r.recomputed) {
      const delta = r.gateway - r.recomputed;
      lines.push({
        kind: 'status',
        tone: 'error',
        text: t(
          `${label}: Das Gateway zeigt ${f.number(r.gateway, r.decimals)} ${r.unit}, die Nachberechnung ergibt ${f.number(r.recomputed, r.decimals)} ${r.unit} (Unterschied ${f.signed(delta, r.decimals)} ${r.unit}). Das Gateway bucht mit seinem eigenen Tarifprogramm; weicht es ab, passt meist der Tarifkalender der Lieferantendatei nicht zu dem im Gateway, oder an einem Tarifwechsel fehlen Werte.`,
          `${label}: the gateway shows ${f.number(r.gateway, r.decimals)} ${r.unit}, the recomputation gives ${f.number(r.recomputed, r.decimals)} ${r.unit} (difference ${f.signed(delta, r.decimals)} ${r.unit}). The gateway books with its own tariff program; a difference usually means the supplier file's calendar does not match the one in the gateway, or readings are missing at a tariff switch.`,
        ),
      });
    }
    if (isErrorRegister(r.obis) && (r.recomputed ?? 0) !== 0) {
      lines.push({
        kind: 'status',
        tone: 'warning',
        text: t(
          `Im Fehlerregister ${r.obis} stehen ${f.number(r.recomputed!, r.decimals)} ${r.unit}: Energie, die wegen fehlender oder unbrauchbarer Werte an einem Tarifwechsel keinem Tarif sicher zugeordnet werden konnte. Sie ist gemessen, aber keinem Tarif zugeordnet; wie sie abgerechnet wird, regelt Ihr Vertrag. Die Tage stehen unten in den Tageswerten und im Anhang.`,
          `The error register ${r.obis} holds ${f.number(r.recomputed!, r.decimals)} ${r.unit}: energy that could not be assigned to a tariff for certain because readings were missing or unusable at a tariff switch. It was measured but belongs to no tariff; your contract says how it is billed. The days are listed below in the daily values and in the appendix.`,
        ),
      });
    }
  }
  const gatewayMissing = facts.registers.filter((r) => r.gatewayMissing === 'not-delivered' && r.recomputed !== null);
  if (facts.taf && gatewayMissing.length === facts.registers.length && facts.registers.length > 0) {
    lines.push({
      kind: 'status',
      tone: 'info',
      text: t(
        'Das Gateway hat keine eigenen Tarifregister geliefert (nur die Messwerte der Originalwerteliste): Es gibt keinen Gateway-Wert zum Vergleich. Maßgeblich ist dann die Nachberechnung aus den signierten Messwerten.',
        'The gateway delivered no tariff registers of its own (only the readings of the original value list): there is no gateway value to compare. What counts then is the recomputation from the signed readings.',
      ),
    });
  }
  for (const billed of unmatchedBilled(ctx)) {
    lines.push({
      kind: 'status',
      tone: 'warning',
      text: t(
        `Der Rechnungswert für ${billed.obis} (${f.number(billed.value, billed.decimals)}) passt zu keinem Register dieses Berichts; prüfen Sie die OBIS-Kennzahl auf der Rechnung.`,
        `The billed value for ${billed.obis} (${f.number(billed.value, billed.decimals)}) matches no register of this report; check the OBIS code on the bill.`,
      ),
    });
  }
  if (lines.length > 0) blocks.push({ kind: 'heading', level: 2, text: t('Was die Unterschiede bedeuten', 'What the differences mean') }, ...lines);
  return blocks;
}

function unmatchedBilled(ctx: SectionContext) {
  const matched = new Set([...ctx.facts.registers, ...ctx.facts.totals].flatMap((r) => (r.billed ? [r.billed] : [])));
  return (ctx.input.billed ?? []).filter((b) => !matched.has(b));
}

function missingText(ctx: SectionContext, r: RegisterRow): string {
  if (r.recomputedMissing === 'needs-supplier-file') return ctx.t('dafür ist die Tarifdatei des Lieferanten nötig', 'that needs the supplier tariff file');
  if (Array.isArray(r.recomputedMissing)) return r.recomputedMissing.map((m) => ctx.pick(m)).join(' ');
  return ctx.t('kein Wert', 'no value');
}
